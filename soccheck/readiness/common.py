"""Small helpers shared by the renderers."""

from __future__ import annotations

import re
import unicodedata

from soccheck.readiness.model import DeviationView, ReportView, TestView
from soccheck.support.text import printable

_SPACE = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Collapse whitespace (including newlines) to single spaces, for a table cell, with
    every other control character escaped."""
    if not text:
        return ""
    text = printable(unicodedata.normalize("NFC", text), keep_breaks=True)
    return _SPACE.sub(" ", text).strip()


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def percent(part: int, whole: int) -> str:
    """'92%' (rounded down, so an incomplete figure never shows 100%); '-' for 0 of 0."""
    if whole == 0:
        return "-"
    return f"{part * 100 // whole}%"


def findings_summary(report: ReportView) -> str:
    errors, warnings = report.open_errors, report.open_warnings
    text = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if report.waived_findings:
        text += f" ({report.waived_findings} waived)"
    return text


def status_counts(report: ReportView) -> str:
    """'36 tested, 0 untested, 0 uncovered' plus waived / not applicable when present."""
    parts = [
        f"{report.count('tested')} tested",
        f"{report.count('untested')} untested",
        f"{report.count('uncovered')} uncovered",
    ]
    if report.count("waived"):
        parts.append(f"{report.count('waived')} waived")
    if report.count("not-applicable"):
        parts.append(f"{report.count('not-applicable')} not applicable")
    return ", ".join(parts)


def test_numbers(test: TestView) -> str:
    """'Population 273, sample 5, 1 exception': the figures a test recorded ('' for none)."""
    parts = []
    if test.population is not None:
        parts.append(f"population {test.population}")
    if test.sample_size is not None:
        parts.append(f"sample {test.sample_size}")
    if test.exceptions is not None:
        parts.append(plural(test.exceptions, "exception"))
    return ", ".join(parts).capitalize()


def deviation_facts(deviation: DeviationView) -> list[tuple[str, str]]:
    """(label, value) of what a deviation records beyond its item and description, in the
    order auditors read them: why, what management did, when it was fixed, what limited it.
    A missing management response is said, not left out: it is what the reader looks for."""
    facts = []
    if deviation.cause:
        facts.append(("Cause", deviation.cause))
    facts.append(("Management response", deviation.management_response or "not recorded"))
    if deviation.remediated_on is not None:
        facts.append(("Remediated on", deviation.remediated_on.isoformat()))
    if deviation.compensating_controls:
        facts.append(("Compensating controls", ", ".join(deviation.compensating_controls)))
    return facts
