"""Limits an untrusted change cannot lift, and memory bounded by the largest file (issue 20,
item 11).

``soccheck.yaml`` is part of the program a pull request may change: ``limits: {max_depth:
100000000}`` with 200 KB of nested ``- `` took 24.4 GB, and ``max_file_size: 1000000000``
let a 50 MB file through. Every limit now has a ceiling in the schema; a value over it is a
``schema`` finding and the default applies. Within the limits, a file whose every item is a
schema problem (600,000 ``{}`` controls) made 1.7 million findings and took 20 GB: past
1,000 schema findings a file is reported once more and not checked further. The peak memory
of a run on a file at the size limit, in the costliest shapes found, is measured against the
bound README "Limits" states.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from soccheck.format.vocabulary import (
    MAX_DEPTH,
    MAX_DEPTH_CEILING,
    MAX_FILE_SIZE,
    MAX_FILE_SIZE_CEILING,
    MAX_NODES_CEILING,
    MAX_PROGRAM_NODES_CEILING,
    MAX_PROGRAM_SIZE_CEILING,
)
from soccheck.load.validation import MAX_SCHEMA_FINDINGS
from soccheck.load.yaml_reader import MAX_READER_FINDINGS
from tests.conftest import REPO, TODAY, validate_json

OVER = (
    f"limits: {{max_depth: {MAX_DEPTH_CEILING + 1}, "
    f"max_file_size: {MAX_FILE_SIZE_CEILING + 1}, max_nodes: {MAX_NODES_CEILING + 1}, "
    f"max_program_size: {MAX_PROGRAM_SIZE_CEILING + 1}, "
    f"max_program_nodes: {MAX_PROGRAM_NODES_CEILING + 1}}}\n"
)


def test_limits_over_their_ceiling_are_findings(program: Callable[..., Path]) -> None:
    root = program(extra={"soccheck.yaml": OVER})
    run = validate_json(root)
    assert run.exit_code == 1
    assert [(f["path"], f["message"]) for f in run.findings if f["rule"] == "schema"] == [
        ("soccheck.yaml", f"max_depth must be {MAX_DEPTH_CEILING} or less; got the number 257"),
        (
            "soccheck.yaml",
            f"max_file_size must be {MAX_FILE_SIZE_CEILING} or less; "
            f"got the number {MAX_FILE_SIZE_CEILING + 1}",
        ),
        (
            "soccheck.yaml",
            f"max_nodes must be {MAX_NODES_CEILING} or less; "
            f"got the number {MAX_NODES_CEILING + 1}",
        ),
        (
            "soccheck.yaml",
            f"max_program_size must be {MAX_PROGRAM_SIZE_CEILING} or less; "
            f"got the number {MAX_PROGRAM_SIZE_CEILING + 1}",
        ),
        (
            "soccheck.yaml",
            f"max_program_nodes must be {MAX_PROGRAM_NODES_CEILING} or less; "
            f"got the number {MAX_PROGRAM_NODES_CEILING + 1}",
        ),
    ]


# ------------------------------------------------------------------- the program's budget


def _controls(first: int, count: int) -> str:
    """``count`` controls in a block list, in the plain YAML the fast reader reads."""
    return "controls:\n" + "".join(
        f"  - id: C-{i:03d}\n    title: Control {i}\n    description: Does {i}.\n"
        "    owner: alice\n    criteria:\n      - CC6.1\n    frequency: annual\n"
        for i in range(first, first + count)
    )


def _charged(root: Path, jobs: int = 1) -> list[tuple[str, int, int, bool]]:
    """(file, bytes, nodes, exactly counted) of every file a whole read of ``root`` keeps,
    in the order they are read."""
    from soccheck.load.program import load_program

    loaded = load_program(root, jobs=jobs)
    return [(rel, d.size, d.nodes, d.nodes_exact) for rel, d in loaded.documents.items()]


def _exact(root: Path, rel: str) -> int:
    from soccheck.load.yaml_reader import load_text, node_count

    return node_count(load_text(rel, (root / rel).read_text()).data)


def test_the_program_budget_stops_at_the_first_file_over_it(
    program: Callable[..., Path],
) -> None:
    """Files are charged in the order they are read; the first one over the budget gets one
    finding naming how many were not read, and no control of it or after it is loaded."""
    from soccheck.load.program import load_program

    root = program(controls={f"f{n}.yaml": _controls(100 * n, 100) for n in range(5)})
    files = [rel for rel, *_ in _charged(root)]
    assert files[-5:] == [f"controls/f{n}.yaml" for n in range(5)]
    upto = sum(_exact(root, rel) for rel in files[:-2])  # through f2.yaml
    (root / "soccheck.yaml").write_text(f"limits: {{max_program_nodes: {upto}}}\n")
    run = validate_json(root, "--select", "yaml-limits")
    assert run.where("yaml-limits") == [("controls/f3.yaml", 1, 1, None)]
    assert run.findings[0]["message"] == (
        f"the program's files come to more than limits.max_program_nodes ({upto:,} YAML "
        "nodes) at this file, so it and the 1 control file after it were not read; split "
        "the program, or raise the limit in soccheck.yaml"
    )
    loaded = load_program(root)
    assert {c.id for c in loaded.controls} >= {f"C-{i:03d}" for i in range(300)}
    assert not {c.id for c in loaded.controls} & {f"C-{i:03d}" for i in range(300, 500)}
    assert "controls/f3.yaml" not in loaded.documents


def test_the_program_budget_counts_nodes_exactly(program: Callable[..., Path]) -> None:
    """The fast reader charges up to three nodes a line; a program over the budget by that
    bound but not by its real count is read whole (the exact count is what is judged)."""
    root = program(controls={f"f{n}.yaml": _controls(100 * n, 100) for n in range(5)})
    charged = _charged(root)
    assert not any(exact for *_, exact in charged)  # all read by the fast reader
    total = sum(_exact(root, rel) for rel, *_ in charged)
    assert sum(nodes for _, _, nodes, _ in charged) > 2 * total  # the bound, well above
    (root / "soccheck.yaml").write_text(f"limits: {{max_program_nodes: {total}}}\n")
    assert validate_json(root, "--select", "yaml-limits").findings == []
    (root / "soccheck.yaml").write_text(f"limits: {{max_program_nodes: {total - 1}}}\n")
    run = validate_json(root, "--select", "yaml-limits")
    assert run.where("yaml-limits") == [("controls/f4.yaml", 1, 1, None)]
    assert ", so it was not read;" in run.findings[0]["message"]


def test_the_program_budget_of_bytes(program: Callable[..., Path]) -> None:
    root = program(controls={"a.yaml": _controls(0, 20), "b.yaml": _controls(20, 20)})
    size = sum(size for rel, size, *_ in _charged(root) if rel != "controls/b.yaml")
    (root / "soccheck.yaml").write_text(f"limits: {{max_program_size: {size}}}\n")
    run = validate_json(root, "--select", "yaml-limits")
    assert run.where("yaml-limits") == [("controls/b.yaml", 1, 1, None)]
    assert "limits.max_program_size" in run.findings[0]["message"]
    (root / "soccheck.yaml").write_text(f"limits: {{max_program_size: {size + 4000}}}\n")
    assert validate_json(root, "--select", "yaml-limits").findings == []


def test_the_program_budget_with_worker_processes(program: Callable[..., Path]) -> None:
    """Read by workers (200 files or more): the same finding at the same file, and the
    documents read no further."""
    from soccheck.load.program import load_program

    root = program(controls={f"f{n:03d}.yaml": _controls(n, 1) for n in range(250)})
    files = [rel for rel, *_ in _charged(root)]
    counts = [_exact(root, rel) for rel in files]
    budget = 2000
    over = next(i for i in range(len(files)) if sum(counts[: i + 1]) > budget)
    (root / "soccheck.yaml").write_text(f"limits: {{max_program_nodes: {budget}}}\n")
    run = validate_json(root, "--select", "yaml-limits", "--jobs", "2")
    assert run.where("yaml-limits") == [(files[over], 1, 1, None)]
    assert (
        f"it and the {len(files) - over - 1} control files after it" in run.findings[0]["message"]
    )
    kept = [rel for rel in load_program(root, jobs=2).documents if rel != "soccheck.yaml"]
    assert kept == files[:over]


def test_a_lifted_depth_limit_keeps_the_default(program: Callable[..., Path]) -> None:
    """``max_depth: 100000000`` and 2,000 nested lists: read as if unconfigured, so the
    nesting is a yaml-limits finding at the default depth."""
    root = program(
        extra={"soccheck.yaml": "limits: {max_depth: 100000000}\n"},
        controls={"deep.yaml": "- " * 2_000 + "x\n"},
    )
    run = validate_json(root)
    assert [f["message"] for f in run.findings if f["rule"] == "yaml-limits"] == [
        f"YAML nested more than {MAX_DEPTH} levels deep"
    ]


def test_a_lifted_size_limit_keeps_the_default(program: Callable[..., Path]) -> None:
    root = program(extra={"soccheck.yaml": "limits: {max_file_size: 1000000000}\n"})
    (root / "controls" / "big.yaml").write_bytes(b"# padding\n" * (MAX_FILE_SIZE // 10 + 1))
    run = validate_json(root)
    assert run.where("file-too-large") == [("controls/big.yaml", 1, 1, None)]


def test_limits_at_their_ceiling_are_accepted(program: Callable[..., Path]) -> None:
    at = (
        f"limits: {{max_depth: {MAX_DEPTH_CEILING}, max_file_size: {MAX_FILE_SIZE_CEILING}, "
        f"max_nodes: {MAX_NODES_CEILING}}}\n"
    )
    root = program(extra={"soccheck.yaml": at})
    assert validate_json(root).exit_code == 0


def test_too_many_schema_problems_end_the_file(program: Callable[..., Path]) -> None:
    """3,000 empty controls: the first 1,000 problems and one finding saying there are
    more; none of the empty controls reaches the program rules."""
    root = program(controls={"empty.yaml": "controls: [" + ", ".join(["{}"] * 3_000) + "]\n"})
    run = validate_json(root)
    assert run.exit_code == 1
    mine = [f for f in run.findings if f["path"] == "controls/empty.yaml"]
    assert len(mine) == MAX_SCHEMA_FINDINGS + 1
    assert {f["rule"] for f in mine} == {"schema"}
    assert (mine[0]["line"], mine[0]["column"], mine[0]["message"]) == (
        1,
        1,
        "more than 1,000 schema problems in the control file; the first 1,000 are reported "
        "and nothing in the file is checked further",
    )
    assert all("is missing the required key" in f["message"] for f in mine[1:])


def test_the_reader_stops_after_1000_problems(program: Callable[..., Path]) -> None:
    """One duplicate key repeated by the million made a finding each; the reader stops."""
    root = program(controls={"dup.yaml": "x: {" + ", ".join(["a: 1"] * 5_000) + "}\n"})
    run = validate_json(root)
    mine = [f["rule"] for f in run.findings if f["path"] == "controls/dup.yaml"]
    assert mine.count("duplicate-key") == MAX_READER_FINDINGS
    assert mine.count("yaml-limits") == 1
    assert len(mine) == MAX_READER_FINDINGS + 1


# ------------------------------------------------------------------------ memory, measured

MEMORY_BOUND = 40
"""Peak memory of a run, at most this many times its largest file at the default limits
(README, "Limits"); the costliest shape below measured 28 times (68 times before the default
max_nodes went from 2,000,000 to 500,000)."""


def _hostile(shape: str, size: int) -> str:
    """A control file of at most ``size`` bytes in one of the shapes that cost the most."""
    head = "id: X-1\ntitle: t\n"
    nest = "".join(" " * i + f"k{i}:\n" for i in range(1, 60))
    prefix, item, separator, suffix = {
        # A flow list 60 mappings down (node paths were as long as the depth).
        "deep-flow": (head + "x:\n" + nest + " " * 60 + "k: [", "a", ",", "]\n"),
        # Distinct strings, which both readers keep.
        "flow-strings": (head + "criteria: [", "ab", ", ", "]\n"),
        "empty-lists": (head + "x: [", "[]", ",", "]\n"),
        # Every item a schema problem.
        "empty-controls": ("controls: [", "{}", ",", "]\n"),
        "small-mappings": (head + "tests: [", "{a: 1}", ",", "]\n"),
        "block-list": (head + "x:\n", "- a", "\n", "\n"),
    }[shape]
    count = (size - len(prefix) - len(suffix)) // (len(item) + len(separator))
    return prefix + separator.join([item] * count) + suffix


@pytest.mark.slow
@pytest.mark.parametrize(
    "shape",
    ["deep-flow", "flow-strings", "empty-lists", "empty-controls", "small-mappings", "block-list"],
)
def test_peak_memory_of_a_largest_file(program: Callable[..., Path], shape: str) -> None:
    """A file just under the default size limit, in each costly shape: the run's peak RSS
    stays within MEMORY_BOUND times the file (it was 282 times for the deep flow list, and
    3,900 times for 600,000 empty controls)."""
    text = _hostile(shape, MAX_FILE_SIZE)
    assert MAX_FILE_SIZE - 10 <= len(text) <= MAX_FILE_SIZE
    root = program(controls={"big.yaml": text})
    code, peak, data = _peak_rss(root)
    assert code == 1
    findings = data["findings"]
    assert isinstance(findings, list)
    assert any(f["path"] == "controls/big.yaml" for f in findings)
    assert peak <= MEMORY_BOUND * len(text), f"{peak / len(text):.0f} times the file"


_MEASURED = (
    "import resource, sys\n"
    "from soccheck.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'children: {child} kB\\n')\n"
    "with open('/proc/self/status') as status:\n"
    "    sys.stderr.write(next(l for l in status if l.startswith('VmHWM:')))\n"
    "sys.exit(code)\n"
)
"""``soccheck`` as its console script runs it, reporting its own peak resident size. Not
wait4's ru_maxrss: Linux carries the parent's high-water mark across fork and exec into it,
so under a large pytest process every run measured the same 294 MB. Its workers' largest
peak (RUSAGE_CHILDREN, which does include what they inherited from this process) goes on
the line before."""


def _peak_rss(root: Path, *args: str) -> tuple[int, int, dict[str, object]]:
    """(exit code, peak RSS in bytes, JSON output) of a real ``soccheck validate`` process."""
    code, peak, _worker, data = _peaks(root, *args)
    return code, peak, data


def _peaks(root: Path, *args: str) -> tuple[int, int, int, dict[str, object]]:
    """(exit code, peak RSS of the process, largest peak RSS of one of its worker
    processes (0 without workers), JSON output) of a real ``soccheck validate``."""
    command = [sys.executable, "-c", _MEASURED, "validate", str(root), "--today", TODAY]
    with tempfile.TemporaryFile() as out:
        proc = subprocess.run(
            [*command, "--format", "json", *args],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        out.seek(0)
        data = json.loads(out.read())
    *_, child, peak = proc.stderr.strip().splitlines()
    assert peak.startswith("VmHWM:") and peak.endswith(" kB"), proc.stderr
    assert child.startswith("children:") and child.endswith(" kB"), proc.stderr
    return proc.returncode, int(peak.split()[1]) * 1024, int(child.split()[1]) * 1024, data


RUN_BOUND = 1024**3
"""A whole run of 200 files at the size limit, main process and workers together (README,
"Limits")."""


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["distinct-strings", "one-key-mappings"])
def test_a_run_of_200_largest_files_stays_within_1_gb(tmp_path: Path, shape: str) -> None:
    """200 files just under the size limit, each one flow-style value the readers accept (just
    under the node limit too), every value distinct: a run keeps the data of every file it
    accepts, which was 44 MB for each of these (8.8 GB for 200) until a program-wide budget
    bounded it. The files past the budget are named in one finding; the main process plus
    the default number of workers, each counted at the largest peak of any, stay within
    RUN_BOUND."""
    from soccheck.support.pool import default_jobs
    from tests.conftest import write_program

    if shape == "distinct-strings":
        count = (MAX_FILE_SIZE - 40) // 11
        items = ", ".join(f"a{i:08d}" for i in range(count))
    else:  # two nodes an item, so as many items as the node limit allows
        items = ", ".join(f"{{k{i:08d}: {i:07d}}}" for i in range(230_000))
    text = "id: X-1\ntitle: t\nx: [" + items + "]\n"
    assert len(text) <= MAX_FILE_SIZE
    root = write_program(tmp_path / "prog", controls={"big000.yaml": text})
    first = root / "controls" / "big000.yaml"
    for i in range(1, 200):  # hard links: 1 GB of files on 5 MB of disk
        os.link(first, root / "controls" / f"big{i:03d}.yaml")
    code, peak, worker, data = _peaks(root)
    findings = data["findings"]
    assert isinstance(findings, list)
    budget = [f for f in findings if f["rule"] == "yaml-limits"]
    assert len(budget) == 1, budget
    assert "after it were not read" in budget[0]["message"], budget[0]
    total = peak + default_jobs() * worker
    assert code == 1
    assert total <= RUN_BOUND, f"{peak / 2**20:.0f} MB + {default_jobs()} x {worker / 2**20:.0f} MB"


def test_files_that_could_not_be_read_leave_nothing_behind(tmp_path: Path) -> None:
    """A run keeps the files it read; one rejected at a limit must not keep its partial
    positions and text (about 55 MB each for 5 MB of one-key mappings), or a program of many
    such files grows with every one of them."""
    import gc
    import tracemalloc

    from soccheck.load.program import load_program
    from tests.conftest import write_program

    text = _hostile("small-mappings", 1_000_000)  # 150,000 mappings: over the limit below
    root = write_program(
        tmp_path / "prog",
        controls={f"big{i}.yaml": text for i in range(3)},
        extra={"soccheck.yaml": "limits:\n  max_nodes: 100000\n"},
    )
    tracemalloc.start()
    try:
        program = load_program(root)
        gc.collect()
        retained, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rejected = [f for f in program.load_findings if f.rule == "yaml-limits"]
    assert len(rejected) == 3
    assert retained < 3 * len(text), f"{retained / 2**20:.0f} MB kept after reading"
