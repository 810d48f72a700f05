"""The format additions of issue 15: every new key loads into its record, and every mistake in
one is a located finding (never a crash), in the CLI, the library and the published schemas."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import soccheck
from soccheck.checks.audit_trail import methods
from tests.conftest import (
    COVERAGE_CONTROL,
    SYSTEM,
    TODAY,
    dedent,
    run_cli,
    run_subprocess,
    validate_json,
)
from tests.test_library import check_jsonschema

Make = Callable[..., Path]

PEOPLE = SYSTEM.replace(
    "  - {id: olga, name: Olga Former, active: false}\n",
    "  - {id: olga, name: Olga Former, active: false}\n"
    "  - {id: rita, name: Rita Reviewer, joined: 2025-02-01}\n"
    "  - {id: ben, name: Ben Walsh, joined: 2019-04-01, left: 2026-09-30}\n",
)

FULL = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: The platform lead reviews production access every quarter.
        owner: platform
        criteria: [CC6.1]
        frequency: quarterly
        evidence:
          - path: evidence/q1-review.md
            as_of: 2026-04-03
          - url: https://tickets.example.com/REVIEW-2025-Q4
            as_of: 2026-01-06
          - url: https://tickets.example.com/REVIEW-2026-Q3
            as_of: 2026-10-02
        tests:
          - id: T-AC-01-I
            method: [inquiry, inspection]
            procedure: Inspected the Q1 review ticket for sign-off and removals.
            performed_on: 2026-04-15
            performed_by: tom
            population: 1
            sample_size: 1
            exceptions: 1
            result: exceptions
            covers: {start: 2026-01-01, end: 2026-03-31}
            phase: interim
            population_source: >-
              Ticket export of the 'access-review' queue, reconciled to the review calendar.
            reviewed_by: rita
            reviewed_on: 2026-04-20
            deviations:
              - item: ACCESS-1412
                description: One removal was done 9 days after the review.
                cause: The ticket was assigned to someone on leave.
                management_response: Removals now go to the on-call queue.
                remediated_on: 2026-05-02
                compensating_controls: [GOV-01]
          - id: T-AC-01-R
            method: inspection
            procedure: Inspected the Q2 review ticket after the remediation.
            performed_on: 2026-07-20
            performed_by: tom
            population: 1
            sample_size: 1
            exceptions: 0
            result: pass
            covers: {start: 2026-04-01, end: 2026-06-30}
            phase: roll-forward
            retest_of: T-AC-01-I
    """
)

CONFIG = dedent(
    """
    sampling:
      daily: 15
      monthly: 3
    fieldwork_days: 60
    waivers:
      - rule: test-exceptions
        subject: T-AC-01-I
        reason: One late removal; remediated, see the deviation's management response.
        approved_by: rita
        expires: 2026-12-31
    """
)


def _full(program: Make) -> Path:
    root = program(
        controls={"access.yaml": FULL},
        system=PEOPLE,
        extra={"soccheck.yaml": CONFIG, "evidence/q1-review.md": "# Q1\n"},
    )
    return root


def test_a_program_using_every_new_key_is_clean(program: Make) -> None:
    root = _full(program)
    run = run_subprocess("validate", root, "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stdout
    assert [f["rule"] for f in run.findings] == ["test-exceptions"]  # waived
    assert run.findings[0]["waived"] is not None


def test_every_new_key_reaches_its_record(program: Make) -> None:
    loaded = soccheck.load_program(_full(program))
    assert loaded.config.sampling == {"daily": 15, "monthly": 3}
    assert loaded.config.fieldwork_days == 60
    assert loaded.system is not None
    people = {p.id: p for p in loaded.system.people}
    assert people["ben"].joined == dt.date(2019, 4, 1)
    assert people["ben"].left == dt.date(2026, 9, 30)
    assert people["rita"].left is None
    [control] = [c for c in loaded.controls if c.id == "AC-01"]
    assert control.evidence[0].as_of == dt.date(2026, 4, 3)
    interim, retest = control.tests
    assert interim.method == ["inquiry", "inspection"]
    assert methods(interim) == ("inquiry", "inspection")
    assert methods(retest) == ("inspection",)
    assert interim.covers is not None
    assert (interim.covers.start, interim.covers.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert (interim.phase, retest.phase) == ("interim", "roll-forward")
    assert retest.retest_of == "T-AC-01-I"
    assert interim.population_source is not None
    assert interim.population_source.startswith("Ticket export")
    assert (interim.reviewed_by, interim.reviewed_on) == ("rita", dt.date(2026, 4, 20))
    [deviation] = interim.deviations
    assert deviation.as_dict() == {
        "item": "ACCESS-1412",
        "description": "One removal was done 9 days after the review.",
        "cause": "The ticket was assigned to someone on leave.",
        "management_response": "Removals now go to the on-call queue.",
        "remediated_on": dt.date(2026, 5, 2),
        "compensating_controls": ["GOV-01"],
    }
    assert retest.deviations == []
    assert retest.covers is not None and retest.covers.end == dt.date(2026, 6, 30)


def test_a_program_written_for_the_old_format_gets_the_defaults(program: Make) -> None:
    old = "controls:\n" + re.sub(r"\n *covers: .*", "", COVERAGE_CONTROL)
    assert "covers" not in old
    loaded = soccheck.load_program(program(coverage=False, controls={"program.yaml": old}))
    assert loaded.config.sampling == {}
    assert loaded.config.fieldwork_days == 90
    [control] = loaded.controls
    [test] = control.tests
    assert (test.covers, test.phase, test.deviations, test.retest_of) == (None, None, [], None)
    assert (test.population_source, test.reviewed_by, test.reviewed_on) == (None, None, None)


def test_a_deviation_without_a_management_response_is_no_schema_error(program: Make) -> None:
    """Its absence is 'undocumented-deviation''s finding, with a position; the schema must
    let the deviation through for that rule to see it."""
    text = re.sub(r"\n *management_response: .*", "", FULL)
    assert "management_response" not in text
    root = program(controls={"access.yaml": text}, system=PEOPLE)
    run = validate_json(root, "--select", "schema")
    assert run.findings == []
    [control] = [c for c in soccheck.load_program(root).controls if c.id == "AC-01"]
    assert control.tests[0].deviations[0].management_response is None


def _line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def _column_of(text: str, needle: str) -> int:
    offset = text.index(needle)
    return offset - text.rfind("\n", 0, offset)


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (
            "covers: {start: 2026-01-01, end: 2026-03-31}",
            "covers: {start: 2026-03-31, end: 2026-01-01}",
            "2026-01-01}",
            "covers ends (2026-01-01) before it starts (2026-03-31); write the first and the "
            "last day of the sampled span",
        ),
        (
            "method: [inquiry, inspection]",
            "method: [inspection, inquiry, inspection]",
            "[inspection, inquiry",
            "method lists 'inspection' more than once",
        ),
        (
            "method: [inquiry, inspection]",
            "method: []",
            "[]",
            "method must list at least 1 item(s)",
        ),
        (
            "method: [inquiry, inspection]",
            "method: [inquiry, inspect]",
            "inspect]",
            "method item 2 must be one of: inquiry, observation, inspection, reperformance; got "
            "'inspect'; did you mean 'inspection'?",
        ),
        (
            "method: [inquiry, inspection]",
            "method: interview",
            "interview",
            "method must be one of: inquiry, observation, inspection, reperformance, or a list "
            "of them; got 'interview'",
        ),
        (
            "phase: interim",
            "phase: final",
            "final",
            "phase must be one of: interim, roll-forward; got 'final'",
        ),
        (
            "reviewed_on: 2026-04-20",
            "reviewed_on: April 20",
            "April 20",
            "reviewed_on must be a date written YYYY-MM-DD; got 'April 20'",
        ),
        (
            "cause: The ticket",
            "reason: The ticket",
            "reason:",
            "unknown key 'reason' in deviation (allowed: cause, compensating_controls, "
            "description, item, management_response, remediated_on)",
        ),
        (
            "as_of: 2026-04-03",
            "as_of: 2026-04-31",
            "2026-04-31",
            "as_of '2026-04-31' is not a real calendar date",
        ),
    ],
)
def test_mistakes_in_the_new_keys_are_schema_findings_where_they_are(
    program: Make, old: str, new: str, at: str, message: str
) -> None:
    assert FULL.count(old) == 1
    text = FULL.replace(old, new)
    root = program(controls={"access.yaml": text}, system=PEOPLE)
    run = validate_json(root, "--select", "schema")
    assert [(f["line"], f["column"], f["message"]) for f in run.findings] == [
        (_line_of(text, at), _column_of(text, at), message)
    ]
    assert run.exit_code == 1


def test_methods_is_not_a_second_key(program: Make) -> None:
    """`methods:` is an unknown key, and the test then lacks its required `method`."""
    text = FULL.replace("method: [inquiry, inspection]", "methods: [inquiry, inspection]")
    root = program(controls={"access.yaml": text}, system=PEOPLE)
    run = validate_json(root, "--select", "schema")
    assert [(f["line"], f["column"], f["message"]) for f in run.findings] == [
        (
            _line_of(text, "- id: T-AC-01-I"),
            9,
            "test 'T-AC-01-I' is missing the required key 'method'",
        ),
        (
            _line_of(text, "methods:"),
            9,
            "unknown key 'methods' in test 'T-AC-01-I'; did you mean 'method'?",
        ),
    ]


def test_a_reversed_covers_names_its_test_and_keeps_the_test(program: Make) -> None:
    """The span is dropped, the test is not: it still counts, and other rules still see it."""
    text = FULL.replace(
        "covers: {start: 2026-01-01, end: 2026-03-31}",
        "covers: {start: 2026-03-31, end: 2026-01-01}",
    )
    root = program(controls={"access.yaml": text}, system=PEOPLE)
    run = validate_json(root)
    at = "2026-01-01}"
    assert run.where("schema") == [
        ("controls/access.yaml", _line_of(text, at), _column_of(text, at), "T-AC-01-I")
    ]
    [control] = [c for c in soccheck.load_program(root).controls if c.id == "AC-01"]
    assert [t.id for t in control.tests] == ["T-AC-01-I", "T-AC-01-R"]
    assert control.tests[0].covers is None


@pytest.mark.parametrize(
    ("config", "at", "message"),
    [
        (
            "sampling:\n  dayly: 4\n",
            "dayly",
            "unknown key 'dayly' in sampling; did you mean 'daily'?",
        ),
        (
            "sampling:\n  fortnightly: 4\n",
            "fortnightly",
            "unknown key 'fortnightly' in sampling; the keys are: continuous, multiple-daily, "
            "daily, weekly, monthly, quarterly, semi-annual, annual, as-needed",
        ),
        ("sampling:\n  weekly: 0\n", "0", "weekly must be 1 or more; got the number 0"),
        ("sampling:\n  weekly: many\n", "many", "weekly must be a whole number; got 'many'"),
        ("sampling: 5\n", "5", "sampling must be a mapping of keys to values; got the number 5"),
        ("fieldwork_days: 731\n", "731", "fieldwork_days must be 730 or less; got the number 731"),
        ("fieldwork_days: -1\n", "-1", "fieldwork_days must be 0 or more; got the number -1"),
    ],
)
def test_mistakes_in_the_new_settings_are_schema_findings_where_they_are(
    program: Make, config: str, at: str, message: str
) -> None:
    root = program(extra={"soccheck.yaml": config})
    run = validate_json(root, "--select", "schema")
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in run.findings] == [
        ("soccheck.yaml", _line_of(config, at), _column_of(config, at), message)
    ]
    # The rest of the configuration still applies, and the defaults replace what was dropped.
    loaded = soccheck.load_program(root)
    assert loaded.config.fieldwork_days in (90,)
    assert all(size >= 1 for size in loaded.config.sampling.values())


def test_a_valid_sampling_entry_survives_a_rejected_one(program: Make) -> None:
    root = program(extra={"soccheck.yaml": "sampling:\n  dayly: 4\n  monthly: 3\n"})
    assert soccheck.load_program(root).config.sampling == {"monthly": 3}


def test_the_new_settings_in_pyproject_toml(program: Make) -> None:
    toml = dedent(
        """
        [project]
        name = "demo"

        [tool.soccheck]
        fieldwork_days = 45

        [tool.soccheck.sampling]
        daily = 15
        dayly = 3
        """
    )
    root = program(extra={"pyproject.toml": toml})
    run = validate_json(root, "--select", "schema")
    assert [(f["path"], f["line"], f["message"]) for f in run.findings] == [
        ("pyproject.toml", 9, "unknown key 'dayly' in sampling; did you mean 'daily'?")
    ]
    loaded = soccheck.load_program(root)
    assert (loaded.config.fieldwork_days, loaded.config.sampling) == (45, {"daily": 15})


def test_the_published_schemas_accept_the_new_keys_and_reject_their_mistakes(
    program: Make, tmp_path: Path
) -> None:
    """An editor's validator (check-jsonschema, independent of soccheck) reads the same
    contract from the published schemas."""
    repo = Path(__file__).resolve().parent.parent
    root = _full(program)
    control_schema = repo / "schemas" / "control.schema.json"
    config_schema = repo / "schemas" / "config.schema.json"
    ok = check_jsonschema("--schemafile", control_schema, root / "controls" / "access.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    ok = check_jsonschema("--schemafile", config_schema, root / "soccheck.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(FULL.replace("[inquiry, inspection]", "[inquiry, inquiry]"), encoding="utf-8")
    refused = check_jsonschema("--schemafile", control_schema, bad)
    assert refused.returncode == 1, refused.stdout
    schema = json.loads(config_schema.read_text(encoding="utf-8"))
    assert schema["properties"]["fieldwork_days"]["default"] == 90
    assert schema["properties"]["sampling"]["additionalProperties"]["minimum"] == 1


def test_readiness_reports_show_every_method_of_a_test(program: Make) -> None:
    root = _full(program)
    csv = run_cli("report", root, "--format", "csv", "--today", TODAY)
    assert csv.exit_code == 0, csv.stderr
    assert '"T-AC-01-I","operating","inquiry; inspection",' in csv.stdout
    assert '"T-AC-01-R","operating","inspection",' in csv.stdout
    html = run_cli("report", root, "--format", "html", "--today", TODAY)
    assert "<td>operating, inquiry and inspection</td>" in html.stdout
    assert "<td>operating, inspection</td>" in html.stdout


def test_the_coverage_control_is_unchanged() -> None:
    """The shared baseline these tests build on still uses one method (old programs load)."""
    assert "method: inspection" in COVERAGE_CONTROL


def test_the_documented_audit_trail_example_is_valid(program: Make) -> None:
    """docs/getting-started.md, "The audit trail of a test": the example loads clean."""
    repo = Path(__file__).resolve().parent.parent
    doc = (repo / "docs" / "getting-started.md").read_text(encoding="utf-8")
    section = doc.split("## The audit trail of a test", 1)[1]
    block = re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)[0]
    tests_yaml = block.split("      - id: T-AC-14-RT", 1)[0]
    control = dedent(
        """
        controls:
          - id: AC-14
            title: Break-glass review
            description: The security lead reviews every use of the break-glass account monthly.
            owner: alice
            criteria: [CC6.1]
            frequency: monthly
            tests:
        """
    )
    system = PEOPLE.replace(
        "  - {id: tom, name: Tom Tester}\n",
        "  - {id: tom, name: Tom Tester}\n  - {id: priya, name: Priya Nair}\n",
    )
    root = program(controls={"access.yaml": control + tests_yaml}, system=system)
    run = validate_json(root, "--select", "schema")
    assert run.findings == []
    [ac14] = [c for c in soccheck.load_program(root).controls if c.id == "AC-14"]
    [test] = ac14.tests
    assert methods(test) == ("inquiry", "inspection")
    assert test.deviations[0].compensating_controls == ["SEC-02"]
