"""Every generated file is committed fresh, and one command regenerates them all.

soccheck/format/records.py, the JSON Schemas in schemas/ and soccheck/format/schemas/, and
docs/rules.md are generated from the models and the rule registry by
``python -m soccheck.format.codegen``. This is the one drift test for all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from soccheck.format import codegen
from tests.conftest import REPO, Run

EXPECTED = [
    "soccheck/format/records.py",
    "schemas/system.schema.json",
    "schemas/control.schema.json",
    "schemas/config.schema.json",
    "soccheck/format/schemas/system.schema.json",
    "soccheck/format/schemas/control.schema.json",
    "soccheck/format/schemas/config.schema.json",
    "docs/rules.md",
]


def codegen_cli(*args: str | Path) -> Run:
    """``python -m soccheck.format.codegen`` in its own process, as a maintainer runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "soccheck.format.codegen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def test_every_generated_file_is_fresh_and_a_stale_one_is_caught(tmp_path: Path) -> None:
    files = codegen.generated_files()
    assert sorted(files) == sorted(EXPECTED)
    stale = codegen.stale_files(REPO, files)
    assert stale == [], f"stale: {', '.join(stale)}; run: python -m soccheck.format.codegen"

    # A checkout of our own: written from nothing, then one file of each kind goes stale.
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'soccheck'\n", "utf-8")
    written = codegen_cli("--root", tmp_path)
    assert (written.exit_code, written.stderr) == (0, "")
    assert written.stdout == "".join(f"wrote {path}\n" for path in files)
    assert codegen_cli("--root", tmp_path, "--check").exit_code == 0
    records = tmp_path / "soccheck" / "format" / "records.py"
    records.write_text(files["soccheck/format/records.py"].replace("must be text", "must be txt"))
    (tmp_path / "docs" / "rules.md").write_text(files["docs/rules.md"] + "\nhand-edited\n")
    (tmp_path / "schemas" / "control.schema.json").unlink()

    check = codegen_cli("--root", tmp_path, "--check")
    assert (check.exit_code, check.stdout) == (1, "")
    assert check.stderr == (
        "soccheck/format/records.py is stale\n"
        "schemas/control.schema.json is stale\n"
        "docs/rules.md is stale\n"
        "run: python -m soccheck.format.codegen\n"
    )
    fixed = codegen_cli("--root", tmp_path)
    assert fixed.stdout == (
        "wrote soccheck/format/records.py\nwrote schemas/control.schema.json\nwrote docs/rules.md\n"
    )
    assert codegen_cli("--root", tmp_path, "--check").exit_code == 0
    assert records.read_text("utf-8") == files["soccheck/format/records.py"]
    again = codegen_cli("--root", tmp_path)
    assert (again.exit_code, again.stdout) == (0, "all 8 generated files are up to date\n")


@pytest.mark.parametrize(
    "pyproject", [None, "[project]\nname = 'other'\n", "[project\n"], ids=["none", "other", "bad"]
)
def test_outside_a_checkout_it_says_so_in_one_line(tmp_path: Path, pyproject: str | None) -> None:
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, "utf-8")
    before = sorted(tmp_path.iterdir())
    for args in (["--check"], []):
        run = codegen_cli("--root", tmp_path, *args)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == (
            f"python -m soccheck.format.codegen: error: {tmp_path} is not the top directory of "
            "a soccheck checkout (no pyproject.toml of the project soccheck); run it there or "
            "pass --root DIR\n"
        )
    assert sorted(tmp_path.iterdir()) == before
