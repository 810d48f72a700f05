"""Which tests count for which report.

A test counts for a report when its ``report`` names that report (or is omitted, meaning every
report) and it is of a kind and date the report can use:

- Type 2 (operating effectiveness over a period): an ``operating`` test performed on or after
  the first day of the period. Testing continues after the period ends (fieldwork), so later
  dates count too, up to today.
- Type 1 (design as of a date): a ``design`` or ``operating`` test performed no more than 12
  months before the ``as_of`` date, up to today.

A test dated after today counts for nothing (it cannot have happened yet), and neither does an
operating test that sampled nothing (``sample_size: 0``, as in the skeleton ``soccheck new
test`` writes): it shows nothing about how the control operated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from soccheck.format.records import ControlTest, Report
from soccheck.format.vocabulary import TestKind

TYPE1_LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class Window:
    """The tests a report can use: of these kinds, performed from ``start`` to today."""

    report: Report
    start: dt.date
    kinds: frozenset[TestKind]

    def counts(self, test: ControlTest, today: dt.date) -> bool:
        return (
            names_report(test, self.report)
            and test.kind in self.kinds
            and self.start <= test.performed_on <= today
            and not (test.sample_size == 0 and test.kind == "operating")
        )


def months_before(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the end of a shorter month.

    Twelve months before 2024-02-29 is 2023-02-28.
    """
    index = date.year * 12 + date.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(date.day, 0, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def window(report: Report) -> Window | None:
    """The report's window, or None when its dates are missing or contradictory.

    Those reports are another rule's finding; judging tests against them would only add noise.
    """
    if report.type == 2:
        period = report.period
        if period is None or period.start > period.end:
            return None
        return Window(report, period.start, frozenset({"operating"}))
    if report.as_of is None:
        return None
    start = months_before(report.as_of, TYPE1_LOOKBACK_MONTHS)
    return Window(report, start, frozenset({"design", "operating"}))


def names_report(test: ControlTest, report: Report) -> bool:
    """Whether the test is meant for the report (``report`` omitted means every report)."""
    return test.report is None or test.report == report.id
