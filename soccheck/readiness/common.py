"""Small helpers shared by the renderers."""

from __future__ import annotations

import re
import unicodedata

from soccheck.readiness.model import DeviationView, ReportView, TestView, VendorView
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


def vendor_report(vendor: VendorView) -> str:
    """The vendor's SOC report in one phrase: 'Type 2, period ending 2026-03-31', 'Type 1, as
    of 2026-03-31', or why there is none to show."""
    if vendor.soc_report_invalid:
        return "not readable (see its schema finding)"
    soc = vendor.soc_report
    if soc is None:
        return "none recorded"
    if soc.date is None:
        return f"Type {soc.type}"
    when = "period ending" if soc.type == 2 else "as of"
    return f"Type {soc.type}, {when} {soc.date.isoformat()}"


def vendor_status(vendor: VendorView) -> str:
    """Whether the vendor's report supports the examined report, and why: 'stale: ends
    2025-09-30, more than 3 months before the period ends 2026-06-30; no bridge letter'."""
    return f"{vendor.report_status_label}: {vendor.report_status_reason}"


def vendor_review(vendor: VendorView) -> str:
    """When the vendor's report was received, who reviewed it, and its bridge letter ('' when
    no report is recorded)."""
    soc = vendor.soc_report
    if soc is None:
        return ""
    bridge = (
        f"bridge letter through {soc.bridge_letter_through.isoformat()}"
        if soc.bridge_letter_through is not None
        else "no bridge letter"
    )
    return f"received {soc.received_on.isoformat()}, reviewed by {soc.reviewed_by}; {bridge}"


def days_label(report: ReportView) -> str:
    """Which changes and incidents a report lists (``model.report_days``)."""
    if report.type == 2:
        return "during the period"
    return "in the 12 months to the as-of date"


def component_label(component: str) -> str:
    return component.capitalize()
