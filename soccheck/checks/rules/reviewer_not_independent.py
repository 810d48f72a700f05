"""reviewer-not-independent: test work reviewed by someone with a stake in its result.

The finding points at ``reviewed_by`` and its subject is the test, like
'tester-not-independent', whose finding points at ``performed_by`` of the same test. The two
judge different people and are fixed separately: a control tested by its owner and reviewed
by someone independent gets only 'tester-not-independent'; an independent tester reviewing
their own work gets only this rule; an owner who both tested and reviewed gets both, one at
each key, since replacing the tester would still leave the review with the owner. The
message names the closest relation: the reviewer's own test first, then ownership.

A ``reviewed_by`` that names no defined person (a typo, or a team ID) is 'unknown-person''s
alone: one mistake, one finding, and who is meant cannot be judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        reviewer = test.reviewed_by
        if reviewer is None or reviewer not in ctx.people:
            continue
        if reviewer == test.performed_by:
            relation: str | None = "who performed the test"
        else:
            relation = ctx.stake_in(control.owner, reviewer)
            if relation is None:
                continue
        who = ctx.person_named(reviewer)
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "reviewed_by"),
            f"test '{test.id}' of control '{control.id}' was reviewed by {who}, {relation}; "
            "have the work reviewed by someone independent of the tester and the control",
            test.id,
        )


RULE = Rule(
    id="reviewer-not-independent",
    severity="warning",
    summary="A test was reviewed by its tester, the control's owner, or a member or lead of "
    "the owning team.",
    rationale=(
        "The review of test work ('reviewed_by') is what tells an auditor the conclusion was "
        "checked by a second pair of eyes. A tester reviewing their own work, or the people "
        "who operate the control reviewing its test, is no such check, and the auditor will "
        "not rely on it. Have someone independent of both the tester and the owning team "
        "review the work (a compliance lead, internal audit, another team's lead) and record "
        "them in 'reviewed_by' with the date in 'reviewed_on'."
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
        "    performed_by: tom\n"
        "    result: pass\n"
        "    reviewed_by: alice   # the control's owner\n"
        "    reviewed_on: 2026-04-20\n"
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
        "    reviewed_by: priya.nair\n"
        "    reviewed_on: 2026-04-20\n"
    ),
    check=check,
)
