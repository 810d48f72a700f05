"""The HTML report in a real browser: Debian's Chromium renders it headless to PNG and PDF.

``.ci/install-chromium`` installs Chromium on CI; when it is missing here the test runs that
script once, and skips only if Chromium still cannot be had.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, TODAY, run_cli
from tests.readiness.conftest import TRAIL_CONTROLS, make_gap_saas, make_trail_program

pytestmark = pytest.mark.slow

WIDTH, HEIGHT = 1280, 2000


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        installer = REPO / ".ci" / "install-chromium"
        subprocess.run(["bash", str(installer)], check=False, timeout=900)
        found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed and could not be installed")
    return found


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (checks every chunk's CRC)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    return width, height, zlib.decompress(idat)


def png_rows(data: bytes) -> list[bytes]:
    """The PNG's rows of RGB (or RGBA) pixels, with the scanline filters undone (PNG spec,
    section 9: None, Sub, Up, Average, Paeth)."""
    width, height, raw = png_pixels(data)
    bpp = (len(raw) // height - 1) // width
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1 : position + 1 + stride])
        position += 1 + stride
        if kind == 2:
            line = bytearray((x + b) & 255 for x, b in zip(line, previous, strict=True))
        elif kind:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                if kind == 1:
                    line[i] = (line[i] + a) & 255
                elif kind == 3:
                    line[i] = (line[i] + (a + b) // 2) & 255
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
                    line[i] = (line[i] + predictor) & 255
        rows.append(bytes(line))
        previous = line
    assert bpp in (3, 4)
    return [bytes(row[i] for i in range(len(row)) if bpp == 3 or i % 4 != 3) for row in rows]


def pixels_of(rows: list[bytes], colour: str) -> int:
    """How many pixels have exactly this colour ('0b6e4f')."""
    target = bytes.fromhex(colour)
    return sum(1 for row in rows for i in range(0, len(row), 3) if row[i : i + 3] == target)


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


def render(tmp_path: Path, root: Path) -> Path:
    out = tmp_path / "report.html"
    run = run_cli("report", root, "--format", "html", "--today", TODAY, "--output", out)
    assert run.exit_code == 0, run.stderr
    return out


@pytest.mark.parametrize("example", ["saas", "fintech", "gaps"])
def test_chromium_renders_the_report_to_png(browser: str, tmp_path: Path, example: str) -> None:
    root = make_gap_saas(tmp_path / "gaps") if example == "gaps" else EXAMPLES / example
    page = render(tmp_path, root)
    png = tmp_path / "report.png"
    run = headless(
        browser,
        tmp_path / "profile",
        "--hide-scrollbars",
        f"--screenshot={png}",
        f"--window-size={WIDTH},{HEIGHT}",
        page.as_uri(),
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert len(data) > 50_000
    width, height, pixels = png_pixels(data)
    assert (width, height) == (WIDTH, HEIGHT)
    # A rendered page, not a blank one: many distinct byte values across the image, and the
    # dark masthead at the top differs from the light page below it.
    assert len(set(pixels)) > 200
    stride = len(pixels) // height
    assert (
        pixels[40 * stride + 4 * 100 : 40 * stride + 4 * 110]
        != pixels[1900 * stride + 4 * 10 : 1900 * stride + 4 * 20]
    )


def test_chromium_parses_the_figures_and_escaped_titles(browser: str, tmp_path: Path) -> None:
    page = render(tmp_path, make_gap_saas(tmp_path / "gaps"))
    run = headless(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    dom = run.stdout.decode("utf-8")
    assert "Not ready: 1 criterion uncovered, 1 criterion covered but untested" in dom
    assert '<span class="value">35 <small>/ 36</small></span>' in dom
    assert "<script>" not in dom
    assert "&lt;script&gt;alert" in dom


def test_chromium_prints_the_report_to_pdf(browser: str, tmp_path: Path) -> None:
    page = render(tmp_path, EXAMPLES / "fintech")
    pdf = tmp_path / "report.pdf"
    run = headless(
        browser,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    # Two reports, 40 control cards: many A4 pages.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 5


TIMELINE_COLOURS = {
    "0b6e4f": "evidence in the period",
    "a8320f": "evidence outside it",
    "3346b8": "a sampled span",
}
"""The stylesheet's --tl-in, --tl-out and --tl-span: only the timeline drawing uses them."""


def test_chromium_draws_the_evidence_timeline(browser: str, tmp_path: Path) -> None:
    """The timeline is painted (its markers and bars, in the colours only it uses) and, in
    the DOM Chromium built, is an image with a title and a description in words."""
    painted = {}
    for name, dated in (("trail", True), ("undated", False)):
        root = make_trail_program(tmp_path / name)
        if not dated:  # the same program without evidence dates or sampled spans
            controls = root / "controls" / "access.yaml"
            lines = controls.read_text(encoding="utf-8").splitlines(keepends=True)
            kept = [line for line in lines if "as_of:" not in line and "covers:" not in line]
            controls.write_text("".join(kept), encoding="utf-8")
        page = render(tmp_path / f"{name}-report", root)
        png = tmp_path / f"{name}.png"
        run = headless(
            browser,
            tmp_path / "profile",
            "--hide-scrollbars",
            f"--screenshot={png}",
            "--window-size=1280,6000",
            page.as_uri(),
        )
        assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
        rows = png_rows(png.read_bytes())
        painted[name] = {colour: pixels_of(rows, colour) for colour in TIMELINE_COLOURS}
    assert "as_of:" in TRAIL_CONTROLS and "covers:" in TRAIL_CONTROLS
    assert painted["undated"] == dict.fromkeys(TIMELINE_COLOURS, 0)
    for colour, what in TIMELINE_COLOURS.items():
        assert painted["trail"][colour] >= 20, f"{what} is not drawn: {painted}"
    page = tmp_path / "trail-report" / "report.html"
    run = headless(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    dom = run.stdout.decode("utf-8")
    assert 'role="img"' in dom
    assert (
        '<title id="timeline-AC-01-soc2-2026-t">Evidence timeline of AC-01: soc2-2026, period '
        "2026-01-01 to 2026-06-30; evidence: 1 before the period, 1 in the period, 1 after the "
        "period, 1 undated</title>"
    ) in dom
    assert "2025-12-15 before the period: evidence/ac/review-2025-q4.csv; " in dom
    assert "<figcaption>Evidence timeline, soc2-2026, period 2026-01-01 to 2026-06-30" in dom
