"""test-outside-period: a Type 2 operating test sampled another period, or was performed after
the fieldwork window, so it does not count for the report it was meant for.

Which tests and reports: an operating test, dated on or after the first day of a Type 2
report's period and not after today, that is meant for the report (it names it, or names no
report and the report examines the control; ``_type2.meant_for``). It is reported when its
``covers`` lies wholly outside that period (``Window.covers_outside``), or it was performed
more than ``fieldwork_days`` after the period ended (``Window.after_fieldwork``): exactly the
two reasons ``checks.periods`` gives for such a test not counting, with the configured
fieldwork window (``Context.window``).

A control ``effective`` for only part of the period (issue 16) is judged over that part
(``_type2``): a test whose ``covers`` lies wholly outside the days it was effective sampled a
control that was not operating, and is reported here, naming those days; a test performed
before the control became effective is untested-control's (when nothing else counts), as a
test performed before the period is.

Not reported: a test dated before the period starts (an earlier period's test kept for the
record: untested-control says when nothing else counts), a test dated after today
(future-date), Type 1 reports (a design as of one day has no period to sample), and a test
that names no report and counts for another Type 2 report: it is evidently that report's test
(last year's roll-forward, performed in this period, sampling last year).

Where: the ``covers`` key when the span lies outside the period, otherwise the
``performed_on`` value. Subject: the test ID. Several reports: one finding per report the test
is meant for and does not count for, naming the report and its period, since each report has
its own period and fieldwork window.

Interplay: the test does not count, so it adds nothing to period-not-covered (its own span
never makes that rule fire), and sample-period-missing, incomplete-test-record and
population-implausible, which judge counting tests, stay quiet about it. When no other test
of the control counts, untested-control also reports the control, naming this reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.periods import Window
from soccheck.checks.rules._type2 import counting_windows, meant_for, span
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.format.records import Control, ControlTest


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for control, test in ctx.tests():
        if test.performed_on > today:
            continue
        windows = meant_for(ctx, control, test)
        if not windows:
            continue
        counting = counting_windows(ctx, control, test)
        if len(counting) == len(windows) or (test.report is None and counting):
            continue
        for win in windows:
            if test.performed_on < win.start:
                continue
            outside = win.covers_outside(test)
            late = win.after_fieldwork(test)
            if outside or late:
                yield _finding(ctx, control, test, win, outside=outside, late=late)


def _finding(
    ctx: Context, control: Control, test: ControlTest, win: Window, *, outside: bool, late: bool
) -> Finding:
    assert win.period_end is not None and win.last_day is not None
    report = quoted_report(win.report)
    report_period = win.report.period
    assert report_period is not None, "a Type 2 window has a period"
    period = span(report_period.start, win.period_end)
    of = f"test '{test.id}' of control '{control.id}'"
    reasons: list[str] = []
    if outside:
        assert test.covers is not None and win.sampled is not None
        sampled = span(test.covers.start, test.covers.end)
        if win.part is None:
            outside_of = f"the period of {report} ({period})"
        else:
            outside_of = (
                f"the days the control was effective in the period of {report} "
                f"({span(*win.sampled)} of {period})"
            )
        reasons.append(f"sampled {sampled} ('covers'), wholly outside {outside_of}")
    if late:
        reasons.append(
            f"was performed on {test.performed_on.isoformat()}, more than "
            f"{win.fieldwork_days} days (fieldwork_days) after that period ended"
            if outside
            else f"was performed on {test.performed_on.isoformat()}, more than "
            f"{win.fieldwork_days} days (fieldwork_days) after the period of {report} "
            f"({period}) ended"
        )
    fixes: list[str] = []
    if outside:
        fixes.append(
            "correct 'covers' if the test did sample the period"
            if win.part is None
            else "correct 'covers' if the test did sample those days, or 'effective' if the "
            "control operated earlier or later"
        )
    if late:
        fixes.append(f"a test for that report must be performed by {win.last_day.isoformat()}")
    where = ctx.at_key(test.source, "covers") if outside else ctx.at(test.source, "performed_on")
    return ctx.finding(
        RULE,
        where,
        f"{of} {' and '.join(reasons)}, so it does not count for that report; "
        f"{'; '.join(fixes)}; if the test belongs to another period, name that report in "
        "'report'",
        test.id,
        report=win.report.id,
    )


RULE = Rule(
    id="test-outside-period",
    severity="error",
    summary="A Type 2 operating test sampled only dates outside the report's period, or was "
    "performed more than fieldwork_days after it ended, so it does not count.",
    rationale=(
        "A Type 2 report rests on tests of the period it covers. A test whose sample was "
        "drawn wholly from another period ('covers') says nothing about this one, and a test "
        "performed long after the period ended (more than 'fieldwork_days', 90 by default, "
        "set in the configuration) is evidence for a later period: an auditor does not "
        "accept a roll-forward performed eleven months after the period end. Such a test "
        "does not count for the report, and soccheck says so here rather than silently. If "
        "the dates are wrong, correct them; if the test belongs to another report, name it "
        "in 'report'; otherwise test a sample of this period within the fieldwork window. "
        "Tests dated before the period starts are earlier periods' tests and are not "
        "reported, nor is a test that names no report and counts for another Type 2 report."
    ),
    example=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "tests:\n"
        "  - id: T-AC-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q1 and Q2 review tickets for sign-off and removals.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2025-07-01, end: 2025-12-31}   # last year's occurrences\n"
        "    population: 2\n"
        "    sample_size: 2\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "tests:\n"
        "  - id: T-AC-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q1 and Q2 review tickets for sign-off and removals.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    population: 2\n"
        "    sample_size: 2\n"
        "    result: pass\n"
    ),
    check=check,
)
