"""untested-control, failed-test, test-exceptions, insufficient-sample, tester-not-independent,
future-date: all through the real CLI's JSON output (``--today 2026-11-20``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from soccheck.checks.periods import months_before
from soccheck.checks.rules.registry import RULES
from soccheck.checks.sampling import DEFAULT_POLICY
from tests.conftest import SYSTEM, TODAY, dedent, run_cli, run_subprocess, validate_json

Make = Callable[..., Path]
FILE = "controls/access.yaml"
TESTING_RULES = (
    "untested-control",
    "failed-test",
    "test-exceptions",
    "insufficient-sample",
    "tester-not-independent",
    "future-date",
)


def locate(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the only occurrence of ``needle`` in ``text``."""
    assert text.count(needle) == 1, f"{needle!r} must occur exactly once"
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def value_at(text: str, entry: str) -> tuple[int, int]:
    """(line, column) of the value of the only ``key: value`` line containing ``entry``."""
    line, column = locate(text, entry)
    return line, column + entry.index(": ") + 2


def a_test(
    test_id: str = "T-AC-01",
    performed_on: str = "2026-04-02",
    *,
    kind: str | None = None,
    report: str | None = None,
    performed_by: str = "tom",
    population: int | None = None,
    sample_size: int | None = None,
    exceptions: int | None = None,
    result: str = "pass",
) -> str:
    """YAML of one test (indented for a control's 'tests' list)."""
    lines = [f"      - id: {test_id}"]
    if kind is not None:
        lines.append(f"        kind: {kind}")
    lines += [
        "        method: inspection",
        "        procedure: Inspected the evidence of the control.",
        f"        performed_on: {performed_on}",
        f"        performed_by: {performed_by}",
    ]
    if report is not None:
        lines.append(f"        report: {report}")
    for key, value in (
        ("population", population),
        ("sample_size", sample_size),
        ("exceptions", exceptions),
    ):
        if value is not None:
            lines.append(f"        {key}: {value}")
    lines.append(f"        result: {result}")
    return "\n".join(lines) + "\n"


def recorded_test(
    test_id: str,
    performed_on: str,
    *,
    start: str = "2026-01-01",
    end: str | None = None,
    report: str | None = None,
) -> str:
    """A passing operating test (``a_test``) with the complete Type 2 record the audit-trail
    rules ask for: ``covers`` from ``start`` to ``end`` (default: the day before it was
    performed, at most the baseline period's last day, 2026-06-30), a population of 1 and a
    sample of 1. It is the test of an annual control (``control(frequency="annual")``): one
    occurrence, tested, and the rest of the period within the one-year allowance at its end,
    so a test using it sees only the findings it is about. A test performed before ``start``
    sampled no day of it and records no ``covers`` (nothing judges its span: it counts for
    no Type 2 report)."""
    performed = dt.date.fromisoformat(performed_on)
    last = (
        min(performed - dt.timedelta(days=1), dt.date(2026, 6, 30))
        if end is None
        else dt.date.fromisoformat(end)
    )
    text = a_test(test_id, performed_on, report=report, population=1, sample_size=1)
    if last < dt.date.fromisoformat(start):
        return text
    return text + f"        covers: {{start: {start}, end: {last.isoformat()}}}\n"


def control(
    *tests: str,
    control_id: str = "AC-01",
    owner: str = "platform",
    criteria: str = "[CC6.1]",
    objectives: str | None = None,
    frequency: str | None = "quarterly",
    automation: str | None = None,
    key: bool = False,
) -> str:
    """YAML of one control list item with the given tests."""
    lines = [
        f"  - id: {control_id}",
        "    title: Access review",
        "    description: Access to production is reviewed every quarter.",
        f"    owner: {owner}",
        f"    criteria: {criteria}",
    ]
    if objectives is not None:
        lines.append(f"    objectives: {objectives}")
    if frequency is not None:
        lines.append(f"    frequency: {frequency}")
    if automation is not None:
        lines.append(f"    automation: {automation}")
    if key:
        lines.append("    key: true")
    if tests:
        lines.append("    tests:")
    return "\n".join(lines) + "\n" + "".join(tests)


def controls(*items: str) -> str:
    return "controls:\n" + "".join(items)


SOC1_AND_SOC2 = dedent(
    """
    name: Demo Payroll
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
      - id: soc1-2026
        framework: soc1
        type: 1
        as_of: 2026-06-30
    control_objectives:
      - {id: CO-1, title: Payroll changes are authorized}
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
      - {id: bob, name: Bob Member}
    teams:
      - {id: platform, name: Platform, lead: alice, members: [alice, bob]}
    """
)
"""A SOC 2 Type 2 report (period 2026-01-01..06-30) and a SOC 1 Type 1 report (as of 06-30)."""


def system_with(reports: str) -> str:
    """The baseline system description with its reports replaced by ``reports`` (YAML list)."""
    head, _, rest = SYSTEM.partition("reports:\n")
    _, _, people = rest.partition("people:\n")
    return head + "reports:\n" + dedent(reports) + "people:\n" + people


def only(run_findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [f for f in run_findings if f["rule"] == rule]


def ours(run_findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in run_findings if f["rule"] in TESTING_RULES]


# ------------------------------------------------------------------------------- the registry


def test_every_testing_rule_is_registered_and_documented() -> None:
    severities = {rule_id: RULES[rule_id].severity for rule_id in TESTING_RULES}
    assert severities == {
        "untested-control": "error",
        "failed-test": "error",
        "test-exceptions": "warning",
        "insufficient-sample": "warning",
        "tester-not-independent": "warning",
        "future-date": "error",
    }
    for rule_id in TESTING_RULES:
        rule = RULES[rule_id]
        assert rule.check is not None
        assert rule.summary and rule.rationale
        assert rule.example.startswith("# controls/")
        YAML(typ="safe").load(rule.example)  # the example is valid YAML


def test_well_tested_program_is_quiet(program: Make) -> None:
    text = controls(
        control(
            _with_covers(
                a_test("T-AC-01", "2026-04-02", population=4, sample_size=2, exceptions=0),
                "2026-01-01",
                "2026-04-01",
            ),
            frequency="quarterly",
        )
    )
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.findings == []
    assert run.exit_code == 0


# ----------------------------------------------------------------------------- untested-control


def test_control_without_tests_is_untested(program: Make) -> None:
    text = controls(control())
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("untested-control") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' has no tests, so nothing shows it works for 'soc2-2026' (SOC 2 Type 2); "
        "add an operating test performed on or after 2026-01-01"
    )
    assert finding["severity"] == "error"
    assert run.exit_code == 1


def test_test_before_the_period_does_not_count(program: Make) -> None:
    text = controls(
        control(a_test("T-AC-01-2023", "2023-12-01"), a_test("T-AC-01-2024", "2024-03-02"))
    )
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' was last tested 2024-03-02, before the period starting 2026-01-01 of "
        "'soc2-2026' (SOC 2 Type 2); add an operating test performed on or after 2026-01-01"
    )


def test_design_test_does_not_count_for_type_2(program: Make) -> None:
    text = controls(control(a_test(kind="design")))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"].startswith(
        "control 'AC-01' has only design tests for 'soc2-2026' (SOC 2 Type 2)"
    )


def test_old_operating_test_with_recent_design_test_says_why(program: Make) -> None:
    text = controls(
        control(a_test("T-OLD", "2025-05-01"), a_test("T-WALK", "2026-02-01", kind="design"))
    )
    [finding] = only(
        validate_json(program(controls={"access.yaml": text})).findings, "untested-control"
    )
    assert finding["message"].startswith(
        "control 'AC-01' was last tested 2025-05-01, before the period starting 2026-01-01 of "
        "'soc2-2026' (SOC 2 Type 2) (design tests do not count for a Type 2 report)"
    )


def test_test_for_another_report_does_not_count(program: Make) -> None:
    system = system_with(
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
            categories: [security]
          - id: soc2-2025
            framework: soc2
            type: 2
            period: {start: 2025-01-01, end: 2025-12-31}
            categories: [security]
        """
    )
    text = controls(control(a_test("T-AC-01-2025", "2025-06-01", report="soc2-2025")))
    run = validate_json(program(controls={"access.yaml": text}, system=system))
    # Counts for soc2-2025; soc2-2026 has nothing. (The baseline's coverage control sampled
    # 2026 only, so it is untested for soc2-2025: not this test's concern.)
    assert [w for w in run.where("untested-control") if w[0] == FILE] == [(FILE, 2, 5, "AC-01")]
    [finding] = [f for f in only(run.findings, "untested-control") if f["subject"] == "AC-01"]
    assert finding["message"] == (
        "control 'AC-01' is tested only for 'soc2-2025', not for 'soc2-2026' (SOC 2 Type 2); "
        "add an operating test performed on or after 2026-01-01 whose 'report' is 'soc2-2026'"
    )


def test_test_naming_an_unknown_report_counts_for_nothing_and_does_not_crash(
    program: Make,
) -> None:
    text = controls(
        control(
            a_test("T-1", "2026-04-02", report="soc2-2062", sample_size=1, population=99),
            frequency="daily",
        )
    )
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert "tested only for 'soc2-2062', not for 'soc2-2026'" in finding["message"]
    # Not a Type 2 test either, so its sample is not judged.
    assert run.where("insufficient-sample") == []


def test_period_boundaries(program: Make) -> None:
    on_start = controls(control(a_test("T-1", "2026-01-01")))
    assert (
        validate_json(program(controls={"access.yaml": on_start})).where("untested-control") == []
    )
    day_before = controls(control(a_test("T-1", "2025-12-31")))
    assert validate_json(program(controls={"access.yaml": day_before})).where(
        "untested-control"
    ) == [(FILE, 2, 5, "AC-01")]


def test_tests_after_the_period_count_as_fieldwork(program: Make) -> None:
    text = controls(control(a_test("T-1", "2026-08-15")))
    assert validate_json(program(controls={"access.yaml": text})).where("untested-control") == []


def test_future_test_counts_for_nothing(program: Make) -> None:
    text = controls(control(a_test("T-1", "2027-01-05")))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"].startswith(
        "control 'AC-01' has no test for 'soc2-2026' (SOC 2 Type 2) performed by today "
        "(2026-11-20): its tests are dated in the future"
    )
    assert run.where("future-date") == [(FILE, *locate(text, "2027-01-05"), "T-1")]


def test_control_in_scope_for_soc1_type1_and_soc2_type2(program: Make) -> None:
    """One finding per report: a design walkthrough serves the Type 1, not the Type 2."""
    text = controls(control(a_test("T-WALK", "2026-05-10", kind="design"), objectives="[CO-1]"))
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert "'soc2-2026' (SOC 2 Type 2)" in finding["message"]

    # An operating test in the period serves both reports.
    both = controls(control(a_test("T-OP", "2026-05-10"), objectives="[CO-1]"))
    run = validate_json(program(controls={"access.yaml": both}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == []


def test_untested_for_both_reports_gives_one_finding_each(program: Make) -> None:
    text = controls(control(objectives="[CO-1]"))
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01"), (FILE, 2, 5, "AC-01")]
    messages = sorted(str(f["message"]) for f in only(run.findings, "untested-control"))
    assert messages == [
        "control 'AC-01' has no tests, so nothing shows it works for 'soc1-2026' (SOC 1 Type 1); "
        "add a design or operating test performed on or after 2025-06-30",
        "control 'AC-01' has no tests, so nothing shows it works for 'soc2-2026' (SOC 2 Type 2); "
        "add an operating test performed on or after 2026-01-01",
    ]


def test_soc1_only_control_is_judged_by_the_soc1_report_only(program: Make) -> None:
    """Mapped to an objective but no criterion: out of scope for the SOC 2 report."""
    text = controls(
        control(a_test("T-WALK", "2026-05-10", kind="design"), criteria="[]", objectives="[CO-1]")
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == []


def test_type1_twelve_month_lookback(program: Make) -> None:
    inside = controls(
        control(a_test("T-1", "2025-06-30", kind="design"), criteria="[]", objectives="[CO-1]")
    )
    run = validate_json(program(controls={"access.yaml": inside}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == []

    outside = controls(
        control(a_test("T-1", "2025-06-29", kind="design"), criteria="[]", objectives="[CO-1]")
    )
    run = validate_json(program(controls={"access.yaml": outside}, system=SOC1_AND_SOC2))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' was last tested 2025-06-29, more than 12 months before the 2026-06-30 "
        "as-of date of 'soc1-2026' (SOC 1 Type 1); add a design or operating test performed on "
        "or after 2025-06-30"
    )


def test_out_of_scope_control_is_not_judged(program: Make) -> None:
    # A1.2 belongs to Availability, which the baseline report does not select.
    text = controls(control(criteria="[A1.2]"))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("untested-control") == []


@pytest.mark.parametrize(
    "reports",
    [
        # Type 2 without a period, and one whose period ends before it starts.
        """
          - {id: soc2-2026, framework: soc2, type: 2, categories: [security]}
        """,
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {start: 2026-06-30, end: 2026-01-01}
            categories: [security]
        """,
        # Type 1 without an as-of date; and one with an impossible date.
        """
          - {id: soc2-2026, framework: soc2, type: 1, categories: [security]}
        """,
        """
          - {id: soc2-2026, framework: soc2, type: 1, as_of: 2026-02-30, categories: [security]}
        """,
    ],
    ids=["no-period", "reversed-period", "no-as-of", "invalid-as-of"],
)
def test_reports_without_usable_dates_are_skipped(program: Make, reports: str) -> None:
    text = controls(control())
    run = validate_json(program(controls={"access.yaml": text}, system=system_with(reports)))
    assert run.where("untested-control") == []


def test_report_whose_period_has_not_started_is_not_judged_yet(program: Make) -> None:
    """Next year's report may be declared early: before its period starts no test can count
    for it, so flagging every control would be noise nobody can fix."""
    system = system_with(
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
            categories: [security]
          - id: soc2-2027
            framework: soc2
            type: 2
            period: {start: 2027-01-01, end: 2027-12-31}
            categories: [security]
          - id: soc2-2028-t1
            framework: soc2
            type: 1
            as_of: 2028-06-30
            categories: [security]
        """
    )
    root = program(controls={"access.yaml": controls(control())}, system=system)
    run = validate_json(root)
    assert [f["message"] for f in only(run.findings, "untested-control")] == [
        "control 'AC-01' has no tests, so nothing shows it works for 'soc2-2026' (SOC 2 Type 2); "
        "add an operating test performed on or after 2026-01-01"
    ]
    # From the first day of its period, the new report is judged like any other.
    later = run_cli("validate", root, "--format", "json", "--today", "2027-01-01")
    judged = sorted(
        f["message"] for f in only(later.findings, "untested-control") if f["subject"] == "AC-01"
    )
    assert [message.split(" works for ")[1].split(";")[0] for message in judged] == [
        "'soc2-2026' (SOC 2 Type 2)",
        "'soc2-2027' (SOC 2 Type 2)",
    ]


def test_test_rejected_by_the_schema_is_reported_once(program: Make) -> None:
    """A test with an impossible date is dropped while loading; its schema finding says why,
    and the control is not also reported as having no tests."""
    text = controls(control(a_test("T-1", "2026-13-45")))
    run = validate_json(program(controls={"access.yaml": text}))
    assert [(f["line"], f["column"]) for f in only(run.findings, "schema")] == [
        value_at(text, "performed_on: 2026-13-45")
    ]
    assert run.where("untested-control") == []
    assert run.exit_code == 1


def test_test_rejected_for_one_report_leaves_the_other_report_judged(program: Make) -> None:
    """The rejected test was written for the SOC 1 report only: the SOC 2 report is still
    judged, and has no test."""
    text = controls(
        control(
            a_test("T-1", "2026-05-10", report="soc1-2026", result="maybe"), objectives="[CO-1]"
        )
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert [(f["line"], f["column"]) for f in only(run.findings, "schema")] == [
        value_at(text, "result: maybe")
    ]
    assert [f["message"] for f in only(run.findings, "untested-control")] == [
        "control 'AC-01' is tested only for 'soc1-2026', not for 'soc2-2026' (SOC 2 Type 2); "
        "add an operating test performed on or after 2026-01-01 whose 'report' is 'soc2-2026'"
    ]


def test_months_before_clamps_to_month_end() -> None:
    import datetime as dt

    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2026, 6, 30), 12) == dt.date(2025, 6, 30)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


# ---------------------------------------------------------------------------------- failed-test


def test_failed_test_points_at_the_result(program: Make) -> None:
    text = controls(
        control(
            a_test("T-AC-01", "2026-04-02", sample_size=2, exceptions=2, result="fail"),
            a_test("T-AC-01b", "2026-05-02", result="pass"),
        )
    )
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("failed-test") == [(FILE, *value_at(text, "result: fail"), "T-AC-01")]
    [finding] = only(run.findings, "failed-test")
    assert finding["message"] == (
        "test 'T-AC-01' of control 'AC-01' failed (2 exceptions in a sample of 2): the control "
        "did not operate as described; remediate it, record the root cause and retest"
    )
    assert finding["severity"] == "error"
    assert run.exit_code == 1
    # A failed test's exceptions are part of the failure, not a second finding.
    assert run.where("test-exceptions") == []


def test_passing_and_exception_results_are_not_failures(program: Make) -> None:
    text = controls(
        control(
            a_test("T-1", "2026-04-02", sample_size=2, exceptions=0),
            a_test("T-2", "2026-05-02", sample_size=2, exceptions=1, result="exceptions"),
        )
    )
    assert validate_json(program(controls={"access.yaml": text})).where("failed-test") == []


# ------------------------------------------------------------------------------ test-exceptions


def test_exceptions_result_points_at_the_result_and_counts(program: Make) -> None:
    text = controls(
        control(
            a_test(
                "T-AC-01",
                "2026-04-02",
                population=40,
                sample_size=25,
                exceptions=2,
                result="exceptions",
            ),
            frequency="weekly",
        )
    )
    text += "".join(  # each exception described (else undocumented-deviation, an error)
        f"        {line}\n"
        for line in (
            "deviations:",
            "  - {item: W-03, description: Late, management_response: Reminder set.}",
            "  - {item: W-11, description: Late, management_response: Reminder set.}",
        )
    )
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("test-exceptions") == [
        (FILE, *value_at(text, "result: exceptions"), "T-AC-01")
    ]
    [finding] = only(run.findings, "test-exceptions")
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "test 'T-AC-01' of control 'AC-01' found 2 exceptions in a sample of 25; the auditor "
        "reports each with management's response and judges whether the control can still be "
        "relied on"
    )
    assert run.exit_code == 0  # warnings do not fail by default


def test_exception_count_on_a_passing_test_points_at_the_count(program: Make) -> None:
    text = controls(control(a_test("T-AC-01", "2026-04-02", sample_size=2, exceptions=1)))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("test-exceptions") == [(FILE, *value_at(text, "exceptions: 1"), "T-AC-01")]
    [finding] = only(run.findings, "test-exceptions")
    assert finding["message"].startswith(
        "test 'T-AC-01' of control 'AC-01' is marked 'pass' but found 1 exception in a sample "
        "of 2; set 'result: exceptions'"
    )


def test_exceptions_result_without_a_count(program: Make) -> None:
    text = controls(control(a_test("T-AC-01", "2026-04-02", result="exceptions")))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("test-exceptions") == [
        (FILE, *value_at(text, "result: exceptions"), "T-AC-01")
    ]
    [finding] = only(run.findings, "test-exceptions")
    assert "does not say how many" in finding["message"]


def test_no_exceptions_is_quiet(program: Make) -> None:
    text = controls(control(a_test("T-1", "2026-04-02", sample_size=2, exceptions=0)))
    assert validate_json(program(controls={"access.yaml": text})).where("test-exceptions") == []


# -------------------------------------------------------------------------- insufficient-sample


def test_daily_control_needs_twenty(program: Make) -> None:
    text = controls(control(a_test("T-AC-01", "2026-04-02", sample_size=5), frequency="daily"))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("insufficient-sample") == [
        (FILE, *value_at(text, "sample_size: 5"), "T-AC-01")
    ]
    [finding] = only(run.findings, "insufficient-sample")
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "test 'T-AC-01' of control 'AC-01' sampled 5 items; a daily control needs at least 20 "
        "for a Type 2 report (if it ran fewer than 20 times in the period, record 'population' "
        "and test every occurrence)"
    )


@pytest.mark.parametrize(
    ("frequency", "minimum"),
    [
        ("annual", 1),
        ("semi-annual", 1),
        ("quarterly", 2),
        ("monthly", 2),
        ("weekly", 5),
        ("daily", 20),
        ("multiple-daily", 25),
        ("continuous", 1),
        ("as-needed", 25),
    ],
)
def test_minimum_by_frequency(program: Make, frequency: str, minimum: int) -> None:
    assert DEFAULT_POLICY.minimums[frequency] == minimum
    enough = controls(control(a_test("T-1", sample_size=minimum), frequency=frequency))
    run = validate_json(program(controls={"access.yaml": enough}))
    assert run.where("insufficient-sample") == []

    short = controls(control(a_test("T-1", sample_size=minimum - 1), frequency=frequency))
    run = validate_json(program(controls={"access.yaml": short}))
    assert run.where("insufficient-sample") == [
        (FILE, *value_at(short, f"sample_size: {minimum - 1}"), "T-1")
    ]
    [finding] = only(run.findings, "insufficient-sample")
    assert f"{frequency} control needs at least {minimum}" in finding["message"]
    assert f"sampled {minimum - 1} item" in finding["message"]


def test_small_population_must_be_tested_in_full(program: Make) -> None:
    text = controls(control(a_test("T-1", population=12, sample_size=10), frequency="as-needed"))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("insufficient-sample") == [(FILE, *value_at(text, "sample_size: 10"), "T-1")]
    [finding] = only(run.findings, "insufficient-sample")
    assert finding["message"] == (
        "test 'T-1' of control 'AC-01' sampled 10 items; an as-needed control with a "
        "population of 12 needs every item tested for a Type 2 report"
    )
    whole = controls(control(a_test("T-1", population=12, sample_size=12), frequency="as-needed"))
    assert (
        validate_json(program(controls={"access.yaml": whole})).where("insufficient-sample") == []
    )


def test_automated_control_needs_a_test_of_one(program: Make) -> None:
    one = controls(control(a_test("T-1", sample_size=1), frequency="daily", automation="automated"))
    assert validate_json(program(controls={"access.yaml": one})).where("insufficient-sample") == []
    none = controls(
        control(a_test("T-1", sample_size=0), frequency="daily", automation="automated")
    )
    run = validate_json(program(controls={"access.yaml": none}))
    assert run.where("insufficient-sample") == [(FILE, *value_at(none, "sample_size: 0"), "T-1")]
    [finding] = only(run.findings, "insufficient-sample")
    assert "an automated control (run daily) needs at least 1" in finding["message"]
    # A sample of nothing is reported even with no frequency or population to judge by.
    bare = controls(control(a_test("T-1", population=0, sample_size=0), frequency=None))
    run = validate_json(program(controls={"access.yaml": bare}))
    assert run.where("insufficient-sample") == [(FILE, *value_at(bare, "sample_size: 0"), "T-1")]
    [finding] = only(run.findings, "insufficient-sample")
    assert finding["message"] == (
        "test 'T-1' of control 'AC-01' sampled nothing (sample_size 0), so it shows nothing "
        "about how the control operated; record the items examined, or, if the control never "
        "ran in the period, tell the auditor instead of recording a test"
    )


def test_sample_larger_than_population(program: Make) -> None:
    # No frequency: only the population check applies.
    text = controls(control(a_test("T-1", population=3, sample_size=4), frequency=None))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("insufficient-sample") == [(FILE, *value_at(text, "sample_size: 4"), "T-1")]
    [finding] = only(run.findings, "insufficient-sample")
    assert finding["message"] == (
        "test 'T-1' of control 'AC-01' sampled 4 items from a population of only 3; a sample "
        "cannot be larger than its population, so correct one of the figures"
    )


def test_no_frequency_no_minimum(program: Make) -> None:
    text = controls(control(a_test("T-1", population=300, sample_size=1), frequency=None))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("insufficient-sample") == []


@pytest.mark.parametrize(
    "test_yaml",
    [
        a_test("T-1", kind="design", sample_size=1),  # design tests are not sampled for Type 2
        a_test("T-1"),  # no sample size recorded
        a_test("T-1", report="soc1-2026", sample_size=1),  # counts for the Type 1 report only
    ],
    ids=["design", "no-sample-size", "type1-report"],
)
def test_sample_rules_apply_to_type2_operating_tests_only(program: Make, test_yaml: str) -> None:
    text = controls(control(test_yaml, frequency="daily", objectives="[CO-1]"))
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("insufficient-sample") == []


def test_sample_rule_applies_to_test_naming_the_type2_report(program: Make) -> None:
    text = controls(
        control(
            a_test("T-1", report="soc2-2026", sample_size=3), frequency="daily", objectives="[CO-1]"
        )
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("insufficient-sample") == [(FILE, *value_at(text, "sample_size: 3"), "T-1")]


def test_unnamed_test_of_a_control_outside_every_type2_scope_is_not_sampled(
    program: Make,
) -> None:
    """A SOC 1-only control (no criteria) in a program whose Type 2 report is SOC 2."""
    text = controls(
        control(a_test("T-1", sample_size=1), criteria="[]", objectives="[CO-1]", frequency="daily")
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("insufficient-sample") == []


def test_program_with_only_a_type1_report_has_no_sample_minimums(program: Make) -> None:
    system = system_with(
        """
          - {id: soc2-2026, framework: soc2, type: 1, as_of: 2026-06-30, categories: [security]}
        """
    )
    text = controls(control(a_test("T-1", sample_size=1), frequency="daily"))
    run = validate_json(program(controls={"access.yaml": text}, system=system))
    assert run.where("insufficient-sample") == []
    assert ours(run.findings) == []


# ----------------------------------------------------------------------- tester-not-independent


@pytest.mark.parametrize(
    ("owner", "tester", "relation"),
    [
        ("alice", "alice", "Alice Owner ('alice'), who owns the control"),
        (
            "platform",
            "alice",
            "Alice Owner ('alice'), who leads team 'platform', the control's owner",
        ),
        ("platform", "bob", "Bob Member ('bob'), a member of team 'platform', the control's owner"),
    ],
)
def test_tester_from_the_owning_side(program: Make, owner: str, tester: str, relation: str) -> None:
    text = controls(
        control(a_test("T-AC-01", performed_by=tester), owner=owner, objectives="[CO-1]")
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    assert run.where("tester-not-independent") == [
        (FILE, *value_at(text, f"performed_by: {tester}"), "T-AC-01")
    ]
    [finding] = only(run.findings, "tester-not-independent")
    assert finding["message"] == (
        f"test 'T-AC-01' of control 'AC-01' was performed by {relation}; have someone "
        "independent of the control test it"
    )


def test_independent_tester_is_quiet(program: Make) -> None:
    text = controls(control(a_test("T-1", performed_by="tom"), owner="platform"))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("tester-not-independent") == []


def test_unowned_control_has_no_independence_finding(program: Make) -> None:
    text = dedent(
        """
        controls:
          - id: AC-01
            title: Access review
            description: Access to production is reviewed every quarter.
            criteria: [CC6.1]
            tests:
              - id: T-1
                method: inspection
                procedure: Inspected the reviews.
                performed_on: 2026-04-02
                performed_by: alice
                result: pass
        """
    )
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("tester-not-independent") == []


# ---------------------------------------------------------------------------------- future-date


def test_future_date_points_at_the_date(program: Make) -> None:
    text = controls(control(a_test("T-0", "2026-04-02"), a_test("T-1", "2026-11-21")))
    run = validate_json(program(controls={"access.yaml": text}))
    assert run.where("future-date") == [(FILE, *locate(text, "2026-11-21"), "T-1")]
    assert run.where("future-date") == [(FILE, 18, 23, "T-1")]  # the value, counted by hand
    [finding] = only(run.findings, "future-date")
    assert finding["message"] == (
        "test 'T-1' of control 'AC-01' is dated 2026-11-21, after today (2026-11-20); record "
        "the date the test was actually performed, or add the test once it has been"
    )
    assert finding["severity"] == "error"


def test_test_dated_today_is_not_in_the_future(program: Make) -> None:
    """Today is also the last day of fieldwork here (the period ends 2026-06-30, plus the
    default 90 days): the test counts."""
    text = controls(control(a_test("T-1", "2026-09-28")))
    run = run_cli(
        "validate",
        program(controls={"access.yaml": text}),
        "--format",
        "json",
        "--today",
        "2026-09-28",
    )
    assert run.where("future-date") == []
    assert ours(run.findings) == []


def test_each_report_gets_its_own_reason(program: Make) -> None:
    text = controls(
        control(
            a_test("T-OLD", "2024-01-10"),
            a_test("T-WALK", "2026-03-01", kind="design", report="soc2-2026"),
            objectives="[CO-1]",
        )
    )
    run = validate_json(program(controls={"access.yaml": text}, system=SOC1_AND_SOC2))
    messages = sorted(str(f["message"]) for f in only(run.findings, "untested-control"))
    assert messages == [
        "control 'AC-01' was last tested 2024-01-10, before the period starting 2026-01-01 of "
        "'soc2-2026' (SOC 2 Type 2) (design tests do not count for a Type 2 report); add an "
        "operating test performed on or after 2026-01-01",
        # The walkthrough names the SOC 2 report, so the SOC 1 report cannot use it.
        "control 'AC-01' was last tested 2024-01-10, more than 12 months before the 2026-06-30 "
        "as-of date of 'soc1-2026' (SOC 1 Type 1); add a design or operating test performed on "
        "or after 2025-06-30",
    ]


def test_sample_policy_overrides_replace_only_what_they_name() -> None:
    policy = DEFAULT_POLICY.with_overrides({"daily": 25}, automated=2)
    assert policy.minimums["daily"] == 25
    assert policy.minimums["weekly"] == DEFAULT_POLICY.minimums["weekly"]
    minimum = policy.minimum("daily", "automated", None)
    assert minimum is not None and minimum.size == 2
    assert DEFAULT_POLICY.minimums["daily"] == 20  # the defaults are untouched
    with pytest.raises(ValueError, match="unknown frequencies: hourly"):
        DEFAULT_POLICY.with_overrides({"hourly": 40})


def test_an_operating_test_that_sampled_nothing_does_not_count(program: Make) -> None:
    """A sample of 0 (the skeleton 'new test' writes) shows nothing about operation: the
    control stays untested, in validate and in the readiness report alike."""
    text = controls(control(a_test("T-1", population=0, sample_size=0), frequency=None))
    root = program(controls={"access.yaml": text})
    run = validate_json(root)
    assert run.where("untested-control") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' has tests for 'soc2-2026' (SOC 2 Type 2) ('T-1') that sampled nothing "
        "(sample_size 0), so none shows the control operating; record the items each test "
        "examined"
    )
    report = run_cli("report", root, "--today", TODAY, "--format", "csv").stdout
    assert "AC-01" in report
    assert "untested" in next(line for line in report.splitlines() if "T-1" in line)
    counted = controls(control(a_test("T-1", population=1, sample_size=1), frequency=None))
    assert validate_json(program(controls={"access.yaml": counted})).where("untested-control") == []


# ------------------------------------------------- counting: fieldwork_days and covers (#15)


def _with_covers(test_yaml: str, start: str, end: str) -> str:
    return test_yaml + f"        covers: {{start: {start}, end: {end}}}\n"


def test_fieldwork_window_ends_fieldwork_days_after_the_period(program: Make) -> None:
    """The period ends 2026-06-30; with the default 90 days of fieldwork a test performed
    on 2026-09-28 counts and one performed on 2026-09-29 does not."""
    last_day = controls(control(a_test("T-1", "2026-09-28")))
    run = validate_json(program(controls={"access.yaml": last_day}))
    assert run.where("untested-control") == []

    late = controls(control(a_test("T-1", "2026-09-29")))
    run = validate_json(program(controls={"access.yaml": late}))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' has tests for 'soc2-2026' (SOC 2 Type 2), but none counts: 'T-1' was "
        "performed more than 90 days (fieldwork_days) after the period ended on 2026-06-30, so "
        "it tested a later period; perform the test from 2026-01-01 to 2026-09-28"
    )


def test_fieldwork_days_comes_from_the_configuration(program: Make) -> None:
    text = controls(control(a_test("T-1", "2026-07-31")))
    shorter = {"soccheck.yaml": "fieldwork_days: 30\n"}
    run = validate_json(program(controls={"access.yaml": text}, extra=shorter))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    assert (
        "more than 30 days (fieldwork_days)" in only(run.findings, "untested-control")[0]["message"]
    )
    # 0 days: only tests performed within the period count.
    on_end = controls(control(a_test("T-1", "2026-06-30")))
    none = {"soccheck.yaml": "fieldwork_days: 0\n"}
    assert (
        validate_json(program(controls={"access.yaml": on_end}, extra=none)).where(
            "untested-control"
        )
        == []
    )


def test_fieldwork_days_in_pyproject_toml(program: Make) -> None:
    """The same setting from [tool.soccheck], through a real process."""
    text = controls(
        control(
            _with_covers(
                a_test("T-1", "2026-10-15", population=2, sample_size=2), "2026-01-01", "2026-06-30"
            )
        )
    )
    toml = {"pyproject.toml": '[project]\nname = "x"\n\n[tool.soccheck]\nfieldwork_days = 120\n'}
    root = program(controls={"access.yaml": text}, extra=toml)
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stdout
    assert run.findings == []


def test_a_test_whose_covers_lies_outside_the_period_does_not_count(program: Make) -> None:
    before = controls(
        control(_with_covers(a_test("T-1", "2026-03-02"), "2025-07-01", "2025-12-31"))
    )
    run = validate_json(program(controls={"access.yaml": before}))
    assert run.where("untested-control") == [(FILE, 2, 5, "AC-01")]
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' has tests for 'soc2-2026' (SOC 2 Type 2), but none counts: the spans "
        "sampled ('covers': 'T-1' 2025-07-01 to 2025-12-31) lie wholly outside the period; "
        "sample occurrences from 2026-01-01 to 2026-06-30"
    )
    after = controls(control(_with_covers(a_test("T-1", "2026-08-02"), "2026-07-01", "2026-07-31")))
    assert validate_json(program(controls={"access.yaml": after})).where("untested-control") == [
        (FILE, 2, 5, "AC-01")
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [("2025-07-01", "2026-01-01"), ("2026-06-30", "2026-09-30"), ("2026-02-01", "2026-04-30")],
)
def test_a_test_whose_covers_reaches_into_the_period_counts(
    program: Make, start: str, end: str
) -> None:
    text = controls(control(_with_covers(a_test("T-1", "2026-03-02"), start, end)))
    assert validate_json(program(controls={"access.yaml": text})).where("untested-control") == []


def test_every_reason_a_test_does_not_count_is_named(program: Make) -> None:
    text = controls(
        control(
            a_test("T-LATE", "2026-10-01"),
            _with_covers(a_test("T-OLD", "2026-02-01"), "2025-01-01", "2025-06-30"),
            a_test("T-EMPTY", "2026-03-01", sample_size=0),
        )
    )
    run = validate_json(program(controls={"access.yaml": text}))
    [finding] = only(run.findings, "untested-control")
    assert finding["message"] == (
        "control 'AC-01' has tests for 'soc2-2026' (SOC 2 Type 2), but none counts: 'T-LATE' "
        "was performed more than 90 days (fieldwork_days) after the period ended on "
        "2026-06-30, so it tested a later period; the spans sampled ('covers': 'T-OLD' "
        "2025-01-01 to 2025-06-30) lie wholly outside the period; 'T-EMPTY' sampled nothing "
        "(sample_size 0); perform the test from 2026-01-01 to 2026-09-28 and sample "
        "occurrences from 2026-01-01 to 2026-06-30 and record the items each test examined"
    )


def test_covers_and_fieldwork_do_not_apply_to_a_type1_report(program: Make) -> None:
    """A Type 1 report is about one day's design: a test a year old with a span before it
    still counts (12-month look-back), whatever fieldwork_days says."""
    system = dedent(
        """
        name: Demo
        reports:
          - {id: soc2-t1, framework: soc2, type: 1, as_of: 2026-06-30, categories: [security]}
        people:
          - {id: alice, name: Alice Owner}
          - {id: tom, name: Tom Tester}
        teams:
          - {id: platform, name: Platform, lead: alice, members: [alice]}
        """
    )
    text = controls(control(_with_covers(a_test("T-1", "2025-09-01"), "2025-01-01", "2025-06-30")))
    extra = {"soccheck.yaml": "fieldwork_days: 0\n"}
    run = validate_json(program(controls={"access.yaml": text}, system=system, extra=extra))
    assert run.where("untested-control") == []


# ---------------------------------------------------------- insufficient-sample: 'sampling'


def test_configured_sampling_raises_a_minimum(program: Make) -> None:
    text = controls(control(a_test("T-1", sample_size=2), frequency="monthly"))
    config = {"soccheck.yaml": "sampling:\n  monthly: 3\n"}
    run = validate_json(program(controls={"access.yaml": text}, extra=config))
    assert run.where("insufficient-sample") == [(FILE, *value_at(text, "sample_size: 2"), "T-1")]
    [finding] = only(run.findings, "insufficient-sample")
    assert finding["message"] == (
        "test 'T-1' of control 'AC-01' sampled 2 items; a monthly control needs at least 3 "
        "(the configuration's 'sampling') for a Type 2 report (if it ran fewer than 3 times "
        "in the period, record 'population' and test every occurrence)"
    )
    # Without the configuration, 2 is the built-in minimum for a monthly control.
    root = program(controls={"access.yaml": text})
    (root / "soccheck.yaml").unlink()
    assert validate_json(root).where("insufficient-sample") == []


def test_configured_sampling_lowers_a_minimum_and_keeps_the_rest(program: Make) -> None:
    config = {"soccheck.yaml": "sampling: {daily: 15}\n"}
    daily = controls(control(a_test("T-1", sample_size=15), frequency="daily"))
    assert (
        validate_json(program(controls={"access.yaml": daily}, extra=config)).where(
            "insufficient-sample"
        )
        == []
    )
    weekly = controls(control(a_test("T-1", sample_size=4), frequency="weekly"))
    run = validate_json(program(controls={"access.yaml": weekly}, extra=config))
    assert run.where("insufficient-sample") == [(FILE, *value_at(weekly, "sample_size: 4"), "T-1")]
    assert (
        "a weekly control needs at least 5 for"
        in only(run.findings, "insufficient-sample")[0]["message"]
    )
