"""The grid draws exactly the lines rich draws for the table's layout: words wrapped and folded, cells
justified, sections, colours, wide and combining letters."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dxcheck.reporters.grid import GridColumn, GridRow, draw, is_drawable

# Vietnamese with precomposed and combining marks, a wide letter, the table's punctuation and blanks
_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạệ̣́0123456789.-,~≥±%/()<>=  —界"
_WORDS = st.text(alphabet=_LETTERS, max_size=40)


def _rich_lines(columns: list[GridColumn], rows: list[GridRow], color: bool) -> str:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1), collapse_padding=True)
    for column in columns:
        table.add_column(column.header, justify=column.justify, width=column.width, overflow="fold")
    for row in rows:
        if row.section:
            table.add_section()
        cells = [
            Text(text, style=style) if style is not None else text
            for text, style in zip(row.cells, row.styles, strict=False)
        ]
        cells.extend(row.cells[len(cells) :])
        table.add_row(*cells)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=sum(column.width for column in columns) + 2 * (len(columns) - 1),
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(table)
    return buffer.getvalue()


def _grid_lines(columns: list[GridColumn], rows: list[GridRow], color: bool) -> str:
    return "".join(f"{line}\n" for line in draw(columns, rows, color))


@st.composite
def _tables(draw_: st.DrawFn) -> tuple[list[GridColumn], list[GridRow]]:
    count = draw_(st.integers(1, 5))
    columns = [
        GridColumn(draw_(_WORDS), draw_(st.integers(2, 14)), draw_(st.sampled_from(["left", "right"])))
        for _ in range(count)
    ]
    rows = []
    for _ in range(draw_(st.integers(0, 5))):
        cells = draw_(st.lists(_WORDS, min_size=1, max_size=count))
        styles = [draw_(st.sampled_from([None, "bold", "green", "yellow", "bold red"])) for _ in cells]
        rows.append(GridRow(cells, styles, section=draw_(st.booleans())))
    return columns, rows


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables(), st.booleans())
def test_the_grid_draws_what_rich_draws(table: tuple[list[GridColumn], list[GridRow]], color: bool) -> None:
    columns, rows = table
    assert is_drawable(columns, rows)
    assert _grid_lines(columns, rows, color) == _rich_lines(columns, rows, color)


def test_a_long_word_is_folded_and_a_section_starts_after_a_blank_line() -> None:
    columns = [GridColumn("Indicator", 10), GridColumn("Gap", 5, "right")]
    rows = [
        GridRow(["Chính quyền số"], ["bold"], section=True),
        GridRow(["gov.online-dossiers-011", "+0.2"], [None, None]),
        GridRow(["Kinh tế"], ["bold"], section=True),
    ]
    expected = [
        "Indicator     Gap",
        "─────────────────",
        "Chính",
        "quyền số",
        "gov.online   +0.2",
        "-dossiers-",
        "011",
        "",
        "Kinh tế",
    ]
    got = [line.rstrip() for line in draw(columns, rows, color=False)]
    assert got == expected
    assert _grid_lines(columns, rows, False) == _rich_lines(columns, rows, False)


def test_text_rich_would_read_as_markup_is_left_to_rich() -> None:
    plain = [GridColumn("Target", 8)]
    assert is_drawable(plain, [GridRow(["~35 ±2"], [None])])
    assert not is_drawable(plain, [GridRow(["[bold]35"], [None])])
    assert not is_drawable(plain, [GridRow(["35\t36"], [None])])
    assert not is_drawable([GridColumn("[Mục] tiêu", 5)], [])


def test_a_header_wider_than_its_column_wraps_in_bold_at_the_bottom_as_rich_wraps_it() -> None:
    columns = [GridColumn("Mục tiêu", 5), GridColumn("Năm", 4, "right")]
    rows = [GridRow([">= 90", "2025"], [None, None])]
    assert [line.rstrip() for line in draw(columns, rows, color=False)] == [
        "Mục",
        "tiêu    Năm",
        "───────────",
        ">= 90  2025",
    ]
    assert _grid_lines(columns, rows, True) == _rich_lines(columns, rows, True)
