"""The API's arguments, checked where a script passes them: a mistake is refused with what was given."""

from __future__ import annotations

import operator
import os
import reprlib
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from dxcheck.loading import ActualsFile, PlanFile
from dxcheck.problems import UsageError
from dxcheck.spelling import Speller, did_you_mean
from dxcheck.statuses import FlagKind, Status

if TYPE_CHECKING:
    from dxcheck.models import Plan

# A mistake (a bare 2025, the string "missed", one file instead of a list) is refused with what was
# given, never judged as no rows. The command line passes values it has already checked; these cost
# one pass over a few items.

_ACTUALS = "actuals must be a list of loaded actuals files such as [load_actuals(path)]"
_YEARS = "years must be an iterable of whole years such as [2025]"
_FAIL_ON = "fail_on must be a collection of statuses such as [Status.MISSED] or ['missed']"
_FLAGS = "fail_on must be a collection of flag kinds such as [FlagKind.CONFLICT] or ['conflict']"
_Member = TypeVar("_Member", bound=StrEnum)


def _written(value: object) -> str:
    """A value as the caller wrote it, cut short: `2025`, `'missed'`, `Status.MISSED`."""
    return f"{type(value).__name__}.{value.name}" if isinstance(value, StrEnum) else reprlib.repr(value)


def _shown(value: object) -> str:
    """A wrong argument as a message shows it: as written, and its type."""
    return _written(value) if isinstance(value, StrEnum) else f"{_written(value)} ({type(value).__name__})"


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


class YearWithoutTarget(UsageError):
    """A year asked for that no target of the plan (of any plan, for check) is set for.

    Judging it would give no row, which would read as nothing to worry about; the message names the
    years there are targets for. `year` is the first such year asked for.
    """

    def __init__(self, year: int, message: str) -> None:
        super().__init__(f"--year {year}", message)
        self.year = year


def checked_target_years(years: frozenset[int] | None, plans: Iterable[Plan]) -> None:
    """Refuse a year that none of `plans` has a target for (one plan: compare; several: check).

    The plans are taken one at a time, and only when there are years to check.
    """
    if years is None:
        return
    known: set[int] = set()
    first: Plan | None = None
    count = 0
    for plan in plans:
        first = plan if first is None else first
        count += 1
        known.update(year for indicator in plan.indicators for year in indicator.targets)
    missing = sorted(years.difference(known))
    if first is None or not missing:  # no plan to judge: an empty folder is no mistake of --year
        return
    year, listed = missing[0], ", ".join(map(str, sorted(known)))
    if count == 1:
        message = f"plan {first.id} has no target for {year} (its target years: {listed})"
    else:
        message = f"no plan has a target for {year} (their target years: {listed})"
    raise YearWithoutTarget(year, message)


def checked_fail_on(fail_on: object) -> frozenset[Status]:
    """The statuses that fail, from Status members or their names; TypeError for a bare string."""
    return _checked_members(fail_on, Status, _FAIL_ON, "status")


def checked_flag_kinds(fail_on: object) -> frozenset[FlagKind]:
    """The flag kinds that fail (`targets`), from FlagKind members or their names, as checked_fail_on."""
    return _checked_members(fail_on, FlagKind, _FLAGS, "flag kind")


def _checked_members(given: object, kind: type[_Member], expected: str, noun: str) -> frozenset[_Member]:
    """The members of `kind` named: TypeError for a bare string (a member is one too: it would be read
    letter by letter) or anything but text among them, ValueError for a name that is no member."""
    if isinstance(given, str):
        raise TypeError(f"{expected}, not one string {_shown(given)}: write [{_written(given)}]")
    if not isinstance(given, Iterable):
        raise TypeError(f"{expected}, not {_shown(given)}")
    members: set[_Member] = set()
    for item in given:
        if not isinstance(item, str):
            raise TypeError(f"{expected}, not {_shown(item)} among them")
        members.add(_member(item, kind, expected, noun))
    return frozenset(members)


def _member(name: str, kind: type[_Member], expected: str, noun: str) -> _Member:
    try:
        return kind(name)
    except ValueError:
        names = [member.value for member in kind]
        close = did_you_mean(Speller(names), name)
        hint = f" (did you mean {close!r}?)" if close else ""
        if name == "none":
            hint = " (the command line's 'none' is fail_on=[] here)"
        raise ValueError(f"{expected}; {name!r} is no {noun}{hint}: choose from {', '.join(names)}") from None


def checked_folders(folders: tuple[object, ...]) -> tuple[str | os.PathLike[str], ...]:
    """The folders, each a path; TypeError for anything else (a list of folders passed as one)."""
    paths: list[str | os.PathLike[str]] = []
    for folder in folders:
        if not isinstance(folder, str | os.PathLike):
            raise TypeError(
                "check takes each folder as its own argument, such as check('plans', 'actuals') or "
                f"check(*folders), not {reprlib.repr(folder)} ({type(folder).__name__})"
            )
        paths.append(folder)
    return tuple(paths)


def checked_max_bytes(max_bytes: object) -> int | None:
    """The size limit per file (None: the default); TypeError unless a whole number, ValueError below 1."""
    if max_bytes is None:
        return None
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be a whole number of bytes such as 20_000_000, not {max_bytes!r}")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be a whole number of bytes such as 20_000_000, not {max_bytes}")
    return max_bytes
