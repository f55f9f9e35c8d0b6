"""Judging: a plan's targets against its observations, as pure functions without I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from dxcheck import progress
from dxcheck.expressions import (
    EXACT,
    Done,
    Interval,
    Measure,
    Target,
    format_target,
    in_unit,
    observed,
    satisfying,
    target_ends,
)
from dxcheck.results import DEFAULT_FAIL_ON, UNPLACED, Path, Result, Row, Status, TargetPlaces

if TYPE_CHECKING:
    from dxcheck.observations import Aim, Goal, Observation, Observations

__all__ = [
    "by_year",
    "classify",
    "forecast",
    "judge",
    "judge_plan",
    "judge_target",
    "observed",
    "satisfying",
    "standing",
]


@lru_cache(maxsize=4096)
def _wanted(target: Target, decrease: bool, unit: str) -> tuple[Interval, Interval]:
    """The values that meet `target`, and those of them `unit` allows: built once per distinct target."""
    wanted = satisfying(target, decrease)
    return wanted, in_unit(wanted, unit)


def classify(target: Target, measure: Measure, unit: str, decrease: bool, of: int | None = None) -> Status:
    """met, missed or indeterminate: an observation against a target of its own year.

    Met when every value the figure allows meets the target, missed when none does.
    """
    value = measure.value
    if isinstance(target, Done) or isinstance(value, bool):
        return Status.MET if value is True and isinstance(target, Done) else Status.MISSED
    wanted, allowed = _wanted(target, decrease, unit)
    if measure.is_exact:  # most figures: a point is inside or outside, no interval to build
        return Status.MET if wanted.contains(value) else Status.MISSED
    have = observed(measure, unit, of)
    if have.within(allowed):
        return Status.MET
    if have.meets(allowed):
        return Status.INDETERMINATE
    return Status.MISSED


def standing(target: Target, measure: Measure) -> tuple[Decimal | None, Decimal | bool]:
    """(target value, actual value) for the gap and the progress ratio.

    A figure stands at its number (`~N`), its bound, or the end of its range nearest the target;
    a range target at its end nearest the figure: of two ranges, the two nearest ends, the lower on a tie.
    """
    value = measure.value
    goals = target_ends(target)
    if isinstance(value, bool):
        return (goals[0] if goals else None), value
    if measure.high is None and len(goals) == 1:  # most rows: one number on each side
        return goals[0], value
    actuals = (value,) if measure.high is None else (value, measure.high)
    if not goals:
        return None, actuals[0]
    _, goal, actual = min((abs(EXACT.subtract(g, a)), g, a) for g in goals for a in actuals)
    return goal, actual


def _toward(goal: Decimal, measure: Measure) -> Decimal | bool:
    """Where a figure stands beside a target value: a range at its end nearest it, the lower on a tie."""
    if measure.high is None:
        return measure.value
    low, high = measure.value, measure.high
    assert not isinstance(low, bool)
    return high if abs(EXACT.subtract(high, goal)) < abs(EXACT.subtract(low, goal)) else low


def forecast(
    indicator: Goal, target: Target, year: int, series: Sequence[Observation]
) -> tuple[Status, Decimal | None]:
    """Status of a target not yet due, from the latest observation (series: one per year, by year)."""
    status, p, _ = _forecast(indicator, target, year, series)
    return status, p


def _forecast(
    indicator: Goal, target: Target, year: int, series: Sequence[Observation]
) -> tuple[Status, Decimal | None, Path | None]:
    """forecast's status and ratio, and the three points the ratio was computed from, if it was."""
    latest = series[-1]
    decrease = indicator.is_decrease
    if classify(target, latest.measure, indicator.unit, decrease, latest.of) is Status.MET:
        return Status.ACHIEVED, None, None
    goal, now = standing(target, latest.measure)
    base = _baseline(indicator, series)
    if goal is None or base is None or isinstance(now, bool):
        return Status.PENDING, None, None
    start_year, start_measure = base
    then = _toward(goal, start_measure)
    if isinstance(then, bool):
        return Status.PENDING, None, None
    wanted, _ = _wanted(target, decrease, indicator.unit)
    if wanted.contains(then) and not wanted.contains(now):
        # the target was reached at the baseline and has since been lost
        return Status.REGRESSING, None, None
    Point = progress.Point
    points = Point(start_year, then), Point(latest.year, now), Point(year, goal)
    observed, required = progress.rates(*points)
    p = progress.quotient(observed, required)
    if p is None:
        # no change was asked for: moving off a target value is losing ground, whatever the direction
        moved = now != then and not wanted.contains(now)
        return (Status.REGRESSING if moved else Status.OFF_TRACK), None, None
    return _status_of_ratio(p), progress.shown(p), Path(*points, observed, required)


def _status_of_ratio(p: Decimal) -> Status:
    if p >= progress.ON_TRACK:
        return Status.ON_TRACK
    if p >= progress.AT_RISK:
        return Status.AT_RISK
    if p >= 0:
        return Status.OFF_TRACK
    return Status.REGRESSING


def _baseline(indicator: Goal, series: Sequence[Observation]) -> tuple[int, Measure] | None:
    """The plan's baseline when it lies before the latest figure, else the earliest earlier figure."""
    latest_year = series[-1].year
    if indicator.baseline is not None and indicator.baseline.year < latest_year:
        return indicator.baseline.year, Measure(indicator.baseline.value)
    first = series[0]
    return (first.year, first.measure) if first.year < latest_year else None


def _gap(goal: Decimal | None, actual: Decimal | bool | None) -> Decimal | None:
    if goal is None or actual is None or isinstance(actual, bool):
        return None
    return EXACT.subtract(goal, actual)


def _is_later(candidate: Observation, current: Observation) -> bool:
    """Whether `candidate` describes more of its year: a whole-year figure beats any part-year one."""
    if current.as_of is None:
        return False
    return candidate.as_of is None or candidate.as_of > current.as_of


def by_year(series: Iterable[Observation]) -> list[Observation]:
    """The figure used for each year (the one with the latest date), in year order."""
    best: dict[int, Observation] = {}
    for obs in series:
        current = best.get(obs.year)
        if current is None or _is_later(obs, current):
            best[obs.year] = obs
    return [best[year] for year in sorted(best)]


def judge_target(
    indicator: Goal,
    year: int,
    spec: Aim,
    series: Sequence[Observation],
    places: TargetPlaces = UNPLACED,
) -> Row:
    """One row: a target of `year` against the indicator's observations (one per year, by year)."""
    at_year = next((obs for obs in series if obs.year == year), None)
    shown: Observation | None = None
    p: Decimal | None = None
    path: Path | None = None
    if at_year is not None:
        status = classify(spec.target, at_year.measure, indicator.unit, indicator.is_decrease, at_year.of)
        shown = at_year
    elif not series or series[-1].year > year:
        status = Status.NO_DATA
    else:
        status, p, path = _forecast(indicator, spec.target, year, series)
        shown = series[-1]
    goal: Decimal | None = None
    actual: Decimal | bool | None = None
    measure = shown.measure if shown is not None else None
    if measure is not None:
        goal, actual = standing(spec.target, measure)
    return Row(
        indicator=indicator.id,
        name=indicator.name,
        pillar=indicator.pillar.value if indicator.pillar is not None else None,
        unit=indicator.unit,
        target_year=year,
        target=format_target(spec.target, indicator.is_decrease),
        actual=actual,
        actual_year=shown.year if shown is not None else None,
        actual_bound=measure.bound.value if measure is not None and measure.bound else None,
        approximate=measure.approximate if measure is not None else False,
        gap=_gap(goal, actual),
        progress=p,
        status=status,
        quote=spec.quote,
        source=spec.source or indicator.source,
        places=places,
        provisional=shown is not None and shown.as_of is not None,
        actual_as_of=shown.as_of if shown is not None else None,
        actual_of=shown.of if shown is not None else None,
        expression=spec.target,
        figures=series,
        baseline=indicator.baseline,
        path=path,
    )


def judge(
    indicator: Goal,
    series: Sequence[Observation],
    years: frozenset[int] | None = None,
    places: TargetPlaces = UNPLACED,
) -> list[Row]:
    """Every target of an indicator, by target year; `years` limits which target years are judged."""
    ordered = tuple(by_year(series))
    return [
        judge_target(indicator, year, spec, ordered, places)
        for year, spec in sorted(indicator.targets.items())
        if years is None or year in years
    ]


def judge_plan(
    observations: Observations,
    years: frozenset[int] | None = None,
    fail_on: frozenset[Status] = DEFAULT_FAIL_ON,
) -> Result:
    """Every target of a plan against the observations gathered for it: the plan's result."""
    plan = observations.plan
    rows: list[Row] = []
    for indicator in plan.indicators:
        rows.extend(judge(indicator, observations.series[indicator.id], years, observations.places))
    return Result(
        plan_id=plan.id,
        region=plan.region,
        plan_file=observations.plan_name,
        title=plan.title,
        actuals=tuple(observations.files),
        rows=tuple(rows),
        unmatched_actuals=tuple(observations.unmatched),
        fail_on=fail_on,
    )
