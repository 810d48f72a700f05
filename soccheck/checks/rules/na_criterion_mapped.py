"""na-criterion-mapped: a report declares a criterion not applicable while a control in its
scope maps it.

A not_applicable entry tells the reader of a SOC 2 report that the criterion does not apply to
the system (DC8); a control the report examines that addresses the criterion says it does.
The auditor cannot accept both, and whichever is wrong misstates the report: either a control
is presented for a criterion the description excludes, or a criterion that applies is
excused.

Judged for every SOC 2 report and each criterion its not_applicable lists (once, at its first
entry) that is in the report's scope (a common criterion, or one of a selected category) and
that a control in scope for the report maps (``Context.covering``: ``reports`` and
``effective`` decide, so a control scoped to another report, or retired before the period,
does not contradict the entry).

Position: the entry's ``criterion``. Subject: the criterion ID. One finding per report and
entry, naming the controls (the mistake is the entry or the mappings, and the entry is the one
place that names both).

Interplay: a criterion of a category no report selects is ``out-of-scope-criterion``'s (for
the control that maps it) and is not judged here, so the two never report one mapping; for a
common criterion this finding also says that a common criterion applies to every SOC 2 report,
and ``na-common-criterion`` stays quiet about that entry. The entry's reason is judged by
``weak-na-reason`` and ``placeholder-text`` independently: removing the mapping would still
leave that reason in the report. A criterion ID not in the catalog is ``unknown-criterion``'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.format.records import Control, Report


def mapped_in_scope(ctx: Context, report: Report, criterion: str) -> list[Control]:
    """The controls in scope for a SOC 2 report that map one of its criteria (none for a
    criterion outside the report's scope): what contradicts a not_applicable entry.
    'na-common-criterion' asks it too, to leave such an entry to this rule."""
    scope = ctx.shared(f"na-scope:{report.id}", lambda: frozenset(ctx.report_criteria(report)))
    if criterion not in scope:
        return []
    return ctx.covering(report, criterion)


def check(ctx: Context) -> Iterator[Finding]:
    for report in ctx.reports.values():
        if report.framework != "soc2":
            continue
        seen: set[str] = set()
        for entry in report.not_applicable:
            if entry.criterion in seen:
                continue
            seen.add(entry.criterion)
            controls = mapped_in_scope(ctx, report, entry.criterion)
            if not controls:
                continue
            criterion = ctx.catalog.criteria[entry.criterion]
            names = ", ".join(f"'{c.id}'" for c in controls[:3])
            if len(controls) > 3:
                names += f" and {len(controls) - 3} more"
            who = (
                f"controls {names} in scope for it map"
                if len(controls) > 1
                else f"control {names} in scope for it maps"
            )
            common = (
                " (a common criterion applies to every SOC 2 report)"
                if criterion.category == "security"
                else ""
            )
            yield ctx.finding(
                RULE,
                ctx.at(entry.source, "criterion"),
                f"{quoted_report(report)} declares '{entry.criterion}' ({criterion.title}) not "
                f"applicable, but {who} it; if a control addresses the criterion it "
                f"applies{common}: remove the not_applicable entry, or remove "
                f"'{entry.criterion}' from the controls' 'criteria' if it truly does not apply",
                entry.criterion,
                report=report.id,
            )


RULE = Rule(
    id="na-criterion-mapped",
    severity="error",
    summary="A criterion declared not applicable is mapped by a control in scope for that report.",
    rationale=(
        "A not_applicable entry tells the reader that the criterion does not apply to the "
        "system (description criterion DC8); a control in the report's scope that maps the "
        "criterion says it does. The auditor cannot accept both: either the description "
        "presents a control for a criterion it excludes, or a criterion that applies is "
        "excused. Remove the not_applicable entry if the criterion applies (then the control "
        "covers it), or remove the criterion from the control's 'criteria' if it truly does "
        "not. Only controls in scope for the report count: one whose 'reports' leaves the "
        "report out, or that was not 'effective' during it, contradicts nothing."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "    not_applicable:\n"
        "      - criterion: A1.3\n"
        "        reason: Recovery is the hosting provider's responsibility (carved out).\n"
        "# controls/availability.yaml\n"
        "id: AV-01\n"
        "title: Capacity and recovery\n"
        "description: SRE monitors capacity and restores a backup every quarter.\n"
        "owner: alice\n"
        "criteria: [A1.1, A1.2, A1.3]\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "    not_applicable:\n"
        "      - criterion: A1.3\n"
        "        reason: Recovery is the hosting provider's responsibility (carved out).\n"
        "# controls/availability.yaml\n"
        "id: AV-01\n"
        "title: Capacity monitoring\n"
        "description: SRE monitors capacity and plans for growth every quarter.\n"
        "owner: alice\n"
        "criteria: [A1.1, A1.2]\n"
    ),
    check=check,
)
