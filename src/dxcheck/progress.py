"""The progress ratio: observed over required compound annual growth (Open SDG's progress measure).

In decimal arithmetic of 50 digits, so that the thresholds are compared exactly: p = 0.95 is on track.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from functools import lru_cache

ON_TRACK = Decimal("0.95")
AT_RISK = Decimal("0.6")
_CONTEXT = Context(prec=50)
# what a row reports: p to 28 significant digits, without trailing zeros (0.95, not 0.9500…)
_SHOWN = Context(prec=28)


@dataclass(frozen=True, slots=True)
class Point:
    year: int
    value: Decimal


# Newton's steps: the first to 34 digits, the second to 50 with 10 guard digits
_STEPS = (Context(prec=34), Context(prec=60))


# small: the roots met again are nearly all those of one indicator's rows (a baseline, a latest
# figure); 65,536 entries of 50 digits held 14 MB through a national check for a few ms of CPU
@lru_cache(maxsize=1024)
def _root(x: Decimal, n: int) -> Decimal:
    """The n-th root of x > 0 to 50 digits.

    Context.power would do, at 70 µs a call: a tenth of a whole check of the benchmark repository.
    Newton's method in decimal takes 4 µs: a binary estimate only starts it (about 16 right digits),
    and each step doubles the digits that are right, so two steps give all 50. Many targets share
    a baseline and a span of years, hence the cache.
    """
    if n == 1:
        return x
    if n == 2:
        return _CONTEXT.sqrt(x)
    r = Decimal(float(x) ** (1 / n))
    for step in _STEPS:
        power = step.power(r, n - 1)
        r = step.subtract(r, step.divide(step.subtract(step.multiply(power, r), x), step.multiply(n, power)))
    return _CONTEXT.plus(r)


def _compound(a: Decimal, b: Decimal, years: int) -> Decimal:
    return _CONTEXT.subtract(_root(_CONTEXT.divide(b, a), years), Decimal(1))


def _linear(a: Decimal, b: Decimal, years: int) -> Decimal:
    return _CONTEXT.divide(_CONTEXT.subtract(b, a), Decimal(years))


def is_compound(*values: Decimal) -> bool:
    """Whether rates between these values compound: only when every one is above 0, else they are linear."""
    return min(values) > 0


def rate(start: Point, end: Point, compound: bool) -> Decimal:
    """The annual rate from `start` to `end`: compound ((b/a)^(1/years) − 1), or linear ((b − a)/years)."""
    return (_compound if compound else _linear)(start.value, end.value, end.year - start.year)


def rates(base: Point, latest: Point, target: Point) -> tuple[Decimal, Decimal]:
    """(observed, required) annual rates; compound, or linear for both when a value is ≤ 0."""
    compound = is_compound(base.value, latest.value, target.value)
    return rate(base, latest, compound), rate(base, target, compound)


def growing(start: Point, annual: Decimal, until: int, compound: bool) -> list[Point]:
    """The value of each year from `start` to `until` at a constant annual rate: the path a target
    requires, or where the current pace leads (28 significant digits: for drawing and showing)."""
    # year by year, one product (or sum) a year rather than a power: at 50 digits the rounding of
    # a dozen steps stays far below the 28 that are kept
    points = []
    value, factor = start.value, _CONTEXT.add(1, annual)
    for year in range(start.year, until + 1):
        points.append(Point(year, _SHOWN.plus(value)))
        value = _CONTEXT.multiply(value, factor) if compound else _CONTEXT.add(value, annual)
    return points


def ratio(base: Point, latest: Point, target: Point) -> Decimal | None:
    """p = observed rate / required rate; None when the target asks for no change at all."""
    return quotient(*rates(base, latest, target))


def quotient(observed: Decimal, required: Decimal) -> Decimal | None:
    """p from the two rates `rates` gives; None when the required rate is 0."""
    if not required:
        return None
    return _CONTEXT.divide(observed, required)


def shown(p: Decimal) -> Decimal:
    """p as a row reports it: 28 significant digits, trailing zeros dropped, never -0."""
    return _SHOWN.plus(p).normalize(_SHOWN) if p else Decimal(0)
