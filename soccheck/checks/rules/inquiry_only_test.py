"""inquiry-only-test: an operating test that only asked people how the control works.

The finding points at the test's ``method`` (the value, or the list when it is one) and its
subject is the test. A design test (``kind: design``) is not judged: a walkthrough starts
with inquiry, and the issue's rule is about operating effectiveness. A list naming inquiry
twice is still inquiry only.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.audit_trail import methods
from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        if test.kind != "operating" or set(methods(test)) != {"inquiry"}:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(test.source, "method"),
            f"test '{test.id}' of control '{control.id}' used inquiry only; corroborate what "
            "people said by inspecting records, observing the control or reperforming it, "
            "and list every method used (method: [inquiry, inspection])",
            test.id,
        )


RULE = Rule(
    id="inquiry-only-test",
    severity="warning",
    summary="An operating test's only method is inquiry.",
    rationale=(
        "Asking the people who run a control whether it works is where testing starts, but "
        "auditing standards never accept inquiry alone as evidence that a control operated: "
        "an auditor will redo the test. Corroborate the answers by inspecting records "
        "(tickets, logs, sign-offs), observing the control or reperforming it, and record "
        "every method used, e.g. 'method: [inquiry, inspection]'."
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
        "    method: inquiry\n"
        "    procedure: Asked the platform lead how the Q2 review was done.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
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
        "    method: [inquiry, inspection]\n"
        "    procedure: Asked the platform lead how the Q2 review was done and inspected the "
        "review ticket for sign-off and removals.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
        "    result: pass\n"
    ),
    check=check,
)
