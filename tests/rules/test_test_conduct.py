"""inquiry-only-test, reviewer-not-independent and tester-not-active (issue 15): how a test
was performed and by whom, through the CLI's JSON output (``--today 2026-11-20``) and as a
real process.

Runs select the rules they are about, so that another rule's finding (or a rule added
later) cannot hide or fake one of theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run, dedent, run_cli, run_subprocess

Make = Callable[..., Path]
FILE = "controls/access.yaml"

SYSTEM = dedent(
    """
    name: Demo SaaS
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
    people:
      - {id: alice, name: Alice Owner}
      - {id: bob, name: Bob Member}
      - {id: tom, name: Tom Tester}
      - {id: priya, name: Priya Reviewer}
      - {id: ben, name: Ben Walsh, joined: 2021-03-01, left: 2026-03-13}
      - {id: jo, name: Jo Newcomer, joined: 2026-05-01}
      - {id: olga, name: Olga Former, active: false}
    teams:
      - {id: platform, name: Platform, lead: alice, members: [bob]}
    """
)


def program_text(
    *,
    owner: str = "platform",
    method: str = "inspection",
    kind: str | None = None,
    performed_on: str = "2026-04-02",
    performed_by: str = "tom",
    reviewed_by: str | None = None,
) -> str:
    lines = [
        "controls:",
        "  - id: AC-01",
        "    title: Access review",
        "    description: Access to production is reviewed every quarter.",
        f"    owner: {owner}",
        "    criteria: [CC6.1]",
        "    tests:",
        "      - id: T-AC-01",
    ]
    if kind is not None:
        lines.append(f"        kind: {kind}")
    lines += [
        f"        method: {method}",
        "        procedure: Inspected the quarterly review tickets.",
        f"        performed_on: {performed_on}",
        f"        performed_by: {performed_by}",
        "        result: pass",
    ]
    if reviewed_by is not None:
        lines += [f"        reviewed_by: {reviewed_by}", "        reviewed_on: 2026-04-09"]
    return "\n".join(lines) + "\n"


def value_of(text: str, entry: str) -> tuple[int, int]:
    """(line, column) of the value of the only ``key: value`` line containing ``entry``."""
    assert text.count(entry) == 1, entry
    offset = text.index(entry)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column + entry.index(": ") + 2


def run(program: Make, text: str, *rules: str, today: str = TODAY) -> Run:
    root = program(controls={"access.yaml": text}, system=SYSTEM)
    return run_cli(
        "validate", root, "--format", "json", "--today", today, "--select", ",".join(rules)
    )


# ---------------------------------------------------------------------- inquiry-only-test


@pytest.mark.parametrize("method", ["inquiry", "[inquiry]"])
def test_inquiry_alone_points_at_the_method(program: Make, method: str) -> None:
    text = program_text(method=method)
    found = run(program, text, "inquiry-only-test")
    assert found.where("inquiry-only-test") == [
        (FILE, *value_of(text, f"method: {method}"), "T-AC-01")
    ]
    [finding] = found.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "test 'T-AC-01' of control 'AC-01' used inquiry only; corroborate what people said by "
        "inspecting records, observing the control or reperforming it, and list every method "
        "used (method: [inquiry, inspection])"
    )
    assert found.exit_code == 0


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("[inquiry, inspection]", None),
        ("[observation, inquiry]", None),
        ("inspection", None),
        ("inquiry", "design"),
    ],
)
def test_corroborated_or_design_tests_are_quiet(
    program: Make, method: str, kind: str | None
) -> None:
    text = program_text(method=method, kind=kind)
    assert run(program, text, "inquiry-only-test").findings == []


def test_inquiry_only_as_a_user_runs_it(program: Make) -> None:
    text = program_text(method="inquiry")
    root = program(controls={"access.yaml": text}, system=SYSTEM)
    proc = run_subprocess("validate", "--today", TODAY, "--fail-on", "warning", cwd=root)
    line, column = value_of(text, "method: inquiry")
    assert proc.exit_code == 1
    assert (
        f"controls/access.yaml:{line}:{column}: warning inquiry-only-test test 'T-AC-01' of "
        "control 'AC-01' used inquiry only;" in proc.stdout
    )


# --------------------------------------------------------------- reviewer-not-independent


@pytest.mark.parametrize(
    ("owner", "reviewer", "relation"),
    [
        ("platform", "tom", "Tom Tester ('tom'), who performed the test"),
        (
            "platform",
            "alice",
            "Alice Owner ('alice'), who leads team 'platform', the control's owner",
        ),
        ("platform", "bob", "Bob Member ('bob'), a member of team 'platform', the control's owner"),
        ("priya", "priya", "Priya Reviewer ('priya'), who owns the control"),
    ],
)
def test_a_reviewer_with_a_stake_points_at_reviewed_by(
    program: Make, owner: str, reviewer: str, relation: str
) -> None:
    text = program_text(owner=owner, reviewed_by=reviewer)
    found = run(program, text, "reviewer-not-independent")
    assert found.where("reviewer-not-independent") == [
        (FILE, *value_of(text, f"reviewed_by: {reviewer}"), "T-AC-01")
    ]
    [finding] = found.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        f"test 'T-AC-01' of control 'AC-01' was reviewed by {relation}; have the work "
        "reviewed by someone independent of the tester and the control"
    )


@pytest.mark.parametrize("reviewer", [None, "priya"])
def test_an_independent_or_absent_reviewer_is_quiet(program: Make, reviewer: str | None) -> None:
    text = program_text(reviewed_by=reviewer)
    assert run(program, text, "reviewer-not-independent").findings == []


@pytest.mark.parametrize(
    ("reviewer", "hint"),
    [
        ("pryia", "; did you mean 'priya'?"),
        ("platform", "; 'platform' is a team, and this must name one person"),
    ],
)
def test_a_reviewer_who_is_nobody_is_unknown_persons_alone(
    program: Make, reviewer: str, hint: str
) -> None:
    """One mistake, one finding: an undefined reviewer (the owning team's ID included) is
    'unknown-person', and not also judged for independence."""
    text = program_text(owner="platform", reviewed_by=reviewer)
    found = run(program, text, "unknown-person", "reviewer-not-independent")
    assert found.where("unknown-person") == [
        (FILE, *value_of(text, f"reviewed_by: {reviewer}"), "T-AC-01")
    ]
    assert len(found.findings) == 1
    assert found.findings[0]["message"] == (
        f"test 'T-AC-01' of control 'AC-01' is reviewed by '{reviewer}', who is not a person "
        f"defined in system.yaml{hint}"
    )


@pytest.mark.parametrize(
    ("tester", "reviewer", "expected"),
    [
        ("alice", "priya", {("tester-not-independent", "performed_by")}),
        ("tom", "tom", {("reviewer-not-independent", "reviewed_by")}),
        (
            "alice",
            "alice",
            {
                ("tester-not-independent", "performed_by"),
                ("reviewer-not-independent", "reviewed_by"),
            },
        ),
    ],
)
def test_tester_and_reviewer_are_judged_each_at_their_key(
    program: Make, tester: str, reviewer: str, expected: set[tuple[str, str]]
) -> None:
    text = program_text(performed_by=tester, reviewed_by=reviewer)
    found = run(program, text, "tester-not-independent", "reviewer-not-independent")
    keys = {"performed_by": f"performed_by: {tester}", "reviewed_by": f"reviewed_by: {reviewer}"}
    assert sorted(found.where(r) for r in {r for r, _ in expected}) == sorted(
        [(FILE, *value_of(text, keys[key]), "T-AC-01")] for _, key in expected
    )
    assert len(found.findings) == len(expected)


def test_reviewer_as_a_user_runs_it(program: Make) -> None:
    text = program_text(reviewed_by="tom")
    root = program(controls={"access.yaml": text}, system=SYSTEM)
    proc = run_subprocess(
        "validate", "--today", TODAY, "--select", "reviewer-not-independent", cwd=root
    )
    line, column = value_of(text, "reviewed_by: tom")
    assert proc.exit_code == 0
    assert (
        f"controls/access.yaml:{line}:{column}: warning reviewer-not-independent test "
        "'T-AC-01' of control 'AC-01' was reviewed by Tom Tester ('tom'), who performed the test"
    ) in proc.stdout


# ---------------------------------------------------------------------- tester-not-active


@pytest.mark.parametrize(
    ("tester", "performed_on", "when"),
    [
        ("ben", "2026-03-14", "after their last working day (2026-03-13)"),
        ("ben", "2026-04-02", "after their last working day (2026-03-13)"),
        ("jo", "2026-04-30", "before they joined (2026-05-01)"),
        ("ben", "2021-02-28", "before they joined (2021-03-01)"),
    ],
)
def test_a_test_outside_the_testers_dates_points_at_performed_by(
    program: Make, tester: str, performed_on: str, when: str
) -> None:
    text = program_text(performed_by=tester, performed_on=performed_on)
    found = run(program, text, "tester-not-active")
    assert found.where("tester-not-active") == [
        (FILE, *value_of(text, f"performed_by: {tester}"), "T-AC-01")
    ]
    [finding] = found.findings
    name = {"ben": "Ben Walsh", "jo": "Jo Newcomer"}[tester]
    assert finding["severity"] == "error"
    assert finding["message"] == (
        f"test 'T-AC-01' of control 'AC-01' was performed by {name} ('{tester}') on "
        f"{performed_on}, {when}; correct 'performed_on' or 'performed_by', or their dates in "
        "the system description"
    )
    assert found.exit_code == 1


@pytest.mark.parametrize(
    ("tester", "performed_on"),
    [
        ("ben", "2026-03-13"),  # the last working day
        ("ben", "2021-03-01"),  # the first
        ("jo", "2026-05-01"),
        ("olga", "2026-04-02"),  # active: false says nothing about April
        ("tom", "2026-04-02"),
    ],
)
def test_a_test_within_the_testers_dates_is_quiet(
    program: Make, tester: str, performed_on: str
) -> None:
    text = program_text(performed_by=tester, performed_on=performed_on)
    assert run(program, text, "tester-not-active").findings == []


def test_a_future_test_is_future_dates_alone(program: Make) -> None:
    """Dated after today and after the tester left: the date is what is wrong."""
    text = program_text(performed_by="ben", performed_on="2026-12-01")
    found = run(program, text, "tester-not-active", "future-date")
    assert found.rules() == ["future-date"]


def test_an_unknown_tester_is_unknown_persons_alone(program: Make) -> None:
    text = program_text(performed_by="nobody")
    found = run(program, text, "tester-not-active", "unknown-person")
    assert found.rules() == ["unknown-person"]


def test_tester_not_active_as_a_user_runs_it(program: Make) -> None:
    text = program_text(performed_by="ben", performed_on="2026-03-16")
    root = program(controls={"access.yaml": text}, system=SYSTEM)
    proc = run_subprocess(
        "validate", "--today", TODAY, "--select", "tester-not-active", "--format", "json", cwd=root
    )
    assert proc.exit_code == 1
    assert proc.where("tester-not-active") == [
        (FILE, *value_of(text, "performed_by: ben"), "T-AC-01")
    ]
