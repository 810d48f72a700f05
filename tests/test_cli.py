"""The command line as users meet it: exit codes, formats, colour, help, version."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import soccheck
from soccheck import __version__
from soccheck.checks.checker import Options, check
from soccheck.load.program import load_program
from tests.conftest import TODAY, passing_test_block, run_cli, run_subprocess, validate_json

UNOWNED = """\
controls:
  - id: AC-01
    title: Access review
    description: Quarterly review of production access.
    criteria: [CC6.1]
    frequency: annual
""" + passing_test_block("T-AC-01")


def test_version() -> None:
    run = run_cli("--version")
    assert run.exit_code == 0
    assert run.stdout.strip() == f"soccheck, version {__version__}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["validate"],
        ["rules"],
        ["explain"],
        ["catalog"],
        ["schema"],
        ["init"],
        ["new"],
        ["new", "control"],
        ["report"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    run = run_cli(*command, "--help")
    assert run.exit_code == 0
    assert "Usage: " in run.stdout
    assert len(run.stdout.splitlines()) > 3


def test_clean_program_exits_0_with_a_summary(program: Callable[..., Path]) -> None:
    run = run_cli("validate", program(), "--today", TODAY)
    assert run.exit_code == 0
    assert run.stdout == "OK: 0 errors, 0 warnings in 2 files (1 control)\n"


def test_text_output_lines_are_path_line_col(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(program(controls={"a.yaml": UNOWNED}))
    run = run_cli("validate", "--today", TODAY)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "controls/a.yaml:2:5: error missing-owner control 'AC-01' has no owner; "
        "set 'owner' to a person or team ID"
    )
    assert lines[-1].startswith("failed: 1 error")


def test_colour_only_when_asked_or_on_a_terminal(program: Callable[..., Path]) -> None:
    root = program(controls={"a.yaml": UNOWNED})
    plain = run_cli("validate", root, "--today", TODAY)
    assert "\033[" not in plain.stdout  # the runner's stdout is not a TTY
    forced = run_cli("validate", root, "--today", TODAY, "--color", "always")
    assert "\033[1;31merror\033[0m" in forced.stdout
    never = run_cli("validate", root, "--today", TODAY, "--color", "never")
    assert "\033[" not in never.stdout


def test_no_color_is_honoured_on_a_terminal(program: Callable[..., Path]) -> None:
    """Run under a real pseudo-terminal so 'auto' would colour, then set NO_COLOR."""
    import pty
    import subprocess
    import sys

    root = program(controls={"a.yaml": UNOWNED})

    def run_on_tty(extra_env: dict[str, str]) -> str:
        main, secondary = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), **extra_env}
        env.pop("NO_COLOR", None) if "NO_COLOR" not in extra_env else None
        proc = subprocess.run(
            [sys.executable, "-m", "soccheck", "validate", str(root), "--today", TODAY],
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        os.close(main)
        assert proc.returncode == 1
        return output.decode()

    assert "\033[" in run_on_tty({})
    assert "\033[" not in run_on_tty({"NO_COLOR": "1"})


def test_json_output_follows_the_contract(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"a.yaml": UNOWNED, "b.yaml": UNOWNED}))
    data = run.json
    assert set(data) == {"tool", "findings", "summary"}
    assert data["tool"] == {"name": "soccheck", "version": __version__}
    assert set(data["summary"]) == {"errors", "warnings", "files", "controls"}
    assert data["summary"]["files"] == 4
    assert data["summary"]["controls"] == 3
    for finding in data["findings"]:
        assert set(finding) == {
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "message",
            "subject",
        }
        assert finding["severity"] in ("error", "warning")
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert isinstance(finding["column"], int) and finding["column"] >= 1
        assert "\\" not in finding["path"] and not finding["path"].startswith("/")
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in data["findings"]]
    assert keys == sorted(keys)
    assert data["summary"]["errors"] == sum(f["severity"] == "error" for f in data["findings"])


def test_missing_system_description_exits_2(tmp_path: Path) -> None:
    run = run_cli("validate", tmp_path)
    assert run.exit_code == 2
    assert "no system.yaml under" in run.stderr
    assert run.stdout == ""


def test_missing_root_exits_2(tmp_path: Path) -> None:
    run = run_cli("validate", tmp_path / "nope")
    assert run.exit_code == 2
    assert "does not exist" in run.stderr


def test_unreadable_root_exits_2(tmp_path: Path) -> None:
    """Root ignores directory modes, so as root run as another user in a user namespace."""
    import shutil
    import subprocess
    import sys

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "system.yaml").write_text("name: x\n")
    locked.chmod(0)
    command = [sys.executable, "-m", "soccheck", "validate", str(locked)]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("unshare is not available")
        command = ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]
    try:
        proc = subprocess.run(
            command,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        locked.chmod(0o755)
    if "unshare:" in proc.stderr:
        pytest.skip(f"user namespaces unavailable: {proc.stderr.strip()}")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("soccheck: error: ")
    assert "Permission denied" in proc.stderr or "permission denied" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "2026-13-01"], "is not a date written YYYY-MM-DD"),
        (["--format", "xml"], "Invalid value for '-f' / '--format'"),
        (["--select", "missing-ownr"], "did you mean 'missing-owner'?"),
        (["--bogus"], "No such option"),
    ],
)
def test_bad_options_exit_2(program: Callable[..., Path], args: list[str], message: str) -> None:
    run = run_cli("validate", program(), *args)
    assert run.exit_code == 2
    assert message in run.stderr


def test_today_changes_the_evaluation_date(program: Callable[..., Path]) -> None:
    """The same program, judged at two dates, gives reproducible results."""
    root = program()
    first = validate_json(root)
    second = validate_json(root)
    assert first.stdout == second.stdout


def test_subprocess_run_from_another_directory(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(controls={"a.yaml": UNOWNED})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY, cwd=elsewhere)
    assert run.exit_code == 1
    assert [f["rule"] for f in json.loads(run.stdout)["findings"]] == ["missing-owner"]
    assert "Traceback" not in run.stderr


def test_root_defaults_to_the_current_directory(program: Callable[..., Path]) -> None:
    root = program()
    run = run_subprocess("validate", "--today", TODAY, cwd=root)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("OK:")


def test_rules_lists_every_rule() -> None:
    from soccheck.checks.rules.registry import RULES

    run = run_cli("rules")
    assert run.exit_code == 0
    listed = [line.split()[0] for line in run.stdout.splitlines()]
    assert listed == list(RULES)
    for line in run.stdout.splitlines():
        assert re.match(r"^[a-z0-9-]+ +(error|warning) +\S", line), line


def test_explain_shows_rationale_and_example() -> None:
    run = run_cli("explain", "missing-owner")
    assert run.exit_code == 0
    assert run.stdout.startswith("missing-owner (error)")
    assert "Example that triggers it:" in run.stdout
    assert "id: AC-01" in run.stdout
    bad = run_cli("explain", "missing-ownr")
    assert bad.exit_code == 2
    assert "did you mean 'missing-owner'?" in bad.stderr


def test_catalog_lists_61_criteria_and_filters_by_category() -> None:
    run = run_cli("catalog", "--format", "json")
    data = json.loads(run.stdout)
    assert data["catalog"] == "tsc-2017"
    assert len(data["criteria"]) == 61
    counts: dict[str, int] = {}
    for criterion in data["criteria"]:
        counts[criterion["category"]] = counts.get(criterion["category"], 0) + 1
    assert counts == {
        "security": 33,
        "availability": 3,
        "processing_integrity": 5,
        "confidentiality": 2,
        "privacy": 18,
    }
    text = run_cli("catalog", "--category", "availability")
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.stdout.splitlines() if line.startswith("  ")] == [
        "A1.1",
        "A1.2",
        "A1.3",
    ]


@pytest.mark.parametrize(
    "spelling", ["processing_integrity", "processing-integrity", "Processing Integrity"]
)
def test_catalog_category_takes_the_spellings_init_takes(spelling: str) -> None:
    run = run_cli("catalog", "--category", spelling)
    assert run.exit_code == 0, run.stderr
    assert [line.split()[0] for line in run.stdout.splitlines() if line.startswith("  ")] == [
        f"PI1.{i}" for i in range(1, 6)
    ]


def test_catalog_unknown_category_is_a_usage_error_with_a_suggestion() -> None:
    run = run_cli("catalog", "--category", "processing-integrty")
    assert run.exit_code == 2
    assert (
        "unknown category 'processing-integrty' (did you mean 'processing_integrity'?); choose "
        "from security, availability, processing_integrity (or processing-integrity), "
        "confidentiality, privacy"
    ) in " ".join(run.stderr.split())
    assert "processing_integrity (or processing-integrity)" in " ".join(
        run_cli("catalog", "--help").stdout.split()
    )


def test_catalog_and_init_accept_the_hyphenated_category_in_a_real_process(
    tmp_path: Path,
) -> None:
    run = run_subprocess("catalog", "--category", "processing-integrity", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert {c["category"] for c in json.loads(run.stdout)["criteria"]} == {"processing_integrity"}
    run = run_subprocess(
        "init",
        tmp_path / "p",
        "--categories",
        "processing-integrity",
        "--no-ci",
        "--no-input",
        "--today",
        "2026-11-20",
    )
    assert run.exit_code == 0, run.stderr
    assert "categories: [security, processing_integrity]" in (
        tmp_path / "p" / "system.yaml"
    ).read_text(encoding="utf-8")


def test_schema_command_prints_and_writes(tmp_path: Path) -> None:
    run = run_cli("schema", "system")
    assert json.loads(run.stdout)["$id"].endswith("/system.schema.json")
    run = run_cli("schema", "--write", tmp_path / "out")
    assert run.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "config.schema.json",
        "control.schema.json",
        "system.schema.json",
    ]


def test_library_api_matches_the_cli(program: Callable[..., Path]) -> None:
    import datetime as dt

    root = program(controls={"a.yaml": UNOWNED})
    findings = soccheck.check(soccheck.load_program(root), today=dt.date(2026, 11, 20))
    assert [(f.rule, f.path, f.line, f.column, f.subject) for f in findings] == [
        ("missing-owner", "controls/a.yaml", 2, 5, "AC-01")
    ]
    result = check(load_program(root), Options(today=dt.date(2026, 11, 20)))
    assert result.exit_code == 1
    # Reporters reuse the rules' indexes, evaluated at the run's date, not the wall clock.
    assert result.context is not None
    assert result.context.today == dt.date(2026, 11, 20)
    assert result.program.controls[1].source is not None


def test_validate_never_writes_to_the_program(program: Callable[..., Path]) -> None:
    root = program(controls={"a.yaml": UNOWNED})
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    run_cli("validate", root, "--today", TODAY)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    assert before == after


def test_format_choices_are_the_registered_formats() -> None:
    """The --format lists are written out in the CLI (importing the registries at start-up
    would load the readiness package); this keeps them equal to what is registered."""
    from soccheck.cli.main import cli
    from soccheck.output.registry import FORMATS as OUTPUTS
    from soccheck.readiness.registry import FORMATS as RENDERERS

    def choices(command: str) -> list[str]:
        option = next(p for p in cli.commands[command].params if p.name == "output_format")
        return list(option.type.choices)  # type: ignore[attr-defined]

    assert choices("validate") == list(OUTPUTS)
    assert sorted(choices("report")) == sorted(RENDERERS)
