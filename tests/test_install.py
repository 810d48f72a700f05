"""The package works when installed, not just from the source tree."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from soccheck._version import __version__
from tests.ci_helpers import repo_snapshot
from tests.conftest import EXAMPLES, REPO, TODAY


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


def _clean_env() -> dict[str, str]:
    """The environment without our source tree on sys.path (and with byte-compiling on, as on
    a user's machine: PYTHONDONTWRITEBYTECODE makes setuptools print warnings of its own)."""
    drop = {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "PYTHONHOME"}
    return {k: v for k, v in os.environ.items() if k not in drop}


@pytest.mark.slow
def test_built_distributions_are_clean_and_the_wheel_works_on_its_own(
    tmp_path: Path,
) -> None:
    """What the release workflow publishes: python -m build, twine check --strict, then the
    wheel alone in a fresh virtualenv, far from any source tree."""
    source, _commit = repo_snapshot(tmp_path / "clone")  # what a clean clone holds
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    warnings = [line for line in output.splitlines() if re.search(r"(?i)warn", line)]
    assert warnings == [], output
    shutil.rmtree(source)  # nothing may be read from the source tree any more
    [sdist] = dist.glob("soccheck-*.tar.gz")
    [wheel] = dist.glob("soccheck-*.whl")
    assert sdist.name == f"soccheck-{__version__}.tar.gz"
    assert wheel.name == f"soccheck-{__version__}-py3-none-any.whl"

    twine = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert twine.returncode == 0, twine.stdout + twine.stderr
    assert twine.stdout.count("PASSED") == 2, twine.stdout

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"soccheck-{__version__}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode("utf-8")
        licence = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
    package_data = [
        REPO / "soccheck" / "py.typed",
        *(REPO / "soccheck" / "format" / "schemas").glob("*.json"),
        *(REPO / "soccheck" / "format" / "catalogs").glob("*.json"),
        *(REPO / "soccheck" / "authoring" / "library").rglob("*.yaml"),
    ]
    assert len(package_data) > 10
    missing = [p.relative_to(REPO).as_posix() for p in package_data]
    missing = [name for name in missing if name not in names]
    assert missing == []
    assert {name.split("/", 1)[0] for name in names} == {"soccheck", info}
    assert licence == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "License-Expression: Apache-2.0\n" in metadata
    assert f"Version: {__version__}\n" in metadata
    with tarfile.open(sdist) as archive:
        members = [m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name]
    assert "LICENSE" in members
    assert not [m for m in members if m.startswith("tests/")]

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        cwd=elsewhere,
        env=_clean_env(),
        capture_output=True,
        timeout=600,
    )

    def installed(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "soccheck"), *map(str, args)],
            cwd=elsewhere,
            env=_clean_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )

    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import soccheck; print(soccheck.__file__)"],
        cwd=elsewhere,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    program = tmp_path / "saas"
    shutil.copytree(EXAMPLES / "saas", program)
    run = installed("validate", program, "--today", TODAY)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (
        run.stdout.splitlines()[-1] == "OK: 0 errors, 0 warnings, 1 waived in 9 files (20 controls)"
    )
    # The starter library is package data too: init writes a program whose only findings
    # are the honest ones of day one (nothing tested yet), none about reading its files.
    started = installed(
        "init",
        "new-program",
        "--no-input",
        "--owner",
        "jane.doe",
        "--period-start",
        "2027-01-01",
        "--period-end",
        "2027-06-30",
    )
    assert started.returncode == 0, started.stdout + started.stderr
    checked = installed("validate", "new-program", "--today", "2027-01-15", "--format", "json")
    report = json.loads(checked.stdout)
    assert {f["rule"] for f in report["findings"]} == {"untested-control"}
    assert report["summary"]["controls"] > 30
