"""period-not-covered: the spans a control's tests sampled leave part of a Type 2 period
untested.

What is judged: for each Type 2 report and each control it examines, the ``covers`` of the
control's operating tests that count for the report (``checks.periods``), each cut to the
period. Tests without ``covers`` are not considered (sample-period-missing reports them), and
a control none of whose counting tests has ``covers`` is not judged at all: what it sampled
is unknown, not uncovered. A test that does not count (performed after the fieldwork window,
or sampling only dates outside the period: test-outside-period) adds nothing, so its own span
never makes this rule fire; the dates it was meant to cover do, when the control's other
tests leave them uncovered.

A control ``effective`` for only part of the period (issue 16) is judged over that part
(``Context.control_window``): a control introduced on 2026-05-01 needs spans from May, and a
control retired on 2026-04-30 needs none after April. The months it did not operate are not
its gap: whether another control covered its criteria then is coverage-gap's question. The
allowance applies at each end of that part, and the message names it.

The allowance: a recurring control (``audit_trail.RECURRING``) may leave one interval of its
frequency uncovered at each end of the period: an uncovered stretch starting on the first day
of the period is allowed when it ends before ``after(frequency, its start)``, one ending on
the last day when it starts after ``before(frequency, its end)``. A daily control runs on
business days only, so uncovered weekend days are ignored: stretches are cut to their first
and last business day, and a stretch of weekend days is no gap at all. A continuous,
multiple-daily or as-needed control has no fixed interval and gets no allowance. Gaps between
two spans never have one.

A control without a frequency (not written: missing-frequency; written but rejected: the
schema finding) is not judged: its allowance is unknown, and the finding about the frequency
comes first. Once the frequency is there, the spans are judged with it.

The end of the period is judged only once the period has ended: until then the dates after
the last span may still be covered by a roll-forward test. Gaps at the start and between
spans are judged as soon as a test counts.

Where: the control's start. Subject: the control ID, as for untested-control: the finding is
about the control's testing as a whole, not one test. Several reports: one finding per report
whose period the control's spans leave uncovered (with that report), naming the report and
its period, since each report has its own period and its own gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from soccheck.checks.audit_trail import after, before, is_business_day, is_recurring
from soccheck.checks.findings import Finding
from soccheck.checks.periods import Window, days_after
from soccheck.checks.rules._type2 import counting_windows, span, type2_windows
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.format.records import Control, ControlTest

_INTERVAL = {
    "daily": "business day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "semi-annual": "half-year",
    "annual": "year",
}
_DAY = dt.timedelta(days=1)


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    windows = [win for win in type2_windows(ctx) if win.start <= today]
    if not windows:
        return
    for control in ctx.controls:
        if control.frequency is None:
            continue
        # report ID -> the control's window for it, and its counting tests with covers
        sampled: dict[str, tuple[Window, list[ControlTest]]] = {}
        for test in control.tests:
            if test.covers is None:
                continue
            for win in counting_windows(ctx, control, test):
                sampled.setdefault(win.report.id, (win, []))[1].append(test)
        for report_window in windows:
            own = sampled.get(report_window.report.id)
            if own is None:
                continue
            win, tests = own
            gaps = uncovered(control.frequency, win, tests, today)
            if gaps:
                yield _finding(ctx, control, win, tests, gaps)


def uncovered(
    frequency: str, win: Window, tests: list[ControlTest], today: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The stretches of the days the window judges (the period, or the control's effective
    part of it) that the tests' ``covers`` leave uncovered, beyond the allowance at each end
    (see the module docstring), in order."""
    assert win.sampled is not None and win.period_end is not None, "only Type 2 windows"
    start, end = win.sampled
    # A span is judged up to the day its test was performed: occurrences after it could not
    # be in the sample ('future-date' reports such a 'covers').
    spans = sorted(
        (max(t.covers.start, start), min(t.covers.end, t.performed_on, end))
        for t in tests
        if t.covers is not None
        and min(t.covers.end, t.performed_on) >= start
        and t.covers.start <= end
        and t.covers.start <= t.performed_on
    )
    stretches: list[tuple[dt.date, dt.date]] = []
    cursor = start  # the first day not yet covered
    covered_to_end = False
    for first, last in spans:
        if first > cursor:
            stretches.append((cursor, first - _DAY))
        if last >= end:  # (the day after could lie past the calendar's last day)
            covered_to_end = True
            break
        cursor = max(cursor, last + _DAY)
    if not covered_to_end and cursor <= end and today > win.period_end:
        stretches.append((cursor, end))
    gaps: list[tuple[dt.date, dt.date]] = []
    for first, last in stretches:
        at_start, at_end = first == start, last == end
        if frequency == "daily":
            # (Both ends of the calendar are business days: these stop there.)
            while first <= last and not is_business_day(first):
                first = days_after(first, 1)
            while last >= first and not is_business_day(last):
                last = days_after(last, -1)
            if first > last:
                continue  # weekend days only: a daily control did not run on them
        if is_recurring(frequency):
            if at_start and last < after(frequency, first):
                continue
            if at_end and first > before(frequency, last):
                continue
        gaps.append((first, last))
    return gaps


def _finding(
    ctx: Context,
    control: Control,
    win: Window,
    tests: list[ControlTest],
    gaps: list[tuple[dt.date, dt.date]],
) -> Finding:
    assert win.sampled is not None
    judged = span(*win.sampled)
    if win.part is None:
        days, ends = f"its period ({judged})", "the period"
    else:
        days = f"the days it was effective in its period ({judged})"
        ends = "the days it was effective"
    sampled = ", ".join(
        f"'{t.id}' {span(t.covers.start, t.covers.end)}" for t in tests if t.covers is not None
    )
    frequency = control.frequency
    assert frequency is not None
    if is_recurring(frequency):
        interval = _INTERVAL[frequency]
        allowance = (
            f"a {frequency} control may leave at most one {interval} uncovered at each end of "
            f"{ends}"
        )
    else:
        article = "an" if frequency[:1] in "aeiou" else "a"
        allowance = (
            f"{article} {frequency} control has no fixed interval, so its spans must reach both "
            f"ends of {ends}"
        )
    return ctx.finding(
        RULE,
        ctx.at(control.source),
        f"the tests of control '{control.id}' for {quoted_report(win.report)} leave "
        f"{' and '.join(span(first, last) for first, last in gaps)} of {days} "
        f"uncovered ('covers': {sampled}); {allowance}; test a sample drawn from those dates, "
        "or correct 'covers' if the tests did sample them",
        control.id,
        report=win.report.id,
    )


RULE = Rule(
    id="period-not-covered",
    severity="error",
    summary="The spans a control's tests sampled ('covers') leave part of a Type 2 period "
    "untested.",
    rationale=(
        "A Type 2 report says a control operated effectively throughout the period, so the "
        "samples behind it must be drawn from the whole period. Testing is often done in two "
        "parts, an interim test during the period and a roll-forward test after it, and a "
        "stretch between them that neither sampled is a stretch nobody tested: the auditor "
        "cannot give an opinion on it. The message names the uncovered dates. A recurring "
        "control may leave one interval of its frequency at each end (a monthly control's "
        "first or last month may fall outside the samples), and a daily control's weekends do "
        "not count; continuous, multiple-daily and as-needed controls have no allowance, and "
        "neither have gaps between spans. A control 'effective' for only part of the period is "
        "judged over the days it was effective. A control without a frequency is judged once "
        "it has one ('missing-frequency'). The end of the period is judged "
        "once it has ended (the roll-forward comes after). Only tests that count and record "
        "'covers' are considered. Test a sample drawn from the uncovered dates and record it "
        "as another test with its 'covers', or correct 'covers' where a test did sample them."
    ),
    example=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Monthly privileged access review\n"
        "description: The platform lead reviews privileged accounts each month.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: monthly\n"
        "tests:\n"
        "  - id: T-AC-01-INTERIM\n"
        "    method: inspection\n"
        "    procedure: Inspected the January to March review tickets.\n"
        "    performed_on: 2026-04-10\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-03-31}\n"
        "    phase: interim\n"
        "    population: 3\n"
        "    sample_size: 2\n"
        "    result: pass\n"
        "  - id: T-AC-01-ROLLFORWARD\n"
        "    method: inspection\n"
        "    procedure: Inspected the June review ticket.\n"
        "    performed_on: 2026-07-20\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-06-01, end: 2026-06-30}   # April and May: nobody tested\n"
        "    phase: roll-forward\n"
        "    population: 1\n"
        "    sample_size: 1\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Monthly privileged access review\n"
        "description: The platform lead reviews privileged accounts each month.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: monthly\n"
        "tests:\n"
        "  - id: T-AC-01-INTERIM\n"
        "    method: inspection\n"
        "    procedure: Inspected the January to March review tickets.\n"
        "    performed_on: 2026-04-10\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-03-31}\n"
        "    phase: interim\n"
        "    population: 3\n"
        "    sample_size: 2\n"
        "    result: pass\n"
        "  - id: T-AC-01-ROLLFORWARD\n"
        "    method: inspection\n"
        "    procedure: Inspected the April to June review tickets.\n"
        "    performed_on: 2026-07-20\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-04-01, end: 2026-06-30}\n"
        "    phase: roll-forward\n"
        "    population: 3\n"
        "    sample_size: 2\n"
        "    result: pass\n"
    ),
    check=check,
)
