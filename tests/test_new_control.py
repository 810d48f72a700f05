"""``soccheck new control``: append a skeleton without disturbing a byte of the file."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soccheck.authoring import yamledit
from soccheck.cli.main import cli
from soccheck.format import models
from soccheck.load.validation import validate_document
from soccheck.load.yaml_reader import load_text
from tests.conftest import REPO, Run, dedent, run_cli, validate_json

SKELETON = """\
  - id: AC-02
    title: Short name of the control
    description: >-
      Who does what, how often, and what evidence shows that it was done.
    owner: OWNER
    criteria: []
    # frequency: continuous, multiple-daily, daily, weekly, monthly, quarterly,
    #   semi-annual, annual or as-needed
    # nature: preventive, detective or corrective
    # automation: manual, automated or it-dependent-manual
    # evidence:
    #   - path: evidence/FOLDER
    #     description: What the evidence shows.
    key: false
"""

STYLED = dedent(
    """
    # Access controls -- reviewed by the security team.
    controls:   # keep sorted by ID
      - id: AC-01
        title: "Quarterly access review"   # quoted on purpose
        description: >-
          Each quarter the security lead reviews access
          to production.
        owner: alice
        criteria: [ CC6.1,CC6.2 ]
        evidence:
          - {path: evidence/reviews, description: Signed reviews}
        tests:
          - id: T-AC-01
            method: inspection
            procedure: Inspected two reviews.
            performed_on: 2026-04-02
            performed_by: tom
            result: pass

      # Provisioning is owned by IT.
      - id: AC-09
        title: Access requests approved
        description: |
          Requests are approved by the manager.
          Then IT grants the role.
        owner: alice
        criteria:
          - CC6.2
    # end of file
    """
)


def new(*args: str | Path) -> Run:
    return run_cli("new", "control", *args)


def test_appends_the_skeleton_and_keeps_every_existing_byte(tmp_path: Path) -> None:
    path = tmp_path / "access.yaml"
    original = "controls:\n  - id: AC-01\n    title: t\n    description: d\n"
    path.write_text(original, encoding="utf-8")
    run = new("AC-02", "--file", path)
    assert run.exit_code == 0, run.stderr
    assert path.read_text(encoding="utf-8") == original + SKELETON
    assert f"Added control AC-02: appended to {path} (line 5)." in run.stdout


def test_styled_file_keeps_comments_quotes_flow_lists_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "access.yaml"
    path.write_text(STYLED, encoding="utf-8")
    run = new(
        "AC-10",
        "--file",
        path,
        "--title",
        "Break-glass use: reviewed",
        "--owner",
        "alice",
        "--criteria",
        "CC6.1,CC6.3",
        "--frequency",
        "monthly",
        "--nature",
        "detective",
        "--automation",
        "manual",
        "--key",
    )
    assert run.exit_code == 0, run.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith(STYLED)
    # Items are separated by blank lines in this file, so the new one is too; same indentation.
    added = [
        "",
        "  - id: AC-10",
        "    title: 'Break-glass use: reviewed'",
        "    description: >-",
        "      Who does what, how often, and what evidence shows that it was done.",
        "    owner: alice",
        "    criteria: [CC6.1, CC6.3]",
        "    frequency: monthly",
        "    nature: detective",
        "    automation: manual",
        "    # evidence:",
        "    #   - path: evidence/FOLDER",
        "    #     description: What the evidence shows.",
        "    key: true",
        "",
    ]
    assert text[len(STYLED) :] == "\n".join(added)
    data = load_text("access.yaml", text).data
    assert [c["id"] for c in data["controls"]] == ["AC-01", "AC-09", "AC-10"]


def test_matches_a_file_whose_list_is_not_indented(tmp_path: Path) -> None:
    path = tmp_path / "ops.yaml"
    original = "controls:\n- id: OPS-01\n  title: t\n  description: d\n"
    path.write_text(original, encoding="utf-8")
    assert new("OPS-02", "--file", path, "--criteria", "CC7.1").exit_code == 0
    added = path.read_text(encoding="utf-8")[len(original) :]
    assert added.startswith("- id: OPS-02\n  title: Short name of the control\n")
    assert "\n  # nature: preventive, detective or corrective\n" in added
    assert load_text("ops.yaml", added).findings == []


@pytest.mark.parametrize(
    ("original", "expected_head", "line"),
    [
        ("", "controls:\n", 2),
        (
            "# Controls for the new product line.\n",
            "# Controls for the new product line.\ncontrols:\n",
            3,
        ),
        ("controls: []\n", "controls:\n", 2),
        ("controls: []  # none yet\n", "controls:  # none yet\n", 2),
        ("# header\ncontrols:\n", "# header\ncontrols:\n", 3),
        ("controls:", "controls:\n", 2),
    ],
)
def test_empty_shapes_get_a_block_list(
    tmp_path: Path, original: str, expected_head: str, line: int
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(original, encoding="utf-8")
    run = new("AC-02", "--file", path)
    assert run.exit_code == 0, run.stderr
    assert path.read_text(encoding="utf-8") == expected_head + SKELETON
    assert f"(line {line})" in run.stdout


def test_creates_a_missing_file_with_a_schema_modeline(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "c.yaml"
    run = new("AC-02", "--file", path)
    assert run.exit_code == 0, run.stderr
    assert f"created {path}" in run.stdout
    text = path.read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=https://soccheck.dev/schemas/v1/control.schema.json\n"
        "controls:\n" + SKELETON
    )
    doc = load_text("c.yaml", text)
    assert doc.findings == [] and validate_document(doc, "control") == set()


def test_in_an_initialised_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The modeline of a new file points at the program's local schemas, duplicates anywhere in
    the program are refused, and the appended control is checked by validate like any other."""
    root = tmp_path / "prog"
    assert run_cli("init", root, "--today", "2026-11-20", "--no-ci").exit_code == 0
    monkeypatch.chdir(tmp_path)  # the duplicate's place is shown from the current directory
    run = new("AC-01", "--file", root / "controls" / "extra.yaml")
    assert run.exit_code == 2
    assert "control 'AC-01' already exists (prog/controls/access.yaml:" in run.stderr
    assert not (root / "controls" / "extra.yaml").exists()

    run = new("EXT-01", "--file", root / "controls" / "sub" / "extra.yaml", "--criteria", "CC6.1")
    assert run.exit_code == 0, run.stderr
    first = (root / "controls" / "sub" / "extra.yaml").read_text(encoding="utf-8").split("\n")[0]
    assert first == "# yaml-language-server: $schema=../../.soccheck/schemas/control.schema.json"

    access = root / "controls" / "access.yaml"
    before = access.read_text(encoding="utf-8")
    run = new("AC-14", "--file", access, "--criteria", "CC6.6")
    assert run.exit_code == 0, run.stderr
    after = access.read_text(encoding="utf-8")
    assert after.startswith(before)
    owner_line = before.count("\n") + 1 + 5  # blank separator, dash, title, description x2, owner
    assert after.split("\n")[owner_line - 1] == "    owner: OWNER"
    result = validate_json(root)
    # What is left to fill in: the owner, the texts, the frequency (a hint comment), a test.
    assert {f["rule"] for f in result.findings} <= {
        "unknown-owner",
        "untested-control",
        "placeholder-text",
        "missing-frequency",
    }
    assert ("controls/access.yaml", owner_line - 3, 12, "AC-14") in result.where("placeholder-text")
    assert ("controls/access.yaml", owner_line, 12, "AC-14") in result.where("unknown-owner")
    # The control's dash line: its frequency is a hint comment until written.
    assert ("controls/access.yaml", owner_line - 4, 5, "AC-14") in result.where("missing-frequency")


def test_warns_when_the_file_is_not_a_program_control_file(tmp_path: Path) -> None:
    root = tmp_path / "prog"
    assert run_cli("init", root, "--today", "2026-11-20", "--no-ci").exit_code == 0
    run = new("X-01", "--file", root / "notes" / "draft.yaml", "--objectives", "CO-01")
    assert run.exit_code == 0
    assert "notes/draft.yaml is not one of the program's control files" in run.stderr
    assert "objective 'CO-01' not defined" in run.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id: AC-01\ntitle: t\ndescription: d\n", "holds a single control"),
        ("controls: [{id: AC-01, title: t, description: d}]\n", "flow list"),
        ("controls: {a: 1}\n", "'controls' is not a list"),
        ("controls: !!seq []\n", "'controls' is an empty list marked with the YAML tag '!!seq'"),
        ("controls: ~\n", "'controls' has an explicit null value"),
        ("- id: AC-01\n", "does not hold a mapping"),
        ("controls:\n  - id: AC-01\n    title: [unclosed\n", "not valid YAML"),
        ("system: x\n", "no top-level 'controls:' list"),
        ("controls:\r\n  - id: AC-09\r\n", "CRLF"),
        ("controls:\n  - id: AC-02\n    title: t\n    description: d\n", "already exists in"),
    ],
)
def test_refuses_files_it_cannot_append_to_safely(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content.encode())
    run = new("AC-02", "--file", path)
    assert run.exit_code == 2
    assert message in run.stderr
    assert path.read_bytes() == content.encode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("AC 02",), "not a valid control ID"),
        (("AC-02", "--criteria", "cc6.1"), "did you mean 'CC6.1'?"),
        (
            ("AC-02", "--criteria", "CC6.1,CC3.5"),
            "'CC3.5' is not a Trust Services Criterion (did you mean 'CC3.4'?)",
        ),
        (("AC-02", "--owner", "not an id"), "not a valid ID"),
        (("AC-02", "--frequency", "sometimes"), "'sometimes' is not one of"),
    ],
)
def test_bad_arguments(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    path = tmp_path / "c.yaml"
    run = new(*args, "--file", path)
    assert run.exit_code == 2
    assert message in run.stderr
    assert not path.exists()


def test_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    original = "\ufeffcontrols:\n  - id: AC-01\n    title: t\n    description: d\n"
    path.write_bytes(original.encode("utf-8"))
    assert new("AC-02", "--file", path).exit_code == 0
    assert path.read_bytes() == (original + SKELETON).encode("utf-8")


def test_choices_come_from_the_models_vocabulary() -> None:
    """One source of truth for the allowed values, importable without pydantic."""
    command = cli.commands["new"].commands["control"]  # type: ignore[attr-defined]
    choices = {p.name: getattr(p.type, "choices", None) for p in command.params}
    assert tuple(choices["frequency"]) == typing.get_args(models.Frequency)
    assert tuple(choices["nature"]) == typing.get_args(models.Nature)
    assert tuple(choices["automation"]) == typing.get_args(models.Automation)


def test_cli_import_does_not_load_pydantic() -> None:
    code = "import sys, soccheck.cli.main\nassert 'pydantic' not in sys.modules\n"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- property test

texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s)
controls_strategy = st.lists(
    st.fixed_dictionaries(
        {"id": st.from_regex(r"[A-Z]{2,4}-[0-9]{2}", fullmatch=True), "title": texts},
        optional={"criteria": st.lists(st.sampled_from(["CC6.1", "CC7.2", "A1.2"]), max_size=3)},
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda c: c["id"],
)
layouts = st.sampled_from(
    [yamledit.Indent(2, 4, 2), yamledit.Indent(2, 2, 0), yamledit.Indent(4, 6, 4)]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(controls=controls_strategy, layout=layouts, trailing=st.sampled_from(["", "# end\n", "\n"]))
def test_append_preserves_any_file_written_in_any_layout(
    controls: list[dict[str, object]], layout: yamledit.Indent, trailing: str
) -> None:
    """Whatever a control file holds and however it is indented, appending keeps the original
    text as a prefix and adds exactly one control at the file's own indentation."""
    items = [{**c, "description": "d"} for c in controls]
    original = yamledit.dump({"controls": items}, layout) + trailing
    from soccheck.authoring.new_control import NewControl, skeleton

    appended = yamledit.append_to_controls(original, skeleton(NewControl(id="NEW-01")))
    assert appended.text.startswith(original if original.endswith("\n") else original + "\n")
    data = load_text("c.yaml", appended.text).data
    assert data["controls"][:-1] == items
    assert data["controls"][-1]["id"] == "NEW-01"
    dash_line = appended.text.split("\n")[appended.line - 1]
    assert dash_line == " " * layout.offset + "- id: NEW-01"


def test_program_fixture_files_accept_appends(program: Callable[..., Path]) -> None:
    root = program()
    path = root / "controls" / "_coverage.yaml"
    before = path.read_text(encoding="utf-8")
    assert new("GOV-02", "--file", path, "--owner", "alice", "--criteria", "CC1.1").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(before)
    result = validate_json(root)
    assert {f["rule"] for f in result.findings} <= {
        "untested-control",
        "placeholder-text",
        "missing-frequency",
    }


def test_an_id_is_taken_by_a_control_that_does_not_validate_yet(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A half-written control (no title yet) already holds its ID: a second control with it
    would be a duplicate as soon as the first is finished."""
    root = program(controls={"draft.yaml": "controls:\n  - id: AC-09\n    owner: alice\n"})
    monkeypatch.chdir(root / "controls")
    path = root / "controls" / "more.yaml"
    run = new("AC-09", "--file", path)
    assert (run.exit_code, run.stderr) == (
        2,
        f"soccheck: error: {path}: control 'AC-09' already exists (draft.yaml:2)\n",
    )
    assert not path.exists()
