"""The stages run end to end: one plan against actuals files (compare), or every plan under folders
against the actuals for its region (check), each ending in a Report."""

from __future__ import annotations

import os
from collections.abc import Iterable

from dxcheck.arguments import (
    checked_actuals,
    checked_fail_on,
    checked_folders,
    checked_max_bytes,
    checked_plan,
    checked_years,
)
from dxcheck.discovery import find_marked, folder_problem
from dxcheck.judge import judge_plan
from dxcheck.loading import ActualsFile, PlanFile, load_file
from dxcheck.observations import Observations, gather
from dxcheck.problems import InputError, Problem
from dxcheck.results import DEFAULT_FAIL_ON, Report, Result, Scope, Status


def compare_report(
    plan_file: PlanFile,
    actuals_files: Iterable[ActualsFile],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
) -> Report:
    """A report of one plan judged against the actuals files; of their problems instead, if any.

    The actuals are one series: a problem in any of them (a unit that differs from the plan's, a
    year given twice, the plan's region missing) leaves the plan unjudged.
    """
    checked = checked_plan(plan_file)
    files = checked_actuals(actuals_files)
    only, statuses = checked_years(years), checked_fail_on(fail_on)
    observations, problems = gather(checked, files)
    if problems:
        return Report((), tuple(problems), scope=Scope.PLAN)
    return Report((judge_plan(observations, only, statuses),), scope=Scope.PLAN)


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
    report = compare_report(plan_file, actuals_files, years, fail_on)
    if report.problems:
        raise InputError(report.problems)
    (result,) = report.results
    return result


def check(
    *folders: str | os.PathLike[str],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
    max_bytes: int | None = None,
) -> Report:
    """Judge every plan under the folders (default `.`) against every actuals file for its region.

    `max_bytes` is the size limit per file, as in `load_file`. Arguments of the wrong kind raise
    TypeError or ValueError, as `compare`'s do. Problems of the files are in the report, never raised.
    """
    only, statuses = checked_years(years), checked_fail_on(fail_on)
    paths, limit = checked_folders(folders), checked_max_bytes(max_bytes)
    missing = [problem for folder in paths if (problem := folder_problem(folder)) is not None]
    if missing:
        return Report((), tuple(missing))
    kinds = dict(found for folder in paths or (".",) for found in find_marked(folder))
    # plans first, then the actuals one file at a time: each is added to the plans of its regions
    # and dropped, so memory holds the plans and their observations, not the whole repository
    actuals = [name for name, is_actuals in kinds.items() if is_actuals]
    plans, problems, unrecognised = _load_plans(
        [name for name, is_actuals in kinds.items() if not is_actuals], limit
    )
    every = {plan_file.name: Observations(plan_file) for plan_file in plans}
    regions, broken, more = _add_actuals([*actuals, *unrecognised], list(every.values()), limit)
    judged = [one for name, one in every.items() if name not in broken]
    return Report(
        results=tuple(judge_plan(one, only, statuses) for one in judged),
        problems=_unique([*problems, *more]),
        plans_without_actuals=tuple(one.plan_name for one in judged if not one.files),
        actuals_without_plan=tuple(sorted(regions - {plan_file.plan.region for plan_file in plans})),
    )


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    # an actuals file shared by several plans of one region would otherwise report its problem once per plan
    return tuple(sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.column, p.message)))


def _load_plans(
    names: Iterable[str], max_bytes: int | None
) -> tuple[list[PlanFile], list[Problem], list[str]]:
    """The valid plans, the problems of the others, and actuals files the marker scan missed."""
    plans: list[PlanFile] = []
    problems: list[Problem] = []
    unrecognised: list[str] = []
    for name in names:
        loaded = load_file(name, max_bytes=max_bytes)
        if isinstance(loaded, list):
            problems.extend(loaded)
        elif isinstance(loaded, PlanFile):
            plans.append(loaded)
        else:
            unrecognised.append(name)
    return plans, problems, unrecognised


def _add_actuals(
    names: Iterable[str], every: list[Observations], max_bytes: int | None
) -> tuple[set[str], set[str], list[Problem]]:
    """Each actuals file added to the plans of its regions: the regions seen, the plans whose
    figures were inconsistent (reported, not judged), and the problems."""
    by_region: dict[str, list[Observations]] = {}
    for one in every:
        by_region.setdefault(one.plan.region, []).append(one)
    regions: set[str] = set()
    broken: set[str] = set()
    problems: list[Problem] = []
    for name in names:
        loaded = load_file(name, max_bytes=max_bytes)
        if isinstance(loaded, list):
            problems.extend(loaded)
            continue
        if isinstance(loaded, PlanFile):
            problems.append(_plan_among_actuals(loaded))
            continue
        for region in loaded.actuals.by_region():
            regions.add(region)
            for one in by_region.get(region, []):
                found = one.add(loaded)
                if found:
                    problems.extend(found)
                    broken.add(one.plan_name)
    return regions, broken, problems


def _plan_among_actuals(plan_file: PlanFile) -> Problem:
    return Problem(
        plan_file.name,
        1,
        1,
        "$",
        "this plan's 'dxcheck:' line reads like an actuals file's: write it as 'dxcheck: plan/1'",
    )
