"""HTML of `dxcheck targets`: one self-contained page (no script, no CDN), every text escaped."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from dxcheck.lineup import Flag, RegionTargets, TargetsReport
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.targets import (
    MARKS,
    Shown,
    by_years,
    columns,
    matrix_rows,
    sentence,
    summary_line,
    word,
)

_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left}
td.year{text-align:right}th.reference{font-style:italic}td.flagged{background:#fff3cd}
blockquote{margin:.25em 0 .25em 1em;color:#555}"""


def _cell(shown: Shown) -> str:
    """A target with its marks, its sentence shown on hover; a flagged one highlighted."""
    if shown.cell is None:
        return "<td>—</td>"
    flagged = ' class="flagged"' if shown.marks else ""
    title = f' title="{escape(shown.cell.quote)}"' if shown.cell.quote else ""
    return f"<td{flagged}{title}>{escape(shown.text)}</td>"


def _table(region: RegionTargets, flags: list[Flag], lang: str) -> Iterator[str]:
    plans = columns(region)
    yield "<table>"
    heads = "".join(
        f'<th class="reference">{escape(plan)} ({escape(word(lang, "reference"))})</th>'
        if plan in region.references
        else f"<th>{escape(plan)}</th>"
        for plan in plans
    )
    first = f"<th>{escape(word(lang, 'indicator'))}</th><th>{escape(word(lang, 'year'))}</th>"
    yield f"<thead><tr>{first}{heads}</tr></thead>"
    yield "<tbody>"
    for row in matrix_rows(region, flags, lang):
        cells = "".join(_cell(shown) for shown in row.cells)
        name = escape(row.indicator.name.pick(lang))
        yield (
            f'<tr><td><code title="{name}">{escape(row.indicator.indicator)}</code></td>'
            f'<td class="year">{row.year}</td>{cells}</tr>'
        )
    yield "</tbody></table>"


def _flags(flags: list[Flag], lang: str) -> Iterator[str]:
    yield f"<h3>{escape(word(lang, 'flags'))}</h3>"
    if not flags:
        yield f"<p>{escape(word(lang, 'no flags'))}</p>"
        return
    yield "<ul>"
    for flag, years in by_years(flags):
        head = f"{MARKS[flag.kind]} <strong>{escape(word(lang, flag.kind))}</strong>"
        what = f"<code>{escape(flag.indicator)}</code> {years}: {escape(sentence(flag, lang))}"
        quotes = "".join(
            f"<blockquote>{escape(plan)}: «{escape(quote)}»</blockquote>"
            if quote
            else f"<blockquote>{escape(plan)}: {escape(word(lang, 'no quote'))}</blockquote>"
            for plan, quote in zip(flag.plans, flag.quotes, strict=True)
        )
        yield f"<li>{head} {what}{quotes}</li>"
    yield "</ul>"


def render_pieces(report: TargetsReport, options: RenderOptions) -> Iterator[str]:
    lang = "en" if options.lang == "en" else "vi"
    title = escape(word(lang, "title"))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        f'<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>',
        "<body>",
        f"<h1>{title}</h1>",
        f"<p>{escape(word(lang, 'legend'))}</p>",
    ]
    if not report.regions:
        parts.append(f"<p>{escape(word(lang, 'no plans'))}</p>")
    for region in report.regions:
        flags = report.flags_of(region.region)
        parts.append(f"<h2>{escape(word(lang, 'region'))} {escape(region.region)}</h2>")
        parts.extend(_table(region, flags, lang))
        parts.extend(_flags(flags, lang))
    parts += [f"<p>{escape(summary_line(report, lang))}</p>", "</body>", "</html>"]
    yield "\n".join(parts) + "\n"
