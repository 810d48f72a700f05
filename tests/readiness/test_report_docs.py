"""docs/reports.md and its screenshot must stay true."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from soccheck.readiness.csv_matrix import COLUMNS
from tests.conftest import REPO, TODAY, run_cli

DOC = REPO / "docs" / "reports.md"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_csv_column_is_documented() -> None:
    documented = set()
    for line in _doc().splitlines():
        if line.startswith("| ") and "column" not in line:
            documented |= {c.strip() for c in line.split("|")[1].split(",")}
    assert set(COLUMNS) <= documented


def test_every_option_and_format_is_documented() -> None:
    text = _doc()
    help_text = run_cli("report", "--help").stdout
    for option in re.findall(r"(--[a-z-]+)", help_text):
        if option != "--help":
            assert f"`{option}" in text, option
    for fmt in ("text", "markdown", "html", "csv"):
        assert f"### `{fmt}" in text


def test_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n(.*?)```", _doc(), re.S)
    assert code is not None
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), str(DOC), "exec"), namespace)
    assert str(namespace["html"]).startswith("<!DOCTYPE html>")


def test_verdict_example_is_what_the_report_says(gap_saas: Path) -> None:
    example = re.search(r"`(Not ready: [^`]+)`", _doc())
    assert example is not None
    run = run_cli("report", gap_saas, "--today", TODAY)
    assert example.group(1) in run.stdout


def test_screenshot_is_a_small_png() -> None:
    assert "](report-screenshot.png)" in _doc()
    data = (REPO / "docs" / "report-screenshot.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000 and height >= 800
    assert 20_000 < len(data) < 400_000
