"""uncovered-objective: every SOC 1 control objective needs controls that achieve it."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    mapped = ctx.objectives_mapped
    seen: set[str] = set()
    for objective in ctx.system.control_objectives:
        if objective.id in mapped or objective.id in seen:
            continue
        seen.add(objective.id)
        yield ctx.finding(
            RULE,
            ctx.at(objective.source),
            f"control objective '{objective.id}' ({objective.title}) is not mapped by any "
            f"control; add '{objective.id}' to the 'objectives' of the controls that achieve "
            "it, or remove the objective if the report no longer claims it",
            objective.id,
        )


RULE = Rule(
    id="uncovered-objective",
    severity="error",
    summary="A SOC 1 control objective is not mapped by any control.",
    rationale=(
        "In a SOC 1 report each control objective is followed by the controls that achieve "
        "it; the auditor opines on whether those controls are suitably designed (and, for "
        "Type 2, operated) to achieve it. An objective with no controls cannot be achieved "
        "and leads to a qualified opinion. Map the controls that address it through their "
        "'objectives', or remove the objective."
    ),
    example=(
        "# system.yaml\n"
        "control_objectives:\n"
        "  - {id: CO-03, title: Pay-rate changes are authorized}   # no control lists CO-03\n"
    ),
    passing=(
        "# system.yaml\n"
        "control_objectives:\n"
        "  - {id: CO-03, title: Pay-rate changes are authorized}\n"
        "# controls/payroll.yaml\n"
        "id: PY-03\n"
        "title: Pay-rate approval\n"
        "description: Payroll applies a pay-rate change only with HR's approval.\n"
        "owner: alice\n"
        "objectives: [CO-03]\n"
    ),
    check=check,
)
