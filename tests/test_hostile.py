"""Hostile and broken input (issue 5): exit 2 with a placed error line, or the right answer."""

from __future__ import annotations

import os
import re
import tracemalloc
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Run
from dxcheck import yamlsource
from dxcheck.files import Source
from dxcheck.folding import fold, same_text
from dxcheck.loading import load_file
from dxcheck.scalars import yaml11_hint
from dxcheck.yamlsource import MAX_DEPTH, MAX_NODES, MAX_PROBLEMS

ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<loc>.+?): (?P<msg>.+)$")

PLAN = """\
dxcheck: plan/1
id: p
region: thanhhoa
title: Kế hoạch chuyển đổi số tỉnh Thanh Hóa
indicators:
  - id: a
    name: Tỷ lệ
    unit: percent
    baseline: {year: 2020, value: 50}
    targets:
      2025: '>= 90'
  - id: b
    name: Số trạm
    unit: count
    targets:
      2025: 100
  - id: c
    name: Cổng dữ liệu
    unit: boolean
    targets:
      2025: done
"""

ACTUALS = """\
dxcheck: actuals/1
year: 2024
region: thanhhoa
values:
  a: 80
  b: 50
  c: false
"""


def plan_with(old: str, new: str) -> str:
    assert old in PLAN
    return PLAN.replace(old, new, 1)


def actuals_with(old: str, new: str) -> str:
    assert old in ACTUALS
    return ACTUALS.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    """One hazard: the file's content, the exit code, words of the message and where it is placed.

    `at` is (line, column) of the error line that holds every word; None for a valid file. A column
    of None takes any column of the line: where libyaml may stop before dxcheck does, each version
    places the error where it stopped, and only dxcheck's words are the same.
    `kind` makes something other than a file at the path: missing, dir, symlink, unreadable.
    """

    id: str
    data: str | bytes | None
    code: int
    words: tuple[str, ...] = ()
    at: tuple[int, int | None] | None = None
    args: tuple[str, ...] = ("validate", "{file}")
    env: dict[str, str] = field(default_factory=dict)
    kind: str = "file"


BOMB = "dxcheck: plan/1\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)
)

CASES = [
    # --- YAML hazards -----------------------------------------------------------------------------
    Case(
        "duplicate-key-top",
        "id: q\n" + PLAN.replace("id: p\n", "id: p\nid: q\n", 1),
        2,
        ("duplicate key 'id'",),
        (3, 1),
    ),
    Case(
        "duplicate-key-deep",
        plan_with("      2025: '>= 90'\n", "      2025: '>= 90'\n      2025: '>= 95'\n"),
        2,
        ("indicators[0].targets.2025", "duplicate key 2025"),
        (12, 7),
    ),
    Case(
        "duplicate-key-number-and-text",
        plan_with("      2025: '>= 90'\n", "      2025: '>= 90'\n      '2025': '>= 95'\n"),
        2,
        ("duplicate key '2025' (the same as 2025)",),
        (12, 7),
    ),
    Case(
        "duplicate-key-nfd-and-old-tone",
        ACTUALS + "regions_note:\n  Thanh Hoá: 1\n  " + unicodedata.normalize("NFD", "Thanh Hóa") + ": 2\n",
        2,
        ("duplicate key 'Thanh Hóa' (the same as 'Thanh Hoá')",),
        (10, 3),
    ),
    Case(
        "anchor",
        plan_with("region: thanhhoa", "region: &r thanhhoa"),
        2,
        ("anchors (&r)", "write the value out"),
        (3, 9),
    ),
    Case(
        "alias",
        plan_with("region: thanhhoa", "region: &r thanhhoa\nissued_by: *r"),
        2,
        ("aliases (*name)",),
        (4, 12),
    ),
    Case("billion-laughs", BOMB, 2, ("anchors (&l0)",), (2, 5)),
    Case(
        "merge-key",
        plan_with("    unit: count\n", "    <<: {unit: count}\n"),
        2,
        ("merge keys (<<)",),
        (14, 5),
    ),
    Case(
        "tab-indent",
        plan_with("    unit: count\n", "\tunit: count\n"),
        2,
        ("tabs cannot indent YAML", "use spaces"),
        (14, 1),
    ),
    Case("several-documents", PLAN + "---\n" + PLAN, 2, ("several YAML documents",), (22, 1)),
    Case("key-is-a-list", actuals_with("  b: 50", "  [b]: 50"), 2, ("a key must be text",), (6, 3)),
    Case(
        "key-is-a-number",
        actuals_with("  b: 50", "  17: 50"),
        2,
        ("indicator id must be text", "quote the key"),
        (6, 3),
    ),
    Case(
        "key-is-a-decimal",
        actuals_with("  b: 50", "  1.5: 50"),
        2,
        ("a key must be text", "quote it"),
        (6, 3),
    ),
    Case("key-is-null", actuals_with("  b: 50", "  ~: 50"), 2, ("a key must be text",), (6, 3)),
    Case("region-called-no", ACTUALS.replace("thanhhoa", "no"), 0),
    Case(
        "yes-for-boolean",
        actuals_with("  c: false", "  c: yes"),
        2,
        ("'yes' was a boolean in YAML 1.1", "true or false"),
        (7, 6),
    ),
    Case(
        "on-for-target",
        plan_with("2025: done", "2025: on"),
        2,
        ("'on' was a boolean", "write 'done'"),
        (21, 13),
    ),
    Case(
        "off-for-direction",
        plan_with("    unit: count\n", "    unit: count\n    direction: off\n"),
        2,
        ("'off' was a boolean",),
        (15, 16),
    ),
    Case("underscore-number", actuals_with("  b: 50", "  b: 1_000"), 2, ("without '_': 1000",), (6, 6)),
    Case("octal", actuals_with("  b: 50", "  b: 0o17"), 2, ("octal", "15"), (6, 6)),
    Case("hex", actuals_with("  b: 50", "  b: 0x1F"), 2, ("hexadecimal", "31"), (6, 6)),
    Case("sexagesimal", actuals_with("  b: 50", "  b: 1:30"), 2, ("base 60", "90"), (6, 6)),
    Case(
        "date-for-number", actuals_with("  b: 50", "  b: 2024-01-01"), 2, ("is a date, not a number",), (6, 6)
    ),
    Case(
        "date-for-year",
        actuals_with("year: 2024", "year: 2024-12-31"),
        2,
        ("a year is a whole number",),
        (2, 7),
    ),
    Case("date-as-text-is-text", actuals_with("year: 2024", "year: 2024\ntitle: 2024-12-31"), 0),
    Case(
        "python-tag",
        actuals_with("  b: 50", "  b: !!python/object/apply:os.system ['echo pwned']"),
        2,
        ("explicit tags (!!python/object/apply:os.system)",),
        (6, 6),
    ),
    Case(
        "str-tag",
        actuals_with("region: thanhhoa", "region: !!str thanhhoa"),
        2,
        ("explicit tags (!!str)",),
        (3, 9),
    ),
    Case("local-tag", actuals_with("  b: 50", "  b: !vnd 50"), 2, ("explicit tags (!vnd)",), (6, 6)),
    # --- encodings --------------------------------------------------------------------------------
    Case("bom-crlf-valid", b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode(), 0),
    Case(
        "bom-crlf-lines-right",
        b"\xef\xbb\xbf"
        + plan_with("      2025: 100", "      2025: 100\n      2025: 1").replace("\n", "\r\n").encode(),
        2,
        ("duplicate key 2025",),
        (17, 7),
    ),
    Case(
        "invalid-utf8",
        actuals_with("region: thanhhoa", "title: Thanh H\xf3a\nregion: thanhhoa").encode("latin-1"),
        2,
        ("not valid UTF-8", "0xf3", "save it as UTF-8"),
        (3, 15),
    ),
    Case("invalid-utf8-after-bom", b"\xef\xbb\xbfid: \xff\n", 2, ("not valid UTF-8",), (1, 5)),
    Case("nul-byte", ACTUALS.encode().replace(b"region", b"reg\x00ion"), 2, ("NUL bytes",), (3, 4)),
    Case("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, ("NUL bytes", "binary"), (3, 1)),
    Case("utf16-bom", PLAN.encode("utf-16"), 2, ("UTF-16", "save it as UTF-8"), (1, 1)),
    Case("utf16-no-bom", PLAN.encode("utf-16-le"), 2, ("NUL bytes", "UTF-16"), (1, 2)),
    Case(
        "control-character",
        actuals_with("region: thanhhoa", "title: ả\x07\nregion: thanhhoa"),
        2,
        ("U+0007", "remove it"),
        (3, 9),
    ),
    Case(
        "line-separators-do-not-shift-lines",
        plan_with("title: Kế hoạch", 'title: "Kế\u2028hoạch\x85"\nregion: again'),
        2,
        ("duplicate key 'region'",),
        (5, 1),
    ),
    Case("nfd-text-valid", unicodedata.normalize("NFD", PLAN), 0),
    # --- numbers ----------------------------------------------------------------------------------
    Case("nan", actuals_with("  a: 80", "  a: .nan"), 2, ("NaN and infinity",), (5, 6)),
    Case("minus-infinity", actuals_with("  a: 80", "  a: -.inf"), 2, ("NaN and infinity",), (5, 6)),
    Case("infinity-in-text", actuals_with("  a: 80", "  a: 'Infinity'"), 2, ("NaN and infinity",), (5, 6)),
    Case("nan-baseline", plan_with("value: 50}", "value: .NaN}"), 2, ("NaN and infinity",), (9, 35)),
    Case(
        "thousands-of-digits",
        actuals_with("  b: 50", "  b: " + "9" * 5000),
        2,
        ("more than 30 digits",),
        (6, 6),
    ),
    Case(
        "thousands-of-digits-year",
        actuals_with("year: 2024", "year: " + "1" * 5000),
        2,
        ("more than 30 digits",),
        (2, 7),
    ),
    Case("huge-exponent", actuals_with("  b: 50", "  b: 1e999999999"), 2, ("out of range",), (6, 6)),
    Case(
        "vi-decimal-comma",
        actuals_with("  a: 80", "  a: 99,66"),
        2,
        ("write the number the plain way", "99.66"),
        (5, 6),
    ),
    Case(
        "vi-thousands-dot",
        actuals_with("  b: 50", "  b: {numerator: '9.433', denominator: 10000, unit: count}"),
        2,
        ("9433",),
        (6, 18),
    ),
    Case("vi-million-word", actuals_with("  b: 50", "  b: 2,7 triệu"), 2, ("2700000",), (6, 6)),
    Case(
        "percent-sign-for-number",
        plan_with("value: 50}", "value: '90%'}"),
        2,
        ("write the number the plain way", ": 90"),
        (9, 35),
    ),
    Case(
        "percent-over-100",
        actuals_with("  a: 80", "  a: 150"),
        2,
        ("a percent lies in 0–100", "the plan's unit for 'a' is percent"),
        (5, 6),
        args=("compare", "{plan}", "{file}"),
    ),
    Case(
        "negative-count-actual",
        actuals_with("  b: 50", "  b: -3"),
        2,
        ("a count is a whole number ≥ 0",),
        (6, 6),
        args=("compare", "{plan}", "{file}"),
    ),
    Case(
        "percent-target-over-100", plan_with("'>= 90'", "'>= 190'"), 2, ("a percent lies in 0–100",), (11, 13)
    ),
    Case(
        "negative-count", plan_with("2025: 100", "2025: -5"), 2, ("a count is a whole number ≥ 0",), (16, 13)
    ),
    # --- size and depth ---------------------------------------------------------------------------
    Case(
        "over-env-size-limit",
        PLAN,
        2,
        ("larger than the limit of 100 bytes", "--max-file-size"),
        (1, 1),
        env={"DXCHECK_MAX_FILE_SIZE": "100"},
    ),
    Case(
        "over-option-size-limit",
        PLAN,
        2,
        ("larger than the limit of 100 bytes",),
        (1, 1),
        args=("validate", "--max-file-size", "100", "{file}"),
    ),
    Case(
        "option-raises-env-limit",
        PLAN,
        0,
        args=("validate", "--max-file-size", "100000", "{file}"),
        env={"DXCHECK_MAX_FILE_SIZE": "100"},
    ),
    Case(
        "option-limit-far-above-memory",
        PLAN,
        0,
        args=("validate", "--max-file-size", str(10**30), "{file}"),
        env={"DXCHECK_MAX_FILE_SIZE": str(10**15)},
    ),
    Case(
        "bad-env-size-limit",
        PLAN,
        2,
        ("DXCHECK_MAX_FILE_SIZE='ten'", "whole number of bytes"),
        (1, 1),
        env={"DXCHECK_MAX_FILE_SIZE": "ten"},
    ),
    Case(
        "deep-flow-nesting",
        actuals_with("  b: 50", "  b: " + "[" * 200_000),
        2,
        (f"nesting deeper than {MAX_DEPTH} levels: dxcheck files are flatter than this",),
        (6, None),
    ),
    Case(
        "deep-block-nesting",
        "dxcheck: plan/1\nid:\n" + "".join("  " * i + "- \n" for i in range(1, 60)),
        2,
        ("nesting deeper",),
        (34, 65),
    ),
    Case(
        "too-many-values",
        "dxcheck: plan/1\nx: [" + "1, " * (MAX_NODES + 5) + "]\n",
        2,
        (f"more than {MAX_NODES} values",),
        (2, 299_990),
    ),
    Case(
        "very-long-text",
        plan_with("title: Kế hoạch", "title: " + "x" * 200_000),
        2,
        ("text longer than 100000",),
        (4, 8),
    ),
    Case("very-long-id", plan_with("id: p", "id: " + "p" * 5000), 2, ("longer than 100 characters",), (2, 5)),
    Case(
        "long-key-is-cut-short-in-messages",
        actuals_with("  b: 50", "  " + "k" * 1000 + ": 50"),
        2,
        ("values." + "k" * 60 + "…: ", "longer than 100 characters"),
        (6, 3),
    ),
    Case(
        "key-over-1024-characters",
        actuals_with("  b: 50", "  " + "k" * 5000 + ": 50"),
        2,
        ("a key longer than 1024 characters cannot be read: shorten it",),
        (6, None),
    ),
    Case(
        "long-line-is-not-a-long-key",
        actuals_with("  b: 50", "  b: " + "x" * 2000 + " note: 50"),
        2,
        ("invalid YAML",),
        (6, None),
    ),
    # --- expressions YAML reads as something else ----------------------------------------------------
    Case(
        "unquoted-target-expression",
        plan_with("      2025: '>= 90'\n", "      2025:\n        target: >= 70\n        quote: x\n"),
        2,
        ("'>= 70' must be in quotes: write target: '>= 70'",),
        (12, 17),
    ),
    Case(
        "unquoted-short-target",
        plan_with("2025: '>= 90'", "2025: >= 90  # at least"),
        2,
        ("'>= 90' must be in quotes: write 2025: '>= 90'",),
        (11, 13),
    ),
    Case(
        "unquoted-actual-bound",
        actuals_with("  a: 80", "  a: > 98"),
        2,
        ("'> 98' must be in quotes: write a: '> 98'",),
        (5, 6),
    ),
    Case(
        "unquoted-bound-in-flow",
        actuals_with("  a: 80", "  a: {value: > 98}"),
        2,
        ("write value: '> 98'",),
        (5, 14),
    ),
    Case(
        # valid YAML: '>' then the indentation 5 of a folded text, which the next line leaves empty
        "unquoted-bound-read-as-empty-text",
        actuals_with("  b: 50", "  b: >5"),
        2,
        ("values.b", "the value is empty", "'>5' must be in quotes: write b: '>5'"),
        (6, 6),
    ),
    Case("unquoted-less-than-is-text", actuals_with("  b: 50", "  b: < 60"), 0),
    Case("unquoted-sign-is-text", plan_with("2025: '>= 90'", "2025: ≥ 90"), 0),
    Case(
        "unclosed-double-quote",
        plan_with("title: Kế hoạch chuyển đổi số tỉnh Thanh Hóa", 'title: "Kế hoạch chuyển đổi số'),
        2,
        ('a quoted text that is never closed: add the closing "',),
        (4, 8),
    ),
    Case(
        "unclosed-single-quote",
        actuals_with("region: thanhhoa", "title: 'Kết quả năm 2024\nregion: thanhhoa"),
        2,
        ("a quoted text that is never closed: add the closing '",),
        (3, 8),
    ),
    Case(
        "unclosed-quote-at-end-of-file",
        ACTUALS + 'note: "Số liệu',
        2,
        ('a quoted text that is never closed: add the closing "',),
        (8, 7),
    ),
    Case(
        "unclosed-quote-before-a-document-marker",
        actuals_with("region: thanhhoa", 'title: "Kết quả\nregion: thanhhoa') + "---\n" + ACTUALS,
        2,
        ('a quoted text that is never closed: add the closing "',),
        (3, 8),
    ),
    Case(
        # the next ' (of '>= 90', seven lines below) closes it, and reading stops there
        "unclosed-single-quote-closed-lines-below",
        plan_with("title: Kế hoạch chuyển đổi số tỉnh Thanh Hóa", "title: 'Kế hoạch chuyển đổi số"),
        2,
        ("the quoted text that opens here runs on to line 11", "add the closing '"),
        (4, 8),
    ),
    # --- shape ------------------------------------------------------------------------------------
    Case("empty-file", "", 2, ("the file is empty",), (1, 1)),
    Case("comment-only", "# nothing yet\n\n", 2, ("the file is empty",), (1, 1)),
    Case("whitespace-only", " \n\n   \n", 2, ("the file is empty",), (1, 1)),
    Case("top-level-scalar", "plan/1\n", 2, ("expected a mapping", "a single value"), (1, 1)),
    Case("top-level-list", "- dxcheck: plan/1\n", 2, ("expected a mapping", "a list"), (1, 1)),
    Case(
        "mapping-where-list",
        PLAN.partition("indicators:")[0] + "indicators:\n  a: 1\n",
        2,
        ("indicators: expected a list", "got a mapping"),
        (6, 3),
    ),
    Case(
        "number-key-where-text",
        plan_with("title: Kế hoạch chuyển đổi số tỉnh Thanh Hóa", "title: {2025: x}"),
        2,
        ("a key must be text here: quote it",),
        (4, 9),
    ),
    Case("empty-document", "---\n", 2, ("expected a mapping", "an empty document"), (2, 1)),
    Case(
        "no-marker",
        PLAN.replace("dxcheck: plan/1\n", ""),
        2,
        ("not a dxcheck file", "dxcheck: plan/1"),
        (1, 1),
    ),
    Case("unknown-marker", PLAN.replace("plan/1", "plan/2"), 2, ("unknown format 'plan/2'",), (1, 10)),
    Case("marker-not-text", PLAN.replace("plan/1", "[plan/1]"), 2, ("unknown format",), (1, 10)),
    Case(
        "plan-where-actuals-expected",
        PLAN,
        2,
        ("expected an actuals file, but this is a plan",),
        (1, 10),
        args=("compare", "{plan}", "{file}"),
    ),
    Case(
        "actuals-where-plan-expected",
        ACTUALS,
        2,
        ("expected a plan, but this is an actuals file",),
        (1, 10),
        args=("compare", "{file}", "{actuals}"),
    ),
    # --- files ------------------------------------------------------------------------------------
    Case("missing-file", None, 2, ("no such file",), (1, 1), kind="missing"),
    Case("directory", None, 2, ("is a directory",), (1, 1), kind="dir"),
    Case("broken-symlink", None, 2, ("broken symbolic link",), (1, 1), kind="symlink"),
    Case("unreadable", PLAN, 2, ("cannot read file", "ermission denied"), (1, 1), kind="unreadable"),
    Case(
        "missing-actuals-in-compare",
        None,
        2,
        ("no such file",),
        (1, 1),
        args=("compare", "{plan}", "{file}"),
        kind="missing",
    ),
]


def _make(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / f"{case.id}.yaml"
    if case.kind == "dir":
        path.mkdir()
    elif case.kind == "symlink":
        path.symlink_to(tmp_path / "gone.yaml")
    elif case.data is not None:
        path.write_bytes(case.data if isinstance(case.data, bytes) else case.data.encode("utf-8"))
    if case.kind == "unreadable":
        path.chmod(0)
        if os.access(
            path, os.R_OK
        ):  # root reads a mode-000 file: make opening it fail as it would for a user
            real_open = Path.open

            def refuse(self: Path, *args: object, **kwargs: object) -> object:
                if self == path:
                    raise PermissionError(13, "Permission denied", str(self))
                return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

            monkeypatch.setattr(Path, "open", refuse)
    return str(path)


def _check_lines(run: Run) -> list[re.Match[str]]:
    assert "Traceback" not in run.err, run
    matches = []
    for line in run.err.splitlines():
        match = ERROR_LINE.match(line)
        assert match, f"not a FILE:LINE:COL: error: LOCATION: MESSAGE line: {line[:300]!r}\n{run}"
        matches.append(match)
    return matches


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hazard(
    case: Case,
    dx: Callable[..., Run],
    reads: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    plan = tmp_path / "good-plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "good-actuals.yaml"
    actuals.write_text(ACTUALS, encoding="utf-8")
    file = _make(case, tmp_path, monkeypatch)
    args = [arg.format(file=file, plan=plan, actuals=actuals) for arg in case.args]
    run = dx(*args)
    # whatever a file holds, reading it is bounded: each read pulls at most the events of
    # MAX_NODES values (each opened and closed once), and a file is read at most twice (once, and
    # again up to where libyaml's own nesting limit stopped it)
    assert max(reads, default=0) <= 2 * MAX_NODES + 8, "a read did not stop at the value limit"
    assert len(reads) <= 2 * len(args), f"{len(reads)} reads"
    assert run.code == case.code, run
    lines = _check_lines(run)
    if case.at is None:
        assert not lines, run
        return
    assert lines, run
    assert all(match["file"] == file for match in lines), run
    hits = [m for m in lines if all(word in m["loc"] + ": " + m["msg"] for word in case.words)]
    assert hits, f"no error line has {case.words}\n{run}"
    line, column = case.at
    assert int(hits[0]["line"]) == line, run
    assert column is None or int(hits[0]["col"]) == column, run


def test_region_called_no_is_the_text_no(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    plan = write("plan.yaml", PLAN.replace("region: thanhhoa", "region: no"))
    actuals = write("actuals.yaml", ACTUALS.replace("region: thanhhoa", "region: no"))
    run = dx("compare", plan, actuals, "--format", "json")
    assert run.code == 0, run
    assert '"region": "no"' in run.out


def test_alias_bomb_is_refused_fast_in_bounded_memory(tmp_path: Path, reads: list[int]) -> None:
    # ten levels of ten aliases: 10^10 items if expanded; read, the file has 123 values
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    tracemalloc.start()
    try:
        result = load_file(str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, list)
    assert any("anchors (&l0)" in problem.message for problem in result)
    assert len(reads) <= 4 and max(reads) <= 150, reads  # each read: the values as written, once
    assert peak < 20_000_000


def test_deep_nesting_is_refused_fast(tmp_path: Path, reads: list[int]) -> None:
    # a million open brackets: the parser's work grows with the depth of every open collection, so
    # every read must stop at the depth limit, whichever of libyaml and dxcheck stops first
    path = tmp_path / "deep.yaml"
    path.write_text("dxcheck: plan/1\nid: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n", encoding="utf-8")
    result = load_file(str(path))
    assert isinstance(result, list)
    assert [(p.line, result[0].message) for p in result] == [
        (2, f"nesting deeper than {MAX_DEPTH} levels: dxcheck files are flatter than this")
    ]
    assert len(reads) <= 3 and max(reads) <= 2 * MAX_DEPTH, reads


class _NestingLimit:
    """A parser that, like libyaml 0.2.6, refuses the `limit`-th level of flow nesting while it scans
    ahead, before it has given the events of the levels above: any PyYAML then behaves as 6.0.4."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def parser(self, real: type) -> type:
        limit = self.limit

        class Limited(real):  # type: ignore[misc]
            def __init__(self, text: str) -> None:
                super().__init__(text)
                run = text.find("[" * limit)
                self.stop = None if run < 0 else run + limit - 1
                self.text = text

            def get_event(self) -> Any:
                if self.stop is not None:
                    index = self.stop
                    line = self.text.count("\n", 0, index)
                    column = index - (self.text.rfind("\n", 0, index) + 1)
                    mark = yaml.Mark("<file>", index, line, column, None, 0)
                    raise yaml.scanner.ScannerError(
                        "while increasing flow level", mark, "exceeded maximum nesting depth", mark
                    )
                return super().get_event()

        return Limited


@pytest.mark.parametrize(
    ("limit", "placed"),
    [
        (500, (6, 36, "values.b" + "[0]" * 30)),  # above dxcheck's limit: dxcheck's place and path
        (10, (6, 15, "$")),  # a limit below dxcheck's: libyaml's place, dxcheck's words
    ],
)
def test_nesting_libyaml_refuses_first_is_told_in_dxchecks_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, limit: int, placed: tuple[int, int, str]
) -> None:
    real = yamlsource._Parser  # type: ignore[attr-defined]  # imported, not exported
    monkeypatch.setattr(yamlsource, "_Parser", _NestingLimit(limit).parser(real))
    path = tmp_path / "deep.yaml"
    path.write_text(actuals_with("  b: 50", "  b: " + "[" * 5000 + "]" * 5000), encoding="utf-8")
    result = load_file(str(path))
    assert isinstance(result, list)
    assert [(p.line, p.column, p.location, p.message) for p in result] == [
        (*placed, f"nesting deeper than {MAX_DEPTH} levels: dxcheck files are flatter than this")
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_read_only_up_to_the_limit(dx: Callable[..., Run]) -> None:
    run = dx("validate", "--max-file-size", "1000", "/dev/zero")
    assert run.code == 2, run
    assert run.err == (
        "/dev/zero:1:1: error: $: file is larger than the limit of 1000 bytes "
        "(raise it with --max-file-size or DXCHECK_MAX_FILE_SIZE)\n"
    )


def test_many_wrong_keys_give_a_bounded_report(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    path = write("keys.yaml", PLAN + "".join(f"extra{i}: {i}\n" for i in range(5000)))
    run = dx("validate", path)
    assert run.code == 2, run
    lines = _check_lines(run)
    assert len(lines) == MAX_PROBLEMS + 1
    assert "4900 more problems not shown" in lines[-1]["msg"]


def test_many_files_each_report_their_own_problems(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    good = write("good.yaml", PLAN)
    empty = write("empty.yaml", "")
    dup = write("dup.yaml", PLAN.replace("id: p\n", "id: p\nid: q\n", 1))
    tab = write("tab.yaml", "dxcheck: plan/1\nid:\n\t- p\n")
    run = dx("validate", good, empty, "missing.yaml", dup, tab)
    assert run.code == 2, run
    lines = _check_lines(run)
    assert {m["file"] for m in lines} == {empty, "missing.yaml", dup, tab}
    assert f"{good}: ok" in run.out


def test_option_limit_applies_to_compare(dx: Callable[..., Run], write: Callable[[str, str], str]) -> None:
    plan, actuals = write("plan.yaml", PLAN), write("actuals.yaml", ACTUALS)
    run = dx("compare", "--max-file-size", "50", plan, actuals)
    assert run.code == 2, run
    assert {m["file"] for m in _check_lines(run)} == {plan, actuals}
    assert dx("compare", "--max-file-size", "5000", plan, actuals).code == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoá", "Hóa"),
        ("hoà", "hòa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("hoạ", "họa"),
        ("thuý", "thúy"),
        ("thuỳ", "thùy"),
        ("thuỷ", "thủy"),
        ("thuỹ", "thũy"),
        ("thuỵ", "thụy"),
        ("khoẻ", "khỏe"),
        ("xoé", "xóe"),
        ("THANH HOÁ", "THANH HÓA"),
        ("Thanh Hóa", unicodedata.normalize("NFD", "Thanh Hoá")),
        ("khoái", "khóai"),
    ],
)
def test_fold_unifies_tone_placement_and_normal_forms(a: str, b: str) -> None:
    assert same_text(a, b)
    assert fold(a) == fold(b) == fold(unicodedata.normalize("NFD", a))


@pytest.mark.parametrize(
    ("a", "b"), [("hoa", "hóa"), ("Hóa", "hóa"), ("thủy", "thụy"), ("hoà", "hoá"), ("no", "No")]
)
def test_fold_keeps_different_texts_apart(a: str, b: str) -> None:
    assert not same_text(a, b)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("yes", "boolean"),
        ("Off", "boolean"),
        ("1_000", "1000"),
        ("0x1F", "31"),
        ("-0x10", "-16"),
        ("0o17", "15"),
        ("1:30", "90"),
        ("1:30:00", "5400"),
        ("2024-01-01", "date"),
    ],
)
def test_yaml11_hint_says_what_the_text_would_have_been(text: str, words: str) -> None:
    hint = yaml11_hint(text)
    assert hint is not None and words in hint


@pytest.mark.parametrize("text", ["thanhhoa", "90", "1.5", "plan/1", "Hoá", "", "x" * 1000])
def test_yaml11_hint_is_quiet_about_ordinary_text(text: str) -> None:
    assert yaml11_hint(text) is None


@pytest.mark.parametrize(
    ("text", "at", "hint"),
    [
        ("a: >= 70\r\nb: 1\r\n", (1, 4), "write a: '>= 70'"),
        ("a: >=70  # at least\n", (1, 4), "'>=70' must be in quotes: write a: '>=70'"),
        ('"2025": > 98\n', (1, 9), "write \"2025\": '> 98'"),
        ("a:\n  - > 98\n", (2, 5), "write - '> 98'"),
        ("a: [1, > 98]\n", (1, 8), "write '> 98'"),
        ("a: > 98'\n", (1, 4), "write a: '> 98'''"),
        ("a:\n  b: >9\n  c: 1\n", (2, 6), "write b: '>9'"),
    ],
)
def test_an_unquoted_comparison_is_told_to_be_quoted(text: str, at: tuple[int, int], hint: str) -> None:
    problems = yamlsource.parse(Source("f.yaml", text)).problems
    assert [(p.line, p.column) for p in problems if hint in p.message] == [at], problems


@pytest.mark.parametrize(
    "text",
    [
        "a: >\n  folded text\n",  # a folded text, as YAML means it
        "a: >-\n  folded text\n",
        "a: >\nb: 1\n",  # an empty one
        "a: b >= 70\n",  # a plain text that holds a comparison
        "a: '>= 70'\n",
    ],
)
def test_folded_texts_and_quoted_comparisons_read_as_ever(text: str) -> None:
    parsed = yamlsource.parse(Source("f.yaml", text))
    assert not parsed.problems and not parsed.fatal


@pytest.mark.parametrize(
    "text",
    [
        "a: | 5\n",  # a literal block with a bad header: not a comparison
        "a: b > 98: c\n",
    ],
)
def test_other_syntax_errors_get_no_quote_hint(text: str) -> None:
    problems = yamlsource.parse(Source("f.yaml", text)).problems
    assert problems and not any("in quotes" in p.message for p in problems)


def test_a_quoted_text_over_several_lines_is_not_taken_for_an_unclosed_one() -> None:
    # a quote may run over lines; an error after it, on its last line, stays where it is
    problems = yamlsource.parse(Source("f.yaml", 'a: "one\n  two" extra\n')).problems
    assert [(p.line, p.column) for p in problems] == [(2, 8)]
    assert "quoted text" not in problems[0].message
