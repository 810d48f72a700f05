"""Text and Markdown readiness reports: the same figures as the model, stable output."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CC, EXAMPLES, SYSTEM, TODAY, run_cli
from tests.readiness.conftest import HOSTILE_TITLE


def report(root: Path, fmt: str, *args: str) -> str:
    run = run_cli("report", root, "--format", fmt, "--today", TODAY, *args)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def table_rows(text: str, first_header: str) -> list[list[str]]:
    """Rows of the Markdown table whose first header cell is ``first_header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([c.strip() for c in cells])
    return rows


def test_text_report_for_saas() -> None:
    text = report(EXAMPLES / "saas", "text")
    lines = text.splitlines()
    assert lines[0] == "Readiness report: Skyline Insights Platform"
    assert lines[1] == "As of 2026-11-20 (soccheck " + lines[1].split("soccheck ")[1]
    assert lines[1].endswith("; 9 files, 20 controls")
    assert (
        "soc2-2026 (SOC 2 Type 2): SOC 2 Type 2 report on the Skyline Insights Platform "
        "(Security, Availability)"
    ) in lines
    assert (
        "Period 2026-01-01 to 2026-09-30; operating tests performed from 2026-01-01 to "
        "2026-12-29 count."
    ) in lines
    assert re.search(r"^  Criteria covered +36 / 36 +100%$", text, re.M)
    assert re.search(r"^  Criteria covered and tested +36 / 36 +100%$", text, re.M)
    assert re.search(r"^  Controls tested +20 / 20 in scope +100%$", text, re.M)
    assert re.search(r"^  Open findings +0 errors, 0 warnings \(1 waived\)$", text, re.M)
    rows = re.findall(r"^  ([A-Z]+\d\.\d) +(covered and tested) +(.+?)  +(.+)$", text, re.M)
    assert [r[0] for r in rows] == [*CC, "A1.1", "A1.2", "A1.3"]
    assert rows[0][2:] == (
        "HR-01, HR-02",
        "Leadership sets and upholds standards of ethical conduct",
    )


def test_text_report_lists_gaps_and_findings_by_rule(gap_saas: Path) -> None:
    text = report(gap_saas, "text")
    assert (
        "Not ready: 1 criterion uncovered, 1 criterion covered but untested, 1 control "
        "untested, 2 open errors."
    ) in text
    assert re.search(r"^  Criteria covered +35 / 36 +97%$", text, re.M)
    assert re.search(r"^  Controls tested +19 / 20 in scope +95%$", text, re.M)
    assert "  Untested controls: AV-02\n" in text
    assert re.search(
        r"Open findings by rule:\n +unselected-criterion +error +1\n +untested-control +error +1\n"
        r" +test-exceptions +warning +1\n",
        text,
    )
    assert re.search(r"^  CC9\.2 +uncovered +- +Risks from vendors", text, re.M)
    assert re.search(r"^  A1\.3 +covered but untested +AV-02 ", text, re.M)
    assert re.search(r"^  A1\.2 +covered and tested \(exceptions\) +AV-01, AV-02 ", text, re.M)


def test_text_report_neutralises_terminal_escapes(program: Callable[..., Path]) -> None:
    root = program(system=SYSTEM.replace("name: Demo SaaS", 'name: "Demo\\e[31mRED\\u0007"'))
    text = report(root, "text")
    assert "\x1b" not in text and "\x07" not in text
    assert text.splitlines()[0] == "Readiness report: Demo\\x1b[31mRED\\x07"


def test_markdown_report_for_fintech() -> None:
    text = report(EXAMPLES / "fintech", "markdown")
    assert text.startswith("# Readiness report: Harborpoint Payroll Platform\n")
    assert "## soc1-2026 (SOC 1 Type 2)" in text
    assert "## soc2-2026 (SOC 2 Type 2)" in text
    assert text.count("**Ready: every applicable") == 2
    readiness = table_rows(text, "Readiness")
    assert readiness == [
        ["Objectives covered", "10 / 10", "100%"],
        ["Objectives covered and tested", "10 / 10", "100%"],
        ["Controls tested", "25 / 25", "100%"],
        ["Open findings", "0 errors, 0 warnings", ""],
    ]
    objectives = table_rows(text, "Objective")
    assert [r[0] for r in objectives] == [f"CO-{n:02d}" for n in range(1, 11)]
    assert objectives[0][1:3] == [
        "🟩 covered and tested",
        "AC-01, AC-02, AC-03, AC-04, AC-05, AC-07, CHG-02",
    ]
    criteria = table_rows(text, "Criterion")
    assert [r[0] for r in criteria] == [*CC, "C1.1", "C1.2"]
    assert table_rows(text, "Category") == [
        ["Security", "33", "0", "0", "0", "0"],
        ["Confidentiality", "2", "0", "0", "0", "0"],
    ]
    assert "## Open findings (0)\n\nNone.\n" in text


def test_markdown_report_with_gaps_and_hostile_title(
    gap_saas: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(gap_saas.parent)  # locations are relative to the current directory
    text = report(gap_saas, "markdown")
    assert table_rows(text, "Open findings by rule") == [
        ["`unselected-criterion`", "error", "1"],
        ["`untested-control`", "error", "1"],
        ["`test-exceptions`", "warning", "1"],
    ]
    criteria = {r[0]: r for r in table_rows(text, "Criterion")}
    assert criteria["CC9.2"][1:3] == ["🟥 uncovered", "—"]
    assert criteria["A1.3"][1:3] == ["🟨 covered but untested", "AV-02"]
    assert criteria["A1.2"][1] == "🟩 covered and tested (exceptions: T-AV-01-2026)"
    findings = table_rows(text, "Location")
    assert [(r[0], r[2], r[3]) for r in findings] == [
        ("`gap-saas/controls/availability.yaml:34:17`", "`test-exceptions`", "T-AV-01-2026"),
        ("`gap-saas/controls/availability.yaml:37:5`", "`untested-control`", "AV-02"),
        ("`gap-saas/system.yaml:32:18`", "`unselected-criterion`", "CC9.2"),
    ]
    # The hostile title only appears in the HTML and CSV control views; criteria titles are
    # the catalog's. Markdown escapes what it does print from the program:
    assert "<script>" not in text
    assert HOSTILE_TITLE not in text


def test_markdown_escapes_program_text(program: Callable[..., Path]) -> None:
    root = program(system=SYSTEM.replace("name: Demo SaaS", "name: 'Demo | <img src=x> *bold*'"))
    first = report(root, "markdown").splitlines()[0]
    assert first == r"# Readiness report: Demo \| \<img src=x\> \*bold\*"


def test_reports_are_byte_for_byte_stable() -> None:
    for fmt in ("text", "markdown", "csv", "html"):
        assert report(EXAMPLES / "fintech", fmt) == report(EXAMPLES / "fintech", fmt)
