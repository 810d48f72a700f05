"""The auditor's control matrix as CSV: one row per control and test.

Written for spreadsheets: UTF-8 with a byte-order mark (Excel otherwise guesses the legacy
code page), RFC 4180 with CRLF line ends and every cell quoted, and every cell that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) prefixed with an apostrophe, because control titles and procedures are free
text from the repository. Quoting every cell matters where the spreadsheet's list separator
is ``;`` (most of Europe): there an unquoted ``x;=1+1`` would be split into a second cell
that starts with ``=``, a formula the apostrophe guard never saw.
A control without tests still gets one row, with the test columns empty.

The columns are the same for every program: a matrix read by spreadsheet formulas and
scripts needs a fixed layout, so the audit-trail columns (Covers to Deviations, and Evidence
timeline) and the scope columns (Layer to Subservice report status) are empty for a program
that records none of it rather than absent.
"""

from __future__ import annotations

import csv
import io

from soccheck.readiness.common import deviation_facts
from soccheck.readiness.model import ControlView, DeviationView, ReadinessReport, TestView
from soccheck.support.text import printable

BOM = "\ufeff"

COLUMNS = (
    "Control ID",
    "Control title",
    "Description",
    "Owner",
    "Frequency",
    "Nature",
    "Automation",
    "Key control",
    "Criteria",
    "Objectives",
    "Status",
    "Test ID",
    "Test kind",
    "Method",
    "Procedure",
    "Performed on",
    "Performed by",
    "Test report",
    "Counts for",
    "Population",
    "Sample size",
    "Exceptions",
    "Result",
    "Covers",
    "Phase",
    "Population source",
    "Reviewed by",
    "Reviewed on",
    "Retest of",
    "Deviations",
    "Evidence",
    "Evidence timeline",
    "Layer",
    "Systems",
    "Effective",
    "Scoped to",
    "Subservice organization",
    "CUECs",
    "Changes",
    "Subservice report status",
)
"""The columns, in order. Columns added later go at the end, so a spreadsheet or script
that reads the matrix by position keeps reading the same cells."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: str) -> str:
    """Neutralise a cell that a spreadsheet would evaluate as a formula (OWASP's advice)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _named(ident: str, name: str) -> str:
    """'id (name)', as evidence is 'path (description)'; the ID alone when nothing by that
    ID is defined."""
    return ident if name == ident else f"{ident} ({name})"


def _scope_cells(control: ControlView) -> list[str]:
    """The control's cells after the evidence timeline: its scope keys, CUECs and changes,
    and the status of the performing organization's SOC report in each report."""
    org = control.subservice_organization
    return [
        control.layer or "",
        "\n".join(_named(i, name) for i, name in control.systems),
        control.effective,
        "all" if control.reports is None else "; ".join(control.reports),
        "" if org is None else _named(*org),
        "; ".join(control.cuecs),
        "\n".join(f"{c.date.isoformat()}: {c.description}" for c in control.changes),
        "\n".join(f"{report}: {status}" for report, status in control.subservice_report_status),
    ]


def _control_cells(control: ControlView) -> tuple[list[str], list[str]]:
    """The control's cells before the test columns, and its evidence and evidence timeline
    cells (after them)."""
    evidence = "\n".join(
        e.location
        + (f" ({e.description})" if e.description else "")
        + (f", as of {e.as_of.isoformat()}" if e.as_of else "")
        for e in control.evidence
    )
    timeline = "\n".join(
        f"{t.summary}\n" + "\n".join(f"  {d}" for d in t.details) for t in control.timelines
    )
    status = "; ".join(f"{report}: {status}" for report, status in control.status.items())
    return [
        control.id,
        control.title,
        control.description,
        control.owner,
        control.frequency or "",
        control.nature or "",
        control.automation or "",
        "yes" if control.key else "no",
        "; ".join(control.criteria),
        "; ".join(control.objectives),
        status,
    ], [evidence, timeline]


def _test_cells(test: TestView | None) -> list[str]:
    if test is None:
        return [""] * _TEST_CELLS
    return [
        test.id,
        test.kind,
        "; ".join(test.methods),
        test.procedure,
        test.performed_on.isoformat(),
        test.performed_by,
        test.report or "all",
        "; ".join(test.counts_for),
        _number(test.population),
        _number(test.sample_size),
        _number(test.exceptions),
        test.result,
        test.covers.text if test.covers else "",
        test.phase or "",
        test.population_source or "",
        test.reviewed_by or "",
        test.reviewed_on.isoformat() if test.reviewed_on else "",
        test.retest_of or "",
        "\n".join(_deviation(d) for d in test.deviations),
    ]


_TEST_CELLS = COLUMNS.index("Evidence") - COLUMNS.index("Test ID")


def _deviation(deviation: DeviationView) -> str:
    """One line: the item, what was wrong, and what the deviation records about it."""
    facts = "".join(f"; {label.lower()}: {value}" for label, value in deviation_facts(deviation))
    return f"{deviation.item}: {deviation.description}{facts}"


def rows(report: ReadinessReport) -> list[list[str]]:
    """The matrix as a list of rows (header first), cells not yet guarded."""
    table = [list(COLUMNS)]
    for control in report.controls:
        cells, evidence = _control_cells(control)
        scope = _scope_cells(control)
        tests: list[TestView | None] = list(control.tests) or [None]
        for test in tests:
            table.append([*cells, *_test_cells(test), *evidence, *scope])
    return table


def render(report: ReadinessReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows(report):
        writer.writerow([guard(printable(cell, keep_breaks=True)) for cell in row])
    return BOM + buffer.getvalue()
