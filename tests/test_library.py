"""The starter control library: coverage, quality of every entry, schema validity (checked with
the independent check-jsonschema CLI) and the editor-facing schemas themselves."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from soccheck.authoring import starter, yamledit
from soccheck.format.catalog import load_catalog
from soccheck.format.schema import SCHEMA_FILES, schema_id
from soccheck.load.yaml_reader import load_text
from tests.conftest import REPO

LIBRARY = Path(str(resources.files("soccheck.authoring").joinpath("library")))
FREQUENCIES = {
    "continuous",
    "multiple-daily",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semi-annual",
    "annual",
    "as-needed",
}


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "check-jsonschema"
    command = str(executable) if executable.exists() else shutil.which("check-jsonschema")
    assert command, "check-jsonschema is a test dependency (pip install soccheck[test])"
    return subprocess.run(
        [command, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def controls() -> list[dict[str, Any]]:
    return starter.all_controls()


def test_every_trust_services_criterion_is_mapped(controls: list[dict[str, Any]]) -> None:
    catalog = load_catalog()
    assert len(catalog.criteria) == 61
    mapped = starter.criteria_of(controls)
    assert sorted(set(catalog.criteria) - mapped) == []
    assert sorted(mapped - set(catalog.criteria)) == []


def test_every_category_is_covered_by_controls_mapping_only_that_category_or_security(
    controls: list[dict[str, Any]],
) -> None:
    """Selecting a category must bring its criteria with it and nothing from other optional
    categories (init strips those, but a file full of stripped controls would be noise)."""
    catalog = load_catalog()
    for category in ("availability", "processing_integrity", "confidentiality", "privacy"):
        scope = starter.Scope(frozenset({"soc2"}), frozenset({"security", category}))
        kept = starter.criteria_of(
            f for file in starter.render_files(scope, None) for f in file.controls
        )
        expected = {c.id for c in catalog.criteria.values() if c.category in scope.categories}
        assert kept == expected, category


def test_every_soc1_objective_is_covered_and_every_reference_is_defined(
    controls: list[dict[str, Any]],
) -> None:
    data = starter.objectives()
    defined = [o["id"] for o in data["control_objectives"]]
    assert len(defined) == len(set(defined)) >= 10
    referenced = {o for c in controls for o in c.get("objectives", [])}
    assert sorted(set(defined) - referenced) == []
    assert sorted(referenced - set(defined)) == []
    for cuec in data["cuecs"]:
        assert set(cuec["objectives"]) <= set(defined), cuec["id"]
    # The IT general controls serve both frameworks: they map criteria and objectives.
    both = [c["id"] for c in controls if c.get("criteria") and c.get("objectives")]
    assert {"AC-04", "CM-01", "BC-03"} <= set(both)


def test_every_control_is_complete_and_realistic(controls: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in controls]
    assert len(ids) == len(set(ids)) >= 100
    for control in controls:
        where = control["id"]
        assert control["owner"] == starter.OWNER_PLACEHOLDER, where
        assert control["frequency"] in FREQUENCIES, where
        assert control["nature"] in {"preventive", "detective", "corrective"}, where
        assert control["automation"] in {"manual", "automated", "it-dependent-manual"}, where
        assert isinstance(control["key"], bool), where
        assert control.get("criteria") or control.get("objectives"), where
        assert len(control["title"]) <= 100, where
        # Who does what, how often, with what evidence: several sentences, not a slogan.
        assert len(control["description"]) >= 200, where
        assert control["description"].count(". ") >= 1, where
        assert control["evidence"], where
        for item in control["evidence"]:
            assert set(item) == {"path", "description"}, where
            assert item["path"].startswith("evidence/") and not item["path"].endswith("/"), where


def test_library_files_are_all_listed_and_output_names_are_unique() -> None:
    on_disk = sorted(p.relative_to(LIBRARY).as_posix() for p in LIBRARY.rglob("*.yaml"))
    assert on_disk == sorted([*starter.CONTROL_FILES, starter.OBJECTIVES_FILE])
    names = [rel.rsplit("/", 1)[-1] for rel in starter.CONTROL_FILES]
    assert len(names) == len(set(names))


def test_top_level_controls_is_the_library_not_a_copy() -> None:
    link = REPO / "controls"
    assert link.is_symlink()
    assert link.resolve() == (REPO / "soccheck" / "authoring" / "library").resolve()


@pytest.mark.parametrize("rel", starter.CONTROL_FILES)
def test_library_file_keeps_the_conventions_init_relies_on(rel: str) -> None:
    """init edits library files line by line: criteria, objectives and owner on one line each.
    With everything in scope the file is copied verbatim; with an owner only owner lines
    change."""
    text = yamledit.strip_modeline(starter.read_library(rel))
    lines = text.splitlines()
    assert all(len(line) <= 100 for line in lines), rel
    doc = load_text(rel, text)
    for index, control in enumerate(doc.data["controls"]):
        for key in ("criteria", "objectives"):
            if key in control:
                line, column = doc.key_position(("controls", index, key))
                assert lines[line - 1] == f"{' ' * (column - 1)}{key}: [{', '.join(control[key])}]"
        line, column = doc.key_position(("controls", index, "owner"))
        assert lines[line - 1] == f"{' ' * (column - 1)}owner: {starter.OWNER_PLACEHOLDER}"
    everything = starter.Scope(frozenset({"soc1", "soc2"}), frozenset(load_catalog().categories))
    verbatim = starter.render_file(rel, everything, None)
    assert verbatim is not None and verbatim.body == text
    owned = starter.render_file(rel, everything, "jane.doe")
    assert owned is not None
    changed = [
        (old, new) for old, new in zip(lines, owned.body.splitlines(), strict=True) if old != new
    ]
    assert len(changed) == len(doc.data["controls"])
    assert all(new.endswith("owner: jane.doe") for _old, new in changed)


@pytest.mark.parametrize("rel", starter.CONTROL_FILES)
def test_library_file_loads_cleanly_and_names_its_schema(rel: str) -> None:
    text = starter.read_library(rel)
    doc = load_text(rel, text)
    assert doc.findings == []
    first = text.split("\n", 1)[0]
    assert first.startswith(yamledit.MODELINE_PREFIX)
    schema = (LIBRARY / rel).parent / first.removeprefix(yamledit.MODELINE_PREFIX)
    assert (
        schema.resolve()
        == (REPO / "soccheck" / "format" / "schemas" / "control.schema.json").resolve()
    )


def test_library_validates_with_check_jsonschema() -> None:
    """An independent validator (not soccheck's own code path) accepts every control file."""
    files = [LIBRARY / rel for rel in starter.CONTROL_FILES]
    result = check_jsonschema("--schemafile", REPO / "schemas" / "control.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_published_schemas_are_valid_draft_2020_12() -> None:
    files = [REPO / "schemas" / name for name in SCHEMA_FILES.values()]
    result = check_jsonschema("--check-metaschema", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    for name, file_name in SCHEMA_FILES.items():
        schema = json.loads((REPO / "schemas" / file_name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == schema_id(name)
        Draft202012Validator.check_schema(schema)
        packaged = (
            resources.files("soccheck.format").joinpath("schemas", file_name).read_text("utf-8")
        )
        assert json.loads(packaged) == schema, f"{file_name}: schemas/ and the package differ"


def _control_file_samples() -> list[Any]:
    samples: list[Any] = [load_text(r, starter.read_library(r)).data for r in starter.CONTROL_FILES]
    base = {"id": "AC-01", "title": "t", "description": "d"}
    samples += [
        base,
        {"controls": [{**base, "frequency": "sometimes"}]},
        {"controls": [{**base, "evidence": [{"path": "a", "url": "https://x.example"}]}]},
        {"controls": [{**base, "evidence": [{"description": "neither"}]}]},
        {"controls": [{**base, "colour": "blue"}]},
        {"controls": [{"id": "AC 01", "title": "t", "description": "d"}]},
        {"controls": [{**base, "tests": [{"id": "T", "method": "inspection"}]}]},
        {"id": "AC-01"},
    ]
    return samples


def test_schemas_give_the_same_verdicts_under_draft_07() -> None:
    """VS Code's YAML extension implements draft-07; the schemas use only keywords that mean the
    same there, so editors flag exactly what soccheck flags."""
    schema = json.loads((REPO / "schemas" / "control.schema.json").read_text(encoding="utf-8"))
    modern, legacy = Draft202012Validator(schema), Draft7Validator(schema)
    verdicts = []
    for sample in _control_file_samples():
        verdict = modern.is_valid(sample)
        assert legacy.is_valid(sample) == verdict, sample
        verdicts.append(verdict)
    assert True in verdicts and False in verdicts
