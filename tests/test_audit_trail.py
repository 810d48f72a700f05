"""The shared definitions of issue 15 (soccheck.checks.audit_trail), the counting window
(soccheck.checks.periods) and the configured sample table, as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from soccheck.checks import audit_trail as at
from soccheck.checks.periods import months_after, window
from soccheck.checks.sampling import DEFAULT_POLICY, configured_policy
from soccheck.format.records import ControlTest, Covers, Period, Person, Report

D = dt.date.fromisoformat


def test_recurring_frequencies_are_the_issues_six() -> None:
    assert at.RECURRING == ("daily", "weekly", "monthly", "quarterly", "semi-annual", "annual")
    assert at.WINDOWED == ("monthly", "quarterly", "semi-annual", "annual")
    for frequency in ("continuous", "multiple-daily", "as-needed", None):
        assert not at.is_recurring(frequency)
        assert not at.is_windowed(frequency)
    assert at.is_recurring("daily") and not at.is_windowed("daily")
    assert at.is_windowed("semi-annual")


def test_business_days_agree_with_counting_day_by_day() -> None:
    start = D("2026-01-01")  # a Thursday
    for length in range(0, 40):
        for shift in range(7):
            first = start + dt.timedelta(days=shift)
            last = first + dt.timedelta(days=length)
            expected = sum(
                1
                for n in range(length + 1)
                if (first + dt.timedelta(days=n)).weekday() < 5  # Monday to Friday
            )
            assert at.business_days(first, last) == expected, (first, last)
    assert at.business_days(D("2026-01-03"), D("2026-01-04")) == 0  # a weekend
    assert at.business_days(D("2026-01-05"), D("2026-01-04")) == 0  # reversed


@pytest.mark.parametrize(
    ("frequency", "start", "end", "count"),
    [
        ("daily", "2026-01-01", "2026-06-30", 129),
        ("daily", "2026-01-05", "2026-01-09", 5),
        ("weekly", "2026-01-01", "2026-06-30", 25),  # 181 days: 25 whole weeks
        ("weekly", "2026-01-01", "2026-01-07", 1),
        ("weekly", "2026-01-01", "2026-01-06", 0),
        ("monthly", "2026-01-01", "2026-06-30", 6),
        ("monthly", "2026-01-15", "2026-03-14", 2),
        ("monthly", "2026-01-15", "2026-03-13", 1),
        ("monthly", "2026-01-01", "2026-01-30", 0),
        ("quarterly", "2026-01-01", "2026-06-30", 2),
        ("quarterly", "2026-01-01", "2026-12-30", 3),
        ("semi-annual", "2026-01-01", "2026-12-31", 2),
        ("annual", "2026-01-01", "2026-12-31", 1),
        ("annual", "2026-01-01", "2026-06-30", 0),
        ("monthly", "2026-06-30", "2026-01-01", 0),  # reversed
    ],
)
def test_occurrences_count_whole_intervals(
    frequency: at.Recurring, start: str, end: str, count: int
) -> None:
    assert at.occurrences(frequency, D(start), D(end)) == count


def test_monthly_occurrences_match_stepping_month_by_month() -> None:
    start = D("2026-01-31")
    for days in range(0, 400, 3):
        end = start + dt.timedelta(days=days)
        whole = 0
        while months_after(start, whole + 1) - dt.timedelta(days=1) <= end:
            whole += 1
        assert at.occurrences("monthly", start, end) == whole, end


@pytest.mark.parametrize(
    ("frequency", "date", "intervals", "later", "earlier"),
    [
        ("daily", "2026-01-09", 1, "2026-01-12", "2026-01-08"),  # Friday -> Monday
        ("daily", "2026-01-12", 1, "2026-01-13", "2026-01-09"),  # Monday -> Friday before
        ("daily", "2026-01-05", 1.5, "2026-01-07", "2026-01-01"),  # 2 business days
        ("daily", "2026-01-05", 5, "2026-01-12", "2025-12-29"),
        ("weekly", "2026-01-01", 1, "2026-01-08", "2025-12-25"),
        ("weekly", "2026-01-01", 1.5, "2026-01-12", "2025-12-21"),  # 10.5 -> 11 days
        ("monthly", "2026-01-31", 1, "2026-02-28", "2025-12-31"),
        ("monthly", "2026-03-01", 1.5, "2026-04-17", "2026-01-16"),  # 1 month + 16 days
        ("quarterly", "2026-01-01", 1, "2026-04-01", "2025-10-01"),
        ("semi-annual", "2026-01-01", 1, "2026-07-01", "2025-07-01"),
        ("annual", "2024-02-29", 1, "2025-02-28", "2023-02-28"),
        ("quarterly", "2026-01-01", 0, "2026-01-01", "2026-01-01"),
    ],
)
def test_intervals_after_and_before_a_date(
    frequency: at.Recurring, date: str, intervals: float, later: str, earlier: str
) -> None:
    assert at.after(frequency, D(date), intervals) == D(later)
    assert at.before(frequency, D(date), intervals) == D(earlier)


def test_a_negative_number_of_intervals_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        at.after("weekly", D("2026-01-01"), -1)


def _labels(frequency: at.Windowed, start: str, end: str, today: str) -> list[str]:
    return [w.label for w in at.evidence_windows(frequency, D(start), D(end), D(today))]


def test_evidence_windows_are_calendar_windows_wholly_inside_the_period() -> None:
    assert _labels("monthly", "2026-01-01", "2026-06-30", "2026-07-01") == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    # A window on its last day has not ended: the control may still run that day.
    assert _labels("monthly", "2026-01-01", "2026-06-30", "2026-06-30")[-1] == "2026-05"
    assert _labels("monthly", "2026-01-15", "2026-04-20", "2027-01-01") == [
        "2026-02",
        "2026-03",
    ]
    assert _labels("quarterly", "2026-02-15", "2026-12-31", "2027-01-01") == [
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert _labels("semi-annual", "2025-07-01", "2026-12-31", "2027-01-01") == [
        "2025-H2",
        "2026-H1",
        "2026-H2",
    ]
    assert _labels("annual", "2026-01-01", "2026-12-31", "2027-01-01") == ["2026"]
    assert _labels("annual", "2026-01-02", "2026-12-31", "2027-01-01") == []
    assert _labels("monthly", "2026-01-01", "2026-06-30", "2026-01-15") == []


def test_an_evidence_window_knows_its_days() -> None:
    [q1] = at.evidence_windows("quarterly", D("2026-01-01"), D("2026-03-31"), D("2026-04-01"))
    assert (q1.start, q1.end) == (D("2026-01-01"), D("2026-03-31"))
    assert q1.holds(D("2026-03-31")) and not q1.holds(D("2026-04-01"))


def _person(**dates: object) -> Person:
    return Person(id="ben", name="Ben", **dates)  # type: ignore[arg-type]


def test_left_is_the_last_working_day_and_joined_the_first() -> None:
    person = _person(joined=D("2025-02-01"), left=D("2026-03-13"))
    assert not at.is_active(person, D("2025-01-31"))
    assert at.inactive_reason(person, D("2025-01-31")) == "joins on 2025-02-01"
    assert at.is_active(person, D("2025-02-01"))
    assert at.is_active(person, D("2026-03-13"))
    assert at.inactive_reason(person, D("2026-03-14")) == "left on 2026-03-13"
    assert at.is_active(_person(), D("1999-01-01"))
    gone = _person(active=False, joined=D("2025-02-01"))
    assert at.inactive_reason(gone, D("2025-06-01")) == "is marked inactive"


def _test(method: object) -> ControlTest:
    return ControlTest(
        id="T-1",
        method=method,  # type: ignore[arg-type]
        procedure="Inspected.",
        performed_on=D("2026-03-01"),
        performed_by="tom",
        result="pass",
    )


def test_methods_reads_one_method_or_a_list() -> None:
    assert at.methods(_test("inspection")) == ("inspection",)
    assert at.methods(_test(["inquiry", "inspection"])) == ("inquiry", "inspection")
    assert at.methods_text(_test(["inquiry", "inspection"])) == "inquiry, inspection"


def test_configured_sampling_merges_over_the_built_in_table() -> None:
    assert configured_policy({}) is DEFAULT_POLICY
    policy = configured_policy({"daily": 15, "monthly": 3})
    assert policy.minimums["daily"] == 15
    assert policy.minimums["monthly"] == 3
    assert policy.minimums["weekly"] == DEFAULT_POLICY.minimums["weekly"]
    assert DEFAULT_POLICY.minimums["daily"] == 20


def _type2() -> Report:
    period = Period(start=D("2026-01-01"), end=D("2026-06-30"))
    return Report(id="soc2-2026", framework="soc2", type=2, period=period)


def test_the_window_of_a_type2_report_ends_fieldwork_days_after_the_period() -> None:
    win = window(_type2())
    assert win is not None
    assert win.last_day == D("2026-09-28")  # 90 days by default
    within = window(_type2(), 0)
    assert within is not None and within.last_day == D("2026-06-30")
    late = _test("inspection")
    late.performed_on = D("2026-09-29")
    assert win.after_fieldwork(late)
    assert not win.counts(late, D("2027-01-01"))
    late.performed_on = D("2026-09-28")
    assert not win.after_fieldwork(late)
    assert win.counts(late, D("2027-01-01"))


def test_a_window_judges_covers_against_the_period() -> None:
    win = window(_type2())
    assert win is not None
    test = _test("inspection")
    assert not win.covers_outside(test)  # no covers: not outside
    test.covers = Covers(start=D("2025-07-01"), end=D("2025-12-31"))
    assert win.covers_outside(test) and not win.counts(test, D("2026-11-20"))
    test.covers = Covers(start=D("2025-07-01"), end=D("2026-01-01"))
    assert not win.covers_outside(test) and win.counts(test, D("2026-11-20"))
    test.covers = Covers(start=D("2026-07-01"), end=D("2026-07-31"))
    assert win.covers_outside(test)


def test_a_type1_window_has_no_fieldwork_end_and_ignores_covers() -> None:
    report = Report(id="t1", framework="soc2", type=1, as_of=D("2026-06-30"))
    win = window(report, 0)
    assert win is not None and win.last_day is None
    test = _test("inspection")
    test.performed_on = D("2026-08-01")
    test.covers = Covers(start=D("2020-01-01"), end=D("2020-12-31"))
    assert not win.after_fieldwork(test) and not win.covers_outside(test)
    assert win.counts(test, D("2026-11-20"))
