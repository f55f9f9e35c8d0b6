"""One walk over libyaml's events: a document's plain data, where each node is written, and its problems."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

import yaml

from dxcheck.expressions import ExpressionError
from dxcheck.files import Source
from dxcheck.folding import fold
from dxcheck.positions import Kind, Label, Positions, place, shown_key, shown_location
from dxcheck.problems import DocPath, Problem
from dxcheck.scalars import resolve_plain
from dxcheck.yamlerrors import one_line, quote_hint, reader_problem

MAX_DEPTH = 32
MAX_PROBLEMS = 100
MAX_SCALAR = 100_000
# values (scalars, lists, mappings) per file: the biggest real files hold a few thousand; the cap keeps
# the memory of validating, and of reporting every wrong key, proportionate however the file is written
MAX_NODES = 100_000

_ITEM = object()  # a list's frame: its next value is appended
_NO_KEY = object()  # a mapping's frame: its next value is a key
_DROP = object()  # a refused key: its value is read, and its problems reported, but it is not kept
_UNSET = object()
_SCALAR, _ALIAS, _DOCUMENT_START = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_LIST_START, _LIST_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class _Frame:
    """An open mapping or list: its container, where it starts, and what its next value is."""

    __slots__ = ("collection", "container", "folded", "key", "mark", "node")

    def __init__(self, container: dict[Any, Any] | list[Any], mark: Any, node: int, collection: int) -> None:
        self.container = container
        self.mark = mark  # a list or mapping used as a key is placed here
        self.node = node
        self.collection = collection  # its place in `Positions.collections`
        self.key: Any = _NO_KEY if isinstance(container, dict) else _ITEM
        # every key so far by its folded form: "Hoá" and "Hóa", 2025 and "2025" are one key
        self.folded: dict[str, Any] = {}


class _Abort(Exception):
    """Raised to stop reading: past the depth limit the parser's own bookkeeping grows with the
    depth of every open flow collection, and past the node limit so would validation's."""


class Walk:
    """Takes a parser's events once: builds the plain data, fills `positions`, collects problems.

    Every rule is here once: no tags, anchors, aliases or merge keys; keys are text or whole numbers,
    each once up to Unicode form and tone-mark placement; depth, values and text length are bounded;
    one document; plain scalars read the YAML 1.2 way.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.positions = Positions(source.text)
        self.problems: list[Problem] = []
        self.bad_paths: set[tuple[str, ...]] = set()
        self.more = 0  # problems found beyond MAX_PROBLEMS, counted but not kept
        self.frames: list[_Frame] = []
        self.root: Any = _UNSET
        self.documents = 0
        self.finished = False  # every event was read: no syntax error or limit stopped reading
        self.too_deep = False  # reading stopped at MAX_DEPTH
        self.error: yaml.MarkedYAMLError | None = None  # the syntax error that stopped reading
        self.last: Any = None  # the last event read before `error`
        # a document repeats its keys and many of its values: each plain text is resolved once
        self.resolved: dict[str, Any] = {}

    @property
    def data(self) -> Any:
        return None if self.root is _UNSET else self.root

    def read(self, parser: Any) -> None:
        """Take `parser`'s events up to the end, a syntax error or a limit."""
        try:
            self._walk(parser.get_event)
            self.finished = True
        except _Abort:
            pass
        except yaml.reader.ReaderError as error:
            self.problems.append(reader_problem(self.source, error))
        except yaml.MarkedYAMLError as error:
            self.error = error
        except yaml.YAMLError as error:  # pragma: no cover - any other error of the parser, unplaced
            self.problem(None, f"invalid YAML: {one_line(str(error))}", ())
        finally:
            for frame in self.frames:  # what was read stays placeable
                self.positions.ends[frame.collection] = len(self.positions.labels)

    def _walk(self, get: Any) -> None:  # noqa: PLR0912 - one loop is the point: calls cost here
        # the hottest loop of a check: reading is a quarter of its time, and a method call per event
        # makes reading half as slow again, so the common cases are inline and the rest goes to the
        # methods that hold the rules
        positions, frames, resolved, limit = self.positions, self.frames, self.resolved, MAX_NODES
        labels, add_line, add_column = positions.labels, positions.lines.append, positions.columns.append
        frame: _Frame | None = None  # the innermost open collection
        event = None
        try:
            for event in iter(get, None):
                kind = type(event)
                if kind is _SCALAR:  # `_count` and `_record`, inline
                    node, mark = len(labels), event.start_mark
                    if node >= limit:
                        self._count(mark)
                    add_line(mark.line)
                    add_column(mark.column)
                    labels.append(None)
                    is_plain = event.implicit[0] and event.tag is None and event.anchor is None
                    value = resolved.get(event.value, _UNSET) if is_plain else _UNSET  # read before?
                    if value is _UNSET:
                        value = self._scalar(event)
                elif kind is _MAPPING_START or kind is _LIST_START:
                    frame = self._open(event, {} if kind is _MAPPING_START else [])
                    continue
                elif kind is _MAPPING_END or kind is _LIST_END:
                    done = frames.pop()
                    positions.ends[done.collection] = len(labels)
                    value, node, mark = done.container, done.node, done.mark
                    frame = frames[-1] if frames else None
                elif kind is _ALIAS:
                    value, node, mark = None, self._alias(event), event.start_mark
                else:
                    if kind is _DOCUMENT_START:
                        self._document(event)
                    continue
                if frame is None:
                    self._add_root(value)
                    continue
                key = frame.key
                if key is _ITEM:
                    frame.container.append(value)  # type: ignore[union-attr]  # a list's frame
                elif key is _NO_KEY:
                    key = frame.key = self._add_key(frame, value, mark)
                    if key is not _DROP:
                        labels[node] = key
                else:
                    if key is not _DROP:
                        frame.container[key] = value
                    frame.key = _NO_KEY
        except yaml.MarkedYAMLError:
            self.last = event  # the event read before the error: an unclosed quote is placed by it
            raise

    def _scalar(self, event: Any) -> Any:
        """A scalar's value: a plain one read the YAML 1.2 way, any other as its text, in NFC."""
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        text: str = event.value
        cut = len(text) > MAX_SCALAR
        if cut:
            self.problem(event.start_mark, f"text longer than {MAX_SCALAR} characters")
            text = text[:MAX_SCALAR]
        if not (event.implicit[0] and event.tag is None):
            if not text and event.style == ">":
                self._empty_folded(event)
            return _nfc(text)
        try:
            value = _nfc(resolve_plain(text))
        except ExpressionError as error:
            self.problem(event.start_mark, str(error))
            return None
        if not cut:  # the next time this text is read plain, it is looked up
            self.resolved[text] = value
        return value

    def _open(self, event: Any, container: dict[Any, Any] | list[Any]) -> _Frame:
        """A mapping or list starts: counted, checked, and its frame pushed."""
        mark = event.start_mark
        node = self._count(mark)
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        if len(self.frames) >= MAX_DEPTH:
            self.too_deep = True
            self.problem(mark, too_deep())
            raise _Abort
        self._record(mark, Kind.MAPPING if isinstance(container, dict) else Kind.LIST)
        positions = self.positions
        frame = _Frame(container, mark, node, len(positions.collections))
        positions.collections.append(node)
        positions.ends.append(node + 1)  # set when it ends
        self.frames.append(frame)
        return frame

    def _alias(self, event: Any) -> int:
        """An alias, never expanded: an alias bomb costs one None per alias written. Its node."""
        node = self._count(event.start_mark)
        self._record(event.start_mark, None)
        self.problem(event.start_mark, "aliases (*name) are not supported: write the value out")
        return node

    def _count(self, mark: Any) -> int:
        """The number of the node that starts at `mark`; past MAX_NODES, reading stops here."""
        node = len(self.positions.labels)
        if node >= MAX_NODES:
            self.problem(mark, f"more than {MAX_NODES} values in one file: split it into several files", ())
            raise _Abort
        return node

    def _record(self, mark: Any, label: Label) -> None:
        """Where the node just counted is written, and what it is."""
        self.positions.lines.append(mark.line)
        self.positions.columns.append(mark.column)
        self.positions.labels.append(label)

    def _add_key(self, frame: _Frame, key: Any, mark: Any) -> Any:
        """`key` if its mapping may have it; else _DROP, with the problem it makes."""
        kind = type(key)
        if kind is not str and kind is not int:  # a bool is not an int here
            quote = " (quote it if it is meant as text)" if kind is bool or kind is Decimal else ""
            self.problem(mark, f"a key must be text or a whole number{quote}")
            return _DROP
        if key == "<<":
            self.problem(mark, "merge keys (<<) are not supported: write the keys out")
            return _DROP
        folded = key if kind is str and key.isascii() else fold(str(key))
        first = frame.folded.get(folded, _UNSET)
        if first is not _UNSET:
            self._duplicate(key, first, mark)
            return _DROP
        frame.folded[folded] = key
        return key

    def _duplicate(self, key: str | int, first: str | int, mark: Any) -> None:
        shown = shown_key(key) if isinstance(key, int) else repr(shown_key(key))
        same = ""
        if first != key:
            same = f" (the same as {first if isinstance(first, int) else repr(shown_key(first))})"
        self.problem(
            mark,
            f"duplicate key {shown}{same}: it is already set above, and YAML readers would "
            "silently keep only one of the two",
            (*self._path(), str(key)),
        )

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                f"anchors (&{shown_key(event.anchor)}) and aliases are not supported: write the value out",
            )
        tag = event.tag
        if tag is not None and tag != "!":
            self.problem(
                event.start_mark,
                f"explicit tags ({shown_key(_short_tag(tag))}) are not allowed: dxcheck reads plain "
                "YAML only; remove the tag",
            )

    def _empty_folded(self, event: Any) -> None:
        # `b: >5` is valid YAML: a folded text, indented by 5, that the next line leaves empty
        hint = quote_hint(self.source.text, event.start_mark)
        if hint is not None:
            message = "the value is empty: YAML reads a value that starts with '>' as a folded text"
            self.problem(event.start_mark, message + hint)

    def _add_root(self, value: Any) -> None:
        if self.root is _UNSET:  # a second document is reported, not read
            self.root = value

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents == 2:
            self.problem(event.start_mark, "several YAML documents in one file: put each in its own file", ())

    def problem(self, mark: Any, message: str, path: DocPath | None = None) -> None:
        path = self._path() if path is None else path
        if path:  # a problem of the whole document must not silence the checks of its parts
            self.bad_paths.add(tuple(str(step) for step in path))
        if len(self.problems) < MAX_PROBLEMS:
            line, column = place(self.source.text, mark)
            self.problems.append(Problem(self.source.name, line, column, shown_location(path), message))
        else:
            self.more += 1

    def _path(self) -> DocPath:
        """Where the value being read goes: the keys and indexes of the open collections."""
        parts: list[str | int] = []
        for frame in self.frames:
            if frame.key is _ITEM:
                parts.append(len(frame.container))
            elif frame.key is not _NO_KEY and frame.key is not _DROP:
                parts.append(str(frame.key))
        return tuple(parts)


def too_deep() -> str:
    return f"nesting deeper than {MAX_DEPTH} levels: dxcheck files are flatter than this"


def _nfc(value: Any) -> Any:
    """Text in NFC, as every text read is kept; any other value as it is."""
    if type(value) is str and not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def _short_tag(tag: str) -> str:
    """A tag as it was written: `tag:yaml.org,2002:str` is `!!str`."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
