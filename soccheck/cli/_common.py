"""Helpers shared by the commands: option parsing, exit codes, errors, interrupts, report files."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, NoReturn

import click

from soccheck.support.text import printable

EXIT_OK, EXIT_FINDINGS, EXIT_SETUP = 0, 1, 2
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail_setup(message: str, details: Iterable[str] = ()) -> NoReturn:
    """Exit 2 with one line on stderr, plus one line per detail (listed files, a hint).

    Messages quote file names and values from the program and the command line: each line
    goes through the shared sanitiser, so none can hold a line break or an escape sequence.
    """
    click.echo(f"soccheck: error: {printable(message)}", err=True)
    for detail in details:
        click.echo(printable(detail), err=True)
    sys.exit(EXIT_SETUP)


def warn(message: str) -> None:
    """One warning line on stderr, sanitised like ``fail_setup``'s."""
    click.echo(f"soccheck: warning: {printable(message)}", err=True)


def parse_date(_ctx: Any, _param: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{printable(value)}' is not a date written YYYY-MM-DD") from None


def parse_category(text: str) -> str:
    """A category typed on the command line, in the file format's spelling; a BadParameter
    with the closest category otherwise."""
    from soccheck.format.vocabulary import CATEGORIES, CATEGORY_SPELLINGS, category_name

    name = category_name(text)
    if name is None:
        import difflib

        typed = text.strip().lower().replace("-", "_").replace(" ", "_")
        close = difflib.get_close_matches(typed, CATEGORIES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise click.BadParameter(
            f"unknown category '{printable(text.strip())}'{hint}; choose from {CATEGORY_SPELLINGS}"
        )
    return name


def rule_list(_ctx: Any, _param: Any, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    ids = frozenset(part.strip() for part in value.split(",") if part.strip())
    from soccheck.checks.checker import unknown_rule_ids

    problems = unknown_rule_ids(sorted(ids))
    if problems:
        raise click.BadParameter(printable("; ".join(problems)))
    return ids


def use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR", "") != "":
        return False
    return sys.stdout.isatty()


def write_reports(reports: list[tuple[str, str, str]], stdout: str | None = None) -> None:
    """Write report files, each ``(path, label, text)``, all or nothing: every destination
    is checked and every file staged before any is moved into place, so a report that
    cannot be written leaves none written (exit 2 writes nothing; docs/ci.md). Missing
    directories are created (and removed again on failure). Raises ``SetupError``, which
    names ``stdout`` (the option that writes to standard output) when the destination was a
    device or a pipe such as ``/dev/stdout``."""
    from pathlib import Path

    from soccheck.load.discovery import SetupError
    from soccheck.support.fileio import Batch, NotRegularFile

    batch = Batch()
    named: dict[str, tuple[str, str]] = {}

    def failed(exc: OSError, label: str, path: str) -> SetupError:
        rest = "; no report was written" if len(reports) > 1 else ""
        if isinstance(exc, NotRegularFile) and stdout is not None:
            rest += f" (for standard output, use {stdout})"
        return SetupError(f"cannot write the {label} report to {path}: {exc.strerror or exc}{rest}")

    for path, label, text in reports:
        try:
            target = batch.add(Path(path), text)
        except OSError as exc:
            raise failed(exc, label, path) from exc
        named[str(target.real)] = named[str(target.path)] = (label, path)
    try:
        batch.commit()
    except OSError as exc:
        label, path = named.get(str(exc.filename), (reports[0][1], reports[0][0]))
        raise failed(exc, label, path) from exc


def internal_error(exc: BaseException, debug: bool) -> NoReturn:
    interrupt = interrupted_in(exc)
    if interrupt is not None:
        raise interrupt  # wrapped by the code it cut short (an import, a descriptor)
    from soccheck.support import activity

    current = activity.current()
    where = f" while {current}" if current else ""
    if debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    click.echo(
        printable(
            f"soccheck: internal error{where}: {type(exc).__name__}: {exc} "
            "(run with --debug for details, and please report it)"
        ),
        err=True,
    )
    sys.exit(EXIT_SETUP)


def reading_jobs(requested: int) -> int:
    """Worker processes for ``--jobs requested`` (0: the default), at most the pool's ceiling;
    asking for more says so once on stderr, since the run then differs from what was typed."""
    from soccheck.support.pool import MAX_JOBS, default_jobs, usable_jobs

    if requested == 0:
        return default_jobs()
    if requested > MAX_JOBS:
        warn(f"--jobs {requested} is more than {MAX_JOBS}; reading with {MAX_JOBS} processes")
    return usable_jobs(requested)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived. Raised by the handler :func:`interrupts_handled` installs,
    it unwinds the command like any exception, so every ``finally`` runs: worker processes
    are ended and waited for (:mod:`soccheck.support.pool`), temporary files of atomic writes
    are removed. Not a ``KeyboardInterrupt``, which click turns into "Aborted!" and exit 1,
    the code for findings; not an ``Exception``, so no ``except Exception`` mistakes it for
    an internal error."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 plus the signal's number, as shells report it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum

    def __str__(self) -> str:
        if self.signum == signal.SIGINT:
            return "interrupted (SIGINT)"
        return f"terminated ({signal.Signals(self.signum).name})"


INTERRUPTS = (signal.SIGINT, signal.SIGTERM)


def _raise_interrupted(signum: int, _frame: object) -> None:
    # The first signal starts the way out; later ones must not cut its clean-up short.
    for each in INTERRUPTS:
        signal.signal(each, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def interrupts_handled(restore: bool = True) -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread while the block runs;
    with ``restore`` the handlers found are put back afterwards (the console script keeps
    them until it exits). A signal ignored when soccheck started (a background job of a
    script) stays ignored, and outside the main thread nothing changes (Python allows
    handlers only there)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    found = {each: signal.getsignal(each) for each in INTERRUPTS}
    for each, handler in found.items():
        if handler != signal.SIG_IGN:
            signal.signal(each, _raise_interrupted)
    try:
        yield
    finally:
        if restore:
            # Held back while the handlers change (where POSIX allows): one arriving now goes
            # to the handler put back, as it would have had soccheck not run.
            mask = getattr(signal, "pthread_sigmask", None)
            previous = mask(signal.SIG_BLOCK, INTERRUPTS) if mask is not None else None
            try:
                for each, handler in found.items():
                    signal.signal(each, signal.SIG_DFL if handler is None else handler)
            finally:
                if mask is not None:
                    mask(signal.SIG_SETMASK, previous)


def interrupted_in(exc: BaseException) -> Interrupted | None:
    """The interrupt behind ``exc``, if a signal cut short code that wrapped it in an error of
    its own (a class body being created raises RuntimeError "Error calling __set_name__"
    from the Interrupted raised inside it)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, Interrupted):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def report_interrupted(exc: Interrupted) -> int:
    """The one line an interrupt prints; the exit code it gives."""
    with suppress(OSError, ValueError):  # standard error is closed or a broken pipe
        click.echo(f"soccheck: {exc}", err=True)
    return exc.exit_code
