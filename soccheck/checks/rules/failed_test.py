"""failed-test: a test concluded that the control did not work."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.records import ControlTest


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        if test.result != "fail":
            continue
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "result"),
            f"test '{test.id}' of control '{control.id}' failed{_figures(test)}: the control "
            "did not operate as described; remediate it, record the root cause and retest",
            test.id,
        )


def _figures(test: ControlTest) -> str:
    if test.exceptions is None:
        return ""
    found = f"{test.exceptions} exception{'' if test.exceptions == 1 else 's'}"
    if test.sample_size is None:
        return f" ({found})"
    return f" ({found} in a sample of {test.sample_size})"


RULE = Rule(
    id="failed-test",
    severity="error",
    summary="A test of a control failed.",
    rationale=(
        "A failed test means the control did not do its job; in a Type 2 report it becomes a "
        "deviation the auditor describes and can lead to a qualified opinion. Fix the control, "
        "document what happened (root cause, impact, compensating controls) and retest it: "
        "record the new test alongside the failed one rather than editing the old result."
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
        "    result: fail\n"
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
        "    result: pass\n"
    ),
    check=check,
)
