"""stale-evidence and evidence-gap (issue 15): evidence dates (``as_of``) against the
evaluation date and against a Type 2 period's months, quarters, halves and years, through
the CLI's JSON output and as a real process.

Runs select the rules they are about, so that another rule's finding (or a rule added
later) cannot hide or fake one of theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run, dedent, run_cli, run_subprocess

Make = Callable[..., Path]
FILE = "controls/access.yaml"

REPORT_2026 = """\
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-01-01, end: 2026-12-31}
    categories: [security]
"""


def system(reports: str = REPORT_2026) -> str:
    return (
        "name: Demo SaaS\n"
        "reports:\n"
        + reports
        + dedent(
            """
            control_objectives:
              - {id: CO-1, title: Payroll changes are authorized}
            people:
              - {id: alice, name: Alice Owner}
              - {id: tom, name: Tom Tester}
            """
        )
    )


def control_text(
    *as_of: str | None,
    frequency: str | None = "quarterly",
    criteria: str = "[CC6.1]",
    objectives: str = "[CO-1]",
) -> str:
    lines = [
        "controls:",
        "  - id: AC-01",
        "    title: Access review",
        "    description: Access to production is reviewed every quarter.",
        "    owner: alice",
        f"    criteria: {criteria}",
        f"    objectives: {objectives}",
    ]
    if frequency is not None:
        lines.append(f"    frequency: {frequency}")
    lines.append("    evidence:")
    for index, date in enumerate(as_of):
        lines.append(f"      - url: https://tickets.example.com/ACC-{index}")
        if date is not None:
            lines.append(f"        as_of: {date}")
    return "\n".join(lines) + "\n"


def at(text: str, needle: str) -> tuple[int, int]:
    """(line, column) where the only occurrence of ``needle`` starts."""
    assert text.count(needle) == 1, needle
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def as_of_at(text: str, date: str) -> tuple[int, int]:
    line, column = at(text, f"as_of: {date}")
    return line, column + len("as_of: ")


def run(
    program: Make, text: str, *rules: str, today: str = TODAY, reports: str = REPORT_2026
) -> Run:
    root = program(controls={"access.yaml": text}, system=system(reports))
    return run_cli(
        "validate", root, "--format", "json", "--today", today, "--select", ",".join(rules)
    )


# ------------------------------------------------------------------------ stale-evidence


@pytest.mark.parametrize(
    ("frequency", "oldest_fresh", "stale"),
    [
        ("daily", "2026-11-18", "2026-11-17"),  # 1.5 business days before Friday 2026-11-20
        ("weekly", "2026-11-09", "2026-11-08"),
        ("monthly", "2026-10-04", "2026-10-03"),
        ("quarterly", "2026-07-05", "2026-07-04"),
        ("semi-annual", "2026-02-17", "2026-02-16"),
        ("annual", "2025-05-21", "2025-05-20"),
    ],
)
def test_stale_at_one_and_a_half_intervals(
    program: Make, frequency: str, oldest_fresh: str, stale: str
) -> None:
    fresh = control_text("2024-01-31", oldest_fresh, frequency=frequency)
    assert run(program, fresh, "stale-evidence").findings == []
    old = control_text(stale, "2024-01-31", frequency=frequency)
    found = run(program, old, "stale-evidence")
    assert found.where("stale-evidence") == [(FILE, *as_of_at(old, stale), "AC-01")]
    [finding] = found.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        f"the newest evidence of {frequency} control 'AC-01' is dated {stale}, more than one "
        f"and a half intervals before today (2026-11-20; evidence from {oldest_fresh} or later "
        "shows it still runs); add recent evidence, or correct the control's frequency"
    )


@pytest.mark.parametrize("frequency", ["continuous", "multiple-daily", "as-needed", None])
def test_controls_without_an_interval_are_not_judged(program: Make, frequency: str | None) -> None:
    text = control_text("2020-01-31", "2021-01-31", frequency=frequency)
    assert run(program, text, "stale-evidence", "evidence-gap").findings == []


@pytest.mark.parametrize("frequency", ["continuous", "multiple-daily", "as-needed", None])
def test_evidence_dated_after_today_is_reported_whatever_the_frequency(
    program: Make, frequency: str | None
) -> None:
    """Staleness needs an interval; a date still to come is wrong without one."""
    text = control_text("2020-01-31", "2030-01-31", frequency=frequency)
    found = run(program, text, "stale-evidence", "evidence-gap")
    assert found.where("stale-evidence") == [(FILE, *as_of_at(text, "2030-01-31"), "AC-01")]


def test_evidence_without_as_of_is_not_judged_and_not_the_newest(program: Make) -> None:
    """An old program's evidence (no as_of) gets no finding; beside a dated item, it does
    not make the dated one look recent."""
    assert run(program, control_text(None, None), "stale-evidence", "evidence-gap").findings == []
    mixed = control_text(None, "2026-03-31")
    found = run(program, mixed, "stale-evidence")
    assert found.where("stale-evidence") == [(FILE, *as_of_at(mixed, "2026-03-31"), "AC-01")]


def test_evidence_dated_after_today_is_reported_once(program: Make) -> None:
    """At that date; future-date judges tests only, and staleness waits until the date is
    corrected (it is most likely a typo for a recent one)."""
    text = control_text("2026-03-31", "2026-12-01")
    found = run(program, text, "stale-evidence", "future-date")
    assert found.where("stale-evidence") == [(FILE, *as_of_at(text, "2026-12-01"), "AC-01")]
    assert found.rules() == ["stale-evidence"]
    assert found.findings[0]["message"] == (
        "evidence of control 'AC-01' is dated 2026-12-01, after today (2026-11-20); record "
        "the date the evidence shows or was taken"
    )
    # Once that day has come, the newest evidence is judged like any other.
    later = run(program, text, "stale-evidence", today="2027-06-01")
    assert later.where("stale-evidence") == [(FILE, *as_of_at(text, "2026-12-01"), "AC-01")]


def test_stale_evidence_as_a_user_runs_it(program: Make) -> None:
    text = control_text("2026-03-31", frequency="monthly")
    root = program(controls={"access.yaml": text}, system=system())
    proc = run_subprocess(
        "validate",
        "--today",
        TODAY,
        "--select",
        "stale-evidence",
        "--fail-on",
        "warning",
        cwd=root,
    )
    line, column = as_of_at(text, "2026-03-31")
    assert proc.exit_code == 1
    assert proc.stdout.startswith(
        f"controls/access.yaml:{line}:{column}: warning stale-evidence the newest evidence of "
        "monthly control 'AC-01' is dated 2026-03-31"
    )


# -------------------------------------------------------------------------- evidence-gap


def test_a_quarter_without_evidence_points_at_the_evidence_key(program: Make) -> None:
    text = control_text("2026-03-31", "2026-09-30")
    found = run(program, text, "evidence-gap")
    assert found.where("evidence-gap") == [(FILE, *at(text, "evidence:"), "AC-01")]
    [finding] = found.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "quarterly control 'AC-01' has no evidence dated in 2026-Q2 of the period of "
        "'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-12-31); add the evidence of each with "
        "'as_of', the date it shows or was taken"
    )


def test_the_message_names_every_empty_window(program: Make) -> None:
    text = control_text("2026-01-31", "2026-04-30", frequency="monthly")
    found = run(program, text, "evidence-gap")
    assert (
        "no evidence dated in 2026-02, 2026-03, 2026-05, 2026-06, 2026-07, 2026-08, "
        in (found.findings[0]["message"])
    )
    assert "2026-09, 2026-10 of the period" in found.findings[0]["message"]


@pytest.mark.parametrize(
    ("today", "named"),
    [
        ("2026-09-30", "2026-Q2"),  # Q3's last day: the control may still run today
        ("2026-10-01", "2026-Q2, 2026-Q3"),
    ],
)
def test_a_window_counts_once_it_has_ended(program: Make, today: str, named: str) -> None:
    text = control_text("2026-03-31")
    found = run(program, text, "evidence-gap", today=today)
    assert f"has no evidence dated in {named} of the period" in found.findings[0]["message"]


PART_YEAR = """\
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-02-15, end: 2026-11-14}
    categories: [security]
"""


def test_quarters_partly_outside_the_period_are_not_expected(program: Make) -> None:
    """Only Q2 and Q3 lie wholly inside 2026-02-15..2026-11-14: evidence from Q1 does not
    fill them, and none is asked of Q1 or Q4."""
    only_q1 = control_text("2026-03-01", "2026-11-10")
    found = run(program, only_q1, "evidence-gap", reports=PART_YEAR)
    assert (
        "no evidence dated in 2026-Q2, 2026-Q3 of the period of 'soc2-2026' (SOC 2 Type 2) "
        "(2026-02-15 to 2026-11-14)" in found.findings[0]["message"]
    )
    inside = control_text("2026-06-30", "2026-07-01")
    assert run(program, inside, "evidence-gap", reports=PART_YEAR).findings == []


@pytest.mark.parametrize("frequency", ["daily", "weekly"])
def test_daily_and_weekly_controls_have_no_windows(program: Make, frequency: str) -> None:
    text = control_text("2026-11-19", frequency=frequency)
    assert run(program, text, "evidence-gap").findings == []


def test_only_type_2_reports_and_controls_in_their_scope_are_judged(program: Make) -> None:
    type1 = REPORT_2026.replace("type: 2", "type: 1").replace(
        "period: {start: 2026-01-01, end: 2026-12-31}", "as_of: 2026-06-30"
    )
    text = control_text("2026-03-31")
    assert run(program, text, "evidence-gap", reports=type1).findings == []
    outside = control_text("2026-03-31", criteria="[A1.1]", objectives="[]")
    assert run(program, outside, "evidence-gap").findings == []


def test_reports_over_one_period_share_a_finding(program: Make) -> None:
    reports = REPORT_2026 + (
        "  - id: soc1-2026\n"
        "    framework: soc1\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-12-31}\n"
    )
    text = control_text("2026-03-31", "2026-09-30")
    found = run(program, text, "evidence-gap", reports=reports)
    [finding] = found.findings
    assert (
        "of the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-12-31) and "
        "'soc1-2026' (SOC 1 Type 2) (2026-01-01 to 2026-12-31);" in finding["message"]
    )
    half_year = reports.replace("end: 2026-12-31}\n", "end: 2026-06-30}\n")
    half_year = half_year.replace("end: 2026-06-30}\n", "end: 2026-12-31}\n", 1)
    found = run(program, control_text("2026-03-31"), "evidence-gap", reports=half_year)
    assert [(f["subject"], f["message"].split(";")[0]) for f in found.findings] == [
        (
            "AC-01",
            "quarterly control 'AC-01' has no evidence dated in 2026-Q2 of the period of "
            "'soc1-2026' (SOC 1 Type 2) (2026-01-01 to 2026-06-30)",
        ),
        (
            "AC-01",
            "quarterly control 'AC-01' has no evidence dated in 2026-Q2, 2026-Q3 of the period "
            "of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-12-31)",
        ),
    ]


def test_evidence_gap_as_a_user_runs_it(program: Make) -> None:
    text = control_text("2026-03-31", "2026-09-30")
    root = program(controls={"access.yaml": text}, system=system())
    proc = run_subprocess(
        "validate", "--today", TODAY, "--select", "evidence-gap", "--format", "json", cwd=root
    )
    assert proc.exit_code == 0
    assert proc.where("evidence-gap") == [(FILE, *at(text, "evidence:"), "AC-01")]


CALENDAR_END = """\
  - id: soc2-9999
    framework: soc2
    type: 2
    period: {start: 9999-01-01, end: 9999-12-31}
    categories: [security]
"""


@pytest.mark.parametrize("frequency", ["daily", "weekly", "monthly", "quarterly", "annual"])
@pytest.mark.parametrize(
    ("today", "as_of"), [("9999-12-31", "9999-01-03"), ("0001-01-10", "0001-01-02")]
)
def test_dates_at_the_ends_of_the_calendar_do_not_crash(
    program: Make, frequency: str, today: str, as_of: str
) -> None:
    """One and a half intervals before 0001-01-10, or the window of December 9999, lie
    beyond what a date can hold: the rules still answer."""
    text = control_text(as_of, frequency=frequency)
    found = run(program, text, "stale-evidence", "evidence-gap", today=today, reports=CALENDAR_END)
    assert found.exit_code == 0, found.stderr
    stale = frequency == "daily" or (today.startswith("9999") and frequency != "annual")
    assert found.where("stale-evidence") == (
        [(FILE, *as_of_at(text, as_of), "AC-01")] if stale else []
    )
    gaps = {"monthly": "9999-02, ", "quarterly": "9999-Q2, 9999-Q3 of"}
    if today.startswith("9999") and frequency in gaps:
        [gap] = [f for f in found.findings if f["rule"] == "evidence-gap"]
        assert gaps[frequency] in gap["message"]
    else:
        assert found.where("evidence-gap") == []
