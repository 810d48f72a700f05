"""``init`` is all or nothing: a full disk or a Ctrl-C at any moment leaves no partial program.

Before, a disk that filled up halfway kept the files written so far (7 of 79), and a SIGINT
left a partial program in 6 of 40 runs: a directory that looks like a program to the next
``init`` (which then refuses) and to ``validate`` (which then reports what is missing).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY

NAMESPACE = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c"]
INIT = [sys.executable, "-m", "soccheck", "init", "--today", TODAY, "--no-input"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _tree(directory: Path) -> dict[str, bytes | None]:
    """Every entry under ``directory``: files with their bytes, directories as None."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(directory.rglob("*"))
    }


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run([*NAMESPACE, "mount -t tmpfs tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.parametrize("where", ["new", "existing", "nested"])
def test_a_full_disk_leaves_nothing(tmp_path: Path, where: str) -> None:
    """On a 200 KB file system (the program takes about 680 KB) init fails halfway: one
    line, exit 2, and the file system is as it was (an existing directory stays empty,
    directories created for a nested target are removed)."""
    if not _namespaces_work():
        pytest.skip("no user and mount namespaces here (unshare)")
    disk = tmp_path / "disk"
    disk.mkdir()
    target = {"new": "p", "existing": "p", "nested": "a/b/p"}[where]
    script = (
        'mount -t tmpfs -o size=200k tmpfs "$0" && cd "$0" && '
        + ("mkdir p && " if where == "existing" else "")
        + '"$@"; echo "exit=$?" && find . | sort'
    )
    run = subprocess.run(
        [*NAMESPACE, script, str(disk), *INIT, target],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    expected = [".", "./p"] if where == "existing" else ["."]
    assert run.stdout.splitlines() == ["exit=2", *expected]
    [line] = run.stderr.splitlines()
    assert line.startswith(f"soccheck: error: cannot write {target}/")
    assert line.endswith(": No space left on device; nothing was written")


def _interrupt_at(parent: Path, delay: float, existing: bool) -> Path:
    target = parent / "program"
    if existing:
        target.mkdir()
    proc = subprocess.Popen(
        [*INIT, str(target)],
        cwd=parent,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    return target


@pytest.mark.parametrize("existing", [False, True], ids=["new-directory", "empty-directory"])
def test_ctrl_c_at_any_moment_leaves_all_or_nothing(tmp_path: Path, existing: bool) -> None:
    """40 SIGINTs spread over the whole run (startup, planning, writing, the first check):
    the directory is afterwards exactly what an uninterrupted init writes, or as it was."""
    reference = tmp_path / "reference"
    reference.mkdir()
    started = time.monotonic()
    subprocess.run([*INIT, "program"], cwd=reference, env=_env(), check=True, capture_output=True)
    duration = time.monotonic() - started
    complete = _tree(reference / "program")
    outcomes = {"complete": 0, "nothing": 0}
    rng = random.Random(20)
    for trial in range(40):
        parent = tmp_path / f"trial-{trial}"
        parent.mkdir()
        target = _interrupt_at(parent, rng.uniform(0, duration * 1.2), existing)
        assert [p.name for p in parent.iterdir()] in ([], ["program"]), "a temporary file stayed"
        found = _tree(target) if target.exists() else None
        if found in (None, {}):
            assert existing == (found == {})
            outcomes["nothing"] += 1
        else:
            assert found == complete, f"trial {trial}: a partial program"
            outcomes["complete"] += 1
    assert outcomes["nothing"] > 0, outcomes  # the interrupts did land before the end
