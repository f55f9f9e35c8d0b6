"""CSV: one line per judged target, the JSON row keys as header, with a BOM so Excel reads Vietnamese."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dxcheck.reporters import RenderOptions
from dxcheck.results import Result

if TYPE_CHECKING:
    from dxcheck.repository import CheckResult

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
    return str(value)


def _table(header: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends, as Excel writes them
    writer.writerow(header)
    writer.writerows([_cell(record[key]) for key in header] for record in records)
    return BOM + buffer.getvalue()


def render(result: Result, options: RenderOptions) -> str:
    return _table(COLUMNS, (row.as_dict(options.lang) for row in result.rows))


def render_check(result: CheckResult, options: RenderOptions) -> str:
    records = (
        {"plan": plan.plan_id, **row.as_dict(options.lang)} for plan in result.results for row in plan.rows
    )
    return _table(("plan", *COLUMNS), records)
