"""Shared helpers: write small programs to disk and run the real CLI on them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from soccheck.cli.main import cli
from soccheck.load.yaml_reader import STRICT_READERS

# A disagreement between the fast YAML reader and the full one (a fast-reader bug) falls
# back to the full reader in normal runs; in the tests, and in the processes they start, it
# is an error, so that no such bug passes unseen (tests/hardening/test_readers.py).
os.environ.setdefault(STRICT_READERS, "1")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
TODAY = "2026-11-20"

CC = (
    [f"CC1.{i}" for i in range(1, 6)]
    + [f"CC2.{i}" for i in range(1, 4)]
    + [f"CC3.{i}" for i in range(1, 5)]
    + ["CC4.1", "CC4.2", "CC5.1", "CC5.2", "CC5.3"]
    + [f"CC6.{i}" for i in range(1, 9)]
    + [f"CC7.{i}" for i in range(1, 6)]
    + ["CC8.1", "CC9.1", "CC9.2"]
)

SYSTEM = """\
name: Demo SaaS
reports:
  - id: soc2-2026
    framework: soc2
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
    categories: [security]
people:
  - {id: alice, name: Alice Owner}
  - {id: tom, name: Tom Tester}
  - {id: olga, name: Olga Former, active: false}
teams:
  - {id: platform, name: Platform, lead: alice, members: [alice]}
"""
"""A clean SOC 2 Type 2 (security) system description used as the baseline."""

COVERAGE_CONTROL = f"""\
  - id: GOV-01
    title: Security program
    description: The security lead runs the security program and reviews it each year.
    owner: alice
    criteria: [{", ".join(CC)}]
    frequency: annual
    nature: preventive
    automation: manual
    tests:
      - id: T-GOV-01
        method: inspection
        procedure: Inspected the annual program review minutes.
        performed_on: 2026-03-01
        performed_by: tom
        covers: {{start: 2026-01-01, end: 2026-03-01}}
        population: 1
        sample_size: 1
        exceptions: 0
        result: pass
"""
"""A control that keeps every common criterion covered, so tests see only their own finding."""


def passing_test_block(test_id: str, indent: int = 4) -> str:
    """A passing operating test block (inside the baseline period, independent tester) with
    the complete Type 2 record the audit-trail rules ask for: the span sampled, the
    population and the sample. It is the test of an annual control (the callers' controls
    say ``frequency: annual``): one occurrence, tested, and the rest of the period within the
    one-year allowance at its end, so a test using it sees only its own finding."""
    pad = " " * indent
    return (
        f"{pad}tests:\n"
        f"{pad}  - id: {test_id}\n"
        f"{pad}    method: inspection\n"
        f"{pad}    procedure: Inspected the evidence of operation.\n"
        f"{pad}    performed_on: 2026-03-02\n"
        f"{pad}    performed_by: tom\n"
        f"{pad}    result: pass\n"
        f"{pad}    covers: {{start: 2026-01-01, end: 2026-03-01}}\n"
        f"{pad}    population: 1\n"
        f"{pad}    sample_size: 1\n"
    )


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write_program(
    root: Path,
    controls: dict[str, str] | None = None,
    system: str = SYSTEM,
    extra: dict[str, str] | None = None,
    coverage: bool = True,
) -> Path:
    """Write a program; ``controls`` maps file names under controls/ to YAML text.

    With ``coverage`` a file controls/_coverage.yaml keeps all common criteria covered.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "system.yaml").write_text(system, encoding="utf-8")
    (root / "controls").mkdir(exist_ok=True)
    if coverage:
        (root / "controls" / "_coverage.yaml").write_text(
            "controls:\n" + COVERAGE_CONTROL, encoding="utf-8"
        )
    for name, text in (controls or {}).items():
        path = root / "controls" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, text in (extra or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.json["findings"])

    def rules(self) -> list[str]:
        return [f["rule"] for f in self.findings]

    def where(self, rule: str) -> list[tuple[str, int, int, str | None]]:
        """(path, line, column, subject) of every finding of ``rule``."""
        return [
            (f["path"], f["line"], f["column"], f["subject"])
            for f in self.findings
            if f["rule"] == rule
        ]


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in-process through click's runner."""
    runner = CliRunner()
    result = runner.invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_subprocess(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run ``python -m soccheck`` as a separate process, as a user's shell would."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "soccheck", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def validate_json(root: Path, *args: str) -> Run:
    """``soccheck validate ROOT --format json --today 2026-11-20`` through click's runner."""
    return run_cli("validate", root, "--format", "json", "--today", TODAY, *args)


@pytest.fixture
def program(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``program(controls={...}, system=...)`` writes a program and returns its root."""

    def make(**kwargs: Any) -> Path:
        return write_program(tmp_path / "prog", **kwargs)

    return make
