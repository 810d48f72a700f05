"""Which Type 2 reports a test is evidence for: the question the audit-trail rules of a Type 2
test (sample-period-missing, period-not-covered, test-outside-period, population-implausible,
incomplete-test-record) all ask first.

A rule that judged every operating test would flag last year's tests kept in the file for the
record, tests meant for another report and tests of controls the report does not examine; a
rule that judged only the tests that count would stay quiet about the very tests that do not
count because they are late or sample another period. So there are two questions here: which
reports a test is *meant for* (``meant_for``), and which of them it *counts* for
(``counting_windows``), both with the one definition of counting in ``checks.periods``.

The windows these return are the control's (``Context.control_window``): for a control
``effective`` for only part of a Type 2 period, the report's window narrowed to that part
(``Window.part``), so every audit-trail rule judges it over the days it operated, as
untested-control and the readiness reports do.
"""

from __future__ import annotations

import datetime as dt

from soccheck.checks.periods import Window, names_report
from soccheck.checks.rules.base import Context
from soccheck.format.records import Control, ControlTest


def type2_windows(ctx: Context) -> list[Window]:
    """The windows of the Type 2 reports whose period is valid, in the order the system
    description lists the reports (a report with missing or reversed dates is
    'invalid-period''s finding, and nothing can be judged against it)."""

    def build() -> list[Window]:
        return [
            win
            for report in ctx.reports.values()
            if report.type == 2 and (win := ctx.window(report)) is not None
        ]

    return ctx.shared("type2-windows", build)


def meant_for(ctx: Context, control: Control, test: ControlTest) -> list[Window]:
    """The control's Type 2 windows an operating test is meant for: it names the report (or
    names none, meaning every report) and the report examines the control. Dates are not
    looked at."""
    return _index(ctx).get(id(test), _NONE)[0]


def counting_windows(ctx: Context, control: Control, test: ControlTest) -> list[Window]:
    """The control's Type 2 windows the test is meant for and counts for on ``ctx.today``."""
    return _index(ctx).get(id(test), _NONE)[1]


_NONE: tuple[list[Window], list[Window]] = ([], [])


def _index(ctx: Context) -> dict[int, tuple[list[Window], list[Window]]]:
    """id(test) -> (the windows it is meant for, those it counts for), for every operating
    test meant for a Type 2 report: built once per run, since five rules ask for every test
    (10,000 controls hold 30,000 tests)."""

    def build() -> dict[int, tuple[list[Window], list[Window]]]:
        windows = type2_windows(ctx)
        today = ctx.today
        index: dict[int, tuple[list[Window], list[Window]]] = {}
        if not windows:
            return index
        for control in ctx.controls:
            scoped = [
                own
                for win in windows
                if ctx.in_scope(control, win.report)
                and (own := ctx.control_window(control, win.report)) is not None
            ]
            if not scoped:
                continue
            for test in control.tests:
                if test.kind != "operating":
                    continue
                meant = [win for win in scoped if names_report(test, win.report)]
                if meant:
                    index[id(test)] = (meant, [win for win in meant if win.counts(test, today)])
        return index

    return ctx.shared("type2-tests", build)


def span(start: dt.date, end: dt.date) -> str:
    """'2026-01-01 to 2026-06-30', or one date when the span is a single day: how messages
    name the dates a test sampled or left uncovered."""
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} to {end.isoformat()}"
