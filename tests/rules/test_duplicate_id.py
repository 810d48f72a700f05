"""duplicate-id: one ID, one object — within each kind, and between people and teams."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import dedent, validate_json

CONTROL = """\
  - id: {id}
    title: Access review
    description: Access to production is reviewed every quarter.
    owner: alice
    criteria: [CC6.1]
    frequency: quarterly
    tests:
      - id: {test}
        method: inspection
        procedure: Inspected two quarterly reviews.
        performed_on: 2026-07-02
        performed_by: tom
        result: pass
        covers: {{start: 2026-01-01, end: 2026-06-30}}
        population: 2
        sample_size: 2
"""


def _controls(*pairs: tuple[str, str]) -> str:
    return "controls:\n" + "".join(CONTROL.format(id=c, test=t) for c, t in pairs)


def _messages(run_findings: list[dict[str, object]]) -> list[str]:
    return [str(f["message"]) for f in run_findings if f["rule"] == "duplicate-id"]


def test_control_ids_across_files(program: Callable[..., Path]) -> None:
    root = program(
        controls={
            "a.yaml": _controls(("AC-01", "T-AC-01")),
            "b.yaml": _controls(("AC-02", "T-AC-02"), ("AC-01", "T-AC-03")),
        }
    )
    run = validate_json(root)
    assert run.exit_code == 1
    assert run.where("duplicate-id") == [("controls/b.yaml", 18, 9, "AC-01")]
    [message] = _messages(run.findings)
    assert "control ID 'AC-01'" in message
    assert "controls/a.yaml:2" in message


def test_control_ids_in_single_control_files(program: Callable[..., Path]) -> None:
    single = dedent(
        """
        id: AC-01
        title: Access review
        description: Access to production is reviewed every quarter.
        owner: alice
        criteria: [CC6.1]
        """
    )
    run = validate_json(program(controls={"a.yaml": single, "sub/b.yaml": single}))
    assert run.where("duplicate-id") == [("controls/sub/b.yaml", 1, 5, "AC-01")]
    assert "controls/a.yaml:1" in _messages(run.findings)[0]


def test_test_ids_are_unique_across_the_program(program: Callable[..., Path]) -> None:
    root = program(
        controls={
            "a.yaml": _controls(("AC-01", "T-1")),
            "b.yaml": _controls(("AC-02", "T-1"), ("AC-03", "T-GOV-01")),
        }
    )
    run = validate_json(root)
    assert run.where("duplicate-id") == [
        ("controls/b.yaml", 9, 13, "T-1"),
        ("controls/b.yaml", 25, 13, "T-GOV-01"),
    ]
    first, second = _messages(run.findings)
    assert "test ID 'T-1'" in first
    assert "controls/a.yaml:9 (in control 'AC-01')" in first
    assert "controls/_coverage.yaml:11 (in control 'GOV-01')" in second


def test_two_tests_of_one_control(program: Callable[..., Path]) -> None:
    text = _controls(("AC-01", "T-1")) + (
        "      - id: T-1\n"
        "        method: inspection\n"
        "        procedure: Inspected another review.\n"
        "        performed_on: 2026-05-02\n"
        "        performed_by: tom\n"
        "        result: pass\n"
    )
    run = validate_json(program(controls={"a.yaml": text}))
    assert run.where("duplicate-id") == [("controls/a.yaml", 18, 13, "T-1")]
    assert "controls/a.yaml:9 (in control 'AC-01')" in _messages(run.findings)[0]


SYSTEM_DUPLICATES = dedent(
    """
    name: Demo SaaS
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-07-01, end: 2026-12-31}
        categories: [security]
    control_objectives:
      - {id: CO-1, title: Payroll changes are authorized}
      - {id: CO-1, title: Payroll is calculated accurately}
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
      - {id: tom, name: Tom Other}
    teams:
      - {id: platform, name: Platform, lead: alice, members: [alice]}
      - {id: platform, name: Platform Two}
    cuecs:
      - {id: CUEC-1, description: Customers review their users each quarter.}
      - {id: CUEC-1, description: Customers report leavers promptly.}
    subservice_organizations:
      - {id: aws, name: Amazon Web Services, method: carve-out, csocs: [Physical security]}
      - {id: aws, name: AWS again, method: inclusive}
    """
)


def test_every_kind_in_the_system_description(program: Callable[..., Path]) -> None:
    run = validate_json(program(system=SYSTEM_DUPLICATES))
    assert run.where("duplicate-id") == [
        ("system.yaml", 8, 9, "soc2-2026"),
        ("system.yaml", 15, 10, "CO-1"),
        ("system.yaml", 19, 10, "tom"),
        ("system.yaml", 22, 10, "platform"),
        ("system.yaml", 25, 10, "CUEC-1"),
        ("system.yaml", 28, 10, "aws"),
    ]
    messages = _messages(run.findings)
    assert "report ID 'soc2-2026' is already used by the report at system.yaml:3" in messages[0]
    assert "control objective ID 'CO-1'" in messages[1]
    assert "system.yaml:18" in messages[2]
    assert "subservice organization ID 'aws'" in messages[5]


PERSON_AND_TEAM = """\
name: Demo SaaS
reports:
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
    categories: [security]
"""


def test_a_team_named_like_a_person(program: Callable[..., Path]) -> None:
    system = PERSON_AND_TEAM + dedent(
        """
        people:
          - {id: alice, name: Alice Owner}
          - {id: tom, name: Tom Tester}
        teams:
          - {id: alice, name: Alice's team, members: [alice]}
        """
    )
    run = validate_json(program(system=system))
    assert run.where("duplicate-id") == [("system.yaml", 12, 10, "alice")]
    [message] = _messages(run.findings)
    assert "team ID 'alice' is already used by the person at system.yaml:9" in message
    assert "ambiguous" in message


def test_a_person_named_like_an_earlier_team(program: Callable[..., Path]) -> None:
    system = PERSON_AND_TEAM + dedent(
        """
        teams:
          - {id: alice, name: Alice's team, members: [tom]}
        people:
          - {id: tom, name: Tom Tester}
          - {id: alice, name: Alice Owner}
        """
    )
    run = validate_json(program(system=system))
    assert run.where("duplicate-id") == [("system.yaml", 12, 10, "alice")]
    assert (
        "person ID 'alice' is already used by the team at system.yaml:9"
        in (_messages(run.findings)[0])
    )


def test_unique_ids_are_quiet(program: Callable[..., Path]) -> None:
    # The same text may name objects of different kinds (a control and a report, a test and
    # a CUEC): only people and teams share a namespace.
    root = program(
        controls={
            "a.yaml": _controls(("AC-01", "T-AC-01"), ("soc2-2026", "alice-test")),
            "b.yaml": _controls(("AC-02", "T-AC-02")),
        }
    )
    run = validate_json(root)
    assert "duplicate-id" not in run.rules()
    baseline = validate_json(program())
    assert baseline.findings == []
