"""The generated records accept exactly what the pydantic models accept, and build the same
objects; validating a clean program imports neither pydantic nor jsonschema.

The models define the formats and generate the JSON Schemas; soccheck.format.records is generated
from them (``python -m soccheck.format.codegen``) so that a pre-commit run need not import pydantic.
If the two ever disagree, a file would be judged differently by an editor (schema) and by
soccheck: the property tests below mutate real documents and compare the verdicts.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from soccheck.format import models, records
from soccheck.format.record_base import Invalid, Record, Source
from soccheck.load.yaml_reader import load_text
from tests.conftest import EXAMPLES, REPO, dedent, validate_json
from tests.reference import from_model
from tests.test_format_audit_trail import CONFIG, FULL, PEOPLE
from tests.test_format_scope import SCOPE_CONTROLS, SCOPE_SYSTEM

FUZZ = settings(
    max_examples=int(os.environ.get("SOCCHECK_FUZZ_EXAMPLES", "100")) * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=bool(os.environ.get("CI")),
)


def _doc(path: Path) -> Any:
    return load_text(str(path), path.read_text(encoding="utf-8")).data


def _seeds() -> list[tuple[type[Record], Any]]:
    seeds: list[tuple[type[Record], Any]] = []
    for example in ("saas", "fintech"):
        root = EXAMPLES / example
        seeds.append((records.SystemDescription, _doc(root / "system.yaml")))
        for file in sorted((root / "controls").glob("*.yaml")):
            seeds.append((records.ControlFile, _doc(file)))
    seeds.append((records.Config, _doc(EXAMPLES / "saas" / "soccheck.yaml")))
    # Every key issue 15 added, until the examples use them all.
    seeds.append((records.ControlFile, load_text("access.yaml", FULL).data))
    seeds.append((records.Config, load_text("soccheck.yaml", CONFIG).data))
    seeds.append((records.SystemDescription, load_text("system.yaml", PEOPLE).data))
    # And every key issue 16 added.
    seeds.append((records.ControlFile, load_text("access.yaml", SCOPE_CONTROLS).data))
    seeds.append((records.SystemDescription, load_text("system.yaml", SCOPE_SYSTEM).data))
    return seeds


SEEDS = _seeds()

ODD_VALUES: list[Any] = [
    None,
    "",
    "x",
    "AC-01",
    "AC-01\n",
    "ÄC-01",
    "a" * 129,
    "2026-01-31",
    "2026-02-30",
    "2026-1-31",
    "2026-01-31\n",
    dt.date(2026, 3, 1),
    dt.datetime(2026, 3, 1, 12, 0),
    0,
    -1,
    1,
    2,
    3,
    100,
    2.0,
    True,
    False,
    [],
    ["CC6.1"],
    [""],
    [1],
    {},
    {"id": "X"},
    "pass",
    "soc2",
    "security",
    "inspection",
    "daily",
    "carve-out",
    "error",
    "off",
    "operating",
    "interim",
    ["inquiry", "inspection"],
    ["inquiry", "inquiry"],
    {"start": "2026-03-01", "end": "2026-01-01"},
    {"from": "2026-03-01", "to": "2026-01-01"},
    {"from": "2026-03-01"},
    {"type": 1, "period_end": "2026-03-31", "received_on": "2026-04-02", "reviewed_by": "x"},
    {"type": 2, "period_end": "2026-03-31", "received_on": "2026-04-02", "reviewed_by": "x"},
    ["A sentence.", {"id": "C-1", "description": "An item."}],
    "itgc",
    {"daily": 0},
    {"fortnightly": 3},
]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, (*path, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Record], Any]:
    cls, seed = draw(st.sampled_from(SEEDS))
    data = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _nodes(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        action = draw(st.sampled_from(["replace", "delete", "add-key"]))
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            key = draw(st.sampled_from(["ownr", "notes", "url", "path", "kind", "id", "x"]))
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return cls, data


def _verdicts(cls: type[Record], data: Any) -> tuple[Any, Any]:
    model: Any = getattr(models, cls.__name__)
    try:
        validated = model.model_validate(data)
    except ValidationError:
        validated = None
    try:
        built = records.BUILDERS[cls](data, "f.yaml", ())
    except Invalid as problem:
        assert isinstance(problem.path, tuple)
        built = None
    return validated, built


@FUZZ
@given(mutated())
def test_records_accept_exactly_what_the_models_accept(case: tuple[type[Record], Any]) -> None:
    cls, data = case
    validated, built = _verdicts(cls, data)
    assert (validated is None) == (built is None), (validated, built)
    if built is not None:
        assert built == from_model(cls, validated)
        assert built.as_dict() == validated.model_dump()


@pytest.mark.parametrize(("cls", "data"), SEEDS)
def test_every_example_document_builds_the_same_objects(cls: type[Record], data: Any) -> None:
    validated, built = _verdicts(cls, data)
    assert validated is not None and built is not None
    assert built.as_dict() == validated.model_dump()


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("AC-01", True),
        ("AC-01\n", False),  # Python's '$' would let the newline through; pydantic does not
        ("a" * 128, True),
        ("a" * 129, False),
        ("-AC", False),
        (7, False),
    ],
)
def test_id_checks_agree_with_pydantic(value: object, accepted: bool) -> None:
    data = {"id": value, "title": "t", "description": "d"}
    validated, built = _verdicts(records.Control, data)
    assert (validated is not None) == accepted
    assert (built is not None) == accepted


_SOC2 = {"type": 2, "period_end": "2026-03-31", "received_on": "2026-04-02", "reviewed_by": "x"}
_SOC1 = {"type": 1, "as_of": "2026-03-31", "received_on": "2026-04-02", "reviewed_by": "x"}

_A_TEST = {
    "id": "T-1",
    "method": "inspection",
    "procedure": "p",
    "performed_on": "2026-03-01",
    "performed_by": "tom",
    "result": "pass",
}


@pytest.mark.parametrize(
    ("cls", "changes", "accepted"),
    [
        (records.ControlTest, {"method": ["inquiry", "inspection"]}, True),
        (records.ControlTest, {"method": ["inspection"]}, True),
        (records.ControlTest, {"method": []}, False),
        (records.ControlTest, {"method": ["inquiry", "inquiry"]}, False),
        (records.ControlTest, {"method": ["inquiry", "inspect"]}, False),
        (records.ControlTest, {"method": [["inquiry"]]}, False),
        (records.ControlTest, {"method": {"inquiry": 1}}, False),
        (records.ControlTest, {"covers": {"start": "2026-01-01", "end": "2026-01-01"}}, True),
        (records.ControlTest, {"covers": {"start": "2026-01-02", "end": "2026-01-01"}}, False),
        (records.ControlTest, {"covers": {"start": "2026-01-01"}}, False),
        (records.ControlTest, {"phase": "roll-forward"}, True),
        (records.ControlTest, {"phase": "final"}, False),
        (records.ControlTest, {"deviations": [{"item": "x", "description": "y"}]}, True),
        (records.ControlTest, {"deviations": [{"item": "x"}]}, False),
        (records.ControlTest, {"deviations": [{"item": 4411, "description": "y"}]}, False),
        (records.ControlTest, {"population_source": ""}, False),
        (records.ControlTest, {"reviewed_on": "2026-02-30"}, False),
        (records.Config, {"sampling": {"daily": 1, "as-needed": 30}}, True),
        (records.Config, {"sampling": {"daily": 0}}, False),
        (records.Config, {"sampling": {"daily": True}}, False),
        (records.Config, {"sampling": {"hourly": 3}}, False),
        (records.Config, {"sampling": {5: 3}}, False),
        (records.Config, {"fieldwork_days": 0}, True),
        (records.Config, {"fieldwork_days": 730}, True),
        (records.Config, {"fieldwork_days": 731}, False),
        (records.Config, {"fieldwork_days": 2.0}, False),
        (records.Person, {"joined": "2026-01-01", "left": "2025-01-01"}, True),
        (records.Evidence, {"as_of": "2026-13-01"}, False),
        # Issue 16.
        (records.Control, {"reports": ["soc2-2026"]}, True),
        (records.Control, {"reports": []}, False),
        (records.Control, {"layer": "itgc"}, True),
        (records.Control, {"layer": "ITGC"}, False),
        (records.Control, {"effective": {"from": "2026-05-01"}}, True),
        (records.Control, {"effective": {"to": "2026-05-01"}}, True),
        (records.Control, {"effective": {}}, True),
        (records.Control, {"effective": {"from": "2026-05-01", "to": "2026-05-01"}}, True),
        (records.Control, {"effective": {"from": "2026-05-02", "to": "2026-05-01"}}, False),
        (records.Control, {"effective": {"from_": "2026-05-01"}}, False),
        (
            records.SubserviceOrganization,
            {"csocs": ["A sentence.", {"id": "C", "description": "d"}]},
            True,
        ),
        (records.SubserviceOrganization, {"csocs": [{"id": "C"}]}, False),
        (records.SubserviceOrganization, {"csocs": [""]}, False),
        (records.SubserviceOrganization, {"csocs": [3]}, False),
        (records.SubserviceOrganization, {"soc_report": _SOC2}, True),
        (records.SubserviceOrganization, {"soc_report": {**_SOC2, "as_of": "2026-03-31"}}, False),
        (records.SubserviceOrganization, {"soc_report": {**_SOC2, "type": 1}}, False),
        (records.SubserviceOrganization, {"soc_report": _SOC1}, True),
        (
            records.SubserviceOrganization,
            {"soc_report": {**_SOC1, "period_end": "2026-03-31"}},
            False,
        ),
        (records.SubserviceOrganization, {"soc_report": {**_SOC1, "type": 2}}, False),
        (records.System, {"components": {"data": ["Card transactions"]}}, True),
        (records.System, {"components": {"data": "Card transactions"}}, False),
    ],
)
def test_the_new_keys_are_checked_as_pydantic_checks_them(
    cls: type[Record], changes: dict[str, Any], accepted: bool
) -> None:
    base: dict[str, Any] = {
        records.ControlTest: _A_TEST,
        records.Config: {},
        records.Person: {"id": "ben", "name": "Ben"},
        records.Evidence: {"path": "evidence/x.md"},
        records.Control: {"id": "AC-01", "title": "t", "description": "d"},
        records.SubserviceOrganization: {"id": "aws", "name": "AWS", "method": "carve-out"},
        records.System: {"id": "payments", "name": "Payments"},
    }[cls]
    validated, built = _verdicts(cls, {**base, **changes})
    assert (validated is not None) == accepted
    assert (built is not None) == accepted
    if built is not None:
        assert built.as_dict() == validated.model_dump()


def test_sources_point_into_the_file() -> None:
    data = _doc(EXAMPLES / "saas" / "controls" / "access.yaml")
    built = records.build_control_file(data, "controls/access.yaml", ())
    control = built.controls[1]
    assert control.source == Source("controls/access.yaml", ("controls", 1))
    assert control.tests[0].source == Source("controls/access.yaml", ("controls", 1, "tests", 0))


def test_records_built_in_code_get_the_models_defaults() -> None:
    config = records.Config()
    assert config.controls == ["controls/**/*.yaml", "controls/**/*.yml"]
    assert config.limits == records.Limits()
    assert config.source is None
    assert config.as_dict() == models.Config().model_dump()
    other = records.Config()
    other.controls.append("more/*.yaml")
    assert config.controls != other.controls  # a fresh list for every object
    with pytest.raises(ValueError, match="exactly one of 'path' or 'url'"):
        records.Evidence()


def test_a_value_only_the_schema_allows_is_reported_where_it_is(program: Any) -> None:
    """JSON Schema counts 25.0 as an integer, the format does not: the safety net reports
    it at the value, even when an earlier, invalid test was dropped from the same list."""
    control = dedent(
        """
        controls:
          - id: AC-01
            title: Access review
            description: Quarterly review of access.
            owner: alice
            criteria: [CC6.1]
            tests:
              - id: T-0
                method: telepathy
                procedure: Guessed.
                performed_on: 2026-03-01
                performed_by: tom
                result: pass
              - id: T-1
                method: inspection
                procedure: Inspected the evidence of operation.
                performed_on: 2026-03-02
                performed_by: tom
                result: pass
                sample_size: 25.0
        """
    )
    root = program(controls={"access.yaml": control})
    run = validate_json(root, "--select", "schema")
    got = [(f["line"], f["message"]) for f in run.findings]
    text = control.splitlines()
    method_line = 1 + next(i for i, line in enumerate(text) if "telepathy" in line)
    sample_line = 1 + next(i for i, line in enumerate(text) if "25.0" in line)
    assert [line for line, _ in got] == [method_line, sample_line], got
    assert "sample_size" in got[1][1] and "whole number" in got[1][1]


def _imported_modules(*args: str) -> tuple[int, set[str]]:
    """The exit code of a real ``soccheck`` run and the top-level packages it imported (a
    run that crashed early would import little, so callers check the exit code too)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "soccheck", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return proc.returncode, names


def test_validating_a_clean_program_imports_neither_pydantic_nor_jsonschema() -> None:
    code, modules = _imported_modules("validate", str(EXAMPLES / "saas"), "--today", "2026-11-20")
    assert code == 0
    assert "soccheck" in modules
    assert "pydantic" not in modules
    assert "pydantic_core" not in modules
    assert "jsonschema" not in modules


def test_a_program_with_schema_problems_still_does_without_pydantic() -> None:
    code, modules = _imported_modules("validate", str(EXAMPLES / "broken"), "--today", "2026-11-20")
    assert code == 1  # findings, not a crash
    assert "jsonschema" in modules  # explaining the problems needs it
    assert "pydantic" not in modules


def test_the_moved_modules_still_import_by_their_old_names() -> None:
    """Library users import records and models from soccheck.* (CHANGELOG: moved modules)."""
    import soccheck.format.models
    import soccheck.format.records
    import soccheck.models
    import soccheck.records

    assert soccheck.records.Control is soccheck.format.records.Control
    assert soccheck.models.Control is soccheck.format.models.Control
