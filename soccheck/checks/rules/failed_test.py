"""failed-test: a test concluded that the control did not work.

The finding points at the failed test's ``result`` and its subject is the test. It is an
error, except when the failure has been dealt with as an auditor expects: every deviation of
the test has ``remediated_on``, and a later test of the same control naming it in
``retest_of`` passed, performed after the last ``remediated_on`` (and not after the
evaluation date). Then it is a warning: the auditor still discloses the deviation, and the
readiness reports still list the failed test among the exceptions (they read the test's
result, not this finding's severity). A configured severity (``rules: {failed-test: ...}``)
replaces both, like any rule's. Only a direct retest clears a failure: a retest that failed
in turn is itself a failed test, cleared by a passing retest of it.

``retest_of`` is judged here too, since it exists only for this judgment: a ``retest_of``
that does not name an earlier test of the same control (no test has that ID, the ID is the
test's own or belongs to another control's test, the test it names was performed after the
retest, or following ``retest_of`` from it comes back to the retest) cannot clear anything,
so it is an error of this rule at the ``retest_of`` value, with the retest as subject. A
cycle clears nothing: each of its links is reported. No new rule ID is
needed for it, and a reader who wonders why a remediated failure is still an error finds the
broken link under the same rule. A ``retest_of`` naming a test of the control that the
schema rejected is not reported again (that test's own finding comes first).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.records import Control, ControlTest


def check(ctx: Context) -> Iterator[Finding]:
    for control in ctx.controls:
        for test in control.tests:
            if test.retest_of is not None:
                yield from _check_link(ctx, control, test, test.retest_of)
            if test.result == "fail":
                yield _failed(ctx, control, test)


def _failed(ctx: Context, control: Control, test: ControlTest) -> Finding:
    of = f"test '{test.id}' of control '{control.id}' failed{_figures(test)}"
    where = ctx.at(test.source, "result")
    cleared = _cleared(ctx, control, test)
    if cleared is None:
        return ctx.finding(
            RULE,
            where,
            f"{of}: the control did not operate as described; remediate it, record the root "
            "cause and retest",
            test.id,
        )
    retest, remediated = cleared
    return ctx.finding(
        RULE,
        where,
        f"{of}; its deviations were remediated by {remediated.isoformat()} and retest "
        f"'{retest.id}' passed on {retest.performed_on.isoformat()}: the auditor still "
        "reports the deviations with management's response",
        test.id,
    ).with_severity("warning")


def _cleared(
    ctx: Context, control: Control, test: ControlTest
) -> tuple[ControlTest, dt.date] | None:
    """The passing retest that clears the failure, and the last remediation date; None when
    the failure is still open."""
    dates = [d.remediated_on for d in test.deviations]
    if not dates or any(date is None for date in dates):
        return None
    remediated = max(date for date in dates if date is not None)
    for other in control.tests:
        if (
            other is not test
            and other.retest_of == test.id
            and other.result == "pass"
            and _broken_link(control, other) is None
            and remediated < other.performed_on <= ctx.today
        ):
            return other, remediated
    return None


def _check_link(
    ctx: Context, control: Control, test: ControlTest, target: str
) -> Iterator[Finding]:
    if (
        target != test.id
        and target in _rejected_ids(ctx, control)
        and not any(other is not test and other.id == target for other in control.tests)
    ):
        return
    why = _broken_link(control, test)
    if why is None:
        return
    if why == _NOT_OF_CONTROL:
        owner = _test_owners(ctx).get(target)
        if owner is not None:
            why = f"a test of control '{owner}'; a retest repeats a test of the same control"
        else:
            why = "not the ID of any test"
            others = [t.id for t in control.tests if t is not test]
            close = difflib.get_close_matches(target, others, n=1)
            if close:
                why += f"; did you mean '{close[0]}'?"
    yield ctx.finding(
        RULE,
        ctx.at(test.source, "retest_of"),
        f"test '{test.id}' of control '{control.id}' is recorded as a retest of '{target}', "
        f"which is {why}",
        test.id,
    )


_NOT_OF_CONTROL = "not a test of the control"


def _broken_link(control: Control, test: ControlTest) -> str | None:
    """Why the test's ``retest_of`` cannot name the test it retests (the end of the message,
    or ``_NOT_OF_CONTROL``); None for a good link, or no link.

    A good link names an earlier test of the same control (performed on or before the
    retest) whose own chain of ``retest_of`` does not lead back to this test: a later test
    or a cycle would let a retest clear the failure it is itself recorded as repeating.
    """
    target = test.retest_of
    if target is None:
        return None
    if target == test.id:
        return "its own ID; a retest names the earlier test it repeats"
    by_id: dict[str, ControlTest] = {}
    for other in control.tests:
        by_id.setdefault(other.id, other)
    earlier = by_id.get(target)
    if earlier is None or earlier is test:
        return _NOT_OF_CONTROL
    if earlier.performed_on > test.performed_on:
        return (
            f"a later test (performed on {earlier.performed_on.isoformat()}, this one on "
            f"{test.performed_on.isoformat()}); a retest names the earlier test it repeats"
        )
    seen = {test.id}
    current: ControlTest | None = earlier
    while current is not None and current.retest_of is not None:
        if current.retest_of in seen:
            return (
                f"itself recorded as a retest of '{current.retest_of}'; a retest names the "
                "earlier test it repeats, and two tests cannot each repeat the other"
            )
        seen.add(current.id)
        current = by_id.get(current.retest_of)
    return None


def _rejected_ids(ctx: Context, control: Control) -> set[str]:
    return {
        item["id"]
        for item in ctx.rejected(control.source, "tests", control.tests)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _test_owners(ctx: Context) -> dict[str, str]:
    """Test ID -> the ID of the first control with a test of that ID."""

    def build() -> dict[str, str]:
        owners: dict[str, str] = {}
        for control, test in ctx.tests():
            owners.setdefault(test.id, control.id)
        return owners

    return ctx.shared("test-owners", build)


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
    summary="A test of a control failed (a warning once remediated and passed on retest), or "
    "a retest's 'retest_of' names no earlier test of its control.",
    rationale=(
        "A failed test means the control did not do its job; in a Type 2 report it becomes a "
        "deviation the auditor describes and can lead to a qualified opinion. Fix the control, "
        "document what happened under 'deviations' (the item, root cause, management's "
        "response, 'remediated_on') and retest it: record the new test alongside the failed "
        "one with 'retest_of: <failed test ID>' rather than editing the old result. Once every "
        "deviation has 'remediated_on' and a retest performed after the last of those dates "
        "passed, the finding is a warning: the auditor still reports the deviation, but the "
        "control was shown to work again. A 'retest_of' must name an earlier test of the same "
        "control (performed on or before the retest, and not itself recorded as a retest of "
        "it); one that does not is an error, since it can clear nothing."
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
