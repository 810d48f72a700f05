"""The ``soccheck`` command line: parse options, call the library, map results to exit codes.

Exit codes (public API): 0 no failing findings, 1 failing findings, 2 usage, setup or internal
error, 130 interrupted (SIGINT), 143 terminated (SIGTERM). Heavy modules are imported inside
commands so ``--version`` and ``--help`` stay fast.

Commands live in submodules by purpose (check, reference, start); this module only defines
the group, registers them, and maps ``SystemExit`` and interrupts to a return code for the
console script: the one place SIGINT and SIGTERM are handled, for every command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from soccheck._version import __version__
from soccheck.cli._common import (
    CONTEXT_SETTINGS,
    EXIT_OK,
    EXIT_SETUP,
    Interrupted,
    interrupted_in,
    interrupts_handled,
    report_interrupted,
)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="soccheck")
def cli() -> None:
    """Check a SOC 1 / SOC 2 program kept as YAML: system description and controls.

    Start with 'soccheck validate' anywhere inside the program (it finds the root). Exit
    codes: 0 clean, 1 findings, 2 usage or setup error, 130 interrupted (SIGINT), 143
    terminated (SIGTERM).
    """


# Registering the commands: each module adds its commands to ``cli`` when imported.
from soccheck.cli import check, reference, start  # noqa: E402

__all__ = ["check", "cli", "main", "reference", "run", "start"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in this process; its exit code. SIGINT and SIGTERM end the command
    (every worker ended, temporary files removed) with one line on stderr and 130 or 143;
    the signal handlers found are put back afterwards."""
    return _main(argv, restore=True)


def _main(argv: Sequence[str] | None, restore: bool) -> int:
    try:
        with interrupts_handled(restore):
            return _invoke(argv)
    except Interrupted as exc:
        return report_interrupted(exc)
    except BaseException as exc:
        interrupt = interrupted_in(exc)
        if interrupt is None:
            raise
        return report_interrupted(interrupt)


def _invoke(argv: Sequence[str] | None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="soccheck")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_SETUP)
    return EXIT_OK


def run() -> NoReturn:
    """The ``soccheck`` command (and ``python -m soccheck``): ``main()``, then exit at once.

    Tearing the interpreter down frees a large program object by object and runs a last
    garbage collection over all of them, a tenth of the run for 10,000 controls; the
    process is ending, so output is flushed and it exits without that. Reports are
    written and closed, and worker processes ended and waited for, before ``main()``
    returns. The interrupt handlers stay until the exit: a signal after the command
    finished still gives its one line and exit code, never a traceback.
    """
    try:
        code = _main(None, restore=False)
    except Interrupted as exc:  # arrived as the command returned
        code = report_interrupted(exc)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Interrupted as exc:
        code = report_interrupted(exc)
    except (OSError, ValueError):  # a closed pipe (soccheck validate | head)
        pass
    os._exit(code)
