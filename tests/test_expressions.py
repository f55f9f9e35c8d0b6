"""The small grammars of SPEC §1–2: target expressions, value expressions, and how they are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxcheck.expressions import (
    Approximately,
    Between,
    Comparison,
    Done,
    ExpressionError,
    Measure,
    Op,
    Target,
    Top,
    format_number,
    format_target,
    number_hint,
    parse_measure,
    parse_target,
    to_decimal,
)

D = Decimal
PLAIN = "write the number the plain way, with a dot for decimals and no % or words: "
CANNOT_TARGET = (
    "cannot read target {!r}: write '>= 90', '> 10', '<= 5', '= 1', "
    "a bare number, '~35', '~35 ±2', a range '81..86', 'top 10' or 'done'"
)
CANNOT_VALUE = (
    "cannot read value {!r}: write a number, true/false, '~N' or '~N ±T' (approximately N), "
    "a bound such as '> 98' or a range '81..86'"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (">= 90", Comparison(Op.GE, D(90))),
        (">=90", Comparison(Op.GE, D(90))),
        ("  >=  90  ", Comparison(Op.GE, D(90))),
        ("> 10", Comparison(Op.GT, D(10))),
        ("<= 5", Comparison(Op.LE, D(5))),
        ("<5", Comparison(Op.LT, D(5))),
        ("= 1", Comparison(Op.EQ, D(1))),
        ("=1", Comparison(Op.EQ, D(1))),
        ("≥ 90", Comparison(Op.GE, D(90))),
        ("≥90", Comparison(Op.GE, D(90))),
        ("≤ 5", Comparison(Op.LE, D(5))),
        (">= 99.66", Comparison(Op.GE, D("99.66"))),
        (">= .5", Comparison(Op.GE, D("0.5"))),
        (">= -3", Comparison(Op.GE, D(-3))),
        (">= 1e3", Comparison(Op.GE, D(1000))),
        (">= 90%", Comparison(Op.GE, D(90), percent_sign=True)),
        ("≥ 90 %", Comparison(Op.GE, D(90), percent_sign=True)),
        ("90", Comparison(Op.GE, D(90), bare=True)),
        ("90%", Comparison(Op.GE, D(90), bare=True, percent_sign=True)),
        ("~35", Approximately(D(35))),
        ("~ 35", Approximately(D(35))),
        ("~35 ±2", Approximately(D(35), D(2))),
        ("~35±2", Approximately(D(35), D(2))),
        ("~35 +/- 2", Approximately(D(35), D(2))),
        ("~35% ±2%", Approximately(D(35), D(2), percent_sign=True)),
        ("~35 ±0", Approximately(D(35), D(0))),
        ("top 10", Top(10)),
        ("top10", Top(10)),
        ("Top 3", Top(3)),
        ("done", Done()),
        ("Done", Done()),
        (" done ", Done()),
        ("81..86", Between(D(81), D(86))),
        ("81 .. 86%", Between(D(81), D(86), percent_sign=True)),
        ("81%..86%", Between(D(81), D(86), percent_sign=True)),
        ("03..05", Between(D(3), D(5))),
        ("-1.5..2e1", Between(D("-1.5"), D(20))),
    ],
)
def test_parse_target_reads_every_form(raw: str, expected: Target) -> None:
    assert parse_target(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (90, Comparison(Op.GE, D(90), bare=True)),
        (D("99.66"), Comparison(Op.GE, D("99.66"), bare=True)),
        (0, Comparison(Op.GE, D(0), bare=True)),
    ],
)
def test_parse_target_takes_a_yaml_number_as_a_bare_target(raw: int | Decimal, expected: Target) -> None:
    assert parse_target(raw) == expected


def test_parse_target_keeps_the_exact_decimal() -> None:
    target = parse_target(">= 99.66")
    assert isinstance(target, Comparison)
    assert target.value == D("99.66")
    assert str(target.value) == "99.66"


@pytest.mark.parametrize(
    ("value", "tolerance", "expected"),
    [
        (D(100), None, D(5)),
        (D(35), None, D("1.75")),
        (D(-40), None, D(2)),
        (D(35), D(2), D(2)),
        (D(35), D(0), D(0)),
    ],
)
def test_approximate_tolerance_defaults_to_five_percent(
    value: Decimal, tolerance: Decimal | None, expected: Decimal
) -> None:
    assert Approximately(value, tolerance).effective_tolerance == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, "write `done` for a milestone target, not true/false"),
        (False, "write `done` for a milestone target, not true/false"),
        (None, "a target is a number or an expression such as '>= 90', 'top 10', '~35', 'done'"),
        (3.5, "a target is a number or an expression such as '>= 90', 'top 10', '~35', 'done'"),
        ([90], "a target is a number or an expression such as '>= 90', 'top 10', '~35', 'done'"),
        ("~35 ±-2", "the tolerance after ± cannot be negative"),
        ("99,66", PLAIN + "99.66"),
        ("99,66%", PLAIN + "99.66"),
        ("9.433,5", PLAIN + "9433.5"),
        ("1.234.567", PLAIN + "1234567"),
        ("2,7 triệu", PLAIN + "2700000"),
        ("nan", "NaN and infinity are not allowed"),
        (".nan", "NaN and infinity are not allowed"),
        (".inf", "NaN and infinity are not allowed"),
        ("-.inf", "NaN and infinity are not allowed"),
        ("1e999", "number 1e999 is out of range (more than 30 digits)"),
        ("1" * 31, "number 11111111111111111111… has more than 30 digits"),
        ("abc", CANNOT_TARGET.format("abc")),
        ("", CANNOT_TARGET.format("")),
        ("top", CANNOT_TARGET.format("top")),
        ("top 10%", CANNOT_TARGET.format("top 10%")),
        (">=", CANNOT_TARGET.format(">=")),
        (">> 5", CANNOT_TARGET.format(">> 5")),
        ("90 %%", PLAIN + "90"),
        ("~35 ±", CANNOT_TARGET.format("~35 ±")),
        ("true", CANNOT_TARGET.format("true")),
        ("not done", CANNOT_TARGET.format("not done")),
        ("5..3", "a range N..M needs N < M, not 5..3"),
        ("5..5", "a range N..M needs N < M, not 5..5"),
        ("1...5", CANNOT_TARGET.format("1...5")),
        ("1..", CANNOT_TARGET.format("1..")),
        (".5..1", CANNOT_TARGET.format(".5..1")),
    ],
)
def test_parse_target_refuses_with_a_message(raw: object, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_target(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, Measure(True)),
        (False, Measure(False)),
        (9433, Measure(D(9433))),
        (D("99.66"), Measure(D("99.66"))),
        ("99.66", Measure(D("99.66"))),
        ("-2", Measure(D(-2))),
        ("98%", Measure(D(98), percent_sign=True)),
        ("~2700000", Measure(D(2700000), approximate=True)),
        ("~ 35 %", Measure(D(35), approximate=True, percent_sign=True)),
        ("~5 ±1", Measure(D(5), approximate=True, tolerance=D(1))),
        ("~5±1", Measure(D(5), approximate=True, tolerance=D(1))),
        ("~35% ±0.5%", Measure(D(35), approximate=True, percent_sign=True, tolerance=D("0.5"))),
        ("81..86", Measure(D(81), high=D(86))),
        ("> 98", Measure(D(98), bound=Op.GT)),
        (">98%", Measure(D(98), bound=Op.GT, percent_sign=True)),
        (">= 98", Measure(D(98), bound=Op.GE)),
        ("≥ 98", Measure(D(98), bound=Op.GE)),
        ("< 5", Measure(D(5), bound=Op.LT)),
        ("<= 5", Measure(D(5), bound=Op.LE)),
        ("≤5", Measure(D(5), bound=Op.LE)),
    ],
)
def test_parse_measure_reads_every_form(raw: object, expected: Measure) -> None:
    assert parse_measure(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("~5 ±-1", "the tolerance after ± cannot be negative"),
        ("3..1", "a range N..M needs N < M, not 3..1"),
        ("= 5", "write an exact value as a plain number, without '='"),
        (None, "a value is a number, true/false, or an expression such as '~2700000' or '> 98'"),
        (3.5, "a value is a number, true/false, or an expression such as '~2700000' or '> 98'"),
        ("99,66", PLAIN + "99.66"),
        ("9.433,0", PLAIN + "9433"),
        ("2,7 triệu", PLAIN + "2700000"),
        ("3 tỷ", PLAIN + "3000000000"),
        ("nan", "NaN and infinity are not allowed"),
        ("inf", "NaN and infinity are not allowed"),
        ("1e-999", "number 1e-999 is out of range (more than 30 digits)"),
        ("true", CANNOT_VALUE.format("true")),
        ("top 3", CANNOT_VALUE.format("top 3")),
        ("done", CANNOT_VALUE.format("done")),
        ("khoảng 98", CANNOT_VALUE.format("khoảng 98")),
    ],
)
def test_parse_measure_refuses_with_a_message(raw: object, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_measure(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("99,66", PLAIN + "99.66"),
        ("9.433", PLAIN + "9433"),
        ("2,7 triệu", PLAIN + "2700000"),
        ("2,7 Triệu", PLAIN + "2700000"),
        ("1,5 tỉ", PLAIN + "1500000000"),
        ("12 nghìn", PLAIN + "12000"),
        ("90%", PLAIN + "90"),
        ("99,5 %", PLAIN + "99.5"),
        ("99.66", PLAIN + "99.66"),
        ("NaN", "NaN and infinity are not allowed"),
        ("+.inf", "NaN and infinity are not allowed"),
        ("Infinity", "NaN and infinity are not allowed"),
        ("abc", None),
        ("", None),
        ("> 98", None),
        ("9.43", PLAIN + "9.43"),
    ],
)
def test_number_hint(raw: str, hint: str | None) -> None:
    assert number_hint(raw) == hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [("99.66", D("99.66")), ("9433", D(9433)), ("1e3", D(1000)), ("-0.5", D("-0.5")), ("+7", D(7))],
)
def test_to_decimal_reads_plain_numbers(text: str, expected: Decimal) -> None:
    assert to_decimal(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NaN", "NaN and infinity are not numbers dxcheck can judge"),
        ("Infinity", "NaN and infinity are not numbers dxcheck can judge"),
        ("-inf", "NaN and infinity are not numbers dxcheck can judge"),
        ("99,66", "'99,66' is not a number"),
        ("", "'' is not a number"),
        ("1e31", "number 1e31 is out of range (more than 30 digits)"),
        ("9" * 31, "number 99999999999999999999… has more than 30 digits"),
    ],
)
def test_to_decimal_refuses(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        to_decimal(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("target", "decrease", "text"),
    [
        (Comparison(Op.GE, D(90), bare=True), False, ">= 90"),
        (Comparison(Op.GE, D(90), bare=True), True, "<= 90"),
        (Comparison(Op.GE, D(90), bare=True, percent_sign=True), False, ">= 90"),
        (Comparison(Op.GT, D(10)), True, "> 10"),
        (Comparison(Op.LE, D(5)), False, "<= 5"),
        (Comparison(Op.LT, D("0.50")), False, "< 0.5"),
        (Comparison(Op.EQ, D(1)), False, "= 1"),
        (Comparison(Op.GE, D("99.660")), False, ">= 99.66"),
        (Comparison(Op.GE, D("100.0")), False, ">= 100"),
        (Comparison(Op.GE, D("1E+3")), False, ">= 1000"),
        (Approximately(D(35)), False, "~35"),
        (Approximately(D(35), D(2)), True, "~35 ±2"),
        (Approximately(D("2.5"), D("0.25")), False, "~2.5 ±0.25"),
        (Top(10), True, "top 10"),
        (Done(), False, "done"),
        (Between(D("81.0"), D(86), percent_sign=True), False, "81..86"),
        (Between(D(3), D("1E+1")), True, "3..10"),
    ],
)
def test_format_target_is_canonical(target: Target, decrease: bool, text: str) -> None:
    assert format_target(target, decrease) == text


@pytest.mark.parametrize(
    "raw", [">=90", "≥ 90%", "90", "~35±2", "TOP 10", " done", "< 0.5", "= 1", "~ 35", ">= 1e3", "81 .. 86%"]
)
def test_format_target_round_trips(raw: str) -> None:
    shown = format_target(parse_target(raw), decrease=False)
    assert format_target(parse_target(shown), decrease=False) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1" * 29, "1" * 29),
        ("9" * 30, "9" * 30),
        ("1e30", "1" + "0" * 30),
        ("1234567890123456789012345678.9", "1234567890123456789012345678.9"),
        ("1.5e-5", "0.000015"),
    ],
)
def test_the_largest_numbers_allowed_are_shown_in_full(text: str, shown: str) -> None:
    target = parse_target(f">= {text}")
    assert format_target(target, decrease=False) == f">= {shown}"
    assert format_number(to_decimal(text)) == shown


def test_a_text_is_read_the_same_way_each_time_it_is_met() -> None:
    # texts are read once and remembered: a refused one must still be refused in every file
    for _ in range(2):
        assert parse_target(" >= 90.50 ") == Comparison(Op.GE, Decimal("90.50"))
        assert parse_measure("> 98") == Measure(Decimal(98), bound=Op.GT)
        with pytest.raises(ExpressionError, match="cannot read target '>> 90'"):
            parse_target(">> 90")
        with pytest.raises(ExpressionError, match="cannot read value '>> 90'"):
            parse_measure(">> 90")
