"""``soccheck new test``: a complete test skeleton, added without disturbing a byte of the file."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soccheck.authoring import yamledit
from soccheck.authoring.new_test import NewTest, _skeleton
from soccheck.load.validation import validate_document
from soccheck.load.yaml_reader import load_text
from tests.conftest import REPO, Run, dedent, run_cli, run_subprocess, validate_json

TODAY = "2026-11-20"

ACCESS = dedent(
    """
    # Access controls -- reviewed by the security team.
    controls:
      - id: AC-01
        title: Quarterly access review
        description: >-
          Each quarter the security lead reviews access
          to production.
        owner: alice
        criteria: [CC6.1]
        frequency: quarterly

      # Provisioning is owned by IT.
      - id: AC-02
        title: Access requests approved
        description: Requests are approved by the manager.
        owner: alice
        criteria: [CC6.2]
        tests:
          - id: T-AC-02-2026
            method: inspection
            procedure: Inspected 25 requests.
            performed_on: 2026-07-02
            performed_by: tom
            result: pass
            covers: {start: 2026-01-01, end: 2026-06-30}
            population: 30
            sample_size: 25
        key: true
        frequency: as-needed
    # end of file
    """
)

TEST_FOR_AC_01 = """\
    tests:
      - id: T-AC-01-2026
        kind: operating
        method: inspection
        procedure: >-
          What the tester did: the population, how the sample was picked, what was
          examined in each item, and what would have counted as an exception.
        performed_on: 2026-11-20
        performed_by: TESTER
        covers: {start: 2026-01-01, end: 2026-06-30} # the span the sample was drawn from
        population: 0     # times the control ran in that span
        sample_size: 0    # items examined; at least 2 for a quarterly control
        exceptions: 0     # deviations found
        result: pass      # pass, exceptions or fail
"""


def new(root: Path, *args: str) -> Run:
    return run_cli("new", "test", *args, "--root", root, "--today", TODAY)


def _split(text: str, marker: str) -> tuple[str, str]:
    index = text.index(marker)
    return text[:index], text[index:]


def test_adds_a_tests_list_to_a_control_without_one(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program(controls={"access.yaml": ACCESS})
    monkeypatch.chdir(root)
    path = root / "controls" / "access.yaml"
    run = new(root, "AC-01")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == (
        "Added operating test T-AC-01-2026 to control AC-01: controls/access.yaml (line 12)."
    )
    head, tail = _split(ACCESS, "\n  # Provisioning")
    assert path.read_text(encoding="utf-8") == head + TEST_FOR_AC_01 + tail
    result = validate_json(root)
    assert {(f["rule"], f["line"], f["column"]) for f in result.findings} == {
        ("placeholder-text", 15, 20),
        ("unknown-person", 19, 23),
        ("insufficient-sample", 22, 22),  # the skeleton sampled nothing yet,
        ("untested-control", 3, 5),  # so it does not count as a test of AC-01,
        ("test-outside-period", 18, 23),  # nor would it: dated after the fieldwork window
    }


def test_appends_after_the_last_test_before_the_next_key(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program(controls={"access.yaml": ACCESS})
    monkeypatch.chdir(root)
    path = root / "controls" / "access.yaml"
    run = new(root, "AC-02", "--performed-by", "tom", "--method", "reperformance")
    assert run.exit_code == 0, run.stderr
    # T-AC-02-2026 is taken, so the year's ID is numbered.
    assert "test T-AC-02-2026-2 to control AC-02: controls/access.yaml (line 28)." in run.stdout
    head, tail = _split(ACCESS, "    key: true\n")
    added = path.read_text(encoding="utf-8")
    assert added.startswith(head) and added.endswith(tail)
    assert added[len(head) : -len(tail)].splitlines()[:4] == [
        "      - id: T-AC-02-2026-2",
        "        kind: operating",
        "        method: reperformance",
        "        procedure: >-",
    ]
    data = load_text("access.yaml", added).data
    assert [t["id"] for t in data["controls"][1]["tests"]] == ["T-AC-02-2026", "T-AC-02-2026-2"]
    assert data["controls"][1]["key"] is True
    assert data["controls"][1]["tests"][1]["performed_by"] == "tom"


@pytest.mark.parametrize(
    ("tests_line", "expected"),
    [
        ("    tests: []\n", "    tests:\n"),
        ("    tests:  # none yet\n", "    tests:  # none yet\n"),
        ("    tests: [ ]  # none yet\n", "    tests:  # none yet\n"),
    ],
)
def test_empty_tests_become_a_block_list(
    program: Callable[..., Path], tests_line: str, expected: str
) -> None:
    text = ACCESS.replace("    frequency: quarterly\n", "    frequency: quarterly\n" + tests_line)
    root = program(controls={"access.yaml": text})
    assert new(root, "AC-01").exit_code == 0
    head, tail = _split(text, tests_line)
    written = (root / "controls" / "access.yaml").read_text(encoding="utf-8")
    assert written == head + expected + TEST_FOR_AC_01.split("\n", 1)[1] + tail[len(tests_line) :]


def test_a_single_control_file_and_a_file_whose_lists_are_not_indented(
    program: Callable[..., Path],
) -> None:
    single = "id: OPS-01\ntitle: Backups\ndescription: Backups run daily.\nowner: alice\n"
    flat = "controls:\n- id: OPS-02\n  title: t\n  description: d\n  owner: alice\n"
    root = program(controls={"single.yaml": single, "flat.yaml": flat})
    assert new(root, "OPS-01", "--kind", "design").exit_code == 0
    assert new(root, "OPS-02").exit_code == 0
    one = (root / "controls" / "single.yaml").read_text(encoding="utf-8")
    assert one.startswith(single + "tests:\n  - id: T-OPS-01-2026\n    kind: design\n")
    assert "population:" not in one  # a design test has no sample
    two = (root / "controls" / "flat.yaml").read_text(encoding="utf-8")
    assert two.startswith(flat + "  tests:\n  - id: T-OPS-02-2026\n    kind: operating\n")
    for name, text in (("single.yaml", one), ("flat.yaml", two)):
        doc = load_text(name, text)
        assert doc.findings == [] and validate_document(doc, "control") == set()


def test_a_control_only_type_1_reports_examine_gets_a_design_test(
    program: Callable[..., Path],
) -> None:
    system = dedent(
        """
        name: Demo
        reports:
          - {id: soc2-t1, framework: soc2, type: 1, as_of: 2026-12-31, categories: [security]}
        people:
          - {id: alice, name: Alice Owner}
        """
    )
    root = program(system=system, controls={"access.yaml": ACCESS})
    run = new(root, "AC-01")
    assert "Added design test T-AC-01-2026" in run.stdout
    text = (root / "controls" / "access.yaml").read_text(encoding="utf-8")
    added = text[len(ACCESS.split("\n  # Provisioning")[0]) :].split("\n  # Provisioning")[0]
    assert "        kind: design\n" in added and "sample_size" not in added


@pytest.mark.parametrize(
    ("controls", "args", "message"),
    [
        ({}, ("AC-9",), "no control 'AC-9' in the program under"),
        ({}, ("AC-1",), "did you mean 'AC-01'?"),
        ({"dup.yaml": "controls:\n  - id: AC-01\n"}, ("AC-01",), "is defined more than once"),
        ({}, ("AC-01", "--id", "T-AC-02-2026"), "ID 'T-AC-02-2026' is already used"),
        ({}, ("AC-01", "--id", "GOV-01"), "ID 'GOV-01' is already used (controls/_coverage"),
        ({}, ("AC-01", "--id", "T 1"), "'T 1' is not a valid ID"),
        ({}, ("AC-01", "--method", "guessing"), "'guessing' is not one of"),
        (
            {},
            ("AC-01", "--report", "r9"),
            "soccheck: error: no report 'r9' in system.yaml; defined reports: 'soc2-2026'\n",
        ),
        (
            {},
            ("AC-01", "--report", "soc2-2025"),
            "no report 'soc2-2025' in system.yaml (did you mean 'soc2-2026'?); defined reports: "
            "'soc2-2026'\n",
        ),
    ],
)
def test_refusals_are_one_line_and_touch_nothing(
    program: Callable[..., Path],
    controls: dict[str, str],
    args: tuple[str, ...],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = program(controls={"access.yaml": ACCESS, **controls})
    monkeypatch.chdir(root)
    run = new(root, *args)
    assert run.exit_code == 2
    assert message in run.stderr
    assert (root / "controls" / "access.yaml").read_text(encoding="utf-8") == ACCESS


@pytest.mark.parametrize(
    ("system", "message"),
    [
        ("name: Demo\nreports: []\n", "no report 'r9' in system.yaml; defined reports: none\n"),
        (
            "name: Demo\n",
            "system.yaml could not be loaded, so report 'r9' cannot be checked; run 'soccheck "
            "validate' to see why\n",
        ),
    ],
)
def test_a_report_is_refused_when_the_program_defines_none(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, system: str, message: str
) -> None:
    root = program(system=system, controls={"access.yaml": ACCESS})
    monkeypatch.chdir(root)
    run = new(root, "AC-01", "--report", "r9")
    assert (run.exit_code, run.stderr) == (2, "soccheck: error: " + message)
    assert (root / "controls" / "access.yaml").read_text(encoding="utf-8") == ACCESS
    assert new(root, "AC-01").exit_code == 0  # without --report the system is not needed


def test_a_defined_report_is_written_in_a_real_process(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": ACCESS})
    refused = run_subprocess("new", "test", "AC-01", "--report", "soc2-2025", cwd=root / "controls")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        "soccheck: error: no report 'soc2-2025' in ../system.yaml (did you mean 'soc2-2026'?); "
        "defined reports: 'soc2-2026'\n"
    )
    run = run_subprocess(
        "new", "test", "AC-01", "--report", "soc2-2026", "--today", TODAY, cwd=root
    )
    assert run.exit_code == 0, run.stderr
    written = (root / "controls" / "access.yaml").read_text(encoding="utf-8")
    assert "        performed_by: TESTER\n        report: soc2-2026\n" in written
    assert "unknown-report" not in validate_json(root).rules()


def test_a_control_defined_twice_names_both_places(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both places, as text output shows paths: from the current directory. The second
    definition does not validate (no title), but it is written, so it counts."""
    root = program(controls={"access.yaml": ACCESS, "dup.yaml": "controls:\n  - id: AC-01\n"})
    monkeypatch.chdir(root / "controls")
    run = new(root, "AC-01")
    assert run.stderr == (
        "soccheck: error: control 'AC-01' is defined more than once (access.yaml:3 "
        "and dup.yaml:2); keep one definition, then add the test\n"
    )


@pytest.mark.parametrize(
    ("cwd", "shown"),
    [
        (".", "controls/access.yaml"),
        ("controls", "access.yaml"),
        ("evidence", "../controls/access.yaml"),
        ("..", "prog/controls/access.yaml"),
    ],
)
def test_paths_are_shown_from_the_current_directory(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, cwd: str, shown: str
) -> None:
    """As in 'new control' and text output, so a terminal or editor opens the place."""
    root = program(controls={"access.yaml": ACCESS}, extra={"evidence/README.md": "x\n"})
    monkeypatch.chdir(root / cwd)
    added = new(root, "AC-01")
    assert added.stdout.splitlines()[0] == (
        f"Added operating test T-AC-01-2026 to control AC-01: {shown} (line 12)."
    )
    taken = new(root, "AC-02", "--id", "T-AC-01-2026")
    assert taken.stderr == (
        f"soccheck: error: ID 'T-AC-01-2026' is already used ({shown}:12); choose another\n"
    )
    flow = ACCESS.replace("    frequency: quarterly\n", "    tests: [{id: X}]\n")
    (root / "controls" / "access.yaml").write_text(flow, encoding="utf-8")
    refused = new(root, "AC-01")
    assert refused.stderr.startswith(f"soccheck: error: {shown}: 'tests' is written as a flow")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("controls:\n  - {id: AC-01, title: t, description: d}\n", "written in flow style"),
        (
            "controls:\n  - id: AC-01\n    title: t\n    description: d\n    tests: [{id: X}]\n",
            "flow list",
        ),
        ("controls:\r\n  - id: AC-01\r\n    title: t\r\n    description: d\r\n", "CRLF"),
        (
            "controls:\n  - id: AC-01\n    title: t\n    tests: !!seq []\n",
            "'tests' is an empty list marked with the YAML tag '!!seq'; write it as 'tests: []' "
            "(soccheck does not accept YAML tags), then run the command again",
        ),
        (
            "controls:\n  - id: AC-01\n    title: t\n    tests: &none []\n",
            "'tests' is an empty list marked with the YAML anchor '&none'",
        ),
        (
            "controls:\n  - id: AC-01\n    title: t\n    tests:\n      []\n",
            "'tests' is an empty list written below its key; write it as 'tests: []' on the "
            "key's line, then run the command again",
        ),
        (
            "controls:\n  - id: AC-01\n    title: t\n    tests: [  # none yet\n      ]\n",
            "'tests' is an empty list written over more than one line",
        ),
    ],
)
def test_refuses_shapes_it_cannot_add_to_safely(
    program: Callable[..., Path], text: str, message: str
) -> None:
    root = program(controls={"c.yaml": text})
    path = root / "controls" / "c.yaml"
    path.write_bytes(text.encode())
    run = new(root, "AC-01")
    assert run.exit_code == 2
    assert message in run.stderr
    assert path.read_bytes() == text.encode()


def test_byte_order_mark_is_kept(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": ACCESS})
    path = root / "controls" / "access.yaml"
    path.write_bytes(("\ufeff" + ACCESS).encode("utf-8"))
    assert new(root, "AC-02").exit_code == 0
    assert path.read_bytes().startswith(("\ufeff" + ACCESS.split("    key: true")[0]).encode())


def test_finds_the_root_from_a_subdirectory_in_a_real_process(
    program: Callable[..., Path],
) -> None:
    root = program(controls={"access.yaml": ACCESS})
    run = run_subprocess("new", "test", "AC-01", "--today", TODAY, cwd=root / "controls")
    assert run.exit_code == 0, run.stderr
    assert "test T-AC-01-2026 to control AC-01: access.yaml (line 12)." in run.stdout
    outside = run_subprocess("new", "test", "AC-01", cwd=root.parent)
    assert outside.exit_code == 2
    assert outside.stderr.startswith(
        "soccheck: error: no system.yaml, soccheck.yaml or pyproject.toml with [tool.soccheck] in "
    )
    # The way to name the program is this command's option, not validate's argument.
    assert outside.stderr.endswith(
        "; run soccheck inside a SOC program, pass its root (--root DIR), or run "
        "'soccheck init' to start one\n"
    )


def test_the_skeleton_satisfies_the_schema_and_is_reported_until_filled_in(
    program: Callable[..., Path],
) -> None:
    """Nothing required is missing; what is unfinished is reported by name."""
    root = program(controls={"access.yaml": ACCESS})
    # Dated during fieldwork (the period ends 2026-06-30), where a finished test counts.
    added = run_cli("new", "test", "AC-01", "--root", root, "--today", "2026-08-03")
    assert added.exit_code == 0
    text = (root / "controls" / "access.yaml").read_text(encoding="utf-8")
    filled = text.replace("TESTER", "tom").replace(
        "What the tester did: the population, how the sample was picked, what was\n"
        "          examined in each item, and what would have counted as an exception.",
        "Inspected the Q3 review ticket for sign-off and removals.",
    )
    # The skeleton's sample of 0 never passes for a test (nothing was examined).
    (root / "controls" / "access.yaml").write_text(filled, encoding="utf-8")
    run = validate_json(root)
    assert [f["rule"] for f in run.findings] == ["untested-control", "insufficient-sample"]
    assert "(sample_size 0), so none shows the control operating" in run.findings[0]["message"]
    # The skeleton already records the span it samples: the period so far.
    assert "covers: {start: 2026-01-01, end: 2026-06-30}" in filled
    filled = filled.replace("population: 0", "population: 1").replace(
        "sample_size: 0", "sample_size: 1"
    )
    (root / "controls" / "access.yaml").write_text(filled, encoding="utf-8")
    assert validate_json(root).findings == []


# --------------------------------------------------------------------------- property test

layouts = st.sampled_from(
    [yamledit.Indent(2, 4, 2), yamledit.Indent(2, 2, 0), yamledit.Indent(4, 6, 4)]
)
controls_strategy = st.lists(
    st.fixed_dictionaries(
        {"id": st.from_regex(r"[A-Z]{2,4}-[0-9]{2}", fullmatch=True), "title": st.just("t")},
        optional={
            "tests": st.lists(
                st.fixed_dictionaries({"id": st.from_regex(r"T-[0-9]{3}", fullmatch=True)}),
                max_size=2,
            ),
            "key": st.booleans(),
        },
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda c: c["id"],
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(controls=controls_strategy, layout=layouts, pick=st.integers(0, 3))
def test_adding_keeps_every_other_byte_in_any_layout(
    controls: list[dict[str, object]], layout: yamledit.Indent, pick: int
) -> None:
    """Whatever the control file holds and however it is indented, the new test lands in the
    chosen control's tests and nothing else changes: every original line is still there, in
    order, and the data equals the original plus one test."""
    items = [{**c, "description": "d"} for c in controls]
    original = yamledit.dump({"controls": items}, layout)
    index = pick % len(items)
    item = _skeleton(NewTest("X"), "T-NEW", "operating", dt.date(2026, 11, 20), "")
    appended = yamledit.append_to_tests(original, ("controls", index), item)
    old_lines = original.splitlines()
    new_lines = appended.text.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "replace":
            # Only 'tests: []' of the chosen control may change: to 'tests:' above the item.
            assert i2 - i1 == 1 and old_lines[i1].endswith("tests: []")
            assert new_lines[j1] == old_lines[i1].replace("tests: []", "tests:")
            assert items[index].get("tests") == []
        else:
            assert tag in ("equal", "insert"), (tag, old_lines[i1:i2])
    result = load_text("c.yaml", appended.text).data["controls"]
    tests = result[index].pop("tests")
    assert tests[:-1] == items[index].get("tests", [])
    assert tests[-1]["id"] == "T-NEW" and tests[-1]["performed_on"] == "2026-11-20"
    expected = [dict(c) for c in items]
    expected[index].pop("tests", None)
    assert result == expected


# ------------------------------------------------------------------- docs/getting-started.md


def _recording_a_test_blocks() -> list[str]:
    text = (REPO / "docs" / "getting-started.md").read_text(encoding="utf-8")
    section = text.split("## Recording a test\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def test_getting_started_shows_what_new_test_writes_and_a_valid_finished_test(
    program: Callable[..., Path],
) -> None:
    skeleton, finished = _recording_a_test_blocks()
    root = program()
    path = root / "controls" / "access.yaml"
    control = (
        "AC-14",
        "--file",
        path,
        "--title",
        "Break-glass account use reviewed",
        "--criteria",
        "CC6.1,CC6.3",
        "--frequency",
        "monthly",
        "--owner",
        "alice",
    )
    assert run_cli("new", "control", *control).exit_code == 0
    before = path.read_text(encoding="utf-8")
    assert new(root, "AC-14").exit_code == 0
    assert path.read_text(encoding="utf-8") == before + skeleton

    # The finished entry, in place of the skeleton's item, is a test soccheck accepts whole.
    written = before.replace(
        "      Who does what, how often, and what evidence shows that it was done.",
        "      The on-call lead reviews every use of the break-glass account each month.",
    )
    path.write_text(written + "    tests:\n" + finished, encoding="utf-8")
    result = validate_json(root)
    assert result.findings == []
    [test] = load_text("access.yaml", path.read_text(encoding="utf-8")).data["controls"][0]["tests"]
    assert set(test) == {
        "id",
        "kind",
        "method",
        "procedure",
        "performed_on",
        "performed_by",
        "covers",
        "population",
        "population_source",
        "sample_size",
        "exceptions",
        "result",
        "notes",
    }


def test_a_test_dated_before_the_period_warns_that_it_will_not_count(
    program: Callable[..., Path],
) -> None:
    """Right after init the period starts next month, so a test dated today never counts."""
    root = program(controls={"access.yaml": ACCESS})
    early = run_subprocess("new", "test", "AC-01", "--today", "2025-12-15", cwd=root)
    assert early.exit_code == 0, early.stderr
    assert early.stderr == (
        "soccheck: warning: the test is dated 2025-12-15, before the period of report "
        "'soc2-2026' starts on 2026-01-01, so it will not count for that report; set "
        "performed_on to the day the test is performed\n"
    )
    on_time = run_cli("new", "test", "AC-02", "--root", root, "--today", "2026-09-28")
    assert (on_time.exit_code, on_time.stderr) == (0, "")  # the last day of fieldwork


def test_a_test_dated_after_the_fieldwork_window_warns_that_it_will_not_count(
    program: Callable[..., Path],
) -> None:
    """The period ends 2026-06-30: 90 days of fieldwork (the default) end 2026-09-28, and
    the configuration's fieldwork_days moves that day."""
    root = program(controls={"access.yaml": ACCESS})
    late = run_cli("new", "test", "AC-01", "--root", root, "--today", "2026-09-29")
    assert late.exit_code == 0, late.stderr
    assert late.stderr == (
        "soccheck: warning: the test is dated 2026-09-29, more than 90 days (fieldwork_days) "
        "after the period of report 'soc2-2026' ended on 2026-06-30, so it will not count for "
        "that report; set performed_on to the day the test was performed\n"
    )
    (root / "soccheck.yaml").write_text("fieldwork_days: 120\n", encoding="utf-8")
    longer = run_cli("new", "test", "AC-02", "--root", root, "--today", "2026-09-29")
    assert (longer.exit_code, longer.stderr) == (0, "")


def test_a_repeated_method_option_writes_a_list_of_methods(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": ACCESS})
    run = new(root, "AC-01", "--method", "inquiry", "--method", "inspection", "--method", "inquiry")
    assert run.exit_code == 0, run.stderr
    text = (root / "controls" / "access.yaml").read_text(encoding="utf-8")
    assert "        method: [inquiry, inspection]\n" in text
    test = load_text("access.yaml", text).data["controls"][0]["tests"][-1]
    assert test["method"] == ["inquiry", "inspection"]
    # The list is the format's: the schema accepts it (only the skeleton's placeholders remain).
    assert "schema" not in validate_json(root).rules()
