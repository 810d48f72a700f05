"""inclusive-without-controls, unmapped-csoc, unmapped-cuec, subservice-report-missing,
unknown-control, and unknown-person for a vendor report's reviewer (issue 16), firing and
quiet, through the real CLI's JSON output (``--today 2026-11-20``) with exact positions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SYSTEM, TODAY, dedent, passing_test_block, run_subprocess, validate_json
from tests.rules.test_testing import locate

Make = Callable[..., Path]

REPORT = "{type: 2, period_end: 2026-06-30, received_on: 2026-07-20, reviewed_by: alice}"


def vendors(text: str) -> str:
    """SYSTEM with ``text`` (top-level keys) appended; SOC_REPORT in it stands for a valid
    vendor report."""
    return SYSTEM + dedent(text).replace("SOC_REPORT", REPORT)


def vendor_control(control_id: str, *lines: str) -> str:
    """An annual control with a complete Type 2 test record (``passing_test_block``)."""
    body = [
        f"  - id: {control_id}",
        "    title: Vendor control",
        "    description: The vendor reviews its settlement reconciliations each year.",
        "    owner: alice",
        "    criteria: [CC9.2]",
        "    frequency: annual",
        *(f"    {line}" for line in lines),
    ]
    return "\n".join(body) + "\n" + passing_test_block(f"T-{control_id}")


# ----------------------------------------------------------- inclusive-without-controls


def test_an_inclusive_vendor_without_controls(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - {id: payco, name: PayCo, method: inclusive}
          - {id: aws, name: AWS, method: carve-out, csocs: [], soc_report: SOC_REPORT}
        """
    )
    run = validate_json(program(system=system))
    assert run.where("inclusive-without-controls") == [
        ("system.yaml", *locate(system, "inclusive}"), "payco")
    ]
    [finding] = [f for f in run.findings if f["rule"] == "inclusive-without-controls"]
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "subservice organization 'payco' (PayCo) is included in the report (method: "
        "inclusive), but no control names it in 'subservice_organization'; add the controls "
        "it performs, each with 'subservice_organization: payco', or carve it out (method: "
        "carve-out, with CSOCs) if its controls are not examined"
    )
    text = "controls:\n" + vendor_control("PC-01", "subservice_organization: payco")
    run = validate_json(program(system=system, controls={"vendor.yaml": text}))
    assert "inclusive-without-controls" not in run.rules()


def test_a_typo_in_subservice_organization_is_one_finding(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - {id: payco, name: PayCo, method: inclusive}
        """
    )
    text = "controls:\n" + vendor_control("PC-01", "subservice_organization: payc0")
    run = validate_json(program(system=system, controls={"vendor.yaml": text}))
    assert run.where("unknown-system") == [
        ("controls/vendor.yaml", *locate(text, "payc0"), "PC-01")
    ]
    [finding] = run.findings
    assert finding["message"] == (
        "control 'PC-01' is performed by subservice organization 'payc0', which is not "
        "defined under 'subservice_organizations' in system.yaml; did you mean 'payco'?"
    )
    # Nothing like a defined organization: the inclusive one is reported too.
    other = text.replace("payc0", "stripe")
    run = validate_json(program(system=system, controls={"vendor.yaml": other}))
    assert sorted(run.rules()) == ["inclusive-without-controls", "unknown-system"]


def test_a_rejected_subservice_organization_is_the_schema_finding_only(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - {id: payco, name: PayCo, method: inclusive}
        """
    )
    text = "controls:\n" + vendor_control("PC-01", "subservice_organization: [payco]")
    run = validate_json(program(system=system, controls={"vendor.yaml": text}))
    assert run.rules() == ["schema"]


# ------------------------------------------------------------ subservice-report-missing


def test_a_carved_out_vendor_without_its_soc_report(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - id: aws
            name: AWS
            method: carve-out
            csocs: [{id: CSOC-1, description: Data centres are guarded., criteria: [CC6.4]}]
          - {id: payco, name: PayCo, method: inclusive}
          - id: okta
            name: Okta
            method: carve-out
            csocs: [{id: CSOC-2, description: Okta's staff access is reviewed., criteria: [CC6.2]}]
            soc_report: SOC_REPORT
        """
    )
    text = "controls:\n" + vendor_control("PC-01", "subservice_organization: payco")
    run = validate_json(program(system=system, controls={"vendor.yaml": text}))
    assert run.where("subservice-report-missing") == [
        ("system.yaml", *locate(system, "carve-out\n    csocs: [{id: CSOC-1"), "aws")
    ]
    assert run.findings[0]["severity"] == "warning"
    assert run.findings[0]["message"].startswith(
        "subservice organization 'aws' (AWS) is carved out, but no 'soc_report' is recorded; "
    )
    assert len(run.findings) == 1


def test_a_rejected_soc_report_is_the_schema_finding_only(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - id: aws
            name: AWS
            method: carve-out
            csocs: [{id: CSOC-1, description: Data centres are guarded., criteria: [CC6.4]}]
            soc_report: {type: 2, as_of: 2026-06-30, received_on: 2026-07-20, reviewed_by: alice}
        """
    )
    run = validate_json(program(system=system))
    assert run.rules() == ["schema"]


def test_an_undefined_reviewer_of_the_vendor_report(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - id: aws
            name: AWS
            method: carve-out
            csocs: [{id: CSOC-1, description: Data centres are guarded., criteria: [CC6.4]}]
            soc_report:
              {type: 2, period_end: 2026-06-30, received_on: 2026-07-20, reviewed_by: alise}
        """
    )
    run = validate_json(program(system=system))
    assert run.where("unknown-person") == [("system.yaml", *locate(system, "alise}"), "aws")]
    assert run.findings[0]["message"] == (
        "the SOC report of subservice organization 'aws' was reviewed by 'alise', who is not "
        "a person defined in system.yaml; did you mean 'alice'?"
    )
    fixed = system.replace("alise}", "alice}")
    assert validate_json(program(system=fixed)).findings == []


# ------------------------------------------------------------------------ unmapped-csoc


def test_csocs_that_map_nothing(program: Make) -> None:
    system = vendors(
        """
        subservice_organizations:
          - id: aws
            name: AWS
            method: carve-out
            csocs:
              - Physical access to data centres is restricted.
              - id: CSOC-2
                description: Media are wiped before disposal.
              - {id: CSOC-3, description: Hypervisors are patched., criteria: [CC7.1]}
              - {id: CSOC-4, description: Backups are replicated., objectives: [], criteria: []}
              - {id: CSOC-5, description: Capacity is monitored., criteria: [CC9.9]}
            soc_report: SOC_REPORT
        """
    )
    run = validate_json(program(system=system))
    assert run.where("unmapped-csoc") == [
        ("system.yaml", *locate(system, "Physical access"), "aws"),
        ("system.yaml", *locate(system, "id: CSOC-2"), "CSOC-2"),
        ("system.yaml", *locate(system, "{id: CSOC-4"), "CSOC-4"),
    ]
    sentence, item, _ = [f for f in run.findings if f["rule"] == "unmapped-csoc"]
    assert sentence["severity"] == "warning"
    assert sentence["message"].startswith(
        "a CSOC of subservice organization 'aws' is a sentence, which maps no criterion or "
        "objective; write it as an item with an 'id',"
    )
    assert item["message"].startswith(
        "CSOC 'CSOC-2' of subservice organization 'aws' maps no criterion or objective; "
    )
    # CC9.9 does not exist: that is unknown-criterion's finding, not a CSOC mapping nothing.
    assert [where[:3] for where in run.where("unknown-criterion")] == [
        ("system.yaml", *locate(system, "CC9.9"))
    ]


def test_a_rejected_csoc_mapping_is_the_schema_finding_only(program: Make) -> None:
    """The item is rejected whole: not a CSOC mapping nothing, and not a carve-out listing
    no CSOCs (missing-csoc) either."""
    system = vendors(
        """
        subservice_organizations:
          - id: aws
            name: AWS
            method: carve-out
            csocs:
              - {id: CSOC-1, description: Hypervisors are patched., criteria: CC7.1}
            soc_report: SOC_REPORT
        """
    )
    run = validate_json(program(system=system))
    assert run.rules() == ["schema"]


# ------------------------------------------------------------------------ unmapped-cuec


def test_cuecs_that_map_nothing(program: Make) -> None:
    system = vendors(
        """
        cuecs:
          - id: CUEC-1
            description: Customers remove their leavers' accounts promptly.
            controls: [GOV-01]
          - {id: CUEC-2, description: Customers protect their API keys., criteria: [CC6.1]}
          - {id: CUEC-3, description: Customers reconcile their payroll register., objectives: []}
        """
    )
    run = validate_json(program(system=system))
    assert run.where("unmapped-cuec") == [
        ("system.yaml", *locate(system, "id: CUEC-1"), "CUEC-1"),
        ("system.yaml", *locate(system, "{id: CUEC-3"), "CUEC-3"),
    ]
    first = run.findings[0]
    assert first["severity"] == "warning"
    assert first["message"] == (
        "CUEC 'CUEC-1' maps no criterion or objective; list the 'criteria' (SOC 2) or "
        "'objectives' (SOC 1) that are achieved only if user entities perform it"
    )
    mapped = system.replace("    controls: [GOV-01]\n", "    criteria: [CC6.2]\n").replace(
        "objectives: []}", "criteria: [CC6.3]}"
    )
    assert validate_json(program(system=mapped)).findings == []


# ------------------------------------------------------------------------ unknown-control


def test_references_to_controls_that_do_not_exist(program: Make) -> None:
    system = vendors(
        """
        cuecs:
          - id: CUEC-1
            description: Customers review access.
            criteria: [CC6.2]
            controls: [GOV-10, GOV-01, GOV-10]
        changes:
          - {date: 2026-05-01, description: Single sign-on replaced passwords., controls: [AC-07]}
        """
    )
    deviation = (
        "    tests:\n"
        "      - id: T-AC-01\n"
        "        method: inspection\n"
        "        procedure: Inspected the quarterly reviews.\n"
        "        performed_on: 2026-03-02\n"
        "        performed_by: tom\n"
        "        population: 2\n"
        "        sample_size: 2\n"
        "        exceptions: 1\n"
        "        result: exceptions\n"
        "        deviations:\n"
        "          - item: Q1 review\n"
        "            description: Signed off a week late.\n"
        "            management_response: Reminders now go out two weeks ahead.\n"
        "            compensating_controls: [GOV-01, GOV-2]\n"
    )
    text = (
        "controls:\n"
        "  - id: AC-01\n"
        "    title: Quarterly access review\n"
        "    description: The platform lead reviews production access each quarter.\n"
        "    owner: alice\n"
        "    criteria: [CC6.2]\n" + deviation
    )
    run = validate_json(program(system=system, controls={"access.yaml": text}))
    assert run.where("unknown-control") == [
        ("controls/access.yaml", *locate(text, "GOV-2]"), "T-AC-01"),
        ("system.yaml", *locate(system, "GOV-10, GOV-01"), "CUEC-1"),
        ("system.yaml", *locate(system, "AC-07]"), None),
    ]
    messages = [f["message"] for f in run.findings if f["rule"] == "unknown-control"]
    assert messages == [
        "a deviation of test 'T-AC-01' of control 'AC-01' names control 'GOV-2' in "
        "'compensating_controls', which is not defined in any control file; did you mean "
        "'GOV-01'?",
        "CUEC 'CUEC-1' names control 'GOV-10' in 'controls', which is not defined in any "
        "control file; did you mean 'GOV-01'?",
        "the change of 2026-05-01 names control 'AC-07' in 'controls', which is not defined "
        "in any control file; did you mean 'AC-01'?",
    ]
    assert {f["severity"] for f in run.findings if f["rule"] == "unknown-control"} == {"error"}
    fixed_system = system.replace("GOV-10, GOV-01, GOV-10", "GOV-01").replace("AC-07", "AC-01")
    fixed = text.replace("GOV-2]", "GOV-01]")
    run = validate_json(program(system=fixed_system, controls={"access.yaml": fixed}))
    assert "unknown-control" not in run.rules()


def test_a_control_the_schema_rejected_still_defines_its_id(program: Make) -> None:
    system = vendors(
        """
        changes:
          - {date: 2026-05-01, description: Single sign-on replaced passwords., controls: [AC-01]}
        """
    )
    untitled = (
        "controls:\n"
        "  - id: AC-01\n"
        "    description: The platform lead reviews production access each quarter.\n"
        "    owner: alice\n"
        "    criteria: [CC6.2]\n"
    )
    run = validate_json(program(system=system, controls={"access.yaml": untitled}))
    assert run.rules() == ["schema"]


def test_a_control_file_that_could_not_be_read_is_named(program: Make) -> None:
    system = vendors(
        """
        changes:
          - {date: 2026-05-01, description: Single sign-on replaced passwords., controls: [AC-01]}
        """
    )
    broken = "controls:\n  - id: AC-01\n    title: [Quarterly access review\n"
    run = validate_json(program(system=system, controls={"access.yaml": broken}))
    assert sorted(run.rules()) == ["unknown-control", "yaml-syntax"]
    [finding] = [f for f in run.findings if f["rule"] == "unknown-control"]
    assert finding["message"] == (
        "the change of 2026-05-01 names control 'AC-01' in 'controls', which is not defined "
        "in any control file (controls/access.yaml could not be read, and may define it)"
    )


def test_unknown_control_as_a_user_runs_it(program: Make) -> None:
    system = vendors(
        """
        changes:
          - {date: 2026-05-01, description: Single sign-on replaced passwords., controls: [GOV-1]}
        """
    )
    root = program(system=system)
    run = run_subprocess("validate", "--today", TODAY, "--format", "json", cwd=root)
    assert run.exit_code == 1
    assert run.where("unknown-control") == [("system.yaml", *locate(system, "GOV-1]"), None)]
