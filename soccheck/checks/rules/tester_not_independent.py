"""tester-not-independent: a control tested by the people who operate it."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        tester = test.performed_by
        relation = ctx.stake_in(control.owner, tester)
        # (A team's ID as the tester names nobody: that is 'unknown-person''s finding.)
        if relation is None or (tester == control.owner and tester in ctx.teams):
            continue
        who = ctx.person_named(tester)
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "performed_by"),
            f"test '{test.id}' of control '{control.id}' was performed by {who}, {relation}; "
            "have someone independent of the control test it",
            test.id,
        )


RULE = Rule(
    id="tester-not-independent",
    severity="warning",
    summary="A control was tested by its owner or a member of the owning team.",
    rationale=(
        "People who operate a control are not an objective judge of whether it works, and "
        "auditors give little weight to self-assessment. Have the test performed by someone "
        "outside the owning team (internal audit, compliance, a peer team or the service "
        "auditor) and record that person in 'performed_by'."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "tests:\n"
        "  - id: T-AC-01-Q2\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q2 review ticket for sign-off and removals.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: alice   # the control's owner\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "tests:\n"
        "  - id: T-AC-01-Q2\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q2 review ticket for sign-off and removals.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
        "    result: pass\n"
    ),
    check=check,
)
