"""Dates at the ends of the calendar (0001-01-01 and 9999-12-31) in every date a program or
a run holds: every rule and report works them out without raising OverflowError (which the
CLI would turn into an 'internal error'), and the date arithmetic the rules share is exact
up to the last day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from soccheck.checks.audit_trail import occurrences
from soccheck.checks.periods import days_after, months_before, whole_months
from tests.conftest import dedent, run_cli, run_subprocess, write_program

D = dt.date.fromisoformat
FIRST, LAST = dt.date.min, dt.date.max


def system(period: tuple[str, str], as_of: str, joined: str, left: str) -> str:
    return dedent(
        f"""
        name: Calendar ends
        reports:
          - id: t2
            framework: soc2
            type: 2
            period: {{start: {period[0]}, end: {period[1]}}}
            categories: [security]
          - id: t1
            framework: soc2
            type: 1
            as_of: {as_of}
            categories: [security]
        people:
          - {{id: alice, name: Alice Owner}}
          - {{id: tom, name: Tom Tester, joined: {joined}, left: {left}}}
          - {{id: rita, name: Rita Reviewer}}
        teams:
          - {{id: platform, name: Platform, lead: alice, members: [alice]}}
        """
    )


def control(performed_on: str, covers: tuple[str, str], as_of: str, frequency: str) -> str:
    return dedent(
        f"""
        id: AC-01
        title: Access review
        description: The platform lead reviews production access.
        owner: platform
        criteria: [CC6.1]
        frequency: {frequency}
        evidence:
          - {{url: "https://tickets.example/AC-01", as_of: {as_of}}}
        tests:
          - id: T-AC-01
            method: inspection
            procedure: Inspected the review tickets.
            performed_on: {performed_on}
            performed_by: tom
            covers: {{start: {covers[0]}, end: {covers[1]}}}
            population: 3
            sample_size: 2
            exceptions: 1
            result: fail
            reviewed_by: rita
            reviewed_on: {performed_on}
            deviations:
              - item: ACC-1
                description: Not reviewed.
                management_response: Reviewed late.
                remediated_on: {performed_on}
          - id: T-AC-01-R
            method: inspection
            procedure: Retested the review tickets.
            performed_on: {performed_on}
            performed_by: tom
            retest_of: T-AC-01
            result: pass
        """
    )


EDGE = ("0001-01-01", "0001-01-31", "9999-12-01", "9999-12-31")
CASES = [
    # (period, Type 1 as_of, performed_on and other dates, covers, --today, frequency)
    (
        ("2026-01-01", "9999-12-31"),
        "2026-06-30",
        "2026-07-15",
        ("2026-01-01", "2026-06-30"),
        "2026-11-20",
        "monthly",
    ),
    (
        ("9999-04-16", "9999-10-15"),
        "9999-10-15",
        "9999-10-20",
        ("9999-04-16", "9999-10-15"),
        "9999-12-31",
        "quarterly",
    ),
    (
        ("9999-01-01", "9999-12-31"),
        "9999-12-31",
        "9999-12-31",
        ("9999-01-01", "9999-12-31"),
        "9999-12-31",
        "annual",
    ),
    (
        ("0001-01-01", "0001-06-30"),
        "0001-01-01",
        "0001-01-01",
        ("0001-01-01", "0001-01-01"),
        "0001-01-01",
        "daily",
    ),
    (
        ("0001-01-01", "9999-12-31"),
        "0001-03-31",
        "0001-02-01",
        ("0001-01-01", "9999-12-31"),
        "9999-12-31",
        "weekly",
    ),
    (
        ("0001-01-01", "0001-12-31"),
        "9999-12-31",
        "9999-12-31",
        ("0001-01-01", "9999-12-31"),
        "0001-01-01",
        "semi-annual",
    ),
]


@pytest.mark.parametrize(("period", "as_of", "day", "covers", "today", "frequency"), CASES)
def test_every_rule_and_report_handles_the_ends_of_the_calendar(
    tmp_path: Path,
    period: tuple[str, str],
    as_of: str,
    day: str,
    covers: tuple[str, str],
    today: str,
    frequency: str,
) -> None:
    root = write_program(
        tmp_path / "prog",
        controls={"access.yaml": control(day, covers, day, frequency)},
        system=system(period, as_of, EDGE[0], EDGE[-1]),
    )
    config = tmp_path / "prog" / "soccheck.yaml"
    config.write_text("fieldwork_days: 3650\n", encoding="utf-8")
    run = run_cli("validate", root, "--format", "json", "--today", today)
    assert run.exit_code in (0, 1), run.stderr
    assert "internal error" not in run.stderr
    for fmt in ("text", "markdown", "csv", "html"):
        report = run_cli("report", root, "--format", fmt, "--today", today)
        assert report.exit_code == 0, (fmt, report.stderr)


def test_spans_reaching_the_last_day_of_the_calendar_leave_no_gap(tmp_path: Path) -> None:
    """period-not-covered and coverage-gap walk day by day past each span: a span ending on
    9999-12-31 has no day after it, and covers the rest of the period."""
    period, as_of, day, covers, today, frequency = CASES[2]
    root = write_program(
        tmp_path / "prog",
        controls={"access.yaml": control(day, covers, day, frequency)},
        system=system(period, as_of, EDGE[0], EDGE[-1]),
    )
    run = run_cli(
        "validate", root, "--format", "json", "--today", today,
        "--select", "period-not-covered,coverage-gap",
    )  # fmt: skip
    assert "internal error" not in run.stderr
    assert run.exit_code == 0, run.findings


def test_a_period_ending_on_the_last_day_as_a_user_runs_it(tmp_path: Path) -> None:
    """The reviewer's reproduction (a Type 2 period ending 9999-12-31, within
    fieldwork_days of the end of the calendar), in a separate process."""
    period, as_of, day, covers, today, frequency = CASES[0]
    root = write_program(
        tmp_path / "prog",
        controls={"access.yaml": control(day, covers, day, frequency)},
        system=system(period, as_of, "2020-01-01", "2030-01-01"),
    )
    run = run_subprocess("validate", root, "--today", today, "--select", "period-length")
    assert run.exit_code == 0, run.stderr
    assert "internal error" not in run.stderr
    assert "has a period of 95688 months (2026-01-01 to 9999-12-31)" in run.stdout
    report = run_subprocess("report", root, "--today", today)
    assert report.exit_code == 0, report.stderr


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-01-01", "2026-03-31", (3, 0)),
        ("2026-01-15", "2026-04-20", (3, 6)),
        ("2026-01-15", "2026-03-13", (1, 27)),
        ("2026-01-15", "2026-03-14", (2, 0)),
        ("2026-01-31", "2026-02-27", (1, 0)),  # a month from the 31st ends at the month's end
        ("2026-01-31", "2026-02-28", (1, 1)),
        ("2026-03-01", "2026-02-28", (0, 0)),
        ("9999-01-01", "9999-12-31", (12, 0)),
        ("9999-01-02", "9999-12-31", (11, 30)),
        ("9999-12-31", "9999-12-31", (0, 1)),
        ("9999-12-01", "9999-12-31", (1, 0)),
        ("0001-01-01", "9999-12-31", (9999 * 12, 0)),
        ("0001-01-01", "0001-01-01", (0, 1)),
    ],
)
def test_whole_months(start: str, end: str, expected: tuple[int, int]) -> None:
    assert whole_months(D(start), D(end)) == expected


def _naive_whole_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    """The obvious count, month by month, for dates whose day after exists."""
    months = 0
    after = end + dt.timedelta(days=1)
    while True:
        index = start.year * 12 + start.month - 1 + months + 1
        year, month = divmod(index, 12)
        day = start.day
        while True:
            try:
                candidate = dt.date(year, month + 1, day)
                break
            except ValueError:
                day -= 1
        if candidate > after:
            break
        months += 1
        reached = candidate
    if months == 0:
        return 0, (after - start).days
    return months, (after - reached).days


@pytest.mark.parametrize(
    "start", [D("2024-01-31"), D("2024-02-29"), D("2025-03-30"), D("9998-11-30"), D("0001-01-01")]
)
def test_whole_months_agrees_with_counting_month_by_month(start: dt.date) -> None:
    for days in itertools.chain(range(0, 800, 7), range(27, 33), range(58, 63)):
        end = days_after(start, days)
        if end >= D("9999-11-01"):
            continue  # the naive count needs dates past the calendar
        assert whole_months(start, end) == _naive_whole_months(start, end), (start, end)


@pytest.mark.parametrize(
    ("date", "days", "expected"),
    [
        (LAST, 90, LAST),
        (D("9999-12-01"), 90, LAST),
        (D("9999-09-01"), 90, D("9999-11-30")),
        (FIRST, -1, FIRST),
        (D("2026-06-30"), 90, D("2026-09-28")),
    ],
)
def test_days_after_is_clamped_to_the_calendar(date: dt.date, days: int, expected: dt.date) -> None:
    assert days_after(date, days) == expected


@pytest.mark.parametrize(
    ("date", "months", "expected"),
    [
        (D("0001-06-30"), 12, FIRST),
        (D("0002-02-28"), 12, D("0001-02-28")),
        (D("9999-06-30"), -12, LAST),
        (D("2024-02-29"), 12, D("2023-02-28")),
    ],
)
def test_months_before_is_clamped_to_the_calendar(
    date: dt.date, months: int, expected: dt.date
) -> None:
    assert months_before(date, months) == expected


Occurrences = Callable[[str, dt.date, dt.date], int]


@pytest.mark.parametrize(
    ("frequency", "start", "end", "expected"),
    [
        ("monthly", "9999-01-01", "9999-12-31", 12),
        ("annual", "9999-01-01", "9999-12-31", 1),
        ("quarterly", "9999-10-01", "9999-12-31", 1),
        ("monthly", "9999-12-02", "9999-12-31", 0),
        ("weekly", "9999-12-01", "9999-12-31", 4),
    ],
)
def test_occurrences_up_to_the_last_day(
    frequency: str, start: str, end: str, expected: int
) -> None:
    assert occurrences(frequency, D(start), D(end)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "period"),
    [
        (["--today", "9999-07-15"], ("9999-08-01", "9999-12-31")),
        (["--today", "9999-06-15"], ("9999-07-01", "9999-12-31")),
        (["--period-end", "9999-12-31"], ("9999-07-01", "9999-12-31")),
        (["--period-start", "9999-11-30"], ("9999-11-30", "9999-12-31")),
        (["--today", "0001-01-01"], ("0001-02-01", "0001-07-31")),
    ],
)
def test_init_near_the_end_of_the_calendar_writes_a_period_that_fits(
    tmp_path: Path, args: list[str], period: tuple[str, str]
) -> None:
    """The default period (six months from next month) and the one following from a given
    end or start stop at 9999-12-31 instead of failing with a traceback."""
    run = run_cli("init", tmp_path / "prog", "--no-input", "--no-ci", *args)
    assert run.exit_code == 0, run.stderr
    text = (tmp_path / "prog" / "system.yaml").read_text(encoding="utf-8")
    assert f"period:\n      start: {period[0]}\n      end: {period[1]}\n" in text


def test_init_with_no_room_for_a_period_is_a_one_line_error(tmp_path: Path) -> None:
    run = run_subprocess("init", tmp_path / "prog", "--no-input", "--today", "9999-12-15")
    assert run.exit_code == 2
    assert run.stderr.endswith(
        "Error: the period starts and ends on 9999-12-31; it must end after it starts "
        "(no default period fits before the end of the calendar)\n"
    ), run.stderr
    assert "Traceback" not in run.stderr


def test_init_type1_near_the_end_of_the_calendar(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "prog", "--no-input", "--type", "1", "--today", "9999-11-11")
    assert run.exit_code == 0, run.stderr
    assert "as_of: 9999-12-31" in (tmp_path / "prog" / "system.yaml").read_text(encoding="utf-8")


def test_uncovered_days_up_to_the_last_day_of_the_calendar() -> None:
    import datetime as dt

    from soccheck.checks.scope import Span, uncovered

    last = dt.date.max
    whole = Span(dt.date(9999, 1, 1), last)
    assert uncovered(whole, [Span(dt.date(9999, 1, 1), last)]) == []
    assert uncovered(whole, [Span(dt.date(9999, 6, 1), last)]) == [
        Span(dt.date(9999, 1, 1), dt.date(9999, 5, 31))
    ]
    assert uncovered(whole, [Span(dt.date(9999, 1, 1), dt.date(9999, 12, 30))]) == [
        Span(last, last)
    ]
