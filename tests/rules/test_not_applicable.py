"""na-criterion-mapped, na-common-criterion and weak-na-reason: what a report declares not
applicable, through the real CLI's JSON output (``--today 2026-11-20``).

The baseline report is SOC 2 Type 2 over 2026-01-01 to 2026-06-30 with availability selected;
controls/_coverage.yaml maps every common criterion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import COVERAGE_CONTROL, SYSTEM, TODAY, Run, run_subprocess, validate_json
from tests.rules.test_testing import control as any_control
from tests.rules.test_testing import controls, locate, recorded_test, value_at

Make = Callable[..., Path]


def control(*tests: str, **fields: str) -> str:
    """An annual control: its tests (``recorded_test``) record the complete Type 2 audit
    trail, so the audit-trail rules have nothing to say about it."""
    return any_control(*tests, frequency="annual", **fields)


AVAILABILITY = SYSTEM.replace("categories: [security]", "categories: [security, availability]")


def declaring(*entries: str, system: str = AVAILABILITY) -> str:
    """The system description with the report's not_applicable holding ``entries`` (each a
    flow mapping)."""
    lines = "".join(f"      - {entry}\n" for entry in entries)
    head = "    categories: [security, availability]\n"
    assert system.count(head) == 1
    return system.replace(head, f"{head}    not_applicable:\n{lines}")


AV = controls(
    control(
        recorded_test("T-AV-01", "2026-03-02"), control_id="AV-01", criteria="[A1.1, A1.2, A1.3]"
    )
)
"""Maps every availability criterion, tested: quiet on its own."""

AV_12 = AV.replace("[A1.1, A1.2, A1.3]", "[A1.1, A1.2]")
A13_REASON = "{criterion: A1.3, reason: Recovery is the hosting provider's (carved out).}"


def run_on(program: Make, system: str, text: str = AV_12, **kwargs: object) -> Run:
    return validate_json(program(controls={"availability.yaml": text}, system=system, **kwargs))


# ------------------------------------------------------------------------ na-criterion-mapped


def test_a_criterion_declared_not_applicable_and_mapped_in_scope(program: Make) -> None:
    system = declaring(A13_REASON)
    assert run_on(program, system).findings == []
    run = run_on(program, system, AV)
    assert run.rules() == ["na-criterion-mapped"]
    assert run.where("na-criterion-mapped") == [
        ("system.yaml", *value_at(system, "criterion: A1.3"), "A1.3")
    ]
    [finding] = run.findings
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "'soc2-2026' (SOC 2 Type 2) declares 'A1.3' (Business continuity and recovery "
        "procedures are exercised) not applicable, but control 'AV-01' in scope for it maps "
        "it; if a control addresses the criterion it applies: remove the not_applicable "
        "entry, or remove 'A1.3' from the controls' 'criteria' if it truly does not apply"
    )


def test_a_control_out_of_the_reports_scope_contradicts_nothing(program: Make) -> None:
    """Scoped to another report, or retired before the period: it does not map A1.3 in this
    report."""
    system = declaring(A13_REASON).replace(
        "people:\n",
        "  - {id: soc2-2027, framework: soc2, type: 1, as_of: 2027-03-31, "
        "categories: [security, availability]}\npeople:\n",
    )
    extra = controls(
        control(recorded_test("T-AV-09", "2026-03-02"), control_id="AV-09", criteria="[A1.3]")
    ).removeprefix("controls:\n")
    scoped = AV_12 + extra.replace(
        "    criteria: [A1.3]\n", "    criteria: [A1.3]\n    reports: [soc2-2027]\n"
    )
    run = run_on(program, system, scoped)
    assert "na-criterion-mapped" not in run.rules()
    retired = AV_12 + extra.replace(
        "    criteria: [A1.3]\n", "    criteria: [A1.3]\n    effective: {to: 2025-12-31}\n"
    )
    run = run_on(program, declaring(A13_REASON), retired)
    assert run.findings == []


def test_several_controls_are_named_once_for_the_entry(program: Make) -> None:
    text = AV + control(
        recorded_test("T-AV-02", "2026-03-02"), control_id="AV-02", criteria="[A1.3]"
    )
    system = declaring(A13_REASON, "{criterion: A1.3, reason: Listed twice by mistake.}")
    run = run_on(program, system, text)
    assert run.where("na-criterion-mapped") == [
        ("system.yaml", *locate(system, "A1.3, reason: Recovery"), "A1.3")
    ]
    [finding] = run.findings
    assert "but controls 'AV-01', 'AV-02' in scope for it map it;" in finding["message"]


def test_a_criterion_of_an_unselected_category_is_out_of_scope_criterions(
    program: Make,
) -> None:
    """PI1.1 is mapped and declared not applicable, but no report selects processing
    integrity: out-of-scope-criterion reports the mapping, and nothing else does."""
    text = AV_12.replace("[A1.1, A1.2]", "[A1.1, A1.2, PI1.1]")
    system = declaring(A13_REASON, "{criterion: PI1.1, reason: We process no transactions.}")
    run = run_on(program, system, text)
    assert run.rules() == ["out-of-scope-criterion"]


def test_a_common_criterion_mapped_and_declared_is_one_error(program: Make) -> None:
    """The coverage control maps CC6.4: na-criterion-mapped says so, and also that a common
    criterion applies to every SOC 2 report; na-common-criterion stays quiet."""
    system = declaring(A13_REASON, "{criterion: CC6.4, reason: We have no offices of our own.}")
    run = run_on(program, system)
    assert run.rules() == ["na-criterion-mapped"]
    [finding] = run.findings
    assert finding["subject"] == "CC6.4"
    assert (
        "maps it; if a control addresses the criterion it applies (a common criterion "
        "applies to every SOC 2 report): remove" in finding["message"]
    )


def test_a_declared_criterion_covered_for_part_of_the_period_is_not_a_coverage_gap(
    program: Make,
) -> None:
    """A1.3 is covered only from May, and declared not applicable: the contradiction is the
    finding, not the months before May."""
    from_may = control(
        recorded_test("T-AV-02", "2026-05-20", start="2026-05-01"),
        control_id="AV-02",
        criteria="[A1.3]",
    )
    text = AV_12 + from_may.replace(
        "    criteria: [A1.3]\n", "    criteria: [A1.3]\n    effective: {from: 2026-05-01}\n"
    )
    change = (
        "changes:\n  - {date: 2026-05-01, description: Recovery tests began., controls: [AV-02]}\n"
    )
    run = run_on(program, declaring(A13_REASON) + change, text)
    assert run.rules() == ["na-criterion-mapped"]
    [finding] = run.findings
    assert "but control 'AV-02' in scope for it maps it;" in finding["message"]
    # Without the entry, the months before May are the gap.
    run = run_on(program, AVAILABILITY + change, text)
    assert run.where("coverage-gap") == [
        ("system.yaml", *locate(AVAILABILITY, "availability]"), "A1.3")
    ]


# ------------------------------------------------------------------------ na-common-criterion

WITHOUT_CC64 = "controls:\n" + COVERAGE_CONTROL.replace("CC6.4, ", "")


def test_a_common_criterion_declared_not_applicable(program: Make) -> None:
    system = declaring(A13_REASON, "{criterion: CC6.4, reason: We have no offices of our own.}")
    root = program(
        controls={"availability.yaml": AV_12, "program.yaml": WITHOUT_CC64},
        system=system,
        coverage=False,
    )
    run = validate_json(root)
    assert run.rules() == ["na-common-criterion"]
    assert run.where("na-common-criterion") == [
        ("system.yaml", *value_at(system, "criterion: CC6.4"), "CC6.4")
    ]
    [finding] = run.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "'soc2-2026' (SOC 2 Type 2) declares common criterion 'CC6.4' (Only authorized people "
        "can enter facilities or reach hardware) not applicable; the common criteria "
        "(CC1-CC9) apply to every SOC 2 examination and auditors rarely accept one as not "
        "applicable: map a control to 'CC6.4' and remove the entry, or keep it only with a "
        "reason your auditor has agreed to (and waive this warning)"
    )
    # Without the entry the criterion is simply unmapped.
    root = program(
        controls={"availability.yaml": AV_12, "program.yaml": WITHOUT_CC64},
        system=declaring(A13_REASON),
        coverage=False,
    )
    assert validate_json(root).where("unselected-criterion")[0][3] == "CC6.4"


def test_a_declared_common_criterion_in_a_real_process(program: Make) -> None:
    system = declaring(A13_REASON, "{criterion: CC6.4, reason: We have no offices of our own.}")
    root = program(
        controls={"availability.yaml": AV_12, "program.yaml": WITHOUT_CC64},
        system=system,
        coverage=False,
    )
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert run.where("na-common-criterion") == [
        ("system.yaml", *value_at(system, "criterion: CC6.4"), "CC6.4")
    ]
    waived = root / "soccheck.yaml"
    waived.write_text(
        "waivers:\n"
        "  - rule: na-common-criterion\n"
        "    subject: CC6.4\n"
        "    reason: The auditor agreed; the system runs wholly in the provider's data centres.\n"
        "    approved_by: tom\n"
        "    expires: 2027-03-31\n",
        encoding="utf-8",
    )
    run = run_subprocess(
        "validate", root, "--format", "json", "--today", TODAY, "--fail-on", "warning"
    )
    assert run.exit_code == 0, run.stdout
    assert run.json["summary"]["waived"] == 1


# ----------------------------------------------------------------------------- weak-na-reason


@pytest.mark.parametrize(
    "reason",
    ["TBD", "N/A", "n/a", "todo", "Outsourced.", "'-'", "Not applicable", "To be determined",
     "TBD later", "n/a - see above", "Does not apply."],
)  # fmt: skip
def test_a_placeholder_reason_is_weak(program: Make, reason: str) -> None:
    system = declaring(f"{{criterion: A1.3, reason: {reason}}}")
    run = run_on(program, system)
    assert run.rules() == ["weak-na-reason"]
    value = reason.strip("'")
    assert run.where("weak-na-reason") == [("system.yaml", *locate(system, f"{reason}}}"), "A1.3")]
    [finding] = run.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        f"the reason 'soc2-2026' (SOC 2 Type 2) gives for declaring 'A1.3' not applicable is "
        f"'{value}', a placeholder; the report prints it (DC8): say why the criterion does not "
        "apply to the system (what it does not do, or who does it instead)"
    )


@pytest.mark.parametrize(
    "reason",
    [
        "Recovery is the hosting provider's (carved out).",
        '"Not applicable: the platform keeps no data of its own to recover."',
        "Customer-managed recovery",
    ],
)
def test_a_real_reason_is_quiet(program: Make, reason: str) -> None:
    assert run_on(program, declaring(f"{{criterion: A1.3, reason: {reason}}}")).findings == []


def test_a_template_placeholder_is_placeholder_texts(program: Make) -> None:
    system = declaring("{criterion: A1.3, reason: '[TBD]'}")
    run = run_on(program, system)
    assert run.rules() == ["placeholder-text"]
    assert run.where("placeholder-text") == [("system.yaml", *locate(system, "'[TBD]'"), "A1.3")]


def test_a_blank_reason_is_unselected_criterions(program: Make) -> None:
    """Spaces are no reason: the criterion counts as not declared, and unselected-criterion
    says so; weak-na-reason does not report the same entry again."""
    run = run_on(program, declaring("{criterion: A1.3, reason: '  '}"))
    assert run.rules() == ["unselected-criterion"]
    [finding] = run.findings
    assert "(its not_applicable entry gives no reason)" in finding["message"]


def test_a_long_single_word_is_shortened_in_the_message(program: Make) -> None:
    word = "x" * 500
    run = run_on(program, declaring(f"{{criterion: A1.3, reason: {word}}}"))
    [finding] = run.findings
    assert f"is '{'x' * 57}...', a placeholder;" in finding["message"]
