"""The HTML report: exact pages in both languages, escaping of untrusted text, determinism, a page that
needs nothing from outside, and the charts' geometry.

Golden pages live in tests/golden/html-*.html; regenerate them after an intended change with
`DXCHECK_REGEN_GOLDEN=1 python -m pytest tests/test_html.py` and read the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run
from dxcheck import i18n
from dxcheck.expressions import Measure, Op
from dxcheck.pipeline import check
from dxcheck.reporters import RenderOptions, html, render, render_pieces
from dxcheck.reporters.html import chunks, page_words
from dxcheck.reporters.rowchart import measure_text
from dxcheck.reporters.svgchart import WIDTH, Chart, Mark, draw, escape, legend, ticks

GOLDEN = ROOT / "tests" / "golden"
FIXTURE = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
SHIPPED = ("plans/thanhhoa-resolution-2030.yaml", "actuals/actuals-2024.yaml")


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DXCHECK_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
    with path.open(encoding="utf-8", newline="") as stream:
        assert actual == stream.read(), f"{name} differs; see the module docstring to regenerate it"


class _Page(HTMLParser):
    """The elements of a page: each tag with its attributes, and the text of every <style>."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        ]


# --- golden pages ----------------------------------------------------------------------------------


# the demo fixture in Vietnamese, the default, is tests/golden/compare.html.html (test_reporters.py)
@pytest.mark.parametrize(
    ("data", "files", "lang"),
    [("fixture", FIXTURE, "en"), ("thanhhoa", SHIPPED, "vi"), ("thanhhoa", SHIPPED, "en")],
)
def test_page_is_exact(dx: Callable[..., Run], data: str, files: tuple[str, ...], lang: str) -> None:
    run = dx("compare", *files, "--format", "html", "--lang", lang, "--fail-on", "none")
    assert run.code == 0, run
    assert run.err == "", run
    golden(f"html-{data}.{lang}.html", run.out)


def test_the_page_speaks_the_language_asked_for(dx: Callable[..., Run]) -> None:
    vi = dx("compare", *FIXTURE, "--format", "html").out
    en = dx("compare", *FIXTURE, "--format", "html", "--lang", "en").out
    assert '<html lang="vi">' in vi
    assert '<html lang="en">' in en
    for words in (
        "Tổng hợp theo trụ cột",
        "✓ Đạt",
        "✗ Không đạt",
        "▲ Có khả năng hoàn thành",
        "<dd>99,66</dd>",
    ):
        assert words in vi
        assert words not in en
    for words in ("Summary by pillar", "✓ met", "✗ missed", "▲ on-track", "<dd>99.66</dd>"):
        assert words in en


def test_output_is_byte_identical_across_runs_and_hash_seeds() -> None:
    def run(seed: str) -> bytes:
        command = [sys.executable, "-m", "dxcheck", "compare", *SHIPPED, "--format", "html"]
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, check=False, env={**os.environ, "PYTHONHASHSEED": seed}
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = run("1")
    assert first == run("2")
    assert b"<svg" in first


def test_output_file_extension_picks_html(dx: Callable[..., Run], tmp_path: Path) -> None:
    for name in ("report.html", "report.HTM"):
        target = tmp_path / name
        run = dx("compare", *FIXTURE, "--output", str(target), "--fail-on", "none")
        assert run.code == 0, run
        page = dx("compare", *FIXTURE, "--format", "html", "--fail-on", "none").out
        assert target.read_text(encoding="utf-8") == page


def test_check_writes_every_plan_and_the_input_problems(dx: Callable[..., Run]) -> None:
    run = dx("check", "tests/data/.repo", "--format", "html", "--lang", "en")
    assert run.code == 2, run
    page = _Page(run.out)
    assert len(page.all("section", **{"class": "plan"})) >= 2
    assert "<h2>Input problems</h2>" in run.out
    assert "tests/data/.repo/actuals/broken.yaml:4:1: error: valeus:" in run.out


# --- a page that stands alone ----------------------------------------------------------------------


def test_the_page_needs_nothing_from_outside_and_no_script(dx: Callable[..., Run]) -> None:
    text = dx("compare", *SHIPPED, "--format", "html").out
    page = _Page(text)
    assert not [tag for tag, attrs in page.tags if tag in {"script", "link", "img", "iframe", "object"}]
    assert not [attrs for _, attrs in page.tags if {"src", "href", "srcset"} & set(attrs)]
    assert not [attrs for _, attrs in page.tags if any(key.startswith("on") for key in attrs)]
    css = "".join(page.styles)
    assert "url(" not in css
    assert "@import" not in css


def test_print_stylesheet_is_a4_with_a_page_per_pillar(dx: Callable[..., Run]) -> None:
    text = dx("compare", *FIXTURE, "--format", "html").out
    css = "".join(_Page(text).styles)
    assert "@page { size: A4;" in css
    printing = css.split("@media print", 1)[1]
    assert "section.pillar { break-before: page; }" in printing
    assert "article.indicator, dl.target { break-inside: avoid; }" in printing


def test_every_indicator_with_a_numeric_target_has_an_accessible_chart_and_each_target_a_status_in_words(
    dx: Callable[..., Run],
) -> None:
    text = dx("compare", *FIXTURE, "--format", "html").out
    page = _Page(text)
    charts = page.all("svg", role="img")
    # nine indicators, ten targets: one chart an indicator; the milestone («done») is words only
    assert len(charts) == 8
    assert len(page.all("article")) == 9
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    for chart in charts:
        labelled = str(chart["aria-labelledby"]).split()
        assert len(labelled) == 2
        assert set(labelled) <= ids
    statuses = re.findall(r'<span class="status badge (\w+)">(\S+) ([^<]+)</span>', text)
    assert len(statuses) == 10
    assert ("fail", "✗", "Không đạt") in statuses  # an icon and a word, not colour alone
    assert ("pass", "✓", "Vượt") in statuses  # a met target beaten: «Vượt»


def test_a_row_shows_its_quotes_and_source(dx: Callable[..., Run]) -> None:
    text = dx("compare", *FIXTURE, "--format", "html").out
    assert "<blockquote>«99% thôn có sóng năm 2024»</blockquote>" in text
    assert "<blockquote>«4.342/4.357 thôn, bản, đạt 99,66%»</blockquote>" in text
    assert "<code>art</code>" in text


# --- untrusted text --------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> \" ' &"


def test_plan_and_actuals_text_is_escaped_everywhere(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    plan = write(
        "plan.yaml",
        f"""dxcheck: plan/1
id: hostile
region: hostile
title: {{vi: "{quoted}", en: "{quoted}"}}
indicators:
  - id: gov.online
    name: "{quoted}"
    unit: percent
    baseline: {{year: 2020, value: 10}}
    targets:
      2025: {{target: ">= 90", quote: "{quoted}"}}
""",
    )
    actuals = write(
        "actuals.yaml",
        f"""dxcheck: actuals/1
year: 2023
region: hostile
values:
  gov.online: {{value: 50, quote: "{quoted}"}}
""",
    )
    run = dx("compare", plan, actuals, "--format", "html")
    assert run.code == 0, run
    assert "<script" not in run.out.lower()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &#34; &#39; &amp;"
    # the page's title, its heading, the name, both quotes, and the chart's title, escaped by its own code
    assert run.out.count(escaped) == 6
    assert f"{escaped} (gov.online)</title>" in run.out


@pytest.mark.parametrize(
    "text", ["", "plain", "Tỷ lệ «gần» 99,66%", "<b>x</b> \" ' &amp; &", "&&<<>>''\"\"", "a\x00b"]
)
def test_the_page_escapes_text_exactly_as_markupsafe(text: str) -> None:
    import markupsafe

    assert escape(text) == str(markupsafe.escape(text))


# --- jinja2 only for html --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "loads"), [("json", False), ("table", False), ("html", True)])
def test_jinja2_is_imported_only_for_the_html_format(name: str, loads: bool) -> None:
    probe = (
        "import sys\n"
        "from dxcheck.cli import main\n"
        "try:\n"
        f"    main(['compare', *{list(SHIPPED)!r}, '--format', {name!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(repr(sorted(m for m in ('jinja2', 'markupsafe') if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stderr.endswith("['jinja2', 'markupsafe']" if loads else "[]"), done.stderr


# --- words and numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "vi", "en"),
    [
        (Measure(Decimal("99.66")), "99,66", "99.66"),
        (Measure(Decimal(98), bound=Op.GT), "> 98", "> 98"),
        (Measure(Decimal("82.2"), bound=Op.GE), "≥ 82,2", ">= 82.2"),
        (Measure(Decimal(2700000), approximate=True), "ước 2.700.000", "~2,700,000"),
        (Measure(Decimal("25.8"), high=Decimal("28.56")), "25,8–28,56", "25.8–28.56"),
    ],
)
def test_a_chart_s_figures_are_written_the_language_s_way(measure: Measure, vi: str, en: str) -> None:
    assert measure_text(measure, "vi") == vi
    assert measure_text(measure, "en") == en


def test_a_chart_draws_the_required_path_and_the_current_pace_from_the_progress_ratio_s_points(
    dx: Callable[..., Run],
) -> None:
    text = dx("compare", *FIXTURE, "--format", "html").out
    # gov.online: baseline 40 in 2022, 70 in 2024, target 90 in 2025 (p = 1.04)
    online = text.split("(gov.online)</title>", 1)[1].split("</svg>", 1)[0]
    assert "Mục tiêu 2025: ≥ 90. Mốc cơ sở 2022: 40. Số liệu theo năm: 2023: 50; 2024: 70." in online
    assert "Lộ trình cần đạt: từ 40 năm 2022 đến 90 năm 2025" in online
    # 70 × (70/40)^(1/2) = 92.60: the observed compound rate carried on a year
    assert "Theo tốc độ hiện tại: 92,6 vào năm 2025" in online
    path = re.search(r'<g class="path"><title>[^<]*</title><polyline class="line" points="([^"]+)"/>', online)
    pace = re.search(r'<g class="pace"><title>[^<]*</title><polyline class="line" points="([^"]+)"/>', online)
    assert path is not None and pace is not None
    assert len(path[1].split()) == 4  # 2022, 2023, 2024, 2025
    assert len(pace[1].split()) == 2  # 2024 to 2025
    assert (
        pace[1].split()[-1].split(",")[0] == path[1].split()[-1].split(",")[0]
    )  # both end at the target year


# --- the chart's geometry --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("40", "90", ["40", "60", "80", "100"]),
        ("99.66", "100", ["99.6", "99.7", "99.8", "99.9", "100"]),
        ("0", "1", ["0", "0.25", "0.5", "0.75", "1"]),
        ("5", "5", ["4.5", "4.75", "5", "5.25", "5.5"]),  # one value: a tenth of it either side
        ("-3", "7", ["-5", "-2.5", "0", "2.5", "5", "7.5"]),
    ],
)
def test_axis_ticks_are_round_numbers_covering_the_values(low: str, high: str, expected: list[str]) -> None:
    found = ticks(Decimal(low), Decimal(high))
    assert found == [Decimal(value) for value in expected]
    assert found[0] <= Decimal(low) and found[-1] >= Decimal(high)


def test_a_count_or_a_rank_has_whole_ticks() -> None:
    assert ticks(Decimal(5), Decimal(5), whole=True) == [Decimal(4), Decimal(5), Decimal(6)]
    assert ticks(Decimal(15), Decimal(16), whole=True) == [Decimal(15), Decimal(16)]


def _numbers_in_attributes(svg: str) -> list[str]:
    return [
        n
        for value in re.findall(r'\s(?:x1|x2|y1|y2|cx|cy|x|y|width|height|points)="([^"]+)"', svg)
        for n in re.split(r"[ ,]", value)
    ]


def _chart(**parts: object) -> str:
    defaults: dict[str, object] = {"key": "k", "title": "T <b>", "description": "D & d"}
    return draw(Chart(**{**defaults, **parts}), str)  # type: ignore[arg-type]


def test_a_chart_places_years_and_values_and_writes_one_decimal_per_coordinate() -> None:
    svg = _chart(
        figures=(
            Mark(2020, Decimal(10), Decimal(10), Decimal(10), "a"),
            Mark(2022, Decimal(30), Decimal(30), Decimal(30), "b"),
        ),
        targets=((2022, (Decimal(40),), "t"),),
    )
    # three years over the plot (48 to 348): 2020 at the middle of the first third
    assert '<circle class="dot" cx="98.0" cy="148.0" r="4"/>' in svg  # 10 on the axis 10..40
    assert '<circle class="dot" cx="298.0" cy="56.0" r="4"/>' in svg
    assert '<text class="year" x="198.0" y="164">2021</text>' in svg
    for number in _numbers_in_attributes(svg):
        assert re.fullmatch(r"-?\d+(\.\d)?", number), number
    assert svg.startswith(f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}"')
    assert '<title id="k-t">T &lt;b&gt;</title><desc id="k-d">D &amp; d</desc>' in svg


def test_figures_known_as_intervals_are_whiskers_arrows_hollow_or_ringed() -> None:
    svg = _chart(
        figures=(
            Mark(2021, Decimal(20), Decimal(20), None, "more than 20"),  # `> 20` of a count: no upper end
            Mark(2022, None, Decimal(25), Decimal(28), "25..28"),
            Mark(2023, Decimal(30), Decimal("28.5"), Decimal("31.5"), "~30", hollow=True),
            Mark(2024, Decimal(35), Decimal(35), Decimal(35), "35 to 30 September", provisional=True),
        )
    )
    figures = re.findall(r'<g class="figure"><title>([^<]*)</title>(.*?)</g>', svg)
    assert [label for label, _ in figures] == ["more than 20", "25..28", "~30", "35 to 30 September"]
    bound, ranged, approximate, provisional = (body for _, body in figures)
    assert "<polygon" in bound and '<circle class="dot"' in bound  # an arrow up from its number
    assert (
        "<polygon" not in ranged and "<circle" not in ranged and ranged.count("<line") == 3
    )  # capped whisker
    assert '<circle class="hollow"' in approximate and approximate.count("<line") == 3
    assert '<circle class="provisional"' in provisional and "<line" not in provisional


def test_the_legend_draws_each_glyph_as_the_charts_do() -> None:
    text = legend([("hollow", "ước <tính>"), ("pace", "pace")])
    assert text.count("<li>") == 2
    assert '<circle class="hollow" cx="10" cy="7" r="4"/>' in text
    assert "ước &lt;tính&gt;" in text


def test_docs_list_every_word_of_the_page_with_its_vietnamese() -> None:
    docs = (ROOT / "docs" / "vietnamese.md").read_text(encoding="utf-8").split("## The HTML report", 1)[1]
    vi = i18n.gettext_for("vi")
    for word in page_words(str).values():
        assert f"| {word} | {vi(word)} |" in docs, f"docs/vietnamese.md lacks the page's word {word!r}"


def test_an_indicator_s_targets_share_one_chart_that_marks_each_and_the_path_of_the_next_due(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write(
        "plan.yaml",
        "dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n"
        "  - {id: a.share, name: Share, unit: percent, baseline: {year: 2020, value: 40},\n"
        "     targets: {2023: '>= 50', 2025: '>= 80', 2030: '>= 95'}}\n",
    )
    actuals = write("actuals.yaml", "dxcheck: actuals/1\nyear: 2023\nregion: r\nvalues:\n  a.share: 60\n")
    run = dx("compare", plan, actuals, "--format", "html", "--lang", "en")
    assert run.code == 0, run
    articles = re.findall(r"<article .*?</article>", run.out, re.DOTALL)
    assert len(articles) == 1  # three targets, one indicator
    (article,) = articles
    assert article.count("<svg") == 1
    assert article.count('<dl class="target') == 3
    targets = re.findall(r'<g class="target"><title>([^<]*)</title>', article)
    assert targets == ["Target 2023: &gt;= 50", "Target 2025: &gt;= 80", "Target 2030: &gt;= 95"]
    # 2023 is due and met; the path and the pace are those of 2025, the next target the ratio measures
    assert "<title>Required path: 40 in 2020 to 80 in 2025</title>" in article
    assert "<title>Current pace: 78.62 in 2025</title>" in article  # 60 × (60/40)^(2/3)
    assert (
        "Target 2023: &gt;= 50. Target 2025: &gt;= 80. Target 2030: &gt;= 95. Baseline 2020: 40." in article
    )


def test_a_page_draws_each_kind_of_figure_as_the_legend_says(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write(
        "plan.yaml",
        """dxcheck: plan/1
id: kinds
region: r
title: Kinds
indicators:
  - {id: a.bound, name: Bound, unit: count, targets: {2025: ">= 10"}}
  - {id: a.range, name: Range, unit: percent, targets: {2025: ">= 90"}}
  - {id: a.approximate, name: Approximate, unit: percent, targets: {2025: ">= 40"}}
  - {id: a.provisional, name: Provisional, unit: percent, targets: {2024: ">= 50"}}
""",
    )
    actuals = write(
        "actuals.yaml",
        """dxcheck: actuals/1
year: 2024
region: r
values:
  a.bound: "> 5"
  a.range: "81..86"
  a.approximate: "~35 ±2"
  a.provisional: {value: 45, as_of: 2024-09-30}
""",
    )
    run = dx("compare", plan, actuals, "--format", "html", "--lang", "en")
    assert run.code == 1, run  # the part-year figure misses its target
    found = re.findall(r"<title id=\"c\d+-t\">(\w+) \(a\.\w+\)[^<]*</title>(.*?)</svg>", run.out)
    charts: dict[str, str] = dict(found)
    assert set(charts) == {"Bound", "Range", "Approximate", "Provisional"}
    # more than 5, of a count: an arrow up from 5, no upper end
    assert "<title>2024: &gt; 5</title>" in charts["Bound"] and "<polygon" in charts["Bound"]
    # 81..86: a capped whisker, no dot
    ranged = charts["Range"].split("<title>2024: 81–86</title>", 1)[1]
    assert ranged.count("<line") == 3 and "<circle" not in ranged
    assert '<circle class="hollow"' in charts["Approximate"]  # ~35 ±2, whiskers at 33 and 37
    assert "<title>2024: ~35</title>" in charts["Approximate"]
    assert '<circle class="provisional"' in charts["Provisional"]
    assert "<title>2024: 45 (as of 2024-09-30)</title>" in charts["Provisional"]


def test_the_current_pace_of_a_percent_stops_at_100(
    dx: Callable[..., Run], write: Callable[[str, str], str]
) -> None:
    plan = write(
        "plan.yaml",
        "dxcheck: plan/1\nid: p\nregion: r\ntitle: t\nindicators:\n"
        "  - {id: a.share, name: Share, unit: percent, baseline: {year: 2020, value: 10},\n"
        "     targets: {2030: 95}}\n",
    )
    actuals = write("actuals.yaml", "dxcheck: actuals/1\nyear: 2022\nregion: r\nvalues:\n  a.share: 60\n")
    run = dx("compare", plan, actuals, "--format", "html", "--lang", "en")
    assert run.code == 0, run
    # 10 to 60 in two years compounds to 2,160 % by 2030; a share cannot pass 100 %
    assert "Current pace: 100 in 2030" in run.out
    assert "Required path: 10 in 2020 to 95 in 2030" in run.out


def test_pieces_are_joined_into_chunks_of_at_least_the_size() -> None:
    assert list(chunks(["ab", "c", "def", "g"], 3)) == ["abc", "def", "g"]
    assert list(chunks([], 3)) == []


def test_a_check_s_page_draws_each_plan_only_when_the_page_reaches_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report, drawn = check("tests/data/.repo"), []
    real = html._plan

    def counted(*args: Any) -> dict[str, Any]:
        drawn.append(args[0].plan_id)
        return real(*args)

    monkeypatch.setattr(html, "_plan", counted)
    monkeypatch.setattr(html, "CHUNK", 1)
    pieces = render_pieces("html", report, RenderOptions())
    first = next(pieces)
    assert first.startswith("<!DOCTYPE html>")
    assert drawn == []  # the page's head is written before any plan is drawn
    rest = "".join(pieces)
    assert drawn == [result.plan_id for result in report.results]
    monkeypatch.setattr(html, "CHUNK", 1 << 16)
    assert first + rest == render("html", report, RenderOptions())
