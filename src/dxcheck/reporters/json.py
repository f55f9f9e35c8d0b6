"""The JSON result, `result/1` (and `check/1` for a whole check): the machine-readable contract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dxcheck.reporters import RenderOptions
from dxcheck.results import Result

if TYPE_CHECKING:
    from dxcheck.repository import CheckResult


def dumps(document: Any) -> str:
    """Indented JSON in which a mapping or list of plain values (a row, the summary) is one line.

    Readable in a terminal and in a diff, one row per line, and fast: each line is written by the
    C encoder, which `json.dumps(indent=...)` never uses.
    """
    return "".join(_layout(document, "")) + "\n"


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _layout(value: Any, indent: str) -> Iterator[str]:
    if isinstance(value, dict) and value and any(isinstance(v, dict | list) for v in value.values()):
        inner = indent + "  "
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("," if i else "") + f"\n{inner}{_compact(key)}: "
            yield from _layout(item, inner)
        yield f"\n{indent}}}"
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        inner = indent + "  "
        yield "["
        for i, item in enumerate(value):
            yield ("," if i else "") + f"\n{inner}"
            yield from _layout(item, inner)
        yield f"\n{indent}]"
    else:
        yield _compact(value)


def render(result: Result, options: RenderOptions) -> str:
    return dumps(result.as_dict(options.lang))


def render_check(result: CheckResult, options: RenderOptions) -> str:
    # the same text as dumps(result.as_dict()), but one plan's result at a time: a national
    # repository's rows never stand as dicts all at once
    pieces = ["{"]
    for i, (key, value) in enumerate(result.as_dict(options.lang, with_results=False).items()):
        pieces.append(("," if i else "") + f"\n  {_compact(key)}: ")
        if key != "results" or not result.results:
            pieces.extend(_layout(value, "  "))
            continue
        pieces.append("[")
        for j, one in enumerate(result.results):
            pieces.append(("," if j else "") + "\n    ")
            pieces.extend(_layout(one.as_dict(options.lang), "    "))
        pieces.append("\n  ]")
    pieces.append("\n}\n")
    return "".join(pieces)
