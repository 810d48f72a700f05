"""JUnit XML: the checklist layout, read back with junitparser and checked against the Ant XSD."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from soccheck.checks.checker import Options, Result, check
from soccheck.checks.findings import Finding, WaiverInfo
from soccheck.load.program import load_program
from soccheck.output.registry import get_reporter
from tests.ci_helpers import (
    JUNIT_XSD,
    control,
    controls_file,
    outcome,
    read_junit,
    require_module,
    system_with,
)
from tests.conftest import CC, TODAY, run_cli, run_subprocess

SOC2 = "soc2-2026 (SOC 2 Type 2)"


def junit(root: Path, tmp_path: Path, *args: str) -> tuple[int, list]:  # type: ignore[type-arg]
    report = tmp_path / "out" / "junit.xml"
    run = run_cli("validate", root, "--today", TODAY, "--junit-xml", report, *args)
    assert run.exit_code in (0, 1), run.stderr
    return run.exit_code, read_junit(report)


def by_name(suites: list) -> dict:  # type: ignore[type-arg]
    return {suite.name: suite for suite in suites}


def test_clean_program_is_a_passing_checklist(program: Callable[..., Path], tmp_path: Path) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    code, suites = junit(root, tmp_path)
    assert code == 0
    assert [s.name for s in suites] == [SOC2, "program"]
    soc2 = suites[0]
    assert soc2.names("soc2-2026.criteria")[0] == "CC1.1: " + _title("CC1.1")
    assert [n.split(":")[0] for n in soc2.names("soc2-2026.criteria")] == CC
    assert soc2.names("soc2-2026.controls") == [
        "GOV-01: Security program",
        "AC-01: Quarterly access review",
    ]
    assert (soc2.tests, soc2.failures, soc2.errors, soc2.skipped) == (len(CC) + 2, 0, 0, 0)
    assert soc2.properties["report.id"] == "soc2-2026"
    assert soc2.properties["report.period"] == "2026-01-01/2026-06-30"
    program_suite = suites[1]
    assert program_suite.names("program.files") == [
        "system.yaml",
        "controls/_coverage.yaml",
        "controls/access.yaml",
    ]
    assert program_suite.failures == 0
    ac01 = soc2.case("AC-01")
    assert (ac01.file, ac01.line) == ("controls/access.yaml", 2)
    assert (soc2.case("CC6.1").file, soc2.case("CC6.1").line) == ("system.yaml", 3)


def _title(criterion: str) -> str:
    from soccheck.format.catalog import load_catalog

    return load_catalog().criteria[criterion].title


def test_control_fails_with_its_findings(program: Callable[..., Path], tmp_path: Path) -> None:
    bad = control("AC-01", owner="alise").replace(
        "  frequency: quarterly", "  frequency: sometimes"
    )
    root = program(controls={"access.yaml": controls_file(control("AC-02", owner=None), bad)})
    plain = run_cli("validate", root, "--today", TODAY)
    code, suites = junit(root, tmp_path)
    assert code == plain.exit_code == 1
    soc2 = by_name(suites)[SOC2]
    kind, message, rule = outcome(soc2.case("AC-02"))
    assert (kind, rule) == ("failure", "missing-owner")
    assert message == "control 'AC-02' has no owner; set 'owner' to a person or team ID"
    assert (soc2.case("AC-02").file, soc2.case("AC-02").line) == ("controls/access.yaml", 2)

    ac01 = soc2.case("AC-01")
    kind, message, rule = outcome(ac01)
    assert kind == "failure"
    assert rule == "unknown-owner, schema"
    assert message is not None and message.startswith("2 findings: [unknown-owner] owner 'alise'")
    assert "[schema] frequency must be one of" in message
    # The case points at the first finding: the owner value.
    assert (ac01.file, ac01.line) == ("controls/access.yaml", 23)
    [failure] = ac01.result
    assert failure.text.splitlines()[0].startswith(
        "controls/access.yaml:23:12: error unknown-owner owner 'alise'"
    )
    assert soc2.failures == 2
    # The checklist's criteria stay green: nothing is wrong with their coverage.
    assert all(outcome(c)[0] == "passed" for c in soc2.cases if c.classname.endswith("criteria"))


def test_program_suite_holds_file_findings_and_unscoped_controls(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    system = system_with(extra="unexpected: 1\n")
    root = program(
        system=system,
        controls={
            "access.yaml": controls_file(
                control("AC-01"), "  - id: AC-09\n    title: Missing its description\n"
            ),
            "orphan.yaml": controls_file(control("OR-01", criteria=(), owner=None)),
            "broken.yaml": "controls:\n  - id: [\n",
        },
    )
    _code, suites = junit(root, tmp_path)
    program_suite = by_name(suites)["program"]
    kind, message, rule = outcome(program_suite.case("system.yaml"))
    assert (kind, rule) == ("failure", "schema")
    assert message is not None and "unexpected" in message
    assert (program_suite.case("system.yaml").line) == 14
    assert outcome(program_suite.case("controls/broken.yaml"))[2] == "yaml-syntax"
    # AC-09 is invalid, so it is no control: its finding stays with its file, not with the
    # control above it.
    kind, message, rule = outcome(program_suite.case("controls/access.yaml"))
    assert (kind, rule) == ("failure", "schema")
    assert message is not None and "description" in message
    assert program_suite.case("controls/access.yaml").line == 21
    assert outcome(by_name(suites)[SOC2].case("AC-01"))[0] == "passed"
    # A control no report examines is still on the checklist, with its findings.
    orphan = program_suite.case("OR-01")
    assert orphan.classname == "program.controls"
    assert outcome(orphan)[2] == "missing-owner"
    assert "OR-01: Quarterly access review" not in by_name(suites)[SOC2].names("soc2-2026.controls")


def test_one_suite_per_report_and_test_findings_count_in_their_report(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    reports = """\
reports:
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
    categories: [security]
  - id: soc2-2027
    framework: soc2
    type: 1
    as_of: 2027-01-15
    categories: [security, availability]
    not_applicable:
      - {criterion: A1.3, reason: Recovery is the hosting provider's carve-out responsibility.}
  - id: soc1-2026
    framework: soc1
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
control_objectives:
  - {id: CO-1, title: Payroll changes are authorized}
  - {id: CO-2, title: Pay runs are complete and accurate}
"""
    bad_test = control("AC-01", test_report="soc2-2027").replace(
        "performed_on: 2026-04-02", "performed_on: 2026-13-45"
    ) + _second_test("T-AC-01-2026", "soc2-2026")
    root = program(
        system=system_with(reports),
        controls={
            "access.yaml": controls_file(bad_test),
            "payroll.yaml": controls_file(
                control("PAY-01", criteria=(), objectives=("CO-1", "CO-2"))
            ),
        },
    )
    _code, suites = junit(root, tmp_path)
    assert [s.name for s in suites] == [
        SOC2,
        "soc2-2027 (SOC 2 Type 1)",
        "soc1-2026 (SOC 1 Type 2)",
        "program",
    ]
    soc2_2026, soc2_2027, soc1, _program = suites
    # The schema finding is about test T-AC-01, written for soc2-2027 only (and the control is
    # not also reported as untested for soc2-2027: the rejected test may be the one).
    assert outcome(soc2_2027.case("AC-01"))[2] == "schema"
    assert outcome(soc2_2026.case("AC-01"))[0] == "passed"
    # Availability criteria are in scope of soc2-2027 only; A1.3 is marked not applicable.
    assert [n.split(":")[0] for n in soc2_2027.names("soc2-2027.criteria")][-3:] == [
        "A1.1",
        "A1.2",
        "A1.3",
    ]
    assert not any(n.startswith("A1.") for n in soc2_2026.names("soc2-2026.criteria"))
    kind, message, _ = outcome(soc2_2027.case("A1.3"))
    assert kind == "skipped"
    assert message == "not applicable: Recovery is the hosting provider's carve-out responsibility."
    assert soc2_2027.properties["report.as_of"] == "2027-01-15"
    assert soc2_2027.properties["report.categories"] == "security,availability"
    # SOC 1: a case per control objective, then the controls mapping them.
    assert soc1.names("soc1-2026.objectives") == [
        "CO-1: Payroll changes are authorized",
        "CO-2: Pay runs are complete and accurate",
    ]
    assert soc1.names("soc1-2026.controls") == ["PAY-01: Quarterly access review"]
    assert soc1.case("CO-2").line == 21


def _second_test(test_id: str, report: str) -> str:
    """One more passing test for the control above it (a list item under its 'tests')."""
    return (
        f"      - id: {test_id}\n"
        "        method: inspection\n"
        "        procedure: Inspected two quarterly reviews and their sign-off.\n"
        "        performed_on: 2026-04-03\n"
        "        performed_by: tom\n"
        f"        report: {report}\n"
        "        covers: {start: 2026-01-01, end: 2026-04-02}\n"
        "        population: 2\n"
        "        sample_size: 2\n"
        "        result: pass\n"
    )


def test_findings_about_one_report_fail_only_that_report(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    """untested-control and unselected-criterion name the report they are about: a control
    tested for soc2-2026 only, and a criterion declared not applicable in soc2-2026 only,
    fail in soc2-2027's suite and nowhere else."""
    reports = """\
reports:
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
    categories: [security, availability]
    not_applicable:
      - {criterion: A1.3, reason: Recovery is the hosting provider's carve-out responsibility.}
  - id: soc2-2027
    framework: soc2
    type: 1
    as_of: 2027-01-15
    categories: [security, availability]
"""
    root = program(
        system=system_with(reports),
        controls={
            "access.yaml": controls_file(
                control("AC-01", criteria=("CC6.1", "A1.1", "A1.2"), test_report="soc2-2026")
            )
        },
    )
    code, suites = junit(root, tmp_path)
    assert code == 1
    soc2_2026, soc2_2027 = by_name(suites)[SOC2], by_name(suites)["soc2-2027 (SOC 2 Type 1)"]
    assert outcome(soc2_2026.case("AC-01"))[0] == "passed"
    kind, message, rule = outcome(soc2_2027.case("AC-01"))
    assert (kind, rule) == ("failure", "untested-control")
    assert message is not None
    assert message.startswith("control 'AC-01' is tested only for 'soc2-2026', not for 'soc2-2027'")
    assert outcome(soc2_2026.case("A1.3"))[0] == "skipped"
    kind, message, rule = outcome(soc2_2027.case("A1.3"))
    assert (kind, rule) == ("failure", "unselected-criterion")
    assert (soc2_2026.failures, soc2_2027.failures) == (0, 2)


def _result_with(root: Path, extra: list[Finding], fail_on: str | None = None) -> Result:
    program = load_program(root)
    options = Options(today=dt.date.fromisoformat(TODAY), fail_on=fail_on)  # type: ignore[arg-type]
    result = check(program, options)
    result.findings = [*result.findings, *extra]
    return result


def _render_junit(result: Result, tmp_path: Path, name: str = "junit.xml") -> list:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(get_reporter("junit")(result), encoding="utf-8")
    return read_junit(path)


WAIVER = WaiverInfo(
    reason="Compensating weekly review while the new IdP rolls out.",
    approved_by="alice",
    expires="2026-12-31",
    ticket="SEC-142",
)


def test_waived_and_subject_findings_of_later_rules(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    """Findings by subject: criteria and objectives (rules such as coverage checks), waivers."""
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    uncovered = Finding(
        "uncovered-criterion", "error", "system.yaml", 3, 5, "CC7.5 is not covered", "CC7.5"
    )
    waived = Finding(
        "untested-control", "error", "controls/access.yaml", 2, 5, "AC-01 has no test", "AC-01"
    ).with_waiver(WAIVER)
    on_test = Finding(
        "stale-test", "warning", "controls/access.yaml", 10, 9, "test is old", "T-AC-01"
    )
    result = _result_with(root, [uncovered, waived, on_test])
    soc2 = by_name(_render_junit(result, tmp_path))[SOC2]
    assert outcome(soc2.case("CC7.5")) == ("failure", "CC7.5 is not covered", "uncovered-criterion")
    kind, message, _ = outcome(soc2.case("AC-01"))
    assert kind == "skipped"
    assert message == (
        "[untested-control] waived until 2026-12-31 by alice: Compensating weekly review "
        "while the new IdP rolls out. (SEC-142); warning: [stale-test] test is old"
    )
    assert soc2.failures == 1 and soc2.skipped == 1
    assert result.exit_code == 1  # the uncovered criterion

    # Under --fail-on warning the warning blocks, and the case fails (the waiver still does not).
    strict = _result_with(root, [waived, on_test], fail_on="warning")
    soc2 = by_name(_render_junit(strict, tmp_path, "strict.xml"))[SOC2]
    assert outcome(soc2.case("AC-01")) == ("failure", "test is old", "stale-test")
    [failure] = soc2.case("AC-01").result
    assert "waived untested-control AC-01 has no test [waived until 2026-12-31" in failure.text
    assert soc2.case("AC-01").line == 10


def test_failure_count_matches_exit_code(program: Callable[..., Path], tmp_path: Path) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    warning = Finding("empty-file", "warning", "controls/access.yaml", 1, 1, "looks empty")
    result = _result_with(root, [warning])
    suites = _render_junit(result, tmp_path)
    assert result.exit_code == 0
    assert sum(s.failures for s in suites) == 0
    assert outcome(by_name(suites)["program"].case("controls/access.yaml"))[0] == "skipped"


def test_valid_against_the_ant_junit_xsd_except_documented_additions(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    xmlschema = require_module("xmlschema", "validates JUnit output against the Ant XSD")
    reports = system_with(
        extra="control_objectives:\n  - {id: CO-1, title: Changes are authorized}\n"
    )
    root = program(
        system=reports.replace(
            "    categories: [security]\n",
            "    categories: [security, availability]\n"
            "    not_applicable:\n      - {criterion: A1.1, reason: Not offered.}\n",
        ),
        controls={
            "access.yaml": controls_file(
                control("AC-01", owner=None, title='Odd "title"\twith\vcontrol chars'),
                control("AC-02", owner="nobody"),
            ),
            "empty.yaml": "# nothing yet\n",
        },
    )
    extra = [
        Finding("x", "error", "controls/access.yaml", 2, 5, "waived", "AC-02").with_waiver(WAIVER)
    ]
    path = tmp_path / "junit.xml"
    path.write_text(get_reporter("junit")(_result_with(root, extra)), encoding="utf-8")
    tree = ET.parse(path)
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    # The documented additions (docs/ci.md): totals on <testsuites>, file/line on <testcase>.
    root_element = tree.getroot()
    for attribute in ("name", "tests", "failures", "errors", "skipped", "time"):
        del root_element.attrib[attribute]
    for case in root_element.iter("testcase"):
        del case.attrib["file"]
        del case.attrib["line"]
    errors = [str(e) for e in schema.iter_errors(root_element)]
    assert errors == []
    kinds = {outcome(c)[0] for s in read_junit(path) for c in s.cases}
    assert kinds == {"passed", "failure", "skipped"}


def test_paths_are_relative_to_the_working_directory(tmp_path: Path) -> None:
    from tests.conftest import write_program

    root = write_program(
        tmp_path / "repo" / "compliance",
        controls={"access.yaml": controls_file(control("AC-01", owner=None))},
    )
    run = run_subprocess(
        "validate",
        "compliance",
        "--today",
        TODAY,
        "--junit-xml",
        "reports/junit.xml",
        cwd=root.parent,
    )
    assert run.exit_code == 1
    suites = read_junit(root.parent / "reports" / "junit.xml")
    case = by_name(suites)[SOC2].case("AC-01")
    assert (case.file, case.line) == ("compliance/controls/access.yaml", 2)
    assert "compliance/system.yaml" in by_name(suites)["program"].names("program.files")


def test_reproducible_with_source_date_epoch(program: Callable[..., Path], tmp_path: Path) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    env = {"SOURCE_DATE_EPOCH": "1790000000"}
    first = run_cli("validate", root, "--format", "junit", "--today", TODAY, env=env).stdout
    second = run_cli("validate", root, "--format", "junit", "--today", TODAY, env=env).stdout
    assert first == second
    assert 'timestamp="2026-09-21T14:13:20"' in first


def test_unreadable_system_description_leaves_the_program_suite(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(
        system="name: [unclosed\n",
        controls={"access.yaml": controls_file(control("AC-01"))},
    )
    code, suites = junit(root, tmp_path)
    assert code == 1
    [program_suite] = suites
    assert program_suite.name == "program"
    assert outcome(program_suite.case("system.yaml"))[2] == "yaml-syntax"
    # Without a system description no report examines anything; the controls stay listed.
    assert program_suite.names("program.controls") == [
        "GOV-01: Security program",
        "AC-01: Quarterly access review",
    ]


def test_duplicate_control_ids_keep_findings_with_their_own_file(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(
        controls={
            "a.yaml": controls_file(control("AC-01", title="First")),
            "b.yaml": controls_file(control("AC-01", title="Second", owner="nobody")),
        }
    )
    _code, suites = junit(root, tmp_path)
    soc2 = by_name(suites)[SOC2]
    assert outcome(soc2.case("AC-01: First"))[0] == "passed"
    second = soc2.case("AC-01: Second")
    # Both the reused ID and the unknown owner are about the control in b.yaml.
    assert outcome(second)[2] == "duplicate-id, unknown-owner"
    # The case points at its first finding: the reused ID, at the start of the control.
    assert (second.file, second.line) == ("controls/b.yaml", 2)


def test_duplicate_ids_in_one_file_keep_findings_with_their_own_control(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    """The reused control ID (and its reused test ID) are reported at the second control, and
    its unknown owner too: all on the second case, none on the first."""
    root = program(
        controls={
            "a.yaml": controls_file(
                control("AC-01", title="First"),
                control("AC-01", title="Second", owner="nobody"),
            )
        }
    )
    _code, suites = junit(root, tmp_path)
    soc2 = by_name(suites)[SOC2]
    assert outcome(soc2.case("AC-01: First"))[0] == "passed"
    second = soc2.case("AC-01: Second")
    assert outcome(second)[2] == "duplicate-id, unknown-owner"
    [failure] = second.result
    # In file order: the control's ID, its owner, its test's ID.
    assert [line.split(" ")[2] for line in failure.text.splitlines()] == [
        "duplicate-id",
        "unknown-owner",
        "duplicate-id",
    ]
    assert (second.file, second.line) == ("controls/a.yaml", 21)
