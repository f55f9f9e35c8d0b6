"""What dxcheck tells a new user about a mistake: suggestions that fit the place, hints that agree."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import Run

Write = Callable[[str, str], str]

ACTUALS_HEAD = "dxcheck: actuals/1\nyear: 2024\nregion: r\n"
PLAN_HEAD = "dxcheck: plan/1\nid: p\nregion: r\ntitle: T\n"


# --- "did you mean" for an unknown key -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `value` is a key of a value mapping, but at the top of a file only `values` is
        (ACTUALS_HEAD + "value:\n  a: 1\n", "value: unknown key 'value' (did you mean 'values'?)"),
        (ACTUALS_HEAD + "values:\n  a: {value: 1, qoute: q}\n", "key 'qoute' (did you mean 'quote'?)"),
        (ACTUALS_HEAD + "values:\n  value: {valeu: 1}\n", "unknown key 'valeu' (did you mean 'value'?)"),
        (
            "dxcheck: actuals/1\nyear: 2024\nregions:\n  r:\n    value: {a: 1}\n",
            "regions.r.value: unknown key 'value' (did you mean 'values'?)",
        ),
        (
            PLAN_HEAD + "indicators:\n  - {id: a, name: A, unit: count, targets: {2025: {target: '1', "
            "qoute: q}}}\n",
            "indicators[0].targets.2025.qoute: unknown key 'qoute' (did you mean 'quote'?)",
        ),
        (
            PLAN_HEAD + "indicators:\n  - {id: a, name: A, unit: count, yaer: 1, targets: {2025: '1'}}\n",
            "indicators[0].yaer: unknown key 'yaer'",
        ),
    ],
    ids=["top-value", "value-quote", "id-named-value", "region-value", "target-quote", "indicator-year"],
)
def test_an_unknown_key_is_compared_with_the_keys_allowed_there(
    dx: Callable[..., Run], write: Write, text: str, expected: str
) -> None:
    run = dx("validate", write("file.yaml", text))
    assert run.code == 2, run
    assert expected in run.err, run
    if expected.endswith("'"):  # an indicator has no `year`: no key of another mapping is proposed
        assert "did you mean" not in run.err, run


# --- "did you mean" for an actuals id the plan does not have ----------------------------------------

IDS_PLAN = (
    PLAN_HEAD
    + "indicators:\n"
    + "".join(
        f"  - {{id: {key}, name: N, unit: percent, targets: {{2025: '>= 90'}}}}\n"
        for key in ("gov.online-procedures", "infra.coverage", "society.dx-completed.commune")
    )
)


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("infra.coverge", "infra.coverage"),  # a typo: suggested
        ("gov.online-procedure", "gov.online-procedures"),
        ("econ.online-procedures", None),  # another pillar: another concept
        ("society.dx-completed.province", None),  # another level: another concept
        ("infra.coverage-5g", None),  # a neighbouring concept, not a typo
    ],
)
def test_an_unmatched_id_is_suggested_only_a_typo_of_the_same_pillar_and_level(
    dx: Callable[..., Run], write: Write, key: str, suggestion: str | None
) -> None:
    plan = write("plan.yaml", IDS_PLAN)
    actuals = write("actuals.yaml", ACTUALS_HEAD + f"values:\n  {key}: 50\n")
    run = dx("compare", plan, actuals, "--lang", "en")
    assert run.code == 0, run
    listed = run.out.split("Actuals that match no indicator of the plan:\n")[1]
    assert listed.strip() == (f"{key} (did you mean {suggestion}?)" if suggestion else key), run


# --- a boolean indicator: one story told the same way everywhere ------------------------------------

MILESTONE_PLAN = PLAN_HEAD + (
    "indicators:\n"
    "  - {id: other.milestone, name: M, unit: boolean, baseline: {year: 2020, value: false},\n"
    "     targets: {2025: done}}\n"
)


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("0", "a boolean indicator takes true or false, not 0: write false"),
        ("1", "a boolean indicator takes true or false, not 1: write true"),
        ("{value: 0}", "a boolean indicator takes true or false, not 0: write false"),
        ("5", "a boolean indicator takes true or false, not 5"),
        ("'> 0'", "a boolean indicator takes true or false, not a bound"),
        ('"yes"', "'yes' was a boolean in YAML 1.1; here it is text: write true or false)"),
    ],
)
def test_a_boolean_figure_is_true_or_false_and_the_message_says_which(
    dx: Callable[..., Run], write: Write, figure: str, message: str
) -> None:
    plan = write("plan.yaml", MILESTONE_PLAN)
    actuals = write("actuals.yaml", ACTUALS_HEAD + f"values:\n  other.milestone: {figure}\n")
    run = dx("compare", plan, actuals)
    assert run.code == 2, run
    assert message in run.err, run
    assert "quote" not in run.err, run  # quoting never makes a boolean of anything


@pytest.mark.parametrize(("figure", "status"), [("false", "pending"), ("true", "achieved")])
def test_a_milestone_with_a_false_baseline_is_pending_until_done(
    dx: Callable[..., Run], write: Write, figure: str, status: str
) -> None:
    plan = write("plan.yaml", MILESTONE_PLAN)
    actuals = write("actuals.yaml", ACTUALS_HEAD + f"values:\n  other.milestone: {figure}\n")
    run = dx("compare", plan, actuals, "--format", "json")
    assert run.code == 0, run
    [row] = json.loads(run.out)["rows"]
    assert (row["status"], row["progress"], row["gap"]) == (status, None, None)


@pytest.mark.parametrize(
    ("unit", "indicator", "message"),
    [
        ("boolean", "baseline: {year: 2020, value: 0}, targets: {2025: done}", "not 0: write false"),
        ("percent", "baseline: {year: 2020, value: false}, targets: {2025: '>= 90'}", "true/false is only"),
        ("count", "targets: {2025: done}", "'done' is only for unit boolean; this indicator is in count"),
        ("boolean", "targets: {2025: '>= 1'}", "a boolean indicator takes the target 'done'"),
        ("boolean", "targets: {2025: 1}", "a boolean indicator takes the target 'done'"),
        ("boolean", "targets: {2025: true}", "a milestone (unit boolean) takes the target 'done'"),
        ("percent", "targets: {2025: true}", "a milestone (unit boolean) takes the target 'done'"),
    ],
)
def test_a_plan_mixing_booleans_and_numbers_gets_one_clear_message(
    dx: Callable[..., Run], write: Write, unit: str, indicator: str, message: str
) -> None:
    plan = PLAN_HEAD + f"indicators:\n  - {{id: x.a, name: A, unit: {unit}, {indicator}}}\n"
    run = dx("validate", write("plan.yaml", plan))
    assert run.code == 2, run
    [line] = run.err.splitlines()
    assert message in line, run
