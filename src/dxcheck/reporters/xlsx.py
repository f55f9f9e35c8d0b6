"""Excel workbook: a summary by plan and pillar, every target as a row, and each indicator's figures by year.

Only this module and its worksheet (xlsxsheet.py) import XlsxWriter, so that the other formats never
load it; and they import it once the first plan is judged, after a check's peak of memory, the reading
of its first group. The same report gives
the same bytes: the workbook's creation date is fixed and XlsxWriter dates its zip entries 1980-01-31.
Excel keeps numbers as binary doubles, so beside each figure's number cell (which sorts, filters and
draws the sparklines) the figure is also written as text, with every digit the input gave it.
The workbook streams: each plan's rows are written as soon as it is judged (see render_chunks).
"""

from __future__ import annotations

import marshal
import math
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import chain
from typing import Any, BinaryIO

from dxcheck.i18n import (
    gettext_for,
    pillar_label,
    pillar_order,
    row_label,
    status_label,
    translation,
)
from dxcheck.reporters import RenderOptions, ending_of, judged_first
from dxcheck.reporters.text import (
    check_notes,
    check_summary_line,
    figure_text,
    headings,
    places,
    plan_lines,
    report_title,
    summary_line,
    target_text,
)
from dxcheck.reporters.xlsxrows import Cell, References, RowWriter, column_name, fit
from dxcheck.results import AnyReport, Figure, Outcome, Report, Result, Row, Scope, Status, summarize

# the date the workbook says it was created: fixed, so that the same report gives the same bytes
CREATED = datetime(2000, 1, 1, tzinfo=UTC)
# text stays text: a plan's `=…` is never a formula, its `http://…` never a link
_OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
_CHUNK = 1 << 20  # the workbook is read out of its temporary file a MiB at a time
CONTEXT = "xlsx"  # the catalog's context of the words only the workbook uses

# a status cell's fill and font by outcome, set by conditional formatting from the status code
_COLOURS = {
    Outcome.PASS: ("#C6EFCE", "#006100"),
    Outcome.WARN: ("#FFEB9C", "#9C5700"),
    Outcome.FAIL: ("#FFC7CE", "#9C0006"),
}


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the targets sheet: its header (an English msgid), width, and whose word it is."""

    head: str
    width: int
    shared: str | None = None  # the table's heading it shares (text.headings); else the workbook's word
    wrap: bool = False


PLAN_COLUMN = Column("Plan", 16)
STATUS_COLUMN = Column("Status", 22, shared="status")  # coloured by the status code in the next column
COLUMNS = (
    Column("Indicator", 26, shared="indicator"),
    Column("Name", 40, shared="name"),
    Column("Pillar", 20),
    Column("Unit", 10),
    Column("Target year", 8),
    Column("Target", 12, shared="target"),
    Column("Actual", 12, shared="actual"),
    Column("Actual as written", 18),
    Column("Actual year", 8),
    Column("Gap", 10, shared="gap"),
    Column("Progress", 9),
    STATUS_COLUMN,
    Column("Status code", 14),
    Column("Quote of the target", 48, wrap=True),
    Column("Quote of the figure", 48, wrap=True),
    Column("Source", 16),
    Column("Figures by year", 16),
)


def render_chunks(report: AnyReport, options: RenderOptions) -> Iterator[bytes]:
    """The workbook's bytes, in chunks: written to a temporary folder as the check streams, then read out.

    XlsxWriter's constant_memory mode keeps one row of each sheet in memory and the rest in a file of
    its own, so a sheet's rows go in ascending order but the sheets may interleave. The Targets sheet
    is written plan by plan; the Summary (created first, so that it is the first sheet) and Figures by
    year (whose columns are years, known only once every plan is read) are spooled to files in the
    same folder and written at the end. The folder goes when the chunks are read or left, even on error.
    """
    plans = judged_first(report)  # before XlsxWriter is loaded
    with tempfile.TemporaryDirectory(prefix="dxcheck-xlsx-") as folder:
        path = os.path.join(folder, "report.xlsx")
        _write_workbook(report, plans, options, path, folder)
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk


def _write_workbook(
    report: AnyReport, plans: Iterable[Result], options: RenderOptions, path: str, folder: str
) -> None:
    import xlsxwriter

    from dxcheck.reporters.xlsxsheet import Sheet

    workbook = xlsxwriter.Workbook(path, {**_OPTIONS, "tmpdir": folder})
    workbook.use_zip64()  # a sheet past 4 GiB (a repository 100 times the national one) still zips
    try:
        workbook.set_properties({"created": CREATED, "title": report_title(report, options.lang)})
        book = _Book(workbook, options.lang, report.scope is Scope.REPOSITORY)
        summary = workbook.add_worksheet(book.word("Summary"), worksheet_class=Sheet)
        targets = workbook.add_worksheet(book.word("Targets"), worksheet_class=Sheet)
        series = workbook.add_worksheet(book.word("Figures by year"), worksheet_class=Sheet)
        with (
            open(os.path.join(folder, "summaries"), "w+b") as summaries,
            open(os.path.join(folder, "figures"), "w+b") as figures,
        ):
            drawn = book.write_targets(targets, plans, summaries, figures)
            book.write_summary(summary, ending_of(report), _replay(summaries))
            columns = book.write_series(series, chain.from_iterable(_replay(figures)), drawn)
            book.draw(targets, drawn, series.name, columns)
    except BaseException:
        for sheet in workbook.worksheets():  # the rows' files XlsxWriter keeps open until close
            sheet._opt_close()
        raise
    workbook.close()


def _spool(record: Any, stream: BinaryIO) -> None:
    """`record` (plain values) to `stream`, after its size, for _replay."""
    data = marshal.dumps(record)
    stream.write(len(data).to_bytes(8, "little"))
    stream.write(data)


def _replay(stream: BinaryIO) -> Iterator[Any]:
    """The records spooled to `stream`, in the order they were written.

    Each is read whole, then loaded: marshal.load reads a file a few bytes at a time.
    """
    stream.seek(0)
    while size := int.from_bytes(stream.read(8), "little"):
        yield marshal.loads(stream.read(size))


def _by_pillar(rows: Iterable[Row]) -> list[tuple[str | None, list[Row]]]:
    """Rows grouped by pillar, in the order of the format's pillars, then any other."""
    groups: dict[str | None, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.pillar, []).append(row)
    return sorted(groups.items(), key=lambda item: pillar_order(item[0]))


class _Drawn:
    """Where each target's sparkline goes and which row of Figures by year it draws, and the years seen.

    Two arrays of integers rather than two strings a target, so that a national repository's
    sparklines do not grow the workbook's memory by hundreds of bytes a row.
    """

    def __init__(self, column: int) -> None:
        self.column = column  # the Targets sheet's column of sparklines
        self.lines, self.rows = array("I"), array("I")
        self.series = 0  # the rows of Figures by year so far
        self.years: range = range(0)

    def add_series(self, figures: Sequence[Figure]) -> int:
        """A new row of Figures by year, for these figures; its number."""
        seen = [one.year for one in figures]
        if self.years:
            seen += [self.years.start, self.years.stop - 1]
        self.years = range(min(seen), max(seen) + 1)
        self.series += 1
        return self.series

    def add(self, line: int, series: int) -> None:
        self.lines.append(line)
        self.rows.append(series)


def _judged_on(row: Row) -> Figure | None:
    """The figure a row was judged on: its quote is the figure's, not the target's."""
    return next((one for one in row.figures if one.year == row.actual_year), None)


def _quoted(name: str) -> str:
    """A sheet's name as a formula refers to it: in quotes, a quote inside doubled."""
    return "'" + name.replace("'", "''") + "'"


class _Book:
    """The workbook being written: its language, and the cell formats its sheets share."""

    def __init__(self, workbook: Any, lang: str, with_plan: bool) -> None:  # XlsxWriter has no types
        self.workbook, self.lang, self.with_plan = workbook, lang, with_plan
        self._ = gettext_for(lang)
        self._catalog = translation(lang)
        self.headings = headings(lang)
        add = workbook.add_format
        self.header = add({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9E1F2"})
        self.bold = add({"bold": True})
        self.title = add({"bold": True, "font_size": 14})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.top = add({"valign": "top"})
        self.ratio = add({"num_format": "0.00", "valign": "top"})
        self.outcomes = {
            outcome: add({"bg_color": bg, "font_color": fg}) for outcome, (bg, fg) in _COLOURS.items()
        }
        self._numbers: dict[tuple[int, bool], Any] = {}

    def word(self, message: str) -> str:
        """A word only the workbook uses, from the catalog's context `xlsx`."""
        return self._catalog.pgettext(CONTEXT, message)

    def head(self, column: Column) -> str:
        return self.word(column.head) if column.shared is None else self.headings[column.shared]

    def number_format(self, decimals: int, signed: bool = False) -> Any:
        """A format that shows `decimals` decimals and grouped thousands; `signed` puts + before a gain."""
        key = (decimals, signed)
        if key not in self._numbers:
            body = "#,##0" + ("." + "0" * decimals if decimals else "")
            shown = f"+{body};-{body};0" if signed else body
            self._numbers[key] = self.workbook.add_format({"num_format": shown, "valign": "top"})
        return self._numbers[key]

    def put_text(self, sheet: Any, row: int, col: int, text: str | None, style: Any = None) -> None:
        """Text as text, never a formula or a link; an empty cell for none."""
        if text:
            sheet.write_string(row, col, fit(text), style)

    # --- Summary ---------------------------------------------------------------------------------

    def plan_summary(self, result: Result) -> Any:
        """What the Summary says of a plan, as plain values to spool: title, files, counts, verdict."""
        by_pillar = [
            (pillar_label(pillar, self.lang), len(rows), tuple(summarize(rows).values()))
            for pillar, rows in _by_pillar(result.rows)
        ]
        return (
            f"{result.title.pick(self.lang)} ({result.plan_id})",
            plan_lines(result, self.lang),
            by_pillar,
            (len(result.rows), tuple(summarize(result.rows).values())),
            summary_line(result, self.lang),
        )

    def write_summary(self, sheet: Any, ending: Report, plans: Iterable[Any]) -> None:
        """The check's line and notes, then each plan's counts by pillar and status, and its verdict."""
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1 + len(Status), 13)
        line = 0
        if ending.scope is Scope.REPOSITORY:
            lines = [check_summary_line(ending, self.lang), *check_notes(ending, self.lang)]
            for k, text in enumerate(lines):
                self.put_text(sheet, k, 0, text, None if k else self.bold)
            line = len(lines) + 1
        start = line
        for plan in plans:
            line = self._plan_summary(sheet, plan, line) + 1
        if line == start:
            self.put_text(sheet, line, 0, self.word("No plan could be judged."))

    def _plan_summary(self, sheet: Any, plan: Any, line: int) -> int:
        """A plan's title and files, its counts by pillar and status, its verdict; the next free line."""
        title, files, by_pillar, (targets, counts), verdict = plan
        self.put_text(sheet, line, 0, title, self.title)
        for k, text in enumerate(files, line + 1):
            self.put_text(sheet, k, 0, text)
        line += len(files) + 2
        sheet.write_string(line, 0, self.word("Pillar"), self.header)
        sheet.write_string(line, 1, self.word("Number of targets"), self.header)
        for k, status in enumerate(Status, 2):
            sheet.write_string(line, k, status_label(status, self.lang), self.outcomes[status.outcome])
        for label, in_pillar, by_status in by_pillar:
            line += 1
            self._counts(sheet, line, label, [in_pillar, *by_status], None)
        line += 1
        self._counts(sheet, line, self.word("Total"), [targets, *counts], self.bold)
        self.put_text(sheet, line + 1, 0, verdict, self.bold)
        return line + 2

    def _counts(self, sheet: Any, line: int, label: str, counts: Sequence[int], style: Any) -> None:
        sheet.write_string(line, 0, label, style)
        for k, count in enumerate(counts, 1):
            sheet.write_number(line, k, count, style)

    # --- Figures by year -------------------------------------------------------------------------

    def figure_series(self, result: Result, row: Row) -> Any:
        """An indicator's figures as plain values to spool: (year, number, decimals or -1 for a milestone)."""
        figures: list[tuple[int, float, int]] = []
        for one in row.figures:
            value, high = one.measure.value, one.measure.high
            if isinstance(value, bool):
                figures.append((one.year, int(value), -1))
                continue
            middle = value if high is None else (value + high) / 2  # a range at its middle
            if math.isfinite(double := float(middle)):
                figures.append((one.year, double, places(middle)))
        return (result.plan_id, row.indicator, row.name.pick(self.lang), figures)

    def write_series(self, sheet: Any, spooled: Iterable[Any], drawn: _Drawn) -> tuple[int, int]:
        """Each indicator's figures, a column per year: what its sparklines draw, where a person checks them.

        A milestone reached is 1, else 0. Returns the sheet's first and last column of figures.
        """
        # every year between the first and the last, so that a sparkline's steps are years
        years = drawn.years
        heads = [self.word("Plan")] if self.with_plan else []
        heads += [self.headings["indicator"], self.headings["name"]]
        first = len(heads)
        for k, head in enumerate(heads):
            sheet.write_string(0, k, head, self.header)
        for k, year in enumerate(years, first):
            sheet.write_number(0, k, year, self.header)
        sheet.set_column(0, first - 2, 26)
        sheet.set_column(first - 1, first - 1, 40)
        sheet.freeze_panes(1, first)
        rows = RowWriter(sheet)
        for line, (plan, indicator, name, figures) in enumerate(spooled, 1):
            cells: list[Cell] = [(k, text, None) for k, text in enumerate([plan, indicator, name][-first:])]
            for year, number, decimals in sorted(figures):
                style = None if decimals < 0 else self.number_format(decimals)
                cells.append((first + year - years[0], number, style))
            rows.write(line, cells)
        return first, first + len(years) - 1

    # --- Targets ---------------------------------------------------------------------------------

    def write_targets(
        self, sheet: Any, results: Iterable[Result], summaries: BinaryIO, figures: BinaryIO
    ) -> _Drawn:
        """One row per target, frozen header, filters, the status coloured; each plan written as it comes.

        Each plan's summary and each indicator's figures go to their spools; what is returned says
        where each target's sparkline goes and which row of Figures by year it draws.
        """
        columns = [PLAN_COLUMN, *COLUMNS] if self.with_plan else list(COLUMNS)
        for k, column in enumerate(columns):
            sheet.write_string(0, k, self.head(column), self.header)
            sheet.set_column(k, k, column.width, self.wrap if column.wrap else None)
        drawn = _Drawn(len(columns) - 1)
        rows = RowWriter(sheet)
        line = 0
        for result in results:
            _spool(self.plan_summary(result), summaries)
            series: dict[str, int] = {}  # the plan's indicators with figures -> their row of figures
            spooled = []  # their figures, spooled as one record
            for row in result.rows:
                line += 1
                self._row(rows, line, result, row)
                if row.figures:
                    if row.indicator not in series:
                        series[row.indicator] = drawn.add_series(row.figures)
                        spooled.append(self.figure_series(result, row))
                    drawn.add(line, series[row.indicator])
            _spool(spooled, figures)
        sheet.freeze_panes(1, columns.index(COLUMNS[0]) + 1)  # the header, and each row's indicator id
        sheet.autofilter(0, 0, line, len(columns) - 1)
        status = columns.index(STATUS_COLUMN)
        self._colour(sheet, line, status, column_name(status + 1))
        return drawn

    def draw(self, sheet: Any, drawn: _Drawn, source: str, columns: tuple[int, int]) -> None:
        """Each target's sparkline of its indicator's figures: one group, so every one looks the same."""
        if not drawn.lines:
            return
        where = f"{column_name(drawn.column)}{{}}"
        draws = f"{_quoted(source)}!{column_name(columns[0])}{{0}}:{column_name(columns[1])}{{0}}"
        sheet.add_sparkline(0, 0, {"range": "A1", "markers": True, "empty_cells": "connect"})
        # XlsxWriter keeps a sparkline as two strings until the sheet is closed; made on demand instead
        sheet.sparklines[-1].update(
            locations=References(where, drawn.lines),
            ranges=References(draws, drawn.rows),
            count=len(drawn.lines),
        )

    def _row(self, rows: RowWriter, line: int, result: Result, row: Row) -> None:
        lang, top = self.lang, self.top
        figure = _judged_on(row)
        cells: list[Cell] = [(0, result.plan_id, top)] if self.with_plan else []
        at = len(cells)  # the first column after the plan's
        actual = row.actual if isinstance(row.actual, Decimal) else None
        progress = None if row.progress is None else float(row.progress)
        cells += [
            (at, row.indicator, top),
            (at + 1, row.name.pick(lang), top),
            (at + 2, pillar_label(row.pillar, lang), top),
            (at + 3, row.unit, top),
            (at + 4, row.target_year, top),
            (at + 5, target_text(row, lang), top),
            self._number(at + 6, actual),
            (at + 7, self._as_written(row, figure), top),
            (at + 8, row.actual_year, top),
            self._number(at + 9, row.gap, signed=True),
            (at + 10, progress, self.ratio),
            (at + 11, row_label(row, lang), top),
            (at + 12, row.status.value, top),
            (at + 13, row.quote, self.wrap),
            (at + 14, figure.quote if figure else None, self.wrap),
            (at + 15, row.source, top),
        ]
        rows.write(line, cells)

    def _number(self, col: int, value: Decimal | None, signed: bool = False) -> Cell:
        """A figure's cell: a number shown with its own decimals; empty past a double's range."""
        if value is None or not math.isfinite(double := float(value)):
            return (col, None, None)
        return (col, double, self.number_format(places(value), signed))

    def _as_written(self, row: Row, figure: Figure | None) -> str:
        """The figure as its source gave it: «ước 2.700.000», `> 75`, `25,8–28,56`, `5/34`, its date."""
        if row.actual is None:
            return ""
        value, high = row.actual, None
        if (
            figure is not None
            and isinstance(figure.measure.value, Decimal)
            and figure.measure.high is not None
        ):
            value, high = figure.measure.value, figure.measure.high
        return figure_text(
            value,
            self.lang,
            bound=row.actual_bound,
            approximate=row.approximate,
            high=high,
            of=row.actual_of,
            as_of=row.actual_as_of if row.provisional else None,
            exact=True,
        )

    def _colour(self, sheet: Any, last: int, status: int, code: str) -> None:
        """The status word's cell in its outcome's colours, tested on the status code beside it."""
        for outcome, style in self.outcomes.items():
            test = ",".join(f'${code}2="{one.value}"' for one in Status if one.outcome is outcome)
            rule = {"type": "formula", "criteria": f"=OR({test})", "format": style}
            sheet.conditional_format(1, status, max(last, 1), status, rule)
