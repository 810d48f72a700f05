"""Helpers for the CI-output tests: program snippets, the real report consumers, tool lookup."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from junitparser import Attr, IntAttr, JUnitXml, TestCase, TestSuite

from tests.conftest import REPO, SYSTEM

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
MULTITOOL = REPO / ".ci" / "node" / "node_modules" / "@microsoft" / "sarif-multitool-linux"
MULTITOOL_EXE = MULTITOOL / "Sarif.Multitool"


JUNIT_XSD = REPO / "tests" / "data" / "formats" / "junit-windyroad.xsd"
"""Vendored with its source and licence noted in tests/data/formats/README.md."""


def control(
    control_id: str,
    *,
    title: str = "Quarterly access review",
    owner: str | None = "alice",
    criteria: tuple[str, ...] = ("CC6.1",),
    objectives: tuple[str, ...] = (),
    test_id: str | None = None,
    test_report: str | None = None,
    indent: str = "  ",
) -> str:
    """One complete control as a list item under ``controls:`` (quiet for every rule)."""
    lines = [
        f"- id: {control_id}",
        f"  title: {json.dumps(title)}",
        "  description: The platform lead reviews production access every quarter.",
    ]
    if owner is not None:
        lines.append(f"  owner: {owner}")
    if criteria:
        lines.append(f"  criteria: [{', '.join(criteria)}]")
    if objectives:
        lines.append(f"  objectives: [{', '.join(objectives)}]")
    lines += [
        "  frequency: quarterly",
        "  nature: detective",
        "  automation: manual",
        "  tests:",
        f"    - id: {test_id or 'T-' + control_id}",
        "      method: inspection",
        "      procedure: Inspected two quarterly reviews and their sign-off.",
        "      performed_on: 2026-04-02",
        "      performed_by: tom",
        "      population: 2",
        "      sample_size: 2",
        "      exceptions: 0",
        "      result: pass",
        "      covers: {start: 2026-01-01, end: 2026-04-01}",
    ]
    if test_report is not None:
        lines.append(f"      report: {test_report}")
    return "".join(f"{indent}{line}\n" for line in lines)


def controls_file(*controls: str) -> str:
    return "controls:\n" + "".join(controls)


def system_with(reports: str | None = None, extra: str = "") -> str:
    """The baseline system description with its reports replaced and top-level keys added."""
    text = SYSTEM
    if reports is not None:
        start = text.index("reports:\n")
        end = text.index("people:\n")
        text = text[:start] + reports + text[end:]
    return text + extra


# ----------------------------------------------------------------------------------- JUnit


class LocatedCase(TestCase):  # type: ignore[misc]
    """junitparser's test case plus the file/line attributes GitHub report actions read."""

    _tag = "testcase"
    file = Attr()
    line = IntAttr()


@dataclass
class Suite:
    name: str
    tests: int
    failures: int
    errors: int
    skipped: int
    properties: dict[str, str]
    cases: list[LocatedCase]

    def case(self, name_prefix: str) -> LocatedCase:
        matches = [c for c in self.cases if c.name.startswith(name_prefix)]
        assert len(matches) == 1, (name_prefix, [c.name for c in self.cases])
        return matches[0]

    def names(self, classname: str) -> list[str]:
        return [c.name for c in self.cases if c.classname == classname]


def read_junit(path: Path) -> list[Suite]:
    """Parse a JUnit file with junitparser (an independent reader)."""
    xml = JUnitXml.fromfile(str(path))
    suites = []
    for suite in xml.iterchildren(TestSuite):
        suites.append(
            Suite(
                name=suite.name,
                tests=suite.tests,
                failures=suite.failures,
                errors=suite.errors,
                skipped=suite.skipped,
                properties={p.name: p.value for p in suite.properties()},
                cases=list(suite.iterchildren(LocatedCase)),
            )
        )
    return suites


def outcome(case: LocatedCase) -> tuple[str, str | None, str | None]:
    """('passed'|'failure'|'skipped', message, type) of a test case."""
    if case.is_passed:
        return ("passed", None, None)
    [result] = case.result
    kind = "failure" if case.is_failure else "skipped" if case.is_skipped else "error"
    return (kind, result.message, result.type)


# ----------------------------------------------------------------------------------- tools


def require_module(name: str, why: str) -> ModuleType:
    """Import a test dependency; skip locally when it is missing, but fail in CI."""
    try:
        return __import__(name)
    except ImportError:
        if IN_CI:
            raise
        pytest.skip(f"{name} is not installed ({why}); pip install -e '.[test]'")


def sarif_multitool() -> Path:
    """The SARIF validator, installed by .ci/install-sarif-multitool when needed.

    Skips only when npm is unavailable (the multitool ships through npm).
    """
    if not (MULTITOOL_EXE.is_file() and os.access(MULTITOOL_EXE, os.X_OK)):
        if shutil.which("npm") is None:
            pytest.skip("npm is not available to install @microsoft/sarif-multitool")
        subprocess.run(
            ["bash", str(REPO / ".ci" / "install-sarif-multitool")],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    return MULTITOOL_EXE


@dataclass
class ValidatorIssue:
    rule: str
    level: str
    text: str


def run_sarif_validator(sarif: Path, out_dir: Path) -> list[ValidatorIssue]:
    """Run ``Sarif.Multitool validate --rule-kind Gh;Sarif``; every issue it reports.

    Notes are requested too: every SARIF file gets some (SARIF2009 and friends), and the
    multitool silently analyses nothing when it cannot deserialize a file (an unknown
    ``level`` value, say), so no notes at all means the file was not validated.
    """
    tool = sarif_multitool()
    out = out_dir / f"{sarif.stem}.validation.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    proc = subprocess.run(
        [
            str(tool),
            "validate",
            str(sarif),
            "--rule-kind",
            "Gh;Sarif",
            "--level",
            "Error;Warning;Note",
            "--output",
            str(out),
            "--log",
            "ForceOverwrite",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.is_file(), f"validator wrote no log (exit {proc.returncode}):\n{proc.stdout}"
    log: dict[str, Any] = json.loads(out.read_text(encoding="utf-8-sig"))
    issues = []
    for run in log["runs"]:
        for result in run.get("results", []):
            level = result.get("level", "warning")
            message = result.get("message", {})
            text = message.get("text") or " ".join(map(str, message.get("arguments", [])))
            issues.append(ValidatorIssue(result.get("ruleId", "?"), level, text))
    notifications = [
        n
        for run in log["runs"]
        for inv in run.get("invocations", [])
        for n in inv.get("toolExecutionNotifications", [])
        if n.get("level") == "error"
    ]
    assert not notifications, f"the validator failed to run: {notifications}\n{proc.stdout}"
    assert issues, f"the validator analysed nothing (could it read the file?):\n{proc.stdout}"
    return issues


# ---------------------------------------------------------------------- repository snapshot


def clean_git_env() -> dict[str, str]:
    """The environment without GIT_* variables (a surrounding hook's GIT_DIR, say)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="soccheck tests",
        GIT_AUTHOR_EMAIL="tests@soccheck.invalid",
        GIT_COMMITTER_NAME="soccheck tests",
        GIT_COMMITTER_EMAIL="tests@soccheck.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return env


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=clean_git_env(), capture_output=True, text=True, check=True
    )
    return proc.stdout


_SNAPSHOTS: dict[Path, tuple[Path, str]] = {}


def repo_snapshot(base: Path) -> tuple[Path, str]:
    """This repository's working tree (tracked and new files, uncommitted edits included)
    committed into a fresh git repository under ``base``: (path, commit).

    pre-commit and pip install a hook or action from a commit; the working tree under test
    may be uncommitted, so the tests commit a copy of it rather than the real HEAD.
    """
    if base in _SNAPSHOTS:
        return _SNAPSHOTS[base]
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    dest = base / "soccheck-snapshot"
    for rel in sorted(set(filter(None, listed.split("\0")))):
        source = REPO / rel
        if source.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--no-verify", "-m", "snapshot of the working tree")
    commit = git(dest, "rev-parse", "HEAD").strip()
    _SNAPSHOTS[base] = (dest, commit)
    return dest, commit
