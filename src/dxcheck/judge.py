"""Judging: a plan's targets against its observations, as pure functions without I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import TYPE_CHECKING

from dxcheck import progress
from dxcheck.expressions import (
    Approximately,
    Comparison,
    Done,
    Measure,
    Op,
    Target,
    Top,
    format_target,
)
from dxcheck.results import DEFAULT_FAIL_ON, UNPLACED, Result, Row, Status, TargetPlaces

if TYPE_CHECKING:
    from dxcheck.models import Indicator, TargetSpec
    from dxcheck.observations import Observation, Observations


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of reals between two ends; None is unbounded."""

    lo: Decimal | None = None
    lo_closed: bool = False
    hi: Decimal | None = None
    hi_closed: bool = False

    @staticmethod
    def point(value: Decimal) -> Interval:
        return Interval(value, True, value, True)

    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def within(self, other: Interval) -> bool:
        """Whether every point of self lies in other."""
        low_ok = other.lo is None or (
            self.lo is not None
            and (self.lo > other.lo or (self.lo == other.lo and (other.lo_closed or not self.lo_closed)))
        )
        high_ok = other.hi is None or (
            self.hi is not None
            and (self.hi < other.hi or (self.hi == other.hi and (other.hi_closed or not self.hi_closed)))
        )
        return low_ok and high_ok

    def meets(self, other: Interval) -> bool:
        """Whether self and other share a point."""
        lo, lo_closed = _larger_low(self, other)
        hi, hi_closed = _smaller_high(self, other)
        return not Interval(lo, lo_closed, hi, hi_closed).is_empty()


def _larger_low(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.lo is None:
        return b.lo, b.lo_closed
    if b.lo is None or a.lo > b.lo:
        return a.lo, a.lo_closed
    if b.lo > a.lo:
        return b.lo, b.lo_closed
    return a.lo, a.lo_closed and b.lo_closed


def _smaller_high(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.hi is None:
        return b.hi, b.hi_closed
    if b.hi is None or a.hi < b.hi:
        return a.hi, a.hi_closed
    if b.hi < a.hi:
        return b.hi, b.hi_closed
    return a.hi, a.hi_closed and b.hi_closed


_HALF_LINES = {
    Op.GE: lambda n: Interval(lo=n, lo_closed=True),
    Op.GT: lambda n: Interval(lo=n),
    Op.LE: lambda n: Interval(hi=n, hi_closed=True),
    Op.LT: lambda n: Interval(hi=n),
    Op.EQ: Interval.point,
}


def satisfying(target: Target, decrease: bool) -> Interval:
    """The values that meet a numeric target."""
    match target:
        case Comparison(op=op, value=value, bare=bare):
            if bare:
                op = Op.LE if decrease else Op.GE
            return _HALF_LINES[op](value)
        case Approximately(value=value):
            tolerance = target.effective_tolerance
            if decrease:
                return Interval(hi=value + tolerance, hi_closed=True)
            return Interval(lo=value - tolerance, lo_closed=True)
        case Top(n=n):
            return Interval(hi=Decimal(n), hi_closed=True)
        case Done():
            raise ValueError("'done' is not a numeric target")


def observed(measure: Measure, unit: str) -> Interval:
    """Where the true value lies: a point, or for a bound the half-line (clipped to 0–100 for percent)."""
    value = measure.value
    assert not isinstance(value, bool)
    if measure.bound is None:
        return Interval.point(value)
    interval = _HALF_LINES[measure.bound](value)
    if unit == "percent":
        interval = Interval(
            *_larger_low(interval, Interval(lo=Decimal(0), lo_closed=True)),
            *_smaller_high(interval, Interval(hi=Decimal(100), hi_closed=True)),
        )
    return interval


def classify(target: Target, measure: Measure, unit: str, decrease: bool) -> Status:
    """met, missed or indeterminate: an observation against a target of its own year."""
    value = measure.value
    if isinstance(target, Done) or isinstance(value, bool):
        return Status.MET if value is True and isinstance(target, Done) else Status.MISSED
    if measure.bound is None:
        # a single point is inside or outside: the interval test below, without building intervals
        return Status.MET if _holds(target, value, decrease) else Status.MISSED
    wanted = satisfying(target, decrease)
    have = observed(measure, unit)
    if have.within(wanted):
        return Status.MET
    if have.meets(wanted):
        return Status.INDETERMINATE
    return Status.MISSED


def _holds(target: Target, value: Decimal, decrease: bool) -> bool:
    """Whether an exact value meets a numeric target: `observed(...).within(satisfying(...))` for a point."""
    if type(target) is Comparison:
        op = (Op.LE if decrease else Op.GE) if target.bare else target.op
        goal = target.value
        if op is Op.GE:
            return value >= goal
        if op is Op.LE:
            return value <= goal
        if op is Op.GT:
            return value > goal
        if op is Op.LT:
            return value < goal
        return value == goal
    if type(target) is Approximately:
        tolerance = target.effective_tolerance
        return value <= target.value + tolerance if decrease else value >= target.value - tolerance
    if type(target) is Top:
        return value <= target.n
    raise ValueError("'done' is not a numeric target")


def target_value(target: Target) -> Decimal | None:
    """The number a target names (N of `>= N`, `~N`, `top N`); None for `done`."""
    match target:
        case Comparison(value=value) | Approximately(value=value):
            return value
        case Top(n=n):
            return Decimal(n)
        case Done():
            return None


# exact for any two numbers to_decimal accepts: ≤ 30 digits, leading digit within 10^±30
_EXACT = Context(prec=100)


def _gap(target: Target, measure: Measure | None) -> Decimal | None:
    goal = target_value(target)
    if goal is None or measure is None or isinstance(measure.value, bool):
        return None
    return _EXACT.subtract(goal, measure.value)


def _number(measure: Measure) -> float:
    assert not isinstance(measure.value, bool)
    return float(measure.value)


def forecast(
    indicator: Indicator, target: Target, year: int, series: Sequence[Observation]
) -> tuple[Status, float | None]:
    """Status of a target not yet due, from the latest observation (series sorted by year)."""
    latest = series[-1]
    decrease = indicator.is_decrease
    if classify(target, latest.measure, indicator.unit, decrease) is Status.MET:
        return Status.ACHIEVED, None
    goal = target_value(target)
    if goal is None:
        return Status.PENDING, None
    base = _baseline(indicator, series)
    if base is None:
        return Status.PENDING, None
    if (
        base.value_measure is not None
        and classify(target, base.value_measure, indicator.unit, decrease) is Status.MET
    ):
        # the target was reached at the baseline and has since been lost
        return Status.REGRESSING, None
    start = progress.Point(base.year, base.value)
    now = progress.Point(latest.year, _number(latest.measure))
    p = progress.ratio(start, now, progress.Point(year, float(goal)))
    if p is None:
        observed_rate, _ = progress.rates(start, now, progress.Point(year, float(goal)))
        moved_away = observed_rate > 0 if decrease else observed_rate < 0
        return (Status.REGRESSING if moved_away else Status.OFF_TRACK), None
    return _status_of_ratio(p), p


def _status_of_ratio(p: float) -> Status:
    if p >= progress.ON_TRACK:
        return Status.ON_TRACK
    if p >= progress.AT_RISK:
        return Status.AT_RISK
    if p >= 0:
        return Status.OFF_TRACK
    return Status.REGRESSING


@dataclass(frozen=True, slots=True)
class _Base:
    year: int
    value: float
    value_measure: Measure | None


def _baseline(indicator: Indicator, series: Sequence[Observation]) -> _Base | None:
    """The plan's baseline when it lies before the latest figure, else the earliest earlier figure."""
    latest_year = series[-1].year
    if indicator.baseline is not None and indicator.baseline.year < latest_year:
        value = indicator.baseline.value
        return _Base(indicator.baseline.year, float(value), Measure(value))
    if len(series) > 1:
        first = series[0]
        return _Base(first.year, _number(first.measure), first.measure)
    return None


def judge_target(
    indicator: Indicator,
    year: int,
    spec: TargetSpec,
    series: Sequence[Observation],
    places: TargetPlaces = UNPLACED,
) -> Row:
    """One row: a target of `year` against the indicator's observations (sorted by year)."""
    at_year = next((obs for obs in series if obs.year == year), None)
    shown: Observation | None = None
    p: float | None = None
    if at_year is not None:
        status = classify(spec.target, at_year.measure, indicator.unit, indicator.is_decrease)
        shown = at_year
    elif not series or series[-1].year > year:
        status = Status.NO_DATA
    else:
        status, p = forecast(indicator, spec.target, year, series)
        shown = series[-1]
    measure = shown.measure if shown is not None else None
    return Row(
        indicator=indicator.id,
        name=indicator.name,
        pillar=indicator.pillar.value if indicator.pillar is not None else None,
        unit=indicator.unit,
        target_year=year,
        target=format_target(spec.target, indicator.is_decrease),
        actual=measure.value if measure is not None else None,
        actual_year=shown.year if shown is not None else None,
        actual_bound=measure.bound.value if measure is not None and measure.bound else None,
        approximate=measure.approximate if measure is not None else False,
        gap=_gap(spec.target, measure),
        progress=p,
        status=status,
        quote=spec.quote,
        source=spec.source or indicator.source,
        places=places,
    )


def judge(
    indicator: Indicator,
    series: Sequence[Observation],
    years: frozenset[int] | None = None,
    places: TargetPlaces = UNPLACED,
) -> list[Row]:
    """Every target of an indicator, by target year; `years` limits which target years are judged."""
    ordered = sorted(series, key=lambda obs: obs.year)
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
