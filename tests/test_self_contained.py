"""A clone has nothing beside it: no test, CI script or shipped module may reach outside it.

The real proof is CI, which runs ``.ci/run`` on a fresh clone in an empty directory; this test
catches the usual ways a path outside the repository creeps in before that (a test once read
an XSD from a folder next to the checkout and failed on every user's clone).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

# Ways code names a place above the repository: the repository's parent directory, a file
# opened by a relative path climbing out of it, or an absolute path of this machine. (Paths
# like "../outside.pdf" written *into* a program under test are hostile input, not reads.)
ESCAPES = re.compile(
    r"""REPO\s*\.\s*parent\b(?!\s*\.\s*name)"""  # REPO.parent / ...
    r"""|\bparents\s*\[\s*[2-9]"""  # Path(__file__).parents[2] and above
    r"""|\b(?:Path|open|read_text|read_bytes)\(\s*["'](?:\.\./)+"""  # Path("../beside/x")
    r"""|["']/(?:work|root|home|tmp)/"""  # an absolute path of the developer's machine
    r"""|\bPath\.home\(\)|expanduser\(\s*["']~"""  # the user's home directory
    r"""|\bPath\(\s*["']\.\.["']\s*\)|os\.path\.join\(\s*["']\.\.["']"""  # Path("..") / x
)

SCANNED = ("tests", ".ci", "soccheck", "benchmarks")


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *SCANNED],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    files = []
    for name in filter(None, listed):
        path = REPO / name.decode()
        if path.suffix in (".py", ".sh", "") and path.is_file() and not path.is_symlink():
            files.append(path)
    return files


def test_nothing_tracked_reads_a_path_outside_the_repository() -> None:
    files = _tracked_text_files()
    if not files:
        pytest.skip("not a git checkout (an unpacked sdist): nothing to scan")
    # This file spells the escapes out to test the pattern.
    allowed = {
        "tests/test_self_contained.py",
    }
    offenders = []
    for path in files:
        relative = path.relative_to(REPO).as_posix()
        if relative in allowed:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if ESCAPES.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_scan_recognises_the_escape_that_broke_clones() -> None:
    # The pattern must keep catching what it exists for, not only pass on today's tree.
    for line in (
        'JUNIT_XSD = REPO.parent / "beside" / "reference/formats/junit-windyroad.xsd"',
        'schema = Path("../beside/reference/formats/junit.xsd")',
        "HERE = Path(__file__).resolve().parents[3]",
        'open("/work/beside/x.xsd")',
        'xsd = Path.home() / "beside" / "junit.xsd"',
        'xsd = Path("..") / "beside" / "junit.xsd"',
        'xsd = os.path.join("..", "beside", "junit.xsd")',
    ):
        assert ESCAPES.search(line), line
    for line in (
        'JUNIT_XSD = REPO / "tests" / "data" / "formats" / "junit-windyroad.xsd"',
        "root = REPO.parent.name",
        'path: "evidence/../x"',
    ):
        assert not ESCAPES.search(line), line


def test_vendored_formats_have_their_source_and_licence_noted() -> None:
    folder = REPO / "tests" / "data" / "formats"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for vendored in sorted(folder.iterdir()):
        if vendored.name != "README.md":
            assert f"`{vendored.name}`" in readme, vendored.name
    assert "Apache License 2.0" in readme
