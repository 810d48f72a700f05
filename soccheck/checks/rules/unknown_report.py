"""unknown-report: a test's ``report`` must name a defined report."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        report = test.report
        if report is None or report in ctx.reports:
            continue
        close = difflib.get_close_matches(report, list(ctx.reports), n=1)
        if close:
            hint = f"; did you mean '{close[0]}'?"
        elif ctx.reports:
            hint = "; defined reports: " + ", ".join(f"'{r}'" for r in sorted(ctx.reports))
        else:
            hint = ""
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "report"),
            (
                f"test '{test.id}' of control '{control.id}' counts for report '{report}', "
                "which is not defined in ",
                ctx.system_file,
                hint,
            ),
            test.id,
        )


RULE = Rule(
    id="unknown-report",
    severity="error",
    summary="A test's report is not a defined report.",
    rationale=(
        "A test with 'report' set counts only for that report. If the ID matches no report "
        "(a typo, or last year's report ID), the test counts for none, and the controls it "
        "was meant to cover look untested. Correct the ID, add the report to 'reports' in "
        "the system description, or remove 'report' to let the test count for every report."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "tests:\n"
        "  - id: T-AC-01-Q2\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q2 review ticket for sign-off and removals.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
        "    report: soc2-2025   # reports: soc2-2026\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "tests:\n"
        "  - id: T-AC-01-Q2\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q2 review ticket for sign-off and removals.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
        "    report: soc2-2026\n"
        "    result: pass\n"
    ),
    check=check,
)
