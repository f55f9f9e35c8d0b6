"""Small inline SVG charts of one indicator: the figures by year, the baseline, each target at its year,
the path a target requires and where the current pace leads. Pure: a Chart in, SVG text out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import NamedTuple

WIDTH, HEIGHT = 360, 170
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 10, 22  # room for the value labels left, the years below
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
_ARROW = 14  # pixels: the length of the arrow of a figure known only as a bound


class Mark(NamedTuple):
    """A figure on the chart: a number (`value`), the interval its true value lies in (`low` to
    `high`, None for an unbounded end), drawn hollow when approximate and ringed when provisional.
    A tuple: a national page makes a hundred thousand of them, and a frozen dataclass is slow to build."""

    year: int
    value: Decimal | None  # None: a range, drawn as its whisker alone
    low: Decimal | None
    high: Decimal | None
    label: str
    hollow: bool = False
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """What one chart shows; each text is read by screen readers (`title`, `description`) or shown
    on hovering over its mark."""

    key: str  # unique in the page: the ids of the chart's title and description
    title: str
    description: str
    figures: tuple[Mark, ...] = ()
    baseline: tuple[int, Decimal, str] | None = None  # year, value, label
    # each target: its year, one number or a range's two ends, its label
    targets: tuple[tuple[int, tuple[Decimal, ...], str], ...] = ()
    path: tuple[tuple[int, Decimal], ...] = ()  # the required path of one target, baseline to target
    pace: tuple[tuple[int, Decimal], ...] = ()  # the current pace, latest figure to the target year
    path_label: str = ""
    pace_label: str = ""
    whole: bool = False  # the unit holds whole numbers only (count, rank): so do the axis's values


_SPECIAL = re.compile("[&<>'\"]")


def escape(text: str) -> str:
    """`markupsafe.escape(text)` as plain text, the same five entities: a national page escapes half a
    million texts, most with nothing to escape, and building a Markup of each cost as much as the escaping."""
    if _SPECIAL.search(text) is None:
        return text
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def ticks(low: Decimal, high: Decimal, count: int = 4, whole: bool = False) -> list[Decimal]:
    """Round values from at or below `low` to at or above `high`, 1, 2, 2.5 or 5 × a power of ten apart
    (whole numbers only when `whole`: a count or a rank has no 4,75)."""
    if low == high:
        pad = abs(low) / 10 or Decimal(1)
        low, high = low - pad, high + pad
    raw = (high - low) / count
    unit = Decimal(1).scaleb(raw.adjusted())
    step = next(unit * m for m in _STEPS if unit * m >= raw)
    if whole and step < 1:
        step = Decimal(1)
    first = (low / step).to_integral_value(ROUND_FLOOR) * step
    last = (high / step).to_integral_value(ROUND_CEILING) * step
    return [first + i * step for i in range(int((last - first) / step) + 1)]


def _px(value: float) -> str:
    """A pixel coordinate, to one decimal: the same text on every machine, no float noise. Only an
    arrow's tip can leave the plot (above its top); every other point is written `f"{x:.1f}"`."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


class _Frame:
    """Years and values to pixels: two straight scales, worked out once a chart."""

    def __init__(self, years: Sequence[int], values: Sequence[Decimal], whole: bool) -> None:
        self.first, self.last = min(years), max(years)
        if self.first == self.last:
            self.first, self.last = self.first - 1, self.last + 1
        low, high = (min(values), max(values)) if values else (Decimal(0), Decimal(1))
        self.ticks = tuple(ticks(low, high, whole=whole))
        self._x_step = (WIDTH - _LEFT - _RIGHT) / (self.last - self.first + 1)  # half a year's room each side
        self._y_zero, self._y_step = _value_scale(self.ticks[0], self.ticks[-1])

    def x(self, year: float) -> float:
        return _LEFT + (year - self.first + 0.5) * self._x_step

    def y(self, value: Decimal | float) -> float:
        return self._y_zero - float(value) * self._y_step

    @property
    def years(self) -> list[int]:
        step = 1 + (self.last - self.first) // 10
        return list(range(self.first, self.last + 1, step))


def _value_scale(bottom: Decimal, top: Decimal) -> tuple[float, float]:
    """Where the value 0 would be, and the pixels a unit of value takes, for an axis from bottom to top."""
    step = (HEIGHT - _TOP - _BOTTOM) / (float(top) - float(bottom))
    return HEIGHT - _BOTTOM + float(bottom) * step, step


def _numbers(chart: Chart) -> list[Decimal]:
    found = [v for mark in chart.figures for v in (mark.value, mark.low, mark.high) if v is not None]
    if chart.baseline is not None:
        found.append(chart.baseline[1])
    found.extend(value for _, values, _ in chart.targets for value in values)
    found.extend(value for _, value in (*chart.path, *chart.pace))
    return found


def _years(chart: Chart) -> list[int]:
    found = [mark.year for mark in chart.figures]
    found.extend(year for year, _ in (*chart.path, *chart.pace))
    if chart.baseline is not None:
        found.append(chart.baseline[0])
    found.extend(year for year, _, _ in chart.targets)
    return found


def _titled(label: str, body: str, kind: str) -> str:
    return f'<g class="{kind}"><title>{escape(label)}</title>{body}</g>'


def _line(points: Iterable[tuple[float, float]], kind: str) -> str:
    coordinates = " ".join([f"{x:.1f},{y:.1f}" for x, y in points])
    return f'<polyline class="{kind}" points="{coordinates}"/>'


def _axes(frame: _Frame, number: Callable[[Decimal], str]) -> list[str]:
    texts = tuple([number(tick) for tick in frame.ticks])
    return [_value_axis(frame.ticks, texts), _year_axis(frame.first, frame.last)]


@lru_cache(maxsize=256)
def _value_axis(ticks: tuple[Decimal, ...], texts: tuple[str, ...]) -> str:
    """The grid lines and their values written `texts`: most charts of a page have the same few axes
    (0 to 100 for a percentage)."""
    zero, step = _value_scale(ticks[0], ticks[-1])
    parts = []
    for tick, text in zip(ticks, texts, strict=True):
        y = f"{zero - float(tick) * step:.1f}"
        parts.append(f'<line class="grid" x1="{_LEFT}" y1="{y}" x2="{WIDTH - _RIGHT}" y2="{y}"/>')
        parts.append(f'<text class="value" x="{_LEFT - 4}" y="{y}">{escape(text)}</text>')
    return "".join(parts)


@lru_cache(maxsize=256)
def _year_axis(first: int, last: int) -> str:
    """The years under a chart from `first` to `last`: most charts of a page span the same ones."""
    frame = _Frame([first, last], [], whole=False)
    return "".join(
        f'<text class="year" x="{frame.x(year):.1f}" y="{HEIGHT - 6}">{year}</text>' for year in frame.years
    )


def _whisker(frame: _Frame, mark: Mark, x: float) -> str:
    """The interval of a figure: capped ends, an arrow toward an unbounded one."""
    anchor = mark.value if mark.value is not None else (mark.low if mark.low is not None else mark.high)
    assert anchor is not None
    parts = []
    ends = []
    for end, toward in ((mark.low, 1.0), (mark.high, -1.0)):
        if end is not None:
            y = frame.y(end)
            parts.append(f'<line x1="{_px(x - 4)}" y1="{_px(y)}" x2="{_px(x + 4)}" y2="{_px(y)}"/>')
        else:  # unbounded: an arrow from the figure's number, up for "more than", down for "less than"
            y = frame.y(anchor) - toward * _ARROW
            tip = y - toward * 5
            parts.append(
                f'<polygon points="{_px(x - 4)},{_px(y)} {_px(x + 4)},{_px(y)} {_px(x)},{_px(tip)}"/>'
            )
        ends.append(y)
    parts.append(f'<line x1="{_px(x)}" y1="{_px(ends[0])}" x2="{_px(x)}" y2="{_px(ends[1])}"/>')
    return "".join(parts)


def _figure(frame: _Frame, mark: Mark, x: float, y: float) -> str:
    """A figure at (x, y), where the line through the figures passes it."""
    exact = mark.low == mark.high and mark.low is not None
    if exact and not mark.provisional and mark.value is not None:  # most figures: a dot, nothing else
        kind = "hollow" if mark.hollow else "dot"
        return (
            f'<g class="figure"><title>{escape(mark.label)}</title>'
            f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="4"/></g>'
        )
    body = "" if exact else _whisker(frame, mark, x)
    if mark.value is not None:
        cx, cy = f"{x:.1f}", f"{y:.1f}"
        if exact or mark.low is None or mark.high is None or mark.hollow:
            body += f'<circle class="{"hollow" if mark.hollow else "dot"}" cx="{cx}" cy="{cy}" r="4"/>'
        if mark.provisional:
            body += f'<circle class="provisional" cx="{cx}" cy="{cy}" r="7"/>'
    return f'<g class="figure"><title>{escape(mark.label)}</title>{body}</g>'


def _target(frame: _Frame, year: int, values: tuple[Decimal, ...], label: str) -> str:
    x = _px(frame.x(year))
    if len(values) == 2:
        top, bottom = frame.y(values[1]), frame.y(values[0])
        body = f'<rect x="{_px(frame.x(year) - 5)}" y="{_px(top)}" width="10" height="{_px(bottom - top)}"/>'
    else:
        y = _px(frame.y(values[0]))
        body = f'<circle cx="{x}" cy="{y}" r="6"/><circle class="bull" cx="{x}" cy="{y}" r="2"/>'
    return _titled(label, body, "target")


def draw(chart: Chart, number: Callable[[Decimal], str]) -> str:
    """The chart as one `<svg>` element, every text escaped; `number` writes a value for the axis."""
    frame = _Frame(_years(chart) or [0], _numbers(chart), chart.whole)
    key = escape(chart.key)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{key}-t {key}-d">',
        f'<title id="{key}-t">{escape(chart.title)}</title>',
        f'<desc id="{key}-d">{escape(chart.description)}</desc>',
        *_axes(frame, number),
    ]
    x, y = frame.x, frame.y
    if chart.path:
        points = " ".join([f"{x(year):.1f},{y(value):.1f}" for year, value in chart.path])
        parts.append(_titled(chart.path_label, f'<polyline class="line" points="{points}"/>', "path"))
    if chart.pace:
        points = " ".join([f"{x(year):.1f},{y(value):.1f}" for year, value in chart.pace])
        parts.append(_titled(chart.pace_label, f'<polyline class="line" points="{points}"/>', "pace"))
    spots = [
        (x(mark.year), y(mark.value if mark.value is not None else _standing(mark))) for mark in chart.figures
    ]
    if len(spots) > 1:
        parts.append(_line(spots, "series"))
    if chart.baseline is not None:
        year, value, label = chart.baseline
        square = f'<rect x="{_px(x(year) - 4)}" y="{_px(y(value) - 4)}" width="8" height="8"/>'
        parts.append(_titled(label, square, "baseline"))
    parts.extend(_target(frame, *target) for target in chart.targets)
    parts.extend(_figure(frame, mark, *spot) for mark, spot in zip(chart.figures, spots, strict=True))
    parts.append("</svg>")
    return "".join(parts)


def _standing(mark: Mark) -> Decimal:
    """Where the line through the figures passes a figure: its number, else its range's middle."""
    if mark.value is not None:
        return mark.value
    assert mark.low is not None and mark.high is not None
    return (mark.low + mark.high) / 2


_GLYPHS = {
    "dot": '<g class="figure"><circle class="dot" cx="10" cy="7" r="4"/></g>',
    "hollow": '<g class="figure"><circle class="hollow" cx="10" cy="7" r="4"/></g>',
    "whisker": '<g class="figure"><line x1="6" y1="1" x2="14" y2="1"/><line x1="10" y1="1" x2="10" y2="13"/>'
    '<line x1="6" y1="13" x2="14" y2="13"/></g>',
    "ringed": '<g class="figure"><circle class="dot" cx="10" cy="7" r="3"/>'
    '<circle class="provisional" cx="10" cy="7" r="6"/></g>',
    "baseline": '<g class="baseline"><rect x="6" y="3" width="8" height="8"/></g>',
    "target": '<g class="target"><circle cx="10" cy="7" r="6"/>'
    '<circle class="bull" cx="10" cy="7" r="2"/></g>',
    "path": '<g class="path"><polyline class="line" points="1,13 19,1"/></g>',
    "pace": '<g class="pace"><polyline class="line" points="1,13 19,1"/></g>',
}
GLYPHS = tuple(_GLYPHS)


def legend(items: Iterable[tuple[str, str]]) -> str:
    """A legend as an HTML list: each glyph (a name of GLYPHS) drawn as the charts draw it, then its words."""
    parts = ['<ul class="legend">']
    for glyph, words in items:
        parts.append(
            '<li><svg class="chart" xmlns="http://www.w3.org/2000/svg" width="20" height="14"'
            f' viewBox="0 0 20 14" aria-hidden="true">{_GLYPHS[glyph]}</svg> {escape(words)}</li>'
        )
    parts.append("</ul>")
    return "".join(parts)
