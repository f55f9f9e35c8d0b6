"""A plan against actuals files: gather each indicator's observations, check them, judge them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dxcheck.expressions import Measure
from dxcheck.judge import Observation, judge
from dxcheck.loading import ActualsFile, PlanFile
from dxcheck.models import Indicator, ValueSpec
from dxcheck.problems import InputError, Path, Problem
from dxcheck.results import DEFAULT_FAIL_ON, ActualsInfo, Result, Row, Status
from dxcheck.rules import agreement_problem, measure_problem, resolve
from dxcheck.yamlsource import locate


def _problem(file: ActualsFile, path: Path, message: str) -> Problem:
    line, column, location = locate(file.source, path)
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


def gather(
    plan_file: PlanFile, actuals_files: Sequence[ActualsFile]
) -> tuple[dict[str, list[Observation]], list[str], list[Problem]]:
    """Each plan indicator's observations across all files, the ids no plan indicator has, problems."""
    plan = plan_file.plan
    indicators = {indicator.id: indicator for indicator in plan.indicators}
    series: dict[str, list[Observation]] = {key: [] for key in indicators}
    where: dict[tuple[str, int], str] = {}
    unmatched: dict[str, None] = {}
    problems: list[Problem] = []
    for file in actuals_files:
        values = file.actuals.by_region().get(plan.region)
        if values is None:
            problems.append(_missing_region(file, plan.region))
            continue
        prefix = _region_values_path(file, plan.region)
        for key, specs in values.items():
            indicator = indicators.get(key)
            if indicator is None:
                unmatched[key] = None
                continue
            for k, spec in enumerate(specs):
                year = spec.year if spec.year is not None else file.actuals.year
                measure = resolve(spec, indicator.unit)
                found = _check(file, (*prefix, key, k), indicator, spec, measure)
                if found:
                    problems.append(found)
                    continue
                if (key, year) in where:
                    problems.append(
                        _problem(
                            file,
                            (*prefix, key, k, "year") if spec.year else (*prefix, key, k),
                            f"a second figure for '{key}' in {year}: the first is in {where[key, year]}",
                        )
                    )
                    continue
                where[key, year] = file.name
                series[key].append(Observation(year, measure, file.name, spec.quote, spec.source))
    return series, list(unmatched), problems


def _check(
    file: ActualsFile, here: Path, indicator: Indicator, spec: ValueSpec, measure: Measure
) -> Problem | None:
    """Whether a figure fits the plan's indicator: its unit, its kind of value and its range."""
    where = f"(the plan's unit for '{indicator.id}' is {indicator.unit})"
    if spec.unit is not None and spec.unit != indicator.unit:
        return _problem(file, (*here, "unit"), f"unit '{spec.unit}' differs from {where[1:-1]}")
    if spec.unit is None and (problem := agreement_problem(spec, indicator.unit)):
        return _problem(file, (*here, "value"), f"{problem} {where}")
    if problem := measure_problem(indicator.unit, measure):
        return _problem(file, (*here, "value"), f"{problem} {where}")
    return None


def compare(
    plan_file: PlanFile,
    actuals_files: Sequence[ActualsFile],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status] = DEFAULT_FAIL_ON,
) -> Result:
    """Judge every target of the plan against the actuals; raise InputError on inconsistent input."""
    series, unmatched, problems = gather(plan_file, actuals_files)
    if problems:
        raise InputError(problems)
    only = frozenset(years) if years is not None else None
    plan = plan_file.plan
    rows: list[Row] = []
    for indicator in plan.indicators:
        rows.extend(judge(indicator, series[indicator.id], only))
    return Result(
        plan_id=plan.id,
        region=plan.region,
        plan_file=plan_file.name,
        title=plan.title,
        actuals=tuple(ActualsInfo(file.name, file.actuals.year) for file in actuals_files),
        rows=tuple(rows),
        unmatched_actuals=tuple(unmatched),
        fail_on=frozenset(fail_on),
    )
