"""The progress ratio: observed over required compound annual growth (Open SDG's progress measure).

In decimal arithmetic of 50 digits, so that the thresholds are compared exactly: p = 0.95 is on track.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal

ON_TRACK = Decimal("0.95")
AT_RISK = Decimal("0.6")
_CONTEXT = Context(prec=50)
# what a row reports: p to 28 significant digits, without trailing zeros (0.95, not 0.9500…)
_SHOWN = Context(prec=28)


@dataclass(frozen=True, slots=True)
class Point:
    year: int
    value: Decimal


def _compound(a: Decimal, b: Decimal, years: int) -> Decimal:
    growth = _CONTEXT.power(_CONTEXT.divide(b, a), _CONTEXT.divide(Decimal(1), Decimal(years)))
    return _CONTEXT.subtract(growth, Decimal(1))


def _linear(a: Decimal, b: Decimal, years: int) -> Decimal:
    return _CONTEXT.divide(_CONTEXT.subtract(b, a), Decimal(years))


def rates(base: Point, latest: Point, target: Point) -> tuple[Decimal, Decimal]:
    """(observed, required) annual rates; compound, or linear for both when a value is ≤ 0."""
    rate = _compound if min(base.value, latest.value, target.value) > 0 else _linear
    observed = rate(base.value, latest.value, latest.year - base.year)
    required = rate(base.value, target.value, target.year - base.year)
    return observed, required


def ratio(base: Point, latest: Point, target: Point) -> Decimal | None:
    """p = observed rate / required rate; None when the target asks for no change at all."""
    observed, required = rates(base, latest, target)
    if not required:
        return None
    return _CONTEXT.divide(observed, required)


def shown(p: Decimal) -> Decimal:
    """p as a row reports it: 28 significant digits, trailing zeros dropped, never -0."""
    return _SHOWN.plus(p).normalize(_SHOWN) if p else Decimal(0)
