"""The README, generated docs and CI script must stay true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from soccheck.rules.docs import markdown
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
    blocks = re.findall(r"```sh\n(.*?)\n```", _readme(), re.S)
    quick = next(b for b in blocks if "soccheck validate examples/" in b)
    assert "python3 -m venv" in quick  # works on a fresh machine: one command
    example = re.search(r"soccheck validate (\S+)", quick)
    assert example is not None
    assert (REPO / example.group(1) / "system.yaml").is_file()
    run = run_cli("validate", REPO / example.group(1))
    assert run.exit_code == 0, run.stdout


def test_rules_reference_is_generated_from_the_registry() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown(), (
        "run: python -m soccheck rules --format markdown > docs/rules.md"
    )


def test_readme_mentions_every_rule() -> None:
    from soccheck.rules import RULES

    readme = _readme()
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in readme]
    assert missing == []


def test_readme_init_command_works(tmp_path: Path) -> None:
    """The 'new program' one-liner, minus the install: init, then validate."""
    blocks = re.findall(r"```sh\n(.*?)\n```", _readme(), re.S)
    command = next(b for b in blocks if "soccheck init" in b)
    init_args = shlex.split(command.split("soccheck init ", 1)[1].split(" && ", 1)[0])
    target = tmp_path / init_args[0]
    run = run_cli("init", target, *init_args[1:], "--no-input")
    assert run.exit_code == 0, run.stdout + run.stderr
    result = run_cli("validate", target, "--format", "json")
    rules = {f["rule"] for f in result.json["findings"]}
    assert rules <= {"untested-control"}, rules
    assert result.exit_code == (1 if rules else 0)
