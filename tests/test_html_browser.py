"""The HTML report in a real browser: headless Chromium shows the Vietnamese status words, draws a page
that is not blank, and prints it to PDF with a page per pillar.

It needs Chromium: `.ci/run` installs it; elsewhere `apt-get install chromium` (Debian, Ubuntu), or
point DXCHECK_CHROMIUM at a Chromium or Chrome binary. Without one these tests fail, never skip, so
that a run without the browser cannot pass for a run with it.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import ROOT
from dxcheck import load_actuals, load_plan
from dxcheck.pipeline import compare_report
from dxcheck.reporters import RenderOptions, render

FIXTURE = ("tests/fixtures/plan.yaml", "tests/fixtures/actuals-2023.yaml", "tests/fixtures/actuals-2024.yaml")
# a browser that stays offline and leaves nothing behind but its own profile folder
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WIDTH, HEIGHT = 1200, 1600


def chromium() -> str:
    """The browser: $DXCHECK_CHROMIUM, else chromium on the PATH; a failure that says how to get one."""
    given = os.environ.get("DXCHECK_CHROMIUM")
    found = given or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).is_file():
        pytest.fail(
            f"no Chromium found{f' at DXCHECK_CHROMIUM={given}' if given else ' on the PATH'}:"
            " the HTML report's browser test needs one. Install it with `apt-get install chromium`"
            " (Debian/Ubuntu; .ci/run does this), or set DXCHECK_CHROMIUM=/path/to/chromium",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo fixture's report in Vietnamese, as a file the browser opens."""
    path = tmp_path_factory.mktemp("html") / "report.html"
    plan, *actuals = FIXTURE
    found = compare_report(load_plan(str(ROOT / plan)), [load_actuals(str(ROOT / one)) for one in actuals])
    path.write_text(render("html", found, RenderOptions(lang="vi")), encoding="utf-8")
    return path


def browse(report: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = report.parent / "profile"
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, report.as_uri()]
    # the timeout only keeps a hung browser from hanging the run; nothing here is timed
    done = subprocess.run(command, capture_output=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done


def test_the_rendered_page_shows_the_vietnamese_status_words(report: Path) -> None:
    dom = browse(report, "--dump-dom").stdout.decode()
    for words in ("Tổng hợp theo trụ cột", "Đạt", "Không đạt", "Vượt", "Có khả năng hoàn thành"):
        assert words in dom, words
    assert dom.count('role="img"') == 8  # every chart (one an indicator with a numeric target) made it in
    assert "<title" in dom and "&lt;script" not in dom


def _png(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and the decompressed (still filtered) image data of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks: dict[bytes, list[bytes]] = {}
    at = 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunks.setdefault(kind, []).append(data[at + 8 : at + 8 + size])
        at += 12 + size
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
    assert depth == 8, depth
    channels = {2: 3, 6: 4}[colour]  # RGB or RGBA: what Chromium writes
    return width, height, channels, zlib.decompress(b"".join(chunks[b"IDAT"]))


def _unfilter(pixels: bytes, stride: int, channels: int, count: int) -> list[bytes]:
    """The first `count` rows of pixels, undoing PNG's per-row filters (None, Sub, Up, Average, Paeth)."""
    rows: list[bytes] = []
    above = bytearray(stride - 1)
    for i in range(count):
        kind, line = pixels[i * stride], bytearray(pixels[i * stride + 1 : (i + 1) * stride])
        for j in range(len(line)):
            left = line[j - channels] if j >= channels else 0
            up, corner = above[j], (above[j - channels] if j >= channels else 0)
            if kind == 1:
                line[j] = (line[j] + left) & 0xFF
            elif kind == 2:
                line[j] = (line[j] + up) & 0xFF
            elif kind == 3:
                line[j] = (line[j] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner)
                )
                line[j] = (line[j] + near[2]) & 0xFF
        rows.append(bytes(line))
        above = line
    return rows


def test_the_screenshot_has_the_window_s_size_and_is_not_blank(report: Path) -> None:
    shot = report.parent / "report.png"
    browse(report, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars")
    width, height, channels, pixels = _png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    stride = 1 + width * channels  # each row: its filter byte, then its pixels
    assert len(pixels) == height * stride
    rows = {pixels[i * stride : (i + 1) * stride] for i in range(height)}
    # a blank page compresses to a handful of identical rows; text, tables and charts give hundreds
    assert len(rows) > 200, len(rows)
    # the top of the page, decoded: white paper, text, and the summary's badges in their own colours
    top = _unfilter(pixels, stride, channels, 700)
    colours = {row[j : j + 3] for row in top for j in range(0, len(row), channels)}
    assert len(colours) > 50, len(colours)
    for name, rgb in (("paper", "ffffff"), ("pass", "dcfce7"), ("warn", "fef9c3"), ("fail", "fee2e2")):
        assert bytes.fromhex(rgb) in colours, f"no {name} colour #{rgb} on the page"


def test_the_report_prints_to_pdf_with_a_page_per_pillar(report: Path) -> None:
    pdf = report.parent / "report.pdf"
    browse(report, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    pillars = report.read_text(encoding="utf-8").count('<section class="pillar">')
    assert pillars == 7
    assert pages >= 1 + pillars  # the summary, then each pillar from a new page
