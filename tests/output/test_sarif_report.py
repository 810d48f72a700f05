"""SARIF 2.1.0: rule metadata, results, stable fingerprints, suppressions, Microsoft's validator."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from soccheck.checks.checker import Options, Result, check
from soccheck.checks.findings import Finding, WaiverInfo
from soccheck.checks.rules.registry import RULES
from soccheck.load.program import load_program
from soccheck.output.registry import get_reporter
from tests.ci_helpers import control, controls_file, run_sarif_validator
from tests.conftest import TODAY, run_cli, run_subprocess, write_program

WAIVER = WaiverInfo(
    reason="Compensating weekly review while the new IdP rolls out.",
    approved_by="alice",
    expires="2026-12-31",
    ticket="SEC-142",
)


def sarif(root: Path, tmp_path: Path, *args: str) -> dict[str, Any]:
    path = tmp_path / "report.sarif"
    run = run_cli("validate", root, "--today", TODAY, "--sarif", path, *args)
    assert run.exit_code in (0, 1), run.stderr
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def result_with(root: Path, extra: list[Finding]) -> Result:
    result = check(load_program(root), Options(today=dt.date.fromisoformat(TODAY)))
    result.findings = [*result.findings, *extra]
    return result


def test_every_registered_rule_is_described(program: Callable[..., Path], tmp_path: Path) -> None:
    data = sarif(program(), tmp_path)
    assert data["version"] == "2.1.0"
    [run] = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "soccheck"
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    for descriptor, rule in zip(driver["rules"], RULES.values(), strict=True):
        assert descriptor["shortDescription"]["text"].rstrip(".") == rule.summary.rstrip(".")
        assert descriptor["fullDescription"]["text"].rstrip(".") == rule.rationale.rstrip(".")
        assert rule.example.rstrip("\n") in descriptor["help"]["text"]
        assert f"```yaml\n{rule.example.rstrip()}\n```" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == rule.severity
    missing_owner = driver["rules"][list(RULES).index("missing-owner")]
    assert missing_owner["name"] == "MissingOwner"
    assert "name" not in driver["rules"][list(RULES).index("schema")]


def test_results_carry_rule_level_message_and_region(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(
        controls={"access.yaml": controls_file(control("AC-01", owner=None))},
        extra={"soccheck.yaml": "rules:\n  missing-owner: warning\n"},
    )
    data = sarif(root, tmp_path)
    [run] = data["runs"]
    [result] = run["results"]
    assert result["ruleId"] == "missing-owner"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "missing-owner"
    assert result["level"] == "warning"  # the configured severity, not the default
    assert result["message"]["text"] == (
        "control 'AC-01' has no owner; set 'owner' to a person or team ID."
    )
    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "controls/access.yaml"
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert run["artifacts"][physical["artifactLocation"]["index"]]["location"]["uri"] == (
        "controls/access.yaml"
    )
    assert physical["region"] == {"startLine": 2, "startColumn": 5}
    assert result["properties"] == {"subject": "AC-01"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["properties"] == {"failOn": "error", "errors": 0, "warnings": 1, "waived": 0}
    assert "suppressions" not in result
    assert "versionControlProvenance" not in run


def test_fingerprints_survive_unrelated_edits(program: Callable[..., Path], tmp_path: Path) -> None:
    def fingerprints(root: Path) -> dict[tuple[str, str], str]:
        [run] = sarif(root, tmp_path)["runs"]
        return {
            (r["ruleId"], r["properties"]["subject"]): r["partialFingerprints"][
                "soccheckFinding/v1"
            ]
            for r in run["results"]
        }

    controls = [control("AC-01", owner=None), control("AC-02", owner="nobody")]
    before = fingerprints(program(controls={"access.yaml": controls_file(*controls)}))
    assert len(set(before.values())) == 2
    # Lines move: a comment and a new, clean control above, and an unrelated file changes.
    moved = "# Access controls, reviewed 2026.\n\n" + controls_file(control("AC-00"), *controls)
    after = fingerprints(
        program(
            controls={"access.yaml": moved, "hr.yaml": controls_file(control("HR-01"))},
        )
    )
    assert after == before


def test_identical_findings_get_distinct_fingerprints(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    same = [
        Finding("config", "error", "system.yaml", line, 1, "the same message") for line in (3, 9)
    ]
    data = json.loads(get_reporter("sarif")(result_with(root, same)))
    prints = [r["partialFingerprints"]["soccheckFinding/v1"] for r in data["runs"][0]["results"]]
    assert len(prints) == 2
    assert prints[0].rsplit(":", 1)[0] == prints[1].rsplit(":", 1)[0]
    assert [p.rsplit(":", 1)[1] for p in prints] == ["1", "2"]


def test_waived_findings_are_external_accepted_suppressions(
    program: Callable[..., Path],
) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    waived = Finding(
        "missing-owner", "error", "controls/access.yaml", 2, 5, "no owner", "AC-01"
    ).with_waiver(WAIVER)
    data = json.loads(get_reporter("sarif")(result_with(root, [waived])))
    [result] = data["runs"][0]["results"]
    assert result["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Waived until 2026-12-31, approved by alice: Compensating weekly "
            "review while the new IdP rolls out. (SEC-142)",
            "properties": {"approvedBy": "alice", "expires": "2026-12-31", "ticket": "SEC-142"},
        }
    ]
    assert data["runs"][0]["properties"]["waived"] == 1
    assert data["runs"][0]["properties"]["errors"] == 0


def test_paths_and_provenance_in_a_github_checkout(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    write_program(
        checkout / "compliance",
        controls={"access.yaml": controls_file(control("AC-01", owner=None))},
    )
    env = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/compliance",
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
        "GITHUB_REF": "refs/heads/main",
    }
    run = run_subprocess(
        "validate", "compliance", "--format", "sarif", "--today", TODAY, cwd=checkout, env=env
    )
    assert run.exit_code == 1
    [sarif_run] = json.loads(run.stdout)["runs"]
    [result] = sarif_run["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "compliance/controls/access.yaml"
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == checkout.resolve().as_uri() + "/"
    assert sarif_run["versionControlProvenance"] == [
        {
            "repositoryUri": "https://github.com/acme/compliance",
            "revisionId": "0123456789abcdef0123456789abcdef01234567",
            "mappedTo": {"uriBaseId": "%SRCROOT%"},
            "branch": "main",
        }
    ]


# ------------------------------------------------------------------- Microsoft's validator


def _noisy_program(root: Path) -> Path:
    """A program producing findings of many kinds, including odd characters and paths."""
    return write_program(
        root,
        controls={
            "access.yaml": controls_file(
                control("AC-01", owner=None),
                control("AC-02", owner="alise").replace(
                    "frequency: quarterly", 'frequency: "50%,\\nweekly: [x]"'
                ),
            ),
            "odd name, with: punctuation #1.yaml": controls_file(control("AC:03", owner="olga")),
            "ünïcode/empty.yaml": "# nothing here yet\n",
            "broken.yaml": "controls:\n  - id: [\n",
        },
        extra={"soccheck.yaml": "rules:\n  missing-ownr: warning\n"},
    )


@pytest.mark.slow
def test_microsoft_sarif_validator_reports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sarif.Multitool validate --rule-kind "Gh;Sarif": no errors (nor warnings)."""
    checkout = tmp_path / "checkout"
    root = _noisy_program(checkout / "compliance")
    result = check(load_program(root), Options(today=dt.date.fromisoformat(TODAY)))
    assert {f.rule for f in result.findings} >= {
        "missing-owner",
        "unknown-owner",
        "inactive-owner",
        "schema",
        "yaml-syntax",
        "empty-file",
        "config",
    }
    # Every other finding waived, so results with and without suppressions are both checked.
    result.findings = [f.with_waiver(WAIVER) if i % 2 else f for i, f in enumerate(result.findings)]
    path = tmp_path / "report.sarif"
    monkeypatch.chdir(checkout)  # as in a workflow step: paths relative to the checkout
    path.write_text(get_reporter("sarif")(result), encoding="utf-8")
    issues = run_sarif_validator(path, tmp_path)
    assert [i for i in issues if i.level != "note"] == []


@pytest.mark.slow
def test_validator_does_catch_errors(tmp_path: Path) -> None:
    """The validator run is live: broken results are flagged, unreadable files detected."""
    root = _noisy_program(tmp_path / "prog")
    data = json.loads(get_reporter("sarif")(check(load_program(root))))
    broken = data["runs"][0]["results"]
    broken[0]["message"] = {}
    broken[1]["locations"][0]["physicalLocation"]["region"] = {"startColumn": 3}
    path = tmp_path / "broken.sarif"
    path.write_text(json.dumps(data), encoding="utf-8")
    issues = run_sarif_validator(path, tmp_path)
    flagged = {i.rule for i in issues if i.level == "error"}
    assert {"GH1015", "SARIF1007"} <= flagged, issues

    broken[0]["level"] = "fatal"  # the multitool cannot deserialize this and skips the file
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AssertionError, match="analysed nothing"):
        run_sarif_validator(path, tmp_path)
