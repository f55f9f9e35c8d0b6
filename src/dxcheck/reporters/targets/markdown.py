"""Markdown of `dxcheck targets`: a table per region with the plans as columns, then its flags."""

from __future__ import annotations

from collections.abc import Iterator

from dxcheck.lineup import Flag, RegionTargets, TargetsReport
from dxcheck.reporters import RenderOptions
from dxcheck.reporters.markdown import escape
from dxcheck.reporters.targets import MARKS, by_years, columns, matrix_rows, sentence, summary_line, word


def _header(region: RegionTargets, lang: str) -> list[str]:
    names = [
        f"`{plan}` ({word(lang, 'reference')})" if plan in region.references else f"`{plan}`"
        for plan in columns(region)
    ]
    return [
        f"| {word(lang, 'indicator')} | {word(lang, 'year')} | " + " | ".join(names) + " |",
        "| --- | ---: |" + " --- |" * len(names),
    ]


def _rows(region: RegionTargets, flags: list[Flag], lang: str) -> Iterator[str]:
    for row in matrix_rows(region, flags, lang):
        cells = [escape(shown.text) if shown.cell else "—" for shown in row.cells]
        yield f"| `{row.indicator.indicator}` | {row.year} | " + " | ".join(cells) + " |"


def _flags(flags: list[Flag], lang: str) -> Iterator[str]:
    if not flags:
        yield word(lang, "no flags")
        return
    for flag, years in by_years(flags):
        what = f"`{flag.indicator}` {years}: {escape(sentence(flag, lang))}"
        yield f"- {MARKS[flag.kind]} **{word(lang, flag.kind)}** {what}"
        for plan, quote in zip(flag.plans, flag.quotes, strict=True):
            yield f"  - `{plan}`: " + (f"«{escape(quote)}»" if quote else word(lang, "no quote"))


def render_pieces(report: TargetsReport, options: RenderOptions) -> Iterator[str]:
    lang = options.lang
    lines = [f"# {word(lang, 'title')}", "", word(lang, "legend")]
    if not report.regions:
        lines += ["", word(lang, "no plans")]
    for region in report.regions:
        flags = report.flags_of(region.region)
        lines += [
            "",
            f"## {word(lang, 'region')} `{region.region}`",
            "",
            *_header(region, lang),
            *_rows(region, flags, lang),
        ]
        lines += ["", f"### {word(lang, 'flags')}", "", *_flags(flags, lang)]
    lines += ["", summary_line(report, lang)]
    yield "\n".join(lines) + "\n"
