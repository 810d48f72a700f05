"""Worker processes that never outlive the call that started them.

soccheck forks workers to read large programs (:mod:`soccheck.load.program`). A worker left
behind keeps memory, keeps the pipes a CI step waits on open, and outlives the run it
belonged to, so every worker is ended and waited for before :func:`ordered_map` returns,
whichever way it returns: all results received, the caller stopping early (closing the
generator), an exception in the caller or here, or an interrupt. Beyond that:

- a worker ignores SIGINT: Ctrl-C reaches the whole foreground process group, and only the
  main process decides what an interrupt means (it ends the workers on its way out); SIGTERM
  kills a worker outright;
- a worker is killed by the kernel when the main process dies, even by SIGKILL or
  ``os._exit`` (``PR_SET_PDEATHSIG``);
- SIGINT and SIGTERM are held back in the main process while workers are started and while
  they are ended, so an interrupt can neither leave a worker it does not know of nor stop
  the ending halfway; one that arrives meanwhile is delivered right after.

Workers are forked (they inherit the function and the items, nothing is pickled on the way
in), each handles a fixed share of the chunks and sends each chunk's results back, pickled,
through its own pipe; the main process takes them in order. A worker that fails or dies
makes :func:`ordered_map` raise :class:`WorkerFailure`, and the caller does the rest itself.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import IO, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 8
"""The most worker processes a run starts, whatever ``--jobs`` asks for. Reading is the only
parallel part of a run: the main process builds every record and runs every rule itself. For
10,000 controls reading is about half of a one-process run, so eight workers already bring it
below a tenth of the rest; each further worker only adds a fork, its memory and its share of
the CPUs. ``--jobs 999`` used to start 999 processes (8 s and 3 GB more for 5,000 files)."""

DEFAULT_MAX_JOBS = 4
"""The default number of workers is one per usable CPU, at most this many."""

_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1
_PIPE_SIZE = 1 << 20  # lets a worker run a few chunks ahead of the main process


class WorkerFailure(Exception):
    """Workers could not be started, or one ended without sending all its results (killed
    for memory, or a failure while working); every worker has been ended already."""


def default_jobs() -> int:
    """Worker processes for reading a large program: one per usable CPU, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, DEFAULT_MAX_JOBS))


def usable_jobs(requested: int) -> int:
    """The number of workers a request for ``requested`` gets: at least 1, at most
    :data:`MAX_JOBS`."""
    return max(1, min(requested, MAX_JOBS))


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (in the kernel) until the block ends, then arrive as usual."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ordered_map(
    func: Callable[[T], R], items: Sequence[T], jobs: int, chunksize: int
) -> Generator[R, None, None]:
    """``func(item)`` for every item, in order, computed in up to ``jobs`` forked processes
    (:func:`usable_jobs`) that each take every ``jobs``-th chunk of ``chunksize`` items.

    A generator: the workers start at the first ``next()`` and are ended and waited for
    when it is exhausted or closed, or an exception leaves it. Raises :class:`WorkerFailure`
    when they cannot start or one fails; the results yielded before that are right, and the
    caller computes the rest itself.
    """
    size = max(1, chunksize)
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    count = min(usable_jobs(jobs), len(chunks))
    workers: list[tuple[int, IO[bytes]]] = []
    try:
        with _signals_held():
            try:
                die_with_parent = _death_signal_setter()
                for index in range(count):
                    workers.append(_start(func, items, chunks[index::count], die_with_parent))
            except OSError as exc:  # no processes or pipes left
                raise WorkerFailure(f"cannot start a worker process: {exc}") from exc
        for number in range(len(chunks)):
            _pid, reader = workers[number % count]
            for _item in chunks[number]:
                try:
                    result: R = pickle.load(reader)
                except (EOFError, OSError, pickle.UnpicklingError) as exc:
                    message = "a worker process ended before sending its results"
                    raise WorkerFailure(message) from exc
                yield result
    finally:
        with _signals_held():
            _end(workers)


def _start(
    func: Callable[[T], R],
    items: Sequence[T],
    chunks: list[range],
    die_with_parent: Callable[[int], None] | None,
) -> tuple[int, IO[bytes]]:
    """Fork one worker for ``chunks``; (its pid, the pipe its results come through)."""
    read_end, write_end = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass  # a smaller pipe only makes the worker wait more often
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the worker: never returns into the caller's code
        status = 1
        try:
            os.close(read_end)
            status = _work(func, items, chunks, write_end, parent, die_with_parent)
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb")


def _work(
    func: Callable[[T], R],
    items: Sequence[T],
    chunks: list[range],
    write_end: int,
    parent: int,
    die_with_parent: Callable[[int], None] | None,
) -> int:
    """The worker's life; its exit status. SIGINT and SIGTERM are still held from the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if die_with_parent is not None:
        die_with_parent(signal.SIGKILL)
    if os.getppid() != parent:  # the main process died before the line above
        return 1
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    try:
        with os.fdopen(write_end, "wb") as out:
            # One result at a time: a chunk's results held together cost its size in
            # memory (12 documents of 44 MB each for a program of large files).
            for chunk in chunks:
                for i in chunk:
                    pickle.dump(func(items[i]), out, pickle.HIGHEST_PROTOCOL)
                out.flush()
    except BaseException:  # the main process learns of it from the pipe, and reads the rest
        return 1
    return 0


def _death_signal_setter() -> Callable[[int], None] | None:
    """A function that asks the kernel to send the calling process a signal when its parent
    dies (Linux ``prctl(PR_SET_PDEATHSIG)``), or None where there is none. Looked up before
    the fork, so the workers do not each load the C library."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (ImportError, OSError, AttributeError):
        return None

    def set_death_signal(signum: int) -> None:
        prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)

    return set_death_signal


def _end(workers: list[tuple[int, IO[bytes]]]) -> None:
    """Kill every worker still running (none holds anything but its share of the work) and
    wait for each, so none is left running or as a zombie."""
    for pid, _reader in workers:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for pid, reader in workers:
        # ChildProcessError: reaped elsewhere (a SIGCHLD handler of the embedding program)
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)
        reader.close()
