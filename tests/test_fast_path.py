"""The fast path and the reference path report exactly the same findings.

``load_program(root)`` reads simple files with :mod:`soccheck.load.fast_reader`, composes positions
only for files a finding points into, and skips the JSON Schema walk for files the models
accept; the reference path (``load_program(root, strategy=REFERENCE)``, tests/reference.py)
reads every file with the full loader, validates it with the JSON Schema and builds it with
the pydantic models. Every finding (rule, severity, path, line, column, message, subject,
waiver) must be the same, on the examples, on a generated program with problems planted in
it, and on fuzzed copies of the SaaS example.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soccheck.checks.checker import Options, check
from soccheck.load.discovery import SetupError
from soccheck.load.program import Program, load_program
from soccheck.load.strategy import DEFAULT, LoadStrategy
from tests.conftest import EXAMPLES, run_cli
from tests.reference import REFERENCE
from tests.test_fast_reader import MUTATIONS

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 20)
FUZZ = settings(
    max_examples=int(os.environ.get("SOCCHECK_FUZZ_EXAMPLES", "100")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=bool(os.environ.get("CI")),
)


def findings(root: Path, strategy: LoadStrategy, jobs: int = 1) -> list[tuple[object, ...]] | str:
    try:
        program = load_program(root, jobs=jobs, strategy=strategy)
    except SetupError as exc:
        return f"setup error: {exc}"
    return program_findings(program)


def program_findings(program: Program) -> list[tuple[object, ...]]:
    result = check(program, Options(today=TODAY))
    return [
        (f.rule, f.severity, f.path, f.line, f.column, f.message, f.subject, f.waived)
        for f in result.findings
    ]


def assert_same(root: Path) -> list[tuple[object, ...]] | str:
    fast = findings(root, DEFAULT)
    assert fast == findings(root, REFERENCE)
    return fast


@pytest.mark.parametrize("name", ["saas", "fintech"])
def test_examples(name: str) -> None:
    assert_same(EXAMPLES / name)


@pytest.fixture(scope="module")
def generated() -> Iterator[Path]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "program"
        generate(120, root)
        yield root


def test_a_clean_generated_program(generated: Path) -> None:
    assert assert_same(generated) == []
    program = load_program(generated)
    assert check(program, Options(today=TODAY)).findings == []
    # Nothing needed a position, so no file was parsed twice.
    assert not any(doc.positions_composed for doc in program.documents.values())


def test_the_reference_path_reads_every_file_with_the_full_reader() -> None:
    """The comparisons mean something only if the two paths differ: the reference path
    composes every file's positions as it reads it, the fast path none of the example's
    control files (all of them are in the fast reader's subset)."""
    reference = load_program(EXAMPLES / "saas", strategy=REFERENCE)
    fast = load_program(EXAMPLES / "saas")
    assert all(doc.positions_composed for doc in reference.documents.values())
    controls = [doc for rel, doc in fast.documents.items() if rel.startswith("controls/")]
    assert controls and not any(doc.positions_composed for doc in controls)


def test_a_generated_program_with_problems(generated: Path, tmp_path: Path) -> None:
    """Findings in files read by the fast reader point where the full loader says."""
    root = tmp_path / "program"
    shutil.copytree(generated, root)
    first = root / "controls" / "access" / "access-0000.yaml"
    text = first.read_text(encoding="utf-8")
    text = text.replace("owner: team-2", "owner: nobody", 1)
    text = text.replace("criteria: [CC1.1, CC5.3]", "criteria: [CC1.1, CC99.9]", 1)
    text = text.replace("result: pass", "result: fail", 1)
    first.write_text(text, encoding="utf-8")
    (root / "evidence" / "change" / "CHA-00001.md").unlink()
    other = root / "controls" / "change" / "change-0001.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("method: inspection", "method: guessing", 1),
        encoding="utf-8",
    )
    got = assert_same(root)
    rules = {finding[0] for finding in got}
    assert {"unknown-owner", "unknown-criterion", "failed-test", "missing-evidence"} <= rules
    assert "schema" in rules


def test_yaml_mistakes_are_located_alike(generated: Path, tmp_path: Path) -> None:
    """Unclosed quotes and brackets, 'key:value' without the space and a tab, in files the
    fast reader would otherwise read, and text standing in for a mapping: both paths point
    at the same place with the same words."""
    root = tmp_path / "program"
    shutil.copytree(generated, root)
    mistakes = {
        "access/access-0000.yaml": ("    owner: ", "    owner:"),
        "access/access-0008.yaml": ("title: ", 'title: "'),
        "hr/hr-0005.yaml": ("title: ", "title: '"),
        "governance/governance-0006.yaml": ("]", ""),
        "incident/incident-0011.yaml": ("\n    owner:", "\n\towner:"),
        # An evidence item written 'path:evidence/...' is text where a mapping belongs.
        "incident/incident-0003.yaml": (
            "      - path: evidence/governance/GOV-00030.md\n        description: Review record\n",
            "      - path:evidence/governance/GOV-00030.md\n",
        ),
    }
    for rel, (old, new) in mistakes.items():
        path = root / "controls" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    got = assert_same(root)
    assert isinstance(got, list)
    syntax = [(f[2], f[3], f[4]) for f in got if f[0] == "yaml-syntax"]
    assert syntax == [
        ("controls/access/access-0000.yaml", 7, 10),
        ("controls/access/access-0008.yaml", 3, 12),
        ("controls/governance/governance-0006.yaml", 8, 15),
        ("controls/hr/hr-0005.yaml", 3, 12),
        ("controls/incident/incident-0011.yaml", 7, 1),
    ]
    assert any(
        f[0] == "schema"
        and f[2] == "controls/incident/incident-0003.yaml"
        and f[3] == 14
        and "add a space after ':' ('path: evidence/governance/GOV-00030.md')" in str(f[5])
        for f in got
    ), got


def _planted(generated: Path, tmp_path: Path, size: int) -> Path:
    """A generated program of ``size`` controls with problems of every kind of file."""
    root = tmp_path / "program"
    shutil.copytree(generated, root)
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    generate(size, root)
    first = root / "controls" / "access" / "access-0000.yaml"
    first.write_text(
        first.read_text(encoding="utf-8").replace("owner: team-2", "owner:", 1), encoding="utf-8"
    )  # a null: read by the full loader
    (root / "controls" / "hr" / "hr-0005.yaml").write_text("controls: [\n", encoding="utf-8")
    (root / "controls" / "data" / "data-0199.yaml").write_bytes(b"\xff\xfe")
    (root / "controls" / "vendor" / "vendor-0100.yaml").write_text("", encoding="utf-8")
    late = root / "controls" / "change" / "change-0201.yaml"
    late.write_text(
        late.read_text(encoding="utf-8").replace("result: pass", "result: maybe", 1),
        encoding="utf-8",
    )
    return root


def test_reading_in_parallel_changes_nothing(generated: Path, tmp_path: Path) -> None:
    """Large programs are read by worker processes; the findings are the same, in order."""
    root = _planted(generated, tmp_path, 2100)
    serial_program, parallel_program = load_program(root, jobs=1), load_program(root, jobs=2)
    # Where every control starts: recorded by the fast reader in the worker, found again
    # after the document travelled to this process, and no file parsed a second time.
    starts = [serial_program.position(c.source) for c in serial_program.controls]
    assert [parallel_program.position(c.source) for c in parallel_program.controls] == starts
    composed = [d for d in parallel_program.documents.values() if d.positions_composed]
    assert len(composed) < 10  # only the planted files the fast reader left alone
    serial = program_findings(serial_program)
    assert program_findings(parallel_program) == serial
    rules = {finding[0] for finding in serial}
    # The empty owner is a schema finding only (missing-owner stays quiet for a written value).
    assert {"yaml-syntax", "file-unreadable", "empty-file", "schema"} <= rules
    one = run_cli("validate", root, "--today", "2026-11-20", "--format", "json", "-j", "1")
    two = run_cli("validate", root, "--today", "2026-11-20", "--format", "json", "-j", "2")
    assert (one.exit_code, one.stdout) == (two.exit_code, two.stdout)
    assert one.exit_code == 1


@pytest.mark.slow
def test_reading_in_parallel_matches_the_reference(generated: Path, tmp_path: Path) -> None:
    root = _planted(generated, tmp_path, 2100)
    assert findings(root, DEFAULT, jobs=2) == findings(root, REFERENCE)


SEEDS = sorted(
    p.relative_to(EXAMPLES / "saas").as_posix() for p in EXAMPLES.rglob("saas/**/*.yaml")
)


@FUZZ
@given(st.data())
def test_fuzzed_programs(data: st.DataObject) -> None:
    root = Path(tempfile.mkdtemp(prefix="soccheck-fast-"))
    try:
        shutil.copytree(EXAMPLES / "saas", root, dirs_exist_ok=True)
        for rel in data.draw(st.lists(st.sampled_from(SEEDS), min_size=1, max_size=2)):
            path = root / rel
            text = path.read_text(encoding="utf-8")
            for _ in range(data.draw(st.integers(1, 3))):
                at = data.draw(st.integers(0, len(text)))
                kind = data.draw(st.integers(0, 3))
                if kind == 0:
                    text = text[:at] + data.draw(st.sampled_from(MUTATIONS)) + text[at:]
                elif kind == 1:
                    text = text[:at] + text[at + data.draw(st.integers(1, 8)) :]
                elif kind == 2:
                    # Swap a value for another the schema or a rule will object to.
                    start = text.rfind(": ", 0, at)
                    end = text.find("\n", at)
                    if start != -1 and end != -1 and "\n" not in text[start:at]:
                        value = data.draw(st.sampled_from(["x", "0012", "true", "'AC-01'"]))
                        text = text[: start + 2] + value + text[end:]
                else:
                    line_start = text.rfind("\n", 0, at) + 1
                    text = text[:line_start] + "  " + text[line_start:]
            path.write_text(text, encoding="utf-8")
        assert_same(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
