"""CSV of `dxcheck targets`: one line per plan's target, then one per flag, with a BOM for Excel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dxcheck.lineup import Flag, TargetsReport
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.csv import table  # one CSV dialect for every command

COLUMNS = (
    "record",
    "region",
    "indicator",
    "year",
    "plan",
    "target",
    "quote",
    "other_plan",
    "other_target",
    "other_quote",
    "stricter",
    "reason",
    "actual",
    "actual_bound",
    "actual_year",
    "issued",
)
TARGET_RECORD = "target"


def _targets(report: TargetsReport) -> Iterator[dict[str, Any]]:
    """A region's own plans' targets; a reference plan's are listed under its own region."""
    empty = dict.fromkeys(COLUMNS)
    for region in report.regions:
        for indicator in region.indicators:
            for year in indicator.years:
                for cell in year.cells:
                    if cell.reference:
                        continue
                    yield {
                        **empty,
                        "record": TARGET_RECORD,
                        "region": region.region,
                        "indicator": indicator.indicator,
                        "year": year.year,
                        "plan": cell.plan,
                        "target": cell.target,
                        "quote": cell.quote,
                    }


def _flag(flag: Flag) -> dict[str, Any]:
    data = flag.as_dict()
    other = len(flag.plans) > 1
    return {
        **{key: data.get(key) for key in COLUMNS},
        "record": flag.kind.value,
        "plan": flag.plans[0],
        "target": flag.targets[0],
        "quote": flag.quotes[0],
        "other_plan": flag.plans[1] if other else None,
        "other_target": flag.targets[1] if other else None,
        "other_quote": flag.quotes[1] if other else None,
    }


def render_pieces(report: TargetsReport, options: RenderOptions) -> Iterator[str]:
    yield table(COLUMNS, [*_targets(report), *(_flag(flag) for flag in report.flags)])
