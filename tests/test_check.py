"""`dxcheck check`: every dxcheck file under a folder, every problem of every file, every plan judged."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Run
from dxcheck.discovery import discover, find_files
from dxcheck.pipeline import check
from dxcheck.results import CheckResult, ExitCode, Status

# hidden, so that `dxcheck check .` on this project does not trip over the deliberately broken file
REPO = ROOT / "tests" / "data" / ".repo"
BROKEN = "actuals/broken.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of tests/data/.repo without its broken file, to change freely."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    (copy / BROKEN).unlink()
    return copy


def _names(folder: Path) -> list[str]:
    return [Path(name).relative_to(folder).as_posix() for name in find_files(folder)]


def test_finds_marked_yaml_files_only_and_skips_hidden_folders() -> None:
    assert _names(REPO) == [
        "actuals/actuals-2024.yaml",
        "actuals/broken.yaml",
        "plans/alpha-2025.yaml",
        "plans/beta-2025.yaml",
    ]


def test_finds_yml_files_and_skips_node_modules(repo: Path) -> None:
    (repo / "plans" / "alpha-2025.yaml").rename(repo / "plans" / "alpha-2025.yml")
    (repo / "node_modules").mkdir()
    (repo / "node_modules" / "x.yaml").write_text("dxcheck: plan/1\n", encoding="utf-8")
    assert _names(repo) == ["actuals/actuals-2024.yaml", "plans/alpha-2025.yml", "plans/beta-2025.yaml"]


def test_a_broken_file_is_reported_and_the_other_plans_are_still_judged() -> None:
    result = check(REPO)
    assert [plan.plan_id for plan in result.results] == ["alpha-2025", "beta-2025"]
    assert [(problem.file, problem.line, problem.column) for problem in result.problems] == [
        (str(REPO / BROKEN), 4, 1)
    ]
    assert result.exit_code is ExitCode.INPUT_ERROR


def test_unpaired_plans_and_regions_are_listed() -> None:
    result = check(REPO)
    assert result.plans_without_actuals == (str(REPO / "plans" / "beta-2025.yaml"),)
    assert result.actuals_without_plan == ("gamma",)
    beta = result.results[1]
    assert beta.actuals == ()
    assert {row.status for row in beta.rows} == {Status.NO_DATA}


def test_actuals_for_other_regions_are_not_an_error(repo: Path) -> None:
    result = check(repo)
    assert result.problems == ()
    alpha = result.results[0]
    assert [info.year for info in alpha.actuals] == [2024]


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [((Status.MISSED,), ExitCode.FAILED), ((), ExitCode.OK), ((Status.NO_DATA,), ExitCode.FAILED)],
)
def test_exit_code_follows_fail_on_when_the_input_is_valid(
    repo: Path, fail_on: tuple[Status, ...], code: ExitCode
) -> None:
    assert check(repo, fail_on=fail_on).exit_code is code


def test_years_limit_the_judged_targets(repo: Path) -> None:
    result = check(repo, years=[2025])
    assert {row.target_year for plan in result.results for row in plan.rows} == {2025}
    assert result.exit_code is ExitCode.OK


def test_a_problem_found_while_comparing_is_reported_once_and_other_plans_are_judged(repo: Path) -> None:
    # two plans of one region share the actuals file whose unit is wrong for both
    plan = (repo / "plans" / "alpha-2025.yaml").read_text(encoding="utf-8")
    (repo / "plans" / "alpha-2030.yaml").write_text(
        plan.replace("id: alpha-2025", "id: alpha-2030"), encoding="utf-8"
    )
    actuals = repo / "actuals" / "actuals-2024.yaml"
    actuals.write_text(
        actuals.read_text(encoding="utf-8").replace("gov.online: 85", "gov.online: {value: 85, unit: count}"),
        encoding="utf-8",
    )
    result = check(repo)
    assert len(result.problems) == 1, result.problems
    assert "unit 'count'" in result.problems[0].message
    assert [plan.plan_id for plan in result.results] == ["beta-2025"]
    assert result.exit_code is ExitCode.INPUT_ERROR


def test_equal_figures_keep_the_way_each_is_written_across_the_plans_of_a_check(repo: Path) -> None:
    # the plans of one check share equal figures: 85.50 and 85.5 are equal, and shown as written
    plan = (repo / "plans" / "alpha-2025.yaml").read_text(encoding="utf-8")
    (repo / "plans" / "gamma-2025.yaml").write_text(
        plan.replace("id: alpha-2025", "id: gamma-2025").replace("region: alpha", "region: gamma"),
        encoding="utf-8",
    )
    actuals = repo / "actuals" / "actuals-2024.yaml"
    text = actuals.read_text(encoding="utf-8")
    actuals.write_text(
        text.replace("gov.online: 85", "gov.online: 85.50").replace("gov.online: 60", "gov.online: 85.5"),
        encoding="utf-8",
    )
    shown = {
        result.plan_id: [str(row.actual) for row in result.rows if row.indicator == "gov.online"]
        for result in check(repo).results
    }
    assert shown["alpha-2025"] == ["85.50", "85.50"]
    assert shown["gamma-2025"] == ["85.5", "85.5"]


def test_several_folders_are_searched_once_each(repo: Path) -> None:
    result = check(repo / "plans", repo / "actuals", repo / "plans")
    assert [plan.plan_id for plan in result.results] == ["alpha-2025", "beta-2025"]


@pytest.mark.parametrize("spelling", ["absolute", "../", "symlink"])
def test_a_folder_given_twice_under_two_spellings_is_read_once(
    dx: Callable[..., Run], repo: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(repo)
    if spelling == "symlink":
        (repo.parent / "link").symlink_to(repo / "plans")
    again = {"absolute": str(repo / "plans"), "../": "actuals/../plans", "symlink": "../link"}[spelling]
    once = dx("check", "plans", "actuals", "--format", "json")
    run = dx("check", "plans", "actuals", again, "--format", "json")
    assert (run.code, run.err) == (once.code, ""), run
    assert run.out == once.out


def test_discovery_keeps_a_file_named_after_its_folder_as_named(repo: Path) -> None:
    plan = repo / "plans" / "alpha-2025.yaml"
    found = discover([repo / "plans", str(plan), repo / "nowhere"], files=True)
    assert found.kinds == {str(plan): False, str(repo / "plans" / "beta-2025.yaml"): False}
    assert found.named == {str(plan)}
    assert [(problem.file, problem.message) for problem in found.problems] == [
        (str(repo / "nowhere"), "no such file or folder")
    ]


def test_a_missing_folder_is_an_input_problem(tmp_path: Path) -> None:
    result = check(tmp_path / "nowhere")
    assert [problem.message for problem in result.problems] == ["no such folder"]
    assert result.exit_code is ExitCode.INPUT_ERROR


def test_an_empty_folder_passes_and_says_so(dx: Callable[..., Run], tmp_path: Path) -> None:
    assert check(tmp_path) == CheckResult(())
    run = dx("check", str(tmp_path))
    assert run.code == 0, run
    assert "Không tìm thấy kế hoạch" in run.out, run  # Vietnamese by default
    assert "No plan found" in dx("check", str(tmp_path), "--lang", "en").out


def test_result_is_immutable() -> None:
    result = check(REPO)
    with pytest.raises(AttributeError):
        result.problems = ()  # type: ignore[misc]


# --- the command ------------------------------------------------------------------------------------


def test_cli_prints_problems_on_stderr_and_still_reports_the_valid_plans(dx: Callable[..., Run]) -> None:
    run = dx("check", "tests/data/.repo")
    assert run.code == 2, run
    assert run.err.splitlines() == [
        "tests/data/.repo/actuals/broken.yaml:4:1: error: valeus: "
        "unknown key 'valeus' (did you mean 'values'?)"
    ]
    assert "alpha-2025" in run.out and "beta-2025" in run.out, run


def test_cli_json_is_check_1(dx: Callable[..., Run]) -> None:
    run = dx("check", "tests/data/.repo", "--format", "json")
    document = json.loads(run.out)
    assert list(document) == [
        "dxcheck",
        "results",
        "problems",
        "plans_without_actuals",
        "actuals_without_plan",
        "summary",
        "exit_code",
    ]
    assert document["dxcheck"] == "check/1"
    assert [result["dxcheck"] for result in document["results"]] == ["result/1", "result/1"]
    assert document["problems"] == [
        {
            "file": "tests/data/.repo/actuals/broken.yaml",
            "line": 4,
            "column": 1,
            "location": "valeus",
            "message": "unknown key 'valeus' (did you mean 'values'?)",
        }
    ]
    assert document["summary"]["missed"] == 1
    assert document["exit_code"] == run.code == 2


def test_cli_fail_on_and_year(dx: Callable[..., Run], repo: Path) -> None:
    assert dx("check", str(repo)).code == 1
    assert dx("check", str(repo), "--fail-on", "none").code == 0
    assert dx("check", str(repo), "--year", "2025").code == 0
    assert dx("check", str(repo), "--fail-on", "pending", "--year", "2025").code == 1


def test_cli_writes_the_report_to_output(dx: Callable[..., Run], repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    run = dx("check", str(repo), "--format", "junit", "--output", str(target))
    assert run.code == 1, run
    assert run.out == "", run
    assert target.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_cli_defaults_to_the_current_folder(
    dx: Callable[..., Run], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dxcheck.cli import main

    monkeypatch.chdir(repo)
    with pytest.raises(SystemExit) as stop:
        main(["check", "--format", "json"])
    assert stop.value.code == 1


def test_cli_rejects_an_unknown_format(dx: Callable[..., Run]) -> None:
    run = dx("check", "--format", "xml")
    assert run.code == 2, run
    assert "unknown format 'xml'" in run.err, run


def test_the_ci_examples_in_the_docs_are_valid_yaml() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]
    workflow, gitlab = blocks[0], blocks[1]
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[-1]["run"].startswith("dxcheck check")
    job = gitlab["dxcheck"]
    assert job["artifacts"]["reports"]["junit"] == "dxcheck-junit.xml"
    assert any("--format junit --output dxcheck-junit.xml" in line for line in job["script"])


def test_max_file_size_applies_to_every_file(dx: Callable[..., Run], repo: Path) -> None:
    run = dx("check", str(repo), "--max-file-size", "100")
    assert run.code == 2, run
    assert len(run.err.splitlines()) == 3, run  # the two plans and the actuals file are too large


def test_a_file_given_as_folder_is_an_input_problem(dx: Callable[..., Run]) -> None:
    run = dx("check", "plans/thanhhoa-2025.yaml")
    assert run.code == 2, run
    assert run.err.startswith("plans/thanhhoa-2025.yaml:1:1: error: $: not a folder"), run


def test_actuals_are_used_whatever_their_marker_looks_like(repo: Path) -> None:
    # plans are loaded before actuals; a marker the quick scan cannot classify still counts
    before = check(repo)
    actuals = repo / "actuals" / "actuals-2024.yaml"
    text = actuals.read_text(encoding="utf-8")
    assert "dxcheck: actuals/1\n" in text
    actuals.write_text(text.replace("dxcheck: actuals/1\n", "dxcheck:\n  actuals/1\n"), encoding="utf-8")
    after = check(repo)
    assert after.problems == ()
    assert [r.as_dict() for r in after.results] == [r.as_dict() for r in before.results]
    assert after.plans_without_actuals == before.plans_without_actuals
