"""Reading in parallel never costs a run: when the worker processes cannot start, or one is
killed halfway, the files not yet received are read in the main process and the output is
the same as with one job.

Both failures are real: a read-only /dev/shm in a private mount namespace (multiprocessing
cannot create its locks there, as in some containers), and SIGKILL sent to a worker while
it reads (as the kernel's OOM killer would).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY
from tests.test_fast_path import _planted
from tests.test_fast_path import generated as generated  # the fixture

READ_ONLY_SHM = "mount -t tmpfs -o ro tmpfs /dev/shm"
NAMESPACE = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c"]


@pytest.fixture(scope="module")
def planted(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # 2,100 controls in 210 files: above the 200 files that start workers.
    yield _planted(generated, tmp_path_factory.mktemp("parallel"), 2100)


def _command(root: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "soccheck",
        "validate",
        str(root),
        "--today",
        TODAY,
        "--format",
        "json",
        "--jobs",
        str(jobs),
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, env=_env(), timeout=300, check=False
    )


@pytest.fixture(scope="module")
def serial(planted: Path) -> subprocess.CompletedProcess[str]:
    run = _run(_command(planted, 1))
    assert run.returncode == 1, run.stderr  # the planted problems
    assert '"rule": "yaml-syntax"' in run.stdout
    return run


def _read_only_shm_works() -> bool:
    """Whether this machine lets us build the broken environment, and it is broken."""
    if shutil.which("unshare") is None:
        return False
    probe = (
        "import multiprocessing\n"
        "try:\n"
        "    multiprocessing.get_context('fork').Lock()\n"
        "except OSError:\n"
        "    raise SystemExit(3)\n"
    )
    script = f'{READ_ONLY_SHM} && exec "$0" "$@"'
    proc = subprocess.run(
        [*NAMESPACE, script, sys.executable, "-c", probe], capture_output=True, check=False
    )
    return proc.returncode == 3


def test_workers_that_cannot_start_leave_the_reading_to_the_main_process(
    planted: Path, serial: subprocess.CompletedProcess[str]
) -> None:
    if not _read_only_shm_works():
        pytest.skip("no user and mount namespaces here (unshare)")
    script = f'{READ_ONLY_SHM} && exec "$0" "$@"'
    run = _run([*NAMESPACE, script, *_command(planted, 2)])
    assert (run.returncode, run.stdout) == (serial.returncode, serial.stdout)
    assert run.stderr == ""


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        return []
    return sorted(found)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers run on Linux only")
def test_a_worker_killed_while_reading_costs_nothing(
    planted: Path, serial: subprocess.CompletedProcess[str]
) -> None:
    proc = subprocess.Popen(
        _command(planted, 2),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed = workers[0]
        else:
            time.sleep(0.001)
    stdout, stderr = proc.communicate(timeout=300)
    assert killed is not None, "the run ended before a worker could be killed"
    assert (proc.returncode, stdout) == (serial.returncode, serial.stdout)
    assert stderr == ""
