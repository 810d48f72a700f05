"""The one result type every stage produces: a finding at a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from soccheck.vocabulary import Severity as Severity  # findings carry the format's severities

SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True, slots=True)
class WaiverInfo:
    """Why a finding is accepted; carried on the finding so every reporter can show it."""

    reason: str
    approved_by: str
    expires: str
    ticket: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in the program.

    ``path`` is root-relative and POSIX-style; ``line`` and ``column`` are 1-based. ``subject``
    is the ID of the control, test, criterion or objective concerned, when there is one.
    ``report`` is the ID of the report the finding is about, for findings that concern one
    report only (a control untested *for soc2-2026*): reporters that group findings by report
    (JUnit) use it. It is not part of the JSON contract.
    """

    rule: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    subject: str | None = None
    waived: WaiverInfo | None = field(default=None, compare=False)
    report: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def with_waiver(self, waiver: WaiverInfo) -> Finding:
        return replace(self, waived=waiver)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """The documented output order: path, line, column, rule (then message for stability)."""
    return sorted(set(findings), key=Finding.sort_key)
