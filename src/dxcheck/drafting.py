"""`dxcheck init actuals` wired: load the plans and earlier actuals, read a CSV export, write the new
file's text, and load that text back, so that what is written is known to validate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dxcheck.csvimport import read_figures
from dxcheck.discovery import discover
from dxcheck.files import read_source
from dxcheck.loading import ActualsFile, PlanFile, load_actuals, load_plan, load_text
from dxcheck.models import Plan
from dxcheck.problems import InputError, Problem
from dxcheck.scaffold import Draft, RegionError, indicators, regions, render


@dataclass(frozen=True, slots=True)
class Request:
    """What `dxcheck init actuals` was asked for."""

    plans: Sequence[str]
    year: int
    lang: str = "vi"
    region: str | None = None
    actuals: Sequence[str] = ()
    csv: str | None = None
    max_bytes: int | None = None
    output: str | None = None  # the file to be written: never read from a folder given with --actuals


def read_names(request: Request) -> list[str]:
    """Every file drafting reads (none of which may be overwritten): the plans, the earlier actuals,
    the CSV."""
    csv = [request.csv] if request.csv is not None else []
    return [*request.plans, *_actuals(request.actuals, request.output)[0], *csv]


def draft_actuals(request: Request) -> str:
    """The new actuals file's text; InputError with every problem of the inputs, RegionError for --region."""
    plan_files, actuals_files, problems = _load(request)
    if problems:
        raise InputError(problems)
    plans = [file.plan for file in plan_files]
    chosen = regions(plans, request.region)
    draft = Draft(request.year, plans, request.lang, request.region, actuals_files)
    if request.csv is not None:
        draft = _with_csv(draft, request, chosen)
    text = render(draft)
    checked = load_text("<dxcheck init actuals>", text)
    if isinstance(checked, list):  # a fault of dxcheck's, never of the input: said as one
        raise AssertionError("the file written does not validate:\n" + "\n".join(map(str, checked)))
    return text


def _load(request: Request) -> tuple[list[PlanFile], list[ActualsFile], list[Problem]]:
    problems: list[Problem] = []
    plan_files: list[PlanFile] = []
    for name in _once_each(request.plans):
        try:
            plan_files.append(load_plan(name, max_bytes=request.max_bytes))
        except InputError as error:
            problems.extend(error.problems)
    actuals_files: list[ActualsFile] = []
    names, missing = _actuals(request.actuals, request.output)
    problems.extend(missing)
    for name in names:
        try:
            actuals_files.append(load_actuals(name, max_bytes=request.max_bytes))
        except InputError as error:
            problems.extend(error.problems)
    return plan_files, actuals_files, problems


def _once_each(names: Sequence[str]) -> list[str]:
    """The names given, a file named twice (`plans/*.yaml plans/x.yaml`) once."""
    first: dict[Path, str] = {}
    for name in names:
        first.setdefault(Path(name).resolve(), name)
    return list(first.values())


def _actuals(given: Sequence[str], output: str | None) -> tuple[list[str], list[Problem]]:
    """The files given, and the actuals files under each folder given: not its plans, and not the
    file about to be replaced (`init actuals -a actuals -o actuals/actuals-2025.yaml --force`)."""
    found = discover(given, files=True)
    replaced = Path(output).resolve() if output is not None else None
    names = [
        name
        for name, is_actuals in found.kinds.items()
        if name in found.named or (is_actuals and Path(name).resolve() != replaced)
    ]
    return names, found.problems


def _with_csv(draft: Draft, request: Request, chosen: dict[str, list[Plan]]) -> Draft:
    """The draft with the CSV's figures, for the one region they can be for."""
    assert request.csv is not None
    if len(chosen) > 1:
        listed = ", ".join(f"'{name}'" for name in chosen)
        raise RegionError(f"the plans are for {listed}: give --region to say whose figures the CSV holds")
    source = read_source(request.csv, request.max_bytes)
    if isinstance(source, Problem):
        raise InputError([source])
    [plans] = chosen.values()
    imported = read_figures(source, indicators(plans), request.year)
    if isinstance(imported, list):
        raise InputError(imported)
    return replace(draft, figures=imported.figures, sources=tuple(imported.sources.values()))
