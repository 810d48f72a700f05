"""uncovered-objective: every SOC 1 control objective needs controls that achieve it."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import out_of_scope_reason


def check(ctx: Context) -> Iterator[Finding]:
    mapped = ctx.objectives_mapped
    soc1 = [r for r in ctx.reports.values() if r.framework == "soc1"]
    seen: set[str] = set()
    for objective in ctx.system.control_objectives:
        if objective.id in seen:
            continue
        seen.add(objective.id)
        named = f"control objective '{objective.id}' ({objective.title})"
        controls = mapped.get(objective.id, [])
        if not controls:
            yield ctx.finding(
                RULE,
                ctx.at(objective.source),
                f"{named} is not mapped by any control; add '{objective.id}' to the "
                "'objectives' of the controls that achieve it, or remove the objective if the "
                "report no longer claims it",
                objective.id,
            )
            continue
        # Mapped, but a SOC 1 report examines only the controls in its scope.
        for report in soc1:
            if ctx.covering(report, objective.id):
                continue
            reasons = [r for c in controls if (r := out_of_scope_reason(c, report)) is not None]
            why = "; ".join(reasons[:3])
            if len(reasons) > 3:
                why += f" and {len(reasons) - 3} more"
            why = f" ({why})" if why else ""
            yield ctx.finding(
                RULE,
                ctx.at(objective.source),
                f"{named} is mapped by no control in scope for {quoted_report(report)}"
                f"{why}; add the report to the 'reports' of a control that achieves it, or "
                "map a control in scope for it",
                objective.id,
                report=report.id,
            )


RULE = Rule(
    id="uncovered-objective",
    severity="error",
    summary="A SOC 1 control objective is not mapped by any control (in scope for a report).",
    rationale=(
        "In a SOC 1 report each control objective is followed by the controls that achieve "
        "it; the auditor opines on whether those controls are suitably designed (and, for "
        "Type 2, operated) to achieve it. An objective with no controls cannot be achieved "
        "and leads to a qualified opinion. Only controls in scope for a SOC 1 report achieve "
        "its objectives: a control whose 'reports' leaves the report out, or that was not "
        "'effective' on any day of it, achieves nothing there, and the finding then names "
        "the report. Map the controls that address it through their 'objectives', or remove "
        "the objective."
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
