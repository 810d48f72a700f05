"""``soccheck report``: options, output files, exit codes."""

from __future__ import annotations

import os
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
    assert proc.stdout.startswith("\ufeffControl ID,".encode())
    assert proc.stdout.count(b"\r\n") == 21


def test_overwriting_keeps_the_files_permissions(tmp_path: Path) -> None:
    out = tmp_path / "matrix.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    run = run_cli("report", EXAMPLES / "saas", "-f", "csv", "-o", out, "--today", TODAY)
    assert run.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8-sig").startswith("Control ID,")


def test_a_report_with_gaps_still_exits_0(gap_saas: Path) -> None:
    run = run_cli("report", gap_saas, "--today", TODAY)
    assert run.exit_code == 0
    assert "Not ready:" in run.stdout


def test_report_option_selects_one_report() -> None:
    run = run_cli("report", EXAMPLES / "fintech", "--report", "soc2-2026", "--today", TODAY)
    assert run.exit_code == 0
    assert "soc2-2026 (SOC 2 Type 2)" in run.stdout
    assert "soc1-2026" not in run.stdout
    assert ", 27 controls" in run.stdout.splitlines()[1]


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


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    run = run_cli("report", EXAMPLES / "saas", "-o", tmp_path / "no" / "such" / "dir.txt")
    assert run.exit_code == 2
    assert "cannot write" in run.stderr


def test_report_never_writes_to_the_program(tmp_path: Path, gap_saas: Path) -> None:
    before = {p: p.read_bytes() for p in gap_saas.rglob("*") if p.is_file()}
    for fmt in ("text", "markdown", "html", "csv"):
        assert run_cli("report", gap_saas, "-f", fmt, "-o", tmp_path / f"r.{fmt}").exit_code == 0
    assert {p: p.read_bytes() for p in gap_saas.rglob("*") if p.is_file()} == before


def test_cli_import_does_not_load_the_report_modules() -> None:
    code = (
        "import sys, soccheck.cli\n"
        "loaded = [m for m in sys.modules if m.startswith('soccheck.report')]\n"
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
