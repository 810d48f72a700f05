"""Rules as documentation that runs: every rule's ``example`` must trigger it, and its
``passing`` counterpart (shown as "Instead" by ``soccheck explain`` and docs/rules.md) must not,
like ruff's "Example" / "Use instead".

Each snippet is written onto a small program that is clean on its own (``BASE_SYSTEM`` and
``BASE_FILES``: a SOC 2 Type 2 report ``soc2-2026`` for security over 2026-01-01 to 2026-06-30,
people ``alice``, ``tom`` and ``priya.nair``, team ``platform``, and one control covering every
common criterion, owned by alice and tested by tom), then ``soccheck validate --today
2026-11-20 --format json`` runs. A counterpart must also leave every file readable and valid (no
finding of a loading rule): a program rule staying quiet about a control that the schema
dropped would prove nothing.

How a snippet becomes files:

- A comment line naming a path (``# controls/access.yaml``) starts a file; one snippet may
  hold several (a waiver example shows soccheck.yaml and the controls it waives). That line is
  not written. Text after the path is a remark for the reader, except the few in ``SETUP``.
- ``system.yaml`` snippets show only the top-level keys they change: each replaces the base's
  key of the same name, and the base's other keys stay.
- Every other file is written as it stands, replacing the base's file of that name.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from soccheck.checks.rules.base import Rule
from soccheck.checks.rules.registry import LOADING_RULES, RULES
from tests.conftest import COVERAGE_CONTROL, TODAY, run_cli, run_subprocess

BASE_SYSTEM = {
    "name": "name: Demo SaaS\n",
    "reports": (
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security]\n"
    ),
    "people": (
        "people:\n"
        "  - {id: alice, name: Alice Owner}\n"
        "  - {id: tom, name: Tom Tester}\n"
        "  - {id: priya.nair, name: Priya Nair}\n"
    ),
    "teams": "teams:\n  - {id: platform, name: Platform, lead: alice, members: [alice]}\n",
}
"""The base system description, by top-level key (a snippet replaces whole keys)."""

BASE_FILES = {"controls/program.yaml": "controls:\n" + COVERAGE_CONTROL}

SETUP = {
    "file-unreadable": "'(saved as UTF-16)' after the path: the file is written in UTF-16",
    "file-too-large": "'(N MB)' after the path: the file is padded with comment lines to N MB",
    "path-outside-root": (
        "'-> TARGET' after the path: the file is a symlink to TARGET (relative to its "
        "directory, inside the test's directory), which holds the text"
    ),
}
"""The special cases: remarks the harness acts on, for the rules whose examples text alone
cannot show (an encoding, a size, a symlink). Every other remark is prose."""

_HEADER = re.compile(
    r"^# (?P<path>(?:system|soccheck)\.yaml|pyproject\.toml|(?:controls|evidence)/\S+)"
    r"(?:\s+->\s+(?P<target>\S+))?(?P<remark>\s.*)?$"
)
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):", re.MULTILINE)
_SIZE = re.compile(r"\((\d+) MB\)")


@dataclass
class _File:
    path: str
    target: str | None
    remark: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _files(snippet: str) -> list[_File]:
    files: list[_File] = []
    for line in snippet.splitlines(keepends=True):
        header = _HEADER.match(line.rstrip("\n"))
        if header is not None:
            files.append(
                _File(header["path"], header["target"], (header["remark"] or "").strip(), [])
            )
        else:
            assert files, f"a snippet starts with a '# path' comment line: {snippet!r}"
            files[-1].lines.append(line)
    return files


def _system(snippet_text: str) -> str:
    """The base system description with the snippet's top-level keys replacing its own."""
    replaced = set(_TOP_KEY.findall(snippet_text))
    kept = "".join(text for key, text in BASE_SYSTEM.items() if key not in replaced)
    return kept + snippet_text


def _inside(tmp: Path, path: Path) -> Path:
    """``path``, after making sure writing it stays in the test's own directory: a snippet's
    paths come from documentation, and a symlink target such as /etc/passwd must never be
    written to."""
    resolved = path.resolve()
    assert resolved.is_relative_to(tmp.resolve()), f"{path} leaves the test directory"
    return resolved


def write_snippet(tmp: Path, snippet: str) -> Path:
    """The base program (in ``tmp/prog``) with the snippet's files written onto it; returns
    the program's root. Nothing is written outside ``tmp``."""
    root = tmp / "prog"
    root.mkdir(parents=True)
    files = {"system.yaml": _system(""), **BASE_FILES}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for file in _files(snippet):
        assert not Path(file.path).is_absolute()
        path = _inside(tmp, root / file.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _system(file.text) if file.path == "system.yaml" else file.text
        if file.target is not None:
            assert not Path(file.target).is_absolute(), "symlink targets are relative"
            target = _inside(tmp, path.parent / file.target)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            path.unlink(missing_ok=True)
            path.symlink_to(file.target)
            continue
        data = text.encode("utf-16" if _UTF16.search(file.remark) else "utf-8")
        size = _SIZE.search(file.remark)
        if size is not None:
            padding = b"# padding to the size the example names\n"
            missing = int(size[1]) * 1_000_000 - len(data)
            data += padding * (missing // len(padding) + 1)
        path.write_bytes(data)
    return root


_UTF16 = re.compile(r"\(saved as UTF-16\)")
"""The remark that makes the harness write a file as UTF-16 (file-unreadable's example)."""


def findings(root: Path) -> list[dict[str, object]]:
    run = run_cli("validate", root, "--today", TODAY, "--format", "json")
    assert run.exit_code in (0, 1), run.stderr
    return run.findings


def fired(root: Path) -> set[str]:
    return {str(f["rule"]) for f in findings(root)}


def test_the_base_program_is_clean(tmp_path: Path) -> None:
    assert fired(write_snippet(tmp_path, "")) == set()


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_example_triggers_its_rule(rule: Rule, tmp_path: Path) -> None:
    found = findings(write_snippet(tmp_path, rule.example))
    # The finding is about a file the example shows, not something of the base program.
    shown = {file.path for file in _files(rule.example)}
    assert {f["path"] for f in found if f["rule"] == rule.id} & shown


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_instead_does_not_trigger_its_rule(rule: Rule, tmp_path: Path) -> None:
    found = fired(write_snippet(tmp_path, rule.passing))
    assert rule.id not in found
    # Every file was read and built whole: a program rule staying quiet about a control the
    # schema dropped would prove nothing.
    assert found & LOADING_RULES == set()


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_a_snippet_starts_with_the_file_it_shows(rule: Rule) -> None:
    for snippet in (rule.example, rule.passing):
        assert _HEADER.match(snippet.splitlines()[0]), snippet
        assert snippet.endswith("\n") and not snippet.endswith("\n\n")


def test_only_the_listed_rules_need_a_special_case() -> None:
    special = {
        rule.id
        for rule in RULES.values()
        for file in (*_files(rule.example), *_files(rule.passing))
        if file.target is not None or _SIZE.search(file.remark) or _UTF16.search(file.remark)
    }
    assert special == set(SETUP)


def test_an_example_and_its_counterpart_as_a_user_runs_them(tmp_path: Path) -> None:
    """One pair through a real process, run from the program's directory."""
    rule = RULES["yaml-syntax"]
    bad = write_snippet(tmp_path / "bad", rule.example)
    run = run_subprocess("validate", "--today", TODAY, cwd=bad)
    assert run.exit_code == 1
    assert run.stdout.startswith("controls/access.yaml:4:11: error yaml-syntax unclosed '['")
    good = write_snippet(tmp_path / "good", rule.passing)
    run = run_subprocess("validate", "--today", TODAY, cwd=good)
    assert "yaml-syntax" not in run.stdout
    assert "in 3 files (2 controls)" in run.stdout  # the file was read: its control counts


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_explain_shows_the_example_then_instead(rule: Rule) -> None:
    run = run_cli("explain", rule.id)
    assert run.exit_code == 0
    example_at = run.stdout.index("\nExample that triggers it:\n")
    instead_at = run.stdout.index("\nInstead (does not trigger it):\n")
    assert example_at < instead_at
    shown = textwrap.indent(rule.example.rstrip("\n"), "    ")
    assert shown in run.stdout[example_at:instead_at]
    assert run.stdout[instead_at:].endswith(textwrap.indent(rule.passing, "    "))
