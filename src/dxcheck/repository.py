"""The data-repository gate: find every dxcheck file under a folder, load them all, judge every plan."""

from __future__ import annotations

import os
import re
import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxcheck.comparison import Series, checked_fail_on, checked_years
from dxcheck.files import Source
from dxcheck.loading import PlanFile, load_file
from dxcheck.problems import Problem
from dxcheck.results import DEFAULT_FAIL_ON, ExitCode, Result, Status

_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?dxcheck:", re.MULTILINE)  # at a line start, after a BOM too
_ACTUALS_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?dxcheck:[ \t]*[\"']?actuals/", re.MULTILINE)
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

    def as_dict(self, lang: str = "vi", with_results: bool = True) -> dict[str, Any]:
        """The JSON result of `dxcheck check`, `check/1` (`results` left empty without `with_results`)."""
        return {
            "dxcheck": "check/1",
            "results": [result.as_dict(lang) for result in self.results] if with_results else [],
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


def _head(path: Path) -> bytes | None:
    """A file's first MiB, where its marker must be; None when it cannot be read."""
    try:
        with path.open("rb") as stream:
            return stream.read(_SCANNED_BYTES)
    except OSError:
        return None


def has_marker(path: Path) -> bool:
    """Whether a file has a line starting `dxcheck:` in its first MiB: unrelated YAML is never parsed."""
    head = _head(path)
    return head is None or _MARKER.search(head) is not None  # unreadable: loading will say why


def find_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """The dxcheck files under `folder`, in a stable order; hidden folders and node_modules skipped."""
    return (name for name, _ in _find(folder))


def _find(folder: str | os.PathLike[str]) -> Iterator[tuple[str, bool]]:
    """find_files, with whether each file's marker says actuals: one read of each file's head."""
    root = Path(folder)
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(name for name in subdirs if not _is_skipped(name))
        for name in sorted(files):
            if not name.endswith(_SUFFIXES) or name.startswith("."):
                continue
            path = Path(directory) / name
            head = _head(path)
            if head is None:
                yield str(path), False  # loading reports why it cannot be read
            elif _MARKER.search(head) is not None:
                yield str(path), _ACTUALS_MARKER.search(head) is not None


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    # an actuals file shared by several plans of one region would otherwise report its problem once per plan
    return tuple(sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.column, p.message)))


def _not_a_folder(folder: str | os.PathLike[str]) -> Problem:
    if Path(folder).exists():
        message = "not a folder: give the folder that holds plans and actuals (dxcheck validate takes files)"
    else:
        message = "no such folder"
    return Problem(str(folder), 1, 1, "$", message)


def _check_arguments(folders: tuple[object, ...], max_bytes: object) -> None:
    """TypeError for a folder that is no path (a list of them passed as one), or a size that is no number."""
    for folder in folders:
        if not isinstance(folder, str | os.PathLike):
            raise TypeError(
                "check takes each folder as its own argument, such as check('plans', 'actuals') or "
                f"check(*folders), not {reprlib.repr(folder)} ({type(folder).__name__})"
            )
    if max_bytes is None:
        return
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be a whole number of bytes such as 20_000_000, not {max_bytes!r}")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be a whole number of bytes such as 20_000_000, not {max_bytes}")


def check(
    *folders: str | os.PathLike[str],
    years: Iterable[int] | None = None,
    fail_on: Iterable[Status | str] = DEFAULT_FAIL_ON,
    max_bytes: int | None = None,
) -> CheckResult:
    """Judge every plan under the folders (default `.`) against every actuals file for its region.

    `max_bytes` is the size limit per file, as in `load_file`. Arguments of the wrong kind raise
    TypeError or ValueError, as `compare`'s do.
    """
    only, statuses = checked_years(years), checked_fail_on(fail_on)
    _check_arguments(folders, max_bytes)
    missing = [_not_a_folder(folder) for folder in folders if not Path(folder).is_dir()]
    if missing:
        return CheckResult((), tuple(missing))
    kinds = dict(found for folder in folders or (".",) for found in _find(folder))
    # plans first, then the actuals one file at a time: each is added to the plans of its regions
    # and dropped, so memory holds the plans and their observations, not the whole repository
    actuals = [name for name, is_actuals in kinds.items() if is_actuals]
    plans, problems, unrecognised = _load_plans(
        [name for name, is_actuals in kinds.items() if not is_actuals], max_bytes
    )
    series = {plan_file.name: Series(plan_file) for plan_file in plans}
    regions, broken, more = _add_actuals([*actuals, *unrecognised], list(series.values()), max_bytes)
    judged = [one for name, one in series.items() if name not in broken]
    return CheckResult(
        results=tuple(one.judge(only, statuses) for one in judged),
        problems=_unique([*problems, *more]),
        plans_without_actuals=tuple(one.plan_file.name for one in judged if not one.files),
        actuals_without_plan=tuple(sorted(regions - {plan_file.plan.region for plan_file in plans})),
        sources={plan_file.name: plan_file.source for plan_file in plans},
    )


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
    names: Iterable[str], every: list[Series], max_bytes: int | None
) -> tuple[set[str], set[str], list[Problem]]:
    """Each actuals file added to the plans of its regions: the regions seen, the plans whose
    figures were inconsistent (reported, not judged), and the problems."""
    by_region: dict[str, list[Series]] = {}
    for one in every:
        by_region.setdefault(one.plan_file.plan.region, []).append(one)
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
                    broken.add(one.plan_file.name)
    return regions, broken, problems


def _plan_among_actuals(plan_file: PlanFile) -> Problem:
    return Problem(
        plan_file.name,
        1,
        1,
        "$",
        "this plan's 'dxcheck:' line reads like an actuals file's: write it as 'dxcheck: plan/1'",
    )
