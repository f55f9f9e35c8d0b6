"""Output formats of `dxcheck targets`: one module per format, each rendering a TargetsReport, in one
registry; and the words and sentences the human formats share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, assert_never, cast

from dxcheck.i18n import date_text, gettext_for
from dxcheck.lineup import (
    DIRECTIONS_DIFFER,
    UNITS_DIFFER,
    Cell,
    Flag,
    IndicatorTargets,
    RegionTargets,
)
from dxcheck.reporters import TARGETS_FORMAT_BY_EXTENSION, TARGETS_REPORTERS
from dxcheck.reporters.text import expression_text, figure_text
from dxcheck.statuses import FlagKind

__all__ = ["TARGETS_FORMAT_BY_EXTENSION", "TARGETS_REPORTERS", "render_targets"]

if TYPE_CHECKING:
    from dxcheck.lineup import TargetsReport
    from dxcheck.reporters import RenderOptions


class TargetsReporter(Protocol):
    def render_pieces(self, report: TargetsReport, options: RenderOptions) -> Iterator[str]: ...


def render_targets(name: str, report: TargetsReport, options: RenderOptions) -> Iterator[str]:
    """The text of a targets report in the format `name`, in pieces."""
    module = cast("TargetsReporter", import_module(f"dxcheck.reporters.targets.{TARGETS_REPORTERS[name]}"))
    return module.render_pieces(report, options)


# a flag's mark beside the target it concerns, in every human format
MARKS: dict[FlagKind, str] = {
    FlagKind.CONFLICT: "!",
    FlagKind.WEAKER: "↓",
    FlagKind.STRONGER: "↑",
    FlagKind.INCOMPARABLE: "≠",
    FlagKind.ACHIEVED_WHEN_ISSUED: "✓",
}


def _(message: str) -> str:
    """Marks an English msgid for the catalog (translated when shown, by `word`)."""
    return message


# every word of the human formats, by key: an English msgid that dxcheck.po translates
_WORDS: dict[str, str] = {
    "title": _("Targets side by side"),
    "region": _("Region"),
    "indicator": _("Indicator"),
    "year": _("Year"),
    "plans": _("plans"),
    "reference": _("reference"),
    "issued": _("issued"),
    "flags": _("Flags"),
    "no flags": _("No flags."),
    "no plans": _("No plan found: no *.yaml or *.yml file with a 'dxcheck: plan/1' line."),
    # one string, as the catalog writes its msgid
    "legend": _(
        "! conflict · ↓ weaker than the reference · ↑ stronger · ≠ not comparable · ✓ already achieved when issued"  # noqa: E501
    ),
    FlagKind.CONFLICT: _("conflict"),
    FlagKind.WEAKER: _("weaker"),
    FlagKind.STRONGER: _("stronger"),
    FlagKind.INCOMPARABLE: _("incomparable"),
    FlagKind.ACHIEVED_WHEN_ISSUED: _("achieved when issued"),
    "stricter": _("{a} ({ta}) is stricter than {b} ({tb})"),
    "not comparable": _("{a} ({ta}) and {b} ({tb}) cannot be compared: {reason}"),
    "weaker than": _("{a} ({ta}) is weaker than {b} ({tb})"),
    "stronger than": _("{a} ({ta}) is stronger than {b} ({tb})"),
    "met before": _("{a} ({ta}, issued {issued}) was already met by {actual} in {year}"),
    "no quote": _("(no quote)"),
    UNITS_DIFFER: _("units differ: {first}, {second}"),
    DIRECTIONS_DIFFER: _("one is to increase, the other to decrease"),
}


def word(lang: str, key: str) -> str:
    """A word of the human formats in `lang` (vi or en)."""
    return gettext_for("en" if lang == "en" else "vi")(_WORDS[key])


def _actual(flag: Flag, lang: str) -> str:
    if flag.actual is None:
        return "—"
    return figure_text(flag.actual, "en" if lang == "en" else "vi", bound=flag.actual_bound)


def _reason(flag: Flag, lang: str) -> str:
    """Why two targets cannot be compared, in `lang`: the JSON's English reason, translated."""
    reason = flag.reason or ""
    if reason == DIRECTIONS_DIFFER:
        return word(lang, DIRECTIONS_DIFFER)
    units = reason.removeprefix(UNITS_DIFFER.partition("{")[0])
    if units != reason:
        first, _, second = units.partition(", ")
        return word(lang, UNITS_DIFFER).format(first=first, second=second)
    return reason


def sentence(flag: Flag, lang: str) -> str:
    """What a flag says, in one sentence naming the plans and their targets."""
    shown = [expression_text(target, lang) for target in flag.targets]
    a, ta = flag.plans[0], shown[0]
    b, tb = (flag.plans[1], shown[1]) if len(flag.plans) > 1 else ("", "")
    match flag.kind:
        case FlagKind.WEAKER:
            return word(lang, "weaker than").format(a=a, ta=ta, b=b, tb=tb)
        case FlagKind.STRONGER:
            return word(lang, "stronger than").format(a=a, ta=ta, b=b, tb=tb)
        case FlagKind.ACHIEVED_WHEN_ISSUED:
            issued = "" if flag.issued is None else date_text(flag.issued, lang)
            actual = _actual(flag, lang)
            return word(lang, "met before").format(
                a=a, ta=ta, issued=issued, actual=actual, year=flag.actual_year
            )
        case FlagKind.CONFLICT | FlagKind.INCOMPARABLE:
            if flag.stricter is None:
                reason = _reason(flag, lang)
                return word(lang, "not comparable").format(a=a, ta=ta, b=b, tb=tb, reason=reason)
            if flag.stricter == b:
                a, ta, b, tb = b, tb, a, ta
            return word(lang, "stricter").format(a=a, ta=ta, b=b, tb=tb)
        case _:
            assert_never(flag.kind)


def by_years(flags: list[Flag]) -> list[tuple[Flag, str]]:
    """The flags as a person reads them: those that say the same of one indicator in several years
    (a target written for `2021..2025`) once, with their years — `2021..2025`, or `2025, 2030`."""
    groups: dict[tuple[object, ...], list[Flag]] = {}
    for flag in flags:
        key = (flag.kind, flag.indicator, flag.plans, flag.targets, flag.stricter, flag.reason, flag.quotes)
        groups.setdefault((*key, flag.actual, flag.actual_bound, flag.actual_year), []).append(flag)
    shown: list[tuple[Flag, str]] = []
    for group in groups.values():
        years = [flag.year for flag in group]
        if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
            shown.append((group[0], f"{years[0]}..{years[-1]}"))
        else:
            shown.append((group[0], ", ".join(map(str, years))))
    return shown


def cell_marks(flags: list[Flag]) -> dict[tuple[str, str, int], str]:
    """Every cell's marks at once: (plan, indicator, year) -> marks, for a region's flags.

    A conflict marks both plans' targets; a comparison with a reference marks the region's own only.
    """
    found: dict[tuple[str, str, int], set[FlagKind]] = {}
    for flag in flags:
        for plan in flag.plans if flag.kind is FlagKind.CONFLICT else flag.plans[:1]:
            found.setdefault((plan, flag.indicator, flag.year), set()).add(flag.kind)
    return {key: "".join(MARKS[kind] for kind in FlagKind if kind in kinds) for key, kinds in found.items()}


def columns(region: RegionTargets) -> list[str]:
    """The plans of a region's matrix, its own first, then those it is measured against."""
    return [*region.plans, *region.references]


@dataclass(frozen=True, slots=True)
class Shown:
    """A column's cell on one line of a matrix: the plan's target (None where it sets none), as a
    person reads it in the report's language, and the marks of its flags."""

    cell: Cell | None
    target: str = ""
    marks: str = ""

    @property
    def text(self) -> str:
        return f"{self.target} {self.marks}".rstrip()


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One line of a region's matrix: an indicator in one year, and each column's cell."""

    indicator: IndicatorTargets
    year: int
    cells: list[Shown]


def matrix_rows(region: RegionTargets, flags: list[Flag], lang: str) -> Iterator[MatrixRow]:
    """The lines of a region's matrix, indicator by indicator, year by year, a cell per column."""
    plans = columns(region)
    marked = cell_marks(flags)
    for indicator in region.indicators:
        for year in indicator.years:
            cells: list[Shown] = []
            for plan in plans:
                cell = year.cell(plan)
                if cell is None:
                    cells.append(Shown(None))
                else:
                    marks = marked.get((plan, indicator.indicator, year.year), "")
                    cells.append(Shown(cell, expression_text(cell.target, lang), marks))
            yield MatrixRow(indicator, year.year, cells)


def summary_line(report: TargetsReport, lang: str) -> str:
    """`2 conflict, 0 weaker, …`: every kind, with its count."""
    counts = report.summary()
    return ", ".join(f"{counts[kind.value]} {word(lang, kind)}" for kind in FlagKind)
