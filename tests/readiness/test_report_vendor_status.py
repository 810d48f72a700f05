"""The status of each subservice organization's own SOC report in the readiness reports
(issue 16): current, current with a bridge letter, stale, missing, not needed, not judged,
with the reason in words, in every format, through ``soccheck report``. The status comes from
the judgment the rules ``subservice-report-stale`` and ``subservice-report-missing`` fire on
(``soccheck.checks.vendor_reports``), so the last tests hold the reports and the findings to
the same answer.

The program: tests.conftest.SYSTEM (SOC 2 Type 2 over 2026-01-01 to 2026-06-30) with one
organization in each status, and a control performed by the inclusive one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soccheck.checks.checker import Options, check
from soccheck.load.program import load_program
from soccheck.readiness.model import build
from tests.conftest import (
    REPO,
    SYSTEM,
    TODAY,
    dedent,
    passing_test_block,
    run_cli,
    run_subprocess,
    validate_json,
    write_program,
)
from tests.readiness.conftest import parse_html
from tests.readiness.test_report_scope import block, csv_rows, html_table, md_table, report

Make = Callable[..., Path]

VENDORS = dedent(
    """
    subservice_organizations:
      - id: fresh
        name: Fresh Hosting
        method: carve-out
        csocs: [{id: CSOC-F, description: Entry is restricted., criteria: [CC6.4]}]
        soc_report:
          {type: 2, period_end: 2026-03-31, received_on: 2026-05-10, reviewed_by: alice}
      - id: bridged
        name: Bridged Backups
        method: carve-out
        csocs: [{id: CSOC-B, description: Backups are replicated., criteria: [CC7.5]}]
        soc_report:
          type: 2
          period_end: 2025-12-31
          received_on: 2026-02-10
          reviewed_by: alice
          bridge_letter_through: 2026-06-30
      - id: stale
        name: Stale Mail
        method: carve-out
        csocs: [{id: CSOC-S, description: Mail is filtered., criteria: [CC6.8]}]
        soc_report:
          {type: 2, period_end: 2025-09-30, received_on: 2025-11-14, reviewed_by: alice}
      - id: short
        name: Short Letter Payments
        method: carve-out
        csocs: [{id: CSOC-P, description: Card data is tokenised., criteria: [CC6.7]}]
        soc_report:
          type: 2
          period_end: 2025-12-31
          received_on: 2026-02-10
          reviewed_by: alice
          bridge_letter_through: 2026-03-31
      - id: onepoint
        name: One Point DNS
        method: carve-out
        csocs: [{id: CSOC-D, description: DNS changes are approved., criteria: [CC8.1]}]
        soc_report: {type: 1, as_of: 2026-05-31, received_on: 2026-06-10, reviewed_by: alice}
      - id: absent
        name: Absent Analytics
        method: carve-out
        csocs: [{id: CSOC-A, description: Analytics data is encrypted., criteria: [CC6.1]}]
      - id: payco
        name: PayCo
        method: inclusive
      - id: garbled
        name: Garbled Logs
        method: carve-out
        csocs: [{id: CSOC-G, description: Logs are retained., criteria: [CC7.2]}]
        soc_report: {type: 2, as_of: 2026-03-31, received_on: 2026-05-10, reviewed_by: alice}
    """
)
"""garbled's Type 2 report is dated with ``as_of``: the schema rejects it."""

PAYCO_CONTROL = dedent(
    """
        controls:
          - id: PAY-01
            title: PayCo reconciles payroll files
            description: PayCo reconciles each payroll file to the approved register.
            owner: alice
            criteria: [CC7.1]
            frequency: annual
            subservice_organization: payco
        """
) + passing_test_block("T-PAY-01")

STATUS = {
    "fresh": (
        "current",
        "ends 2026-03-31, no more than 3 months before the period ends 2026-06-30",
    ),
    "bridged": (
        "current with a bridge letter",
        "ends 2025-12-31, more than 3 months before the period ends 2026-06-30; bridge letter "
        "through 2026-06-30, reaching the period end",
    ),
    "stale": (
        "stale",
        "ends 2025-09-30, more than 3 months before the period ends 2026-06-30; no bridge letter",
    ),
    "short": (
        "stale",
        "ends 2025-12-31, more than 3 months before the period ends 2026-06-30; bridge letter "
        "only through 2026-03-31, short of the period end",
    ),
    "onepoint": (
        "stale",
        "a Type 1 as of 2026-05-31, for a Type 2 period (it describes the vendor's controls on "
        "one day, not their operation over the period)",
    ),
    "absent": ("missing", "carved out, and no soc_report is recorded"),
    "payco": ("not needed", "inclusive, so its controls are tested in this examination"),
    "garbled": ("not judged", "its soc_report was rejected by the schema (see that finding)"),
}
"""Organization -> (status, reason) in soc2-2026, in the order the system description
lists them."""


@pytest.fixture
def vendors(program: Make) -> Path:
    return program(system=SYSTEM + VENDORS, controls={"pay.yaml": PAYCO_CONTROL})


def test_text_gives_each_organization_its_status_and_reason(vendors: Path) -> None:
    lines = block(report(vendors, "text"), "  Subservice organizations:")
    statuses, organization = {}, ""
    for line in lines[1:]:
        if not line.startswith("      "):  # an organization's own line: 'fresh: Fresh ...'
            organization = line.split(":")[0].strip()
        elif line.startswith("      Report status: "):
            statuses[organization] = line.removeprefix("      Report status: ")
    assert statuses == {org: f"{status}: {why}" for org, (status, why) in STATUS.items()}
    assert lines[1:4] == [
        "    fresh: Fresh Hosting, carve-out",
        "      SOC report: Type 2, period ending 2026-03-31; received 2026-05-10, reviewed by "
        "Alice Owner; no bridge letter",
        "      Report status: current: ends 2026-03-31, no more than 3 months before the period "
        "ends 2026-06-30",
    ]


def test_markdown_has_a_report_status_column(vendors: Path) -> None:
    rows = md_table(
        report(vendors, "markdown"),
        "| Organization | Method | SOC report | Review | Report status | Controls in scope |",
    )
    # Markdown escapes the underscore of 'soc_report' (it renders as written).
    assert [(r[0].split(":")[0], r[4].replace("\\_", "_")) for r in rows] == [
        (org, f"{status}: {why}") for org, (status, why) in STATUS.items()
    ]
    assert rows[5][4] == "missing: carved out, and no soc\\_report is recorded"
    assert rows[6][5] == "PAY-01"  # payco performs PAY-01


def test_html_shows_the_status_as_a_labelled_badge_and_the_reason(vendors: Path) -> None:
    doc = parse_html(report(vendors, "html"))
    section = doc.root.by_id("report-soc2-2026")
    rows = html_table(
        section, "Subservice organizations, their SOC reports, and the controls they perform"
    )
    assert [r[4] for r in rows] == [f"{status} {why}" for status, why in STATUS.values()]
    badges = [
        (span.all_text, span.attrs["class"])
        for span in section.find_all("span")
        if "badge" in span.attrs.get("class", "") and span.all_text in _LABELS
    ]
    # Status in words on every badge, coloured by what the rules make of it.
    assert badges == [
        ("current", "badge b-pass"),
        ("current with a bridge letter", "badge b-pass"),
        ("stale", "badge b-warning"),
        ("stale", "badge b-warning"),
        ("stale", "badge b-warning"),
        ("missing", "badge b-warning"),
        ("not needed", "badge b-neutral"),
        ("not judged", "badge b-neutral"),
    ]


_LABELS = {status for status, _ in STATUS.values()}


def test_csv_appends_the_performing_organizations_status(vendors: Path) -> None:
    rows = csv_rows(report(vendors, "csv"))
    assert list(rows[0])[-1] == "Subservice report status"
    cells = {r["Control ID"]: r["Subservice report status"] for r in rows}
    assert cells == {
        "GOV-01": "",
        "PAY-01": "soc2-2026: not needed: inclusive, so its controls are tested in this "
        "examination",
    }


def test_a_real_process_reports_the_stale_vendor(vendors: Path) -> None:
    run = run_subprocess("report", vendors, "--format", "markdown", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert (
        "| stale: Stale Mail | carve-out | Type 2, period ending 2025-09-30 | received "
        "2025-11-14, reviewed by Alice Owner; no bridge letter | stale: ends 2025-09-30, more "
        "than 3 months before the period ends 2026-06-30; no bridge letter | — |"
    ) in run.stdout.splitlines()


def test_the_reports_and_the_findings_name_the_same_organizations(vendors: Path) -> None:
    findings = validate_json(vendors).findings
    stale = {f["subject"] for f in findings if f["rule"] == "subservice-report-stale"}
    missing = {f["subject"] for f in findings if f["rule"] == "subservice-report-missing"}
    assert stale == {org for org, (status, _) in STATUS.items() if status == "stale"}
    assert missing == {org for org, (status, _) in STATUS.items() if status == "missing"}


def test_a_type1_examination_judges_age_at_the_evaluation_date(program: Make) -> None:
    """A SOC 2 Type 1 report as of 2026-06-30: a vendor report as of 2025-09-30 is current on
    2026-09-30 and stale the next day (more than 12 months old), unless a letter reaches the
    as-of date."""
    type1 = SYSTEM.replace(
        "    type: 2\n    period: {start: 2026-01-01, end: 2026-06-30}\n",
        "    type: 1\n    as_of: 2026-06-30\n",
    )
    assert type1 != SYSTEM

    def system(letter: str) -> str:
        return type1 + (
            "subservice_organizations:\n"
            "  - id: aws\n"
            "    name: AWS\n"
            "    method: carve-out\n"
            "    csocs: [{id: CSOC-1, description: Entry is restricted., criteria: [CC6.4]}]\n"
            "    soc_report: {type: 1, as_of: 2025-09-30, received_on: 2025-10-10, "
            f"reviewed_by: alice{letter}}}\n"
        )

    root = program(system=system(""))

    def status(today: str) -> str:
        run = run_cli("report", root, "--today", today)
        assert run.exit_code == 0, run.stderr
        lines = block(run.stdout, "  Subservice organizations:")
        return lines[3].removeprefix("      Report status: ")

    assert status("2026-09-30") == (
        "current: is as of 2025-09-30, no more than 12 months before today (2026-09-30)"
    )
    assert status("2026-10-01") == (
        "stale: is as of 2025-09-30, more than 12 months before today (2026-10-01), for the "
        "as-of date 2026-06-30; no bridge letter"
    )
    root = program(system=system(", bridge_letter_through: 2026-06-30"))
    assert status("2026-10-01") == (
        "current with a bridge letter: is as of 2025-09-30, more than 12 months before today "
        "(2026-10-01), for the as-of date 2026-06-30; bridge letter through 2026-06-30, "
        "reaching the as-of date"
    )


# ------------------------------------------------------------- one judgment, two outputs

_DATES = st.dates(dt.date(2024, 1, 1), dt.date(2027, 6, 30))


@st.composite
def _vendor(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["type1", "type2", "none-carve-out", "none-inclusive"]))
    if kind == "none-carve-out":
        return "method: carve-out"
    if kind == "none-inclusive":
        return "method: inclusive"
    method = draw(st.sampled_from(["carve-out", "inclusive"]))
    date = draw(_DATES)
    key = "as_of" if kind == "type1" else "period_end"
    bridge = draw(st.none() | _DATES)
    letter = "" if bridge is None else f", bridge_letter_through: {bridge}"
    return (
        f"method: {method}\n    soc_report: {{type: {kind[-1]}, {key}: {date}, "
        f"received_on: {date}, reviewed_by: alice{letter}}}"
    )


_TWO_REPORTS = SYSTEM.replace(
    "reports:\n",
    "reports:\n  - {id: t1, framework: soc2, type: 1, as_of: 2026-06-30, categories: [security]}\n",
)
"""The baseline SOC 2 Type 2 report and a Type 1 report as of its last day."""


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(vendors=st.lists(_vendor(), min_size=1, max_size=6), today=_DATES)
def test_every_status_shown_agrees_with_the_findings(
    tmp_path_factory: pytest.TempPathFactory, vendors: list[str], today: dt.date
) -> None:
    """Whatever the dates: a report shows 'stale' exactly where subservice-report-stale fires
    for that report, and 'missing' exactly where subservice-report-missing fires."""
    # Each with a CSOC item, so the program draws scope and the reports list every vendor.
    orgs = "".join(
        f"  - id: v{i}\n    name: Vendor {i}\n    {spec}\n"
        f"    csocs: [{{id: C{i}, description: Entry is restricted., criteria: [CC6.4]}}]\n"
        for i, spec in enumerate(vendors)
    )
    root = write_program(
        tmp_path_factory.mktemp("agree"), system=_TWO_REPORTS + "subservice_organizations:\n" + orgs
    )
    result = check(load_program(root), Options(today=today))
    fired = {
        (f.rule, f.subject, f.report)
        for f in result.findings
        if f.rule in ("subservice-report-stale", "subservice-report-missing")
    }
    shown = set()
    views = build(result, today).reports
    assert [v.id for v in views] == ["t1", "soc2-2026"]
    for view in views:
        for vendor in view.vendors:
            if vendor.report_status == "stale":
                shown.add(("subservice-report-stale", vendor.id, view.id))
            elif vendor.report_status == "missing":
                shown.add(("subservice-report-missing", vendor.id, None))
    assert shown == fired


def test_the_documented_statuses_are_the_ones_shown() -> None:
    """docs/reports.md's table of statuses quotes the reasons this program's reports print."""
    text = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")
    start = text.index("<!-- vendor-report-statuses:")
    rows = text[start:].split("\n\n", 1)[0].splitlines()[3:]
    documented = [
        (cells[1], cells[3].strip("`"))
        for row in rows
        if (cells := [c.strip() for c in row.split("|")])
    ]
    assert documented == [
        STATUS[org] for org in ("fresh", "bridged", "stale", "absent", "payco", "garbled")
    ]
