"""coverage-gap and undisclosed-change: controls introduced or retired during a period, through
the real CLI's JSON output (``--today 2026-11-20``).

The baseline report is SOC 2 Type 2 over 2026-01-01 to 2026-06-30 with availability selected;
AV-00 covers A1.1 and A1.3 throughout, so only A1.2 depends on the controls a test writes.
The controls are annual and their tests record the complete Type 2 audit trail
(``recorded_test``, sampling from the day each control became effective), so the audit-trail
rules have nothing to say and each test sees only coverage-gap and undisclosed-change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SYSTEM, TODAY, Run, dedent, run_subprocess, validate_json
from tests.rules.test_testing import (
    control,
    controls,
    locate,
    recorded_test,
    system_with,
    value_at,
)

Make = Callable[..., Path]
FILE = "controls/availability.yaml"

AVAILABILITY = SYSTEM.replace("categories: [security]", "categories: [security, availability]")
CATEGORY = ("system.yaml", *locate(AVAILABILITY, "availability]"))
"""Where an availability criterion enters the report: coverage-gap points there."""

BASELINE = control(
    recorded_test("T-AV-00", "2026-03-02"),
    control_id="AV-00",
    criteria="[A1.1, A1.3]",
    frequency="annual",
)


def av(control_id: str, effective: str | None, tested: str = "2026-06-10") -> str:
    """A control covering A1.2, ``effective`` as written (None: no key), tested on ``tested``
    with a sample drawn from the day it became effective (``from``) in 2026, or the period's
    first day."""
    start = "2026-01-01"
    if effective is not None and "from: 2026-" in effective:
        start = effective.split("from: ", 1)[1][:10]
    test = recorded_test(f"T-{control_id}", tested, start=start)
    text = control(test, control_id=control_id, criteria="[A1.2]", frequency="annual")
    if effective is None:
        return text
    return text.replace(
        "    criteria: [A1.2]\n", f"    criteria: [A1.2]\n    effective: {effective}\n"
    )


def changes(*control_ids: str) -> str:
    """A 'changes' entry naming the controls, so undisclosed-change stays out of the way."""
    named = ", ".join(control_ids)
    return (
        "changes:\n"
        "  - date: 2026-05-01\n"
        "    description: Managed recovery replaced our own backup process.\n"
        f"    controls: [{named}]\n"
    )


def run_on(program: Make, *items: str, system: str = AVAILABILITY) -> tuple[str, Run]:
    text = controls(BASELINE, *items)
    return text, validate_json(program(controls={"availability.yaml": text}, system=system))


# ------------------------------------------------------------------------------- coverage-gap


def test_a_control_introduced_mid_period_leaves_the_months_before_uncovered(
    program: Make,
) -> None:
    text = controls(BASELINE, av("AV-02", "{from: 2026-05-01}"))
    system = AVAILABILITY + changes("AV-02")
    run = validate_json(program(controls={"availability.yaml": text}, system=system))
    assert run.rules() == ["coverage-gap"]
    assert run.where("coverage-gap") == [(*CATEGORY, "A1.2")]
    [finding] = run.findings
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "'A1.2' (Facilities safeguards, data backups and recovery sites are maintained) is "
        "covered in 'soc2-2026' (SOC 2 Type 2) for only part of its period: no control "
        "covering it was effective on 2026-01-01 to 2026-04-30 ('AV-02' is effective from "
        "2026-05-01); map 'A1.2' in the 'criteria' of a control that operated on those dates, "
        "or correct the 'effective' dates of the controls that cover it"
    )


def test_the_control_it_replaced_covers_the_months_before(program: Make) -> None:
    system = AVAILABILITY + changes("AV-01", "AV-02")
    text = controls(
        BASELINE,
        av("AV-01", "{to: 2026-04-30}", tested="2026-03-10"),
        av("AV-02", "{from: 2026-05-01}"),
    )
    run = validate_json(program(controls={"availability.yaml": text}, system=system))
    assert run.findings == []


def test_a_gap_between_a_retired_control_and_its_later_successor(program: Make) -> None:
    """AV-01 retired at the end of March, AV-02 introduced in May: April is uncovered."""
    system = AVAILABILITY + changes("AV-01", "AV-02")
    text = controls(
        BASELINE,
        av("AV-01", "{to: 2026-03-31}", tested="2026-03-10"),
        av("AV-02", "{from: 2026-05-01}"),
    )
    run = validate_json(program(controls={"availability.yaml": text}, system=system))
    assert run.where("coverage-gap") == [(*CATEGORY, "A1.2")]
    [finding] = run.findings
    assert (
        "no control covering it was effective on 2026-04-01 to 2026-04-30 (" in (finding["message"])
    )
    assert (
        "('AV-01' is effective to 2026-03-31; 'AV-02' is effective from 2026-05-01)"
        in (finding["message"])
    )


def test_several_gaps_are_named_in_order(program: Make) -> None:
    text = controls(
        BASELINE,
        av("AV-01", "{from: 2026-02-01, to: 2026-03-31}", tested="2026-03-10"),
        av("AV-02", "{from: 2026-05-01, to: 2026-06-29}"),
    )
    system = AVAILABILITY + changes("AV-01", "AV-02")
    run = validate_json(program(controls={"availability.yaml": text}, system=system))
    [finding] = run.findings
    assert (
        "effective on 2026-01-01 to 2026-01-31, 2026-04-01 to 2026-04-30, 2026-06-30 ("
        in finding["message"]
    )


def test_a_control_effective_wholly_outside_the_period_is_no_cover_and_no_gap(
    program: Make,
) -> None:
    """Introduced after the period: out of scope, so A1.2 is covered by no control at all,
    which is unselected-criterion's finding, not a gap; beside a control covering A1.2
    throughout, it changes nothing."""
    _, run = run_on(program, av("AV-02", "{from: 2026-07-01}"))
    assert run.rules() == ["unselected-criterion"]
    assert run.where("unselected-criterion") == [(*CATEGORY, "A1.2")]
    [finding] = run.findings
    assert (
        "('AV-02' was not effective during it ('effective' from 2026-07-01))"
        in (finding["message"])
    )
    _, run = run_on(program, av("AV-01", None), av("AV-02", "{from: 2026-07-01}"))
    assert run.findings == []


def test_a_type1_report_has_no_period_to_leave_uncovered(program: Make) -> None:
    system = system_with(
        """
        - id: soc2-2026
          framework: soc2
          type: 1
          as_of: 2026-06-30
          categories: [security, availability]
        """
    )
    _, run = run_on(program, av("AV-02", "{from: 2026-05-01}"), system=system)
    assert run.findings == []


SOC1_TYPE2 = dedent(
    """
    name: Demo Payroll
    reports:
      - id: soc1-2026
        framework: soc1
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
    control_objectives:
      - {id: CO-1, title: Payroll changes are authorized}
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
    """
)


def test_an_objective_covered_until_a_control_was_retired_in_a_real_process(
    program: Make,
) -> None:
    text = controls(
        control(
            recorded_test("T-PY-01", "2026-03-10"),
            control_id="PY-01",
            owner="alice",
            criteria="[]",
            objectives="[CO-1]",
            frequency="annual",
            key=True,
        ).replace(
            "    objectives: [CO-1]\n", "    objectives: [CO-1]\n    effective: {to: 2026-03-31}\n"
        )
    )
    system = SOC1_TYPE2 + changes("PY-01")
    root = program(controls={"payroll.yaml": text}, system=system, coverage=False)
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 1, run.stderr
    assert run.where("coverage-gap") == [("system.yaml", *locate(system, "{id: CO-1"), "CO-1")]
    [finding] = run.findings
    assert finding["message"].startswith(
        "control objective 'CO-1' (Payroll changes are authorized) is covered in 'soc1-2026' "
        "(SOC 1 Type 2) for only part of its period: no control covering it was effective on "
        "2026-04-01 to 2026-06-30 ('PY-01' is effective to 2026-03-31); map 'CO-1' in the "
        "'objectives' of a control"
    )


# ------------------------------------------------------------------------- undisclosed-change


def test_a_control_introduced_mid_period_must_be_disclosed(program: Make) -> None:
    text, run = run_on(program, av("AV-01", None), av("AV-02", "{from: 2026-05-01}"))
    assert run.rules() == ["undisclosed-change"]
    assert run.where("undisclosed-change") == [(FILE, *value_at(text, "from: 2026-05-01"), "AV-02")]
    [finding] = run.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "control 'AV-02' became effective on 2026-05-01, inside the period of 'soc2-2026' "
        "(SOC 2 Type 2), but no entry of 'changes' in system.yaml names it; the description "
        "must disclose changes to controls during the period (DC9): add a change dated "
        "2026-05-01 that says what changed and names 'AV-02' in its 'controls'"
    )
    # A change naming it discloses it; one naming another control does not.
    items = (av("AV-01", None), av("AV-02", "{from: 2026-05-01}"))
    _, run = run_on(program, *items, system=AVAILABILITY + changes("AV-02"))
    assert run.findings == []
    _, run = run_on(program, *items, system=AVAILABILITY + changes("AV-01"))
    assert run.rules() == ["undisclosed-change"]


def test_a_control_retired_mid_period_is_reported_at_its_last_day(program: Make) -> None:
    text, run = run_on(
        program, av("AV-01", "{to: 2026-04-30}", tested="2026-03-10"), av("AV-02", None)
    )
    assert run.where("undisclosed-change") == [(FILE, *value_at(text, "to: 2026-04-30"), "AV-01")]
    [finding] = run.findings
    assert finding["message"].startswith(
        "control 'AV-01' stopped operating after 2026-04-30, inside the period of 'soc2-2026' "
        "(SOC 2 Type 2), but no entry of 'changes'"
    )


def test_a_control_introduced_and_retired_in_one_period_is_one_finding(program: Make) -> None:
    text, run = run_on(
        program, av("AV-01", None), av("AV-02", "{from: 2026-02-01, to: 2026-04-30}", "2026-03-10")
    )
    assert run.where("undisclosed-change") == [(FILE, *value_at(text, "from: 2026-02-01"), "AV-02")]
    [finding] = run.findings
    assert finding["message"].startswith(
        "control 'AV-02' became effective on 2026-02-01, inside the period of 'soc2-2026' "
        "(SOC 2 Type 2) and stopped operating after 2026-04-30, inside the period of "
        "'soc2-2026' (SOC 2 Type 2), but no entry"
    )


def test_starting_on_the_first_day_or_stopping_on_the_last_is_no_change_within(
    program: Make,
) -> None:
    _, run = run_on(program, av("AV-01", "{from: 2026-01-01, to: 2026-06-30}"))
    assert run.findings == []
    # Outside the period altogether: no change within it either.
    _, run = run_on(
        program,
        av("AV-01", None),
        av("AV-02", "{from: 2026-07-01}"),
        av("AV-03", "{to: 2025-12-31}", tested="2026-03-10"),
    )
    assert run.findings == []


def test_only_periods_of_reports_the_control_is_in_scope_for_count(program: Make) -> None:
    """Scoped to a Type 1 report, the control has no period to change in; Type 1 reports have
    none."""
    system = AVAILABILITY.replace(
        "people:\n",
        "  - {id: soc2-t1, framework: soc2, type: 1, as_of: 2026-06-30, "
        "categories: [security, availability]}\npeople:\n",
    )
    scoped = av("AV-02", "{from: 2026-05-01}").replace(
        "    criteria: [A1.2]\n", "    criteria: [A1.2]\n    reports: [soc2-t1]\n"
    )
    _, run = run_on(program, av("AV-01", None), scoped, system=system)
    assert run.findings == []
    # In scope for both, the change lies inside the SOC 2 Type 2 period.
    _, run = run_on(program, av("AV-01", None), av("AV-02", "{from: 2026-05-01}"), system=system)
    assert run.rules() == ["undisclosed-change"]


def test_a_change_inside_two_periods_is_one_finding_naming_both(program: Make) -> None:
    system = AVAILABILITY.replace(
        "people:\n",
        "  - id: soc2-h2\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-04-01, end: 2026-09-30}\n"
        "    categories: [security, availability]\n"
        "people:\n",
    )
    text, run = run_on(program, av("AV-01", None), av("AV-02", "{from: 2026-05-01}"), system=system)
    assert run.where("undisclosed-change") == [(FILE, *value_at(text, "from: 2026-05-01"), "AV-02")]
    [finding] = [f for f in run.findings if f["rule"] == "undisclosed-change"]
    assert finding["message"].startswith(
        "control 'AV-02' became effective on 2026-05-01, inside the period of 'soc2-2026' "
        "(SOC 2 Type 2) and 'soc2-h2' (SOC 2 Type 2), but no entry"
    )


def test_an_effective_span_the_schema_rejected_is_not_judged(program: Make) -> None:
    text, run = run_on(
        program, av("AV-01", None), av("AV-02", "{from: 2026-05-01, to: 2026-04-01}")
    )
    assert run.rules() == ["schema"]
    assert run.where("schema")[0][:3] == (FILE, *value_at(text, "to: 2026-04-01"))
