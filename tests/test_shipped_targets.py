"""`dxcheck targets` on the shipped plans: the real disagreements between Thanh Hóa's documents, and
each province beside the national programme (749/QĐ-TTg, 411/QĐ-TTg), as docs/targets.md shows them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run


@pytest.fixture
def shipped(dx: Callable[..., Run]) -> dict[str, Any]:
    run = dx("targets", "--format", "json")  # plans, and the actuals beside them
    assert (run.code, run.err) == (0, ""), run
    document: dict[str, Any] = json.loads(run.out)
    return document


def _flags(document: dict[str, Any], kind: str, region: str) -> dict[tuple[str, int], list[dict[str, Any]]]:
    found: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for flag in document["flags"]:
        if (flag["kind"], flag["region"]) == (kind, region):
            found.setdefault((flag["indicator"], flag["year"]), []).append(flag)
    return found


def _pairs(flags: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [(*flag["plans"], *flag["targets"], flag["stricter"]) for flag in flags]


def test_the_conflicts_between_thanh_hoa_s_documents(shipped: dict[str, Any]) -> None:
    conflicts = _flags(shipped, "conflict", "thanhhoa")
    assert {key: _pairs(flags) for key, flags in conflicts.items()} == {
        # the 2025 plan's 90 % of procedures fully online against the resolution's 100 %
        ("gov.online-procedures-full", 2025): [
            ("thanhhoa-2025", "thanhhoa-resolution-2030", ">= 90", ">= 100", "thanhhoa-resolution-2030")
        ],
        ("gov.admin-satisfaction", 2025): [
            ("thanhhoa-2030", "thanhhoa-resolution-2030", ">= 95", ">= 90", "thanhhoa-2030")
        ],
        ("gov.online-dossiers", 2025): [
            ("thanhhoa-2025", "thanhhoa-2030", ">= 70", ">= 75", "thanhhoa-2030")
        ],
        ("society.e-payment-accounts", 2025): [
            ("thanhhoa-2025", "thanhhoa-resolution-2030", ">= 80", ">= 50", "thanhhoa-2025")
        ],
    }
    (procedures,) = conflicts["gov.online-procedures-full", 2025]
    assert procedures["quotes"][0].startswith("đến năm 2025, tỉnh đặt mục tiêu 90% thủ tục hành chính")
    assert procedures["quotes"][1].startswith("100% hồ sơ thủ tục hành chính đủ điều kiện")


def test_bac_giang_s_digital_economy_is_more_ambitious_than_the_nation_s(shipped: dict[str, Any]) -> None:
    stronger = _flags(shipped, "stronger", "bacgiang")
    assert _pairs(stronger["econ.digital-economy-grdp-share", 2025]) == [
        ("bacgiang-2025", "vietnam-411-2025", "~35", ">= 20", "bacgiang-2025"),
        ("bacgiang-2025", "vietnam-749-2025", "~35", ">= 20", "bacgiang-2025"),
    ]
    assert not _flags(shipped, "weaker", "bacgiang")


def test_thanh_hoa_s_digital_economy_target_is_the_nation_s(shipped: dict[str, Any]) -> None:
    region = next(region for region in shipped["regions"] if region["region"] == "thanhhoa")
    indicator = next(
        item for item in region["indicators"] if item["indicator"] == "econ.digital-economy-grdp-share"
    )
    year = next(year for year in indicator["years"] if year["year"] == 2025)
    assert {cell["plan"]: cell["target"] for cell in year["cells"]} == {
        "thanhhoa-2025": ">= 20",
        "thanhhoa-2030": ">= 20",
        "thanhhoa-resolution-2030": ">= 20",
        "vietnam-411-2025": ">= 20",
        "vietnam-749-2025": ">= 20",
    }
    flagged = {(flag["indicator"], flag["year"]) for flag in shipped["flags"] if flag["region"] == "thanhhoa"}
    assert ("econ.digital-economy-grdp-share", 2025) not in flagged


def test_the_resolution_s_payment_accounts_fall_short_of_decision_411(shipped: dict[str, Any]) -> None:
    weaker = _flags(shipped, "weaker", "thanhhoa")
    assert _pairs(weaker["society.e-payment-accounts", 2025]) == [
        ("thanhhoa-resolution-2030", "vietnam-411-2025", ">= 50", ">= 80", "vietnam-411-2025")
    ]


def test_the_two_national_decisions_disagree_on_fibre(shipped: dict[str, Any]) -> None:
    assert _pairs(_flags(shipped, "conflict", "vietnam")["infra.household-fibre-coverage", 2025]) == [
        ("vietnam-411-2025", "vietnam-749-2025", ">= 80", "> 80", "vietnam-749-2025")
    ]


def test_no_shipped_plan_was_met_before_it_was_issued(shipped: dict[str, Any]) -> None:
    # only the national decisions carry an issue date, and no earlier figure met their targets
    assert [plan["id"] for plan in shipped["plans"] if plan["issued"]] == [
        "vietnam-411-2025",
        "vietnam-749-2025",
    ]
    assert shipped["summary"]["achieved-when-issued"] == 0


def test_a_data_repository_can_gate_on_conflicts(dx: Callable[..., Run]) -> None:
    assert dx("targets", "--fail-on", "conflict").code == 1
    assert dx("targets").code == 0


def _excerpts(path: Path) -> list[list[str]]:
    """The output excerpts of a page: each ``` block showing the matrix or a flag of `dxcheck targets`."""
    blocks: list[list[str]] = []
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
            if inside:
                blocks.append([])
        elif inside:
            blocks[-1].append(line)
    marks = ("Region ", "  ! conflict", "  ↓ weaker", "  ✓ achieved")
    return [block for block in blocks if any(line.startswith(marks) for line in block)]


@pytest.mark.parametrize("page", ["README.md", "docs/targets.md"])
def test_the_pages_show_real_output(dx: Callable[..., Run], page: str) -> None:
    real = dx("targets", "--lang", "en").out.splitlines()
    fixtures = dx("targets", "tests/targets/plans", "--lang", "en").out.splitlines()
    excerpts = _excerpts(ROOT / page)
    assert excerpts
    for lines in excerpts:
        shown = [line for line in lines if line != "…" and not line.startswith("$ ")]
        assert all(line in real for line in shown) or all(line in fixtures for line in shown), lines
