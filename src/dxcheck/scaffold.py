"""The text of a new actuals file for a year: every indicator of the plans, with its targets and last
figure as comments, and its figure once known (`[]`, no figure yet, until a person fills it in)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from dxcheck import i18n
from dxcheck.expressions import Measure, format_target
from dxcheck.models import Indicator, Plan, SourceRef, TargetSpec, ValueSpec
from dxcheck.problems import UsageError
from dxcheck.rules import figure_date

if TYPE_CHECKING:
    from dxcheck.loading import ActualsFile


def _words(lang: str) -> dict[str, str]:
    """The comments of the file in the language asked for, from the catalog; its keys stay English."""
    _ = i18n.gettext_for(lang)
    return {
        "head": _("Actual figures for {year}, started by `dxcheck init actuals` from the plans {plans}."),
        "how": _("To fill it in, replace the [] after an indicator with its figure:"),
        "plain": _("a number, with a dot before decimals (99.66, never 99,66)"),
        "bound": _('only a bound («hơn 98%»); "~2700000" approximate («gần»); "81..86" a range'),
        "quoted": _("with the sentence it comes from (recommended):"),
        "empty": _("An indicator left at [] has no figure yet. Check the file with: dxcheck validate FILE"),
        "unit": _("unit"),
        "target": _("target"),
        "due": _("← due this year"),
        "none_left": _("no target from {year} on (the last: {last})"),
        "last": _("last figure"),
        "no_figure": _("no figure yet"),
    }


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure to write under an indicator: a number, true/false, or an expression kept as written."""

    value: Decimal | bool | str
    quote: str
    year: int | None = None
    source: str | None = None
    unit: str | None = None
    note: str | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """What a new actuals file holds: its year, its plans, their figures so far and the earlier ones."""

    year: int
    plans: Sequence[Plan]
    lang: str = "vi"
    region: str | None = None
    history: Sequence[ActualsFile] = ()
    figures: Mapping[str, Sequence[Figure]] = field(default_factory=dict)
    sources: Sequence[SourceRef] = ()


class RegionError(UsageError):
    """--region names a region none of the plans is for, or is needed to choose one."""

    def __init__(self, message: str) -> None:
        super().__init__("--region", message)


def regions(plans: Sequence[Plan], region: str | None) -> dict[str, list[Plan]]:
    """The plans by region, in the order given; only `region`'s when it is given."""
    found: dict[str, list[Plan]] = {}
    for plan in plans:
        found.setdefault(plan.region, []).append(plan)
    if region is None:
        return found
    if region not in found:
        listed = ", ".join(f"'{name}'" for name in found)
        raise RegionError(f"no plan is for region '{region}' (the plans are for {listed})")
    return {region: found[region]}


def indicators(plans: Iterable[Plan]) -> dict[str, Indicator]:
    """Each indicator id of the plans once, the first plan's indicator, in plan order."""
    found: dict[str, Indicator] = {}
    for plan in plans:
        for indicator in plan.indicators:
            found.setdefault(indicator.id, indicator)
    return found


def render(draft: Draft) -> str:
    """The actuals file's text: YAML that `dxcheck validate` accepts as it is written."""
    words = _words(draft.lang)
    by_region = regions(draft.plans, draft.region)
    chosen = [plan for plans in by_region.values() for plan in plans]
    lines = [f"# {line}" for line in _header(draft.year, chosen, words)]
    lines += ["dxcheck: actuals/1", f"year: {draft.year}"]
    if draft.sources:
        lines.append("sources:")
        for source in draft.sources:
            lines.append(f"  - id: {quote(source.id)}")
            if source.url is not None:
                lines.append(f"    url: {quote(source.url)}")
    if len(by_region) == 1:
        [(name, plans)] = by_region.items()
        lines += [f"region: {quote(name)}", "values:"]
        lines += _values(draft, name, plans, "  ", words)
    else:
        lines.append("regions:")
        for name, plans in by_region.items():
            lines += [f"  {quote(name)}:", "    values:"]
            lines += _values(draft, name, plans, "      ", words)
    return "\n".join(lines) + "\n"


def _header(year: int, plans: list[Plan], words: dict[str, str]) -> list[str]:
    return [
        words["head"].format(year=year, plans=", ".join(plan.id for plan in plans)),
        words["how"],
        f'  "gov.example": 92.5        {words["plain"]}',
        f'  "gov.example": "> 98"      {words["bound"]}',
        f'  "gov.example":             {words["quoted"]}',
        "    value: 92.5",
        '    quote: "…"',
        words["empty"],
    ]


def _values(draft: Draft, region: str, plans: list[Plan], indent: str, words: dict[str, str]) -> list[str]:
    latest = _latest(draft.history, region)
    lines: list[str] = []
    for key, indicator in indicators(plans).items():
        lines += ["", f"{indent}# ── {key}: {_line(indicator.name.pick(draft.lang))}"]
        notes = [f"{words['unit']}: {indicator.unit}", *_targets(key, plans, draft.year, words)]
        if draft.history:
            notes.append(f"{words['last']}: {latest.get(key, words['no_figure'])}")
        lines += [f"{indent}#    {note}" for note in notes]
        lines += _entry(quote(key), draft.figures.get(key, ()), draft.year, indent)
    return lines


def _targets(key: str, plans: list[Plan], year: int, words: dict[str, str]) -> list[str]:
    """Each target of the indicator from `year` on, in every plan that has it; the due ones marked."""
    found: list[str] = []
    last: tuple[int, str] | None = None
    for plan in plans:
        for indicator in plan.indicators:
            if indicator.id != key:
                continue
            for first, final, spec in _written(indicator):
                text = f'{spec.key}: "{format_target(spec.target, indicator.is_decrease)}" ({plan.id})'
                if final < year:
                    last = max(last, (final, text)) if last is not None else (final, text)
                    continue
                due = f" {words['due']}" if first <= year <= final else ""
                found.append(f"{words['target']} {text}{due}")
    if not found and last is not None:
        found.append(words["none_left"].format(year=year, last=last[1]))
    return found


def _written(indicator: Indicator) -> Iterator[tuple[int, int, TargetSpec]]:
    """Each target as written (a year range once), with the first and last year of its key."""
    seen: dict[int, tuple[int, int, TargetSpec]] = {}
    for year, spec in indicator.targets.items():
        first, final, _ = seen.get(id(spec), (year, year, spec))
        seen[id(spec)] = (min(first, year), max(final, year), spec)
    yield from seen.values()


def _latest(history: Sequence[ActualsFile], region: str) -> dict[str, str]:
    """Each indicator's latest figure in the earlier actuals files, as a comment shows it."""
    best: dict[str, tuple[tuple[int, int, dt.date], str]] = {}
    for file in history:
        actuals = file.actuals
        for key, specs in actuals.by_region().get(region, {}).items():
            for spec in specs:
                year = spec.year if spec.year is not None else actuals.year
                date = figure_date(spec, actuals)
                # a whole-year figure is later than any part-year one of its year
                rank = (year, 1, dt.date.min) if date is None else (year, 0, date)
                if key not in best or rank >= best[key][0]:
                    best[key] = (rank, _figure_text(spec, year, date, file.name))
    return {key: text for key, (_, text) in best.items()}


def _figure_text(spec: ValueSpec, year: int, date: dt.date | None, file: str) -> str:
    if spec.value is not None:
        text = _measure_text(spec.value)
    else:
        assert spec.numerator is not None and spec.denominator is not None
        text = f"{_plain(spec.numerator)}/{_plain(spec.denominator)}"
    if spec.of is not None:
        text += f"/{spec.of}"  # a rank among so many, as the table writes it
    when = f"{year}, {date.isoformat()}" if date is not None else str(year)
    return f"{text} ({when}, {file})"


def _measure_text(measure: Measure) -> str:
    """A figure as the actuals format writes it: `45.30`, `> 98`, `~2700000 ±5000`, `81..86`, `true`."""
    value = measure.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if measure.high is not None:
        return f"{_plain(value)}..{_plain(measure.high)}"
    if measure.approximate:
        tolerance = f" ±{_plain(measure.tolerance)}" if measure.tolerance is not None else ""
        return f"~{_plain(value)}{tolerance}"
    if measure.bound is not None:
        return f"{measure.bound} {_plain(value)}"
    return _plain(value)


def _plain(value: Decimal) -> str:
    # "f" keeps the decimals as written: 45.30 stays 45.30, and 1E+3 becomes 1000
    return format(value, "f")


def _entry(key: str, figures: Sequence[Figure], year: int, indent: str) -> list[str]:
    if not figures:
        return [f"{indent}{key}: []"]
    lines = [f"{indent}{key}:"]
    for figure in figures:
        fields = _fields(figure, year)
        if len(figures) == 1:
            lines += [f"{indent}  {name}: {text}" for name, text in fields]
        else:
            lines += [
                f"{indent}  {'- ' if i == 0 else '  '}{name}: {text}" for i, (name, text) in enumerate(fields)
            ]
    return lines


def _fields(figure: Figure, year: int) -> list[tuple[str, str]]:
    value = figure.value
    if isinstance(value, bool):
        written = "true" if value else "false"
    elif isinstance(value, Decimal):
        written = _plain(value)
    else:
        written = quote(value)
    fields = [("value", written)]
    if figure.year is not None and figure.year != year:
        fields.append(("year", str(figure.year)))
    if figure.as_of is not None:
        fields.append(("as_of", figure.as_of.isoformat()))
    if figure.unit is not None:
        fields.append(("unit", quote(figure.unit)))
    fields.append(("quote", quote(figure.quote)))
    if figure.source is not None:
        fields.append(("source", quote(figure.source)))
    if figure.note is not None:
        fields.append(("note", quote(figure.note)))
    return fields


def _line(text: str) -> str:
    """Text on one comment line: a line break inside a name would end the comment."""
    return " ".join(text.split())


# what a double-quoted YAML scalar cannot hold as it is: escaped by its code point
_UNSAFE = {
    **{code: f"\\x{code:02x}" for code in range(0x20)},
    **{code: f"\\x{code:02x}" for code in range(0x7F, 0xA0)},
    ord("\n"): "\\n",
    ord("\t"): "\\t",
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    0x2028: "\\L",
    0x2029: "\\P",
    0xFEFF: "\\ufeff",
    0xFFFE: "\\ufffe",
    0xFFFF: "\\uffff",
}


def quote(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as exactly `text`, UTF-8 left as it is."""
    return f'"{text.translate(_UNSAFE)}"'
