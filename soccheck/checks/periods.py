"""Which tests count for which report: the one definition every rule and report uses.

A test counts for a report when its ``report`` names that report (or is omitted, meaning every
report) and it is of a kind and date the report can use:

- Type 2 (operating effectiveness over a period): an ``operating`` test performed on or after
  the first day of the period. Testing continues after the period ends (fieldwork), so later
  dates count too, up to ``fieldwork_days`` after the period's last day (configuration,
  default 90) and never after today. A test whose ``covers`` lies wholly outside the period
  sampled occurrences of another period and does not count either.
- Type 1 (design as of a date): a ``design`` or ``operating`` test performed no more than 12
  months before the ``as_of`` date, up to today. ``covers`` and the fieldwork window do not
  apply: the report is about one day's design.
- A control ``effective`` for only part of a Type 2 period is judged over that part
  (``Window.narrowed``): its tests count when performed from the day it began operating in the
  period, and, when they record ``covers``, when the span sampled reaches into that part. The
  fieldwork window still runs from the period's end: a control retired in March is tested
  during the same fieldwork as the others.

A test dated after today counts for nothing (it cannot have happened yet), and neither does an
operating test that sampled nothing (``sample_size: 0``, as in the skeleton ``soccheck new
test`` writes): it shows nothing about how the control operated. A failed test still counts:
it shows the control was tested, and 'failed-test' reports the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from soccheck.format.records import ControlTest, Report
from soccheck.format.vocabulary import FIELDWORK_DAYS, TestKind

TYPE1_LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class Window:
    """The tests a report can use: of these kinds, performed from ``start`` to today (and,
    for a Type 2 report, to ``last_day``), sampling occurrences of the period."""

    report: Report
    start: dt.date
    kinds: frozenset[TestKind]
    period_end: dt.date | None = None
    """Type 2: the period's last day. None for Type 1, which has no period."""
    fieldwork_days: int = FIELDWORK_DAYS
    part: tuple[dt.date, dt.date] | None = None
    """Type 2, for a control ``effective`` for only part of the period: the first and last day
    of that part, whose occurrences its tests must sample (see ``narrowed``). None: the whole
    period."""

    @property
    def sampled(self) -> tuple[dt.date, dt.date] | None:
        """Type 2: the days whose occurrences a test must sample to count: the control's
        effective part of the period, or the whole period. None for Type 1."""
        if self.period_end is None:
            return None
        return self.part or (self.start, self.period_end)

    def narrowed(self, first: dt.date, last: dt.date) -> Window:
        """The window for a control that operated only from ``first`` to ``last`` of a Type 2
        period (both inside it): tests performed before ``first`` tested a control that did
        not operate yet, and a sample must reach into those days. The whole period gives the
        window itself; a Type 1 window has no period to narrow."""
        if self.period_end is None or (first, last) == (self.start, self.period_end):
            return self
        return replace(self, start=first, part=(first, last))

    @property
    def last_day(self) -> dt.date | None:
        """Type 2: the last day a test may be performed and count (the period end plus
        ``fieldwork_days``, at most the last day of the calendar: a period may end on
        9999-12-31, and a window past it holds every date a program can write); None for
        Type 1, where only today limits the date."""
        if self.period_end is None:
            return None
        return days_after(self.period_end, self.fieldwork_days)

    def counts(self, test: ControlTest, today: dt.date) -> bool:
        return (
            names_report(test, self.report)
            and test.kind in self.kinds
            and self.start <= test.performed_on <= today
            and not (test.sample_size == 0 and test.kind == "operating")
            and not self.after_fieldwork(test)
            and not self.covers_outside(test)
        )

    def after_fieldwork(self, test: ControlTest) -> bool:
        """Type 2: the test was performed more than ``fieldwork_days`` after the period
        ended, so it is evidence of a later period, not this one."""
        last = self.last_day
        return last is not None and test.performed_on > last

    def covers_outside(self, test: ControlTest) -> bool:
        """Type 2: the span the test sampled (``covers``) lies wholly outside the period, or
        outside the part of it the control was effective (a span reaching into it by one day
        is inside: 'period-not-covered' judges how much of the period the spans cover). A test
        without ``covers`` is not outside."""
        covers = test.covers
        sampled = self.sampled
        if sampled is None or covers is None:
            return False
        return covers.end < sampled[0] or covers.start > sampled[1]


# The calendar's first and last months, counted as year * 12 + month - 1.
_FIRST_MONTH = dt.date.min.year * 12
_LAST_MONTH = dt.date.max.year * 12 + 11


def days_after(date: dt.date, days: int) -> dt.date:
    """``date`` plus ``days`` (negative: earlier), clamped to the calendar's first or last day.

    Every date a program holds lies in the calendar (years 1 to 9999), so a limit clamped to
    its end compares with them exactly as the unclamped one would; without the clamp a period
    or a ``--today`` near either end raised OverflowError mid-run.
    """
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def months_before(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the end of a shorter month, and to the
    calendar's first or last day (as ``days_after``).

    Twelve months before 2024-02-29 is 2023-02-28.
    """
    index = date.year * 12 + date.month - 1 - months
    if index < _FIRST_MONTH:
        return dt.date.min
    if index > _LAST_MONTH:
        return dt.date.max
    year, month = divmod(index, 12)
    month += 1
    for day in range(date.day, 0, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def months_after(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month.

    One month after 2026-01-31 is 2026-02-28.
    """
    return months_before(date, -months)


def whole_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(whole calendar months, remaining days) from ``start`` through ``end`` inclusive:
    2026-01-01..2026-03-31 is (3, 0), 2026-01-15..2026-04-20 is (3, 6), and
    2026-01-15..2026-03-13 is (1, 27) (the month from 2026-01-15 ends on 2026-02-14).

    Worked out without the day after ``end``, which for a span ending on 9999-12-31 is past
    the calendar. A reversed span is (0, 0).
    """
    if end < start:
        return 0, 0
    # The calendar-month difference plus one is at most two too many.
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    while months > 0 and not _months_fit(start, months, end):
        months -= 1
    if _month_index(start) + months > _LAST_MONTH:
        return months, 0  # the months run exactly to the calendar's last day
    return months, (end - months_after(start, months)).days + 1


def _months_fit(start: dt.date, months: int, end: dt.date) -> bool:
    """Whether ``months`` calendar months from ``start`` end by ``end``: the same day
    ``months`` later is no later than the day after ``end``."""
    if _month_index(start) + months > _LAST_MONTH:
        # The months end in year 9999 only when they start on a first of the month.
        return (
            _month_index(start) + months == _LAST_MONTH + 1
            and start.day == 1
            and end == dt.date.max
        )
    return months_after(start, months) - dt.timedelta(days=1) <= end


def _month_index(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


def window(report: Report, fieldwork_days: int = FIELDWORK_DAYS) -> Window | None:
    """The report's window, or None when its dates are missing or contradictory.

    Those reports are another rule's finding; judging tests against them would only add noise.
    ``fieldwork_days`` is the configuration's (``Context.window`` passes it).
    """
    if report.type == 2:
        period = report.period
        if period is None or period.start > period.end:
            return None
        return Window(report, period.start, frozenset({"operating"}), period.end, fieldwork_days)
    if report.as_of is None:
        return None
    start = months_before(report.as_of, TYPE1_LOOKBACK_MONTHS)
    return Window(report, start, frozenset({"design", "operating"}))


def names_report(test: ControlTest, report: Report) -> bool:
    """Whether the test is meant for the report (``report`` omitted means every report)."""
    return test.report is None or test.report == report.id
