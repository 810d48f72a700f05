"""population-implausible: a recurring control's population is less than half of what its
frequency implies over the span the test sampled.

Which tests: an operating test that counts for a Type 2 report examining its control (see
``_type2``), of a control with a recurring frequency (``audit_trail.RECURRING``: continuous,
multiple-daily and as-needed controls have no fixed interval to count by), with a
``population``. The implied number is ``audit_trail.occurrences`` (whole intervals, business
days for a daily control) over the test's ``covers``; without ``covers``, over the report's
period up to the day the test was performed (occurrences after the test cannot be in its
population). The rule fires when the population is less than half of that.

A control ``effective`` for only part of the period (issue 16) did not run outside it, so the
span is cut to the days it was effective: a monthly control introduced on 2026-05-01 whose
test sampled the whole half-year ran twice, not six times. Without ``covers`` the span is the
control's effective part of the period (``Context.control_window``) up to the test.

Where: the ``population`` value. Subject: the test ID. Several reports: with ``covers`` the
span is the test's own, so there is one finding per test; without it the span is each
report's period, so there is one finding per report the test counts for (with that report),
naming the report.

Interplay: a test with no population is incomplete-test-record's; a sample larger than its
population is insufficient-sample's finding (one of the two figures is wrong, and which one
is not known), so this rule stays quiet about both. A population that explains a small
sample (a weekly control "ran 3 times", all 3 tested) quiets insufficient-sample; this rule
is what then asks whether 3 is believable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from soccheck.checks.audit_trail import is_recurring, occurrences
from soccheck.checks.findings import Finding
from soccheck.checks.periods import Window
from soccheck.checks.rules._type2 import counting_windows, span
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.scope import effective_bounds
from soccheck.format.records import ControlTest


def check(ctx: Context) -> Iterator[Finding]:
    implied: dict[tuple[str, dt.date, dt.date], int] = {}  # tests share spans: count once
    for control, test in ctx.tests():
        frequency = control.frequency
        population = test.population
        if not is_recurring(frequency) or population is None:
            continue
        if test.sample_size is not None and test.sample_size > population:
            continue
        windows = counting_windows(ctx, control, test)
        if not windows:
            continue
        spans: list[tuple[dt.date, dt.date, Window | None]] = []
        if test.covers is not None:
            first, last = effective_bounds(control)
            start = test.covers.start if first is None else max(test.covers.start, first)
            end = test.covers.end if last is None else min(test.covers.end, last)
            if start <= end:  # else no report counts it (its windows would be empty)
                spans.append((start, end, None))
        else:
            for win in windows:
                assert win.sampled is not None
                first, last = win.sampled
                spans.append((first, min(last, test.performed_on), win))
        for start, end, judged in spans:
            key = (frequency, start, end)
            expected = implied.get(key)
            if expected is None:
                expected = implied[key] = occurrences(frequency, start, end)
            if population * 2 >= expected:
                continue
            over = _over(test, start, end, judged)
            runs = "business days" if frequency == "daily" else "times"
            yield ctx.finding(
                RULE,
                ctx.at(test.source, "population"),
                f"test '{test.id}' of control '{control.id}' records a population of "
                f"{population}, but a {frequency} control runs {expected} {runs} {over}; "
                "fewer than half of that means the population listing is incomplete or the "
                "control did not operate as often as described; check the population and "
                "record where it came from in 'population_source', or correct the control's "
                "'frequency' or the test's 'covers'",
                test.id,
                report=judged.report.id if judged is not None else None,
            )


def _over(test: ControlTest, start: dt.date, end: dt.date, judged: Window | None) -> str:
    """The span the occurrences were counted over, as the message names it."""
    covers = test.covers
    if judged is None:
        assert covers is not None
        if (start, end) == (covers.start, covers.end):
            return f"over the span it sampled ('covers': {span(start, end)})"
        return (
            f"over the days it was effective in the span it sampled ({span(start, end)} of "
            f"'covers' {span(covers.start, covers.end)})"
        )
    assert judged.sampled is not None
    days = "the period" if judged.part is None else "the days it was effective in the period"
    label = quoted_report(judged.report)
    if end == judged.sampled[1]:
        return f"over {days} of {label} ({span(start, end)})"
    return f"over {days} of {label} up to the test ({span(start, end)})"


RULE = Rule(
    id="population-implausible",
    severity="warning",
    summary="A recurring control's test population is less than half the occurrences its "
    "frequency implies over the span tested.",
    rationale=(
        "An auditor checks a population against how often the control should have run: a "
        "weekly control tested over six months ran about 26 times, and a population of 3 "
        "means either the listing the sample was drawn from is incomplete or the control did "
        "not operate about 23 times, which is a deviation, not a small population. The "
        "number implied is the whole intervals of the control's frequency in the test's "
        "'covers' (business days for a daily control), or in the report's period up to the "
        "test when 'covers' is missing; a population under half of it is reported. A "
        "control 'effective' for only part of the period is counted over the days it was "
        "effective. "
        "Continuous, multiple-daily and as-needed controls have no fixed interval and are not "
        "judged. Check the population and record in 'population_source' where the listing "
        "came from and how its completeness was checked; if the control really runs less "
        "often, correct its 'frequency'."
    ),
    example=(
        "# controls/operations.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: OPS-01\n"
        "title: Weekly security alert review\n"
        "description: The on-call engineer reviews the week's security alerts every Monday.\n"
        "owner: alice\n"
        "criteria: [CC7.2]\n"
        "frequency: weekly\n"
        "tests:\n"
        "  - id: T-OPS-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected the signed-off weekly alert reviews.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    population: 3   # a weekly control runs 25 times in this span\n"
        "    sample_size: 3\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/operations.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: OPS-01\n"
        "title: Weekly security alert review\n"
        "description: The on-call engineer reviews the week's security alerts every Monday.\n"
        "owner: alice\n"
        "criteria: [CC7.2]\n"
        "frequency: weekly\n"
        "tests:\n"
        "  - id: T-OPS-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected the signed-off weekly alert reviews.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    population: 26\n"
        "    population_source: Review tickets exported from the on-call queue, agreed to the "
        "on-call calendar.\n"
        "    sample_size: 5\n"
        "    result: pass\n"
    ),
    check=check,
)
