"""A fast drawing of the table's box: rich's own lines for our one table layout, without its cost a row.

rich spends about a millisecond on each row of a table (a national repository has forty thousand), so
the table reporter hands the columns it has already laid out to `draw`, which writes the same lines as
rich's `Table(box=SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), collapse_padding=True)`
with fixed column widths and `overflow="fold"`: words wrapped as rich wraps them, a word longer than
its column folded, cells justified, a blank line between sections, ANSI styles as rich's standard
colour system writes them. Text that rich would read differently (markup brackets, tabs, control
characters) or a header that would wrap is left to rich: `is_drawable` decides, before `draw` is called.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rich.cells import cell_len, chop_cells, set_cell_size

Justify = Literal["left", "right"]

_RESET = "\x1b[0m"
# the styles the table uses, as rich's standard colour system writes them
CODES = {"bold": "\x1b[1m", "green": "\x1b[32m", "yellow": "\x1b[33m", "bold red": "\x1b[1;31m"}
_GAP = "  "  # a cell's right padding of 1 and the box's blank column divider; left padding collapses
_RULE = "─"

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_BLANKS = re.compile(r"\s+$")
# what rich would not take as plain text: markup, tabs, control characters other than a line break
_UNSAFE = re.compile(r"[\[\t\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class GridColumn:
    header: str
    width: int
    justify: Justify = "left"


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row's cells; a style (a key of CODES) per styled cell; whether a new section starts here."""

    cells: Sequence[str]
    styles: Sequence[str | None]
    section: bool = False


def is_drawable(columns: Sequence[GridColumn], rows: Sequence[GridRow]) -> bool:
    """Whether `draw` writes exactly what rich would for these cells."""
    for column in columns:
        if _UNSAFE.search(column.header) or column.width < 1:
            return False
    for row in rows:
        for text in row.cells:
            if _UNSAFE.search(text):
                return False
    return True


def draw(columns: Sequence[GridColumn], rows: Sequence[GridRow], color: bool) -> Iterator[str]:
    """The table's lines (without line ends), each as wide as the table; check `is_drawable` first."""
    total = sum(column.width for column in columns) + len(_GAP) * (len(columns) - 1)
    yield from _header_lines(columns, color)
    yield _RULE * total
    blank = " " * total
    for i, row in enumerate(rows):
        if row.section and i:
            yield blank
        yield from _row_lines(columns, row, color)


def _header_lines(columns: Sequence[GridColumn], color: bool) -> Iterator[str]:
    """The header: bold as a whole cell is in rich, its padding and the blank above a shorter header too
    (rich sets headers at the bottom of their row)."""
    cells = [_wrap(column.header, column.width, column.justify) for column in columns]
    last, height = len(columns) - 1, max(len(lines) for lines in cells)
    for index in range(height):
        pieces = []
        for i, (lines, column) in enumerate(zip(cells, columns, strict=True)):
            pad = "" if i == last else " "
            at = index - (height - len(lines))
            if at < 0:
                pieces.append(_styled(" " * column.width + pad, "bold", color))
            else:
                pieces.append(
                    _styled(lines[at], "bold", color) + (_styled(pad, "bold", color) if pad else "")
                )
        yield " ".join(pieces)


def _styled(text: str, style: str, color: bool) -> str:
    return f"{CODES[style]}{text}{_RESET}" if color else text


def _row_lines(columns: Sequence[GridColumn], row: GridRow, color: bool) -> Iterator[str]:
    shown = zip(row.cells, columns, strict=False)  # missing cells are blank
    cells: list[Sequence[str]] = [_wrap(text, column.width, column.justify) for text, column in shown]
    cells.extend([_justify("", column.width, column.justify)] for column in columns[len(cells) :])
    if color:
        for i, style in enumerate(row.styles):
            if style is not None:
                code = CODES[style]
                cells[i] = [f"{code}{line}{_RESET}" for line in cells[i]]
    height = max(len(lines) for lines in cells)
    for index in range(height):
        yield _GAP.join(
            lines[index] if index < len(lines) else " " * column.width
            for lines, column in zip(cells, columns, strict=True)
        )


# a national table wraps 286,000 cells at 1×, 33,000 of them different (names, years, statuses and
# targets recur plan after plan): 4,096 of the latest hold four in five
@lru_cache(maxsize=4096)
def _wrap(text: str, width: int, justify: Justify) -> tuple[str, ...]:
    """A cell's lines as rich's Text.wrap makes them with overflow="fold", each exactly `width` cells."""
    lines: list[str] = []
    for line in text.split("\n"):
        if line and cell_len(line) <= width:  # the common case: nothing to break
            lines.append(_justify(line, width, justify))
            continue
        offsets = [0, *_breaks(line, width), len(line)]
        for start, end in itertools.pairwise(offsets):
            lines.append(_justify(_strip_end(line[start:end], width), width, justify))
    return tuple(lines)


def _strip_end(text: str, width: int) -> str:
    """rich's rstrip_end: blanks past `width` characters cut from the end."""
    if len(text) > width:
        found = _TRAILING_BLANKS.search(text)
        if found is not None:
            return text[: len(text) - min(len(found.group(0)), len(text) - width)]
    return text


def _justify(text: str, width: int, justify: Justify) -> str:
    if justify == "right":
        text = text.rstrip()
    size = cell_len(text)
    if size > width:
        text, size = set_cell_size(text, width), width
    return text + " " * (width - size) if justify == "left" else " " * (width - size) + text


def _breaks(text: str, width: int) -> list[int]:
    """Where rich's divide_line breaks a line: before a word that does not fit, inside one longer than
    the width (folded)."""
    breaks: list[int] = []
    offset = 0
    for found in _WORD.finditer(text):
        start, word = found.start(), found.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            folded = chop_cells(word, width)
            for j, piece in enumerate(folded):
                if start:
                    breaks.append(start)
                if j == len(folded) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks
