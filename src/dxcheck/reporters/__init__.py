"""Output formats: one module per format, each rendering a report as text (or bytes), in one registry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import import_module
from itertools import chain
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from dxcheck.results import AnyReport, Report, Result


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


class BinaryReporter(Protocol):
    """What a module of a binary format (a workbook, not text) provides instead of render_pieces."""

    def render_chunks(self, report: AnyReport, options: RenderOptions) -> Iterator[bytes]:
        """The bytes of the report's one file, in chunks to write one after the other.

        The file is made as the report streams, each plan written and let go, but a zip's parts
        are known only at its end: no chunk comes before the last plan is written.
        """
        ...


def render_pieces(name: str, report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """The text of a report in the format `name`, in pieces, as it is made."""
    if is_binary(name):
        raise ValueError(f"{name} is a binary format: use render_chunks")
    return get_reporter(name).render_pieces(report, options)


def render_chunks(name: str, report: AnyReport, options: RenderOptions) -> Iterator[bytes]:
    """The report in the binary format `name` (xlsx): its file's bytes, in chunks."""
    if not is_binary(name):
        raise ValueError(f"{name} is a text format: use render_pieces")
    module = import_module(f"dxcheck.reporters.{REPORTERS[name]}")
    return cast("BinaryReporter", module).render_chunks(report, options)


def render_bytes(name: str, report: AnyReport, options: RenderOptions) -> bytes:
    """The report in the binary format `name` (xlsx), as the bytes of its file."""
    return b"".join(render_chunks(name, report, options))


def render(name: str, report: AnyReport, options: RenderOptions) -> str:
    """The whole text of a report in the format `name`."""
    return "".join(render_pieces(name, report, options))


def judged_first(report: AnyReport) -> Iterator[Result]:
    """The report's results, the first already judged: a check's peak of memory is the reading of its
    first group, so a format that loads a large library (Jinja2, XlsxWriter) loads it after this."""
    results = iter(report.results)
    first = next(results, None)
    return results if first is None else chain((first,), results)


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
    "xlsx": "xlsx",
}

# formats whose report is bytes, not text: written to a file, or to stdout only when it is no terminal
BINARY_FORMATS = frozenset({"xlsx"})

# `dxcheck targets`: format name -> module under dxcheck.reporters.targets, imported only when used
TARGETS_REPORTERS: dict[str, str] = {
    "table": "table",
    "json": "json",
    "csv": "csv",
    "markdown": "markdown",
    "html": "html",
}
# --output's extension -> the format written when --format is not given
TARGETS_FORMAT_BY_EXTENSION: dict[str, str] = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
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
    ".xlsx": "xlsx",
}


def get_reporter(name: str) -> Reporter:
    """The module of a format; KeyError for a format that is not offered."""
    return cast("Reporter", import_module(f"dxcheck.reporters.{REPORTERS[name]}"))


def is_binary(name: str) -> bool:
    """Whether the format `name` writes bytes (a workbook) rather than text."""
    return name in BINARY_FORMATS


def resolve_format(name: str, environ: Mapping[str, str]) -> str:
    """`auto` is `github` inside GitHub Actions and `table` elsewhere; other names stand for themselves."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "table"


def choose_format(
    given: str | None,
    output: PurePath | None,
    default: str,
    by_extension: Mapping[str, str] = FORMAT_BY_EXTENSION,
) -> str:
    """`--format` when given, else the format `--output`'s extension names, else the command's default."""
    if given is not None:
        return given
    if output is None:
        return default
    return by_extension.get(output.suffix.lower(), default)


def describe_extensions(by_extension: Mapping[str, str] = FORMAT_BY_EXTENSION) -> str:
    """The extension rule as help text: `.csv csv, .json json, .md/.markdown markdown, …`."""
    by_format: dict[str, list[str]] = {}
    for extension, name in by_extension.items():
        by_format.setdefault(name, []).append(extension)
    return ", ".join(f"{'/'.join(extensions)} {name}" for name, extensions in by_format.items())
