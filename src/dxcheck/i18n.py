"""The interface's languages: the gettext catalog, numbers the language's way, status words and icons."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dxcheck.statuses import Status

if TYPE_CHECKING:
    from dxcheck.results import Row

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
DOMAIN = "dxcheck"

# Every status's word (an English msgid, translated in locale/vi/LC_MESSAGES/dxcheck.po) and its text
# icon, so that a status never rests on colour alone. The English words are the JSON slugs.
STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.MET: ("met", "✓"),
    Status.MISSED: ("missed", "✗"),
    Status.INDETERMINATE: ("indeterminate", "?"),
    Status.ACHIEVED: ("achieved", "★"),
    Status.ON_TRACK: ("on-track", "▲"),
    Status.AT_RISK: ("at-risk", "⚠"),
    Status.OFF_TRACK: ("off-track", "▽"),
    Status.REGRESSING: ("regressing", "▼"),
    Status.PENDING: ("pending", "○"),
    Status.NO_DATA: ("no-data", "∅"),
}
# each pillar's heading (English msgid, Vietnamese in the catalog); None: an indicator without one.
# Slugs, not models.Pillar: the help text loads this module, and the models would load pydantic
PILLAR_LABELS: dict[str | None, str] = {
    "digital-government": "Digital government",
    "digital-economy": "Digital economy",
    "digital-society": "Digital society",
    "digital-infrastructure": "Digital infrastructure",
    "information-security": "Information security",
    "other": "Other",
    None: "No pillar",
}
# a met row whose figure is strictly better than the target's number: «Vượt»
EXCEEDED = "exceeded"
# an estimated figure: «ước 2.700.000»; en keeps the `~` of the file format
APPROXIMATE = "~{figure}"


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`: English is the msgids themselves, Vietnamese the shipped dxcheck.mo."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    if lang == "en":
        return gettext.NullTranslations()
    # beside the module, as gettext.translation() would look; importlib.resources costs start-up
    catalog = Path(__file__).parent / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with catalog.open("rb") as stream:
        return gettext.GNUTranslations(stream)


def gettext_for(lang: str) -> Callable[[str], str]:
    """`_ = gettext_for(lang)`, then `_("Target")`: the word in `lang`."""
    return translation(lang).gettext


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    """`ngettext_for(lang)("{count} target", "{count} targets", n)`: the form for n in `lang`."""
    return translation(lang).ngettext


# en writes 9,433.5 as Python formats it; vi writes 9.433,5
_SEPARATORS = {"en": None, "vi": str.maketrans({",": ".", ".": ","})}


# A human report writes a quarter of a million numbers at 1×, two thirds of them seen before (the same
# targets and figures in plan after plan); equal Decimals round to the same text, so a hit is exact
@lru_cache(maxsize=4096)
def number(value: Decimal | None, lang: str, places: int = 2) -> str:
    """A figure for a person: thousands grouped, at most `places` decimals, no trailing zeros, — for none.

    en `99.66`, `9,433`; vi `99,66`, `9.433`, `2.700.000`. Exact: the Decimal is rounded, never a float.
    """
    if value is None:
        return "—"
    rounded = round(value, places)
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _separated("0" if text == "-0" else text, lang)


def fixed(value: Decimal, lang: str, places: int = 2) -> str:
    """A ratio with exactly `places` decimals (`1.04`, `0.20`; vi `1,04`), separators of the language."""
    return _separated(f"{value:,.{places}f}", lang)


def _separated(text: str, lang: str) -> str:
    """Python's `9,433.5` with the separators of `lang`."""
    separators = _SEPARATORS[lang]
    return text if separators is None else text.translate(separators)


def status_label(status: Status, lang: str) -> str:
    """The word for a status, in summaries and counts: en `on-track`, vi «Có khả năng hoàn thành»."""
    return translation(lang).gettext(STATUS_LABELS[status][0])


def status_icon(status: Status) -> str:
    """A text icon per status (✓ ✗ ▲ ⚠ …), shown beside the word: never colour alone."""
    return STATUS_LABELS[status][1]


def is_exceeded(row: Row) -> bool:
    """Whether a met row's figure is strictly better than the target's number (`>= 90` met with 95).

    Only a one-sided target says which side is better: `= N`, `~N`, a range and `done` are only met.
    `row.target` is the canonical text expressions.format_target writes (`>= 90`, `top 10`).
    """
    if row.status is not Status.MET or row.gap is None or row.gap == 0:
        return False
    if row.target.startswith(">"):
        return row.gap < 0
    if row.target.startswith(("<", "top ")):
        return row.gap > 0
    return False


def row_label(row: Row, lang: str) -> str:
    """The word for one row: its status, with a met target whose figure beats it as «Vượt» (exceeded)."""
    return status_word(row.status, is_exceeded(row), lang)


def status_word(status: Status, exceeded: bool, lang: str) -> str:
    """row_label from what it depends on: a status, and whether a met target was beaten."""
    return translation(lang).gettext(EXCEEDED) if exceeded else status_label(status, lang)


_PILLAR_ORDER = {pillar: order for order, pillar in enumerate(PILLAR_LABELS)}


def pillar_order(pillar: str | None) -> int:
    """Where a pillar comes in every report: the format's order, then any other slug."""
    return _PILLAR_ORDER.get(pillar, len(_PILLAR_ORDER))


def pillar_label(pillar: str | None, lang: str) -> str:
    """A pillar's heading: vi «Chính quyền số», en `Digital government`; an unknown slug as written."""
    label = PILLAR_LABELS.get(pillar)
    return str(pillar) if label is None else translation(lang).gettext(label)


def date_text(day: date, lang: str) -> str:
    """A date as the language writes it: vi `30/09/2024`, en `2024-09-30`."""
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def help_lang(environ: Mapping[str, str]) -> str:
    """The language of --help, which typer reads before any option: $DXCHECK_LANG, else the locale's.

    `DXCHECK_LANG=vi`, or a Vietnamese locale (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG` = `vi_VN…`),
    gives Vietnamese help; anything else English, which a terminal without a Vietnamese locale expects.
    """
    chosen = environ.get("DXCHECK_LANG", "")
    if chosen in LANGS:
        return chosen
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):  # the first one set decides, as gettext itself looks them up
            return "vi" if environ[name].split(":")[0].startswith("vi") else "en"
    return "en"
