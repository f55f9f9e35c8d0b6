"""Every output format, exactly: golden files for compare and check, and each format's own contract.

The expected outputs live in tests/golden/{compare,check}.FORMAT.EXT. After an intended change of a
format, regenerate them with `DXCHECK_REGEN_GOLDEN=1 python -m pytest tests/test_reporters.py` and
read the diff before committing it; the tests never rewrite them otherwise. Regenerating also records
in tests/golden/VERSIONS the rich release that drew the tables, so that a table golden that fails
under another release says so.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import os
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

import pytest
import xmlschema

from conftest import ROOT, Run
from dxcheck import check, compare, load_actuals, load_plan
from dxcheck.output import write_atomically
from dxcheck.pipeline import compare_report
from dxcheck.reporters import REPORTERS, RenderOptions, is_binary, render, render_pieces, resolve_format
from dxcheck.reporters.csv import BOM
from dxcheck.reporters.github import escape_data, escape_property
from dxcheck.reporters.json import dumps
from dxcheck.reporters.markdown import escape
from dxcheck.reporters.text import actual_text, check_summary_line, describe, summary_line, unmatched_lines
from dxcheck.results import DEFAULT_FAIL_ON, UNPLACED, Outcome, Report, Scope, Status

GOLDEN = ROOT / "tests" / "golden"
DEMO = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
REPO = "tests/data/.repo"
EXTENSIONS = {
    "table": "txt",
    "json": "json",
    "csv": "csv",
    "markdown": "md",
    "junit": "xml",
    "github": "txt",
    "html": "html",
}
# the formats written as text; a binary one (xlsx) has its own tests, in test_xlsx.py
TEXT = [name for name in REPORTERS if not is_binary(name)]
JUNIT = xmlschema.XMLSchema(ROOT / "tests" / "data" / "junit.xsd")


VERSIONS = GOLDEN / "VERSIONS"  # `rich==X`: the release the table goldens were drawn with


def _rich() -> str:
    return f"rich=={version('rich')}"


def _drawn_by_another_rich() -> str:
    """Why a table golden may differ without dxcheck's fault: it was drawn by another rich release."""
    made = VERSIONS.read_text(encoding="utf-8").strip() if VERSIONS.exists() else "an unrecorded rich"
    if made == _rich():
        return ""
    return (
        f"; the table goldens were made with {made} and this is {_rich()}: if only rich's layout differs,"
        " install the pinned rich (or regenerate and review the diff)"
    )


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME byte for byte; DXCHECK_REGEN_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("DXCHECK_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
        VERSIONS.write_text(_rich() + "\n", encoding="utf-8")
    with path.open(encoding="utf-8", newline="") as stream:
        expected = stream.read()
    note = _drawn_by_another_rich() if ".table." in name else ""
    assert actual == expected, f"{name} differs; see the module docstring to regenerate it{note}"


def test_a_table_golden_that_differs_names_the_rich_release_it_was_made_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = VERSIONS.read_text(encoding="utf-8").strip()
    assert made.startswith("rich==")
    monkeypatch.delenv("DXCHECK_REGEN_GOLDEN", raising=False)
    monkeypatch.setattr(sys.modules[__name__], "version", lambda package: "0.0.1")
    with pytest.raises(AssertionError, match=f"made with {made} and this is rich==0.0.1"):
        golden("compare.table.txt", "a table drawn differently\n")
    with pytest.raises(AssertionError) as raised:
        golden("compare.json.json", "{}\n")  # no other format is drawn by rich
    assert "rich" not in str(raised.value).split("\n")[0]


def test_every_offered_text_format_has_a_golden_extension() -> None:
    assert set(EXTENSIONS) == set(TEXT)


@pytest.mark.parametrize("name", TEXT)
def test_every_offered_format_is_implemented(name: str) -> None:
    options = RenderOptions()
    assert render(name, compare_report(load_plan(DEMO[0]), []), options).strip()
    assert render(name, check(REPO), options).strip()


@pytest.mark.parametrize("name", TEXT)
def test_a_check_is_written_in_pieces_that_make_its_report(name: str) -> None:
    result, options = check(REPO), RenderOptions()
    pieces = list(render_pieces(name, result, options))
    assert "".join(pieces) == render(name, result, options)
    # a repository's report is written one plan at a time instead of held whole, with a piece before
    # the plans (csv's header, markdown's heading) or after them (the summary); junit's totals and
    # github's errors come first and are known only at the end: one piece
    plans = len(result.results)
    expected = {"json": plans + 1, "table": plans + 1, "csv": plans + 1, "markdown": plans + 2}
    assert len(pieces) == expected.get(name, 1)


def test_a_report_in_pieces_is_written_whole(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    write_atomically(report, iter(["{", "}", "\n"]))
    assert report.read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize("command", ["compare", "check"])
def test_cli_offers_exactly_the_registered_formats(dx: Callable[..., Run], command: str) -> None:
    run = dx(command, "--help")
    offered = " ".join(run.out.split()).split("Output format:")[1].split(".")[0]  # however wrapped
    for name in REPORTERS:
        assert name in offered, run
    assert ("auto" in offered) == (command == "check"), run


@pytest.mark.parametrize("name", TEXT)
def test_compare_output_is_exact(dx: Callable[..., Run], name: str) -> None:
    run = dx("compare", *DEMO, "--format", name)
    assert run.code == 1, run  # the demo misses one target
    assert run.err == "", run
    golden(f"compare.{name}.{EXTENSIONS[name]}", run.out)


@pytest.mark.parametrize("name", TEXT)
def test_check_output_is_exact(dx: Callable[..., Run], name: str) -> None:
    run = dx("check", REPO, "--format", name)
    assert run.code == 2, run  # the repository holds one broken actuals file
    assert run.err == (
        "tests/data/.repo/actuals/broken.yaml:4:1: error: valeus: "
        "unknown key 'valeus' (did you mean 'values'?)\n"
    ), run
    golden(f"check.{name}.{EXTENSIONS[name]}", run.out)


HUMAN = ["table", "markdown"]  # the formats a person reads: their words follow --lang


@pytest.mark.parametrize("name", HUMAN)
@pytest.mark.parametrize("command", ["compare", "check"])
def test_human_output_in_english_is_exact(dx: Callable[..., Run], name: str, command: str) -> None:
    run = dx(command, *(DEMO if command == "compare" else [REPO]), "--format", name, "--lang", "en")
    assert run.code == (1 if command == "compare" else 2), run
    golden(f"{command}.{name}.en.{EXTENSIONS[name]}", run.out)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_wide_table_shows_names_in_the_language_exactly(
    dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("COLUMNS", "130")
    run = dx("compare", *DEMO, "--lang", lang)
    assert max(len(line) for line in run.out.splitlines()) <= 130, run
    golden(f"compare.table.wide.{lang}.txt", run.out)


VI_WORDS = ["Vượt", "Không đạt", "Có khả năng hoàn thành", "Chưa có số liệu", "Chỉ tiêu", "chỉ tiêu"]


@pytest.mark.parametrize("name", HUMAN)
def test_vietnamese_output_has_vietnamese_words_and_numbers_and_english_has_none(
    dx: Callable[..., Run], name: str
) -> None:
    vi = dx("compare", *DEMO, "--format", name, "--lang", "vi").out
    en = dx("compare", *DEMO, "--format", name, "--lang", "en").out
    for word in VI_WORDS:
        assert word in vi, vi
        assert word not in en, en
    if name == "markdown":  # the name beside the id (the table shows names from 110 columns on)
        assert "| `infra.coverage` | Tỷ lệ thôn được phủ sóng |" in vi
        assert "| `infra.coverage` | Villages with mobile coverage |" in en
    assert "99,66" in vi and "99.66" not in vi  # the decimal comma
    assert "99.66" in en and "99,66" not in en
    for slug in ("on-track", "no-data", "exceeded", "fails on"):
        assert slug in en
        assert slug not in vi


# html is for people too; tests/test_html.py holds its words in both languages
@pytest.mark.parametrize("name", sorted(set(TEXT) - set(HUMAN) - {"html"}))
def test_machine_formats_keep_english_slugs_whatever_the_language(dx: Callable[..., Run], name: str) -> None:
    vi = dx("compare", *DEMO, "--format", name, "--lang", "vi").out
    en = dx("compare", *DEMO, "--format", name, "--lang", "en").out
    for text in (vi, en):
        assert "no-data" in text
        assert not any(word in text for word in ("Chưa có số liệu", "Không đạt", "Vượt", "99,66")), text
    if name in {"junit", "github"}:  # they show no indicator names: nothing at all differs
        assert vi == en


def test_an_approximate_figure_is_an_estimate_in_vietnamese(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write(
        "plan.yaml",
        "dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n"
        "  - {id: infra.subscriptions, name: n, unit: count, targets: {2024: '>= 2000000'}}\n",
    )
    actuals = write(
        "actuals.yaml",
        "dxcheck: actuals/1\nyear: 2024\nregion: r\nvalues:\n  infra.subscriptions: '~2700000'\n",
    )
    for name in HUMAN:
        assert "ước 2.700.000" in dx("compare", plan, actuals, "--format", name).out
        assert "≥ 2.000.000" in dx("compare", plan, actuals, "--format", name).out
        assert "~2,700,000" in dx("compare", plan, actuals, "--format", name, "--lang", "en").out


def test_auto_format_is_github_inside_github_actions_and_table_elsewhere(
    dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dx("check", REPO).out == dx("check", REPO, "--format", "table").out
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert dx("check", REPO).out == dx("check", REPO, "--format", "github").out
    assert resolve_format("auto", {"GITHUB_ACTIONS": "false"}) == "table"
    assert resolve_format("csv", {"GITHUB_ACTIONS": "true"}) == "csv"


# --- csv -------------------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


def test_csv_header_is_the_json_row_keys(dx: Callable[..., Run]) -> None:
    rows = json.loads(dx("compare", *DEMO, "--format", "json").out)["rows"]
    table = _csv_rows(dx("compare", *DEMO, "--format", "csv").out)
    assert table[0] == list(rows[0])
    assert len(table) == 1 + len(rows)
    assert table[1][table[0].index("name")] == rows[0]["name"]  # Vietnamese survives the round trip


def _provisional_report() -> Report:
    """The demo with its first row judged on a nine-month rank figure of 5 out of 34, progress exact."""
    report = compare_report(load_plan(DEMO[0]), [load_actuals(path) for path in DEMO[1:]])
    first, *rest = report.results[0].rows
    first = dataclasses.replace(
        first,
        provisional=True,
        actual_as_of=datetime.date(2024, 9, 30),
        actual_of=34,
        progress=Decimal("0.6451612903225806451612903226"),
        gap=Decimal("-0.0000015"),
    )
    result = dataclasses.replace(report.results[0], rows=(first, *rest))
    return dataclasses.replace(report, results=(result,))


def test_json_and_csv_carry_a_part_year_figure_and_exact_decimals() -> None:
    report = _provisional_report()
    text = render("json", report, RenderOptions())
    assert (
        '"provisional": true, "actual_as_of": "2024-09-30", "actual_of": 34, "gap": -0.0000015, '
        '"progress": 0.6451612903225806451612903226, ' in text
    )
    row = json.loads(text, parse_float=Decimal)["rows"][0]
    assert row["progress"] == Decimal("0.6451612903225806451612903226")
    table = _csv_rows(render("csv", report, RenderOptions()))
    cells = dict(zip(table[0], table[1], strict=True))
    assert (cells["provisional"], cells["actual_as_of"], cells["actual_of"]) == ("true", "2024-09-30", "34")
    assert (cells["gap"], cells["progress"]) == ("-0.0000015", "0.6451612903225806451612903226")
    assert _csv_rows(render("csv", report, RenderOptions()))[2][table[0].index("provisional")] == "false"


@pytest.mark.parametrize(
    ("document", "line"),
    [
        ({"a": Decimal("0.1"), "b": "x", "c": None}, '{"a": 0.1, "b": "x", "c": null}'),
        ({"gap": Decimal("-2.50"), "n": Decimal("1E+2")}, '{"gap": -2.50, "n": 100}'),
        ({"a": Decimal("0.1"), "quote": 'nul \x00" here'}, '{"a": 0.1, "quote": "nul \\u0000\\" here"}'),
        ({"a": Decimal("0.1"), "quote": "\x00"}, '{"a": 0.1, "quote": "\\u0000"}'),
        ([Decimal("3.25"), 1, "x"], '[3.25, 1, "x"]'),
        ({"yes": True, "no": False, "n": -3, "s": "đạt"}, '{"yes": true, "no": false, "n": -3, "s": "đạt"}'),
        ({"f": 1.5, "d": Decimal("2.0")}, '{"f": 1.5, "d": 2.0}'),
    ],
)
def test_the_json_writer_prints_each_decimal_digit_for_digit(document: object, line: str) -> None:
    text = dumps(document)
    assert text == line + "\n"
    assert json.loads(text, parse_float=Decimal) == json.loads(line, parse_float=Decimal)


def test_human_formats_show_a_part_year_figure_with_its_date_and_a_rank_with_its_field() -> None:
    row = _provisional_report().results[0].rows[0]
    assert actual_text(row) == "99.66/34 (as of 2024-09-30)"
    assert describe(row) == "met: target >= 99, actual 99.66/34 (as of 2024-09-30), gap 0, progress 0.65"
    english = RenderOptions(lang="en")
    assert "99.66/34 (as of 2024-09-30)" in render("markdown", _provisional_report(), english)
    assert actual_text(row, "vi") == "99,66/34 (đến 30/09/2024)"
    assert "99,66/34 (đến 30/09/2024)" in render("markdown", _provisional_report(), RenderOptions())


def test_the_table_shows_a_decimal_progress_with_two_places() -> None:
    text = render("table", _provisional_report(), RenderOptions(lang="en"))
    assert " 0.65 " in text and "0.6451" not in text
    assert " 0,65 " in render("table", _provisional_report(), RenderOptions(lang="vi"))


# --- the summary line ------------------------------------------------------------------------------


def _with_statuses(*statuses: Status, fail_on: frozenset[Status] = DEFAULT_FAIL_ON) -> Report:
    """The demo plan's report with its first rows set to `statuses` and the rest dropped."""
    report = compare_report(load_plan(DEMO[0]), [load_actuals(path) for path in DEMO[1:]])
    base = report.results[0]
    rows = tuple(
        dataclasses.replace(row, status=status) for row, status in zip(base.rows, statuses, strict=False)
    )
    assert len(rows) == len(statuses)
    return dataclasses.replace(report, results=(dataclasses.replace(base, rows=rows, fail_on=fail_on),))


NO_DATA, MET, MISSED = Status.NO_DATA, Status.MET, Status.MISSED


@pytest.mark.parametrize(
    ("statuses", "fail_on", "line"),
    [
        (
            [NO_DATA] * 8,
            DEFAULT_FAIL_ON,
            "8 targets: 8 no-data — nothing could be judged: no figure for any target",
        ),
        ([NO_DATA], frozenset(), "1 target: 1 no-data — nothing could be judged: no figure for any target"),
        ([NO_DATA] * 2, frozenset({NO_DATA}), "2 targets: 2 no-data — fails on no-data"),
        (
            [MET, MET, NO_DATA],
            DEFAULT_FAIL_ON,
            "3 targets, 2 judged, 1 without a figure: 2 met, 1 no-data — passes",
        ),
        ([MET, MISSED], DEFAULT_FAIL_ON, "2 targets, all judged: 1 met, 1 missed — fails on missed"),
        ([], DEFAULT_FAIL_ON, "0 targets: none — nothing to judge"),
    ],
)
def test_the_summary_says_how_many_targets_could_be_judged(
    statuses: list[Status], fail_on: frozenset[Status], line: str
) -> None:
    report = _with_statuses(*statuses, fail_on=fail_on)
    assert summary_line(report.results[0]) == line
    assert check_summary_line(dataclasses.replace(report, scope=Scope.REPOSITORY)) == f"1 plan, {line}"


@pytest.mark.parametrize("name", ["table", "markdown", "junit"])
def test_no_human_format_says_passes_when_nothing_was_judged(name: str) -> None:
    report = _with_statuses(NO_DATA, NO_DATA)
    text = render(name, report, RenderOptions(lang="en"))
    assert "2 targets: 2 no-data — nothing could be judged: no figure for any target" in text
    assert "passes" not in text
    text = render(name, report, RenderOptions(lang="vi"))
    if name == "junit":  # a machine format: its summary property stays English whatever the language
        assert "2 targets: 2 no-data — nothing could be judged: no figure for any target" in text
    else:
        said = "2 chỉ tiêu — Chưa có số liệu: 2 — chưa đánh giá được: chưa có số liệu cho chỉ tiêu nào"
        assert said in text
        assert "qua kiểm tra" not in text
    assert report.exit_code == 0  # the verdict's words change, the exit code is --fail-on's alone


def test_the_step_summary_says_nothing_could_be_judged(
    dx: Callable[..., Run], write: Callable[[str, str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    targets = ", ".join(f"{year}: 1" for year in range(2020, 2031))  # 11 no-data annotations: past ten
    indicators = f"  - {{id: x.a, name: n, unit: count, targets: {{{targets}}}}}\n"
    plan = write("plan.yaml", f"dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n{indicators}")
    actuals = write("actuals.yaml", "dxcheck: actuals/1\nyear: 2025\nregion: r\nvalues:\n  x.b: 1\n")
    run = dx("compare", plan, actuals, "--format", "github", "--lang", "en")
    assert run.code == 0, run
    assert summary.read_text(encoding="utf-8").endswith(
        "**11 targets: 11 no-data — nothing could be judged: no figure for any target**\n"
    )


def test_csv_of_a_check_puts_the_plan_first(dx: Callable[..., Run]) -> None:
    table = _csv_rows(dx("check", REPO, "--format", "csv").out)
    assert table[0][:2] == ["plan", "indicator"]
    assert {row[0] for row in table[1:]} == {"alpha-2025", "beta-2025"}


# --- markdown --------------------------------------------------------------------------------------


def test_markdown_cells_cannot_break_the_table() -> None:
    assert escape("a | b\nc") == "a \\| b c"


# --- junit -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("compare", *DEMO), ("check", REPO)])
def test_junit_is_valid_against_the_jenkins_schema(dx: Callable[..., Run], args: tuple[str, ...]) -> None:
    run = dx(*args, "--format", "junit")
    JUNIT.validate(run.out)


def test_junit_has_one_testcase_per_target_with_failures_and_skips(dx: Callable[..., Run]) -> None:
    document = JUNIT.to_dict(dx("compare", *DEMO, "--format", "junit").out)
    assert isinstance(document, dict)
    cases = document["testsuite"][0]["testcase"]
    result = compare(load_plan(DEMO[0]), [load_actuals(name) for name in DEMO[1:]])
    assert [case["@name"] for case in cases] == [f"{row.indicator} {row.target_year}" for row in result.rows]
    assert {case["@classname"] for case in cases} == {"demo-2025"}
    for case, row in zip(cases, result.rows, strict=True):
        assert ("failure" in case) == (row.outcome is Outcome.FAIL)
        assert ("skipped" in case) == (row.outcome is Outcome.WARN)
        if "failure" in case:
            failure = case["failure"][0]
            assert failure["@message"] == failure["$"]


def test_junit_reports_input_errors_as_error_testcases(dx: Callable[..., Run]) -> None:
    document = JUNIT.to_dict(dx("check", REPO, "--format", "junit").out)
    assert isinstance(document, dict)
    errors = [case for suite in document["testsuite"] for case in suite["testcase"] if "error" in case]
    assert [case["@classname"] for case in errors] == ["tests/data/.repo/actuals/broken.yaml"]


# --- github ----------------------------------------------------------------------------------------


def test_github_escaping_is_that_of_the_actions_toolkit() -> None:
    assert escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert escape_property("50% a\r\nb: c, d") == "50%25 a%0D%0Ab%3A c%2C d"


def test_github_annotations_point_at_the_target_line(dx: Callable[..., Run]) -> None:
    lines = dx("check", REPO, "--format", "github").out.splitlines()
    plan = (ROOT / REPO / "plans" / "alpha-2025.yaml").read_text(encoding="utf-8").splitlines()
    missed = next(line for line in lines if "econ.share 2024" in line)
    assert missed.startswith("::error file=tests/data/.repo/plans/alpha-2025.yaml,line=20,col=9,")
    assert plan[20 - 1].strip() == 'target: ">= 20"'  # a mapping target: its first line
    pending = next(line for line in lines if "gov.online 2025" in line)
    assert pending.startswith("::warning file=tests/data/.repo/plans/alpha-2025.yaml,line=13,col=13,")
    assert plan[13 - 1].strip() == '2025: ">= 90"'
    assert lines[0] == (
        "::error file=tests/data/.repo/actuals/broken.yaml,line=4,col=1,title=dxcheck%3A input error"
        "::valeus: unknown key 'valeus' (did you mean 'values'?)"
    )
    assert not any("gov.online 2024" in line for line in lines)  # passing targets are not annotated


def test_each_row_knows_where_its_target_is_written() -> None:
    result = compare(load_plan(DEMO[0]), [load_actuals(name) for name in DEMO[1:]])
    lines = (ROOT / DEMO[0]).read_text(encoding="utf-8").splitlines()
    for row in result.rows:
        line, column = row.position  # the target's value, after its year: `2025: ">= 90"`
        assert lines[line - 1][: column - 1].strip() == f"{row.target_year}:", row
    unplaced = dataclasses.replace(result.rows[0], places=UNPLACED)
    assert unplaced.position == (1, 1)  # a row made without its plan points at the file's start
    assert unplaced == result.rows[0]  # where a target is written is no part of its judgement


def test_github_writes_the_step_summary_only_past_ten_annotations(
    dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    few = dx("check", REPO, "--format", "github")
    assert len(few.out.splitlines()) <= 10, few
    assert summary.read_text(encoding="utf-8") == "earlier step\n"

    many = dx("compare", "plans/thanhhoa-2025.yaml", "actuals/actuals-2024.yaml", "--format", "github")
    assert len(many.out.splitlines()) > 10, many
    markdown = dx("compare", "plans/thanhhoa-2025.yaml", "actuals/actuals-2024.yaml", "--format", "markdown")
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + markdown.out


# --- --output --------------------------------------------------------------------------------------


def test_a_failure_mid_write_keeps_the_old_report_and_leaves_no_temporary_file(
    dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    report.write_text("the previous report\n", encoding="utf-8")

    def broken_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_disk)
    run = dx("compare", *DEMO, "--format", "json", "--output", str(report))
    assert run.code == 2, run
    assert "No space left on device" in run.err, run
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]


def test_an_interrupt_mid_write_keeps_the_old_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("old\n", encoding="utf-8")

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(report, ["new\n"])
    assert report.read_text(encoding="utf-8") == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.txt"]


def test_did_you_mean_is_given_for_every_misspelt_id_however_many(write: Callable[[str, str], str]) -> None:
    # no cap: a set of letters compared in C rules out nearly every indicator before the edits are counted
    ids = [f"x.indicator-{n:02}" for n in range(40)]
    indicators = "".join(f"  - {{id: {i}, name: n, unit: count, targets: {{2025: 1}}}}\n" for i in ids)
    plan = write("plan.yaml", f"dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n{indicators}")
    values = "".join(f"  {i}x: 1\n" for i in ids)  # every id with a typo
    actuals = write("actuals.yaml", f"dxcheck: actuals/1\nyear: 2025\nregion: r\nvalues:\n{values}")
    result = compare(load_plan(plan), [load_actuals(actuals)])
    assert dict(result.suggestions) == {f"{i}x": i for i in ids}
    lines = unmatched_lines(result)
    assert [line.strip() for line in lines[1:]] == [f"{i}x (did you mean {i}?)" for i in ids]


def test_did_you_mean_names_only_an_indicator_without_a_figure(write: Callable[[str, str], str]) -> None:
    # `x.indicator-1` is nearest to `x.indicator-01` (one letter), which has its figure: another concept
    # of the actuals, no typo of `x.indicator-02` (two letters) that has none
    ids = ["x.indicator-01", "x.indicator-02"]
    indicators = "".join(f"  - {{id: {i}, name: n, unit: count, targets: {{2025: 1}}}}\n" for i in ids)
    plan = write("plan.yaml", f"dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n{indicators}")
    values = "  x.indicator-01: 1\n  x.indicator-1: 1\n  x.indicator-2: 1\n"
    actuals = write("actuals.yaml", f"dxcheck: actuals/1\nyear: 2025\nregion: r\nvalues:\n{values}")
    result = compare(load_plan(plan), [load_actuals(actuals)])
    assert unmatched_lines(result) == [
        "Actuals that match no indicator of the plan:",
        "  x.indicator-1",
        "  x.indicator-2 (did you mean x.indicator-02?)",
    ]


# --- table -----------------------------------------------------------------------------------------

# three indicators whose ids and names differ only at their ends, with a long target, actual and gap
LEVELS = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
NAME = "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng tại cấp {}"
WIDE_PLAN = "dxcheck: plan/1\nid: levels\nregion: r\ntitle: t\nindicators:\n" + "".join(
    f"  - {{id: gov.online-processing.{level}-level, name: '{NAME.format(word)}', pillar: digital-government,"
    f" unit: count, targets: {{2024: '>= 1234567890', 2025: '>= 1234567891'}}}}\n"
    for level, word in LEVELS.items()
)
WIDE_ACTUALS = "dxcheck: actuals/1\nyear: 2024\nregion: r\nvalues:\n" + "".join(
    f"  gov.online-processing.{level}-level: 987654321\n" for level in LEVELS
)


def _table_blocks(output: str) -> list[tuple[str, str, list[str]]]:
    """Each row of a table as (id, name, words right of the name): its lines joined, padding removed."""
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Indicator"))
    year = lines[header].index("Year")  # right-justified, as wide as its header: the column's place
    name = lines[header].find("Name")
    blocks: list[tuple[list[str], list[str], list[str]]] = []
    for line in lines[header + 2 :]:
        if re.match(r"\d+ targets?\b", line):  # the summary line ends the table
            break
        if line[year : year + 4].strip():
            blocks.append(([], [], []))
        if blocks:
            ids, names, rest = blocks[-1]
            ids.append(line[: name if name > 0 else year].strip())
            names.append(line[name:year].strip() if name > 0 else "")
            rest.extend(line[year + 4 :].split())
    return [("".join(ids), " ".join(n for n in names if n), rest) for ids, names, rest in blocks]


@pytest.mark.parametrize("width", [80, 110, 120, 200])
def test_table_wraps_long_ids_names_and_figures_instead_of_cutting_them(
    dx: Callable[..., Run], write: Callable[[str, str], str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    run = dx("compare", write("plan.yaml", WIDE_PLAN), write("actuals.yaml", WIDE_ACTUALS), "--lang", "en")
    assert "…" not in run.out, run
    assert max(len(line) for line in run.out.splitlines()) <= width, run
    due, later = [">=", "1234567890", "987,654,321", "missed"], [">=", "1234567891", "987,654,321", "(2024)"]
    expected: list[tuple[str, str, list[str]]] = []
    for level, word in LEVELS.items():
        name = NAME.format(word) if width >= 110 else ""  # the name is shown from 110 columns on
        expected += [(f"gov.online-processing.{level}-level", name, due), ("", "", [*later, "pending"])]
    blocks = _table_blocks(run.out)
    assert [block[:2] for block in blocks] == [row[:2] for row in expected], run
    for (_, _, words), (_, _, wanted) in zip(blocks, expected, strict=True):
        assert all(words.count(word) >= wanted.count(word) for word in wanted), run  # none cut or folded
