"""The fast path of `yamlsource.parse` reads exactly what the full builder reads, or leaves the file to it."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dxcheck import yamlsource
from dxcheck.files import Source
from dxcheck.yamlsource import MAX_DEPTH, MAX_SCALAR, _Bail, _parse_fast, _parse_full, parse

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [*ROOT.glob("plans/*.yaml"), *ROOT.glob("actuals/*.yaml"), *(ROOT / "tests/fixtures").iterdir()]
)
NFD_E = unicodedata.normalize("NFD", "é")

# (name, text, whether the fast path takes it)
ODD: list[tuple[str, str, bool]] = [
    ("anchor", "a: &x 1\nb: 2\n", False),
    ("alias", "a: &x 1\nb: *x\n", False),
    ("anchored mapping", "a: &x {b: 1}\n", False),
    ("tag", "a: !!str 1\n", False),
    ("tag on a mapping", "a: !thing {b: 1}\n", False),
    ("tag on a list", "a: !!seq [1]\n", False),
    ("non-specific tag", "a: ! 1\n", False),
    ("duplicate key", "a: 1\nb: 2\na: 3\n", False),
    ("duplicate key, NFC and NFD", f"é: 1\n{NFD_E}: 2\n", False),
    ("duplicate key, tone placement", "Hoá: 1\nHóa: 2\n", False),
    ("duplicate key, number and text", '2025: 1\n"2025": 2\n', False),
    ("duplicate key, in a nested mapping", "a: {x: 1, y: 2, x: 3}\n", False),
    ("merge key", "<<: {a: 1}\nb: 2\n", False),
    ("quoted merge key", '"<<": 1\n', False),
    ("list key", "? [a, b]\n: 1\n", False),
    ("mapping key", "? {a: 1}\n: 1\n", False),
    ("null key", "~: 1\n", False),
    ("empty key", ": 1\n", False),
    ("bool key", "true: 1\n", False),
    ("decimal key", "1.5: 1\n", False),
    ("depth 33", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), False),
    ("second document", "a: 1\n---\nb: 2\n", False),
    ("broken second document", "a: 1\n---\nb: [\n", False),
    ("empty file", "", False),
    ("comment only", "# nothing here\n", False),
    ("syntax error", "a: [1, 2\nb: 3\n", False),
    ("syntax error late", "a: 1\nb: 2\nc: d: e\n", False),
    ("tab indentation", "a:\n\tb: 1\n", False),
    ("control character", "a: \x01\n", False),
    ("long scalar", "a: " + "x" * (MAX_SCALAR + 1) + "\n", False),
    ("number out of range", "a: 1e999999\n", False),
    ("every problem at once", "a: &x !!str 1\na: *x\n<<: 1\n? [1]\n: 2\n---\n", False),
    ("unquoted bound read as an empty folded text", "a: >5\nb: 1\n", False),
    ("empty folded text", "a: >\nb: 1\n", False),
    ("unquoted comparison", "a: >= 70\n", False),
    ("unclosed quote", 'a: "x\nb: 1\n', False),
    ("folded text", "a: >\n  x\nb: 1\n", True),
    ("empty quoted text", "a: ''\nb: \"\"\n", True),
    ("depth 32", "[" * MAX_DEPTH + "]" * MAX_DEPTH, True),
    ("longest scalar", "a: " + "x" * MAX_SCALAR + "\n", True),
    ("whole-number key", "2025: 1\n2026: 2\n", True),
    ("number and text keys apart", '2025: 1\n"2026": 2\n', True),
    ("same key in two mappings", "a: {x: 1}\nb: {x: 2}\n", True),
    ("YAML 1.1 hexadecimal", "a: 0x1F\n", True),
    ("YAML 1.1 boolean", "a: yes\n", True),
    ("nan", "a: .nan\n", True),
    ("quoted yes", 'a: "yes"\n', True),
    ("quoted number", "a: '1.50'\nb: 1.50\n", True),
    ("non-NFC value", f"a: {NFD_E}\n", True),
    ("non-NFC quoted value", f'a: "{NFD_E}"\n', True),
    ("non-NFC key", f"{NFD_E}: 1\n", True),
    ("repeated values", "a: [1, 1, x, x, 'x', null, ~]\nb: {c: 1.0, d: 1.00}\n", True),
    ("scalar document", "42\n", True),
    ("list document", "- 1\n- [2, {a: b}]\n", True),
    ("empty document", "---\n", True),
    ("explicit document", "--- \na: 1\n...\n", True),
    ("comment after the document", "a: 1\n# the end\n", True),
]


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_files_read_the_same_and_take_the_fast_path(path: Path) -> None:
    source = Source(str(path), path.read_text(encoding="utf-8"))
    full = _parse_full(source)
    assert parse(source) == full
    assert not full.problems
    assert _parse_fast(source.text) == full.data


@pytest.mark.parametrize(("name", "text", "fast"), ODD, ids=[name for name, _, _ in ODD])
def test_odd_documents_read_as_the_full_builder_reads_them(name: str, text: str, fast: bool) -> None:
    source = Source(f"{name}.yaml", text)
    full = _parse_full(source)
    assert parse(source) == full
    if fast:
        assert not full.problems and not full.fatal
        assert _parse_fast(text) == full.data
    else:
        with pytest.raises(_Bail):
            _parse_fast(text)


def test_values_keep_their_types() -> None:
    data = _parse_fast("2025: 0x1F\nb: [1, 1.50, '1', true, null, no]\n")
    assert data == {2025: "0x1F", "b": [1, Decimal("1.50"), "1", True, None, "no"]}
    assert [type(value) for value in data["b"]] == [int, Decimal, str, bool, type(None), str]


@pytest.mark.parametrize(("nodes", "fast"), [(10, True), (11, False)])
def test_the_node_limit_is_the_full_builders(monkeypatch: pytest.MonkeyPatch, nodes: int, fast: bool) -> None:
    monkeypatch.setattr(yamlsource, "MAX_NODES", 10)
    text = "a: [" + ", ".join(["1"] * (nodes - 3)) + "]\n"  # the mapping, its key, the list, its items
    source = Source("nodes.yaml", text)
    full = _parse_full(source)
    assert parse(source) == full
    assert bool(full.problems) is not fast
    if fast:
        assert _parse_fast(text) == full.data
    else:
        with pytest.raises(_Bail):
            _parse_fast(text)


def test_a_hostile_file_is_left_early(monkeypatch: pytest.MonkeyPatch) -> None:
    # a million open brackets: the fast path gives up at the depth limit, not at the end of the text
    events = 0
    real = yamlsource._Parser  # type: ignore[attr-defined]  # imported, not exported

    class Counting(real):  # type: ignore[misc, valid-type]
        def get_event(self) -> Any:
            nonlocal events
            events += 1
            return super().get_event()

    monkeypatch.setattr(yamlsource, "_Parser", Counting)
    with pytest.raises(_Bail):
        _parse_fast("a: " + "[" * 1_000_000 + "]" * 1_000_000)
    assert events < 2 * MAX_DEPTH


@pytest.mark.parametrize("text", ["a: 1\nb: [2, 3]\n", "a: &x 1\n", "a: [\n", ""])
def test_every_parser_is_disposed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    made: list[object] = []
    disposed: list[object] = []
    real = yamlsource._Parser  # type: ignore[attr-defined]  # imported, not exported

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, text: str) -> None:
            super().__init__(text)
            made.append(self)

        def dispose(self) -> None:
            disposed.append(self)
            super().dispose()

    monkeypatch.setattr(yamlsource, "_Parser", Recording)
    parse(Source("any.yaml", text))
    assert made
    assert disposed == made
