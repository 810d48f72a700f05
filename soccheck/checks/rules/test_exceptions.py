"""test-exceptions: a test found deviations, which the auditor reports whatever was done
about them.

It stays a warning once the deviations are described: an exception is a matter the report
discloses and the auditor weighs, not a gap in the record (a team accepts it with a waiver,
as examples/saas does). Describing each exception under ``deviations`` is
'undocumented-deviation''s to ask, so these messages never ask for it too: they say what the
auditor will do, or which of the result and the count is contradictory.

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
                    "'exceptions'"
                )
            elif count == 0:
                message = (
                    f"{of} has result 'exceptions' but records 0 exceptions; correct the "
                    "result or the count"
                )
            else:
                each = "it" if count == 1 else "each"
                message = (
                    f"{of} found {_exceptions(count)}{sample}; the auditor reports {each} "
                    "with management's response and judges whether the control can still be "
                    "relied on"
                )
        else:
            assert count is not None
            where = ctx.at(test.source, "exceptions")
            message = (
                f"{of} is marked '{test.result}' but found {_exceptions(count)}{sample}; "
                "set 'result: exceptions', or correct the count"
            )
        yield ctx.finding(RULE, where, message, test.id)


def _exceptions(count: int) -> str:
    return f"{count} exception{'' if count == 1 else 's'}"


RULE = Rule(
    id="test-exceptions",
    severity="warning",
    summary="A test found exceptions (deviations) in its sample.",
    rationale=(
        "Exceptions do not fail a control by themselves, but the auditor describes each one "
        "in the report, with management's response, and judges whether the control can "
        "still be relied on; that holds however well they are documented, so this warning "
        "stays until the exception is accepted (a waiver naming the test, with who approved "
        "it and why). Describing each exception under 'deviations' is what "
        "'undocumented-deviation' checks. A result of 'exceptions' without a count, or with "
        "a count of 0, and a test marked 'pass' with a non-zero count are contradictory: fix "
        "the result or the count."
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
