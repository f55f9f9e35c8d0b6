"""A workbook sheet's rows as XML text, the bytes XlsxWriter writes, at a fraction of its cost a cell.

The rows go straight into the file XlsxWriter's constant_memory mode keeps them in. XlsxWriter
stores each cell as an object, then writes it through a dozen calls and four regular expressions;
a national workbook has 700,000 cells. Here a row is one string: each text is checked once for
anything to escape, and escaped exactly as XlsxWriter does when it has any. This module does not
import XlsxWriter: it is handed a worksheet and its cell formats.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# the longest text Excel keeps in a cell, in UTF-16 units; a longer quote is cut and ends with …
MAX_TEXT = 32767
# what XlsxWriter changes in an inline string: XML's specials, control characters (as _xHHHH_),
# non-characters, and text that reads as such an escape (its underscore escaped)
_TO_ESCAPE = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f])")

# a cell: its column, its value (text, a number, or None for an empty cell) and its format
Cell = tuple[int, str | float | None, Any]


def fit(text: str) -> str:
    """Text as Excel can hold it in a cell: a longer quote is cut, and ends with … to say so."""
    if len(text) <= MAX_TEXT // 2 or len(text.encode("utf-16-le")) // 2 <= MAX_TEXT:
        return text
    return text[: MAX_TEXT // 2 - 1] + "…"


def column_name(col: int) -> str:
    """A column's letters: 0 is A, 26 is AA."""
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def escape(text: str) -> str:
    """Text as XlsxWriter writes it inside an element: control characters as _xHHHH_, XML's specials."""
    if _TO_ESCAPE.search(text):
        text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


# a national workbook writes 450,000 texts, 18,000 of them different (ids, names, targets, statuses
# recur plan after plan): 4,096 of the latest hold nineteen in twenty
@lru_cache(maxsize=4096)
def _inline(text: str) -> str:
    """An inline string's <is> content, escaped as XlsxWriter escapes it."""
    text = escape(text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


class RowWriter:
    """Writes whole rows of one worksheet, in ascending order, after any row XlsxWriter holds."""

    def __init__(self, sheet: Any) -> None:  # XlsxWriter has no types
        if not sheet.constant_memory:
            raise ValueError("rows are written straight to the sheet only in constant_memory mode")
        self.sheet = sheet
        # (column, its format) -> what a cell there starts with, and what follows its row number
        # for a text and for a number
        self._heads: dict[tuple[int, Any], tuple[str, str, str]] = {}

    def write(self, line: int, cells: Iterable[Cell]) -> None:
        """Row `line` (0-based) with its cells, in column order; empty text and None leave a cell empty.

        A format's index is asked for when its first cell is written, as XlsxWriter does, so the
        workbook's styles come in the same order.
        """
        sheet, heads = self.sheet, self._heads
        if sheet.table:  # the row XlsxWriter holds (a header) goes first, its formats' indices too
            sheet._write_single_row(line)
        number = str(line + 1)
        parts = [f'<row r="{number}">']
        first = last = -1
        for col, value, style in cells:
            if type(value) is str:
                if not value:
                    continue
                head = heads.get((col, style)) or self._head(col, style)
                text = _inline(value if len(value) <= MAX_TEXT // 2 else fit(value))
                parts.append(f"{head[0]}{number}{head[1]}{text}</is></c>")
            elif value is None:
                continue
            else:
                head = heads.get((col, style)) or self._head(col, style)
                parts.append(f"{head[0]}{number}{head[2]}{value:.16G}</v></c>")
            if first < 0:
                first = col
            last = col
        if first < 0:
            return
        sheet.previous_row = line
        sheet._check_dimensions(line, first)
        sheet._check_dimensions(line, last)
        parts.append("</row>")
        sheet.fh.write("".join(parts))

    def _head(self, col: int, style: Any) -> tuple[str, str, str]:
        styled = "" if style is None else f' s="{style._get_xf_index()}"'
        head = f'<c r="{column_name(col)}', f'"{styled} t="inlineStr"><is>', f'"{styled}><v>'
        self._heads[col, style] = head
        return head


class References:
    """Cell references made when XlsxWriter reads them, from a pattern and row numbers (0-based)."""

    def __init__(self, pattern: str, rows: array[int]) -> None:
        self.pattern, self.rows = pattern, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> str:
        return self.pattern.format(self.rows[index] + 1)
