"""missing-frequency: a control a Type 2 report examines does not say how often it runs.

Which controls: those in scope for at least one Type 2 report (``Context.in_scope``),
whatever the report's dates: the frequency belongs to the control's description, not to a
period, so it is asked for as soon as a Type 2 report examines the control. A ``frequency``
that is written but rejected while loading (``frequency: sometimes``) has its own schema
finding, and this rule stays quiet about it.

Where: the control's start (its ``id``), since the missing key has no position of its own.
Subject: the control ID. Several reports: one finding per control, naming every Type 2 report
that examines it: one key is missing and one key fixes it for all of them, so a finding per
report would say the same thing twice at the same place. The finding carries its report only
when there is one.

Interplay: without a frequency insufficient-sample has no minimum to judge by (it reports
only a sample of 0), population-implausible has no interval to count with, and
period-not-covered does not judge the control's spans until it has one; this rule is what
reports the cause.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule, quoted_report


def check(ctx: Context) -> Iterator[Finding]:
    type2 = [report for report in ctx.reports.values() if report.type == 2]
    if not type2:
        return
    for control in ctx.controls:
        if control.frequency is not None or ctx.raw(control.source, "frequency") is not MISSING:
            continue
        reports = [report for report in type2 if ctx.in_scope(control, report)]
        if not reports:
            continue
        named = " and ".join(quoted_report(report) for report in reports)
        yield ctx.finding(
            RULE,
            ctx.at(control.source),
            f"control '{control.id}' is examined by {named} but has no 'frequency'; how often "
            "it runs decides the sample an auditor needs and the population a test should "
            "find, so add one (continuous, multiple-daily, daily, weekly, monthly, quarterly, "
            "semi-annual, annual or as-needed)",
            control.id,
            report=reports[0].id if len(reports) == 1 else None,
        )


RULE = Rule(
    id="missing-frequency",
    severity="error",
    summary="A control in scope for a Type 2 report has no 'frequency'.",
    rationale=(
        "A Type 2 test samples the occurrences of a control over the period, and how many "
        "it needs depends on how often the control runs: one of an annual control, 2 of a "
        "quarterly one, 25 of one that runs many times a day. Without a frequency a sample of "
        "1 out of 300 cannot be judged, nor can the population a test records or the stretch "
        "of the period its sample may leave out. Add the control's 'frequency': continuous, "
        "multiple-daily, daily, weekly, monthly, quarterly, semi-annual, annual or as-needed "
        "(a control triggered by events, such as access requests)."
    ),
    example=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Access requests approved before provisioning\n"
        "description: Production access is granted only on a ticket approved by the manager.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "tests:\n"
        "  - id: T-AC-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected a sample of access grants for an approved ticket.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    population: 300\n"
        "    sample_size: 1\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Access requests approved before provisioning\n"
        "description: Production access is granted only on a ticket approved by the manager.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: as-needed\n"
        "tests:\n"
        "  - id: T-AC-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected a sample of access grants for an approved ticket.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    population: 300\n"
        "    sample_size: 25\n"
        "    result: pass\n"
    ),
    check=check,
)
