"""The Excel workbook, read back with the standard library alone (zipfile and ElementTree), as Excel would.

Its sheets' XML for the demo is held exactly in tests/golden/compare.xlsx.{vi,en}.xml; regenerate with
`DXCHECK_REGEN_GOLDEN=1 python -m pytest tests/test_xlsx.py` after an intended change, and read the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from conftest import ROOT, Run
from dxcheck import check, load_actuals, load_plan
from dxcheck.pipeline import compare_report
from dxcheck.reporters import (
    BINARY_FORMATS,
    REPORTERS,
    RenderOptions,
    is_binary,
    render_bytes,
    render_pieces,
)
from dxcheck.reporters.text import check_summary_line, summary_line
from dxcheck.results import Report, Scope

GOLDEN = ROOT / "tests" / "golden"
DEMO = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
REPO = "tests/data/.repo"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
XM = "{http://schemas.microsoft.com/office/excel/2006/main}"

SHEETS = {
    "vi": ["Tổng hợp", "Chi tiết chỉ tiêu", "Số liệu theo năm"],
    "en": ["Summary", "Targets", "Figures by year"],
}
HEADERS = {
    "en": [
        "Indicator", "Name", "Pillar", "Unit", "Target year", "Target", "Actual", "Actual as written",
        "Actual year", "Gap", "Progress", "Status", "Status code", "Quote of the target",
        "Quote of the figure", "Source", "Figures by year",
    ],
    "vi": [
        "Chỉ tiêu", "Tên chỉ tiêu", "Trụ cột", "Đơn vị tính", "Năm mục tiêu", "Mục tiêu", "Thực hiện",
        "Thực hiện (theo nguồn)", "Năm số liệu", "Chênh lệch", "Tiến độ (p)", "Đánh giá", "Mã trạng thái",
        "Trích dẫn mục tiêu", "Trích dẫn số liệu", "Nguồn", "Số liệu theo năm",
    ],
}  # fmt: skip


class Workbook:
    """A workbook's sheets by name: each cell's value (text, or a number as Excel stores it) and its XML."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        shared = "xl/sharedStrings.xml"  # none when every string is inline, as a streamed workbook's
        strings = ElementTree.fromstring(self.zip.read(shared)) if shared in self.zip.namelist() else None
        self.shared = [] if strings is None else [_text(item) for item in strings]
        book = ElementTree.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{RELS}Relationship")}
        self.paths = {
            sheet.get("name"): "xl/" + str(targets[sheet.get(f"{DOC_RELS}id")])
            for sheet in book.iter(f"{MAIN}sheet")
        }

    @property
    def strings(self) -> set[str]:
        """Every text the workbook's cells hold, shared or inline."""
        return {cell for sheet in self.names for cell in self.cells(sheet).values() if isinstance(cell, str)}

    @property
    def names(self) -> list[str]:
        return [str(name) for name in self.paths]

    def xml(self, sheet: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.zip.read(self.paths[sheet]))

    def cells(self, sheet: str) -> dict[str, str | float]:
        found: dict[str, str | float] = {}
        for cell in self.xml(sheet).iter(f"{MAIN}c"):
            if cell.get("t") == "inlineStr":
                found[str(cell.get("r"))] = _text(cell)
                continue
            value = cell.find(f"{MAIN}v")
            if value is None or value.text is None:
                continue
            text = value.text
            found[str(cell.get("r"))] = self.shared[int(text)] if cell.get("t") == "s" else float(text)
        return found

    def row(self, sheet: str, number: int) -> list[str | float | None]:
        cells = self.cells(sheet)
        columns = [
            ref.rstrip("0123456789") for ref in cells if ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "1"
        ]
        return [cells.get(f"{column}{number}") for column in columns]


def _text(element: ElementTree.Element) -> str:
    """The text of a shared string or of an inline string's cell, its runs joined."""
    return "".join(text.text or "" for text in element.iter(f"{MAIN}t"))


def _report(*paths: str) -> Report:
    return compare_report(load_plan(paths[0]), [load_actuals(path) for path in paths[1:]])


def _workbook(lang: str, report: Report | None = None) -> Workbook:
    return Workbook(render_bytes("xlsx", report or _report(*DEMO), RenderOptions(lang=lang)))


def _dump(data: bytes) -> str:
    """The XML of every sheet and of the shared strings, in order: what the golden files hold."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(name for name in archive.namelist() if name.startswith("xl/worksheets/"))
    parts = [*names, *(name for name in archive.namelist() if name == "xl/sharedStrings.xml")]
    return "".join(f"== {name}\n{archive.read(name).decode('utf-8')}\n" for name in parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sheets_xml_is_exact(lang: str) -> None:
    actual = _dump(render_bytes("xlsx", _report(*DEMO), RenderOptions(lang=lang)))
    path = GOLDEN / f"compare.xlsx.{lang}.xml"
    if os.environ.get("DXCHECK_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; see the module docstring"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sheets_and_headers_are_in_the_chosen_language(lang: str) -> None:
    book = _workbook(lang)
    assert book.names == SHEETS[lang]
    assert book.row(SHEETS[lang][1], 1) == HEADERS[lang]


def test_a_row_carries_the_figure_as_a_number_and_as_written_with_both_quotes() -> None:
    assert _workbook("vi").row("Chi tiết chỉ tiêu", 2) == [
        "infra.coverage", "Tỷ lệ thôn được phủ sóng", "Hạ tầng số", "percent", 2024.0, "≥ 99", 99.66,
        "99,66", 2024.0, -0.66, None, "Vượt", "met", "99% thôn có sóng năm 2024",
        "4.342/4.357 thôn, bản, đạt 99,66%", "art", None,
    ]  # fmt: skip
    assert _workbook("en").row("Targets", 2)[:13] == [
        "infra.coverage", "Villages with mobile coverage", "Digital infrastructure", "percent", 2024.0,
        ">= 99", 99.66, "99.66", 2024.0, -0.66, None, "exceeded", "met",
    ]  # fmt: skip


def test_statuses_are_coloured_by_conditional_formatting_on_their_code() -> None:
    sheet = _workbook("en").xml("Targets")
    (formatting,) = sheet.iter(f"{MAIN}conditionalFormatting")
    assert formatting.get("sqref") == "L2:L11"  # the status words, coloured; the word itself is the status
    rules = [(rule.get("type"), rule.findtext(f"{MAIN}formula")) for rule in formatting]
    assert rules == [
        ("expression", 'OR($M2="met",$M2="achieved",$M2="on-track")'),
        (
            "expression",
            'OR($M2="indeterminate",$M2="at-risk",$M2="off-track",$M2="regressing",$M2="pending",$M2="no-data")',
        ),
        ("expression", 'OR($M2="missed")'),
    ]


def test_each_target_has_a_sparkline_of_its_indicator_s_figures_by_year() -> None:
    book = _workbook("vi")
    sparklines = [
        (spark.findtext(f"{XM}sqref"), spark.findtext(f"{XM}f"))
        for spark in book.xml("Chi tiết chỉ tiêu").iter(f"{X14}sparkline")
    ]
    # every indicator of the demo has a figure, so each of its ten targets has a sparkline
    assert sparklines[:3] == [
        ("Q2", "'Số liệu theo năm'!C2:D2"),
        ("Q3", "'Số liệu theo năm'!C2:D2"),
        ("Q4", "'Số liệu theo năm'!C3:D3"),
    ]
    assert len(sparklines) == 10
    figures = book.cells("Số liệu theo năm")
    assert [figures.get(ref) for ref in ("A1", "C1", "D1", "A3", "B3", "C3", "D3")] == [
        "Chỉ tiêu", 2023.0, 2024.0, "gov.online", "Thủ tục trực tuyến toàn trình", 50.0, 70.0,
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_targets_sheet_has_a_frozen_header_and_filters(lang: str) -> None:
    sheet = _workbook(lang).xml(SHEETS[lang][1])
    (pane,) = sheet.iter(f"{MAIN}pane")
    frozen = (pane.get("ySplit"), pane.get("xSplit"), pane.get("state"), pane.get("topLeftCell"))
    assert frozen == ("1", "1", "frozen", "B2")  # the header row, and the indicator ids beside every row
    (autofilter,) = sheet.iter(f"{MAIN}autoFilter")
    assert autofilter.get("ref") == "A1:Q11"
    quotes = [col for col in sheet.iter(f"{MAIN}col") if col.get("min") == "14"]
    assert quotes and quotes[0].get("max") == "15" and quotes[0].get("style")  # quotes wrap


def test_the_summary_counts_each_pillar_by_status_in_words() -> None:
    report = _report(*DEMO)
    summary = _workbook("vi", report).cells("Tổng hợp")
    assert [summary.get(f"A{line}") for line in range(1, 5)] == [
        "Kế hoạch mẫu (demo-2025)",
        "kế hoạch demo-2025 · địa bàn demo",
        "số liệu thực hiện 2023: tests/fixtures/actuals-2023.yaml",
        "số liệu thực hiện 2024: tests/fixtures/actuals-2024.yaml",
    ]
    assert (summary["A6"], summary["B6"]) == ("Trụ cột", "Số chỉ tiêu")
    words = [summary[f"{column}6"] for column in "CDEFGHIJKL"]
    assert words == [
        "Đạt", "Không đạt", "Chưa xác định", "Đạt trước hạn", "Có khả năng hoàn thành",
        "Có nguy cơ không đạt", "Khó hoàn thành", "Xu hướng xấu đi", "Chưa đến hạn", "Chưa có số liệu",
    ]  # fmt: skip
    government = [summary.get(f"{column}7") for column in "ABCDEFGHIJKL"]
    assert government == ["Chính quyền số", 2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    total = [summary.get(f"{column}14") for column in "ABCDEFGHIJKL"]
    assert total == ["Tổng cộng", 10.0, *[1.0] * 10]
    assert summary["A15"] == summary_line(report.results[0], "vi")  # the verdict, as the table says it
    assert summary["A15"].startswith("10 chỉ tiêu")


def test_the_same_report_gives_the_same_bytes_with_fixed_dates() -> None:
    report = _report(*DEMO)
    first = render_bytes("xlsx", report, RenderOptions())
    assert render_bytes("xlsx", _report(*DEMO), RenderOptions()) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    # XlsxWriter dates the parts it zips from its temporary files 1980-01-31, in any time zone
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}
    core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    dates = [element.text for element in core if element.tag.endswith(("created", "modified"))]
    assert dates == ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z"]


def test_the_cli_writes_the_workbook_to_a_file_named_xlsx(dx: Callable[..., Run], tmp_path: Path) -> None:
    output = tmp_path / "report.xlsx"
    run = dx("compare", *DEMO, "--output", str(output), "--lang", "en")
    assert (run.code, run.out, run.err) == (1, "", ""), run  # the demo misses a target: exit 1 as ever
    assert output.read_bytes() == render_bytes("xlsx", _report(*DEMO), RenderOptions(lang="en"))


def test_the_workbook_goes_to_stdout_only_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "dxcheck", "compare", *DEMO, "--format", "xlsx"]
    elsewhere = {**os.environ, "TZ": "Pacific/Kiritimati"}  # another process, another day: same bytes
    piped = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=elsewhere)
    assert (piped.returncode, piped.stderr) == (1, b"")
    assert piped.stdout == render_bytes("xlsx", _report(*DEMO), RenderOptions())


def test_a_workbook_is_not_written_to_a_terminal(
    dx: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    run = dx("compare", *DEMO, "--format", "xlsx")
    assert run.code == 2, run
    assert run.out == ""
    assert run.err == "dxcheck: error: --format xlsx: xlsx is binary: use --output FILE.xlsx or redirect\n"


@pytest.mark.parametrize("name", ["json", "table"])
def test_text_formats_never_load_xlsxwriter(name: str) -> None:
    probe = "\n".join(
        [
            "import sys",
            "from dxcheck.cli import main",
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass",
            "print('xlsxwriter' in sys.modules, file=sys.stderr)",
        ]
    )
    command = [sys.executable, "-c", probe, "compare", *DEMO, "--format", name]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.stderr == "False\n", run.stderr
    command[-1] = "xlsx"
    run = subprocess.run(
        [*command, "--output", os.devnull], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.stderr == "True\n", run.stderr  # the probe does see it when it is loaded


def test_every_binary_format_is_offered_and_implemented() -> None:
    assert set(REPORTERS) >= BINARY_FORMATS
    for name in BINARY_FORMATS:
        assert zipfile.is_zipfile(io.BytesIO(render_bytes(name, check(REPO), RenderOptions())))
        with pytest.raises(ValueError, match="binary"):
            render_pieces(name, check(REPO), RenderOptions())
    with pytest.raises(ValueError, match="text"):
        render_bytes("json", check(REPO), RenderOptions())
    assert is_binary("xlsx") and not is_binary("csv")


def _with_first_row(**changes: Any) -> Report:
    """The demo with its first row changed: a figure no double holds, a text that looks like a formula."""
    report = _report(*DEMO)
    first, *rest = report.results[0].rows
    result = dataclasses.replace(report.results[0], rows=(dataclasses.replace(first, **changes), *rest))
    return dataclasses.replace(report, results=(result,))


def test_an_exact_figure_keeps_every_digit_as_text_beside_its_number() -> None:
    report = _with_first_row(actual=Decimal("99.123456789012345678"), gap=Decimal("1E+400"))
    row = _workbook("en", report).row("Targets", 2)
    assert row[6:10] == [99.12345678901235, "99.123456789012345678", 2024.0, None]  # no double is 1E+400


def test_plan_text_is_text_never_a_formula_or_a_link() -> None:
    report = _with_first_row(quote='=HYPERLINK("http://example.com","x")', source="http://example.com")
    sheet = _workbook("en", report).xml("Targets")
    assert not list(sheet.iter(f"{MAIN}f"))  # no formula anywhere
    assert not list(sheet.iter(f"{MAIN}hyperlink"))
    assert _workbook("en", report).row("Targets", 2)[13] == '=HYPERLINK("http://example.com","x")'


def test_a_quote_longer_than_excel_holds_is_cut_and_says_so() -> None:
    quote = "«" + "rất dài " * 5000 + "»"
    cell = _workbook("en", _with_first_row(quote=quote)).row("Targets", 2)[13]
    assert isinstance(cell, str)
    assert len(cell.encode("utf-16-le")) // 2 <= 32767
    assert cell == quote[: len(cell) - 1] + "…"


def test_a_part_year_rank_says_its_field_and_its_date() -> None:
    report = _with_first_row(provisional=True, actual_as_of=datetime.date(2024, 9, 30), actual_of=34)
    assert _workbook("en", report).row("Targets", 2)[7] == "99.66/34 (as of 2024-09-30)"


def test_a_bound_is_written_with_the_sign_its_target_is_written_with() -> None:
    report = _with_first_row(actual=Decimal("82.2"), actual_bound=">=")
    assert _workbook("vi", report).row("Chi tiết chỉ tiêu", 2)[7] == "≥ 82,2"
    assert _workbook("en", report).row("Targets", 2)[7] == ">= 82.2"


def test_a_check_names_the_plan_of_each_row_and_sums_up_the_repository() -> None:
    report = check(REPO)
    book = Workbook(render_bytes("xlsx", report, RenderOptions(lang="en")))
    assert book.row("Targets", 1)[:2] == ["Plan", "Indicator"]
    (pane,) = book.xml("Targets").iter(f"{MAIN}pane")
    assert (pane.get("xSplit"), pane.get("topLeftCell")) == ("2", "C2")
    assert book.cells("Summary")["A1"] == check_summary_line(report, "en")
    plans = {cell for ref, cell in book.cells("Targets").items() if ref.startswith("A") and ref != "A1"}
    assert plans == {result.plan_id for result in report.results}


def _catalog_words() -> dict[str, str]:
    """The workbook's own words in the catalog (context xlsx): English msgid -> Vietnamese."""
    words, context, msgid = {}, None, None
    catalog = ROOT / "src" / "dxcheck" / "locale" / "vi" / "LC_MESSAGES" / "dxcheck.po"
    for line in catalog.read_text(encoding="utf-8").splitlines():
        key, _, text = line.partition(" ")
        if key == "msgctxt":
            context = text.strip('"')
        elif key == "msgid":
            msgid = text.strip('"')
        elif key == "msgstr" and context == "xlsx" and msgid is not None:
            words[msgid] = text.strip('"')
        if not line:
            context = msgid = None
    return words


def test_every_word_of_the_workbook_is_in_the_catalog_and_used() -> None:
    nothing = Report((), scope=Scope.REPOSITORY)
    shown: set[str] = set()
    for report in (_report(*DEMO), check(REPO), nothing):
        for lang in ("vi", "en"):
            book = Workbook(render_bytes("xlsx", report, RenderOptions(lang=lang)))
            shown |= {*book.strings, *book.names}
    words = _catalog_words()
    assert words, 'the workbook\'s words are in dxcheck.po under msgctxt "xlsx"'
    for english, vietnamese in words.items():
        assert english in shown and vietnamese in shown, english


def test_docs_list_every_word_of_the_workbook() -> None:
    docs = (ROOT / "docs" / "vietnamese.md").read_text(encoding="utf-8")
    section = docs.split("## The Excel workbook", 1)[1].split("\n## ", 1)[0]
    for english, vietnamese in _catalog_words().items():
        assert f"| {english} | {vietnamese} |" in section, (
            f"docs/vietnamese.md lacks the workbook's {english!r}"
        )


def test_check_writes_its_workbook_and_still_reports_problems_and_exits_2(
    dx: Callable[..., Run], tmp_path: Path
) -> None:
    output = tmp_path / "repo.xlsx"
    run = dx("check", REPO, "--output", str(output))  # the extension picks the format over auto
    assert run.code == 2, run  # the repository holds one broken actuals file
    assert run.err.startswith("tests/data/.repo/actuals/broken.yaml:4:1: error: valeus:"), run
    assert output.read_bytes() == render_bytes("xlsx", check(REPO), RenderOptions())


def test_the_workbook_is_made_in_a_temporary_folder_that_goes_even_on_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    from dxcheck.reporters import xlsx

    folders: list[Path] = []
    made = tempfile.TemporaryDirectory

    def temporary(**kwargs: Any) -> tempfile.TemporaryDirectory[str]:
        folder = made(**kwargs)
        folders.append(Path(folder.name))
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", temporary)
    render_bytes("xlsx", _report(*DEMO), RenderOptions())
    (folder,) = folders
    assert folder.parent == Path(tempfile.gettempdir())  # never beside the input files
    assert not folder.exists()

    def broken(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(xlsx._Book, "_row", broken)
    with pytest.raises(OSError, match="disk full"):
        render_bytes("xlsx", _report(*DEMO), RenderOptions())
    assert len(folders) == 2
    assert not folders[1].exists()


TRICKY = [
    "plain",
    " leading and trailing ",
    'a & b < c > d "quoted"',
    "tab\tand\nnewline",
    "bell\x07 and unit separator\x1f",
    "looks like an escape _x0041_ and _X0041_",
    "non-characters \ufffe\uffff",
    "trailing newline\n",
    "\x1fescaped first",
    "«Việt Nam» 𝑥 emoji 🎉",
    "",
]
NUMBERS = [0, 2024, -1.5, 99.66, 1e-20, 1.2345678901234567e300, 0.1 + 0.2]


def _sheet_xml(write: Callable[[Any, Any], None]) -> bytes:
    """The XML of a one-sheet constant_memory workbook whose rows `write(sheet, style)` writes."""
    import tempfile

    import xlsxwriter

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.xlsx"
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": folder})
        sheet = workbook.add_worksheet()
        style = workbook.add_format({"bold": True})
        sheet.write_string(0, 0, "header", style)
        write(sheet, style)
        workbook.close()
        return zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


def test_rows_written_as_xml_are_the_bytes_xlsxwriter_writes() -> None:
    from dxcheck.reporters.xlsxrows import RowWriter

    def by_xlsxwriter(sheet: Any, style: Any) -> None:
        for line, text in enumerate(TRICKY, 1):
            if text:
                sheet.write_string(line, 1, text, style if line % 2 else None)
            sheet.write_number(line, 2, NUMBERS[line % len(NUMBERS)], style)

    def by_rows(sheet: Any, style: Any) -> None:
        rows = RowWriter(sheet)
        for line, text in enumerate(TRICKY, 1):
            rows.write(
                line, [(1, text, style if line % 2 else None), (2, NUMBERS[line % len(NUMBERS)], style)]
            )

    assert _sheet_xml(by_rows) == _sheet_xml(by_xlsxwriter)
