"""Plans side by side: each region's targets by indicator, year and plan, and the flags among them.

Pure, as judging is: plans and their observations in, a TargetsReport out. Which of two targets is
stricter is read from the values that meet each (expressions.satisfying, in the unit's range), and
whether a figure met a target is the judge's own `classify`, so the rules stay one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from dxcheck.expressions import Interval, format_target, in_unit, satisfying
from dxcheck.judge import classify, standing
from dxcheck.lineup import (
    DIRECTIONS_DIFFER,
    NATIONAL_REGION,
    UNITS_DIFFER,
    Cell,
    Flag,
    IndicatorTargets,
    PlanInfo,
    RegionTargets,
    TargetsReport,
    YearTargets,
)
from dxcheck.results import Status
from dxcheck.statuses import FlagKind

if TYPE_CHECKING:
    from dxcheck.models import Indicator, Plan, TargetSpec
    from dxcheck.observations import Observation, Observations


class Order(Enum):
    """How a first target stands beside a second."""

    SAME = "same"  # the same values meet both
    STRICTER = "stricter"  # the first asks more
    LOOSER = "looser"  # the second asks more
    INCOMPARABLE = "incomparable"


@dataclass(frozen=True, slots=True)
class Comparison:
    order: Order
    reason: str | None = None  # why the targets cannot be compared


@dataclass(frozen=True, slots=True)
class _Entry:
    """One plan's target of an indicator and year, with what is needed to compare it."""

    plan: Plan
    indicator: Indicator
    spec: TargetSpec

    @property
    def shown(self) -> str:
        return format_target(self.spec.target, self.indicator.is_decrease)

    def cell(self, reference: bool = False) -> Cell:
        source = self.spec.source or self.indicator.source
        return Cell(self.plan.id, self.shown, self.spec.key, self.spec.quote, source, reference)


def _low(interval: Interval) -> tuple[int, Decimal, int]:
    """A sort key of the lower end: unbounded lowest, and an open end above a closed one at one value."""
    if interval.lo is None:
        return (0, Decimal(0), 0)
    return (1, interval.lo, 0 if interval.lo_closed else 1)


def _high(interval: Interval) -> tuple[int, Decimal, int]:
    """A sort key of the upper end: unbounded highest, and a closed end above an open one at one value."""
    if interval.hi is None:
        return (1, Decimal(0), 0)
    return (0, interval.hi, 1 if interval.hi_closed else 0)


def compare_targets(first: Indicator, a: TargetSpec, second: Indicator, b: TargetSpec) -> Comparison:
    """Which of two targets of one concept asks more.

    The stricter is the one whose values all meet the other (`top 5` beside `top 10`, `>= 100`
    beside `>= 90`, `81..86` beside `>= 80`). Of two that are not nested, the one lying further in
    the indicator's direction asks more (`>= 90` beside `81..86`). Targets in different units or
    directions cannot be compared.
    """
    if first.unit != second.unit:
        return Comparison(Order.INCOMPARABLE, UNITS_DIFFER.format(first=first.unit, second=second.unit))
    if first.is_decrease != second.is_decrease:
        return Comparison(Order.INCOMPARABLE, DIRECTIONS_DIFFER)
    if first.unit == "boolean":  # a milestone's only target is `done`
        return Comparison(Order.SAME)
    decrease = first.is_decrease
    mine = in_unit(satisfying(a.target, decrease), first.unit)
    theirs = in_unit(satisfying(b.target, decrease), first.unit)
    if mine == theirs:
        return Comparison(Order.SAME)
    if mine.within(theirs):
        return Comparison(Order.STRICTER)
    if theirs.within(mine):
        return Comparison(Order.LOOSER)
    higher = _low(mine) >= _low(theirs) and _high(mine) >= _high(theirs)
    return Comparison(Order.STRICTER if higher != decrease else Order.LOOSER)


def _stricter(order: Order, first: str, second: str) -> str | None:
    return {Order.STRICTER: first, Order.LOOSER: second}.get(order)


def _pair(kind: FlagKind, region: str, year: int, mine: _Entry, other: _Entry, found: Comparison) -> Flag:
    return Flag(
        kind=kind,
        region=region,
        indicator=mine.indicator.id,
        year=year,
        plans=(mine.plan.id, other.plan.id),
        targets=(mine.shown, other.shown),
        quotes=(mine.spec.quote, other.spec.quote),
        stricter=_stricter(found.order, mine.plan.id, other.plan.id),
        reason=found.reason,
    )


_AMBITION = {
    Order.STRICTER: FlagKind.STRONGER,
    Order.LOOSER: FlagKind.WEAKER,
    Order.INCOMPARABLE: FlagKind.INCOMPARABLE,
}

# (indicator id, year) -> each plan's target, in the order the plans were read
_Grid = dict[tuple[str, int], list[_Entry]]


def _grid(plans: Sequence[Plan]) -> _Grid:
    grid: _Grid = {}
    for plan in plans:
        for indicator in plan.indicators:
            for year, spec in indicator.targets.items():
                grid.setdefault((indicator.id, year), []).append(_Entry(plan, indicator, spec))
    return grid


def _conflicts(region: str, grid: _Grid) -> Iterator[Flag]:
    """Every pair of the region's plans that ask different things of one indicator in one year."""
    for (_, year), entries in grid.items():
        for i, mine in enumerate(entries):
            for other in entries[i + 1 :]:
                found = compare_targets(mine.indicator, mine.spec, other.indicator, other.spec)
                if found.order is not Order.SAME:
                    yield _pair(FlagKind.CONFLICT, region, year, mine, other, found)


def _against_references(region: str, grid: _Grid, references: dict[str, _Grid]) -> Iterator[Flag]:
    """Each of the region's targets beside the same indicator and year of the plans it is measured against."""
    for key, entries in grid.items():
        for mine in entries:
            for reference in references[mine.plan.id].get(key, ()):
                found = compare_targets(mine.indicator, mine.spec, reference.indicator, reference.spec)
                if found.order is not Order.SAME:
                    yield _pair(_AMBITION[found.order], region, key[1], mine, reference, found)


def _dated(observation: Observation) -> dt.date:
    """The day a figure runs to: its `as_of` within its year, else the year's last day."""
    return observation.as_of or dt.date(observation.year, 12, 31)


def _achieved_when_issued(region: str, plan: Plan, observations: Observations) -> Iterator[Flag]:
    """Targets that the latest figure dated before the plan's issue already met."""
    issued = plan.issued
    if issued is None:
        return
    for indicator in plan.indicators:
        earlier = [obs for obs in observations.series[indicator.id] if _dated(obs) < issued]
        if not earlier:
            continue
        latest = max(earlier, key=_dated)
        for year, spec in sorted(indicator.targets.items()):
            status = classify(spec.target, latest.measure, indicator.unit, indicator.is_decrease, latest.of)
            if status is not Status.MET:
                continue
            _, actual = standing(spec.target, latest.measure)
            bound = latest.measure.bound
            yield Flag(
                kind=FlagKind.ACHIEVED_WHEN_ISSUED,
                region=region,
                indicator=indicator.id,
                year=year,
                plans=(plan.id,),
                targets=(format_target(spec.target, indicator.is_decrease),),
                quotes=(spec.quote,),
                actual=actual,
                actual_bound=None if bound is None else bound.value,
                actual_year=latest.year,
                issued=issued,
            )


def references_of(plan: Plan, plans: Sequence[Plan]) -> list[Plan]:
    """The plans `plan` is measured against: those it names (when read), else the national ones."""
    if plan.measured_against:
        by_id = {other.id: other for other in plans}
        return [by_id[name] for name in plan.measured_against if name in by_id]
    if plan.region == NATIONAL_REGION:
        return []
    return [other for other in plans if other.region == NATIONAL_REGION]


def _indicator(indicator: Indicator, years: list[YearTargets]) -> IndicatorTargets:
    pillar = None if indicator.pillar is None else indicator.pillar.value
    return IndicatorTargets(indicator.id, indicator.name, indicator.unit, pillar, tuple(years))


def _region(region: str, own: _Grid, references: dict[str, _Grid], plans: Sequence[Plan]) -> RegionTargets:
    """The matrix of a region: the years its plans set targets for, with its references' targets beside."""
    ids = tuple(dict.fromkeys(plan.id for plan in plans))
    seen: dict[str, None] = {}
    indicators: dict[str, list[YearTargets]] = {}
    first: dict[str, _Entry] = {}
    for key in sorted(own):
        entries = own[key]
        shown = {entry.plan.id: entry.cell() for entry in entries}
        for entry in entries:
            for reference in references[entry.plan.id].get(key, ()):
                seen[reference.plan.id] = None
                shown.setdefault(reference.plan.id, reference.cell(reference=True))
        indicators.setdefault(key[0], []).append(YearTargets(key[1], tuple(shown.values())))
        first.setdefault(key[0], entries[0])
    return RegionTargets(
        region=region,
        plans=ids,
        references=tuple(name for name in seen if name not in ids),
        indicators=tuple(_indicator(first[name].indicator, years) for name, years in indicators.items()),
    )


def line_up(
    observed: Sequence[Observations], models: Mapping[str, Plan], fail_on: frozenset[FlagKind] = frozenset()
) -> TargetsReport:
    """Every region's targets side by side, and the flags: conflicts, ambition beside the reference
    plans, and targets already achieved when their plan was issued."""
    # observations keep only what judging reads; the matrix reads the whole plan, by its file name
    plans = [models[one.plan_name] for one in observed]
    references = {plan.id: _grid(references_of(plan, plans)) for plan in plans}
    by_region: dict[str, list[Observations]] = {}
    for one in observed:
        by_region.setdefault(models[one.plan_name].region, []).append(one)
    regions: list[RegionTargets] = []
    flags: list[Flag] = []
    for region in sorted(by_region):
        members = by_region[region]
        member_plans = [models[one.plan_name] for one in members]
        own = _grid(member_plans)
        regions.append(_region(region, own, references, member_plans))
        flags.extend(_conflicts(region, own))
        flags.extend(_against_references(region, own, references))
        for one, plan in zip(members, member_plans, strict=True):
            flags.extend(_achieved_when_issued(region, plan, one))
    flags.sort(key=lambda flag: (flag.region, flag.indicator, flag.year, list(FlagKind).index(flag.kind)))
    infos = tuple(
        PlanInfo(plan.id, plan.region, one.plan_name, plan.reference, plan.issued, plan.measured_against)
        for one, plan in zip(observed, plans, strict=True)
    )
    files = {info.file: info for one in observed for info in one.files}
    return TargetsReport(infos, tuple(files.values()), tuple(regions), tuple(flags), fail_on=fail_on)
