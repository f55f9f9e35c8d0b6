"""Reading YAML safely: plain data only, every problem placed at its line and column.

The document is built from the parser's events rather than with `yaml.load`, so that nothing is ever
constructed from a tag, aliases cannot expand, duplicate keys are caught, nesting is bounded without
recursion, and scalars are read the YAML 1.2 way (scalars.py). Positions are not kept while reading:
`locate` indexes the document again (once per text), only when a problem has to be placed.
Reading and decoding the file itself is files.py.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from dxcheck.expressions import ExpressionError
from dxcheck.files import Source, position_of_byte
from dxcheck.problems import Path, Problem, format_path
from dxcheck.scalars import resolve_plain
from dxcheck.text import fold

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

MAX_DEPTH = 32
MAX_PROBLEMS = 100
MAX_SCALAR = 100_000
# values (scalars, lists, mappings) per file: the biggest real files hold a few thousand; the cap keeps
# the memory of validating, and of reporting every wrong key, proportionate however the file is written
MAX_NODES = 100_000
# a key longer than this is cut short where it is shown in a location
_SHOWN_KEY = 60


class _Frame:
    __slots__ = ("container", "folded", "key", "key_mark", "mark")

    def __init__(self, container: dict[Any, Any] | list[Any], mark: Any) -> None:
        self.container = container
        self.mark = mark  # where the collection starts: a list or mapping used as a key is placed here
        # every key so far by its folded form: "Hoá" and "Hóa", 2025 and "2025" are one key
        self.folded: dict[str, object] = {} if isinstance(container, dict) else _NO_KEYS
        self.key: Any = _NO_KEY
        self.key_mark: Any = None


_NO_KEY = object()
_DROP = object()
_NO_KEYS: dict[str, object] = {}  # shared by every list, which has no keys


class _Abort(Exception):
    """Raised to stop reading: past the depth limit the parser's own bookkeeping grows with the
    depth of every open flow collection, and past the node limit so would validation's."""


class _Builder:
    """Turns parser events into plain dicts, lists and scalars, collecting problems on the way."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.bad_paths: set[tuple[str, ...]] = set()
        self.stack: list[_Frame] = []
        self.root: Any = _NO_KEY
        self.documents = 0
        self.more = 0
        self.nodes = 0
        self.finished = False  # every event was read: no syntax error or limit stopped reading
        self.too_deep = False  # reading stopped at MAX_DEPTH
        self.last: Any = None  # the last event read before a syntax error

    def problem(self, mark: Any, message: str, path: Path | None = None) -> None:
        path = self.path() if path is None else path
        if path:  # a problem of the whole document must not silence the checks of its parts
            self.bad_paths.add(tuple(str(step) for step in path))
        if len(self.problems) < MAX_PROBLEMS:
            line, column = place(self.source.text, mark)
            self.problems.append(Problem(self.source.name, line, column, _shown(path), message))
        else:
            self.more += 1

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
            if self.root is _NO_KEY:  # a second document is reported, not read
                self.root = value
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            container.append(value)
        elif frame.key is _NO_KEY:
            self.add_key(frame, value, mark)
        else:
            if frame.key is not _DROP:
                container[frame.key] = value
            frame.key = _NO_KEY

    def add_key(self, frame: _Frame, key: Any, mark: Any) -> None:
        if isinstance(key, dict | list) or key is None or isinstance(key, bool | Decimal):
            self.problem(
                mark,
                "a key must be text or a whole number"
                + (" (quote it if it is meant as text)" if isinstance(key, bool | Decimal) else ""),
            )
            key = _DROP
        elif key == "<<":
            self.problem(mark, "merge keys (<<) are not supported: write the keys out")
            key = _DROP
        else:
            folded = _folded(key)
            if folded in frame.folded:
                first = frame.folded[folded]
                shown = _shown_key(key) if isinstance(key, int) else repr(_shown_key(key))
                same = ""
                if first != key:
                    same = f" (the same as {first if isinstance(first, int) else repr(_shown_key(first))})"
                self.problem(
                    mark,
                    f"duplicate key {shown}{same}: it is already set above, and YAML readers would "
                    "silently keep only one of the two",
                    (*self.path(), str(key)),
                )
                key = _DROP
            else:
                frame.folded[folded] = key
        frame.key, frame.key_mark = key, mark

    def count(self, event: Any) -> None:
        """Raise _Abort past MAX_NODES; `nodes` already counts `event`."""
        if self.nodes > MAX_NODES:
            self.problem(
                event.start_mark, f"more than {MAX_NODES} values in one file: split it into several files", ()
            )
            raise _Abort

    def start(self, container: dict[Any, Any] | list[Any], event: Any) -> None:
        self.nodes += 1
        self.count(event)
        self.check_node(event)
        if len(self.stack) >= MAX_DEPTH:
            self.too_deep = True
            self.problem(event.start_mark, _too_deep())
            raise _Abort
        self.stack.append(_Frame(container, event.start_mark))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        self.add(frame.container, frame.mark)

    def check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                f"anchors (&{_shown_key(event.anchor)}) and aliases are not supported: write the value out",
            )
        tag = event.tag
        if tag is not None and tag != "!":
            self.problem(
                event.start_mark,
                f"explicit tags ({_shown_key(_short_tag(tag))}) are not allowed: dxcheck reads plain "
                "YAML only; remove the tag",
            )

    def scalar(self, event: Any) -> None:
        # the hottest path of reading: checks that almost never fire are tested inline first
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.count(event)
        if event.anchor is not None or event.tag is not None:
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
            if not text and event.style == ">":
                self.empty_folded(event)
        value = _nfc(value)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key is not _NO_KEY and frame.key is not _DROP:
            frame.container[frame.key] = value  # a mapping's value: the common case
            frame.key = _NO_KEY
        else:
            self.add(value, event.start_mark)

    def empty_folded(self, event: Any) -> None:
        # `b: >5` is valid YAML: a folded text, indented by 5, that the next line leaves empty
        hint = _quote_hint(self.source.text, event.start_mark)
        if hint is not None:
            message = "the value is empty: YAML reads a value that starts with '>' as a folded text"
            self.problem(event.start_mark, message + hint)

    def alias(self, event: Any) -> None:
        # an alias is never expanded, so an alias bomb costs one None per alias written
        self.nodes += 1
        self.count(event)
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
    bad_paths: frozenset[tuple[str, ...]]
    fatal: bool
    # problems found beyond MAX_PROBLEMS, counted but not kept
    more: int = 0


def parse(source: Source) -> Parsed:
    """Parse the first YAML document into plain data, without constructing anything from tags.

    Most files are valid and ordinary, and reading them is most of the time of a check: they are read
    in one tight loop (`_parse_fast`); a file with anything else is read again, from the start, by the
    builder that places problems (`_parse_full`). Either way the result is the same.
    """
    try:
        data = _parse_fast(source.text)
    except _Bail:
        return _parse_full(source)
    return Parsed(source, data, (), frozenset(), False)


class _Bail(Exception):
    """Raised by the fast path on anything it leaves to the full builder."""


def _parse_fast(text: str) -> Any:
    """The data of a valid, ordinary document, exactly as `_parse_full` reads it; else raise _Bail.

    Anything that would make a problem, or that the full builder treats specially (an anchor, alias
    or tag, a duplicate or unusual key, a limit reached, a second document or none, a syntax error),
    bails out where it is met: a limit is checked as it is reached, so a hostile file costs at most
    one partial read more.
    """
    parser = _Parser(text)
    try:
        return _build_fast(parser)
    except (yaml.YAMLError, ExpressionError) as error:
        raise _Bail from error
    finally:
        _dispose(parser)


def _build_fast(parser: Any) -> Any:  # noqa: PLR0912, PLR0915 - one loop is the point: calls cost here
    # `_Builder` in one loop, with its rules for values and keys and its limits, but no paths or marks
    get = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    resolved: dict[str, Any] = {}  # plain text: its value
    stack: list[tuple[Any, set[str] | None, Any]] = []
    container: Any = None  # the innermost open mapping or list; None outside the root
    keys: set[str] | None = None  # the folded keys of `container` when it is a mapping
    key: Any = _NO_KEY  # the key whose value comes next
    root: Any = _NO_KEY
    nodes = documents = 0
    value: Any
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            nodes += 1
            text: str = event.value
            if (
                event.tag is not None
                or event.anchor is not None
                or len(text) > MAX_SCALAR
                or nodes > MAX_NODES
            ):
                raise _Bail
            if event.implicit[0]:
                # a document repeats its keys and many of its values: each text is resolved once
                value = resolved.get(text, _NO_KEY)
                if value is _NO_KEY:
                    value = resolved[text] = _nfc(resolve_plain(text))
            else:
                if not text and event.style == ">":  # an unquoted '>5' reads as an empty folded text
                    raise _Bail
                value = text if text.isascii() else _nfc(text)
        elif kind is mapping_start or kind is sequence_start:
            nodes += 1
            if (
                event.tag is not None
                or event.anchor is not None
                or nodes > MAX_NODES
                or len(stack) >= MAX_DEPTH
            ):
                raise _Bail
            stack.append((container, keys, key))
            container, keys, key = ({}, set(), _NO_KEY) if kind is mapping_start else ([], None, _NO_KEY)
            continue
        elif kind is mapping_end or kind is sequence_end:
            value = container
            container, keys, key = stack.pop()
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise _Bail
            continue
        elif kind is alias_event:
            raise _Bail
        elif event is None or kind is stream_end:
            break
        else:
            continue
        if key is not _NO_KEY:
            container[key] = value
            key = _NO_KEY
        elif keys is not None:
            key = value
            folded = value if type(value) is str and value.isascii() and value != "<<" else _fast_key(value)
            if folded in keys:
                raise _Bail
            keys.add(folded)
        elif container is not None:
            container.append(value)
        else:
            root = value
    if not documents:
        raise _Bail
    return None if root is _NO_KEY else root


def _nfc(value: Any) -> Any:
    """Text in NFC, as both builders leave every text they read; any other value as it is."""
    if type(value) is str and not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def _folded(key: str | int) -> str:
    """The form in which both builders compare keys: "Hoá" and "Hóa", 2025 and "2025" are one key."""
    return key if type(key) is str and key.isascii() else fold(str(key))


def _fast_key(key: Any) -> str:
    """`_folded` for a key the fast path takes as it is (text or a whole number); _Bail for any key
    `_Builder.add_key` would report."""
    if (type(key) is not str and type(key) is not int) or key == "<<":
        raise _Bail
    return _folded(key)


def _parse_full(source: Source) -> Parsed:
    """`parse` through `_Builder`, which reports every problem at its line and column."""
    builder = _Builder(source)
    error = _read(builder, source.text)
    if error is not None and _is_too_deep(error) and error.problem_mark is not None:
        # libyaml (PyYAML 6.0.4 on) refuses deep flow nesting itself, scanning ahead of the events it
        # has given: read the text up to where it stopped, so that dxcheck's own limit stops it, at
        # the place and with the path it has under every PyYAML
        again = _Builder(source)
        _read(again, source.text[: error.problem_mark.index])
        if again.too_deep:
            builder, error = again, None
    if error is not None:
        mark, message = _syntax_problem(error, source.text, builder.last)
        builder.problem(mark, message, ())
    data = None if builder.root is _NO_KEY else builder.root
    fatal = not builder.finished
    if builder.finished and builder.documents == 0:
        builder.problem(None, "the file is empty: expected a mapping with a 'dxcheck:' key", ())
        fatal = True
    return Parsed(source, data, tuple(builder.problems), frozenset(builder.bad_paths), fatal, builder.more)


def _read(builder: _Builder, text: str) -> yaml.MarkedYAMLError | None:
    """Give `text`'s events to `builder`; the syntax error that stopped reading, if one did."""
    handlers: dict[type, Any] = {
        yaml.ScalarEvent: builder.scalar,
        yaml.MappingStartEvent: lambda event: builder.start({}, event),
        yaml.SequenceStartEvent: lambda event: builder.start([], event),
        yaml.MappingEndEvent: builder.end,
        yaml.SequenceEndEvent: builder.end,
        yaml.AliasEvent: builder.alias,
        yaml.DocumentStartEvent: builder.document,
    }
    parser = _Parser(text)
    event = None
    try:
        for event in _events(parser):
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
        builder.finished = True
    except _Abort:
        pass
    except yaml.MarkedYAMLError as error:
        builder.last = event
        return error
    except yaml.reader.ReaderError as error:
        builder.problems.append(_reader_problem(builder.source, error))
    except yaml.YAMLError as error:  # pragma: no cover - any other error of the parser, unplaced
        builder.problem(None, f"invalid YAML: {_one_line(str(error))}", ())
    finally:
        _dispose(parser)
    return None


def _reader_problem(source: Source, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML forbids (a control character): libyaml gives its position in UTF-8 bytes."""
    line, column = position_of_byte(source.text.encode("utf-8", "replace"), error.position)
    message = f"invalid YAML: {_one_line(str(error.reason))}"
    if isinstance(error.character, int):
        message += f" (character U+{error.character:04X} cannot appear in YAML: remove it)"
    return Problem(source.name, line, column, "$", message)


def _dispose(parser: Any) -> None:
    dispose = getattr(parser, "dispose", None)
    if dispose is not None:
        dispose()


def _events(parser: Any) -> Iterator[Any]:
    get = parser.get_event
    while True:
        event = get()
        if event is None or type(event) is yaml.StreamEndEvent:
            return
        yield event


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, last: Any) -> tuple[Any, str]:
    """Where a syntax error is placed and what it says: the parser's words and, where dxcheck can tell
    what went wrong, what to write. `last` is the last event read before the error."""
    if _is_too_deep(error):
        return error.problem_mark, _too_deep()
    problem = _one_line(error.problem or "invalid YAML")
    context = f" {_one_line(error.context)}" if error.context else ""
    message = f"invalid YAML: {problem}{context}".rstrip()
    unclosed = _unclosed_quote(error, text, last, message)
    if unclosed is not None:
        return unclosed
    for mark in (error.context_mark, error.problem_mark):
        hint = _quote_hint(text, mark)
        if hint is not None:  # placed at the '>' that starts the value
            return mark, message + hint
    line = _line_at(error, text)
    if "tab" in problem or "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
        message += " (tabs cannot indent YAML: use spaces)"
    elif _is_long_key(error, text):
        message += " (a key longer than 1024 characters cannot be read: shorten it)"
    elif any(words in problem for words in _INDENTATION_TROUBLE):
        message += " (check the indentation of this line and the line above, and that each has 'key: value')"
    return error.problem_mark, message


def _too_deep() -> str:
    return f"nesting deeper than {MAX_DEPTH} levels: dxcheck files are flatter than this"


def _is_too_deep(error: yaml.MarkedYAMLError) -> bool:
    """libyaml's own nesting limit (1000 levels in libyaml 0.2.6): "exceeded maximum nesting depth"."""
    words = f"{error.problem} {error.context}".lower()
    return "nesting" in words or "depth" in words


def _unclosed_quote(
    error: yaml.MarkedYAMLError, text: str, last: Any, message: str
) -> tuple[Any, str] | None:
    """A quoted text whose closing quote is missing, placed where it opens: the parser ran on to the
    end of the file, or to the next quote of its kind lines below, and stopped there."""
    mark, stop = error.context_mark, error.problem_mark
    quote = _char_at(text, mark)
    if (
        quote in ("'", '"')
        and "quoted" in (error.context or "")
        and any(words in message for words in ("end of stream", "document indicator"))
    ):
        return mark, f"{message} (a quoted text that is never closed: add the closing {quote})"
    if (
        getattr(last, "style", None) in ("'", '"')  # a quoted scalar
        and stop is not None
        and last.start_mark.line < last.end_mark.line == stop.line
        and any(
            _YAML_LINE.match(line)
            for line in text[last.start_mark.index : last.end_mark.index].split("\n")[1:]
        )
    ):
        quote = _char_at(text, last.start_mark)
        return last.start_mark, (
            f"invalid YAML: the quoted text that opens here runs on to line {stop.line + 1}, where reading "
            f"stops ({message.removeprefix('invalid YAML: ')}): add the closing {quote} where the text ends"
        )
    return None


# a line that reads as YAML's `key: value` or `- item`: not a line of a quoted text
_YAML_LINE = re.compile(r"\s*(?:-\s|[^\s#'\"][^:]*:(?:\s|$))")


def _char_at(text: str, mark: Any) -> str:
    index: int = -1 if mark is None else mark.index
    return text[index] if 0 <= index < len(text) else ""


# a comparison written without quotes, which YAML reads as a folded text: `>= 70`, `> 98`, `>5`
_UNQUOTED_COMPARISON = re.compile(r">=?\s*[-+~]?\s*\.?[0-9]")


def _quote_hint(text: str, mark: Any) -> str | None:
    """For a value at `mark` that is an unquoted comparison, the hint to quote it, with the key and
    the value as the line writes them; None for any other value.

    `2025: >= 70` gives " (an expression such as '>= 70' must be in quotes: write 2025: '>= 70')".
    """
    if _char_at(text, mark) != ">":
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    before = text[start : mark.index]
    written = text[mark.index : len(text) if end < 0 else end].split(" #", 1)[0]
    if "{" in before or "[" in before:  # in a flow collection the value ends at the next , } or ]
        written = re.split(r"[,}\]]", written, maxsplit=1)[0]
    written = written.strip()
    if not _UNQUOTED_COMPARISON.match(written):
        return None
    quoted = "'" + written.replace("'", "''") + "'"
    lead = before.rstrip()
    if lead.endswith(":"):
        key = re.split(r"[{\[,]", lead[:-1])[-1].strip(" -")
        return f" (an expression such as {quoted} must be in quotes: write {_shown_key(key)}: {quoted})"
    if not lead or lead.endswith(("-", "[", ",")):
        item = "- " if lead.endswith("-") else ""
        return f" (an expression such as {quoted} must be in quotes: write {item}{quoted})"
    return None


def _is_long_key(error: yaml.MarkedYAMLError, text: str) -> bool:
    """A key longer than libyaml reads without `? `: the error is at the colon that ends it."""
    mark: Any = error.problem_mark
    if _char_at(text, mark) != ":":
        return False
    part = text[text.rfind("\n", 0, mark.index) + 1 : mark.index]
    if "{" in part or "[" in part:
        part = re.split(r"[{\[,]", part)[-1]
    return ": " not in part and len(part.strip(" -")) > 1024


def place(text: str, mark: Any) -> tuple[int, int]:
    """Line and column (from 1) of a parser mark in `text`, counted as editors and `grep -n` count.

    libyaml also starts a line at U+0085, U+2028 and U+2029, which editors show inside a line (they
    come with text pasted from Word or PDF); with one of those in the file, count from the mark's
    character index instead.
    """
    if mark is None:
        return 1, 1
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return mark.line + 1, mark.column + 1
    index = min(mark.index, len(text))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# libyaml's words for a line that does not fit the structure around it: mostly a slipped indentation
_INDENTATION_TROUBLE = (
    "did not find expected key",
    "mapping values are not allowed",
    "did not find expected <document start>",
    "did not find expected '-' indicator",
    "could not find expected ':'",
)


def _line_at(error: yaml.MarkedYAMLError, text: str) -> str:
    """The line a syntax error is placed on, whatever the parser called the error."""
    mark = error.problem_mark
    if mark is None:
        return ""
    line = place(text, mark)[0] - 1
    lines = text.split("\n", line + 1)
    return lines[line] if line < len(lines) else ""


def _short_tag(tag: str) -> str:
    """A tag as it was written: `tag:yaml.org,2002:str` is `!!str`."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown_key(key: object) -> str:
    text = str(key)
    return text if len(text) <= _SHOWN_KEY else text[:_SHOWN_KEY] + "…"


def _shown(path: Path) -> str:
    return format_path(tuple(step if isinstance(step, int) else _shown_key(step) for step in path))


@dataclass(slots=True)
class _Node:
    """Where a node starts, and its children: by key text for a mapping, by index for a list."""

    mark: Any
    entries: dict[str, tuple[Any, _Node]] | None = None
    items: list[_Node] | None = None


class _Indexer:
    """Builds `_Node`s from events without recursion; nesting past MAX_DEPTH is not indexed."""

    def __init__(self) -> None:
        self.root: _Node | None = None
        self.stack: list[tuple[_Node, list[Any]]] = []  # a node, and its pending [key, key mark]
        self.skipped = 0

    def start(self, event: Any) -> None:
        if self.skipped or len(self.stack) >= MAX_DEPTH:
            self.skipped += 1
            return
        is_map = type(event) is yaml.MappingStartEvent
        node = _Node(event.start_mark, {} if is_map else None, None if is_map else [])
        self.root = node if self.root is None else self.root
        self.stack.append((node, [_NO_KEY, None]))

    def end(self, event: Any) -> None:
        if self.skipped:
            self.skipped -= 1
            if not self.skipped:
                self.attach(_Node(event.start_mark), None)
            return
        self.attach(self.stack.pop()[0], None)

    def leaf(self, event: Any) -> None:
        if self.skipped:
            return
        node = _Node(event.start_mark)
        self.root = node if self.root is None else self.root
        self.attach(node, _key_text(event) if type(event) is yaml.ScalarEvent else None)

    def attach(self, node: _Node, key: str | None) -> None:
        if not self.stack:
            return
        parent, pending = self.stack[-1]
        if parent.items is not None:
            parent.items.append(node)
        elif pending[0] is _NO_KEY:
            pending[:] = [key, node.mark]
        else:
            if isinstance(pending[0], str) and parent.entries is not None:
                parent.entries.setdefault(pending[0], (pending[1], node))  # the first of duplicates is read
            pending[:] = [_NO_KEY, None]


@functools.lru_cache(maxsize=8)
def _index(text: str) -> _Node | None:
    """The first document's nodes with their marks (or as many as precede a syntax error).

    Cached: a file with many problems, or a reporter placing every row, reads the text once.
    """
    indexer = _Indexer()
    handlers: dict[type, Any] = {
        yaml.ScalarEvent: indexer.leaf,
        yaml.AliasEvent: indexer.leaf,
        yaml.MappingStartEvent: indexer.start,
        yaml.SequenceStartEvent: indexer.start,
        yaml.MappingEndEvent: indexer.end,
        yaml.SequenceEndEvent: indexer.end,
    }
    parser = _Parser(text)
    try:
        for event in _events(parser):
            if type(event) is yaml.DocumentEndEvent:
                break
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
    except yaml.YAMLError:
        pass  # place what was read before the error
    finally:
        _dispose(parser)
    return indexer.root


def _key_text(event: Any) -> str:
    """A scalar key as the builder reads it, as text: `2025` and `"2025"` are both "2025"."""
    text: str = event.value[:MAX_SCALAR]
    value: Any = text
    if event.implicit[0] and event.tag is None:
        try:
            value = resolve_plain(text)
        except ExpressionError:
            value = text
    key: str = _nfc(str(value))
    return key


def locate(source: Source, path: Path, at_key: bool = False) -> tuple[int, int, str]:
    """The line, column and printable location of `path` (a pydantic `loc` or our own) in the document.

    Walks as far as the document goes; a path that ends in a key the document lacks (a missing
    field) is placed at the mapping that should hold it. An int step into something that is not a
    list is skipped: a single value stands for a list of one. With `at_key`, a mapping entry is
    placed at its key rather than its value (for unknown keys).
    """
    node = _index(source.text)
    if node is None:
        return 1, 1, _shown(tuple(str(step) for step in path))
    mark = node.mark
    shown: list[str | int] = []
    rest = list(path)
    while rest:
        step = rest[0]
        child, key_mark = _child(node, step)
        if child is None:
            if isinstance(step, int) and node.items is None:
                rest.pop(0)
                continue
            break
        rest.pop(0)
        shown.append(str(step) if key_mark is not None else step)
        node = child
        mark = key_mark if (at_key and key_mark is not None) else child.mark
    if node.entries is not None:  # a missing key; a scalar stands for its own wrapping
        shown.extend(str(step) for step in rest)
    line, column = place(source.text, mark)
    return line, column, _shown(tuple(shown))


def _child(node: _Node, step: str | int) -> tuple[_Node | None, Any]:
    if node.items is not None:
        if isinstance(step, int) and 0 <= step < len(node.items):
            return node.items[step], None
        return None, None
    if node.entries is not None:
        found = node.entries.get(str(step))
        if found is not None:
            key_mark, child = found
            return child, key_mark
    return None, None
