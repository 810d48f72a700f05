"""Hostile names and text in output (issue 20, items 6, 7 and 14).

Values and file names come from a pull request. In human-readable output they must show
escaped (no escape sequence reaches the terminal, no line can be forged); in machine output
they must keep the file valid UTF-8 (a file name that is not UTF-8 included); Markdown must
mention nobody; no finding may disclose where a symlink points outside the root; the CSV
quotes every cell.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from soccheck.cli.main import cli
from soccheck.support.text import escape_surrogates, json_safe, printable
from tests.ci_helpers import read_junit, run_sarif_validator
from tests.conftest import REPO, SYSTEM, TODAY, passing_test_block, run_cli, write_program

TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example/\x07"
HOSTILE = f"{TITLE}{CLEAR}{LINK}evil\nfake.yaml:1:1: error forged\rback"
"""Sets the window title, clears the screen, plants a hyperlink, forges a line, overwrites."""
HOSTILE_NAME = f"n{TITLE}{CLEAR}\x1b]8;;https:evil.example\x07\nfake.yaml:1:1: error x\r.yaml"
"""The same in a file name (which cannot hold '/')."""
NOT_UTF8 = b"x\xff.yaml"

SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Colour codes: the only escape sequences soccheck itself writes (--color always)."""


def _control(control_id: str, owner: str) -> str:
    return (
        "controls:\n"
        f"  - id: {control_id}\n"
        "    title: Access review\n"
        "    description: Quarterly review of production access.\n"
        f"    owner: {json.dumps(owner)}\n"
        "    criteria: [CC6.1]\n"
        "    frequency: annual\n"
    ) + passing_test_block(f"T-{control_id}")


def _hostile_program(root: Path) -> Path:
    """Hostile values (an owner, a waiver's reason and ticket) and a hostile file name."""
    config = (
        "waivers:\n"
        "  - rule: unknown-owner\n"
        "    subject: AC-02\n"
        f"    reason: {json.dumps('accepted ' + HOSTILE)}\n"
        "    approved_by: alice\n"
        "    expires: 2027-01-31\n"
        f"    ticket: {json.dumps(TITLE + 'SEC-1')}\n"
    )
    write_program(
        root,
        {"a.yaml": _control("AC-01", HOSTILE), "b.yaml": _control("AC-02", HOSTILE)},
        extra={"soccheck.yaml": config},
    )
    (root / "controls" / HOSTILE_NAME).write_text(_control("AC-03", "alice\n" + HOSTILE))
    return root


def _run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, bytes, bytes]:
    """``python -m soccheck`` in a real process, output as the raw bytes a terminal gets.

    LC_ALL=C.UTF-8: standard output is strict UTF-8, as on most machines and CI runners.
    """
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C.UTF-8", **(env or {})}
    full_env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "soccheck", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def _assert_inert(output: bytes) -> str:
    """Nothing in ``output`` acts on a terminal: no escape sequence but colour, no BEL, CR or
    C1 control, no bidi override. Returns the text."""
    text = output.decode("utf-8")  # strict: the output is valid UTF-8
    bare = SGR.sub("", text)
    unsafe = [c for c in bare if c != "\n" and printable(c) != c]
    assert unsafe == [], f"raw control characters reach the terminal: {unsafe!r}"
    return text


# ------------------------------------------------------------ item 6: terminal-safe text


@pytest.mark.parametrize("color", ["always", "never"])
def test_hostile_values_and_file_names_reach_the_terminal_escaped(
    tmp_path: Path, color: str
) -> None:
    root = _hostile_program(tmp_path / "prog")
    code, out, err = _run("validate", "--today", TODAY, "--color", color, cwd=root)
    assert code == 1, err
    text = _assert_inert(out)
    # No line is forged: one line per finding, a blank line between files, the summary.
    findings = json.loads(run_cli("validate", root, "--format", "json", "--today", TODAY).stdout)
    paths = {f["path"] for f in findings["findings"]}
    lines = SGR.sub("", text).splitlines()
    assert len(lines) == len(findings["findings"]) + len(paths) + 1, text
    assert lines[-1].startswith("failed: ")
    # The values are still there for a reader, escaped.
    shown = "\\x1b]0;PWNED\\x07\\x1b[2J\\x1b]8;;http://evil.example/\\x07evil\\x0afake.yaml"
    assert f"owner '{shown}:1:1: error forged\\x0dback' of control 'AC-01'" in text
    assert "controls/n\\x1b]0;PWNED\\x07\\x1b[2J\\x1b]8;;https:evil.example\\x07\\x0afake" in text
    waived = next(line for line in lines if " waived " in line)
    assert f"by alice, \\x1b]0;PWNED\\x07SEC-1: accepted {shown}" in waived
    if color == "always":
        assert "\x1b[1;31merror\x1b[0m" in text


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_readiness_report_escapes_hostile_text(tmp_path: Path, output_format: str) -> None:
    root = _hostile_program(tmp_path / "prog")
    (root / "system.yaml").write_text(SYSTEM.replace("Demo SaaS", json.dumps("Demo " + HOSTILE)))
    code, out, err = _run("report", "--today", TODAY, "--format", output_format, cwd=root)
    assert code == 0, err
    text = _assert_inert(out)
    if output_format == "markdown":  # backslashes and brackets escaped for Markdown
        assert "Demo \\\\x1b\\]0;PWNED\\\\x07" in text
    else:
        assert "Demo \\x1b]0;PWNED\\x07" in text
    assert "fake.yaml:1:1: error forged" not in text.splitlines()


def test_messages_on_stderr_and_from_new_quote_names_escaped(tmp_path: Path) -> None:
    root = write_program(tmp_path / "prog", {"a.yaml": _control("AC-01", "alice")})
    # explain: an unknown rule is quoted back.
    code, out, err = _run("explain", HOSTILE, cwd=root)
    assert code == 2
    assert len(_assert_inert(err).splitlines()) == 1
    assert "\\x1b]0;PWNED\\x07" in err.decode()
    # new control: the file it wrote, on stdout.
    code, out, err = _run("new", "control", "AC-09", "--file", f"controls/{HOSTILE_NAME}", cwd=root)
    assert code == 0, err
    [added, _next_steps] = _assert_inert(out).splitlines()
    assert added.startswith("Added control AC-09: created controls/n\\x1b]0;PWNED\\x07")
    # new control, refused: the same ID again, in another file.
    code, out, err = _run(
        "new", "control", "AC-09", "--file", f"controls/{HOSTILE_NAME}2", cwd=root
    )
    assert code == 2
    assert len(_assert_inert(err).splitlines()) == 1
    # A setup error naming a value from the program's configuration.
    (root / "soccheck.yaml").write_text(f"system: {json.dumps(HOSTILE_NAME)}\n")
    code, out, err = _run("validate", "--today", TODAY, cwd=root)
    assert code == 2
    [line] = _assert_inert(err).splitlines()
    assert line.startswith("soccheck: error: the system description n\\x1b]0;PWNED\\x07")


def test_init_refusal_keeps_its_listing_on_separate_lines(tmp_path: Path) -> None:
    target = tmp_path / f"acme{TITLE}"
    assert run_cli("init", target, "--categories", "security").exit_code == 0
    code, _out, err = _run("init", target, "--categories", "security", cwd=tmp_path)
    assert code == 2
    lines = _assert_inert(err).splitlines()
    assert lines[0].startswith("soccheck: error: ")
    assert "acme\\x1b]0;PWNED\\x07" in lines[0]
    assert lines[1].startswith("  ")
    assert lines[-1].startswith("Use --skip-existing")


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x00", "\\x00"),
        ("\t", "\\x09"),
        ("\n", "\\x0a"),
        ("\r", "\\x0d"),
        ("\x1b", "\\x1b"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),  # NEL
        ("\x9b", "\\x9b"),  # CSI as one C1 character
        ("\x9d", "\\x9d"),  # OSC
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\u202e", "\\u202e"),  # right-to-left override
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
        ("\u200f", "\\u200f"),
        ("\u061c", "\\u061c"),
        ("\udcff", "\\xff"),  # byte 0xFF of a file name that is not UTF-8
        ("\ud800", "\\ud800"),
        # Visible or harmless: kept as they are.
        ("é", "é"),
        ("\u00a0", "\u00a0"),
        ("👩\u200d💻", "👩\u200d💻"),
        ("\\x1b", "\\x1b"),
    ],
)
def test_the_sanitiser_escapes_exactly_what_can_act_on_a_terminal(char: str, shown: str) -> None:
    assert printable(f"a{char}b") == f"a{shown}b"


def test_the_sanitiser_can_keep_line_breaks_for_cells() -> None:
    assert printable("a\nb\r\tc\x1b", keep_breaks=True) == "a\nb\r\tc\\x1b"
    assert escape_surrogates("x\udcff\x1b") == "x\\xff\x1b"
    assert json.loads(json_safe(json.dumps("x\udcff", ensure_ascii=False))) == "x\\xff"


# ------------------------------------------------------ item 7: file names not in UTF-8


@pytest.fixture
def not_utf8(tmp_path: Path) -> Path:
    root = write_program(tmp_path / "prog", {"a.yaml": _control("AC-01", "alice")})
    with open(os.fsencode(root / "controls") + b"/" + NOT_UTF8, "w", encoding="utf-8") as f:
        f.write(_control("AC-02", "nobody"))
    return root


def test_not_utf8_file_name_in_json(not_utf8: Path) -> None:
    code, out, err = _run("validate", "--format", "json", "--today", TODAY, cwd=not_utf8)
    assert code == 1, err
    data = json.loads(out.decode("utf-8"))  # strict UTF-8, then JSON
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [
        ("controls/x\\xff.yaml", "unknown-owner")
    ]


def test_not_utf8_file_name_in_text_and_github(not_utf8: Path) -> None:
    code, out, err = _run("validate", "--today", TODAY, cwd=not_utf8)
    assert code == 1, err
    assert _assert_inert(out).startswith("controls/x\\xff.yaml:5:12: error unknown-owner ")
    code, out, err = _run("validate", "--format", "github", "--today", TODAY, cwd=not_utf8)
    assert code == 1, err
    assert out.decode("utf-8").startswith(
        "::error file=controls/x\\xff.yaml,line=5,col=12,title=unknown-owner::"
    )


def test_not_utf8_file_name_in_sarif_and_junit(not_utf8: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    code, out, err = _run(
        "validate",
        "--format",
        "sarif",
        "--today",
        TODAY,
        "--sarif",
        reports / "soccheck.sarif",
        "--junit-xml",
        reports / "junit.xml",
        cwd=not_utf8,
    )
    assert code == 1, err.decode()
    for sarif in (out, (reports / "soccheck.sarif").read_bytes()):
        run = json.loads(sarif.decode("utf-8"))["runs"][0]
        [result] = run["results"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        # The URI names the file's bytes; the artifact list names it the same way.
        assert location["uri"] == "controls/x%FF.yaml"
        assert run["artifacts"][location["index"]]["location"]["uri"] == "controls/x%FF.yaml"
    junit = (reports / "junit.xml").read_bytes()
    ET.fromstring(junit.decode("utf-8"))
    cases = [c for s in read_junit(reports / "junit.xml") for c in s.cases]
    assert ("controls/x\\xff.yaml", "AC-02: Access review") in {
        (c.file, c.name) for c in cases if c.is_failure
    }
    code, out, err = _run("validate", "--format", "junit", "--today", TODAY, cwd=not_utf8)
    assert code == 1, err
    assert b'file="controls/x\\xff.yaml"' in out


@pytest.mark.slow
def test_not_utf8_file_name_passes_the_sarif_validator(not_utf8: Path, tmp_path: Path) -> None:
    sarif = tmp_path / "soccheck.sarif"
    code, _out, err = _run("validate", "--today", TODAY, "--sarif", sarif, cwd=not_utf8)
    assert code == 1, err
    issues = run_sarif_validator(sarif, tmp_path)
    assert [i for i in issues if i.level != "note"] == []


@pytest.mark.parametrize("output_format", ["text", "markdown", "csv", "html"])
def test_not_utf8_file_name_in_the_readiness_report(not_utf8: Path, output_format: str) -> None:
    code, out, err = _run("report", "--today", TODAY, "--format", output_format, cwd=not_utf8)
    assert code == 0, err
    text = out.decode("utf-8")
    if output_format in ("markdown", "html"):  # the formats that list findings
        assert "controls/x\\xff.yaml:5" in text


# --------------------------------------------------------------------- item 14: smaller


def test_markdown_report_mentions_nobody(program: Callable[..., Path]) -> None:
    root = program(
        controls={"a.yaml": _control("AC-01", "@security-team"), "b.yaml": _control("AC-02", "x")},
        extra={
            "soccheck.yaml": (
                "waivers:\n"
                "  - rule: unknown-owner\n"
                "    subject: AC-02\n"
                "    reason: '@alice agreed in #123 (cc @org/auditors)'\n"
                "    approved_by: alice\n"
                "    expires: 2027-01-31\n"
                "    ticket: 'owner/repo#45'\n"
            )
        },
    )
    run = run_cli("report", root, "--format", "markdown", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    mentions = re.findall(r"(?<![\w`])@[A-Za-z0-9][\w/-]*", run.stdout)
    references = re.findall(r"#[0-9]+", run.stdout)
    assert (mentions, references) == ([], [])
    # What a reader sees once the comments are rendered away.
    assert "@<!-- -->alice agreed in \\#<!-- -->123 (cc @<!-- -->org/auditors)" in run.stdout
    assert "owner/repo\\#<!-- -->45" in run.stdout
    assert "owner '@<!-- -->security-team'" in run.stdout


def test_evidence_outside_repo_names_the_link_not_its_target(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    root = program(
        controls={
            "a.yaml": _control("AC-01", "alice").replace(
                "    tests:",
                "    evidence:\n      - path: evidence/exe\n      - path: evidence/proc/self/exe\n"
                "    tests:",
            )
        }
    )
    (root / "evidence").mkdir()
    os.symlink("/proc/self/exe", root / "evidence" / "exe")
    os.symlink("/proc", root / "evidence" / "proc")
    run = run_cli("validate", root, "--format", "json", "--today", TODAY)
    messages = [f["message"] for f in run.json["findings"] if f["rule"] == "evidence-outside-repo"]
    assert messages == [
        "evidence path 'evidence/exe' of control 'AC-01' is a symlink that leads outside the "
        "program root; soccheck does not look at it",
        "evidence path 'evidence/proc/self/exe' of control 'AC-01' leads outside the program "
        "root through the symlink 'evidence/proc'; soccheck does not look at it",
    ]
    interpreter = os.path.realpath(sys.executable)
    for output_format in ("text", "github", "sarif"):
        shown = run_cli("validate", root, "--format", output_format, "--today", TODAY).stdout
        assert interpreter not in shown
        assert "/proc" not in shown.replace("evidence/proc", "")


def _separators_outside_quotes(text: str, separator: str) -> int:
    """How many ``separator`` characters a spreadsheet would split cells at: those outside
    double quotes (a quote toggles, a doubled quote toggles twice)."""
    inside, count = False, 0
    for char in text:
        if char == '"':
            inside = not inside
        elif char == separator and not inside:
            count += 1
    return count


QUOTED_CELL = r'"(?:[^"]|"")*"'
QUOTED_RECORDS = re.compile(rf"(?:{QUOTED_CELL}(?:,{QUOTED_CELL})*\r\n)+")


def test_csv_quotes_every_cell(program: Callable[..., Path]) -> None:
    root = program(
        controls={
            "a.yaml": _control("AC-01", "alice")
            .replace("title: Access review", "title: 'x;=1+1'")
            .replace("Quarterly review of production access.", "'a;@SUM(1,2);-3'")
        }
    )
    result = CliRunner().invoke(cli, ["report", str(root), "--format", "csv", "--today", TODAY])
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes.decode("utf-8").removeprefix("\ufeff")
    # Opened where ';' separates cells, nothing is split into a formula: every ';' is quoted.
    assert _separators_outside_quotes(raw, ";") == 0
    # Every cell of every record is quoted.
    assert QUOTED_RECORDS.fullmatch(raw), raw
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    ac01 = next(row for row in rows if row[0] == "AC-01")
    assert ac01[1:3] == ["x;=1+1", "a;@SUM(1,2);-3"]
