"""Output formats: one module per format, each rendering a result or a check to a string, in one registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from dxcheck.files import Source
    from dxcheck.repository import CheckResult
    from dxcheck.results import Result


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to draw a result: which name language, whether in colour, how wide, and the plans' text."""

    lang: str = "vi"
    color: bool = False
    width: int = 100
    # plan file name -> its text, so that a format can point at a target's line (github)
    sources: Mapping[str, Source] = field(default_factory=dict)


class Reporter(Protocol):
    """What each module under dxcheck.reporters provides.

    A format may also provide `iter_check(result, options)`, render_check's text in pieces as it is
    made; `check_chunks` uses it when present (json does, for national repositories).
    """

    def render(self, result: Result, options: RenderOptions) -> str: ...

    def render_check(self, result: CheckResult, options: RenderOptions) -> str: ...


def check_chunks(name: str, result: CheckResult, options: RenderOptions) -> Iterable[str]:
    """The text of a check in the format `name`, in pieces to write one after the other.

    A format whose report of a large repository is large (json) provides `iter_check`, giving
    the report as it is made; for the others it is render_check's text in one piece.
    """
    module = get_reporter(name)
    pieces: Callable[[CheckResult, RenderOptions], Iterable[str]] | None = getattr(module, "iter_check", None)
    return pieces(result, options) if pieces is not None else [module.render_check(result, options)]


# format name -> module under dxcheck.reporters; imported only when used, to keep start-up light
REPORTERS: dict[str, str] = {
    "table": "table",
    "json": "json",
    "csv": "csv",
    "markdown": "markdown",
    "junit": "junit",
    "github": "github",
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
