"""evidence-gap: a month, quarter, half or year of a Type 2 period with no evidence dated in
it.

For each Type 2 report and each control in its scope with a monthly, quarterly, semi-annual
or annual frequency, the windows are the calendar months, quarters, halves or years lying
wholly inside the period that have ended by the evaluation date
(:func:`soccheck.checks.audit_trail.evidence_windows`): a quarter only partly inside the
period, or one still running, is not expected to hold evidence. A window is covered by any
evidence of the control whose ``as_of`` falls in it.

The finding points at the control's ``evidence`` key (where the missing items go), its
subject is the control, and its message names every empty window. One finding per control
and report; reports whose periods leave the same windows empty (a SOC 1 and a SOC 2 report
over one period) share one finding naming them all, since adding the evidence clears both.

Not judged: daily and weekly controls (too many occurrences to expect evidence of each),
continuous, multiple-daily and as-needed controls and controls without a frequency (no
calendar to hold them to), and a control with no evidence dated with ``as_of`` at all, so a
program written before ``as_of`` existed gets no finding ('missing-evidence' and
'untested-control' still judge it). 'stale-evidence' asks the different question of whether
the newest evidence is recent today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from soccheck.checks.audit_trail import evidence_windows, is_windowed
from soccheck.checks.findings import Finding
from soccheck.checks.periods import Window
from soccheck.checks.rules.base import Context, Rule, quoted_report


def check(ctx: Context) -> Iterator[Finding]:
    windows = [
        win
        for report in ctx.reports.values()
        if report.type == 2 and (win := ctx.window(report)) is not None
    ]
    if not windows:
        return
    today = ctx.today
    for control in ctx.controls:
        frequency = control.frequency
        if not is_windowed(frequency):
            continue
        dates = [e.as_of for e in control.evidence if e.as_of is not None]
        if not dates:
            continue
        gaps: dict[tuple[str, ...], list[Window]] = {}
        for win in windows:
            if not ctx.in_scope(control, win.report):
                continue
            assert win.period_end is not None
            empty = tuple(
                w.label
                for w in evidence_windows(frequency, win.start, win.period_end, today)
                if not any(w.holds(date) for date in dates)
            )
            if empty:
                gaps.setdefault(empty, []).append(win)
        for empty, wins in gaps.items():
            reports = " and ".join(
                f"{quoted_report(w.report)} {_span(w.start, w.period_end)}" for w in wins
            )
            yield ctx.finding(
                RULE,
                ctx.at_key(control.source, "evidence"),
                f"{frequency} control '{control.id}' has no evidence dated in "
                f"{', '.join(empty)} of the period of {reports}; add the evidence of each "
                "with 'as_of', the date it shows or was taken",
                control.id,
                report=wins[0].report.id if len(wins) == 1 else None,
            )


def _span(start: dt.date, end: dt.date | None) -> str:
    return f"({start.isoformat()} to {end.isoformat() if end else '?'})"


RULE = Rule(
    id="evidence-gap",
    severity="warning",
    summary="A month, quarter, half or year of a Type 2 period has no evidence dated in it "
    "for a monthly, quarterly, semi-annual or annual control.",
    rationale=(
        "A Type 2 auditor samples occurrences from across the period, and for a monthly or "
        "quarterly control that often means every one. A quarter with no evidence is an "
        "occurrence the auditor cannot test: it reads as a control that did not operate, "
        "and becomes a deviation. Add the evidence of each month, quarter, half or year of "
        "the period with 'as_of' (the date it shows or was taken). Only windows wholly "
        "inside the period that have ended by today are expected to hold evidence, and only "
        "controls with at least one evidence item dated with 'as_of' are judged."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "evidence:\n"
        "  - url: https://tickets.example.com/ACC-1001\n"
        "    description: Q1 review ticket with sign-off\n"
        "    as_of: 2026-03-31\n"
        "  - url: https://tickets.example.com/ACC-1187\n"
        "    description: Q3 review ticket with sign-off\n"
        "    as_of: 2026-09-30\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "evidence:\n"
        "  - url: https://tickets.example.com/ACC-1001\n"
        "    description: Q1 review ticket with sign-off\n"
        "    as_of: 2026-03-31\n"
        "  - url: https://tickets.example.com/ACC-1093\n"
        "    description: Q2 review ticket with sign-off\n"
        "    as_of: 2026-06-30\n"
        "  - url: https://tickets.example.com/ACC-1187\n"
        "    description: Q3 review ticket with sign-off\n"
        "    as_of: 2026-09-30\n"
    ),
    check=check,
)
