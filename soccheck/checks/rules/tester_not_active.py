"""tester-not-active: a test dated outside the tester's time with the company.

The finding points at ``performed_by`` (the tester is who the message is about; the date is
quoted with them) and its subject is the test, like 'tester-not-independent'. ``left`` is the
tester's last working day: a test performed on it is fine, and so is one performed on the
``joined`` day.

Only the dates judge: ``active: false`` says someone is gone now, not since when, so a test
they performed earlier is not reported (their controls are 'inactive-owner''s business). One
mistake, one finding: a test dated after the evaluation date is 'future-date''s (its date is
wrong, whoever the tester), and a tester who is not a defined person is 'unknown-person''s.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.audit_trail import outside_employment
from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for control, test in ctx.tests():
        person = ctx.people.get(test.performed_by)
        if person is None or test.performed_on > today:
            continue
        if outside_employment(person, test.performed_on) is None:
            continue
        on = test.performed_on.isoformat()
        if person.left is not None and test.performed_on > person.left:
            when = f"after their last working day ({person.left.isoformat()})"
        else:
            assert person.joined is not None
            when = f"before they joined ({person.joined.isoformat()})"
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "performed_by"),
            f"test '{test.id}' of control '{control.id}' was performed by {person.name} "
            f"('{person.id}') on {on}, {when}; correct 'performed_on' or 'performed_by', or "
            "their dates in the system description",
            test.id,
        )


RULE = Rule(
    id="tester-not-active",
    severity="error",
    summary="A test is dated before its tester's 'joined' date or after their 'left' date.",
    rationale=(
        "A test performed by someone who did not work for the company on that day cannot "
        "have happened as recorded: either the date, the tester or the person's dates are "
        "wrong, and an auditor who notices will question the rest of the testing. 'left' is "
        "a person's last working day, so a test dated on it is fine. Correct whichever is "
        "wrong; a test performed by an outside firm names a person of that firm."
    ),
    example=(
        "# system.yaml\n"
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester, left: 2026-03-31}\n"
        "  - {id: priya.nair, name: Priya Nair}\n"
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
    passing=(
        "# system.yaml\n"
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester, left: 2026-03-31}\n"
        "  - {id: priya.nair, name: Priya Nair}\n"
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
        "    performed_by: priya.nair   # took over testing from tom\n"
        "    result: pass\n"
    ),
    check=check,
)
