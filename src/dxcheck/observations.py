"""A plan's observations: each indicator's figures gathered from actuals files, with the problems
that only show when the plan and its actuals meet (a unit that differs, a year given twice, a
region missing), as values placed in the actuals file."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from dxcheck.problems import DocPath, Problem
from dxcheck.results import ActualsInfo, TargetPlaces
from dxcheck.rules import agreement_problem, figure_date, measure_problem, of_problem, resolve

if TYPE_CHECKING:
    import datetime as dt

    from dxcheck.expressions import Measure, Target
    from dxcheck.loading import ActualsFile, PlanFile
    from dxcheck.models import Baseline, Indicator, LocalizedText, Pillar, Plan, TargetSpec, ValueSpec


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure of an indicator for one year, from one actuals file.

    `as_of` is the date up to which it describes its year (None: the whole year); `of` the number
    of places of a rank.
    """

    year: int
    measure: Measure
    file: str = ""
    quote: str | None = None
    source: str | None = None
    as_of: dt.date | None = None
    of: int | None = None


class Aim(Protocol):
    """A target as judging reads it: a plan's TargetSpec, or the compact one a check keeps."""

    @property
    def target(self) -> Target: ...
    @property
    def quote(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def key(self) -> str: ...


class Goal(Protocol):
    """An indicator as judging reads it: a plan's Indicator, or the compact one a check keeps."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> LocalizedText: ...
    @property
    def pillar(self) -> Pillar | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def is_decrease(self) -> bool: ...
    @property
    def baseline(self) -> Baseline | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def targets(self) -> Mapping[int, Aim]: ...


_T = TypeVar("_T")


class Shared:
    """One copy of each equal part of the plans it is given: the plans of a national repository
    name the same indicators (ids, units, names) and write the same targets again and again."""

    __slots__ = ("_figures", "_seen")

    def __init__(self) -> None:
        self._seen: dict[Hashable, object] = {}
        self._figures: dict[str, Measure] = {}  # exact figures by their text, apart from the other keys

    def one(self, key: Hashable, value: _T) -> _T:
        """The first value met under `key`, which must tell apart whatever is shown differently."""
        return cast("_T", self._seen.setdefault(key, value))

    def text(self, value: str | None) -> str | None:
        return None if value is None else self.one(value, value)

    def measure(self, measure: Measure) -> Measure:
        """One copy of each exact figure as written: `90` and `90.0` are equal, and stay apart."""
        if not measure.is_exact:
            return measure
        # the text of a Decimal is its sign, digits and exponent (`90` and `90.0`, `0` and `-0` stay
        # apart), and is made and hashed five times faster than the Decimal with its exponent;
        # `True` is no Decimal's text
        text = str(measure.value)
        return self._figures.setdefault(f"{text}%" if measure.percent_sign else text, measure)


@dataclass(frozen=True, slots=True)
class PlanTarget:
    """What judging and the places of targets need of a TargetSpec, without the model around it."""

    target: Target
    quote: str | None
    source: str | None
    key: str

    @classmethod
    def of(cls, spec: TargetSpec, shared: Shared) -> PlanTarget:
        # a target's repr tells `>= 90` from `>= 90.0`, which are equal but not written the same
        target = shared.one((type(spec.target), repr(spec.target)), spec.target)
        return cls(target, shared.text(spec.quote), shared.text(spec.source), shared.one(spec.key, spec.key))


@dataclass(frozen=True, slots=True)
class PlanIndicator:
    """What judging needs of an Indicator: a check holds every plan of a group of regions while
    its actuals are added, and the validated models are three times the size (docs/architecture.md)."""

    id: str
    name: LocalizedText
    pillar: Pillar | None
    unit: str
    is_decrease: bool
    baseline: Baseline | None
    source: str | None
    targets: dict[int, PlanTarget]

    @classmethod
    def of(cls, indicator: Indicator, shared: Shared) -> PlanIndicator:
        targets = {year: PlanTarget.of(spec, shared) for year, spec in indicator.targets.items()}
        name = indicator.name
        return cls(
            shared.one(indicator.id, indicator.id),
            shared.one((type(name), name.vi, name.en, frozenset(name.model_fields_set)), name),
            indicator.pillar,
            shared.one(indicator.unit, indicator.unit),
            indicator.is_decrease,
            indicator.baseline,
            shared.text(indicator.source),
            targets,
        )


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """What judging needs of a Plan: its id, region, title and indicators."""

    id: str
    region: str
    title: LocalizedText
    indicators: tuple[PlanIndicator, ...]

    @classmethod
    def of(cls, plan: Plan, shared: Shared) -> PlanSummary:
        indicators = tuple(PlanIndicator.of(indicator, shared) for indicator in plan.indicators)
        return cls(plan.id, plan.region, plan.title, indicators)


def _problem(file: ActualsFile, path: DocPath, message: str) -> Problem:
    line, column, location = file.locate(path, at_key=False)
    return Problem(file.name, line, column, location, message)


def _region_values_path(file: ActualsFile, region: str) -> DocPath:
    return ("regions", region, "values") if file.actuals.regions is not None else ("values",)


def _missing_region(file: ActualsFile, region: str) -> Problem:
    actuals = file.actuals
    if actuals.regions is not None:
        listed = ", ".join(sorted(actuals.regions))
        return _problem(file, ("regions",), f"no figures for region '{region}' (the file has: {listed})")
    return _problem(
        file, ("region",), f"these figures are for region '{actuals.region}', but the plan is for '{region}'"
    )


class Observations:
    """A plan's observations, gathered from one actuals file at a time.

    `check` adds each actuals file to the plans of its regions and can then drop it, so a national
    repository is never held in memory whole; `compare` adds the files it was given.
    """

    def __init__(self, plan_file: PlanFile, shared: Shared | None = None) -> None:
        # the validated plan is not kept: only what judging reads, its parts shared with the other
        # plans given the same `shared`, and the file's positions for a format that shows where
        # each target is written
        self._shared = shared = shared or Shared()
        plan = self.plan = PlanSummary.of(plan_file.plan, shared)
        self.plan_name = plan_file.name
        self.places = TargetPlaces(
            plan_file.positions.locate,
            [indicator.id for indicator in plan.indicators],
            lambda i, year: plan.indicators[i].targets[year].key,
        )
        self.indicators = {indicator.id: indicator for indicator in plan.indicators}
        self.series: dict[str, list[Observation]] = {key: [] for key in self.indicators}
        self.files: list[ActualsInfo] = []
        self.unmatched: dict[str, None] = {}

    def add(self, file: ActualsFile) -> list[Problem]:
        """Take the figures of the plan's region from `file`; the problems they have, if any."""
        region = self.plan.region
        self.files.append(ActualsInfo(file.name, file.actuals.year))
        values = file.actuals.by_region().get(region)
        if values is None:
            return [_missing_region(file, region)]
        prefix = _region_values_path(file, region)
        problems: list[Problem] = []
        actuals = file.actuals
        name, file_year = file.name, actuals.year
        for key, specs in values.items():
            indicator = self.indicators.get(key)
            if indicator is None:
                self.unmatched[key] = None
                continue
            series = self.series[key]
            for k, spec in enumerate(specs):
                year = spec.year if spec.year is not None else file_year
                measure = self._shared.measure(resolve(spec, indicator.unit))
                date = figure_date(spec, actuals)
                found = _misfit(file, prefix, key, k, indicator, spec, measure)
                # the series itself says where a year's figure was first given: an indicator has a
                # few figures, and a dict of every (id, year, date) cost a third of all observations
                first = None if found else _first_file(series, year, date)
                if first is not None:
                    here: DocPath = (*prefix, key, k)
                    dated = f" as of {date}" if date is not None else ""
                    found = _problem(
                        file,
                        (*here, "year") if spec.year else here,
                        f"a second figure for '{key}' in {year}{dated}: the first is in {first}",
                    )
                if found is not None:
                    problems.append(found)
                    continue
                series.append(Observation(year, measure, name, spec.quote, spec.source, date, spec.of))
        return problems


def _first_file(series: list[Observation], year: int, date: dt.date | None) -> str | None:
    """The file of the figure already taken for `year` as of `date`, if there is one."""
    for observation in series:
        if observation.year == year and observation.as_of == date:
            return observation.file
    return None


def _misfit(
    file: ActualsFile,
    prefix: DocPath,
    key: str,
    k: int,
    indicator: Goal,
    spec: ValueSpec,
    measure: Measure,
) -> Problem | None:
    """Whether figure `k` of `key` fits the plan's indicator: its unit, its kind of value and its range."""
    unit = indicator.unit
    if spec.unit is not None and spec.unit != unit:
        field, problem = "unit", f"unit '{spec.unit}' differs from"
    elif found := (spec.unit is None and agreement_problem(spec, unit)) or measure_problem(unit, measure):
        field, problem = "value", found
    elif found := of_problem(unit, spec.of, measure):
        field, problem = "of", found
    else:
        return None
    where = f"the plan's unit for '{indicator.id}' is {unit}"
    message = f"{problem} {where}" if field == "unit" else f"{problem} ({where})"
    return _problem(file, (*prefix, key, k, field), message)


def gather(plan_file: PlanFile, actuals_files: Iterable[ActualsFile]) -> tuple[Observations, list[Problem]]:
    """A plan's observations from the actuals files, in their order, and every problem they have."""
    observations = Observations(plan_file)
    problems = [problem for file in actuals_files for problem in observations.add(file)]
    return observations, problems
