"""Property-based fuzzing of the whole CLI with hypothesis.

Invariants, for any input: the exit code is 0, 1 or 2; nothing is a traceback or an internal
error; ``--format json`` prints valid JSON; every finding names a file that exists and a line
and column inside it, as an editor shows the file. The number of examples per property is
``SOCCHECK_FUZZ_EXAMPLES`` (default 100; CI uses the default, so each run tries 4 x 100
programs). Inputs that ever broke an invariant are
kept under tests/hardening/corpus/ and replayed by test_corpus_regressions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, run_cli
from tests.hardening.test_positions import assert_inside

EXAMPLES_PER_PROPERTY = int(os.environ.get("SOCCHECK_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES_PER_PROPERTY,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=bool(os.environ.get("CI")),
)
CORPUS = Path(__file__).parent / "corpus"
SAAS = EXAMPLES / "saas"
SEED_FILES = sorted(p.relative_to(SAAS).as_posix() for p in SAAS.rglob("*.yaml"))
VOCABULARY = [
    "id", "title", "description", "owner", "criteria", "objectives", "frequency", "tests",
    "evidence", "path", "url", "reports", "people", "teams", "members", "period", "start",
    "end", "type", "framework", "categories", "performed_on", "performed_by", "result",
    "sample_size", "population", "controls", "CC6.1", "soc2", "2026-01-01", "alice", "&a",
    "*a", "!!python/object:os.system", "<<", "---", "? ", "- ", ": ", "{", "}", "[", "]",
    "\t", "\r\n", "\ufeff", "\x00", "~", "null", "yes", "0012", "1e3", "'", '"', "#", "|",
    ">", "%YAML 1.1", "!!binary", "ü", "\u0301",
]  # fmt: skip


def _check(root: Path) -> None:
    run = run_cli("validate", root, "--format", "json", "--today", "2026-11-20")
    assert run.exit_code in (0, 1, 2), run
    assert "Traceback" not in run.stderr
    assert "internal error" not in run.stderr, run.stderr
    if run.exit_code == 2:
        assert run.stdout == ""
        return
    data = json.loads(run.stdout)
    for finding in data["findings"]:
        path = root / finding["path"]
        assert path.exists() or path.is_symlink(), finding
    assert_inside(root, data["findings"])
    if any(f["severity"] == "error" for f in data["findings"]):
        assert run.exit_code == 1


def _program_with(files: dict[str, bytes]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="soccheck-fuzz-"))
    shutil.copytree(SAAS, root, dirs_exist_ok=True)
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    return root


def _run(files: dict[str, bytes]) -> None:
    root = _program_with(files)
    try:
        _check(root)
    except AssertionError:
        CORPUS.mkdir(exist_ok=True)
        name = f"case-{abs(hash(tuple(sorted(files.items())))) % 10**10}.json"
        (CORPUS / name).write_text(
            json.dumps({k: v.decode("latin-1") for k, v in files.items()}, indent=1)
        )
        raise
    finally:
        shutil.rmtree(root, ignore_errors=True)


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(SEED_FILES))
def test_arbitrary_bytes(data: bytes, target: str) -> None:
    _run({target: data})


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, bytes]:
    target = draw(st.sampled_from(SEED_FILES))
    text = (SAAS / target).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 200)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "swap"]))
        if kind == "delete":
            text = text[:start] + text[end:]
        elif kind == "insert":
            text = text[:start] + draw(st.sampled_from(VOCABULARY)) + text[start:]
        elif kind == "replace":
            text = text[:start] + draw(st.text(max_size=30)) + text[end:]
        elif kind == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return {target: text.encode("utf-8", "surrogatepass")}


@FUZZ
@given(mutated())
def test_mutated_example_programs(files: dict[str, bytes]) -> None:
    _run(files)


@FUZZ
@given(st.lists(st.sampled_from(VOCABULARY), max_size=80), st.sampled_from(SEED_FILES))
def test_token_soup(tokens: list[str], target: str) -> None:
    _run({target: " ".join(tokens).encode("utf-8", "surrogatepass")})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(VOCABULARY),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(VOCABULARY) | st.text(max_size=8), children, max_size=5),
    max_leaves=40,
)  # fmt: skip


@FUZZ
@given(json_values, st.sampled_from(["system.yaml", "controls/access.yaml"]))
def test_random_structures(value: object, target: str) -> None:
    """JSON is YAML: random nested data exercises the schema and rules on odd shapes."""
    _run({target: json.dumps(value, allow_nan=True).encode()})


@pytest.mark.parametrize(
    "case", sorted(CORPUS.glob("*.json")) if CORPUS.exists() else [], ids=lambda p: p.stem
)
def test_corpus_regressions(case: Path) -> None:
    files = json.loads(case.read_text())
    _run({k: v.encode("latin-1") for k, v in files.items()})
