"""Plain-text pieces every format shares: figures, one-line descriptions, summaries (no rich here).

Human formats pass their `lang`: words come from the gettext catalog and numbers are written the
language's way. Machine formats (junit, github) call without it and get today's English, which their
readers parse.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from dxcheck import i18n
from dxcheck.results import AnyReport, Report, Result, Row, Scope, Status, Tally

ENGLISH = "en"


def figure_text(
    value: Decimal | bool,
    lang: str = ENGLISH,
    *,
    bound: str | None = None,
    approximate: bool = False,
    high: Decimal | None = None,
    of: int | None = None,
    as_of: date | None = None,
    exact: bool = False,
) -> str:
    """One observed figure as every human format writes it: `ước 2.700.000`, vi `≥ 82,2`, `25,8–28,56`,
    `thứ 5/34`, `có`/`không`, and a part-year figure's date. `exact` keeps every decimal it was given."""
    _ = i18n.gettext_for(lang)
    if isinstance(value, bool):
        text = _("yes") if value else _("no")
    else:

        def written(figure: Decimal) -> str:
            return i18n.number(figure, lang, places(figure)) if exact else i18n.number(figure, lang)

        text = written(value)
        if high is not None:
            text = f"{text}–{written(high)}"
        elif bound:
            sign = bound if lang == ENGLISH else _SIGNS.get(bound, bound)
            text = f"{sign} {text}"  # vi «≥ 82,2», as its target is written
        elif approximate:
            text = _(i18n.APPROXIMATE).format(figure=text)
        if of is not None:
            text += f"/{of}"  # a rank among so many: «thứ 5/34»
    if as_of is not None:
        # a part-year figure: its date says its year
        text += _(" (as of {date})").format(date=i18n.date_text(as_of, lang))
    return text


def places(value: Decimal) -> int:
    """The decimals a figure is written with: 99.66 has 2, 9433 none."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def actual_text(row: Row, lang: str = ENGLISH) -> str:
    """The figure a row was judged on: `~2,700,000 (2024)`; vi `ước 2.700.000 (2024)`."""
    if row.actual is None:
        return "—"
    as_of = row.actual_as_of if row.provisional else None
    text = figure_text(
        row.actual, lang, bound=row.actual_bound, approximate=row.approximate, of=row.actual_of, as_of=as_of
    )
    if as_of is None and row.actual_year is not None and row.actual_year != row.target_year:
        text += f" ({row.actual_year})"
    return text


# a target's numbers, and the operators a person reads better as signs
_NUMBER = re.compile(r"\d+(?:\.(\d+))?")
_SIGNS = {">=": "≥", "<=": "≤"}


def target_text(row: Row, lang: str = ENGLISH) -> str:
    """The target for a person: en as the plan's expression (`>= 90`); vi `≥ 2.700.000`, `hoàn thành`."""
    return expression_text(row.target, lang)


# a repository's plans share most targets (4,441 texts among 40,800 rows at 1×)
@lru_cache(maxsize=1024)
def expression_text(target: str, lang: str = ENGLISH) -> str:
    """A canonical target expression for a person, as target_text writes a row's."""
    if lang == ENGLISH:
        return target
    _ = i18n.gettext_for(lang)
    if target == "done":
        return _("done")
    text = _NUMBER.sub(lambda found: i18n.number(Decimal(found[0]), lang, len(found[1] or "")), target)
    for operator, sign in _SIGNS.items():
        text = text.replace(operator, sign)
    if text.startswith("~"):
        text = _("~{target}").format(target=text[1:])
    return text.replace("..", "–")


def gap_text(row: Row, lang: str = ENGLISH) -> str:
    if row.gap is None:
        return "—"
    return ("+" if row.gap > 0 else "") + i18n.number(row.gap, lang)


def progress_text(row: Row, lang: str = ENGLISH) -> str:
    return "—" if row.progress is None else i18n.fixed(row.progress, lang)


def headings(lang: str = ENGLISH) -> dict[str, str]:
    """The headings of a human report's columns and sections, by what they head."""
    _ = i18n.gettext_for(lang)
    return {
        "indicator": _("Indicator"),
        "name": _("Name"),
        "year": _("Year"),
        "target": _("Target"),
        "actual": _("Actual"),
        "gap": _("Gap"),
        "p": "p",  # the progress ratio's symbol, as the docs write it
        "status": _("Status"),
        "problems": _("Input problems"),
    }


def report_title(report: AnyReport, lang: str = ENGLISH) -> str:
    """A report's title: the plan's on a compare report; a check's covers a repository."""
    if isinstance(report, Report) and report.scope is Scope.PLAN and report.results:
        return report.results[0].title.pick(lang)
    return "dxcheck"


def plan_lines(result: Result, lang: str = ENGLISH) -> list[str]:
    """Which plan and which actuals files a report is about, under its title."""
    _ = i18n.gettext_for(lang)
    lines = [_("plan {plan} · region {region}").format(plan=result.plan_id, region=result.region)]
    lines.extend(
        _("actuals {year}: {file}").format(year=info.year, file=info.file) for info in result.actuals
    )
    return lines


def no_targets_line(lang: str = ENGLISH) -> str:
    return i18n.gettext_for(lang)("The plan has no targets for the years asked for.")


def no_plan_line(lang: str = ENGLISH) -> str:
    return i18n.gettext_for(lang)("No plan found: no *.yaml or *.yml file with a 'dxcheck:' line.")


def describe(row: Row) -> str:
    """What a person needs to know about a judged target, in one line (English: junit and github)."""
    actual = "no figure" if row.actual is None else f"actual {actual_text(row)}"
    text = f"{row.status.value}: target {row.target}, {actual}"
    if row.gap is not None:
        text += f", gap {i18n.number(row.gap, ENGLISH)}"
    if row.progress is not None:
        text += f", progress {row.progress:.2f}"
    return text


def _counts(summary: dict[str, int], lang: str) -> str:
    _ = i18n.gettext_for(lang)
    counts = [
        _("{count} {status}").format(count=count, status=i18n.status_label(Status(status), lang))
        for status, count in summary.items()
        if count
    ]
    return ", ".join(counts) or _("none")


def _verdict(tally: Tally, lang: str) -> str:
    _ = i18n.gettext_for(lang)
    if tally.failing:
        words = ", ".join(i18n.status_label(Status(status), lang) for status in sorted(tally.failing))
        return _("fails on {statuses}").format(statuses=words)
    total = sum(tally.counts.values())
    if not total:
        return _("nothing to judge")
    if tally.counts[Status.NO_DATA.value] == total:
        # a pass would read as the plan being on course, when no figure was ever compared with a target
        return _("nothing could be judged: no figure for any target")
    return _("passes")


def _targets(summary: dict[str, int], lang: str) -> str:
    """How many targets, and how many of them could be judged: those without a figure never are."""
    _, ngettext = i18n.gettext_for(lang), i18n.ngettext_for(lang)
    total = sum(summary.values())
    without = summary[Status.NO_DATA.value]
    targets = ngettext("{count} target", "{count} targets", total).format(count=total)
    if total in (0, without):
        return targets
    if without == 0:
        return _("{targets}, all judged").format(targets=targets)
    return _("{targets}, {judged} judged, {without} without a figure").format(
        targets=targets, judged=total - without, without=without
    )


def summary_line(result: Result, lang: str = ENGLISH) -> str:
    """One line for a plan: targets judged and without a figure, by status, and the verdict of --fail-on.

    `10 targets, 7 judged, 3 without a figure: 2 met, … — passes`; `8 targets: 8 no-data — nothing
    could be judged: no figure for any target`. The exit code is --fail-on's alone.
    """
    tally = Tally.of([result])
    return i18n.gettext_for(lang)("{targets}: {counts} — {verdict}").format(
        targets=_targets(tally.counts, lang),
        counts=_counts(tally.counts, lang),
        verdict=_verdict(tally, lang),
    )


def check_summary_line(report: Report, lang: str = ENGLISH) -> str:
    """One line for a whole check: plans, targets judged and without a figure, input problems, the verdict."""
    ngettext = i18n.ngettext_for(lang)
    tally = report.tally()
    plans = ngettext("{count} plan", "{count} plans", tally.plans).format(count=tally.plans)
    problems = len(report.problems)
    if problems:
        verdict = ngettext("{count} input problem", "{count} input problems", problems).format(count=problems)
    else:
        verdict = _verdict(tally, lang)
    return i18n.gettext_for(lang)("{targets}: {counts} — {verdict}").format(
        targets=f"{plans}, {_targets(tally.counts, lang)}",
        counts=_counts(tally.counts, lang),
        verdict=verdict,
    )


def check_notes(report: Report, lang: str = ENGLISH) -> list[str]:
    """The lines about files that were not paired: plans without actuals, regions without a plan."""
    _ = i18n.gettext_for(lang)
    lines = []
    if report.plans_without_actuals:
        lines.append(
            _("Plans without actuals (every target is no-data): {plans}").format(
                plans=", ".join(report.plans_without_actuals)
            )
        )
    if report.actuals_without_plan:
        lines.append(
            _("Regions in actuals without a plan: {regions}").format(
                regions=", ".join(report.actuals_without_plan)
            )
        )
    return lines


def unmatched_lines(result: Result, lang: str = ENGLISH) -> list[str]:
    """The actuals ids the plan has no indicator for, each with the id it likely misspells."""
    if not result.unmatched_actuals:
        return []
    _ = i18n.gettext_for(lang)
    suggestions = dict(result.suggestions)
    lines = [_("Actuals that match no indicator of the plan:")]
    for key in result.unmatched_actuals:
        close = suggestions.get(key)
        lines.append(f"  {key}" + (_(" (did you mean {id}?)").format(id=close) if close else ""))
    return lines
