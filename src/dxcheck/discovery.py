"""Finding dxcheck files under folders: YAML files with a `dxcheck:` line, none of the others parsed."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dxcheck.problems import Problem

_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?dxcheck:", re.MULTILINE)  # at a line start, after a BOM too
_ACTUALS_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?dxcheck:[ \t]*[\"']?actuals/", re.MULTILINE)
_YEAR = re.compile(rb"^year:[ \t]*([0-9]{4})[ \t]*(?:#.*)?$", re.MULTILINE)  # a top-level key, in block style
_SUFFIXES = (".yaml", ".yml")
# independent of the size limit, so that a file too large to load is still found, and reported
_SCANNED_BYTES = 1024 * 1024
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


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


def actuals_year(path: Path) -> int | None:
    """The year of an actuals file, read from its head; None when it is not one or its year is not
    plainly written there (a `{flow: mapping}`, an unreadable file)."""
    head = _head(path)
    if head is None or _ACTUALS_MARKER.search(head) is None:
        return None
    found = _YEAR.search(head)
    return int(found[1]) if found is not None else None


def find_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """The dxcheck files under `folder`, in a stable order; hidden folders and node_modules skipped."""
    return (name for name, _ in find_marked(folder))


def find_marked(folder: str | os.PathLike[str]) -> Iterator[tuple[str, bool]]:
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


@dataclass(frozen=True, slots=True)
class Found:
    """The dxcheck files the paths given lead to, and why a path led to none."""

    kinds: dict[str, bool]  # each file once, in order: whether its marker says actuals
    named: frozenset[str]  # the files given by name (also when a folder has them too): each read to know
    problems: list[Problem]


def discover(paths: Iterable[str | os.PathLike[str]], *, files: bool) -> Found:
    """The dxcheck files under each folder given and, with `files`, each file given, in the order given.

    A file met twice — folders that overlap (`.` and `plans`), one folder spelt two ways, a file also
    named — is there once, under its first name. A path that is missing is a problem, and so is a file
    when only folders are taken (`check`).
    """
    kinds: dict[str, bool] = {}
    named: set[str] = set()
    first: dict[Path, str] = {}  # each file's real path, and the name it was first met under
    problems: list[Problem] = []

    def add(name: str, is_actuals: bool) -> str:
        """The name the file is known by: `name`, or the one it was met under before."""
        known = first.setdefault(Path(name).resolve(), name)
        kinds.setdefault(known, is_actuals)
        return known

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for name, is_actuals in find_marked(path):
                add(name, is_actuals)
        elif files and path.exists():
            head = _head(path)
            named.add(add(os.fspath(given), head is not None and _ACTUALS_MARKER.search(head) is not None))
        else:
            problems.append(_missing(os.fspath(given), path, files))
    return Found(kinds, frozenset(named), problems)


def _missing(name: str, path: Path, files: bool) -> Problem:
    """Why a path given leads to no file: it is missing, or a file where a folder is wanted."""
    if files:
        message = "no such file or folder"
    elif path.exists():
        message = "not a folder: give the folder that holds plans and actuals (dxcheck validate takes files)"
    else:
        message = "no such folder"
    return Problem(name, 1, 1, "$", message)
