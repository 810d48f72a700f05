"""missing-owner, unknown-owner, inactive-owner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import dedent, validate_json

CONTROL = """\
controls:
  - id: AC-01
    title: Access review
    description: Access to production is reviewed every quarter.
    criteria: [CC6.1]
    tests:
      - id: T-AC-01
        method: inspection
        procedure: Inspected two quarterly reviews.
        performed_on: 2026-04-02
        performed_by: tom
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
    assert run.where("schema") == [("controls/access.yaml", 13, column, "AC-01")]
    assert run.exit_code == 1


def test_unknown_owner_points_at_the_value_and_suggests(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: alise")))
    assert run.where("unknown-owner") == [("controls/access.yaml", 13, 12, "AC-01")]
    [finding] = [f for f in run.findings if f["rule"] == "unknown-owner"]
    assert "did you mean 'alice'?" in finding["message"]


def test_inactive_person_owner(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: olga")))
    assert run.where("inactive-owner") == [("controls/access.yaml", 13, 12, "AC-01")]
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
    assert run.where("inactive-owner") == [("controls/access.yaml", 13, 12, "AC-01")]
    root2 = program(controls=_with_owner("    owner: empty"), system=system)
    assert "has no members" in validate_json(root2).findings[0]["message"]


def test_active_team_owner_is_quiet(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_with_owner("    owner: platform")))
    assert "inactive-owner" not in run.rules()
