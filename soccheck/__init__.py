"""soccheck: policy-as-code checks for SOC 1 and SOC 2 programs kept as YAML.

Library use::

    import soccheck

    program = soccheck.load_program("path/to/program")
    for finding in soccheck.check(program):
        print(finding.path, finding.line, finding.rule, finding.message)

Attributes are imported lazily so that ``import soccheck`` (and ``soccheck --version``) stay
cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from soccheck._version import __version__

if TYPE_CHECKING:
    import datetime as dt

    from soccheck.checks.findings import Finding
    from soccheck.load.program import Program


def load_program(root: str | Any, config: str | None = None) -> Program:
    """Read the program under ``root`` (see ``soccheck.load.program.load_program``)."""
    from soccheck.load.program import load_program as _load

    return _load(root, config)


def check(program: Program, today: dt.date | None = None) -> list[Finding]:
    """All findings for a loaded program, sorted by path, line, column and rule."""
    import datetime as dt

    from soccheck.checks.checker import Options
    from soccheck.checks.checker import check as _check

    return _check(program, Options(today=today or dt.date.today())).findings


__all__ = ["__version__", "check", "load_program"]
