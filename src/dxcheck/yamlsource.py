"""Reading YAML safely: plain data only, every problem placed at its line and column.

The document is built from the parser's events rather than with `yaml.load`, so that nothing is ever
constructed from a tag, aliases cannot expand, duplicate keys are caught, nesting is bounded without
recursion, and scalars are read by a small YAML 1.2-style resolver (`no` stays text, `1_000`, `0x1F`
and `1:30` are not numbers). Positions are not kept on the fast path: `locate` composes the document
again, only when a problem has to be placed.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

import yaml

from dxcheck.expressions import ExpressionError, to_decimal
from dxcheck.problems import Path, Problem, format_path

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_BYTES_ENV = "DXCHECK_MAX_FILE_SIZE"
MAX_DEPTH = 32
MAX_PROBLEMS = 100
MAX_SCALAR = 100_000

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_YAML11_BOOL = frozenset(
    {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
)


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar: null, true/false, a whole number, a decimal, or text."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] in "0123456789+-.":
        if _INT.fullmatch(text):
            return int(to_decimal(text))
        if _FLOAT.fullmatch(text):
            return to_decimal(text)
    return text


def is_yaml11_bool(text: object) -> bool:
    """`yes`, `no`, `on`, `off`…: booleans in YAML 1.1, text here."""
    return isinstance(text, str) and text in _YAML11_BOOL


@dataclass(frozen=True, slots=True)
class Source:
    """A file's name as the user gave it, and its decoded text."""

    name: str
    text: str


class ReadError(Exception):
    """A file that cannot be read or decoded; the message names what to do."""


def max_bytes() -> int:
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None:
        return DEFAULT_MAX_BYTES
    try:
        return max(1, int(raw))
    except ValueError:
        return DEFAULT_MAX_BYTES


def read_source(name: str, limit: int | None = None) -> Source | Problem:
    """Read and decode a file, or say in one problem why it cannot be read."""
    limit = max_bytes() if limit is None else limit
    path = FsPath(name)
    try:
        if path.is_dir():
            return _file_problem(name, "is a directory, not a YAML file")
        if not path.exists():
            reason = "is a broken symbolic link" if path.is_symlink() else "no such file"
            return _file_problem(name, reason)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return _file_problem(name, f"cannot read file: {error.strerror or error}")
    if len(data) > limit:
        return _file_problem(
            name,
            f"file is larger than the limit of {limit} bytes "
            f"(raise it with --max-file-size or {MAX_BYTES_ENV})",
        )
    try:
        return Source(name, decode(data))
    except ReadError as error:
        line, column = _position_of_byte(data, getattr(error, "offset", 0))
        return Problem(name, line, column, "$", str(error))


def _file_problem(name: str, message: str) -> Problem:
    return Problem(name, 1, 1, "$", message)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped, CRLF accepted); UTF-16, binary and invalid bytes are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("file is UTF-16 encoded; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        error = ReadError("file contains NUL bytes: it is binary or UTF-16, not UTF-8 YAML")
        error.offset = nul  # type: ignore[attr-defined]
        raise error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as failure:
        error = ReadError(f"file is not valid UTF-8 (byte 0x{data[failure.start]:02x}); save it as UTF-8")
        error.offset = failure.start  # type: ignore[attr-defined]
        raise error from None
    return text


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


class _Frame:
    __slots__ = ("container", "key", "key_mark", "skip")

    def __init__(self, container: dict[Any, Any] | list[Any] | None) -> None:
        self.container = container
        self.key: Any = _NO_KEY
        self.key_mark: Any = None
        self.skip = False


_NO_KEY = object()
_DROP = object()


class _Builder:
    """Turns parser events into plain dicts, lists and scalars, collecting problems on the way."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.bad_paths: list[Path] = []
        self.stack: list[_Frame] = []
        self.root: Any = _NO_KEY
        self.documents = 0
        self.too_deep = 0

    def problem(self, mark: Any, message: str, path: Path | None = None) -> None:
        path = self.path() if path is None else path
        self.bad_paths.append(path)
        if len(self.problems) < MAX_PROBLEMS:
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            self.problems.append(Problem(self.source.name, line, column, format_path(path), message))

    def path(self) -> Path:
        parts: list[str | int] = []
        for frame in self.stack:
            if isinstance(frame.container, list):
                parts.append(len(frame.container))
            elif frame.key is not _NO_KEY and frame.key is not _DROP:
                parts.append(str(frame.key))
        return tuple(parts)

    def add(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            container.append(value)
        elif isinstance(container, dict):
            if frame.key is _NO_KEY:
                self.add_key(frame, container, value, mark)
            else:
                if frame.key is not _DROP:
                    container[frame.key] = value
                frame.key = _NO_KEY

    def add_key(self, frame: _Frame, container: dict[Any, Any], key: Any, mark: Any) -> None:
        if isinstance(key, dict | list) or key is None or isinstance(key, bool | Decimal):
            self.problem(mark, "keys must be plain text or whole numbers")
            key = _DROP
        elif key == "<<":
            self.problem(mark, "merge keys (<<) are not supported: write the keys out")
            key = _DROP
        elif key in container:
            self.problem(
                mark,
                f"duplicate key {key!r}: it is already set above, and YAML readers "
                "would silently keep only one of the two",
                (*self.path(), str(key)),
            )
            key = _DROP
        frame.key, frame.key_mark = key, mark

    def start(self, container: dict[Any, Any] | list[Any], event: Any) -> None:
        self.check_node(event)
        if self.too_deep or len(self.stack) >= MAX_DEPTH:
            if not self.too_deep:
                self.problem(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            self.too_deep += 1
            return
        self.stack.append(_Frame(container))

    def end(self, event: Any) -> None:
        if self.too_deep:
            self.too_deep -= 1
            if not self.too_deep:
                self.add(None, event.start_mark)
            return
        frame = self.stack.pop()
        self.add(frame.container, event.start_mark)

    def check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                f"anchors (&{event.anchor}) and aliases are not supported: write the value out",
            )
        tag = event.tag
        if tag is not None and tag != "!":
            self.problem(
                event.start_mark, f"explicit tags ({tag}) are not allowed: dxcheck reads plain YAML only"
            )

    def scalar(self, event: Any) -> None:
        if self.too_deep:
            return
        self.check_node(event)
        text: str = event.value
        if len(text) > MAX_SCALAR:
            self.problem(event.start_mark, f"text longer than {MAX_SCALAR} characters")
            text = text[:MAX_SCALAR]
        value: Any
        if event.implicit[0] and event.tag is None:
            try:
                value = resolve_plain(text)
            except ExpressionError as error:
                self.problem(event.start_mark, str(error))
                value = None
        else:
            value = text
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        self.add(value, event.start_mark)

    def alias(self, event: Any) -> None:
        if not self.too_deep:
            self.problem(event.start_mark, "aliases (*name) are not supported: write the value out")
            self.add(None, event.start_mark)

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents == 2:
            self.problem(event.start_mark, "several YAML documents in one file: put each in its own file", ())


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document's plain data, or the problems that kept it from being read; `bad_paths` are the
    places already reported, so later checks can stay quiet about them."""

    source: Source
    data: Any
    problems: tuple[Problem, ...]
    bad_paths: tuple[Path, ...]
    fatal: bool


def parse(source: Source) -> Parsed:
    """Parse one YAML document into plain data, without constructing anything from tags."""
    builder = _Builder(source)
    parser = _Parser(source.text)
    fatal = False
    try:
        for event in _events(parser):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                builder.scalar(event)
            elif kind is yaml.MappingStartEvent:
                builder.start({}, event)
            elif kind is yaml.SequenceStartEvent:
                builder.start([], event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                builder.end(event)
            elif kind is yaml.AliasEvent:
                builder.alias(event)
            elif kind is yaml.DocumentStartEvent:
                builder.document(event)
    except yaml.MarkedYAMLError as error:
        fatal = True
        builder.problem(error.problem_mark, _syntax_message(error), ())
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports reader errors unmarked
        fatal = True
        builder.problem(None, f"invalid YAML: {error}", ())
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    data = None if builder.root is _NO_KEY else builder.root
    if not fatal and builder.documents == 0:
        builder.problem(None, "the file is empty: expected a mapping with a 'dxcheck:' key", ())
        fatal = True
    return Parsed(source, data, tuple(builder.problems), tuple(builder.bad_paths), fatal)


def _events(parser: Any) -> Iterator[Any]:
    while parser.check_event():
        yield parser.get_event()


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if "\\t" in problem or "\t" in problem or "tab" in problem:
        return f"invalid YAML: {problem} (tabs cannot indent YAML: use spaces)"
    context = f" {error.context}" if error.context else ""
    return f"invalid YAML: {problem}{context}".rstrip()


class _Composer(_Parser):
    """Composes a node tree whose scalars keep the style they were written in (for `locate`)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return "!plain"
        return "!other"

    def descend_resolver(self, *args: Any) -> None:  # the pure-Python composer calls these
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


def locate(source: Source, path: Path, at_key: bool = False) -> tuple[int, int, str]:
    """The line, column and printable location of `path` (a pydantic `loc` or our own) in the document.

    Walks as far as the document goes; a path that ends in a key the document lacks (a missing
    field) is placed at the mapping that should hold it. An int step into something that is not a
    list is skipped: a single value stands for a list of one. With `at_key`, a mapping entry is
    placed at its key rather than its value (for unknown keys).
    """
    try:
        node = _Composer(source.text).get_single_node()
    except yaml.YAMLError:
        node = None
    if node is None:
        return 1, 1, format_path(tuple(str(step) for step in path))
    mark = node.start_mark
    shown: list[str | int] = []
    rest = list(path)
    while rest:
        step = rest[0]
        child, key_node = _child(node, step)
        if child is None:
            if isinstance(step, int) and not isinstance(node, yaml.SequenceNode):
                rest.pop(0)
                continue
            break
        rest.pop(0)
        shown.append(str(step) if key_node is not None else step)
        node = child
        mark = key_node.start_mark if (at_key and key_node is not None) else child.start_mark
    if isinstance(node, yaml.MappingNode):  # a missing key; a scalar stands for its own wrapping
        shown.extend(str(step) for step in rest)
    return mark.line + 1, mark.column + 1, format_path(tuple(shown))


def _child(node: Any, step: str | int) -> tuple[Any, Any]:
    if isinstance(node, yaml.SequenceNode):
        if isinstance(step, int) and 0 <= step < len(node.value):
            return node.value[step], None
        return None, None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and str(_key_value(key_node)) == str(step):
                return value_node, key_node
    return None, None


def _key_value(node: Any) -> Any:
    if node.tag == "!plain":
        try:
            value = resolve_plain(node.value)
        except ExpressionError:
            return node.value
    else:
        value = node.value
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value
