"""The shipped plans and actuals: valid, quoted, consistent, catalogued, and judged as an analyst expects."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run
from dxcheck import load_actuals, load_plan
from dxcheck.loading import ActualsFile, PlanFile

PLANS = sorted((ROOT / "plans").glob("*.yaml"))
ACTUALS = sorted((ROOT / "actuals").glob("*.yaml"))


def test_the_data_is_there() -> None:
    assert [p.name for p in PLANS] == [
        "bacgiang-2025.yaml",
        "thanhhoa-2025.yaml",
        "thanhhoa-2030.yaml",
        "thanhhoa-resolution-2030.yaml",
    ]
    assert [p.name for p in ACTUALS] == ["actuals-2024.yaml"]


@pytest.mark.parametrize("path", PLANS + ACTUALS, ids=lambda p: p.name)
def test_every_shipped_file_validates(dx: Callable[..., Run], path: Path) -> None:
    run = dx("validate", str(path.relative_to(ROOT)))
    assert run.code == 0, run
    assert run.err == ""


def _plans() -> list[PlanFile]:
    return [load_plan(str(path)) for path in PLANS]


def _actuals() -> list[ActualsFile]:
    return [load_actuals(str(path)) for path in ACTUALS]


def test_every_target_and_baseline_has_a_quote() -> None:
    missing = [
        f"{plan.plan.id}:{indicator.id}:{year}"
        for plan in _plans()
        for indicator in plan.plan.indicators
        for year, spec in indicator.targets.items()
        if not (spec.quote or "").strip()
    ]
    missing += [
        f"{plan.plan.id}:{indicator.id}:baseline"
        for plan in _plans()
        for indicator in plan.plan.indicators
        if indicator.baseline is not None and not (indicator.baseline.quote or "").strip()
    ]
    assert missing == []


def test_every_observation_has_a_quote_and_a_unit() -> None:
    missing = [
        f"{file.name}:{region}:{key}"
        for file in _actuals()
        for region, values in file.actuals.by_region().items()
        for key, specs in values.items()
        for spec in specs
        if not (spec.quote or "").strip() or spec.unit is None
    ]
    assert missing == []


def test_every_file_lists_its_article() -> None:
    sources = [(file.name, file.plan.sources) for file in _plans()]
    sources += [(file.name, file.actuals.sources) for file in _actuals()]
    for name, listed in sources:
        assert listed, name
        assert all(source.title for source in listed), name


def test_one_concept_keeps_one_unit_across_files() -> None:
    units: dict[str, set[str]] = {}
    for plan in _plans():
        for indicator in plan.plan.indicators:
            units.setdefault(indicator.id, set()).add(indicator.unit)
    for file in _actuals():
        for values in file.actuals.by_region().values():
            for key, specs in values.items():
                units.setdefault(key, set()).update(spec.unit for spec in specs if spec.unit)
    assert {key: unit for key, unit in units.items() if len(unit) > 1} == {}


def test_the_catalog_lists_every_id() -> None:
    catalog = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    used = {indicator.id for plan in _plans() for indicator in plan.plan.indicators}
    used |= {key for file in _actuals() for values in file.actuals.by_region().values() for key in values}
    assert sorted(key for key in used if f"`{key}`" not in catalog) == []


def _rows(dx: Callable[..., Run], plan: str) -> dict[tuple[str, int], dict[str, Any]]:
    run = dx("compare", f"plans/{plan}.yaml", "actuals/actuals-2024.yaml", "--format", "json")
    assert run.code == 0, run
    return {(row["indicator"], row["target_year"]): row for row in json.loads(run.out)["rows"]}


def _pick(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["target"], row["actual"], row["actual_year"], row["actual_bound"], row["gap"], row["status"])


def test_village_coverage_against_the_2025_plan(dx: Callable[..., Run]) -> None:
    rows = _rows(dx, "thanhhoa-2025")
    row = rows["infra.mobile-coverage-villages", 2025]
    assert _pick(row) == (">= 100", 99.66, 2024, None, 0.34, "pending")
    assert row["quote"] == "Tỉnh đặt mục tiêu 100% thôn, bản được phủ sóng di động"


def test_digitally_transformed_enterprises_against_the_resolution(dx: Callable[..., Run]) -> None:
    rows = _rows(dx, "thanhhoa-resolution-2030")
    assert _pick(rows["econ.dx-enterprises-share", 2025]) == (">= 50", 29.65, 2024, None, 20.35, "pending")
    assert _pick(rows["econ.dx-enterprises-share", 2030]) == (">= 80", 29.65, 2024, None, 50.35, "pending")


def test_untargeted_2024_figures_are_listed_as_unmatched(dx: Callable[..., Run]) -> None:
    run = dx("compare", "plans/thanhhoa-2025.yaml", "actuals/actuals-2024.yaml", "--format", "json")
    result = json.loads(run.out)
    assert "infra.mobile-stations" in result["unmatched_actuals"]
    assert "infra.mobile-coverage-villages" not in result["unmatched_actuals"]
    assert sum(result["summary"].values()) == len(result["rows"]) == 28


def test_bacgiang_plan_has_no_thanhhoa_figures(dx: Callable[..., Run]) -> None:
    run = dx("compare", "plans/bacgiang-2025.yaml", "actuals/actuals-2024.yaml")
    assert run.code == 2
    assert "region 'thanhhoa', but the plan is for 'bacgiang'" in run.err
