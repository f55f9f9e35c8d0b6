"""Plain-text pieces every format shares: figures, one-line descriptions, summaries (no rich here)."""

from __future__ import annotations

from decimal import Decimal

from dxcheck.results import Report, Result, Row, Status, Tally


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
        if row.actual_of is not None:
            text += f"/{row.actual_of}"  # a rank among so many: «thứ 5/34»
    if row.provisional and row.actual_as_of is not None:
        text += f" (as of {row.actual_as_of.isoformat()})"  # a part-year figure: its date says its year
    elif row.actual_year is not None and row.actual_year != row.target_year:
        text += f" ({row.actual_year})"
    return text


def gap_text(row: Row) -> str:
    if row.gap is None:
        return "—"
    return ("+" if row.gap > 0 else "") + number(row.gap)


def progress_text(row: Row) -> str:
    return "—" if row.progress is None else f"{row.progress:.2f}"


def describe(row: Row) -> str:
    """What a person needs to know about a judged target, in one line."""
    actual = "no figure" if row.actual is None else f"actual {actual_text(row)}"
    text = f"{row.status.value}: target {row.target}, {actual}"
    if row.gap is not None:
        text += f", gap {number(row.gap)}"
    if row.progress is not None:
        text += f", progress {row.progress:.2f}"
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _counts(summary: dict[str, int]) -> str:
    return ", ".join(f"{count} {status}" for status, count in summary.items() if count) or "none"


def _verdict(tally: Tally) -> str:
    if tally.failing:
        return f"fails on {', '.join(sorted(tally.failing))}"
    total = sum(tally.counts.values())
    if not total:
        return "nothing to judge"
    if tally.counts[Status.NO_DATA.value] == total:
        # a pass would read as the plan being on course, when no figure was ever compared with a target
        return "nothing could be judged: no figure for any target"
    return "passes"


def _targets(summary: dict[str, int]) -> str:
    """How many targets, and how many of them could be judged: those without a figure never are."""
    total = sum(summary.values())
    without = summary[Status.NO_DATA.value]
    if total == 0:
        return "0 targets"
    if without == 0:
        return f"{_plural(total, 'target')}, all judged"
    if without == total:
        return _plural(total, "target")
    return f"{_plural(total, 'target')}, {total - without} judged, {without} without a figure"


def summary_line(result: Result) -> str:
    """One line for a plan: targets judged and without a figure, by status, and the verdict of --fail-on.

    `10 targets, 7 judged, 3 without a figure: 2 met, … — passes`; `8 targets: 8 no-data — nothing
    could be judged: no figure for any target`. The exit code is --fail-on's alone.
    """
    tally = Tally.of([result])
    return f"{_targets(tally.counts)}: {_counts(tally.counts)} — {_verdict(tally)}"


def check_summary_line(report: Report) -> str:
    """One line for a whole check: plans, targets judged and without a figure, input problems, the verdict."""
    tally = report.tally()
    head = f"{_plural(tally.plans, 'plan')}, {_targets(tally.counts)}"
    verdict = _plural(len(report.problems), "input problem") if report.problems else _verdict(tally)
    return f"{head}: {_counts(tally.counts)} — {verdict}"


def check_notes(report: Report) -> list[str]:
    """The lines about files that were not paired: plans without actuals, regions without a plan."""
    lines = []
    if report.plans_without_actuals:
        lines.append(
            "Plans without actuals (every target is no-data): " + ", ".join(report.plans_without_actuals)
        )
    if report.actuals_without_plan:
        lines.append("Regions in actuals without a plan: " + ", ".join(report.actuals_without_plan))
    return lines


def unmatched_lines(result: Result) -> list[str]:
    """The actuals ids the plan has no indicator for, each with the id it likely misspells."""
    if not result.unmatched_actuals:
        return []
    suggestions = dict(result.suggestions)
    lines = ["Actuals that match no indicator of the plan:"]
    for key in result.unmatched_actuals:
        close = suggestions.get(key)
        lines.append(f"  {key}" + (f" (did you mean {close}?)" if close else ""))
    return lines
