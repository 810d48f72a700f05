"""unknown-report: a test's ``report`` must name a defined report."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    hints: dict[str, str] = {}

    def hint(report: str) -> str:
        """The message tail for an unknown ID (cached: the same typo repeats across files)."""
        if report not in hints:
            close = difflib.get_close_matches(report, list(ctx.reports), n=1)
            if close:
                hints[report] = f"; did you mean '{close[0]}'?"
            elif ctx.reports:
                hints[report] = "; defined reports: " + ", ".join(
                    f"'{r}'" for r in sorted(ctx.reports)
                )
            else:
                hints[report] = ""
        return hints[report]

    for control in ctx.controls:
        scoped = control.reports
        if scoped is None or all(r in ctx.reports for r in scoped):
            continue
        seen: set[str] = set()
        for index, report in ctx.items(control.source, "reports", scoped):
            if report in ctx.reports or report in seen:
                continue
            seen.add(report)
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "reports", index),
                (
                    f"control '{control.id}' is scoped to report '{report}', which is not "
                    "defined in ",
                    ctx.system_file,
                    hint(report),
                ),
                control.id,
            )
    for control, test in ctx.tests():
        named = test.report
        if named is None or named in ctx.reports:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "report"),
            (
                f"test '{test.id}' of control '{control.id}' counts for report '{named}', "
                "which is not defined in ",
                ctx.system_file,
                hint(named),
            ),
            test.id,
        )


RULE = Rule(
    id="unknown-report",
    severity="error",
    summary="A test's report, or a report a control is scoped to, is not a defined report.",
    rationale=(
        "A test with 'report' set counts only for that report. If the ID matches no report "
        "(a typo, or last year's report ID), the test counts for none, and the controls it "
        "was meant to cover look untested. Likewise a control's 'reports' scopes it to the "
        "reports it names: an ID that matches none leaves the control out of the report it "
        "was meant for. Correct the ID, add the report to 'reports' in the system "
        "description, or remove 'report' to let the test count for every report (and a "
        "control's 'reports' to put it in every report)."
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
