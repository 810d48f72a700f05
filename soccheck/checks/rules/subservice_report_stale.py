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

The judgment itself (which status a vendor report has for an examined report) is
:func:`soccheck.checks.vendor_reports.judge`, shared with the readiness reports: this rule
fires exactly when it says ``stale``, and words the finding.

Interplay: a vendor report the schema rejected (a date that does not fit its type, or none)
is not on the record, and this rule stays quiet about it (the ``schema`` finding is the one
to fix); an organization with no ``soc_report`` is ``subservice-report-missing``'s business;
a report whose own dates are missing or reversed is ``invalid-period``'s and is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.vendor_reports import (
    TYPE1_MONTHS,
    TYPE2_MONTHS,
    VendorReportJudgment,
    judge,
)
from soccheck.format.records import Report, SocReport, SubserviceOrganization


def check(ctx: Context) -> Iterator[Finding]:
    reports = list(ctx.reports.values())
    for org in ctx.system.subservice_organizations:
        vendor = org.soc_report
        if vendor is None:
            continue
        for report in reports:
            judgment = judge(ctx, org, report)
            if judgment.status == "stale":
                yield _finding(ctx, org, vendor, report, judgment)


def _finding(
    ctx: Context,
    org: SubserviceOrganization,
    vendor: SocReport,
    report: Report,
    judgment: VendorReportJudgment,
) -> Finding:
    """The finding for a ``stale`` judgment (``soccheck.checks.vendor_reports`` decides)."""
    label = quoted_report(report)
    whose = f"the SOC report of subservice organization '{org.id}' ({org.name})"
    ends, reference, gap = judgment.ends, judgment.reference, judgment.gap
    assert ends is not None and reference is not None  # a stale judgment has both dates
    if judgment.type_mismatch:
        period = report.period
        assert period is not None  # judged against a Type 2 period
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
    if report.type == 2:
        why = (
            f"{whose} ends {ends.isoformat()}, more than {TYPE2_MONTHS} months before the "
            f"period of {label} ends ({reference.isoformat()})"
        )
    else:
        described = "is as of" if vendor.type == 1 else "ends"
        why = (
            f"{whose} {described} {ends.isoformat()}, more than {TYPE1_MONTHS} months before "
            f"today ({ctx.today.isoformat()}), for {label} as of {reference.isoformat()}"
        )
    bridge = vendor.bridge_letter_through
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
