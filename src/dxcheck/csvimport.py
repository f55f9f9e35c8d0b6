"""Figures from a spreadsheet export (`indicator,value,year,quote,source`), every problem placed at
its CSV line and column: what `dxcheck init actuals --from-csv` writes into a new actuals file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from dxcheck.expressions import ExpressionError, Measure, parse_measure
from dxcheck.files import Source
from dxcheck.models import MAX_YEAR, MIN_YEAR, Indicator, SourceRef
from dxcheck.problems import Problem
from dxcheck.rules import measure_problem
from dxcheck.scaffold import Figure
from dxcheck.spelling import Speller, did_you_mean

REQUIRED = ("indicator", "value", "year", "quote", "source")
OPTIONAL = ("unit", "note", "as_of")
_SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_URL = re.compile(r"https?://\S+")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = {"true": True, "false": False}  # Excel writes TRUE and FALSE


@dataclass
class Imported:
    """The figures of a CSV file by indicator id, in row order, and the sources they name."""

    figures: dict[str, list[Figure]] = field(default_factory=dict)
    sources: dict[str, SourceRef] = field(default_factory=dict)


class _Row:
    """One record of the file: where it starts, its cells by column name, and its problems so far."""

    def __init__(self, name: str, line: int, cells: dict[str, str], columns: dict[str, int]) -> None:
        self.name, self.line, self.cells, self.columns = name, line, cells, columns
        self.problems: list[Problem] = []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.line, self.columns[column], column, message))


def read_figures(source: Source, indicators: Mapping[str, Indicator], year: int) -> Imported | list[Problem]:
    """The figures of the CSV text for the actuals of `year`; or every problem, in file order."""
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=_separator(source.text))
    try:
        rows = list(_records(reader))
    except csv.Error as error:
        return [Problem(source.name, reader.line_num, 1, "$", f"cannot read the CSV: {error}")]
    if not rows:
        message = f"the file is empty: its first line names the columns, {_names()}"
        return [Problem(source.name, 1, 1, "$", message)]
    header_line, header = rows[0]
    columns, problems = _columns(source.name, header_line, header)
    if problems:
        return problems
    reading = _Reading(indicators, year)
    for line, record in rows[1:]:
        problems += reading.add(_cells(source.name, line, record, columns))
    return sorted(problems, key=lambda p: (p.line, p.column)) if problems else reading.imported


def _separator(text: str) -> str:
    """`;` when the header uses it (Excel where the decimal mark is a comma), else `,`."""
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on (a quoted cell may hold line breaks)."""
    line = 1
    for record in reader:
        if any(cell.strip() for cell in record):
            yield line, record
        line = reader.line_num + 1  # type: ignore[attr-defined]  # csv readers count lines


def _names() -> str:
    return ",".join(REQUIRED)


def _columns(name: str, line: int, header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Column name → its 1-based column, and the header's problems (unknown, repeated or missing names)."""
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    suggested: set[str] = set()  # a misspelt column is reported once, not also as missing
    known = [*REQUIRED, *OPTIONAL]
    speller = Speller(known)
    for number, raw in enumerate(header, start=1):
        column = raw.strip().lower()
        if column in columns:
            problems.append(Problem(name, line, number, "header", f"column '{column}' is given twice"))
        elif column not in known:
            close = did_you_mean(speller, column)
            suggested.update([close] if close else [])
            hint = f" (did you mean '{close}'?)" if close else f"; the columns are {_names()}"
            hint += f", and optionally {','.join(OPTIONAL)}" if not close else ""
            problems.append(Problem(name, line, number, "header", f"unknown column '{raw.strip()}'{hint}"))
        else:
            columns[column] = number
    missing = [column for column in REQUIRED if column not in columns and column not in suggested]
    if missing:
        message = f"missing column {', '.join(repr(c) for c in missing)}: the header is {_names()}"
        problems.append(Problem(name, line, len(header) + 1, "header", message))
    return columns, problems


def _cells(name: str, line: int, record: list[str], columns: dict[str, int]) -> _Row:
    """A record's cells by column name; a cell beyond the header's columns is a problem."""
    # a line break inside a cell is a line break, however the spreadsheet wrote it
    cells = {
        column: (record[k - 1].replace("\r\n", "\n").strip() if k <= len(record) else "")
        for column, k in columns.items()
    }
    row = _Row(name, line, cells, columns)
    width = max(columns.values())
    extra = next((k for k, cell in enumerate(record[width:], start=width + 1) if cell.strip()), None)
    if extra is not None:
        row.problems.append(Problem(name, line, extra, "$", f"more cells than the header's {width} columns"))
    return row


class _Reading:
    """The figures read so far, and where each indicator's figure of a year was first given."""

    def __init__(self, indicators: Mapping[str, Indicator], year: int) -> None:
        self.indicators, self.year = indicators, year
        self.speller = Speller(indicators)
        self.imported = Imported()
        self.first: dict[tuple[str, int, dt.date | None], int] = {}

    def add(self, row: _Row) -> list[Problem]:
        """The problems of one record; its figure kept when it has none."""
        cells = row.cells
        if row.problems or not (cells["value"] or cells["quote"] or cells["source"]):
            return row.problems  # without a figure yet, an indicator stays [] in the file
        key = cells["indicator"]
        indicator = self.indicators.get(key)
        if indicator is None:
            row.fail("indicator", _unknown(key, self.speller))
        year = _year(row, self.year)
        as_of = _as_of(row, year)
        measure = _value(row, indicator)
        if not cells["quote"]:
            row.fail("quote", "empty quote: give the sentence of the source the figure comes from")
        source = _source(row, self.imported)
        unit = cells.get("unit") or None
        if unit is not None and indicator is not None and unit != indicator.unit:
            row.fail("unit", f"unit '{unit}' differs from the plan's unit for '{key}', {indicator.unit}")
        if indicator is not None and year is not None:
            self._once(row, key, year, as_of)
        if row.problems or measure is None:
            return row.problems
        note = cells.get("note") or None
        figure = Figure(_written(measure, cells["value"]), cells["quote"], year, source, unit, note, as_of)
        self.imported.figures.setdefault(key, []).append(figure)
        return []

    def _once(self, row: _Row, key: str, year: int, as_of: dt.date | None) -> None:
        first = self.first.setdefault((key, year, as_of), row.line)
        if first != row.line:
            dated = f" as of {as_of}" if as_of is not None else ""
            row.fail(
                "indicator", f"a second figure for '{key}' in {year}{dated}: the first is on line {first}"
            )


def _unknown(key: str, speller: Speller) -> str:
    if not key:
        return "empty indicator id: give the id of an indicator of the plans"
    close = did_you_mean(speller, key.lower())
    hint = f": did you mean '{close}'?" if close else ""
    return f"'{key}' is not an indicator of the plans{hint}"


def _year(row: _Row, year: int) -> int | None:
    text = row.cells["year"]
    if not text:
        return year
    if not _YEAR.fullmatch(text) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        row.fail("year", f"year {text!r} is not a year: write it as {year}")
        return None
    if int(text) > year:
        message = (
            f"a figure for {text} cannot be in the actuals of {year}: they hold {year}'s and earlier figures"
        )
        row.fail("year", message)
        return None
    return int(text)


def _as_of(row: _Row, year: int | None) -> dt.date | None:
    text = row.cells.get("as_of", "")
    if not text:
        return None
    try:
        date = dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:
        date = None
    if date is None:
        row.fail("as_of", f"expected a date written YYYY-MM-DD, got {text!r}")
    elif year is not None and date.year != year:
        row.fail("as_of", f"as_of {date} lies outside the figure's year {year}")
    return date


def _value(row: _Row, indicator: Indicator | None) -> Measure | None:
    text = row.cells["value"]
    if not text:
        row.fail("value", "empty value: give the figure, or leave the row out")
        return None
    try:
        measure = Measure(_BOOLEANS[text.lower()]) if text.lower() in _BOOLEANS else parse_measure(text)
    except ExpressionError as error:
        row.fail("value", str(error))
        return None
    found = measure_problem(indicator.unit, measure) if indicator is not None else None
    if found is not None:
        assert indicator is not None
        row.fail("value", f"{found} (the plan's unit for '{indicator.id}' is {indicator.unit})")
        return None
    return measure


def _written(measure: Measure, text: str) -> Decimal | bool | str:
    """What the file writes: an exact number as the cell has it (45.30 stays 45.30), else the cell's text."""
    # 45.30% in a percent column is written 45.30: the unit says percent
    return measure.value if measure.is_exact else text


def _source(row: _Row, imported: Imported) -> str | None:
    """The source id a cell names: a short id as it is, a web address under an id of its own."""
    text = row.cells["source"]
    if not text:
        return None
    if _SOURCE_ID.fullmatch(text) and len(text) <= 100:
        imported.sources.setdefault(text, SourceRef(id=text))
        return text
    if _URL.fullmatch(text):
        for known in imported.sources.values():
            if known.url == text:
                return known.id
        number = 1
        while f"source-{number}" in imported.sources:
            number += 1
        ref = SourceRef(id=f"source-{number}", url=text)
        imported.sources[ref.id] = ref
        return ref.id
    message = (
        f"source {text!r} is neither a short id (lower-case letters, digits, '.', '_', '-') nor a web address"
    )
    row.fail("source", message)
    return None
