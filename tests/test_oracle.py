"""compare's JSON rows agree with an independent reading of the contract (tests/oracle.py) on random files."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from dxcheck.cli import main

# Set DXCHECK_ORACLE_V1=1 to generate only what v1 already judged (no ranges, year ranges, `~` figures,
# part-year figures or `of`): the way to tell a v1 regression from a v1.1 gap.
V1_ONLY = os.environ.get("DXCHECK_ORACLE_V1") == "1"
REGION = "demo"
UNITS = ["percent", "count", "rank", "boolean", "points"]  # points: any other unit, negative figures too
FIELDS = [
    "status",
    "outcome",
    "gap",
    "progress",
    "actual",
    "actual_year",
    "actual_bound",
    "approximate",
    "provisional",
    "actual_as_of",
    "actual_of",
]


# ---------------------------------------------------------------- writing files


def to_yaml(value: Any) -> str:
    """Flow-style YAML: every string quoted, numbers written exactly as their Decimal, year keys bare."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {to_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _key(key: Any) -> str:
    return str(key) if isinstance(key, int) else to_yaml(key)


def run_compare(plan: dict[str, Any], files: list[dict[str, Any]]) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, doc in [("plan.yaml", plan)] + [(f"actuals-{i}.yaml", f) for i, f in enumerate(files)]:
            path = Path(folder) / name
            path.write_text(to_yaml(doc) + "\n", encoding="utf-8")
            paths.append(str(path))
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(["compare", *paths, "--format", "json"])
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------- comparing


def _same(field: str, want: Any, got: Any) -> bool:
    if want == oracle.ANY:
        return True
    if isinstance(want, bool) or want is None or isinstance(want, str):
        return type(got) is type(want) and bool(got == want)
    if isinstance(got, bool) or not isinstance(got, Decimal | int):
        return False
    if field == "progress":
        return bool(abs(Decimal(got) - want) <= abs(want) * Decimal("1e-20"))
    return bool(Decimal(got) == want)


def disagreements(plan: dict[str, Any], files: list[dict[str, Any]]) -> list[str]:
    """Every field where compare's JSON differs from the oracle; a run that fails is one disagreement."""
    code, out, err = run_compare(plan, files)
    if code not in (0, 1):
        return [f"exit {code}: {err}"]
    result = json.loads(out, parse_float=Decimal)
    got_rows = result["rows"]
    want_rows = oracle.expected_rows(plan, files)
    keys = [(r["indicator"], r["target_year"]) for r in got_rows]
    if keys != [(r["indicator"], r["target_year"]) for r in want_rows]:
        return [f"rows {keys} != {[(r['indicator'], r['target_year']) for r in want_rows]}"]
    found = []
    for want, got in zip(want_rows, got_rows, strict=True):
        for field in FIELDS:
            if not _same(field, want[field], got.get(field, "<missing>")):
                where = f"{want['indicator']} {want['target_year']} {field}"
                found.append(f"{where}: want {want[field]!r}, got {got.get(field, '<missing>')!r}")
    return found


def assert_agrees(plan: dict[str, Any], files: list[dict[str, Any]]) -> None:
    found = disagreements(plan, files)
    assert not found, "\n".join(
        [*found, "plan: " + to_yaml(plan), *("actuals: " + to_yaml(f) for f in files)]
    )


# ---------------------------------------------------------------- generating valid files


def _plan(indicators: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "dxcheck": "plan/1",
        "id": "oracle",
        "region": REGION,
        "title": "Oracle",
        "indicators": indicators,
    }


def _actuals(year: int, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"dxcheck": "actuals/1", "year": year, **extra, "region": REGION, "values": values}


Near = tuple[Decimal, ...]


@st.composite
def numbers(
    draw: st.DrawFn, unit: str, near: Near = (), *, low: int | None = None, high: int | None = None
) -> Decimal:
    """A figure valid for the unit; often one of the indicator's few `near` numbers or next to one, so
    that figures fall on targets' edges, and ties and equal figures are common."""
    lo = {"percent": 0, "count": 0, "rank": 1}.get(unit, -50) if low is None else low
    hi = {"percent": 100, "count": 30, "rank": 30}.get(unit, 200) if high is None else high
    use_near: bool = draw(st.booleans())
    if near and use_near:
        step = (
            Decimal(1) if unit in ("count", "rank") else draw(st.sampled_from([Decimal(1), Decimal("0.1")]))
        )
        n = draw(st.sampled_from(near)) + step * draw(st.sampled_from([-1, 0, 0, 1]))
        return min(max(n, Decimal(lo)), Decimal(hi))
    if draw(st.booleans()):  # near the ends of the unit's range, where clipping and whole numbers tell
        return Decimal(draw(st.sampled_from([lo, lo + 1, lo + 2, hi - 1, hi])))
    if unit in ("count", "rank") or draw(st.booleans()):
        return Decimal(draw(st.integers(lo, hi)))
    return Decimal(draw(st.integers(lo * 10, hi * 10))) / 10


@st.composite
def ranges(draw: st.DrawFn, unit: str, near: Near) -> tuple[Decimal, Decimal]:
    """Two ends N < M inside the unit's range."""
    a, b = draw(numbers(unit, near)), draw(numbers(unit, near))
    if a == b:
        a = a - 1 if a >= {"percent": 100, "count": 1, "rank": 2}.get(unit, 1) else a
        b = a + 1 if a == b else b
    return min(a, b), max(a, b)


def _gap() -> st.SearchStrategy[str]:
    return st.sampled_from(["", " "])


@st.composite
def target_exprs(draw: st.DrawFn, unit: str, near: Near) -> Any:
    if unit == "boolean":
        return "done"
    forms = ["cmp", "approx"]
    forms += ["top"] if unit == "rank" else ["bare"]
    if not V1_ONLY:
        forms.append("range")
    form = draw(st.sampled_from(forms))
    sp = draw(_gap())
    pct = "%" if unit == "percent" and draw(st.booleans()) else ""
    if form == "cmp":
        op = draw(st.sampled_from([">=", ">", "<=", "<", "=", "≥", "≤"]))
        return f"{op}{sp}{draw(numbers(unit, near))}{pct}"
    if form == "bare":
        n = draw(numbers(unit, near))
        return f"{n}{pct}" if pct or draw(st.booleans()) else n
    if form == "top":
        return f"top {draw(numbers(unit, near))}"
    if form == "approx":
        # READING: the default tolerance is 5 % of |N|, as for figures, so that it is never negative
        n = draw(numbers(unit, near, low=None if unit == "points" else 1))
        if draw(st.booleans()):
            return f"~{sp}{n}"
        return f"~{sp}{n}{sp}±{sp}{draw(_tolerances(unit))}"
    low, high = draw(ranges(unit, near))
    return f"{low}..{high}{pct}"


def _tolerances(unit: str) -> st.SearchStrategy[Decimal]:
    if unit in ("count", "rank"):
        return st.integers(1, 5).map(Decimal)
    return st.integers(1, 50).map(lambda k: Decimal(k) / 10)


@st.composite
def target_keys(draw: st.DrawFn) -> list[int | str]:
    free = set(range(2020, 2027))
    keys: list[int | str] = []
    for _ in range(draw(st.integers(1, 3))):
        if not free:
            break
        start = draw(st.sampled_from(sorted(free)))
        length = 0 if V1_ONLY else draw(st.integers(0, 2))
        span = [y for y in range(start, start + length + 1) if y in free]
        span = span[: next((i for i, y in enumerate(span) if y != start + i), len(span))]
        free -= set(span)
        keys.append(start if len(span) == 1 else f"{span[0]}..{span[-1]}")
    return keys


@st.composite
def indicators(draw: st.DrawFn, number: int, palettes: dict[str, Near]) -> dict[str, Any]:
    """One indicator; its few `near` numbers go into palettes[id] for its figures to use too."""
    unit = draw(st.sampled_from(UNITS))
    near = tuple(draw(numbers(unit)) for _ in range(2))
    palettes[f"ind-{number}"] = near
    ind: dict[str, Any] = {"id": f"ind-{number}", "name": f"Indicator {number}", "unit": unit}
    if unit not in ("rank", "boolean"):
        direction = draw(st.sampled_from([None, "increase", "decrease"]))
        if direction:
            ind["direction"] = direction
    keys = draw(target_keys())
    first = min(oracle.target_years(k)[0] for k in keys)
    if unit != "boolean" and draw(st.booleans()):
        ind["baseline"] = {"year": draw(st.integers(2016, first - 1)), "value": draw(numbers(unit, near))}
    targets: dict[int | str, Any] = {}
    for key in keys:
        expr = draw(target_exprs(unit, near))
        targets[key] = {"target": expr, "quote": "…"} if draw(st.booleans()) else expr
    ind["targets"] = targets
    return ind


@st.composite
def value_exprs(draw: st.DrawFn, unit: str, near: Near) -> Any:
    if unit == "boolean":
        return draw(st.booleans())
    forms = ["exact", "bound"] + ([] if V1_ONLY else ["approx", "range"])
    form = draw(st.sampled_from(forms))
    sp = draw(_gap())
    if form == "exact":
        return draw(numbers(unit, near))
    if form == "bound":
        op = draw(st.sampled_from([">", ">=", "<", "<=", "≥", "≤"]))
        lowest = {"count": 1, "rank": 2, "percent": 1}.get(unit) if op == "<" else None
        highest = 99 if op == ">" and unit == "percent" else None
        return f"{op}{sp}{draw(numbers(unit, near, low=lowest, high=highest))}"
    if form == "approx":
        n = draw(numbers(unit, near, low=None if unit == "points" else 1))
        if draw(st.booleans()):
            return f"~{sp}{n}"
        return f"~{sp}{n}{sp}±{sp}{draw(_tolerances(unit))}"
    low, high = draw(ranges(unit, near))
    return f"{low}..{high}"


def _date_in(year: int) -> st.SearchStrategy[datetime.date]:
    # READING: a date inside the year is a part of it, 31 December too (the contract's words).
    return st.one_of(
        st.builds(datetime.date, st.just(year), st.integers(1, 12), st.integers(1, 28)),
        st.just(datetime.date(year, 12, 31)),
    )


@st.composite
def figures(draw: st.DrawFn, unit: str, near: Near, file_year: int) -> dict[str, Any]:
    """One value as a mapping: the value, and maybe its own year, as_of (v1.1) and of (v1.1, ranks)."""
    fig: dict[str, Any] = {"value": draw(value_exprs(unit, near))}
    if draw(st.booleans()):
        fig["year"] = draw(st.integers(file_year - 3, file_year))
    if not V1_ONLY and draw(st.integers(0, 3)) == 0:
        fig["as_of"] = draw(_date_in(fig.get("year", file_year)))
    if not V1_ONLY and unit == "rank" and draw(st.booleans()):
        fig["of"] = _least_field(fig["value"]) + draw(st.sampled_from([0, 0, 1, 2, 10]))
    return fig


def _least_field(value: Decimal | str) -> Decimal:
    """The smallest `of` a rank figure allows: every number written, and a place after a `> N`."""
    text = str(value)
    written = max(Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", text.split("±", maxsplit=1)[0]))
    return written + 1 if text.startswith(">") and not text.startswith(">=") else written


@st.composite
def inputs(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    palettes: dict[str, Near] = {}
    inds = [draw(indicators(i, palettes)) for i in range(draw(st.integers(1, 4)))]
    files: list[dict[str, Any]] = []
    used: set[tuple[str, int, datetime.date | None]] = set()
    # the files are read in some year `now`: later targets are judged on progress, earlier ones on figures
    now = draw(st.integers(2019, 2027))
    due = sorted({y for ind in inds for k in ind["targets"] for y in oracle.target_years(k) if y <= now})
    some_year = st.one_of(st.sampled_from(due), st.integers(2017, now)) if due else st.integers(2017, now)
    for year in sorted(draw(st.sets(some_year, min_size=1, max_size=3))):
        extra: dict[str, Any] = {}
        if not V1_ONLY and draw(st.integers(0, 2)) == 0:
            extra["as_of"] = draw(st.one_of(_date_in(year), _date_in(year + 1)))
        values: dict[str, Any] = {}
        for ind in inds:
            items = []
            for _ in range(draw(st.integers(0, 3))):
                fig = draw(figures(ind["unit"], palettes[ind["id"]], year))
                fig_year = fig.get("year", year)
                file_as_of = extra.get("as_of")
                in_year = file_as_of is not None and file_as_of.year == fig_year
                as_of = fig.get("as_of", file_as_of if in_year else None)
                if (ind["id"], fig_year, as_of) in used:
                    continue
                used.add((ind["id"], fig_year, as_of))
                items.append(fig if len(fig) > 1 or draw(st.booleans()) else fig["value"])
            if items:
                values[ind["id"]] = items if len(items) > 1 or draw(st.booleans()) else items[0]
        if not values:
            values["not-in-plan"] = 1
        doc = _actuals(year, values, **extra)
        if draw(st.booleans()):
            del doc["region"], doc["values"]
            doc["regions"] = {REGION: {"values": values}, "elsewhere": {"values": values}}
        files.append(doc)
    return _plan(inds), files


@settings(max_examples=300, deadline=None, derandomize=True)
@given(inputs())
def test_compare_agrees_with_an_independent_reading_of_the_contract(
    case: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    assert_agrees(*case)


# ---------------------------------------------------------------- the contract's own examples


def _one(unit: str, targets: dict[Any, Any], **extra: Any) -> dict[str, Any]:
    return _plan([{"id": "x", "name": "X", "unit": unit, "targets": targets, **extra}])


def _row(plan: dict[str, Any], files: list[dict[str, Any]]) -> dict[str, Any]:
    code, out, err = run_compare(plan, files)
    assert code in (0, 1), err
    row: dict[str, Any] = json.loads(out, parse_float=Decimal)["rows"][0]
    return row


def test_a_baseline_bound_that_met_the_target_then_a_figure_below_it_is_regressing() -> None:
    plan = _one("percent", {2025: ">= 40"})
    files = [_actuals(2019, {"x": "< 50"}), _actuals(2022, {"x": Decimal(35)})]
    assert oracle.expected_rows(plan, files)[0]["status"] == "regressing"
    assert _row(plan, files)["status"] == "regressing"
    assert_agrees(plan, files)


def test_a_ratio_of_exactly_0_95_is_on_track() -> None:
    # required 100 -> 121 over two years is 10 % a year; 100 -> 109.5 in one year is 9.5 %: p = 0.95 exactly
    plan = _one("days", {2022: ">= 121"}, baseline={"year": 2020, "value": Decimal(100)})
    files = [_actuals(2021, {"x": Decimal("109.5")})]
    assert oracle.expected_rows(plan, files)[0]["progress"] == Decimal("0.95")
    row = _row(plan, files)
    assert (row["status"], row["outcome"]) == ("on-track", "pass")
    assert_agrees(plan, files)


def test_an_approximate_figure_at_a_threshold_is_indeterminate() -> None:
    plan = _one("percent", {2024: ">= 88"})
    files = [_actuals(2024, {"x": "~88"})]
    row = _row(plan, files)
    assert (row["status"], row["actual"], row["approximate"]) == ("indeterminate", 88, True)
    assert_agrees(plan, files)


def test_a_rank_known_only_as_below_2_is_first_and_meets_top_1() -> None:
    plan = _one("rank", {2024: "top 1"})
    files = [_actuals(2024, {"x": "< 2"})]
    assert _row(plan, files)["status"] == "met"
    assert_agrees(plan, files)


def test_a_part_year_figure_gives_way_to_the_whole_year_and_marks_rows_it_decides() -> None:
    plan = _one("rank", {2024: "top 5", 2025: "top 5"})
    nine_months = _actuals(
        2024, {"x": {"value": Decimal(4), "of": Decimal(34)}}, as_of=datetime.date(2024, 9, 30)
    )
    row = _row(plan, [nine_months])
    assert (row["status"], row["provisional"], row["actual_as_of"], row["actual_of"]) == (
        "met",
        True,
        "2024-09-30",
        34,
    )
    whole = _actuals(2024, {"x": Decimal(7)}, as_of=datetime.date(2025, 2, 1))
    row = _row(plan, [nine_months, whole])
    assert (row["status"], row["actual"], row["provisional"], row["actual_as_of"]) == (
        "missed",
        7,
        False,
        None,
    )
    assert_agrees(plan, [nine_months, whole])


def test_a_range_target_over_a_year_range_gives_one_row_a_year() -> None:
    plan = _one("count", {"2021..2023": "3..5"})
    files = [
        _actuals(2021, {"x": Decimal(4)}),
        _actuals(2022, {"x": Decimal(6)}),
        _actuals(2023, {"x": "2..4"}),
    ]
    rows = json.loads(run_compare(plan, files)[1], parse_float=Decimal)["rows"]
    assert [(r["target_year"], r["status"]) for r in rows] == [
        (2021, "met"),
        (2022, "missed"),
        (2023, "indeterminate"),
    ]
    assert_agrees(plan, files)


def test_a_rank_known_as_above_30_of_34_places_is_within_top_40() -> None:
    plan = _one("rank", {2024: "top 40"})
    files = [_actuals(2024, {"x": {"value": "> 30", "of": Decimal(34)}})]
    row = _row(plan, files)
    assert (row["status"], row["actual"], row["actual_bound"], row["actual_of"]) == ("met", 30, ">", 34)
    assert_agrees(plan, files)
