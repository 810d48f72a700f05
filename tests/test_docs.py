"""The README, generated docs and CI script must stay true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    readme = _readme()
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(b for b in blocks if "pytest" in b and "pip install" in b)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # The README's command creates the venv itself; CI does that step separately.
    tail = test_command.split("&& . .venv/bin/activate && ", 1)[1]
    assert tail in ci


def test_readme_quick_start_validates_a_bundled_example() -> None:
    """One command on a fresh machine; its output is compared by test_docs_transcripts."""
    blocks = re.findall(r"```sh\n(.*?)\n```", _readme(), re.S)
    quick = next(b for b in blocks if "soccheck validate examples/" in b)
    assert "python3 -m venv" in quick  # works on a fresh machine: one command
    example = re.search(r"soccheck validate (\S+)(.*)", quick)
    assert example is not None
    assert (REPO / example.group(1) / "system.yaml").is_file()
    run = run_cli("validate", REPO / example.group(1), *shlex.split(example.group(2)))
    assert run.exit_code == 0, run.stdout


def test_readme_mentions_every_rule() -> None:
    from soccheck.checks.rules.registry import RULES

    readme = _readme()
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in readme]
    assert missing == []


@pytest.mark.parametrize("today", ["2026-11-20", "2031-02-28"])
def test_readme_init_command_works_and_its_description_holds(tmp_path: Path, today: str) -> None:
    """The 'new program' one-liner, minus the install: init, then validate. Its result does
    not depend on the day (the default period always starts next month); the figures the
    README gives come from what init prints."""
    blocks = re.findall(r"```sh\n(.*?)\n```", _readme(), re.S)
    command = next(b for b in blocks if "soccheck init" in b)
    init_args = shlex.split(command.split("soccheck init ", 1)[1].split(" && ", 1)[0])
    target = tmp_path / init_args[0]
    run = run_cli("init", target, *init_args[1:], "--no-input", "--today", today)
    assert run.exit_code == 0, run.stdout + run.stderr
    result = run_cli("validate", target, "--format", "json", "--today", today)
    assert (result.exit_code, result.findings) == (0, [])
    assert "reports no findings yet: the period of report" in run.stdout
    [count] = re.findall(r"^  untested-control  (\d+)$", run.stdout, re.M)
    readme = " ".join(_readme().split())
    assert f"`untested-control` for each of the {count} starter controls" in readme
