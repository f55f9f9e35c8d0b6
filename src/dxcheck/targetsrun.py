"""`dxcheck targets` end to end: the plans and actuals under folders or named as files, read and
checked together, then lined up region by region (matrix.line_up)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from dxcheck.arguments import checked_flag_kinds, checked_max_bytes
from dxcheck.discovery import discover
from dxcheck.lineup import Notice, TargetsReport
from dxcheck.loading import ActualsFile, PlanFile, load_file
from dxcheck.matrix import line_up
from dxcheck.observations import Observations
from dxcheck.problems import Problem
from dxcheck.spelling import Speller, did_you_mean
from dxcheck.statuses import FlagKind

DEFAULT_PLANS = "plans"
DEFAULT_ACTUALS = "actuals"


def default_actuals(first: str | os.PathLike[str] = DEFAULT_PLANS) -> list[str]:
    """The folder `actuals` beside the first input (a folder, or a file's folder), when it exists and
    is not inside the input already."""
    path = Path(first)
    if (path / DEFAULT_ACTUALS).is_dir():  # `dxcheck targets .`: the actuals are read with the rest
        return []
    folder = path if path.is_dir() else path.parent
    beside = folder.resolve().parent / DEFAULT_ACTUALS
    return [str(Path(os.path.relpath(beside)))] if beside.is_dir() else []


def _unknown_references(plan_files: list[PlanFile]) -> list[Notice]:
    """A `measured_against` id that names no plan read: a warning, since a run may read a few plans only."""
    known = [plan_file.plan.id for plan_file in plan_files]
    speller = Speller(known)
    notices: list[Notice] = []
    for plan_file in plan_files:
        for i, name in enumerate(plan_file.plan.measured_against):
            if name in known:
                continue
            line, column, location = plan_file.locate(("measured_against", i))
            near = did_you_mean(speller, name)
            hint = f"; did you mean '{near}'?" if near else " (it is left out of the comparison)"
            notices.append(Notice(plan_file.name, line, column, location, f"no plan '{name}' was read{hint}"))
    return notices


def _second_id(plan_file: PlanFile, first: PlanFile) -> Problem:
    line, column, location = plan_file.locate(("id",))
    message = f"plan id '{plan_file.plan.id}' is already used by {first.name}: each plan needs its own id"
    return Problem(plan_file.name, line, column, location, message)


def _add_actuals(
    files: list[str | ActualsFile], observed: list[Observations], max_bytes: int | None
) -> list[Problem]:
    """Each actuals file (a name is loaded here) added to the plans of its regions, one at a time."""
    by_region: dict[str, list[Observations]] = {}
    for one in observed:
        by_region.setdefault(one.plan.region, []).append(one)
    problems: list[Problem] = []
    for file in files:
        loaded = load_file(file, max_bytes=max_bytes) if isinstance(file, str) else file
        if isinstance(loaded, list):
            problems.extend(loaded)
        elif isinstance(loaded, ActualsFile):
            for region in loaded.actuals.by_region():
                for one in by_region.get(region, ()):
                    problems.extend(one.add(loaded))
    return problems


def _paths(given: tuple[object, ...], what: str) -> list[str]:
    """The folders and files given, as text; TypeError for anything else (a list passed as one)."""
    paths: list[str] = []
    for path in given:
        if not isinstance(path, str | os.PathLike):
            raise TypeError(
                f"targets takes each {what} as its own argument, such as "
                f"targets('plans', actuals=['actuals']), not {path!r} ({type(path).__name__})"
            )
        paths.append(str(os.fspath(path)))
    return paths


def targets(
    *paths: str | os.PathLike[str],
    actuals: Iterable[str | os.PathLike[str]] | None = None,
    fail_on: Iterable[FlagKind | str] = (),
    max_bytes: int | None = None,
) -> TargetsReport:
    """What `dxcheck targets` does: every plan under the folders or among the files (default
    `plans`), side by side per region, with its flags.

    The actuals files among them and under `actuals` (default: the folder `actuals` beside the first
    path, when it exists) give the figures for the "achieved when issued" flag. Problems of the
    files are in the report (exit code 2), never raised; arguments of the wrong kind raise
    TypeError or ValueError.
    """
    given = _paths(paths, "folder or file") or [DEFAULT_PLANS]
    if isinstance(actuals, str | os.PathLike):
        raise TypeError(
            f"actuals is a list of folders or files, such as actuals=['actuals'], not {actuals!r}"
        )
    extra = default_actuals(given[0]) if actuals is None else _paths(tuple(actuals), "actuals folder or file")
    kinds, limit = checked_flag_kinds(fail_on), checked_max_bytes(max_bytes)
    return _line_up([*given, *extra], kinds, limit)


def _line_up(inputs: list[str], fail_on: frozenset[FlagKind], max_bytes: int | None) -> TargetsReport:
    """The files under the inputs read, checked together and lined up; their problems in the report."""
    found = discover(inputs, files=True)
    problems = list(found.problems)
    plan_files: dict[str, PlanFile] = {}
    # plans first; actuals marked as such are read after them one at a time, each then dropped
    actuals: list[str | ActualsFile] = [name for name, is_actuals in found.kinds.items() if is_actuals]
    for name in (name for name, is_actuals in found.kinds.items() if not is_actuals):
        loaded = load_file(name, max_bytes=max_bytes)
        if isinstance(loaded, list):
            problems.extend(loaded)
        elif isinstance(loaded, ActualsFile):
            actuals.append(loaded)  # a file named, or one the marker scan did not know
        elif loaded.plan.id in plan_files:
            problems.append(_second_id(loaded, plan_files[loaded.plan.id]))
        else:
            plan_files[loaded.plan.id] = loaded
    observed = [Observations(plan_file) for plan_file in plan_files.values()]
    problems.extend(_add_actuals(actuals, observed, max_bytes))
    report = line_up(observed, {plan_file.name: plan_file.plan for plan_file in plan_files.values()}, fail_on)
    unique = sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.column, p.message))
    warnings = tuple(_unknown_references(list(plan_files.values())))
    return TargetsReport(
        report.plans,
        report.actuals,
        report.regions,
        report.flags,
        problems=tuple(unique),
        warnings=warnings,
        fail_on=report.fail_on,
    )
