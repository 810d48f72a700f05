"""period-length: a Type 2 period is normally 3 to 12 months long."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.periods import whole_months
from soccheck.checks.rules.base import Context, Rule, quoted_report

MIN_MONTHS = 3
MAX_MONTHS = 12


def describe(months: int, days: int) -> str:
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


def check(ctx: Context) -> Iterator[Finding]:
    for report in ctx.system.reports:
        period = report.period
        if report.type != 2 or period is None or period.end < period.start:
            continue  # no period, or one invalid-period already reports
        months, days = whole_months(period.start, period.end)
        if months < MIN_MONTHS:
            problem = f"shorter than {MIN_MONTHS} months"
        elif months > MAX_MONTHS or (months == MAX_MONTHS and days):
            problem = f"longer than {MAX_MONTHS} months"
        else:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(period.source),
            f"report {quoted_report(report)} has a period of {describe(months, days)} "
            f"({period.start.isoformat()} to {period.end.isoformat()}), {problem}; "
            f"Type 2 periods are normally {MIN_MONTHS} to {MAX_MONTHS} months",
            report.id,
        )


RULE = Rule(
    id="period-length",
    severity="warning",
    summary="A Type 2 period is shorter than 3 months or longer than 12 months.",
    rationale=(
        "The AICPA sets no minimum, but auditors and report users expect a Type 2 period of "
        "3 to 12 calendar months (first reports often 3 to 6, then 12). A shorter period "
        "gives too few occurrences to test quarterly or annual controls; a longer one no "
        "longer matches the yearly cycle that customers' own audits rely on. Check the "
        "dates for a typo; if the length is intended, agree it with the auditor and turn the "
        "rule off or waive it."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-02-15}\n"
        "    categories: [security]\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security]\n"
    ),
    check=check,
)
