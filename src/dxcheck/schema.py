"""JSON Schemas of the two file formats, from the pydantic models: for editors and check-jsonschema."""

from __future__ import annotations

import json
from typing import Any

from dxcheck.models import MAX_YEAR, MIN_YEAR, Actuals, Plan

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"

_TARGET_SPEC = {"$ref": "#/$defs/TargetSpec"}
_VALUE_SPECS = {"items": {"$ref": "#/$defs/ValueSpec"}, "type": "array"}
# the short forms the models accept before validation (`2025: ">= 90"`, `gov.online: 85`) are not in
# pydantic's output, which describes the models after it; editors must accept what people write
_TARGET = {"anyOf": [{"$ref": "#/$defs/TargetSpec/properties/target"}, _TARGET_SPEC]}
_VALUE = {"anyOf": [{"$ref": "#/$defs/ValueSpec/properties/value"}, {"$ref": "#/$defs/ValueSpec"}]}
# an empty list is an indicator without a figure yet, as `dxcheck init actuals` writes it
_VALUES = {"anyOf": [_VALUE, {"type": "array", "items": _VALUE}]}
_YEAR = "(?:19[0-9]{2}|2[01][0-9]{2}|2200)"


def _earlier_later() -> str:
    """A pattern for `Y1..Y2` with Y1 < Y2: the years agree up to a digit where Y1's is smaller.

    Each branch captures the digits the years share and asks Y2 to repeat them (a backreference,
    the same in ECMA-262 and Python's re); the lookahead keeps both years in range.
    """
    branches, group = [], 0
    for shared in range(4):
        rest = "[0-9]" * (3 - shared)
        for digit in range(9):
            if shared:
                group += 1
                head, again = f"([0-9]{{{shared}}})", f"\\{group}"
            else:
                head = again = ""
            branches.append(f"{head}{digit}{rest}\\s*\\.\\.\\s*{again}[{digit + 1}-9]{rest}")
    ends = f"(?=\\s*{_YEAR}\\s*\\.\\.\\s*{_YEAR}\\s*$)"
    return f"{ends}\\s*(?:{'|'.join(branches)})\\s*"


# a year key is text in JSON (and to check-jsonschema's YAML reader), a number to PyYAML's safe_load;
# a range of years `2021..2025` is text to every reader
_YEAR_KEY = {
    "type": ["string", "integer"],
    "pattern": f"^(?:{_YEAR}|{_earlier_later()})$",
    "minimum": MIN_YEAR,
    "maximum": MAX_YEAR,
}


def _short_forms(node: Any) -> Any:
    if isinstance(node, list):
        return [_short_forms(item) for item in node]
    if not isinstance(node, dict):
        return node
    patched = {key: _short_forms(value) for key, value in node.items()}
    properties = patched.get("properties")
    if isinstance(properties, dict):
        # pydantic leaves out the title of a field that refers to a definition (an enum with a default)
        for name, field in properties.items():
            if isinstance(field, dict) and "title" not in field:
                field["title"] = name.replace("_", " ").capitalize()
    if node.get("additionalProperties") == _TARGET_SPEC:
        patched.update(additionalProperties=_TARGET, propertyNames=_YEAR_KEY)
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict):
        # keys are slugs (indicator ids, regions): a key that is not one is refused, as dxcheck does
        patched["additionalProperties"] = False
        if _VALUE_SPECS in patterns.values():
            patched["patternProperties"] = dict.fromkeys(patterns, _VALUES)
    return patched


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `plan` or `actuals` as a dict."""
    model = Plan if kind == "plan" else Actuals
    exported: dict[str, Any] = _short_forms(model.model_json_schema())
    return {"$schema": SCHEMA_URI, **exported}


def json_schema(kind: str) -> str:
    """The schema of `plan` or `actuals` as stable, indented JSON."""
    return json.dumps(schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
