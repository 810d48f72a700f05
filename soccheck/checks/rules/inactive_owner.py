"""inactive-owner: a control owned by someone who has left is not operated."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    staffed: dict[str, bool] = {}  # team ID -> has an active member
    for control in ctx.controls:
        owner = control.owner
        if owner is None:
            continue
        person = ctx.people.get(owner)
        if person is not None:
            if not person.active:
                yield ctx.finding(
                    RULE,
                    ctx.at(control.source, "owner"),
                    f"control '{control.id}' is owned by {person.name} ('{owner}'), who is "
                    "marked inactive; reassign it",
                    control.id,
                )
            continue
        team = ctx.teams.get(owner)
        if team is None:
            continue
        if owner not in staffed:
            members = [ctx.people[m] for m in team.members if m in ctx.people]
            staffed[owner] = any(m.active for m in members)
        if not staffed[owner]:
            why = "has no members" if not team.members else "has no active members"
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "owner"),
                f"control '{control.id}' is owned by team '{owner}', which {why}",
                control.id,
            )


RULE = Rule(
    id="inactive-owner",
    severity="error",
    summary="A control's owner has left (inactive person, or a team with no active members).",
    rationale=(
        "When people leave, their controls silently stop running until someone notices — "
        "often the auditor. Reassign the control to an active person or team."
    ),
    example=(
        "# system.yaml\n"
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester}\n"
        "  - {id: bob, name: Bob Stone, active: false}   # left in May\n"
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: bob\n"
    ),
    passing=(
        "# system.yaml\n"
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester}\n"
        "  - {id: bob, name: Bob Stone, active: false}   # left in May\n"
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice   # took over from bob\n"
    ),
    check=check,
)
