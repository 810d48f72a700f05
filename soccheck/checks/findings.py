"""The one result type every stage produces: a finding at a file, line and column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from soccheck.format.vocabulary import (
    Severity as Severity,  # findings carry the format's severities
)


@dataclass(frozen=True, slots=True)
class WaiverInfo:
    """Why a finding is accepted; carried on the finding so every reporter can show it."""

    reason: str
    approved_by: str
    expires: str
    ticket: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A file (and line) of the program that a message names, such as the first definition
    of a duplicated ID. Kept as data so that each output can show the path the way its
    reader resolves paths (text output: from the current directory), as it does the
    finding's own."""

    path: str
    """Root-relative and POSIX-style, like ``Finding.path``."""
    line: int | None = None

    def shown(self, path: str) -> str:
        return path if self.line is None else f"{path}:{self.line}"


MessagePart = str | Place


def compose(parts: Sequence[MessagePart]) -> str:
    """A message as the JSON output carries it: places with their root-relative paths."""
    return "".join(part if isinstance(part, str) else part.shown(part.path) for part in parts)


def shorten(parts: Sequence[MessagePart], limit: int) -> tuple[MessagePart, ...]:
    """``parts`` cut to ``limit`` characters as composed, every place kept whole.

    Messages quote values from the files, so one hostile value can make a message enormous.
    That value sits in a text part, almost always the longest, so text parts are cut from
    the longest down, each in its middle (marked '…'): the message keeps its start, the
    places it names (which each output shows its own way: cut into plain text, they would
    fall back to root-relative paths) and its end, which usually says how to fix it. Places
    are file paths and never cut, so a message naming places longer than ``limit`` stays
    longer.
    """
    cut = list(parts)
    excess = len(compose(cut)) - limit
    while excess > 0:
        texts = [(len(p), i, p) for i, p in enumerate(cut) if isinstance(p, str) and len(p) > 1]
        if not texts:
            break
        length, index, text = max(texts)
        keep = max(length - excess - 1, 0)
        tail = keep // 2
        cut[index] = text[: keep - tail] + "…" + text[length - tail :]
        excess -= length - keep - 1
    return tuple(cut)


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
    parts: tuple[MessagePart, ...] = field(default=(), compare=False)
    """``message`` as text and the places it names, when it names any (see ``compose``)."""

    @classmethod
    def naming(
        cls,
        rule: str,
        severity: Severity,
        where: tuple[str, int, int],
        parts: Sequence[MessagePart],
        subject: str | None = None,
        report: str | None = None,
    ) -> Finding:
        """A finding whose message names other places of the program."""
        path, line, column = where
        kept = tuple(parts) if any(isinstance(p, Place) for p in parts) else ()
        return cls(
            rule, severity, path, line, column, compose(parts), subject, report=report, parts=kept
        )

    def message_with(self, show: Callable[[str], str]) -> str:
        """The message with each place it names shown as ``show`` shows a root-relative path."""
        if not self.parts:
            return self.message
        return "".join(
            part if isinstance(part, str) else part.shown(show(part.path)) for part in self.parts
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def with_waiver(self, waiver: WaiverInfo) -> Finding:
        return replace(self, waived=waiver)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """The documented output order: path, line, column, rule (then message for stability)."""
    return sorted(set(findings), key=Finding.sort_key)
