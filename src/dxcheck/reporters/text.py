"""Plain-text pieces every format shares: figures, one-line descriptions, summaries (no rich here)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from dxcheck.results import Report, Result, Row


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


def _verdict(results: Iterable[Result]) -> str:
    failing = sorted({row.status.value for one in results for row in one.rows if row.status in one.fail_on})
    return f"fails on {', '.join(failing)}" if failing else "passes"


def summary_line(result: Result) -> str:
    """One line for a plan: targets by status, and the verdict of --fail-on."""
    return f"{_plural(len(result.rows), 'target')}: {_counts(result.summary())} — {_verdict([result])}"


def check_summary_line(report: Report) -> str:
    """One line for a whole check: plans, targets by status, input problems, and the verdict."""
    targets = sum(len(result.rows) for result in report.results)
    head = f"{_plural(len(report.results), 'plan')}, {_plural(targets, 'target')}"
    verdict = _plural(len(report.problems), "input problem") if report.problems else _verdict(report.results)
    return f"{head}: {_counts(report.summary())} — {verdict}"


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


# the last segment of an id that names an administrative level: a province's figure is never a commune's
_LEVELS = frozenset({"province", "district", "commune"})


def _closest(key: str, known: list[str]) -> str | None:
    """The plan id an unmatched id was probably meant to be: a typo of it, not a neighbouring concept.

    Only ids of the same pillar prefix and the same level are candidates, and only those a few letters
    away (docs/indicators.md): `econ.online-…` is no typo of `gov.online-…`, nor `.commune` of `.province`.
    """
    limit = 1 if len(key) < 10 else 2
    best: tuple[int, str] | None = None
    for candidate in known:
        if not _is_comparable(key, candidate):
            continue
        distance = _edits(key, candidate, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best is not None else None


def _is_comparable(key: str, candidate: str) -> bool:
    """Whether two ids share their pillar prefix and, where either names one, their level."""
    if _prefix(key) != _prefix(candidate):
        return False
    level, other = key.rpartition(".")[2], candidate.rpartition(".")[2]
    return level == other or (level not in _LEVELS and other not in _LEVELS)


def _prefix(key: str) -> str:
    return key.partition(".")[0] if "." in key else ""


def _edits(a: str, b: str, limit: int) -> int:
    """Letters to insert, delete, change or swap with a neighbour to turn a into b; limit + 1 past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


# "did you mean" is looked up for this many unmatched ids of a plan: each look-up compares the id with
# every indicator of the plan, and a plan that misses more ids than this (an actuals file for far more
# indicators than the plan has) misses them on purpose, not by a typo
SUGGESTED = 20


def unmatched_lines(result: Result) -> list[str]:
    if not result.unmatched_actuals:
        return []
    known = list(dict.fromkeys(row.indicator for row in result.rows))
    lines = ["Actuals that match no indicator of the plan:"]
    for i, key in enumerate(result.unmatched_actuals):
        close = _closest(key, known) if i < SUGGESTED else None
        lines.append(f"  {key}" + (f" (did you mean {close}?)" if close else ""))
    return lines
