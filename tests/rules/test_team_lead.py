"""inactive-team-lead (issue 15) and how it shares the work with inactive-owner: through the
CLI's JSON output and as a real process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run, dedent, run_cli, run_subprocess

Make = Callable[..., Path]

SYSTEM = dedent(
    """
    name: Demo SaaS
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {{start: 2026-01-01, end: 2026-06-30}}
        categories: [security]
    people:
      - {{id: alice, name: Alice Owner}}
      - {{id: tom, name: Tom Tester}}
      - {{id: bob, name: Bob Member}}
      - {{id: ben, name: Ben Walsh, left: 2026-03-13}}
      - {{id: olga, name: Olga Former, active: false}}
      - {{id: jo, name: Jo Newcomer, joined: 2027-01-04}}
    teams:
      - {{id: platform, name: Platform, {team}}}
      - {{id: idle, name: Owns nothing, lead: ben, members: [bob]}}
    """
)

CONTROLS = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: Access to production is reviewed every quarter.
        owner: platform
        criteria: [CC6.1]
      - id: AC-02
        title: Offboarding
        description: Leavers lose access on their last day.
        owner: platform
        criteria: [CC6.2]
    """
)


def make(program: Make, team: str) -> Path:
    return program(controls={"access.yaml": CONTROLS}, system=SYSTEM.format(team=team))


def run(root: Path, *rules: str, today: str = TODAY) -> Run:
    return run_cli(
        "validate", root, "--format", "json", "--today", today, "--select", ",".join(rules)
    )


def lead_at(team: str) -> tuple[int, int]:
    """(line, column) of the platform team's lead value in system.yaml."""
    text = SYSTEM.format(team=team)
    offset = text.index("lead: ", text.index("id: platform")) + len("lead: ")
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_a_departed_lead_of_a_staffed_team_points_at_the_lead(program: Make) -> None:
    team = "lead: ben, members: [bob]"
    found = run(make(program, team), "inactive-team-lead", "inactive-owner")
    assert found.where("inactive-team-lead") == [("system.yaml", *lead_at(team), "platform")]
    [finding] = found.findings  # once for the team, though it owns two controls
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "team 'platform' owns controls but its lead Ben Walsh ('ben') left on 2026-03-13; name "
        "an active lead (members still active: 'bob')"
    )
    assert found.exit_code == 0


def test_the_lead_is_active_on_their_last_day(program: Make) -> None:
    root = make(program, "lead: ben, members: [bob]")
    assert run(root, "inactive-team-lead", today="2026-03-13").findings == []
    assert len(run(root, "inactive-team-lead", today="2026-03-14").findings) == 1


@pytest.mark.parametrize(
    ("team", "why"),
    [
        ("lead: olga, members: [bob]", "Olga Former ('olga') is marked inactive"),
        ("lead: jo, members: [bob, alice]", "Jo Newcomer ('jo') joins on 2027-01-04"),
    ],
)
def test_any_inactive_lead(program: Make, team: str, why: str) -> None:
    found = run(make(program, team), "inactive-team-lead")
    assert found.where("inactive-team-lead") == [("system.yaml", *lead_at(team), "platform")]
    assert f"its lead {why};" in found.findings[0]["message"]


@pytest.mark.parametrize(
    "team",
    [
        "lead: ben",  # no members
        "lead: ben, members: [ben]",  # the lead was the only member
        "lead: ben, members: [olga]",  # the members have gone too
        "lead: ben, members: [nobody]",  # not a defined person: unknown-person's
    ],
)
def test_a_team_with_no_one_left_is_inactive_owners_alone(program: Make, team: str) -> None:
    """One mistake, one finding: the controls are unowned (an error at each control's
    owner), and the lead is not reported again."""
    found = run(make(program, team), "inactive-team-lead", "inactive-owner")
    assert found.rules() == ["inactive-owner", "inactive-owner"]
    assert {f["subject"] for f in found.findings} == {"AC-01", "AC-02"}


@pytest.mark.parametrize(
    "team",
    [
        "lead: alice, members: [bob]",
        "lead: alice",
        "members: [bob]",  # no lead to judge
        "lead: nobody, members: [bob]",  # unknown-person's
    ],
)
def test_an_active_or_absent_lead_is_quiet(program: Make, team: str) -> None:
    """So is the team 'idle', whose lead has gone but which owns no controls."""
    found = run(make(program, team), "inactive-team-lead")
    assert found.findings == []


def test_inactive_team_lead_as_a_user_runs_it(program: Make) -> None:
    team = "lead: ben, members: [bob]"
    root = make(program, team)
    proc = run_subprocess(
        "validate",
        "--today",
        TODAY,
        "--select",
        "inactive-team-lead",
        "--fail-on",
        "warning",
        cwd=root,
    )
    line, column = lead_at(team)
    assert proc.exit_code == 1
    assert proc.stdout.startswith(
        f"system.yaml:{line}:{column}: warning inactive-team-lead team 'platform' owns controls "
        "but its lead Ben Walsh ('ben') left on 2026-03-13;"
    )
