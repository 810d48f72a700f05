"""inactive-owner: a control owned by someone who has left is not operated."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.audit_trail import inactive_reason, is_active
from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    staffed: dict[str, bool] = {}  # team ID -> has an active lead or member
    for control in ctx.controls:
        owner = control.owner
        if owner is None:
            continue
        person = ctx.people.get(owner)
        if person is not None:
            why = inactive_reason(person, today)
            if why is not None:
                yield ctx.finding(
                    RULE,
                    ctx.at(control.source, "owner"),
                    f"control '{control.id}' is owned by {person.name} ('{owner}'), who "
                    f"{why}; reassign it",
                    control.id,
                )
            continue
        team = ctx.teams.get(owner)
        if team is None:
            continue
        if owner not in staffed:
            # The lead counts as part of the team here as everywhere else (independence,
            # waivers): a team of one active lead and no members list is staffed.
            people = [ctx.people[p] for p in ctx.team_people(team) if p in ctx.people]
            staffed[owner] = any(is_active(p, today) for p in people)
        if not staffed[owner]:
            if not team.members and not team.lead:
                why = "has no lead and no members"
            else:
                why = f"has no active lead or member on {today.isoformat()}"
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "owner"),
                f"control '{control.id}' is owned by team '{owner}', which {why}",
                control.id,
            )


RULE = Rule(
    id="inactive-owner",
    severity="error",
    summary="A control's owner has left (inactive person, or a team with no active lead or "
    "member).",
    rationale=(
        "When people leave, their controls silently stop running until someone notices — "
        "often the auditor. A person is inactive when marked 'active: false', from the day "
        "after their 'left' date (their last working day), and before their 'joined' date; "
        "a team is staffed while its lead or any member is active. Reassign the control to "
        "an active person or team. (Judged as of the date given with --today, default the "
        "current date.)"
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
