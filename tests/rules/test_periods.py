"""invalid-period and period-length."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SYSTEM, dedent, validate_json

PEOPLE = """\
people:
  - {id: alice, name: Alice Owner}
  - {id: tom, name: Tom Tester}
"""


def _system(reports: str, extra: str = "") -> str:
    indented = "".join(f"  {line}" for line in dedent(reports).splitlines(keepends=True))
    return "name: Demo SaaS\nreports:\n" + indented + extra + PEOPLE


def _messages(findings: list[dict[str, object]], rule: str) -> list[str]:
    return [str(f["message"]) for f in findings if f["rule"] == rule]


# ------------------------------------------------------------------------- invalid-period


def test_type2_without_period(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            categories: [security]
        """
    )
    run = validate_json(program(system=system))
    assert run.exit_code == 1
    assert run.where("invalid-period") == [("system.yaml", 3, 5, "soc2-2026")]
    assert "has no 'period'" in _messages(run.findings, "invalid-period")[0]


def test_period_ending_before_it_starts(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            period:
              start: 2026-07-01
              end: 2026-01-31
        """
    )
    run = validate_json(program(system=system))
    assert run.where("invalid-period") == [("system.yaml", 8, 12, "soc2-2026")]
    [message] = _messages(run.findings, "invalid-period")
    assert "ends (2026-01-31) before it starts (2026-07-01)" in message
    # One problem, one finding: the length of a reversed period is not reported too.
    assert "period-length" not in run.rules()


def test_type1_without_as_of(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc2-t1
            framework: soc2
            type: 1
          - id: soc2-t1b
            framework: soc2
            type: 1
            as_of: 2026-06-30
        """
    )
    run = validate_json(program(system=system))
    assert run.where("invalid-period") == [("system.yaml", 3, 5, "soc2-t1")]
    assert "has no 'as_of'" in _messages(run.findings, "invalid-period")[0]


def test_soc1_report_without_control_objectives(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc1-2026
            framework: soc1
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
        """
    )
    run = validate_json(program(system=system))
    assert run.where("invalid-period") == [("system.yaml", 3, 5, "soc1-2026")]
    assert "defines no control_objectives" in _messages(run.findings, "invalid-period")[0]


def test_soc1_report_with_control_objectives_is_quiet(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc1-2026
            framework: soc1
            type: 1
            as_of: 2026-06-30
        """,
        "control_objectives:\n  - {id: CO-1, title: Payroll changes are authorized}\n",
    )
    control = dedent(
        """
        id: PAY-01
        title: Pay-rate approval
        description: Payroll managers approve every pay-rate change before it is applied.
        owner: alice
        objectives: [CO-1]
        """
    )
    run = validate_json(program(system=system, controls={"payroll.yaml": control}))
    assert "invalid-period" not in run.rules()


def test_dates_rejected_by_the_schema_are_not_reported_twice(
    program: Callable[..., Path],
) -> None:
    system = _system(
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {start: 2026-01-01, end: 2026-02-30}
          - id: soc2-t1
            framework: soc2
            type: 1
            as_of: 30/06/2026
        """
    )
    run = validate_json(program(system=system))
    assert {(line, subject) for _, line, _, subject in run.where("schema")} == {
        (6, "soc2-2026"),
        (10, "soc2-t1"),
    }
    assert "invalid-period" not in run.rules()


def test_valid_reports_are_quiet(program: Callable[..., Path]) -> None:
    run = validate_json(program(system=SYSTEM))
    assert run.findings == []


# -------------------------------------------------------------------------- period-length


@pytest.mark.parametrize(
    ("start", "end", "length"),
    [
        ("2026-01-01", "2026-03-30", "2 months and 30 days"),
        ("2026-01-01", "2026-01-01", "1 day"),
        ("2026-02-01", "2026-02-28", "1 month"),
        ("2026-01-01", "2027-01-01", "12 months and 1 day"),
        ("2025-07-01", "2026-12-31", "18 months"),
    ],
)
def test_period_outside_3_to_12_months(
    program: Callable[..., Path], start: str, end: str, length: str
) -> None:
    system = _system(
        f"""
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {{start: {start}, end: {end}}}
            categories: [security]
        """
    )
    run = validate_json(program(system=system))
    assert run.where("period-length") == [("system.yaml", 6, 13, "soc2-2026")]
    [finding] = [f for f in run.findings if f["rule"] == "period-length"]
    assert finding["severity"] == "warning"
    assert f"has a period of {length} ({start} to {end})" in finding["message"]
    # A warning alone does not fail the run (fail_on defaults to error).
    assert run.exit_code == 0


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-01-01", "2026-03-31"),  # exactly 3 months
        ("2026-01-01", "2026-12-31"),  # exactly 12 months
        ("2026-01-15", "2026-04-14"),  # 3 months not starting on the 1st
        ("2026-01-31", "2026-04-30"),  # 3 months from a month end
        ("2025-03-01", "2026-02-28"),  # 12 months ending in February
        ("2027-03-01", "2028-02-29"),  # 12 months ending on a leap day
    ],
)
def test_period_of_3_to_12_months_is_quiet(
    program: Callable[..., Path], start: str, end: str
) -> None:
    system = _system(
        f"""
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {{start: {start}, end: {end}}}
            categories: [security]
        """
    )
    run = validate_json(program(system=system))
    assert "period-length" not in run.rules()
    assert run.findings == []


def test_type1_reports_have_no_period_length(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc2-t1
            framework: soc2
            type: 1
            as_of: 2026-06-30
            categories: [security]
        """
    )
    assert validate_json(program(system=system)).findings == []


def test_block_style_period_position(program: Callable[..., Path]) -> None:
    system = _system(
        """
          - id: soc2-2026
            framework: soc2
            type: 2
            period:
              start: 2026-01-01
              end: 2026-01-31
        """
    )
    run = validate_json(program(system=system))
    assert run.where("period-length") == [("system.yaml", 7, 7, "soc2-2026")]
