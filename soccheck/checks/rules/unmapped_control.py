"""unmapped-control: a control that maps nothing is examined by no report."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control in ctx.controls:
        if control.criteria or control.objectives:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(control.source),
            f"control '{control.id}' maps no criterion and no objective, so no report examines "
            "it; add the TSC criteria (SOC 2) or control objectives (SOC 1) it addresses",
            control.id,
        )


RULE = Rule(
    id="unmapped-control",
    severity="warning",
    summary="A control maps no criterion and no control objective.",
    rationale=(
        "Reports examine controls through the criteria (SOC 2) and objectives (SOC 1) they "
        "address; an unmapped control is tested by nobody, and it often means a mapping was "
        "lost in an edit. Add 'criteria' or 'objectives' to the control, or remove it if it "
        "is not part of the program."
    ),
    example=(
        "# controls/hr.yaml\n"
        "id: HR-04\n"
        "title: Exit interviews\n"
        "description: HR holds an exit interview with every leaver.\n"
        "owner: alice\n"
    ),
    passing=(
        "# controls/hr.yaml\n"
        "id: HR-04\n"
        "title: Exit interviews\n"
        "description: HR holds an exit interview with every leaver.\n"
        "owner: alice\n"
        "criteria: [CC1.4]\n"
    ),
    check=check,
)
