"""soccheck's own GitHub workflows: CI on every supported Python, and the release pipeline.

Validated against SchemaStore's workflow schema (vendored by check-jsonschema, no network), and
the release's shell steps run here as the Actions runner runs them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from soccheck._version import __version__
from tests.ci_helpers import clean_git_env, git
from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
RELEASE = WORKFLOWS / "release.yml"
CHECK_JSONSCHEMA = [sys.executable, "-m", "check_jsonschema"]
PINNED = re.compile(r"@(v\d+(\.\d+)*|release/v\d+|[0-9a-f]{40})")
"""A major version at least (``@v4``, ``@release/v1``), or an exact version or commit."""


def _load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _on(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 readers turn a bare `on:` key into True; ruamel's safe loader (1.2) keeps "on".
    trigger = workflow["on"]
    assert isinstance(trigger, dict)
    return trigger


def _step(job: dict[str, Any], name: str) -> dict[str, Any]:
    [step] = [s for s in job["steps"] if s.get("name") == name]
    return step


def _run_step(
    step: dict[str, Any], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """A `run:` step as the runner runs it: ``bash --noprofile --norc -eo pipefail FILE``."""
    script = cwd.parent / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env={**clean_git_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("path", [CI, RELEASE], ids=["ci", "release"])
def test_workflows_match_the_schemastore_schema(path: Path) -> None:
    proc = subprocess.run(
        [*CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("path", [CI, RELEASE], ids=["ci", "release"])
def test_actions_are_pinned_and_permissions_minimal(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "timeout-minutes" in job
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.search(step["uses"]), step["uses"]


def test_ci_runs_the_ci_script_on_every_supported_python() -> None:
    workflow = _load(CI)
    assert set(_on(workflow)) == {"push", "pull_request"}
    [job] = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    versions = job["strategy"]["matrix"]["python-version"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    prefix = "Programming Language :: Python :: "
    classified = [
        c.removeprefix(prefix) for c in project["classifiers"] if re.fullmatch(r".*3\.\d+", c)
    ]
    assert versions == classified
    assert project["requires-python"] == f">={versions[0]}"
    assert job["strategy"]["fail-fast"] is False
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
    assert job["steps"][-1]["run"] == "bash .ci/run"


def _tag_pattern_matches(pattern: str, tag: str) -> bool:
    """GitHub's filter syntax for the characters the release trigger uses: ``[0-9]`` a
    character class, ``+`` one or more of the preceding character, anything else literal."""
    regex = "".join(
        re.escape(part) if not part.startswith("[") and part != "+" else part
        for part in re.findall(r"\[[^\]]*\]|\+|[^\[+]", pattern)
    )
    return re.fullmatch(regex, tag) is not None


def test_release_runs_on_version_tags_only() -> None:
    trigger = _on(_load(RELEASE))
    assert set(trigger) == {"push"}
    assert set(trigger["push"]) == {"tags"}
    [pattern] = trigger["push"]["tags"]
    for tag, starts in [
        (f"v{__version__}", True),
        ("v12.3.45", True),
        ("v0", False),  # the moving major tag must not start another release
        ("v1", False),
        ("v1.2", False),
        ("1.2.3", False),
        ("v1.2.3-rc1", False),
    ]:
        assert _tag_pattern_matches(pattern, tag) is starts, tag


def test_release_builds_checks_and_publishes_with_trusted_publishing() -> None:
    jobs = _load(RELEASE)["jobs"]
    assert list(jobs) == ["test", "build", "publish", "move-major-tag"]
    # Nothing is built from a tagged commit that does not pass the suite.
    assert [step.get("run") for step in jobs["test"]["steps"]][-1] == "bash .ci/run"
    build = jobs["build"]
    assert build["needs"] == "test"
    commands = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in commands
    assert "python -m twine check --strict dist/*" in commands
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-"))
    assert upload["with"]["name"] == "dist"

    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    download, pypi = publish["steps"]
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"] == {"name": "dist", "path": "dist/"}
    assert pypi["uses"].startswith("pypa/gh-action-pypi-publish@")
    # Trusted publishing: no password, token or username is passed in.
    assert not {"password", "user", "username", "token"} & set(pypi.get("with", {}))

    move = jobs["move-major-tag"]
    assert move["needs"] == "publish"
    assert move["permissions"] == {"contents": "write"}


def test_release_refuses_a_tag_that_is_not_the_package_version(tmp_path: Path) -> None:
    step = _step(_load(RELEASE)["jobs"]["build"], "The tag is the package version")
    checkout = tmp_path / "checkout"
    (checkout / "soccheck").mkdir(parents=True)
    shutil.copy2(REPO / "soccheck" / "_version.py", checkout / "soccheck" / "_version.py")
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    good = _run_step(step, checkout, {"TAG": f"v{__version__}", "PATH": path})
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _run_step(step, checkout, {"TAG": "v9.9.9", "PATH": path})
    assert bad.returncode == 1
    assert bad.stdout == (
        f"::error::tag v9.9.9 does not match soccheck/_version.py (version {__version__})\n"
    )


def test_major_tag_follows_each_release(tmp_path: Path) -> None:
    """The tag-moving step for real, pushing to a bare repository standing in for GitHub."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    step = _step(_load(RELEASE)["jobs"]["move-major-tag"], "Point the major tag at the release")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    commits = []
    for n in range(3):
        git(work, "commit", "--quiet", "--allow-empty", "-m", f"release {n}")
        commits.append(git(work, "rev-parse", "HEAD").strip())
    git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main")

    def release(tag: str, sha: str) -> None:
        proc = _run_step(step, work, {"TAG": tag, "GITHUB_SHA": sha})
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def remote_tags() -> dict[str, str]:
        lines = git(origin, "show-ref", "--tags").splitlines()
        return {ref.removeprefix("refs/tags/"): sha for sha, ref in map(str.split, lines)}

    release("v0.1.0", commits[0])
    assert remote_tags() == {"v0": commits[0]}
    release("v0.2.0", commits[1])
    assert remote_tags() == {"v0": commits[1]}
    release("v1.0.0", commits[2])
    assert remote_tags() == {"v0": commits[1], "v1": commits[2]}


# ------------------------------------------------------- how docs/ci.md says to use the action


def _ci_doc_blocks() -> list[str]:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("### GitHub Actions\n", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def test_documented_workflow_is_the_example_workflow() -> None:
    example = (REPO / "examples" / "github" / "soccheck.yml").read_text(encoding="utf-8")
    without_header = example[example.index("name: ") :]
    assert _ci_doc_blocks()[0] == without_header


def test_documented_use_before_the_first_release_is_a_valid_workflow(tmp_path: Path) -> None:
    [fragment] = [b for b in _ci_doc_blocks() if "uses: ./" in b]
    steps = YAML(typ="safe").load(fragment)["steps"]
    assert steps[-1]["uses"] == "./tools/soccheck"
    assert steps[-1]["id"] == "soccheck"
    workflow = tmp_path / "soccheck.yml"
    # The fragment is a job's steps, indented as in the example workflow.
    workflow.write_text(
        "name: soccheck\non: [pull_request]\njobs:\n  soccheck:\n    runs-on: ubuntu-latest\n"
        + fragment,
        encoding="utf-8",
    )
    proc = subprocess.run(
        [*CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
