"""The bundled example programs validate cleanly, in process and as a subprocess."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, run_cli, run_subprocess

CLEAN = ["saas", "fintech"]


@pytest.mark.parametrize("name", CLEAN)
def test_example_is_clean(name: str) -> None:
    run = run_cli("validate", EXAMPLES / name, "--format", "json", "--fail-on", "warning")
    assert run.exit_code == 0, run.stdout
    assert run.json["findings"] == []
    assert run.json["summary"]["controls"] >= 12


def test_fintech_shares_controls_between_soc1_and_soc2() -> None:
    from soccheck.program import load_program

    program = load_program(EXAMPLES / "fintech")
    assert program.system is not None
    assert {r.framework for r in program.system.reports} == {"soc1", "soc2"}
    shared = [c for c in program.controls if c.criteria and c.objectives]
    assert len(shared) >= 5


def test_example_as_a_subprocess() -> None:
    run = run_subprocess("validate", EXAMPLES / "saas")
    assert run.exit_code == 0
    assert run.stdout.startswith("OK: 0 errors, 0 warnings")
    assert run.stderr == ""


def _expected_broken() -> list[tuple[str, int, int, str, str, str | None]]:
    """The findings table in examples/broken/README.md."""
    import re

    readme = (EXAMPLES / "broken" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([^`:]+):(\d+):(\d+)` \| `([a-z0-9-]+)` \| (error|warning) \| (\S+) \|$",
        readme,
        re.M,
    )
    return [
        (path, int(line), int(col), rule, severity, None if subject == "–" else subject)
        for path, line, col, rule, severity, subject in rows
    ]


def test_broken_example_produces_exactly_the_documented_findings() -> None:
    run = run_cli("validate", EXAMPLES / "broken", "--format", "json", "--today", "2026-11-20")
    assert run.exit_code == 1
    actual = [
        (f["path"], f["line"], f["column"], f["rule"], f["severity"], f["subject"])
        for f in run.json["findings"]
    ]
    expected = _expected_broken()
    assert len(expected) > 30
    assert actual == expected


def test_broken_example_exercises_most_rules() -> None:
    from soccheck.rules import RULES

    exercised = {row[3] for row in _expected_broken()}
    waiver_or_file_rules = {
        "expired-waiver", "unused-waiver", "waiver-approver", "config", "yaml-tag",
        "yaml-limits", "file-unreadable", "file-too-large", "path-outside-root",
        "multiple-documents", "empty-file",
    }  # fmt: skip
    assert set(RULES) - exercised <= waiver_or_file_rules
