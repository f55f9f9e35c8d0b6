"""The small grammars of target and value expressions (`>= 90`, `top 10`, `~35 ±2`, `> 98`, `81..86`,
`done`) and the one thing they all denote: an interval of values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache


class Op(StrEnum):
    """A comparison operator, written the way the files and the JSON result write it."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="


@dataclass(frozen=True, slots=True)
class Comparison:
    """`>= N`, `> N`, `<= N`, `< N`, `= N`, or a bare `N` (its sense comes from the direction)."""

    op: Op
    value: Decimal
    bare: bool = False
    percent_sign: bool = False


@dataclass(frozen=True, slots=True)
class Approximately:
    """`~N` or `~N ±T`; without T the tolerance is 5 % of N."""

    value: Decimal
    tolerance: Decimal | None = None
    percent_sign: bool = False

    @property
    def effective_tolerance(self) -> Decimal:
        return self.tolerance if self.tolerance is not None else abs(self.value) * Decimal("0.05")


@dataclass(frozen=True, slots=True)
class Top:
    """`top N`: a rank of N or better."""

    n: int


@dataclass(frozen=True, slots=True)
class Done:
    """`done`: a milestone that is reached when the actual value is `true`."""


@dataclass(frozen=True, slots=True)
class Between:
    """`N..M`: a value from N to M, both included («từ 03 đến 05», «81 - 86%»)."""

    low: Decimal
    high: Decimal
    percent_sign: bool = False


Target = Comparison | Approximately | Top | Done | Between
_OP_OF = {op.value: op for op in Op}  # Op(text) by a dict: the enum's own lookup is slow on a hot path


@dataclass(frozen=True, slots=True)
class Measure:
    """An actual value: exact, approximate (`~N`, `~N ±T`), only a bound (`> N` for «hơn N») or a
    range (`N..M`, `value` is N and `high` is M)."""

    value: Decimal | bool
    bound: Op | None = None
    approximate: bool = False
    percent_sign: bool = False
    tolerance: Decimal | None = None
    high: Decimal | None = None

    @property
    def effective_tolerance(self) -> Decimal:
        """T of `~N ±T`; 5 % of |N| when the figure gives none."""
        assert not isinstance(self.value, bool)
        return self.tolerance if self.tolerance is not None else abs(self.value) * Decimal("0.05")

    @property
    def is_exact(self) -> bool:
        return self.bound is None and not self.approximate and self.high is None


_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?"
_OPS = r">=|<=|>|<|="
_COMPARISON = re.compile(rf"({_OPS})?\s*({_NUM})\s*(%?)")
_APPROX = re.compile(rf"~\s*({_NUM})\s*(%?)(?:\s*(?:±|\+/-|\+-)\s*({_NUM})\s*(%?))?")
# a range's numbers neither start nor end with a dot: `1...5` is refused, not read as 1 to .5
RANGE_NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,3})?"
_RANGE = re.compile(rf"({RANGE_NUMBER})\s*(%?)\s*\.\.\s*({RANGE_NUMBER})\s*(%?)")
_YEARS = re.compile(r"\s*([0-9]{4})\s*\.\.\s*([0-9]{4})\s*")
_TOP = re.compile(r"top\s*(\d{1,9})", re.IGNORECASE)
_SIGNS = str.maketrans({"≥": ">=", "≤": "<=", "＞": ">", "＜": "<", "～": "~"})
_MAX_DIGITS = 30

_VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VI_DECIMAL = re.compile(r"\d+,\d+")
_MULTIPLIERS = {
    "triệu": Decimal(10**6),
    "tỷ": Decimal(10**9),
    "tỉ": Decimal(10**9),
    "nghìn": Decimal(1000),
    "ngàn": Decimal(1000),
}


class ExpressionError(ValueError):
    """A string that is not a valid expression; the message says how to write it."""


def to_decimal(text: str) -> Decimal:
    """Read a plain number (`99.66`, `9433`, `1e3`); refuse NaN, infinity and absurd sizes."""
    digits = text.lstrip("+-")
    if len(digits) > _MAX_DIGITS:
        raise ExpressionError(f"number {text[:20]}… has more than {_MAX_DIGITS} digits")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ExpressionError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ExpressionError("NaN and infinity are not numbers dxcheck can judge")
    if abs(value.adjusted()) > _MAX_DIGITS:
        raise ExpressionError(f"number {text} is out of range (more than {_MAX_DIGITS} digits)")
    return value


def number_hint(text: str) -> str | None:
    """How to write `text` as a plain number, when it looks like one written the Vietnamese way."""
    raw = text.strip().lower()
    if raw in {"nan", ".nan", "inf", ".inf", "-.inf", "+.inf", "infinity", "-inf", "+inf"}:
        return "NaN and infinity are not allowed"
    multiplier = Decimal(1)
    for word, factor in _MULTIPLIERS.items():
        if raw.endswith(word):
            raw, multiplier = raw[: -len(word)].strip(), factor
            break
    raw = raw.rstrip("%").strip()
    if _VI_THOUSANDS.fullmatch(raw):
        plain = raw.replace(".", "").replace(",", ".")
    elif _VI_DECIMAL.fullmatch(raw):
        plain = raw.replace(",", ".")
    elif re.fullmatch(_NUM, raw):
        plain = raw
    else:
        return None
    value = Decimal(plain) * multiplier
    shown = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return f"write the number the plain way, with a dot for decimals and no % or words: {shown}"


_LEADING_OP = re.compile(rf"\s*({_OPS}|~)?\s*(.*)", re.DOTALL)


def _expression_hint(raw: str) -> str | None:
    """number_hint for an expression: `>= 99,66` -> `... : >= 99.66`."""
    m = _LEADING_OP.fullmatch(raw.translate(_SIGNS))
    assert m is not None  # the pattern matches any text
    op, rest = m.group(1), m.group(2)
    hint = number_hint(rest)
    if hint is None or op is None:
        return hint
    head, _, number = hint.rpartition(": ")
    return f"{head}: {op} {number}" if op != "~" else f"{head}: ~{number}"


def _number(text: str) -> Decimal:
    return to_decimal(text)


def parse_target(raw: object) -> Target:
    """Parse a target as written in a plan: a number or an expression string."""
    if isinstance(raw, bool):
        raise ExpressionError("write `done` for a milestone target, not true/false")
    if isinstance(raw, int | Decimal):
        return Comparison(Op.GE, Decimal(raw), bare=True)
    if not isinstance(raw, str):
        raise ExpressionError(
            "a target is a number or an expression such as '>= 90', 'top 10', '~35', 'done'"
        )
    return _target_of_text(raw)


# a national repository writes the same targets and bounds again and again: the texts met most are
# read once (the values are frozen, so one is shared; a refused text raises again, as it is not kept).
# 2,048 texts answer 85 % of the 1x repository's 40,800 targets in about a megabyte
@lru_cache(maxsize=2048)
def _target_of_text(raw: str) -> Target:
    text = (raw if raw.isascii() else raw.translate(_SIGNS)).strip()
    if text.lower() == "done":
        return Done()
    if m := _TOP.fullmatch(text):
        return Top(int(m.group(1)))
    if m := _RANGE.fullmatch(text):
        low, high = _range_ends(m)
        return Between(low, high, percent_sign=bool(m.group(2) or m.group(4)))
    if m := _APPROX.fullmatch(text):
        tolerance = _number(m.group(3)) if m.group(3) else None
        if tolerance is not None and tolerance < 0:
            raise ExpressionError("the tolerance after ± cannot be negative")
        return Approximately(_number(m.group(1)), tolerance, percent_sign=bool(m.group(2) or m.group(4)))
    if m := _COMPARISON.fullmatch(text):
        op = _OP_OF[m.group(1)] if m.group(1) else Op.GE
        return Comparison(op, _number(m.group(2)), m.group(1) is None, bool(m.group(3)))
    hint = _expression_hint(raw)
    raise ExpressionError(
        hint
        or f"cannot read target {raw!r}: write '>= 90', '> 10', '<= 5', '= 1', "
        "a bare number, '~35', '~35 ±2', a range '81..86', 'top 10' or 'done'"
    )


def _range_ends(m: re.Match[str]) -> tuple[Decimal, Decimal]:
    low, high = _number(m.group(1)), _number(m.group(3))
    if not low < high:
        raise ExpressionError(f"a range N..M needs N < M, not {format_number(low)}..{format_number(high)}")
    return low, high


def parse_years(raw: object) -> tuple[int, int] | None:
    """The years of a target key `Y1..Y2` (Y1 < Y2); None when `raw` is not written as a range."""
    if not isinstance(raw, str) or not (m := _YEARS.fullmatch(raw)):
        return None
    first, last = int(m.group(1)), int(m.group(2))
    if not first < last:
        raise ExpressionError(f"a year range Y1..Y2 needs Y1 < Y2, not {first}..{last}")
    return first, last


def parse_measure(raw: object) -> Measure:
    """Parse an actual value: a number, true/false, `~N`, or a bound `> N`, `>= N`, `< N`, `<= N`."""
    if type(raw) is Decimal:  # most figures: taken as they are, Decimal is immutable
        return Measure(raw)
    if isinstance(raw, bool):
        return Measure(raw)
    if isinstance(raw, int | Decimal):
        return Measure(Decimal(raw))
    if not isinstance(raw, str):
        raise ExpressionError(
            "a value is a number, true/false, or an expression such as '~2700000' or '> 98'"
        )
    return _measure_of_text(raw)


@lru_cache(maxsize=2048)
def _measure_of_text(raw: str) -> Measure:
    text = (raw if raw.isascii() else raw.translate(_SIGNS)).strip()
    if m := _RANGE.fullmatch(text):
        low, high = _range_ends(m)
        return Measure(low, high=high, percent_sign=bool(m.group(2) or m.group(4)))
    if m := _APPROX.fullmatch(text):
        tolerance = _number(m.group(3)) if m.group(3) else None
        if tolerance is not None and tolerance < 0:
            raise ExpressionError("the tolerance after ± cannot be negative")
        sign = bool(m.group(2) or m.group(4))
        return Measure(_number(m.group(1)), approximate=True, percent_sign=sign, tolerance=tolerance)
    if m := _COMPARISON.fullmatch(text):
        if m.group(1) == "=":
            raise ExpressionError("write an exact value as a plain number, without '='")
        bound = _OP_OF[m.group(1)] if m.group(1) else None
        return Measure(_number(m.group(2)), bound=bound, percent_sign=bool(m.group(3)))
    hint = _expression_hint(raw)
    raise ExpressionError(
        hint
        or f"cannot read value {raw!r}: write a number, true/false, '~N' or '~N ±T' "
        "(approximately N), a bound such as '> 98' or a range '81..86'"
    )


def format_number(value: Decimal) -> str:
    """Decimal as a person writes it: `100`, `99.66`, `0.5`; never `1E+2`."""
    if value == value.to_integral_value():
        # not quantize() or normalize(): they round to the context's 28 digits, to_decimal accepts 30
        return format(value.to_integral_value(), "f")
    return format(value, "f").rstrip("0")


def format_target(target: Target, decrease: bool) -> str:
    """The canonical text of a target, with a bare number shown in the sense it is judged."""
    match target:
        case Comparison(op=op, value=value, bare=bare):
            shown = (Op.LE if decrease else Op.GE) if bare else op
            return f"{shown} {format_number(value)}"
        case Approximately(value=value, tolerance=tolerance):
            tail = f" ±{format_number(tolerance)}" if tolerance is not None else ""
            return f"~{format_number(value)}{tail}"
        case Top(n=n):
            return f"top {n}"
        case Done():
            return "done"
        case Between(low=low, high=high):
            return f"{format_number(low)}..{format_number(high)}"


def target_ends(target: Target) -> tuple[Decimal, ...]:
    """The numbers a target can stand at: N of `>= N`, `~N`, `top N`; both ends of `N..M`; none for `done`."""
    match target:
        case Comparison(value=value) | Approximately(value=value):
            return (value,)
        case Top(n=n):
            return (Decimal(n),)
        case Between(low=low, high=high):
            return (low, high)
        case Done():
            return ()


# exact for any two numbers to_decimal accepts: ≤ 30 digits, leading digit within 10^±30
EXACT = Context(prec=100)


@dataclass(frozen=True, slots=True)
class Interval:
    """The values between two ends, each end closed or open; an end of None is unbounded.

    Every expression denotes one: a target the values that meet it, an actual value where the true
    value lies. Judging is then only `within` (every value meets) and `meets` (some value does).
    """

    lo: Decimal | None = None
    lo_closed: bool = True
    hi: Decimal | None = None
    hi_closed: bool = True

    @staticmethod
    def point(value: Decimal) -> Interval:
        return Interval(value, True, value, True)

    def contains(self, x: Decimal) -> bool:
        lo, hi = self.lo, self.hi
        if lo is not None and (x < lo or (x == lo and not self.lo_closed)):
            return False
        return hi is None or x < hi or (x == hi and self.hi_closed)

    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def intersect(self, other: Interval) -> Interval:
        lo, lo_closed = self.lo, self.lo_closed
        if other.lo is not None and (lo is None or other.lo > lo or (other.lo == lo and not other.lo_closed)):
            lo, lo_closed = other.lo, other.lo_closed
        hi, hi_closed = self.hi, self.hi_closed
        if other.hi is not None and (hi is None or other.hi < hi or (other.hi == hi and not other.hi_closed)):
            hi, hi_closed = other.hi, other.hi_closed
        return Interval(lo, lo_closed, hi, hi_closed)

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both."""
        return not self.intersect(other).is_empty()

    def within(self, other: Interval) -> bool:
        """Whether every value of self (not empty) lies in other."""
        return self.intersect(other) == self

    def whole(self) -> Interval:
        """The whole numbers in it, as an interval with closed whole ends (empty when there are none)."""
        lo = hi = None
        if self.lo is not None:
            lo = self.lo.to_integral_value(rounding=ROUND_CEILING)
            if lo == self.lo and not self.lo_closed:
                lo = EXACT.add(lo, 1)
        if self.hi is not None:
            hi = self.hi.to_integral_value(rounding=ROUND_FLOOR)
            if hi == self.hi and not self.hi_closed:
                hi = EXACT.subtract(hi, 1)
        return Interval(lo, True, hi, True)


_HALF_LINES = {
    Op.GE: lambda n: Interval(lo=n),
    Op.GT: lambda n: Interval(lo=n, lo_closed=False),
    Op.LE: lambda n: Interval(hi=n),
    Op.LT: lambda n: Interval(hi=n, hi_closed=False),
    Op.EQ: Interval.point,
}
# the values a unit allows; count and rank hold whole numbers only
_UNIT_RANGES = {
    "percent": Interval(Decimal(0), True, Decimal(100), True),
    "count": Interval(lo=Decimal(0)),
    "rank": Interval(lo=Decimal(1)),
}
WHOLE_UNITS = frozenset({"count", "rank"})


def satisfying(target: Target, decrease: bool) -> Interval:
    """The values that meet a numeric target."""
    match target:
        case Comparison(op=op, value=value, bare=bare):
            if bare:
                op = Op.LE if decrease else Op.GE
            return _HALF_LINES[op](value)
        case Approximately(value=value):
            if decrease:
                return Interval(hi=EXACT.add(value, target.effective_tolerance))
            return Interval(lo=EXACT.subtract(value, target.effective_tolerance))
        case Top(n=n):
            return Interval(hi=Decimal(n))
        case Between(low=low, high=high):
            return Interval(low, True, high, True)
        case Done():
            raise ValueError("'done' is not a numeric target")


def in_unit(interval: Interval, unit: str) -> Interval:
    """`interval` clipped to the values `unit` allows: 0–100 for percent, whole numbers for count and rank."""
    allowed = _UNIT_RANGES.get(unit)
    if allowed is not None:
        interval = interval.intersect(allowed)
    return interval.whole() if unit in WHOLE_UNITS else interval


def observed(measure: Measure, unit: str, of: int | None = None) -> Interval:
    """Where the true value of a figure lies, in the values its unit allows (a rank among `of` places
    is at most `of`: «hơn 30/34» is 31 to 34)."""
    value = measure.value
    assert not isinstance(value, bool)
    if measure.high is not None:
        interval = Interval(value, True, measure.high, True)
    elif measure.approximate:
        tolerance = measure.effective_tolerance
        interval = Interval(EXACT.subtract(value, tolerance), True, EXACT.add(value, tolerance), True)
    elif measure.bound is not None:
        interval = _HALF_LINES[measure.bound](value)
    else:
        return Interval.point(value)
    if of is not None:
        interval = interval.intersect(Interval(hi=Decimal(of)))
    return in_unit(interval, unit)
