"""undocumented-deviation: exceptions a test found that are not described, or described
without management's response.

What is reported, and where:

- A test that found exceptions (``exceptions`` above 0, or the result ``exceptions`` or
  ``fail``) with fewer ``deviations`` entries than exceptions (at least one when the result
  says so but gives no count): one finding, at the ``deviations`` key when some are written,
  else at the ``exceptions`` count, else (a result with no count) at ``result``.
- Each deviation without ``management_response``, or whose response is only blank space
  (``"   "`` says nothing, like a blank ``not_applicable`` reason), or whose ``description``
  is only blank space: one finding at that item of ``deviations``.

The subject is the test, as for 'failed-test' and 'test-exceptions', which judge the same
test's result: those say the test found something, this says what the auditor will ask
about it is not written down. One mistake, one finding:

- ``result: exceptions`` with ``exceptions: 0`` contradicts itself and 'test-exceptions'
  reports it; no deviation is asked for until the contradiction is settled (it may be the
  result that is wrong).
- An ``exceptions`` count or a ``deviations`` list the schema rejected has its ``schema``
  finding; the count is not guessed, and a deviation item the schema rejected (one without
  ``description``) counts as written. So does a ``management_response`` the schema rejected
  (``null``, ``""``, a list): the deviation is not reported again for lacking one.

An old program (written before ``deviations`` existed) gets this error for every test with
exceptions: describing them is what clears it.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule
from soccheck.format.records import Control, ControlTest, Deviation


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        if test.exceptions or test.result != "pass" or test.deviations:
            yield from _judge(ctx, control, test)


def _judge(ctx: Context, control: Control, test: ControlTest) -> Iterator[Finding]:
    of = f"test '{test.id}' of control '{control.id}'"
    written = ctx.raw(test.source, "deviations")
    expected = _expected(ctx, test)
    if expected and (written is MISSING or isinstance(written, list)):
        count = len(written) if isinstance(written, list) else 0
        if count < expected:
            yield ctx.finding(
                RULE, _where_missing(ctx, test, written), _missing(of, test, count), test.id
            )
    for deviation in test.deviations:
        missing = _unwritten(ctx, deviation)
        if missing:
            yield ctx.finding(
                RULE,
                ctx.at(deviation.source),
                f"deviation '{deviation.item}' of {of} {missing}",
                test.id,
            )


def _unwritten(ctx: Context, deviation: Deviation) -> str | None:
    """What the deviation leaves unsaid, as the end of the message; None when it is complete
    or when the schema already reported the part in question."""
    response = deviation.management_response
    if response is None and ctx.raw(deviation.source, "management_response") is MISSING:
        return (
            "has no 'management_response'; record what management did or will do about it "
            "(the auditor prints it next to the exception)"
        )
    if response is not None and not response.strip():
        return (
            "has a blank 'management_response'; record what management did or will do about "
            "it (the auditor prints it next to the exception)"
        )
    if not deviation.description.strip():
        return "has a blank 'description'; say what was wrong with the item"
    return None


def _expected(ctx: Context, test: ControlTest) -> int:
    """How many deviations the test's record calls for."""
    if test.exceptions is not None:
        if test.exceptions == 0 and test.result == "fail":
            return 1  # a failed test says what failed, whatever the count
        return test.exceptions
    if ctx.raw(test.source, "exceptions") is not MISSING:
        return 0  # a count the schema rejected: its own finding, nothing to compare
    return 1 if test.result in ("exceptions", "fail") else 0


def _where_missing(ctx: Context, test: ControlTest, written: object) -> tuple[str, int, int]:
    if written is not MISSING:
        return ctx.at_key(test.source, "deviations")
    if test.exceptions:
        return ctx.at(test.source, "exceptions")
    return ctx.at(test.source, "result")


def _missing(of: str, test: ControlTest, count: int) -> str:
    if test.exceptions:
        found = f"found {_exceptions(test.exceptions)}"
    elif test.result == "fail":
        found = "failed"
    else:
        found = "found exceptions"
    if count == 0:
        described = "records no 'deviations'"
    else:
        described = f"records only {count} under 'deviations'"
    return (
        f"{of} {found} but {described}; add one entry per exception with the item, what was "
        "wrong and management's response"
    )


def _exceptions(count: int) -> str:
    return f"{count} exception{'' if count == 1 else 's'}"


RULE = Rule(
    id="undocumented-deviation",
    severity="error",
    summary="A test found exceptions but does not describe each one with management's response.",
    rationale=(
        "In a Type 2 report the auditor lists every deviation found in testing, with what "
        "went wrong and management's response next to it; a count of exceptions with no "
        "description leaves them to guess, and a missing response reads as a control nobody "
        "owns. Record one entry under 'deviations' per exception: the 'item' sampled, a "
        "'description' of what was wrong, its 'cause' once known, the 'management_response', "
        "and 'remediated_on' and 'compensating_controls' where they apply (a response or "
        "description of blank space is none). A failed test needs at least one entry saying "
        "what failed."
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
        "    exceptions: 1\n"
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
        "    exceptions: 1\n"
        "    result: exceptions\n"
        "    deviations:\n"
        "      - item: ACC-1041\n"
        "        description: A leaver's database account was removed 9 days after the "
        "review.\n"
        "        cause: The removal ticket was assigned to a team member on leave.\n"
        "        management_response: Removals are now assigned to the on-call engineer; "
        "the account showed no logins after the leaver's last day.\n"
        "        remediated_on: 2026-05-02\n"
    ),
    check=check,
)
