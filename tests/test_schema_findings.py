"""Schema violations: every one reported, at the offending node, in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from soccheck.format.schema import SCHEMA_FILES, load_schema, schema_id
from tests.conftest import REPO, dedent, passing_test_block, run_subprocess, validate_json

BROKEN = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: Quarterly review.
        owner: alice
        frequency: sometimes
        criteria: [CC6.1]
        ownr: bob
        tests:
          - id: T-1
            method: inspection
            procedure: Looked at it.
            performed_on: 2026-13-45
            performed_by: tom
            result: pass
          - id: T-2
            method: telepathy
            procedure: Guessed.
            performed_on: March 3rd
            performed_by: tom
            result: pass
      - id: AC-02
        title: No description
        owner: alice
        criteria: [CC6.2]
        evidence:
          - description: neither path nor url
    """
)


def test_every_violation_is_reported_at_its_node(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"broken.yaml": BROKEN}), "--select", "schema")
    got = [(f["line"], f["column"], f["subject"], f["message"]) for f in run.findings]
    assert got == [
        (
            6,
            16,
            "AC-01",
            "frequency must be one of: continuous, multiple-daily, daily, weekly, monthly, "
            "quarterly, semi-annual, annual, as-needed; got 'sometimes'",
        ),
        (8, 5, "AC-01", "unknown key 'ownr' in control 'AC-01'; did you mean 'owner'?"),
        (13, 23, "T-1", "performed_on '2026-13-45' is not a real calendar date"),
        (
            17,
            17,
            "T-2",
            "method must be one of: inquiry, observation, inspection, reperformance, or a "
            "list of them; got 'telepathy'",
        ),
        (19, 23, "T-2", "performed_on must be a date written YYYY-MM-DD; got 'March 3rd'"),
        (22, 5, "AC-02", "control 'AC-02' is missing the required key 'description'"),
        (27, 9, "AC-02", "evidence item needs exactly one of 'path' or 'url'"),
    ]
    assert {f["rule"] for f in run.findings} == {"schema"}
    assert run.exit_code == 1


def test_each_schema_keyword_has_its_own_words(program: Callable[..., Path]) -> None:
    """The keywords BROKEN does not reach: an empty text, a number for text, a key written
    without its space, a number below its minimum, an ID over its length limit."""
    long_id = "A" * 129
    text = dedent(
        f"""
        controls:
          - id: AC-01
            title: ""
            description: 12
            owner: alice
            criteria: [CC6.1]
            tests:
              - id:T-1
              - id: T-2
                method: inspection
                procedure: Looked.
                performed_on: 2026-01-02
                performed_by: tom
                result: pass
                sample_size: -1
          - id: {long_id}
            title: Long
            description: d
            owner: alice
            criteria: [CC6.1]
        """
    )
    run = validate_json(program(controls={"words.yaml": text}), "--select", "schema")
    got = [(f["line"], f["column"], f["subject"], f["message"]) for f in run.findings]
    assert got == [
        (3, 12, "AC-01", "title must not be empty"),
        (
            4,
            18,
            "AC-01",
            "description must be text; got the number 12; quote it ('12') if it is meant as text",
        ),
        (
            8,
            9,
            "AC-01",
            "tests item 1 must be a mapping of keys to values; got 'id:T-1'; if 'id' is meant "
            "as a key, add a space after ':' ('id: T-1')",
        ),
        (15, 22, "T-2", "sample_size must be 0 or more; got the number -1"),
        (16, 9, long_id, "id is longer than 128 characters"),
    ]


def test_a_single_control_mapping_is_a_valid_control_file(program: Callable[..., Path]) -> None:
    text = dedent(
        """
        id: AC-09
        title: Single
        description: A control file holding one control.
        owner: alice
        criteria: [CC6.1]
        frequency: annual
        """
    ) + passing_test_block("T-AC-09", indent=0)
    run = validate_json(program(controls={"single.yaml": text}))
    assert run.findings == []


def test_a_bare_list_is_explained(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"list.yaml": "- id: AC-01\n"}))
    [finding] = run.findings
    assert (finding["rule"], finding["line"], finding["column"]) == ("schema", 1, 1)
    assert "must be a mapping" in finding["message"]


@pytest.mark.parametrize("key", ["control", "Controls", "contrls", "controlls"])
def test_a_misspelled_controls_key_says_so_and_nothing_else(
    program: Callable[..., Path], key: str
) -> None:
    """Read literally, the file is one control lacking id, title and description; the author
    meant a 'controls:' list, and that is the one thing to tell them."""
    text = f"# access controls\n{key}:\n  - id: AC-01\n    title: t\n    description: d\n"
    run = validate_json(program(controls={"access.yaml": text}))
    assert [(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in run.findings] == [
        (
            "schema",
            "controls/access.yaml",
            2,
            1,
            f"unknown key '{key}' in the control file; did you mean 'controls'?",
        )
    ]
    assert run.exit_code == 1


def test_a_single_control_with_a_stray_key_is_not_taken_for_a_misspelled_list(
    program: Callable[..., Path],
) -> None:
    text = "id: AC-01\ntitle: t\ndescription: d\nowner: alice\ncriteria: [CC6.1]\ncontrol: x\n"
    run = validate_json(program(controls={"one.yaml": text}), "--select", "schema")
    [finding] = run.findings
    assert (finding["line"], finding["column"]) == (6, 1)
    assert finding["message"].startswith("unknown key 'control' in control 'AC-01' (allowed: ")
    run = validate_json(
        program(controls={"one.yaml": "titel: t\nowner: alice\n"}), "--select", "schema"
    )
    assert [f["message"] for f in run.findings] == [
        "control is missing the required key 'description'",
        "control is missing the required key 'id'",
        "control is missing the required key 'title'",
        "unknown key 'titel' in control; did you mean 'title'?",
    ]


def test_a_misspelled_controls_key_in_a_real_process(program: Callable[..., Path]) -> None:
    root = program(controls={"ops.yaml": "control:\n  - id: OPS-01\n"})
    run = run_subprocess("validate", root, "--today", "2026-11-20", "--select", "schema")
    assert run.exit_code == 1, run.stderr
    assert (
        "controls/ops.yaml:1:1: error schema unknown key 'control' in the control file; "
        "did you mean 'controls'?\n"
    ) in run.stdout


def test_system_description_problems(program: Callable[..., Path]) -> None:
    system = dedent(
        """
        name: Demo
        reports:
          - id: soc2-2026
            framework: soc3
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
            categories: [security, speed]
        people:
          - {id: alice, name: Alice, active: "no"}
        """
    )
    run = validate_json(program(system=system, coverage=False))
    got = [(f["path"], f["line"], f["column"]) for f in run.findings if f["rule"] == "schema"]
    assert got == [("system.yaml", 4, 16), ("system.yaml", 7, 28), ("system.yaml", 9, 38)]


def test_null_values_are_explained(program: Callable[..., Path]) -> None:
    text = "id: AC-01\ntitle:\ndescription: x\nowner: alice\ncriteria: [CC6.1]\n"
    run = validate_json(program(controls={"null.yaml": text}))
    [finding] = run.findings
    assert (
        finding["message"] == "title must be text; got an empty value; fill it in or remove the key"
    )


# ------------------------------------------------------------------------ published schemas


@pytest.mark.parametrize("name", ["system", "control", "config"])
def test_schemas_are_valid_draft_2020_12_with_stable_ids(name: str) -> None:
    schema = load_schema(name)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(name)  # type: ignore[arg-type]
    assert schema["$id"] == f"https://soccheck.dev/schemas/v1/{name}.schema.json"


def test_every_property_has_a_title_and_description() -> None:
    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, prop in node.get("properties", {}).items():
                assert prop.get("title"), f"{where}.{key} has no title"
                assert prop.get("description"), f"{where}.{key} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for file_name in SCHEMA_FILES.values():
        walk(json.loads((REPO / "schemas" / file_name).read_text()), file_name)


def test_a_value_from_a_fixed_list_in_another_spelling_gets_a_suggestion(
    program: Callable[..., Path],
) -> None:
    """The command line accepts 'processing-integrity'; a file with it is told the format's
    spelling instead of only the list of allowed values."""
    system = dedent(
        """
        name: Demo
        reports:
          - id: soc2-2026
            framework: soc2
            type: 2
            period: {start: 2026-01-01, end: 2026-06-30}
            categories: [security, processing-integrity]
        people:
          - {id: alice, name: Alice}
        """
    )
    control = dedent(
        """
        id: AC-01
        title: Access review
        description: Access is reviewed.
        owner: alice
        criteria: [CC6.1]
        frequency: semi_annual
        """
    )
    run = validate_json(program(system=system, controls={"a.yaml": control}))
    messages = {f["path"]: f["message"] for f in run.findings if f["rule"] == "schema"}
    assert messages["system.yaml"].endswith(
        "got 'processing-integrity'; did you mean 'processing_integrity'?"
    )
    assert messages["controls/a.yaml"].endswith("got 'semi_annual'; did you mean 'semi-annual'?")
    far = validate_json(
        program(system=system, controls={"a.yaml": control.replace("semi_annual", "sometimes")})
    )
    assert "did you mean" not in next(
        f["message"] for f in far.findings if f["path"] == "controls/a.yaml"
    )
