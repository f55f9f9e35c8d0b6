"""Judging one indicator's targets against its observations: every row of the SPEC §3 status table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxcheck.expressions import Measure, parse_measure, parse_target
from dxcheck.judge import classify, forecast, judge, judge_target, observed, satisfying
from dxcheck.models import Indicator
from dxcheck.observations import Observation
from dxcheck.results import Outcome, Row, Status

D = Decimal


def indicator(
    targets: dict[int, Any],
    unit: str = "percent",
    baseline: tuple[int, int | str] | None = None,
    **fields: Any,
) -> Indicator:
    """An indicator as a plan would give it; `baseline=(2020, 50)`."""
    data: dict[str, Any] = {"id": "x.test", "name": "Thử", "unit": unit, "targets": targets, **fields}
    if baseline is not None:
        data["baseline"] = {"year": baseline[0], "value": D(baseline[1])}
    return Indicator.model_validate(data)


def obs(year: int, value: int | bool | str) -> Observation:
    """An observation as read from YAML: whole numbers arrive as Decimal, booleans as bool."""
    if isinstance(value, bool | str):
        return Observation(year, parse_measure(value))
    return Observation(year, parse_measure(D(value)))


def one_row(ind: Indicator, series: list[Observation]) -> Row:
    rows = judge(ind, series)
    assert len(rows) == 1
    return rows[0]


# --- the SPEC §3 table, one case per row --------------------------------------------------------

GE90 = {2025: ">= 90"}


@pytest.mark.parametrize(
    ("baseline", "series", "status", "outcome", "actual", "actual_year", "progress"),
    [
        pytest.param(None, [obs(2025, 92)], Status.MET, Outcome.PASS, D(92), 2025, None, id="met"),
        pytest.param(None, [obs(2025, 85)], Status.MISSED, Outcome.FAIL, D(85), 2025, None, id="missed"),
        pytest.param(
            None, [obs(2025, "> 85")], Status.INDETERMINATE, Outcome.WARN, D(85), 2025, None, id="indet"
        ),
        pytest.param(None, [obs(2023, 95)], Status.ACHIEVED, Outcome.PASS, D(95), 2023, None, id="achieved"),
        pytest.param(
            (2020, 50),
            [obs(2023, 80)],
            Status.ON_TRACK,
            Outcome.PASS,
            D(80),
            2023,
            D("1.359618275977478816826218829"),
            id="on-track",
        ),
        pytest.param(None, [obs(2023, 80)], Status.PENDING, Outcome.WARN, D(80), 2023, None, id="pending"),
        pytest.param(None, [], Status.NO_DATA, Outcome.WARN, None, None, None, id="no-data-none"),
        pytest.param(
            None, [obs(2026, 95)], Status.NO_DATA, Outcome.WARN, None, None, None, id="no-data-later"
        ),
    ],
)
def test_status_table_for_a_percent_target(
    baseline: tuple[int, int] | None,
    series: list[Observation],
    status: Status,
    outcome: Outcome,
    actual: Decimal | None,
    actual_year: int | None,
    progress: Decimal | None,
) -> None:
    row = one_row(indicator(GE90, baseline=baseline), series)
    assert row.status is status
    assert row.outcome is outcome
    assert row.actual == actual
    assert row.actual_year == actual_year
    assert row.progress == progress


# Baseline 100 in 2021, target >= 144 in 2023: the required compound rate is exactly 20 % a year.
@pytest.mark.parametrize(
    ("latest", "status", "outcome", "progress"),
    [
        (120, Status.ON_TRACK, Outcome.PASS, 1.0),
        (113, Status.AT_RISK, Outcome.WARN, 0.65),
        (110, Status.OFF_TRACK, Outcome.WARN, 0.5),
        (90, Status.REGRESSING, Outcome.WARN, -0.5),
    ],
)
def test_progress_ratio_sets_the_status_before_the_target_year(
    latest: int, status: Status, outcome: Outcome, progress: float
) -> None:
    row = one_row(
        indicator({2023: ">= 144"}, unit="per-100-people", baseline=(2021, 100)), [obs(2022, latest)]
    )
    assert row.status is status
    assert row.outcome is outcome
    assert row.progress == D(str(progress))  # exact: the rates are compared in decimal
    assert row.actual == D(latest)
    assert row.actual_year == 2022
    assert row.gap == D(144) - D(latest)


def test_no_data_row_carries_no_actual_and_no_gap() -> None:
    row = one_row(indicator(GE90), [])
    assert (row.actual, row.actual_year, row.actual_bound, row.approximate, row.gap, row.progress) == (
        None,
        None,
        None,
        False,
        None,
        None,
    )


# --- targets equal to the baseline -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "latest", "status"),
    [
        (">= 90", 85, Status.REGRESSING),  # reached at the baseline, lost since
        (">= 90", 90, Status.ACHIEVED),
        (">= 90", 91, Status.ACHIEVED),
        ("> 90", 85, Status.REGRESSING),  # required rate 0, moving away
        ("> 90", 90, Status.OFF_TRACK),  # required rate 0, not moving
    ],
)
def test_target_equal_to_the_baseline(target: str, latest: int, status: Status) -> None:
    row = one_row(indicator({2025: target}, baseline=(2020, 90)), [obs(2023, latest)])
    assert row.status is status
    assert row.progress is None


@pytest.mark.parametrize(("latest", "status"), [(60, Status.REGRESSING), (50, Status.OFF_TRACK)])
def test_decrease_target_equal_to_the_baseline(latest: int, status: Status) -> None:
    ind = indicator({2025: "< 50"}, unit="count", baseline=(2020, 50), direction="decrease")
    row = one_row(ind, [obs(2023, latest)])
    assert row.status is status
    assert row.progress is None


# --- a decrease indicator ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "status", "progress"),
    [
        (80, Status.ON_TRACK, 1.0),  # -20 % a year, as required
        (90, Status.OFF_TRACK, 0.5),  # -10 % a year of the -20 % required
        (110, Status.REGRESSING, -0.5),  # +10 % a year: the wrong way
    ],
)
def test_decrease_indicator_both_rates_negative(latest: int, status: Status, progress: float) -> None:
    ind = indicator({2023: 64}, unit="count", baseline=(2021, 100), direction="decrease")
    row = one_row(ind, [obs(2022, latest)])
    assert row.target == "<= 64"
    assert row.status is status
    assert row.progress == D(str(progress))
    assert row.gap == D(64) - D(latest)


@pytest.mark.parametrize(("actual", "status"), [(64, Status.MET), (50, Status.MET), (65, Status.MISSED)])
def test_decrease_indicator_bare_target_is_at_most(actual: int, status: Status) -> None:
    ind = indicator({2023: 64}, unit="count", direction="decrease")
    assert one_row(ind, [obs(2023, actual)]).status is status


# --- rank ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "status", "gap"),
    [(8, Status.MET, D(2)), (10, Status.MET, D(0)), (12, Status.MISSED, D(-2))],
)
def test_rank_top_n_on_the_target_year(rank: int, status: Status, gap: Decimal) -> None:
    row = one_row(indicator({2025: "top 10"}, unit="rank"), [obs(2025, rank)])
    assert row.target == "top 10"
    assert row.status is status
    assert row.gap == gap


def test_rank_top_n_progress_runs_downwards() -> None:
    # rank 40 → 20 in two years is -29.3 % a year; top 10 by 2025 needs the same rate
    row = one_row(indicator({2025: "top 10"}, unit="rank", baseline=(2021, 40)), [obs(2023, 20)])
    assert row.status is Status.ON_TRACK
    assert row.progress == 1


def test_rank_already_in_the_top_n_before_the_target_year() -> None:
    row = one_row(indicator({2025: "top 10"}, unit="rank", baseline=(2021, 40)), [obs(2023, 9)])
    assert row.status is Status.ACHIEVED


# --- boolean milestones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "status", "actual", "actual_year"),
    [
        ([obs(2025, True)], Status.MET, True, 2025),
        ([obs(2025, False)], Status.MISSED, False, 2025),
        ([obs(2023, True)], Status.ACHIEVED, True, 2023),
        ([obs(2023, False)], Status.PENDING, False, 2023),
        ([obs(2022, False), obs(2023, False)], Status.PENDING, False, 2023),
        ([obs(2022, True), obs(2025, False)], Status.MISSED, False, 2025),
        ([], Status.NO_DATA, None, None),
    ],
)
def test_boolean_milestone(
    series: list[Observation], status: Status, actual: bool | None, actual_year: int | None
) -> None:
    row = one_row(indicator({2025: "done"}, unit="boolean"), series)
    assert row.target == "done"
    assert row.status is status
    assert row.actual is actual
    assert row.actual_year == actual_year
    assert row.gap is None
    assert row.progress is None


# --- bound actuals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "unit", "status"),
    [
        ("> 99.5", ">= 99", "percent", Status.MET),
        ("> 98", ">= 100", "percent", Status.INDETERMINATE),  # only 100 itself would meet it
        ("> 99", ">= 100", "count", Status.MET),  # a count holds whole numbers: > 99 is 100, 101, …
        ("> 99", ">= 99", "percent", Status.MET),
        (">= 99", ">= 99", "percent", Status.MET),
        (">= 99", "> 99", "percent", Status.INDETERMINATE),
        ("> 99", "> 99.5", "percent", Status.INDETERMINATE),
        ("< 99", ">= 99", "percent", Status.MISSED),
        ("<= 99", ">= 99", "percent", Status.INDETERMINATE),
        ("< 98", ">= 100", "percent", Status.MISSED),
        ("< 5", "<= 5", "percent", Status.MET),
        ("< 5", "< 3", "percent", Status.INDETERMINATE),
        # clipping to 0–100 decides these: a percent cannot exceed 100 or fall below 0
        ("> 98", "<= 100", "percent", Status.MET),
        ("> 98", "<= 100", "per-100-people", Status.INDETERMINATE),
        ("< 3", ">= 0", "percent", Status.MET),
        ("< 3", ">= 0", "per-100-people", Status.INDETERMINATE),
        ("<= 0", "<= 0", "percent", Status.MET),
        (">= 100", "= 100", "percent", Status.MET),
        (">= 100", "= 100", "count", Status.INDETERMINATE),
    ],
)
def test_bound_actual_on_the_target_year(actual: str, target: str, unit: str, status: Status) -> None:
    row = one_row(indicator({2025: target}, unit=unit), [obs(2025, actual)])
    assert row.status is status
    assert row.actual_bound == actual.split(maxsplit=1)[0]


def test_bound_actual_before_the_target_year_is_judged_at_its_bound() -> None:
    row = one_row(indicator(GE90, baseline=(2020, 50)), [obs(2023, "> 80")])
    assert row.status is Status.ON_TRACK
    assert row.progress == D("1.359618275977478816826218829")
    assert row.actual == D(80)
    assert row.actual_bound == ">"
    assert row.gap == D(10)


def test_bound_actual_partly_meeting_the_target_early_is_forecast() -> None:
    row = one_row(indicator(GE90, baseline=(2020, 50)), [obs(2023, "> 85")])
    assert row.status is Status.ON_TRACK
    assert row.progress == D("1.551015795634014545634561712")


def test_bound_actual_wholly_meeting_the_target_early_is_achieved() -> None:
    row = one_row(indicator(GE90, baseline=(2020, 50)), [obs(2023, ">= 95")])
    assert row.status is Status.ACHIEVED
    assert row.progress is None


def test_approximate_actual_is_judged_as_its_interval_and_reported_at_its_number() -> None:
    # ~2700000 is 2565000..2835000: only part of it meets >= 2700000 (v1 judged it met)
    row = one_row(indicator({2025: ">= 2700000"}, unit="count"), [obs(2025, "~2700000")])
    assert row.status is Status.INDETERMINATE
    assert row.approximate is True
    assert row.actual == D(2700000)
    assert row.actual_bound is None
    assert row.gap == D(0)


# --- approximate and exact targets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "direction", "actual", "status"),
    [
        ("~100", "increase", "95", Status.MET),  # 5 % of 100 below
        ("~100", "increase", "94.99", Status.MISSED),
        ("~100", "increase", "150", Status.MET),  # beyond it in the direction
        ("~100", "decrease", "105", Status.MET),
        ("~100", "decrease", "105.01", Status.MISSED),
        ("~100", "decrease", "50", Status.MET),
        ("~35 ±2", "increase", "33", Status.MET),
        ("~35 ±2", "increase", "32.99", Status.MISSED),
        ("~35 ±2", "decrease", "37", Status.MET),
        ("~35 ±2", "decrease", "37.01", Status.MISSED),
        ("~35 ±0", "increase", "34.99", Status.MISSED),
        ("~-40", "increase", "-42", Status.MET),  # the tolerance is 5 % of |N|
        ("~-40", "increase", "-42.01", Status.MISSED),
    ],
)
def test_approximate_target(target: str, direction: str, actual: str, status: Status) -> None:
    ind = indicator({2025: target}, unit="per-100-people", direction=direction)
    assert one_row(ind, [obs(2025, actual)]).status is status


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("5", Status.MET),
        ("4", Status.MISSED),
        ("6", Status.MISSED),
        ("~5", Status.MET),
        ("> 4", Status.INDETERMINATE),
        (">= 5", Status.INDETERMINATE),
        ("> 5", Status.MISSED),
        ("< 5", Status.MISSED),
    ],
)
def test_equal_target(actual: str, status: Status) -> None:
    row = one_row(indicator({2025: "= 5"}, unit="count"), [obs(2025, actual)])
    assert row.target == "= 5"
    assert row.status is status


# --- where the baseline comes from --------------------------------------------------------------------


def test_baseline_from_the_earliest_observation() -> None:
    row = one_row(indicator({2023: ">= 144"}, unit="count"), [obs(2022, 120), obs(2021, 100)])
    assert row.status is Status.ON_TRACK
    assert row.progress == 1
    assert row.actual_year == 2022


def test_plan_baseline_wins_over_the_earliest_observation() -> None:
    # from the plan's 100 in 2020: (1.2^(1/2) - 1) / (1.44^(1/3) - 1)
    ind = indicator({2023: ">= 144"}, unit="count", baseline=(2020, 100))
    row = one_row(ind, [obs(2021, 50), obs(2022, 120)])
    assert row.status is Status.AT_RISK
    assert row.progress == D("0.7384921559992063759911389291")


@pytest.mark.parametrize("baseline_year", [2022, 2023])
def test_plan_baseline_not_before_the_latest_observation_gives_way(baseline_year: int) -> None:
    ind = indicator({2024: ">= 144"}, unit="count", baseline=(baseline_year, 10))
    row = one_row(ind, [obs(2021, 100), obs(2022, 120)])
    # from the 2021 observation: (1.2 - 1) / (1.44^(1/3) - 1)
    assert row.status is Status.ON_TRACK
    assert row.progress == D("1.547469780761985212977433609")


def test_plan_baseline_not_before_the_only_observation_leaves_it_pending() -> None:
    ind = indicator({2025: ">= 144"}, unit="count", baseline=(2022, 10))
    row = one_row(ind, [obs(2022, 120)])
    assert row.status is Status.PENDING
    assert row.progress is None


# --- observations after the target year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "status", "actual_year"),
    [
        ([obs(2024, 95)], Status.NO_DATA, None),
        ([obs(2022, 95), obs(2024, 95)], Status.NO_DATA, None),
        ([obs(2023, 85), obs(2024, 95)], Status.MISSED, 2023),
        ([obs(2024, 85), obs(2023, 95)], Status.MET, 2023),
    ],
)
def test_observations_after_the_target_year(
    series: list[Observation], status: Status, actual_year: int | None
) -> None:
    row = one_row(indicator({2023: ">= 90"}), series)
    assert row.status is status
    assert row.actual_year == actual_year


# --- the gap ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "unit", "series", "gap"),
    [
        (">= 100", "percent", [obs(2025, "99.66")], D("0.34")),
        (">= 100", "percent", [obs(2024, "99.66")], D("0.34")),  # pending: against the latest
        (">= 90", "percent", [obs(2025, "92.5")], D("-2.5")),
        (">= 90", "percent", [obs(2025, "> 98")], D(-8)),
        ("~35 ±2", "per-100-people", [obs(2025, "34")], D(1)),
        ("top 10", "rank", [obs(2025, 12)], D(-2)),
        ("done", "boolean", [obs(2025, True)], None),
        (">= 90", "percent", [], None),
    ],
)
def test_gap_is_target_minus_actual_exactly(
    target: str, unit: str, series: list[Observation], gap: Decimal | None
) -> None:
    row = one_row(indicator({2025: target}, unit=unit), series)
    assert row.gap == gap
    if gap is not None:
        assert str(row.gap) == str(gap)


# --- rows: filtering, order, carried fields ---------------------------------------------------------


TARGETS = {2025: ">= 90", 2021: ">= 50", 2023: ">= 70"}


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (None, [2021, 2023, 2025]),
        (frozenset({2025}), [2025]),
        (frozenset({2021, 2025, 2030}), [2021, 2025]),
        (frozenset({2030}), []),
        (frozenset(), []),
    ],
)
def test_years_filter_and_order_by_target_year(years: frozenset[int] | None, expected: list[int]) -> None:
    rows = judge(indicator(TARGETS), [obs(2021, 60)], years)
    assert [row.target_year for row in rows] == expected


def test_each_target_year_is_judged_on_its_own() -> None:
    rows = judge(indicator(TARGETS, baseline=(2019, 30)), [obs(2023, 65), obs(2021, 60)])
    assert [(row.target_year, row.status, row.actual_year) for row in rows] == [
        (2021, Status.MET, 2021),
        (2023, Status.MISSED, 2023),
        (2025, Status.ON_TRACK, 2023),
    ]


def test_row_carries_the_plan_fields() -> None:
    ind = indicator(
        {
            2025: {"target": "90%", "quote": "đạt 90%", "source": "kh-2025", "note": "n"},
            2026: ">= 95",
        },
        pillar="digital-government",
        source="default-src",
        name={"vi": "Thử", "en": "Test"},
    )
    first, second = judge(ind, [obs(2025, 91)])
    assert (first.indicator, first.pillar, first.unit, first.target) == (
        "x.test",
        "digital-government",
        "percent",
        ">= 90",
    )
    assert first.name.pick("en") == "Test"
    assert (first.quote, first.source) == ("đạt 90%", "kh-2025")
    assert (second.quote, second.source) == (None, "default-src")


def test_row_without_pillar() -> None:
    assert one_row(indicator(GE90), []).pillar is None


# --- the pieces: classify and forecast ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "measure", "status"),
    [
        ("done", Measure(True), Status.MET),
        ("done", Measure(False), Status.MISSED),
        ("done", Measure(D(1)), Status.MISSED),
        (">= 1", Measure(True), Status.MISSED),
        (">= 90", Measure(D(90)), Status.MET),
        (">= 90", Measure(D("89.99")), Status.MISSED),
        ("> 90", Measure(D(90)), Status.MISSED),
        ("< 5", Measure(D(5)), Status.MISSED),
        ("<= 5", Measure(D(5)), Status.MET),
    ],
)
def test_classify(target: str, measure: Measure, status: Status) -> None:
    assert classify(parse_target(target), measure, "percent", decrease=False) is status


_NUMBERS = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
_TARGETS = st.one_of(
    st.builds(
        lambda op, n, bare: f"{'' if bare else op} {n}",
        st.sampled_from([">=", ">", "<=", "<", "="]),
        _NUMBERS,
        st.booleans(),
    ),
    st.builds(
        lambda n, t: f"~{n}" + (f" ±{t}" if t is not None else ""), _NUMBERS, st.none() | _NUMBERS.map(abs)
    ),
    st.integers(min_value=1, max_value=100).map(lambda n: f"top {n}"),
)


@settings(max_examples=400, deadline=None)
@given(target=_TARGETS, value=_NUMBERS, decrease=st.booleans())
def test_an_exact_value_is_judged_as_the_point_interval_it_is(
    target: str, value: Decimal, decrease: bool
) -> None:
    # classify takes a shortcut for exact values; it must agree with the interval reasoning bounds use
    parsed = parse_target(target)
    inside = observed(Measure(value), "vnd").within(satisfying(parsed, decrease))
    assert classify(parsed, Measure(value), "vnd", decrease) is (Status.MET if inside else Status.MISSED)


def test_forecast_returns_the_status_and_the_ratio() -> None:
    ind = indicator({2023: ">= 144"}, unit="count", baseline=(2021, 100))
    status, p = forecast(ind, parse_target(">= 144"), 2023, [obs(2022, 113)])
    assert status is Status.AT_RISK
    assert p == D("0.65")


def test_judge_target_takes_one_target_spec() -> None:
    ind = indicator({2025: ">= 100"})
    row = judge_target(ind, 2025, ind.targets[2025], [obs(2025, "99.66")])
    assert row.status is Status.MISSED
    assert row.gap == D("0.34")
    assert row.as_dict()["gap"] == D("0.34")


@pytest.mark.parametrize(
    ("target", "actual", "gap"),
    [
        (">= 11111111111111111111111111111", "5", D("11111111111111111111111111106")),
        (">= 1e30", "0.000001", D("999999999999999999999999999999.999999")),
    ],
)
def test_gap_stays_exact_for_the_largest_numbers_allowed(target: str, actual: str, gap: Decimal) -> None:
    row = one_row(indicator({2025: target}, unit="vnd"), [obs(2025, actual)])
    assert row.gap == gap
    assert row.status is Status.MISSED
