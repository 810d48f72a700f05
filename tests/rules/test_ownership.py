"""missing-owner, unknown-owner, inactive-owner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import dedent, run_cli, run_subprocess, validate_json

CONTROL = """\
controls:
  - id: AC-01
    title: Access review
    description: Access to production is reviewed every quarter.
    criteria: [CC6.1]
    frequency: quarterly
    tests:
      - id: T-AC-01
        method: inspection
        procedure: Inspected two quarterly reviews.
        performed_on: 2026-04-02
        performed_by: tom
        covers: {{start: 2026-01-01, end: 2026-04-01}}
        population: 2
        sample_size: 2
        result: pass
{owner}
"""


def _with_owner(owner_line: str) -> dict[str, str]:
    return {"access.yaml": CONTROL.format(owner=owner_line)}


def test_clean_baseline_has_no_findings(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: platform")))
    assert run.exit_code == 0, run.stdout
    assert run.findings == []


def test_missing_owner_points_at_the_control(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("")))
    assert run.exit_code == 1
    assert run.where("missing-owner") == [("controls/access.yaml", 2, 5, "AC-01")]


@pytest.mark.parametrize(("owner", "column"), [("42", 12), ("", 11)])
def test_owner_rejected_by_the_schema_is_one_finding(
    program: Callable[..., Path], owner: str, column: int
) -> None:
    """``owner: 42`` or an empty ``owner:`` is a schema error at the value; the control is not
    also reported as having no owner (one mistake, one finding)."""
    run = validate_json(program(controls=_with_owner(f"    owner: {owner}".rstrip())))
    assert run.rules() == ["schema"]
    assert run.where("schema") == [("controls/access.yaml", 17, column, "AC-01")]
    assert run.exit_code == 1


def test_unknown_owner_points_at_the_value_and_suggests(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: alise")))
    assert run.where("unknown-owner") == [("controls/access.yaml", 17, 12, "AC-01")]
    [finding] = [f for f in run.findings if f["rule"] == "unknown-owner"]
    assert "did you mean 'alice'?" in finding["message"]


def test_inactive_person_owner(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: olga")))
    assert run.where("inactive-owner") == [("controls/access.yaml", 17, 12, "AC-01")]
    assert run.exit_code == 1


def test_team_with_only_inactive_members(program: Callable[..., Path]) -> None:
    system = dedent(
        """
        name: Demo
        reports:
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
            categories: [security]
        people:
          - {id: alice, name: Alice Owner}
          - {id: tom, name: Tom Tester}
          - {id: olga, name: Olga Former, active: false}
        teams:
          - {id: platform, name: Platform, members: [olga]}
          - {id: empty, name: Nobody}
        """
    )
    root = program(controls=_with_owner("    owner: platform"), system=system)
    run = validate_json(root)
    assert run.where("inactive-owner") == [("controls/access.yaml", 17, 12, "AC-01")]
    root2 = program(controls=_with_owner("    owner: empty"), system=system)
    assert "has no lead and no members" in validate_json(root2).findings[0]["message"]


def test_active_team_owner_is_quiet(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: platform")))
    assert "inactive-owner" not in run.rules()


# ----------------------------------------------- people's dates and team leads (issue 15)

DATED_SYSTEM = """\
name: Demo
reports:
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {{start: 2026-01-01, end: 2026-06-30}}
    categories: [security]
people:
  - {{id: alice, name: Alice Owner}}
  - {{id: tom, name: Tom Tester}}
  - {{id: ben, name: Ben Walsh{ben}}}
teams:
  - {{id: platform, name: Platform, lead: ben}}
  - {{id: ops, name: Operations, lead: ben, members: [alice]}}
"""


def _dated(program: Callable[..., Path], ben: str, owner: str) -> Path:
    return program(controls=_with_owner(f"    owner: {owner}"), system=DATED_SYSTEM.format(ben=ben))


def _inactive_owner(root: Path, today: str) -> list[tuple[str, int, int, str | None]]:
    run = run_cli(
        "validate", root, "--format", "json", "--today", today, "--select", "inactive-owner"
    )
    return run.where("inactive-owner")


def test_left_is_the_last_working_day(program: Callable[..., Path]) -> None:
    root = _dated(program, ", left: 2026-03-13", "ben")
    assert _inactive_owner(root, "2026-03-13") == []
    assert _inactive_owner(root, "2026-03-14") == [("controls/access.yaml", 17, 12, "AC-01")]
    run = run_cli("validate", root, "--format", "json", "--today", "2026-03-14")
    [finding] = [f for f in run.findings if f["rule"] == "inactive-owner"]
    assert finding["message"] == (
        "control 'AC-01' is owned by Ben Walsh ('ben'), who left on 2026-03-13; reassign it"
    )


def test_an_owner_who_has_not_joined_yet_is_not_active(program: Callable[..., Path]) -> None:
    root = _dated(program, ", joined: 2026-09-01", "ben")
    assert _inactive_owner(root, "2026-09-01") == []
    assert _inactive_owner(root, "2026-08-31") == [("controls/access.yaml", 17, 12, "AC-01")]
    run = run_cli("validate", root, "--format", "json", "--today", "2026-08-31")
    [finding] = [f for f in run.findings if f["rule"] == "inactive-owner"]
    assert "who joins on 2026-09-01; reassign it" in finding["message"]


def test_active_false_wins_over_the_dates(program: Callable[..., Path]) -> None:
    root = _dated(program, ", active: false, joined: 2024-01-01", "ben")
    assert _inactive_owner(root, "2026-03-01") == [("controls/access.yaml", 17, 12, "AC-01")]


def test_an_active_lead_staffs_a_team_without_members(program: Callable[..., Path]) -> None:
    """The issue's case: a team whose lead is active but has no members list."""
    root = _dated(program, "", "platform")
    assert _inactive_owner(root, "2026-03-01") == []


def test_a_team_whose_only_lead_has_left_is_inactive(program: Callable[..., Path]) -> None:
    root = _dated(program, ", left: 2026-03-13", "platform")
    assert _inactive_owner(root, "2026-03-13") == []
    assert _inactive_owner(root, "2026-03-14") == [("controls/access.yaml", 17, 12, "AC-01")]
    run = run_subprocess(
        "validate", root, "--format", "json", "--today", "2026-03-14", "--select", "inactive-owner"
    )
    assert run.exit_code == 1
    [finding] = run.findings
    assert finding["message"] == (
        "control 'AC-01' is owned by team 'platform', which has no active lead or member on "
        "2026-03-14"
    )
    # A team with an active member stays staffed when its lead leaves.
    staffed = _dated(program, ", left: 2026-03-13", "ops")
    assert _inactive_owner(staffed, "2026-06-01") == []


def test_a_waiver_approver_who_has_left_does_not_approve(program: Callable[..., Path]) -> None:
    """'waiver-approver' asks the same question: active on the evaluation date."""
    config = dedent(
        """
        waivers:
          - rule: missing-owner
            subject: AC-01
            reason: Owner to be assigned in the Q1 review.
            approved_by: ben
            expires: 2026-12-31
        """
    )
    system = DATED_SYSTEM.format(ben=", left: 2026-03-13")
    root = program(controls=_with_owner(""), system=system, extra={"soccheck.yaml": config})
    rules = ("--select", "missing-owner,waiver-approver")
    on_last_day = run_cli("validate", root, "--format", "json", "--today", "2026-03-13", *rules)
    assert [f["rule"] for f in on_last_day.findings] == ["missing-owner"]
    assert on_last_day.findings[0]["waived"] is not None
    after = run_cli("validate", root, "--format", "json", "--today", "2026-03-14", *rules)
    [approver] = [f for f in after.findings if f["rule"] == "waiver-approver"]
    assert (
        "approved_by 'ben' (Ben Walsh) left on 2026-03-13; an active person" in approver["message"]
    )
    assert (approver["path"], approver["line"]) == ("soccheck.yaml", 5)
