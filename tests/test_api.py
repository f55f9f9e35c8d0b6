"""The Python API: what `from dxcheck import …` promises, and the tested example of docs/scripting.md."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable

import pytest

import dxcheck
from conftest import ROOT, Run
from dxcheck import CheckResult, InputError, Result, Status, check, compare, load_actuals, load_plan

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
    document = json.loads(dx("compare", *DEMO, "--format", "json", "--lang", "en").out)
    assert records == document["rows"]
    assert all(type(record) is dict for record in records)


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
