"""The progress ratio of SPEC §3: observed over required annual rate, and where its thresholds fall."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxcheck import progress
from dxcheck.expressions import parse_measure
from dxcheck.judge import judge
from dxcheck.models import Indicator
from dxcheck.observations import Observation
from dxcheck.progress import Point, rates, ratio
from dxcheck.results import Status

D = Decimal


def P(year: int, value: str) -> Point:
    return Point(year, D(value))


@pytest.mark.parametrize(
    ("base", "latest", "target", "observed", "required"),
    [
        # (121/100)^(1/2) - 1 = 0.1 and (133.1/100)^(1/3) - 1 = 0.1
        (P(2020, "100"), P(2022, "121"), P(2023, "133.1"), 0.1, 0.1),
        # 2^(1/4) - 1 = 0.189207115002721; 1.5^(1/5) - 1 = 0.0844717711976985
        (P(2020, "1"), P(2024, "2"), P(2025, "1.5"), 0.189207115002721, 0.0844717711976985),
        # a decrease: (81/100)^(1/2) - 1 = -0.1 and (64/100)^(1/2) - 1 = -0.2
        (P(2020, "100"), P(2022, "81"), P(2022, "64"), -0.1, -0.2),
        # no movement observed
        (P(2020, "50"), P(2023, "50"), P(2025, "100"), 0.0, 0.148698354997035),
    ],
)
def test_compound_rates(base: Point, latest: Point, target: Point, observed: float, required: float) -> None:
    got_observed, got_required = rates(base, latest, target)
    assert isinstance(got_observed, Decimal) and isinstance(got_required, Decimal)
    assert abs(got_observed - D(str(observed))) < D("1e-14")
    assert abs(got_required - D(str(required))) < D("1e-14")


@pytest.mark.parametrize(
    ("base", "latest", "target", "observed", "required"),
    [
        # a zero baseline: (30 - 0) / 3 = 10 and (100 - 0) / 5 = 20
        (P(2020, "0"), P(2023, "30"), P(2025, "100"), 10.0, 20.0),
        # a zero latest value: (0 - 10) / 2 = -5; the target would be compound, but one value is ≤ 0
        (P(2020, "10"), P(2022, "0"), P(2025, "40"), -5.0, 6.0),
        # a zero target: (6 - 10) / 2 = -2 and (0 - 10) / 5 = -2
        (P(2020, "10"), P(2022, "6"), P(2025, "0"), -2.0, -2.0),
        # negative values (a balance, a growth rate): (-1 - -5) / 4 = 1 and (3 - -5) / 4 = 2
        (P(2020, "-5"), P(2024, "-1"), P(2024, "3"), 1.0, 2.0),
    ],
)
def test_linear_rates_when_a_value_is_not_positive(
    base: Point, latest: Point, target: Point, observed: float, required: float
) -> None:
    assert rates(base, latest, target) == (D(str(observed)), D(str(required)))


@pytest.mark.parametrize(
    ("base", "latest", "target", "expected"),
    [
        (P(2020, "100"), P(2022, "121"), P(2023, "133.1"), 1.0),
        # 0.1 a year against 0.2 a year: (1.1 - 1) / (1.44^(1/2) - 1)
        (P(2020, "100"), P(2021, "110"), P(2022, "144"), 0.5),
        (P(2020, "100"), P(2021, "90"), P(2022, "144"), -0.5),
        # (1.6^(1/3) - 1) / (1.8^(1/5) - 1)
        (P(2020, "50"), P(2023, "80"), P(2025, "90"), 1.359618275977479),
        # both rates negative for a decrease: -0.1 / -0.2
        (P(2020, "100"), P(2022, "81"), P(2022, "64"), 0.5),
        # a move the wrong way for a decrease: +0.1 / -0.2
        (P(2020, "100"), P(2021, "110"), P(2022, "64"), -0.5),
        # linear: 10 / 20
        (P(2020, "0"), P(2023, "30"), P(2025, "100"), 0.5),
    ],
)
def test_ratio(base: Point, latest: Point, target: Point, expected: float) -> None:
    got = ratio(base, latest, target)
    assert got is not None
    assert abs(got - D(str(expected))) < D("1e-14")


@pytest.mark.parametrize(
    ("base", "latest", "target"),
    [
        (P(2020, "50"), P(2023, "60"), P(2025, "50")),
        (P(2020, "50"), P(2023, "40"), P(2025, "50")),
        (P(2020, "0"), P(2023, "5"), P(2025, "0")),
        (P(2020, "-3"), P(2023, "5"), P(2025, "-3")),
    ],
)
def test_ratio_is_none_when_no_change_is_required(base: Point, latest: Point, target: Point) -> None:
    assert ratio(base, latest, target) is None


def test_thresholds_are_open_sdg_s() -> None:
    assert (D("0.95"), D("0.6")) == (progress.ON_TRACK, progress.AT_RISK)


# Baseline 0 in 2020, target >= 100 in 2040: linear rates, 5 a year required, so p = latest / 5 exactly.
@pytest.mark.parametrize(
    ("latest", "status", "p"),
    [
        ("10", Status.ON_TRACK, "2.0"),
        ("4.75", Status.ON_TRACK, "0.95"),
        ("4.74", Status.AT_RISK, "0.948"),
        ("3", Status.AT_RISK, "0.6"),
        ("2.99", Status.OFF_TRACK, "0.598"),
        ("0", Status.OFF_TRACK, "0.0"),
        ("-0.01", Status.REGRESSING, "-0.002"),
        ("-5", Status.REGRESSING, "-1.0"),
    ],
)
def test_threshold_boundaries(latest: str, status: Status, p: str) -> None:
    indicator = Indicator.model_validate(
        {
            "id": "econ.index",
            "name": "Chỉ số",
            "unit": "index",
            "baseline": {"year": 2020, "value": Decimal(0)},
            "targets": {2040: ">= 100"},
        }
    )
    (row,) = judge(indicator, [Observation(2021, parse_measure(latest))])
    assert row.status is status
    assert row.progress == D(p)
    assert str(row.progress) == str(D(p).normalize())  # as the JSON shows it: 0.95, never 0.9500…


def test_boundary_ratios_are_exact_in_decimal() -> None:
    # the threshold tests above rely on these divisions landing exactly on the thresholds
    base, target = P(2020, "0"), P(2040, "100")
    assert ratio(base, P(2021, "4.75"), target) == D("0.95")
    assert ratio(base, P(2021, "3"), target) == D("0.6")
    assert ratio(base, P(2021, "0"), target) == 0


def test_a_row_keeps_the_rates_its_ratio_divided() -> None:
    # the chart draws the required path and the current pace at these rates, not at rates of its own
    indicator = Indicator.model_validate(
        {
            "id": "econ.index",
            "name": "Chỉ số",
            "unit": "index",
            "baseline": {"year": 2020, "value": Decimal(40)},
            "targets": {2030: ">= 100"},
        }
    )
    (row,) = judge(indicator, [Observation(2023, parse_measure("52"))])
    assert row.path is not None
    start, latest, goal, observed, required = row.path
    assert (observed, required) == rates(start, latest, goal)
    assert progress.quotient(observed, required) == ratio(start, latest, goal)
