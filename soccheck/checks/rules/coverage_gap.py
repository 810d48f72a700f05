"""coverage-gap: a criterion or objective is covered for only part of a Type 2 period.

A Type 2 opinion covers every day of the period. A control introduced in May covers nothing in
January to April, and a control retired in March nothing after it: unless another control
covering the same criterion (SOC 2) or control objective (SOC 1) operated on those days, the
auditor finds months with no control at all.

Judged for every Type 2 report with valid dates, and every criterion or objective in its scope
that some control in scope covers (``Context.covering``): the dates of the period on which
none of those controls was ``effective`` (``Context.uncovered_dates``) are named in the
message, as the fewest spans.

Position: where the item enters the report, as for the rules about uncovered items: a SOC 2
criterion at the report's category that brings it into scope (``Context.at_category``), a SOC 1
objective at its entry in ``control_objectives``. Subject: the criterion or objective ID. One
finding per report and item (the message names the report).

Interplay (one mistake, one finding): an item no control in scope covers at all is
``unselected-criterion`` / ``uncovered-objective``, which keep reporting it (covering is
empty, so this rule is quiet); a criterion the report declares not applicable is left to
``na-criterion-mapped`` (a control maps what the report says does not apply) or to nobody
(no control maps it, so there is nothing partial to report). A Type 1 report is about one
day, which a control covers or does not: that is ``unselected-criterion`` /
``uncovered-objective`` again. A control whose ``effective`` lies wholly outside the period is
not in scope, so it neither covers nor creates a gap. The audit-trail rules judge each
control only over the days it was effective (``Context.control_window``), so the months
before a control existed are this rule's finding alone: period-not-covered, evidence-gap and
population-implausible do not repeat them as missing samples, evidence or occurrences.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import Span, effective_bounds
from soccheck.format.records import Control, Report


def check(ctx: Context) -> Iterator[Finding]:
    for report in ctx.reports.values():
        if report.type != 2:
            continue
        if report.framework == "soc2":
            yield from _criteria(ctx, report)
        else:
            yield from _objectives(ctx, report)


def _criteria(ctx: Context, report: Report) -> Iterator[Finding]:
    declared = {entry.criterion for entry in report.not_applicable}
    for criterion_id in ctx.report_criteria(report):
        if criterion_id in declared:
            continue
        controls = ctx.covering(report, criterion_id)
        if not _dated(controls):
            continue
        gaps = ctx.uncovered_dates(report, criterion_id)
        if not gaps:
            continue
        criterion = ctx.catalog.criteria[criterion_id]
        yield _finding(
            ctx,
            report,
            ctx.at_category(report, criterion.category),
            f"'{criterion_id}' ({criterion.title})",
            criterion_id,
            "criteria",
            controls,
            gaps,
        )


def _objectives(ctx: Context, report: Report) -> Iterator[Finding]:
    seen: set[str] = set()
    for objective in ctx.system.control_objectives:
        if objective.id in seen:
            continue
        seen.add(objective.id)
        controls = ctx.covering(report, objective.id)
        if not _dated(controls):
            continue
        gaps = ctx.uncovered_dates(report, objective.id)
        if not gaps:
            continue
        yield _finding(
            ctx,
            report,
            ctx.at(objective.source),
            f"control objective '{objective.id}' ({objective.title})",
            objective.id,
            "objectives",
            controls,
            gaps,
        )


def _dated(controls: list[Control]) -> bool:
    """Whether any of the controls covering an item has ``effective``: only then can they
    leave part of a period uncovered (and none covering it is another rule's finding). Most
    programs date no control, and a large one should not pay for working out its days."""
    return any(control.effective is not None for control in controls)


def _finding(
    ctx: Context,
    report: Report,
    where: tuple[str, int, int],
    named: str,
    item: str,
    key: str,
    controls: list[Control],
    gaps: list[Span],
) -> Finding:
    dates = ", ".join(str(gap) for gap in gaps)
    return ctx.finding(
        RULE,
        where,
        f"{named} is covered in {quoted_report(report)} for only part of its period: no "
        f"control covering it was effective on {dates} ({_effective(controls)}); map "
        f"'{item}' in the '{key}' of a control that operated on those dates, or correct the "
        "'effective' dates of the controls that cover it",
        item,
        report=report.id,
    )


def _effective(controls: list[Control]) -> str:
    """When the covering controls operated: the first three, so a long list cannot drown the
    message."""
    parts = []
    for control in controls[:3]:
        first, last = effective_bounds(control)
        since = f" from {first.isoformat()}" if first is not None else ""
        until = f" to {last.isoformat()}" if last is not None else ""
        parts.append(f"'{control.id}' is effective{since}{until}")
    text = "; ".join(parts)
    if len(controls) > 3:
        text += f" and {len(controls) - 3} more"
    return text


RULE = Rule(
    id="coverage-gap",
    severity="error",
    summary="A criterion or objective of a Type 2 report is covered for only part of the "
    "period, because its controls were not effective throughout.",
    rationale=(
        "A Type 2 report opines on every day of its period. A control introduced during the "
        "period ('effective: {from: ...}') covers nothing before it, and a retired one "
        "nothing after: unless another control covering the same criterion or control "
        "objective operated on those days, the auditor finds dates with no control at all, "
        "which is an exception or a qualification. The message names the uncovered dates. "
        "Map the criterion or objective to a control that operated on them (the control that "
        "was replaced, with 'effective: {to: ...}'), or correct the 'effective' dates if they "
        "are wrong. A criterion or objective no control covers at all is "
        "'unselected-criterion' or 'uncovered-objective' instead."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "# controls/availability.yaml\n"
        "id: AV-02\n"
        "title: Managed recovery\n"
        "description: The cloud provider's managed service restores backups and scales.\n"
        "owner: alice\n"
        "criteria: [A1.1, A1.2, A1.3]\n"
        "effective: {from: 2026-05-01}   # nothing covers availability before May\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "changes:\n"
        "  - date: 2026-05-01\n"
        "    description: The managed recovery service replaced our own backups.\n"
        "    controls: [AV-01, AV-02]\n"
        "# controls/availability.yaml\n"
        "controls:\n"
        "  - id: AV-01\n"
        "    title: Capacity and recovery\n"
        "    description: SRE monitors capacity and restores a backup every quarter.\n"
        "    owner: alice\n"
        "    criteria: [A1.1, A1.2, A1.3]\n"
        "    effective: {to: 2026-04-30}     # replaced by AV-02 on 2026-05-01\n"
        "  - id: AV-02\n"
        "    title: Managed recovery\n"
        "    description: The cloud provider's managed service restores backups and scales.\n"
        "    owner: alice\n"
        "    criteria: [A1.1, A1.2, A1.3]\n"
        "    effective: {from: 2026-05-01}\n"
    ),
    check=check,
)
