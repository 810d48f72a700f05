"""The definitions the audit-trail rules share (issue 15): how often a control recurs, what
that implies over a span of dates, which evidence windows a period has, who is active when,
and a test's methods.

Each rule asking one of these questions asks it here, so two rules can never disagree about
what "one quarter before the period end" or "active on that day" means. Everything is a pure
function of records and dates: nothing here reads the program or the clock, so the rules
(and their tests) pass the evaluation date in.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal, TypeGuard, get_args

from soccheck.checks.periods import months_after, whole_months
from soccheck.format.records import ControlTest, Person
from soccheck.format.vocabulary import TestMethod

Recurring = Literal["daily", "weekly", "monthly", "quarterly", "semi-annual", "annual"]
RECURRING: tuple[Recurring, ...] = get_args(Recurring)
"""Frequencies with a fixed interval, which a population, evidence dates and sampled spans
can be judged against. Continuous, multiple-daily and as-needed controls have none: how often
they ran follows from the system or from events, not from the calendar."""

Windowed = Literal["monthly", "quarterly", "semi-annual", "annual"]
WINDOWED: tuple[Windowed, ...] = get_args(Windowed)
"""The frequencies whose occurrences fall in calendar windows (a month, a quarter, a half, a
year), so each window of a period should hold evidence ('evidence-gap'). A daily or weekly
control leaves too many occurrences to expect evidence of each."""

MONTHS: dict[Windowed, int] = {"monthly": 1, "quarterly": 3, "semi-annual": 6, "annual": 12}
"""The interval of each calendar-based frequency, in calendar months."""

WEEK_DAYS = 7
BUSINESS_DAYS_PER_WEEK = 5
"""A daily control runs on business days: Monday to Friday. Public holidays differ by
country and company and are not known here, so a daily control's count is an upper bound
by a few days a year, which the rules' tolerances (half the occurrences, one and a half
intervals) absorb."""

_AVERAGE_MONTH_DAYS = 365.2425 / 12


def is_recurring(frequency: str | None) -> TypeGuard[Recurring]:
    """Whether the frequency has a fixed interval (see ``RECURRING``)."""
    return frequency in RECURRING


def is_windowed(frequency: str | None) -> TypeGuard[Windowed]:
    """Whether the frequency's occurrences fall in calendar windows (see ``WINDOWED``)."""
    return frequency in WINDOWED


# ------------------------------------------------------------------------- intervals


def is_business_day(date: dt.date) -> bool:
    return date.weekday() < BUSINESS_DAYS_PER_WEEK


def business_days(start: dt.date, end: dt.date) -> int:
    """Business days (Monday to Friday) from ``start`` to ``end``, both included; 0 for a
    reversed span."""
    if end < start:
        return 0
    weeks, extra = divmod((end - start).days + 1, WEEK_DAYS)
    count = weeks * BUSINESS_DAYS_PER_WEEK
    for offset in range(extra):
        if is_business_day(start + dt.timedelta(days=weeks * WEEK_DAYS + offset)):
            count += 1
    return count


def occurrences(frequency: Recurring, start: dt.date, end: dt.date) -> int:
    """How many times a control of this frequency runs from ``start`` to ``end`` (both
    included), as the number of whole intervals that fit in the span.

    Daily: the business days in the span. Weekly: whole weeks (days // 7). Monthly,
    quarterly, semi-annual, annual: whole calendar months, quarters, halves or years counted
    from ``start`` (2026-01-15 to 2026-03-14 is 2 months; to 2026-03-13 it is 1). Rounding
    down is the lenient choice: a part of an interval at the end of the span may or may not
    have held an occurrence, so it is never expected to, and a rule comparing a population
    with this number does not fire on a rounding artefact. A reversed span has none.
    """
    if end < start:
        return 0
    if frequency == "daily":
        return business_days(start, end)
    if frequency == "weekly":
        return ((end - start).days + 1) // WEEK_DAYS
    months, _ = whole_months(start, end)
    return months // MONTHS[frequency]


def after(frequency: Recurring, date: dt.date, intervals: float = 1) -> dt.date:
    """The date ``intervals`` frequency intervals after ``date``.

    Whole intervals are calendar steps: business days for daily (one business day after a
    Friday is the Monday), 7 days for weekly, and calendar months, quarters, halves or years
    (clamped to the end of a shorter month: one month after 2026-01-31 is 2026-02-28). A
    fraction of an interval ('stale-evidence' allows one and a half) is rounded up to whole
    days of the interval's average length (business days for daily), so an allowance is never
    shorter than stated.
    """
    return _shift(frequency, date, intervals, 1)


def before(frequency: Recurring, date: dt.date, intervals: float = 1) -> dt.date:
    """The date ``intervals`` frequency intervals before ``date``; see ``after``."""
    return _shift(frequency, date, intervals, -1)


def _shift(frequency: Recurring, date: dt.date, intervals: float, sign: int) -> dt.date:
    """See ``after``. A result beyond the calendar (before year 1 or after 9999, reachable
    with a hostile ``--today`` or ``as_of``) is clamped to its first or last day: nothing a
    program holds can be dated outside it, so the comparison a rule makes stays right."""
    if intervals < 0:
        raise ValueError("intervals must not be negative")
    try:
        return _shifted(frequency, date, intervals, sign)
    except OverflowError:
        return dt.date.max if sign > 0 else dt.date.min


def _shifted(frequency: Recurring, date: dt.date, intervals: float, sign: int) -> dt.date:
    whole = math.floor(intervals)
    fraction = intervals - whole
    if frequency == "daily":
        return _business_days_from(date, whole + math.ceil(fraction), sign)
    if frequency == "weekly":
        days = math.ceil(intervals * WEEK_DAYS)
        return date + dt.timedelta(days=sign * days)
    months = sign * whole * MONTHS[frequency]
    if not _FIRST_MONTH <= _month_index(date) + months <= _LAST_MONTH:
        raise OverflowError("date out of range")
    shifted = months_after(date, months)
    extra = math.ceil(fraction * MONTHS[frequency] * _AVERAGE_MONTH_DAYS)
    return shifted + dt.timedelta(days=sign * extra)


def _month_index(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


_FIRST_MONTH = _month_index(dt.date.min)
_LAST_MONTH = _month_index(dt.date.max)


def _business_days_from(date: dt.date, count: int, sign: int) -> dt.date:
    weeks, rest = divmod(count, BUSINESS_DAYS_PER_WEEK)
    current = date + dt.timedelta(days=sign * weeks * WEEK_DAYS)
    while rest:
        current += dt.timedelta(days=sign)
        if is_business_day(current):
            rest -= 1
    return current


# -------------------------------------------------------------------- evidence windows


@dataclass(frozen=True)
class EvidenceWindow:
    """One calendar month, quarter, half or year in which a control should have left
    evidence."""

    start: dt.date
    end: dt.date
    label: str
    """How messages name it: '2026-03', '2026-Q1', '2026-H1' or '2026'."""

    def holds(self, date: dt.date) -> bool:
        return self.start <= date <= self.end


def evidence_windows(
    frequency: Windowed, start: dt.date, end: dt.date, today: dt.date
) -> list[EvidenceWindow]:
    """The calendar windows of the frequency that lie wholly inside the period from ``start``
    to ``end`` and have ended by ``today``, in order.

    A window has ended when its last day is before ``today``: on its last day the control may
    still run. Windows are calendar-aligned (quarters start in January, April, July and
    October; halves in January and July), whatever day the period starts: a period from
    2026-02-15 holds no window for February, and its first quarter is Q2.
    """
    step = MONTHS[frequency]
    windows: list[EvidenceWindow] = []
    # The first window starting on or after ``start``.
    index = _month_index(start)
    index += -index % step
    if index <= _LAST_MONTH and dt.date(index // 12, index % 12 + 1, 1) < start:
        index += step
    while index <= _LAST_MONTH:
        first = dt.date(index // 12, index % 12 + 1, 1)
        if index + step > _LAST_MONTH:  # the window that ends the calendar (9999-12-31)
            last = dt.date.max
        else:
            last = months_after(first, step) - dt.timedelta(days=1)
        if last > end or last >= today:
            break
        windows.append(EvidenceWindow(first, last, _label(frequency, first)))
        index += step
    return windows


def _label(frequency: Windowed, first: dt.date) -> str:
    if frequency == "monthly":
        return f"{first.year}-{first.month:02d}"
    if frequency == "quarterly":
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    if frequency == "semi-annual":
        return f"{first.year}-H{(first.month - 1) // 6 + 1}"
    return str(first.year)


# ------------------------------------------------------------------------------ people


def is_active(person: Person, on: dt.date) -> bool:
    """Whether the person works for the company on the date.

    ``active: false`` means gone, whatever the dates say. ``left`` is the last working day:
    the person is active on it and inactive from the day after (the issue's Definitions
    section; its Format additions line "left on or before the evaluation date means
    inactive" is read the same way, as the Definitions are the stated rule). Before
    ``joined`` the person is not active yet.
    """
    return inactive_reason(person, on) is None


def inactive_reason(person: Person, on: dt.date) -> str | None:
    """Why the person is not active on the date, for messages ('is marked inactive', 'left
    on 2026-03-13', 'joins on 2026-09-01'), or None when they are active."""
    if not person.active:
        return "is marked inactive"
    return outside_employment(person, on)


def outside_employment(person: Person, on: dt.date) -> str | None:
    """Why the date lies outside the person's ``joined`` to ``left`` span ('left on
    2026-03-13', 'joins on 2026-09-01'), or None when it lies inside (or no dates are given).

    Unlike ``inactive_reason`` this ignores ``active: false``, which says someone is gone
    now, not since when: a test they performed last year was performed while they worked
    here, as far as anyone can tell ('tester-not-active' asks this).
    """
    if person.left is not None and on > person.left:
        return f"left on {person.left.isoformat()}"
    if person.joined is not None and on < person.joined:
        return f"joins on {person.joined.isoformat()}"
    return None


# ------------------------------------------------------------------------------- tests


def methods(test: ControlTest) -> tuple[TestMethod, ...]:
    """The test's methods, whether ``method`` names one or lists several (in the order
    written). Every reader of ``method`` goes through this, so none can forget the list."""
    method = test.method
    if isinstance(method, list):
        return tuple(method)
    return (method,)


def methods_text(test: ControlTest) -> str:
    """'inspection', or 'inquiry, inspection' for a test that combined methods: how reports
    and messages show them."""
    return ", ".join(methods(test))
