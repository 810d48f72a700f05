"""sample-period-missing, period-not-covered, test-outside-period, population-implausible,
incomplete-test-record and missing-frequency: the Type 2 audit trail of samples, periods and
test records, through the real CLI's JSON output (``--today`` always given)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from soccheck.checks.rules.registry import RULES
from tests.conftest import SYSTEM, TODAY, dedent, run_cli, run_subprocess

Make = Callable[..., Path]
FILE = "controls/access.yaml"
OUR_RULES = {
    "sample-period-missing": "warning",
    "period-not-covered": "error",
    "test-outside-period": "error",
    "population-implausible": "warning",
    "incomplete-test-record": "error",
    "missing-frequency": "error",
}


def locate(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the only occurrence of ``needle`` in ``text``."""
    assert text.count(needle) == 1, f"{needle!r} must occur exactly once"
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def value_at(text: str, entry: str) -> tuple[int, int]:
    """(line, column) of the value of the only ``key: value`` text ``entry``."""
    line, column = locate(text, entry)
    return line, column + entry.index(": ") + 2


def a_test(
    test_id: str,
    performed_on: str = "2026-07-15",
    covers: tuple[str, str] | None = ("2026-01-01", "2026-06-30"),
    *,
    population: int | str | None = 2,
    sample_size: int | None = 2,
    report: str | None = None,
    kind: str | None = None,
    phase: str | None = None,
) -> str:
    """YAML of one test (indented for a control's 'tests' list); by default a complete Type 2
    operating test of the baseline period."""
    lines = [f"      - id: {test_id}"]
    if kind is not None:
        lines.append(f"        kind: {kind}")
    lines += [
        "        method: inspection",
        "        procedure: Inspected the evidence of the control.",
        f"        performed_on: {performed_on}",
        "        performed_by: tom",
    ]
    if report is not None:
        lines.append(f"        report: {report}")
    if covers is not None:
        lines.append(f"        covers: {{start: {covers[0]}, end: {covers[1]}}}")
    if phase is not None:
        lines.append(f"        phase: {phase}")
    if population is not None:
        lines.append(f"        population: {population}")
    if sample_size is not None:
        lines.append(f"        sample_size: {sample_size}")
    lines.append("        result: pass")
    return "\n".join(lines) + "\n"


def control(
    *tests: str,
    control_id: str = "AC-01",
    frequency: str | None = "quarterly",
    criteria: str = "[CC6.1]",
    objectives: str | None = None,
) -> str:
    """A controls file holding one control with the given tests."""
    lines = [
        "controls:",
        f"  - id: {control_id}",
        "    title: Access review",
        "    description: Access to production is reviewed by the platform lead.",
        "    owner: platform",
        f"    criteria: {criteria}",
    ]
    if objectives is not None:
        lines.append(f"    objectives: {objectives}")
    if frequency is not None:
        lines.append(f"    frequency: {frequency}")
    if tests:
        lines.append("    tests:")
    return "\n".join(lines) + "\n" + "".join(tests)


def system(*reports: str, objectives: bool = False) -> str:
    """The baseline system description with ``reports`` (YAML list items) as its reports."""
    head, _, rest = SYSTEM.partition("reports:\n")
    _, _, people = rest.partition("people:\n")
    extra = "control_objectives:\n  - {id: CO-1, title: Access is authorized}\n"
    return (
        head
        + "reports:\n"
        + "".join(dedent(r) for r in reports)
        + (extra if objectives else "")
        + "people:\n"
        + people
    )


TYPE1 = "  - id: soc2-t1\n    framework: soc2\n    type: 1\n    as_of: 2026-06-30\n"
TYPE1 += "    categories: [security]\n"
"""A SOC 2 Type 1 report as of 2026-06-30, the only report of a program using it."""


def type2(report_id: str, start: str, end: str, framework: str = "soc2") -> str:
    scope = "    categories: [security]\n" if framework == "soc2" else ""
    return (
        f"  - id: {report_id}\n    framework: {framework}\n    type: 2\n"
        f"    period: {{start: {start}, end: {end}}}\n" + scope
    )


def run(make: Make, text: str, *, today: str = TODAY, sys_yaml: str = SYSTEM, **extra: Any) -> Any:
    root = make(controls={"access.yaml": text}, system=sys_yaml, **extra)
    return run_cli("validate", root, "--format", "json", "--today", today)


def messages(result: Any, rule: str) -> list[str]:
    return [str(f["message"]) for f in result.findings if f["rule"] == rule]


# ------------------------------------------------------------------------------ the registry


def test_the_rules_are_registered_with_their_severities() -> None:
    assert {rule_id: RULES[rule_id].severity for rule_id in OUR_RULES} == OUR_RULES
    for rule_id in OUR_RULES:
        rule = RULES[rule_id]
        assert rule.check is not None and rule.summary and rule.rationale


def test_a_complete_record_is_quiet(program: Make) -> None:
    text = control(a_test("T-AC-01", phase="interim"))
    result = run(program, text)
    assert result.findings == []
    assert result.exit_code == 0


# -------------------------------------------------------------------- sample-period-missing


def test_sample_period_missing_points_at_the_test(program: Make) -> None:
    text = control(a_test("T-AC-01", covers=None))
    result = run(program, text)
    assert result.where("sample-period-missing") == [
        (FILE, *locate(text, "id: T-AC-01"), "T-AC-01")
    ]
    assert messages(result, "sample-period-missing") == [
        "test 'T-AC-01' of control 'AC-01' does not say which occurrences its sample was drawn "
        "from; add 'covers: {start: ..., end: ...}' with the first and last day of the span "
        "sampled (within 2026-01-01 to 2026-06-30)"
    ]
    assert [f["severity"] for f in result.findings] == ["warning"]
    assert result.exit_code == 0


def test_sample_period_missing_quiet_with_covers(program: Make) -> None:
    assert "sample-period-missing" not in run(program, control(a_test("T-AC-01"))).rules()


def test_a_rejected_covers_is_the_schema_finding_only(program: Make) -> None:
    text = control(a_test("T-AC-01", covers=("2026-06-30", "2026-01-01")))
    result = run(program, text)
    assert "schema" in result.rules()
    assert "sample-period-missing" not in result.rules()
    assert "period-not-covered" not in result.rules()


@pytest.mark.parametrize(
    ("performed_on", "kind", "why"),
    [
        ("2025-11-03", None, "an earlier period's test"),
        ("2026-12-01", None, "dated after today: future-date's"),
        ("2026-03-02", "design", "a design test does not count for a Type 2 report"),
    ],
)
def test_sample_period_missing_judges_counting_tests_only(
    program: Make, performed_on: str, kind: str | None, why: str
) -> None:
    old = a_test("T-AC-00", performed_on, None, kind=kind)
    text = control(a_test("T-AC-01"), old)
    assert "sample-period-missing" not in run(program, text).rules(), why


def test_sample_period_missing_once_for_several_reports(program: Make) -> None:
    sys_yaml = system(
        type2("soc2-2026", "2026-01-01", "2026-06-30"),
        type2("soc1-2026", "2026-02-01", "2026-06-30", framework="soc1"),
        objectives=True,
    )
    text = control(a_test("T-AC-01", covers=None), objectives="[CO-1]")
    result = run(program, text, sys_yaml=sys_yaml)
    assert result.where("sample-period-missing") == [
        (FILE, *locate(text, "id: T-AC-01"), "T-AC-01")
    ]
    assert (
        "(within 2026-01-01 to 2026-06-30 and 2026-02-01 to 2026-06-30)"
        in (messages(result, "sample-period-missing")[0])
    )


# ----------------------------------------------------------------------- period-not-covered


def test_interim_and_roll_forward_with_a_gap(program: Make) -> None:
    text = control(
        a_test("T-INTERIM", "2026-04-10", ("2026-01-01", "2026-03-31"), phase="interim"),
        a_test("T-ROLL", "2026-07-20", ("2026-06-01", "2026-06-30"), phase="roll-forward"),
        frequency="monthly",
    )
    result = run(program, text)
    assert result.where("period-not-covered") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    assert messages(result, "period-not-covered") == [
        "the tests of control 'AC-01' for 'soc2-2026' (SOC 2 Type 2) leave 2026-04-01 to "
        "2026-05-31 of its period (2026-01-01 to 2026-06-30) uncovered ('covers': 'T-INTERIM' "
        "2026-01-01 to 2026-03-31, 'T-ROLL' 2026-06-01 to 2026-06-30); a monthly control may "
        "leave at most one month uncovered at each end of the period; test a sample drawn "
        "from those dates, or correct 'covers' if the tests did sample them"
    ]
    assert result.exit_code == 1


def test_interim_and_roll_forward_that_meet_are_quiet(program: Make) -> None:
    text = control(
        a_test("T-INTERIM", "2026-04-10", ("2026-01-01", "2026-03-31"), phase="interim"),
        a_test("T-ROLL", "2026-07-20", ("2026-04-01", "2026-06-30"), phase="roll-forward"),
        frequency="monthly",
    )
    assert "period-not-covered" not in run(program, text).rules()


@pytest.mark.parametrize(
    ("start", "end", "gaps"),
    [
        ("2026-02-01", "2026-05-31", None),  # January and June: one month at each end
        ("2026-02-02", "2026-06-30", "2026-01-01 to 2026-02-01"),
        ("2026-01-01", "2026-05-29", "2026-05-30 to 2026-06-30"),
        ("2026-01-01", "2026-05-30", None),
    ],
)
def test_one_interval_is_allowed_at_each_end(
    program: Make, start: str, end: str, gaps: str | None
) -> None:
    text = control(a_test("T-AC-01", covers=(start, end)), frequency="monthly")
    found = messages(run(program, text), "period-not-covered")
    if gaps is None:
        assert found == []
    else:
        [message] = found
        assert f" leave {gaps} of its period" in message


def test_daily_control_weekends_are_no_gap(program: Make) -> None:
    """2026-03-27 is a Friday, 2026-03-30 a Monday."""
    weekend = control(
        a_test("T-1", "2026-04-02", ("2026-01-01", "2026-03-27"), population=60, sample_size=25),
        a_test("T-2", "2026-07-02", ("2026-03-30", "2026-06-30"), population=65, sample_size=25),
        frequency="daily",
    )
    assert "period-not-covered" not in run(program, weekend).rules()
    friday = control(
        a_test("T-1", "2026-04-02", ("2026-01-01", "2026-03-26"), population=60, sample_size=25),
        a_test("T-2", "2026-07-02", ("2026-03-30", "2026-06-30"), population=65, sample_size=25),
        frequency="daily",
    )
    [message] = messages(run(program, friday), "period-not-covered")
    assert " leave 2026-03-27 of its period" in message
    assert "a daily control may leave at most one business day uncovered" in message


def test_daily_control_allowance_at_the_ends_skips_weekends(program: Make) -> None:
    """The period 2026-01-03 (a Saturday) to 2026-06-28 (a Sunday): the first business day
    is Monday 2026-01-05, the last Friday 2026-06-26; one of each may go unsampled."""
    sys_yaml = system(type2("soc2-2026", "2026-01-03", "2026-06-28"))
    quiet = control(
        a_test("T-1", "2026-07-02", ("2026-01-06", "2026-06-25"), population=120, sample_size=25),
        frequency="daily",
    )
    assert "period-not-covered" not in run(program, quiet, sys_yaml=sys_yaml).rules()
    loud = control(
        a_test("T-1", "2026-07-02", ("2026-01-07", "2026-06-24"), population=120, sample_size=25),
        frequency="daily",
    )
    [message] = messages(run(program, loud, sys_yaml=sys_yaml), "period-not-covered")
    assert " leave 2026-01-05 to 2026-01-06 and 2026-06-25 to 2026-06-26 of its period" in message


def test_period_of_one_month(program: Make) -> None:
    sys_yaml = system(type2("soc2-2026", "2026-02-01", "2026-02-28"))
    monthly = control(
        a_test("T-1", "2026-03-05", ("2026-02-10", "2026-02-28")), frequency="monthly"
    )
    assert "period-not-covered" not in run(program, monthly, sys_yaml=sys_yaml).rules()
    weekly = control(
        a_test("T-1", "2026-03-05", ("2026-02-10", "2026-02-28"), population=3),
        frequency="weekly",
    )
    [message] = messages(run(program, weekly, sys_yaml=sys_yaml), "period-not-covered")
    assert " leave 2026-02-01 to 2026-02-09 of its period (2026-02-01 to 2026-02-28)" in message


def test_leap_day_between_two_spans_is_a_gap(program: Make) -> None:
    sys_yaml = system(type2("soc2-2028", "2028-01-01", "2028-06-30"))
    gap = control(
        a_test("T-1", "2028-03-10", ("2028-01-01", "2028-02-28"), population=1, sample_size=1),
        a_test("T-2", "2028-07-10", ("2028-03-01", "2028-06-30"), population=2, sample_size=2),
    )
    result = run(program, gap, today="2028-11-20", sys_yaml=sys_yaml)
    [message] = messages(result, "period-not-covered")
    assert " leave 2028-02-29 of its period (2028-01-01 to 2028-06-30)" in message
    closed = gap.replace("end: 2028-02-28", "end: 2028-02-29")
    result = run(program, closed, today="2028-11-20", sys_yaml=sys_yaml)
    assert "period-not-covered" not in result.rules()


def test_the_end_of_a_running_period_is_not_judged_yet(program: Make) -> None:
    """An interim test during the period: the roll-forward comes after the period ends."""
    interim = control(
        a_test("T-1", "2026-04-10", ("2026-01-01", "2026-03-31"), phase="interim"),
        frequency="monthly",
    )
    assert "period-not-covered" not in run(program, interim, today="2026-06-30").rules()
    [message] = messages(run(program, interim, today="2026-07-01"), "period-not-covered")
    assert " leave 2026-04-01 to 2026-06-30 of its period" in message


def test_a_gap_in_a_running_period_is_judged(program: Make) -> None:
    text = control(
        a_test("T-1", "2026-03-10", ("2026-01-01", "2026-01-31")),
        a_test("T-2", "2026-05-10", ("2026-04-01", "2026-04-30")),
        frequency="monthly",
    )
    [message] = messages(run(program, text, today="2026-05-20"), "period-not-covered")
    assert " leave 2026-02-01 to 2026-03-31 of its period" in message


def test_only_counting_tests_with_covers_are_considered(program: Make) -> None:
    # Without covers the control is not judged at all: its sample's span is unknown.
    none = control(a_test("T-1", covers=None))
    assert "period-not-covered" not in run(program, none).rules()
    # A test without covers beside one with covers adds nothing to the spans.
    mixed = control(
        a_test("T-1", "2026-04-10", ("2026-01-01", "2026-03-31")),
        a_test("T-2", covers=None),
        frequency="monthly",
    )
    [message] = messages(run(program, mixed), "period-not-covered")
    assert "'covers': 'T-1' 2026-01-01 to 2026-03-31)" in message


def test_a_test_outside_the_period_adds_no_finding_of_its_own(program: Make) -> None:
    """Its own span lies outside the period: test-outside-period says so, and neither it nor
    the period it should have sampled makes period-not-covered fire."""
    text = control(a_test("T-1", "2026-03-02", ("2025-07-01", "2025-12-31")))
    result = run(program, text)
    assert result.where("test-outside-period") == [
        (FILE, *locate(text, "covers: {start: 2025"), "T-1")
    ]
    assert "period-not-covered" not in result.rules()
    # A late test beside one that counts: the late test's span does not count either.
    late = control(
        a_test("T-1", "2026-04-10", ("2026-01-01", "2026-03-31")),
        a_test("T-2", "2026-11-02", ("2026-04-01", "2026-06-30")),
        frequency="monthly",
    )
    result = run(program, late)
    assert [f[3] for f in result.where("test-outside-period")] == ["T-2"]
    [message] = messages(result, "period-not-covered")
    assert " leave 2026-04-01 to 2026-06-30 of its period" in message


def test_control_without_fixed_interval_gets_no_allowance(program: Make) -> None:
    text = control(
        a_test("T-1", covers=("2026-01-01", "2026-06-29"), population=30, sample_size=25),
        frequency="as-needed",
    )
    [message] = messages(run(program, text), "period-not-covered")
    assert " leave 2026-06-30 of its period" in message
    assert "an as-needed control has no fixed interval" in message


@pytest.mark.parametrize(
    ("frequency", "rule"), [(None, "missing-frequency"), ("sometimes", "schema")]
)
def test_without_a_frequency_the_frequency_finding_comes_first(
    program: Make, frequency: str | None, rule: str
) -> None:
    """No allowance is known, so the spans are not judged: one mistake, one finding."""
    text = control(a_test("T-1", covers=("2026-01-01", "2026-03-31")), frequency=frequency)
    result = run(program, text)
    assert rule in result.rules()
    assert "period-not-covered" not in result.rules()
    monthly = text.replace(
        "    criteria: [CC6.1]\n", "    criteria: [CC6.1]\n    frequency: monthly\n"
    )
    if frequency is None:
        assert "period-not-covered" in run(program, monthly).rules()


def test_period_not_covered_once_per_report(program: Make) -> None:
    sys_yaml = system(
        type2("soc2-h1", "2026-01-01", "2026-06-30"),
        type2("soc2-q2q3", "2026-04-01", "2026-09-30"),
    )
    text = control(
        a_test("T-1", "2026-04-10", ("2026-01-01", "2026-03-31")),
        a_test("T-2", "2026-10-05", ("2026-07-01", "2026-09-30")),
        frequency="monthly",
    )
    result = run(program, text, sys_yaml=sys_yaml)
    where = (FILE, *locate(text, "id: AC-01"), "AC-01")
    assert result.where("period-not-covered") == [where, where]
    found = messages(result, "period-not-covered")
    assert any("for 'soc2-h1' (SOC 2 Type 2) leave 2026-04-01 to 2026-06-30" in m for m in found)
    assert any("for 'soc2-q2q3' (SOC 2 Type 2) leave 2026-04-01 to 2026-06-30" in m for m in found)
    # Each test counts for the report whose period it sampled, so neither is outside a period.
    assert "test-outside-period" not in result.rules()


# ---------------------------------------------------------------------- test-outside-period


def test_covers_outside_the_period_points_at_covers(program: Make) -> None:
    text = control(a_test("T-1", "2026-03-02", ("2025-07-01", "2025-12-31")))
    result = run(program, text)
    assert result.where("test-outside-period") == [(FILE, *locate(text, "covers:"), "T-1")]
    assert messages(result, "test-outside-period") == [
        "test 'T-1' of control 'AC-01' sampled 2025-07-01 to 2025-12-31 ('covers'), wholly "
        "outside the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-06-30), so it "
        "does not count for that report; correct 'covers' if the test did sample the period; "
        "if the test belongs to another period, name that report in 'report'"
    ]
    assert result.exit_code == 1


def test_performed_after_fieldwork_points_at_the_date(program: Make) -> None:
    text = control(a_test("T-1", "2026-09-29", covers=None, population=None, sample_size=None))
    result = run(program, text)
    assert result.where("test-outside-period") == [
        (FILE, *value_at(text, "performed_on: 2026-09-29"), "T-1")
    ]
    assert messages(result, "test-outside-period") == [
        "test 'T-1' of control 'AC-01' was performed on 2026-09-29, more than 90 days "
        "(fieldwork_days) after the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to "
        "2026-06-30) ended, so it does not count for that report; a test for that report "
        "must be performed by 2026-09-28; if the test belongs to another period, name that "
        "report in 'report'"
    ]
    # It counts for nothing, so the audit-trail rules of counting tests leave it alone, and
    # untested-control says the control has no test that counts.
    assert sorted(set(result.rules())) == ["test-outside-period", "untested-control"]
    on_time = control(a_test("T-1", "2026-09-28"))
    assert "test-outside-period" not in run(program, on_time).rules()


def test_both_reasons_in_one_finding_at_covers(program: Make) -> None:
    text = control(a_test("T-1", "2026-11-02", ("2026-07-01", "2026-09-30")))
    result = run(program, text)
    assert result.where("test-outside-period") == [(FILE, *locate(text, "covers:"), "T-1")]
    [message] = messages(result, "test-outside-period")
    assert (
        "sampled 2026-07-01 to 2026-09-30 ('covers'), wholly outside the period of 'soc2-2026' "
        "(SOC 2 Type 2) (2026-01-01 to 2026-06-30) and was performed on 2026-11-02, more than "
        "90 days (fieldwork_days) after that period ended" in message
    )


def test_fieldwork_days_from_the_configuration(program: Make) -> None:
    text = control(a_test("T-1", "2026-11-02"))
    assert "test-outside-period" in run(program, text).rules()
    longer = {"soccheck.yaml": "fieldwork_days: 180\n"}
    assert "test-outside-period" not in run(program, text, extra=longer).rules()


@pytest.mark.parametrize(
    ("performed_on", "covers"),
    [
        ("2025-11-03", ("2025-01-01", "2025-06-30")),  # last year's test, kept for the record
        ("2026-12-01", ("2026-07-01", "2026-09-30")),  # in the future: future-date's
    ],
)
def test_tests_of_other_times_are_not_judged(
    program: Make, performed_on: str, covers: tuple[str, str]
) -> None:
    text = control(a_test("T-NOW"), a_test("T-OTHER", performed_on, covers))
    assert "test-outside-period" not in run(program, text).rules()


def test_a_test_for_every_report_that_counts_for_one_is_that_reports(program: Make) -> None:
    """Last year's roll-forward, performed in this period and naming no report, counts for
    last year's report: it is not outside this year's."""
    sys_yaml = system(
        type2("soc2-2025", "2025-07-01", "2025-12-31"),
        type2("soc2-2026", "2026-01-01", "2026-06-30"),
    )
    text = control(
        a_test("T-2025", "2026-02-10", ("2025-07-01", "2025-12-31")),
        a_test("T-2026", "2026-07-15", ("2026-01-01", "2026-06-30")),
    )
    result = run(program, text, sys_yaml=sys_yaml)
    assert "test-outside-period" not in result.rules()
    # Naming this year's report, the same test is outside its period.
    named = text.replace(
        "        performed_on: 2026-02-10\n",
        "        performed_on: 2026-02-10\n        report: soc2-2026\n",
    )
    result = run(program, named, sys_yaml=sys_yaml)
    assert [f[3] for f in result.where("test-outside-period")] == ["T-2025"]
    [message] = messages(result, "test-outside-period")
    assert "wholly outside the period of 'soc2-2026' (SOC 2 Type 2)" in message


def test_one_finding_per_report_the_test_is_meant_for(program: Make) -> None:
    sys_yaml = system(
        type2("soc2-2026", "2026-01-01", "2026-06-30"),
        type2("soc1-2026", "2026-01-01", "2026-03-31", framework="soc1"),
        objectives=True,
    )
    text = control(a_test("T-1", "2026-08-03", covers=None), objectives="[CO-1]")
    result = run(program, text, sys_yaml=sys_yaml)
    # Late for the SOC 1 period (fieldwork ended 2026-06-29), on time for the SOC 2 one: the
    # test counts for soc2-2026, so it is that report's test.
    assert "test-outside-period" not in result.rules()
    later = control(a_test("T-1", "2026-11-03", covers=None), objectives="[CO-1]")
    result = run(program, later, sys_yaml=sys_yaml)
    where = (FILE, *value_at(later, "performed_on: 2026-11-03"), "T-1")
    assert result.where("test-outside-period") == [where, where]
    found = messages(result, "test-outside-period")
    assert any(
        "the period of 'soc1-2026' (SOC 1 Type 2) (2026-01-01 to 2026-03-31)" in m for m in found
    )
    assert any(
        "the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-06-30)" in m for m in found
    )


def test_type1_reports_have_no_period_to_be_outside(program: Make) -> None:
    sys_yaml = system(TYPE1)
    text = control(a_test("T-1", "2026-03-02", ("2025-01-01", "2025-06-30")))
    result = run(program, text, sys_yaml=sys_yaml)
    assert not set(result.rules()) & set(OUR_RULES)


def test_test_outside_period_as_a_user_runs_it(program: Make) -> None:
    text = control(a_test("T-1", "2026-03-02", ("2025-07-01", "2025-12-31")))
    root = program(controls={"access.yaml": text})
    result = run_subprocess("validate", "--today", TODAY, cwd=root)
    assert result.exit_code == 1
    line, column = locate(text, "covers:")
    assert (
        f"controls/access.yaml:{line}:{column}: error test-outside-period test 'T-1' of "
        "control 'AC-01' sampled 2025-07-01 to 2025-12-31 ('covers'), wholly outside the "
        "period of 'soc2-2026' (SOC 2 Type 2)"
    ) in result.stdout


# -------------------------------------------------------------------- population-implausible


def test_weekly_population_of_three_over_six_months(program: Make) -> None:
    text = control(a_test("T-1", population=3, sample_size=3), frequency="weekly")
    result = run(program, text)
    assert result.where("population-implausible") == [
        (FILE, *value_at(text, "population: 3"), "T-1")
    ]
    assert messages(result, "population-implausible") == [
        "test 'T-1' of control 'AC-01' records a population of 3, but a weekly control runs 25 "
        "times over the span it sampled ('covers': 2026-01-01 to 2026-06-30); fewer than half "
        "of that means the population listing is incomplete or the control did not operate as "
        "often as described; check the population and record where it came from in "
        "'population_source', or correct the control's 'frequency' or the test's 'covers'"
    ]
    # A population this small explains the small sample: insufficient-sample stays quiet.
    assert "insufficient-sample" not in result.rules()
    assert result.exit_code == 0


@pytest.mark.parametrize(("population", "fires"), [(12, True), (13, False)])
def test_half_the_occurrences_is_plausible(program: Make, population: int, fires: bool) -> None:
    text = control(a_test("T-1", population=population, sample_size=5), frequency="weekly")
    assert ("population-implausible" in run(program, text).rules()) is fires


def test_without_covers_the_period_up_to_the_test(program: Make) -> None:
    """2026-01-01 to 2026-04-02 holds 13 whole weeks."""
    text = control(
        a_test("T-1", "2026-04-02", covers=None, population=6, sample_size=5), frequency="weekly"
    )
    [message] = messages(run(program, text), "population-implausible")
    assert (
        "a weekly control runs 13 times over the period of 'soc2-2026' (SOC 2 Type 2) up to "
        "the test (2026-01-01 to 2026-04-02)" in message
    )
    plausible = text.replace("population: 6", "population: 7")
    assert "population-implausible" not in run(program, plausible).rules()
    after = control(
        a_test("T-1", "2026-07-15", covers=None, population=12, sample_size=5), frequency="weekly"
    )
    [message] = messages(run(program, after), "population-implausible")
    assert "over the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-06-30)" in message


def test_daily_control_counts_business_days(program: Make) -> None:
    """2026-01-05 (a Monday) to 2026-01-30 (a Friday): 20 business days in 26 days."""
    text = control(
        a_test("T-1", covers=("2026-01-05", "2026-01-30"), population=10, sample_size=10),
        a_test("T-2", covers=("2026-01-31", "2026-06-30"), population=100, sample_size=25),
        frequency="daily",
    )
    assert "population-implausible" not in run(program, text).rules()
    fewer = text.replace("population: 10", "population: 9").replace(
        "sample_size: 10", "sample_size: 9"
    )
    [message] = messages(run(program, fewer), "population-implausible")
    assert "a daily control runs 20 business days over the span it sampled" in message


def test_leap_february_has_one_more_business_day(program: Make) -> None:
    """February 2028 (a leap year) holds 21 business days, February 2027 holds 20."""
    for year, population, fires in (("2028", 10, True), ("2028", 11, False), ("2027", 10, False)):
        sys_yaml = system(type2(f"soc2-{year}", f"{year}-01-01", f"{year}-06-30"))
        end = "2028-02-29" if year == "2028" else "2027-02-28"
        text = control(
            a_test(
                "T-1",
                f"{year}-07-10",
                (f"{year}-02-01", end),
                population=population,
                sample_size=population,
            ),
            a_test(
                "T-2",
                f"{year}-07-10",
                (f"{year}-01-01", f"{year}-06-30"),
                population=120,
                sample_size=25,
            ),
            frequency="daily",
        )
        result = run(program, text, today=f"{year}-11-20", sys_yaml=sys_yaml)
        assert ("population-implausible" in result.rules()) is fires, (year, population)


@pytest.mark.parametrize("frequency", ["as-needed", "continuous", "multiple-daily", None])
def test_controls_without_fixed_interval_are_not_judged(
    program: Make, frequency: str | None
) -> None:
    text = control(a_test("T-1", population=1, sample_size=1), frequency=frequency)
    assert "population-implausible" not in run(program, text).rules()


def test_a_sample_larger_than_its_population_is_insufficient_sample_only(program: Make) -> None:
    text = control(a_test("T-1", population=2, sample_size=5), frequency="weekly")
    result = run(program, text)
    assert "insufficient-sample" in result.rules()
    assert "population-implausible" not in result.rules()


def test_population_implausible_per_report_without_covers(program: Make) -> None:
    sys_yaml = system(
        type2("soc2-2026", "2026-01-01", "2026-06-30"),
        type2("soc1-2026", "2026-01-01", "2026-06-30", framework="soc1"),
        objectives=True,
    )
    text = control(
        a_test("T-1", covers=None, population=3, sample_size=3),
        frequency="weekly",
        objectives="[CO-1]",
    )
    result = run(program, text, sys_yaml=sys_yaml)
    where = (FILE, *value_at(text, "population: 3"), "T-1")
    assert result.where("population-implausible") == [where, where]
    with_covers = control(
        a_test("T-1", population=3, sample_size=3), frequency="weekly", objectives="[CO-1]"
    )
    result = run(program, with_covers, sys_yaml=sys_yaml)
    assert result.where("population-implausible") == [
        (FILE, *value_at(with_covers, "population: 3"), "T-1")
    ]


# -------------------------------------------------------------------- incomplete-test-record


def test_missing_population_and_sample_size(program: Make) -> None:
    text = control(a_test("T-1", population=None, sample_size=None))
    result = run(program, text)
    assert result.where("incomplete-test-record") == [(FILE, *locate(text, "id: T-1"), "T-1")]
    assert messages(result, "incomplete-test-record") == [
        "test 'T-1' of control 'AC-01' counts for a Type 2 report but does not record "
        "'population' (how many times the control operated in the span sampled) and "
        "'sample_size' (how many of those occurrences were examined); without both an auditor "
        "cannot judge the sample, so add them"
    ]
    assert result.exit_code == 1


def test_missing_sample_size_is_not_also_an_insufficient_sample(program: Make) -> None:
    text = control(a_test("T-1", population=100, sample_size=None), frequency="daily")
    result = run(program, text)
    [message] = messages(result, "incomplete-test-record")
    assert "does not record 'sample_size' (how many" in message and "add it" in message
    assert "insufficient-sample" not in result.rules()
    assert "population-implausible" not in result.rules()


def test_missing_population_alone(program: Make) -> None:
    text = control(a_test("T-1", population=None))
    [message] = messages(run(program, text), "incomplete-test-record")
    assert "does not record 'population' (how many times" in message


def test_a_rejected_population_is_the_schema_finding_only(program: Make) -> None:
    text = control(a_test("T-1", population="many"))
    result = run(program, text)
    assert "schema" in result.rules()
    assert "incomplete-test-record" not in result.rules()


def test_type1_and_earlier_tests_need_no_sample(program: Make) -> None:
    t1 = system(TYPE1)
    text = control(a_test("T-1", "2026-03-02", covers=None, population=None, sample_size=None))
    assert "incomplete-test-record" not in run(program, text, sys_yaml=t1).rules()
    old = control(
        a_test("T-1"), a_test("T-0", "2025-10-01", covers=None, population=None, sample_size=None)
    )
    assert "incomplete-test-record" not in run(program, old).rules()


def test_incomplete_test_record_once_for_several_reports(program: Make) -> None:
    sys_yaml = system(
        type2("soc2-2026", "2026-01-01", "2026-06-30"),
        type2("soc1-2026", "2026-01-01", "2026-06-30", framework="soc1"),
        objectives=True,
    )
    text = control(a_test("T-1", population=None), objectives="[CO-1]")
    result = run(program, text, sys_yaml=sys_yaml)
    assert result.where("incomplete-test-record") == [(FILE, *locate(text, "id: T-1"), "T-1")]


# ------------------------------------------------------------------------- missing-frequency


def test_missing_frequency_points_at_the_control(program: Make) -> None:
    text = control(a_test("T-1", population=300, sample_size=1), frequency=None)
    result = run(program, text)
    assert result.where("missing-frequency") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    assert messages(result, "missing-frequency") == [
        "control 'AC-01' is examined by 'soc2-2026' (SOC 2 Type 2) but has no 'frequency'; "
        "how often it runs decides the sample an auditor needs and the population a test "
        "should find, so add one (continuous, multiple-daily, daily, weekly, monthly, "
        "quarterly, semi-annual, annual or as-needed)"
    ]
    assert result.exit_code == 1
    assert "missing-frequency" not in run(program, control(a_test("T-1"))).rules()


def test_an_invalid_frequency_is_the_schema_finding_only(program: Make) -> None:
    result = run(program, control(a_test("T-1"), frequency="sometimes"))
    assert "schema" in result.rules()
    assert "missing-frequency" not in result.rules()


def test_only_type2_scope_needs_a_frequency(program: Make) -> None:
    t1 = system(TYPE1)
    text = control(a_test("T-1", "2026-03-02"), frequency=None)
    assert "missing-frequency" not in run(program, text, sys_yaml=t1).rules()
    # A control no report examines (a SOC 1 objective in a SOC 2 only program) is not judged.
    out = control(a_test("T-1"), frequency=None, criteria="[]", objectives="[CO-1]")
    assert (
        "missing-frequency"
        not in run(
            program,
            out,
            sys_yaml=system(type2("soc2-2026", "2026-01-01", "2026-06-30"), objectives=True),
        ).rules()
    )


def test_missing_frequency_once_naming_every_report(program: Make) -> None:
    sys_yaml = system(
        type2("soc2-2026", "2026-01-01", "2026-06-30"),
        type2("soc1-2026", "2026-01-01", "2026-06-30", framework="soc1"),
        objectives=True,
    )
    text = control(a_test("T-1"), frequency=None, objectives="[CO-1]")
    result = run(program, text, sys_yaml=sys_yaml)
    assert result.where("missing-frequency") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
    [message] = messages(result, "missing-frequency")
    assert message.startswith(
        "control 'AC-01' is examined by 'soc2-2026' (SOC 2 Type 2) and 'soc1-2026' (SOC 1 "
        "Type 2) but has no 'frequency'"
    )


def test_a_report_whose_period_has_not_started_still_needs_a_frequency(program: Make) -> None:
    text = control(frequency=None)
    result = run(program, text, today="2025-12-01")
    assert result.where("missing-frequency") == [(FILE, *locate(text, "id: AC-01"), "AC-01")]
