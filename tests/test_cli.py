"""The command line as users and CI jobs meet it: outputs, exit codes, error lines."""

from __future__ import annotations

import json
import os
import re
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.models

from conftest import ROOT, Run

GOLDEN = ROOT / "tests" / "golden"
DEMO = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
ERROR_LINE = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): error: (?P<loc>[^:\n]+): (?P<msg>.+)$"
)


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; DXCHECK_REGEN_GOLDEN=1 rewrites it (only on purpose)."""
    path = GOLDEN / name
    if os.environ.get("DXCHECK_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_json_result_is_exact(dx: Callable[..., Run]) -> None:
    run = dx("compare", *DEMO, "--format", "json")
    assert run.code == 1, run
    golden("demo-compare.json", run.out)


def test_table_is_exact_at_80_columns_without_colour(dx: Callable[..., Run]) -> None:
    run = dx("compare", *DEMO)
    assert run.code == 1, run
    assert "\x1b[" not in run.out
    assert max(len(line) for line in run.out.splitlines()) <= 80
    golden("demo-compare.table.txt", run.out)


def test_table_shows_english_names_when_wide(dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    run = dx("compare", *DEMO, "--lang", "en")
    assert "Villages with mobile coverage" in run.out
    assert "Digital infrastructure" in run.out
    assert "Demo plan" in run.out.splitlines()[0]


def test_every_status_appears_once_in_the_demo(dx: Callable[..., Run]) -> None:
    result = json.loads(dx("compare", *DEMO, "--format", "json").out)
    assert result["summary"] == {
        "met": 1,
        "missed": 1,
        "indeterminate": 1,
        "achieved": 1,
        "on-track": 1,
        "at-risk": 1,
        "off-track": 1,
        "regressing": 1,
        "pending": 1,
        "no-data": 1,
    }
    assert result["unmatched_actuals"] == ["infra.coverge"]
    assert result["exit_code"] == 1


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        ("missed", 1),
        ("none", 0),
        ("pending,no-data", 1),
        ("met", 1),
        ("at-risk", 1),
        ("achieved,on-track", 1),
    ],
)
def test_fail_on_sets_the_exit_code(dx: Callable[..., Run], fail_on: str, code: int) -> None:
    run = dx("compare", *DEMO, "--format", "json", "--fail-on", fail_on)
    assert run.code == code, run
    assert json.loads(run.out)["exit_code"] == code


def test_fail_on_without_failing_rows_exits_zero(dx: Callable[..., Run]) -> None:
    run = dx("compare", *DEMO, "--format", "json", "--year", "2025")
    assert run.code == 0, run
    rows = json.loads(run.out)["rows"]
    assert {row["target_year"] for row in rows} == {2025}
    assert [row["indicator"] for row in rows][:2] == ["infra.coverage", "gov.online"]


def test_unknown_fail_on_status_is_a_usage_error(dx: Callable[..., Run]) -> None:
    run = dx("compare", *DEMO, "--fail-on", "misssed")
    assert run.code == 2
    assert "misssed" in run.err


def test_unknown_format_is_a_usage_error(dx: Callable[..., Run]) -> None:
    run = dx("compare", *DEMO, "--format", "yaml")
    assert run.code == 2
    assert "yaml" in run.err


def test_output_writes_the_report_to_a_file(dx: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    run = dx("compare", *DEMO, "--format", "json", "--output", str(target))
    assert run.code == 1
    assert run.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["dxcheck"] == "result/1"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_shipped_data_compares_without_error(dx: Callable[..., Run]) -> None:
    run = dx("compare", "plans/thanhhoa-2025.yaml", "actuals/actuals-2024.yaml")
    assert run.code == 0, run
    assert run.err == ""
    assert run.out.startswith("Kế hoạch chuyển đổi số tỉnh Thanh Hóa năm 2025\n")


def test_validate_reports_each_file(dx: Callable[..., Run]) -> None:
    run = dx("validate", "tests/fixtures/plan.yaml", "tests/fixtures/actuals-2024.yaml")
    assert run.code == 0, run
    assert run.out == (
        "tests/fixtures/plan.yaml: ok (plan demo-2025, 9 indicators, 10 targets)\n"
        "tests/fixtures/actuals-2024.yaml: ok (actuals 2024, 10 values)\n"
    )


def test_schema_prints_json_schema(dx: Callable[..., Run]) -> None:
    for kind, title in (("plan", "dxcheck plan"), ("actuals", "dxcheck actuals")):
        run = dx("schema", kind)
        assert run.code == 0
        schema = json.loads(run.out)
        assert schema["title"] == title
        assert "dxcheck" in schema["required"]


def test_schema_of_unknown_kind_is_a_usage_error(dx: Callable[..., Run]) -> None:
    assert dx("schema", "result").code == 2


def errors(run: Run) -> list[dict[str, str]]:
    lines = run.err.splitlines()
    for line in lines:
        assert ERROR_LINE.match(line), f"not an error line: {line!r}\n{run}"
    return [m.groupdict() for line in lines if (m := ERROR_LINE.match(line))]


PLAN_HEAD = "dxcheck: plan/1\nid: p\nregion: r\ntitle: T\nindicators:\n"


@pytest.mark.parametrize(
    ("body", "line", "col", "location", "words"),
    [
        (
            "  - id: a\n    name: A\n    unit: percent\n    targets:\n      2025: '>= 190'\n",
            10,
            13,
            "indicators[0].targets.2025",
            "0–100",
        ),
        (
            "  - id: a\n    name: A\n    unit: percent\n    targets:\n      2025: {target: 9, sorce: s}\n",
            10,
            25,
            "indicators[0].targets.2025.sorce",
            "did you mean 'source'",
        ),
        (
            "  - id: a\n    name: A\n    unit: count\n    targets:\n      2025: 'top 3'\n",
            10,
            13,
            "indicators[0].targets.2025",
            "only for unit rank",
        ),
        (
            "  - id: a\n    name: A\n    unit: rank\n    targets:\n      2025: 3\n",
            10,
            13,
            "indicators[0].targets.2025",
            "not a rank target",
        ),
        (
            "  - id: a\n    name: A\n    unit: percent\n    source: nowhere\n    targets: {2025: 1}\n",
            9,
            13,
            "indicators[0].source",
            "unknown source 'nowhere'",
        ),
        (
            "  - id: a\n    name: A\n    unit: percent\n    baseline: {year: 2025, value: 1}\n"
            "    targets: {2025: 1}\n",
            9,
            22,
            "indicators[0].baseline.year",
            "before every target year",
        ),
        (
            "  - id: a\n    name: A\n    unit: percent\n    targets: {2025: '99,5'}\n",
            9,
            21,
            "indicators[0].targets.2025",
            "99.5",
        ),
        (
            "  - id: a\n    name: A\n    unit: percent\n",
            6,
            5,
            "indicators[0].targets",
            "missing required key",
        ),
        (
            "  - id: a\n    name: A\n    unit: percent\n    targets: {2025: 1}\n  - id: a\n    name: B\n"
            "    unit: count\n    targets: {2025: 1}\n",
            10,
            9,
            "indicators[1].id",
            "already used",
        ),
    ],
)
def test_plan_errors_point_at_the_node(
    dx: Callable[..., Run],
    write: Callable[[str, str], str],
    body: str,
    line: int,
    col: int,
    location: str,
    words: str,
) -> None:
    path = write("plan.yaml", PLAN_HEAD + body)
    run = dx("validate", path)
    assert run.code == 2, run
    found = errors(run)
    assert len(found) == 1, run
    assert found[0]["file"] == path
    assert (int(found[0]["line"]), int(found[0]["col"])) == (line, col), run
    assert found[0]["loc"] == location
    assert words in found[0]["msg"], run


def test_all_errors_of_a_file_are_reported(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    path = write(
        "plan.yaml",
        PLAN_HEAD + "  - id: A\n    name: x\n    unit: percent\n    pilar: other\n    targets: {2025: 1}\n",
    )
    found = errors(dx("validate", path))
    assert [(e["line"], e["loc"]) for e in found] == [("6", "indicators[0].id"), ("9", "indicators[0].pilar")]


def test_duplicate_keys_are_errors(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    path = write(
        "plan.yaml",
        PLAN_HEAD.replace("region: r\n", "region: r\nregion: s\n")
        + "  - {id: a, name: A, unit: count, targets: {2025: 1}}\n",
    )
    found = errors(dx("validate", path))
    assert [(e["line"], e["col"], e["loc"]) for e in found] == [("4", "1", "region")]
    assert "duplicate key 'region'" in found[0]["msg"]


ACTUALS_HEAD = "dxcheck: actuals/1\nyear: 2024\nregion: demo\nvalues:\n"


@pytest.mark.parametrize(
    ("values", "line", "location", "words"),
    [
        (
            "  infra.coverage: {value: 99.7, numerator: 4342, denominator: 4357}\n",
            5,
            "values.infra.coverage.value",
            None,
        ),
        (
            "  infra.coverage: {value: 99.65, numerator: 4342, denominator: 4357}\n",
            5,
            "values.infra.coverage.value",
            "does not agree",
        ),
        (
            "  infra.coverage: {value: 50, unit: count}\n",
            5,
            "values.infra.coverage.unit",
            "differs from the plan",
        ),
        ("  infra.coverage: 101\n", 5, "values.infra.coverage", "0–100"),
        ("  other.milestone: 1\n", 5, "values.other.milestone", "true or false"),
        ("  gov.online: true\n", 5, "values.gov.online", "only for unit boolean"),
        ("  gov.online: '2,7 triệu'\n", 5, "values.gov.online", "2700000"),
    ],
)
def test_actuals_errors_at_compare_point_at_the_value(
    dx: Callable[..., Run],
    write: Callable[[str, str], str],
    values: str,
    line: int,
    location: str,
    words: str | None,
) -> None:
    path = write("actuals.yaml", ACTUALS_HEAD + values)
    run = dx("compare", DEMO[0], path, "--format", "json")
    if words is None:
        assert run.code == 0, run  # 99.7 agrees with 4342/4357 at one decimal, and meets >= 99
        return
    assert run.code == 2, run
    assert run.out == ""
    found = errors(run)
    assert len(found) == 1, run
    assert (found[0]["file"], int(found[0]["line"])) == (path, line)
    assert found[0]["loc"] == location
    assert words in found[0]["msg"]


def test_same_indicator_and_year_in_two_files_is_an_error(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    first = write("a.yaml", ACTUALS_HEAD + "  gov.online: 60\n")
    second = write("b.yaml", ACTUALS_HEAD + "  gov.online: 61\n")
    found = errors(dx("compare", DEMO[0], first, second))
    assert [(e["file"], e["line"], e["loc"]) for e in found] == [(second, "5", "values.gov.online")]
    assert "second figure" in found[0]["msg"]


# a plan and actuals files whose figures each load, but do not fit the plan or each other
CROSS_PLAN = PLAN_HEAD + (
    "  - {id: a, name: A, unit: percent, targets: {2024: '>= 50', 2025: '>= 60'}}\n"
    "  - {id: b, name: B, unit: count, targets: {2025: 100}}\n"
    "  - {id: c, name: C, unit: boolean, targets: {2025: done}}\n"
)
CROSS_FIRST = (
    "dxcheck: actuals/1\nyear: 2024\nregion: r\nvalues:\n  a: 40\n  b: {value: 5, unit: percent}\n  c: 1\n"
)
CROSS_SECOND = (
    "dxcheck: actuals/1\nyear: 2024\nregion: r\nvalues:\n  a: 41\n  b:\n    - {value: 7, year: 2023}\n"
    "    - {value: 12.5, numerator: 1, denominator: 8}\n"
)


def test_problems_across_files_are_reported_in_file_order_and_nothing_is_judged(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("plan.yaml", CROSS_PLAN)
    first, second = write("a.yaml", CROSS_FIRST), write("b.yaml", CROSS_SECOND)
    run = dx("compare", plan, first, second, "--format", "json")
    assert (run.code, run.out) == (2, ""), run
    # the lines dxcheck 0.1.0 printed, word for word and in this order
    assert run.err.splitlines() == [
        f"{first}:6:23: error: values.b.unit: unit 'percent' differs from the plan's unit for 'b' is count",
        f"{first}:7:6: error: values.c: a boolean indicator takes true or false, not 1: write true"
        " (the plan's unit for 'c' is boolean)",
        f"{second}:5:6: error: values.a: a second figure for 'a' in 2024: the first is in {first}",
        f"{second}:8:15: error: values.b[1].value: value 12.5 does not agree with numerator/denominator"
        " 1/8 = 0.1250 (to the 1 decimal place(s) the value is written with)"
        " (the plan's unit for 'b' is count)",
    ], run


def test_actuals_of_other_regions_are_reported_in_file_order(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("plan.yaml", CROSS_PLAN)
    valid = write("ok.yaml", "dxcheck: actuals/1\nyear: 2023\nregion: r\nvalues: {a: 30}\n")
    other = write("other.yaml", "dxcheck: actuals/1\nyear: 2024\nregion: q\nvalues:\n  a: 40\n")
    several = write(
        "multi.yaml",
        "dxcheck: actuals/1\nyear: 2023\nregions:\n  q: {values: {a: 1}}\n  s: {values: {a: 2}}\n",
    )
    run = dx("compare", plan, valid, other, several)
    assert (run.code, run.out) == (2, ""), run
    assert run.err.splitlines() == [
        f"{other}:3:9: error: region: these figures are for region 'q', but the plan is for 'r'",
        f"{several}:4:3: error: regions: no figures for region 'r' (the file has: q, s)",
    ], run


def test_own_year_overrides_the_file_year(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    path = write(
        "a.yaml", ACTUALS_HEAD + "  security.scans:\n    - {value: 3, year: 2023}\n    - {value: 1}\n"
    )
    rows = json.loads(dx("compare", DEMO[0], path, "--format", "json").out)["rows"]
    scans = next(row for row in rows if row["indicator"] == "security.scans")
    assert (scans["status"], scans["actual"], scans["actual_year"]) == ("met", 3, 2023)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("dxcheck: actuals/1\nyear: 2024\nregion: other\nvalues: {a: 1}\n", "region 'other'"),
        ("dxcheck: actuals/1\nyear: 2024\nregions:\n  x: {values: {a: 1}}\n", "no figures for region 'demo'"),
    ],
)
def test_actuals_without_the_plans_region_exit_2(
    dx: Callable[..., Run], write: Callable[[str, str], str], text: str, words: str
) -> None:
    path = write("a.yaml", text)
    run = dx("compare", DEMO[0], path)
    assert run.code == 2, run
    assert words in errors(run)[0]["msg"]


def test_regions_form_is_read(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    path = write(
        "a.yaml",
        "dxcheck: actuals/1\nyear: 2024\nregions:\n  demo: {values: {econ.share: 20}}\n"
        "  other: {values: {econ.share: 1}}\n",
    )
    rows = json.loads(dx("compare", DEMO[0], path, "--format", "json").out)["rows"]
    share = next(row for row in rows if row["indicator"] == "econ.share")
    assert share["status"] == "met"


def test_plan_given_as_actuals_is_an_input_error(dx: Callable[..., Run]) -> None:
    run = dx("compare", DEMO[1], DEMO[0])
    assert run.code == 2
    found = errors(run)
    assert found[0]["file"] == DEMO[1]
    assert "expected a plan, but this is an actuals file" in found[0]["msg"]
    assert any(e["file"] == DEMO[0] and "expected an actuals file" in e["msg"] for e in found)


def test_missing_file_is_one_error_line(dx: Callable[..., Run]) -> None:
    run = dx("compare", "nope.yaml", DEMO[1])
    assert run.code == 2
    assert run.err == "nope.yaml:1:1: error: $: no such file\n"


def test_input_files_are_never_written(dx: Callable[..., Run]) -> None:
    before = {name: (ROOT / name).stat().st_mtime_ns for name in DEMO}
    dx("compare", *DEMO, "--format", "json")
    dx("validate", *DEMO)
    assert before == {name: (ROOT / name).stat().st_mtime_ns for name in DEMO}


def _said(text: str) -> str:
    """Help as its words alone: what dxcheck says, not how click or rich lays it out (wrapping, boxes)."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


def _declared(command: str) -> tuple[str, list[tuple[list[str], str, str | None, bool]]]:
    """A command's help as dxcheck declares it: its help, and each parameter's names, help,
    value name and whether it is a flag."""
    from dxcheck import cli

    function = getattr(cli, command)
    params = []
    for hint in typing.get_type_hints(function, include_extras=True).values():
        for info in getattr(hint, "__metadata__", ()):
            if isinstance(info, typer.models.ParameterInfo):
                declared = (info.default, *(getattr(info, "param_decls", None) or ()))
                names = [name for name in declared if isinstance(name, str) and name.startswith("-")]
                is_flag = typing.get_args(hint)[0] is bool
                params.append((names, info.help or "", info.metavar, is_flag))
    (info,) = cli.COMMANDS[command].registered_commands  # each command is a typer app of its own
    declared_help = info.help
    return str(declared_help or ""), params


def test_help_lists_every_command(dx: Callable[..., Run]) -> None:
    run = dx("--help")
    assert run.code == 0, run
    for command in ("compare", "check", "validate", "schema"):
        summary = " ".join(_declared(command)[0].split()[:3])  # a list of commands may shorten the rest
        assert f"{command} {summary}" in _said(run.out), run


@pytest.mark.parametrize("command", ["compare", "check", "validate", "schema"])
def test_every_command_has_help_and_is_in_the_readme(dx: Callable[..., Run], command: str) -> None:
    run = dx(command, "--help")
    assert run.code == 0, run
    said = _said(run.out)
    doc, params = _declared(command)
    assert f"dxcheck {command}" in said, run
    assert doc and _said(doc) in said, run
    for names, explained, metavar, is_flag in params:
        assert explained, f"a parameter {names} of {command} has no help"
        assert _said(explained) in said, run
        assert all(name in said for name in names), run
        if not is_flag:  # a value is named (YEAR, FILE), never left to its type (INTEGER, PATH)
            assert metavar and metavar in said, run
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\ndxcheck {command} " in readme


def test_rule_problems_of_sound_indicators_come_with_type_problems_of_others(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    path = write(
        "plan.yaml",
        PLAN_HEAD
        + "  - {id: a, name: a, unit: percent, pilar: x, targets: {2025: 5}}\n"
        + "  - {id: b, name: b, unit: percent, targets: {2025: 190}, source: nope}\n"
        + "  - {id: c, name: c, unit: count, targets: {2025: 'top 3'}}\n",
    )
    found = errors(dx("validate", path))
    assert [(e["line"], e["loc"]) for e in found] == [
        ("6", "indicators[0].pilar"),
        ("7", "indicators[1].targets.2025"),
        ("7", "indicators[1].source"),
        ("8", "indicators[2].targets.2025"),
    ]


_UNREADABLE_AND_RATIOS = (
    'gov.online: "abc"',
    "infra.coverage: {numerator: 4342}",
    "econ.share: [{value: 5, year: 2023}, {value: 5.5, numerator: 4342, denominator: 4357, unit: percent}]",
    "other.rank: {value: 5, of: 34, qoute: q}",
    "society.online: [{value: 1}, {value: 2}]",
)


@pytest.mark.parametrize(
    ("head", "indent", "where"),
    [("region: r\nvalues:\n", 2, "values"), ("regions:\n  r:\n    values:\n", 6, "regions.r.values")],
)
def test_an_unreadable_value_does_not_hide_the_rules_of_the_other_figures(
    dx: Callable[..., Run], write: Callable[[str, str], str], head: str, indent: int, where: str
) -> None:
    # every problem of a file in one run: the figures that can be read still have their rules checked
    entries = "".join(" " * indent + line + "\n" for line in _UNREADABLE_AND_RATIOS)
    path = write("actuals.yaml", "dxcheck: actuals/1\nyear: 2024\n" + head + entries)
    run = dx("validate", path)
    assert (run.code, run.out) == (2, ""), run
    line = 3 + head.count("\n")  # the first entry's
    assert run.err.splitlines() == [
        f"{path}:{line}:{indent + 13}: error: {where}.gov.online: cannot read value 'abc': write a number,"
        " true/false, '~N' or '~N ±T' (approximately N), a bound such as '> 98' or a range '81..86'",
        f"{path}:{line + 1}:{indent + 17}: error: {where}.infra.coverage: 'denominator' is missing:"
        " give numerator and denominator together",
        f"{path}:{line + 2}:{indent + 46}: error: {where}.econ.share[1].value: value 5.5 does not agree with"
        " numerator/denominator 4342/4357 = 99.6557 % (to the 1 decimal place(s) the value is written with)",
        f"{path}:{line + 3}:{indent + 32}: error: {where}.other.rank.qoute: unknown key 'qoute'"
        " (did you mean 'quote'?)",
        f"{path}:{line + 4}:{indent + 30}: error: {where}.society.online[1].year: a second figure for 2024:"
        " each year of an indicator has one figure",
    ]


@pytest.mark.parametrize(
    "document",
    [
        {"a": [], "b": {}, "c": [1, 2], "d": {"e": None}},
        {"rows": [{"x": 1.5, "name": 'Hóa "q"\n'}, {"x": None}], "n": 0},
        [[[]], {"k": [{"v": True}]}],
        "plain",
    ],
)
def test_json_layout_is_json_one_flat_object_per_line(document: object) -> None:
    from dxcheck.reporters.json import dumps

    text = dumps(document)
    assert json.loads(text) == document
    assert text.endswith("\n")
    assert "\\u" not in text  # Vietnamese stays readable


def test_main_leaves_the_garbage_collector_as_it_found_it(dx: Callable[..., Run]) -> None:
    import gc

    assert gc.isenabled()
    dx("compare", *DEMO, "--format", "json")
    assert gc.isenabled()


def test_the_readme_example_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## What it prints\n\n```\n", 1)[1].split("```", 1)[0]
    command, *shown = block.splitlines()
    assert command == "$ dxcheck compare " + " ".join(DEMO)
    real = (GOLDEN / "demo-compare.table.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in shown if line != "…" and line not in real] == []


@pytest.mark.parametrize(
    ("written", "ok"),
    [
        ("2024-05-01", True),
        ("20240501", False),
        ("2024W011", False),
        ("2024-13-01", False),
        ("2024-5-1", False),
    ],
)
def test_dates_are_written_yyyy_mm_dd(
    dx: Callable[..., Run], write: Callable[[str, str], str], written: str, ok: bool
) -> None:
    path = write(
        "plan.yaml",
        PLAN_HEAD.replace("title: T\n", f"title: T\nissued: '{written}'\n")
        + "  - {id: a, name: A, unit: count, targets: {2025: 1}}\n",
    )
    run = dx("validate", path)
    assert run.code == (0 if ok else 2), run
    if not ok:
        assert errors(run)[0]["loc"] == "issued"


def test_a_count_written_with_a_thousands_dot_gets_the_plain_number(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    path = write("plan.yaml", PLAN_HEAD + "  - {id: a, name: A, unit: count, targets: {2025: 9.433}}\n")
    assert "write 9433" in errors(dx("validate", path))[0]["msg"]


@pytest.mark.parametrize("command", ["compare", "check"])
def test_output_never_overwrites_an_input_file(dx: Callable[..., Run], tmp_path: Path, command: str) -> None:
    target = tmp_path / "actuals.yaml"
    original = (ROOT / DEMO[2]).read_text(encoding="utf-8")
    target.write_text(original, encoding="utf-8")
    args = (*DEMO[:2], str(target)) if command == "compare" else ("tests/fixtures",)
    run = dx(command, *args, "--format", "json", "--output", str(target))
    assert run.code == 2, run
    message = "--output names a dxcheck input file; dxcheck never overwrites its inputs"
    assert run.err == f"{target}:1:1: error: $: {message}\n"
    assert target.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("folder", ["tests/data/.repo", "tests/data/.repo/notes"])
def test_check_json_streams_the_same_document(folder: str) -> None:
    from dxcheck.pipeline import check
    from dxcheck.reporters import RenderOptions, render
    from dxcheck.reporters.json import dumps

    result = check(ROOT / folder)
    assert render("json", result, RenderOptions()) == dumps(result.as_dict())


@pytest.mark.parametrize("name", ["json", "csv", "markdown", "junit", "github"])
def test_formats_other_than_the_table_do_not_load_rich(name: str) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from dxcheck.reporters import get_reporter; "
        f"get_reporter({name!r}); print('rich' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout == "False\n", ran.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("compare", *DEMO, "--format", "json"), 1),
        (("check", "tests/fixtures", "--format", "json"), 1),
        (("compare", *DEMO), 1),
    ],
)
def test_a_reader_that_stops_early_gets_no_error_and_the_exit_code_stands(
    args: tuple[str, ...], code: int
) -> None:
    # `dxcheck … | head -1`: here the reader is gone before dxcheck writes a byte
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)
    try:
        ran = subprocess.run(
            [sys.executable, "-m", "dxcheck", *args],
            check=False,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    finally:
        os.close(write)
    assert (ran.returncode, ran.stderr) == (code, "")


# --- likely misspelt actuals ids (v1.1) ------------------------------------------------------------

TWO_TARGETS = """dxcheck: plan/1
id: tinh-2025
region: tinh
title: Kế hoạch
indicators:
  - {id: gov.online-services, name: Dịch vụ công, unit: percent, targets: {2025: ">= 80"}}
  - {id: infra.coverage, name: Phủ sóng, unit: percent, targets: {2025: ">= 99", 2030: 100}}
"""
# gov.onlin-services misspells an indicator without a figure; infra.coverag is near one that has its
# figure, so it is another concept, not a typo; econ.other is near nothing
MISSPELT = """dxcheck: actuals/1
year: 2024
region: tinh
values:
  infra.coverage: 99.5
  infra.coverag: 3
  gov.onlin-services: 70
  econ.other: 3
"""
MESSAGE = "no indicator 'gov.onlin-services' in plan tinh-2025; did you mean 'gov.online-services'?"


@pytest.fixture
def misspelt(write: Callable[[str, str], str]) -> tuple[str, str]:
    return write("plan.yaml", TWO_TARGETS), write("actuals.yaml", MISSPELT)


@pytest.mark.parametrize("name", ["table", "json", "csv", "markdown", "junit"])
def test_a_misspelt_actuals_id_is_a_warning_at_its_key_in_every_format(
    dx: Callable[..., Run], misspelt: tuple[str, str], name: str
) -> None:
    plan, actuals = misspelt
    run = dx("compare", plan, actuals, "--format", name)
    assert run.code == 0, run
    assert run.err == f"{actuals}:7:3: warning: values.gov.onlin-services: {MESSAGE}\n"


def test_the_json_result_maps_each_misspelt_id_to_the_indicator_it_misspells(
    dx: Callable[..., Run], misspelt: tuple[str, str]
) -> None:
    result = json.loads(dx("compare", *misspelt, "--format", "json").out)
    assert result["unmatched_actuals"] == ["infra.coverag", "gov.onlin-services", "econ.other"]
    assert result["suggestions"] == {"gov.onlin-services": "gov.online-services"}
    assert list(result)[4:6] == ["unmatched_actuals", "suggestions"]


def test_the_json_result_has_no_suggestions_when_no_id_is_misspelt(dx: Callable[..., Run]) -> None:
    assert json.loads(dx("compare", *DEMO, "--format", "json").out)["suggestions"] == {}


def test_github_annotates_a_misspelt_id_instead_of_writing_it_on_stderr(
    dx: Callable[..., Run], misspelt: tuple[str, str]
) -> None:
    plan, actuals = misspelt
    run = dx("compare", plan, actuals, "--format", "github")
    assert run.err == ""
    file = actuals.replace(":", "%3A").replace(",", "%2C")
    assert run.out.splitlines()[0] == (
        f"::warning file={file},line=7,col=3,title=dxcheck%3A misspelt id?::"
        f"values.gov.onlin-services: {MESSAGE}"
    )


def test_a_misspelt_id_in_a_regions_file_is_placed_under_its_region(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("plan.yaml", TWO_TARGETS)
    actuals = write(
        "regions.yaml",
        "dxcheck: actuals/1\nyear: 2024\nregions:\n  tinh:\n    values:\n      gov.online-service: 70\n",
    )
    run = dx("compare", plan, actuals, "--format", "json")
    assert run.err == (
        f"{actuals}:6:7: warning: regions.tinh.values.gov.online-service: no indicator 'gov.online-service'"
        " in plan tinh-2025; did you mean 'gov.online-services'?\n"
    )


def test_strict_makes_a_misspelt_id_an_input_error(dx: Callable[..., Run], misspelt: tuple[str, str]) -> None:
    plan, actuals = misspelt
    run = dx("compare", plan, actuals, "--strict", "--format", "json")
    assert run.code == 2, run
    assert (run.out, run.err) == ("", f"{actuals}:7:3: error: values.gov.onlin-services: {MESSAGE}\n")
    assert dx("compare", *DEMO, "--strict").code == 1  # nothing misspelt: the verdict is the usual one


def _repository(write: Callable[[str, str], str], second_plan: str) -> str:
    write("plan.yaml", TWO_TARGETS)
    write("plan2.yaml", second_plan)
    actuals = write("actuals.yaml", MISSPELT)
    return str(Path(actuals).parent)


def test_check_warns_of_an_id_no_plan_of_its_region_has(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    # the second plan of the region has econ.other and gov.onlin-services: neither is misspelt for the
    # region, whatever the first plan has; infra.coverag is near an indicator that has its figure
    other = TWO_TARGETS.replace("id: tinh-2025", "id: tinh-2030").replace(
        "gov.online-services", "gov.onlin-services"
    )
    folder = _repository(write, other)
    run = dx("check", folder, "--format", "json")
    assert run.code == 0, run
    assert run.err == ""
    folder = _repository(write, TWO_TARGETS.replace("id: tinh-2025", "id: tinh-2030"))
    run = dx("check", folder, "--format", "json")
    actuals = f"{folder}/actuals.yaml"
    expected = [
        f"{actuals}:7:3: warning: values.gov.onlin-services: {MESSAGE}",
        f"{actuals}:7:3: warning: values.gov.onlin-services: {MESSAGE.replace('tinh-2025', 'tinh-2030')}",
    ]
    assert (run.code, run.err.splitlines()) == (0, expected), run
    suggestions = [one["suggestions"] for one in json.loads(run.out)["results"]]
    assert suggestions == [{"gov.onlin-services": "gov.online-services"}] * 2
    strict = dx("check", folder, "--format", "json", "--strict")
    assert strict.code == 2, strict
    assert strict.err.splitlines() == [line.replace(": warning: ", ": error: ") for line in expected]
    assert [one["plan"]["id"] for one in json.loads(strict.out)["results"]] == ["tinh-2025", "tinh-2030"]


# --- --year ----------------------------------------------------------------------------------------


def test_a_year_the_plan_has_no_target_for_is_a_usage_error(
    dx: Callable[..., Run], misspelt: tuple[str, str]
) -> None:
    run = dx("compare", *misspelt, "--year", "2030", "--year", "2024")
    assert (run.code, run.out) == (2, ""), run
    assert run.err == (
        "dxcheck: error: --year 2024: plan tinh-2025 has no target for 2024 (its target years: 2025, 2030)\n"
    )
    assert dx("compare", *misspelt, "--year", "2030").code == 0


def test_check_refuses_a_year_no_plan_has_a_target_for(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    other = TWO_TARGETS.replace("id: tinh-2025", "id: tinh-2035").replace("2030: 100", "2035: 100")
    folder = _repository(write, other)
    run = dx("check", folder, "--year", "2031")
    assert (run.code, run.out) == (2, ""), run
    assert run.err == (
        "dxcheck: error: --year 2031: no plan has a target for 2031 (their target years: 2025, 2030, 2035)\n"
    )
    run = dx("check", folder, "--year", "2035", "--format", "json")  # one plan has it: judged there
    assert run.code == 0, run
    rows = [(one["plan"]["id"], len(one["rows"])) for one in json.loads(run.out)["results"]]
    assert rows == [("tinh-2025", 0), ("tinh-2035", 1)]
