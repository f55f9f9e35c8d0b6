"""The exported JSON Schemas: documented field by field, and they accept every shipped file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ROOT, Run
from dxcheck.schema import json_schema, schema

KINDS = ("plan", "actuals")
SHIPPED = [
    *(("plan", path) for path in sorted((ROOT / "plans").glob("*.yaml"))),
    *(("actuals", path) for path in sorted((ROOT / "actuals").glob("*.yaml"))),
]


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())


def _as_json(value: Any) -> Any:
    """What a JSON reader sees of safe_load's data: keys as text, dates as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _load(text: str) -> Any:
    return _as_json(yaml.safe_load(text))


def _properties(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, field in (node.get("properties") or {}).items():
            yield f"{where}.{name}", field
        for key, item in node.items():
            yield from _properties(item, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}[{index}]")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_title_and_a_description(kind: str) -> None:
    exported = schema(kind)
    assert exported["title"] and exported["description"]
    missing = [
        f"{where} lacks {key}"
        for where, field in _properties(exported)
        for key in ("title", "description")
        if not field.get(key)
    ]
    assert missing == []


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[path.name for _, path in SHIPPED])
def test_shipped_files_are_valid_against_the_schema(kind: str, path: Any) -> None:
    errors = [
        error.message for error in _validator(kind).iter_errors(_load(path.read_text(encoding="utf-8")))
    ]
    assert errors == []


def test_short_and_long_forms_are_both_valid() -> None:
    plan = _load(
        """
dxcheck: plan/1
id: p
region: r
title: T
issued: 2024-03-01
indicators:
  - {id: a, name: A, unit: percent, targets: {2025: ">= 90", 2030: {target: "100%", quote: q}}}
"""
    )
    actuals = _load(
        """
dxcheck: actuals/1
year: 2024
regions:
  r:
    values:
      a: 85
      b: [{value: "> 98", year: 2023}, 99]
      c: {numerator: 1, denominator: 2}
"""
    )
    assert [error.message for error in _validator("plan").iter_errors(plan)] == []
    assert [error.message for error in _validator("actuals").iter_errors(actuals)] == []


@pytest.mark.parametrize(
    ("kind", "path", "wrong"),
    [
        ("plan", "plans/thanhhoa-2025.yaml", ("\nindicators:", "\nindicatros:")),
        ("plan", "plans/thanhhoa-2025.yaml", ("    unit: percent", "    unti: percent")),
        ("actuals", "actuals/actuals-2024.yaml", ("\nvalues:", "\nvaleus:")),
        ("actuals", "actuals/actuals-2024.yaml", ("    quote:", "    qoute:")),
    ],
    ids=["plan-top", "plan-indicator", "actuals-top", "actuals-value"],
)
def test_a_misspelt_key_fails_the_schema(kind: str, path: str, wrong: tuple[str, str]) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert wrong[0] in text
    document = _load(text.replace(wrong[0], wrong[1], 1))
    assert not _validator(kind).is_valid(document)


@pytest.mark.parametrize("kind", KINDS)
def test_cli_prints_the_schema(dx: Callable[..., Run], kind: str) -> None:
    run = dx("schema", kind)
    assert run.code == 0, run
    assert run.out == json_schema(kind)
    assert json.loads(run.out) == schema(kind)
