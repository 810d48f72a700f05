"""unselected-criterion: every criterion a SOC 2 report examines needs a control or a reason."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import out_of_scope_reason
from soccheck.format.records import Control, Report


def check(ctx: Context) -> Iterator[Finding]:
    catalog = ctx.catalog
    mapped = ctx.criteria_mapped
    for report in ctx.system.reports:
        if report.framework != "soc2":
            continue
        declared = {na.criterion for na in report.not_applicable if na.reason.strip()}
        no_reason = {na.criterion for na in report.not_applicable if not na.reason.strip()}
        label = quoted_report(report)
        for criterion_id in ctx.report_criteria(report):
            if criterion_id in declared or ctx.covering(report, criterion_id):
                continue
            criterion = catalog.criteria[criterion_id]
            if criterion.category == "security":
                why = "as a common criterion"
            else:
                info = catalog.categories.get(criterion.category)
                name = info.name if info is not None else criterion.category
                why = f"because it selects {name}"
            note = (
                " (its not_applicable entry gives no reason)" if criterion_id in no_reason else ""
            )
            outside = _out_of_scope(mapped.get(criterion_id, []), report)
            maps = f"control in scope for it maps it ({outside})" if outside else "control maps it"
            yield ctx.finding(
                RULE,
                ctx.at_category(report, criterion.category),
                f"'{criterion_id}' ({criterion.title}) is in scope for {label} {why}, but no "
                f"{maps}{note}; map a control to '{criterion_id}' in its 'criteria', "
                "or list it under the report's not_applicable with the reason it does not "
                "apply",
                criterion_id,
                report=report.id,
            )


def _out_of_scope(controls: list[Control], report: Report) -> str:
    """Why the controls that map a criterion are out of the report's scope ('' when none
    maps it): the first three, so a long list cannot drown the message."""
    reasons = [r for c in controls if (r := out_of_scope_reason(c, report)) is not None]
    text = "; ".join(reasons[:3])
    if len(reasons) > 3:
        text += f" and {len(reasons) - 3} more"
    return text


RULE = Rule(
    id="unselected-criterion",
    severity="error",
    summary="A criterion in a SOC 2 report's scope has no control and is not declared "
    "not applicable.",
    rationale=(
        "A SOC 2 report examines every common criterion plus every criterion of each "
        "selected category. The description must present controls for each of them, or "
        "state why a criterion does not apply (TSC .11, description criterion DC8); a gap "
        "found by the auditor becomes a qualification or a late scramble. Only controls in "
        "scope for the report count: a control whose 'reports' leaves the report out, or "
        "that was not 'effective' on any day of it, covers nothing there. Map a control to "
        "the criterion, or add it to the report's not_applicable with a reason. The finding "
        "points at the category that brings the criterion into scope."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]   # no control maps A1.1-A1.3\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "# controls/availability.yaml\n"
        "id: AV-01\n"
        "title: Capacity and recovery\n"
        "description: SRE monitors capacity and restores a backup every quarter.\n"
        "owner: alice\n"
        "criteria: [A1.1, A1.2, A1.3]\n"
    ),
    check=check,
)
