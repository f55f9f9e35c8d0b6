"""Reading input files: the size limit, the encoding, and one placed problem when a file cannot be read."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import BinaryIO

from dxcheck.problems import Problem

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_BYTES_ENV = "DXCHECK_MAX_FILE_SIZE"
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """A file's name as the user gave it, and its decoded text."""

    name: str
    text: str


def max_bytes() -> int:
    """The size limit per file: DXCHECK_MAX_FILE_SIZE if it is a whole number of bytes, else 10 MB."""
    limit = _env_limit()
    return limit if isinstance(limit, int) else DEFAULT_MAX_BYTES


def _env_limit() -> int | str:
    """The limit from the environment, or the reason the variable cannot be used."""
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_MAX_BYTES
    if not re.fullmatch(r"\s*[0-9]+\s*", raw) or int(raw) < 1:
        return f"{MAX_BYTES_ENV}={raw[:40]!r} is not a size: give a whole number of bytes, such as 20000000"
    return int(raw)


def read_source(name: str, limit: int | None = None) -> Source | Problem:
    """Read and decode a file, or say in one problem why it cannot be read.

    The size is checked before anything is parsed, and at most `limit` + 1 bytes are ever read, so a
    huge file or an endless device costs no more memory than the limit.
    """
    if limit is None:
        env = _env_limit()
        if isinstance(env, str):
            return _file_problem(name, env)
        limit = env
    path = FsPath(name)
    try:
        if path.is_dir():
            return _file_problem(name, "is a directory, not a YAML file: give the path of a file")
        if not path.exists():
            if path.is_symlink():
                return _file_problem(name, "is a broken symbolic link: the file it points to does not exist")
            return _file_problem(name, "no such file")
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                return _too_large(name, limit)
            data = _read_at_most(handle, limit)
    except OSError as error:
        return _file_problem(name, f"cannot read file: {error.strerror or error}")
    except ValueError as error:  # a path with a NUL byte in it
        return _file_problem(name, f"cannot read file: {error}")
    if len(data) > limit:
        return _too_large(name, limit)
    try:
        return Source(name, decode(data))
    except ReadError as error:
        line, column = position_of_byte(data, error.offset)
        return Problem(name, line, column, "$", str(error))


def _read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The file's bytes, or limit + 1 of them when it is larger.

    Read in chunks, because `read(n)` sets aside n bytes at once, which a limit raised to 100 GB
    would not survive.
    """
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_large(name: str, limit: int) -> Problem:
    return _file_problem(
        name,
        f"file is larger than the limit of {limit} bytes (raise it with --max-file-size or {MAX_BYTES_ENV})",
    )


def _file_problem(name: str, message: str) -> Problem:
    return Problem(name, 1, 1, "$", message)


class ReadError(Exception):
    """Bytes that are not UTF-8 text; `offset` is where in the file the trouble starts."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped, CRLF accepted); UTF-16, binary and invalid bytes are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("file is UTF-16 encoded: save it as UTF-8")
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    nul = data.find(b"\x00", start)
    if nul >= 0:
        raise ReadError("file contains NUL bytes: it is binary or UTF-16, not UTF-8 YAML", nul)
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as failure:
        offset = start + failure.start
        raise ReadError(
            f"file is not valid UTF-8 (byte 0x{data[offset]:02x}): save it as UTF-8", offset
        ) from None


def position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, a BOM not counted) of a byte offset."""
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    text = before[line_start:].decode("utf-8", "replace").lstrip("\ufeff")
    return before.count(b"\n") + 1, len(text) + 1
