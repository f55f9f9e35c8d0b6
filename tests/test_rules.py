"""Rules beyond types (SPEC §1–2 validation): each finding's place in the document and its message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from dxcheck.models import Actuals, Plan
from dxcheck.problems import DocPath
from dxcheck.rules import Finding, check_actuals, check_plan

D = Decimal
TARGET: DocPath = ("indicators", 0, "targets", "2025", "target")


def plan(*indicators: dict[str, Any], sources: list[dict[str, Any]] | None = None) -> Plan:
    data: dict[str, Any] = {
        "dxcheck": "plan/1",
        "id": "thanhhoa-2025",
        "region": "thanhhoa",
        "title": "Kế hoạch",
        "indicators": list(indicators),
    }
    if sources is not None:
        data["sources"] = sources
    return Plan.model_validate(data)


def ind(target: object, unit: str = "percent", **fields: Any) -> dict[str, Any]:
    """An indicator with one target for 2025."""
    return {"id": "x.a", "name": "A", "unit": unit, "targets": {2025: target}, **fields}


def actuals(**fields: Any) -> Actuals:
    return Actuals.model_validate({"dxcheck": "actuals/1", "year": 2024, **fields})


def single(values: dict[str, Any], **fields: Any) -> Actuals:
    return actuals(region="thanhhoa", values=values, **fields)


# --- plans -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "unit", "message"),
    [
        (">= 101", "percent", "a percent lies in 0–100, not 101"),
        (">= -1", "percent", "a percent lies in 0–100, not -1"),
        ("~100.5", "percent", "a percent lies in 0–100, not 100.5"),
        (D(101), "percent", "a percent lies in 0–100, not 101"),
        (">= 2.5", "count", "a count is a whole number ≥ 0, not 2.5"),
        (">= -1", "count", "a count is a whole number ≥ 0, not -1"),
        ("<= 0", "rank", "a rank is a whole number ≥ 1, not 0"),
        ("<= 1.5", "rank", "a rank is a whole number ≥ 1, not 1.5"),
        ("top 0", "rank", "a rank is a whole number ≥ 1"),
        ("top 10", "percent", "'top N' is only for unit rank; this indicator is in percent"),
        ("top 10", "count", "'top N' is only for unit rank; this indicator is in count"),
        ("done", "count", "'done' is only for unit boolean; this indicator is in count"),
        ("done", "percent", "'done' is only for unit boolean; this indicator is in percent"),
        (">= 1", "boolean", "a boolean indicator takes the target 'done'"),
        ("~1", "boolean", "a boolean indicator takes the target 'done'"),
        (10, "rank", "a bare number is not a rank target: write 'top N' or '<= N'"),
        ("10", "rank", "a bare number is not a rank target: write 'top N' or '<= N'"),
        (">= 90%", "count", "a % sign is only for unit percent; this indicator is in count"),
        ("90%", "per-100-people", "a % sign is only for unit percent; this indicator is in per-100-people"),
        ("~35% ±2", "count", "a % sign is only for unit percent; this indicator is in count"),
    ],
)
def test_target_refused_for_its_unit(target: object, unit: str, message: str) -> None:
    assert check_plan(plan(ind(target, unit))) == [(TARGET, message)]


@pytest.mark.parametrize(
    ("target", "unit"),
    [
        (">= 100", "percent"),
        (">= 0", "percent"),
        ("90%", "percent"),
        ("≥ 99.5 %", "percent"),
        ("~35 ±2", "percent"),
        (">= 9433", "count"),
        ("0", "count"),
        ("top 1", "rank"),
        ("<= 10", "rank"),
        ("done", "boolean"),
        (">= 2.5", "per-100-people"),
        ("<= -3", "vnd"),
    ],
)
def test_target_allowed_for_its_unit(target: str, unit: str) -> None:
    assert check_plan(plan(ind(target, unit))) == []


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("percent", D(120), "a percent lies in 0–100, not 120"),
        ("count", D("0.5"), "a count is a whole number ≥ 0, not 0.5"),
        ("rank", D(0), "a rank is a whole number ≥ 1, not 0"),
        ("boolean", D(0), "a boolean indicator takes true or false, not 0: write false"),
        ("boolean", D(1), "a boolean indicator takes true or false, not 1: write true"),
        ("boolean", D(50), "a boolean indicator takes true or false, not 50"),
        ("percent", True, "true/false is only for unit boolean; this indicator is in percent"),
    ],
)
def test_baseline_value_refused_for_its_unit(unit: str, value: Decimal | bool, message: str) -> None:
    target = "done" if unit == "boolean" else "top 1" if unit == "rank" else ">= 1"
    got = check_plan(plan(ind(target, unit, baseline={"year": 2020, "value": value})))
    assert got == [(("indicators", 0, "baseline", "value"), message)]


@pytest.mark.parametrize("value", [False, True])
def test_a_milestone_may_say_where_it_started(value: bool) -> None:
    assert check_plan(plan(ind("done", "boolean", baseline={"year": 2020, "value": value}))) == []


@pytest.mark.parametrize(
    ("baseline_year", "targets", "message"),
    [
        (
            2025,
            {2025: ">= 90"},
            "the baseline year 2025 must lie before every target year (the earliest is 2025)",
        ),
        (
            2026,
            {2025: ">= 90"},
            "the baseline year 2026 must lie before every target year (the earliest is 2025)",
        ),
        (
            2024,
            {2025: ">= 90", 2023: ">= 80", 2022: ">= 70"},
            "the baseline year 2024 must lie before every target year (the earliest is 2022)",
        ),
    ],
)
def test_baseline_year_not_before_every_target_year(
    baseline_year: int, targets: dict[int, str], message: str
) -> None:
    indicator = {
        "id": "x.a",
        "name": "A",
        "unit": "percent",
        "baseline": {"year": baseline_year, "value": D(50)},
        "targets": targets,
    }
    assert check_plan(plan(indicator)) == [(("indicators", 0, "baseline", "year"), message)]


def test_baseline_year_before_every_target_year_is_fine() -> None:
    indicator = ind(">= 90", baseline={"year": 2024, "value": D(50)})
    assert check_plan(plan(indicator)) == []


def test_unknown_source_ids_are_found_wherever_they_are_referenced() -> None:
    indicator = ind(
        {"target": ">= 90", "source": "article"},
        source="decision",
        baseline={"year": 2020, "value": D(50), "source": "report"},
    )
    listed = "it must be one of the file's sources (article, plan)"
    assert check_plan(plan(indicator, sources=[{"id": "plan"}, {"id": "article"}])) == [
        (("indicators", 0, "source"), f"unknown source 'decision': {listed}"),
        (("indicators", 0, "baseline", "source"), f"unknown source 'report': {listed}"),
    ]


def test_unknown_source_id_when_no_sources_are_listed() -> None:
    assert check_plan(plan(ind({"target": ">= 90", "source": "article"}))) == [
        (
            ("indicators", 0, "targets", "2025", "source"),
            "unknown source 'article': it must be one of the file's sources (none are listed)",
        )
    ]


def test_duplicate_source_ids() -> None:
    sources = [{"id": "a"}, {"id": "b"}, {"id": "a", "title": "again"}]
    assert check_plan(plan(ind(">= 90", source="a"), sources=sources)) == [
        (("sources", 2, "id"), "source id 'a' is used twice")
    ]


def test_duplicate_indicator_ids() -> None:
    got = check_plan(plan(ind(">= 90"), ind(">= 80"), {**ind(">= 70"), "id": "x.b"}, ind(">= 60")))
    assert got == [
        (("indicators", 1, "id"), "indicator id 'x.a' is already used by indicators[0]"),
        (("indicators", 3, "id"), "indicator id 'x.a' is already used by indicators[0]"),
    ]


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        (
            "increase",
            [
                (
                    ("indicators", 0, "direction"),
                    "a rank always improves downwards: drop 'direction' or write 'decrease'",
                )
            ],
        ),
        ("decrease", []),
    ],
)
def test_rank_direction(direction: str, expected: list[Finding]) -> None:
    assert check_plan(plan(ind("top 10", "rank", direction=direction))) == expected


def test_all_findings_of_a_plan_in_file_order() -> None:
    got = check_plan(
        plan(
            ind(">= 120"),
            {**ind("top 3"), "id": "x.b", "targets": {2024: "top 3", 2025: ">= 90%"}, "unit": "count"},
        )
    )
    assert got == [
        (TARGET, "a percent lies in 0–100, not 120"),
        (
            ("indicators", 1, "targets", "2024", "target"),
            "'top N' is only for unit rank; this indicator is in count",
        ),
        (
            ("indicators", 1, "targets", "2025", "target"),
            "a % sign is only for unit percent; this indicator is in count",
        ),
    ]


# --- actuals: numerator and denominator ------------------------------------------------------------


def figure(**fields: Any) -> Actuals:
    return single({"gov.online": fields})


HERE: DocPath = ("values", "gov.online", 0)


@pytest.mark.parametrize(
    "value",
    [
        D("99.66"),  # 4342/4357 = 99.6557…: agrees to 2 decimals
        D("99.7"),  # agrees to 1 decimal: |99.7 - 99.6557| = 0.044 ≤ 0.05
        D("99.656"),
        D("99.6557"),
        D(100),  # agrees to 0 decimals: |100 - 99.6557| = 0.344 ≤ 0.5
    ],
)
def test_numerator_and_denominator_agree_with_value(value: Decimal) -> None:
    assert check_actuals(figure(value=value, numerator=4342, denominator=4357)) == []


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (D("99.65"), 2, "99.65573"),  # |99.65 - 99.6557| = 0.0057 > 0.005
        (D("99.6"), 1, "99.6557"),  # 0.0557 > 0.05
        (D("99.657"), 3, "99.655726"),
        (D(99), 0, "99.656"),  # 0.656 > 0.5
    ],
)
def test_numerator_and_denominator_disagree_with_value(value: Decimal, places: int, shown: str) -> None:
    assert check_actuals(figure(value=value, numerator=4342, denominator=4357)) == [
        (
            (*HERE, "value"),
            f"value {value} does not agree with numerator/denominator 4342/4357 = {shown} % "
            f"(to the {places} decimal place(s) the value is written with)",
        )
    ]


def test_numerator_and_denominator_in_a_unit_other_than_percent_are_not_scaled() -> None:
    assert check_actuals(figure(value=D("2.5"), numerator=5, denominator=2, unit="per-100-people")) == []


def test_numerator_and_denominator_without_a_unit_may_be_a_plain_ratio() -> None:
    # the file alone cannot say whether n/d is a percent; compare checks again with the plan's unit
    assert check_actuals(figure(value=D("0.5"), numerator=1, denominator=2)) == []


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (
            "percent",
            "value 0.5 does not agree with numerator/denominator 1/2 = 50.0000 % "
            "(to the 1 decimal place(s) the value is written with)",
        ),
        (
            "per-100-people",
            "value 50 does not agree with numerator/denominator 1/2 = 0.500 "
            "(to the 0 decimal place(s) the value is written with)",
        ),
    ],
)
def test_numerator_and_denominator_disagree_in_the_unit_given(unit: str, message: str) -> None:
    value = D("0.5") if unit == "percent" else D(50)
    assert check_actuals(figure(value=value, numerator=1, denominator=2, unit=unit)) == [
        ((*HERE, "value"), message)
    ]


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        (
            {"numerator": 5, "denominator": 0},
            (*HERE, "denominator"),
            "numerator must be ≥ 0 and denominator > 0",
        ),
        (
            {"numerator": 5, "denominator": -2},
            (*HERE, "denominator"),
            "numerator must be ≥ 0 and denominator > 0",
        ),
        (
            {"numerator": -1, "denominator": 2},
            (*HERE, "denominator"),
            "numerator must be ≥ 0 and denominator > 0",
        ),
        ({"numerator": 4342}, HERE, "'denominator' is missing: give numerator and denominator together"),
        (
            {"value": D("99.66"), "denominator": 4357},
            HERE,
            "'numerator' is missing: give numerator and denominator together",
        ),
        ({"year": 2023, "note": "chưa công bố"}, HERE, "give 'value', or 'numerator' and 'denominator'"),
        (
            {"value": "> 99", "numerator": 4342, "denominator": 4357},
            (*HERE, "value"),
            "a value given with numerator/denominator must be a plain number",
        ),
    ],
)
def test_figure_refused(fields: dict[str, Any], path: DocPath, message: str) -> None:
    assert check_actuals(figure(**fields)) == [(path, message)]


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"value": D(101), "unit": "percent"}, (*HERE, "value"), "a percent lies in 0–100, not 101"),
        ({"value": "> 100", "unit": "percent"}, (*HERE, "value"), "no percent lies > 100"),
        ({"value": "< 0", "unit": "percent"}, (*HERE, "value"), "no percent lies < 0"),
        (
            {"value": "98%", "unit": "count"},
            (*HERE, "value"),
            "a % sign is only for unit percent; this figure is in count",
        ),
        ({"value": D("2.5"), "unit": "count"}, (*HERE, "value"), "a count is a whole number ≥ 0, not 2.5"),
        (
            {"value": True, "unit": "count"},
            (*HERE, "value"),
            "true/false is only for unit boolean; this indicator is in count",
        ),
        (
            {"value": D(1), "unit": "boolean"},
            (*HERE, "value"),
            "a boolean indicator takes true or false, not 1: write true",
        ),
        (
            {"value": D(0), "unit": "boolean"},
            (*HERE, "value"),
            "a boolean indicator takes true or false, not 0: write false",
        ),
        (
            {"value": "> 0", "unit": "boolean"},
            (*HERE, "value"),
            "a boolean indicator takes true or false, not a bound",
        ),
        (
            {"value": "~1", "unit": "boolean"},
            (*HERE, "value"),
            "a boolean indicator takes true or false, not an approximate figure",
        ),
        (
            {"numerator": 5, "denominator": 2, "unit": "count"},
            (*HERE, "numerator"),
            "a count is a whole number ≥ 0, not 2.5",
        ),
    ],
)
def test_figure_refused_for_its_own_unit(fields: dict[str, Any], path: DocPath, message: str) -> None:
    assert check_actuals(figure(**fields)) == [(path, message)]


# --- actuals: years, forms, sources ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "path", "year"),
    [
        ([{"value": D(1), "year": 2023}, {"value": D(2), "year": 2023}], ("values", "x.a", 1, "year"), 2023),
        ([D(5), {"value": D(4), "year": 2024}], ("values", "x.a", 1, "year"), 2024),
        ([{"value": D(4), "year": 2024}, D(5)], ("values", "x.a", 1, "year"), 2024),
    ],
)
def test_two_figures_for_one_year(figures: list[Any], path: DocPath, year: int) -> None:
    assert check_actuals(single({"x.a": figures})) == [
        (path, f"a second figure for {year}: each year of an indicator has one figure")
    ]


def test_figures_for_distinct_years_are_fine() -> None:
    assert check_actuals(single({"x.a": [D(5), {"value": D(4), "year": 2023}]})) == []


def test_two_figures_for_one_year_in_the_regions_form() -> None:
    got = check_actuals(actuals(regions={"thanhhoa": {"values": {"x.a": [D(5), D(6)]}}}))
    assert got == [
        (
            ("regions", "thanhhoa", "values", "x.a", 1, "year"),
            "a second figure for 2024: each year of an indicator has one figure",
        )
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"region": "thanhhoa", "values": {"x.a": D(5)}}, []),
        ({"regions": {"thanhhoa": {"values": {"x.a": D(5)}}, "bacgiang": {"values": {}}}}, []),
        (
            {"region": "thanhhoa", "values": {"x.a": D(5)}, "regions": {"bacgiang": {"values": {}}}},
            [(("regions",), "give either 'region' with 'values', or 'regions', not both")],
        ),
        (
            {"region": "thanhhoa", "regions": {"bacgiang": {"values": {}}}},
            [(("regions",), "give either 'region' with 'values', or 'regions', not both")],
        ),
        ({}, [((), "give 'region' with 'values', or 'regions'")]),
        (
            {"region": "thanhhoa"},
            [(("region",), "'values' is missing: give 'region' with 'values', or 'regions'")],
        ),
        (
            {"values": {"x.a": D(5)}},
            [(("values",), "'region' is missing: give 'region' with 'values', or 'regions'")],
        ),
    ],
)
def test_single_region_and_regions_forms(fields: dict[str, Any], expected: list[Finding]) -> None:
    assert check_actuals(actuals(**fields)) == expected


def test_unknown_and_duplicate_source_ids_in_actuals() -> None:
    got = check_actuals(
        single(
            {"x.a": {"value": D(5), "source": "report"}, "x.b": {"value": D(6), "source": "news"}},
            sources=[{"id": "report"}, {"id": "report"}],
        )
    )
    assert got == [
        (("sources", 1, "id"), "source id 'report' is used twice"),
        (
            ("values", "x.b", 0, "source"),
            "unknown source 'news': it must be one of the file's sources (report)",
        ),
    ]
