"""invalid-period: each report needs the dates (and, for SOC 1, the objectives) it is about."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule, quoted_report


def check(ctx: Context) -> Iterator[Finding]:
    # Objectives that were written but rejected by the schema already have findings.
    objectives_written = ctx.raw(ctx.system.source, "control_objectives")
    has_objectives = bool(ctx.system.control_objectives) or (
        isinstance(objectives_written, list) and bool(objectives_written)
    )
    for report in ctx.system.reports:
        label = quoted_report(report)
        source = report.source
        if report.type == 2:
            period = report.period
            if period is None:
                # A period written with bad dates was dropped; the schema finding covers it.
                if ctx.raw(source, "period") is MISSING:
                    yield ctx.finding(
                        RULE,
                        ctx.at(source),
                        f"report {label} has no 'period'; a Type 2 report covers a period "
                        "(add period: {start: YYYY-MM-DD, end: YYYY-MM-DD})",
                        report.id,
                    )
            elif period.end < period.start:
                yield ctx.finding(
                    RULE,
                    ctx.at(period.source, "end"),
                    f"the period of report {label} ends ({period.end.isoformat()}) before it "
                    f"starts ({period.start.isoformat()})",
                    report.id,
                )
        elif report.as_of is None and ctx.raw(source, "as_of") is MISSING:
            yield ctx.finding(
                RULE,
                ctx.at(source),
                f"report {label} has no 'as_of'; a Type 1 report describes the design as of "
                "one date (add as_of: YYYY-MM-DD)",
                report.id,
            )
        if report.framework == "soc1" and not has_objectives:
            yield ctx.finding(
                RULE,
                ctx.at(source),
                (
                    f"report {label} is a SOC 1 report, but ",
                    ctx.system_file,
                    " defines no control_objectives; a SOC 1 report tests controls against "
                    "management's control objectives",
                ),
                report.id,
            )


RULE = Rule(
    id="invalid-period",
    severity="error",
    summary="A report's dates are missing or reversed, or a SOC 1 report has no control "
    "objectives.",
    rationale=(
        "A Type 2 report opines on how controls operated throughout a period, and a Type 1 "
        "report on their design as of one date: without those dates nothing can be checked "
        "against the report (test dates, evidence, control frequencies), and a period that "
        "ends before it starts is a typo that silently empties it. A SOC 1 report is an "
        "examination against management's control objectives, so it needs some. Add the "
        "missing 'period' or 'as_of', fix the dates, or define 'control_objectives' (and map "
        "controls to them)."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-07-01, end: 2026-01-31}\n"
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
