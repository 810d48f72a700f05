"""GitHub Actions workflow commands: one annotation per finding, on the right line of the diff.

``::error file=F,line=L,col=C,title=RULE::message`` (``::warning`` for warnings, ``::notice``
for waived findings). Data is escaped as the runner expects: ``%``, CR and LF in messages, and
additionally ``:`` and ``,`` in property values. Paths, in ``file`` and in messages, are
relative to the working directory, which in a workflow step is the repository checkout
(``Locator.path``). A file name that is not UTF-8 is named with ``\\xNN`` for each byte that
is not, as in every output (``soccheck.support.text``).

GitHub turns at most 10 errors and 10 warnings of one step into annotations; when there are
more, a notice says so and points at the SARIF and JUnit reports, which have no such limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from soccheck.support.text import escape_surrogates

if TYPE_CHECKING:
    from soccheck.checks.checker import Result
    from soccheck.checks.findings import Finding
    from soccheck.output.locations import Locator

ANNOTATION_LIMIT = 10
"""Errors (and, separately, warnings) per step that GitHub shows as annotations."""


def escape_data(text: str) -> str:
    return escape_surrogates(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(finding: Finding, locator: Locator) -> str:
    properties: dict[str, str | int] = {
        "file": locator.path(finding.path),
        "line": finding.line,
        "col": finding.column,
    }
    if finding.waived is not None:
        waiver = finding.waived
        properties["title"] = f"{finding.rule} (waived)"
        note = f"waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}"
        if waiver.ticket:
            note += f" ({waiver.ticket})"
        return command("notice", f"{locator.ci_message(finding)} [{note}]", **properties)
    properties["title"] = finding.rule
    return command(finding.severity, locator.ci_message(finding), **properties)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: Result, *, color: bool = False) -> str:
    locator = result.locator
    lines = [annotation(finding, locator) for finding in result.findings]
    errors, warnings = result.count("error"), result.count("warning")
    waived = sum(1 for f in result.findings if f.waived is not None)
    if errors > ANNOTATION_LIMIT or warnings > ANNOTATION_LIMIT:
        lines.append(
            command(
                "notice",
                f"soccheck found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}; "
                f"GitHub shows only the first {ANNOTATION_LIMIT} of each as annotations. "
                "All of them are in this log, and in the SARIF and JUnit reports "
                "(--sarif, --junit-xml).",
                title="soccheck",
            )
        )
    program = result.program
    summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if waived:
        summary += f", {waived} waived"
    summary += (
        f" in {_plural(len(program.files), 'file')} ({_plural(len(program.controls), 'control')})"
    )
    verdict = "failed" if result.failed else ("OK" if not errors and not warnings else "passed")
    lines.append(f"soccheck {verdict}: {summary}")
    return "\n".join(lines) + "\n"
