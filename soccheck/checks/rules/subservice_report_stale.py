"""subservice-report-stale: the vendor's own SOC report does not reach the report it supports.

A service organization that relies on a vendor's controls (CC9.2, description criterion DC7)
reads the vendor's SOC report, and its auditor asks whether that report speaks to the same
days as the examination. Judged for every recorded ``soc_report`` (carve-out or inclusive:
either way management monitors the vendor through it) against every report of the program:

- a Type 2 report: the vendor's report must be a Type 2 (a Type 1 describes the vendor's
  controls on one day, not their operation over the period; a bridge letter cannot change
  that), and it must end no more than 3 months before the examined period ends;
- a Type 1 report: the vendor's report must be no more than 12 months old at the evaluation
  date (``--today``), or reach the examined ``as_of`` date.

"Ends" is the vendor report's ``period_end`` (Type 2) or ``as_of`` (Type 1). When the dates
fall short, a bridge letter covers the gap when ``bridge_letter_through`` reaches the date the
examined report speaks to: its period end (Type 2) or its ``as_of`` (Type 1). A vendor report
that itself reaches that date leaves no gap to cover.

Position: the date to change. The vendor report's ``type`` for a Type 1 vendor report against
a Type 2 examination; otherwise its ``bridge_letter_through`` when one is written (the letter
that falls short), else its ``period_end`` or ``as_of``. Subject: the subservice
organization's ID. One finding per organization and examined report (each report's readiness
needs its own; the message names the report), and one reason per finding: a Type 1 vendor
report against a Type 2 examination is that, whatever its dates.

Interplay: a vendor report the schema rejected (a date that does not fit its type, or none)
is not on the record, and this rule stays quiet about it (the ``schema`` finding is the one
to fix); an organization with no ``soc_report`` is ``subservice-report-missing``'s business;
a report whose own dates are missing or reversed is ``invalid-period``'s and is not judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.periods import months_after
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import Span
from soccheck.format.records import Report, SocReport, SubserviceOrganization

TYPE2_MONTHS = 3
"""A Type 2 examination accepts a vendor report ending at most this many months before the
examined period ends."""

TYPE1_MONTHS = 12
"""A Type 1 examination accepts a vendor report at most this many months old at the
evaluation date."""

_DAY = dt.timedelta(days=1)


def check(ctx: Context) -> Iterator[Finding]:
    reports = list(ctx.reports.values())
    for org in ctx.system.subservice_organizations:
        vendor = org.soc_report
        if vendor is None:
            continue
        ends = vendor.period_end if vendor.type == 2 else vendor.as_of
        if ends is None:
            continue
        for report in reports:
            finding = _judge(ctx, org, vendor, ends, report)
            if finding is not None:
                yield finding


def _judge(
    ctx: Context,
    org: SubserviceOrganization,
    vendor: SocReport,
    ends: dt.date,
    report: Report,
) -> Finding | None:
    label = quoted_report(report)
    whose = f"the SOC report of subservice organization '{org.id}' ({org.name})"
    if report.type == 2:
        period = report.period
        if period is None or period.end < period.start:
            return None
        if vendor.type == 1:
            return ctx.finding(
                RULE,
                ctx.at(vendor.source, "type"),
                f"{whose} is a Type 1 (as of {ends.isoformat()}): it describes the vendor's "
                f"controls on one day, while {label} reports on their operation over "
                f"{period.start.isoformat()} to {period.end.isoformat()}; obtain the vendor's "
                "Type 2 report covering the period (with a bridge letter for the months after "
                "it ends)",
                org.id,
                report=report.id,
            )
        if months_after(ends, TYPE2_MONTHS) >= period.end:
            return None
        reference = period.end
        why = (
            f"{whose} ends {ends.isoformat()}, more than {TYPE2_MONTHS} months before the "
            f"period of {label} ends ({reference.isoformat()})"
        )
    else:
        if report.as_of is None or months_after(ends, TYPE1_MONTHS) >= ctx.today:
            return None
        reference = report.as_of
        if ends >= reference:
            return None  # the vendor's report reaches the day the examination describes
        described = "is as of" if vendor.type == 1 else "ends"
        why = (
            f"{whose} {described} {ends.isoformat()}, more than {TYPE1_MONTHS} months before "
            f"today ({ctx.today.isoformat()}), for {label} as of {reference.isoformat()}"
        )
    bridge = vendor.bridge_letter_through
    if bridge is not None and bridge >= reference:
        return None
    gap = Span(max(ends, bridge or ends) + _DAY, reference)
    if bridge is not None:
        where = ctx.at(vendor.source, "bridge_letter_through")
        letter = f"its bridge letter runs only through {bridge.isoformat()}, leaving {gap}"
    else:
        where = ctx.at(vendor.source, "period_end" if vendor.type == 2 else "as_of")
        letter = f"no bridge letter covers {gap}"
    return ctx.finding(
        RULE,
        where,
        f"{why}, and {letter}; obtain a bridge letter through {reference.isoformat()} "
        "(record it in 'bridge_letter_through') or the vendor's newer report",
        org.id,
        report=report.id,
    )


RULE = Rule(
    id="subservice-report-stale",
    severity="warning",
    summary="A vendor's SOC report does not reach the examined period (or is a Type 1 for a "
    "Type 2 examination).",
    rationale=(
        "Relying on a subservice organization's controls means relying on its own SOC "
        "report, and the auditor checks that it speaks to the same days as yours (CC9.2). "
        "For a Type 2 examination the vendor's report must be a Type 2 (a Type 1 describes "
        "its controls on one day, not their operation over your period) and must end no more "
        "than 3 months before your period ends; for a Type 1 examination it must be no more "
        "than 12 months old at the evaluation date, or reach your as-of date. Otherwise the "
        "months in between are unsupported, unless a bridge (gap) letter from the vendor "
        "vouches for its controls through your period end (Type 1: your as-of date). Ask the "
        "vendor for a bridge letter and record it in 'bridge_letter_through', or obtain its "
        "newer report."
    ),
    example=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - {id: CSOC-AWS-1, description: Data centre entry is restricted., "
        "criteria: [CC6.4]}\n"
        "    soc_report:              # the period 2026-01-01 to 2026-06-30 is examined\n"
        "      type: 2\n"
        "      period_end: 2025-09-30\n"
        "      received_on: 2025-11-14\n"
        "      reviewed_by: alice\n"
    ),
    passing=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - {id: CSOC-AWS-1, description: Data centre entry is restricted., "
        "criteria: [CC6.4]}\n"
        "    soc_report:\n"
        "      type: 2\n"
        "      period_end: 2025-09-30\n"
        "      received_on: 2025-11-14\n"
        "      reviewed_by: alice\n"
        "      bridge_letter_through: 2026-06-30\n"
    ),
    check=check,
)
