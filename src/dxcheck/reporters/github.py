"""GitHub Actions workflow commands: an annotation at the plan line of each failed or doubtful target."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, assert_never

from dxcheck.files import Source
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.text import describe
from dxcheck.results import Outcome, Result, Row
from dxcheck.yamlsource import locate, parse

if TYPE_CHECKING:
    from dxcheck.problems import Problem
    from dxcheck.repository import CheckResult

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


def _indexes(source: Source) -> dict[str, int]:
    data = parse(source).data
    indicators = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(indicators, list):
        return {}
    return {item["id"]: i for i, item in enumerate(indicators) if isinstance(item, dict) and "id" in item}


def _places(result: Result, sources: Mapping[str, Source]) -> Callable[[Row], tuple[int, int]]:
    """Where each row's target is written in the plan; the file's first line when its text is not at hand."""
    source = sources.get(result.plan_file)
    indexes = _indexes(source) if source is not None else {}

    def place(row: Row) -> tuple[int, int]:
        if source is None or row.indicator not in indexes:
            return 1, 1
        path = ("indicators", indexes[row.indicator], "targets", str(row.target_year))
        line, column, _ = locate(source, path)
        return line, column

    return place


def _row_commands(result: Result, sources: Mapping[str, Source]) -> Iterator[str]:
    place = _places(result, sources)
    for row in result.rows:
        kind = _kind(row.outcome)
        if kind is None:
            continue
        line, column = place(row)
        title = f"{result.plan_id}: {row.indicator} {row.target_year}"
        yield command(kind, describe(row), result.plan_file, line, column, title)


def _problem_command(problem: Problem) -> str:
    message = f"{problem.location}: {problem.message}"
    return command("error", message, problem.file, problem.line, problem.column, "dxcheck: input error")


def _lines(commands: list[str]) -> str:
    return "".join(f"{line}\n" for line in commands)


def render(result: Result, options: RenderOptions) -> str:
    return _lines(list(_row_commands(result, options.sources)))


def render_check(result: CheckResult, options: RenderOptions) -> str:
    sources = {**options.sources, **result.sources}
    commands = [_problem_command(problem) for problem in result.problems]
    for plan in result.results:
        commands.extend(_row_commands(plan, sources))
    return _lines(commands)


def annotation_count(result: Result | CheckResult) -> int:
    """How many annotations `render` or `render_check` emits."""
    if isinstance(result, Result):
        return sum(1 for row in result.rows if _kind(row.outcome))
    return len(result.problems) + sum(annotation_count(plan) for plan in result.results)


def step_summary(result: Result | CheckResult, options: RenderOptions) -> str | None:
    """The markdown report for $GITHUB_STEP_SUMMARY when there are more annotations than GitHub shows."""
    if annotation_count(result) <= MAX_SHOWN:
        return None
    from dxcheck.reporters import markdown

    if isinstance(result, Result):
        return markdown.render(result, options)
    return markdown.render_check(result, options)
