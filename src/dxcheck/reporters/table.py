"""The table a person reads: grouped by pillar, coloured by outcome, readable without colour."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dxcheck.models import Pillar
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.text import (
    actual_text,
    check_notes,
    check_summary_line,
    gap_text,
    progress_text,
    summary_line,
    unmatched_lines,
)
from dxcheck.results import Outcome, Result, Row

if TYPE_CHECKING:
    from dxcheck.repository import CheckResult

_STYLE = {Outcome.PASS: "green", Outcome.WARN: "yellow", Outcome.FAIL: "bold red"}
_PILLAR_NAMES = {
    Pillar.DIGITAL_GOVERNMENT.value: ("Chính quyền số", "Digital government"),
    Pillar.DIGITAL_ECONOMY.value: ("Kinh tế số", "Digital economy"),
    Pillar.DIGITAL_SOCIETY.value: ("Xã hội số", "Digital society"),
    Pillar.DIGITAL_INFRASTRUCTURE.value: ("Hạ tầng số", "Digital infrastructure"),
    Pillar.INFORMATION_SECURITY.value: ("An toàn thông tin", "Information security"),
    Pillar.OTHER.value: ("Khác", "Other"),
    None: ("Chưa phân loại", "No pillar"),
}
_PILLAR_ORDER = [pillar.value for pillar in Pillar]


def _pillar_key(row: Row) -> int:
    return _PILLAR_ORDER.index(row.pillar) if row.pillar in _PILLAR_ORDER else len(_PILLAR_ORDER)


def build_table(result: Result, options: RenderOptions) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        expand=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    wide = options.width >= 110
    table.add_column("Indicator", min_width=16, overflow="fold")
    if wide:
        # the name only where there is room: at 80 columns the id is what identifies a row
        table.add_column("Name", max_width=options.width - 90, overflow="ellipsis", no_wrap=True)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Actual", justify="right", no_wrap=True)
    table.add_column("Gap", justify="right", no_wrap=True)
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    language = 1 if options.lang == "en" else 0
    rows = sorted(result.rows, key=_pillar_key)  # stable: plan order within a pillar
    current: object = object()
    previous_indicator = None
    for row in rows:
        if row.pillar != current:
            current = row.pillar
            table.add_section()
            pillar_name = _PILLAR_NAMES.get(row.pillar, (str(row.pillar),) * 2)[language]
            table.add_row(Text(pillar_name, style="bold"))
            previous_indicator = None
        first = row.indicator != previous_indicator
        previous_indicator = row.indicator
        label = [row.indicator if first else ""]
        if wide:
            label.append(row.name.pick(options.lang) if first else "")
        table.add_row(
            *label,
            str(row.target_year),
            row.target,
            actual_text(row),
            gap_text(row),
            progress_text(row),
            Text(row.status.value, style=_STYLE[row.outcome]),
        )
    return table


def _header(result: Result, options: RenderOptions) -> list[str]:
    lines = [result.title.pick(options.lang), f"plan {result.plan_id} · region {result.region}"]
    lines.extend(f"actuals {info.year}: {info.file}" for info in result.actuals)
    return lines


def render(result: Result, options: RenderOptions) -> str:
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
        console.print(build_table(result, options))
    else:
        console.print("The plan has no targets for the years asked for.")
    outcome = Outcome.FAIL if result.exit_code else Outcome.PASS
    console.print(Text(summary_line(result), style=_STYLE[outcome]))
    for line in unmatched_lines(result):
        console.print(Text(line))
    text = buffer.getvalue()
    if options.color:
        return text
    # rich pads every line to the full width; a log or a file wants no trailing blanks
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def render_check(result: CheckResult, options: RenderOptions) -> str:
    parts = [render(plan, options) for plan in result.results]
    if not result.results and not result.problems:
        parts.append("No plan found: no *.yaml or *.yml file with a 'dxcheck:' line.\n")
    closing = [*check_notes(result), check_summary_line(result)]
    parts.append("\n".join(closing) + "\n")
    return "\n".join(parts)
