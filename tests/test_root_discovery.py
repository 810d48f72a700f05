"""Without ROOT, validate and report find the program from the current directory, like git.

Every layout here is a real directory tree under a directory holding ``.git``, so the search
never leaves the test's own directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from soccheck.load.discovery import find_program_root
from tests.conftest import (
    REPO,
    TODAY,
    dedent,
    passing_test_block,
    run_cli,
    run_subprocess,
    write_program,
)

UNOWNED = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: Quarterly review of production access.
        criteria: [CC6.1]
        frequency: annual
    """
) + passing_test_block("T-AC-01")
"""One control without an owner: a missing-owner error at controls/<file>:2:5."""


def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    return repo


def program_in(repo: Path, where: str = "compliance") -> Path:
    """A program with one missing-owner finding (controls/access.yaml:2:5) and an evidence
    folder, at ``repo/where``."""
    root = write_program(repo / where, controls={"access.yaml": UNOWNED})
    (root / "evidence" / "access" / "2026").mkdir(parents=True)
    return root


def findings(run_stdout: str) -> list[tuple[str, str, int, int]]:
    return [
        (f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(run_stdout)["findings"]
    ]


MISSING_OWNER = [("missing-owner", "controls/access.yaml", 2, 5)]


@pytest.mark.parametrize("subdir", ["", "controls", "evidence/access/2026"])
def test_validate_finds_the_program_from_a_subdirectory(tmp_path: Path, subdir: str) -> None:
    root = program_in(repository(tmp_path))
    run = run_subprocess("validate", "--format", "json", "--today", TODAY, cwd=root / subdir)
    assert run.exit_code == 1, run.stderr
    assert findings(run.stdout) == MISSING_OWNER


def test_text_output_from_a_subdirectory_is_relative_to_it(tmp_path: Path) -> None:
    root = program_in(repository(tmp_path))
    run = run_subprocess("validate", "--today", TODAY, cwd=root / "evidence" / "access")
    assert run.exit_code == 1, run.stderr
    assert run.stdout.startswith("../../controls/access.yaml:2:5: error missing-owner ")
    # The path is the file's, seen from where the command ran: a click away.
    assert (root / "evidence" / "access" / "../../controls/access.yaml").is_file()


def test_in_process_from_a_subdirectory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = program_in(repository(tmp_path))
    monkeypatch.chdir(root / "controls")
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert run.exit_code == 1, run.stderr
    assert findings(run.stdout) == MISSING_OWNER
    report = run_cli("report", "--format", "markdown", "--today", TODAY)
    assert report.exit_code == 0, report.stderr
    # A report is a document for others: its paths are the program's, not the terminal's.
    assert "`controls/access.yaml:2:5`" in report.stdout


def test_report_finds_the_program_from_a_subdirectory(tmp_path: Path) -> None:
    root = program_in(repository(tmp_path))
    run = run_subprocess("report", "--today", TODAY, cwd=root / "controls")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("Readiness report: Demo SaaS\n")


def test_the_nearest_program_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program nested in another one's directory is its own program."""
    outer = program_in(repository(tmp_path), "outer")
    inner = write_program(outer / "teams" / "inner", controls={"dup.yaml": UNOWNED})
    (inner / "controls" / "more.yaml").write_text(
        UNOWNED.replace("AC-01", "AC-02"), encoding="utf-8"
    )
    assert find_program_root(inner / "controls") == inner
    assert find_program_root(outer / "teams") == outer
    monkeypatch.chdir(inner / "controls")
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert sorted(f["path"] for f in run.json["findings"]) == [
        "controls/dup.yaml",
        "controls/more.yaml",
    ]
    monkeypatch.chdir(outer / "teams")
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert findings(run.stdout) == MISSING_OWNER


def test_search_stops_at_the_top_of_the_repository(tmp_path: Path) -> None:
    """A program above the repository (here: the repository sits inside one) is never used."""
    outer = program_in(tmp_path / "outer-program", "")
    repo = outer / "checkout"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    run = run_subprocess("validate", "--today", TODAY, cwd=repo / "docs")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == (
        "soccheck: error: no system.yaml, soccheck.yaml or pyproject.toml with [tool.soccheck] "
        f"in {repo / 'docs'} or a directory "
        f"above it up to the repository's top, {repo}; run soccheck inside a SOC program, "
        "pass its root (soccheck validate ROOT), or run 'soccheck init' to start one\n"
    )


def test_error_at_the_top_of_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = repository(tmp_path)
    monkeypatch.chdir(repo)
    for command in ("validate", "report"):
        run = run_cli(command, "--today", TODAY)
        assert run.exit_code == 2
        assert run.stderr == (
            "soccheck: error: no system.yaml, soccheck.yaml or pyproject.toml with "
            f"[tool.soccheck] in {repo} (the top of its "
            f"repository); run soccheck inside a SOC program, pass its root (soccheck {command} "
            "ROOT), or run 'soccheck init' to start one\n"
        )


def test_a_git_file_marks_the_top_too(tmp_path: Path) -> None:
    """Worktrees and submodules have a .git file, not a directory."""
    outer = program_in(tmp_path / "outer", "")
    worktree = outer / "wt"
    (worktree / "sub").mkdir(parents=True)
    (worktree / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
    assert find_program_root(worktree / "sub") is None
    assert find_program_root(outer / "controls") == outer


def test_explicit_root_is_used_as_given(tmp_path: Path) -> None:
    """ROOT is never searched from: naming a subdirectory of the program is a mistake to report."""
    root = program_in(repository(tmp_path))
    run = run_subprocess("validate", "controls", "--today", TODAY, cwd=root)
    assert run.exit_code == 2
    assert run.stderr.startswith("soccheck: error: no system.yaml under controls; ")


def test_soccheck_yaml_marks_a_root_whose_system_file_lives_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program_in(repository(tmp_path))
    (root / "description").mkdir()
    (root / "system.yaml").rename(root / "description" / "system.yaml")
    (root / "soccheck.yaml").write_text("system: description/system.yaml\n", encoding="utf-8")
    monkeypatch.chdir(root / "controls")
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert findings(run.stdout) == MISSING_OWNER
    assert run.json["summary"]["files"] == 3


def test_pyproject_with_a_soccheck_table_marks_a_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program_in(repository(tmp_path))
    (root / "description").mkdir()
    (root / "system.yaml").rename(root / "description" / "system.yaml")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.soccheck]\nsystem = "description/system.yaml"\n',
        encoding="utf-8",
    )
    # A pyproject.toml without the table (a Python package inside the program) is no root.
    tool = root / "controls" / "tooling"
    tool.mkdir()
    (tool / "pyproject.toml").write_text('[project]\nname = "tool"\n', encoding="utf-8")
    assert find_program_root(tool) == root
    monkeypatch.chdir(tool)
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert findings(run.stdout) == MISSING_OWNER


TOP_CONFIGURATIONS = {
    "pyproject.toml": dedent(
        """
        [project]
        name = "app"

        [tool.soccheck]
        system = "compliance/system.yaml"
        controls = ["compliance/controls/**/*.yaml"]

        [tool.soccheck.rules]
        missing-owner = "warning"
        """
    ),
    "soccheck.yaml": dedent(
        """
        system: ./compliance/system.yaml
        controls: [compliance/controls/**/*.yaml]
        rules: {missing-owner: warning}
        """
    ),
}
"""The documented layout: the program in compliance/, configured at the repository's top,
where the configuration turns missing-owner into a warning."""


def configured_at_top(tmp_path: Path, layout: str) -> Path:
    repo = repository(tmp_path)
    program_in(repo)
    (repo / layout).write_text(TOP_CONFIGURATIONS[layout], encoding="utf-8")
    return repo


@pytest.mark.parametrize("subdir", ["compliance", "compliance/controls"])
@pytest.mark.parametrize("layout", sorted(TOP_CONFIGURATIONS))
def test_a_configuration_at_the_top_naming_the_system_file_is_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, subdir: str
) -> None:
    """From inside compliance/, the run is the run from the top: same files, same policy."""
    repo = configured_at_top(tmp_path, layout)
    assert find_program_root(repo / subdir) == repo
    monkeypatch.chdir(repo)
    top = run_cli("validate", "--format", "json", "--today", TODAY)
    assert top.exit_code == 0, top.stderr
    assert [(f["rule"], f["severity"], f["path"]) for f in top.findings] == [
        ("missing-owner", "warning", "compliance/controls/access.yaml")
    ]
    monkeypatch.chdir(repo / subdir)
    inside = run_cli("validate", "--format", "json", "--today", TODAY)
    assert (inside.exit_code, inside.json) == (0, top.json)
    shell = run_subprocess("validate", "--format", "json", "--today", TODAY, cwd=repo / subdir)
    assert (shell.exit_code, shell.stderr, shell.json) == (0, "", top.json)


def test_text_output_from_inside_a_program_configured_at_the_top(tmp_path: Path) -> None:
    repo = configured_at_top(tmp_path, "pyproject.toml")
    run = run_subprocess("validate", "--today", TODAY, cwd=repo / "compliance" / "controls")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("access.yaml:2:5: warning missing-owner ")
    assert run.stdout.endswith("\npassed: 0 errors, 1 warning in 3 files (2 controls)\n")
    report = run_subprocess("report", "--today", TODAY, cwd=repo / "compliance")
    assert report.exit_code == 0, report.stderr
    assert "missing-owner" in report.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[tool.soccheck]\nsystem = "other/system.yaml"\n'),
        ("pyproject.toml", '[tool.soccheck]\nsystem = "compliance/system.yaml\n'),
        ("pyproject.toml", "[tool.soccheck]\nsystem = 5\n"),
        ("pyproject.toml", '[tool.soccheck]\nsystem = "../repo/compliance/system.yaml"\n'),
        ("pyproject.toml", '[tool.other]\nsystem = "compliance/system.yaml"\n'),
        ("soccheck.yaml", "system: 'compliance/system.yaml\n"),
        ("soccheck.yaml", "system: [compliance/system.yaml]\n"),
        ("soccheck.yaml", "system: compliance/missing.yaml\n"),
        ("soccheck.yaml", b"system: compliance/system.yaml\xff\n"),
        ("soccheck.yaml", "a: &a [*a]\nsystem: compliance/system.yaml\n"),
    ],
)
def test_a_configuration_at_the_top_not_naming_the_system_file_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str | bytes
) -> None:
    """A configuration that names another file, or that cannot be read, claims nothing:
    compliance/ stays the root, as before, and nothing crashes."""
    repo = repository(tmp_path)
    root = program_in(repo)
    data = text.encode() if isinstance(text, str) else text
    (repo / name).write_bytes(data)
    assert find_program_root(root / "controls") == root
    monkeypatch.chdir(root / "controls")
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert (run.exit_code, findings(run.stdout)) == (1, MISSING_OWNER)


def test_soccheck_yaml_wins_over_pyproject_in_claiming_too(tmp_path: Path) -> None:
    """A run from the top reads soccheck.yaml when both exist, so only it can claim."""
    repo = configured_at_top(tmp_path, "pyproject.toml")
    (repo / "soccheck.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    assert find_program_root(repo / "compliance") == repo / "compliance"
    (repo / "soccheck.yaml").write_text(TOP_CONFIGURATIONS["soccheck.yaml"], encoding="utf-8")
    assert find_program_root(repo / "compliance") == repo


def test_a_program_with_its_own_configuration_is_not_claimed(tmp_path: Path) -> None:
    repo = configured_at_top(tmp_path, "soccheck.yaml")
    (repo / "compliance" / "soccheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    assert find_program_root(repo / "compliance" / "controls") == repo / "compliance"


def test_a_configuration_above_the_repository_is_never_read(tmp_path: Path) -> None:
    """Claiming stops at the top of the repository, as the search itself does."""
    outer = tmp_path / "outer"
    repo = repository(outer)
    program_in(repo)
    (outer / "soccheck.yaml").write_text("system: repo/compliance/system.yaml\n", encoding="utf-8")
    assert find_program_root(repo / "compliance" / "controls") == repo / "compliance"
    (repo / ".git").rmdir()
    (outer / ".git").mkdir()
    assert find_program_root(repo / "compliance" / "controls") == outer


def test_a_nested_program_is_not_claimed_by_a_configuration_naming_another(
    tmp_path: Path,
) -> None:
    repo = configured_at_top(tmp_path, "pyproject.toml")
    nested = write_program(repo / "compliance" / "teams" / "payments", controls={})
    assert find_program_root(nested / "controls") == nested
    assert find_program_root(repo / "compliance" / "teams") == repo


def test_broken_pyproject_naming_the_table_still_marks_a_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program_in(repository(tmp_path))
    (root / "pyproject.toml").write_text("[tool.soccheck]\nfail_on = \n", encoding="utf-8")
    sub = root / "controls" / "python"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.soccheck\n", encoding="utf-8")
    assert find_program_root(sub) == sub
    (sub / "pyproject.toml").write_text("[tool.other\n", encoding="utf-8")
    assert find_program_root(sub) == root
    monkeypatch.chdir(sub)
    run = run_cli("validate", "--format", "json", "--today", TODAY)
    assert [(f["rule"], f["path"]) for f in run.json["findings"]] == [
        ("missing-owner", "controls/access.yaml"),
        ("config", "pyproject.toml"),
    ]


def test_symlinked_working_directory(tmp_path: Path) -> None:
    """The search walks the real directories; paths are relative to where the shell is."""
    root = program_in(repository(tmp_path))
    link = tmp_path / "shortcut"
    link.symlink_to(root / "controls", target_is_directory=True)
    run = run_subprocess("validate", "--today", TODAY, cwd=link)
    assert run.exit_code == 1, run.stderr
    assert run.stdout.startswith("access.yaml:2:5: error missing-owner ")
    data = run_subprocess("validate", "--format", "json", "--today", TODAY, cwd=link)
    assert findings(data.stdout) == MISSING_OWNER


def test_new_control_uses_the_same_search(tmp_path: Path) -> None:
    """A control file in a repository nested inside another program does not join it."""
    outer = program_in(tmp_path / "outer", "")
    repo = outer / "vendored"
    (repo / ".git").mkdir(parents=True)
    target = repo / "controls" / "access.yaml"
    run = run_cli("new", "control", "AC-01", "--file", target)
    assert run.exit_code == 0, run.stderr  # AC-01 exists in the outer program only
    inside = run_cli("new", "control", "AC-01", "--file", outer / "controls" / "new.yaml")
    assert inside.exit_code == 2
    assert "control 'AC-01' already exists" in inside.stderr
    assert os.path.exists(target)


@pytest.mark.skipif(sys.platform == "win32", reason="a working directory cannot be deleted")
def test_deleted_working_directory_is_a_setup_error_not_a_crash(tmp_path: Path) -> None:
    root = program_in(repository(tmp_path))
    gone = tmp_path / "gone"
    gone.mkdir()

    def in_deleted_directory(*args: str) -> subprocess.CompletedProcess[str]:
        script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
        return subprocess.run(
            ["sh", "-c", script, "sh", str(gone), sys.executable, "-m", "soccheck", *args],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    searched = in_deleted_directory("validate", "--today", TODAY)
    assert searched.returncode == 2
    assert searched.stderr == (
        "soccheck: error: cannot search for the program from the current directory: No such "
        "file or directory (was it deleted?); pass the program's root (soccheck validate ROOT)\n"
    )
    gone.mkdir()
    given = in_deleted_directory("validate", str(root), "--today", TODAY)
    assert given.returncode == 1, given.stderr
    # Nothing to be relative to: paths are shown from the program root.
    assert given.stdout.startswith("controls/access.yaml:2:5: error missing-owner ")


@pytest.mark.parametrize("command", ["validate", "report"])
def test_help_says_how_root_is_found(command: str) -> None:
    text = " ".join(run_cli(command, "--help").stdout.split())
    assert (
        "the nearest directory upwards from the current one holding system.yaml, soccheck.yaml "
        "or a pyproject.toml with [tool.soccheck], not above the repository's top; when it "
        "holds only system.yaml, the directory up to that top whose configuration names that "
        "file as 'system', if any"
    ) in text
