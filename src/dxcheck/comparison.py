"""A plan against actuals files: gather each indicator's observations, check them, judge them."""

from __future__ import annotations

import difflib
import operator
import os
import reprlib
from collections.abc import Iterable

from dxcheck.expressions import Measure
from dxcheck.judge import Observation, judge
from dxcheck.loading import ActualsFile, PlanFile
from dxcheck.models import Indicator, ValueSpec
from dxcheck.problems import InputError, Path, Problem
from dxcheck.results import DEFAULT_FAIL_ON, ActualsInfo, Result, Row, Status
from dxcheck.rules import agreement_problem, measure_problem, resolve


def _problem(file: ActualsFile, path: Path, message: str) -> Problem:
    line, column, location = file.locate(path)
    return Problem(file.name, line, column, location, message)


def _region_values_path(file: ActualsFile, region: str) -> Path:
    return ("regions", region, "values") if file.actuals.regions is not None else ("values",)


def _missing_region(file: ActualsFile, region: str) -> Problem:
    actuals = file.actuals
    if actuals.regions is not None:
        listed = ", ".join(sorted(actuals.regions))
        return _problem(file, ("regions",), f"no figures for region '{region}' (the file has: {listed})")
    return _problem(
        file, ("region",), f"these figures are for region '{actuals.region}', but the plan is for '{region}'"
    )


class Series:
    """A plan's observations, gathered from one actuals file at a time.

    `check` adds each actuals file to the plans of its regions and can then drop it, so a national
    repository is never held in memory whole; `compare` adds the files it was given.
    """

    def __init__(self, plan_file: PlanFile) -> None:
        self.plan_file = plan_file
        self.indicators = {indicator.id: indicator for indicator in plan_file.plan.indicators}
        self.observations: dict[str, list[Observation]] = {key: [] for key in self.indicators}
        self.files: list[ActualsInfo] = []
        self.unmatched: dict[str, None] = {}
        self._where: dict[tuple[str, int], str] = {}

    def add(self, file: ActualsFile) -> list[Problem]:
        """Take the figures of the plan's region from `file`; the problems they have, if any."""
        region = self.plan_file.plan.region
        self.files.append(ActualsInfo(file.name, file.actuals.year))
        values = file.actuals.by_region().get(region)
        if values is None:
            return [_missing_region(file, region)]
        prefix = _region_values_path(file, region)
        problems: list[Problem] = []
        name, file_year, where = file.name, file.actuals.year, self._where
        for key, specs in values.items():
            indicator = self.indicators.get(key)
            if indicator is None:
                self.unmatched[key] = None
                continue
            observations = self.observations[key]
            for k, spec in enumerate(specs):
                year = spec.year if spec.year is not None else file_year
                measure = resolve(spec, indicator.unit)
                found = _check(file, prefix, key, k, indicator, spec, measure)
                if found is None and (key, year) in where:
                    here: Path = (*prefix, key, k)
                    found = _problem(
                        file,
                        (*here, "year") if spec.year else here,
                        f"a second figure for '{key}' in {year}: the first is in {where[key, year]}",
                    )
                if found is not None:
                    problems.append(found)
                    continue
                where[key, year] = name
                observations.append(Observation(year, measure, name, spec.quote, spec.source))
        return problems

    def judge(
        self, years: Iterable[int] | None = None, fail_on: Iterable[Status] = DEFAULT_FAIL_ON
    ) -> Result:
        """Every target of the plan against the observations gathered."""
        only = frozenset(years) if years is not None else None
        plan = self.plan_file.plan
        rows: list[Row] = []
        for indicator in plan.indicators:
            rows.extend(judge(indicator, self.observations[indicator.id], only))
        return Result(
            plan_id=plan.id,
            region=plan.region,
            plan_file=self.plan_file.name,
            title=plan.title,
            actuals=tuple(self.files),
            rows=tuple(rows),
            unmatched_actuals=tuple(self.unmatched),
            fail_on=frozenset(fail_on),
        )


def _check(
    file: ActualsFile, prefix: Path, key: str, k: int, indicator: Indicator, spec: ValueSpec, measure: Measure
) -> Problem | None:
    """Whether figure `k` of `key` fits the plan's indicator: its unit, its kind of value and its range."""
    unit = indicator.unit
    if spec.unit is not None and spec.unit != unit:
        field, problem = "unit", f"unit '{spec.unit}' differs from"
    elif found := (spec.unit is None and agreement_problem(spec, unit)) or measure_problem(unit, measure):
        field, problem = "value", found
    else:
        return None
    where = f"the plan's unit for '{indicator.id}' is {unit}"
    message = f"{problem} {where}" if field == "unit" else f"{problem} ({where})"
    return _problem(file, (*prefix, key, k, field), message)


# The API's arguments, checked where a script passes them: a mistake (a bare 2025, the string
# "missed", one file instead of a list) is refused with what was given, never judged as no rows.
# The command line passes values it has already checked; these cost one pass over a few items.

_ACTUALS = "actuals must be a list of loaded actuals files such as [load_actuals(path)]"
_YEARS = "years must be an iterable of whole years such as [2025]"
_FAIL_ON = "fail_on must be a collection of statuses such as [Status.MISSED] or ['missed']"


def _written(value: object) -> str:
    """A value as the caller wrote it, cut short: `2025`, `'missed'`, `Status.MISSED`."""
    return f"Status.{value.name}" if isinstance(value, Status) else reprlib.repr(value)


def _shown(value: object) -> str:
    """A wrong argument as a message shows it: as written, and its type."""
    return _written(value) if isinstance(value, Status) else f"{_written(value)} ({type(value).__name__})"


def _named(value: object) -> str:
    """A loaded file or a path, where the other kind of file (or a loaded one) is expected."""
    if isinstance(value, PlanFile):
        return f"a plan ({value.name})"
    if isinstance(value, ActualsFile):
        return f"an actuals file ({value.name})"
    if isinstance(value, str | os.PathLike):
        return f"the path {os.fspath(value)!r} (a file not yet loaded)"
    if isinstance(value, list | tuple) and value and isinstance(value[0], PlanFile | ActualsFile):
        return f"a {type(value).__name__} of {len(value)} loaded files, the first {_named(value[0])}"
    return _shown(value)


def checked_plan(plan_file: object) -> PlanFile:
    """`plan_file` if it is what load_plan returns; else TypeError."""
    if not isinstance(plan_file, PlanFile):
        raise TypeError(f"plan must be a loaded plan such as load_plan(path), not {_named(plan_file)}")
    return plan_file


def checked_actuals(actuals_files: object) -> tuple[ActualsFile, ...]:
    """The loaded actuals files as a tuple; TypeError for one file alone, a path, or a plan among them."""
    if isinstance(actuals_files, ActualsFile):
        raise TypeError(f"{_ACTUALS}, not one file alone: write [actuals] for {actuals_files.name}")
    if isinstance(actuals_files, PlanFile | str | os.PathLike) or not isinstance(actuals_files, Iterable):
        raise TypeError(f"{_ACTUALS}, not {_named(actuals_files)}")
    files = tuple(actuals_files)
    for i, file in enumerate(files):
        if not isinstance(file, ActualsFile):
            order = ": the plan comes first, compare(plan, actuals)" if isinstance(file, PlanFile) else ""
            raise TypeError(f"{_ACTUALS}, but actuals[{i}] is {_named(file)}{order}")
    return files


def checked_years(years: object) -> frozenset[int] | None:
    """The target years to judge (None: every year); TypeError unless whole numbers, ValueError if none."""
    if years is None:
        return None
    if isinstance(years, str | bytes) or not isinstance(years, Iterable):
        raise TypeError(f"{_YEARS}, not {_shown(years)}")
    given = tuple(years)
    if not given:
        raise ValueError(f"{_YEARS}, or None for every year, not an empty one: it would judge no target")
    for year in given:
        # __index__: int and numpy's integers are years; 2025.0 and "2025" are not, nor is True
        if isinstance(year, bool) or not hasattr(type(year), "__index__"):
            raise TypeError(f"{_YEARS}, not {_written(list(given))}: {_shown(year)} is no year")
    return frozenset(operator.index(year) for year in given)


def checked_fail_on(fail_on: object) -> frozenset[Status]:
    """The statuses that fail, from Status members or their names; TypeError for a bare string."""
    if isinstance(fail_on, str):  # a Status is one too: a bare one would be read letter by letter
        raise TypeError(f"{_FAIL_ON}, not one string {_shown(fail_on)}: write [{_written(fail_on)}]")
    if not isinstance(fail_on, Iterable):
        raise TypeError(f"{_FAIL_ON}, not {_shown(fail_on)}")
    statuses: set[Status] = set()
    for item in fail_on:
        if not isinstance(item, str):
            raise TypeError(f"{_FAIL_ON}, not {_shown(item)} among them")
        statuses.add(_status(item))
    return frozenset(statuses)


def _status(name: str) -> Status:
    try:
        return Status(name)
    except ValueError:
        names = [status.value for status in Status]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        if name == "none":
            hint = " (the command line's 'none' is fail_on=[] here)"
        raise ValueError(f"{_FAIL_ON}; {name!r} is no status{hint}: choose from {', '.join(names)}") from None


def compare(
    plan_file: PlanFile,
    actuals_files: Iterable[ActualsFile],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
) -> Result:
    """Judge every target of the plan against the actuals; raise InputError on inconsistent input.

    Arguments of the wrong kind raise TypeError (ValueError for an unknown status or no years),
    saying what was given and what is expected.
    """
    series = Series(checked_plan(plan_file))
    files = checked_actuals(actuals_files)
    only, statuses = checked_years(years), checked_fail_on(fail_on)
    problems = [problem for file in files for problem in series.add(file)]
    if problems:
        raise InputError(problems)
    return series.judge(only, statuses)
