"""Fuzzing the shipped plan and actuals: whatever the damage, placed error lines or a result."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from dxcheck.cli import main
from dxcheck.loading import load_file
from dxcheck.problems import Problem

ERROR_LINE = re.compile(r"^.+:\d+:\d+: error: .+: .+$")
BASES = {
    "plan": (ROOT / "plans" / "thanhhoa-2025.yaml").read_text(encoding="utf-8"),
    "actuals": (ROOT / "actuals" / "actuals-2024.yaml").read_text(encoding="utf-8"),
}
# characters that mean something to YAML, or to dxcheck's readers of numbers and text
SPICE = [*":-?,[]{}#&*!|>'\"%@`~ \t\n\r\\", "\ufeff", "\u0301", "ó", "≥", "±", "\x07", "\x85", "\u2028"]
ODD_SCALARS = [
    "yes",
    "no",
    "on",
    "off",
    "Y",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "1:30",
    "190:20:30",
    "2024-01-01",
    "2024-13-45",
    ".nan",
    "-.inf",
    "NaN",
    "1e999",
    "1e-999",
    "9" * 60,
    "-0",
    "+.5",
    "99,66",
    "9.433",
    "'9.433'",
    "2,7 triệu",
    "90%",
    "'> 98%'",
    "'>= 190'",
    "'~35 ±-2'",
    "'top 0'",
    "done",
    "true",
    "null",
    "~",
    "''",
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "&a x",
    "*a",
    "!!python/object/apply:os.system ['true']",
    "!!str 5",
    "!!binary aGk=",
    "|\n  block",
    ">-\n  folded",
    "'Thanh Hoá'",
    '"\\x00"',
    '"\\uD800"',
]
ODD_KEYS = ["<<", "? [a]", "yes", "2025.0", "'2025'", "2025", "Hóa", "Hoá", "id", '""', "~", "1e3", "! tag"]


def _apply(draw: st.DrawFn, text: str) -> str:
    """One random injury to the text."""
    op = draw(st.sampled_from(["delete", "insert", "swap", "indent", "duplicate", "drop", "scalar", "key"]))
    if op in {"delete", "insert", "swap"}:
        i = draw(st.integers(0, max(0, len(text) - 2)))
        if op == "delete":
            return text[:i] + text[i + draw(st.integers(1, 8)) :]
        if op == "swap":
            return text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]
        spice = draw(st.one_of(st.sampled_from(SPICE), st.characters(exclude_categories=["Cs"])))
        return text[:i] + spice + text[i:]
    lines = text.split("\n")
    k = draw(st.integers(0, len(lines) - 1))
    if op == "indent":
        shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
        lines[k] = " " * shift + lines[k] if shift > 0 else lines[k][-shift:]
    elif op == "duplicate":
        lines.insert(k, lines[k])
    elif op == "drop":
        del lines[k]
    else:
        match = re.fullmatch(r"(\s*(?:- )?)([^:#\s][^:#]*):(\s+)(.*)", lines[k])
        if match is None:
            return text
        indent, key, space, value = match.groups()
        if op == "scalar":
            value = draw(st.sampled_from(ODD_SCALARS))
        else:
            key = draw(st.sampled_from(ODD_KEYS))
        lines[k] = f"{indent}{key}:{space}{value}"
    return "\n".join(lines)


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A shipped file with one to four injuries, sometimes re-encoded with a BOM or CRLF, or bytes broken."""
    text = BASES[draw(st.sampled_from(sorted(BASES)))]
    for _ in range(draw(st.integers(1, 4))):
        text = _apply(draw, text)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        i = draw(st.integers(0, len(data)))
        data = data[:i] + draw(st.binary(min_size=1, max_size=3)) + data[i:]
    return data


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def _assert_error_lines(err: str, files: list[str]) -> None:
    assert "Traceback" not in err
    for line in err.splitlines():
        assert ERROR_LINE.match(line), f"not an error line: {line[:300]!r}"
        assert any(line.startswith(f"{name}:") for name in files), line[:300]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def put(folder: Path) -> Callable[[str, bytes], str]:
    def write(name: str, data: bytes) -> str:
        path = folder / name
        path.write_bytes(data)
        return str(path)

    return write


_FAST = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SLOW = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(data=damaged())
def test_loading_a_damaged_file_gives_placed_problems_or_a_document(
    put: Callable[[str, bytes], str], data: bytes
) -> None:
    name = put("damaged.yaml", data)
    result = load_file(name)
    if not isinstance(result, list):
        return
    assert result, "a failed load names at least one problem"
    lines = data.count(b"\n") + data.count(b"\r") + 1  # a lone CR starts a line for YAML
    for problem in result:
        assert isinstance(problem, Problem)
        assert problem.file == name
        assert 1 <= problem.line <= lines + 1, problem
        assert problem.column >= 1, problem
        assert ERROR_LINE.match(str(problem)), str(problem)[:300]


@_SLOW
@given(data=damaged())
def test_validate_a_damaged_file_exits_0_or_2_with_placed_lines(
    put: Callable[[str, bytes], str], data: bytes
) -> None:
    name = put("validate.yaml", data)
    code, out, err = _cli("validate", name)
    assert code in {0, 2}, err
    _assert_error_lines(err, [name])
    if code == 2:
        assert err.startswith(f"{name}:"), err
    else:
        assert out.startswith(f"{name}: ok"), out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(damaged(), min_size=2, max_size=4))
def test_validating_many_files_reports_each_files_own_problems(
    put: Callable[[str, bytes], str], files: list[bytes]
) -> None:
    names = [put(f"many-{i}.yaml", data) for i, data in enumerate(files)]
    alone = [_cli("validate", name) for name in names]
    code, out, err = _cli("validate", *names)
    _assert_error_lines(err, names)
    assert code == max(each[0] for each in alone)
    assert err == "".join(each[2] for each in alone)
    assert out == "".join(each[1] for each in alone)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=damaged())
def test_compare_with_a_damaged_file_exits_0_1_or_2(put: Callable[[str, bytes], str], data: bytes) -> None:
    damaged_name = put("compare.yaml", data)
    plan = str(ROOT / "plans" / "thanhhoa-2025.yaml")
    actuals = str(ROOT / "actuals" / "actuals-2024.yaml")
    is_plan = data.lstrip(b"\xef\xbb\xbf").find(b"dxcheck: plan/1") >= 0
    args = (damaged_name, actuals) if is_plan else (plan, damaged_name)
    code, _, err = _cli("compare", *args, "--format", "json")
    assert code in {0, 1, 2}, err
    _assert_error_lines(err, [damaged_name, plan, actuals])
