"""CSV: one line per judged target, the JSON row keys as header, with a BOM so Excel reads Vietnamese."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, assert_never

from dxcheck.reporters import RenderOptions
from dxcheck.results import Report, Scope

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


def _table(header: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, as Excel writes them
    writer.writerow(header)
    writer.writerows([_cell(record[key]) for key in header] for record in records)
    return BOM + buffer.getvalue()


def render_pieces(report: Report, options: RenderOptions) -> Iterator[str]:
    rows = ((result, row) for result in report.results for row in result.rows)
    match report.scope:
        case Scope.PLAN:
            yield _table(COLUMNS, (row.as_dict(options.lang) for _, row in rows))
        case Scope.REPOSITORY:  # several plans: each line says whose target it is
            yield _table(
                ("plan", *COLUMNS), ({"plan": one.plan_id, **row.as_dict(options.lang)} for one, row in rows)
            )
        case _:
            assert_never(report.scope)
