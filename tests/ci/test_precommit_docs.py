"""The pre-commit configurations docs/ci.md and README show, run by real pre-commit and git.

Before the first release there is no tag to point at, so the docs use a local clone as the hook
repository, or a ``repo: local`` hook; they also say what pre-commit does with evidence files
and with commits that only delete files. Each of those claims is run here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.ci_helpers import clean_git_env, git, repo_snapshot
from tests.conftest import EXAMPLES, REPO, TODAY

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _published_hook() -> dict[str, Any]:
    [hook] = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hook, dict)
    return hook


def _pre_commit(repo: Path, home: Path, *, all_files: bool) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` on every file, or (``all_files=False``) on what is staged, as the
    git hook does at commit time."""
    env = clean_git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    env.pop("PRE_COMMIT", None)
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [*PRE_COMMIT, "run", *(["--all-files"] if all_files else []), "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _documented_config(marker: str) -> str:
    """The YAML block of docs/ci.md's pre-commit section that contains ``marker``."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("### pre-commit\n", 1)[1].split("\n### ", 1)[0]
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", section, re.S) if marker in b]
    return block


def _program_repo(base: Path, config: dict[str, object]) -> Path:
    """examples/saas as the root of a git repository with ``config`` committed."""
    program = base / "program"
    shutil.copytree(EXAMPLES / "saas", program)
    _write_config(program, config)
    git(program, "init", "--quiet", "--initial-branch=main")
    git(program, "add", "--all")
    git(program, "commit", "--quiet", "--no-verify", "-m", "SOC program")
    return program


def _write_config(program: Path, config: dict[str, object]) -> None:
    # JSON is YAML: what pre-commit reads is exactly the data the test built.
    (program / ".pre-commit-config.yaml").write_text(json.dumps(config, indent=2), "utf-8")


def _hook_line(stdout: str) -> str:
    [line] = [line for line in stdout.splitlines() if line.startswith("soccheck validate")]
    return line


@pytest.mark.slow
def test_documented_clone_config_runs_on_evidence_and_always_run_catches_deletions(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A local clone as the hook repository, as docs/ci.md shows before the first release;
    then what it says about evidence and deleted files, with real pre-commit and git."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("pre-commit-evidence")
    hook_repo, commit = repo_snapshot(base)
    block = _documented_config("repo: /path/to/soccheck")
    block = block.replace("/path/to/soccheck", str(hook_repo)).replace("<commit-sha>", commit)
    config = YAML(typ="safe").load(block)
    [hook] = config["repos"][0]["hooks"]
    assert hook == {"id": "soccheck-validate"}
    hook["args"] = ["--today", TODAY]
    program = _program_repo(base, config)
    home = base / "pre-commit-home"

    evidence = program / "evidence" / "access" / "terminations-2026.csv"
    with evidence.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    git(program, "add", "--all")
    changed = _pre_commit(program, home, all_files=False)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert re.fullmatch(r"soccheck validate\.+Passed", _hook_line(changed.stdout))
    git(program, "commit", "--quiet", "--no-verify", "-m", "evidence updated")

    git(program, "rm", "--quiet", str(evidence.relative_to(program)))
    deleted = _pre_commit(program, home, all_files=False)
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    assert re.fullmatch(
        r"soccheck validate\.+\(no files to check\)Skipped", _hook_line(deleted.stdout)
    )

    [override] = YAML(typ="safe").load(_documented_config("always_run: true"))
    assert override == {"id": "soccheck-validate", "always_run": True}
    hook.update(override)
    _write_config(program, config)
    git(program, "add", ".pre-commit-config.yaml")
    always = _pre_commit(program, home, all_files=False)
    assert always.returncode == 1, always.stdout + always.stderr
    assert re.fullmatch(r"soccheck validate\.+Failed", _hook_line(always.stdout))
    assert "error missing-evidence" in always.stdout
    assert "evidence/access/terminations-2026.csv" in always.stdout


@pytest.mark.slow
def test_documented_local_hook_runs_the_soccheck_on_path(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """``repo: local`` with ``language: system``: the soccheck installed where you commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("pre-commit-local")
    config = YAML(typ="safe").load(_documented_config("repo: local"))
    [hook] = config["repos"][0]["hooks"]
    published = _published_hook()
    for key in ("id", "entry", "pass_filenames", "require_serial", "files"):
        assert hook[key] == published[key], key
    hook["args"] = ["--today", TODAY]
    program = _program_repo(base, config)
    env = clean_git_env()
    env["PRE_COMMIT_HOME"] = str(base / "pre-commit-home")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("PYTHONPATH", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*PRE_COMMIT, "run", "--all-files", "--color", "never"],
            cwd=program,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.fullmatch(r"soccheck validate\.+Passed", _hook_line(clean.stdout))
    (program / "evidence" / "access" / "terminations-2026.csv").unlink()
    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "error missing-evidence" in broken.stdout


def test_readme_shows_the_documented_clone_config() -> None:
    """README's short form is the configuration the slow tests above run for real."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("**pre-commit**", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    documented = YAML(typ="safe").load(_documented_config("repo: /path/to/soccheck"))
    assert YAML(typ="safe").load(block.group(1)) == documented
