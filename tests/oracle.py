"""An independent reading of the contract's judging rules: what `compare` must say for each row.

Written from the user-facing contract alone, in plain Python and `decimal`, without looking at how the
package judges, so that the two can be held against each other on random files (tests/test_oracle.py).

Where the contract leaves a question open, the reading taken here is written down as a `READING:` comment;
a field the contract does not decide at all is `ANY`, and the test does not hold the package to it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from typing import Any, Final

ANY: Final = "<any: the contract does not decide>"

Number = Decimal
Standing = Decimal | str  # a standing value, or ANY

_NUM = r"-?\d+(?:\.\d+)?"
_OPS = {"≥": ">=", "≤": "<="}
_COMPARISON = re.compile(rf"^(>=|<=|>|<|=|≥|≤)\s*({_NUM})\s*(%?)$")
_APPROX = re.compile(rf"^~\s*({_NUM})(?:\s*±\s*({_NUM}))?\s*$")
_RANGE = re.compile(rf"^({_NUM})\s*\.\.\s*({_NUM})\s*(%?)$")
_TOP = re.compile(r"^top\s*(\d+)$")
_BARE = re.compile(rf"^({_NUM})\s*(%?)$")
_YEARS = re.compile(r"^(\d{4})\s*\.\.\s*(\d{4})$")

PASS_STATUSES = {"met", "achieved", "on-track"}
FAIL_STATUSES = {"missed"}


@dataclass(frozen=True)
class Interval:
    """A set of real numbers between two ends (None: unbounded), whole numbers only when `whole`."""

    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False
    whole: bool = False

    def normal(self) -> Interval:
        """The same set with whole-number ends closed: `< 2` over whole numbers is [.., 1]."""
        if not self.whole:
            return self
        lo, hi = self.lo, self.hi
        if lo is not None:
            up = lo.to_integral_value(ROUND_CEILING)
            lo = up + 1 if self.lo_open and up == lo else up
        if hi is not None:
            down = hi.to_integral_value(ROUND_FLOOR)
            hi = down - 1 if self.hi_open and down == hi else down
        return Interval(lo, hi, False, False, True)

    def is_empty(self) -> bool:
        n = self.normal()
        if n.lo is None or n.hi is None:
            return False
        return n.lo > n.hi or (n.lo == n.hi and (n.lo_open or n.hi_open))

    def contains(self, x: Decimal) -> bool:
        if self.lo is not None and (x < self.lo or (x == self.lo and self.lo_open)):
            return False
        return not (self.hi is not None and (x > self.hi or (x == self.hi and self.hi_open)))

    def within(self, other: Interval) -> bool:
        """Every value of self (non-empty) is in other."""
        n = self.normal()
        low_ok = other.lo is None or (
            n.lo is not None and (n.lo > other.lo or (n.lo == other.lo and (n.lo_open or not other.lo_open)))
        )
        high_ok = other.hi is None or (
            n.hi is not None and (n.hi < other.hi or (n.hi == other.hi and (n.hi_open or not other.hi_open)))
        )
        return low_ok and high_ok

    def meet(self, other: Interval) -> Interval:
        lo, lo_open = _tighter(self.lo, self.lo_open, other.lo, other.lo_open, low=True)
        hi, hi_open = _tighter(self.hi, self.hi_open, other.hi, other.hi_open, low=False)
        return Interval(lo, hi, lo_open, hi_open, self.whole or other.whole)


def _tighter(
    a: Decimal | None, a_open: bool, b: Decimal | None, b_open: bool, *, low: bool
) -> tuple[Decimal | None, bool]:
    if a is None:
        return b, b_open
    if b is None or a == b:
        return a, a_open or (b_open if b is not None else False)
    if (a > b) == low:
        return a, a_open
    return b, b_open


def unit_range(unit: str) -> Interval:
    match unit:
        case "percent":
            return Interval(Decimal(0), Decimal(100))
        case "count":
            return Interval(Decimal(0), None, whole=True)
        case "rank":
            return Interval(Decimal(1), None, whole=True)
        case _:
            return Interval(None, None)


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    kind: str  # "cmp" (incl. bare, ~, top) | "range" | "done"
    good: Interval | None  # the values that meet it (None for done)
    value: Decimal | None  # the number it stands at, for non-range targets
    ends: tuple[Decimal, Decimal] | None = None  # a range target's ends


def _default_tolerance(n: Decimal) -> Decimal:
    # READING: 5 % of |N| for a target too (the contract says "of N" there), so that it is never negative.
    return abs(n) * Decimal("0.05")


def parse_target(raw: Any, unit: str, direction: str) -> Target:
    if isinstance(raw, dict):
        raw = raw["target"]
    decreasing = direction == "decrease" or unit == "rank"
    if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        raw = str(raw)
    text = str(raw).strip()
    if text == "done":
        return Target("done", None, None)
    if m := _COMPARISON.match(text):
        op, n = _OPS.get(m[1], m[1]), Decimal(m[2])
        good = {
            ">=": Interval(n, None),
            ">": Interval(n, None, lo_open=True),
            "<=": Interval(None, n),
            "<": Interval(None, n, hi_open=True),
            "=": Interval(n, n),
        }[op]
        return Target("cmp", good, n)
    if m := _APPROX.match(text):
        n = Decimal(m[1])
        t = Decimal(m[2]) if m[2] else _default_tolerance(n)
        good = Interval(None, n + t) if decreasing else Interval(n - t, None)
        return Target("cmp", good, n)
    if m := _TOP.match(text):
        n = Decimal(m[1])
        return Target("cmp", Interval(None, n), n)
    if m := _RANGE.match(text):
        lo, hi = Decimal(m[1]), Decimal(m[2])
        return Target("range", Interval(lo, hi), None, (lo, hi))
    if m := _BARE.match(text):
        n = Decimal(m[1])
        return Target("cmp", Interval(None, n) if decreasing else Interval(n, None), n)
    raise ValueError(f"not a target expression: {text!r}")


def target_value(target: Target, actual: Standing) -> Standing:
    """The number a target stands at for the gap and the ratio."""
    if target.ends is None:
        assert target.value is not None
        return target.value
    if actual == ANY:
        return ANY
    assert isinstance(actual, Decimal)
    return _nearest(target.ends, actual)


def _nearest(ends: tuple[Decimal, Decimal], x: Decimal) -> Standing:
    near_lo, near_hi = abs(ends[0] - x), abs(ends[1] - x)
    if near_lo == near_hi:
        # READING: an end "nearest" is undecided when both are as near; the test leaves such fields open.
        return ANY
    return ends[0] if near_lo < near_hi else ends[1]


# ---------------------------------------------------------------- observations


@dataclass(frozen=True)
class Observation:
    year: int
    truth: bool | None  # for booleans
    interval: Interval | None  # where the true value lies
    number: Decimal | None  # the number written (N of `~N`, a bound's N, an exact value)
    ends: tuple[Decimal, Decimal] | None  # a range's ends
    bound: str | None
    approximate: bool
    as_of: datetime.date | None  # None: the figure covers its whole year
    of: Decimal | None


def parse_value(
    raw: Any, unit: str
) -> tuple[bool | None, Interval | None, Decimal | None, Any, str | None, bool]:
    """(truth, interval, number, ends, bound, approximate) of one written value."""
    clip = unit_range(unit)
    if isinstance(raw, bool):
        return raw, None, None, None, None, False
    if isinstance(raw, Decimal | int):
        n = Decimal(raw)
        return None, Interval(n, n), n, None, None, False
    text = str(raw).strip()
    if m := _APPROX.match(text):
        n = Decimal(m[1])
        t = Decimal(m[2]) if m[2] else _default_tolerance(n)
        return None, Interval(n - t, n + t).meet(clip), n, None, None, True
    if m := _COMPARISON.match(text):
        op, n = _OPS.get(m[1], m[1]), Decimal(m[2])
        interval = {
            ">=": Interval(n, None),
            ">": Interval(n, None, lo_open=True),
            "<=": Interval(None, n),
            "<": Interval(None, n, hi_open=True),
        }[op]
        return None, interval.meet(clip), n, None, op, False
    if m := _RANGE.match(text):
        lo, hi = Decimal(m[1]), Decimal(m[2])
        return None, Interval(lo, hi).meet(clip), None, (lo, hi), None, False
    raise ValueError(f"not a value expression: {text!r}")


def observations(
    plan: dict[str, Any], files: list[dict[str, Any]], indicator: dict[str, Any]
) -> dict[int, Observation]:
    """The figure used per year for one indicator: whole-year beats part-year, else the latest date."""
    unit = indicator["unit"]
    found: dict[int, list[Observation]] = {}
    for doc in files:
        values = _region_values(doc, plan["region"])
        if indicator["id"] not in values:
            continue
        items = values[indicator["id"]]
        for item in items if isinstance(items, list) else [items]:
            mapping = item if isinstance(item, dict) else {"value": item}
            year = int(mapping.get("year", doc["year"]))
            as_of = mapping.get("as_of")
            file_as_of = doc.get("as_of")
            if as_of is None and isinstance(file_as_of, datetime.date) and file_as_of.year == year:
                as_of = file_as_of
            truth, interval, number, ends, bound, approx = parse_value(mapping["value"], unit)
            of = mapping.get("of")
            if of is not None and interval is not None:
                # READING: a rank of a field of N places is at most N, so `of` bounds the interval too
                # (`> 30` of 34 is 31..34, within `top 40`).
                interval = interval.meet(Interval(None, Decimal(of)))
            obs = Observation(
                year,
                truth,
                interval,
                number,
                ends,
                bound,
                approx,
                as_of,
                Decimal(of) if of is not None else None,
            )
            found.setdefault(year, []).append(obs)
    chosen: dict[int, Observation] = {}
    for year, candidates in found.items():
        whole = [o for o in candidates if o.as_of is None]
        if whole:
            assert len(whole) == 1, "two whole-year figures for one year are an input error"
            chosen[year] = whole[0]
        else:
            dates = [o.as_of for o in candidates]
            assert len(set(dates)) == len(dates), "two figures with one date are an input error"
            chosen[year] = max(candidates, key=lambda o: o.as_of or datetime.date.min)
    return chosen


def _region_values(doc: dict[str, Any], region: str) -> dict[str, Any]:
    if "regions" in doc:
        entry = doc["regions"].get(region)
        return dict(entry["values"]) if entry else {}
    return dict(doc["values"]) if doc.get("region") == region else {}


def standing(obs: Observation, target: Target) -> tuple[Standing, Standing]:
    """(the number the figure stands at, the number the target stands at) for the gap and the ratio.

    READING: a bound stands at its written number (`rank: "< 2"` stands at 2 though it is exactly 1);
    `~N` at N; a range at its end nearest the target's number, and a range target at its end nearest the
    figure's. When both are ranges, each stands at the end of the pair of ends nearest each other.
    An end "nearest" is undecided (ANY) when two are as near.
    """
    if obs.ends is None:
        assert obs.number is not None
        return obs.number, target_value(target, obs.number)
    if target.ends is None:
        assert target.value is not None
        return _nearest(obs.ends, target.value), target.value
    pairs = [(a, t) for a in obs.ends for t in target.ends]
    closest = min(abs(a - t) for a, t in pairs)
    tied = [(a, t) for a, t in pairs if abs(a - t) == closest]
    x = tied[0][0] if len({a for a, _ in tied}) == 1 else ANY
    n = tied[0][1] if len({t for _, t in tied}) == 1 else ANY
    return x, n


def baseline_standing(obs: Observation, n: Standing) -> Standing:
    """READING: a baseline range stands at its end nearest the number the target stands at for the row."""
    if obs.ends is None:
        assert obs.number is not None
        return obs.number
    if n == ANY:
        return ANY
    assert isinstance(n, Decimal)
    return _nearest(obs.ends, n)


# ---------------------------------------------------------------- judging


def _judge_interval(obs: Observation, target: Target) -> str:
    if target.kind == "done":
        return "met" if obs.truth else "missed"
    assert obs.interval is not None and target.good is not None
    if obs.interval.within(target.good):
        return "met"
    if obs.interval.meet(target.good).is_empty():
        return "missed"
    return "indeterminate"


def _rate(a: Decimal, b: Decimal, years: int, *, linear: bool) -> Decimal:
    if linear:
        return (b - a) / years
    return (b / a) ** (Decimal(1) / Decimal(years)) - 1


def progress_status(p: Decimal) -> str:
    if p >= Decimal("0.95"):
        return "on-track"
    if p >= Decimal("0.6"):
        return "at-risk"
    if p >= 0:
        return "off-track"
    return "regressing"


def _forecast(
    x0: Standing, t0: int, x: Standing, n: Standing, latest: int, target: Target, year: int
) -> tuple[str, Decimal | str | None]:
    """(status, progress) of a target not yet due that the latest figure does not meet."""
    if ANY in (x0, x, n):
        return ANY, ANY
    assert isinstance(x0, Decimal) and isinstance(x, Decimal) and isinstance(n, Decimal)
    assert target.good is not None
    # the two cases the ratio cannot decide, judged on standing values as points
    if target.good.contains(x0) and not target.good.contains(x):
        # READING: the ratio does not decide this row, so the row carries no progress ratio.
        return "regressing", None
    if n == x0:
        return ("regressing" if x != x0 and not target.good.contains(x) else "off-track"), None
    # READING: when any of the three figures is <= 0, both rates are linear (a ratio of a compound rate to a
    # linear one would mean nothing).
    linear = min(x0, x, n) <= 0
    with localcontext() as ctx:
        ctx.prec = 50
        p = _rate(x0, x, latest - t0, linear=linear) / _rate(x0, n, year - t0, linear=linear)
    return progress_status(p), p


def target_years(key: Any) -> list[int]:
    if isinstance(key, int):
        return [key]
    m = _YEARS.match(str(key).strip())
    assert m, key
    return list(range(int(m[1]), int(m[2]) + 1))


def expected_rows(plan: dict[str, Any], files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One expected row per indicator x target year, in plan order then by year."""
    rows: list[dict[str, Any]] = []
    for indicator in plan["indicators"]:
        obs = observations(plan, files, indicator)
        unit, direction = indicator["unit"], indicator.get("direction", "increase")
        by_year: dict[int, Target] = {}
        for key, raw in indicator["targets"].items():
            for year in target_years(key):
                by_year[year] = parse_target(raw, unit, direction)
        for year in sorted(by_year):
            row = judge_row(indicator, obs, by_year[year], year)
            rows.append({"indicator": indicator["id"], "target_year": year, **row})
    return rows


def _empty_row(status: str) -> dict[str, Any]:
    return {
        "status": status,
        "actual": None,
        "actual_year": None,
        "actual_bound": None,
        "approximate": False,
        "provisional": False,
        "actual_as_of": None,
        "actual_of": None,
        "gap": None,
        "progress": None,
    }


def _outcome(status: str) -> str:
    if status == ANY:
        return ANY
    return "pass" if status in PASS_STATUSES else "fail" if status in FAIL_STATUSES else "warn"


def judge_row(
    indicator: dict[str, Any], obs: dict[int, Observation], target: Target, year: int
) -> dict[str, Any]:
    if not obs:
        row = _empty_row("no-data")
    elif year in obs:
        # READING: a part-year figure for the target year decides met/missed too; the row says provisional.
        row = _row_from(obs[year], target, _judge_interval(obs[year], target))
    elif max(obs) > year:
        # READING: a no-data row shows no figure, not a later year's.
        row = _empty_row("no-data")
    else:
        latest = max(obs)
        last = obs[latest]
        if _judge_interval(last, target) == "met":
            # READING: achieved is decided without the ratio, so the row carries none; a latest interval
            # that only partly meets the target is not achieved and goes on to the ratio.
            row = _row_from(last, target, "achieved")
        else:
            row = _row_from(last, target, "pending")
            row["status"], row["progress"] = _not_yet_due(indicator, obs, target, year)
    row["outcome"] = _outcome(row["status"])
    return row


def _not_yet_due(
    indicator: dict[str, Any], obs: dict[int, Observation], target: Target, year: int
) -> tuple[str, Decimal | str | None]:
    latest = max(obs)
    if target.kind == "done":
        # READING: a milestone has no progress ratio: not done yet is pending, whatever came before.
        return "pending", None
    x, n = standing(obs[latest], target)
    baseline = indicator.get("baseline")
    x0: Standing
    if baseline is not None and int(baseline["year"]) < latest:
        t0, x0 = int(baseline["year"]), standing_of_number(baseline["value"])
    else:
        earlier = [y for y in obs if y < latest]
        if not earlier:
            return "pending", None
        t0 = min(earlier)
        x0 = baseline_standing(obs[t0], n)
    return _forecast(x0, t0, x, n, latest, target, year)


def standing_of_number(raw: Any) -> Decimal:
    return Decimal(str(raw))


def _row_from(o: Observation, target: Target, status: str) -> dict[str, Any]:
    row = _empty_row(status)
    actual: Standing | bool
    n: Standing
    if o.truth is not None or target.kind == "done":
        actual, n = bool(o.truth), ANY
    else:
        actual, n = standing(o, target)
    row.update(
        actual=actual,
        actual_year=o.year,
        # READING: a range is not a bound, so its row has no actual_bound.
        actual_bound=o.bound,
        approximate=o.approximate,
        provisional=o.as_of is not None,
        actual_as_of=o.as_of.isoformat() if o.as_of else None,
        actual_of=o.of,
    )
    if target.kind != "done":
        row["gap"] = ANY if ANY in (n, actual) else Decimal(n) - Decimal(actual)
    return row
