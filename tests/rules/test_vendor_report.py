"""subservice-report-stale: a vendor's own SOC report must reach the report it supports.
Through the real CLI's JSON output (``--today 2026-11-20`` unless a test pins another day).

The baseline report is SOC 2 Type 2 over 2026-01-01 to 2026-06-30 (tests.conftest.SYSTEM)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SYSTEM, TODAY, run_subprocess, validate_json
from tests.rules.test_testing import SOC1_AND_SOC2, locate, system_with, value_at

Make = Callable[..., Path]
RULE = "subservice-report-stale"


def vendor(report: str) -> str:
    """A carve-out vendor with a mapped CSOC (quiet on its own) and the given ``soc_report``
    lines (indented for its mapping)."""
    return (
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - {id: CSOC-AWS-1, description: Data centre entry is restricted., "
        "criteria: [CC6.4]}\n"
        "    soc_report:\n" + "".join(f"      {line}\n" for line in report.splitlines())
    )


def type2(period_end: str, bridge: str | None = None) -> str:
    lines = f"type: 2\nperiod_end: {period_end}\nreceived_on: 2026-05-10\nreviewed_by: alice\n"
    return lines + (f"bridge_letter_through: {bridge}\n" if bridge else "")


def type1(as_of: str, bridge: str | None = None) -> str:
    lines = f"type: 1\nas_of: {as_of}\nreceived_on: 2026-05-10\nreviewed_by: alice\n"
    return lines + (f"bridge_letter_through: {bridge}\n" if bridge else "")


def test_a_vendor_report_ending_three_months_before_the_period_end_is_recent_enough(
    program: Make,
) -> None:
    run = validate_json(program(system=SYSTEM + vendor(type2("2026-03-31"))))
    assert run.findings == []


def test_a_vendor_report_ending_earlier_without_a_bridge_letter_is_stale(program: Make) -> None:
    system = SYSTEM + vendor(type2("2026-03-29"))
    run = validate_json(program(system=system))
    assert run.where(RULE) == [("system.yaml", *value_at(system, "period_end: 2026-03-29"), "aws")]
    [finding] = run.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "the SOC report of subservice organization 'aws' (Amazon Web Services) ends "
        "2026-03-29, more than 3 months before the period of 'soc2-2026' (SOC 2 Type 2) ends "
        "(2026-06-30), and no bridge letter covers 2026-03-30 to 2026-06-30; obtain a bridge "
        "letter through 2026-06-30 (record it in 'bridge_letter_through') or the vendor's "
        "newer report"
    )


def test_a_bridge_letter_that_covers_the_gap_exactly_makes_it_quiet(program: Make) -> None:
    run = validate_json(program(system=SYSTEM + vendor(type2("2025-09-30", "2026-06-30"))))
    assert run.findings == []


def test_a_bridge_letter_one_day_short_is_reported_at_the_letter(program: Make) -> None:
    system = SYSTEM + vendor(type2("2025-09-30", "2026-06-29"))
    run = validate_json(program(system=system))
    where = value_at(system, "bridge_letter_through: 2026-06-29")
    assert run.where(RULE) == [("system.yaml", *where, "aws")]
    [finding] = run.findings
    assert finding["message"] == (
        "the SOC report of subservice organization 'aws' (Amazon Web Services) ends "
        "2025-09-30, more than 3 months before the period of 'soc2-2026' (SOC 2 Type 2) ends "
        "(2026-06-30), and its bridge letter runs only through 2026-06-29, leaving "
        "2026-06-30; obtain a bridge letter through 2026-06-30 (record it in "
        "'bridge_letter_through') or the vendor's newer report"
    )


def test_a_type1_vendor_report_does_not_support_a_type2_examination(program: Make) -> None:
    """Whatever its date and bridge letter: it says nothing about operation over a period."""
    system = SYSTEM + vendor(type1("2026-06-15", "2026-06-30"))
    run = validate_json(program(system=system))
    assert run.where(RULE) == [("system.yaml", *value_at(system, "type: 1"), "aws")]
    [finding] = run.findings
    assert finding["message"] == (
        "the SOC report of subservice organization 'aws' (Amazon Web Services) is a Type 1 "
        "(as of 2026-06-15): it describes the vendor's controls on one day, while 'soc2-2026' "
        "(SOC 2 Type 2) reports on their operation over 2026-01-01 to 2026-06-30; obtain the "
        "vendor's Type 2 report covering the period (with a bridge letter for the months after "
        "it ends)"
    )
    # Its Type 2 report for the same days is quiet.
    run = validate_json(program(system=SYSTEM + vendor(type2("2026-06-15"))))
    assert run.findings == []


TYPE1_EXAMINATION = system_with(
    """
    - id: soc2-2026
      framework: soc2
      type: 1
      as_of: 2026-06-30
      categories: [security]
    """
)


def test_a_type1_examination_and_a_13_month_old_vendor_report(program: Make) -> None:
    """For a Type 1 examination the vendor's report may be 12 months old at the evaluation
    date: on 2026-11-20 a report that ended 2025-10-15 is 13 months old."""
    system = TYPE1_EXAMINATION + vendor(type2("2025-10-15"))
    root = program(system=system)
    run = validate_json(root)
    assert run.where(RULE) == [("system.yaml", *value_at(system, "period_end: 2025-10-15"), "aws")]
    [finding] = run.findings
    assert finding["message"] == (
        "the SOC report of subservice organization 'aws' (Amazon Web Services) ends "
        "2025-10-15, more than 12 months before today (2026-11-20), for 'soc2-2026' (SOC 2 "
        "Type 1) as of 2026-06-30, and no bridge letter covers 2025-10-16 to 2026-06-30; "
        "obtain a bridge letter through 2026-06-30 (record it in 'bridge_letter_through') or "
        "the vendor's newer report"
    )
    # Judged on the evaluation date: on 2026-10-10 the same report is under 12 months old.
    assert validate_json(root, "--today", "2026-10-10").findings == []
    # A bridge letter through the as-of date covers the gap.
    bridged = TYPE1_EXAMINATION + vendor(type2("2025-10-15", "2026-06-30"))
    assert validate_json(program(system=bridged)).findings == []


def test_a_type1_examination_takes_a_recent_type1_vendor_report(program: Make) -> None:
    run = validate_json(program(system=TYPE1_EXAMINATION + vendor(type1("2026-03-31"))))
    assert run.findings == []
    # A vendor report that reaches the as-of date leaves no gap, however old it is today.
    old = TYPE1_EXAMINATION + vendor(type1("2026-06-30"))
    assert validate_json(program(system=old), "--today", "2027-08-01").where(RULE) == []


def test_each_examined_report_is_judged_on_its_own(program: Make) -> None:
    """One Type 1 vendor report: too weak for the SOC 2 Type 2 report, and more than 12
    months old for the SOC 1 Type 1 report as of 2026-06-30."""
    system = SOC1_AND_SOC2 + vendor(type1("2025-09-30"))
    run = validate_json(program(system=system, controls={"payroll.yaml": _PAYROLL}))
    assert run.where(RULE) == [
        ("system.yaml", *value_at(system, "type: 1\n      as_of"), "aws"),
        ("system.yaml", *value_at(system, "as_of: 2025-09-30"), "aws"),
    ]
    first, second = (f["message"] for f in run.findings if f["rule"] == RULE)
    assert "while 'soc2-2026' (SOC 2 Type 2) reports on their operation" in first
    assert second.startswith(
        "the SOC report of subservice organization 'aws' (Amazon Web Services) is as of "
        "2025-09-30, more than 12 months before today (2026-11-20), for 'soc1-2026' (SOC 1 "
        "Type 1) as of 2026-06-30"
    )


_PAYROLL = """\
id: PY-01
title: Payroll change approval
description: Payroll applies a change only with HR's approval.
owner: alice
objectives: [CO-1]
tests:
  - id: T-PY-01
    kind: design
    method: inspection
    procedure: Inspected the approval workflow.
    performed_on: 2026-05-02
    performed_by: tom
    result: pass
"""
"""Covers SOC1_AND_SOC2's objective, so only the vendor is left to report."""


def test_a_vendor_report_the_schema_rejected_is_not_judged_again(program: Make) -> None:
    """A Type 2 report dated with 'as_of' is a schema finding; its age is unknowable."""
    system = SYSTEM + vendor(
        "type: 2\nas_of: 2024-01-31\nreceived_on: 2024-03-01\nreviewed_by: alice"
    )
    run = validate_json(program(system=system))
    assert run.rules() == ["schema"]


def test_an_organization_without_a_vendor_report_is_not_this_rules_business(
    program: Make,
) -> None:
    system = SYSTEM + (
        "subservice_organizations:\n  - {id: payco, name: PayCo, method: inclusive}\n"
    )
    assert RULE not in validate_json(program(system=system)).rules()


def test_a_stale_vendor_report_in_a_real_process(program: Make) -> None:
    system = SYSTEM + vendor(type2("2025-12-31"))
    root = program(system=system)
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stderr  # a warning does not fail the run
    assert run.where(RULE) == [("system.yaml", *value_at(system, "period_end: 2025-12-31"), "aws")]
    text = run_subprocess("validate", root, "--today", TODAY, "--fail-on", "warning")
    assert text.exit_code == 1
    line, column = locate(system, "2025-12-31")
    assert f"system.yaml:{line}:{column}: warning {RULE} " in text.stdout
