"""na-common-criterion: a SOC 2 report declares a common criterion (CC1-CC9) not applicable.

The common criteria are the security category, which every SOC 2 examination includes: the
control environment, communication, risk assessment, monitoring, control activities, logical
and physical access, system operations, change management and risk mitigation apply to every
system. Declaring one not applicable is possible only in rare, argued cases (a system with no
physical premises of its own still has a vendor's), so an auditor questions every such entry.

Judged for every SOC 2 report and each criterion of the security category its not_applicable
lists (once, at its first entry).

Position: the entry's ``criterion``. Subject: the criterion ID. One finding per report and
entry. A warning, not an error: an entry agreed with the auditor can stay, with a waiver that
records the agreement.

Interplay: when a control in scope for the report maps the criterion, ``na-criterion-mapped``
reports the entry (an error, whose message also says a common criterion applies to every SOC 2
report) and this rule stays quiet: one entry, one finding. The entry's reason is
``weak-na-reason``'s and ``placeholder-text``'s. A criterion ID not in the catalog is
``unknown-criterion``'s; not_applicable entries of a SOC 1 report, which examines control
objectives, are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.rules.na_criterion_mapped import mapped_in_scope


def check(ctx: Context) -> Iterator[Finding]:
    criteria = ctx.catalog.criteria
    for report in ctx.reports.values():
        if report.framework != "soc2":
            continue
        seen: set[str] = set()
        for entry in report.not_applicable:
            criterion = criteria.get(entry.criterion)
            if criterion is None or criterion.category != "security" or entry.criterion in seen:
                continue
            seen.add(entry.criterion)
            if mapped_in_scope(ctx, report, entry.criterion):
                continue
            yield ctx.finding(
                RULE,
                ctx.at(entry.source, "criterion"),
                f"{quoted_report(report)} declares common criterion '{entry.criterion}' "
                f"({criterion.title}) not applicable; the common criteria (CC1-CC9) apply to "
                f"every SOC 2 examination and auditors rarely accept one as not applicable: "
                f"map a control to '{entry.criterion}' and remove the entry, or keep it only "
                "with a reason your auditor has agreed to (and waive this warning)",
                entry.criterion,
                report=report.id,
            )


RULE = Rule(
    id="na-common-criterion",
    severity="warning",
    summary="A common criterion (CC1-CC9) is declared not applicable.",
    rationale=(
        "The common criteria are the security category, which every SOC 2 examination "
        "includes: control environment, communication, risk assessment, monitoring, control "
        "activities, logical and physical access, system operations, change management and "
        "risk mitigation apply to every system. An auditor accepts one as not applicable "
        "only in rare, argued cases, and questions every such entry; usually a control "
        "exists (or a vendor's CSOC covers it) and should be mapped. Map a control to the "
        "criterion and remove the entry, or keep the entry with the reason your auditor has "
        "agreed to and record that agreement in a waiver."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security]\n"
        "    not_applicable:\n"
        "      - criterion: CC6.4\n"
        "        reason: We have no offices; production runs in AWS data centres.\n"
        "# controls/program.yaml   (the base program's control, without CC6.4)\n"
        "controls:\n"
        "  - id: GOV-01\n"
        "    title: Security program\n"
        "    description: The security lead runs the security program and reviews it yearly.\n"
        "    owner: alice\n"
        "    criteria: [CC1.1, CC1.2, CC1.3, CC1.4, CC1.5, CC2.1, CC2.2, CC2.3, CC3.1, CC3.2,\n"
        "      CC3.3, CC3.4, CC4.1, CC4.2, CC5.1, CC5.2, CC5.3, CC6.1, CC6.2, CC6.3, CC6.5,\n"
        "      CC6.6, CC6.7, CC6.8, CC7.1, CC7.2, CC7.3, CC7.4, CC7.5, CC8.1, CC9.1, CC9.2]\n"
    ),
    passing=(
        "# controls/facilities.yaml\n"
        "id: PH-01\n"
        "title: Physical access at the hosting provider\n"
        "description: >-\n"
        "  Data centre entry is AWS's control (CSOC-AWS-1); the security lead reviews AWS's\n"
        "  SOC 2 report every year and follows up its exceptions.\n"
        "owner: alice\n"
        "criteria: [CC6.4]\n"
        "# controls/program.yaml   (the base program's control, without CC6.4)\n"
        "controls:\n"
        "  - id: GOV-01\n"
        "    title: Security program\n"
        "    description: The security lead runs the security program and reviews it yearly.\n"
        "    owner: alice\n"
        "    criteria: [CC1.1, CC1.2, CC1.3, CC1.4, CC1.5, CC2.1, CC2.2, CC2.3, CC3.1, CC3.2,\n"
        "      CC3.3, CC3.4, CC4.1, CC4.2, CC5.1, CC5.2, CC5.3, CC6.1, CC6.2, CC6.3, CC6.5,\n"
        "      CC6.6, CC6.7, CC6.8, CC7.1, CC7.2, CC7.3, CC7.4, CC7.5, CC8.1, CC9.1, CC9.2]\n"
    ),
    check=check,
)
