"""future-date: a test dated after today cannot have been performed."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for control, test in ctx.tests():
        if test.performed_on <= today:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "performed_on"),
            f"test '{test.id}' of control '{control.id}' is dated "
            f"{test.performed_on.isoformat()}, after today ({today.isoformat()}); record the "
            "date the test was actually performed, or add the test once it has been",
            test.id,
        )


RULE = Rule(
    id="future-date",
    severity="error",
    summary="A test is dated in the future.",
    rationale=(
        "A test result recorded before the test happened is either a typo in the date or a "
        "planned test entered as if it were done; either way it is not evidence, and it does "
        "not count toward any report. Correct 'performed_on', or keep planned tests out of "
        "the control file until they are performed. (Runs are judged as of the date given "
        "with --today, default the current date.)"
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
        "    performed_on: 2062-04-15   # meant 2026-04-15\n"
        "    performed_by: tom\n"
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
