"""test-exceptions: a test found deviations that need to be explained to the auditor.

Named after its rule like every rule module, although pytest's default pattern would take
``test_*.py`` for a test file: pytest only collects ``tests/`` (``testpaths``), and the module
defines no ``test_`` function anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        if test.result == "fail":
            continue  # failed-test reports it
        count = test.exceptions
        if test.result != "exceptions" and not count:
            continue
        of = f"test '{test.id}' of control '{control.id}'"
        sample = f" in a sample of {test.sample_size}" if test.sample_size is not None else ""
        if test.result == "exceptions":
            where = ctx.at(test.source, "result")
            if count is None:
                message = (
                    f"{of} found exceptions but does not say how many; record the number in "
                    "'exceptions' and explain each one"
                )
            elif count == 0:
                message = (
                    f"{of} has result 'exceptions' but records 0 exceptions; correct the "
                    "result or the count"
                )
            else:
                message = (
                    f"{of} found {_exceptions(count)}{sample}; document their nature, cause "
                    "and remediation for the auditor"
                )
        else:
            assert count is not None
            where = ctx.at(test.source, "exceptions")
            message = (
                f"{of} is marked '{test.result}' but found {_exceptions(count)}{sample}; "
                "set 'result: exceptions' and document their nature, cause and remediation"
            )
        yield ctx.finding(RULE, where, message, test.id)


def _exceptions(count: int) -> str:
    return f"{count} exception{'' if count == 1 else 's'}"


RULE = Rule(
    id="test-exceptions",
    severity="warning",
    summary="A test found exceptions (deviations) in its sample.",
    rationale=(
        "Exceptions do not fail a control by themselves, but the auditor will describe each "
        "one in the report and ask whether the control can still be relied on. Record how "
        "many there were, what went wrong, why, and what was done about it (in 'notes' or "
        "linked evidence); an exception left unexplained tends to become a qualified opinion. "
        "A test marked 'pass' with a non-zero exception count is contradictory: fix one of "
        "the two."
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
        "    sample_size: 25\n"
        "    exceptions: 2\n"
        "    result: exceptions\n"
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
        "    sample_size: 25\n"
        "    exceptions: 0\n"
        "    result: pass\n"
    ),
    check=check,
)
