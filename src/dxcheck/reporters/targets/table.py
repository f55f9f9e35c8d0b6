"""The targets matrix a person reads: one table per region, plans as lettered columns, flags below.

Laid out here line by line rather than by rich's Table: a national repository has thousands of
cells per region, and padding strings is what a fixed-width table needs (colour is a few escapes).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator

from dxcheck.i18n import date_text
from dxcheck.lineup import Flag, RegionTargets, TargetsReport
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.targets import MARKS, by_years, columns, matrix_rows, sentence, summary_line, word
from dxcheck.statuses import FlagKind

_GAP = "  "
_EMPTY = "—"
_COLOURS = {  # ANSI colours of each mark, on a terminal only
    FlagKind.CONFLICT: "1;31",
    FlagKind.WEAKER: "33",
    FlagKind.STRONGER: "32",
    FlagKind.INCOMPARABLE: "35",
    FlagKind.ACHIEVED_WHEN_ISSUED: "36",
}
_KIND_OF_MARK = {mark: kind for kind, mark in MARKS.items()}


def _label(i: int) -> str:
    """A, B, … Z, then P27, P28: a column's short name, explained above the table."""
    return chr(ord("A") + i) if i < 26 else f"P{i + 1}"


def _paint(text: str, color: bool) -> str:
    """Each mark in `text` in its colour, when drawing for a terminal."""
    if not color:
        return text
    return "".join(
        f"\x1b[{_COLOURS[_KIND_OF_MARK[char]]}m{char}\x1b[0m" if char in _KIND_OF_MARK else char
        for char in text
    )


def _wrapped_id(identifier: str, width: int) -> list[str]:
    """An id in lines of at most `width`, broken after dots and hyphens; a longer piece is folded."""
    lines = [""]
    for part in re.split(r"(?<=[.-])", identifier):
        for piece in (part[i : i + width] for i in range(0, len(part), width)):
            if lines[-1] and len(lines[-1]) + len(piece) > width:
                lines.append("")
            lines[-1] += piece
    return lines


def _legend(region: RegionTargets, report: TargetsReport, lang: str) -> list[str]:
    issued = {plan.id: plan.issued for plan in report.plans}
    lines = []
    for i, plan in enumerate(columns(region)):
        notes = []
        day = issued.get(plan)
        if day is not None:
            notes.append(f"{word(lang, 'issued')} {date_text(day, lang)}")
        if plan in region.references:
            notes.append(word(lang, "reference"))
        tail = f" ({', '.join(notes)})" if notes else ""
        lines.append(f"  {_label(i)}  {plan}{tail}")
    return lines


def _matrix(region: RegionTargets, flags: list[Flag], options: RenderOptions) -> list[str]:
    plans = columns(region)
    rows = [
        (
            row.indicator.indicator,
            str(row.year),
            [shown.text if shown.cell else _EMPTY for shown in row.cells],
        )
        for row in matrix_rows(region, flags, options.lang)
    ]
    headers = [_label(i) for i in range(len(plans))]
    widths = [
        max([len(header), *(len(cells[i]) for _, _, cells in rows)]) for i, header in enumerate(headers)
    ]
    year_width = max(len(word(options.lang, "year")), 4)
    fixed = sum(widths) + len(_GAP) * (len(widths) + 1) + year_width
    natural = max([len(word(options.lang, "indicator")), *(len(name) for name, _, _ in rows)])
    id_width = max(16, min(natural, options.width - fixed))
    lines = [
        _line(
            word(options.lang, "indicator"), word(options.lang, "year"), headers, id_width, year_width, widths
        )
    ]
    lines.append("─" * min(options.width, id_width + fixed))
    previous = None
    for name, year_text, cells in rows:
        pieces = _wrapped_id(name, id_width) if name != previous else [""]
        previous = name
        first = _line(pieces[0], year_text, cells, id_width, year_width, widths)
        lines.append(_paint(first, options.color))
        lines.extend(piece for piece in pieces[1:])
    return lines


def _line(name: str, year: str, cells: list[str], id_width: int, year_width: int, widths: list[int]) -> str:
    parts = [
        name.ljust(id_width),
        year.rjust(year_width),
        *(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)),
    ]
    return _GAP.join(parts).rstrip()


def _flag_lines(flags: list[Flag], options: RenderOptions) -> list[str]:
    lang = options.lang
    if not flags:
        return [word(lang, "no flags")]
    lines = [f"{word(lang, 'flags')}:"]
    indent = " " * 6
    for flag, years in by_years(flags):
        what = f"{flag.indicator} {years}: {sentence(flag, lang)}"
        head = f"{MARKS[flag.kind]} {word(lang, flag.kind)} · {what}"
        wrapped = textwrap.wrap(
            head, options.width, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
        )
        lines.extend(_paint(line, options.color) for line in wrapped)
        for plan, quote in zip(flag.plans, flag.quotes, strict=True):
            text = f"{plan}: «{quote}»" if quote else f"{plan}: {word(lang, 'no quote')}"
            lines.extend(
                textwrap.wrap(
                    text,
                    options.width,
                    initial_indent=indent,
                    subsequent_indent=indent + "  ",
                    break_on_hyphens=False,
                )
            )
    return lines


def _region(region: RegionTargets, report: TargetsReport, options: RenderOptions) -> str:
    flags = report.flags_of(region.region)
    lines = [
        f"{word(options.lang, 'region')} {region.region}",
        *_legend(region, report, options.lang),
        *_matrix(region, flags, options),
        *_flag_lines(flags, options),
    ]
    return "\n".join(lines) + "\n"


def render_pieces(report: TargetsReport, options: RenderOptions) -> Iterator[str]:
    lang = options.lang
    if not report.regions:
        yield word(lang, "no plans") + "\n"
    head = f"{word(lang, 'title')}: {len(report.plans)} {word(lang, 'plans').lower()}"
    yield head + "\n" + word(lang, "legend") + "\n"
    for region in report.regions:
        yield "\n" + _region(region, report, options)
    yield "\n" + summary_line(report, lang) + "\n"
