"""The table a person reads: grouped by pillar, coloured by outcome, readable without colour."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import assert_never

from rich import box
from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from dxcheck import i18n
from dxcheck.reporters import RenderOptions, ending_of
from dxcheck.reporters.grid import GridColumn, GridRow, draw, is_drawable
from dxcheck.reporters.text import (
    actual_text,
    check_notes,
    check_summary_line,
    gap_text,
    headings,
    no_plan_line,
    no_targets_line,
    plan_lines,
    progress_text,
    summary_line,
    target_text,
    unmatched_lines,
)
from dxcheck.results import AnyReport, ExitCode, Outcome, Result, Row, Scope

_STYLE = {Outcome.PASS: "green", Outcome.WARN: "yellow", Outcome.FAIL: "bold red"}


def _pillar_key(row: Row) -> int:
    return i18n.pillar_order(row.pillar)


# The table lays its columns out itself and hands rich fixed widths, so that no cell is ever cut
# with an ellipsis (rich's own layout truncates columns that do not wrap, and narrows wrapping ones
# below their longest word): the widest column that may wrap gives way first, never below its
# longest word while another can still give; only then are words folded.
_GAP = 2  # between two columns: each cell's padding of 1, none at the table's edges
_ID_WIDTH = 16  # the id column's width when there is room, so that short ids line up across plans


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    justify: JustifyMethod = "left"
    pieces: Callable[[str], list[str]] | None = str.split  # what a cell may break into; None: never breaks


def _id_pieces(text: str) -> list[str]:
    """An id breaks after each dot or hyphen (gov. / online- / services); a pillar's name between words."""
    return [piece for word in text.split() for piece in re.split(r"(?<=[.-])", word) if piece]


def _wrap_id(identifier: str, width: int) -> str:
    """The id in lines of at most `width`, broken after dots and hyphens (rich folds a longer piece)."""
    lines = [""]
    for piece in _id_pieces(identifier):
        if lines[-1] and cell_len(lines[-1] + piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def _columns(wide: bool, lang: str) -> list[_Column]:
    heading = headings(lang)
    return [
        _Column(heading["indicator"], pieces=_id_pieces),
        *([_Column(heading["name"])] if wide else []),  # the id alone identifies a row at 80 columns
        _Column(heading["year"], "right", None),
        _Column(heading["target"]),
        _Column(heading["actual"], "right"),
        _Column(heading["gap"], "right", None),
        _Column(heading["p"], "right", None),
        _Column(heading["status"]),  # a long status word («Có khả năng hoàn thành») wraps between words
    ]


def _narrowed(widths: list[int], floors: list[int], excess: int) -> list[int]:
    """`widths` less `excess` in all (as far as the floors allow), the widest narrowed first."""

    def at(level: int) -> list[int]:
        return [min(width, max(level, floor)) for width, floor in zip(widths, floors, strict=True)]

    low, high = 0, max(widths, default=0)  # the highest level that saves enough
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if sum(widths) - sum(at(middle)) >= excess else (low, middle - 1)
    narrowed = at(low)
    spare = sum(widths) - sum(narrowed) - excess  # saved more than needed: back to the leftmost
    for i, width in enumerate(narrowed):
        if spare > 0 and width == low < widths[i]:
            narrowed[i], spare = width + 1, spare - 1
    return narrowed


def _widths(columns: list[_Column], lines: list[_Line], width: int) -> list[int]:
    """Each column's width: its widest cell when the table fits in `width`, else narrowed to fit."""
    cells = [[column.header, *(line[i] for line, _ in lines)] for i, column in enumerate(columns)]
    natural = [max(map(cell_len, texts)) for texts in cells]
    natural[0] = max(natural[0], _ID_WIDTH)
    words = [
        max((cell_len(piece) for text in texts for piece in column.pieces(text)), default=0)
        if column.pieces
        else wanted
        for column, texts, wanted in zip(columns, cells, natural, strict=True)
    ]
    folded = [1 if column.pieces else wanted for column, wanted in zip(columns, natural, strict=True)]
    widths = natural
    for floors in (words, folded):  # words fold only when every column is down to its longest word
        excess = sum(widths) + _GAP * (len(widths) - 1) - width
        if excess > 0:
            widths = _narrowed(widths, floors, excess)
    return widths


# a line's cells as text, and the row's outcome; a pillar's heading has no outcome
_Line = tuple[list[str], Outcome | None]


def _lines(result: Result, options: RenderOptions, columns: int) -> list[_Line]:
    """The table's lines, a pillar's heading before its rows."""
    lang = options.lang
    lines: list[_Line] = []
    current: object = object()
    previous_indicator = None
    for row in sorted(result.rows, key=_pillar_key):  # stable: plan order within a pillar
        if row.pillar != current:
            current = row.pillar
            heading = i18n.pillar_label(row.pillar, lang)
            lines.append(([heading, *[""] * (columns - 1)], None))
            previous_indicator = None
        first = row.indicator != previous_indicator
        previous_indicator = row.indicator
        label = [row.indicator if first else ""]
        if columns > 7:
            label.append(row.name.pick(options.lang) if first else "")
        figures = [
            str(row.target_year),
            target_text(row, lang),
            actual_text(row, lang),
            gap_text(row, lang),
            progress_text(row, lang),
        ]
        status = f"{i18n.status_icon(row.status)} {i18n.row_label(row, lang)}"  # never colour alone
        lines.append(([*label, *figures, status], row.outcome))
    return lines


def _layout(result: Result, options: RenderOptions) -> tuple[list[_Column], list[_Line], list[int]]:
    columns = _columns(options.width >= 110, options.lang)  # the name only where there is room
    lines = _lines(result, options, len(columns))
    return columns, lines, _widths(columns, lines, options.width)


def _rich_table(columns: list[_Column], lines: list[_Line], widths: list[int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1), collapse_padding=True)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column.header, justify=column.justify, width=width, overflow="fold")
    for cells, outcome in lines:
        if outcome is None:
            table.add_section()
            table.add_row(Text(cells[0], style="bold"))
        else:
            status = Text(cells[-1], style=_STYLE[outcome])
            table.add_row(_wrap_id(cells[0], widths[0]), *cells[1:-1], status)
    return table


def _grid_rows(lines: list[_Line], widths: list[int]) -> list[GridRow]:
    """The table's lines as the grid draws them: the same cells and styles rich would be given."""
    rows: list[GridRow] = []
    for cells, outcome in lines:
        if outcome is None:
            rows.append(GridRow(cells[:1], ("bold",), section=True))
        else:
            shown = [_wrap_id(cells[0], widths[0]), *cells[1:]]
            rows.append(GridRow(shown, (*[None] * (len(cells) - 1), _STYLE[outcome])))
    return rows


def _print_table(console: Console, buffer: io.StringIO, result: Result, options: RenderOptions) -> None:
    """The table, drawn by the grid where it draws exactly what rich would, else by rich (~1 ms a row)."""
    columns, lines, widths = _layout(result, options)
    grid_columns = [
        GridColumn(column.header, width, "right" if column.justify == "right" else "left")
        for column, width in zip(columns, widths, strict=True)
    ]
    rows = _grid_rows(lines, widths)
    if is_drawable(grid_columns, rows):
        buffer.write("".join(f"{line}\n" for line in draw(grid_columns, rows, options.color)))
    else:
        console.print(_rich_table(columns, lines, widths))


def _header(result: Result, options: RenderOptions) -> list[str]:
    return [result.title.pick(options.lang), *plan_lines(result, options.lang)]


def _plan(result: Result, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    title, *details = _header(result, options)
    console.print(Text(title, style="bold"))
    for line in details:
        console.print(Text(line))
    if result.rows:
        _print_table(console, buffer, result, options)
    else:
        console.print(no_targets_line(options.lang))
    outcome = Outcome.PASS if result.exit_code is ExitCode.OK else Outcome.FAIL
    console.print(Text(summary_line(result, options.lang), style=_STYLE[outcome]))
    for line in unmatched_lines(result, options.lang):
        console.print(Text(line))
    text = buffer.getvalue()
    if options.color:
        return text
    # rich pads every line to the full width; a log or a file wants no trailing blanks
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def render_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    match report.scope:
        case Scope.PLAN:
            yield "".join(_plan(result, options) for result in report.results)
        case Scope.REPOSITORY:
            yield from _repository(report, options)
        case _:
            assert_never(report.scope)


def _repository(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """Each plan's table as it comes, a blank line between parts, then the notes and the summary."""
    before = ""
    for result in report.results:
        yield before + _plan(result, options)
        before = "\n"
    ending = ending_of(report)
    if not ending.tally().plans and not ending.problems:
        yield before + no_plan_line(options.lang) + "\n"
        before = "\n"
    closing = [*check_notes(ending, options.lang), check_summary_line(ending, options.lang)]
    yield before + "\n".join(closing) + "\n"
