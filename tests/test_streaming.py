"""A check's report streams: each plan is written as soon as it is judged and then let go, in every
format, so that a national repository's rows are never alive together. Counted, never timed."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from dxcheck import pipeline
from dxcheck.judge import judge_plan
from dxcheck.observations import Observations
from dxcheck.reporters import BINARY_FORMATS, REPORTERS, RenderOptions, render, render_bytes, render_pieces
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
        (tmp_path / "plans" / f"plan-{i}.yaml").write_text(
            "dxcheck: plan/1\n"
            f"id: plan-{i}\n"
            f"region: {regions[i % 2]}\n"
            f"title: Plan {i}\n"
            "indicators:\n"
            "  - id: gov.online\n"
            "    name: Procedures online\n"
            "    unit: percent\n"
            "    targets: {2024: '>= 80'}\n",
            encoding="utf-8",
        )
    values = "".join(f"  {region}:\n    values:\n      gov.online: 85\n" for region in regions)
    (tmp_path / "actuals" / "actuals-2024.yaml").write_text(
        f"dxcheck: actuals/1\nyear: 2024\nregions:\n{values}", encoding="utf-8"
    )
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
        judged.events.append("written" + (" plan-0" if "plan-0" in piece else ""))
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


@pytest.mark.parametrize("name", sorted(BINARY_FORMATS))
def test_a_workbook_of_a_streamed_check_is_the_collected_one(national: Path, name: str) -> None:
    # a zip is made whole: the stream is collected first, and the file is the same
    options = RenderOptions()
    streamed = render_bytes(name, pipeline.stream_check(national), options)
    assert streamed == render_bytes(name, pipeline.check(national), options)


def test_the_end_of_a_stream_is_not_known_before_its_results_are_read(national: Path) -> None:
    stream = pipeline.stream_check(national)
    with pytest.raises(RuntimeError, match="once every result is out"):
        _ = stream.ending
    assert sum(1 for _ in stream.results) == PLANS
    assert stream.ending.tally().plans == PLANS
    assert stream.ending.summary()["met"] == PLANS
