"""The CI files ``init`` writes name the program's directory safely, whatever its name.

In a repository, ``init compliance/...`` sets the workflow's ``run:`` line and the pre-commit
hook's ``files:`` pattern to the program's directory. Both took the name as it was: a
directory named ``SOC 2 #2026; $(id)`` made the workflow run ``soccheck validate SOC 2`` (the
rest a shell comment; other names run ``$(...)``), and the hook's regular expression read
``$`` and ``(`` as operators, so the hook never ran for the program's files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from soccheck.load.yaml_reader import load_text
from tests.conftest import REPO, TODAY, run_cli

HOSTILE = "SOC 2 #2026; $(id)"
NAMES = [HOSTILE, 'a\'b "c" `d` \\e *f [g] (h|i)+ ^$ {j} &k >l', "compliance/soc2"]


def _load(path: Path) -> Any:
    doc = load_text(path.name, path.read_text(encoding="utf-8"))
    assert doc.findings == [], doc.findings
    return doc.data


@pytest.fixture(scope="module", params=NAMES, ids=["hostile", "every-special", "plain"])
def initialised(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("repo")
    (repo / ".git").mkdir()
    program = repo / request.param
    run = run_cli("init", program, "--today", TODAY, "--owner", "jane.doe")
    assert run.exit_code == 0, run.stderr
    return program


def _name(program: Path) -> str:
    repo = next(p for p in program.parents if (p / ".git").is_dir())
    return program.relative_to(repo).as_posix()


def _validate_line(program: Path) -> str:
    workflow = _load(program / ".github" / "workflows" / "soccheck.yml")
    line: str = workflow["jobs"]["validate"]["steps"][-1]["run"]
    return line


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_workflow_passes_the_directory_to_soccheck_as_one_word(initialised: Path) -> None:
    """The ``run:`` line as GitHub's runner runs it (``bash -e``), with ``soccheck`` a
    function that prints each argument it gets on a line of its own."""
    repo = initialised.parents[len(Path(_name(initialised)).parts) - 1]
    script = "soccheck() { printf '%s\\n' \"$@\"; }\n" + _validate_line(initialised)
    run = subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == ["validate", _name(initialised)]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_workflow_validates_the_program_in_a_real_shell(initialised: Path) -> None:
    repo = initialised.parents[len(Path(_name(initialised)).parts) - 1]
    script = f'soccheck() {{ "{sys.executable}" -m soccheck "$@" --today {TODAY}; }}\n'
    run = subprocess.run(
        ["bash", "-e", "-c", script + _validate_line(initialised)],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert re.search(
        r"^(OK|passed): 0 errors, \d+ warnings in 9 files \(66 controls\)$", run.stdout, re.M
    )


def test_the_pre_commit_hook_matches_exactly_the_programs_files(initialised: Path) -> None:
    """pre-commit matches ``files`` with ``re.search`` against paths from the repository
    root, and passes ``args`` to soccheck as they are (no shell)."""
    [hook] = _load(initialised / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    name = _name(initialised)
    assert hook["args"] == [name]
    pattern = re.compile(hook["files"])
    for path in ("system.yaml", "controls/access.yaml", "evidence/x/README.md"):
        assert re.fullmatch(hook["files"] + ".*", f"{name}/{path}")
        assert pattern.search(f"{name}/{path}")
    for other in (f"{name}x/system.yaml", f"x{name}/system.yaml", "SOC 2 /system.yaml"):
        assert not pattern.search(other), other


def test_a_branch_name_with_flow_characters_stays_one_branch(tmp_path: Path) -> None:
    """Git allows ``,`` ``]`` and ``}`` in branch names; inside ``branches: [...]`` each
    would end or split the item."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/release,2026]}\n", encoding="utf-8")
    assert run_cli("init", tmp_path, "--today", TODAY).exit_code == 0
    workflow = _load(tmp_path / ".github" / "workflows" / "soccheck.yml")
    assert workflow["on"]["push"]["branches"] == ["release,2026]}"]


def test_getting_started_quotes_what_init_writes_for_the_hostile_name(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    program = tmp_path / HOSTILE
    assert run_cli("init", program, "--today", TODAY, "--no-input").exit_code == 0
    [hook] = _load(program / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    docs = " ".join((REPO / "docs" / "getting-started.md").read_text(encoding="utf-8").split())
    assert f"`{_validate_line(program)}`" in docs
    assert f"`{hook['files']}`" in docs
