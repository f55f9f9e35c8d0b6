"""Markdown: a compact table and a summary line, for pull-request comments and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from dxcheck.reporters import RenderOptions, ending_of
from dxcheck.reporters.text import actual_text, check_notes, check_summary_line, number, summary_line
from dxcheck.results import AnyReport, Outcome, Report, Result, Row, Scope

_HEADER = (
    "| Indicator | Year | Target | Actual | Gap | Status |",
    "| --- | ---: | --- | ---: | ---: | --- |",
)


def _icon(outcome: Outcome) -> str:
    match outcome:
        case Outcome.PASS:
            return "✅"
        case Outcome.WARN:
            return "⚠️"
        case Outcome.FAIL:
            return "❌"
        case _:
            assert_never(outcome)


def escape(text: str) -> str:
    """A table cell's text: pipes and backslashes escaped, line breaks folded into spaces."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _line(row: Row) -> str:
    gap = "—" if row.gap is None else ("+" if row.gap > 0 else "") + number(row.gap)
    cells = (
        f"`{row.indicator}`",
        str(row.target_year),
        escape(row.target),
        escape(actual_text(row)),
        gap,
        f"{_icon(row.outcome)} {row.status.value}",
    )
    return "| " + " | ".join(cells) + " |"


def _section(result: Result, options: RenderOptions, level: str) -> list[str]:
    lines = [f"{level} {escape(result.title.pick(options.lang))} (`{result.plan_id}`)", ""]
    if result.rows:
        lines.extend([*_HEADER, *(_line(row) for row in result.rows), ""])
    else:
        lines.extend(["The plan has no targets for the years asked for.", ""])
    lines.extend([f"**{summary_line(result)}**", ""])
    return lines


def render_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    match report.scope:
        case Scope.PLAN:
            yield "\n".join(line for result in report.results for line in _section(result, options, "###"))
        case Scope.REPOSITORY:
            yield from _check_pieces(report, options)
        case _:
            assert_never(report.scope)


def _check_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """Each plan's section as it comes, then the problems, the notes and the summary."""
    yield "## dxcheck\n\n"
    for result in report.results:
        yield "".join(f"{line}\n" for line in _section(result, options, "###"))
    lines = _closing_lines(ending_of(report))
    yield "\n".join(lines)


def _closing_lines(report: Report) -> list[str]:
    lines: list[str] = []
    if report.problems:
        lines.extend(["### Input problems", ""])
        lines.extend(
            f"- `{problem.file}:{problem.line}:{problem.column}` {escape(problem.location)}: "
            f"{escape(problem.message)}"
            for problem in report.problems
        )
        lines.append("")
    lines.extend(f"{note}  " for note in check_notes(report))
    lines.extend([f"**{check_summary_line(report)}**", ""])
    return lines
