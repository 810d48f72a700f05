"""YAML mistakes are reported where they start, with a plain hint, through the real CLI.

libyaml notices an unclosed quote only at the end of the file and ``owner:alice`` only on
the line after it; the findings must point at the opening quote, the ':' or the '[' instead,
in system.yaml and in control files alike, and a guess that cannot be confirmed must leave
the parser's own position and words alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SYSTEM, passing_test_block, run_subprocess, validate_json

CONTROL = (
    "controls:\n"
    "  - id: AC-01\n"
    "    title: Access review\n"
    "    description: Quarterly review of production access.\n"
    "    owner: alice\n"
    "    criteria: [CC6.1]\n"
    "    frequency: annual\n"
) + passing_test_block("T-AC-01")

DOUBLE = (
    "unclosed double quote: nothing closes the text that starts here; "
    'add the closing " where it ends'
)
SINGLE = (
    "unclosed single quote: nothing closes the text that starts here; "
    "add the closing ' where it ends"
)
TAB = "a tab is used for indentation; YAML only allows spaces there"
LIST = "unclosed '[': the list that starts here has no closing ']'; add it after the last item"


def space(written: str, spaced: str) -> str:
    return (
        f"'{written}' is missing the space after ':'; write '{spaced}' "
        "(YAML needs a space after a key's ':')"
    )


def _syntax(root: Path) -> list[tuple[str, int, int, str]]:
    run = validate_json(root)
    assert run.exit_code == 1
    return [
        (f["path"], f["line"], f["column"], f["message"])
        for f in run.findings
        if f["rule"] == "yaml-syntax"
    ]


CONTROL_MISTAKES = [
    pytest.param(("title: Access review", 'title: "Access review'), (3, 12), DOUBLE, id="double"),
    pytest.param(("title: Access review", "title: 'Access review"), (3, 12), SINGLE, id="single"),
    pytest.param(
        ("owner: alice", "owner:alice"), (5, 10), space("owner:alice", "owner: alice"), id="space"
    ),
    pytest.param(
        ("  - id: AC-01", "  - id:AC-01"), (2, 7), space("id:AC-01", "id: AC-01"), id="space-item"
    ),
    pytest.param(("criteria: [CC6.1]", "criteria: [CC6.1"), (6, 15), LIST, id="bracket"),
    pytest.param(("    owner: alice", "\towner: alice"), (5, 1), TAB, id="tab"),
]


@pytest.mark.parametrize(("change", "where", "message"), CONTROL_MISTAKES)
def test_mistakes_in_a_control_file_are_reported_where_they_start(
    program: Callable[..., Path], change: tuple[str, str], where: tuple[int, int], message: str
) -> None:
    text = CONTROL.replace(*change, 1)
    assert text != CONTROL
    root = program(controls={"access.yaml": text})
    assert _syntax(root) == [("controls/access.yaml", *where, message)]


SYSTEM_MISTAKES = [
    pytest.param(("name: Demo SaaS", 'name: "Demo SaaS'), (1, 7), DOUBLE, id="double"),
    pytest.param(("name: Demo SaaS", "name: 'Demo SaaS"), (1, 7), SINGLE, id="single"),
    pytest.param(
        ("name: Demo SaaS", "name:Demo SaaS"),
        (1, 5),
        space("name:Demo SaaS", "name: Demo SaaS"),
        id="space-top",
    ),
    pytest.param(
        ("framework: soc2", "framework:soc2"),
        (4, 14),
        space("framework:soc2", "framework: soc2"),
        id="space",
    ),
    pytest.param(
        ("lead: alice", "lead:alice"), (13, 40), space("lead:alice", "lead: alice"), id="space-flow"
    ),
    pytest.param(("[security]", "[security"), (7, 17), LIST, id="bracket"),
    pytest.param(
        ("period: {start: 2026-01-01, end: 2026-06-30}", "period: {start: 2026-01-01"),
        (6, 13),
        "unclosed '{': the mapping that starts here has no closing '}'; add it after the last "
        "entry",
        id="brace",
    ),
    pytest.param(("people:\n  - {id: alice", "people:\n\t- {id: alice"), (9, 1), TAB, id="tab"),
]


@pytest.mark.parametrize(("change", "where", "message"), SYSTEM_MISTAKES)
def test_mistakes_in_the_system_description_are_reported_where_they_start(
    program: Callable[..., Path], change: tuple[str, str], where: tuple[int, int], message: str
) -> None:
    text = SYSTEM.replace(*change, 1)
    assert text != SYSTEM
    assert _syntax(program(system=text)) == [("system.yaml", *where, message)]


def test_a_quote_closed_by_an_apostrophe_lines_later_points_at_the_opening_quote(
    program: Callable[..., Path],
) -> None:
    text = CONTROL.replace("title: Access review", "title: 'Access review").replace(
        "description: Quarterly review", "description: It's a quarterly review"
    )
    assert _syntax(program(controls={"access.yaml": text})) == [
        (
            "controls/access.yaml",
            3,
            12,
            "unclosed single quote: nothing closes it on this line, so the text runs on to the "
            "' on line 4; close it on this line (write an apostrophe inside '...' as '')",
        )
    ]


def test_an_unclosed_quote_is_found_even_when_the_file_ends_in_a_later_quote(
    program: Callable[..., Path],
) -> None:
    """The quote on line 3 is closed by the first quote on line 11, so libyaml's end of file
    comes in the quote after it: the one on line 11 looks unclosed, but is not the mistake."""
    text = CONTROL.replace("title: Access review", 'title: "Access review').replace(
        "procedure: Inspected the evidence of operation.",
        'procedure: "Inspected the evidence of operation."',
    )
    assert _syntax(program(controls={"access.yaml": text})) == [
        (
            "controls/access.yaml",
            3,
            12,
            'unclosed double quote: nothing closes it on this line, so the text runs on to the " '
            'on line 11; close it on this line (write a quote inside "..." as \\")',
        )
    ]


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        pytest.param(
            ("title: Access review", "title: Note: review"),
            (3, 16),
            "mapping values are not allowed in this context",
            id="colon-in-value",
        ),
        pytest.param(
            ("criteria: [CC6.1]", 'criteria: [CC6.1, "CC6.2" x]'),
            (6, 31),
            "did not find expected ',' or ']' (while parsing a flow sequence)",
            id="same-line-bracket",
        ),
    ],
)
def test_other_mistakes_keep_the_parsers_position_and_words(
    program: Callable[..., Path], change: tuple[str, str], where: tuple[int, int], message: str
) -> None:
    """No guess without proof: a key-like 'Note:' or a '[' nearby is not blamed when
    repairing it would not make the file parse."""
    text = CONTROL.replace(*change, 1)
    assert _syntax(program(controls={"access.yaml": text})) == [
        ("controls/access.yaml", *where, message)
    ]


# ------------------------------------------------------------------- hostile, as a process


def test_hostile_files_are_located_in_characters_without_hanging(
    program: Callable[..., Path],
) -> None:
    """A quote never closed in a 1 MB file, CRLF line ends, a BOM, non-ASCII text before the
    quote (columns count characters, not bytes) and a missing space at the end of a 1 MB
    file: the real command, as a separate process, points at each mistake."""
    many = "".join(
        f"  - id: AC-{i:05d}\n    title: 'Access review'\n    criteria: [CC6.1, CC6.2]\n"
        for i in range(14_000)
    )
    files = {
        "big_quote.yaml": 'controls:\n  - id: AC-01\n    title: "' + ("x" * 79 + "\n") * 13_000,
        "big_space.yaml": "controls:\n" + many + "  - id: LAST\n    owner:alice\n    title: x\n",
        "crlf.yaml": CONTROL.replace("owner: alice", "owner:alice").replace("\n", "\r\n"),
        "bom.yaml": "\ufeff" + CONTROL.replace("title: Access review", 'title: "Access review'),
        "unicode.yaml": (
            'controls:\n  - {id: AC-01, title: Zugriffsprüfung für Äpfel, owner: "alice}\n'
        ),
    }
    assert len(files["big_quote.yaml"]) > 1_000_000 < len(files["big_space.yaml"])
    root = program(controls=files)
    run = run_subprocess("validate", "--today", "2026-11-20", "--format", "text", cwd=root)
    assert (run.exit_code, run.stderr) == (1, "")
    lines = [line for line in run.stdout.splitlines() if " yaml-syntax " in line]
    assert lines == [
        f"controls/big_quote.yaml:3:12: error yaml-syntax {DOUBLE}",
        f"controls/big_space.yaml:{2 + 3 * 14_000 + 1}:10: error yaml-syntax "
        + space("owner:alice", "owner: alice"),
        "controls/bom.yaml:3:12: error yaml-syntax " + DOUBLE,
        "controls/crlf.yaml:5:10: error yaml-syntax " + space("owner:alice", "owner: alice"),
        "controls/unicode.yaml:2:58: error yaml-syntax " + DOUBLE,
    ]


# ---------------------------------------------- 'key:value' that YAML read as a string


def _schema(root: Path) -> list[tuple[str, int, int, str]]:
    run = validate_json(root)
    assert run.exit_code == 1
    return [
        (f["path"], f["line"], f["column"], f["message"])
        for f in run.findings
        if f["rule"] == "schema"
    ]


def test_text_where_a_mapping_belongs_gets_the_missing_space_hint(
    program: Callable[..., Path],
) -> None:
    root = program(
        controls={"access.yaml": "controls:\n  - id:AC-01\n  - AC-02\n"},
        system=SYSTEM.replace(
            "period: {start: 2026-01-01, end: 2026-06-30}", "period:\n      start:2026-01-01"
        ),
    )
    assert _schema(root) == [
        (
            "controls/access.yaml",
            2,
            5,
            "controls item 1 must be a mapping of keys to values; got 'id:AC-01'; if 'id' is "
            "meant as a key, add a space after ':' ('id: AC-01')",
        ),
        (
            "controls/access.yaml",
            3,
            5,
            "controls item 2 must be a mapping of keys to values; got 'AC-02'",
        ),
        (
            "system.yaml",
            7,
            7,
            "period must be a mapping of keys to values; got 'start:2026-01-01'; if 'start' is "
            "meant as a key, add a space after ':' ('start: 2026-01-01')",
        ),
    ]


def test_a_missing_key_written_without_the_space_gets_the_hint(
    program: Callable[..., Path],
) -> None:
    """'title:Access review' indented under the line before runs on as part of that value;
    'title:Access review: x' is a key of its own. Either way 'title' is missing."""
    folded = CONTROL.replace(
        "    title: Access review\n    description: Quarterly review of production access.\n",
        "    description: Quarterly review of production access.\n      title:Access review\n",
    )
    keyed = CONTROL.replace("title: Access review", "title:Access review: x")
    root = program(controls={"folded.yaml": folded, "keyed.yaml": keyed})
    assert _schema(root) == [
        (
            "controls/folded.yaml",
            2,
            5,
            "control 'AC-01' is missing the required key 'title'; 'title:Access review' was "
            "read as part of description and needs a space after ':' ('title: Access review')",
        ),
        (
            "controls/keyed.yaml",
            2,
            5,
            "control 'AC-01' is missing the required key 'title'; the key 'title:Access review' "
            "needs a space after ':' ('title: Access review')",
        ),
        (
            "controls/keyed.yaml",
            3,
            5,
            "unknown key 'title:Access review' in control 'AC-01'; add a space after ':' "
            "('title: Access review')",
        ),
    ]
