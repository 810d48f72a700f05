"""future-date: a test dated after today cannot have been performed, reviewed or remediated,
and a sample cannot hold occurrences that came after the test.

Reported at the date: a test's ``performed_on``, else its ``reviewed_on``, its deviations'
``remediated_on`` and the ``end`` of its ``covers`` when that is after ``performed_on``. A
test performed after today is one finding, at ``performed_on``: its other dates follow from
the same mistake (a planned test entered as done) and are not reported again. A ``covers``
ending after the test is judged only up to ``performed_on`` by 'period-not-covered', so it
cannot vouch for days it never sampled.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for control, test in ctx.tests():
        of = f"test '{test.id}' of control '{control.id}'"
        if test.performed_on > today:
            yield ctx.finding(
                RULE,
                ctx.at(test.source, "performed_on"),
                f"{of} is dated {test.performed_on.isoformat()}, after today "
                f"({today.isoformat()}); record the date the test was actually performed, or "
                "add the test once it has been",
                test.id,
            )
            continue
        if test.covers is not None and test.covers.end > test.performed_on:
            yield ctx.finding(
                RULE,
                ctx.at(test.source, "covers", "end"),
                f"{of} sampled occurrences up to {test.covers.end.isoformat()}, after it was "
                f"performed on {test.performed_on.isoformat()}; a sample can only hold "
                "occurrences that had happened, so end 'covers' on or before 'performed_on'",
                test.id,
            )
        if test.reviewed_on is not None and test.reviewed_on > today:
            yield ctx.finding(
                RULE,
                ctx.at(test.source, "reviewed_on"),
                f"{of} was reviewed on {test.reviewed_on.isoformat()}, after today "
                f"({today.isoformat()}); record the date the review actually happened, or "
                "add 'reviewed_on' once it has",
                test.id,
            )
        for deviation in test.deviations:
            fixed = deviation.remediated_on
            if fixed is not None and fixed > today:
                yield ctx.finding(
                    RULE,
                    ctx.at(deviation.source, "remediated_on"),
                    f"deviation '{deviation.item}' of {of} was remediated on "
                    f"{fixed.isoformat()}, after today ({today.isoformat()}); a planned fix "
                    "is not a remediation: describe the plan in 'management_response' and add "
                    "'remediated_on' once it is done",
                    test.id,
                )


RULE = Rule(
    id="future-date",
    severity="error",
    summary="A test's performed_on, reviewed_on or a deviation's remediated_on is in the "
    "future, or its covers ends after the test was performed.",
    rationale=(
        "A test result recorded before the test happened is either a typo in the date or a "
        "planned test entered as if it were done; either way it is not evidence, and it does "
        "not count toward any report. Correct 'performed_on', or keep planned tests out of "
        "the control file until they are performed. The same holds for a review "
        "('reviewed_on') and a remediation ('remediated_on'): a date still to come is a plan, "
        "and a planned fix cannot clear a failed test; and a sample ('covers') cannot reach past "
        "the day the test was performed. (Runs are judged as of the date given "
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
