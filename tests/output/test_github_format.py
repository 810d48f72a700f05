"""--format github: workflow commands, escaped as the Actions runner expects."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from soccheck.checks.checker import Options, check
from soccheck.checks.findings import Finding, WaiverInfo
from soccheck.load.program import load_program
from soccheck.output.github import escape_data, escape_property
from soccheck.output.registry import get_reporter
from tests.ci_helpers import control, controls_file
from tests.conftest import TODAY, run_cli, run_subprocess, write_program

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    """What the runner does with a command's data (the inverse of the escaping)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match["props"].split(","))
    return (
        match["kind"],
        {k: unescape(v) for k, v in props.items()},
        unescape(match["message"]),
    )


def test_escaping_rules() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir,x/a:b%.yaml") == "dir%2Cx/a%3Ab%25.yaml"
    assert escape_property("line\nbreak") == "line%0Abreak"


def test_errors_and_warnings_become_annotations(program: Callable[..., Path]) -> None:
    root = program(
        controls={
            "access.yaml": controls_file(control("AC-01", owner=None)),
            "self.yaml": controls_file(
                control("AC-02").replace("performed_by: tom", "performed_by: alice")
            ),
        }
    )
    plain = run_cli("validate", root, "--today", TODAY)
    run = run_cli("validate", root, "--format", "github", "--today", TODAY)
    assert run.exit_code == plain.exit_code == 1
    lines = run.stdout.splitlines()
    assert [parse(line) for line in lines[:2]] == [
        (
            "error",
            {"file": "controls/access.yaml", "line": "2", "col": "5", "title": "missing-owner"},
            "control 'AC-01' has no owner; set 'owner' to a person or team ID",
        ),
        (
            "warning",
            {
                "file": "controls/self.yaml",
                "line": "15",
                "col": "23",
                "title": "tester-not-independent",
            },
            "test 'T-AC-02' of control 'AC-02' was performed by Alice Owner ('alice'), who owns "
            "the control; have someone independent of the control test it",
        ),
    ]
    assert lines[2] == "soccheck failed: 1 error, 1 warning in 4 files (3 controls)"
    assert len(lines) == 3


def test_values_are_escaped_in_messages_and_properties(tmp_path: Path) -> None:
    odd = control("AC-01", owner="nobody").replace(
        "frequency: quarterly", 'frequency: "50%,\\r\\nweekly: yes"'
    )
    root = write_program(tmp_path / "repo" / "prog", controls={"a, b: c%.yaml": controls_file(odd)})
    run = run_subprocess(
        "validate", "prog", "--format", "github", "--today", TODAY, cwd=root.parent
    )
    commands = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert all("\r" not in line for line in commands)
    parsed = [parse(line) for line in commands]
    assert {props["file"] for _, props, _ in parsed} == {"prog/controls/a, b: c%.yaml"}
    [schema] = [message for _, props, message in parsed if props["title"] == "schema"]
    assert schema.endswith("; got '50%,\r\nweekly: yes'")
    raw = next(line for line in commands if "title=schema" in line)
    assert raw.startswith("::error file=prog/controls/a%2C b%3A c%25.yaml,line=7,col=16,")
    assert raw.endswith(
        "::frequency must be one of: continuous, multiple-daily, daily, weekly, "
        "monthly, quarterly, semi-annual, annual, as-needed; "
        "got '50%25,%0D%0Aweekly: yes'"
    )


def test_waived_findings_are_notices_and_large_runs_point_to_reports(
    program: Callable[..., Path],
) -> None:
    root = program(controls={"access.yaml": controls_file(control("AC-01"))})
    result = check(load_program(root), Options(today=dt.date.fromisoformat(TODAY)))
    waiver = WaiverInfo("Accepted for Q4.", "alice", "2026-12-31")
    errors = [
        Finding("config", "error", "system.yaml", line, 1, f"problem {line}")
        for line in range(1, 12)
    ]
    waived = Finding("missing-owner", "error", "controls/access.yaml", 2, 5, "no owner", "AC-01")
    result.findings = [*errors, waived.with_waiver(waiver)]
    lines = get_reporter("github")(result).splitlines()
    assert parse(lines[11]) == (
        "notice",
        {
            "file": "controls/access.yaml",
            "line": "2",
            "col": "5",
            "title": "missing-owner (waived)",
        },
        "no owner [waived until 2026-12-31 by alice: Accepted for Q4.]",
    )
    kind, props, message = parse(lines[12])
    assert (kind, props) == ("notice", {"title": "soccheck"})
    assert "GitHub shows only the first 10 of each" in message
    assert lines[13] == "soccheck failed: 11 errors, 0 warnings, 1 waived in 3 files (2 controls)"
