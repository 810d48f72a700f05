"""The bundled example programs validate cleanly, in process and as a subprocess.

Skyline (saas) shows the one thing a clean program may still report: a waived finding. Its
terminations test found an exception, which management accepted in soccheck.yaml.
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, REPO, TODAY, run_cli, run_subprocess

WAIVED = {
    "rule": "test-exceptions",
    "severity": "warning",
    "path": "controls/access.yaml",
    "line": 101,
    "column": 17,
    "message": (
        "test 'T-AC-03-2026' of control 'AC-03' found 1 exception in a sample of 5; the auditor "
        "reports it with management's response and judges whether the control can still be "
        "relied on"
    ),
    "subject": "T-AC-03-2026",
}
"""The exception recorded on the terminations test of examples/saas (without its waiver)."""


@pytest.mark.parametrize("name", ["saas", "fintech"])
def test_example_is_clean(name: str) -> None:
    """Clean as of the date the docs pin (a run on the real date would start failing the day
    the saas waiver expires; test_saas_waiver_expires_like_any_other covers that)."""
    run = run_cli(
        "validate", EXAMPLES / name, "--format", "json", "--fail-on", "warning", "--today", TODAY
    )
    assert run.exit_code == 0, run.stdout
    data = run.json
    assert data["summary"]["controls"] >= 12
    assert (data["summary"]["errors"], data["summary"]["warnings"]) == (0, 0)
    unwaived = [f for f in data["findings"] if "waived" not in f]
    assert unwaived == []
    if name == "fintech":
        assert data["findings"] == []


def test_saas_has_exactly_one_waived_exception() -> None:
    run = run_cli("validate", EXAMPLES / "saas", "--format", "json", "--today", TODAY)
    [finding] = run.json["findings"]
    waiver = finding.pop("waived")
    assert finding == WAIVED
    assert waiver["approved_by"] == "maya.chen"
    assert waiver["expires"] == "2027-03-31"
    assert waiver["ticket"] == "SEC-214"
    assert "E-1033" in waiver["reason"]
    assert run.json["summary"]["waived"] == 1


def test_saas_exception_is_recorded_and_approved_independently() -> None:
    from soccheck.load.program import load_program

    program = load_program(EXAMPLES / "saas")
    assert program.system is not None
    [waiver] = program.config.waivers
    [control] = [c for c in program.controls if c.id == "AC-03"]
    [test] = [t for t in control.tests if t.id == waiver.subject]
    assert (test.result, test.exceptions) == ("exceptions", 1)
    assert test.notes is not None and "E-1033" in test.notes
    # AC-03 belongs to the Security and Compliance team; the CEO approved the waiver.
    [security] = [t for t in program.system.teams if t.id == control.owner]
    assert waiver.approved_by not in {control.owner, security.lead, *security.members}
    # waiver-approver agrees (it ran, and the waiver applied).
    run = run_cli("validate", EXAMPLES / "saas", "--format", "json", "--today", TODAY)
    assert "waiver-approver" not in run.rules()
    assert all("waived" in f for f in run.findings)


def test_saas_waived_finding_in_text_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """As the README's quick start shows it: run from the repository root, so the path is
    relative to it."""
    monkeypatch.chdir(REPO)
    run = run_cli("validate", "examples/saas", "--today", TODAY, "--fail-on", "warning")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith(
        "examples/saas/controls/access.yaml:101:17: waived test-exceptions test 'T-AC-03-2026' "
        "of control 'AC-03' found 1 exception in a sample of 5; the auditor reports it with "
        "management's response and judges whether the control can still be relied on "
        "[waived until 2027-03-31 by maya.chen, SEC-214: One of "
        "five leavers (E-1033)"
    )
    assert lines[-1] == "OK: 0 errors, 0 warnings, 1 waived in 9 files (20 controls)"


def test_saas_waiver_expires_like_any_other() -> None:
    """After its last day the exception counts again and the expired waiver is an error. (By
    then the access review's newest evidence is stale too, as the README says.)"""
    run = run_cli("validate", EXAMPLES / "saas", "--format", "json", "--today", "2027-04-01")
    assert run.exit_code == 1
    assert sorted(f["rule"] for f in run.findings) == [
        "expired-waiver",
        "stale-evidence",
        "test-exceptions",
    ]
    [stale] = [f for f in run.findings if f["rule"] == "stale-evidence"]
    assert (stale["subject"], "dated 2026-10-01" in stale["message"]) == ("AC-04", True)
    assert all("waived" not in f for f in run.findings)


def test_fintech_shares_controls_between_soc1_and_soc2() -> None:
    from soccheck.load.program import load_program

    program = load_program(EXAMPLES / "fintech")
    assert program.system is not None
    assert {r.framework for r in program.system.reports} == {"soc1", "soc2"}
    shared = [c for c in program.controls if c.criteria and c.objectives]
    assert len(shared) >= 5


def test_example_as_a_subprocess() -> None:
    run = run_subprocess("validate", EXAMPLES / "saas", "--today", TODAY)
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-1] == (
        "OK: 0 errors, 0 warnings, 1 waived in 9 files (20 controls)"
    )
    assert run.stderr == ""


def _expected_broken() -> list[tuple[str, int, int, str, str, str | None]]:
    """The findings table in examples/broken/README.md."""
    import re

    readme = (EXAMPLES / "broken" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([^`:]+):(\d+):(\d+)` \| `([a-z0-9-]+)` \| (error|warning) \| (\S+) \|$",
        readme,
        re.M,
    )
    return [
        (path, int(line), int(col), rule, severity, None if subject == "–" else subject)
        for path, line, col, rule, severity, subject in rows
    ]


def test_broken_example_produces_exactly_the_documented_findings() -> None:
    run = run_cli("validate", EXAMPLES / "broken", "--format", "json", "--today", "2026-11-20")
    assert run.exit_code == 1
    actual = [
        (f["path"], f["line"], f["column"], f["rule"], f["severity"], f["subject"])
        for f in run.json["findings"]
    ]
    expected = _expected_broken()
    assert len(expected) > 30
    assert actual == expected


def test_broken_example_exercises_most_rules() -> None:
    from soccheck.checks.rules.registry import RULES

    exercised = {row[3] for row in _expected_broken()}
    waiver_or_file_rules = {
        "expired-waiver", "unused-waiver", "waiver-approver", "broad-waiver", "config", "yaml-tag",
        "yaml-limits", "file-unreadable", "file-too-large", "path-outside-root",
        "multiple-documents", "empty-file",
    }  # fmt: skip
    assert set(RULES) - exercised <= waiver_or_file_rules
