"""The published pre-commit hook, run by real pre-commit in a real git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.ci_helpers import clean_git_env, git, repo_snapshot
from tests.conftest import EXAMPLES, REPO, TODAY

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _hook() -> dict[str, object]:
    [hook] = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hook, dict)
    return hook


def test_manifest_and_project_config_are_valid() -> None:
    for command, path in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        proc = subprocess.run(
            [*PRE_COMMIT, command, str(REPO / path)], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    hook = _hook()
    assert hook["id"] == "soccheck-validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["entry"] == "soccheck validate"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("system.yaml", True),
        ("controls/access.yaml", True),
        ("controls/hr/onboarding.yml", True),
        ("soccheck.yaml", True),
        ("pyproject.toml", True),
        ("README.md", False),
        ("docs/system.yaml", False),
        ("controls/notes.txt", False),
        ("evidence/controls/access.yaml", True),
        ("evidence/access/2026-q1-review.md", True),
        ("evidence/hr/onboarding/checklist.pdf", True),
        ("evidence", False),
        ("docs/evidence/review.md", False),
        ("old-evidence/review.md", False),
    ],
)
def test_hook_files_pattern_matches_the_default_layout(path: str, matches: bool) -> None:
    # pre-commit applies `files` with re.search to repository-relative POSIX paths.
    pattern = _hook()["files"]
    assert isinstance(pattern, str)
    assert bool(re.search(pattern, path)) is matches


def test_project_config_hooks_are_local() -> None:
    config = YAML(typ="safe").load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    ids = [hook["id"] for hook in config["repos"][0]["hooks"]]
    assert ids == ["ruff", "ruff-format", "mypy", "soccheck-examples", "generated-files"]


def _pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = clean_git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    env.pop("PRE_COMMIT", None)
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [*PRE_COMMIT, "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
def test_real_pre_commit_run_passes_then_fails_on_a_missing_owner(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("pre-commit")
    hook_repo, commit = repo_snapshot(base)
    program = base / "compliance"
    shutil.copytree(EXAMPLES / "saas", program)
    (program / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo}\n"
        f"    rev: {commit}\n"
        "    hooks:\n"
        "      - id: soccheck-validate\n"
        f"        args: [--today, '{TODAY}']\n",
        encoding="utf-8",
    )
    git(program, "init", "--quiet", "--initial-branch=main")
    git(program, "add", "--all")
    git(program, "commit", "--quiet", "--no-verify", "-m", "SOC program")
    home = base / "pre-commit-home"

    clean = _pre_commit(program, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"^soccheck validate\.+Passed$", clean.stdout, re.MULTILINE), clean.stdout

    access = program / "controls" / "access.yaml"
    lines = access.read_text(encoding="utf-8").splitlines(keepends=True)
    owner_line = next(i for i, line in enumerate(lines) if line.strip().startswith("owner:"))
    control_line = max(
        i for i, line in enumerate(lines[:owner_line]) if line.lstrip().startswith("- id:")
    )
    del lines[owner_line]
    access.write_text("".join(lines), encoding="utf-8")

    broken = _pre_commit(program, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert re.search(r"^soccheck validate\.+Failed$", broken.stdout, re.MULTILINE)
    assert "- exit code: 1" in broken.stdout
    column = lines[control_line].index("- id:") + 3
    expected = f"controls/access.yaml:{control_line + 1}:{column}: error missing-owner control "
    assert expected in broken.stdout, broken.stdout
    assert os.listdir(program / "controls") == os.listdir(EXAMPLES / "saas" / "controls")


@pytest.mark.slow
def test_project_soccheck_examples_hook_runs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The project's own repo-local hook, run by pre-commit on a snapshot of this repository."""
    snapshot, _commit = repo_snapshot(tmp_path_factory.mktemp("project-hooks"))
    env = clean_git_env()
    env["PRE_COMMIT_HOME"] = str(snapshot.parent / "pre-commit-home")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [*PRE_COMMIT, "run", "soccheck-examples", "--all-files", "--color", "never"],
        cwd=snapshot,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^soccheck validate examples/saas\.+Passed$", proc.stdout, re.MULTILINE)


@pytest.mark.slow
def test_real_pre_commit_run_on_a_program_in_a_subdirectory_prints_clickable_paths(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """pre-commit runs hooks from the repository root; with the program in compliance/, every
    path it prints (a finding's, and one its message names) must open from there."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("pre-commit-subdir")
    hook_repo, commit = repo_snapshot(base)
    repo = base / "acme"
    program = repo / "compliance"
    shutil.copytree(EXAMPLES / "saas", program)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo}\n"
        f"    rev: {commit}\n"
        "    hooks:\n"
        "      - id: soccheck-validate\n"
        "        files: ^compliance/\n"
        f"        args: [compliance, --today, '{TODAY}']\n",
        encoding="utf-8",
    )
    access = (program / "controls" / "access.yaml").read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(access) if line.strip() == "- id: AC-01") + 1
    (program / "controls" / "copy.yaml").write_text(
        "controls:\n"
        "  - id: AC-01\n"
        "    title: A second access review\n"
        "    description: The same ID as the first access review, by mistake.\n"
        "    owner: security\n"
        "    criteria: [CC6.1]\n",
        encoding="utf-8",
    )
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", "SOC program in compliance/")

    run = _pre_commit(repo, base / "pre-commit-home")
    assert run.returncode == 1, run.stdout + run.stderr
    assert re.search(r"^soccheck validate\.+Failed$", run.stdout, re.MULTILINE), run.stdout
    expected = (
        "compliance/controls/copy.yaml:2:9: error duplicate-id control ID 'AC-01' is already "
        f"used by the control at compliance/controls/access.yaml:{first}; "
    )
    assert expected in run.stdout, run.stdout
    for path in re.findall(r"^(\S+\.yaml):\d+:\d+: ", run.stdout, re.MULTILINE):
        assert (repo / path).is_file(), path
