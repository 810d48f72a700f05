"""unselected-criterion, security-not-selected, out-of-scope-criterion: what a report examines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CC, SYSTEM, dedent, run_cli, validate_json

SCOPE_RULES = {
    "unselected-criterion": "error",
    "security-not-selected": "error",
    "out-of-scope-criterion": "warning",
    "unknown-criterion": "error",
    "uncovered-objective": "error",
    "unknown-objective": "error",
    "unmapped-control": "warning",
    "missing-csoc": "error",
}

REPORT_HEAD = """\
name: Demo SaaS
reports:
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
"""
"""Lines 1-6 of every system description below; line 7 onwards is each test's own."""

PEOPLE = """\
people:
  - {id: alice, name: Alice Owner}
  - {id: tom, name: Tom Tester}
"""


def _control(ident: str, criteria: str) -> str:
    """A complete control whose only variable part is its criteria (line 5 of the file)."""
    return dedent(
        f"""
        controls:
          - id: {ident}
            title: Control {ident}
            description: The platform team performs {ident} every month and keeps the record.
            criteria: {criteria}
            owner: alice
            frequency: monthly
            nature: preventive
            automation: manual
            tests:
              - id: T-{ident}
                method: inspection
                procedure: Inspected two monthly records.
                performed_on: 2026-07-02
                performed_by: tom
                covers: {{start: 2026-01-01, end: 2026-06-30}}
                population: 6
                sample_size: 2
                exceptions: 0
                result: pass
        """
    )


def test_baseline_is_quiet_for_every_scope_rule(program: Callable[..., Path]) -> None:
    run = validate_json(program())
    assert run.exit_code == 0, run.stdout
    assert not set(run.rules()) & set(SCOPE_RULES)


# --------------------------------------------------------------------- unselected-criterion


def test_unmapped_common_criteria_point_at_the_security_entry(
    program: Callable[..., Path],
) -> None:
    root = program(coverage=False, controls={"access.yaml": _control("AC-01", "[CC6.1]")})
    run = validate_json(root)
    assert run.exit_code == 1
    assert run.where("unselected-criterion") == [
        ("system.yaml", 7, 18, criterion) for criterion in CC if criterion != "CC6.1"
    ]
    [cc81] = [f for f in run.findings if f["subject"] == "CC8.1"]
    assert cc81["severity"] == "error"
    message = cc81["message"]
    assert message.startswith("'CC8.1' (Changes go through authorization")
    assert "'soc2-2026' (SOC 2 Type 2)" in message
    assert "common criterion" in message
    assert "map a control to 'CC8.1'" in message
    assert "not_applicable" in message


def test_selected_category_criteria_point_at_that_category(program: Callable[..., Path]) -> None:
    system = REPORT_HEAD + "    categories: [security, availability]\n" + PEOPLE
    root = program(system=system, controls={"backup.yaml": _control("BK-01", "[A1.2]")})
    run = validate_json(root)
    assert run.where("unselected-criterion") == [
        ("system.yaml", 7, 28, "A1.1"),
        ("system.yaml", 7, 28, "A1.3"),
    ]
    [a11, _] = [f for f in run.findings if f["rule"] == "unselected-criterion"]
    assert "because it selects Availability" in a11["message"]


def test_block_style_categories(program: Callable[..., Path]) -> None:
    system = REPORT_HEAD + "    categories:\n      - security\n      - confidentiality\n" + PEOPLE
    run = validate_json(program(system=system))
    assert run.where("unselected-criterion") == [
        ("system.yaml", 9, 9, "C1.1"),
        ("system.yaml", 9, 9, "C1.2"),
    ]


def test_not_applicable_with_a_reason_excuses_a_criterion(program: Callable[..., Path]) -> None:
    system = (
        REPORT_HEAD
        + (
            "    categories: [security, availability]\n"
            "    not_applicable:\n"
            "      - criterion: A1.3\n"
            "        reason: No recovery site; customers host their own replicas.\n"
        )
        + PEOPLE
    )
    root = program(system=system, controls={"backup.yaml": _control("BK-01", "[A1.1, A1.2]")})
    run = validate_json(root)
    assert "unselected-criterion" not in run.rules()


def test_not_applicable_with_a_blank_reason_does_not_excuse(
    program: Callable[..., Path],
) -> None:
    system = (
        REPORT_HEAD
        + (
            "    categories: [security, availability]\n"
            "    not_applicable:\n"
            "      - {criterion: A1.3, reason: ' '}\n"
        )
        + PEOPLE
    )
    root = program(system=system, controls={"backup.yaml": _control("BK-01", "[A1.1, A1.2]")})
    run = validate_json(root)
    assert run.where("unselected-criterion") == [("system.yaml", 7, 28, "A1.3")]
    assert "gives no reason" in run.findings[0]["message"]


def test_one_finding_per_report_and_soc1_reports_are_ignored(
    program: Callable[..., Path],
) -> None:
    system = dedent(
        """
        name: Demo SaaS
        reports:
          - id: soc2-2026
            framework: soc2
            type: 1
            as_of: 2026-06-30
            categories: [security, confidentiality]
          - id: soc2-2027
            framework: soc2
            type: 2
            period: {start: 2027-01-01, end: 2027-06-30}
            categories: [security, confidentiality]
          - id: soc1-2026
            framework: soc1
            type: 1
            as_of: 2026-06-30
        people:
          - {id: alice, name: Alice Owner}
          - {id: tom, name: Tom Tester}
        """
    )
    root = program(system=system, controls={"conf.yaml": _control("CF-01", "[C1.1]")})
    run = validate_json(root)
    assert run.where("unselected-criterion") == [
        ("system.yaml", 7, 28, "C1.2"),
        ("system.yaml", 12, 28, "C1.2"),
    ]
    messages = [f["message"] for f in run.findings if f["rule"] == "unselected-criterion"]
    assert "'soc2-2026' (SOC 2 Type 1)" in messages[0]
    assert "'soc2-2027' (SOC 2 Type 2)" in messages[1]


def test_common_criteria_without_security_point_at_the_categories_key(
    program: Callable[..., Path],
) -> None:
    system = REPORT_HEAD + "    categories: [availability]\n" + PEOPLE
    root = program(
        system=system,
        coverage=False,
        controls={"backup.yaml": _control("BK-01", "[A1.1, A1.2, A1.3]")},
    )
    run = validate_json(root)
    assert run.where("unselected-criterion") == [("system.yaml", 7, 5, c) for c in CC]


def test_wrongly_cased_mapping_does_not_cover_the_criterion(
    program: Callable[..., Path],
) -> None:
    system = REPORT_HEAD + "    categories: [security, confidentiality]\n" + PEOPLE
    root = program(system=system, controls={"conf.yaml": _control("CF-01", "[C1.1, c1.2]")})
    run = validate_json(root)
    assert run.where("unselected-criterion") == [("system.yaml", 7, 28, "C1.2")]
    assert run.where("unknown-criterion") == [("controls/conf.yaml", 5, 22, "CF-01")]


def test_common_criteria_without_categories_point_at_the_report(
    program: Callable[..., Path],
) -> None:
    root = program(
        system=REPORT_HEAD + PEOPLE,
        coverage=False,
        controls={"access.yaml": _control("AC-01", "[CC6.1]")},
    )
    run = validate_json(root)
    assert run.where("unselected-criterion") == [
        ("system.yaml", 3, 5, criterion) for criterion in CC if criterion != "CC6.1"
    ]


# -------------------------------------------------------------------- security-not-selected


def test_security_not_selected_points_at_the_categories_key(
    program: Callable[..., Path],
) -> None:
    system = REPORT_HEAD + "    categories: [availability]\n" + PEOPLE
    root = program(system=system, controls={"backup.yaml": _control("BK-01", "[A1.1, A1.2, A1.3]")})
    run = validate_json(root)
    assert run.exit_code == 1
    assert run.where("security-not-selected") == [("system.yaml", 7, 5, "soc2-2026")]
    [finding] = [f for f in run.findings if f["rule"] == "security-not-selected"]
    assert finding["severity"] == "error"
    assert "lists only availability" in finding["message"]
    assert "add 'security' to its categories" in finding["message"]


def test_security_not_selected_without_categories_points_at_the_report(
    program: Callable[..., Path],
) -> None:
    run = validate_json(program(system=REPORT_HEAD + PEOPLE))
    assert run.where("security-not-selected") == [("system.yaml", 3, 5, "soc2-2026")]
    assert "selects no categories" in run.findings[0]["message"]
    # The common criteria are still in scope; the baseline control covers them all.
    assert "unselected-criterion" not in run.rules()


def test_security_not_selected_ignores_soc1_reports(program: Callable[..., Path]) -> None:
    system = SYSTEM.replace(
        "reports:\n", "reports:\n  - {id: soc1-2026, framework: soc1, type: 1, as_of: 2026-06-30}\n"
    )
    run = validate_json(program(system=system))
    assert "security-not-selected" not in run.rules()


# ------------------------------------------------------------------- out-of-scope-criterion


def test_out_of_scope_criterion_points_at_each_item_once(program: Callable[..., Path]) -> None:
    root = program(controls={"x.yaml": _control("AC-01", "[CC6.1, A1.2, C1.1, A1.2]")})
    run = validate_json(root)
    assert run.where("out-of-scope-criterion") == [
        ("controls/x.yaml", 5, 23, "AC-01"),
        ("controls/x.yaml", 5, 29, "AC-01"),
    ]
    first, second = (f for f in run.findings if f["rule"] == "out-of-scope-criterion")
    assert first["severity"] == "warning"
    assert "maps 'A1.2' (Availability)" in first["message"]
    assert "add 'availability' to a report's categories" in first["message"]
    assert "'confidentiality'" in second["message"]
    assert run.exit_code == 0, "warnings alone do not fail the run"


def test_out_of_scope_is_quiet_when_a_report_selects_the_category(
    program: Callable[..., Path],
) -> None:
    system = REPORT_HEAD + "    categories: [security, availability]\n" + PEOPLE
    root = program(system=system, controls={"x.yaml": _control("AC-01", "[CC6.1, A1.2]")})
    assert "out-of-scope-criterion" not in validate_json(root).rules()


def test_out_of_scope_ignores_unknown_criteria(program: Callable[..., Path]) -> None:
    root = program(controls={"x.yaml": _control("AC-01", "[CC6.1, A9.9]")})
    run = validate_json(root)
    assert "out-of-scope-criterion" not in run.rules()
    assert run.where("unknown-criterion") == [("controls/x.yaml", 5, 23, "AC-01")]


def test_without_a_soc2_report_every_criterion_is_out_of_scope(
    program: Callable[..., Path],
) -> None:
    system = dedent(
        """
        name: Payroll
        reports:
          - {id: soc1-2026, framework: soc1, type: 1, as_of: 2026-06-30}
        people:
          - {id: alice, name: Alice Owner}
          - {id: tom, name: Tom Tester}
        """
    )
    root = program(system=system, coverage=False, controls={"x.yaml": _control("AC-01", "[CC6.1]")})
    run = validate_json(root)
    assert run.where("out-of-scope-criterion") == [("controls/x.yaml", 5, 16, "AC-01")]
    assert "defines no SOC 2 report" in run.findings[0]["message"]


# ------------------------------------------------------------------------ rule documentation


@pytest.mark.parametrize("rule_id", SCOPE_RULES)
def test_rule_is_registered_and_explained(rule_id: str) -> None:
    listed = {r["id"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert listed[rule_id]["severity"] == SCOPE_RULES[rule_id]
    run = run_cli("explain", rule_id)
    assert run.exit_code == 0
    assert "Example that triggers it:" in run.stdout
    assert len(run.stdout) > 300
