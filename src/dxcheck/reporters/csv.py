"""CSV: one line per judged target, the JSON row keys as header, with a BOM so Excel reads Vietnamese."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, assert_never

from dxcheck.reporters import RenderOptions
from dxcheck.results import AnyReport, Scope

BOM = "\ufeff"
COLUMNS = (
    "indicator",
    "name",
    "pillar",
    "unit",
    "target_year",
    "target",
    "actual",
    "actual_year",
    "actual_bound",
    "approximate",
    "provisional",
    "actual_as_of",
    "actual_of",
    "gap",
    "progress",
    "status",
    "outcome",
    "quote",
    "source",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # 0.0000015, never 1.5E-6
    return str(value)


def _lines(header: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, as Excel writes them
    writer.writerows([_cell(record[key]) for key in header] for record in records)
    return buffer.getvalue()


def table(header: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    """A whole CSV text: the byte-order mark, the header line, then one line per record."""
    return BOM + _lines(header, [dict(zip(header, header, strict=True)), *records])


def render_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """The header, then each plan's lines as it comes."""
    match report.scope:
        case Scope.PLAN:
            header: Sequence[str] = COLUMNS
        case Scope.REPOSITORY:  # several plans: each line says whose target it is
            header = ("plan", *COLUMNS)
        case _:
            assert_never(report.scope)
    yield BOM + _lines(header, [dict(zip(header, header, strict=True))])
    for one in report.results:
        records = (row.as_dict(options.lang) for row in one.rows)
        if report.scope is Scope.REPOSITORY:
            records = ({"plan": one.plan_id, **record} for record in records)
        yield _lines(header, records)
