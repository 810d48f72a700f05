"""missing-evidence and evidence-outside-repo, with real files and symlinks in tmp dirs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import passing_test_block, validate_json

HEADER = """\
controls:
  - id: AC-01
    title: Access review
    description: Access to production is reviewed every quarter.
    owner: alice
    criteria: [CC6.1]
    evidence:
"""
FIRST_LINE = 8
"""Line of the first evidence item; its path value starts in column 15."""


TESTS = "    frequency: annual\n" + passing_test_block("T-AC-01")
"""After the evidence, so evidence lines stay put; keeps untested-control quiet (and
missing-frequency)."""


def _control(*paths: str) -> dict[str, str]:
    items = "".join(f"      - path: '{p}'\n" for p in paths)
    return {"access.yaml": HEADER + items + TESTS}


def _at(*indexes: int) -> list[tuple[str, int, int, str]]:
    return [("controls/access.yaml", FIRST_LINE + i, 15, "AC-01") for i in indexes]


def _messages(findings: list[dict[str, object]], rule: str) -> list[str]:
    return [str(f["message"]) for f in findings if f["rule"] == rule]


@pytest.fixture
def root(program: Callable[..., Path]) -> Path:
    """An empty program root with an evidence directory holding one file."""
    path = program()
    (path / "evidence").mkdir()
    (path / "evidence" / "q1-review.pdf").write_bytes(b"%PDF-1.7\n")
    return path


def _write(root: Path, *paths: str) -> Path:
    (root / "controls" / "access.yaml").write_text(_control(*paths)["access.yaml"])
    return root


# ---------------------------------------------------------------------- missing-evidence


def test_existing_files_and_directories_are_quiet(root: Path) -> None:
    (root / "evidence" / "q2").mkdir()
    os.symlink("q1-review.pdf", root / "evidence" / "latest.pdf")
    run = validate_json(
        _write(
            root,
            "evidence/q1-review.pdf",
            "evidence/q2",
            "evidence/q2/",
            "./evidence/../evidence/q1-review.pdf",
            "evidence/latest.pdf",
        )
    )
    assert run.findings == []
    assert run.exit_code == 0


def test_missing_file(root: Path) -> None:
    run = validate_json(_write(root, "evidence/q1-review.pdf", "evidence/q3-review.pdf"))
    assert run.exit_code == 1
    assert run.where("missing-evidence") == _at(1)
    [message] = _messages(run.findings, "missing-evidence")
    assert "'evidence/q3-review.pdf' of control 'AC-01' does not exist" in message
    assert "did you mean 'evidence/q1-review.pdf'?" in message


def test_missing_directory_and_file_under_a_file(root: Path) -> None:
    run = validate_json(_write(root, "evidence/2025/", "evidence/q1-review.pdf/page1.png"))
    assert run.where("missing-evidence") == _at(0, 1)
    assert "a part of it is a file" in _messages(run.findings, "missing-evidence")[1]


def test_broken_symlink_and_symlink_loop_inside_the_root(root: Path) -> None:
    os.symlink("gone.pdf", root / "evidence" / "broken.pdf")
    os.symlink("loop-b", root / "evidence" / "loop-a")
    os.symlink("loop-a", root / "evidence" / "loop-b")
    run = validate_json(_write(root, "evidence/broken.pdf", "evidence/loop-a"))
    assert run.where("missing-evidence") == _at(0, 1)
    broken, loop = _messages(run.findings, "missing-evidence")
    assert "broken symlink" in broken
    assert "symlink loop" in loop
    assert "evidence-outside-repo" not in run.rules()


def test_empty_path(root: Path) -> None:
    run = validate_json(_write(root, ""))
    assert run.where("missing-evidence") == _at(0)
    assert "is empty" in _messages(run.findings, "missing-evidence")[0]


def test_nul_character_in_path(root: Path) -> None:
    text = HEADER + '      - path: "evidence/q1-review.pdf\\0.txt"\n'
    (root / "controls" / "access.yaml").write_text(text)
    run = validate_json(root)
    assert run.where("missing-evidence") == _at(0)
    assert "NUL character" in _messages(run.findings, "missing-evidence")[0]


def test_url_evidence_is_not_checked(root: Path) -> None:
    text = HEADER + "      - url: https://tickets.example.com/AC-01\n" + TESTS
    (root / "controls" / "access.yaml").write_text(text)
    assert validate_json(root).findings == []


# ----------------------------------------------------------------- evidence-outside-repo


def test_absolute_and_climbing_paths(root: Path) -> None:
    # The targets exist, so only evidence-outside-repo may fire — never missing-evidence.
    outside = root.parent / "outside.pdf"
    outside.write_bytes(b"secret")
    run = validate_json(
        _write(
            root,
            str(outside),
            "../outside.pdf",
            "evidence/../../outside.pdf",
            "../prog/evidence/q1-review.pdf",
            "C:\\evidence\\q1.pdf",
            "..\\outside.pdf",
            "//fileserver/audit/q1.pdf",
        )
    )
    assert run.exit_code == 1
    assert run.where("evidence-outside-repo") == _at(0, 1, 2, 3, 4, 5, 6)
    assert "missing-evidence" not in run.rules()
    messages = _messages(run.findings, "evidence-outside-repo")
    assert "is absolute" in messages[0]
    assert "climbs out of the program root with '..'" in messages[1]
    # A path that leaves the root and comes back in still depends on the checkout's name.
    assert "climbs out" in messages[3]


def test_symlinks_that_resolve_outside(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "passwords.txt").write_text("hunter2")
    os.symlink(elsewhere / "passwords.txt", root / "evidence" / "file-link.txt")
    os.symlink(elsewhere, root / "evidence" / "dir-link")
    os.symlink("../../elsewhere/passwords.txt", root / "evidence" / "relative-link.txt")
    os.symlink(tmp_path / "does-not-exist", root / "evidence" / "dangling-out")
    run = validate_json(
        _write(
            root,
            "evidence/file-link.txt",
            "evidence/dir-link/passwords.txt",
            "evidence/dir-link",
            "evidence/relative-link.txt",
            "evidence/dangling-out",
        )
    )
    assert run.where("evidence-outside-repo") == _at(0, 1, 2, 3, 4)
    # Reported once: a path outside the root is never also looked up as missing evidence.
    assert "missing-evidence" not in run.rules()
    messages = _messages(run.findings, "evidence-outside-repo")
    # The link is named, never its target (a path on the machine running soccheck).
    link = "'evidence/file-link.txt' of control 'AC-01' is a symlink that leads outside"
    assert link in messages[0]
    assert "through the symlink 'evidence/dir-link'" in messages[1]
    assert str(tmp_path) not in "".join(messages)


def test_program_root_reached_through_a_symlink(tmp_path: Path, root: Path) -> None:
    # Checking the program through a symlinked path must not make its own files look outside.
    alias = tmp_path / "alias"
    os.symlink(root, alias)
    run = validate_json(_write(alias, "evidence/q1-review.pdf"))
    assert run.findings == []


def test_paths_inside_the_root_are_quiet(root: Path) -> None:
    run = validate_json(_write(root, "evidence/q1-review.pdf", "evidence/./q1-review.pdf"))
    assert "evidence-outside-repo" not in run.rules()
