"""The scope definitions every rule of issue 16 shares (soccheck/checks/scope.py and the
Context methods built on it): which days of a report a control operated, which dates of a
period no control covers, whether a report examines a control, and CSOCs in one shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import soccheck
from soccheck.checks.periods import window
from soccheck.checks.rules.base import Context
from soccheck.checks.scope import (
    Span,
    effective_part,
    is_effective_on,
    operates_during,
    report_span,
    uncovered,
    uncovered_dates,
)
from soccheck.format.records import Control, ControlTest, Covers, Effective, Period, Report
from tests.conftest import SYSTEM, dedent, passing_test_block
from tests.test_format_scope import SCOPE_CONTROLS, SCOPE_SYSTEM

Make = Callable[..., Path]

D = dt.date
TYPE2 = Report(
    id="soc2-2026",
    framework="soc2",
    type=2,
    period=Period(start=D(2026, 1, 1), end=D(2026, 6, 30)),
)
TYPE1 = Report(id="soc1-2026", framework="soc1", type=1, as_of=D(2026, 6, 30))


def _control(start: dt.date | None = None, end: dt.date | None = None, **kwargs: object) -> Control:
    effective = None if start is None and end is None else Effective(from_=start, to=end)
    return Control(
        id=str(kwargs.pop("id", "AC-01")),
        title="t",
        description="d",
        effective=effective,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_span_names_its_days() -> None:
    assert str(Span(D(2026, 1, 1), D(2026, 4, 30))) == "2026-01-01 to 2026-04-30"
    assert str(Span(D(2026, 3, 31), D(2026, 3, 31))) == "2026-03-31"
    assert Span(D(2026, 1, 1), D(2026, 1, 31)).days == 31


@pytest.mark.parametrize(
    ("parts", "gaps"),
    [
        ([], [(D(2026, 1, 1), D(2026, 6, 30))]),
        ([(D(2026, 1, 1), D(2026, 6, 30))], []),
        ([(D(2025, 1, 1), D(2027, 1, 1))], []),
        ([(D(2026, 5, 1), D(2026, 6, 30))], [(D(2026, 1, 1), D(2026, 4, 30))]),
        ([(D(2026, 1, 1), D(2026, 3, 31))], [(D(2026, 4, 1), D(2026, 6, 30))]),
        # Adjacent spans leave no gap; overlapping ones count once; order does not matter.
        ([(D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 1, 1), D(2026, 3, 31))], []),
        ([(D(2026, 1, 1), D(2026, 4, 15)), (D(2026, 3, 1), D(2026, 6, 30))], []),
        (
            [(D(2026, 2, 1), D(2026, 2, 28)), (D(2026, 4, 1), D(2026, 4, 30))],
            [
                (D(2026, 1, 1), D(2026, 1, 31)),
                (D(2026, 3, 1), D(2026, 3, 31)),
                (D(2026, 5, 1), D(2026, 6, 30)),
            ],
        ),
        (
            [(D(2025, 1, 1), D(2025, 12, 31)), (D(2026, 7, 1), D(2026, 12, 31))],
            [(D(2026, 1, 1), D(2026, 6, 30))],
        ),
        ([(D(2026, 6, 30), D(2026, 6, 30))], [(D(2026, 1, 1), D(2026, 6, 29))]),
    ],
)
def test_uncovered_days_of_a_span(
    parts: list[tuple[dt.date, dt.date]], gaps: list[tuple[dt.date, dt.date]]
) -> None:
    period = Span(D(2026, 1, 1), D(2026, 6, 30))
    assert uncovered(period, [Span(*p) for p in parts]) == [Span(*g) for g in gaps]


@pytest.mark.parametrize(
    ("start", "end", "part"),
    [
        (None, None, (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 5, 1), None, (D(2026, 5, 1), D(2026, 6, 30))),
        (None, D(2026, 3, 31), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 2, 1), D(2026, 2, 28), (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2025, 6, 1), D(2027, 1, 1), (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 6, 30), None, (D(2026, 6, 30), D(2026, 6, 30))),
        (None, D(2025, 12, 31), None),
        (D(2026, 7, 1), None, None),
    ],
)
def test_the_effective_part_of_a_type2_period(
    start: dt.date | None, end: dt.date | None, part: tuple[dt.date, dt.date] | None
) -> None:
    control = _control(start, end)
    assert effective_part(control, TYPE2) == (None if part is None else Span(*part))
    assert operates_during(control, TYPE2) is (part is not None)


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        (None, None, True),
        (D(2026, 6, 30), None, True),
        (None, D(2026, 6, 30), True),
        (D(2026, 7, 1), None, False),
        (None, D(2026, 6, 29), False),
    ],
)
def test_a_type1_as_of_date_is_inside_the_effective_span_or_not(
    start: dt.date | None, end: dt.date | None, inside: bool
) -> None:
    control = _control(start, end)
    expected = Span(D(2026, 6, 30), D(2026, 6, 30)) if inside else None
    assert effective_part(control, TYPE1) == expected
    assert operates_during(control, TYPE1) is inside
    assert is_effective_on(control, D(2026, 6, 30)) is inside


def test_a_report_without_valid_dates_cannot_judge_effective() -> None:
    """Such a report has its own finding; its controls are taken to operate, as every control
    did before 'effective' existed."""
    reversed_period = Report(
        id="r",
        framework="soc2",
        type=2,
        period=Period(start=D(2026, 6, 30), end=D(2026, 1, 1)),
    )
    no_date = Report(id="t", framework="soc1", type=1)
    control = _control(D(2027, 1, 1))
    for report in (reversed_period, no_date):
        assert report_span(report) is None
        assert effective_part(control, report) is None
        assert operates_during(control, report) is True
        assert uncovered_dates(report, [control]) == []


def test_uncovered_dates_of_a_type2_period_and_none_for_a_type1() -> None:
    may_on = _control(D(2026, 5, 1), id="AC-NEW")
    to_march = _control(None, D(2026, 3, 31), id="AC-OLD")
    assert uncovered_dates(TYPE2, [may_on]) == [Span(D(2026, 1, 1), D(2026, 4, 30))]
    assert uncovered_dates(TYPE2, [may_on, to_march]) == [Span(D(2026, 4, 1), D(2026, 4, 30))]
    assert uncovered_dates(TYPE2, []) == [Span(D(2026, 1, 1), D(2026, 6, 30))]
    assert uncovered_dates(TYPE2, [_control()]) == []
    assert uncovered_dates(TYPE1, [may_on]) == []


def _test(performed_on: dt.date, covers: tuple[dt.date, dt.date] | None = None) -> ControlTest:
    return ControlTest(
        id="T",
        method="inspection",
        procedure="p",
        performed_on=performed_on,
        performed_by="tom",
        result="pass",
        covers=None if covers is None else Covers(start=covers[0], end=covers[1]),
    )


def test_a_narrowed_window_counts_tests_of_the_effective_part_only() -> None:
    win = window(TYPE2)
    assert win is not None
    today = D(2026, 11, 20)
    narrowed = win.narrowed(D(2026, 5, 1), D(2026, 6, 30))
    assert (narrowed.start, narrowed.part, narrowed.sampled) == (
        D(2026, 5, 1),
        (D(2026, 5, 1), D(2026, 6, 30)),
        (D(2026, 5, 1), D(2026, 6, 30)),
    )
    assert win.counts(_test(D(2026, 3, 2)), today)
    assert not narrowed.counts(_test(D(2026, 3, 2)), today)  # before the control operated
    assert narrowed.counts(_test(D(2026, 5, 20)), today)
    # Fieldwork still runs from the period's end, not from the control's.
    assert narrowed.last_day == win.last_day == D(2026, 9, 28)
    assert narrowed.counts(_test(D(2026, 9, 28)), today)
    # A sample must reach into the effective part.
    assert not narrowed.counts(_test(D(2026, 7, 10), (D(2026, 1, 1), D(2026, 4, 30))), today)
    assert narrowed.counts(_test(D(2026, 7, 10), (D(2026, 4, 1), D(2026, 5, 1))), today)
    # A retired control: tested during the same fieldwork, sampling its months.
    retired = win.narrowed(D(2026, 1, 1), D(2026, 3, 31))
    assert retired.counts(_test(D(2026, 7, 10), (D(2026, 1, 1), D(2026, 3, 31))), today)
    assert not retired.counts(_test(D(2026, 7, 10), (D(2026, 4, 1), D(2026, 6, 30))), today)
    # The whole period is the window itself.
    assert win.narrowed(D(2026, 1, 1), D(2026, 6, 30)) is win


# ----------------------------------------------------------------- Context, on a loaded program

TWO_REPORTS = SYSTEM.replace(
    "people:\n",
    dedent(
        """
          - id: soc1-2026
            framework: soc1
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
        control_objectives:
          - {id: CO-1, title: Payments are authorized}
        people:
        """
    ),
)
"""A SOC 2 and a SOC 1 report over the same Type 2 period."""


def _context(program: Make, controls: str, system: str = TWO_REPORTS) -> Context:
    root = program(controls={"scope.yaml": controls}, system=system, coverage=False)
    return Context(soccheck.load_program(root), D(2026, 11, 20))


def _scope_control(control_id: str, extra: str) -> str:
    return (
        f"  - id: {control_id}\n"
        "    title: Payment approval\n"
        "    description: A second person approves every payment over the limit.\n"
        "    owner: alice\n"
        "    criteria: [CC6.1]\n"
        "    objectives: [CO-1]\n" + extra + passing_test_block(f"T-{control_id}")
    )


def test_in_scope_honours_reports_and_effective(program: Make) -> None:
    assert "  - id: soc1-2026\n    framework: soc1" in TWO_REPORTS
    ctx = _context(
        program,
        "controls:\n"
        + _scope_control("SHARED", "")
        + _scope_control("SOC2-ONLY", "    reports: [soc2-2026]\n")
        + _scope_control("RETIRED", "    effective: {to: 2025-12-31}\n")
        + _scope_control("FROM-MAY", "    effective: {from: 2026-05-01}\n")
        + _scope_control("ELSEWHERE", "    reports: [soc2-2025]\n"),
    )
    soc2, soc1 = ctx.reports["soc2-2026"], ctx.reports["soc1-2026"]
    by_id = {c.id: c for c in ctx.controls}
    assert {c for c in by_id if ctx.in_scope(by_id[c], soc2)} == {"SHARED", "SOC2-ONLY", "FROM-MAY"}
    assert {c for c in by_id if ctx.in_scope(by_id[c], soc1)} == {"SHARED", "FROM-MAY"}
    assert [c.id for c in ctx.covering(soc1, "CO-1")] == ["SHARED", "FROM-MAY"]
    assert [c.id for c in ctx.covering(soc2, "CC6.1")] == ["SHARED", "SOC2-ONLY", "FROM-MAY"]
    assert ctx.covering(soc2, "CO-1") == []  # an objective is not a SOC 2 report's to cover
    assert ctx.effective_part(by_id["FROM-MAY"], soc2) == Span(D(2026, 5, 1), D(2026, 6, 30))
    assert ctx.effective_part(by_id["RETIRED"], soc2) is None
    win = ctx.control_window(by_id["FROM-MAY"], soc2)
    assert win is not None and win.part == (D(2026, 5, 1), D(2026, 6, 30))
    assert ctx.control_window(by_id["SHARED"], soc2) is ctx.window(soc2)
    assert ctx.control_window(by_id["RETIRED"], soc2) is None
    assert ctx.uncovered_dates(soc1, "CO-1") == []


def test_uncovered_dates_through_the_context(program: Make) -> None:
    ctx = _context(
        program,
        "controls:\n"
        + _scope_control("FROM-MAY", "    effective: {from: 2026-05-01}\n")
        + _scope_control("TO-FEB", "    effective: {to: 2026-02-28}\n")
        + _scope_control("SOC2-ONLY", "    reports: [soc2-2026]\n"),
    )
    soc1 = ctx.reports["soc1-2026"]
    assert ctx.uncovered_dates(soc1, "CO-1") == [Span(D(2026, 3, 1), D(2026, 4, 30))]
    assert ctx.uncovered_dates(soc1, "CO-9") == [Span(D(2026, 1, 1), D(2026, 6, 30))]
    assert ctx.uncovered_dates(ctx.reports["soc2-2026"], "CC6.1") == []


def test_systems_organizations_and_csocs_by_context(program: Make) -> None:
    ctx = _context(program, SCOPE_CONTROLS, SCOPE_SYSTEM)
    assert list(ctx.systems) == ["payments", "ledger"]
    assert ctx.systems["payments"].name == "Payments platform"
    assert list(ctx.subservice_organizations) == ["aws", "stripe"]
    items = ctx.csocs
    assert [(i.organization.id, i.index, i.id, i.criteria) for i in items] == [
        ("aws", 0, None, ()),
        ("aws", 1, "CSOC-AWS-1", ("A1.2",)),
        ("aws", 2, "CSOC-AWS-2", ("CC7.1",)),
        ("stripe", 0, None, ()),
    ]
    assert items[0].description == "Physical access to data centres is restricted."
    assert (items[0].record, items[0].objectives) == (None, ())
    assert items[1].record is not None and items[1].record.id == "CSOC-AWS-1"
    # The index places the item in its file, whichever way it is written.
    for item in items:
        path, line, _ = ctx.at(item.organization.source, "csocs", item.index)
        assert path == "system.yaml" and line > 1


def test_csoc_indexes_skip_an_item_the_schema_rejected(program: Make) -> None:
    system = SCOPE_SYSTEM.replace(
        "      - Physical access to data centres is restricted.\n",
        "      - 7\n      - Physical access to data centres is restricted.\n",
    )
    ctx = _context(program, SCOPE_CONTROLS, system)
    aws = [i for i in ctx.csocs if i.organization.id == "aws"]
    assert [(i.index, i.id) for i in aws] == [(1, None), (2, "CSOC-AWS-1"), (3, "CSOC-AWS-2")]
