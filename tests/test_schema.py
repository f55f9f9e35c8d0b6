"""The exported JSON Schemas: documented field by field, and they accept every shipped file."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ROOT, Run
from dxcheck.schema import json_schema, schema

KINDS = ("plan", "actuals")
README_EXAMPLES = re.findall(
    r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL
)
SHIPPED = [
    *(("plan", path) for path in sorted((ROOT / "plans").glob("*.yaml"))),
    *(("actuals", path) for path in sorted((ROOT / "actuals").glob("*.yaml"))),
    ("plan", ROOT / "tests" / "fixtures" / "plan.yaml"),
    *(("actuals", path) for path in sorted((ROOT / "tests" / "fixtures").glob("actuals-*.yaml"))),
]


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())


class _CheckJsonschemaLoader(yaml.SafeLoader):
    """How check-jsonschema reads YAML (its loaders/instance/yaml.py): timestamps stay text."""


def _timestamp_as_text(loader: _CheckJsonschemaLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return str(loader.construct_scalar(node))


_CheckJsonschemaLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _keys_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _keys_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys_as_text(item) for item in value]
    return value


# what a standard validator sees of a file: PyYAML's safe_load as it is (dates as datetime.date, year
# keys as numbers), and check-jsonschema's reading (dates as text, every key as text)
READERS: dict[str, Callable[[str], Any]] = {
    "safe_load": yaml.safe_load,
    "check-jsonschema": lambda text: _keys_as_text(yaml.load(text, Loader=_CheckJsonschemaLoader)),
}


def _load(text: str) -> Any:
    return yaml.safe_load(text)


def _errors(kind: str, text: str, reader: str) -> list[str]:
    return [error.message for error in _validator(kind).iter_errors(READERS[reader](text))]


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


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[path.name for _, path in SHIPPED])
def test_shipped_files_are_valid_against_the_schema(kind: str, path: Any, reader: str) -> None:
    assert _errors(kind, path.read_text(encoding="utf-8"), reader) == []


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("kind", "index"), [("plan", 0), ("actuals", 1)])
def test_the_readme_examples_with_their_dates_are_valid(kind: str, index: int, reader: str) -> None:
    text = README_EXAMPLES[index]
    assert f"dxcheck: {kind}/1" in text and re.search(r"(issued|as_of): 20", text)
    assert _errors(kind, text, reader) == []


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
    assert isinstance(plan["issued"], dt.date)  # as safe_load reads it: the schema takes that too


@pytest.mark.parametrize(
    ("kind", "path", "wrong"),
    [
        ("plan", "plans/thanhhoa-2025.yaml", ("\nindicators:", "\nindicatros:")),
        ("plan", "plans/thanhhoa-2025.yaml", ("    unit: percent", "    unti: percent")),
        ("actuals", "actuals/actuals-2024.yaml", ("\nregions:", "\nreigons:")),
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


PLAN = """dxcheck: plan/1
id: p
region: r
title: {vi: T}
issued: 2024-02-20
indicators:
  - id: x.a
    name: A
    unit: percent
    baseline: {year: 2020, value: 40}
    targets: {2025: ">= 90"}
  - {id: x.rank, name: R, unit: rank, targets: {2025: top 10}}
"""
ACTUALS = """dxcheck: actuals/1
year: 2024
as_of: 2025-01-15
region: r
values:
  x.a: 50
  x.b: {numerator: 1, denominator: 2, year: 2023}
"""


@pytest.mark.parametrize(
    ("kind", "wrong", "valid"),
    [
        ("actuals", ("year: 2024", 'year: "2024"'), False),  # a quoted year
        ("plan", ("{year: 2020,", '{year: "2020",'), False),
        ("actuals", ("year: 2023", 'year: "2023"'), False),
        ("plan", ("{2025:", '{"2025":'), True),  # a key is text to JSON: a quoted year key is a year
        ("plan", ("{2025:", "{1800:"), False),
        ("plan", ("{2025:", "{20250:"), False),
        ("plan", ("{2025:", "{2021..2025:"), True),  # v1.1: a range of years
        ("plan", ("{2025:", '{"2021 .. 2025":'), True),
        ("plan", ("{2025:", '{"2025..2021":'), False),
        ("plan", ("{2025:", '{"2025..2025":'), False),
        ("plan", ("{2025:", '{"1899..2025":'), False),
        ("plan", ("{2025:", '{"2021..2201":'), False),
        ("plan", ("{2025:", '{"2021...2025":'), False),
        ("plan", ("{2025:", '{"2021-2025":'), False),
        ("plan", ('">= 90"', '"81..86"'), True),  # v1.1: a range target
        ("plan", ('">= 90"', '"81% .. 86%"'), True),
        ("plan", ('">= 90"', '"81 - 86"'), False),
        ("plan", ('">= 90"', '"81...86"'), False),
        ("plan", ('">= 90"', '"..86"'), False),
        ("actuals", ("numerator: 1,", 'numerator: "1",'), False),  # numbers in quotes
        ("plan", ("value: 40", 'value: "40"'), False),
        ("actuals", ("x.a: 50", 'x.a: "50"'), True),  # ...but a figure may be an expression: "50" is one
        ("actuals", ("x.a: 50", "x.a: 1e1"), True),
        ("actuals", ("x.a: 50", "x.a: '~50'"), True),
        ("actuals", ("x.a: 50", "x.a: '~50 ±2'"), True),  # v1.1: a value may give its tolerance
        ("actuals", ("x.a: 50", "x.a: '~50% ±2.5%'"), True),
        ("actuals", ("x.a: 50", "x.a: '~50 ±-2'"), False),
        ("actuals", ("x.a: 50", "x.a: '40..60'"), True),
        ("actuals", ("x.a: 50", "x.a: '40% .. 60%'"), True),
        ("actuals", ("x.a: 50", "x.a: '40..'"), False),
        ("actuals", ("x.a: 50", "x.a: '40 - 60'"), False),
        ("actuals", ("x.a: 50", "x.a: {value: 50, as_of: 2024-09-30}"), True),
        ("actuals", ("x.a: 50", "x.a: [{value: 40, as_of: 2024-06-30}, 50]"), True),
        ("actuals", ("x.a: 50", "x.a: {value: 50, as_of: '2024-9-30'}"), False),
        ("actuals", ("x.a: 50", "x.a: {value: 5, of: 34}"), True),
        ("actuals", ("x.a: 50", "x.a: {value: 5, of: 0}"), False),
        ("actuals", ("x.a: 50", "x.a: {value: 5, of: 3.5}"), False),
        ("actuals", ("x.a: 50", "x.a: {value: 5, of: '34'}"), False),
        ("actuals", ("x.a: 50", "x.a: '= 50'"), False),
        ("actuals", ("x.a: 50", "x.a: '50,5'"), False),
        ("plan", ('">= 90"', '"90"'), True),
        ("plan", ('">= 90"', '"~90 ±2"'), True),
        ("plan", ('">= 90"', '"≥ 90"'), True),
        ("plan", ('">= 90"', '"~ nearly 90"'), False),
        ("plan", ("top 10", "TOP 10"), True),
        ("plan", ("top 10", "top ten"), False),
        ("plan", ("issued: 2024-02-20", 'issued: "2024-02-20"'), True),
        ("plan", ("issued: 2024-02-20", "issued: 2024-2-20"), False),
        ("plan", ("issued: 2024-02-20", "issued: 20.02.2024"), False),
        ("actuals", ("as_of: 2025-01-15", "as_of: '2025-02-30'"), False),
        ("plan", ("{vi: T}", "{vi: T, en: }"), True),
        ("plan", ("{vi: T}", "{vi: }"), False),
        ("actuals", ("region: r\nvalues:", "regions:\n  Thanh Hoa:\n    values:"), False),
        ("plan", ("id: x.a", "id: x." + "a" * 98), True),  # ids up to 100 characters
        ("plan", ("id: x.a", "id: x." + "a" * 99), False),
        ("actuals", ("region: r\n", "region: " + "r" * 101 + "\n"), False),
    ],
    ids=lambda case: str(case[1]) if isinstance(case, tuple) else str(case),
)
def test_the_schema_and_validate_agree(
    dx: Callable[..., Run],
    write: Callable[[str, str], str],
    kind: str,
    wrong: tuple[str, str],
    valid: bool,
) -> None:
    base = PLAN if kind == "plan" else ACTUALS
    assert wrong[0] in base
    text = base.replace(wrong[0], wrong[1], 1)
    run = dx("validate", write(f"{kind}.yaml", text))
    verdicts = {reader: _errors(kind, text, reader) == [] for reader in READERS}
    assert (run.code == 0, verdicts) == (valid, dict.fromkeys(READERS, valid)), run
