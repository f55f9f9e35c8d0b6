"""The data-repository gate: find every dxcheck file under a folder, load them all, judge every plan."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxcheck.comparison import compare
from dxcheck.files import Source
from dxcheck.loading import ActualsFile, PlanFile, load_file
from dxcheck.problems import InputError, Problem
from dxcheck.results import DEFAULT_FAIL_ON, ExitCode, Result, Status

_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?dxcheck:", re.MULTILINE)  # at a line start, after a BOM too
_SUFFIXES = (".yaml", ".yml")
# independent of the size limit, so that a file too large to load is still found, and reported
_SCANNED_BYTES = 1024 * 1024
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Every plan under a folder judged against the actuals for its region, and what was wrong."""

    results: tuple[Result, ...]
    problems: tuple[Problem, ...] = ()
    plans_without_actuals: tuple[str, ...] = ()
    actuals_without_plan: tuple[str, ...] = ()
    # each plan's text by file name, so a reporter can point at a target's line
    sources: dict[str, Source] = field(default_factory=dict, repr=False, compare=False)

    @property
    def exit_code(self) -> ExitCode:
        if self.problems:
            return ExitCode.INPUT_ERROR
        return max((result.exit_code for result in self.results), default=ExitCode.OK)

    def summary(self) -> dict[str, int]:
        """How many targets of all plans have each status."""
        counts = dict.fromkeys((status.value for status in Status), 0)
        for result in self.results:
            for status, count in result.summary().items():
                counts[status] += count
        return counts

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The JSON result of `dxcheck check`, `check/1`."""
        return {
            "dxcheck": "check/1",
            "results": [result.as_dict(lang) for result in self.results],
            "problems": [
                {
                    "file": problem.file,
                    "line": problem.line,
                    "column": problem.column,
                    "location": problem.location,
                    "message": problem.message,
                }
                for problem in self.problems
            ],
            "plans_without_actuals": list(self.plans_without_actuals),
            "actuals_without_plan": list(self.actuals_without_plan),
            "summary": self.summary(),
            "exit_code": int(self.exit_code),
        }


def _is_skipped(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED_DIRS


def has_marker(path: Path) -> bool:
    """Whether a file has a line starting `dxcheck:` in its first MiB: unrelated YAML is never parsed."""
    try:
        with path.open("rb") as stream:
            return _MARKER.search(stream.read(_SCANNED_BYTES)) is not None
    except OSError:
        return True  # let loading report why it cannot be read


def find_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """The dxcheck files under `folder`, in a stable order; hidden folders and node_modules skipped."""
    root = Path(folder)
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(name for name in subdirs if not _is_skipped(name))
        for name in sorted(files):
            path = Path(directory) / name
            if name.endswith(_SUFFIXES) and not name.startswith(".") and has_marker(path):
                yield str(path)


def _load_all(
    names: Iterable[str], max_bytes: int | None
) -> tuple[list[PlanFile], list[ActualsFile], list[Problem]]:
    plans: list[PlanFile] = []
    actuals: list[ActualsFile] = []
    problems: list[Problem] = []
    for name in names:
        loaded = load_file(name, max_bytes=max_bytes)
        if isinstance(loaded, list):
            problems.extend(loaded)
        elif isinstance(loaded, PlanFile):
            plans.append(loaded)
        else:
            actuals.append(loaded)
    return plans, actuals, problems


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    # an actuals file shared by several plans of one region would otherwise report its problem once per plan
    return tuple(sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.column, p.message)))


def _not_a_folder(folder: str | os.PathLike[str]) -> Problem:
    if Path(folder).exists():
        message = "not a folder: give the folder that holds plans and actuals (dxcheck validate takes files)"
    else:
        message = "no such folder"
    return Problem(str(folder), 1, 1, "$", message)


def check(
    *folders: str | os.PathLike[str],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status] = DEFAULT_FAIL_ON,
    max_bytes: int | None = None,
) -> CheckResult:
    """Judge every plan under the folders (default `.`) against every actuals file for its region.

    `max_bytes` is the size limit per file, as in `load_file`.
    """
    missing = [_not_a_folder(folder) for folder in folders if not Path(folder).is_dir()]
    if missing:
        return CheckResult((), tuple(missing))
    names = dict.fromkeys(name for folder in folders or (".",) for name in find_files(folder))
    plans, actuals, problems = _load_all(names, max_bytes)
    only = tuple(years) if years is not None else None
    statuses = frozenset(fail_on)
    results: list[Result] = []
    without_actuals: list[str] = []
    for plan_file in plans:
        region = plan_file.plan.region
        used = [file for file in actuals if region in file.actuals.by_region()]
        if not used:
            without_actuals.append(plan_file.name)
        try:
            results.append(compare(plan_file, used, years=only, fail_on=statuses))
        except InputError as error:
            problems.extend(error.problems)
    planned = {plan_file.plan.region for plan_file in plans}
    regions = {region for file in actuals for region in file.actuals.by_region()}
    return CheckResult(
        results=tuple(results),
        problems=_unique(problems),
        plans_without_actuals=tuple(without_actuals),
        actuals_without_plan=tuple(sorted(regions - planned)),
        sources={plan_file.name: plan_file.source for plan_file in plans},
    )
