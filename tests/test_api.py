"""The Python API: what `from dxcheck import …` promises, and the tested example of docs/scripting.md."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import dxcheck
from conftest import ROOT, Run
from dxcheck import (
    ActualsFile,
    CheckResult,
    ExitCode,
    InputError,
    PlanFile,
    Result,
    Status,
    check,
    compare,
    load_actuals,
    load_plan,
    targets,
)

DEMO = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
SCRIPTING = ROOT / "docs" / "scripting.md"


def _demo() -> Result:
    return compare(load_plan(str(ROOT / DEMO[0])), [load_actuals(str(ROOT / name)) for name in DEMO[1:]])


def test_the_public_names_are_exported() -> None:
    for name in ("load_plan", "load_actuals", "compare", "check", "InputError", "Result", "CheckResult"):
        assert name in dxcheck.__all__
        assert getattr(dxcheck, name) is not None
    assert callable(dxcheck.check)  # the function, not the module of the same name


def test_results_are_immutable() -> None:
    result = _demo()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.rows = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.rows[0].status = Status.MET  # type: ignore[misc]
    assert isinstance(result.rows, tuple)


def test_records_are_the_json_rows(dx: Callable[..., Run]) -> None:
    records = _demo().records(lang="en")
    out = dx("compare", *DEMO, "--format", "json", "--lang", "en").out
    document = json.loads(out, parse_float=Decimal)
    assert records == document["rows"]
    assert all(type(record) is dict for record in records)


def test_figures_are_exact_decimals_in_records_and_json(dx: Callable[..., Run]) -> None:
    coverage = _demo().records()[0]
    assert coverage["actual"] == Decimal("99.66") and type(coverage["actual"]) is Decimal
    assert coverage["gap"] == Decimal("-0.66")
    out = dx("compare", *DEMO, "--format", "json").out
    assert '"actual": 99.66, ' in out and '"gap": -0.66, ' in out
    progress = [row["progress"] for row in json.loads(out, parse_float=Decimal)["rows"] if row["progress"]]
    assert progress and all(type(value) is Decimal for value in progress)


def test_rows_carry_the_v1_1_keys_with_their_defaults() -> None:
    record = _demo().records()[0]
    assert (record["provisional"], record["actual_as_of"], record["actual_of"]) == (False, None, None)


def test_records_pick_the_language() -> None:
    assert _demo().records()[0]["name"] == "Tỷ lệ thôn được phủ sóng"
    assert _demo().records("en")[0]["name"] == "Villages with mobile coverage"


def test_input_problems_are_raised_with_every_problem(write: Callable[[str, str], str]) -> None:
    path = write("plan.yaml", "dxcheck: plan/1\nid: Bad Id\nregion: r\n")
    with pytest.raises(InputError) as raised:
        load_plan(path)
    problems = raised.value.problems
    assert sorted(problem.location for problem in problems) == ["id", "indicators", "title"]
    assert all(problem.file == path for problem in problems)


def test_compare_raises_input_error_for_an_actuals_file_of_another_region() -> None:
    with pytest.raises(InputError):
        compare(load_plan(str(ROOT / "plans/bacgiang-2025.yaml")), [load_actuals(str(ROOT / DEMO[2]))])


def test_a_year_given_twice_is_raised_by_compare_and_a_value_of_check(tmp_path: Path) -> None:
    head = "dxcheck: actuals/1\nyear: 2024\nregion: demo\nvalues:\n"
    (tmp_path / "plan.yaml").write_text((ROOT / DEMO[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.yaml").write_text(head + "  gov.online: 60\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(head + "  gov.online: 61\n", encoding="utf-8")
    files = [load_actuals(str(tmp_path / name)) for name in ("a.yaml", "b.yaml")]
    with pytest.raises(InputError) as raised:
        compare(load_plan(str(tmp_path / "plan.yaml")), files)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.location) == (
        str(tmp_path / "b.yaml"),
        5,
        "values.gov.online",
    )
    report = check(tmp_path)
    assert report.problems == (problem,)
    assert report.results == ()  # a plan whose figures contradict each other is not judged
    assert report.exit_code is ExitCode.INPUT_ERROR


def test_check_returns_problems_instead_of_raising() -> None:
    result = check(ROOT / "tests" / "data" / ".repo")
    assert isinstance(result, CheckResult)
    assert len(result.problems) == 1
    assert int(result.exit_code) == 2


def test_the_scripting_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", SCRIPTING.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1
    monkeypatch.chdir(ROOT)
    exec(compile(blocks[0], str(SCRIPTING), "exec"), {"__name__": "__docs__"})
    printed = capsys.readouterr().out
    assert printed.startswith("thanhhoa-2025 → {")
    assert "problem: plans/thanhhoa-2025.yaml:" in printed
    assert "plans judged" in printed


# --- wrong arguments are refused, never judged as no rows ------------------------------------------


def _files() -> tuple[PlanFile, list[ActualsFile]]:
    return load_plan(str(ROOT / DEMO[0])), [load_actuals(str(ROOT / name)) for name in DEMO[1:]]


# keyword arguments of compare -> the error and the words of its message: what was given, what is expected
WRONG_COMPARE: dict[str, tuple[dict[str, Any], type[Exception], list[str]]] = {
    "a bare year": ({"years": 2025}, TypeError, ["whole years such as [2025], not 2025"]),
    "a year as text": ({"years": "2025"}, TypeError, ["whole years such as [2025], not '2025'"]),
    "years as text": ({"years": ["2025"]}, TypeError, ["not ['2025']", "'2025' (str) is no year"]),
    "a boolean year": ({"years": [True]}, TypeError, ["True (bool) is no year"]),
    "a float year": ({"years": [2025.0]}, TypeError, ["2025.0 (float) is no year"]),
    "no years": ({"years": []}, ValueError, ["None for every year"]),
    "a bare status name": ({"fail_on": "missed"}, TypeError, ["not one string 'missed'", "write ['missed']"]),
    "a bare status": ({"fail_on": Status.MISSED}, TypeError, ["write [Status.MISSED]"]),
    "a misspelt status": (
        {"fail_on": ["mised"]},
        ValueError,
        ["'mised' is no status", "did you mean 'missed'"],
    ),
    "the CLI's none": ({"fail_on": ["none"]}, ValueError, ["fail_on=[]"]),
    "a number among statuses": ({"fail_on": [1]}, TypeError, ["such as [Status.MISSED]", "not 1 (int)"]),
}


@pytest.mark.parametrize("case", list(WRONG_COMPARE))
def test_compare_refuses_wrong_years_and_statuses(case: str) -> None:
    plan, actuals = _files()
    keywords, error, words = WRONG_COMPARE[case]
    with pytest.raises(error) as raised:
        compare(plan, actuals, **keywords)
    for word in words:
        assert word in str(raised.value)


def test_compare_refuses_files_in_the_wrong_place() -> None:
    plan, actuals = _files()
    wrong: list[tuple[Any, Any, str]] = [
        (plan, actuals[0], f"not one file alone: write [actuals] for {actuals[0].name}"),
        (plan, DEMO[1], f"not the path {DEMO[1]!r}"),
        (plan, [DEMO[1]], f"actuals[0] is the path {DEMO[1]!r}"),
        (plan, [actuals[0], plan], f"actuals[1] is a plan ({plan.name}): the plan comes first"),
        (
            actuals[0],
            actuals,
            f"plan must be a loaded plan such as load_plan(path), not an actuals file ({actuals[0].name})",
        ),
        (DEMO[0], actuals, f"not the path {DEMO[0]!r}"),
    ]
    for plan_argument, actuals_argument, words in wrong:
        with pytest.raises(TypeError) as raised:
            compare(plan_argument, actuals_argument)
        assert words in str(raised.value)


def test_compare_takes_any_iterable_of_years_and_statuses_by_name() -> None:
    plan, actuals = _files()
    by_status = compare(plan, iter(actuals), years=(year for year in [2024]), fail_on=["missed"])
    assert {row.target_year for row in by_status.rows} == {2024}
    assert by_status.rows == compare(plan, actuals, years=[2024]).rows
    assert int(by_status.exit_code) == 1  # 'missed' counts as Status.MISSED: the demo misses a 2024 target
    assert int(compare(plan, actuals, fail_on=[]).exit_code) == 0


def test_check_refuses_wrong_arguments() -> None:
    repo = ROOT / "tests" / "data" / ".repo"
    with pytest.raises(TypeError, match=r"such as \[2025\], not 2025"):
        check(repo, years=2025)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"write \['missed'\]"):
        check(repo, fail_on="missed")
    with pytest.raises(TypeError, match=r"check\(\*folders\), not \['plans', 'actuals'\] \(list\)"):
        check(["plans", "actuals"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_bytes must be a whole number of bytes"):
        check(repo, max_bytes=0)


@pytest.mark.parametrize(
    ("fail_on", "error", "words"),
    [
        ("missed", TypeError, "not one string 'missed' (str): write ['missed']"),
        (1, TypeError, "not 1 (int)"),
        ([1], TypeError, "not 1 (int) among them"),
        ([None], TypeError, "not None (NoneType) among them"),
        (["mised"], ValueError, "is no "),
        (["none"], ValueError, "the command line's 'none' is fail_on=[] here"),
    ],
)
def test_compare_check_and_targets_refuse_a_wrong_fail_on_alike(
    fail_on: Any, error: type[Exception], words: str
) -> None:
    # the same mistake is the same kind of error whichever call it is made to
    plan, actuals = _files()
    calls: list[Callable[[], object]] = [
        lambda: compare(plan, actuals, fail_on=fail_on),
        lambda: check(ROOT / "tests" / "data" / ".repo", fail_on=fail_on),
        lambda: targets(ROOT / "tests" / "targets" / "plans", fail_on=fail_on),
    ]
    for call in calls:
        with pytest.raises(error) as raised:
            call()
        assert words in str(raised.value)


def test_loading_a_loaded_file_again_is_a_type_error() -> None:
    plan, _ = _files()
    with pytest.raises(TypeError, match="PlanFile"):
        load_plan(plan)  # type: ignore[arg-type]


def test_a_year_without_a_target_raises_value_error_naming_the_target_years() -> None:
    plan, actuals = load_plan(str(ROOT / DEMO[0])), [load_actuals(str(ROOT / name)) for name in DEMO[1:]]
    words = r"^plan demo-2025 has no target for 1999 \(its target years: 2023, 2024, 2025\)$"
    with pytest.raises(ValueError, match=words):
        compare(plan, actuals, years=[2025, 1999])
    assert [row.target_year for row in compare(plan, actuals, years=[2023]).rows] == [2023]


def test_check_raises_for_a_year_no_plan_has_a_target_for() -> None:
    with pytest.raises(
        ValueError, match=r"^no plan has a target for 1999 \(their target years: 2024, 2025\)$"
    ):
        check(str(ROOT / "tests" / "data" / ".repo"), years=[1999])


def test_misspelt_ids_are_warnings_of_the_report_and_input_errors_when_strict(
    write: Callable[[str, str], str],
) -> None:
    indicators = "  - {id: gov.online-services, name: n, unit: percent, targets: {2025: 80}}\n"
    plan = load_plan(
        write("plan.yaml", f"dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n{indicators}")
    )
    path = write(
        "actuals.yaml", "dxcheck: actuals/1\nyear: 2024\nregion: r\nvalues:\n  gov.onlin-services: 70\n"
    )
    actuals = [load_actuals(path)]
    result = compare(plan, actuals)
    assert dict(result.suggestions) == {"gov.onlin-services": "gov.online-services"}
    assert result.as_dict()["suggestions"] == {"gov.onlin-services": "gov.online-services"}
    with pytest.raises(InputError) as raised:
        compare(plan, actuals, strict=True)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:5:3: error: values.gov.onlin-services: no indicator 'gov.onlin-services' in plan p;"
        " did you mean 'gov.online-services'?"
    ]
