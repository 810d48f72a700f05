"""inactive-team-lead: a team that owns controls is still staffed, but its lead has gone.

The finding points at the team's ``lead`` in the system description and its subject is the
team, once per team however many controls it owns (unknown-person does the same for a lead
who is not defined). The lead is judged as of the evaluation date, as 'inactive-owner' judges
owners: marked ``active: false``, after their ``left`` day, or before their ``joined`` day.

With 'inactive-owner', one mistake gives one finding: a team whose lead has gone and whose
members have all gone too (or that has no members) leaves its controls unowned, which
'inactive-owner' reports as an error at each control's ``owner``; this rule then stays
quiet. Only while at least one other member is active is the team's lead its own, milder
finding. A lead who is not a defined person is 'unknown-person''s finding, and members who
are not defined people do not count as remaining.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.audit_trail import inactive_reason, is_active
from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    owners = {control.owner for control in ctx.controls}
    for team in ctx.teams.values():
        if team.id not in owners or team.lead is None:
            continue
        lead = ctx.people.get(team.lead)
        if lead is None:
            continue
        why = inactive_reason(lead, today)
        if why is None:
            continue
        remaining = [
            member
            for member in team.members
            if member != team.lead and member in ctx.people and is_active(ctx.people[member], today)
        ]
        if not remaining:
            continue  # the team is unstaffed: inactive-owner reports its controls
        yield ctx.finding(
            RULE,
            ctx.at(team.source, "lead"),
            f"team '{team.id}' owns controls but its lead {lead.name} ('{lead.id}') {why}; "
            f"name an active lead (members still active: {_names(remaining)})",
            team.id,
        )


def _names(ids: list[str]) -> str:
    shown = ", ".join(f"'{member}'" for member in ids[:5])
    return shown if len(ids) <= 5 else f"{shown} and {len(ids) - 5} more"


RULE = Rule(
    id="inactive-team-lead",
    severity="warning",
    summary="A team that owns controls has a lead who has left, though members remain.",
    rationale=(
        "The lead is who answers for a team's controls: who the auditor asks, who signs off "
        "and who sees that the controls keep running. While other members remain the "
        "controls are still owned, so this is a warning; once the last member goes too, "
        "'inactive-owner' reports every control the team owns. Name an active person as the "
        "team's 'lead' (a lead is inactive when marked 'active: false', from the day after "
        "their 'left' date, and before their 'joined' date, judged on the date given with "
        "--today)."
    ),
    example=(
        "# system.yaml\n"
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester}\n"
        "  - {id: priya.nair, name: Priya Nair}\n"
        "  - {id: bob, name: Bob Stone, left: 2026-05-29}\n"
        "teams:\n"
        "  - {id: platform, name: Platform, lead: bob, members: [alice]}\n"
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: platform\n"
        "criteria: [CC6.2]\n"
    ),
    passing=(
        "# system.yaml\n"
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester}\n"
        "  - {id: priya.nair, name: Priya Nair}\n"
        "  - {id: bob, name: Bob Stone, left: 2026-05-29}\n"
        "teams:\n"
        "  - {id: platform, name: Platform, lead: alice, members: [alice]}   # took over "
        "from bob\n"
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: platform\n"
        "criteria: [CC6.2]\n"
    ),
    check=check,
)
