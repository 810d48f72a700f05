"""unknown-criterion, unknown-objective, uncovered-objective, unmapped-control: the mappings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SYSTEM, Run, dedent, validate_json

SOC1_SYSTEM = dedent(
    """
    name: Payroll
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
      - {id: soc1-2026, framework: soc1, type: 2, period: {start: 2026-01-01, end: 2026-06-30}}
    control_objectives:
      - {id: CO-01, title: Payroll changes are authorized}
      - id: CO-02
        title: Pay runs are complete and accurate
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
    """
)
"""Lines 1-15; objective CO-01 starts at line 10, CO-02 at line 11."""


def _control(ident: str, mapping: str) -> str:
    """A complete control; ``mapping`` (its criteria/objectives lines) starts at line 5."""
    return (
        dedent(
            f"""
            controls:
              - id: {ident}
                title: Control {ident}
                description: Payroll runs {ident} every month and keeps the record.
            """
        )
        + mapping
        + dedent(
            f"""
                owner: alice
                frequency: monthly
                tests:
                  - id: T-{ident}
                    method: inspection
                    procedure: Inspected two monthly records.
                    performed_on: 2026-04-02
                    performed_by: tom
                    population: 6
                    sample_size: 2
                    exceptions: 0
                    result: pass
            """
        )
    )


BOTH_OBJECTIVES = "    objectives: [CO-01, CO-02]\n"


def _rule_findings(run: Run, rule: str) -> list[dict[str, Any]]:
    return [f for f in run.findings if f["rule"] == rule]


# ------------------------------------------------------------------------ unknown-criterion


def test_unknown_criterion_in_a_control_suggests_the_catalog_id(
    program: Callable[..., Path],
) -> None:
    root = program(controls={"a.yaml": _control("AC-01", "    criteria: [CC6.1, CC6.10, cc6.1]\n")})
    run = validate_json(root)
    assert run.exit_code == 1
    assert run.where("unknown-criterion") == [
        ("controls/a.yaml", 5, 23, "AC-01"),
        ("controls/a.yaml", 5, 31, "AC-01"),
    ]
    first, second = _rule_findings(run, "unknown-criterion")
    assert first["severity"] == "error"
    assert first["message"] == (
        "control 'AC-01' maps 'CC6.10', which is not a criterion in the tsc-2017 catalog; "
        "did you mean 'CC6.1'?"
    )
    assert second["message"].endswith("did you mean 'CC6.1'?")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("CC3.5", "CC3.4"),  # CC7.5 is as similar, but in another series
        ("CC9.3", "CC9.2"),  # the nearest number of the series
        ("A1.4", "A1.3"),
        ("CC6.10", "CC6.1"),  # a stray digit: more similar than the nearest number CC6.8
    ],
)
def test_unknown_criterion_suggests_the_same_series_first(
    program: Callable[..., Path], written: str, meant: str
) -> None:
    root = program(controls={"a.yaml": _control("AC-01", f"    criteria: [{written}]\n")})
    [finding] = _rule_findings(validate_json(root), "unknown-criterion")
    assert finding["message"] == (
        f"control 'AC-01' maps '{written}', which is not a criterion in the tsc-2017 catalog; "
        f"did you mean '{meant}'?"
    )


def test_unknown_criterion_is_reported_once_per_control(program: Callable[..., Path]) -> None:
    root = program(controls={"a.yaml": _control("AC-01", "    criteria: [CC6.10, CC6.10]\n")})
    assert validate_json(root).where("unknown-criterion") == [("controls/a.yaml", 5, 16, "AC-01")]


def test_unknown_criterion_after_an_invalid_item_points_at_the_right_item(
    program: Callable[..., Path],
) -> None:
    """The schema check drops the number; the finding must still land on CC6.10 itself."""
    root = program(controls={"a.yaml": _control("AC-01", "    criteria: [7, CC6.10]\n")})
    run = validate_json(root)
    assert ("controls/a.yaml", 5, 16) in [
        (f["path"], f["line"], f["column"]) for f in run.findings if f["rule"] == "schema"
    ]
    assert run.where("unknown-criterion") == [("controls/a.yaml", 5, 19, "AC-01")]


def test_unknown_criterion_in_a_single_control_file_block_list(
    program: Callable[..., Path],
) -> None:
    control = dedent(
        """
        id: AC-02
        title: Password policy
        description: Identity provider enforces the password policy.
        owner: alice
        criteria:
          - CC6.1
          - P1.0
        """
    )
    run = validate_json(program(controls={"pw.yaml": control}))
    assert run.where("unknown-criterion") == [("controls/pw.yaml", 7, 5, "AC-02")]
    [finding] = _rule_findings(run, "unknown-criterion")
    assert "'P1.0' is the heading of series P1" in finding["message"]
    assert "use its criteria ('P1.1')" in finding["message"]


def test_series_name_used_as_a_criterion(program: Callable[..., Path]) -> None:
    root = program(controls={"a.yaml": _control("AC-01", "    criteria: [CC8]\n")})
    [finding] = _rule_findings(validate_json(root), "unknown-criterion")
    assert "'CC8' is a series (Change Management)" in finding["message"]
    assert "use its criteria ('CC8.1')" in finding["message"]


def test_unknown_criterion_without_a_close_match_has_no_suggestion(
    program: Callable[..., Path],
) -> None:
    root = program(controls={"a.yaml": _control("AC-01", "    criteria: [ISO-27001-A.9]\n")})
    [finding] = _rule_findings(validate_json(root), "unknown-criterion")
    assert finding["message"].endswith("which is not a criterion in the tsc-2017 catalog")


def test_unknown_criterion_in_cuecs_and_not_applicable(program: Callable[..., Path]) -> None:
    system = SYSTEM.replace(
        "    categories: [security]\n",
        "    categories: [security]\n"
        "    not_applicable:\n"
        "      - {criterion: CC9.3, reason: We have no vendors.}\n",
    ) + (
        "cuecs:\n"
        "  - id: CU-01\n"
        "    description: Customers remove their own leavers from the portal.\n"
        "    criteria: [CC6.2, cc6.3]\n"
    )
    run = validate_json(program(system=system))
    assert run.where("unknown-criterion") == [
        ("system.yaml", 9, 21, "CC9.3"),
        ("system.yaml", 19, 23, "CU-01"),
    ]
    na, cuec = _rule_findings(run, "unknown-criterion")
    assert na["message"].startswith("report 'soc2-2026' declares 'CC9.3' not applicable")
    assert na["message"].endswith("did you mean 'CC9.2'?")
    assert cuec["message"].startswith("CUEC 'CU-01' supports 'cc6.3'")
    assert cuec["message"].endswith("did you mean 'CC6.3'?")


def test_known_criteria_are_quiet(program: Callable[..., Path]) -> None:
    system = SYSTEM + (
        "cuecs:\n  - {id: CU-01, description: Customers manage portal users., criteria: [CC6.2]}\n"
    )
    root = program(system=system, controls={"a.yaml": _control("AC-01", "    criteria: [CC6.1]\n")})
    assert "unknown-criterion" not in validate_json(root).rules()


# ------------------------------------------------------------------------ unknown-objective


def test_unknown_objective_in_a_control_and_a_cuec(program: Callable[..., Path]) -> None:
    system = SOC1_SYSTEM + (
        "cuecs:\n"
        "  - id: CU-01\n"
        "    description: Customers approve each payroll register.\n"
        "    objectives: [CO-02, co-01]\n"
    )
    controls = {"pay.yaml": _control("PY-01", "    objectives: [CO-01, CO-2, CO-02]\n")}
    run = validate_json(program(system=system, controls=controls))
    assert run.exit_code == 1
    assert run.where("unknown-objective") == [
        ("controls/pay.yaml", 5, 25, "PY-01"),
        ("system.yaml", 19, 25, "CU-01"),
    ]
    control, cuec = _rule_findings(run, "unknown-objective")
    assert control["severity"] == "error"
    assert control["message"] == (
        "control 'PY-01' refers to objective 'CO-2', which is not defined in "
        "control_objectives; did you mean 'CO-02'?"
    )
    assert cuec["message"].endswith("did you mean 'CO-01'?")


def test_unknown_objective_when_none_are_defined(program: Callable[..., Path]) -> None:
    controls = {"pay.yaml": _control("PY-01", "    criteria: [CC6.1]\n    objectives: [CO-01]\n")}
    run = validate_json(program(controls=controls))
    assert run.where("unknown-objective") == [("controls/pay.yaml", 6, 18, "PY-01")]
    [finding] = _rule_findings(run, "unknown-objective")
    assert "system.yaml defines no control_objectives" in finding["message"]


def test_defined_objectives_are_quiet(program: Callable[..., Path]) -> None:
    system = SOC1_SYSTEM + (
        "cuecs:\n  - {id: CU-01, description: Customers approve registers., objectives: [CO-01]}\n"
    )
    run = validate_json(
        program(system=system, controls={"p.yaml": _control("PY-01", BOTH_OBJECTIVES)})
    )
    assert "unknown-objective" not in run.rules()


# ---------------------------------------------------------------------- uncovered-objective


def test_uncovered_objective_points_at_the_objective(program: Callable[..., Path]) -> None:
    controls = {
        "pay.yaml": _control("PY-01", "    objectives: [CO-01]\n"),
    }
    run = validate_json(program(system=SOC1_SYSTEM, controls=controls))
    assert run.exit_code == 1
    assert run.where("uncovered-objective") == [("system.yaml", 11, 5, "CO-02")]
    [finding] = _rule_findings(run, "uncovered-objective")
    assert finding["severity"] == "error"
    assert finding["message"].startswith(
        "control objective 'CO-02' (Pay runs are complete and accurate) is not mapped by any "
        "control"
    )


def test_uncovered_objective_flow_style(program: Callable[..., Path]) -> None:
    controls = {"pay.yaml": _control("PY-01", "    objectives: [CO-02]\n")}
    run = validate_json(program(system=SOC1_SYSTEM, controls=controls))
    assert run.where("uncovered-objective") == [("system.yaml", 10, 5, "CO-01")]


def test_covered_objectives_are_quiet(program: Callable[..., Path]) -> None:
    controls = {
        "a.yaml": _control("PY-01", "    objectives: [CO-01]\n"),
        "b.yaml": _control("PY-02", "    objectives: [CO-02]\n"),
    }
    run = validate_json(program(system=SOC1_SYSTEM, controls=controls))
    assert "uncovered-objective" not in run.rules()


# ------------------------------------------------------------------------ unmapped-control


def test_unmapped_control_points_at_the_control(program: Callable[..., Path]) -> None:
    root = program(controls={"hr.yaml": _control("HR-04", "")})
    run = validate_json(root)
    assert run.where("unmapped-control") == [("controls/hr.yaml", 2, 5, "HR-04")]
    [finding] = _rule_findings(run, "unmapped-control")
    assert finding["severity"] == "warning"
    assert "maps no criterion and no objective" in finding["message"]


def test_unmapped_control_with_empty_lists(program: Callable[..., Path]) -> None:
    root = program(
        controls={"hr.yaml": _control("HR-04", "    criteria: []\n    objectives: []\n")}
    )
    assert validate_json(root).where("unmapped-control") == [("controls/hr.yaml", 2, 5, "HR-04")]


def test_control_mapping_only_objectives_or_only_criteria_is_mapped(
    program: Callable[..., Path],
) -> None:
    controls = {
        "a.yaml": _control("PY-01", BOTH_OBJECTIVES),
        "b.yaml": _control("AC-01", "    criteria: [CC6.1]\n"),
    }
    run = validate_json(program(system=SOC1_SYSTEM, controls=controls))
    assert "unmapped-control" not in run.rules()
