"""untested-control: every control a report examines needs a test that counts for that report."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.periods import TYPE1_LOOKBACK_MONTHS, Window, names_report
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.format.records import Control, ControlTest


def check(ctx: Context) -> Iterator[Finding]:
    # A window that opens after today (a Type 2 period that has not started) can hold no
    # test yet: judging it would flag every control of next year's report.
    windows = [
        w for r in ctx.reports.values() if (w := ctx.window(r)) is not None and w.start <= ctx.today
    ]
    if not windows:
        return
    today = ctx.today
    for control in ctx.controls:
        rejected: set[str] | None = None  # looked up only for a control that needs it
        for report_window in windows:
            report = report_window.report
            if not ctx.in_scope(control, report):
                continue
            # A control effective for part of the period is judged over that part; one that
            # starts operating after today cannot have been tested yet.
            win = ctx.control_window(control, report)
            if win is None or win.start > today:
                continue
            if any(win.counts(test, today) for test in control.tests):
                continue
            if rejected is None:
                rejected = _rejected_reports(ctx, control)
            if _ANY_REPORT in rejected or report.id in rejected:
                continue  # a test the schema rejected might count: that finding comes first
            problem = _problem(ctx, control, win, rejected)
            if problem is not None:
                yield ctx.finding(
                    RULE, ctx.at(control.source), problem, control.id, report=report.id
                )


_ANY_REPORT = ""
"""Stands for a rejected test that names no report (so it was meant for every report)."""


def _rejected_reports(ctx: Context, control: Control) -> set[str]:
    """Reports for which a test of ``control`` was written but rejected while loading (an
    invalid date, a missing key...). Whether the control is tested for them is unknown until
    the test is fixed, and the test's own finding already says what is wrong."""
    reports: set[str] = set()
    for item in ctx.rejected(control.source, "tests", control.tests):
        report = item.get("report") if isinstance(item, dict) else None
        reports.add(report if isinstance(report, str) and report else _ANY_REPORT)
    return reports


def _problem(ctx: Context, control: Control, win: Window, rejected: set[str]) -> str | None:
    """Why no test of ``control`` counts for the window's report, or None when one does.

    ``rejected``: the reports that rejected tests of the control were written for."""
    report = win.report
    today = ctx.today
    if any(win.counts(t, today) for t in control.tests):
        return None  # the common case, before any message is put together
    label = quoted_report(report)
    if report.type == 2:
        needed = f"add an operating test performed on or after {win.start.isoformat()}"
    else:
        needed = f"add a design or operating test performed on or after {win.start.isoformat()}"
    subject = f"control '{control.id}'"

    if not control.tests and not rejected:
        return f"{subject} has no tests, so nothing shows it works for {label}; {needed}"

    meant = [t for t in control.tests if names_report(t, report)]
    if not meant:
        others = sorted({t.report for t in control.tests if t.report is not None} | rejected)
        return (
            f"{subject} is tested only for {_join(others)}, not for {label}; "
            f"{needed} whose 'report' is '{report.id}'"
        )

    if any(win.counts(t, ctx.today) for t in meant):
        return None

    right_kind = [t for t in meant if t.kind in win.kinds]
    if not right_kind:
        # Only possible for Type 2: every kind counts for a Type 1.
        return (
            f"{subject} has only design tests for {label}, which examines whether the control "
            f"operated throughout the period; {needed}"
        )

    dated = [t for t in right_kind if win.start <= t.performed_on <= today]
    if dated:  # dated in the window, yet none counts
        return _not_counted(win, dated, subject)

    return _out_of_window(ctx, win, meant, right_kind, subject, needed)


def _not_counted(win: Window, tests: list[ControlTest], subject: str) -> str:
    """Why tests dated from the window's start to today do not count: performed after the
    fieldwork window, sampling only occurrences outside the period, or sampling nothing."""
    label = quoted_report(win.report)
    late = [t for t in tests if win.after_fieldwork(t)]
    outside = [t for t in tests if not win.after_fieldwork(t) and win.covers_outside(t)]
    empty = [t for t in tests if not win.after_fieldwork(t) and not win.covers_outside(t)]
    if not late and not outside:
        return (
            f"{subject} has tests for {label} ({_join([t.id for t in empty])}) that sampled "
            "nothing (sample_size 0), so none shows the control operating; record the items "
            "each test examined"
        )
    reasons: list[str] = []
    fixes: list[str] = []
    if late:
        assert win.period_end is not None and win.last_day is not None
        reasons.append(
            f"{_join([t.id for t in late])} {_was(late)} performed more than "
            f"{win.fieldwork_days} days (fieldwork_days) after the period ended on "
            f"{win.period_end.isoformat()}, so {_it(late)} tested a later period"
        )
        fixes.append(f"perform the test from {win.start.isoformat()} to {win.last_day.isoformat()}")
    if outside:
        assert win.sampled is not None
        first, last = win.sampled
        spans = ", ".join(
            f"'{t.id}' {t.covers.start.isoformat()} to {t.covers.end.isoformat()}"
            for t in outside
            if t.covers is not None
        )
        where = "the period" if win.part is None else _effective_part(win)
        reasons.append(f"the spans sampled ('covers': {spans}) lie wholly outside {where}")
        fixes.append(f"sample occurrences from {first.isoformat()} to {last.isoformat()}")
    if empty:
        reasons.append(f"{_join([t.id for t in empty])} sampled nothing (sample_size 0)")
        fixes.append("record the items each test examined")
    return (
        f"{subject} has tests for {label}, but none counts: {'; '.join(reasons)}; "
        f"{' and '.join(fixes)}"
    )


def _effective_part(win: Window) -> str:
    """'the days it was effective in the period (2026-05-01 to 2026-06-30)'."""
    assert win.part is not None
    first, last = win.part
    return f"the days it was effective in the period ({first.isoformat()} to {last.isoformat()})"


def _was(tests: list[ControlTest]) -> str:
    return "was" if len(tests) == 1 else "were"


def _it(tests: list[ControlTest]) -> str:
    return "it" if len(tests) == 1 else "they"


def _out_of_window(
    ctx: Context,
    win: Window,
    meant: list[ControlTest],
    right_kind: list[ControlTest],
    subject: str,
    needed: str,
) -> str:
    """Why tests of the right kind for the report do not count: they are dated before its
    window opens, or after today."""
    report = win.report
    label = quoted_report(report)
    earlier = [t.performed_on for t in right_kind if t.performed_on < win.start]
    if earlier:
        last = max(earlier).isoformat()
        if report.type == 2 and win.part is not None:
            where = (
                f"before {win.start.isoformat()}, when it became effective in the period of {label}"
            )
        elif report.type == 2:
            where = f"before the period starting {win.start.isoformat()} of {label}"
        else:
            assert report.as_of is not None
            where = (
                f"more than {TYPE1_LOOKBACK_MONTHS} months before the {report.as_of.isoformat()} "
                f"as-of date of {label}"
            )
        note = ""
        if report.type == 2 and any(
            t.kind == "design" and win.start <= t.performed_on <= ctx.today for t in meant
        ):
            note = " (design tests do not count for a Type 2 report)"
        return f"{subject} was last tested {last}, {where}{note}; {needed}"

    # Every test of the right kind is dated after today.
    return (
        f"{subject} has no test for {label} performed by today ({ctx.today.isoformat()}): "
        f"its tests are dated in the future; {needed} once it has been performed"
    )


def _join(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


RULE = Rule(
    id="untested-control",
    severity="error",
    summary="A control in scope for a report has no test that counts for that report.",
    rationale=(
        "The auditor's opinion rests on evidence that each in-scope control works: for a "
        "Type 2 report, an operating-effectiveness test performed during the period or "
        "after it, during fieldwork (up to 'fieldwork_days' after the period ends, 90 by "
        "default), sampling occurrences of the period (a test whose 'covers' lies wholly "
        "outside it does not count); for a Type 1 report, a design or operating test from "
        "the 12 months before the as-of date. A test from a previous period, a design "
        "walkthrough offered for a Type 2 report, or a test recorded for a different report "
        "does not count, and neither does an operating test that sampled nothing "
        "(sample_size 0, as 'soccheck new test' writes it). Perform the missing test and "
        "record it under the control's 'tests' "
        "with its date, kind and (when it serves only one report) 'report'. A control is "
        "judged only for the reports it is in scope for: one whose 'reports' leaves a report "
        "out needs no test for it, and one 'effective' for part of a Type 2 period needs a "
        "test performed from the day it became effective (sampling, when 'covers' is "
        "recorded, those days): whether the months before it are covered is a question "
        "for the controls that covered them. A report "
        "whose period has not started yet is not judged, and neither is a control whose test "
        "was rejected as invalid (that test's own finding comes first)."
    ),
    example=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "tests:\n"
        "  - id: T-AC-01-2025\n"
        "    method: inspection\n"
        "    procedure: Inspected the Q2 review ticket for sign-off and removals.\n"
        "    performed_on: 2025-10-15   # before the period: does not count\n"
        "    performed_by: tom\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
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
