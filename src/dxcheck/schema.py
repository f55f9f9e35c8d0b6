"""JSON Schemas of the two file formats, exported from the pydantic models."""

from __future__ import annotations

import json

from dxcheck.models import Actuals, Plan

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> str:
    """The schema of `plan` or `actuals` as stable, indented JSON."""
    model = Plan if kind == "plan" else Actuals
    schema = {"$schema": SCHEMA_URI, **model.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
