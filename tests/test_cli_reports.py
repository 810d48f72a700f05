"""validate --junit-xml / --sarif: report files next to stdout output, exit codes unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ci_helpers import control, controls_file, read_junit
from tests.conftest import TODAY, run_cli, run_subprocess


@pytest.mark.parametrize("owner", ["alice", None], ids=["clean", "findings"])
def test_text_on_stdout_plus_both_report_files(
    program: Callable[..., Path], tmp_path: Path, owner: str | None
) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01", owner=owner))})
    plain = run_cli("validate", root, "--today", TODAY)
    junit, sarif = tmp_path / "reports" / "deep" / "junit.xml", tmp_path / "soccheck.sarif"
    run = run_cli("validate", root, "--today", TODAY, "--junit-xml", junit, "--sarif", sarif)
    assert run.exit_code == plain.exit_code == (0 if owner else 1)
    assert run.stdout == plain.stdout  # stdout still gets the chosen --format
    assert run.stderr == ""
    suites = read_junit(junit)
    assert sum(s.failures for s in suites) == (0 if owner else 1)
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ([] if owner else ["missing-owner"])
    # Written atomically: no temporary files are left beside the reports.
    assert sorted(p.name for p in junit.parent.iterdir()) == ["junit.xml"]
    assert sorted(p.name for p in sarif.parent.iterdir()) == ["prog", "reports", "soccheck.sarif"]


def test_fail_on_and_select_apply_to_reports(program: Callable[..., Path], tmp_path: Path) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01", owner=None))})
    sarif = tmp_path / "out.sarif"
    run = run_cli("validate", root, "--today", TODAY, "--sarif", sarif, "--ignore", "missing-owner")
    assert run.exit_code == 0
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"] == []


@pytest.mark.parametrize("fmt", ["junit", "sarif", "github"])
def test_ci_formats_on_stdout(program: Callable[..., Path], fmt: str) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01", owner=None))})
    run = run_cli("validate", root, "--format", fmt, "--today", TODAY)
    assert run.exit_code == 1
    if fmt == "sarif":
        assert json.loads(run.stdout)["runs"][0]["results"][0]["ruleId"] == "missing-owner"
    elif fmt == "junit":
        assert run.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    else:
        assert run.stdout.startswith("::error file=controls/access.yaml,line=2,col=5,")


def test_unwritable_report_path_is_a_setup_error(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory should be\n", encoding="utf-8")
    run = run_cli("validate", root, "--today", TODAY, "--sarif", blocker / "out.sarif")
    assert run.exit_code == 2
    assert run.stderr.startswith(f"soccheck: error: cannot write the SARIF report to {blocker}")


def test_report_replaces_an_existing_file_atomically(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01", owner=None))})
    junit = tmp_path / "junit.xml"
    junit.write_text("stale", encoding="utf-8")
    run = run_subprocess("validate", root, "--today", TODAY, "--junit-xml", junit)
    assert run.exit_code == 1
    assert sum(s.failures for s in read_junit(junit)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml", "prog"]
