"""undisclosed-change: a control began or stopped operating during a period, and the system
description does not say so.

Description criterion DC9 asks the description to disclose significant changes to the system
and its controls during the period; a control introduced or retired mid-period is one, and a
reader of the report otherwise assumes it operated throughout.

A control changes inside a period when its ``effective.from`` falls after the first day of a
Type 2 period it is in scope for (``Context.in_scope``), up to its last day, or its
``effective.to`` falls on a day of that period before the last (starting on the first day or
stopping on the last day is no change within it). Type 1 reports have no period. The change
is disclosed when any entry of the system description's ``changes`` names the control in its
``controls``; the entry's date is not matched to the day, since a change is recorded when it
was approved or went live, which need not be the day the control's ``effective`` names.

Position: the ``effective`` date that falls inside a period (``from`` before ``to`` when both
do). Subject: the control's ID. One finding per control however many reports and dates are
concerned (one ``changes`` entry fixes it); the message names each.

Interplay: a ``changes`` entry naming a control that does not exist is ``unknown-control``'s;
the months a change leaves uncovered are ``coverage-gap``'s (a different mistake: disclosing a
change does not cover the months before it). A control whose ``effective`` the schema rejected
is read without it and is not judged here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import effective_bounds, report_span
from soccheck.format.records import Control, Report


def check(ctx: Context) -> Iterator[Finding]:
    candidates = [c for c in ctx.controls if c.effective is not None]
    if not candidates:
        return
    disclosed = {control_id for change in ctx.system.changes for control_id in change.controls}
    periods = [r for r in ctx.reports.values() if r.type == 2 and report_span(r) is not None]
    for control in candidates:
        if control.id in disclosed:
            continue
        began: list[Report] = []
        ended: list[Report] = []
        first, last = effective_bounds(control)
        for report in periods:
            span = report_span(report)
            if span is None or not ctx.in_scope(control, report):
                continue
            if first is not None and span.start < first <= span.end:
                began.append(report)
            if last is not None and span.start <= last < span.end:
                ended.append(report)
        if not began and not ended:
            continue
        yield _finding(ctx, control, first, began, last, ended)


def _finding(
    ctx: Context,
    control: Control,
    first: dt.date | None,
    began: list[Report],
    last: dt.date | None,
    ended: list[Report],
) -> Finding:
    effective = control.effective
    assert effective is not None
    events = []
    if began and first is not None:
        events.append(f"became effective on {first.isoformat()}, {_inside(began)}")
    if ended and last is not None:
        events.append(f"stopped operating after {last.isoformat()}, {_inside(ended)}")
    key = "from" if began else "to"
    date = first if began else last
    assert date is not None
    reports = {r.id for r in (*began, *ended)}
    return ctx.finding(
        RULE,
        ctx.at(effective.source, key),
        (
            f"control '{control.id}' {' and '.join(events)}, but no entry of 'changes' in ",
            ctx.system_file,
            " names it; the description must disclose changes to controls during the "
            f"period (DC9): add a change dated {date.isoformat()} that says what changed and "
            f"names '{control.id}' in its 'controls'",
        ),
        control.id,
        report=next(iter(reports)) if len(reports) == 1 else None,
    )


def _inside(reports: list[Report]) -> str:
    named = " and ".join(quoted_report(r) for r in reports)
    return f"inside the period of {named}"


RULE = Rule(
    id="undisclosed-change",
    severity="warning",
    summary="A control became or stopped being effective inside a period, and no 'changes' "
    "entry names it.",
    rationale=(
        "The description of the system must disclose significant changes to the system and "
        "its controls during the period (description criterion DC9). A control introduced or "
        "retired inside a Type 2 period is such a change: a reader of the report assumes it "
        "operated throughout unless the description says otherwise. Add an entry to "
        "'changes' in system.yaml with the date, what changed, and the control in its "
        "'controls'. Starting on the period's first day or stopping on its last is no change "
        "within the period."
    ),
    example=(
        "# controls/access.yaml   (the period is 2026-01-01 to 2026-06-30)\n"
        "id: AC-10\n"
        "title: Single sign-on\n"
        "description: Every login to production goes through the identity provider.\n"
        "owner: alice\n"
        "criteria: [CC6.1]\n"
        "effective: {from: 2026-05-01}\n"
    ),
    passing=(
        "# system.yaml\n"
        "changes:\n"
        "  - date: 2026-05-01\n"
        "    description: Single sign-on replaced local passwords for production access.\n"
        "    controls: [AC-10]\n"
        "# controls/access.yaml\n"
        "id: AC-10\n"
        "title: Single sign-on\n"
        "description: Every login to production goes through the identity provider.\n"
        "owner: alice\n"
        "criteria: [CC6.1]\n"
        "effective: {from: 2026-05-01}\n"
    ),
    check=check,
)
