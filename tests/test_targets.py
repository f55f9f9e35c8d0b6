"""`dxcheck targets`: the plans of each region side by side, and the flags a reader relies on —
conflicts between a region's plans (which is stricter), ambition beside the national plans, and
targets met before their plan was issued — in every format, with the exit codes of the CLI."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run
from dxcheck.lineup import Flag
from dxcheck.matrix import Order, compare_targets
from dxcheck.models import Indicator
from dxcheck.reporters.targets import sentence
from dxcheck.statuses import FlagKind

GOLDEN = ROOT / "tests" / "golden"
PLANS = "tests/targets/plans"  # the folder `actuals` beside it is read by default


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME byte for byte; DXCHECK_REGEN_GOLDEN=1 rewrites it (only on purpose)."""
    import os

    path = GOLDEN / name
    if os.environ.get("DXCHECK_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
    with path.open(encoding="utf-8", newline="") as stream:
        assert actual == stream.read(), f"{name} differs"


def _indicator(unit: str, target: object, direction: str = "increase") -> Indicator:
    return Indicator.model_validate(
        {"id": "x", "name": "x", "unit": unit, "direction": direction, "targets": {2025: target}}
    )


def _order(unit: str, first: object, second: object, direction: str = "increase") -> Order:
    a, b = _indicator(unit, first, direction), _indicator(unit, second, direction)
    return compare_targets(a, a.targets[2025], b, b.targets[2025]).order


@pytest.mark.parametrize(
    ("unit", "first", "second", "direction", "expected"),
    [
        # percent, higher is better: the higher lower bound asks more
        ("percent", ">= 100", ">= 90", "increase", Order.STRICTER),
        ("percent", ">= 90", ">= 100", "increase", Order.LOOSER),
        ("percent", "90", ">= 90", "increase", Order.SAME),  # a bare number is at-least
        ("percent", ">= 100", "= 100", "increase", Order.SAME),  # nothing lies above 100 %
        ("percent", "> 90", ">= 90", "increase", Order.STRICTER),
        ("percent", "~90", ">= 90", "increase", Order.LOOSER),  # ~90 is met from 85.5
        # ranks: lower is better, whatever the direction written
        ("rank", "top 5", "top 10", "increase", Order.STRICTER),
        ("rank", "top 10", "<= 10", "increase", Order.SAME),
        # `<=` targets of a decreasing indicator: the lower bound asks more
        ("days", "<= 3", "<= 5", "decrease", Order.STRICTER),
        ("days", "7", "<= 7", "decrease", Order.SAME),
        ("days", "<= 5", "3..8", "decrease", Order.STRICTER),  # not nested: lower lies further
        # ranges: a range inside another asks more; of two apart, the one further in the direction
        ("percent", "81..86", ">= 80", "increase", Order.STRICTER),
        ("percent", ">= 90", "81..86", "increase", Order.STRICTER),
        ("count", "3..5", "4..6", "increase", Order.LOOSER),
        ("count", "3..5", ">= 4", "increase", Order.LOOSER),
        ("count", "> 2", ">= 3", "increase", Order.SAME),  # whole numbers only
        # milestones: `done` is the only target a boolean takes
        ("boolean", "done", "done", "increase", Order.SAME),
    ],
)
def test_which_target_is_stricter(
    unit: str, first: str, second: str, direction: str, expected: Order
) -> None:
    assert _order(unit, first, second, direction) is expected


def test_targets_in_different_units_or_directions_are_not_comparable() -> None:
    a, b = _indicator("percent", ">= 80"), _indicator("count", ">= 500000")
    found = compare_targets(a, a.targets[2025], b, b.targets[2025])
    assert (found.order, found.reason) == (Order.INCOMPARABLE, "units differ: percent, count")
    a, b = _indicator("days", "<= 5", "decrease"), _indicator("days", ">= 5")
    found = compare_targets(a, a.targets[2025], b, b.targets[2025])
    assert (found.order, found.reason) == (Order.INCOMPARABLE, "one is to increase, the other to decrease")


# --- the flags, on the fixtures --------------------------------------------------------------------


def _flags(run: Run) -> list[tuple[Any, ...]]:
    document = json.loads(run.out)
    return [
        (flag["kind"], flag["indicator"], flag["year"], *flag["plans"], flag["stricter"])
        for flag in document["flags"]
    ]


def test_every_flag_on_the_fixtures(dx: Callable[..., Run]) -> None:
    run = dx("targets", PLANS, "--format", "json")
    assert run.code == 0, run
    assert _flags(run) == [
        ("stronger", "econ.digital-economy-grdp-share", 2025, "demo-2025", "nation-2025", "demo-2025"),
        ("achieved-when-issued", "gov.e-documents-signed", 2025, "demo-2025", None),
        ("conflict", "gov.online-procedures-full", 2025, "demo-2025", "demo-resolution", "demo-resolution"),
        ("weaker", "gov.online-procedures-full", 2025, "demo-2025", "nation-2025", "nation-2025"),
        ("stronger", "gov.online-procedures-full", 2025, "demo-resolution", "nation-2025", "demo-resolution"),
        ("weaker", "gov.processing-days", 2025, "demo-2025", "nation-2025", "nation-2025"),
        ("weaker", "gov.processing-days", 2025, "demo-resolution", "nation-2025", "nation-2025"),
        ("conflict", "other.dx-rank", 2025, "demo-2025", "demo-resolution", "demo-resolution"),
        ("conflict", "society.pilot-communes", 2025, "demo-2025", "demo-resolution", "demo-resolution"),
        ("incomparable", "society.smartphone-adults", 2025, "demo-2025", "nation-2025", None),
    ]
    achieved = json.loads(run.out)["flags"][1]
    assert (achieved["actual"], achieved["actual_year"], achieved["issued"]) == (96, 2023, "2024-03-01")
    assert achieved["quotes"] == ["95% văn bản điện tử được ký số"]


def test_the_same_target_in_other_words_is_no_conflict(dx: Callable[..., Run]) -> None:
    # demo-2025 writes `<= 7` and the resolution a bare `7` for a decreasing indicator: one target
    run = dx("targets", PLANS, "--format", "json")
    assert not [flag for flag in _flags(run) if flag[:2] == ("conflict", "gov.processing-days")]


GOLDENS = [
    ("targets.table.vi.txt", ()),
    ("targets.table.en.txt", ("--lang", "en")),
    ("targets.markdown.vi.md", ("--format", "markdown")),
    ("targets.markdown.en.md", ("--format", "markdown", "--lang", "en")),
    ("targets.html.vi.html", ("--format", "html")),
    ("targets.html.en.html", ("--format", "html", "--lang", "en")),
    ("targets.json.json", ("--format", "json")),
    ("targets.csv.csv", ("--format", "csv")),
]


def test_every_format_offered_has_a_golden() -> None:
    from dxcheck.reporters.targets import TARGETS_REPORTERS

    assert {name.split(".")[1] for name, _ in GOLDENS} == set(TARGETS_REPORTERS)


@pytest.mark.parametrize(("name", "args"), GOLDENS)
def test_each_format_is_exact(dx: Callable[..., Run], name: str, args: tuple[str, ...]) -> None:
    run = dx("targets", PLANS, *args)
    assert (run.code, run.err) == (0, ""), run
    golden(name, run.out)


def test_the_html_is_escaped_and_self_contained(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write(
        "plan.yaml",
        "dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n"
        "  - id: x\n    name: '<b>x</b>'\n    unit: percent\n"
        "    targets: {2025: {target: '>= 5', quote: '<script>alert(1)</script> & \"q\"'}}\n",
    )
    run = dx("targets", plan, "--format", "html")
    assert run.code == 0, run
    assert "<script>" not in run.out and "&lt;script&gt;" in run.out
    assert "http" not in run.out  # no stylesheet or script from elsewhere


# --- exit codes and input errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        ("none", 0),
        ("conflict", 1),
        ("weaker", 1),
        ("achieved-when-issued", 1),
        ("conflict,weaker", 1),
    ],
)
def test_fail_on_gates_on_flag_kinds(dx: Callable[..., Run], fail_on: str, code: int) -> None:
    run = dx("targets", PLANS, "--format", "json", "--fail-on", fail_on)
    assert run.code == code, run
    assert json.loads(run.out)["exit_code"] == code


def test_fail_on_with_no_such_flag_kind_passes(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("plan.yaml", _plan("p", "r", ">= 5"))
    assert dx("targets", plan, "--fail-on", "conflict,weaker").code == 0


def test_an_unknown_fail_on_flag_is_a_usage_error(dx: Callable[..., Run]) -> None:
    run = dx("targets", PLANS, "--fail-on", "missed")
    assert run.code == 2
    assert (
        "unknown flag 'missed'; choose from conflict, weaker, stronger, incomparable, achieved-when-issued"
        in (run.err)
    )


def _plan(plan_id: str, region: str, target: str, extra: str = "") -> str:
    return (
        f"dxcheck: plan/1\nid: {plan_id}\nregion: {region}\ntitle: t\n{extra}indicators:\n"
        f"  - id: x\n    name: x\n    unit: percent\n    targets: {{2025: '{target}'}}\n"
    )


def test_a_bad_file_is_a_placed_error_and_the_others_are_still_shown(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    good = write("good.yaml", _plan("good", "r", ">= 5"))
    bad = write("bad.yaml", _plan("bad", "r", ">= 500"))
    run = dx("targets", good, bad, "--format", "json")
    assert run.code == 2
    assert run.err == f"{bad}:9:21: error: indicators[0].targets.2025: a percent lies in 0–100, not 500\n"
    assert [plan["id"] for plan in json.loads(run.out)["plans"]] == ["good"]


def test_a_missing_folder_is_an_input_error(dx: Callable[..., Run]) -> None:
    run = dx("targets", "no/such/folder")
    assert run.code == 2
    assert run.err == "no/such/folder:1:1: error: $: no such file or folder\n"


def test_two_plans_with_one_id_is_an_input_error(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    first = write("a.yaml", _plan("same", "r", ">= 5"))
    second = write("b.yaml", _plan("same", "r", ">= 6"))
    run = dx("targets", first, second)
    assert run.code == 2
    assert (
        run.err
        == f"{second}:2:5: error: id: plan id 'same' is already used by {first}: each plan needs its own id\n"
    )


def test_measured_against_names_the_reference_plans(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    # the province names its resolution: it is not measured against the nation's plan as well
    province = write("p.yaml", _plan("p", "r", ">= 5", "measured_against: [res]\n"))
    resolution = write("res.yaml", _plan("res", "other", ">= 10"))
    nation = write("n.yaml", _plan("n", "vietnam", ">= 1"))
    run = dx("targets", province, resolution, nation, "--format", "json")
    assert run.code == 0, run
    assert _flags(run) == [
        ("stronger", "x", 2025, "res", "n", "res"),  # res names nothing: it stands beside the nation
        ("weaker", "x", 2025, "p", "res", "res"),
    ]
    region = next(region for region in json.loads(run.out)["regions"] if region["region"] == "r")
    assert (region["plans"], region["references"]) == (["p"], ["res"])


def test_a_reference_to_a_plan_not_read_is_a_placed_warning(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("p.yaml", _plan("p", "r", ">= 5", "measured_against: [nation-749]\n"))
    run = dx("targets", plan)
    assert run.code == 0, run
    assert run.err == (
        f"{plan}:5:20: warning: measured_against[0]: no plan 'nation-749' was read "
        "(it is left out of the comparison)\n"
    )


def test_a_reference_is_offered_only_a_plan_it_likely_misspells(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    write("n.yaml", _plan("vietnam-749-2025", "vietnam", ">= 5"))
    plan = write(
        "p.yaml", _plan("p", "r", ">= 5", "measured_against: [vietnam-749-2052, vietnam-411-2025]\n")
    )
    run = dx("targets", str(Path(plan).parent))
    assert run.err == (
        f"{plan}:5:20: warning: measured_against[0]: no plan 'vietnam-749-2052' was read;"
        " did you mean 'vietnam-749-2025'?\n"
        f"{plan}:5:38: warning: measured_against[1]: no plan 'vietnam-411-2025' was read"
        " (it is left out of the comparison)\n"
    ), run


def test_a_plan_measured_against_itself_is_invalid(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("p.yaml", _plan("p", "r", ">= 5", "measured_against: [q, p, q]\n"))
    run = dx("validate", plan)
    assert run.code == 2
    assert run.err == (
        f"{plan}:5:23: error: measured_against[1]: a plan is not measured against itself "
        "('p' is this plan's id)\n"
        f"{plan}:5:26: error: measured_against[2]: 'q' is already listed\n"
    )


def test_years_must_match_to_be_compared(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    province = write("p.yaml", _plan("p", "r", ">= 5").replace("2025", "2030"))
    nation = write("n.yaml", _plan("n", "vietnam", ">= 50"))
    run = dx("targets", province, nation, "--format", "json")
    assert _flags(run) == []


def test_a_plan_without_issued_is_never_flagged_achieved(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write("p.yaml", _plan("p", "r", ">= 5"))
    figures = write("a.yaml", "dxcheck: actuals/1\nyear: 2020\nregion: r\nvalues: {x: 50}\n")
    assert _flags(dx("targets", plan, "--actuals", figures, "--format", "json")) == []
    issued = write("q.yaml", _plan("q", "r", ">= 5", "issued: 2021-01-01\n"))
    assert _flags(dx("targets", issued, "--actuals", figures, "--format", "json")) == [
        ("achieved-when-issued", "x", 2025, "q", None)
    ]


def test_a_part_year_figure_counts_up_to_its_date(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    # a 9-month figure dated before the plan's issue was known when it was issued; a later one was not
    plan = write("p.yaml", _plan("p", "r", ">= 5", "issued: 2021-11-01\n"))
    early = write(
        "a.yaml", "dxcheck: actuals/1\nyear: 2021\nregion: r\nvalues: {x: {value: 50, as_of: 2021-09-30}}\n"
    )
    late = write(
        "b.yaml", "dxcheck: actuals/1\nyear: 2021\nregion: r\nvalues: {x: {value: 50, as_of: 2021-12-31}}\n"
    )
    assert len(_flags(dx("targets", plan, "--actuals", early, "--format", "json"))) == 1
    assert _flags(dx("targets", plan, "--actuals", late, "--format", "json")) == []


def test_output_writes_the_format_its_extension_names(dx: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "targets.html"
    run = dx("targets", PLANS, "--output", str(target))
    assert (run.code, run.out) == (0, ""), run
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_no_plan_found_says_so(dx: Callable[..., Run], tmp_path: Path) -> None:
    run = dx("targets", str(tmp_path), "--lang", "en")
    assert run.code == 0, run
    assert run.out.splitlines()[0] == "No plan found: no *.yaml or *.yml file with a 'dxcheck: plan/1' line."


def test_a_conflict_that_cannot_be_ordered_says_why_in_the_reader_s_language(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    up = write("a.yaml", _plan("a", "r", ">= 5"))
    down = write(
        "b.yaml", _plan("b", "r", "<= 5").replace("unit: percent", "unit: percent\n    direction: decrease")
    )
    document = json.loads(dx("targets", up, down, "--format", "json").out)
    (flag,) = document["flags"]
    assert (flag["kind"], flag["stricter"], flag["reason"]) == (
        "conflict",
        None,
        "one is to increase, the other to decrease",
    )
    table = dx("targets", up, down).out
    assert "không so sánh được a (≥ 5) với b (≤ 5): một chỉ tiêu cần tăng, chỉ tiêu kia cần giảm" in " ".join(
        table.split()
    )


def test_marks_are_coloured_only_on_request(dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in dx("targets", PLANS).out
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = dx("targets", PLANS).out
    assert "top 10 \x1b[1;31m!\x1b[0m" in coloured  # a conflict in bold red
    assert "≥ 70 \x1b[1;31m!\x1b[0m\x1b[33m↓\x1b[0m" in coloured  # and a weaker target in yellow


def test_a_long_id_wraps_at_its_dots_and_hyphens_in_a_narrow_terminal(
    dx: Callable[..., Run], write: Callable[[str, str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_id = "society.training-institutions-with-digital-management-of-schools.district"
    plan = write("p.yaml", _plan("p", "r", ">= 5").replace("id: x", f"id: {long_id}"))
    monkeypatch.setenv("COLUMNS", "60")  # the narrowest dxcheck draws
    lines = dx("targets", plan, "--lang", "en").out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Indicator")))
    assert lines[start + 2 : start + 4] == [
        "society.training-institutions-with-digital-       2025  >= 5",
        "management-of-schools.district",
    ]
    assert max(len(line) for line in lines[start : start + 4]) <= 60


def test_a_year_range_s_flags_are_listed_once_with_their_years(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    # «hàng năm» in both documents: one flag per year in JSON, one line for the range in the table
    province = write("p.yaml", _plan("p", "r", ">= 9.6").replace("2025:", "2021..2025:"))
    nation = write("n.yaml", _plan("n", "vietnam", ">= 7").replace("2025:", "2021..2025:"))
    assert [flag[2] for flag in _flags(dx("targets", province, nation, "--format", "json"))] == [
        2021,
        2022,
        2023,
        2024,
        2025,
    ]
    table = dx("targets", province, nation, "--lang", "en").out
    assert "  ↑ stronger · x 2021..2025: p (>= 9.6) is stronger than n (>= 7)\n" in table
    assert table.count("↑ stronger · x") == 1
    markdown = dx("targets", province, nation, "--format", "markdown", "--lang", "en").out
    assert "- ↑ **stronger** `x` 2021..2025: p (>= 9.6) is stronger than n (>= 7)\n" in markdown


# --- the Python API ---------------------------------------------------------------------------------


def test_the_api_gives_the_report_the_command_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    import dxcheck

    monkeypatch.chdir(ROOT)
    report = dxcheck.targets(PLANS, fail_on=["conflict"])
    assert isinstance(report, dxcheck.TargetsReport)
    assert report.summary()["conflict"] == 3
    assert report.exit_code == 1
    assert report.flags[0].kind is dxcheck.FlagKind.STRONGER
    assert [info.file for info in report.actuals] == [
        "tests/targets/actuals/actuals-2023.yaml",
        "tests/targets/actuals/actuals-2024.yaml",
    ]
    assert dxcheck.targets(PLANS, actuals=[]).summary()["achieved-when-issued"] == 0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda t: t(["plans"]), TypeError, "targets takes each folder or file as its own argument"),
        (lambda t: t("plans", actuals="actuals"), TypeError, "actuals is a list of folders or files"),
        (lambda t: t("plans", actuals=[1]), TypeError, "each actuals folder or file"),
        (
            lambda t: t("plans", fail_on="conflict"),
            TypeError,
            r"fail_on must be a collection of flag kinds such as \[FlagKind.CONFLICT\] or \['conflict'\], "
            r"not one string 'conflict' \(str\): write \['conflict'\]",
        ),
        (lambda t: t("plans", fail_on=[1]), TypeError, r"not 1 \(int\) among them"),
        (
            lambda t: t("plans", fail_on=["conflit"]),
            ValueError,
            "'conflit' is no flag kind .did you mean 'conflict'",
        ),
        (
            lambda t: t("plans", fail_on=["missed"]),
            ValueError,
            "'missed' is no flag kind: choose from conflict",
        ),
        (lambda t: t("plans", max_bytes="10"), TypeError, "max_bytes must be a whole number"),
    ],
)
def test_the_api_refuses_arguments_of_the_wrong_kind(
    call: Callable[[Callable[..., Any]], Any], error: type[Exception], message: str
) -> None:
    from dxcheck import targets

    with pytest.raises(error, match=message):
        call(targets)


def test_the_scripting_example_of_targets_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (ROOT / "docs" / "scripting.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```py\n(.*?)```", page.split("## Plans side by side", 1)[1], re.DOTALL)
    monkeypatch.chdir(ROOT)
    exec(compile(example, "docs/scripting.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert "thanhhoa gov.online-procedures-full 2025 stricter: thanhhoa-resolution-2030" in printed


def test_output_never_overwrites_an_input(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    plan = write("p.yaml", _plan("p", "r", ">= 5"))
    before = Path(plan).read_bytes()
    run = dx("targets", plan, "--output", plan)
    assert run.code == 2
    assert (
        run.err
        == f"{plan}:1:1: error: $: --output names a dxcheck input file; dxcheck never overwrites its inputs\n"
    )
    assert Path(plan).read_bytes() == before


def test_a_reference_of_the_same_region_is_also_a_conflict(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    yearly = write("y.yaml", _plan("yearly", "r", ">= 5", "measured_against: [resolution]\n"))
    resolution = write("res.yaml", _plan("resolution", "r", ">= 10"))
    assert _flags(dx("targets", yearly, resolution, "--format", "json")) == [
        ("conflict", "x", 2025, "yearly", "resolution", "resolution"),
        ("weaker", "x", 2025, "yearly", "resolution", "resolution"),
    ]


@pytest.mark.parametrize(
    ("actual", "bound", "vi", "en"),
    [
        (True, None, "có", "yes"),
        (False, None, "không", "no"),
        (Decimal("82.2"), ">=", "≥ 82,2", ">= 82.2"),
    ],
)
def test_a_figure_met_before_issue_is_written_as_every_human_format_writes_it(
    actual: Decimal | bool, bound: str | None, vi: str, en: str
) -> None:
    flag = Flag(
        FlagKind.ACHIEVED_WHEN_ISSUED, "x", "a.b", 2025, ("p",), ("done",), (None,),
        actual=actual, actual_bound=bound, actual_year=2023, issued=datetime.date(2024, 3, 1),
    )  # fmt: skip
    assert f"by {en} in 2023" in sentence(flag, "en")
    assert f" {vi} " in sentence(flag, "vi")
