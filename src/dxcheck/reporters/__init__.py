"""Output formats: one module per format, each rendering a report as text, in one registry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from dxcheck.results import AnyReport, Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to draw a report: which name language, whether in colour, and how wide."""

    lang: str = "vi"
    color: bool = False
    width: int = 100


class Reporter(Protocol):
    """What each module under dxcheck.reporters provides: one function, for compare and check alike."""

    def render_pieces(self, report: AnyReport, options: RenderOptions) -> Iterator[str]:
        """The report's text in pieces to write one after the other, each as soon as it is made.

        A check's report comes as a ReportStream: each format reads each plan's result once, writes
        it and lets it go, then reads the ending, so that a national repository's report never
        stands in memory whole.
        """
        ...


def render_pieces(name: str, report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """The text of a report in the format `name`, in pieces, as it is made."""
    return get_reporter(name).render_pieces(report, options)


def render(name: str, report: AnyReport, options: RenderOptions) -> str:
    """The whole text of a report in the format `name`."""
    return "".join(render_pieces(name, report, options))


def ending_of(report: AnyReport) -> Report:
    """What a report says after its results (problems, unpaired files, the count), once they are read."""
    from dxcheck.results import Report  # loaded by then: the report is one of its classes

    return report if isinstance(report, Report) else report.ending


# format name -> module under dxcheck.reporters; imported only when used, to keep start-up light
REPORTERS: dict[str, str] = {
    "table": "table",
    "json": "json",
    "csv": "csv",
    "markdown": "markdown",
    "junit": "junit",
    "github": "github",
    "html": "html",
}

AUTO = "auto"

# --output's extension -> the format written when --format is not given
FORMAT_BY_EXTENSION: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "junit",
    ".txt": "table",
    ".html": "html",
    ".htm": "html",
}


def get_reporter(name: str) -> Reporter:
    """The module of a format; KeyError for a format that is not offered."""
    return cast("Reporter", import_module(f"dxcheck.reporters.{REPORTERS[name]}"))


def resolve_format(name: str, environ: Mapping[str, str]) -> str:
    """`auto` is `github` inside GitHub Actions and `table` elsewhere; other names stand for themselves."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "table"


def choose_format(given: str | None, output: PurePath | None, default: str) -> str:
    """`--format` when given, else the format `--output`'s extension names, else the command's default."""
    if given is not None:
        return given
    if output is None:
        return default
    return FORMAT_BY_EXTENSION.get(output.suffix.lower(), default)


def describe_extensions() -> str:
    """The extension rule as help text: `.csv csv, .json json, .md/.markdown markdown, …`."""
    by_format: dict[str, list[str]] = {}
    for extension, name in FORMAT_BY_EXTENSION.items():
        by_format.setdefault(name, []).append(extension)
    return ", ".join(f"{'/'.join(extensions)} {name}" for name, extensions in by_format.items())
