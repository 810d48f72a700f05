"""subservice-report-missing: a carved-out vendor's own SOC report must be on record.

A subservice organization with ``method: carve-out`` and no ``soc_report`` fires. An
inclusive one does not: its controls are tested directly, as part of the examination.

Position: the organization's ``method`` value (what makes the report required, as for
``missing-csoc``). Subject: the organization's ID.

Whether the report is missing is :func:`soccheck.checks.vendor_reports.report_missing`, the
same test by which the readiness reports show the organization's report as ``missing``.

Interplay (one mistake, one finding): a ``soc_report`` written but rejected by the schema (a
date that does not fit its type, no ``received_on``) is the ``schema`` finding, and this rule
stays quiet. A report on record but too old is ``subservice-report-stale``'s business, and a
carve-out without CSOCs is ``missing-csoc``'s (a different omission, reported as well).
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.checks.vendor_reports import report_missing


def check(ctx: Context) -> Iterator[Finding]:
    for org in ctx.system.subservice_organizations:
        if not report_missing(ctx, org):
            continue  # on record, rejected by the schema (that is the finding), or inclusive
        yield ctx.finding(
            RULE,
            ctx.at(org.source, "method"),
            f"subservice organization '{org.id}' ({org.name}) is carved out, but no "
            "'soc_report' is recorded; obtain the vendor's SOC report, review it, and record "
            "its type, date, when it was received and who reviewed it under 'soc_report'",
            org.id,
        )


RULE = Rule(
    id="subservice-report-missing",
    severity="warning",
    summary="A carved-out subservice organization has no soc_report recorded (an inclusive "
    "one is tested directly).",
    rationale=(
        "Carving a vendor out excludes its controls from your examination, so you and your "
        "auditor rely on the vendor's own SOC report for them. Monitoring subservice "
        "organizations (CC9.2, and the complementary controls of a SOC 1 report) means "
        "obtaining that report each period and reviewing its opinion, its exceptions and the "
        "complementary controls it expects of you; auditors ask for the report and the "
        "evidence of its review. Record it under 'soc_report' with its type, its date "
        "('period_end' for a Type 2, 'as_of' for a Type 1), 'received_on' and 'reviewed_by'. "
        "An inclusive vendor's controls are tested in your own examination instead."
    ),
    example=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - id: CSOC-AWS-1\n"
        "        description: AWS restricts physical access to its data centers.\n"
        "        criteria: [CC6.4]\n"
    ),
    passing=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - id: CSOC-AWS-1\n"
        "        description: AWS restricts physical access to its data centers.\n"
        "        criteria: [CC6.4]\n"
        "    soc_report:\n"
        "      type: 2\n"
        "      period_end: 2026-03-31\n"
        "      received_on: 2026-05-10\n"
        "      reviewed_by: alice\n"
        "      bridge_letter_through: 2026-06-30\n"
    ),
    check=check,
)
