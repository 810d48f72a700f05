"""docs/reports.md and its screenshot must stay true."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from soccheck.readiness.csv_matrix import COLUMNS
from tests.conftest import REPO, TODAY, run_cli, write_program
from tests.readiness.conftest import TRAIL_SYSTEM

DOC = REPO / "docs" / "reports.md"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_csv_column_is_documented() -> None:
    documented = set()
    for line in _doc().splitlines():
        if line.startswith("| ") and "column" not in line:
            documented |= {c.strip() for c in line.split("|")[1].split(",")}
    assert set(COLUMNS) <= documented


def test_the_csv_columns_are_documented_in_their_order() -> None:
    """The matrix is read by position, so the documented order is a contract: the table of
    the csv section lists the columns in the order they are written, and says how many."""
    section = _doc().split("### `csv`", 1)[1].split("\n## ", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("| ")][1:]
    listed = [c.strip() for line in table for c in line.split("|")[1].split(",")]
    assert tuple(listed) == COLUMNS
    assert f"In all there are {len(COLUMNS)} columns: {COLUMNS[0]} is the first, " in section
    assert f"{COLUMNS[-1]} the last." in section


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


def test_audit_trail_example_is_what_the_reports_say(tmp_path: Path) -> None:
    """The control in "The audit trail" gives the text and Markdown the page shows."""
    text = _doc()
    start = text.index("<!-- audit-trail-example")
    blocks = re.findall(r"```(yaml|text|markdown)\n(.*?)```", text[start:], re.S)[:3]
    assert [kind for kind, _ in blocks] == ["yaml", "text", "markdown"]
    (_, controls), (_, shown), (_, table) = blocks
    root = write_program(tmp_path / "prog", {"access.yaml": controls}, system=TRAIL_SYSTEM)
    run = run_cli("report", root, "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    section = run.stdout[run.stdout.index("\nAudit trail\n") :]
    assert f"\n\n{shown}\n" in section
    run = run_cli("report", root, "--format", "markdown", "--today", TODAY)
    assert f"\n{table}" in run.stdout
