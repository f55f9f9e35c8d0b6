"""The README documents the file formats: every key a file may have is named in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import ROOT
from dxcheck.schema import schema

README = (ROOT / "README.md").read_text(encoding="utf-8")
YAML_BLOCKS = "\n".join(re.findall(r"```yaml\n(.*?)```", README, flags=re.DOTALL))


def _keys(node: Any) -> Iterator[str]:
    """Every property name of a schema, at every depth ($defs included)."""
    if isinstance(node, dict):
        yield from node.get("properties", {})
        for item in node.values():
            yield from _keys(item)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _is_documented(key: str) -> bool:
    in_yaml = re.search(rf"(?:^|[\s{{,-]){re.escape(key)}:", YAML_BLOCKS, flags=re.MULTILINE)
    return f"`{key}`" in README or in_yaml is not None


@pytest.mark.parametrize("kind", ["plan", "actuals"])
def test_every_key_of_the_format_is_in_the_readme(kind: str) -> None:
    keys = set(_keys(schema(kind)))
    assert {"dxcheck", "targets", "values"} & keys  # the walk finds the keys at all
    assert sorted(key for key in keys if not _is_documented(key)) == []
