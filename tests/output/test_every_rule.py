"""One program that triggers every registered rule, through every output format.

Each branch tested its reporters with the findings it knew; this checks that no reporter
crashes on, drops or misfiles a finding of any rule, including the rules merged later.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from soccheck.checks.checker import Options, check
from soccheck.checks.rules.registry import RULES
from soccheck.format.catalog import load_catalog
from soccheck.load.program import load_program
from soccheck.output.registry import get_reporter
from tests.ci_helpers import outcome, read_junit, run_sarif_validator
from tests.conftest import COVERAGE_CONTROL, TODAY, dedent, run_cli, write_program

SYSTEM = dedent(
    """
    name: Everything Wrong Inc.
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-02-15}
        categories: [security, availability]
        not_applicable:
          - {criterion: CC6.4, reason: TBD}
      - id: soc2-avail
        framework: soc2
        type: 1
        as_of: 2026-06-30
        categories: [availability]
        not_applicable:
          - {criterion: CC9.2, reason: Vendor management is examined in the Type 2 report.}
      - id: soc1-2026
        framework: soc1
        type: 2
    control_objectives:
      - {id: CO-1, title: Payroll changes are authorized}
      - {id: CO-2, title: Payroll is paid on time}
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
      - {id: carol, name: Carol Compliance}
      - {id: olga, name: Olga Former, active: false}
      - {id: ben, name: Ben Gone, left: 2026-01-15}
      - {id: dan, name: Dan Operator}
    teams:
      - {id: platform, name: Platform, lead: alice, members: [alice, ghost]}
      - {id: ops, name: Operations, lead: olga, members: [dan]}
    subservice_organizations:
      - id: cloud
        name: Cloud Host
        method: carve-out
        soc_report: {type: 1, as_of: 2025-06-30, received_on: 2025-07-15, reviewed_by: carol}
      - {id: payco, name: PayCo, method: inclusive}
      - {id: mail, name: Mail Host, method: carve-out, csocs: [Mail is kept confidential.]}
    cuecs:
      - {id: CUEC-1, description: Customers review their users., controls: [NOPE-1]}
    systems:
      - {id: app, name: The application}
    """
)
"""security-not-selected (soc2-avail), unselected-criterion (A1.x), uncovered-objective (CO-1),
invalid-period (soc1-2026 has no period), period-length (six weeks), missing-csoc (cloud),
unknown-person (team member 'ghost'), inactive-team-lead (ops: olga has gone, dan remains),
subservice-report-stale (cloud's Type 1 report, for both SOC 2 reports),
subservice-report-missing (mail, a carve-out with no report on record),
inclusive-without-controls (payco), unmapped-csoc (mail's sentence), unmapped-cuec and
unknown-control (CUEC-1), na-criterion-mapped and weak-na-reason (CC6.4, which the coverage
control maps), na-common-criterion (CC9.2 in soc2-avail, where no control maps it)."""


def _test(test_id: str, **fields: object) -> str:
    values: dict[str, object] = {
        "method": "inspection",
        "procedure": "Inspected the evidence.",
        "performed_on": "2026-02-01",
        "performed_by": "tom",
        "result": "pass",
        "covers": "{start: 2026-01-01, end: 2026-02-01}",
        "population": 1,
        "sample_size": 1,
        **fields,
    }
    return f"      - id: {test_id}\n" + "".join(
        f"        {k}: {v}\n" for k, v in values.items() if v is not None
    )


def _control(control_id: str, *, tests: str = "", **fields: object) -> str:
    values: dict[str, object] = {
        "title": "A control",
        "description": "Someone does something, with evidence.",
        "owner": "platform",
        "criteria": "[CC6.1]",
        "frequency": "quarterly",
        **fields,
    }
    text = f"  - id: {control_id}\n" + "".join(
        f"    {k}: {v}\n" for k, v in values.items() if v is not None
    )
    return text + ("    tests:\n" + tests if tests else "")


CONTROLS = "controls:\n" + "".join(
    [
        _control("OWN-01", owner=None, tests=_test("T-OWN-01")),  # missing-owner
        _control("OWN-02", owner="alise", tests=_test("T-OWN-02")),  # unknown-owner
        _control("OWN-03", owner="olga", tests=_test("T-OWN-03")),  # inactive-owner
        _control("MAP-01", criteria="[P1.1]"),  # out-of-scope-criterion
        _control("MAP-02", criteria="[]", title="Review at {company_name}"),  # unmapped-control,
        # placeholder-text
        _control("MAP-03", criteria="[CC99.1]", objectives="[CO-99]"),  # unknown-*
        _control("TST-01"),  # untested-control
        _control("TST-02", tests=_test("T-FAIL", result="fail")),  # failed-test
        _control(
            "TST-03",
            tests=_test("T-EXC", population=2, sample_size=2, exceptions=1, result="exceptions"),
        ),
        _control("TST-04", frequency="daily", tests=_test("T-SMALL", population=40, sample_size=3)),
        _control("TST-05", tests=_test("T-SELF", performed_by="alice")),  # not independent
        _control("TST-06", tests=_test("T-OK") + _test("T-LATER", performed_on="2027-01-01")),
        _control("REF-01", tests=_test("T-REF", performed_by="nobody", report="soc9")),
        _control("REF-01", tests=_test("T-DUP")),  # duplicate-id
        _control(
            "EVD-01",
            tests=_test("T-EVD"),
            evidence="\n      - path: evidence/missing.pdf\n      - path: ../outside.pdf",
        ),
        _control("SCH-01", frequency="sometimes", tests=_test("T-SCH")),  # schema
        _control(
            "AUD-01",
            owner="ops",
            frequency="monthly",
            evidence="\n      - url: https://example.com/ops-2026-02\n        as_of: 2026-02-03",
            tests=_test("T-ASK", method="inquiry", reviewed_by="tom")  # inquiry-only-test,
            # reviewer-not-independent
            + _test("T-GONE", performed_by="ben"),  # tester-not-active
        ),  # evidence-gap (January), stale-evidence
        _control(  # period-not-covered: nothing sampled from 2026-01-19 to 2026-01-31
            "SMP-01",
            frequency="weekly",
            tests=_test("T-SMP-1", covers="{start: 2026-01-01, end: 2026-01-18}")
            + _test("T-SMP-2", covers="{start: 2026-02-01, end: 2026-02-15}"),
        ),
        _control(  # test-outside-period: last year's sample
            "SMP-02", tests=_test("T-SMP-3", covers="{start: 2025-07-01, end: 2025-12-31}")
        ),
        _control(  # population-implausible: 5 of 32 business days
            "SMP-03",
            frequency="daily",
            tests=_test("T-SMP-4", covers="{start: 2026-01-01, end: 2026-02-15}", population=5),
        ),
        _control(  # missing-frequency; its test sample-period-missing, incomplete-test-record
            "REC-01", frequency=None, tests=_test("T-REC", covers=None, population=None)
        ),
        # no-key-control (CO-2 rests on KEY-01, not key)
        _control("KEY-01", criteria="[]", objectives="[CO-2]", tests=_test("T-KEY")),
        # automated-control-without-itgc (app), unknown-system (nowhere)
        _control("SYS-01", automation="automated", systems="[app, nowhere]", tests=_test("T-SYS")),
        _control(  # coverage-gap (CC9.2 in January), undisclosed-change
            "CHG-01",
            criteria="[CC9.2]",
            reports="[soc2-2026]",
            effective="{from: 2026-02-01}",
            tests=_test("T-CHG-01", performed_on="2026-02-05"),
        ),
    ]
)

CONFIG = dedent(
    """
    rules:
      missing-ownr: warning
    limits:
      max_file_size: 100000
    waiver_policy:
      max_subjects: 2
    waivers:
      - rule: missing-owner
        subject: OWN-01
        reason: The owner is assigned at the Q4 review.
        approved_by: carol
        expires: 2026-10-31
      - rule: unknown-owner
        subject: ZZ-*
        reason: Nothing matches this.
        approved_by: carol
        expires: 2026-12-31
      - rule: test-exceptions
        subject: T-EXC
        reason: Self-approved, so it does not apply.
        approved_by: alice
        expires: 2026-12-31
      - rule: untested-control
        subject: TST-01
        reason: Tested in December.
        approved_by: carol
        expires: 2026-12-31
      - rule: unselected-criterion
        subject: A1.*
        reason: Availability is mapped next quarter.
        approved_by: ghost
        expires: 2026-12-31
    """
)
"""config (unknown rule), file-too-large (via the limit), expired-waiver, unused-waiver,
waiver-approver (alice leads the team owning TST-03; ghost is no person), broad-waiver (A1.*
matches three criteria, more than max_subjects), and one waiver in force (TST-01)."""


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def every_rule_program(root: Path) -> Path:
    write_program(
        root,
        system=SYSTEM,
        controls={
            # CC9.2 is left to CHG-01, which covers it only in part of one report.
            "_coverage.yaml": "controls:\n" + COVERAGE_CONTROL.replace(", CC9.2]", "]"),
            "all.yaml": CONTROLS,
            "broken.yaml": "controls: [\n",  # yaml-syntax
            "tag.yaml": "id: !!python/object:os.system x\n",  # yaml-tag
            "bomb.yaml": _alias_bomb(),  # yaml-limits
            "dup.yaml": "controls: []\ncontrols: []\n",  # duplicate-key
            "binary.yaml": "",  # replaced below: file-unreadable
            "big.yaml": "# " + "x" * 200_000 + "\n",  # file-too-large
            "docs.yaml": "controls: []\n---\ncontrols: []\n",  # multiple-documents
            "empty.yaml": "# nothing yet\n",  # empty-file
        },
        extra={"soccheck.yaml": CONFIG},
        coverage=False,
    )
    (root / "controls" / "binary.yaml").write_bytes(b"\xff\xfe\x00controls")
    outside = root.parent / "outside.pdf"
    outside.write_bytes(b"%PDF-1.7\n")
    (root.parent / "outside.yaml").write_text("controls: []\n", encoding="utf-8")
    (root / "controls" / "link.yaml").symlink_to(root.parent / "outside.yaml")  # outside root
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return every_rule_program(tmp_path_factory.mktemp("every") / "prog")


def test_the_program_triggers_every_registered_rule(root: Path) -> None:
    run = run_cli("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 1
    fired = {f["rule"] for f in run.findings}
    assert sorted(set(RULES) - fired) == []
    assert fired <= set(RULES)
    waived = [f for f in run.findings if "waived" in f]
    # One finding per report examining TST-01; the waiver covers both.
    assert [(f["rule"], f["subject"]) for f in waived] == [("untested-control", "TST-01")] * 2
    summary = run.json["summary"]
    assert summary["errors"] + summary["warnings"] + summary["waived"] == len(run.findings)


def _ids(root: Path) -> set[str]:
    """Every control, test, person, team, report, objective and criterion ID the program
    names, and every criterion of the catalog (messages name criteria the program lacks)."""
    program = load_program(root)
    system = program.system
    assert system is not None
    ids = {c.id for c in program.controls} | {t.id for c in program.controls for t in c.tests}
    for items in (system.people, system.teams, system.reports, system.control_objectives):
        ids |= {item.id for item in items}
    ids |= {c for control in program.controls for c in (*control.criteria, *control.objectives)}
    return ids | set(load_catalog().criteria)


_ID_CHARS = "A-Za-z0-9._:-"


def test_every_message_quotes_the_ids_it_names(root: Path) -> None:
    """IDs are quoted one way in every message, 'AC-01', so a reader can tell an ID from a
    word and copy it exactly; this runs over the findings of every registered rule."""
    run = run_cli("validate", root, "--format", "json", "--today", TODAY)
    ids = _ids(root)
    assert {"OWN-01", "T-OWN-01", "alice", "platform", "soc2-2026", "CO-1", "CC6.1"} <= ids
    unquoted = []
    for finding in run.findings:
        message = finding["message"]
        for ident in ids:
            # The whole ID, not part of a longer one (a sentence's full stop is not part of it).
            pattern = rf"(?<![{_ID_CHARS}]){re.escape(ident)}(?![A-Za-z0-9_:-]|\.[A-Za-z0-9])"
            for match in re.finditer(pattern, message):
                before = message[match.start() - 1 : match.start()]
                after = message[match.end() : match.end() + 1]
                if (before, after) != ("'", "'"):
                    unquoted.append((finding["rule"], ident, message))
    assert unquoted == []
    assert {f["rule"] for f in run.findings} == set(RULES)


def _described(finding: dict[str, Any]) -> str:
    """How the text format and the JUnit details start a finding's line."""
    label = "waived" if "waived" in finding else finding["severity"]
    return (
        f"{finding['path']}:{finding['line']}:{finding['column']}: {label} "
        f"{finding['rule']} {finding['message']}"
    )


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_line_formats_show_every_finding(
    root: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)  # text paths are relative to the current directory
    data = run_cli("validate", root, "--format", "json", "--today", TODAY)
    run = run_cli("validate", root, "--format", fmt, "--today", TODAY)
    assert run.exit_code == 1, run.stderr
    assert run.stderr == ""
    if fmt == "text":
        for finding in data.findings:
            line = _described(finding)
            assert any(entry.startswith(line) for entry in run.stdout.splitlines()), line
    else:
        titles = re.findall(r"^::\w+ file=.*,title=([a-z-]+)(?: \(waived\))?::", run.stdout, re.M)
        active = [f for f in data.findings if "waived" not in f]
        assert run.stdout.count("::error ") == sum(1 for f in active if f["severity"] == "error")
        assert run.stdout.count("::warning ") == len(active) - run.stdout.count("::error ")
        assert len(titles) == len(data.findings)
        assert set(titles) == set(RULES)
        assert "GitHub shows only the first 10 of each" in run.stdout


def test_junit_places_every_finding_exactly_where_it_belongs(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    run = run_cli("validate", root, "--today", TODAY, "--junit-xml", path)
    assert run.exit_code == 1, run.stderr
    suites = read_junit(path)
    assert [s.name for s in suites] == [
        "soc2-2026 (SOC 2 Type 2)",
        "soc2-avail (SOC 2 Type 1)",
        "soc1-2026 (SOC 1 Type 2)",
        "program",
    ]
    lines = [
        line
        for suite in suites
        for case in suite.cases
        for result in case.result
        for line in (result.text or "").splitlines()
    ]
    data = run_cli("validate", root, "--format", "json", "--today", TODAY)
    for finding in data.findings:
        assert any(line.startswith(_described(finding)) for line in lines), finding
    soc2, avail, soc1, program = suites
    # Report-scoped findings stay in their report's suite.
    for suite, report in ((soc2, "soc2-2026"), (avail, "soc2-avail")):
        [first, _second] = [c for c in suite.cases if c.name.startswith("REF-01")]
        [failure] = first.result
        untested = [line for line in failure.text.splitlines() if "untested-control" in line]
        assert len(untested) == 1 and f"not for '{report}' " in untested[0]
        assert outcome(suite.case("TST-01")) == (
            "skipped",
            "[untested-control] waived until 2026-12-31 by carol: Tested in December.",
            None,
        )
        assert outcome(suite.case("A1.1"))[2] == "unselected-criterion"
    assert outcome(soc1.case("CO-1"))[2] == "uncovered-objective"
    # The reused ID belongs to the second REF-01, not to the first.
    assert [outcome(c)[2] for c in soc2.cases if c.name.startswith("REF-01")] == [
        "untested-control, unknown-person, unknown-report",
        "duplicate-id",
    ]
    assert outcome(program.case("MAP-02"))[2] is None  # a warning: skipped, not failed
    assert outcome(program.case("controls/link.yaml"))[2] == "path-outside-root"


def test_sarif_describes_and_indexes_every_result(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.sarif"
    run = run_cli("validate", root, "--today", TODAY, "--sarif", path)
    assert run.exit_code == 1, run.stderr
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    [sarif_run] = data["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    results = sarif_run["results"]
    findings = run_cli("validate", root, "--format", "json", "--today", TODAY).findings
    assert len(results) == len(findings)
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    fingerprints = [next(iter(r["partialFingerprints"].values())) for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    assert [r["ruleId"] for r in results if "suppressions" in r] == ["untested-control"] * 2


@pytest.mark.slow
def test_microsoft_sarif_validator_accepts_every_rule(tmp_path: Path) -> None:
    root = every_rule_program(tmp_path / "checkout" / "prog")
    result = check(load_program(root), Options(today=dt.date.fromisoformat(TODAY)))
    path = tmp_path / "every.sarif"
    path.write_text(get_reporter("sarif")(result), encoding="utf-8")
    issues = run_sarif_validator(path, tmp_path)
    assert [i for i in issues if i.level != "note"] == []
