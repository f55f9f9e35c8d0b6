"""The table a person reads: grouped by pillar, coloured by outcome, readable without colour."""

from __future__ import annotations

import difflib
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dxcheck.models import Pillar
from dxcheck.reporters import RenderOptions
from dxcheck.results import Outcome, Result, Row, Status

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


def number(value: Decimal | None, places: int = 2) -> str:
    """A figure for the table: thousands grouped, at most `places` decimals, no trailing zeros."""
    if value is None:
        return "—"
    rounded = round(value, places)
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def actual_text(row: Row) -> str:
    if row.actual is None:
        return "—"
    if isinstance(row.actual, bool):
        text = "yes" if row.actual else "no"
    else:
        text = number(row.actual)
        if row.actual_bound:
            text = f"{row.actual_bound} {text}"
        elif row.approximate:
            text = f"~{text}"
    if row.actual_year is not None and row.actual_year != row.target_year:
        text += f" ({row.actual_year})"
    return text


def _gap_text(row: Row) -> str:
    if row.gap is None:
        return "—"
    return ("+" if row.gap > 0 else "") + number(row.gap)


def _progress_text(row: Row) -> str:
    return "—" if row.progress is None else f"{row.progress:.2f}"


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
            _gap_text(row),
            _progress_text(row),
            Text(row.status.value, style=_STYLE[row.outcome]),
        )
    return table


def summary_line(result: Result) -> str:
    counts = [f"{count} {status}" for status, count in result.summary().items() if count]
    failing = sorted({row.status.value for row in result.rows if row.status in result.fail_on})
    verdict = f"fails on {', '.join(failing)}" if failing else "passes"
    total = len(result.rows)
    return f"{total} target{'s' if total != 1 else ''}: {', '.join(counts) or 'none'} — {verdict}"


def _header(result: Result, options: RenderOptions) -> list[str]:
    lines = [result.title.pick(options.lang), f"plan {result.plan_id} · region {result.region}"]
    lines.extend(f"actuals {info.year}: {info.file}" for info in result.actuals)
    return lines


def _closest(key: str, known: list[str]) -> str | None:
    """The plan id an unmatched id was probably meant to be (a typo, a renamed id)."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
    return close[0] if close else None


def unmatched_lines(result: Result) -> list[str]:
    if not result.unmatched_actuals:
        return []
    known = list(dict.fromkeys(row.indicator for row in result.rows))
    lines = ["Actuals that match no indicator of the plan:"]
    for key in result.unmatched_actuals:
        close = _closest(key, known)
        lines.append(f"  {key}" + (f" (did you mean {close}?)" if close else ""))
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


def check_summary_line(result: CheckResult) -> str:
    """One line for a whole check: plans, targets by status, input problems, and the verdict."""
    plans = len(result.results)
    targets = sum(len(plan.rows) for plan in result.results)
    counts = [f"{count} {status}" for status, count in result.summary().items() if count]
    failing = sorted(
        {row.status.value for plan in result.results for row in plan.rows if row.status in plan.fail_on}
    )
    parts = [f"{plans} plan{'s' if plans != 1 else ''}, {targets} target{'s' if targets != 1 else ''}"]
    parts.append(", ".join(counts) or "none")
    if result.problems:
        problems = len(result.problems)
        verdict = f"{problems} input problem{'s' if problems != 1 else ''}"
    else:
        verdict = f"fails on {', '.join(failing)}" if failing else "passes"
    return f"{': '.join(parts)} — {verdict}"


def check_notes(result: CheckResult) -> list[str]:
    """The lines about files that were not paired: plans without actuals, regions without a plan."""
    lines = []
    if result.plans_without_actuals:
        lines.append(
            "Plans without actuals (every target is no-data): " + ", ".join(result.plans_without_actuals)
        )
    if result.actuals_without_plan:
        lines.append("Regions in actuals without a plan: " + ", ".join(result.actuals_without_plan))
    return lines


def render_check(result: CheckResult, options: RenderOptions) -> str:
    parts = [render(plan, options) for plan in result.results]
    if not result.results and not result.problems:
        parts.append("No plan found: no *.yaml or *.yml file with a 'dxcheck:' line.\n")
    closing = [*check_notes(result), check_summary_line(result)]
    parts.append("\n".join(closing) + "\n")
    return "\n".join(parts)


__all__ = ["Status", "render", "render_check"]
