"""Programs written for the format before issue 15 still load, and the audit-trail rules give
them warnings, with errors only where their records were already incomplete or late (the
CHANGELOG lists those errors and what clears each); issue 16's scope rules give the old saas
example warnings only."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, TODAY, dedent, run_cli, run_subprocess, write_program

OLD_SAAS = REPO / "tests" / "data" / "old-programs" / "saas"

ERRORS_AN_OLD_PROGRAM_CAN_GET = {
    "incomplete-test-record",
    "missing-frequency",
    "undocumented-deviation",
    "test-outside-period",
}
"""The CHANGELOG's list: records already incomplete (no population or sample size, no
frequency, exceptions with no described deviation) or late (performed after the fieldwork
window)."""


def test_the_old_saas_example_loads_and_gets_warnings_and_one_documented_error(
    tmp_path: Path,
) -> None:
    root = tmp_path / "saas"
    shutil.copytree(OLD_SAAS, root)
    run = run_cli("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 1
    rules = [(f["rule"], f["severity"]) for f in run.json["findings"]]
    assert not [r for r, _ in rules if r in ("schema", "yaml-syntax", "config")]
    errors = {r for r, severity in rules if severity == "error"}
    assert errors == {"undocumented-deviation"}  # T-AC-03 found an exception
    # (test-exceptions is the example's waived finding, as under the previous format.)
    warnings = {r for r, severity in rules if severity == "warning"}
    # Issue 15's rule asks every test for its span; issue 16's scope rules add warnings only:
    # its automated and IT-dependent controls name no system, AWS's SOC report is not on
    # record and its CSOCs are sentences.
    assert warnings - {"test-exceptions"} == {
        "sample-period-missing",
        "automated-control-without-itgc",
        "subservice-report-missing",
        "unmapped-csoc",
    }
    assert rules.count(("sample-period-missing", "warning")) == 20  # every operating test
    # The same through the installed entry point.
    process = run_subprocess("validate", root, "--today", TODAY)
    assert process.exit_code == 1
    assert "failed: 1 error, 38 warnings, 1 waived in 9 files (20 controls)" in process.stdout


OLD_SYSTEM = dedent(
    """
    name: Old Program
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
    """
)


def _old_test(test_id: str, performed_on: str, extra: str = "") -> str:
    return (
        f"      - id: {test_id}\n"
        "        method: inspection\n"
        "        procedure: Inspected the evidence of each sampled occurrence.\n"
        f"        performed_on: {performed_on}\n"
        "        performed_by: tom\n"
        "        result: pass\n" + extra
    )


def test_an_old_program_gets_errors_only_where_its_records_were_incomplete_or_late(
    tmp_path: Path,
) -> None:
    """Each documented error, once, from records written for the previous format; nothing
    else that is an error."""
    sample = "        population: 4\n        sample_size: 2\n        exceptions: 0\n"
    controls = (
        "controls:\n"
        "  - id: AC-01\n    title: Access review\n"
        "    description: The owner reviews access each quarter.\n"
        "    owner: alice\n    criteria: [CC6.1]\n    frequency: quarterly\n"
        "    tests:\n"
        + _old_test("T-LATE", "2026-11-02", sample)  # after fieldwork
        + _old_test("T-OK", "2026-07-20", sample)
        + "  - id: AC-02\n    title: Access removal\n"
        "    description: Leavers lose access within a day.\n"
        "    owner: alice\n    criteria: [CC6.2]\n"  # no frequency
        "    tests:\n"
        + _old_test("T-BARE", "2026-07-21")  # no population or sample size
        + "  - id: AC-03\n    title: Change approval\n"
        "    description: Changes are approved before release.\n"
        "    owner: alice\n    criteria: [CC8.1]\n    frequency: quarterly\n"
        "    tests:\n"
        + _old_test("T-EXC", "2026-07-22", sample.replace("exceptions: 0", "exceptions: 1"))
    )
    root = write_program(tmp_path / "old", {"access.yaml": controls}, system=OLD_SYSTEM)
    run = run_cli("validate", root, "--format", "json", "--today", TODAY)
    found = run.json["findings"]
    assert not [f for f in found if f["rule"] in ("schema", "yaml-syntax")]
    errors = sorted((f["rule"], f["subject"]) for f in found if f["severity"] == "error")
    new_errors = [e for e in errors if e[0] in ERRORS_AN_OLD_PROGRAM_CAN_GET]
    assert new_errors == [
        ("incomplete-test-record", "T-BARE"),
        ("missing-frequency", "AC-02"),
        ("test-outside-period", "T-LATE"),
        ("undocumented-deviation", "T-EXC"),
    ]
    # The other errors are the previous format's own rules, as before this change.
    assert {r for r, _ in errors} - ERRORS_AN_OLD_PROGRAM_CAN_GET <= {"test-exceptions"}


ERRORS_OF_ISSUE_16_FOR_AN_OLD_PROGRAM = {"inclusive-without-controls", "na-criterion-mapped"}
"""The CHANGELOG's list for issue 16: an old program can name no control an inclusive
subservice organization performs (the key is new), and may declare a criterion not
applicable while a control maps it."""


def test_an_old_program_with_an_inclusive_vendor_gets_the_documented_error(
    tmp_path: Path,
) -> None:
    """The previous format had no 'subservice_organization' on controls, so an inclusive
    vendor in an old program has no control attributed to it: one error, at its method."""
    root = tmp_path / "saas"
    shutil.copytree(OLD_SAAS, root)
    system = root / "system.yaml"
    text = system.read_text(encoding="utf-8")
    vendor = (
        "subservice_organizations:\n"
        "  - id: payco\n"
        "    name: PayCo Payments\n"
        "    services: Card payment processing, examined in this report\n"
        "    method: inclusive\n"
    )
    system.write_text(text.replace("subservice_organizations:\n", vendor, 1), encoding="utf-8")
    run = run_cli("validate", root, "--format", "json", "--today", TODAY)
    errors = {(f["rule"], f["subject"]) for f in run.json["findings"] if f["severity"] == "error"}
    assert errors == {
        ("undocumented-deviation", "T-AC-03-2026"),
        ("inclusive-without-controls", "payco"),
    }
    assert {r for r, _ in errors} - ERRORS_AN_OLD_PROGRAM_CAN_GET <= (
        ERRORS_OF_ISSUE_16_FOR_AN_OLD_PROGRAM
    )
