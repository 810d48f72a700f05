"""evidence-gap: a month, quarter, half or year of a Type 2 period with no evidence dated in
it.

For each Type 2 report and each control in its scope with a monthly, quarterly, semi-annual
or annual frequency, the windows are the calendar months, quarters, halves or years lying
wholly inside the period that have ended by the evaluation date
(:func:`soccheck.checks.audit_trail.evidence_windows`): a quarter only partly inside the
period, or one still running, is not expected to hold evidence. A window is covered by any
evidence of the control whose ``as_of`` falls in it.

A control ``effective`` for only part of the period (issue 16) is held to the windows lying
wholly inside the days it was effective (``Context.effective_part``): a monthly control
introduced on 2026-05-01 is asked for evidence from May, and one retired on 2026-04-30 for
none after April; the message then names those days.

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

from collections.abc import Iterator

from soccheck.checks.audit_trail import evidence_windows, is_windowed
from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import Span
from soccheck.format.records import Report


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
        # the empty windows -> (report, the days judged, whether that is the whole period)
        gaps: dict[tuple[str, ...], list[tuple[Report, Span, bool]]] = {}
        for win in windows:
            report = win.report
            if not ctx.in_scope(control, report):
                continue
            part = ctx.effective_part(control, report)
            if part is None:
                continue
            empty = tuple(
                w.label
                for w in evidence_windows(frequency, part.start, part.end, today)
                if not any(w.holds(date) for date in dates)
            )
            if empty:
                whole = (part.start, part.end) == (win.start, win.period_end)
                gaps.setdefault(empty, []).append((report, part, whole))
        for empty, judged in gaps.items():
            yield ctx.finding(
                RULE,
                ctx.at_key(control.source, "evidence"),
                f"{frequency} control '{control.id}' has no evidence dated in "
                f"{', '.join(empty)} of {_days(judged)}; add the evidence of each with "
                "'as_of', the date it shows or was taken",
                control.id,
                report=judged[0][0].id if len(judged) == 1 else None,
            )


def _days(judged: list[tuple[Report, Span, bool]]) -> str:
    """'the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-06-30)', several reports
    joined with 'and'; a control effective for part of a period names the days it was."""
    if all(whole for _, _, whole in judged):
        return "the period of " + " and ".join(
            f"{quoted_report(report)} {_span(part)}" for report, part, _ in judged
        )
    return " and ".join(
        f"the {'period' if whole else 'days it was effective in the period'} of "
        f"{quoted_report(report)} {_span(part)}"
        for report, part, whole in judged
    )


def _span(part: Span) -> str:
    return f"({part.start.isoformat()} to {part.end.isoformat()})"


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
        "inside the period that have ended by today are expected to hold evidence (for a "
        "control 'effective' for only part of the period, wholly inside the days it was "
        "effective), and only controls with at least one evidence item dated with 'as_of' "
        "are judged."
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
