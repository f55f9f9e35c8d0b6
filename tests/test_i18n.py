"""The Vietnamese catalog and words: complete, compiled as written, numbers written the Vietnamese way."""

from __future__ import annotations

import ast
import gettext
import json
import os
import re
import struct
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fnmatch import fnmatch
from pathlib import Path

import pytest

from conftest import ROOT
from dxcheck import i18n
from dxcheck.models import LocalizedText, Pillar
from dxcheck.results import Row, Status

CATALOG = ROOT / "src" / "dxcheck" / "locale" / "vi" / "LC_MESSAGES"
SOURCE = ROOT / "src" / "dxcheck"


class Entry:
    """One message of a .po file, as msgfmt reads it."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self.flags: set[str] = set()


def _unquote(text: str) -> str:
    # a .po string is a C string; json reads the escapes the catalog uses (\" \\ \n)
    return str(json.loads(text))


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (blank-line separated, header first), continued strings joined."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith('"'):
                entry.fields[field] += _unquote(line)
            elif line and not line.startswith("#"):
                field, _, text = line.partition(" ")
                entry.fields[field] = _unquote(text)
        if entry.fields:
            entries.append(entry)
    return entries


ENTRIES = read_po(CATALOG / "dxcheck.po")
MESSAGES = [entry for entry in ENTRIES if entry.fields["msgid"]]


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    assert MESSAGES
    for entry in ENTRIES:
        assert "fuzzy" not in entry.flags, f"dxcheck.po: fuzzy entry {entry.fields['msgid']!r}"
        translations = [text for field, text in entry.fields.items() if field.startswith("msgstr")]
        assert all(translations), f"dxcheck.po: {entry.fields['msgid']!r} is not translated"


def test_every_translation_keeps_the_placeholders_of_its_msgid() -> None:
    """A `{name}` lost or misspelt in a translation would fail at run time, in the middle of a report."""
    for entry in MESSAGES:
        wanted = set(re.findall(r"{(\w*)}", entry.fields["msgid"]))
        for field, text in entry.fields.items():
            if field.startswith("msgstr"):
                assert set(re.findall(r"{(\w*)}", text)) == wanted, f"{entry.fields['msgid']!r}: {text!r}"


def test_the_compiled_catalog_says_what_the_po_says() -> None:
    """dxcheck.mo is what the package loads: recompile it with msgfmt (see dxcheck.po) after each edit."""
    vi = i18n.translation("vi")
    for entry in MESSAGES:
        msgid = entry.fields["msgid"]
        if "msgid_plural" in entry.fields:
            for count, field in ((1, "msgstr[0]"), (2, "msgstr[0]")):  # Vietnamese has one plural form
                got = vi.ngettext(msgid, entry.fields["msgid_plural"], count)
                assert got == entry.fields[field], f"dxcheck.mo is stale for {msgid!r}: recompile it"
        else:
            got = vi.gettext(msgid)
            assert got == entry.fields["msgstr"], f"dxcheck.mo is stale for {msgid!r}: recompile it"
    # the .mo header counts its strings: one more than the .po's messages (the header itself)
    magic, _, count = struct.unpack("<3I", (CATALOG / "dxcheck.mo").read_bytes()[:12])
    assert magic == 0x950412DE
    assert count == len(MESSAGES) + 1, "dxcheck.mo holds messages the .po no longer has: recompile it"


def _name(node: ast.expr) -> str:
    """`_` of `_(…)`, `gettext` of `t.gettext(…)`, `gettext_for` of `i18n.gettext_for(lang)(…)`."""
    if isinstance(node, ast.Call):
        return _name(node.func)
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


# what the package calls to translate: `_ = gettext_for(lang)`, cli's `_h`, and the catalog's methods
SINGULAR, PLURAL = {"_", "_h", "gettext", "gettext_for"}, {"ngettext", "ngettext_for"}


def _used_msgids() -> set[str]:
    """The literal msgids the package passes to a translating call (two for a plural)."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            if name in SINGULAR | PLURAL:
                found.update(
                    arg.value
                    for arg in node.args[: 2 if name in PLURAL else 1]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
    return found


LABELS = {label for label, _ in i18n.STATUS_LABELS.values()} | {i18n.EXCEEDED, i18n.APPROXIMATE}
LABELS |= set(i18n.PILLAR_LABELS.values())


def test_every_word_the_code_uses_is_in_the_catalog_and_no_other() -> None:
    in_catalog = {entry.fields["msgid"] for entry in MESSAGES}
    in_catalog |= {entry.fields["msgid_plural"] for entry in MESSAGES if "msgid_plural" in entry.fields}
    used = _used_msgids() | LABELS
    assert not used - in_catalog, f"add to dxcheck.po (then recompile): {sorted(used - in_catalog)}"
    assert not in_catalog - used, f"unused in the code, remove from dxcheck.po: {sorted(in_catalog - used)}"


def test_every_status_has_a_word_and_its_own_icon() -> None:
    assert set(i18n.STATUS_LABELS) == set(Status)
    icons = [i18n.status_icon(status) for status in Status]
    assert len(set(icons)) == len(icons)
    assert all(icon.strip() and not icon.isalnum() for icon in icons)


def test_every_pillar_has_a_heading_in_both_languages() -> None:
    assert set(i18n.PILLAR_LABELS) == {pillar.value for pillar in Pillar} | {None}
    assert i18n.pillar_label("digital-government", "vi") == "Chính quyền số"
    assert i18n.pillar_label("digital-government", "en") == "Digital government"
    assert i18n.pillar_label(None, "vi") == "Chưa phân loại"


def test_dates_are_written_the_language_s_way() -> None:
    assert i18n.date_text(date(2024, 9, 30), "vi") == "30/09/2024"
    assert i18n.date_text(date(2024, 9, 30), "en") == "2024-09-30"


def test_english_words_are_the_status_slugs_and_vietnamese_the_official_ones() -> None:
    assert isinstance(i18n.translation("en"), gettext.NullTranslations)
    assert [i18n.status_label(status, "en") for status in Status] == [status.value for status in Status]
    assert i18n.status_label(Status.MET, "vi") == "Đạt"
    assert i18n.status_label(Status.MISSED, "vi") == "Không đạt"
    assert i18n.status_label(Status.ON_TRACK, "vi") == "Có khả năng hoàn thành"
    vi_words = [i18n.status_label(status, "vi") for status in Status]
    assert len(set(vi_words)) == len(vi_words)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="vi, en"):
        i18n.translation("fr")


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("99.66", "99,66", "99.66"),
        ("9433", "9.433", "9,433"),
        ("2700000", "2.700.000", "2,700,000"),
        ("1234567.125", "1.234.567,12", "1,234,567.12"),  # rounded half to even, exactly
        ("2.675", "2,68", "2.68"),  # a float would hold 2.67499… and give 2.67
        ("12345678901234567.5", "12.345.678.901.234.567,5", "12,345,678,901,234,567.5"),  # 18 digits
        ("25.80", "25,8", "25.8"),
        ("-0.001", "0", "0"),
        ("-4", "-4", "-4"),
        ("0.1", "0,1", "0.1"),
    ],
)
def test_numbers_follow_the_language(value: str, vi: str, en: str) -> None:
    assert i18n.number(Decimal(value), "vi") == vi
    assert i18n.number(Decimal(value), "en") == en


def test_no_number_is_a_dash_and_places_are_kept_to() -> None:
    assert i18n.number(None, "vi") == "—"
    assert i18n.number(Decimal("3.14159"), "vi", places=4) == "3,1416"
    assert i18n.fixed(Decimal("0.2"), "vi") == "0,20"
    assert i18n.fixed(Decimal("1234.5"), "en") == "1,234.50"


def _row(target: str, gap: str | None, status: Status = Status.MET) -> Row:
    return Row(
        indicator="gov.online",
        name=LocalizedText(vi="x"),
        pillar=None,
        unit="percent",
        target_year=2025,
        target=target,
        actual=Decimal(95),
        actual_year=2025,
        actual_bound=None,
        approximate=False,
        gap=None if gap is None else Decimal(gap),
        progress=None,
        status=status,
        quote=None,
        source=None,
    )


@pytest.mark.parametrize(
    ("target", "gap", "vi", "en"),
    [
        (">= 90", "-5", "Vượt", "exceeded"),
        (">= 95", "0", "Đạt", "met"),
        ("> 90", "-5", "Vượt", "exceeded"),
        ("<= 5", "2", "Vượt", "exceeded"),
        ("top 10", "5", "Vượt", "exceeded"),
        ("= 95", "0", "Đạt", "met"),
        ("~100", "5", "Đạt", "met"),  # within the tolerance below: met, not beaten
        ("90..100", "-5", "Đạt", "met"),
        ("done", None, "Đạt", "met"),
    ],
)
def test_a_met_row_beating_its_target_reads_exceeded(target: str, gap: str | None, vi: str, en: str) -> None:
    assert i18n.row_label(_row(target, gap), "vi") == vi
    assert i18n.row_label(_row(target, gap), "en") == en


def test_other_rows_read_as_their_status() -> None:
    row = replace(_row(">= 90", "-5"), status=Status.ACHIEVED)
    assert i18n.row_label(row, "vi") == "Đạt trước hạn"
    assert i18n.row_label(replace(row, status=Status.MISSED, gap=Decimal(5)), "vi") == "Không đạt"


def test_a_wheel_carries_the_catalog() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["dxcheck"]
    for path in CATALOG.iterdir():
        relative = path.relative_to(SOURCE).as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), f"{relative} is left out of a wheel"


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "vi:en", "LANG": "en_US.UTF-8"}, "vi"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"DXCHECK_LANG": "vi", "LANG": "C"}, "vi"),
        ({"DXCHECK_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"DXCHECK_LANG": "fr", "LANG": "vi_VN.UTF-8"}, "vi"),
    ],
)
def test_help_speaks_dxcheck_lang_else_the_locale_s_language(environ: dict[str, str], lang: str) -> None:
    assert i18n.help_lang(environ) == lang


def test_the_docs_list_every_status_word_with_its_icon() -> None:
    lines = (ROOT / "docs" / "vietnamese.md").read_text(encoding="utf-8").splitlines()
    words = {
        status.value: (icon, i18n.status_label(status, "vi"))
        for status, (_, icon) in i18n.STATUS_LABELS.items()
    }
    words[i18n.EXCEEDED] = (i18n.status_icon(Status.MET), i18n.translation("vi").gettext(i18n.EXCEEDED))
    for slug, (icon, word) in words.items():
        row = f"| `{slug}` | {icon} | {word} |"
        assert any(line.startswith(row) for line in lines), f"docs/vietnamese.md lacks {row}"
    for label in i18n.PILLAR_LABELS.values():
        assert i18n.translation("vi").gettext(label) in "\n".join(lines)


# --- the language on the command line --------------------------------------------------------------


def _dxcheck(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """dxcheck in a fresh process: typer reads help at import, so the environment must be set first."""
    clean = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "dxcheck", *args],
        env={**clean, "COLUMNS": "100", **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


LOCALE_VARIABLES = {"DXCHECK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"DXCHECK_LANG": "vi"}, "Đánh giá mọi chỉ tiêu của PLAN theo số liệu trong ACTUALS."),
        ({"LANG": "vi_VN.UTF-8"}, "Ghi báo cáo vào tệp này thay vì ra màn hình (stdout)."),
        ({}, "Judge every target of PLAN against the figures in ACTUALS."),
        ({"DXCHECK_LANG": "en", "LANG": "vi_VN.UTF-8"}, "Write the report to this file instead of stdout."),
    ],
)
def test_help_is_vietnamese_when_the_environment_says_so(env: dict[str, str], said: str) -> None:
    ran = _dxcheck(env, "compare", "--help")
    assert ran.returncode == 0, ran.stderr
    assert said in " ".join(ran.stdout.split())


def test_dxcheck_lang_sets_the_report_s_language_and_lang_overrides_it() -> None:
    demo = [f"tests/fixtures/{name}.yaml" for name in ("plan", "actuals-2023", "actuals-2024")]
    english = _dxcheck({"DXCHECK_LANG": "en"}, "compare", *demo)
    assert "fails on missed" in english.stdout, english.stderr
    assert "Không đạt" in _dxcheck({"DXCHECK_LANG": "en"}, "compare", *demo, "--lang", "vi").stdout
    refused = _dxcheck({"DXCHECK_LANG": "fr"}, "compare", *demo)
    assert refused.returncode == 2
    assert "unknown language 'fr'; choose from vi, en" in refused.stderr
