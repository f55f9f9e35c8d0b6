"""Where each node of a YAML document is written: flat arrays filled while reading, walked by `locate`."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from enum import Enum
from typing import Any

from dxcheck.problems import DocPath, format_path

# a key longer than this is cut short where it is shown in a location
_SHOWN_KEY = 60
# line breaks to libyaml, not to editors: they come with text pasted from Word or PDF
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


class Kind(Enum):
    """What a collection node is; see `Positions.labels`."""

    MAPPING = "mapping"
    LIST = "list"


Label = str | int | Kind | None


class Positions:
    """Where each node of a document starts: one slot per node in flat arrays, in document order.

    Node 0 is the root. A mapping's children are its keys and values in turn, a list's its items; a
    node's children follow it. `lines[n]` and `columns[n]` are where node n is written (from 0, as
    libyaml counts them); `labels[n]` is a collection's Kind, the key itself for a mapping key kept in
    the data (a duplicate or a refused key is not kept), and None for any other scalar. `collections`
    lists the nodes that are mappings or lists, and `ends` the node that follows each of them and
    everything inside it, so that a walk steps over a whole value at once.

    Arrays of ints rather than an object or a dict entry per node: reading fills them with three
    appends per scalar, and they cost about 17 bytes a node. Only `locate` builds more, lazily, for
    the collections it goes through.
    """

    __slots__ = (
        "_entries",
        "_items",
        "_length",
        "_lines_at",
        "collections",
        "columns",
        "ends",
        "labels",
        "lines",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self._length = -1  # the text's length once it is let go
        # 32 bits hold any line and column unless a raised size limit lets in over 4 Gi characters
        self.lines = array("I" if len(text) < 2**32 else "Q")
        self.columns = array(self.lines.typecode)
        # reading stops at MAX_NODES, far below 2**32
        self.collections = array("I")
        self.ends = array("I")
        self.labels: list[Label] = []
        self._items: dict[int, list[int]] = {}
        self._entries: dict[int, dict[str, tuple[int, int]]] = {}
        self._lines_at: tuple[array[int], array[int]] | tuple[()] | None = None

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int, str]:
        """The line, column and shown location of `path` (a pydantic `loc` or our own) in the document.

        Walks as far as the document goes; a path that ends in a key the document lacks (a missing
        field) is placed at the mapping that should hold it. An int step into something that is not a
        list is skipped: a single value stands for a list of one. With `at_key`, a mapping entry is
        placed at its key rather than its value (for unknown keys).
        """
        if not self.labels:
            return 1, 1, shown_location(tuple(str(step) for step in path))
        node, placed, walked, done = 0, 0, [], 0
        for step in path:
            found = self._child(node, step)
            if found is None:
                if isinstance(step, int) and self.labels[node] is not Kind.LIST:
                    done += 1
                    continue
                break
            done += 1
            node, key = found
            walked.append(step if key is None else str(step))
            placed = key if at_key and key is not None else node
        if self.labels[node] is Kind.MAPPING:
            walked.extend(str(step) for step in path[done:])
        return (*self.line_column(placed), shown_location(tuple(walked)))

    def line_column(self, node: int) -> tuple[int, int]:
        """Line and column (from 1) of a node, counted as editors and `grep -n` count (see `place`)."""
        line, column = self.lines[node], self.columns[node]
        if self._lines_at is None:
            self._lines_at = _line_starts(self.text)
        if not self._lines_at:
            return line + 1, column + 1
        yaml_lines, editor_lines = self._lines_at
        length = len(self.text) if self._length < 0 else self._length
        index = min(yaml_lines[line] + column, length)  # the mark's index, as `place` counts
        editor_line = bisect_right(editor_lines, index)
        return editor_line, index - editor_lines[editor_line - 1] + 1

    def release_text(self) -> None:
        """Keep only what `locate` needs of the text (its line starts, when libyaml's lines are not
        the editors'), so that a file held for later look-ups does not hold its text too."""
        if self._lines_at is None:
            self._lines_at = _line_starts(self.text)
        self._length = len(self.text)
        self.text = ""

    def _child(self, node: int, step: str | int) -> tuple[int, int | None] | None:
        """The node at `step` inside `node` and the node of its key (None in a list), if there is one."""
        kind = self.labels[node]
        if kind is Kind.LIST:
            items = self._items.get(node)
            if items is None:
                items = self._items[node] = list(self._children(node))
            return (items[step], None) if isinstance(step, int) and 0 <= step < len(items) else None
        if kind is Kind.MAPPING:
            entries = self._entries.get(node)
            if entries is None:
                entries = self._entries[node] = self._entries_of(node)
            return entries.get(str(step))
        return None

    def _entries_of(self, node: int) -> dict[str, tuple[int, int]]:
        """A mapping's kept keys, as text (2025 and "2025" are one key): the value's node and the key's."""
        children = list(self._children(node))
        entries: dict[str, tuple[int, int]] = {}
        for key, value in zip(children[::2], children[1::2], strict=False):
            label = self.labels[key]
            if isinstance(label, str | int):
                entries[str(label)] = (value, key)
        return entries

    def _children(self, node: int) -> Iterator[int]:
        child, end = node + 1, self._end(node)
        while child < end:
            yield child
            child = self._end(child)

    def _end(self, node: int) -> int:
        """The node after `node` and everything inside it."""
        if isinstance(self.labels[node], Kind):
            return self.ends[bisect_left(self.collections, node)]
        return node + 1


def _line_starts(text: str) -> tuple[array[int], array[int]] | tuple[()]:
    """For a text that holds U+0085, U+2028 or U+2029: where each line starts as libyaml counts lines
    (CR, LF, CRLF and those three end a line; a BOM is not counted) and as editors count them (LF
    alone). Nothing for any other text, where libyaml's lines are the editors'."""
    if not any(other in text for other in _OTHER_BREAKS):
        return ()
    yaml_text = text.removeprefix("\ufeff")
    yaml_lines = array("Q", [0])
    yaml_lines.extend(match.end() for match in re.finditer(r"\r\n|[\r\n\x85\u2028\u2029]", yaml_text))
    if yaml_lines[-1] != len(yaml_text):  # libyaml ends the last line itself
        yaml_lines.append(len(yaml_text))
    editor_lines = array("Q", [0])
    editor_lines.extend(match.end() for match in re.finditer("\n", text))
    return yaml_lines, editor_lines


def place(text: str, mark: Any) -> tuple[int, int]:
    """Line and column (from 1) of a parser mark in `text`, counted as editors and `grep -n` count.

    libyaml also starts a line at U+0085, U+2028 and U+2029, which editors show inside a line (they
    come with text pasted from Word or PDF); with one of those in the file, count from the mark's
    character index instead.
    """
    if mark is None:
        return 1, 1
    if not any(other in text for other in _OTHER_BREAKS):
        return mark.line + 1, mark.column + 1
    index = min(mark.index, len(text))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def shown_key(key: object) -> str:
    """A key as a message shows it: cut short past 60 characters."""
    text = str(key)
    return text if len(text) <= _SHOWN_KEY else text[:_SHOWN_KEY] + "…"


def shown_location(path: DocPath) -> str:
    """A path as a problem's LOCATION shows it: `indicators[2].targets.2025`, long keys cut short."""
    return format_path(tuple(step if isinstance(step, int) else shown_key(step) for step in path))
