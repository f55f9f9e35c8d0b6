"""Contract v1.1: ranges, approximate values as intervals, year ranges, part-year figures, `of`, exact p."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Run
from dxcheck.expressions import Measure, parse_measure, parse_target
from dxcheck.judge import classify, judge
from dxcheck.models import Actuals, Indicator
from dxcheck.observations import Observation
from dxcheck.results import Row, Status
from dxcheck.rules import check_actuals, check_plan_parts

D = Decimal


def indicator(targets: dict[Any, Any], unit: str = "percent", **fields: Any) -> Indicator:
    return Indicator.model_validate({"id": "x.a", "name": "A", "unit": unit, "targets": targets, **fields})


def obs(year: int, value: object, as_of: dt.date | None = None, of: int | None = None) -> Observation:
    raw = D(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return Observation(year, parse_measure(raw), as_of=as_of, of=of)


def row(ind: Indicator, series: list[Observation], year: int | None = None) -> Row:
    rows = [one for one in judge(ind, series) if year is None or one.target_year == year]
    assert len(rows) == 1
    return rows[0]


# --- SPEC's own examples ---------------------------------------------------------------------------


def test_approximate_value_is_an_interval_so_about_88_against_at_least_88_is_indeterminate() -> None:
    # ~88 is 83.6..92.4: some of it meets >= 88, some does not (v1 judged it met)
    one = row(indicator({2025: ">= 88"}), [obs(2025, "~88")])
    assert (one.status, one.actual, one.approximate, one.gap) == (Status.INDETERMINATE, D(88), True, D(0))
    assert one.actual_bound is None


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("~95 ±2", Status.MET),
        ("~86 ±1", Status.MISSED),
        ("~87 ±1", Status.INDETERMINATE),
        ("~88 ±0", Status.MET),
        ("~100", Status.MET),
    ],
)
def test_approximate_value_with_its_tolerance(value: str, status: Status) -> None:
    assert row(indicator({2025: ">= 88"}), [obs(2025, value)]).status is status


def test_rank_below_2_is_exactly_1_and_meets_top_1() -> None:
    one = row(indicator({2025: "top 1"}, unit="rank"), [obs(2025, "< 2")])
    assert (one.status, one.actual, one.actual_bound, one.gap) == (Status.MET, D(2), "<", D(-1))


def test_a_count_above_5_is_6_or_more() -> None:
    assert row(indicator({2025: ">= 6"}, unit="count"), [obs(2025, "> 5")]).status is Status.MET
    assert row(indicator({2025: ">= 6"}, unit="percent"), [obs(2025, "> 5")]).status is Status.INDETERMINATE


def test_baseline_met_and_latest_not_is_regressing() -> None:
    # SPEC: 2019 "< 50", 2022 35, target >= 40
    one = row(indicator({2025: ">= 40"}), [obs(2019, "< 50"), obs(2022, 35)])
    assert (one.status, one.progress, one.actual, one.gap) == (Status.REGRESSING, None, D(35), D(5))


def test_decrease_from_a_bound_that_met_the_target_is_regressing() -> None:
    ind = indicator({2025: "25.5"}, direction="decrease")
    one = row(ind, [obs(2020, "> 25"), obs(2023, D("69.37"))])
    assert one.target == "<= 25.5"
    assert one.status is Status.REGRESSING


def test_p_of_exactly_0_95_is_on_track() -> None:
    # linear rates (baseline 0): 19 of the 20 a year required
    ind = indicator({2030: ">= 200"}, unit="index", baseline={"year": 2020, "value": D(0)})
    one = row(ind, [obs(2021, 19)])
    assert (one.status, one.progress) == (Status.ON_TRACK, D("0.95"))
    assert str(one.progress) == "0.95"


@pytest.mark.parametrize(
    ("latest", "status"),
    [(D(50), Status.OFF_TRACK), (D(45), Status.REGRESSING), (D("50.5"), Status.ACHIEVED)],
)
def test_a_target_asking_no_change_is_decided_by_the_target(latest: Decimal, status: Status) -> None:
    # "> 50" from a baseline of 50: the required rate is 0, so p cannot decide; standing still is
    # off-track, moving away without meeting it regressing, whatever the direction
    ind = indicator({2025: "> 50"}, baseline={"year": 2020, "value": D(50)})
    one = row(ind, [obs(2023, latest)])
    assert (one.status, one.progress) == (status, None)


def test_no_change_target_kept_by_a_move_that_still_meets_it_is_achieved() -> None:
    ind = indicator({2025: ">= 50"}, baseline={"year": 2020, "value": D(50)})
    assert row(ind, [obs(2023, 60)]).status is Status.ACHIEVED
    assert row(ind, [obs(2023, 45)]).status is Status.REGRESSING


# --- range targets and values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status", "actual", "gap"),
    [
        (D(84), Status.MET, D(84), D(2)),  # the end of 81..86 nearest 84 is 86
        (D(90), Status.MISSED, D(90), D(-4)),  # nearest end 86
        (D(70), Status.MISSED, D(70), D(11)),
        (D("83.5"), Status.MET, D("83.5"), D("-2.5")),  # equally near both ends: the lower
        ("82..85", Status.MET, D(82), D(-1)),  # of two ranges, the nearest pair of ends: 81 and 82
        ("85..90", Status.INDETERMINATE, D(85), D(1)),
        ("87..90", Status.MISSED, D(87), D(-1)),
        ("~84 ±2", Status.MET, D(84), D(2)),
        (D(81), Status.MET, D(81), D(0)),
        ("> 85", Status.INDETERMINATE, D(85), D(1)),
    ],
)
def test_range_target(value: object, status: Status, actual: Decimal, gap: Decimal) -> None:
    one = row(indicator({2025: "81..86%"}), [obs(2025, value)])
    assert one.target == "81..86"
    assert (one.status, one.actual, one.gap) == (status, actual, gap)


def test_range_value_stands_at_its_end_nearest_the_target() -> None:
    one = row(indicator({2025: ">= 90"}), [obs(2025, "80..95")])
    assert (one.status, one.actual, one.gap, one.actual_bound, one.approximate) == (
        Status.INDETERMINATE,
        D(95),
        D(-5),
        None,
        False,
    )


def test_range_target_for_a_count_holds_whole_numbers() -> None:
    # «từ 03 đến 05»: 3..5 against "> 2" (3, 4, …) partly, against "2..6" wholly
    ind = indicator({2025: "3..5"}, unit="count")
    assert row(ind, [obs(2025, "> 2")]).status is Status.INDETERMINATE
    assert row(ind, [obs(2025, "~4 ±1.5")]).status is Status.MET  # 3, 4, 5
    assert row(ind, [obs(2025, "2.5..5.5")]).status is Status.MET


def test_range_target_before_its_year_uses_the_end_nearest_the_latest_figure() -> None:
    ind = indicator({2025: "81..86"}, baseline={"year": 2020, "value": D(50)})
    one = row(ind, [obs(2023, 60)])
    # stands at 81: p = ((60/50)^(1/3) - 1) / ((81/50)^(1/5) - 1)
    assert one.gap == D(21)
    assert (one.status, one.progress) == (Status.AT_RISK, D("0.6185854351216731371146837415"))


# --- year ranges -----------------------------------------------------------------------------------


def test_year_range_gives_one_row_per_year_with_the_same_target() -> None:
    ind = indicator({"2021..2023": ">= 90", 2025: ">= 95"})
    rows = judge(ind, [obs(2021, 91), obs(2022, 89)])
    assert [(one.target_year, one.target, one.status) for one in rows] == [
        (2021, ">= 90", Status.MET),
        (2022, ">= 90", Status.MISSED),
        (2023, ">= 90", Status.REGRESSING),  # 2021's 91 met it, 2022's 89 does not
        (2025, ">= 95", Status.REGRESSING),
    ]
    assert [spec.key for spec in ind.targets.values()] == ["2021..2023"] * 3 + ["2025"]


def test_a_year_given_twice_is_an_error_at_the_later_key() -> None:
    ind = indicator({"2021..2025": ">= 90", 2023: ">= 95", "2024..2026": ">= 99"})
    overlaps = [finding for finding in check_plan_parts(None, [(3, ind)]) if "also given" in finding[1]]
    assert overlaps == [
        (("indicators", 3, "targets", "2023"), "year 2023 is also given at indicators[3].targets.2021..2025"),
        (
            ("indicators", 3, "targets", "2024..2026"),
            "years 2024, 2025 are also given at indicators[3].targets.2021..2025",
        ),
    ]


def test_the_baseline_lies_before_every_year_of_a_range() -> None:
    ind = indicator({"2020..2025": ">= 90"}, baseline={"year": 2021, "value": D(10)})
    assert check_plan_parts(None, [(0, ind)]) == [
        (
            ("indicators", 0, "baseline", "year"),
            "the baseline year 2021 must lie before every target year (the earliest is 2020)",
        )
    ]


PLAN = """dxcheck: plan/1
id: p
region: r
title: P
indicators:
  - id: x.a
    name: A
    unit: percent
    targets:
      2021..2023: ">= 90"
      2023: ">= 95"
  - id: x.rank
    name: R
    unit: rank
    targets:
      2024..2025: top 5
"""


def test_year_range_overlap_through_the_cli(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    run = dx("validate", write("plan.yaml", PLAN))
    assert run.code == 2, run
    expected = "indicators[0].targets.2023: year 2023 is also given at indicators[0].targets.2021..2023"
    assert f"plan.yaml:11:13: error: {expected}\n" in run.err


def _compare(dx: Callable[..., Run], write: Callable[[str, str], str], plan: str, actuals: str) -> Any:
    run = dx("compare", write("plan.yaml", plan), write("actuals.yaml", actuals), "--format", "json")
    assert run.code in {0, 1}, run
    return json.loads(run.out)["rows"]


ACTUALS = """dxcheck: actuals/1
year: 2024
as_of: 2024-09-30
region: r
values:
  x.a: [{value: 96, year: 2023}, {value: 97, as_of: 2024-06-30}, 98]
  x.rank: {value: 4, of: 34}
"""


def test_part_year_figures_and_of_reach_the_json(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    rows = _compare(dx, write, PLAN.replace('      2023: ">= 95"\n', ""), ACTUALS)
    by_key = {(one["indicator"], one["target_year"]): one for one in rows}
    # the file's as_of falls in 2024: 98 describes 2024 up to 2024-09-30, later than 97's 2024-06-30
    assert by_key["x.rank", 2024]["actual_of"] == 34
    assert by_key["x.rank", 2024]["status"] == "met"
    assert by_key["x.a", 2023]["provisional"] is False  # a 2023 figure in a 2024 file covers 2023
    assert by_key["x.a", 2023]["actual_as_of"] is None


# --- part-year figures ------------------------------------------------------------------------------


def test_the_latest_date_is_used_and_a_whole_year_beats_any_part() -> None:
    ind = indicator({2024: ">= 90"})
    part = obs(2024, 80, as_of=dt.date(2024, 6, 30))
    later = obs(2024, 85, as_of=dt.date(2024, 9, 30))
    whole = obs(2024, 95)
    one = row(ind, [later, part])
    assert (one.actual, one.provisional, one.actual_as_of) == (D(85), True, dt.date(2024, 9, 30))
    one = row(ind, [part, whole, later])
    assert (one.actual, one.provisional, one.actual_as_of, one.status) == (D(95), False, None, Status.MET)


def _actuals(values: dict[str, Any], as_of: str | None = None) -> Actuals:
    data: dict[str, Any] = {"dxcheck": "actuals/1", "year": 2024, "region": "r", "values": values}
    if as_of is not None:
        data["as_of"] = as_of
    return Actuals.model_validate(data)


@pytest.mark.parametrize(
    ("figures", "file_as_of", "findings"),
    [
        ([{"value": D(1), "as_of": "2024-06-30"}, {"value": D(2), "as_of": "2024-09-30"}, D(3)], None, []),
        (
            [{"value": D(1), "as_of": "2024-06-30"}, {"value": D(2), "as_of": "2024-06-30"}],
            None,
            [
                (
                    ("values", "x.a", 1, "year"),
                    "a second figure for 2024 as of 2024-06-30: each date of an indicator has one figure",
                )
            ],
        ),
        # the file's as_of inside 2024 dates a figure without its own: the same date as the first
        (
            [{"value": D(1), "as_of": "2024-06-30"}, D(2)],
            "2024-06-30",
            [
                (
                    ("values", "x.a", 1, "year"),
                    "a second figure for 2024 as of 2024-06-30: each date of an indicator has one figure",
                )
            ],
        ),
        # ...and a file read in the next year dates nothing: two whole-year figures
        (
            [D(1), D(2)],
            "2025-01-15",
            [
                (
                    ("values", "x.a", 1, "year"),
                    "a second figure for 2024: each year of an indicator has one figure",
                )
            ],
        ),
        (
            [{"value": D(1), "as_of": "2025-01-15"}],
            None,
            [(("values", "x.a", 0, "as_of"), "as_of 2025-01-15 lies outside the figure's year 2024")],
        ),
    ],
)
def test_figures_of_one_year_at_different_dates(
    figures: list[Any], file_as_of: str | None, findings: list[Any]
) -> None:
    assert check_actuals(_actuals({"x.a": figures}, file_as_of)) == findings


# --- of, and intervals that hold nothing ------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "findings"),
    [
        ({"value": D(5), "of": 34, "unit": "rank"}, []),
        ({"value": "> 33", "of": 34, "unit": "rank"}, []),
        ({"value": D(35), "of": 34, "unit": "rank"}, [("of", "rank 35 cannot be among only 34 places")]),
        ({"value": "> 34", "of": 34, "unit": "rank"}, [("of", "rank 35 cannot be among only 34 places")]),
        (
            {"value": D(5), "of": 34, "unit": "percent"},
            [("of", "'of' is only for unit rank; this figure is in percent")],
        ),
        ({"value": "> 100", "unit": "percent"}, [("value", "no percent lies > 100")]),
        ({"value": "~5.5 ±0.1", "unit": "count"}, [("value", "no whole count lies in ~5.5 ±0.1")]),
        ({"value": "~5.5 ±1", "unit": "count"}, []),
        ({"value": "1.2..1.8", "unit": "rank"}, [("value", "no whole rank lies in 1.2..1.8")]),
        ({"value": "101..120", "unit": "percent"}, [("value", "no percent lies in 101..120")]),
    ],
)
def test_of_and_empty_intervals(figure: dict[str, Any], findings: list[tuple[str, str]]) -> None:
    expected = [(("values", "x.a", 0, field), message) for field, message in findings]
    assert check_actuals(_actuals({"x.a": figure})) == expected


def test_of_is_reported_on_the_row() -> None:
    one = row(indicator({2025: "top 5"}, unit="rank"), [obs(2025, 4, of=34)])
    assert (one.actual_of, one.status) == (34, Status.MET)


# --- properties: one interval judgement, checked by brute force; no float anywhere ------------------

_N = st.integers(min_value=-20, max_value=120).map(lambda n: D(n) / 2)
_TARGETS = st.one_of(
    st.builds(lambda op, n: f"{op} {n}", st.sampled_from([">=", ">", "<=", "<", "="]), _N),
    st.builds(lambda n: f"{n}", _N),
    st.builds(lambda n, t: f"~{n} ±{t}", _N, _N.map(abs)),
    st.builds(lambda a, w: f"{a}..{a + 1 + w}", _N, _N.map(abs)),
    st.integers(min_value=1, max_value=30).map(lambda n: f"top {n}"),
)
_VALUES = st.one_of(
    _N.map(str),
    st.builds(lambda op, n: f"{op} {n}", st.sampled_from([">=", ">", "<=", "<"]), _N),
    st.builds(lambda n, t: f"~{n} ±{t}", _N, _N.map(abs)),
    st.builds(lambda a, w: f"{a}..{a + 1 + w}", _N, _N.map(abs)),
)


def _meets(target: Any, v: Decimal, decrease: bool) -> bool:
    """The satisfying sets written out once more, as plain comparisons of one value."""
    kind = type(target).__name__
    if kind == "Comparison":
        return _compare_op(target, v, decrease)
    if kind == "Approximately":
        tolerance = _tolerance(target)
        return bool(v <= target.value + tolerance if decrease else v >= target.value - tolerance)
    if kind == "Top":
        return bool(v <= target.n)
    return bool(target.low <= v <= target.high)


def _tolerance(target: Any) -> Decimal:
    return D(target.tolerance) if target.tolerance is not None else abs(D(target.value)) * D("0.05")


def _compare_op(target: Any, v: Decimal, decrease: bool) -> bool:
    op = ("<=" if decrease else ">=") if target.bare else target.op.value
    n = target.value
    return bool({">=": v >= n, ">": v > n, "<=": v <= n, "<": v < n, "=": v == n}[op])


def _possible(measure: Measure, unit: str) -> list[Decimal]:
    """Values the figure allows, sampled on a fine grid (whole numbers only for count and rank)."""
    step = D(1) if unit in {"count", "rank"} else D("0.25")
    low, high = {"percent": (D(0), D(100)), "count": (D(0), D(200)), "rank": (D(1), D(200))}.get(
        unit, (D(-200), D(200))
    )
    value = measure.value
    assert isinstance(value, Decimal)
    points = [low + step * k for k in range(int((high - low) / step) + 1)]
    if unit not in {"count", "rank"}:
        points.extend(n for n in (value, measure.high) if n is not None and low <= n <= high)
    return [v for v in points if _holds(measure, v)]


def _holds(measure: Measure, v: Decimal) -> bool:
    value = measure.value
    assert isinstance(value, Decimal)
    if measure.high is not None:
        return value <= v <= measure.high
    if measure.approximate:
        t = measure.effective_tolerance
        return value - t <= v <= value + t
    op = measure.bound.value if measure.bound is not None else "="
    return {">=": v >= value, ">": v > value, "<=": v <= value, "<": v < value, "=": v == value}[op]


@settings(max_examples=300, deadline=None)
@given(target=_TARGETS, value=_VALUES, unit=st.sampled_from(["count", "rank"]), decrease=st.booleans())
def test_whole_number_judgement_agrees_with_every_whole_number(
    target: str, value: str, unit: str, decrease: bool
) -> None:
    parsed, measure = parse_target(target), parse_measure(value)
    possible = _possible(measure, unit)
    if not possible or (measure.is_exact and measure.value not in possible):
        return  # an input error: no whole value of the unit lies there
    meeting = [v for v in possible if _meets(parsed, v, decrease)]
    expected = (
        Status.MET
        if len(meeting) == len(possible)
        else Status.MISSED
        if not meeting
        else Status.INDETERMINATE
    )
    assert classify(parsed, measure, unit, decrease) is expected


@settings(max_examples=300, deadline=None)
@given(target=_TARGETS, value=_VALUES, decrease=st.booleans())
def test_percent_judgement_agrees_with_sampled_values(target: str, value: str, decrease: bool) -> None:
    parsed, measure = parse_target(target), parse_measure(value)
    possible = _possible(measure, "percent")
    if not possible:
        return
    meeting = [v for v in possible if _meets(parsed, v, decrease)]
    status = classify(parsed, measure, "percent", decrease)
    # a sample cannot prove "every value": it can only catch a wrong verdict
    if status is Status.MET:
        assert len(meeting) == len(possible)
    elif status is Status.MISSED:
        assert not meeting
    else:
        assert status is Status.INDETERMINATE


_PLAIN = (Decimal, int, bool, str, dt.date, type(None))


@settings(max_examples=200, deadline=None)
@given(
    target=_TARGETS,
    values=st.lists(st.tuples(st.integers(2019, 2026), _VALUES), min_size=0, max_size=4),
    baseline=st.none() | _N.map(abs),
)
def test_no_float_reaches_a_row(target: str, values: list[tuple[int, str]], baseline: Decimal | None) -> None:
    fields: dict[str, Any] = {}
    if baseline is not None:
        fields["baseline"] = {"year": 2018, "value": baseline}
    ind = indicator({2025: target}, unit="per-100-people", **fields)
    series = [obs(year, value) for year, value in dict(values).items()]
    for one in judge(ind, series):
        for key, item in one.as_dict().items():
            assert isinstance(item, _PLAIN), (key, item)
            assert not isinstance(item, float), (key, item)
        assert one.progress is None or isinstance(one.progress, Decimal)
        assert one.gap is None or isinstance(one.gap, Decimal)


def test_of_bounds_a_rank_known_only_from_below() -> None:
    # «hơn 30/34»: 31 to 34, all within the top 40; without `of` it could be any rank above 30
    ind = indicator({2025: "top 40"}, unit="rank")
    assert row(ind, [obs(2025, "> 30", of=34)]).status is Status.MET
    assert row(ind, [obs(2025, "> 30")]).status is Status.INDETERMINATE


@pytest.mark.parametrize(
    ("unit", "target", "message"),
    [
        ("percent", "90..110", "a percent lies in 0–100, not 110"),
        ("rank", "0..3", "a rank is a whole number ≥ 1, not 0"),
        ("count", "1.5..3", "a count is a whole number ≥ 0, not 1.5"),
        ("count", "1%..3%", "a % sign is only for unit percent; this indicator is in count"),
        ("boolean", "0..1", "a boolean indicator takes the target 'done'"),
    ],
)
def test_range_target_numbers_obey_the_unit(unit: str, target: str, message: str) -> None:
    ind = indicator({"2024..2025": target}, unit=unit)
    assert check_plan_parts(None, [(0, ind)]) == [
        (("indicators", 0, "targets", "2024..2025", "target"), message)
    ]
