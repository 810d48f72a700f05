"""security-not-selected: every SOC 2 examination covers the common criteria."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report


def check(ctx: Context) -> Iterator[Finding]:
    for report in ctx.system.reports:
        if report.framework != "soc2" or "security" in report.categories:
            continue
        listed = (
            f"lists only {', '.join(report.categories)}"
            if report.categories
            else "selects no categories"
        )
        yield ctx.finding(
            RULE,
            ctx.at_category(report, "security"),
            f"report {quoted_report(report)} {listed}; security (the common criteria CC1-CC9) "
            "is part of every SOC 2 examination, so add 'security' to its categories",
            report.id,
        )


RULE = Rule(
    id="security-not-selected",
    severity="error",
    summary="A SOC 2 report does not select the security category.",
    rationale=(
        "The common criteria (CC1-CC9, the security category) are examined in every SOC 2 "
        "report; the other categories are added to them, never used instead of them. A "
        "report that leaves security out misstates its own scope, and soccheck still treats "
        "the common criteria as in scope for it. Add 'security' to the report's categories."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [availability]\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
    ),
    check=check,
)
