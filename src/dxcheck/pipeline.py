"""The stages run end to end: one plan against actuals files (compare), or every plan under folders
against the actuals for its region (check), each ending in a Report."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from dxcheck.arguments import (
    checked_actuals,
    checked_fail_on,
    checked_folders,
    checked_max_bytes,
    checked_plan,
    checked_target_years,
    checked_years,
)
from dxcheck.discovery import discover
from dxcheck.files import read_source
from dxcheck.judge import judge_plan
from dxcheck.loading import ActualsFile, PlanFile, load_file
from dxcheck.models import Plan
from dxcheck.observations import Observations, Shared, gather
from dxcheck.problems import InputError, Problem
from dxcheck.results import DEFAULT_FAIL_ON, Misspelling, Report, ReportStream, Result, Scope, Status, Tally
from dxcheck.spelling import Speller
from dxcheck.yamlsource import named_regions


def compare_report(
    plan_file: PlanFile,
    actuals_files: Iterable[ActualsFile],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
    strict: bool = False,
) -> Report:
    """A report of one plan judged against the actuals files; of their problems instead, if any.

    The actuals are one series: a problem in any of them (a unit that differs from the plan's, a
    year given twice, the plan's region missing) leaves the plan unjudged. An actuals id that likely
    misspells an indicator without a figure is a warning, or with `strict` such a problem.
    A year the plan has no target for raises YearWithoutTarget (a ValueError).
    """
    checked = checked_plan(plan_file)
    files = checked_actuals(actuals_files)
    only, statuses = checked_years(years), checked_fail_on(fail_on)
    checked_target_years(only, [checked.plan])
    observations, problems = gather(checked, files)
    if problems:
        return Report((), tuple(problems), scope=Scope.PLAN)
    plan = checked.plan
    speller = Speller(indicator.id for indicator in plan.indicators)
    near = [
        miss for file in files for miss in _near_misses(file, plan.region, observations.indicators, speller)
    ]
    found = _misspellings(observations, near)
    result = _with_suggestions(judge_plan(observations, only, statuses), found)
    if strict and found:
        return Report((), tuple(miss.as_problem() for miss in found), scope=Scope.PLAN)
    return Report((result,), scope=Scope.PLAN, warnings=found)


def compare(
    plan_file: PlanFile,
    actuals_files: Iterable[ActualsFile],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
    strict: bool = False,
) -> Result:
    """Judge every target of the plan against the actuals; raise InputError on inconsistent input.

    Arguments of the wrong kind raise TypeError (ValueError for an unknown status, no years, or a
    year the plan has no target for), saying what was given and what is expected. With `strict`, an
    actuals id that likely misspells an indicator without a figure is an input error too.
    """
    report = compare_report(plan_file, actuals_files, years, fail_on, strict)
    if report.problems:
        raise InputError(report.problems)
    (result,) = report.results
    return result


def check(
    *folders: str | os.PathLike[str],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
    max_bytes: int | None = None,
    strict: bool = False,
) -> Report:
    """Judge every plan under the folders (default `.`) against every actuals file for its region.

    `max_bytes` is the size limit per file, as in `load_file`. Arguments of the wrong kind raise
    TypeError or ValueError, as `compare`'s do, and so does a year that no plan found has a target
    for. Problems of the files are in the report, never raised; an actuals id that matches no plan
    of its region but likely misspells an indicator without a figure is a warning (`strict`: a problem).
    """
    return stream_check(*folders, years=years, fail_on=fail_on, max_bytes=max_bytes, strict=strict).collect()


def stream_check(
    *folders: str | os.PathLike[str],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
    max_bytes: int | None = None,
    strict: bool = False,
) -> ReportStream:
    """`check`, its plans judged one at a time as the stream's results are read, each then let go.

    The files are found, the regions each names learnt and the arguments checked (raising as
    `check` does) before it returns; a group of regions that share actuals files is read, judged
    and let go as its results are taken, one group after the other (docs/architecture.md).
    """
    only, statuses = checked_years(years), checked_fail_on(fail_on)
    paths, limit = checked_folders(folders), checked_max_bytes(max_bytes)
    found_files = discover(paths or (".",), files=False)
    if found_files.problems:
        missing = tuple(found_files.problems)
        return ReportStream(iter(()), lambda tally: Report((), missing, counted=tally))
    kinds = found_files.kinds
    plan_names = _split(kinds)[0]
    if only is not None:
        checked_target_years(only, _each_plan(plan_names, limit))
    # a first pass learns the regions each file names, its data never built, so that the plans and
    # actuals of one group of regions are loaded, judged and let go before the next group is read
    groups = _groups(kinds, limit)
    order = {name: i for i, name in enumerate(plan_names)}
    problems: list[Problem] = []
    found: list[Misspelling] = []
    plan_regions: set[str] = set()
    actuals_regions: set[str] = set()
    without_actuals: list[str] = []

    def judged(group: _Group) -> Iterator[Result]:
        """The group's results; all it loaded is let go when the last is taken."""
        # plans first, then the actuals one file at a time: each is added to the plans of its
        # regions and dropped, so memory holds the group's plans and their observations
        every, broken, unrecognised = _load_plans(group.plans, limit)
        problems.extend(broken)
        plan_regions.update(one.plan.region for one in every)
        added = _add_actuals([*group.actuals, *unrecognised], every, limit)
        problems.extend(added.problems)
        actuals_regions.update(added.regions)
        ready = [one for one in every if one.plan_name not in added.broken]
        del every
        without_actuals.extend(one.plan_name for one in ready if not one.files)
        ready.reverse()  # popped from the end: each plan's observations go as soon as it is judged
        while ready:
            one = ready.pop()
            misses = _misspellings(one, added.near.pop(one.plan_name, ()))
            found.extend(misses)
            yield _with_suggestions(judge_plan(one, only, statuses), misses)

    def results() -> Iterator[Result]:
        groups.reverse()  # popped from the end: a group's file names go with it
        while groups:
            yield from judged(groups.pop())

    def finish(tally: Tally) -> Report:
        warnings = tuple(sorted(found, key=lambda miss: (miss.file, miss.line, miss.column, miss.plan_id)))
        if strict:
            problems.extend(miss.as_problem() for miss in warnings)
        return Report(
            results=(),
            problems=_unique(problems),
            plans_without_actuals=tuple(sorted(without_actuals, key=order.__getitem__)),
            actuals_without_plan=tuple(sorted(actuals_regions - plan_regions)),
            warnings=() if strict else warnings,
            counted=tally,
        )

    return ReportStream(results(), finish)


@dataclass(frozen=True, slots=True)
class _Group:
    """The files of a connected set of regions: plans, then actuals files, each in file order."""

    plans: list[str]
    actuals: list[str]


def _groups(kinds: dict[str, bool], max_bytes: int | None) -> list[_Group]:
    """The files in groups of regions that share no actuals file, in the order of each group's
    first plan; files that name no region (they cannot be valid) last, for their problems.

    A file whose regions the first pass cannot tell links every region: one group, as a whole check.
    """
    known: dict[str, frozenset[str]] = {}
    for name in kinds:
        regions = _named_regions(name, max_bytes)
        if regions is None:
            return [_Group(*_split(kinds))]
        known[name] = regions
    parent: dict[str, str] = {}

    def root(region: str) -> str:
        while (up := parent.setdefault(region, region)) != region:
            parent[region] = region = parent.setdefault(up, up)
        return region

    for regions in known.values():
        ordered = sorted(regions)
        for region in ordered[1:]:
            parent[root(region)] = root(ordered[0])
    by_root: dict[str, _Group] = {}
    loose = _Group([], [])
    plans, actuals = _split(kinds)
    for names, is_actuals in ((plans, False), (actuals, True)):
        for name in names:
            regions = known[name]
            group = by_root.setdefault(root(min(regions)), _Group([], [])) if regions else loose
            (group.actuals if is_actuals else group.plans).append(name)
    return [*by_root.values(), loose]


def _split(kinds: dict[str, bool]) -> tuple[list[str], list[str]]:
    """The plans' names and the actuals files' names, each in file order."""
    plans = [name for name, is_actuals in kinds.items() if not is_actuals]
    return plans, [name for name, is_actuals in kinds.items() if is_actuals]


def _named_regions(name: str, max_bytes: int | None) -> frozenset[str] | None:
    """The regions a file names; none when it cannot be read (loading it will say why)."""
    source = read_source(name, max_bytes)
    return frozenset() if isinstance(source, Problem) else named_regions(source)


def _each_plan(names: Iterable[str], max_bytes: int | None) -> Iterator[Plan]:
    """The valid plans among the files, loaded one at a time."""
    for name in names:
        loaded = load_file(name, max_bytes=max_bytes)
        if isinstance(loaded, PlanFile):
            yield loaded.plan


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    # an actuals file shared by several plans of one region would otherwise report its problem once per plan
    return tuple(sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.column, p.message)))


def _load_plans(
    names: Iterable[str], max_bytes: int | None
) -> tuple[list[Observations], list[Problem], list[str]]:
    """The valid plans, each as the observations it starts (which keep only what judging reads of
    it), the problems of the others, and actuals files the marker scan missed."""
    plans: list[Observations] = []
    shared = Shared()
    problems: list[Problem] = []
    unrecognised: list[str] = []
    for name in names:
        loaded = load_file(name, max_bytes=max_bytes)
        if isinstance(loaded, list):
            problems.extend(loaded)
        elif isinstance(loaded, PlanFile):
            plans.append(Observations(loaded.without_text(), shared))
        else:
            unrecognised.append(name)
        del loaded  # not held while the next file is read
    return plans, problems, unrecognised


@dataclass(frozen=True, slots=True)
class _Added:
    """What adding the actuals files found: the regions seen, the plans whose figures were
    inconsistent (reported, not judged), the problems, and each plan's unmatched ids near its own."""

    regions: set[str]
    broken: set[str]
    problems: list[Problem]
    near: dict[str, list[_NearMiss]]


def _add_actuals(names: Iterable[str], every: list[Observations], max_bytes: int | None) -> _Added:
    """Each actuals file added to the plans of its regions."""
    by_region: dict[str, list[Observations]] = {}
    for one in every:
        by_region.setdefault(one.plan.region, []).append(one)
    known = {region: {key for one in ones for key in one.indicators} for region, ones in by_region.items()}
    spellers = {one.plan_name: Speller(one.indicators) for one in every}
    added = _Added(set(), set(), [], {})
    for name in names:
        # loaded as the argument of a call, so that no name holds a file while the next is read
        _add_file(load_file(name, max_bytes=max_bytes), added, by_region, known, spellers)
    return added


def _add_file(
    loaded: PlanFile | ActualsFile | list[Problem],
    added: _Added,
    by_region: dict[str, list[Observations]],
    known: dict[str, set[str]],
    spellers: dict[str, Speller],
) -> None:
    """One actuals file added to the plans of its regions, or its problems to `added`."""
    if isinstance(loaded, list):
        added.problems.extend(loaded)
        return
    if isinstance(loaded, PlanFile):
        added.problems.append(_plan_among_actuals(loaded))
        return
    for region in loaded.actuals.by_region():
        added.regions.add(region)
        for one in by_region.get(region, []):
            found = one.add(loaded)
            if found:
                added.problems.extend(found)
                added.broken.add(one.plan_name)
            near = _near_misses(loaded, region, known[region], spellers[one.plan_name])
            added.near.setdefault(one.plan_name, []).extend(near)


# --- likely misspelt actuals ids -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NearMiss:
    """An actuals id that matches no indicator, where it is written, and the plan's ids nearest to it
    (a few letters away, all as near); which of those has no figure is known once every file is added."""

    file: str
    line: int
    column: int
    location: str
    key: str
    near: tuple[str, ...]


def _near_misses(file: ActualsFile, region: str, known: Collection[str], speller: Speller) -> list[_NearMiss]:
    """The ids of `region` in `file` that match none of `known` but are a few letters from a plan's id."""
    values = file.actuals.by_region().get(region)
    if values is None:
        return []
    prefix = ("regions", region, "values") if file.actuals.regions is not None else ("values",)
    found: list[_NearMiss] = []
    for key in values:
        if key in known:
            continue
        near = speller.near(key)
        if near:  # placed only when needed: most unmatched ids are nowhere near a plan's
            line, column, location = file.locate((*prefix, key), at_key=True)
            found.append(_NearMiss(file.name, line, column, location, key, near))
    return found


def _misspellings(observations: Observations, near: Iterable[_NearMiss]) -> tuple[Misspelling, ...]:
    """The near misses that misspell an indicator of the plan that has no figure: a typo leaves one
    unfed, while an id nearest to one that has its figure is another concept of the actuals file."""
    series, plan_id = observations.series, observations.plan.id
    found: list[Misspelling] = []
    for miss in near:
        unfed = next((key for key in miss.near if not series[key]), None)
        if unfed is not None:
            found.append(
                Misspelling(miss.file, miss.line, miss.column, miss.location, miss.key, plan_id, unfed)
            )
    return tuple(found)


def _with_suggestions(result: Result, found: Sequence[Misspelling]) -> Result:
    if not found:
        return result
    suggestions = {miss.key: miss.indicator for miss in reversed(found)}  # the first of each id wins
    ordered = tuple((key, suggestions[key]) for key in dict.fromkeys(miss.key for miss in found))
    return dataclasses.replace(result, suggestions=ordered)


def _plan_among_actuals(plan_file: PlanFile) -> Problem:
    return Problem(
        plan_file.name,
        1,
        1,
        "$",
        "this plan's 'dxcheck:' line reads like an actuals file's: write it as 'dxcheck: plan/1'",
    )
