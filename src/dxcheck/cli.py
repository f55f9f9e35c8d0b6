"""The command line: options in, a report on stdout, problems on stderr, an exit code out."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer
import typer.main
from typer.core import TyperGroup

# pydantic looks up plugins through every installed package's entry points when the first
# model is built; the command line uses none, and the look-up is a large share of start-up
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from dxcheck import i18n
from dxcheck.reporters import (
    AUTO,
    REPORTERS,
    TARGETS_FORMAT_BY_EXTENSION,
    TARGETS_REPORTERS,
    RenderOptions,
    choose_format,
    describe_extensions,
    ending_of,
    is_binary,
    render_chunks,
    render_pieces,
    resolve_format,
)
from dxcheck.statuses import ExitCode, FlagKind, Status

if TYPE_CHECKING:
    from dxcheck.problems import Problem
    from dxcheck.results import AnyReport, Report

_F = TypeVar("_F", bound=Callable[..., Any])

# typer reads help when the command is built, before --lang is parsed: help follows the environment
# (English unless $DXCHECK_LANG or the locale says vi); click's own words (Usage, Options) stay English
_h = i18n.gettext_for(i18n.help_lang(os.environ))

# command name -> the typer app of that command alone (`init` is a group of its own)
COMMANDS: dict[str, typer.Typer] = {}


class _Built(MutableMapping[str, Any]):  # Any: typer ≥ 0.24 ships its own click, whose types differ
    """Command name -> click command, each built from its typer app the first time it is looked up."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = typer.main.get_command(COMMANDS[name])
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class _Commands(TyperGroup):
    """dxcheck's group of commands, which builds only the command that runs (help builds them all):
    typer reads every parameter of a command to build it, and all of them took 6 ms of each run."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = _Built()


def _app(**settings: Any) -> typer.Typer:
    """A typer app as dxcheck's are: no completion, no rich markup, tracebacks only with --debug."""
    return typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None, **settings
    )


def _command(help: str) -> Callable[[_F], _F]:
    """Register a function as a command of its own, named after the function."""

    def register(function: _F) -> _F:
        alone = _app()
        alone.command(help=help)(function)
        COMMANDS[function.__name__] = alone
        return function

    return register


app = _app(
    cls=_Commands,
    no_args_is_help=True,
    help=_h("Check digital-transformation plan targets against the year's actual figures."),
)

LANGS = i18n.LANGS
MaxFileSize = Annotated[
    int | None,
    typer.Option(
        "--max-file-size",
        min=1,
        metavar="BYTES",
        help=_h(
            "Refuse input files larger than this (default: $DXCHECK_MAX_FILE_SIZE, else 10485760, 10 MiB)."
        ),
        show_default=False,
    ),
]


# what a shell reports for a run stopped by Ctrl-C (128 + SIGINT); not an outcome of the checks
_INTERRUPTED = 130


class _Stop(Exception):
    def __init__(self, code: ExitCode) -> None:
        self.code = code


@contextmanager
def _guard(debug: bool) -> Iterator[None]:
    """Input problems become `FILE:LINE:COL: error:` lines and exit 2; anything else, one line."""
    from dxcheck.problems import InputError, UsageError

    try:
        yield
    except InputError as error:
        _say(error.problems)
        raise _Stop(ExitCode.INPUT_ERROR) from None
    except UsageError as error:  # one line, as the other options' mistakes
        print(f"dxcheck: error: {error.option}: {error}", file=sys.stderr)
        raise _Stop(ExitCode.INPUT_ERROR) from None
    except (KeyboardInterrupt, _Stop):
        raise
    except Exception as error:
        if debug:
            raise
        print(
            f"dxcheck: error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr
        )
        raise _Stop(ExitCode.INPUT_ERROR) from None


def _say(problems: Iterable[Problem]) -> None:
    """Input problems on stderr, one `FILE:LINE:COL: error:` line each."""
    for problem in problems:
        print(problem, file=sys.stderr)


def _warn(name: str, report: Report) -> None:
    """Likely misspelt actuals ids on stderr, one `FILE:LINE:COL: warning:` line each; github annotates."""
    if name == "github":
        return
    for miss in report.warnings:
        print(miss, file=sys.stderr)


def _listed(text: str, known: list[str], what: str) -> list[str]:
    """--fail-on's text as the names it lists: `missed,off-track`; `none` lists none."""
    wanted = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in known and part != "none"]
    if unknown:
        raise typer.BadParameter(f"unknown {what} {unknown[0]!r}; choose from {', '.join(known)}, or 'none'")
    return [part for part in wanted if part != "none"]


def _fail_on(text: str) -> frozenset[Status]:
    """`compare` and `check`'s --fail-on: the statuses that make the exit code 1."""
    return frozenset(map(Status, _listed(text, sorted(status.value for status in Status), "status")))


def _choice(options: tuple[str, ...] | list[str], what: str) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and value not in options:  # None: an option left out
            raise typer.BadParameter(f"unknown {what} {value!r}; choose from {', '.join(options)}")
        return value

    return check


def _check_output(
    output: Path | None, reads: Iterable[str], draft_year: int | None = None, force: bool = False
) -> None:
    """Refuse an --output that cannot or may not be written (output.why_refused), before any work."""
    if output is None:
        return
    from dxcheck.output import why_refused

    message = why_refused(output, reads, draft_year=draft_year, force=force)
    if message is not None:
        from dxcheck.problems import InputError, Problem

        raise InputError([Problem(str(output), 1, 1, "$", message)])


def _write(pieces: Iterable[str] | Iterable[bytes], output: Path | None) -> None:
    """Write the report's pieces (a binary report's chunks of bytes) in order to stdout, or atomically
    to `output`."""
    if output is None:
        try:
            for piece in pieces:
                if isinstance(piece, bytes):
                    sys.stdout.buffer.write(piece)
                else:
                    sys.stdout.write(piece)
            sys.stdout.flush()
        except BrokenPipeError:
            # the reader has stopped (`dxcheck … | head`): the rest is not wanted, which is no error;
            # stdout goes to the null device so that Python's own flush on exit does not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            for _ in pieces:  # the exit code still needs every plan judged
                pass
        return
    from dxcheck.output import write_atomically

    write_atomically(output, pieces)


def _render_options(lang: str, output: Path | None) -> RenderOptions:
    to_terminal = output is None and sys.stdout.isatty()
    color = (to_terminal and "NO_COLOR" not in os.environ) or bool(os.environ.get("FORCE_COLOR"))
    # a CI log or a pipe gets 80 columns unless COLUMNS says otherwise
    width = shutil.get_terminal_size((80, 24)).columns if to_terminal or "COLUMNS" in os.environ else 80
    return RenderOptions(lang=lang, color=color and output is None, width=max(width, 60))


def _step_summary(name: str, report: Report, options: RenderOptions) -> None:
    """Inside GitHub Actions, the full report goes to the step summary when annotations overflow."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if name != "github" or not path:
        return
    from dxcheck.reporters.github import step_summary

    text = step_summary(report, options)
    if text is not None:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)


def _publish(name: str, report: AnyReport, lang: str, output: Path | None, tell: bool = False) -> NoReturn:
    """Write the report in format `name`, to `output` or stdout, and stop with its exit code.

    With `tell` (check), the input problems and warnings follow on stderr: a streamed report knows
    them only once its last plan is written.
    """
    options = _render_options(lang, output)
    if not is_binary(name):
        _write(render_pieces(name, report, options), output)
    elif output is None and sys.stdout.isatty():  # a workbook's bytes would only garble the terminal
        print(
            f"dxcheck: error: --format {name}: {name} is binary: use --output FILE.{name} or redirect",
            file=sys.stderr,
        )
        raise _Stop(ExitCode.INPUT_ERROR)
    else:
        _write(render_chunks(name, report, options), output)
    ending = ending_of(report)
    if tell:
        _say(ending.problems)  # the report still shows every plan that could be judged
        _warn(name, ending)
    from dxcheck.results import Report  # loaded by then: the report is one of its classes

    if isinstance(report, Report):
        _step_summary(name, report, options)
    raise _Stop(ending.exit_code)


def _format_option(choices: list[str], choices_help: str, default: str) -> Any:  # typer.Option is typed Any
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=_h(
            "Output format: {choices}. When not given, --output's extension picks it ({extensions});"
            " otherwise {default}."
        ).format(choices=choices_help, extensions=describe_extensions(), default=default),
        callback=_choice(choices, "format"),
        show_default=False,
    )


Years = Annotated[
    list[int] | None,
    typer.Option(
        "--year", "-y", metavar="YEAR", help=_h("Judge only targets of this year; repeat for several.")
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help=_h("Write the report to this file instead of stdout.")
    ),
]
FailOn = Annotated[
    frozenset[Status],
    typer.Option(
        "--fail-on",
        metavar="STATUS,...",
        help=_h("Comma-separated statuses that make the exit code 1 ('none' for never)."),
        parser=_fail_on,
    ),
]
# the default as a user would write it: typer turns it into statuses as it does the option's text
_FAIL_ON_MISSED = cast("frozenset[Status]", "missed")
Lang = Annotated[
    str,
    typer.Option(
        "--lang",
        metavar="vi|en",
        help=_h(
            "Language of the table and markdown (words, numbers, names) and of the names in every format:"
            " vi or en. Machine formats keep their English keys and statuses."
        ),
        envvar="DXCHECK_LANG",
        show_envvar=True,
        callback=_choice(LANGS, "language"),
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help=_h("Show a traceback on internal errors."))]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help=_h("Make an actuals id that likely misspells an indicator without a figure an input error."),
    ),
]


def _print_version(wanted: bool) -> None:
    if not wanted:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("dxcheck")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = "0+unknown (not installed)"
    print(f"dxcheck {number}")
    raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            is_eager=True,
            callback=_print_version,
            help=_h("Print dxcheck's version and exit."),
        ),
    ] = False,
) -> None:
    """Options of dxcheck itself, before the command: --version."""


@_command(help=_h("Judge every target of PLAN against the figures in ACTUALS."))
def compare(
    plan: Annotated[str, typer.Argument(metavar="PLAN", help=_h("The plan file (YAML, dxcheck: plan/1)."))],
    actuals: Annotated[
        list[str],
        typer.Argument(
            metavar="ACTUALS", help=_h("One or more actuals files (dxcheck: actuals/1), read as one series.")
        ),
    ],
    year: Years = None,
    format_: Annotated[str | None, _format_option(list(REPORTERS), ", ".join(REPORTERS), "table")] = None,
    output: Output = None,
    fail_on: FailOn = _FAIL_ON_MISSED,
    lang: Lang = "vi",
    max_file_size: MaxFileSize = None,
    strict: Strict = False,
    debug: Debug = False,
) -> None:
    with _guard(debug):
        from dxcheck.loading import load_many
        from dxcheck.pipeline import compare_report

        _check_output(output, [plan, *actuals])
        name = choose_format(format_, output, "table")
        plan_file, actuals_files = load_many(plan, actuals, max_bytes=max_file_size)
        report = compare_report(plan_file, actuals_files, year or None, fail_on, strict)
        if report.problems:  # the actuals do not fit the plan: there is no result to show
            _say(report.problems)
            raise _Stop(report.exit_code)
        _warn(name, report)
        _publish(name, report, lang, output)


@_command(
    help=_h("Judge every plan under DIR against the actuals for its region: the gate for a data repository.")
)
def check(
    folders: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="DIR",
            help=_h("Folders to search for *.yaml/*.yml files with a 'dxcheck:' line (default: .)."),
            show_default=False,
        ),
    ] = None,
    year: Years = None,
    format_: Annotated[
        str | None,
        _format_option(
            [AUTO, *REPORTERS],
            ", ".join(
                [_h("{auto} (github inside GitHub Actions, else table)").format(auto=AUTO), *REPORTERS]
            ),
            AUTO,
        ),
    ] = None,
    output: Output = None,
    fail_on: FailOn = _FAIL_ON_MISSED,
    lang: Lang = "vi",
    max_file_size: MaxFileSize = None,
    strict: Strict = False,
    debug: Debug = False,
) -> None:
    with _guard(debug):
        from dxcheck.pipeline import stream_check

        _check_output(output, [])
        stream = stream_check(
            *(folders or ["."]), years=year or None, fail_on=fail_on, max_bytes=max_file_size, strict=strict
        )
        name = resolve_format(choose_format(format_, output, AUTO), os.environ)
        # the step summary renders the results again after the annotations: only then are they kept
        wanted = name == "github" and os.environ.get("GITHUB_STEP_SUMMARY")
        _publish(name, stream.collect() if wanted else stream, lang, output, tell=True)


# --- dxcheck targets: plans side by side ------------------------------------------------------------


def _flag_kinds(text: str) -> frozenset[FlagKind]:
    """`targets`' --fail-on: the flag kinds that make the exit code 1."""
    return frozenset(map(FlagKind, _listed(text, [kind.value for kind in FlagKind], "flag")))


_NO_FLAGS = cast("frozenset[FlagKind]", "none")


@_command(
    help=_h(
        "Show every plan's targets side by side per region, with conflicts and comparisons with the nation."
    )
)
def targets(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="DIR|FILE",
            help=_h("Folders to search for plans (and actuals), or plan and actuals files (default: plans)."),
            show_default=False,
        ),
    ] = None,
    actuals: Annotated[
        list[str] | None,
        typer.Option(
            "--actuals",
            metavar="DIR|FILE",
            help=_h(
                "Actuals to read for the 'achieved when issued' flag; repeat for several "
                "(default: the folder 'actuals' beside the first DIR or FILE, if there is one)."
            ),
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=_h(
                "Output format: {formats}. When not given, --output's extension picks it "
                "({extensions}); otherwise table."
            ).format(
                formats=", ".join(TARGETS_REPORTERS),
                extensions=describe_extensions(TARGETS_FORMAT_BY_EXTENSION),
            ),
            callback=_choice(list(TARGETS_REPORTERS), "format"),
            show_default=False,
        ),
    ] = None,
    output: Output = None,
    fail_on: Annotated[
        frozenset[FlagKind],
        typer.Option(
            "--fail-on",
            metavar="FLAG,...",
            help=_h(
                "Comma-separated flags that make the exit code 1: conflict, weaker, stronger, incomparable, "
                "achieved-when-issued ('none', the default, for never)."
            ),
            parser=_flag_kinds,
        ),
    ] = _NO_FLAGS,
    lang: Lang = "vi",
    max_file_size: MaxFileSize = None,
    debug: Debug = False,
) -> None:
    with _guard(debug):
        from dxcheck.reporters.targets import render_targets
        from dxcheck.targetsrun import targets as line_up

        _check_output(output, [*(inputs or ()), *(actuals or ())])
        name = choose_format(format_, output, "table", TARGETS_FORMAT_BY_EXTENSION)
        report = line_up(*(inputs or ()), actuals=actuals or None, fail_on=fail_on, max_bytes=max_file_size)
        _say(report.problems)
        for notice in report.warnings:
            print(notice, file=sys.stderr)
        _write(render_targets(name, report, _render_options(lang, output)), output)
        raise _Stop(report.exit_code)


@_command(
    help=_h("Check that each file is a valid plan or actuals file; report every problem of every file.")
)
def validate(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE", help=_h("Plan and actuals files; each is known by its 'dxcheck:' key.")
        ),
    ],
    max_file_size: MaxFileSize = None,
    debug: Debug = False,
) -> None:
    with _guard(debug):
        from dxcheck.loading import describe, load_file

        failed = False
        for name in files:
            loaded = load_file(name, max_bytes=max_file_size)
            if isinstance(loaded, list):
                failed = True
                _say(loaded)
            else:
                print(f"{name}: ok ({describe(loaded)})")
        raise _Stop(ExitCode.INPUT_ERROR if failed else ExitCode.OK)


@_command(help=_h("Print the JSON Schema of a file format (for editors and check-jsonschema)."))
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="plan|actuals",
            help=_h("plan or actuals."),
            callback=_choice(("plan", "actuals"), "schema"),
        ),
    ],
) -> None:
    from dxcheck.schema import json_schema

    sys.stdout.write(json_schema(kind))


# ── dxcheck init: files to fill in ─────────────────────────────────────────────────────────────
init_app = _app(no_args_is_help=True)
COMMANDS["init"] = init_app


@init_app.callback(help=_h("Start a file to fill in: `dxcheck init actuals PLAN... --year Y`."))
def init() -> None:
    """Start a file to fill in: `dxcheck init actuals PLAN... --year Y`."""


# module-level aliases, not annotations written inline: typer evaluates each annotation's text on
# every run, and a name costs a fraction of an Annotated[...] expression (about 1 ms here)
_InitPlans = Annotated[
    list[str],
    typer.Argument(metavar="PLAN", help=_h("The plans whose indicators the file lists (dxcheck: plan/1).")),
]
_InitYear = Annotated[
    int,
    typer.Option(
        "--year", "-y", metavar="YEAR", min=1900, max=2200, help=_h("The year the figures describe.")
    ),
]
_InitRegion = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="REGION",
        help=_h("Only the plans of this region; without it, several regions give a 'regions:' file."),
    ),
]
_InitActuals = Annotated[
    list[str] | None,
    typer.Option(
        "--actuals",
        "-a",
        metavar="FILE|DIR",
        help=_h("Earlier actuals (file or folder) to show each indicator's last figure from; repeatable."),
    ),
]
_InitCsv = Annotated[
    str | None,
    typer.Option(
        "--from-csv",
        metavar="CSV",
        help=_h("Fill in the figures of a spreadsheet export (columns indicator,value,year,quote,source)."),
    ),
]
_InitOutput = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help=_h("Write the file here instead of to stdout.")),
]
_InitForce = Annotated[
    bool,
    typer.Option(
        "--force",
        help=_h(
            "Replace an existing --output file: the same year's draft or a file that is no plan or actuals."
        ),
    ),
]
_InitLang = Annotated[
    str,
    typer.Option(
        "--lang",
        metavar="vi|en",
        help=_h("Language of the comments and names: vi or en."),
        callback=_choice(LANGS, "language"),
    ),
]


@init_app.command(
    "actuals", help=_h("Write an actuals file for YEAR with every indicator of the plans, ready to fill in.")
)
def init_actuals(
    plans: _InitPlans,
    year: _InitYear,
    region: _InitRegion = None,
    actuals: _InitActuals = None,
    from_csv: _InitCsv = None,
    output: _InitOutput = None,
    force: _InitForce = False,
    lang: _InitLang = "vi",
    max_file_size: MaxFileSize = None,
    debug: Debug = False,
) -> None:
    """Write an actuals file for YEAR with every indicator of the plans, ready to fill in."""
    with _guard(debug):
        from dxcheck.drafting import Request, draft_actuals, read_names

        request = Request(
            plans, year, lang, region, actuals or (), from_csv, max_file_size, str(output) if output else None
        )
        _check_output(output, read_names(request), draft_year=year, force=force)
        _write([draft_actuals(request)], output)
        raise _Stop(ExitCode.OK)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point of the `dxcheck` command."""
    # A run builds large trees of plain data that hold no reference cycles: the cyclic
    # collector would only re-scan them (a quarter of the time of a national check).
    # Re-enabled on the way out, for callers that run main() in their own process.
    enabled = gc.isenabled()
    gc.disable()
    try:
        app(args=argv, prog_name="dxcheck", standalone_mode=True)
    except _Stop as stop:
        sys.exit(stop.code)
    except KeyboardInterrupt:
        print("dxcheck: interrupted", file=sys.stderr)
        sys.exit(_INTERRUPTED)
    finally:
        if enabled:
            gc.enable()
    sys.exit(ExitCode.OK)
