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
from tests.readiness.conftest import make_gap_saas

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
