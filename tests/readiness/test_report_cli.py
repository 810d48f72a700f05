"""``soccheck report``: options, output files, exit codes."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, TODAY, run_cli


def test_help_describes_the_command() -> None:
    run = run_cli("report", "--help")
    assert run.exit_code == 0
    for option in ("--format", "--output", "--report", "--today", "--config"):
        assert option in run.stdout
    assert "text|markdown|html|csv" in run.stdout


def test_default_is_text_for_the_current_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "saas")
    run = run_cli("report", "--today", TODAY)
    assert run.exit_code == 0
    assert run.stdout.startswith("Readiness report: Skyline Insights Platform\n")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv"])
def test_output_file_holds_exactly_what_stdout_shows(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    args = ("report", EXAMPLES / "fintech", "--format", fmt, "--today", TODAY)
    run = run_cli(*args, "--output", out)
    assert run.exit_code == 0
    assert run.stdout == ""
    assert run.stderr == f"wrote {out}\n"
    direct = subprocess.run(
        [sys.executable, "-m", "soccheck", *map(str, args)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert out.read_bytes() == direct.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name], "no temporary files left"


def test_csv_on_stdout_keeps_its_bom_and_crlf() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "soccheck", "report", str(EXAMPLES / "saas"), "-f", "csv"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "latin-1"},
        check=True,
    )
    assert proc.stdout.startswith('\ufeff"Control ID","Control title",'.encode())
    assert proc.stdout.count(b"\r\n") == 21


def test_overwriting_keeps_the_files_permissions(tmp_path: Path) -> None:
    out = tmp_path / "matrix.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    run = run_cli("report", EXAMPLES / "saas", "-f", "csv", "-o", out, "--today", TODAY)
    assert run.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8-sig").startswith('"Control ID",')


def test_a_report_with_gaps_still_exits_0(gap_saas: Path) -> None:
    run = run_cli("report", gap_saas, "--today", TODAY)
    assert run.exit_code == 0
    assert "Not ready:" in run.stdout


def test_report_option_selects_one_report() -> None:
    run = run_cli("report", EXAMPLES / "fintech", "--report", "soc2-2026", "--today", TODAY)
    assert run.exit_code == 0
    assert "soc2-2026 (SOC 2 Type 2)" in run.stdout
    # The SOC 1 report is left out; the SOC 2 report names it only where it says why OPS-04
    # is out of its scope.
    assert "soc1-2026 (SOC 1 Type 2)" not in run.stdout
    assert [line for line in run.stdout.splitlines() if "soc1-2026" in line] == [
        "  Scoped out: OPS-04 (reports: soc1-2026)"
    ]
    assert ", 26 controls" in run.stdout.splitlines()[1]


def test_config_option_is_honoured(gap_saas: Path, tmp_path: Path) -> None:
    config = tmp_path / "quiet.yaml"
    config.write_text("rules:\n  test-exceptions: 'off'\n", encoding="utf-8")
    plain = run_cli("report", gap_saas, "-f", "markdown", "--today", TODAY)
    assert "test-exceptions" in plain.stdout
    quiet = run_cli("report", gap_saas, "-f", "markdown", "--today", TODAY, "--config", config)
    assert quiet.exit_code == 0
    assert "test-exceptions" not in quiet.stdout


def test_today_moves_the_evaluation_date() -> None:
    early = run_cli("report", EXAMPLES / "saas", "--today", "2026-05-01")
    assert early.exit_code == 0
    assert early.stdout.splitlines()[1].startswith("As of 2026-05-01 ")
    # Tests dated after May are in the future then, so they count for nothing yet.
    assert "Not ready:" in early.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--report", "soc3"], "no report 'soc3' in system.yaml (known: soc2-2026)"),
        (["--format", "pdf"], "Invalid value for '-f' / '--format'"),
        (["--today", "26-11-20"], "is not a date written YYYY-MM-DD"),
        (["--config", "missing.yaml"], "config file missing.yaml does not exist"),
    ],
)
def test_usage_and_setup_errors_exit_2(args: list[str], message: str) -> None:
    run = run_cli("report", EXAMPLES / "saas", *args)
    assert run.exit_code == 2
    assert message in run.stderr
    assert run.stdout == ""


def test_missing_root_and_unloadable_system_exit_2(
    tmp_path: Path, program: Callable[..., Path]
) -> None:
    missing = run_cli("report", tmp_path / "nowhere")
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr
    broken = program(system="name: [unclosed\n")
    run = run_cli("report", broken)
    assert run.exit_code == 2
    assert "system description system.yaml could not be loaded" in run.stderr
    assert "soccheck validate" in run.stderr


def test_output_directory_is_created_and_unwritable_output_exits_2(tmp_path: Path) -> None:
    nested = tmp_path / "out" / "2026" / "readiness.md"
    run = run_cli("report", EXAMPLES / "saas", "-f", "markdown", "-o", nested)
    assert run.exit_code == 0
    assert nested.read_text(encoding="utf-8").startswith("# Readiness report:")
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    run = run_cli("report", EXAMPLES / "saas", "-o", blocker / "report.txt")
    assert run.exit_code == 2
    assert f"cannot write the text report to {blocker / 'report.txt'}" in run.stderr


def test_report_never_writes_to_the_program(tmp_path: Path, gap_saas: Path) -> None:
    before = {p: p.read_bytes() for p in gap_saas.rglob("*") if p.is_file()}
    for fmt in ("text", "markdown", "html", "csv"):
        assert run_cli("report", gap_saas, "-f", fmt, "-o", tmp_path / f"r.{fmt}").exit_code == 0
    assert {p: p.read_bytes() for p in gap_saas.rglob("*") if p.is_file()} == before


def test_cli_import_does_not_load_the_report_modules() -> None:
    code = (
        "import sys, soccheck.cli.main\n"
        "loaded = [m for m in sys.modules if m.startswith('soccheck.readiness')]\n"
        "assert not loaded, loaded\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


WAIVERS = """\
waivers:
  - rule: untested-control
    subject: AV-02
    reason: The H2 restore test moved to December after the region migration.
    approved_by: maya.chen
    expires: 2026-12-31
    ticket: PLAT-412
  - rule: unselected-criterion
    subject: CC9.2
    reason: Vendor reviews move to the new GRC tool; mapped again in Q1.
    approved_by: maya.chen
    expires: 2026-12-31
"""


def test_waivers_from_the_configuration_show_as_waived(gap_saas: Path) -> None:
    # Keep the example's own waiver (examples/saas/soccheck.yaml) and add two more.
    config = gap_saas / "soccheck.yaml"
    existing = config.read_text(encoding="utf-8")
    config.write_text(existing + WAIVERS.split("\n", 1)[1], encoding="utf-8")
    assert run_cli("validate", gap_saas, "--today", TODAY).exit_code == 0
    text = run_cli("report", gap_saas, "--today", TODAY).stdout
    # Gaps accepted by waivers are named in the headline, never called plain "Ready".
    headline = (
        "Ready only with waivers: 1 of 20 controls untested under waiver, 1 criterion "
        "untested under waiver, 1 criterion uncovered under waiver; no errors are open "
        "(1 warning to review)."
    )
    assert headline in text
    assert "Ready: " not in text
    assert "  Untested, waived: AV-02\n" in text
    assert re.search(r"^  A1\.3 +waived +AV-02 ", text, re.M)
    assert re.search(r"^  CC9\.2 +waived +- ", text, re.M)
    assert "    A1.3: The H2 restore test moved to December after the region migration.\n" in text
    assert "    CC9.2: Vendor reviews move to the new GRC tool; mapped again in Q1.\n" in text
    markdown = run_cli("report", gap_saas, "-f", "markdown", "--today", TODAY).stdout
    assert "## Waived findings (3)" in markdown
    assert f"**{headline}**" in markdown
    html = run_cli("report", gap_saas, "-f", "html", "--today", TODAY).stdout
    assert f'<p class="verdict ready-with-waivers">{headline}</p>' in html
    assert ">Ready<" not in html
    assert "until 2026-12-31 by maya.chen, PLAT-412: The H2 restore test moved" in markdown
    # Once the waivers expire the gaps are open again.
    late = run_cli("report", gap_saas, "--today", "2027-01-04").stdout
    assert "Not ready: 1 criterion uncovered, 1 criterion covered but untested" in late


def test_the_broken_example_reports_every_gap() -> None:
    run = run_cli("report", EXAMPLES / "broken", "--today", TODAY)
    assert run.exit_code == 0
    text = run.stdout
    # Issue 15's errors and issue 16's together; CC9.2 is covered from February (CHG-01),
    # a coverage-gap rather than an uncovered criterion.
    assert "Not ready: 2 criteria uncovered, 1 control untested, 33 open errors." in text
    assert re.search(r"^  Criteria covered +33 / 35 \(1 not applicable\) +94%$", text, re.M)
    assert (
        "Period 2026-06-30 to 2026-01-01; no test can count: the report has no valid period."
        in (text)
    )
    assert "No test can count: the report has no valid as_of date." in text
    for fmt in ("markdown", "html", "csv"):
        assert run_cli("report", EXAMPLES / "broken", "-f", fmt, "--today", TODAY).exit_code == 0
