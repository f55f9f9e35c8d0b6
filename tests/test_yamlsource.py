"""The YAML reader: what one walk over the events reads, the problems it places, where each node is."""

from __future__ import annotations

import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from dxcheck import yamlsource, yamlwalk
from dxcheck.files import Source, read_source
from dxcheck.loading import PlanFile, load_file
from dxcheck.yamlsource import MAX_DEPTH, MAX_SCALAR, parse, place

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [*ROOT.glob("plans/*.yaml"), *ROOT.glob("actuals/*.yaml"), *(ROOT / "tests/fixtures").iterdir()]
)
NFD_E = unicodedata.normalize("NFD", "é")

ANCHORS = "anchors (&x) and aliases are not supported: write the value out"
ALIASES = "aliases (*name) are not supported: write the value out"
DUPLICATE = ": it is already set above, and YAML readers would silently keep only one of the two"
MERGE = "merge keys (<<) are not supported: write the keys out"
NOT_A_KEY = "a key must be text or a whole number"
QUOTE_IT = " (quote it if it is meant as text)"
SEVERAL = "several YAML documents in one file: put each in its own file"
EMPTY = "the file is empty: expected a mapping with a 'dxcheck:' key"
INDENTATION = " (check the indentation of this line and the line above, and that each has 'key: value')"


def tags(tag: str) -> str:
    return f"explicit tags ({tag}) are not allowed: dxcheck reads plain YAML only; remove the tag"


# (name, text, the data read, its problems as "LINE:COL: LOCATION: MESSAGE", whether reading stopped)
ODD: list[tuple[str, str, Any, list[str], bool]] = [
    ("anchor", "a: &x 1\nb: 2\n", {"a": 1, "b": 2}, [f"1:4: a: {ANCHORS}"], False),
    ("alias", "a: &x 1\nb: *x\n", {"a": 1, "b": None}, [f"1:4: a: {ANCHORS}", f"2:4: b: {ALIASES}"], False),
    ("anchored mapping", "a: &x {b: 1}\n", {"a": {"b": 1}}, [f"1:4: a: {ANCHORS}"], False),
    ("tag", "a: !!str 1\n", {"a": "1"}, [f"1:4: a: {tags('!!str')}"], False),
    ("tag on a mapping", "a: !thing {b: 1}\n", {"a": {"b": 1}}, [f"1:4: a: {tags('!thing')}"], False),
    ("tag on a list", "a: !!seq [1]\n", {"a": [1]}, [f"1:4: a: {tags('!!seq')}"], False),
    ("non-specific tag", "a: ! 1\n", {"a": "1"}, [], False),
    (
        "duplicate key",
        "a: 1\nb: 2\na: 3\n",
        {"a": 1, "b": 2},
        [f"3:1: a: duplicate key 'a'{DUPLICATE}"],
        False,
    ),
    (
        "duplicate key, NFC and NFD",
        f"é: 1\n{NFD_E}: 2\n",
        {"é": 1},
        [f"2:1: é: duplicate key 'é'{DUPLICATE}"],
        False,
    ),
    (
        "duplicate key, tone placement",
        "Hoá: 1\nHóa: 2\n",
        {"Hoá": 1},
        [f"2:1: Hóa: duplicate key 'Hóa' (the same as 'Hoá'){DUPLICATE}"],
        False,
    ),
    (
        "duplicate key, number and text",
        '2025: 1\n"2025": 2\n',
        {2025: 1},
        [f"2:1: 2025: duplicate key '2025' (the same as 2025){DUPLICATE}"],
        False,
    ),
    (
        "duplicate key, in a nested mapping",
        "a: {x: 1, y: 2, x: 3}\n",
        {"a": {"x": 1, "y": 2}},
        [f"1:17: a.x: duplicate key 'x'{DUPLICATE}"],
        False,
    ),
    ("merge key", "<<: {a: 1}\nb: 2\n", {"b": 2}, [f"1:1: $: {MERGE}"], False),
    ("quoted merge key", '"<<": 1\n', {}, [f"1:1: $: {MERGE}"], False),
    ("list key", "? [a, b]\n: 1\n", {}, [f"1:3: $: {NOT_A_KEY}"], False),
    ("mapping key", "? {a: 1}\n: 1\n", {}, [f"1:3: $: {NOT_A_KEY}"], False),
    ("null key", "~: 1\n", {}, [f"1:1: $: {NOT_A_KEY}"], False),
    (
        "empty key",
        ": 1\n",
        None,
        [f"1:1: $: invalid YAML: did not find expected key while parsing a block mapping{INDENTATION}"],
        True,
    ),
    ("bool key", "true: 1\n", {}, [f"1:1: $: {NOT_A_KEY}{QUOTE_IT}"], False),
    ("decimal key", "1.5: 1\n", {}, [f"1:1: $: {NOT_A_KEY}{QUOTE_IT}"], False),
    (
        "depth 33",
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        None,
        [f"1:33: {'[0]' * MAX_DEPTH}: nesting deeper than 32 levels: dxcheck files are flatter than this"],
        True,
    ),
    ("second document", "a: 1\n---\nb: 2\n", {"a": 1}, [f"2:1: $: {SEVERAL}"], False),
    (
        "broken second document",
        "a: 1\n---\nb: [\n",
        {"a": 1},
        [
            f"2:1: $: {SEVERAL}",
            "4:1: $: invalid YAML: did not find expected node content while parsing a flow node",
        ],
        True,
    ),
    ("empty file", "", None, [f"1:1: $: {EMPTY}"], True),
    ("comment only", "# nothing here\n", None, [f"1:1: $: {EMPTY}"], True),
    (
        "syntax error",
        "a: [1, 2\nb: 3\n",
        None,
        ["2:2: $: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"],
        True,
    ),
    (
        "syntax error late",
        "a: 1\nb: 2\nc: d: e\n",
        None,
        [f"3:5: $: invalid YAML: mapping values are not allowed in this context{INDENTATION}"],
        True,
    ),
    (
        "tab indentation",
        "a:\n\tb: 1\n",
        None,
        [
            "2:1: $: invalid YAML: found character that cannot start any token while scanning for the next "
            "token (tabs cannot indent YAML: use spaces)"
        ],
        True,
    ),
    (
        "control character",
        "a: \x01\n",
        None,
        [
            "1:4: $: invalid YAML: control characters are not allowed (character U+0001 cannot appear in "
            "YAML: remove it)"
        ],
        True,
    ),
    (
        "long scalar",
        "a: " + "x" * (MAX_SCALAR + 1) + "\n",
        {"a": "x" * MAX_SCALAR},
        ["1:4: a: text longer than 100000 characters"],
        False,
    ),
    (
        "number out of range",
        "a: 1e999999\n",
        {"a": None},
        ["1:4: a: number 1e999999 is out of range (more than 30 digits)"],
        False,
    ),
    (
        "every problem at once",
        "a: &x !!str 1\na: *x\n<<: 1\n? [1]\n: 2\n---\n",
        {"a": "1"},
        [
            f"1:4: a: {ANCHORS}",
            f"1:4: a: {tags('!!str')}",
            f"2:1: a: duplicate key 'a'{DUPLICATE}",
            f"2:4: $: {ALIASES}",
            f"3:1: $: {MERGE}",
            f"4:3: $: {NOT_A_KEY}",
            f"6:1: $: {SEVERAL}",
        ],
        False,
    ),
    (
        "unquoted bound read as an empty folded text",
        "a: >5\nb: 1\n",
        {"a": "", "b": 1},
        [
            "1:4: a: the value is empty: YAML reads a value that starts with '>' as a folded text (an "
            "expression such as '>5' must be in quotes: write a: '>5')"
        ],
        False,
    ),
    ("empty folded text", "a: >\nb: 1\n", {"a": "", "b": 1}, [], False),
    (
        "unquoted comparison",
        "a: >= 70\n",
        None,
        [
            "1:4: $: invalid YAML: did not find expected comment or line break while scanning a block scalar "
            "(an expression such as '>= 70' must be in quotes: write a: '>= 70')"
        ],
        True,
    ),
    (
        "unclosed quote",
        'a: "x\nb: 1\n',
        None,
        [
            "1:4: $: invalid YAML: found unexpected end of stream while scanning a quoted scalar (a quoted "
            'text that is never closed: add the closing ")'
        ],
        True,
    ),
    ("folded text", "a: >\n  x\nb: 1\n", {"a": "x\n", "b": 1}, [], False),
    ("empty quoted text", "a: ''\nb: \"\"\n", {"a": "", "b": ""}, [], False),
    ("longest scalar", "a: " + "x" * MAX_SCALAR + "\n", {"a": "x" * MAX_SCALAR}, [], False),
    ("whole-number key", "2025: 1\n2026: 2\n", {2025: 1, 2026: 2}, [], False),
    ("number and text keys apart", '2025: 1\n"2026": 2\n', {2025: 1, "2026": 2}, [], False),
    ("same key in two mappings", "a: {x: 1}\nb: {x: 2}\n", {"a": {"x": 1}, "b": {"x": 2}}, [], False),
    ("YAML 1.1 hexadecimal", "a: 0x1F\n", {"a": "0x1F"}, [], False),
    ("YAML 1.1 boolean", "a: yes\n", {"a": "yes"}, [], False),
    ("nan", "a: .nan\n", {"a": ".nan"}, [], False),
    ("quoted yes", 'a: "yes"\n', {"a": "yes"}, [], False),
    ("quoted number", "a: '1.50'\nb: 1.50\n", {"a": "1.50", "b": Decimal("1.50")}, [], False),
    ("non-NFC value", f"a: {NFD_E}\n", {"a": "é"}, [], False),
    ("non-NFC quoted value", f'a: "{NFD_E}"\n', {"a": "é"}, [], False),
    ("non-NFC key", f"{NFD_E}: 1\n", {"é": 1}, [], False),
    (
        "repeated values",
        "a: [1, 1, x, x, 'x', null, ~]\nb: {c: 1.0, d: 1.00}\n",
        {"a": [1, 1, "x", "x", "x", None, None], "b": {"c": Decimal("1.0"), "d": Decimal("1.00")}},
        [],
        False,
    ),
    ("scalar document", "42\n", 42, [], False),
    ("list document", "- 1\n- [2, {a: b}]\n", [1, [2, {"a": "b"}]], [], False),
    ("empty document", "---\n", None, [], False),
    ("explicit document", "--- \na: 1\n...\n", {"a": 1}, [], False),
    ("comment after the document", "a: 1\n# the end\n", {"a": 1}, [], False),
]


@pytest.mark.parametrize(("name", "text", "data", "problems", "stopped"), ODD, ids=[case[0] for case in ODD])
def test_odd_documents_read_exactly(
    name: str, text: str, data: Any, problems: list[str], stopped: bool
) -> None:
    parsed = parse(Source(f"{name}.yaml", text))
    assert [f"{p.line}:{p.column}: {p.location}: {p.message}" for p in parsed.problems] == problems
    assert all(p.file == f"{name}.yaml" for p in parsed.problems)
    assert parsed.data == data
    assert parsed.fatal is stopped


def test_depth_32_is_read() -> None:
    parsed = parse(Source("deep.yaml", "[" * MAX_DEPTH + "]" * MAX_DEPTH))
    data: Any = parsed.data
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == []
    assert not parsed.problems and not parsed.fatal


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_shipped_files_read_without_problems_and_place_every_key_where_it_is_written(path: Path) -> None:
    source = read_source(str(path))
    assert isinstance(source, Source)
    parsed = parse(source)
    assert not parsed.problems and not parsed.fatal
    lines = source.text.split("\n")
    for key_path, key in _keys(parsed.data):
        line, column, _ = parsed.positions.locate(key_path, at_key=True)
        written = lines[line - 1][column - 1 :]
        assert written.lstrip("'\"").startswith(str(key)), (key_path, line, column)


def _keys(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    found: list[tuple[tuple[str | int, ...], Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for step, value in items:
        if isinstance(data, dict):
            found.append(((*path, str(step)), step))
        found += _keys(value, (*path, step if isinstance(data, list) else str(step)))
    return found


def test_values_keep_their_types() -> None:
    data = parse(Source("f.yaml", "2025: 0x1F\nb: [1, 1.50, '1', true, null, no]\n")).data
    assert data == {2025: "0x1F", "b": [1, Decimal("1.50"), "1", True, None, "no"]}
    assert [type(value) for value in data["b"]] == [int, Decimal, str, bool, type(None), str]


@pytest.mark.parametrize(("nodes", "refused"), [(10, False), (11, True)])
def test_the_node_limit_counts_every_value(
    monkeypatch: pytest.MonkeyPatch, nodes: int, refused: bool
) -> None:
    monkeypatch.setattr(yamlwalk, "MAX_NODES", 10)
    text = "a: [" + ", ".join(["1"] * (nodes - 3)) + "]\n"  # the mapping, its key, the list, its items
    parsed = parse(Source("nodes.yaml", text))
    assert [p.message for p in parsed.problems] == (
        ["more than 10 values in one file: split it into several files"] if refused else []
    )
    assert parsed.fatal is refused


def test_a_hostile_file_is_left_at_the_depth_limit(reads: list[int]) -> None:
    # a million open brackets: reading stops at MAX_DEPTH, or where libyaml's own limit stops it and
    # then, reading up to there again, at MAX_DEPTH
    counts = reads
    parsed = parse(Source("deep.yaml", "a: " + "[" * 1_000_000 + "]" * 1_000_000))
    assert [(p.line, p.column, p.message) for p in parsed.problems] == [
        (1, 4 + MAX_DEPTH - 1, f"nesting deeper than {MAX_DEPTH} levels: dxcheck files are flatter than this")
    ]
    assert parsed.fatal
    assert len(counts) <= 2
    assert max(counts) < 2 * MAX_DEPTH


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


# --- positions ------------------------------------------------------------------------------------

BLOCK = """\
dxcheck: plan/1
title: {vi: "Kế hoạch", en: Plan}
indicators:
  - id: a
    targets:
      2025: '>= 90'
      "2026": 95
  - [x, y]
"""
# (path, at_key, line, column, location): what an editor shows for BLOCK
BLOCK_PLACES: list[tuple[tuple[str | int, ...], bool, int, int, str]] = [
    ((), False, 1, 1, "$"),
    (("dxcheck",), False, 1, 10, "dxcheck"),
    (("dxcheck",), True, 1, 1, "dxcheck"),
    (("title",), False, 2, 8, "title"),
    (("title", "vi"), False, 2, 13, "title.vi"),
    (("title", "en"), True, 2, 25, "title.en"),
    (("title", "en"), False, 2, 29, "title.en"),
    (("indicators",), False, 4, 3, "indicators"),
    (("indicators", 0), False, 4, 5, "indicators[0]"),
    (("indicators", 0, "id"), True, 4, 5, "indicators[0].id"),
    (("indicators", 0, "id"), False, 4, 9, "indicators[0].id"),
    (("indicators", 0, "targets", "2025"), True, 6, 7, "indicators[0].targets.2025"),
    (("indicators", 0, "targets", 2025), False, 6, 13, "indicators[0].targets.2025"),
    (("indicators", 0, "targets", "2026"), False, 7, 15, "indicators[0].targets.2026"),
    (("indicators", 1), False, 8, 5, "indicators[1]"),
    (("indicators", 1, 1), False, 8, 9, "indicators[1][1]"),
    (("indicators", 1, 1), True, 8, 9, "indicators[1][1]"),
    # a key the document lacks: placed at the mapping that should hold it, and named
    (("indicators", 0, "name"), False, 4, 5, "indicators[0].name"),
    (("indicators", 0, "name", "vi"), False, 4, 5, "indicators[0].name.vi"),
    (("nothing", 3), False, 1, 1, "nothing.3"),
    # an index past the end of a list: placed at the list
    (("indicators", 5, "id"), False, 4, 3, "indicators"),
    # an index into a mapping or a single value is skipped: a single value stands for a list of one
    (("title", 0, "vi"), False, 2, 13, "title.vi"),
    (("dxcheck", 0), False, 1, 10, "dxcheck"),
    # past a single value: placed at it
    (("dxcheck", "x", "y"), False, 1, 10, "dxcheck"),
]


@pytest.mark.parametrize(
    ("text", "how"),
    [
        (BLOCK, "LF"),
        (BLOCK.replace("\n", "\r\n"), "CRLF"),
        ("# a comment\n" + BLOCK, "a line above"),
    ],
    ids=lambda value: value if value in {"LF", "CRLF", "a line above"} else "",
)
def test_positions_are_where_an_editor_shows_each_node(text: str, how: str) -> None:
    positions = parse(Source("f.yaml", text)).positions
    shift = 1 if how == "a line above" else 0
    for path, at_key, line, column, location in BLOCK_PLACES:
        assert positions.locate(path, at_key) == (line + shift, column, location), (path, at_key)


def test_a_bom_is_not_a_column(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BLOCK.replace("\n", "\r\n").encode())
    source = read_source(str(path))
    assert isinstance(source, Source)
    positions = parse(source).positions
    for place_path, at_key, line, column, location in BLOCK_PLACES:
        assert positions.locate(place_path, at_key) == (line, column, location)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_in_a_text_do_not_start_lines(separator: str) -> None:
    text = f'title: "Kế{separator}hoạch"\nt: {{a: "x{separator}y", b: 1}}\nc: 2\n'
    positions = parse(Source("f.yaml", text)).positions
    assert positions.locate(("title",)) == (1, 8, "title")
    assert positions.locate(("t", "b"), at_key=True) == (2, 15, "t.b")
    assert positions.locate(("t", "b")) == (2, 18, "t.b")
    assert positions.locate(("c",), at_key=True) == (3, 1, "c")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_positions_without_their_text_place_every_node_where_they_did(separator: str) -> None:
    # a check keeps each plan's places but lets its text go
    text = f'title: "Kế{separator}hoạch"\nt: {{a: "x{separator}y", b: 1}}\nc: [2, 3]\n'
    positions = parse(Source("f.yaml", text)).positions
    paths = [("title",), ("t", "a"), ("t", "b"), ("c", 1), ("c",), ("missing",)]
    before = [positions.locate(path, at_key) for path in paths for at_key in (False, True)]
    positions.release_text()
    assert positions.text == ""
    assert [positions.locate(path, at_key) for path in paths for at_key in (False, True)] == before
    assert positions.locate(("c", 1)) == (3, 8, "c[1]")


# texts whose lines libyaml and editors might count differently
LINE_TEXTS = [
    BLOCK,
    BLOCK.replace("\n", "\r\n"),
    "a: 1\rb: [2,\r 3]\r",  # CR alone ends a line to libyaml
    'a: "x\u2028y"\nb: [1,\n 2]\n',
    "a: 'x\x85y'\r\nb: {c: 1}\r\n",
    "\ufeffa: 1\nb: [1, 2]\n",  # a second BOM, left in the text after decoding
    "?    nam",  # the empty value that libyaml places on a line it adds at the end
    "a:\n  b:",
    "- - - x\n  - y\n- z",
]


@pytest.mark.parametrize("text", LINE_TEXTS)
def test_positions_are_where_the_parser_marks_each_node(text: str) -> None:
    # every node, in document order, is where `place` puts the parser's mark for it: the place the
    # reader's own problems are given
    positions = parse(Source("f.yaml", text)).positions
    parser = yamlsource._Parser(text)  # type: ignore[attr-defined]  # imported, not exported
    starts = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    marks = [event.start_mark for event in iter(parser.get_event, None) if isinstance(event, starts)]
    assert len(marks) == len(positions.labels)
    assert [positions.line_column(node) for node in range(len(marks))] == [
        place(text, mark) for mark in marks
    ]


def test_a_duplicate_key_is_located_at_the_first_one_and_the_second_document_is_not_located() -> None:
    positions = parse(Source("f.yaml", "a: 1\nb: 2\na: 3\n---\nc: 4\n")).positions
    assert positions.locate(("a",)) == (1, 4, "a")
    assert positions.locate(("c",)) == (1, 1, "c")


def test_an_empty_file_is_located_at_its_start() -> None:
    positions = parse(Source("f.yaml", "")).positions
    assert positions.locate(("indicators", 0, "id")) == (1, 1, "indicators.0.id")


def test_a_long_key_is_cut_short_in_the_location() -> None:
    key = "k" * 100
    positions = parse(Source("f.yaml", f"{key}:\n  b: 1\n")).positions
    assert positions.locate((key, "b")) == (2, 6, "k" * 60 + "….b")


def test_a_loaded_file_locates_without_reading_again(reads: list[int]) -> None:
    loaded = load_file(str(ROOT / "tests/fixtures/plan.yaml"))
    assert isinstance(loaded, PlanFile)
    reads.clear()
    counts = reads
    target = ("indicators", 0, "targets", str(min(loaded.plan.indicators[0].targets)))
    line, column, location = loaded.locate(target)
    assert counts == []
    assert (line, column, location) == parse(loaded.source).positions.locate(target)


def test_positions_cost_a_few_bytes_a_node() -> None:
    source = read_source(str(ROOT / "plans/thanhhoa-2025.yaml"))
    assert isinstance(source, Source)
    positions = parse(source).positions
    held = (positions.lines, positions.columns, positions.labels, positions.collections, positions.ends)
    nodes = len(positions.labels)
    assert sum(sys.getsizeof(part) for part in held) < 24 * nodes + 1000
