"""Markdown: a compact table and a summary line, for pull-request comments and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from dxcheck import i18n
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.text import (
    actual_text,
    check_notes,
    check_summary_line,
    gap_text,
    headings,
    no_targets_line,
    summary_line,
    target_text,
)
from dxcheck.results import Outcome, Report, Result, Row, Scope

_COLUMNS = ("indicator", "name", "year", "target", "actual", "gap", "status")


def _header(lang: str) -> tuple[str, str]:
    heading = headings(lang)
    names = " | ".join(heading[column] for column in _COLUMNS)
    return f"| {names} |", "| --- | --- | ---: | --- | ---: | ---: | --- |"


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


def _line(row: Row, lang: str) -> str:
    cells = (
        f"`{row.indicator}`",
        escape(row.name.pick(lang)),
        str(row.target_year),
        escape(target_text(row, lang)),
        escape(actual_text(row, lang)),
        gap_text(row, lang),
        f"{_icon(row.outcome)} {i18n.row_label(row, lang)}",
    )
    return "| " + " | ".join(cells) + " |"


def _section(result: Result, options: RenderOptions, level: str) -> list[str]:
    lang = options.lang
    lines = [f"{level} {escape(result.title.pick(lang))} (`{result.plan_id}`)", ""]
    if result.rows:
        lines.extend([*_header(lang), *(_line(row, lang) for row in result.rows), ""])
    else:
        lines.extend([no_targets_line(lang), ""])
    lines.extend([f"**{summary_line(result, lang)}**", ""])
    return lines


def render_pieces(report: Report, options: RenderOptions) -> Iterator[str]:
    match report.scope:
        case Scope.PLAN:
            yield "\n".join(line for result in report.results for line in _section(result, options, "###"))
        case Scope.REPOSITORY:
            yield "\n".join(_check_lines(report, options))
        case _:
            assert_never(report.scope)


def _check_lines(report: Report, options: RenderOptions) -> list[str]:
    lines = ["## dxcheck", ""]
    for result in report.results:
        lines.extend(_section(result, options, "###"))
    if report.problems:
        # the problems themselves stay in English: they are the same lines as on stderr
        lines.extend(["### " + headings(options.lang)["problems"], ""])
        lines.extend(
            f"- `{problem.file}:{problem.line}:{problem.column}` {escape(problem.location)}: "
            f"{escape(problem.message)}"
            for problem in report.problems
        )
        lines.append("")
    lines.extend(f"{note}  " for note in check_notes(report, options.lang))
    lines.extend([f"**{check_summary_line(report, options.lang)}**", ""])
    return lines
