"""The existing rules that issue 16 changed, in both directions, through the real CLI's JSON
output (``--today 2026-11-20``): untested-control, unselected-criterion and uncovered-objective
honour a control's ``reports`` and ``effective``; unknown-report checks ``controls[].reports``;
duplicate-id covers systems, CSOCs and incidents; unknown-criterion and unknown-objective read
CSOCs (and incidents' criteria)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import SYSTEM, TODAY, run_cli, run_subprocess, validate_json
from tests.rules.test_testing import SOC1_AND_SOC2, controls, locate, recorded_test
from tests.rules.test_testing import control as any_control
from tests.test_format_scope import SCOPE_CONTROLS, SCOPE_SYSTEM

Make = Callable[..., Path]


def control(*tests: str, **fields: Any) -> str:
    """A key control: these programs' SOC 1 objective rests on it (no-key-control). It is
    annual, and its tests (``recorded_test``) record the complete Type 2 audit trail."""
    return any_control(*tests, key=True, frequency="annual", **fields)


FILE = "controls/access.yaml"


def _scoped(text: str, line: str) -> str:
    """``text`` with ``line`` added after the control's ``criteria``."""
    return text.replace("    criteria: [CC6.1]\n", f"    criteria: [CC6.1]\n{line}", 1)


# -------------------------------------------------------------------------- reports

SHARED = controls(
    control(recorded_test("T-SOC2", "2026-05-10", report="soc2-2026"), objectives="[CO-1]"),
    control(
        recorded_test("T-CO1", "2026-05-10"), control_id="PY-01", criteria="[]", objectives="[CO-1]"
    ),
)
"""AC-01 maps CC6.1 and CO-1 but is tested only for the SOC 2 report; PY-01 achieves CO-1."""


def test_a_shared_control_needs_tests_for_every_report_it_is_in(program: Make) -> None:
    run = validate_json(program(controls={"access.yaml": SHARED}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == [(FILE, *locate(SHARED, "id: AC-01"), "AC-01")]
    [finding] = [f for f in run.findings if f["rule"] == "untested-control"]
    assert finding["message"].startswith(
        "control 'AC-01' is tested only for 'soc2-2026', not for 'soc1-2026' (SOC 1 Type 1)"
    )


def test_a_shared_control_scoped_out_of_the_soc1_report_needs_no_soc1_test(
    program: Make,
) -> None:
    text = _scoped(SHARED, "    reports: [soc2-2026]\n")
    root = program(controls={"access.yaml": text}, system=SOC1_AND_SOC2)
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.findings == []


def test_a_control_scoped_to_the_soc1_report_needs_no_soc2_test(program: Make) -> None:
    text = controls(
        control(recorded_test("T-SOC1", "2026-05-10", report="soc1-2026"), objectives="[CO-1]")
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    scoped = _scoped(text, "    reports: [soc1-2026]\n")
    run = validate_json(program(controls={"access.yaml": scoped}, system=SOC1_AND_SOC2))
    assert run.findings == []


def test_a_control_scoped_out_of_a_report_does_not_cover_its_objective(program: Make) -> None:
    """CO-1 is mapped, but only by a control scoped to the SOC 2 report."""
    text = controls(
        control(recorded_test("T-SOC2", "2026-05-10"), objectives="[CO-1]"),
    ).replace("    criteria: [CC6.1]\n", "    criteria: [CC6.1]\n    reports: [soc2-2026]\n")
    root = program(controls={"access.yaml": text}, system=SOC1_AND_SOC2)
    run = validate_json(root)
    assert run.where("uncovered-objective") == [
        ("system.yaml", *locate(SOC1_AND_SOC2, "{id: CO-1"), "CO-1")
    ]
    [finding] = [f for f in run.findings if f["rule"] == "uncovered-objective"]
    assert finding["message"] == (
        "control objective 'CO-1' (Payroll changes are authorized) is mapped by no control in "
        "scope for 'soc1-2026' (SOC 1 Type 1) ('AC-01' is scoped to 'soc2-2026' ('reports')); "
        "add the report to the 'reports' of a control that achieves it, or map a control in "
        "scope for it"
    )
    # In scope for both, it covers the objective again.
    both = text.replace("reports: [soc2-2026]", "reports: [soc2-2026, soc1-2026]")
    run = validate_json(program(controls={"access.yaml": both}, system=SOC1_AND_SOC2))
    assert run.findings == []


def test_an_objective_no_control_maps_keeps_its_message(program: Make) -> None:
    system = SOC1_AND_SOC2.replace(
        "  - {id: CO-1, title: Payroll changes are authorized}\n",
        "  - {id: CO-1, title: Payroll changes are authorized}\n"
        "  - {id: CO-2, title: Payroll is paid on time}\n",
    )
    text = controls(control(recorded_test("T-1", "2026-05-10"), objectives="[CO-1]"))
    run = validate_json(program(controls={"access.yaml": text}, system=system))
    assert run.where("uncovered-objective") == [
        ("system.yaml", *locate(system, "{id: CO-2"), "CO-2")
    ]
    [finding] = [f for f in run.findings if f["rule"] == "uncovered-objective"]
    assert finding["message"].startswith(
        "control objective 'CO-2' (Payroll is paid on time) is not mapped by any control;"
    )


ONE_CRITERION = SYSTEM.replace("categories: [security]", "categories: [security, availability]")
AVAILABILITY = controls(
    control(recorded_test("T-AV", "2026-05-10"), control_id="AV-01", criteria="[A1.1, A1.2, A1.3]")
)


def test_a_control_scoped_out_of_a_report_does_not_cover_its_criteria(program: Make) -> None:
    root = program(controls={"availability.yaml": AVAILABILITY}, system=ONE_CRITERION)
    assert validate_json(root).findings == []
    scoped = AVAILABILITY.replace(
        "    criteria: [A1.1, A1.2, A1.3]\n",
        "    criteria: [A1.1, A1.2, A1.3]\n    reports: [soc2-2027]\n",
    )
    system = ONE_CRITERION.replace(
        "people:\n",
        "  - {id: soc2-2027, framework: soc2, type: 1, as_of: 2027-03-31}\npeople:\n",
    )
    run = validate_json(program(controls={"availability.yaml": scoped}, system=system))
    at = ("system.yaml", *locate(system, "availability]"))
    assert run.where("unselected-criterion") == [(*at, "A1.1"), (*at, "A1.2"), (*at, "A1.3")]
    messages = [f["message"] for f in run.findings if f["rule"] == "unselected-criterion"]
    assert messages[0].startswith("'A1.1' (")
    assert "is in scope for 'soc2-2026' (SOC 2 Type 2) because it selects" in messages[0]
    assert (
        "but no control in scope for it maps it ('AV-01' is scoped to 'soc2-2027' ('reports'));"
        in messages[0]
    )


# ---------------------------------------------------------------------------- unknown-report


def test_a_control_scoped_to_a_report_that_does_not_exist_is_unknown_report(
    program: Make,
) -> None:
    text = _scoped(SHARED, "    reports: [soc2-2026, soc1-2025, soc3]\n")
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    line, column = locate(text, "soc1-2025")
    assert run.where("unknown-report") == [
        (FILE, line, column, "AC-01"),
        (FILE, *locate(text, "soc3"), "AC-01"),
    ]
    first, second = (f["message"] for f in run.findings if f["rule"] == "unknown-report")
    assert first == (
        "control 'AC-01' is scoped to report 'soc1-2025', which is not defined in system.yaml; "
        "did you mean 'soc1-2026'?"
    )
    assert second == (
        "control 'AC-01' is scoped to report 'soc3', which is not defined in system.yaml; "
        "defined reports: 'soc1-2026', 'soc2-2026'"
    )
    # Scoped to existing reports only: quiet.
    valid = _scoped(SHARED, "    reports: [soc2-2026]\n")
    run = validate_json(program(controls={"access.yaml": valid}, system=SOC1_AND_SOC2))
    assert run.where("unknown-report") == []


def test_an_unknown_report_alone_leaves_the_control_in_no_report(program: Make) -> None:
    """Then it needs no test anywhere and covers nothing: the finding is the one to fix."""
    text = _scoped(SHARED, "    reports: [soc2-2025]\n")
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.rules() == ["unknown-report"]
    assert run.where("unknown-report") == [(FILE, *locate(text, "soc2-2025"), "AC-01")]


# ------------------------------------------------------------------------------- effective

PERIOD_CONTROL = controls(control(recorded_test("T-MARCH", "2026-03-02"), objectives="[CO-1]"))


def _effective(text: str, span: str) -> str:
    return _scoped(text, f"    effective: {span}\n")


def test_a_control_effective_from_may_needs_a_test_from_may(program: Make) -> None:
    """Only the months it operated are judged: the March test tested a control that did not
    exist yet. The SOC 1 report is a Type 1 as of 2026-06-30, when the control operated."""
    text = _effective(PERIOD_CONTROL, "{from: 2026-05-01}")
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    [finding] = [f for f in run.findings if f["rule"] == "untested-control"]
    assert finding["message"] == (
        "control 'AC-01' was last tested 2026-03-02, before 2026-05-01, when it became "
        "effective in the period of 'soc2-2026' (SOC 2 Type 2); add an operating test "
        "performed on or after 2026-05-01"
    )
    # Without 'effective' the March test counts for the whole period.
    run = validate_json(program(controls={"access.yaml": PERIOD_CONTROL}, system=SOC1_AND_SOC2))
    assert run.findings == []
    # A test performed in May counts.
    may = text.replace("performed_on: 2026-03-02", "performed_on: 2026-05-20").replace(
        "covers: {start: 2026-01-01, end: 2026-03-01}",
        "covers: {start: 2026-05-01, end: 2026-05-19}",
    )
    run = validate_json(program(controls={"access.yaml": may}, system=SOC1_AND_SOC2))
    assert run.rules() == ["undisclosed-change"]  # tested now; its start is still a change


def test_a_sample_of_the_months_before_the_control_existed_does_not_count(program: Make) -> None:
    text = (
        _effective(PERIOD_CONTROL, "{from: 2026-05-01}")
        .replace("performed_on: 2026-03-02", "performed_on: 2026-07-10")
        .replace("end: 2026-03-01}", "end: 2026-04-30}")
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    [finding] = [f for f in run.findings if f["rule"] == "untested-control"]
    assert finding["message"] == (
        "control 'AC-01' has tests for 'soc2-2026' (SOC 2 Type 2), but none counts: the spans "
        "sampled ('covers': 'T-MARCH' 2026-01-01 to 2026-04-30) lie wholly outside the days it "
        "was effective in the period (2026-05-01 to 2026-06-30); sample occurrences from "
        "2026-05-01 to 2026-06-30"
    )
    sampled_may = text.replace(
        "start: 2026-01-01, end: 2026-04-30", "start: 2026-05-01, end: 2026-06-30"
    )
    run = validate_json(program(controls={"access.yaml": sampled_may}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == []


def test_a_control_retired_before_a_report_is_out_of_its_scope(program: Make) -> None:
    """Retired on 2026-03-31, before the SOC 1 report's as-of date: it needs no SOC 1 test and
    achieves no SOC 1 objective; in the SOC 2 period it operated January to March."""
    text = _effective(
        controls(
            control(recorded_test("T-SOC2", "2026-02-10", report="soc2-2026"), objectives="[CO-1]")
        ),
        "{to: 2026-03-31}",
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == []
    assert run.where("uncovered-objective") == [
        ("system.yaml", *locate(SOC1_AND_SOC2, "{id: CO-1"), "CO-1")
    ]
    [finding] = [f for f in run.findings if f["rule"] == "uncovered-objective"]
    assert "('AC-01' was not effective during it ('effective' to 2026-03-31))" in finding["message"]


def test_a_control_that_starts_operating_after_today_is_not_judged_yet(program: Make) -> None:
    system = SOC1_AND_SOC2.replace("end: 2026-06-30}", "end: 2026-12-31}")
    text = _effective(controls(control(objectives="[CO-1]")), "{from: 2026-12-01}").replace(
        "    objectives: [CO-1]\n", ""
    )
    run = validate_json(program(controls={"access.yaml": text}, system=system))
    assert run.where("untested-control") == []
    # The same control effective from before today is judged.
    earlier = text.replace("2026-12-01", "2026-11-01")
    run = validate_json(program(controls={"access.yaml": earlier}, system=system))
    assert run.where("untested-control") == [(FILE, *locate(earlier, "id: AC-01"), "AC-01")]


def test_readiness_agrees_with_untested_control_over_the_effective_part(program: Make) -> None:
    """The March test counts for the SOC 1 report (as of 2026-06-30, when the control
    operated) but not for the SOC 2 period, whose May-to-June part it did not test."""
    text = _effective(PERIOD_CONTROL, "{from: 2026-05-01}")
    root = program(controls={"access.yaml": text}, system=SOC1_AND_SOC2)
    report = run_cli("report", root, "--format", "csv", "--today", TODAY)
    [row] = [line for line in report.stdout.splitlines() if line.startswith('"AC-01"')]
    assert '"soc2-2026: untested; soc1-2026: tested","T-MARCH",' in row
    assert '"2026-03-02","Tom Tester","all","soc1-2026",' in row


# ------------------------------------------------------------------- duplicate and unknown IDs


def test_duplicate_systems_csocs_and_incidents(program: Make) -> None:
    system = (
        SCOPE_SYSTEM.replace(
            "  - {id: ledger, name: General ledger}", "  - {id: payments, name: Ledger}"
        )
        .replace("{id: CSOC-AWS-2,", "{id: CSOC-AWS-1,")
        .replace(
            "csocs: [Card data is tokenised.]", "csocs: [{id: CSOC-AWS-1, description: Tokens.}]"
        )
        + "  - {id: INC-7, date: 2026-04-01, description: A second outage.}\n"
    )
    root = program(controls={"access.yaml": SCOPE_CONTROLS}, system=system)
    run = validate_json(root, "--select", "duplicate-id")
    lines = system.splitlines()
    csoc_lines = [i + 1 for i, line in enumerate(lines) if "CSOC-AWS-1" in line]
    incident_line = next(i + 1 for i, line in enumerate(lines) if "INC-7, date" in line)
    assert run.where("duplicate-id") == [
        ("system.yaml", *locate(system, "payments, name: Ledger"), "payments"),
        (
            "system.yaml",
            csoc_lines[1],
            lines[csoc_lines[1] - 1].index("CSOC-AWS-1") + 1,
            "CSOC-AWS-1",
        ),
        (
            "system.yaml",
            csoc_lines[2],
            lines[csoc_lines[2] - 1].index("CSOC-AWS-1") + 1,
            "CSOC-AWS-1",
        ),
        ("system.yaml", incident_line, lines[incident_line - 1].index("INC-7") + 1, "INC-7"),
    ]
    messages = [f["message"] for f in run.findings]
    assert messages[0].startswith(
        "system ID 'payments' is already used by the system at system.yaml:"
    )
    assert messages[1].startswith(
        "CSOC ID 'CSOC-AWS-1' is already used by the CSOC at system.yaml:"
    )
    # Plain-sentence CSOCs have no ID to collide.
    assert (
        validate_json(
            program(controls={"access.yaml": SCOPE_CONTROLS}, system=SCOPE_SYSTEM),
            "--select",
            "duplicate-id",
        ).findings
        == []
    )


def test_csoc_and_incident_mappings_are_checked_for_unknown_ids(program: Make) -> None:
    standby = "restored from the standby.\n    criteria: [A1.2]"
    assert SCOPE_SYSTEM.count(standby) == 1
    system = SCOPE_SYSTEM.replace(
        "criteria: [CC7.1]}", "criteria: [CC7.10], objectives: [CO-9]}"
    ).replace(standby, standby.replace("A1.2", "A1.20"))
    assert "A1.20" in system and "CC7.10" in system
    root = program(controls={"access.yaml": SCOPE_CONTROLS}, system=system)
    run = validate_json(root, "--select", "unknown-criterion,unknown-objective")
    assert run.where("unknown-criterion") == [
        ("system.yaml", *locate(system, "CC7.10"), "CSOC-AWS-2"),
        ("system.yaml", *locate(system, "A1.20"), "INC-7"),
    ]
    assert run.where("unknown-objective") == [
        ("system.yaml", *locate(system, "CO-9"), "CSOC-AWS-2")
    ]
    first, second = (f["message"] for f in run.findings if f["rule"] == "unknown-criterion")
    assert first.startswith("CSOC 'CSOC-AWS-2' supports 'CC7.10', which is not a criterion")
    assert second.startswith("incident 'INC-7' affected 'A1.20', which is not a criterion")


def test_the_scoped_program_of_the_format_tests_is_clean_on_every_changed_rule(
    program: Make,
) -> None:
    root = program(controls={"access.yaml": SCOPE_CONTROLS}, system=SCOPE_SYSTEM)
    # Only what its vendors leave open on purpose is reported: its CSOCs written as
    # sentences map nothing, and Stripe's Type 1 report cannot support a Type 2 report.
    assert validate_json(root).rules() == [
        "unmapped-csoc",
        "unmapped-csoc",
        "subservice-report-stale",
    ]
    assert "reports: [soc2-2026]" in SCOPE_CONTROLS
