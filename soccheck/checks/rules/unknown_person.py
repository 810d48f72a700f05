"""unknown-person: testers and reviewers of tests, team members and team leads, and the
reviewers of vendors' SOC reports, must be defined people.

A vendor report's ``reviewed_by`` is placed at that key of the organization's ``soc_report``,
with the organization's ID as subject.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def _why(ctx: Context, person_id: str) -> str:
    """The end of the message: what the ID is instead, or the closest person ID."""
    if person_id in ctx.teams:
        return f"; '{person_id}' is a team, and this must name one person"
    close = difflib.get_close_matches(person_id, list(ctx.people), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def check(ctx: Context) -> Iterator[Finding]:
    where_defined = ctx.system_file
    for control, test in ctx.tests():
        tester = test.performed_by
        if tester not in ctx.people:
            yield ctx.finding(
                RULE,
                ctx.at(test.source, "performed_by"),
                (
                    f"test '{test.id}' of control '{control.id}' is performed by '{tester}', "
                    "who is not a person defined in ",
                    where_defined,
                    _why(ctx, tester),
                ),
                test.id,
            )
        reviewer = test.reviewed_by
        if reviewer is not None and reviewer not in ctx.people:
            yield ctx.finding(
                RULE,
                ctx.at(test.source, "reviewed_by"),
                (
                    f"test '{test.id}' of control '{control.id}' is reviewed by '{reviewer}', "
                    "who is not a person defined in ",
                    where_defined,
                    _why(ctx, reviewer),
                ),
                test.id,
            )
    for org in ctx.system.subservice_organizations:
        vendor_report = org.soc_report
        if vendor_report is None or vendor_report.reviewed_by in ctx.people:
            continue
        reviewer = vendor_report.reviewed_by
        yield ctx.finding(
            RULE,
            ctx.at(vendor_report.source, "reviewed_by"),
            (
                f"the SOC report of subservice organization '{org.id}' was reviewed by "
                f"'{reviewer}', who is not a person defined in ",
                where_defined,
                _why(ctx, reviewer),
            ),
            org.id,
        )
    for team in ctx.system.teams:
        if team.lead is not None and team.lead not in ctx.people:
            yield ctx.finding(
                RULE,
                ctx.at(team.source, "lead"),
                (
                    f"lead '{team.lead}' of team '{team.id}' is not a person defined in ",
                    where_defined,
                    _why(ctx, team.lead),
                ),
                team.id,
            )
        if all(member in ctx.people for member in team.members):
            continue  # positions are only worked out for findings
        for index, member in ctx.items(team.source, "members", team.members):
            if member not in ctx.people:
                yield ctx.finding(
                    RULE,
                    ctx.at(team.source, "members", index),
                    (
                        f"member '{member}' of team '{team.id}' is not a person defined in ",
                        where_defined,
                        _why(ctx, member),
                    ),
                    team.id,
                )


RULE = Rule(
    id="unknown-person",
    severity="error",
    summary="A test's tester or reviewer, a team's lead or member, or the reviewer of a "
    "vendor's SOC report is not a defined person.",
    rationale=(
        "Auditors check who performed each test, who stands behind each team and who "
        "reviewed each vendor's SOC report; an ID that "
        "matches nobody (usually a typo, or someone never added to 'people') leaves that "
        "question unanswered, and checks that rely on people, such as inactive owners, "
        "cannot see them. Add the person to 'people' in the system description, or correct "
        "the ID. A team cannot stand in for a person here."
    ),
    example=(
        "# system.yaml\nteams:\n  - {id: platform, name: Platform, lead: alise, members: [alice]}\n"
    ),
    passing=(
        "# system.yaml\nteams:\n  - {id: platform, name: Platform, lead: alice, members: [alice]}\n"
    ),
    check=check,
)
