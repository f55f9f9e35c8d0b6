"""A check's report streams: each plan is written as soon as it is judged and then let go, in every
format, so that a national repository's rows are never alive together. Counted, never timed."""

from __future__ import annotations

import re
import subprocess
import sys
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from dxcheck import loading, pipeline
from dxcheck.judge import judge_plan
from dxcheck.observations import Observations
from dxcheck.reporters import (
    BINARY_FORMATS,
    REPORTERS,
    RenderOptions,
    html,
    render,
    render_bytes,
    render_pieces,
)
from dxcheck.results import Result

PLANS = 8
# the formats whose pieces follow the plans (html writes 64 KiB chunks, more than this test makes)
STREAMED = ("json", "table", "csv", "markdown")
TEXT_FORMATS = [name for name in REPORTERS if name not in BINARY_FORMATS]


@pytest.fixture
def national(tmp_path: Path) -> Path:
    """PLANS plans of two regions, one actuals file with a figure for each."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "actuals").mkdir()
    regions = ("alpha", "beta")
    for i in range(PLANS):
        _plan(tmp_path, f"plan-{i}", regions[i % 2])
    _actuals(tmp_path, "actuals-2024.yaml", dict.fromkeys(regions, "85"))
    return tmp_path


class _Judged:
    """Weak references to each plan's observations and result as judged, and the run's events in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.refs: list[weakref.ref[Result] | weakref.ref[Observations]] = []
        self.events: list[str] = []
        judge = judge_plan

        def judged(observations: Observations, *args: Any) -> Result:
            result = judge(observations, *args)
            self.events.append(f"judged {result.plan_id}")
            self.refs.extend([weakref.ref(result), weakref.ref(observations)])
            return result

        monkeypatch.setattr(pipeline, "judge_plan", judged)

    def alive(self) -> int:
        return sum(1 for ref in self.refs if ref() is not None)


def _write(judged: _Judged, pieces: Iterable[str]) -> list[int]:
    """Consume the pieces as the command line writes them; how many results were alive at each."""
    alive = []
    for piece in pieces:
        plans = re.findall(r"plan-\d+", piece)
        judged.events.append("written" + (f" {plans[0]}" if plans else ""))
        alive.append(judged.alive())
    return alive


@pytest.mark.parametrize("name", STREAMED)
def test_the_first_plan_is_written_before_the_last_is_judged(
    national: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    judged = _Judged(monkeypatch)
    _write(judged, render_pieces(name, pipeline.stream_check(national), RenderOptions()))
    first_written = judged.events.index("written plan-0")
    last_judged = judged.events.index(f"judged plan-{PLANS - 1}")
    assert first_written < last_judged
    assert len(judged.refs) == 2 * PLANS


def test_the_html_page_writes_each_plan_before_the_next_is_judged_and_lets_it_go(
    national: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the page is written in 64 KiB chunks, more than these plans make: a chunk a piece shows the order
    monkeypatch.setattr(html, "CHUNK", 1)
    judged = _Judged(monkeypatch)
    alive = _write(judged, render_pieces("html", pipeline.stream_check(national), RenderOptions()))
    assert len(judged.refs) == 2 * PLANS
    for plan in range(PLANS - 1):
        written = judged.events.index(f"written plan-{plan}")
        assert written < judged.events.index(f"judged plan-{plan + 1}")
    assert max(alive) <= 4  # the plan being written and the one before it at most
    assert judged.alive() == 0


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_the_results_of_written_plans_are_let_go(
    national: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    judged = _Judged(monkeypatch)
    alive = _write(judged, render_pieces(name, pipeline.stream_check(national), RenderOptions()))
    assert len(judged.refs) == 2 * PLANS
    # the plan being written and the one before it at most (observations and result): never all
    assert max(alive) <= 4
    assert judged.alive() == 0


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_a_streamed_report_reads_as_the_collected_one(national: Path, name: str) -> None:
    (national / "actuals" / "broken.yaml").write_text("dxcheck: actuals/1\nyear: [\n", encoding="utf-8")
    options = RenderOptions()
    collected = pipeline.check(national)
    assert len(collected.results) == PLANS
    assert collected.problems
    assert render(name, pipeline.stream_check(national), options) == render(name, collected, options)


def test_the_end_of_a_stream_is_not_known_before_its_results_are_read(national: Path) -> None:
    stream = pipeline.stream_check(national)
    with pytest.raises(RuntimeError, match="once every result is out"):
        _ = stream.ending
    assert sum(1 for _ in stream.results) == PLANS
    assert stream.ending.tally().plans == PLANS
    assert stream.ending.summary()["met"] == PLANS


# --- a repository of independent groups of regions ----------------------------------------------
# alpha and beta share an actuals file (one group); gamma and delta each have their own (two more).
# The plans' file order interleaves the groups; results come group by group, each in file order.
GROUPS = {"a-alpha": "alpha", "b-gamma": "gamma", "c-beta": "beta", "d-delta": "delta", "e-alpha": "alpha"}
GROUP_ORDER = ["a-alpha", "c-beta", "e-alpha", "b-gamma", "d-delta"]


def _plan(folder: Path, plan_id: str, region: str, region_line: str | None = None) -> None:
    (folder / "plans" / f"{plan_id}.yaml").write_text(
        "dxcheck: plan/1\n"
        f"id: {plan_id}\n"
        f"{region_line or f'region: {region}'}\n"
        f"title: Plan {plan_id}\n"
        "indicators:\n"
        "  - id: gov.online\n"
        "    name: Procedures online\n"
        "    unit: percent\n"
        "    targets: {2024: '>= 80'}\n",
        encoding="utf-8",
    )


def _actuals(folder: Path, name: str, figures: dict[str, str]) -> None:
    values = "".join(
        f"  {region}:\n    values:\n      gov.online: {value}\n" for region, value in figures.items()
    )
    (folder / "actuals" / name).write_text(
        f"dxcheck: actuals/1\nyear: 2024\nregions:\n{values}", encoding="utf-8"
    )


@pytest.fixture
def groups(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "actuals").mkdir()
    for plan_id, region in GROUPS.items():
        _plan(tmp_path, plan_id, region)
    _actuals(tmp_path, "1-alpha-beta.yaml", {"alpha": "85", "beta": "70"})
    _actuals(tmp_path, "2-gamma.yaml", {"gamma": "90"})
    _actuals(tmp_path, "3-delta.yaml", {"delta": "60"})
    return tmp_path


def _statuses(report: Any) -> list[tuple[str, str]]:
    return [(result.plan_id, result.rows[0].status.value) for result in report.results]


def test_results_come_group_by_group_each_judged_on_its_own_figures(groups: Path) -> None:
    report = pipeline.check(groups)
    assert _statuses(report) == [
        ("a-alpha", "met"),
        ("c-beta", "missed"),
        ("e-alpha", "met"),
        ("b-gamma", "met"),
        ("d-delta", "missed"),
    ]
    assert not report.problems


def test_a_file_whose_regions_are_not_plain_links_every_group_and_is_still_read(groups: Path) -> None:
    # a tag of no type ("!") is valid YAML and a valid region, but the first pass does not judge tags:
    # the whole repository is then one group, in file order, and the tagged plan is judged as usual
    _plan(groups, "b-gamma", "gamma", region_line="region: ! gamma")
    report = pipeline.check(groups)
    assert [plan_id for plan_id, _ in _statuses(report)] == list(GROUPS)
    assert ("b-gamma", "met") in _statuses(report)


def test_an_invalid_actuals_file_of_a_group_is_reported_at_its_place(groups: Path) -> None:
    _actuals(groups, "2-gamma.yaml", {"gamma": "'> 120'"})
    report = pipeline.check(groups)
    assert [plan_id for plan_id, _ in _statuses(report)] == [p for p in GROUP_ORDER if p != "b-gamma"]
    [problem] = report.problems
    assert (Path(problem.file).name, problem.line, problem.column, problem.location, problem.message) == (
        "2-gamma.yaml",
        6,
        19,
        "regions.gamma.values.gov.online",
        "no percent lies > 120 (the plan's unit for 'gov.online' is percent)",
    )


@pytest.mark.parametrize("name", STREAMED)
def test_a_group_is_written_and_let_go_before_the_last_group_is_read(
    groups: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    judged = _Judged(monkeypatch)
    models: dict[str, weakref.ref[Any]] = {}
    alive_at: dict[str, set[str]] = {}  # when each file is loaded: the files whose data is still alive
    load = loading.load_file

    def loaded(file: str, **kwargs: Any) -> Any:
        stem = Path(file).stem
        judged.events.append(f"read {stem}")
        alive_at[stem] = {other for other, ref in models.items() if ref() is not None}
        found = load(file, **kwargs)
        assert not isinstance(found, list), found
        models[stem] = weakref.ref(found.plan if isinstance(found, loading.PlanFile) else found.actuals)
        return found

    monkeypatch.setattr(pipeline, "load_file", loaded)
    _write(judged, render_pieces(name, pipeline.stream_check(groups), RenderOptions()))
    reads = [event.removeprefix("read ") for event in judged.events if event.startswith("read ")]
    assert reads == [
        "a-alpha",
        "c-beta",
        "e-alpha",
        "1-alpha-beta",
        "b-gamma",
        "2-gamma",
        "d-delta",
        "3-delta",
    ]
    first_written = judged.events.index("written", judged.events.index("judged a-alpha"))
    assert first_written < judged.events.index("read d-delta")
    # a plan's validated model goes once its observations keep what judging reads (the last loaded at most)
    assert alive_at["e-alpha"] <= {"c-beta"}
    # the first group is gone; of the second, at most the plan whose result is being written
    assert alive_at["d-delta"] <= {"b-gamma"}
    assert not any(ref() is not None for ref in models.values())


def test_the_workbook_writes_each_plan_as_it_is_judged_and_lets_it_go(
    national: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dxcheck.reporters import xlsx

    judged = _Judged(monkeypatch)
    alive: list[int] = []
    write_row = xlsx._Book._row

    def row(book: Any, sheet: Any, line: int, result: Result, target: Any) -> None:
        judged.events.append(f"written {result.plan_id}")
        alive.append(judged.alive())
        write_row(book, sheet, line, result, target)

    monkeypatch.setattr(xlsx._Book, "_row", row)
    streamed = render_bytes("xlsx", pipeline.stream_check(national), RenderOptions())
    assert judged.events.index("written plan-0") < judged.events.index(f"judged plan-{PLANS - 1}")
    assert len(judged.refs) == 2 * PLANS
    assert max(alive) <= 4  # the plan being written and the one before it at most
    assert judged.alive() == 0
    assert streamed == render_bytes("xlsx", pipeline.check(national), RenderOptions())


@pytest.mark.parametrize(("name", "library"), [("xlsx", "xlsxwriter"), ("html", "jinja2")])
def test_a_format_s_library_is_loaded_only_once_the_first_plan_is_judged(
    national: Path, name: str, library: str
) -> None:
    # a check's peak of memory is the reading of its first group: the library must not add to it
    script = (
        "import sys\n"
        "from dxcheck import pipeline\n"
        "from dxcheck.reporters import RenderOptions, render_bytes, render\n"
        "judge, seen = pipeline.judge_plan, []\n"
        "def judged(*args):\n"
        f"    seen.append({library!r} in sys.modules)\n"
        "    return judge(*args)\n"
        "pipeline.judge_plan = judged\n"
        f"report = pipeline.stream_check(sys.argv[1])\n"
        f"done = render_bytes('xlsx', report, RenderOptions()) if {name!r} == 'xlsx' "
        "else render('html', report, RenderOptions())\n"
        f"print(seen, {library!r} in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(national)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"[False, {', '.join(['True'] * (PLANS - 1))}] True\n"
