"""Paths in output are where their reader looks: terminal text from the current directory,
CI formats and report documents from the checkout, JSON from the program root.

The layout is the one pre-commit and the GitHub action run in: a repository with the program
in compliance/, soccheck started at the repository root with ROOT=compliance.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from soccheck.checks.checker import Options, check
from soccheck.load.program import load_program
from soccheck.output.locations import Locator
from tests.conftest import (
    REPO,
    TODAY,
    dedent,
    passing_test_block,
    run_cli,
    run_subprocess,
    write_program,
)

ACCESS = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: Quarterly review of production access.
        owner: alise
        criteria: [CC6.1]
        frequency: annual
    """
) + passing_test_block("T-AC-01")
"""AC-01 with an unknown owner: an unknown-owner error at controls/access.yaml:5:12."""

AGAIN = dedent(
    """
    controls:
      - id: AC-01
        title: Offboarding
        description: Access is removed within one day of departure.
        owner: alice
        criteria: [CC6.2]
        frequency: annual
    """
) + passing_test_block("T-AC-01-B")
"""A second AC-01: a duplicate-id error at controls/hr.yaml:2:9 naming controls/access.yaml:2."""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write_program(repo / "compliance", controls={"access.yaml": ACCESS, "hr.yaml": AGAIN})
    return repo


def text_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


UNKNOWN_OWNER = (
    "{p}controls/access.yaml:5:12: error unknown-owner owner 'alise' of control 'AC-01' is not "
    "a person or team defined in {s}system.yaml; did you mean 'alice'?"
)
DUPLICATE = (
    "{p}controls/hr.yaml:2:9: error duplicate-id control ID 'AC-01' is already used by the "
    "control at {p}controls/access.yaml:2; control IDs must be unique, so rename one of them"
)


def test_text_from_the_repository_root_is_clickable_from_there(repo: Path) -> None:
    run = run_subprocess("validate", "compliance", "--today", TODAY, cwd=repo)
    assert run.exit_code == 1, run.stderr
    assert text_lines(run.stdout) == [
        UNKNOWN_OWNER.format(p="compliance/", s="compliance/"),
        DUPLICATE.format(p="compliance/"),
    ]
    for line in text_lines(run.stdout):
        assert (repo / line.split(":")[0]).is_file()


def test_json_paths_and_messages_stay_root_relative(repo: Path) -> None:
    run = run_subprocess("validate", "compliance", "--format", "json", "--today", TODAY, cwd=repo)
    data = json.loads(run.stdout)
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in data["findings"]] == [
        (
            "controls/access.yaml",
            5,
            12,
            "owner 'alise' of control 'AC-01' is not a person or team defined in system.yaml; "
            "did you mean 'alice'?",
        ),
        (
            "controls/hr.yaml",
            2,
            9,
            "control ID 'AC-01' is already used by the control at controls/access.yaml:2; "
            "control IDs must be unique, so rename one of them",
        ),
    ]
    assert set(data["findings"][0]) == {
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "message",
        "subject",
    }


def test_text_inside_the_program_goes_up_with_dot_dot(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "compliance" / "controls")
    run = run_cli("validate", "..", "--today", TODAY)
    assert text_lines(run.stdout) == [
        UNKNOWN_OWNER.format(p="", s="../").replace("controls/", ""),
        DUPLICATE.format(p="").replace("controls/", ""),
    ]


def test_text_for_a_program_elsewhere_is_absolute(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    root = (repo / "compliance").resolve()
    run = run_cli("validate", root, "--today", TODAY)
    assert text_lines(run.stdout) == [
        UNKNOWN_OWNER.format(p=f"{root}/", s=f"{root}/"),
        DUPLICATE.format(p=f"{root}/"),
    ]


def test_github_sarif_and_junit_name_places_from_the_checkout(repo: Path) -> None:
    run = run_subprocess(
        "validate",
        "compliance",
        "--format",
        "github",
        "--today",
        TODAY,
        "--sarif",
        "out/soccheck.sarif",
        "--junit-xml",
        "out/junit.xml",
        cwd=repo,
    )
    assert run.exit_code == 1, run.stderr
    assert (
        "::error file=compliance/controls/hr.yaml,line=2,col=9,title=duplicate-id::control ID "
        "'AC-01' is already used by the control at compliance/controls/access.yaml:2; "
    ) in run.stdout
    assert "is not a person or team defined in compliance/system.yaml;" in run.stdout
    sarif = json.loads((repo / "out" / "soccheck.sarif").read_text(encoding="utf-8"))
    [duplicate] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "duplicate-id"]
    assert "at compliance/controls/access.yaml:2;" in duplicate["message"]["text"]
    location = duplicate["locations"][0]["physicalLocation"]["artifactLocation"]
    assert (location["uri"], location["uriBaseId"]) == ("compliance/controls/hr.yaml", "%SRCROOT%")
    junit = (repo / "out" / "junit.xml").read_text(encoding="utf-8")
    assert "already used by the control at compliance/controls/access.yaml:2;" in junit


def test_ci_formats_never_go_up_from_inside_the_program(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub and code scanning resolve paths against a base: '../' is never valid there."""
    monkeypatch.chdir(repo / "compliance" / "controls")
    run = run_cli("validate", "..", "--format", "github", "--today", TODAY)
    assert "::error file=controls/hr.yaml,line=2,col=9,title=duplicate-id::" in run.stdout
    assert "at controls/access.yaml:2;" in run.stdout
    assert "../" not in run.stdout


def test_report_from_the_repository_root_names_files_from_the_checkout(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    run = run_cli("report", "compliance", "--format", "markdown", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert (
        "| `compliance/controls/hr.yaml:2:9` | error | `duplicate-id` | AC-01 | control ID "
        "'AC-01' is already used by the control at compliance/controls/access.yaml:2;"
    ) in run.stdout
    html = run_cli("report", "compliance", "--format", "html", "--today", TODAY).stdout
    assert "<code>compliance/controls/access.yaml:2</code>" in html  # where AC-01 is defined


def absolute_paths(text: str, *places: Path) -> list[str]:
    """Every spelling of the given local directories found in a document."""
    spellings = {str(p) for p in places} | {str(p.resolve()) for p in places}
    return sorted(s for s in spellings if s in text)


@pytest.mark.parametrize("output_format", ["markdown", "html", "csv"])
def test_report_from_an_unrelated_directory_names_no_local_path(
    repo: Path, tmp_path: Path, output_format: str
) -> None:
    """A report sent to a CISO or posted in a pull request reads the same wherever it was
    made: no /home/alice/..., no ../ into someone's directories."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = repo / "compliance"
    run = run_subprocess("report", root, "-f", output_format, "--today", TODAY, cwd=elsewhere)
    assert run.exit_code == 0, run.stderr
    assert absolute_paths(run.stdout, tmp_path) == []
    assert "../" not in run.stdout
    if output_format == "markdown":
        assert (
            "| `controls/hr.yaml:2:9` | error | `duplicate-id` | AC-01 | control ID 'AC-01' is "
            "already used by the control at controls/access.yaml:2;"
        ) in run.stdout
        assert "defined in system.yaml;" in run.stdout
    if output_format == "html":
        assert "<code>controls/access.yaml:2</code>" in run.stdout  # Defined in
        assert "<code>controls/hr.yaml:2:9</code>" in run.stdout
        assert "already used by the control at controls/access.yaml:2;" in run.stdout


def test_report_files_written_from_inside_the_program_name_files_from_its_root(
    repo: Path,
) -> None:
    """From controls/, the terminal says ../system.yaml; the documents say system.yaml."""
    here = repo / "compliance" / "controls"
    for output_format in ("markdown", "html"):
        out = f"readiness.{output_format}"
        run = run_subprocess("report", "-f", output_format, "-o", out, "--today", TODAY, cwd=here)
        assert run.exit_code == 0, run.stderr
        document = (here / out).read_text(encoding="utf-8")
        assert absolute_paths(document, repo) == []
        assert "../" not in document
        assert "controls/hr.yaml:2:9" in document
        assert "defined in system.yaml;" in document
    terminal = run_subprocess("validate", "--today", TODAY, cwd=here)
    assert "defined in ../system.yaml;" in terminal.stdout


def test_relative_config_outside_the_root_is_shown_where_it_is(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A --config file outside the root cannot have a root-relative path: JSON gives it
    absolute (not the path as typed, which is relative to something else), text from here."""
    (repo / "policies").mkdir()
    (repo / "policies" / "strict.yaml").write_text("rules:\n  nope: off\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    args = ("validate", "compliance", "--config", "policies/strict.yaml", "--today", TODAY)
    data = run_cli(*args, "--format", "json").json
    [config] = [f for f in data["findings"] if f["rule"] == "config"]
    assert config["path"] == (repo / "policies" / "strict.yaml").resolve().as_posix()
    lines = run_cli(*args).stdout.splitlines()
    assert (
        "policies/strict.yaml:2:3: error config unknown rule 'nope' ('soccheck rules' lists them)"
    ) in lines


def test_locator_is_worked_out_once_per_result(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = check(load_program(repo / "compliance"), Options(today=dt.date.fromisoformat(TODAY)))
    assert result.locator is result.locator
    assert result.locator == Locator.for_root(repo / "compliance", repo)
    assert result.locator.display("controls/a.yaml") == "compliance/controls/a.yaml"
    assert result.locator.path("controls/a.yaml") == "compliance/controls/a.yaml"
    inside = Locator.for_root(repo / "compliance", repo / "compliance" / "controls")
    assert inside.display("system.yaml") == "../system.yaml"
    assert inside.path("system.yaml") == "system.yaml"
    assert os.path.isabs(Locator.for_root(repo / "compliance", repo.parent / "x").display("a"))


def test_readme_quotes_what_validate_prints(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's text-output example (run in the program's root) and its paragraph on
    paths (run from the repository root) show this program's unknown-owner line."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(repo / "compliance")
    [in_root, _duplicate] = text_lines(run_cli("validate", "--today", TODAY).stdout)
    assert f"```text\n{in_root}\n" in readme
    monkeypatch.chdir(repo)
    [from_repo, _duplicate] = text_lines(run_cli("validate", "compliance", "--today", TODAY).stdout)
    assert f"prints `{from_repo.split(' ')[0]}`;" in readme
