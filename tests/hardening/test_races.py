"""Commands that write a program, run at the same time: no lost update, no mixed program.

Each race runs real soccheck processes (the ``python -m soccheck`` entry point) that start
their command at the same moment, as two terminals, a script with ``&`` or parallel CI jobs
on one checkout would. Without a lock, 20 parallel
``new control`` runs all said "Added control" while only 1 to 3 controls remained, and two
concurrent ``init`` runs both succeeded, one silently overwriting the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from soccheck.load.yaml_reader import load_text
from tests.conftest import REPO, TODAY, passing_test_block, write_program

PARALLEL = 20
ROUNDS = 10
"""20 parallel adds, 10 rounds (issue 20): one round lost updates every time before the lock."""

ACCESS = (
    "controls:\n"
    "  - id: AC-01\n"
    "    title: Access review\n"
    "    description: Quarterly review of production access.\n"
    "    owner: alice\n"
    "    criteria: [CC6.1]\n"
    "    frequency: annual\n"
) + passing_test_block("T-AC-01")


GATED = """
import os, sys, time
import soccheck.authoring.new_control, soccheck.authoring.new_test, soccheck.authoring.scaffold
import soccheck.load.program
from soccheck.cli.main import run
gate, ready = sys.argv.pop(1), sys.argv.pop(1)
open(ready, "w").close()
while not os.path.exists(gate):
    time.sleep(0.0005)
run()
"""
"""``python -m soccheck`` (``run()``, its entry point), held at a gate once its modules are
imported: every process starts the command within a millisecond of the others, however
slowly the machine starts Python. Without the gate, a loaded machine can start the second
process after the first has finished, and a race would pass without racing."""


def _together(commands: list[tuple[str | Path, ...]], cwd: Path) -> list[tuple[int, str, str]]:
    """Run every command at the same moment; (exit code, stdout, stderr) of each."""
    gate = cwd.parent / f".gate-{cwd.name}"
    readies = [cwd.parent / f".ready-{cwd.name}-{n}" for n in range(len(commands))]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", GATED, gate, ready, *map(str, command)],
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ready, command in zip(readies, commands, strict=True)
    ]
    try:
        deadline = time.monotonic() + 120
        while not all(r.exists() for r in readies) and time.monotonic() < deadline:
            time.sleep(0.005)
        gate.touch()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            results.append((proc.returncode, out, err))
    finally:
        for marker in (gate, *readies):
            marker.unlink(missing_ok=True)
    return results


def _ids(path: Path, key: str = "controls") -> list[str]:
    data = load_text(path.name, path.read_text(encoding="utf-8")).data
    if key == "controls":
        return [c["id"] for c in data["controls"]]
    [control] = [c for c in data["controls"] if c["id"] == "AC-01"]
    return [t["id"] for t in control.get("tests", [])]


def _one_clear_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("soccheck: error: ")


def _parallel_new_controls(root: Path) -> None:
    target = root / "controls" / "access.yaml"
    runs = _together(
        [
            ("new", "control", f"CONC-{n:02d}", "--file", target, "--owner", "alice")
            for n in range(PARALLEL)
        ],
        cwd=root,
    )
    landed = [f"CONC-{n:02d}" for n, (code, _, _) in enumerate(runs) if code == 0]
    for code, out, err in runs:
        assert (code == 0 and out.startswith("Added control")) or (
            code == 2 and _one_clear_line(err)
        )
    assert sorted(_ids(target)) == sorted(["AC-01", *landed])
    assert len(landed) == PARALLEL, [err for _, _, err in runs if err]


def test_parallel_new_controls_all_land(tmp_path: Path) -> None:
    _parallel_new_controls(write_program(tmp_path / "p", controls={"access.yaml": ACCESS}))


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_new_controls_all_land_every_round(tmp_path: Path, round_: int) -> None:
    _parallel_new_controls(write_program(tmp_path / "p", controls={"access.yaml": ACCESS}))


def _same_id_into_two_files(root: Path) -> None:
    runs = _together(
        [
            ("new", "control", "DUP-01", "--file", root / "controls" / f"{name}.yaml")
            for name in ("first", "second")
        ],
        cwd=root,
    )
    codes = sorted(code for code, _, _ in runs)
    assert codes == [0, 2], runs
    [refused] = [err for code, _, err in runs if code == 2]
    assert _one_clear_line(refused) and "control 'DUP-01' already exists" in refused
    written = [
        name
        for name in ("first", "second")
        if (root / "controls" / f"{name}.yaml").exists()
        and "DUP-01" in _ids(root / "controls" / f"{name}.yaml")
    ]
    assert len(written) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_same_id_into_two_files_at_once_succeeds_once(tmp_path: Path, round_: int) -> None:
    _same_id_into_two_files(write_program(tmp_path / "p", controls={"access.yaml": ACCESS}))


def test_parallel_new_tests_all_land_with_distinct_ids(tmp_path: Path) -> None:
    root = write_program(tmp_path / "p", controls={"access.yaml": ACCESS})
    runs = _together(
        [("new", "test", "AC-01", "--today", TODAY) for _ in range(PARALLEL)], cwd=root
    )
    assert [code for code, _, _ in runs] == [0] * PARALLEL, [err for _, _, err in runs]
    tests = _ids(root / "controls" / "access.yaml", key="tests")
    assert len(tests) == len(set(tests)) == PARALLEL + 1


def _validate(root: Path) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-m", "soccheck", "validate", root, "--format", "json", "--today", TODAY],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, run.stdout


def test_the_lock_file_is_not_program_content(tmp_path: Path) -> None:
    """The lock file stays at the root, and validate neither reads nor reports it."""
    root = write_program(tmp_path / "p", controls={"access.yaml": ACCESS})
    before = _validate(root)
    [(code, _, err)] = _together([("new", "control", "AC-02", "--file", "x.yaml")], cwd=root)
    assert code == 0, err
    assert (root / ".soccheck.lock").is_file()
    (root / "x.yaml").unlink()
    assert _validate(root) == before


# ------------------------------------------------------------------------------------- init


def _owners(root: Path) -> set[str]:
    """Every owner the program's controls name, and the people system.yaml defines."""
    found = set()
    for path in (root / "controls").glob("*.yaml"):
        found |= {
            c["owner"] for c in load_text(path.name, path.read_text("utf-8")).data["controls"]
        }
    system = load_text("system.yaml", (root / "system.yaml").read_text("utf-8")).data
    return found | {p["id"] for p in system.get("people", [])}


def _concurrent_inits(parent: Path, existing: bool) -> None:
    target = parent / "program"
    if existing:
        target.mkdir()
    runs = _together(
        [
            ("init", target, "--today", TODAY, "--owner", owner, "--framework", "both")
            for owner in ("ann", "bob")
        ],
        cwd=parent,
    )
    codes = [code for code, _, _ in runs]
    assert sorted(codes) == [0, 2], runs
    winner = ("ann", "bob")[codes.index(0)]
    [(_, _, refused)] = [run for run in runs if run[0] == 2]
    # One line when both were writing at once; when the loser starts after the winner has
    # finished, the usual refusal that lists the files already there.
    assert _one_clear_line(refused) or "already exist in" in refused.splitlines()[0], refused
    assert "nothing was written" in refused.splitlines()[0]
    assert _owners(target) == {winner}
    leftovers = [p.name for p in parent.iterdir() if p.name != "program"]
    leftovers += [p.name for p in target.rglob(".*") if p.name.endswith((".tmp", ".old"))]
    assert leftovers == []


@pytest.mark.parametrize("round_", range(ROUNDS))
@pytest.mark.parametrize("existing", [False, True], ids=["new-directory", "empty-directory"])
def test_concurrent_inits_one_wins_the_other_writes_nothing(
    tmp_path: Path, existing: bool, round_: int
) -> None:
    _concurrent_inits(tmp_path, existing)
