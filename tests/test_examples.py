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
    "line": 107,
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
        "examples/saas/controls/access.yaml:107:17: waived test-exceptions test 'T-AC-03-2026' "
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


def test_fintech_draws_scope_as_an_auditor_does() -> None:
    """examples/fintech uses what issue 16 added, realistically: a shared control scoped out
    of one report, key controls, systems with ITGCs over them, mapped CSOCs, a vendor report
    with a bridge letter, and a control replaced mid-period with the change disclosed."""
    import datetime as dt

    from soccheck.checks.rules.base import Context
    from soccheck.load.program import load_program

    program = load_program(EXAMPLES / "fintech")
    assert program.system is not None
    ctx = Context(program, dt.date.fromisoformat(TODAY))
    controls = {c.id: c for c in program.controls}
    soc1, soc2 = ctx.reports["soc1-2026"], ctx.reports["soc2-2026"]
    # Report scoping: OPS-04 maps CC7.2 but is in the SOC 1 report only.
    ops04 = controls["OPS-04"]
    assert ops04.reports == ["soc1-2026"] and "CC7.2" in ops04.criteria
    assert ctx.in_scope(ops04, soc1) and not ctx.in_scope(ops04, soc2)
    # Every objective has a key control among those covering it.
    for objective in ctx.objectives:
        assert any(c.key for c in ctx.covering(soc1, objective)), objective
    assert any(not c.key for c in program.controls)
    # Every automated or IT-dependent manual control names systems that an in-scope ITGC
    # of each of its reports names too.
    assert set(ctx.systems) == {"payroll-platform", "workforce-it", "taxbridge-filing"}
    for report in (soc1, soc2):
        scope = [c for c in program.controls if ctx.in_scope(c, report)]
        governed = {s for c in scope if c.layer == "itgc" for s in c.systems}
        for control in scope:
            assert control.layer is not None, control.id
            if control.automation in ("automated", "it-dependent-manual"):
                assert control.systems and set(control.systems) <= governed, control.id
    # Structured CSOCs, each mapped; the carved-out vendor's report is bridged to the end.
    assert ctx.csocs and all(c.id and (c.criteria or c.objectives) for c in ctx.csocs)
    azure, taxbridge = ctx.subservice_organizations.values()
    assert azure.method == "carve-out" and azure.soc_report is not None
    assert azure.soc_report.bridge_letter_through == dt.date(2026, 6, 30)
    assert taxbridge.method == "inclusive"
    assert {c.id for c in program.controls if c.subservice_organization} == {"TAX-03", "TAX-04"}
    assert all(cuec.controls and (cuec.criteria or cuec.objectives) for cuec in ctx.system.cuecs)
    # The mid-period change: SET-03 from 2026-05-01, SET-01 until the day before, both named.
    set01, set03 = controls["SET-01"], controls["SET-03"]
    assert set01.effective is not None and set01.effective.to == dt.date(2026, 4, 30)
    assert set03.effective is not None and set03.effective.from_ == dt.date(2026, 5, 1)
    [change] = [c for c in ctx.system.changes if c.controls]
    assert change.date == dt.date(2026, 5, 1) and change.controls == ["SET-01", "SET-03"]
    assert ctx.uncovered_dates(soc1, "CO-10") == []
    without_set01 = [c for c in ctx.covering(soc1, "CO-10") if c.id == "SET-03"]
    from soccheck.checks.scope import uncovered_dates

    assert [str(s) for s in uncovered_dates(soc1, without_set01)] == ["2026-01-01 to 2026-04-30"]


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


AUDIT_TRAIL_RULES = (
    "sample-period-missing", "period-not-covered", "test-outside-period",
    "undocumented-deviation", "population-implausible", "inquiry-only-test",
    "incomplete-test-record", "missing-frequency", "reviewer-not-independent",
    "tester-not-active", "inactive-team-lead", "stale-evidence", "evidence-gap",
)  # fmt: skip
"""Issue 15's new rules."""

SCOPE_RULES = (
    "no-key-control", "automated-control-without-itgc", "unknown-system",
    "inclusive-without-controls", "unmapped-csoc", "unmapped-cuec",
    "subservice-report-missing", "subservice-report-stale", "coverage-gap",
    "undisclosed-change", "na-criterion-mapped", "na-common-criterion", "weak-na-reason",
    "unknown-control",
)  # fmt: skip
"""Issue 16's new rules."""


def test_broken_example_shows_each_new_rule_of_issues_15_and_16_once() -> None:
    """Each mistake the audit trail and the scope rules catch appears once, so a reader of
    the README's table sees one example of each and no rule's finding hides another's."""
    rules = [row[3] for row in _expected_broken()]
    assert {
        rule: rules.count(rule) for rule in (*AUDIT_TRAIL_RULES, *SCOPE_RULES)
    } == dict.fromkeys((*AUDIT_TRAIL_RULES, *SCOPE_RULES), 1)
