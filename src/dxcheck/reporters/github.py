"""GitHub Actions workflow commands: an annotation at the plan line of each failed or doubtful target."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from dxcheck.problems import Problem
from dxcheck.reporters import RenderOptions, ending_of
from dxcheck.reporters.text import describe
from dxcheck.results import AnyReport, Misspelling, Outcome, Report, Result

# GitHub shows only the first 10 annotations of each kind per step; past that, the step summary has the rest
MAX_SHOWN = 10


def escape_data(text: str) -> str:
    """A message, escaped as @actions/core's `escapeData` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title), escaped as @actions/core's `escapeProperty` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, file: str, line: int, column: int, title: str) -> str:
    """One workflow command, `::kind file=…,line=…,col=…,title=…::message`."""
    properties = f"file={escape_property(file)},line={line},col={column},title={escape_property(title)}"
    return f"::{kind} {properties}::{escape_data(message)}"


def _kind(outcome: Outcome) -> str | None:
    match outcome:
        case Outcome.PASS:
            return None
        case Outcome.WARN:
            return "warning"
        case Outcome.FAIL:
            return "error"
        case _:
            assert_never(outcome)


def _row_commands(result: Result) -> Iterator[str]:
    for row in result.rows:
        kind = _kind(row.outcome)
        if kind is None:
            continue
        line, column = row.position
        title = f"{result.plan_id}: {row.indicator} {row.target_year}"
        yield command(kind, describe(row), result.plan_file, line, column, title)


def _problem_command(problem: Problem) -> str:
    message = f"{problem.location}: {problem.message}"
    return command("error", message, problem.file, problem.line, problem.column, "dxcheck: input error")


def _misspelling_command(miss: Misspelling) -> str:
    message = f"{miss.location}: {miss.message}"
    return command("warning", message, miss.file, miss.line, miss.column, "dxcheck: misspelt id?")


def render_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """Input errors, then likely misspelt actuals ids (here, not on stderr), then the targets.

    The errors come first (GitHub shows the first ten of each kind) but are known only after the last
    plan: the targets' commands are kept as text until then.
    """
    targets = "".join(f"{line}\n" for result in report.results for line in _row_commands(result))
    ending = ending_of(report)
    commands = [_problem_command(problem) for problem in ending.problems]
    commands.extend(_misspelling_command(miss) for miss in ending.warnings)
    yield "".join(f"{line}\n" for line in commands) + targets


def annotation_count(report: Report) -> int:
    """How many annotations `render_pieces` emits."""
    rows = (row for result in report.results for row in result.rows)
    return len(report.problems) + len(report.warnings) + sum(1 for row in rows if _kind(row.outcome))


def step_summary(report: Report, options: RenderOptions) -> str | None:
    """The markdown report for $GITHUB_STEP_SUMMARY when there are more annotations than GitHub shows."""
    if annotation_count(report) <= MAX_SHOWN:
        return None
    from dxcheck.reporters import markdown

    return "".join(markdown.render_pieces(report, options))
