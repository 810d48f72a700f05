"""Directory trees thousands deep are a finding, not a crash (issue 20, item 8).

``os.walk`` recurses once per directory level: a tree 1,000 deep under controls/ ended the
run with "internal error while reading system.yaml: RecursionError". The walk is iterative
now, and a directory nested more than ``MAX_DIRECTORY_DEPTH`` below the root is reported
(``file-unreadable``, at the first directory not searched) instead of being searched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from soccheck.load.discovery import MAX_DIRECTORY_DEPTH
from tests.conftest import REPO, TODAY, validate_json

CONTROL = b"id: DEEP-1\ntitle: Deep\ndescription: Found at the bottom of the tree.\n"


@contextmanager
def chain(parent: Path, depth: int) -> Iterator[None]:
    """``depth`` directories ``d/d/.../d`` under ``parent``, with a control file in the
    deepest. They are made and removed one level at a time from the working directory: the
    path of the deepest is longer than the system accepts, and ``shutil.rmtree`` recurses
    (Python 3.11)."""
    here = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
    made = 0
    try:
        os.chdir(parent)
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
            made += 1
        Path("x.yaml").write_bytes(CONTROL)
        os.fchdir(here)
        yield
    finally:
        os.chdir(parent)
        for _ in range(made):
            os.chdir("d")
        Path("x.yaml").unlink(missing_ok=True)
        for _ in range(made):
            os.chdir("..")
            os.rmdir("d")
        os.fchdir(here)
        os.close(here)


NOT_SEARCHED = (
    f"is a directory nested more than {MAX_DIRECTORY_DEPTH} levels below the program root; "
    "soccheck does not search it for control files"
)
FIRST_NOT_SEARCHED = "controls/" + "/".join(["d"] * MAX_DIRECTORY_DEPTH)


@pytest.mark.parametrize("depth", [1_000, 5_000])
def test_a_deep_tree_is_a_finding(program: Callable[..., Path], depth: int) -> None:
    root = program()
    with chain(root / "controls", depth):
        run = validate_json(root)
    assert run.exit_code == 1, run
    assert "internal error" not in run.stderr
    unreadable = [f for f in run.findings if f["rule"] == "file-unreadable"]
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in unreadable] == [
        (FIRST_NOT_SEARCHED, 1, 1, NOT_SEARCHED)
    ]


def test_a_tree_at_the_limit_is_searched(program: Callable[..., Path]) -> None:
    """The deepest directory searched is MAX_DIRECTORY_DEPTH below the root (controls/ is
    one of them), and its control is read."""
    root = program()
    with chain(root / "controls", MAX_DIRECTORY_DEPTH - 1):
        run = validate_json(root)
    assert "file-unreadable" not in run.rules()
    assert any(f["subject"] == "DEEP-1" for f in run.findings), run.findings


def test_a_deep_tree_no_pattern_reaches_is_not_walked(program: Callable[..., Path]) -> None:
    """Without '**' the patterns reach one directory down: nothing deeper is reported."""
    root = program(extra={"soccheck.yaml": "controls: [controls/*.yaml]\n"})
    with chain(root / "controls", 1_000):
        run = validate_json(root)
    assert "file-unreadable" not in run.rules(), run.findings


def test_as_a_real_process(program: Callable[..., Path]) -> None:
    root = program()
    with chain(root / "controls", 1_000):
        proc = subprocess.run(
            [sys.executable, "-m", "soccheck", "validate", str(root), "--today", TODAY],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    assert f"{FIRST_NOT_SEARCHED}:1:1: error file-unreadable {NOT_SEARCHED}" in proc.stdout


def test_a_directory_that_cannot_be_listed_is_a_finding(program: Callable[..., Path]) -> None:
    """Its controls were skipped silently. Root ignores modes: run as another user in a user
    namespace."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    root = program(controls={"locked/x.yaml": CONTROL.decode()})
    (root / "controls" / "locked").chmod(0)
    command = [sys.executable, "-m", "soccheck", "validate", str(root), "--format", "json"]
    if os.geteuid() == 0:
        command = ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]
    try:
        proc = subprocess.run(
            [*command, "--today", TODAY],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        (root / "controls" / "locked").chmod(0o755)
    if os.geteuid() == 0 and "unshare" in proc.stderr:
        pytest.skip(f"user namespaces unavailable: {proc.stderr.strip()}")
    assert proc.returncode == 1, proc.stderr
    import json

    findings = json.loads(proc.stdout)["findings"]
    assert [(f["path"], f["rule"], f["message"]) for f in findings] == [
        (
            "controls/locked",
            "file-unreadable",
            "is a directory that cannot be searched for control files: Permission denied",
        )
    ]
