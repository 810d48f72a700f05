"""The fast YAML reader against the full one: same data whenever it answers, on hand-picked
edge cases and on fuzzed YAML (generated documents in many styles, then mutated).

The contract (soccheck/load/fast_reader.py): ``fast_load(text)`` is either None (give up) or exactly
the data ``load_text`` builds, and then ``load_text`` reports no finding and nothing lossy.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soccheck.load.fast_reader import fast_load, fast_load_with_starts, load_fast
from soccheck.load.limits import Limits
from soccheck.load.yaml_reader import Document, load_bytes, load_text, node_count
from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parent.parent
FUZZ = settings(
    max_examples=int(os.environ.get("SOCCHECK_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=bool(os.environ.get("CI")),
)


def _exact(value: Any) -> str:
    """A rendering that tells 1 from True from 1.0 from '1', and keeps key order."""
    return json.dumps(value, ensure_ascii=False)


def _collections(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, Any]]:
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _collections(item, (*path, key))
    elif isinstance(value, list):
        yield path, value
        for index, item in enumerate(value):
            yield from _collections(item, (*path, index))


def agrees(text: str) -> Any:
    """Assert the contract for ``text``; return the fast reader's answer."""
    loaded = fast_load_with_starts(text)
    assert (loaded is None) == (fast_load(text) is None)
    if loaded is None:
        return None
    fast, starts, charged = loaded
    full = load_text("f.yaml", text)
    assert full.findings == [], (text, full.findings)
    # The program's budget: the full reader's count is the exact one, and what the fast
    # reader charges never falls below it.
    assert full.nodes == node_count(full.data), text
    assert charged >= full.nodes, text
    assert not full.lossy and not full.bad_paths and not full.empty, text
    assert _exact(fast) == _exact(full.data), text
    # Where collections start: what the full loader says, for every one recorded.
    for path, collection in _collections(fast):
        if id(collection) in starts:
            assert starts[id(collection)] == full.positions[path], (text, path)
    assert id(fast) in starts
    return fast


# ------------------------------------------------------------------------ hand-picked cases

ACCEPTED = [
    "a: 1\nb: true\nc: text with spaces  \nd: '0012'\ne: \"x\"\n",
    "controls:\n  - id: AC-01\n    criteria: [CC6.1, CC6.2]\n  - id: AC-02\n",
    "list:\n- a\n- b\nnext: c\n",
    "- a\n- b: 1\n  c: 2\n-   d: 3\n    e: [x]\n",
    "text: >-\n  one\n  two\n\n  three\nafter: 1\n",
    "text: |\n  one\n    two\n  three\n\n\nafter: 1\n",
    "text: >\n  folded\n  lines\n",
    "text: |-\n  kept # not a comment\n  #nor this\n",
    "a: first\n  continued\n\n  paragraph\nb: x\n",
    "- item\n  continued\n- next\n",
    "k: it's # comment\nq: 'it''s'\nu: http://example.com/a#b\nv: a:b\n",
    "people:\n  - {id: p1, name: Person One, email: p1@example.com}\n",
    "team: {id: t, members: [a, b], lead: a}\nempty: []\nnone: {}\n",
    "---\na: 1\n",
    "# comment\n\na: 1   # trailing\nb:   # comment before a block\n  c: 2\n",
    "n: 0x1F\no: 0o17\nq: +5\nr: 1_000\ns: 12abc\n",
    "title: no\nname: Zoë Ångström\n",
    "a:\n    deep:\n      - x\n",
]

GIVES_UP = [
    "",
    "# only a comment\n",
    "a:\n",
    "a: ~\n",
    "a: null\n",
    "a: 1.5\n",
    "a: 1e3\n",
    "a: 1\na: 2\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "<<: {a: 1}\n",
    "a: 1\n---\nb: 2\n",
    "a:\tb\n",
    "a: b\r\nc: d\r\n",
    "a: 'multi\n  line'\n",
    "a: b: c\n",
    "a: [x,\n  y]\n",
    "? complex\n: key\n",
    "%YAML 1.2\n---\na: 1\n",
    "plain scalar\n",
    "a: |+\n  keep\n",
    "a: |2\n   x\n",
    "a: >\n  x\n    more indented\n",
    "- - nested\n",
    "a: 1\n b: 2\n",
    "a: 1\n# comment\n  continued\n",
    "a: \x85b\n",
    "a: b\u2028c\n",
    "criteria: [CC? 2.3, CC7.3]\n",  # '?' ends a plain scalar in libyaml's flow context
    # Syntax errors: the full loader reports them where the mistake starts.
    "a: 'unclosed\nb: c\n",
    'a: "unclosed\nb: c\n',
    "a: 'runs on\nb: it's\n",
    "a: [x\nb: c\n",
    "a: {x: y\nb: c\n",
    "a: x\nb:c\nd: e\n",
    "- {id: a, name:A}\n",
]


EDGES = [
    "a: [ a ,b ]\n", "a: [ ]\n", "a: [a,]\n", "a: [a,,b]\n", "a: [,]\n", "a: [1, 0012, true, x]\n",
    "a: [-x]\n", "a: [a b, c]\n", "a: [(x), /y, =z, ^q, $d, ;e, <f]\n", "a: [a]  \n",
    "a: [a] # c\n", "a: [a]#c\n", "a: [~]\n", "a: [1.5]\n", "a: [x-y, 2026-01-01, +1]\n",
    "a: [é, ü x]\n", "a: [a, [b]]\n", "a: [a: b]\n", "a: [a?b]\n", "a: [1e3]\n",
    "a: http://x.io/a#b\n", "a: 10:30\n", "a: b #c\n", "a: b: c\n", "- a:b\n- c#d\n",
    "a: 2026-01-01x\n", "a: 1234-56-78\n", "a: 12e-4-5\n", "a: 0\nb: 00\nc: 1_0\n",
]  # fmt: skip


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases_agree_with_the_full_loader(text: str) -> None:
    agrees(text)


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted_documents_match_the_full_loader(text: str) -> None:
    assert agrees(text) is not None


@pytest.mark.parametrize("text", GIVES_UP)
def test_documents_outside_the_subset_are_left_to_the_full_loader(text: str) -> None:
    assert agrees(text) is None


def test_real_programs_take_the_fast_path() -> None:
    """The examples' files and a generated program are read fast (else the speed-up is moot)."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        generate(60, Path(tmp) / "p")
        files = sorted((Path(tmp) / "p").rglob("*.yaml"))
        # examples/broken is odd on purpose (multi-line flow lists, syntax errors): not here.
        files += sorted(p for p in EXAMPLES.rglob("controls/**/*.yaml") if "broken" not in p.parts)
        files += [EXAMPLES / "saas" / "system.yaml", EXAMPLES / "fintech" / "system.yaml"]
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert agrees(text) is not None, path


def test_deferred_positions_are_the_full_loaders() -> None:
    text = (EXAMPLES / "saas" / "system.yaml").read_bytes()
    fast = load_bytes("system.yaml", text, read=load_fast)
    full = load_bytes("system.yaml", text)
    assert fast.data == full.data
    # Object starts (and paths below them that are not written) come from the fast reader;
    # anything else composes the positions.
    for path in [(), ("reports", 0), ("people", 1), ("people", 1, "nickname"), ("nope", 3)]:
        assert fast.position(path) == full.position(path), path
    assert not fast.positions_composed
    assert fast.position(("reports", 0, "id")) == full.position(("reports", 0, "id"))
    assert fast.positions_composed
    assert fast.positions == full.positions
    assert fast.key_positions == full.key_positions
    assert fast.raw_scalars == full.raw_scalars


def test_deferred_documents_survive_pickling() -> None:
    """Worker processes send documents to the parent: their recorded starts (kept by id())
    must be found again on the copies, and never be confused with other objects."""
    text = (EXAMPLES / "saas" / "system.yaml").read_bytes()
    fast = load_bytes("system.yaml", text, read=load_fast)
    full = load_bytes("system.yaml", text)
    copy = pickle.loads(pickle.dumps(fast))
    paths = [(), ("reports", 0), ("reports", 0, "period"), ("people", 2), ("teams", 1)]
    for path in paths:
        assert copy.position(path) == full.position(path), path
    assert not copy.positions_composed
    assert copy.key_position(("reports", 0, "id")) == full.key_position(("reports", 0, "id"))
    assert copy.positions == full.positions


def test_limits_still_apply_to_what_the_fast_reader_accepts() -> None:
    deep = "".join(f"{' ' * i}k{i}:\n" for i in range(70)) + " " * 70 + "leaf: 1\n"
    assert fast_load(deep) is None
    doc = load_bytes("deep.yaml", deep.encode(), Limits(), read=load_fast)
    assert [f.rule for f in doc.findings] == ["yaml-limits"]
    many = "".join(f"k{i}: {i}\n" for i in range(200))
    assert fast_load(many, Limits(max_nodes=100)) is None
    assert fast_load(many, Limits(max_nodes=1000)) is not None


def test_reader_limits_default_to_the_configuration_defaults() -> None:
    """A file read with no configuration (the configuration file itself, ``load_text``) is
    held to the same limits as a program whose soccheck.yaml sets none."""
    from soccheck.format import models, records

    assert Limits.configured(records.Config().limits) == Limits()
    assert Limits.configured(models.Config().limits) == Limits()  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- fuzzing

SAFE_SCALARS = [
    "plain", "two words", "AC-01", "CC6.1", "2026-01-01", "p@example.com", "http://x.io/a#b",
    "a:b", "a#b", "it's", "x  y", "true", "False", "0", "12", "0012", "+4", "0x1F", "0o17",
    "1_0", "é", "Zoë", "x,y", "a]", "a}", "(x)", "x - y", "x: ", "1 2",
]  # fmt: skip
TRICKY_SCALARS = [
    "yes", "no", "1.5", "1e3", ".inf", ".NaN", "~", "null", "Null", "", "-3", "a: b", "a #b",
    "-x", "- x", "[x]", "{x}", "*a", "&a", "!t", "%p", "@x", "`x`", "'q'", '"q"', "?x", ":x",
    "#x", "x:", "...", "---", "|", ">", "a\\b", "a?b", "a ?b", "a ? b",
]  # fmt: skip
SCALARS = SAFE_SCALARS + TRICKY_SCALARS
KEYS = ["id", "title", "a", "b", "key_1", "with-dash", "true", "null", "1", "<<", "a b", "é"]
MUTATIONS = [
    " ", "  ", "\n", "- ", ": ", ":", "#", " #", "'", '"', "[", "]", "{", "}", ",", "|", ">",
    "-", "---", "...", "&a ", "*a", "!!str ", "? ", "\t", "\r", "~", "null", "1.5", "\\",
    "\u2028", "\x85", "\ufeff", "é",
]  # fmt: skip

scalar_text = st.one_of(
    st.sampled_from(SAFE_SCALARS),
    st.sampled_from(SAFE_SCALARS),
    st.sampled_from(SAFE_SCALARS),
    st.sampled_from(TRICKY_SCALARS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)


safe_text = st.sampled_from(SAFE_SCALARS)
SAFE_KEYS = ["id", "title", "a", "b", "key_1", "with-dash", "true"]


def _flow_scalar(draw: st.DrawFn, safe: bool) -> str:
    value = draw(safe_text if safe else scalar_text)
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value + '"'
    return value


def _inline_value(draw: st.DrawFn, indent: int, safe: bool) -> list[str]:
    """A value written after 'key: ' or '- ': its first line's text, then further lines."""
    style = draw(
        st.sampled_from(["plain", "plain", "plain", "single", "double", "flow", "map", "block"])
    )
    if style in ("plain", "single", "double"):
        text = safe_text if safe else scalar_text
        value = _flow_scalar(draw, safe) if style != "plain" else draw(text)
        if style == "plain" and draw(st.booleans()) and draw(st.booleans()):
            more = draw(st.lists(text, min_size=1, max_size=3))
            gap = draw(st.integers(1, 3))
            pad = " " * (indent + gap)
            blank = [""] if draw(st.booleans()) else []
            return [value, *blank, *(pad + m for m in more)]
        comment = draw(st.sampled_from(["", "", " # c", "  #c", "#c"][: 3 if safe else 5]))
        return [value + comment]
    if style == "flow":
        items = draw(st.lists(st.builds(lambda: None), max_size=4))
        return ["[" + ", ".join(_flow_scalar(draw, safe) for _ in items) + "]"]
    if style == "map":
        keys = draw(st.lists(st.sampled_from(SAFE_KEYS if safe else KEYS), max_size=3, unique=safe))
        return ["{" + ", ".join(f"{k}: {_flow_scalar(draw, safe)}" for k in keys) + "}"]
    header = draw(st.sampled_from(["|", "|-", ">", ">-", "|+", ">2"][: 4 if safe else 6]))
    gap = draw(st.integers(1, 3))
    lines = [*SAFE_SCALARS, "", "# hash"] + ([] if safe else ["  deeper", *TRICKY_SCALARS])
    body = draw(st.lists(st.sampled_from(lines), min_size=1 if safe else 0, max_size=4))
    if safe and not body[0]:
        body[0] = "text"
    return [header, *((" " * (indent + gap) + line) if line else "" for line in body)]


@st.composite
def yaml_block(draw: st.DrawFn, indent: int = 0, depth: int = 0, safe: bool = False) -> list[str]:
    """Lines of a block mapping or sequence at ``indent``, in a style chosen at random."""
    pad = " " * indent
    lines: list[str] = []
    if depth < 3 and draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            dash_pad = " " * draw(st.sampled_from([1, 1, 1, 2, 3]))
            kind = draw(st.sampled_from(["scalar", "scalar", "map", "map", "map", "nested"]))
            if kind == "scalar":
                first, *rest = _inline_value(draw, indent, safe)
                lines += [f"{pad}-{dash_pad}{first}", *rest]
            elif kind == "map":
                column = indent + 1 + len(dash_pad)
                inner = draw(yaml_block(column, depth + 1, safe).filter(lambda b: b))
                first = inner[0][column:] if inner[0].startswith(" " * column) else inner[0]
                lines += [f"{pad}-{dash_pad}{first}", *inner[1:]]
            else:
                lines.append(f"{pad}-")
                lines += draw(yaml_block(indent + 2, depth + 1, safe))
        return lines
    keys = st.sampled_from(SAFE_KEYS if safe else KEYS)
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique=safe)):
        if depth < 3 and draw(st.integers(0, 3)) == 0:
            comment = draw(st.sampled_from(["", "", "  # c"]))
            lines.append(f"{pad}{key}:{comment}")
            step = draw(st.sampled_from([0, 2, 2, 4]))
            lines += draw(yaml_block(indent + step, depth + 1, safe))
        else:
            first, *rest = _inline_value(draw, indent, safe)
            lines += [f"{pad}{key}: {first}", *rest]
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# comment", pad + "# indented", "   "])))
    return lines


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    safe = draw(st.booleans())  # in the subset, or anywhere near it
    lines = draw(yaml_block(safe=safe))
    if draw(st.integers(0, 5)) == 0:
        lines.insert(0, "---")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    for _ in range(0 if safe else draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(MUTATIONS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
    return text


@FUZZ
@given(yaml_documents())
def test_fuzzed_documents_match_the_full_loader(text: str) -> None:
    agrees(text)


def _mutated_real_file(data: st.DataObject) -> str:
    files = sorted(EXAMPLES.rglob("*.yaml"))
    text = data.draw(st.sampled_from(files)).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        choice = data.draw(st.integers(0, 2))
        if choice == 0:
            text = text[:at] + data.draw(st.sampled_from(MUTATIONS)) + text[at:]
        elif choice == 1:
            text = text[:at] + text[at + data.draw(st.integers(1, 6)) :]
        else:
            line_start = text.rfind("\n", 0, at) + 1
            text = text[:line_start] + " " * data.draw(st.integers(1, 3)) + text[line_start:]
    return text


@FUZZ
@given(st.data())
def test_mutated_example_files_match_the_full_loader(data: st.DataObject) -> None:
    agrees(_mutated_real_file(data))


def test_a_disagreement_is_an_error_not_a_wrong_position() -> None:
    """If the two readers ever disagreed, positions would point at the wrong nodes; the
    document refuses to answer instead."""
    doc = Document.deferred("f.yaml", {"a": 2}, "a: 1\n", Limits())
    with pytest.raises(RuntimeError, match="disagree"):
        doc.position(("a",))


def test_flow_unsafe_class_is_the_documented_one() -> None:
    """The class is spelled as its ASCII complement because the negated class up to
    U+10FFFF took 8 ms to compile on every run; both must match the same characters."""
    import re

    from soccheck.load.fast_reader import _FLOW_UNSAFE

    negated = re.compile(r"[^-A-Za-z0-9_., ()/=+^$~;<\x80-\U0010ffff]")
    for code in (*range(0x800), 0xFEFF, 0xFFFD, 0x10000, 0x10FFFF):
        char = chr(code)
        assert (negated.match(char) is None) == (_FLOW_UNSAFE.match(char) is None), hex(code)


def test_a_flow_list_longer_than_anyone_writes_goes_to_the_full_reader() -> None:
    """Splitting a 5 MB one-line list of plain scalars took 30 times its size before a node
    was counted; the full reader counts nodes as it goes and reads the same data."""
    short = "criteria: [" + ", ".join(["ab"] * 100) + "]\n"
    assert fast_load(short) == {"criteria": ["ab"] * 100}
    long = "criteria: [" + ", ".join(["ab"] * 5_000) + "]\n"
    assert fast_load(long) is None
    doc = load_bytes("long.yaml", long.encode(), Limits(), read=load_fast)
    assert (doc.findings, doc.data) == ([], {"criteria": ["ab"] * 5_000})
