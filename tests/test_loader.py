"""YAML loading: syntax errors, duplicate keys, tags, encodings and limits become findings
with exact positions, through the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import passing_test_block, validate_json

GOOD = """\
controls:
  - id: AC-01
    title: Access review
    description: Quarterly review of production access.
    owner: alice
    criteria: [CC6.1]
    frequency: annual
""" + passing_test_block("T-AC-01")


def _findings(run_rules: list[dict[str, object]], rule: str) -> list[tuple[object, ...]]:
    return [(f["path"], f["line"], f["column"]) for f in run_rules if f["rule"] == rule]


def test_syntax_error_is_a_finding_where_the_mistake_starts(
    program: Callable[..., Path],
) -> None:
    """libyaml notices the missing ']' on line 4; the finding points at the '['
    (tests/test_yaml_errors.py covers every kind of mistake)."""
    root = program(controls={"bad.yaml": "controls:\n  - id: AC-01\n    criteria: [CC6.1\n"})
    run = validate_json(root)
    assert run.exit_code == 1
    [finding] = [f for f in run.findings if f["rule"] == "yaml-syntax"]
    assert (finding["path"], finding["line"], finding["column"]) == ("controls/bad.yaml", 3, 15)
    assert "unclosed '['" in finding["message"]


def test_duplicate_key_points_at_the_second_key_and_names_the_first(
    program: Callable[..., Path],
) -> None:
    text = GOOD + "    owner: bob\n"
    run = validate_json(program(controls={"dup.yaml": text}))
    [finding] = [f for f in run.findings if f["rule"] == "duplicate-key"]
    assert (finding["line"], finding["column"]) == (GOOD.count("\n") + 1, 5)
    assert "first defined on line 5" in finding["message"]
    assert run.exit_code == 1


def test_python_tag_is_reported_and_never_constructed(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    text = GOOD.replace(
        "title: Access review",
        f'title: !!python/object/apply:os.system ["touch {marker}"]',
    )
    run = validate_json(program(controls={"tag.yaml": text}))
    assert _findings(run.findings, "yaml-tag") == [("controls/tag.yaml", 3, 12)]
    assert not marker.exists()
    assert run.exit_code == 1


def test_bom_and_crlf_are_accepted_with_correct_lines(program: Callable[..., Path]) -> None:
    text = "\ufeff" + GOOD.replace("owner: alice", "owner: nobody").replace("\n", "\r\n")
    run = validate_json(program(controls={"crlf.yaml": text.encode("utf-8").decode()}))
    assert run.where("unknown-owner") == [("controls/crlf.yaml", 5, 12, "AC-01")]


def test_second_document_is_a_finding(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"multi.yaml": GOOD + "---\nid: X\n"}))
    assert _findings(run.findings, "multiple-documents") == [
        ("controls/multi.yaml", GOOD.count("\n") + 1, 1)
    ]


def test_leading_document_marker_is_fine(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"lead.yaml": "---\n" + GOOD}))
    assert run.exit_code == 0, run.findings


def test_empty_files_are_errors(program: Callable[..., Path]) -> None:
    """A green run on an emptied file would read as 'all controls pass'."""
    run = validate_json(program(controls={"empty.yaml": "# nothing yet\n"}))
    assert [(f["rule"], f["severity"], f["line"]) for f in run.findings] == [
        ("empty-file", "error", 1)
    ]
    assert run.exit_code == 1
    run = validate_json(program(system=""))
    assert ("system.yaml", "empty-file", "error") in [
        (f["path"], f["rule"], f["severity"]) for f in run.findings
    ]
    assert run.exit_code == 1


def test_alias_bomb_is_rejected_quickly(program: Callable[..., Path]) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    run = validate_json(program(controls={"bomb.yaml": "\n".join(lines) + "\n"}))
    [finding] = [f for f in run.findings if f["rule"] == "yaml-limits"]
    assert finding["path"] == "controls/bomb.yaml"
    assert "alias" in finding["message"]


def test_small_aliases_are_allowed(program: Callable[..., Path]) -> None:
    text = GOOD.replace("owner: alice", "owner: &own alice") + (
        "  - id: AC-02\n    title: Second\n    description: Another one.\n"
        "    owner: *own\n    criteria: [CC6.2]\n    frequency: annual\n"
        + passing_test_block("T-AC-02")
    )
    run = validate_json(program(controls={"alias.yaml": text}))
    assert run.exit_code == 0, run.findings


def test_deep_flow_nesting_is_rejected_before_parsing(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"deep.yaml": "a: " + "[" * 100_000 + "]" * 100_000}))
    assert [f["rule"] for f in run.findings] == ["yaml-limits"]


def test_deep_block_nesting_is_rejected(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"deep.yaml": "- " * 500 + "x\n"}))
    assert [f["rule"] for f in run.findings] == ["yaml-limits"]
    assert "nested more than 64 levels" in run.findings[0]["message"]


def test_binary_and_non_utf8_files(program: Callable[..., Path]) -> None:
    root = program()
    (root / "controls" / "bin.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "controls" / "latin1.yaml").write_bytes(b"id: caf\xe9\n")
    (root / "controls" / "utf16.yaml").write_bytes("id: x\n".encode("utf-16"))
    run = validate_json(root)
    assert _findings(run.findings, "file-unreadable") == [
        ("controls/bin.yaml", 3, 1),
        ("controls/latin1.yaml", 1, 8),
        ("controls/utf16.yaml", 1, 1),
    ]
    assert run.exit_code == 1


def test_tab_indentation_is_a_syntax_finding(program: Callable[..., Path]) -> None:
    run = validate_json(program(controls={"tab.yaml": "controls:\n\t- id: AC-01\n"}))
    assert _findings(run.findings, "yaml-syntax") == [("controls/tab.yaml", 2, 1)]
    assert "tab is used for indentation" in run.findings[0]["message"]


def test_yaml_11_booleans_and_numbers_are_not_coerced(program: Callable[..., Path]) -> None:
    text = (
        "controls:\n"
        "  - id: 0012\n"
        "    title: Numbered\n"
        "    description: An ID written as a number.\n"
        "    owner: alice\n"
        "    criteria: [CC6.1]\n"
        "    key: yes\n"
        "  - id: 1e3\n"
        "    title: Float ID\n"
        "    description: An ID in scientific notation.\n"
        "    owner: alice\n"
        "    criteria: [CC6.1]\n"
    )
    run = validate_json(program(controls={"yaml11.yaml": text}))
    messages = {(f["line"], f["column"]): f["message"] for f in run.findings}
    assert "quote it ('0012')" in messages[(2, 9)]
    assert "YAML 1.2 only knows true and false" in messages[(7, 10)]
    assert "the number 1e3" in messages[(8, 9)]
    assert run.exit_code == 1


def test_merge_keys_are_reported(program: Callable[..., Path]) -> None:
    text = (
        "controls:\n  - &base\n    id: AC-01\n    title: A\n    description: B\n"
        "    owner: alice\n    criteria: [CC6.1]\n  - <<: *base\n    id: AC-02\n"
    )
    run = validate_json(program(controls={"merge.yaml": text}))
    assert _findings(run.findings, "yaml-syntax") == [("controls/merge.yaml", 8, 5)]
