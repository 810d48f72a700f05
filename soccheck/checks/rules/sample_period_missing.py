"""sample-period-missing: a Type 2 operating test does not say which span its sample was drawn
from.

Which tests: an operating test that counts for a Type 2 report examining its control (see
``_type2``). A test that counts for nothing is some other rule's concern: dated before the
period (an earlier period's test kept for the record: untested-control if nothing else
counts), after the fieldwork window or sampling another period (test-outside-period, which
already says it does not count), or in the future (future-date).

Where: the test's start (its ``id``), since the missing key has no position of its own.
Subject: the test ID, as for every rule about one test (insufficient-sample).

Several reports: one finding per test, however many Type 2 reports it counts for. The missing
key is one omission and one ``covers`` clears it for every report, so a finding per report
would repeat the same words at the same place.

Interplay: a ``covers`` that is written but rejected while loading (a reversed span, a
misspelt date) is the schema finding's; this rule stays quiet about it. Without ``covers``,
period-not-covered ignores the test and population-implausible measures it against the
period instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules._type2 import counting_windows
from soccheck.checks.rules.base import MISSING, Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        if test.covers is not None or test.kind != "operating":
            continue
        if ctx.raw(test.source, "covers") is not MISSING:
            continue
        windows = counting_windows(ctx, control, test)
        if not windows:
            continue
        # The period, or the days of it the control was effective (a narrowed window).
        periods = " and ".join(
            dict.fromkeys(
                f"{win.sampled[0].isoformat()} to {win.sampled[1].isoformat()}"
                for win in windows
                if win.sampled is not None
            )
        )
        yield ctx.finding(
            RULE,
            ctx.at(test.source),
            f"test '{test.id}' of control '{control.id}' does not say which occurrences its "
            "sample was drawn from; add 'covers: {start: ..., end: ...}' with the first and "
            f"last day of the span sampled (within {periods})",
            test.id,
        )


RULE = Rule(
    id="sample-period-missing",
    severity="warning",
    summary="A Type 2 operating test does not record the span its sample was drawn from "
    "('covers').",
    rationale=(
        "A Type 2 opinion covers the whole period, so the auditor asks of every sample which "
        "stretch of the period it was drawn from: a sample taken only from the first months "
        "says nothing about the rest. 'covers: {start, end}' records that span, and lets "
        "soccheck check that a control's tests together cover the period "
        "('period-not-covered') and that the population fits the span "
        "('population-implausible'). Add the first and last day of the occurrences the sample "
        "was drawn from; a test done in two parts records each part as its own test, with "
        "'phase: interim' and 'phase: roll-forward'."
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
