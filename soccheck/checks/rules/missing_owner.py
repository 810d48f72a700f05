"""missing-owner: every control needs someone accountable for it."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control in ctx.controls:
        if control.owner is not None:
            continue
        # An owner that is written but invalid (a number, an empty value) is a schema finding
        # at the value already: one mistake, one finding.
        if ctx.raw(control.source, "owner") is MISSING:
            yield ctx.finding(
                RULE,
                ctx.at(control.source),
                f"control '{control.id}' has no owner; set 'owner' to a person or team ID",
                control.id,
            )


RULE = Rule(
    id="missing-owner",
    severity="error",
    summary="A control has no owner.",
    rationale=(
        "Auditors ask who performs and answers for each control; a control without an owner "
        "is a control nobody operates. Set 'owner' to the ID of a person or team defined in "
        "the system description."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: platform   # a person or a team\n"
    ),
    check=check,
)
