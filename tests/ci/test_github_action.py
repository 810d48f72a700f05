"""The composite action and the example workflow: schemas, and the action's shell run locally."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.ci_helpers import control, controls_file, read_junit, repo_snapshot
from tests.conftest import REPO, TODAY, write_program

ACTION = REPO / "action.yml"
WORKFLOW = REPO / "examples" / "github" / "soccheck.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-actions", ACTION), ("vendor.github-workflows", WORKFLOW)],
    ids=["action", "workflow"],
)
def test_files_match_schemastore_schemas(schema: str, path: Path) -> None:
    """check-jsonschema ships SchemaStore's GitHub schemas, so this needs no network."""
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_uses_the_action_and_publishes_both_reports() -> None:
    steps = _load(WORKFLOW)["jobs"]["soccheck"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("soccheck/soccheck@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("mikepenz/action-junit-report@") for u in uses)
    permissions = _load(WORKFLOW)["jobs"]["soccheck"]["permissions"]
    assert permissions == {"contents": "read", "security-events": "write", "checks": "write"}
    outputs = set(_load(ACTION)["outputs"])
    for step in steps:
        for expression in EXPRESSION.findall(json.dumps(step)):
            for output in re.findall(r"steps\.soccheck\.outputs\.([\w-]+)", expression):
                assert output in outputs


def test_scripts_take_inputs_only_through_the_environment() -> None:
    """No ${{ }} inside run scripts: inputs cannot inject shell code."""
    for step in _load(ACTION)["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]


# --------------------------------------------------------------- running the shell steps


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def run_step(
    step_id: str,
    workspace: Path,
    inputs: dict[str, str] | None = None,
    path_prepend: list[Path] | None = None,
    action_path: Path = REPO,
) -> StepRun:
    """Run one of the action's bash steps as the Actions runner does.

    The runner evaluates ${{ }} in ``env``, writes the script to a file and runs
    ``bash --noprofile --norc -eo pipefail FILE`` in the workspace.
    """
    action = _load(ACTION)
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs or {})
    [step] = [s for s in action["runs"]["steps"] if s.get("id") == step_id]
    assert step["shell"] == "bash"

    def evaluate(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression == "github.action_path":
            return str(action_path)
        if expression.startswith("inputs."):
            return values[expression.removeprefix("inputs.")]
        raise AssertionError(f"expression the test runner cannot evaluate: {expression}")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "SOCCHECK_"))}
    env.pop("PYTHONPATH", None)
    runner_files = workspace.parent / f"runner-{step_id}"
    runner_files.mkdir(exist_ok=True)
    output_file, summary_file = runner_files / "output", runner_files / "summary"
    output_file.write_text("", encoding="utf-8")
    summary_file.write_text("", encoding="utf-8")
    env.update(
        GITHUB_OUTPUT=str(output_file),
        GITHUB_STEP_SUMMARY=str(summary_file),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_ACTION_PATH=str(action_path),
    )
    for name, value in step.get("env", {}).items():
        env[name] = EXPRESSION.sub(evaluate, str(value))
    if path_prepend:
        env["PATH"] = os.pathsep.join([*map(str, path_prepend), env.get("PATH", "")])
    script = runner_files / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    outputs = dict(
        line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines()
    )
    return StepRun(
        proc.returncode, proc.stdout, proc.stderr, outputs, summary_file.read_text("utf-8")
    )


@pytest.fixture
def shims(tmp_path: Path) -> Path:
    """``soccheck`` and ``python`` on PATH, as after the action's install step."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    soccheck = bin_dir / "soccheck"
    soccheck.write_text(
        f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m soccheck "$@"\n',
        encoding="utf-8",
    )
    soccheck.chmod(0o755)
    (bin_dir / "python").symlink_to(sys.executable)
    return bin_dir


SELF_TESTED = controls_file(control("AC-02").replace("performed_by: tom", "performed_by: alice"))
"""A control tested by its own owner: one tester-not-independent warning."""


def _workspace(tmp_path: Path, owner: str | None = "alice", extra: str = "") -> Path:
    workspace = tmp_path / "workspace"
    controls = {"access.yaml": controls_file(control("AC-01", owner=owner))}
    if extra:
        controls["extra.yaml"] = extra
    write_program(workspace / "compliance", controls=controls)
    return workspace


def test_clean_program(tmp_path: Path, shims: Path) -> None:
    workspace = _workspace(tmp_path)
    run = run_step(
        "validate",
        workspace,
        {"path": "compliance", "args": f"--today {TODAY}"},
        path_prepend=[shims],
    )
    assert run.code == 0, run.stderr
    assert run.outputs == {
        "exit-code": "0",
        "junit-xml": "soccheck-junit.xml",
        "sarif": "soccheck.sarif",
        "errors": "0",
        "warnings": "0",
        "waived": "0",
    }
    assert run.stdout == "soccheck OK: 0 errors, 0 warnings in 3 files (2 controls)\n"
    assert "### soccheck passed" in run.summary
    assert "| 0 | 0 | 0 |" in run.summary
    suites = read_junit(workspace / "soccheck-junit.xml")
    assert suites[0].name == "soc2-2026 (SOC 2 Type 2)"
    assert json.loads((workspace / "soccheck.sarif").read_text("utf-8"))["runs"][0]["results"] == []


def test_findings_fail_the_step_with_annotations_and_counts(tmp_path: Path, shims: Path) -> None:
    workspace = _workspace(tmp_path, owner=None, extra=SELF_TESTED)
    (workspace / "soccheck-junit.xml").write_text("stale", encoding="utf-8")
    inputs = {
        "path": "compliance",
        "args": f"--today {TODAY}",
        "junit-xml": "reports/junit.xml",
        "sarif": "reports/soccheck.sarif",
    }
    run = run_step("validate", workspace, inputs, path_prepend=[shims])
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        "::error file=compliance/controls/access.yaml,line=2,col=5,title=missing-owner::"
        "control 'AC-01' has no owner; set 'owner' to a person or team ID"
    )
    assert run.outputs["exit-code"] == "1"
    assert (run.outputs["errors"], run.outputs["warnings"]) == ("1", "1")
    assert run.outputs["junit-xml"] == "reports/junit.xml"
    assert sum(s.failures for s in read_junit(workspace / "reports" / "junit.xml")) == 1
    assert "### soccheck failed" in run.summary

    lenient = run_step(
        "validate", workspace, {**inputs, "fail-on-findings": "false"}, path_prepend=[shims]
    )
    assert lenient.code == 0
    assert lenient.outputs["exit-code"] == "1"
    assert "fail-on-findings is 'false', so this step passes" in lenient.stdout


def test_extra_args_reach_soccheck(tmp_path: Path, shims: Path) -> None:
    workspace = _workspace(tmp_path, extra=SELF_TESTED)
    base = {"path": "compliance"}
    warn_only = run_step(
        "validate", workspace, {**base, "args": f"--today {TODAY}"}, path_prepend=[shims]
    )
    assert warn_only.code == 0
    assert warn_only.outputs["warnings"] == "1"
    strict = run_step(
        "validate",
        workspace,
        {**base, "args": f"  --today {TODAY}   --fail-on warning "},
        path_prepend=[shims],
    )
    assert strict.code == 1
    assert strict.outputs["exit-code"] == "1"


def test_setup_error_fails_without_reports(tmp_path: Path, shims: Path) -> None:
    workspace = tmp_path / "workspace"
    (workspace / "empty-dir").mkdir(parents=True)
    (workspace / "soccheck.sarif").write_text("stale", encoding="utf-8")
    run = run_step(
        "validate", workspace, {"path": "empty-dir", "fail-on-findings": "false"}, [shims]
    )
    assert run.code == 2
    assert run.outputs == {"exit-code": "2"}
    assert "no system.yaml under empty-dir" in run.stderr
    assert not (workspace / "soccheck.sarif").exists()
    assert run.summary == ""


@pytest.mark.slow
def test_install_step_installs_the_actions_own_soccheck(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The install step for real: pip installs the action's checkout into a fresh venv."""
    action_path, _commit = repo_snapshot(tmp_path_factory.mktemp("action"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    workspace = _workspace(tmp_path, owner=None)
    bin_dir = env_dir / "bin"
    install = run_step("install", workspace, path_prepend=[bin_dir], action_path=action_path)
    assert install.code == 0, install.stdout + install.stderr
    from soccheck._version import __version__

    assert install.stdout.strip().endswith(f"soccheck, version {__version__}")
    run = run_step(
        "validate",
        workspace,
        {"path": "compliance", "args": f"--today {TODAY}"},
        path_prepend=[bin_dir],
        action_path=action_path,
    )
    assert run.code == 1
    assert run.outputs["errors"] == "1"
    assert (bin_dir / "soccheck").is_file()
