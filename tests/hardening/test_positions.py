"""Every position a finding gives is a place in the file as an editor shows it (issue 20,
item 10).

Editors break lines at LF, CR LF and a lone CR (the line breaks of YAML 1.2), not at NEL,
LS or PS, which libyaml counts too; and libyaml moves its mark to a line past the end of a
file that does not end with a line break. Before, ``\\r[`` (two bytes) got a finding on line
3, and a two-line file holding U+2028 one on line 5.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import COVERAGE_CONTROL, run_subprocess, validate_json

_EDITOR_BREAK = re.compile(rb"\r\n|\r|\n")
X = "controls/x.yaml"


def editor_lines(data: bytes) -> list[bytes]:
    """The lines of a file as an editor shows them (a final line break starts an empty one)."""
    return _EDITOR_BREAK.split(data)


def assert_inside(root: Path, findings: list[dict[str, object]]) -> None:
    """Every finding names a line the file has, and a column at most one past that line's
    end (columns count characters, which are never more than the line's bytes)."""
    for finding in findings:
        path = root / str(finding["path"])
        if not path.is_file():
            continue
        lines = editor_lines(path.read_bytes())
        line, column = finding["line"], finding["column"]
        assert isinstance(line, int) and isinstance(column, int)
        assert 1 <= line <= len(lines), (finding, len(lines))
        assert 1 <= column <= len(lines[line - 1]) + 1, (finding, lines[line - 1])


def _where(root: Path, data: bytes) -> list[tuple[str, int, int]]:
    (root / "controls" / "x.yaml").write_bytes(data)
    run = validate_json(root)
    assert run.exit_code == 1, run
    assert_inside(root, run.findings)
    return [(f["rule"], f["line"], f["column"]) for f in run.findings if f["path"] == X]


def test_a_lone_cr_before_an_unclosed_bracket(program: Callable[..., Path]) -> None:
    """Two bytes, two lines: the '[' is on line 2, and so is the end of the file."""
    root = program()
    assert _where(root, b"\r[") == [("yaml-syntax", 2, 2)]


def test_line_separators_are_not_line_breaks(program: Callable[..., Path]) -> None:
    """U+2028 and U+0085 are shown inside a line by editors; libyaml breaks lines there, and
        counted its way the first file below (two lines and the empty one after its final line
    break) had a finding on line 6."""
    root = program()
    ls, nel = "\u2028".encode(), "\x85".encode()
    assert _where(root, b"a: b" + ls + ls + ls + b"c: d\ne: [\n") == [("yaml-syntax", 3, 1)]
    assert _where(root, b"a: b" + nel + b"c: [\n") == [("yaml-syntax", 2, 1)]
    # The '[' left open is the 11th character of line 1.
    assert _where(root, b"a: b" + ls + ls + ls + b"c: [\nd: e") == [("yaml-syntax", 1, 11)]


def test_nodes_after_a_line_separator_keep_their_line(program: Callable[..., Path]) -> None:
    """A schema finding on a value written after a U+2028 points into the line it is on."""
    root = program()
    text = (
        "controls:\n"
        "  - {id: AC-09, title: T\u2028, frequency: sometimes}\n"
        "  - id: AC-10\n"
        "    frequency: never\n"
    ).encode()
    found = [(rule, line) for rule, line, _ in _where(root, text) if rule == "schema"]
    assert (("schema", 2)) in found and ("schema", 4) in found, found
    assert all(line in (2, 3, 4) for _, line in found), found


def test_lone_crs_count_as_lines(program: Callable[..., Path]) -> None:
    """Old Mac line ends: each CR starts a line, as in YAML 1.2 and in editors."""
    root = program()
    text = b"controls:\r  - id: AC-09\r    title: T\r    frequency: sometimes\r"
    assert ("schema", 4, 16) in _where(root, text)


@pytest.mark.parametrize(
    "data",
    [
        b"\r[",
        b"\n[",
        b"[",
        b"a: 'x\r",
        b'a: "x\r\n\r\n',
        b"a: [b,\x85c",
        b"a: {\xe2\x80\xa9",
        b"\xef\xbb\xbf\xef\xbb\xbfa: [",
        b"a:\r\n\tb: c",
        b"- a\r- b\r  c: d\r-\r\x00",
        b"a: b\r\xff",
        b"key: value\r\n  bad: [\r\n",
    ],
)
def test_every_position_is_inside_the_file(program: Callable[..., Path], data: bytes) -> None:
    root = program()
    _where(root, data)


def test_as_a_real_process(program: Callable[..., Path]) -> None:
    root = program(controls={"ok.yaml": "controls:\n" + COVERAGE_CONTROL.replace("GOV", "G2")})
    (root / "controls" / "x.yaml").write_bytes(b"\r[")
    run = run_subprocess("validate", root, "--today", "2026-11-20", "--format", "json")
    assert run.exit_code == 1, run
    assert [(f["line"], f["column"]) for f in run.findings if f["path"] == X] == [(2, 2)]
