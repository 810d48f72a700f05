"""no-key-control, automated-control-without-itgc and unknown-system (issue 16), firing and
quiet, through the real CLI's JSON output (``--today 2026-11-20``) with exact positions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SYSTEM, TODAY, dedent, run_cli, run_subprocess, validate_json
from tests.rules.test_testing import locate, recorded_test
from tests.test_docs_configuration import example

Make = Callable[..., Path]
FILE = "controls/payroll.yaml"

SOC1 = dedent(
    """
    name: Demo Payroll
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
      - id: soc1-2026
        framework: soc1
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
    control_objectives:
      - {id: CO-1, title: Payroll changes are authorized}
      - {id: CO-2, title: Payroll is paid on time}
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
    systems:
      - {id: payroll, name: Payroll application}
      - {id: bank, name: Bank connector}
    """
)
"""A SOC 2 and a SOC 1 Type 2 report over 2026-01-01..06-30, two objectives, two systems."""

ONE = SOC1.replace("  - {id: CO-2, title: Payroll is paid on time}\n", "")
"""The same with objective CO-1 only."""


def ctl(control_id: str, *lines: str, objectives: str = "[CO-1]", criteria: str = "[]") -> str:
    """A tested annual control list item; ``lines`` are added after its mappings. Its test
    records the complete Type 2 audit trail (``recorded_test``), sampled from the day the
    control became effective in 2026 (``effective: {from: ...}`` among ``lines``)."""
    body = [
        f"  - id: {control_id}",
        f"    title: Control {control_id}",
        "    description: Payroll operations run this control once a year and record it.",
        "    owner: alice",
        f"    criteria: {criteria}",
        f"    objectives: {objectives}",
        "    frequency: annual",
        *(f"    {line}" for line in lines),
        "    tests:",
    ]
    start = "2026-01-01"
    for line in lines:
        if "from: 2026-" in line:
            start = line.split("from: ", 1)[1][:10]
    return "\n".join(body) + "\n" + recorded_test(f"T-{control_id}", "2026-06-10", start=start)


def controls(*items: str) -> str:
    return "controls:\n" + "".join(items)


# ------------------------------------------------------------------------ no-key-control


def test_an_objective_covered_only_by_non_key_controls(program: Make) -> None:
    text = controls(ctl("PY-01"), ctl("PY-02", objectives="[CO-1, CO-2]", criteria="[]"))
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=SOC1))
    assert run_.where("no-key-control") == [
        ("system.yaml", *locate(SOC1, "{id: CO-1"), "CO-1"),
        ("system.yaml", *locate(SOC1, "{id: CO-2"), "CO-2"),
    ]
    first = next(f for f in run_.findings if f["rule"] == "no-key-control")
    assert first["severity"] == "warning"
    assert first["message"] == (
        "control objective 'CO-1' (Payroll changes are authorized) is covered in 'soc1-2026' "
        "(SOC 1 Type 2) only by controls that are not key ('PY-01', 'PY-02'); mark the "
        "control the objective relies on 'key: true', so that it is tested and reported as "
        "the one achieving it"
    )
    keyed = controls(ctl("PY-01", "key: true"), ctl("PY-02", "key: true", objectives="[CO-2]"))
    run_ = validate_json(program(controls={"payroll.yaml": keyed}, system=SOC1))
    assert run_.findings == []


def test_an_objective_no_control_covers_is_uncovered_objective_only(program: Make) -> None:
    text = controls(ctl("PY-01", "key: true"))
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=SOC1))
    assert run_.where("uncovered-objective") == [
        ("system.yaml", *locate(SOC1, "{id: CO-2"), "CO-2")
    ]
    assert "no-key-control" not in run_.rules()


def test_the_only_key_control_scoped_out_of_the_report(program: Make) -> None:
    """PY-01 is key but in scope for the SOC 2 report only: for the SOC 1 report, CO-1 rests
    on PY-02 alone, which is not key."""
    text = controls(
        ctl("PY-01", "key: true", "reports: [soc2-2026]", criteria="[CC8.1]"),
        ctl("PY-02", objectives="[CO-1, CO-2]"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=SOC1))
    assert run_.where("no-key-control") == [
        ("system.yaml", *locate(SOC1, "{id: CO-1"), "CO-1"),
        ("system.yaml", *locate(SOC1, "{id: CO-2"), "CO-2"),
    ]
    assert "only by controls that are not key ('PY-02')" in run_.findings[0]["message"]
    both = text.replace("reports: [soc2-2026]", "reports: [soc2-2026, soc1-2026]")
    run_ = validate_json(program(controls={"payroll.yaml": both}, system=SOC1))
    assert run_.where("no-key-control") == [("system.yaml", *locate(SOC1, "{id: CO-2"), "CO-2")]


def test_a_key_control_effective_for_part_of_the_period_counts(program: Make) -> None:
    """Introduced on 2026-05-01, the key control is in scope for May and June; the months
    before are coverage-gap's business, not this rule's. Retired before the period began, it
    is out of scope and the objective rests on the non-key control."""
    partly = controls(
        ctl("PY-01", "key: true", "effective: {from: 2026-05-01}"),
        ctl("PY-02", objectives="[CO-1, CO-2]"),
        ctl("PY-03", "key: true", objectives="[CO-2]"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": partly}, system=SOC1))
    assert "no-key-control" not in run_.rules()
    retired = controls(
        ctl("PY-01", "key: true", "effective: {to: 2025-12-31}"),
        ctl("PY-03", "key: true", objectives="[CO-2]"),
        ctl("PY-02"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": retired}, system=SOC1))
    assert run_.where("no-key-control") == [("system.yaml", *locate(SOC1, "{id: CO-1"), "CO-1")]
    assert "('PY-02')" in run_.findings[0]["message"]


def test_several_soc1_reports_are_judged_one_by_one(program: Make) -> None:
    system = SOC1.replace(
        "control_objectives:\n",
        "  - id: soc1-2027\n"
        "    framework: soc1\n"
        "    type: 1\n"
        "    as_of: 2027-03-31\n"
        "control_objectives:\n",
    )
    # PY-01 (key) retires at the end of 2026; PY-02 (not key) carries CO-1 into 2027.
    text = controls(
        ctl("PY-01", "key: true", "effective: {to: 2026-12-31}", objectives="[CO-1, CO-2]"),
        ctl("PY-02", "reports: [soc1-2027]"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=system))
    assert run_.where("no-key-control") == [("system.yaml", *locate(system, "{id: CO-1"), "CO-1")]
    assert "'soc1-2027' (SOC 1 Type 1)" in run_.findings[0]["message"]


def test_a_key_written_wrongly_is_the_schema_finding_only(program: Make) -> None:
    text = controls(ctl("PY-01", "key: yes", objectives="[CO-1, CO-2]"))
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=SOC1))
    assert run_.where("schema") == [(FILE, *locate(text, "yes"), "PY-01")]
    assert "no-key-control" not in run_.rules()


CONFIG_ON = example("key-controls")
"""docs/configuration.md's example, so the documentation is the configuration tested."""


def test_soc2_criteria_are_judged_only_when_configured(program: Make) -> None:
    """The baseline's GOV-01 covers every common criterion and is not key."""
    root = program(controls={}, system=SYSTEM)
    assert validate_json(root).findings == []
    (root / "soccheck.yaml").write_text(CONFIG_ON, encoding="utf-8")
    run_ = validate_json(root)
    found = run_.where("no-key-control")
    assert len(found) == 33
    assert found[0] == ("system.yaml", *locate(SYSTEM, "security]"), "CC1.1")
    message = run_.findings[0]["message"]
    assert message.startswith("'CC1.1' (")
    assert ") is covered in 'soc2-2026' (SOC 2 Type 2) only by controls that are not key " in (
        message
    )
    assert message.endswith(
        "('GOV-01'); mark the control the criterion relies on 'key: true' (the "
        "configuration's key_controls.criteria asks for a key control per criterion)"
    )
    assert "key_controls.criteria" in message
    (root / "controls" / "_coverage.yaml").write_text(
        (root / "controls" / "_coverage.yaml")
        .read_text(encoding="utf-8")
        .replace("    frequency: annual\n", "    frequency: annual\n    key: true\n"),
        encoding="utf-8",
    )
    assert validate_json(root).findings == []


def test_soc2_criteria_declared_not_applicable_are_not_judged(program: Make) -> None:
    system = SYSTEM.replace(
        "    categories: [security, availability]\n", "    categories: [security]\n"
    ).replace(
        "    categories: [security]\n",
        "    categories: [security]\n"
        "    not_applicable:\n"
        "      - {criterion: CC6.4, reason: No data centres or offices are operated.}\n",
    )
    root = program(controls={}, system=system, extra={"soccheck.yaml": CONFIG_ON})
    subjects = {subject for *_, subject in validate_json(root).where("no-key-control")}
    assert "CC6.4" not in subjects
    assert len(subjects) == 32


def test_the_configuration_key_is_validated(program: Make) -> None:
    root = program(controls={}, system=SYSTEM, extra={"soccheck.yaml": "key_controls: yes\n"})
    run_ = validate_json(root)
    assert run_.where("schema") == [("soccheck.yaml", 1, 15, None)]
    assert "no-key-control" not in run_.rules()


# ------------------------------------------------------------ automated-control-without-itgc

ITGC = "layer: itgc"


def test_an_automated_control_on_a_system_no_itgc_covers(program: Make) -> None:
    text = controls(ctl("PY-01", "key: true", "automation: automated", "systems: [payroll, bank]"))
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=ONE))
    assert run_.where("automated-control-without-itgc") == [
        (FILE, *locate(text, "payroll, bank]"), "PY-01"),
        (FILE, *locate(text, "bank]"), "PY-01"),
    ]
    first = next(f for f in run_.findings if f["rule"] == "automated-control-without-itgc")
    assert first["severity"] == "warning"
    assert first["message"].startswith(
        "automated control 'PY-01' runs on system 'payroll', which no IT general control in "
        "scope covers in 'soc1-2026' (SOC 1 Type 2); "
    )
    # An ITGC over payroll only: bank is still uncovered.
    itgc = ctl("IT-01", "key: true", ITGC, "systems: [payroll]", objectives="[CO-1]")
    covered = text + itgc
    run_ = validate_json(program(controls={"payroll.yaml": covered}, system=ONE))
    assert run_.where("automated-control-without-itgc") == [
        (FILE, *locate(covered, "bank]"), "PY-01")
    ]
    both = covered.replace("systems: [payroll]\n", "systems: [payroll, bank]\n")
    run_ = validate_json(program(controls={"payroll.yaml": both}, system=ONE))
    assert run_.findings == []


def test_an_it_dependent_control_naming_no_system(program: Make) -> None:
    text = controls(ctl("PY-01", "key: true", "automation: it-dependent-manual"))
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=ONE))
    assert run_.where("automated-control-without-itgc") == [
        (FILE, *locate(text, "it-dependent-manual"), "PY-01")
    ]
    assert run_.findings[0]["message"].startswith(
        "IT-dependent manual control 'PY-01' names no system in 'systems'; "
    )
    manual = text.replace("automation: it-dependent-manual", "automation: manual")
    run_ = validate_json(program(controls={"payroll.yaml": manual}, system=ONE))
    assert run_.findings == []


def test_an_itgc_scoped_out_of_the_report_supports_nothing_there(program: Make) -> None:
    """The only ITGC over payroll is scoped to the SOC 2 report; the automated control is in
    both reports, so it lacks an ITGC in the SOC 1 report only."""
    text = controls(
        ctl(
            "PY-01", "key: true", "automation: automated", "systems: [payroll]", criteria="[CC8.1]"
        ),
        ctl("IT-01", ITGC, "systems: [payroll]", "reports: [soc2-2026]", criteria="[CC8.1]"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=ONE))
    assert run_.where("automated-control-without-itgc") == [
        (FILE, *locate(text, "payroll]\n    tests:\n      - id: T-PY-01"), "PY-01")
    ]
    assert run_.findings[-1]["message"].startswith(
        "automated control 'PY-01' runs on system 'payroll', which no IT general control in "
        "scope covers in 'soc1-2026' (SOC 1 Type 2) ('IT-01' is scoped to 'soc2-2026' "
        "('reports')); "
    )
    shared = text.replace("reports: [soc2-2026]", "reports: [soc2-2026, soc1-2026]")
    run_ = validate_json(program(controls={"payroll.yaml": shared}, system=ONE))
    assert "automated-control-without-itgc" not in run_.rules()


def test_an_itgc_effective_for_part_of_the_period_counts(program: Make) -> None:
    automated = ctl("PY-01", "key: true", "automation: automated", "systems: [payroll]")
    partly = controls(
        automated, ctl("IT-01", ITGC, "systems: [payroll]", "effective: {from: 2026-04-01}")
    )
    run_ = validate_json(program(controls={"payroll.yaml": partly}, system=ONE))
    assert "automated-control-without-itgc" not in run_.rules()
    before = partly.replace("effective: {from: 2026-04-01}", "effective: {to: 2025-12-31}")
    run_ = validate_json(program(controls={"payroll.yaml": before}, system=ONE))
    assert run_.where("automated-control-without-itgc") == [
        (FILE, *locate(before, "payroll]\n    tests:\n      - id: T-PY-01"), "PY-01")
    ]
    assert (
        "'IT-01' was not effective during it ('effective' to 2025-12-31)"
        in (run_.findings[-1]["message"])
    )


def test_an_automated_itgc_does_not_support_itself(program: Make) -> None:
    text = controls(ctl("IT-01", "key: true", "automation: automated", ITGC, "systems: [payroll]"))
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=ONE))
    assert run_.where("automated-control-without-itgc") == [
        (FILE, *locate(text, "payroll]"), "IT-01")
    ]
    second = text + ctl("IT-02", ITGC, "systems: [payroll]")
    run_ = validate_json(program(controls={"payroll.yaml": second}, system=ONE))
    assert "automated-control-without-itgc" not in run_.rules()


def test_a_control_in_scope_for_no_report_is_not_judged(program: Make) -> None:
    text = controls(
        ctl("PY-01", "key: true"),
        ctl("PY-09", "automation: automated", "reports: [soc2-2026]"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=ONE))
    assert "automated-control-without-itgc" not in run_.rules()


# ------------------------------------------------------------------------ unknown-system


def test_an_undefined_system_is_unknown_system_only(program: Make) -> None:
    text = controls(
        ctl("PY-01", "key: true", "automation: automated", "systems: [payrol, payrol]"),
        ctl("IT-01", ITGC, "systems: [payroll, ledger]", objectives="[CO-1]"),
    )
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=ONE))
    assert run_.where("unknown-system") == [
        (FILE, *locate(text, "payrol, payrol]"), "PY-01"),
        (FILE, *locate(text, "ledger]"), "IT-01"),
    ]
    [first, second] = [f for f in run_.findings if f["rule"] == "unknown-system"]
    assert first["severity"] == "error"
    assert first["message"] == (
        "control 'PY-01' names system 'payrol', which is not defined under 'systems' in "
        "system.yaml; did you mean 'payroll'?"
    )
    assert second["message"].endswith("; defined systems: 'bank', 'payroll'")
    # The undefined name is not also an automated control on a system without ITGCs, nor a
    # control naming no system.
    assert "automated-control-without-itgc" not in run_.rules()
    fixed = text.replace("[payrol, payrol]", "[payroll]").replace(", ledger]", "]")
    run_ = validate_json(program(controls={"payroll.yaml": fixed}, system=ONE))
    assert run_.findings == []


def test_a_program_without_systems_says_where_to_add_them(program: Make) -> None:
    text = controls(ctl("PY-01", "key: true", ITGC, "systems: [payroll]"))
    system = ONE.split("systems:\n")[0]
    run_ = validate_json(program(controls={"payroll.yaml": text}, system=system))
    [finding] = [f for f in run_.findings if f["rule"] == "unknown-system"]
    assert finding["message"].endswith(
        "not defined under 'systems' in system.yaml; add it to 'systems'"
    )


def test_unknown_system_as_a_user_runs_it(program: Make) -> None:
    """One rule of this file through a real process, in text output."""
    text = controls(ctl("PY-01", "key: true", ITGC, "systems: [payrol]"))
    root = program(controls={"payroll.yaml": text}, system=ONE)
    run_ = run_subprocess("validate", "--today", TODAY, cwd=root)
    assert run_.exit_code == 1
    line, column = locate(text, "payrol]")
    assert run_.stdout.splitlines()[0] == (
        f"controls/payroll.yaml:{line}:{column}: error unknown-system control 'PY-01' names "
        "system 'payrol', which is not defined under 'systems' in system.yaml; did you mean "
        "'payroll'?"
    )
    assert run_.stdout.splitlines()[-1] == "failed: 1 error, 0 warnings in 3 files (2 controls)"


@pytest.mark.parametrize(
    "scope",
    [
        ("--framework", "soc2", "--categories", "availability,confidentiality,privacy"),
        ("--framework", "soc2", "--categories", "processing_integrity"),
        ("--framework", "soc1"),
        ("--framework", "both", "--type", "1"),
    ],
)
def test_every_starter_scope_has_an_itgc_over_each_automated_control(
    scope: tuple[str, ...], tmp_path: Path
) -> None:
    """The starter library's automated controls and ITGCs name init's system, whichever
    framework and categories are chosen; judged after the period, when every control is."""
    root = tmp_path / "acme"
    assert run_cli("init", root, *scope, "--owner", "jane").exit_code == 0
    rules = "automated-control-without-itgc,unknown-system,no-key-control"
    run = run_cli("validate", root, "--format", "json", "--select", rules, "--today", "2028-01-01")
    assert run.findings == []
    automated = (root / "controls" / "access.yaml").read_text(encoding="utf-8")
    assert "    systems: [production]\n" in automated
