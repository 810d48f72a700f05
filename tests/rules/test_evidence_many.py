"""Evidence checks when many paths point into one directory (it is then listed once instead
of looked up path by path): every kind of problem is still found, at the same place and with
the same words as when each path is looked up on its own."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import validate_json, write_program

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

PROBLEMS = [
    "evidence/review-q9.pdf",  # missing, close to review-q1.pdf
    "evidence/outside.pdf",  # a symlink out of the root
    "evidence/broken.pdf",  # a broken symlink
    "evidence/review-01.pdf/x",  # a file used as a directory
    "evidence/loop.pdf",  # a symlink loop
]
FINE = [
    "evidence/inside.pdf",  # a symlink to a file inside the root
    "evidence/folder",  # a directory
    "evidence/review-q1.pdf",
]


def _program(root: Path, paths: list[str]) -> Path:
    write_program(root)
    evidence = root / "evidence"
    (evidence / "folder").mkdir(parents=True)
    for i in range(40):
        (evidence / f"review-{i:02d}.pdf").write_bytes(b"%PDF-1.7\n")
    (evidence / "review-q1.pdf").write_bytes(b"%PDF-1.7\n")
    secret = root.parent / "secret.pdf"  # the same target for both programs
    secret.write_bytes(b"%PDF-1.7\n")
    os.symlink(secret, evidence / "outside.pdf")
    os.symlink("gone.pdf", evidence / "broken.pdf")
    os.symlink("review-q1.pdf", evidence / "inside.pdf")
    os.symlink("loop.pdf", evidence / "loop.pdf")
    items = "".join(f"      - path: '{p}'\n" for p in paths)
    (root / "controls" / "access.yaml").write_text(HEADER + items, encoding="utf-8")
    return root


def _evidence_findings(root: Path) -> list[tuple[str, str, int, int, str]]:
    run = validate_json(root, "--select", "missing-evidence,evidence-outside-repo")
    return [
        (f["rule"], f["path"], f["line"], f["column"], f["message"])
        for f in run.findings
        if f["rule"] in ("missing-evidence", "evidence-outside-repo")
    ]


def test_a_listed_directory_finds_the_same_problems(tmp_path: Path) -> None:
    many = [f"evidence/review-{i:02d}.pdf" for i in range(40)]
    # Few paths: each is looked up on its own.
    few_root = _program(tmp_path / "few", [*PROBLEMS, *FINE])
    few = _evidence_findings(few_root)
    # The same paths after 40 others in the same directory: it is listed.
    many_root = _program(tmp_path / "many", [*many, *PROBLEMS, *FINE])
    listed = _evidence_findings(many_root)
    shift = len(many)
    assert [(r, p, line - shift, c, m) for r, p, line, c, m in listed] == few
    by_rule = {(r, line - FIRST_LINE) for r, _p, line, _c, _m in few}
    assert by_rule == {
        ("missing-evidence", 0),
        ("evidence-outside-repo", 1),
        ("missing-evidence", 2),
        ("missing-evidence", 3),
        ("missing-evidence", 4),
    }
    assert "did you mean 'evidence/review-q1.pdf'?" in few[0][4]
