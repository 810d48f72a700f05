"""unknown-owner: an owner must be a defined person or team."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    known = [*ctx.people, *ctx.teams]
    for control in ctx.controls:
        owner = control.owner
        if owner is None or owner in ctx.people or owner in ctx.teams:
            continue
        close = difflib.get_close_matches(owner, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        yield ctx.finding(
            RULE,
            ctx.at(control.source, "owner"),
            (
                f"owner '{owner}' of control '{control.id}' is not a person or team defined in ",
                ctx.system_file,
                hint,
            ),
            control.id,
        )


RULE = Rule(
    id="unknown-owner",
    severity="error",
    summary="A control's owner is not a defined person or team.",
    rationale=(
        "Owners are references: a typo or a person missing from the system description "
        "leaves the control effectively unowned. Add the person or team to the system "
        "description, or correct the ID."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alise   # people: alice, tom, priya.nair\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
    ),
    check=check,
)
