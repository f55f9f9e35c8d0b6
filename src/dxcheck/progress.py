"""The progress ratio: observed over required compound annual growth (Open SDG's progress measure)."""

from __future__ import annotations

from dataclasses import dataclass

ON_TRACK = 0.95
AT_RISK = 0.6


@dataclass(frozen=True, slots=True)
class Point:
    year: int
    value: float


def _compound(a: float, b: float, years: int) -> float:
    return float((b / a) ** (1 / years) - 1)


def _linear(a: float, b: float, years: int) -> float:
    return (b - a) / years


def rates(base: Point, latest: Point, target: Point) -> tuple[float, float]:
    """(observed, required) annual rates; compound, or linear when a value is ≤ 0."""
    rate = _compound if min(base.value, latest.value, target.value) > 0 else _linear
    observed = rate(base.value, latest.value, latest.year - base.year)
    required = rate(base.value, target.value, target.year - base.year)
    return observed, required


def ratio(base: Point, latest: Point, target: Point) -> float | None:
    """p = observed rate / required rate; None when the target asks for no change at all."""
    observed, required = rates(base, latest, target)
    if required == 0:
        return None
    return observed / required
