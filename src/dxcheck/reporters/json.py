"""The JSON result, `result/1` (and `check/1` for a whole check): the machine-readable contract."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, assert_never

from dxcheck.reporters import RenderOptions, ending_of
from dxcheck.results import AnyReport, Scope


def dumps(document: Any) -> str:
    """Indented JSON in which a mapping or list of plain values (a row, the summary) is one line.

    Readable in a terminal and in a diff, one row per line, and fast: each line is written by the
    C encoder, which `json.dumps(indent=...)` never uses.
    """
    pieces: list[str] = []
    _layout(document, "", pieces)
    pieces.append("\n")
    return "".join(pieces)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


# a Decimal goes through the C encoder as text between two NULs, whose escapes are then cut with its
# quotes; a line whose own text holds a NUL (the count tells) is joined value by value instead
_MARK, _OPEN, _CLOSE, _ESCAPED = "\x00", '"\\u0000', '\\u0000"', "\\u0000"


def _number(value: Decimal) -> str:
    """A finite Decimal as a JSON number, digit for digit: `99.66`, `0.6451612903225806451612903226`."""
    if not value.is_finite():
        raise ValueError(f"no JSON number for {value}")
    return format(value, "f")


class _Keys(dict[str, str]):
    """Each key's JSON text and its colon, written once: a report repeats a row's keys 40,000 times."""

    def __missing__(self, key: object) -> str:
        if type(key) is not str:
            raise KeyError(key)  # a key of another kind is the encoder's to write
        text = self[key] = _encode(key) + ": "
        return text


_KEYS = _Keys()
# the writer of each plain kind of value, called by type: a bool or None is a look-up, a str or an
# int what the encoder itself calls; a Decimal digit for digit
_PLAIN: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    Decimal: _number,
    type(None): {None: "null"}.__getitem__,
    bool: {True: "true", False: "false"}.__getitem__,
}


def _row(value: dict[Any, Any]) -> str | None:
    """A mapping of plain values (a row) as one line, each value by its kind's writer: a third faster
    than the encoder on a copy with marked Decimals. None when a key or value is of another kind."""
    try:
        return "{" + ", ".join([_KEYS[k] + _PLAIN[type(item)](item) for k, item in value.items()]) + "}"
    except KeyError:  # a list, a float, a str subclass: the encoder's
        return None


def _compact(value: Any) -> str:
    """One line of JSON in which a Decimal is the exact number it holds: `0.34`, not `0.34000000000000002`."""
    if type(value) is dict:
        if (line := _row(value)) is not None:
            return line
        if not _holds_decimal(value.values()):
            return _encode(value)
        count = 0
        marked: dict[Any, Any] = {}
        for key, item in value.items():
            if type(item) is Decimal:
                marked[key] = f"{_MARK}{_number(item)}{_MARK}"
                count += 1
            else:
                marked[key] = item
        text = _encode(marked)
        if text.count(_ESCAPED) == 2 * count:
            return text.replace(_OPEN, "").replace(_CLOSE, "")
        return "{" + ", ".join(f"{_encode(key)}: {_compact(item)}" for key, item in value.items()) + "}"
    if type(value) is list:
        if _holds_decimal(value):
            return "[" + ", ".join(_compact(item) for item in value) + "]"
        return _encode(value)
    if type(value) is Decimal:
        return _number(value)
    return _encode(value)


def _holds_decimal(values: Iterable[Any]) -> bool:
    for value in values:  # noqa: SIM110 - a loop, not any(): no generator per row of a large report
        if type(value) is Decimal:
            return True
    return False


def _is_plain(values: Iterable[Any]) -> bool:
    for value in values:  # noqa: SIM110 - a loop, not all(): no generator per row of a large report
        if isinstance(value, dict | list):
            return False
    return True


def _layout(value: Any, indent: str, pieces: list[str]) -> None:
    """Append the text of `value` to `pieces`: plain values, and collections of them, on one line."""
    if isinstance(value, dict) and not _is_plain(value.values()):
        inner = indent + "  "
        pieces.append("{")
        for i, (key, item) in enumerate(value.items()):
            pieces.append(("," if i else "") + f"\n{inner}{_compact(key)}: ")
            _layout(item, inner, pieces)
        pieces.append(f"\n{indent}}}")
    elif isinstance(value, list) and not _is_plain(value):
        inner = indent + "  "
        pieces.append("[")
        for i, item in enumerate(value):
            pieces.append(("," if i else "") + f"\n{inner}")
            line = _row(item) if type(item) is dict else None
            if line is None:
                _layout(item, inner, pieces)
            else:
                pieces.append(line)  # a row: the common case, without the recursion
        pieces.append(f"\n{indent}]")
    else:
        pieces.append(_compact(value))


def render_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """`result/1` for a plan (compare), `check/1` for a repository (check)."""
    match report.scope:
        case Scope.PLAN:
            for result in report.results:
                yield dumps(result.as_dict(options.lang))
        case Scope.REPOSITORY:
            yield from _check_pieces(report, options)
        case _:
            assert_never(report.scope)


def _check_pieces(report: AnyReport, options: RenderOptions) -> Iterator[str]:
    """`check/1`, one plan's result at a time: written as it comes, a national repository's report
    never stands in memory whole, as dicts or as text; what follows the results comes once they are out."""
    pieces = ['{\n  "dxcheck": "check/1",\n  "results": ']
    count = 0
    for count, one in enumerate(report.results, 1):
        pieces.append(("[" if count == 1 else ",") + "\n    ")
        _layout(one.as_dict(options.lang), "    ", pieces)
        yield "".join(pieces)
        pieces.clear()
    pieces.append("\n  ]" if count else "[]")
    for key, value in ending_of(report).as_dict(options.lang, with_results=False).items():
        if key not in {"dxcheck", "results"}:
            pieces.append(f",\n  {_compact(key)}: ")
            _layout(value, "  ", pieces)
    pieces.append("\n}\n")
    yield "".join(pieces)
