"""Human-readable output: one ``path:line:col: severity rule message`` line per finding.

The ``path:line:col:`` prefix is what editors and terminals turn into clickable links, so
paths (the finding's and those its message names) are relative to the current directory
(``Locator.display``), not to the program root as in JSON.

Paths and messages (which quote values from the files) go through the shared sanitiser
(``soccheck.support.text.printable``) before any colour is added: a file name or value
holding escape sequences, line feeds or carriage returns shows them escaped, so it can
neither drive the terminal nor forge a finding line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from soccheck.support.text import printable

if TYPE_CHECKING:
    from soccheck.checks.checker import Result

_RESET = "\033[0m"
_STYLES = {"error": "\033[1;31m", "warning": "\033[1;33m", "path": "\033[1m", "dim": "\033[2m"}


def _style(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: Result, *, color: bool = False) -> str:
    locator = result.locator
    lines: list[str] = []
    current = None
    for finding in result.findings:
        if finding.path != current:
            if current is not None:
                lines.append("")
            current = finding.path
        where = printable(f"{locator.display(finding.path)}:{finding.line}:{finding.column}:")
        message = printable(locator.message(finding))
        severity = _style(finding.severity, finding.severity, color)
        line = f"{_style(where, 'path', color)} {severity} {finding.rule} {message}"
        if finding.waived is not None:
            waiver = finding.waived
            ticket = f", {waiver.ticket}" if waiver.ticket else ""
            note = f"waived until {waiver.expires} by {waiver.approved_by}{ticket}: {waiver.reason}"
            line = _style(
                f"{where} waived {finding.rule} {message} [{printable(note)}]", "dim", color
            )
        lines.append(line)
    if lines:
        lines.append("")
    program = result.program
    errors, warnings = result.count("error"), result.count("warning")
    waived = sum(1 for f in result.findings if f.waived is not None)
    summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if waived:
        summary += f", {waived} waived"
    summary += (
        f" in {_plural(len(program.files), 'file')} ({_plural(len(program.controls), 'control')})"
    )
    if not result.failed:
        summary = ("OK: " if not errors and not warnings else "passed: ") + summary
    else:
        summary = _style("failed: ", "error", color) + summary
    lines.append(summary)
    return "\n".join(lines) + "\n"
