"""The fast YAML reader and the full one never disagree in front of the user (issue 20,
item 9).

``t: a`` followed by 257 ``[`` (261 bytes) is a plain string to the fast reader, while the
full reader refuses more than 256 nested brackets however they are written: their
disagreement was an internal error, exit 2. The fast reader now gives up on every text the
full reader's bracket count refuses, and any disagreement left (a fast-reader bug) falls
back to the full reader, the authority: the program is read again with it. The tests run
with ``SOCCHECK_STRICT_READERS`` set (tests/conftest.py), where a disagreement is an error,
so a fast-reader bug still fails them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from soccheck.checks.checker import Options, check
from soccheck.load.fast_reader import fast_load, load_fast
from soccheck.load.limits import Limits
from soccheck.load.program import load_program
from soccheck.load.strategy import DEFAULT, LoadStrategy
from soccheck.load.yaml_reader import STRICT_READERS, Document, load_text
from tests.conftest import run_subprocess, validate_json
from tests.reference import REFERENCE

BRACKETS = b"t: a" + b"[" * 257
TODAY = dt.date(2026, 11, 20)


def test_brackets_in_plain_text_past_the_flow_limit(program: Callable[..., Path]) -> None:
    """Both readers refuse it: one yaml-limits finding at the 257th bracket, no internal
    error (the tests run strict, so a disagreement would still be one)."""
    root = program()
    (root / "controls" / "x.yaml").write_bytes(BRACKETS)
    assert len(BRACKETS) == 261
    run = validate_json(root)
    assert run.exit_code == 1, run
    assert run.where("yaml-limits") == [("controls/x.yaml", 1, 261, None)]
    assert fast_load(BRACKETS.decode()) is None
    assert load_text("x.yaml", BRACKETS.decode()).findings[0].rule == "yaml-limits"


def test_256_brackets_are_still_read_by_the_fast_reader() -> None:
    text = "t: a" + "[" * 256
    assert fast_load(text) == {"t": "a" + "[" * 256}
    assert load_text("x.yaml", text).data == {"t": "a" + "[" * 256}


def test_as_a_real_process_without_the_strict_switch(program: Callable[..., Path]) -> None:
    """What a user runs: no internal error, exit 1 with the full reader's finding."""
    root = program()
    (root / "controls" / "x.yaml").write_bytes(BRACKETS)
    run = run_subprocess(
        "validate", root, "--today", "2026-11-20", "--format", "json", env={STRICT_READERS: ""}
    )
    assert run.exit_code == 1, run
    assert "internal error" not in run.stderr
    assert run.where("yaml-limits") == [("controls/x.yaml", 1, 261, None)]


# ------------------------------------------------------ a disagreement left: the fall-back


def _wrong_fast_reader(path: str, text: str, limits: Limits) -> Document:
    """The fast reader with a bug: it reads every 'frequency: annual' as 'sometimes'. (A
    module-level function, so the strategy pickles like the real one.)"""
    doc = load_fast(path, text, limits)
    if not doc.positions_composed:
        doc.data = _replace(doc.data, "annual", "sometimes")
    return doc


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return new if value == old else value


WRONG = LoadStrategy(
    read=_wrong_fast_reader, build_whole=DEFAULT.build_whole, builder_for=DEFAULT.builder_for
)


def _findings(program_root: Path, strategy: LoadStrategy) -> list[tuple[object, ...]]:
    result = check(load_program(program_root, strategy=strategy), Options(today=TODAY))
    return [(f.rule, f.path, f.line, f.column, f.message) for f in result.findings]


def test_a_disagreement_falls_back_to_the_full_reader(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wrong reader's 'sometimes' makes a schema finding, whose position composes the
    full reader's positions and reveals the disagreement: the program is read again with
    the full reader, and the findings are exactly the full reader's."""
    monkeypatch.delenv(STRICT_READERS, raising=False)
    root = program()
    full = _findings(root, REFERENCE)
    assert not any(rule == "schema" for rule, *_ in full)
    assert _findings(root, WRONG) == full


def test_strict_makes_a_disagreement_an_error(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STRICT_READERS, "1")
    root = program()
    with pytest.raises(RuntimeError, match="disagree"):
        _findings(root, WRONG)


def test_a_disagreeing_document_answers_with_the_full_readers_positions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(STRICT_READERS, raising=False)
    doc = Document.deferred("f.yaml", {"a": 2}, "b: 0\na: 1\n", Limits())
    assert doc.position(("a",)) == (2, 4)
    assert doc.disagreed
