"""The package works when installed, not just from the source tree."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO


@pytest.mark.slow
def test_pip_install_into_a_fresh_venv_and_validate_from_elsewhere(tmp_path: Path) -> None:
    """Schemas and the catalog must be package data: run far away from the source tree."""
    source = tmp_path / "src"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "*.egg-info", "build", "__pycache__", ".*_cache"
        ),
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run(
        [str(pip), "install", "--quiet", str(source)], check=True, timeout=600, cwd=tmp_path
    )
    shutil.rmtree(source)  # nothing may be read from the source tree any more

    program = tmp_path / "program"
    shutil.copytree(EXAMPLES / "saas", program)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [str(venv / "bin" / "soccheck"), "validate", str(program), "--format", "json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["summary"]["errors"] == 0
    schema = subprocess.run(
        [str(venv / "bin" / "soccheck"), "schema", "control"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(schema.stdout)["title"] == "soccheck control file"
