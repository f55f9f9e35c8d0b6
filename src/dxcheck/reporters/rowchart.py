"""The chart of one indicator in the HTML report, from its rows: the figures, the baseline, each numeric
target, and the required path and current pace of the next target due, drawn from the very points the
progress ratio was computed from (`progress.growing` at the rates `progress.rate` gives)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache, partial

from dxcheck import i18n, progress
from dxcheck.expressions import WHOLE_UNITS, Done, Interval, Measure, in_unit, observed, target_ends
from dxcheck.reporters import svgchart, text
from dxcheck.results import Figure, Row

Words = Callable[[str], str]


def measure_text(measure: Measure, lang: str, as_of: date | None = None) -> str:
    """One figure of the chart as a person reads it: `99,66`, vi `≥ 82,2`, `ước 2.700.000`, `25,8–28,56`."""
    value = measure.value
    if as_of is None and measure.is_exact and not isinstance(value, bool):
        return i18n.number(value, lang)  # most figures, as figure_text writes them: a number alone
    bound = None if measure.bound is None else measure.bound.value
    return text.figure_text(
        value, lang, bound=bound, approximate=measure.approximate, high=measure.high, as_of=as_of
    )


def is_charted(row: Row) -> bool:
    """Every numeric target has a chart; a milestone (`done`, yes or no) has only its words."""
    return row.expression is not None and not isinstance(row.expression, Done)


def _mark(figure: Figure, row: Row, lang: str, _: Words) -> svgchart.Mark | None:
    measure = figure.measure
    value = measure.value
    if isinstance(value, bool):
        return None
    if measure.bound is None and not measure.approximate and measure.high is None and figure.as_of is None:
        # most figures, exact and final: a dot at their number, and their words are that number
        return svgchart.Mark(figure.year, value, value, value, f"{figure.year}: {i18n.number(value, lang)}")
    low: Decimal | None
    high: Decimal | None
    if measure.is_exact:  # a part-year figure: the interval is still the number, in any unit
        low = high = value
    else:
        interval = observed(measure, row.unit, figure.of)
        low, high = interval.lo, interval.hi
    label = f"{figure.year}: {measure_text(measure, lang, figure.as_of)}"
    return svgchart.Mark(
        year=figure.year,
        value=value if measure.high is None else None,
        low=low,
        high=high,
        label=label,
        hollow=measure.approximate,
        provisional=figure.as_of is not None,
    )


def _goal(row: Row, ends: tuple[Decimal, ...], near: Decimal) -> Decimal:
    """The target's number a path runs to: the row's own, else the end of a range nearest `near`."""
    if row.gap is not None and isinstance(row.actual, Decimal):
        return row.actual + row.gap
    return min(ends, key=lambda end: (abs(end - near), end))


def _paths(row: Row, ends: tuple[Decimal, ...]) -> tuple[list[progress.Point], list[progress.Point]]:
    """The required path and the current pace: from the progress ratio's own points where the row
    has a ratio, else the path from the plan's baseline to the target, and no pace."""
    if row.path is not None:
        start, latest, goal, observed, rate = row.path
        compound = progress.is_compound(start.value, latest.value, goal.value)
        required = progress.growing(start, rate, goal.year, compound)
        pace = progress.growing(latest, observed, goal.year, compound)
        return required, _within(pace, row.unit)
    base = row.baseline
    if base is None or isinstance(base.value, bool) or not ends or base.year >= row.target_year:
        return [], []
    start = progress.Point(base.year, base.value)
    goal = progress.Point(row.target_year, _goal(row, ends, base.value))
    compound = progress.is_compound(start.value, goal.value)
    return progress.growing(start, progress.rate(start, goal, compound), goal.year, compound), []


def _within(pace: list[progress.Point], unit: str) -> list[progress.Point]:
    """The current pace held to the values its unit allows: a pace never passes 100 %."""
    allowed = in_unit(Interval(), unit)
    lo, hi = allowed.lo, allowed.hi
    held = []
    for point in pace:
        value = point.value
        if lo is not None and value < lo:
            value = lo
        elif hi is not None and value > hi:
            value = hi
        held.append(point if value is point.value else progress.Point(point.year, value))
    return held


def _path_words(
    required: list[progress.Point], pace: list[progress.Point], lang: str, _: Words
) -> tuple[str, str]:
    """What the required path and the current pace say, for their marks and the chart's description."""
    path_label = pace_label = ""
    if required:
        path_label = _("Required path: {start} in {first} to {goal} in {last}").format(
            start=i18n.number(required[0].value, lang),
            first=required[0].year,
            goal=i18n.number(required[-1].value, lang),
            last=required[-1].year,
        )
    if pace:
        pace_label = _("Current pace: {value} in {year}").format(
            value=i18n.number(pace[-1].value, lang), year=pace[-1].year
        )
    return path_label, pace_label


def _next_due(rows: list[Row]) -> Row:
    """The target a chart draws the required path and the current pace of: the first one after the
    latest figure, else the last one."""
    figures = rows[0].figures
    latest = figures[-1].year if figures else None
    return next((row for row in rows if latest is None or row.target_year > latest), rows[-1])


def draw(rows: list[Row], written: Sequence[str], key: str, lang: str, _: Words) -> str:
    """The chart of an indicator's numeric targets (`rows`, in year order, each target `written` as
    text.target_text writes it), which share its figures."""
    first = rows[0]
    marks = tuple(mark for figure in first.figures if (mark := _mark(figure, first, lang, _)) is not None)
    targets = []
    worded = _("Target {year}: {target}")
    for row, target in zip(rows, written, strict=True):
        label = worded.format(year=row.target_year, target=target)
        assert row.expression is not None  # charted rows have one
        targets.append((row.target_year, target_ends(row.expression), label))
    sentences = [label for _year, _ends, label in targets]
    chosen = _next_due(rows)
    required, pace = _paths(chosen, target_ends(chosen.expression) if chosen.expression is not None else ())
    baseline = None
    if first.baseline is not None and not isinstance(first.baseline.value, bool):
        value = i18n.number(first.baseline.value, lang)
        baseline_label = _("Baseline {year}: {value}").format(year=first.baseline.year, value=value)
        baseline = (first.baseline.year, first.baseline.value, baseline_label)
        sentences.append(baseline_label)
    sentences.append(
        _("Figures by year") + ": " + "; ".join(mark.label for mark in marks) if marks else _("No figure yet")
    )
    path_label, pace_label = _path_words(required, pace, lang, _)
    sentences.extend(label for label in (path_label, pace_label) if label)
    chart = svgchart.Chart(
        key=key,
        title=f"{first.name.pick(lang)} ({first.indicator})",
        description=". ".join(sentences) + ".",
        figures=marks,
        baseline=baseline,
        targets=tuple((year, ends, label) for year, ends, label in targets if ends),
        path=tuple((point.year, point.value) for point in required),
        pace=tuple((point.year, point.value) for point in pace),
        path_label=path_label,
        pace_label=pace_label,
        whole=first.unit in WHOLE_UNITS,
    )
    return svgchart.draw(chart, partial(_tick, lang=lang))


@lru_cache(maxsize=1024)
def _tick(value: Decimal, lang: str) -> str:
    """An axis value: the same few round numbers recur on most charts of a page."""
    return i18n.number(value, lang, places=4)
