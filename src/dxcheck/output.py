"""Writing a report (or a new file) atomically, never over an input: a crash or Ctrl-C never leaves
half a report, and no spelling of a path lets dxcheck write over the user's data."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

# a new report is created as any program creates a file, so the umask (and a folder's default
# ACL) decide its permissions: 0644 under the usual umask 022, not mkstemp's private 0600
_NEW_FILE_MODE = 0o666
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


INPUT_REFUSED = "--output names a dxcheck input file; dxcheck never overwrites its inputs"
EXISTS_REFUSED = "the file exists: give --force to replace it"


def why_refused(
    path: Path, reads: Iterable[str], *, draft_year: int | None = None, force: bool = False
) -> str | None:
    """Why `path` may not be written, or None when it may: the one rule of every command that writes.

    Never a file the command reads, however its path is spelt (`./x`, `../dir/x`, a symbolic or hard
    link: the file itself is compared), and never a dxcheck file (a plan or actuals), read this time
    or not: a report replaces only other files. A new actuals file for `draft_year` (`init actuals`)
    replaces an existing file only with `force`, and a dxcheck file only when it is an actuals file of
    that same year (the draft being started again), never a plan or another year's figures.
    """
    message = why_unwritable(path)
    if message is not None or is_special(path) or not path.exists():
        return message
    from dxcheck.discovery import actuals_year, has_marker

    if _is_among(path, reads):
        return INPUT_REFUSED
    if has_marker(path) and (draft_year is None or actuals_year(path) != draft_year):
        return INPUT_REFUSED
    return EXISTS_REFUSED if draft_year is not None and not force else None


def _is_among(path: Path, names: Iterable[str]) -> bool:
    """Whether `path` is the same file as one of `names`: its device and inode, not its spelling."""
    for name in names:
        try:
            if os.path.samefile(path, name):
                return True
        except OSError:  # a name that is missing is read by nothing, and loading says so
            continue
    return False


def why_unwritable(path: Path) -> str | None:
    """Why a report cannot be written to `path`, or None when it can: asked before any work is done."""
    folder = path.parent
    if path.is_dir():
        return "--output names a folder, not a file"
    if is_special(path):
        return None if os.access(path, os.W_OK) else f"{path} cannot be written to (permission denied)"
    if not folder.is_dir():
        if folder.exists():
            return f"{folder} is a file, not a folder"
        import shlex

        return f"the folder {folder} does not exist; create it first (mkdir -p {shlex.quote(str(folder))})"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written to (permission denied)"
    return None


def is_special(path: Path) -> bool:
    """Whether `path` is a device, a pipe or a socket (`/dev/null`): written into, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomically(path: Path, pieces: Iterable[str] | Iterable[bytes]) -> None:
    """Write the pieces of a text (or a binary report's chunks of bytes) in order to a temporary file beside
    `path`, then rename it over `path`.

    A file it replaces keeps its permissions; a new one gets those any new file gets.
    """
    if is_special(path):
        with path.open("wb") as stream:
            _put(stream, pieces)
        return
    handle, temporary = _create_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            _keep_mode(path, temporary)
            _put(stream, pieces)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _put(stream: BinaryIO, pieces: Iterable[str] | Iterable[bytes]) -> None:
    """Text as UTF-8, its line ends as the reporter made them; bytes as they are."""
    for piece in pieces:
        stream.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file in `path`'s folder, hidden, named after it; an InputError if refused."""
    for _ in range(100):
        temporary = path.with_name(f".{path.name[:200]}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temporary, _FLAGS, _NEW_FILE_MODE), temporary
        except FileExistsError:
            continue
        except OSError as error:
            from dxcheck.problems import InputError, Problem

            message = f"cannot write the report: {error.strerror or error}"
            raise InputError([Problem(str(path), 1, 1, "$", message)]) from error
    raise FileExistsError(f"no free temporary name beside {path}")


def _keep_mode(path: Path, temporary: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temporary, mode)
