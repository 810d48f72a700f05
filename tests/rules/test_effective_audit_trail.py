"""The audit-trail rules of issue 15 judge a control ``effective`` for only part of a period
(issue 16) over that part: period-not-covered, population-implausible, evidence-gap and
stale-evidence, and test-outside-period's wording. Through the CLI's JSON output
(``--today 2026-11-20``), each in both directions.

The report is the baseline's SOC 2 Type 2 over 2026-01-01 to 2026-06-30. The controls map
CC6.1, which the baseline's GOV-01 covers throughout (so no coverage-gap), and the system
description's ``changes`` names each control that starts or stops inside the period (so no
undisclosed-change): each test sees only the audit-trail rule it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SYSTEM, TODAY, Run, run_subprocess, validate_json
from tests.rules.test_testing import locate, value_at

Make = Callable[..., Path]
FILE = "controls/gateway.yaml"
SYSTEM_WITH_CHANGE = SYSTEM + (
    "changes:\n"
    "  - date: 2026-05-01\n"
    "    description: The settlement gateway replaced manual release.\n"
    "    controls: [GW-01]\n"
)

AUDIT_TRAIL_RULES = {
    "period-not-covered",
    "population-implausible",
    "evidence-gap",
    "stale-evidence",
    "test-outside-period",
    "untested-control",
    "sample-period-missing",
    "incomplete-test-record",
    "insufficient-sample",
}


def gateway(
    *,
    effective: str | None = "{from: 2026-05-01}",
    frequency: str = "weekly",
    covers: str | None = "{start: 2026-05-01, end: 2026-06-30}",
    performed_on: str = "2026-07-10",
    population: int = 9,
    sample_size: int = 5,
    evidence: tuple[str, ...] = (),
) -> str:
    """GW-01, effective as written (None: no key), with one operating test."""
    lines = [
        "controls:",
        "  - id: GW-01",
        "    title: Gateway release review",
        "    description: Treasury reviews the gateway's blocked and released files.",
        "    owner: platform",
        "    criteria: [CC6.1]",
        f"    frequency: {frequency}",
    ]
    if effective is not None:
        lines.append(f"    effective: {effective}")
    if evidence:
        lines.append("    evidence:")
        for as_of in evidence:
            lines += [
                f"      - url: https://tickets.example.com/GW-{as_of}",
                f"        as_of: {as_of}",
            ]
    lines += [
        "    tests:",
        "      - id: T-GW-01",
        "        method: inspection",
        "        procedure: Inspected a sample of the weekly reviews.",
        f"        performed_on: {performed_on}",
        "        performed_by: tom",
    ]
    if covers is not None:
        lines.append(f"        covers: {covers}")
    lines += [
        f"        population: {population}",
        f"        sample_size: {sample_size}",
        "        result: pass",
    ]
    return "\n".join(lines) + "\n"


def run_on(program: Make, text: str) -> Run:
    return validate_json(program(controls={"gateway.yaml": text}, system=SYSTEM_WITH_CHANGE))


def trail(run: Run) -> list[str]:
    """The audit-trail and testing findings (other rules are not these tests' concern, and
    the assertions that matter name every finding of these rules)."""
    return [rule for rule in run.rules() if rule in AUDIT_TRAIL_RULES]


def message(run: Run, rule: str) -> str:
    [finding] = [f for f in run.findings if f["rule"] == rule]
    text: str = finding["message"]
    return text


# ------------------------------------------------------------------------ period-not-covered


def test_a_control_effective_from_may_sampled_from_may_covers_its_part(program: Make) -> None:
    run = run_on(program, gateway())
    assert run.findings == []
    assert run.exit_code == 0


def test_without_effective_the_same_spans_leave_january_to_april_uncovered(
    program: Make,
) -> None:
    """The other direction: the same test of a control that operated all period."""
    text = gateway(effective=None, population=26)
    run = run_on(program, text)
    assert trail(run) == ["period-not-covered"]
    assert run.where("period-not-covered") == [(FILE, 2, 5, "GW-01")]
    assert "leave 2026-01-01 to 2026-04-30 of its period (2026-01-01 to 2026-06-30)" in (
        message(run, "period-not-covered")
    )


def test_a_gap_inside_the_effective_part_is_named_with_that_part(program: Make) -> None:
    text = gateway(covers="{start: 2026-05-01, end: 2026-05-20}", population=3, sample_size=3)
    run = run_on(program, text)
    assert trail(run) == ["period-not-covered"]
    assert run.where("period-not-covered") == [(FILE, 2, 5, "GW-01")]
    assert message(run, "period-not-covered") == (
        "the tests of control 'GW-01' for 'soc2-2026' (SOC 2 Type 2) leave 2026-05-21 to "
        "2026-06-30 of the days it was effective in its period (2026-05-01 to 2026-06-30) "
        "uncovered ('covers': 'T-GW-01' 2026-05-01 to 2026-05-20); a weekly control may leave "
        "at most one week uncovered at each end of the days it was effective; test a sample "
        "drawn from those dates, or correct 'covers' if the tests did sample them"
    )


def test_a_retired_control_sampled_until_its_last_day_is_covered(program: Make) -> None:
    text = gateway(
        effective="{to: 2026-04-30}",
        covers="{start: 2026-01-01, end: 2026-04-30}",
        population=17,
    )
    run = run_on(program, text)
    assert trail(run) == []


# -------------------------------------------------------------------- population-implausible


def test_a_population_is_counted_over_the_days_the_control_was_effective(program: Make) -> None:
    """Sampled over the whole half-year, but the control ran only in May and June: 8 weeks,
    so a population of 9 is plausible (over the 25 whole weeks of the period it would not be)."""
    run = run_on(program, gateway(covers="{start: 2026-01-01, end: 2026-06-30}"))
    assert trail(run) == []


def test_a_population_too_small_for_the_effective_part_is_reported_with_that_part(
    program: Make,
) -> None:
    text = gateway(covers="{start: 2026-01-01, end: 2026-06-30}", population=3, sample_size=3)
    run = run_on(program, text)
    assert trail(run) == ["population-implausible"]
    assert run.where("population-implausible") == [
        (FILE, *value_at(text, "population: 3"), "T-GW-01")
    ]
    assert message(run, "population-implausible").startswith(
        "test 'T-GW-01' of control 'GW-01' records a population of 3, but a weekly control runs "
        "8 times over the days it was effective in the span it sampled (2026-05-01 to "
        "2026-06-30 of 'covers' 2026-01-01 to 2026-06-30); "
    )


def test_the_same_population_over_a_whole_period_is_implausible(program: Make) -> None:
    """The other direction: without ``effective`` the 9 are measured against 25 weeks."""
    text = gateway(effective=None, covers="{start: 2026-01-01, end: 2026-06-30}")
    run = run_on(program, text)
    assert trail(run) == ["population-implausible"]
    assert "runs 25 times over the span it sampled ('covers': 2026-01-01 to 2026-06-30)" in (
        message(run, "population-implausible")
    )


def test_without_covers_the_population_is_judged_over_the_effective_part(
    program: Make,
) -> None:
    text = gateway(covers=None, population=3, sample_size=3)
    run = run_on(program, text)
    assert trail(run) == ["sample-period-missing", "population-implausible"]
    assert "8 times over the days it was effective in the period of 'soc2-2026' (SOC 2 " in (
        message(run, "population-implausible")
    )
    assert "Type 2) (2026-05-01 to 2026-06-30)" in message(run, "population-implausible")
    # sample-period-missing asks for a span within the days the control was effective.
    assert message(run, "sample-period-missing").endswith("(within 2026-05-01 to 2026-06-30)")


# ------------------------------------------------------------------------------ evidence-gap


def monthly(
    *,
    effective: str | None = "{from: 2026-05-01}",
    covers: str = "{start: 2026-05-01, end: 2026-06-30}",
    performed_on: str = "2026-07-10",
    population: int = 2,
    evidence: tuple[str, ...] = (),
) -> str:
    """GW-01 as a monthly control, with a sample of 2."""
    return gateway(
        effective=effective,
        frequency="monthly",
        covers=covers,
        performed_on=performed_on,
        population=population,
        sample_size=2,
        evidence=evidence,
    )


def test_a_control_effective_from_may_needs_evidence_from_may(program: Make) -> None:
    run = run_on(program, monthly(evidence=("2026-05-29", "2026-06-30")))
    assert trail(run) == ["stale-evidence"]  # June is long ago on 2026-11-20: not this test's


def test_its_evidence_windows_start_in_may(program: Make) -> None:
    text = monthly(evidence=("2026-06-30",))
    run = run_on(program, text)
    assert "evidence-gap" in trail(run)
    assert run.where("evidence-gap") == [(FILE, *locate(text, "evidence:"), "GW-01")]
    assert message(run, "evidence-gap") == (
        "monthly control 'GW-01' has no evidence dated in 2026-05 of the days it was effective "
        "in the period of 'soc2-2026' (SOC 2 Type 2) (2026-05-01 to 2026-06-30); add the "
        "evidence of each with 'as_of', the date it shows or was taken"
    )


def test_without_effective_every_month_of_the_period_needs_evidence(program: Make) -> None:
    """The other direction: the same evidence of a control that operated all period."""
    text = monthly(
        effective=None,
        covers="{start: 2026-01-01, end: 2026-06-30}",
        evidence=("2026-05-29", "2026-06-30"),
    )
    run = run_on(program, text)
    assert "evidence-gap" in trail(run)
    assert message(run, "evidence-gap").startswith(
        "monthly control 'GW-01' has no evidence dated in 2026-01, 2026-02, 2026-03, 2026-04 "
        "of the period of 'soc2-2026' (SOC 2 Type 2) (2026-01-01 to 2026-06-30); "
    )


def test_a_retired_control_needs_no_evidence_after_its_last_day(program: Make) -> None:
    text = monthly(
        effective="{to: 2026-02-28}",
        covers="{start: 2026-01-01, end: 2026-02-28}",
        performed_on="2026-03-10",
        evidence=("2026-01-30", "2026-02-27"),
    )
    run = run_on(program, text)
    assert "evidence-gap" not in trail(run)


# ----------------------------------------------------------------------------- stale-evidence


def test_a_retired_control_is_judged_at_its_last_effective_day(program: Make) -> None:
    """Retired on 2026-02-28 with evidence from February: not stale on 2026-11-20, since it
    has not run since (without ``effective`` the same evidence is stale, below)."""
    text = monthly(
        effective="{to: 2026-02-28}",
        covers="{start: 2026-01-01, end: 2026-02-28}",
        performed_on="2026-03-10",
        evidence=("2026-01-30", "2026-02-27"),
    )
    run = run_on(program, text)
    assert trail(run) == []


def test_a_retired_control_whose_evidence_stopped_before_it_retired_is_stale(
    program: Make,
) -> None:
    text = monthly(
        population=4,
        effective="{to: 2026-04-30}",
        covers="{start: 2026-01-01, end: 2026-04-30}",
        evidence=("2026-01-30", "2026-02-27"),
    )
    run = run_on(program, text)
    assert "stale-evidence" in trail(run)
    assert run.where("stale-evidence") == [(FILE, *value_at(text, "as_of: 2026-02-27"), "GW-01")]
    assert message(run, "stale-evidence") == (
        "the newest evidence of monthly control 'GW-01' is dated 2026-02-27, more than one and "
        "a half intervals before its last effective day (2026-04-30, 'effective'; evidence "
        "from 2026-03-14 or later shows it ran until then); add recent evidence, or correct "
        "the control's frequency"
    )


def test_a_control_operating_today_is_judged_today(program: Make) -> None:
    """The other direction: no ``effective``, the same February evidence is stale today."""
    text = monthly(
        population=6,
        effective=None,
        covers="{start: 2026-01-01, end: 2026-06-30}",
        evidence=tuple(f"2026-0{month}-27" for month in range(1, 7)),
    )
    run = run_on(program, text)
    assert trail(run) == ["stale-evidence"]
    assert "before today (2026-11-20; evidence from 2026-10-04 or later shows it still runs)" in (
        message(run, "stale-evidence")
    )


def test_a_control_not_yet_effective_is_not_stale(program: Make) -> None:
    system = SYSTEM_WITH_CHANGE.replace("2026-05-01", "2026-12-01")
    text = monthly(effective="{from: 2026-12-01}", evidence=("2026-06-30",))
    run = validate_json(program(controls={"gateway.yaml": text}, system=system))
    assert "stale-evidence" not in run.rules()


# ------------------------------------------------------------------------ test-outside-period


def test_a_sample_of_the_months_before_the_control_existed_is_outside_its_days(
    program: Make,
) -> None:
    """The test sampled January to April of a control introduced in May: it tested nothing
    that operated. test-outside-period names the days it was effective; untested-control
    (nothing else counts) names the same reason; period-not-covered does not add a third."""
    text = gateway(covers="{start: 2026-01-01, end: 2026-04-30}", population=17)
    run = run_on(program, text)
    assert trail(run) == ["untested-control", "test-outside-period"]
    assert run.where("test-outside-period") == [(FILE, *locate(text, "covers:"), "T-GW-01")]
    assert message(run, "test-outside-period") == (
        "test 'T-GW-01' of control 'GW-01' sampled 2026-01-01 to 2026-04-30 ('covers'), wholly "
        "outside the days the control was effective in the period of 'soc2-2026' (SOC 2 Type "
        "2) (2026-05-01 to 2026-06-30 of 2026-01-01 to 2026-06-30), so it does not count for "
        "that report; correct 'covers' if the test did sample those days, or 'effective' if "
        "the control operated earlier or later; if the test belongs to another period, name "
        "that report in 'report'"
    )
    assert "lie wholly outside the days it was effective in the period" in (
        message(run, "untested-control")
    )


def test_a_test_before_the_control_became_effective_is_untested_controls_alone(
    program: Make,
) -> None:
    text = gateway(covers="{start: 2026-03-01, end: 2026-04-15}", performed_on="2026-04-20")
    run = run_on(program, text)
    assert trail(run) == ["untested-control"]
    assert "was last tested 2026-04-20, before 2026-05-01, when it became effective" in (
        message(run, "untested-control")
    )


# ------------------------------------------------------------------------- a real process


def test_effective_parts_in_a_real_process(program: Make) -> None:
    gap = monthly(evidence=("2026-06-30",))
    root = program(controls={"gateway.yaml": gap}, system=SYSTEM_WITH_CHANGE)
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stderr  # warnings only
    assert [f["rule"] for f in run.findings] == ["evidence-gap", "stale-evidence"]
    assert "2026-05 of the days it was effective" in run.findings[0]["message"]
    clean = root / "controls" / "gateway.yaml"
    clean.write_text(gateway(), encoding="utf-8")
    again = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert again.exit_code == 0 and again.findings == []


# ------------------------------------------------------------------- one mistake, one finding


def test_the_months_before_a_control_existed_are_coverage_gaps_alone(program: Make) -> None:
    """A1.2 rests on GW-01 alone, introduced in May and sampled and evidenced from May. The
    months before are one gap in coverage: coverage-gap says so, and neither period-not-covered
    (its samples) nor evidence-gap (its evidence) repeats it for the same months."""
    system = SYSTEM_WITH_CHANGE.replace(
        "categories: [security]", "categories: [security, availability]"
    )
    text = monthly(evidence=("2026-05-29", "2026-06-30", "2026-10-30")).replace(
        "criteria: [CC6.1]", "criteria: [A1.1, A1.2, A1.3]"
    )
    run = validate_json(program(controls={"gateway.yaml": text}, system=system))
    assert run.rules() == ["coverage-gap", "coverage-gap", "coverage-gap"]
    assert [f["subject"] for f in run.findings] == ["A1.1", "A1.2", "A1.3"]
    assert (
        "no control covering it was effective on 2026-01-01 to 2026-04-30"
        in (run.findings[0]["message"])
    )
