"""Limits an untrusted change cannot lift, and memory bounded for any accepted input (issue
20, item 11).

``soccheck.yaml`` is part of the program a pull request may change: ``limits: {max_depth:
100000000}`` with 200 KB of nested ``- `` took 24.4 GB, and ``max_file_size: 1000000000``
let a 50 MB file through. Every limit now has a ceiling in the schema; a value over it is a
``schema`` finding and the default applies. Within the limits, a file whose every item is a
schema problem (600,000 ``{}`` controls) made 1.7 million findings and took 20 GB: past
1,000 schema findings a file is reported once more and not checked further.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from soccheck.format.vocabulary import (
    MAX_DEPTH,
    MAX_DEPTH_CEILING,
    MAX_FILE_SIZE,
    MAX_FILE_SIZE_CEILING,
    MAX_NODES_CEILING,
)
from soccheck.load.validation import MAX_SCHEMA_FINDINGS
from tests.conftest import validate_json

OVER = (
    f"limits: {{max_depth: {MAX_DEPTH_CEILING + 1}, "
    f"max_file_size: {MAX_FILE_SIZE_CEILING + 1}, max_nodes: {MAX_NODES_CEILING + 1}}}\n"
)


def test_limits_over_their_ceiling_are_findings(program: Callable[..., Path]) -> None:
    root = program(extra={"soccheck.yaml": OVER})
    run = validate_json(root)
    assert run.exit_code == 1
    assert [(f["path"], f["message"]) for f in run.findings if f["rule"] == "schema"] == [
        ("soccheck.yaml", f"max_depth must be {MAX_DEPTH_CEILING} or less; got the number 257"),
        (
            "soccheck.yaml",
            f"max_file_size must be {MAX_FILE_SIZE_CEILING} or less; "
            f"got the number {MAX_FILE_SIZE_CEILING + 1}",
        ),
        (
            "soccheck.yaml",
            f"max_nodes must be {MAX_NODES_CEILING} or less; "
            f"got the number {MAX_NODES_CEILING + 1}",
        ),
    ]


def test_a_lifted_depth_limit_keeps_the_default(program: Callable[..., Path]) -> None:
    """``max_depth: 100000000`` and 2,000 nested lists: read as if unconfigured, so the
    nesting is a yaml-limits finding at the default depth."""
    root = program(
        extra={"soccheck.yaml": "limits: {max_depth: 100000000}\n"},
        controls={"deep.yaml": "- " * 2_000 + "x\n"},
    )
    run = validate_json(root)
    assert [f["message"] for f in run.findings if f["rule"] == "yaml-limits"] == [
        f"YAML nested more than {MAX_DEPTH} levels deep"
    ]


def test_a_lifted_size_limit_keeps_the_default(program: Callable[..., Path]) -> None:
    root = program(extra={"soccheck.yaml": "limits: {max_file_size: 1000000000}\n"})
    (root / "controls" / "big.yaml").write_bytes(b"# padding\n" * (MAX_FILE_SIZE // 10 + 1))
    run = validate_json(root)
    assert run.where("file-too-large") == [("controls/big.yaml", 1, 1, None)]


def test_limits_at_their_ceiling_are_accepted(program: Callable[..., Path]) -> None:
    at = (
        f"limits: {{max_depth: {MAX_DEPTH_CEILING}, max_file_size: {MAX_FILE_SIZE_CEILING}, "
        f"max_nodes: {MAX_NODES_CEILING}}}\n"
    )
    root = program(extra={"soccheck.yaml": at})
    assert validate_json(root).exit_code == 0


def test_too_many_schema_problems_end_the_file(program: Callable[..., Path]) -> None:
    """3,000 empty controls: the first 1,000 problems and one finding saying there are
    more; none of the empty controls reaches the program rules."""
    root = program(controls={"empty.yaml": "controls: [" + ", ".join(["{}"] * 3_000) + "]\n"})
    run = validate_json(root)
    assert run.exit_code == 1
    mine = [f for f in run.findings if f["path"] == "controls/empty.yaml"]
    assert len(mine) == MAX_SCHEMA_FINDINGS + 1
    assert {f["rule"] for f in mine} == {"schema"}
    assert (mine[0]["line"], mine[0]["column"], mine[0]["message"]) == (
        1,
        1,
        "more than 1,000 schema problems in the control file; the first 1,000 are reported "
        "and nothing in the file is checked further",
    )
    assert all("is missing the required key" in f["message"] for f in mine[1:])
