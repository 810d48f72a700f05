"""unknown-person and unknown-report: references to people and reports must resolve."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SYSTEM, dedent, validate_json

CONTROL = """\
controls:
  - id: AC-01
    title: Access review
    description: Access to production is reviewed every quarter.
    owner: platform
    criteria: [CC6.1]
    frequency: quarterly
    tests:
      - id: T-AC-01
        method: inspection
        procedure: Inspected two quarterly reviews.
        performed_on: 2026-04-02
        performed_by: {tester}
        result: pass
        covers: {{start: 2026-01-01, end: 2026-04-01}}
        population: 2
        sample_size: 2
{extra}"""


def _control(tester: str = "tom", extra: str = "") -> dict[str, str]:
    return {"access.yaml": CONTROL.format(tester=tester, extra=extra)}


def _message(findings: list[dict[str, object]], rule: str) -> str:
    [message] = [str(f["message"]) for f in findings if f["rule"] == rule]
    return message


# ------------------------------------------------------------------------- unknown-person


def test_unknown_tester_points_at_the_value_and_suggests(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_control(tester="tomm")))
    assert run.exit_code == 1
    assert run.where("unknown-person") == [("controls/access.yaml", 13, 23, "T-AC-01")]
    message = _message(run.findings, "unknown-person")
    assert "'tomm'" in message
    assert "did you mean 'tom'?" in message


def test_a_team_cannot_perform_a_test(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_control(tester="platform")))
    assert run.where("unknown-person") == [("controls/access.yaml", 13, 23, "T-AC-01")]
    assert "'platform' is a team" in _message(run.findings, "unknown-person")


def test_unknown_team_lead_and_members(program: Callable[..., Path]) -> None:
    system = SYSTEM.replace(
        "  - {id: platform, name: Platform, lead: alice, members: [alice]}\n",
        "  - {id: platform, name: Platform, lead: alise, members: [alice, 7, bobb]}\n"
        "  - id: data\n"
        "    name: Data\n"
        "    members:\n"
        "      - tom\n"
        "      - ghost\n",
    )
    run = validate_json(program(system=system))
    # The number 7 is a schema finding and is dropped from the model; the finding for 'bobb'
    # must still point at 'bobb', not at the item that now has its index.
    assert [(p, line, col) for p, line, col, _ in run.where("schema")] == [("system.yaml", 13, 66)]
    assert run.where("unknown-person") == [
        ("system.yaml", 13, 42, "platform"),
        ("system.yaml", 13, 69, "platform"),
        ("system.yaml", 18, 9, "data"),
    ]
    messages = [f["message"] for f in run.findings if f["rule"] == "unknown-person"]
    assert "lead 'alise' of team 'platform'" in messages[0]
    assert "did you mean 'alice'?" in messages[0]
    assert "member 'bobb' of team 'platform'" in messages[1]
    assert "member 'ghost' of team 'data'" in messages[2]


def test_defined_people_are_quiet(program: Callable[..., Path]) -> None:
    # tom is defined and independent of AC-01's owner (alice leads the owning team, so her
    # testing it would be tester-not-independent, another rule's finding).
    run = validate_json(program(controls=_control(tester="tom")))
    assert "unknown-person" not in run.rules()
    assert run.findings == []


# ------------------------------------------------------------------------- unknown-report


def test_unknown_report_points_at_the_value(program: Callable[..., Path]) -> None:
    root = program(controls=_control(extra="        report: soc2-2025\n"))
    # YAML: the report key belongs to the test, after 'result'.
    run = validate_json(root)
    assert run.exit_code == 1
    assert run.where("unknown-report") == [("controls/access.yaml", 18, 17, "T-AC-01")]
    message = _message(run.findings, "unknown-report")
    assert "'soc2-2025'" in message
    assert "did you mean 'soc2-2026'?" in message


def test_unknown_report_lists_reports_when_nothing_is_close(program: Callable[..., Path]) -> None:
    root = program(controls=_control(extra="        report: iso-27001\n"))
    message = _message(validate_json(root).findings, "unknown-report")
    assert "defined reports: 'soc2-2026'" in message


def test_known_or_absent_report_is_quiet(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls=_control(extra="        report: soc2-2026\n")))
    assert run.findings == []
    run = validate_json(program(controls=_control()))
    assert "unknown-report" not in run.rules()


def test_single_control_file_positions(program: Callable[..., Path]) -> None:
    text = dedent(
        """
        id: AC-09
        title: Backups
        description: Backups are restored each quarter.
        owner: alice
        criteria: [CC7.5]
        tests:
          - id: T-AC-09
            method: reperformance
            procedure: Restored a backup.
            performed_on: 2026-04-02
            performed_by: nobody
            report: soc1-2026
            result: pass
        """
    )
    run = validate_json(program(controls={"backups.yaml": text}))
    assert run.where("unknown-person") == [("controls/backups.yaml", 11, 19, "T-AC-09")]
    assert run.where("unknown-report") == [("controls/backups.yaml", 12, 13, "T-AC-09")]
