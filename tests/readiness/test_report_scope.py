"""Scope as an auditor draws it in the readiness reports (issue 16): per report, the controls
in scope (with `reports` and `effective` honoured) and the key controls, the systems and their
components, the subservice organizations and their SOC reports, the CSOCs and CUECs that map
the report's items, and the changes and incidents dated within it. Every format, through the
CLI; hostile text in every new field neutralised; a program without the new keys unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    SYSTEM,
    TODAY,
    dedent,
    passing_test_block,
    run_cli,
    run_subprocess,
)
from tests.readiness.conftest import Element, parse_html
from tests.test_old_programs import OLD_SAAS

FINTECH = EXAMPLES / "fintech"

NEW_SECTIONS = (
    "Controls in scope",
    "Scoped out",
    "Systems",
    "Subservice organizations",
    "CSOCs",
    "CUECs",
    "Changes during",
    "Incidents during",
)
"""What the new sections are headed (in every format); none appears in a report that has
nothing to show under it."""


def report(root: Path, fmt: str, *args: str) -> str:
    run = run_cli("report", root, "--format", fmt, "--today", TODAY, *args)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def block(text: str, first: str) -> list[str]:
    """The lines from the one equal to ``first`` to the next blank line."""
    lines = text.splitlines()
    start = lines.index(first)
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def md_table(text: str, header: str) -> list[list[str]]:
    """Rows of the Markdown table whose header line is exactly ``header``."""
    lines = text.splitlines()
    start = lines.index(header)
    assert re.fullmatch(r"(\|---:?)+\|", lines[start + 1]), lines[start + 1]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        assert len(cells) == header.count("|") - 1, line
        rows.append([c.strip() for c in cells])
    return rows


def html_table(section: Element, caption: str) -> list[list[str]]:
    """Body rows of the table with that caption, as cell texts."""
    for table in section.find_all("table"):
        if table.find("caption").all_text == caption:
            body = table.find("tbody")
            # all_text joins an element's parts with spaces: 'TAX-03 , TAX-04' for two links.
            return [
                [cell.all_text.replace(" , ", ", ") for cell in row.children]
                for row in body.find_all("tr")
            ]
    raise AssertionError(f"no table captioned {caption!r}")


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


# ------------------------------------------------------------------------- examples/fintech


def test_text_shows_the_soc1_scope_of_fintech() -> None:
    text = report(FINTECH, "text", "--report", "soc1-2026")
    scope = block(text, "  Controls in scope: 25 (22 key)")
    assert scope[1:3] == [
        "    Control  Key  Layer             Operated                  Status  Title",
        "    -------  ---  ----------------  ------------------------  ------  -----",
    ]
    rows = {line.split()[0]: line for line in scope[3:]}
    assert len(rows) == 25 and "OPS-04" in rows  # scoped to the SOC 1 report
    assert rows["SET-01"] == (
        "    SET-01   yes  business-process  2026-01-01 to 2026-04-30  tested  "
        "ACH files reconciled to approved payrolls before and after transmission"
    )
    assert rows["SET-03"] == (
        "    SET-03   yes  business-process  2026-05-01 to 2026-06-30  tested  "
        "Settlement gateway balances ACH files and requires dual release"
    )
    assert rows["TAX-04"] == (
        "    TAX-04   no   itgc              throughout                tested  "
        "TaxBridge filing system access restricted and reviewed quarterly (inclusive)"
    )
    assert "Scoped out" not in text
    assert block(text, "    taxbridge-filing: TaxBridge filing system") == [
        "    taxbridge-filing: TaxBridge filing system",
        "      TaxBridge's system that builds the daily deposit and filing schedule from "
        "Harborpoint's liability files and records agency acknowledgements (inclusive method).",
        "      Software: TaxBridge deposit and filing scheduler",
        "      People: TaxBridge filing operations",
        "      Data: Harborpoint liability files and agency acknowledgements",
        "      IT general controls: TAX-04",
        "      Other controls: TAX-03",
    ]
    assert block(text, "  Subservice organizations:") == [
        "  Subservice organizations:",
        "    azure: Microsoft Corporation (Microsoft Azure), carve-out",
        "      SOC report: Type 2, period ending 2026-03-31; received 2026-05-15, reviewed by "
        "Ifeoma Adeyemi; bridge letter through 2026-06-30",
        "      Report status: current: ends 2026-03-31, no more than 3 months before the period "
        "ends 2026-06-30",
        "    taxbridge: TaxBridge Filing Services, LLC, inclusive",
        "      SOC report: none recorded",
        "      Report status: not needed: inclusive, so its controls are tested in this "
        "examination",
        "      Controls in scope: TAX-03, TAX-04",
    ]
    # CSOC-AZ-3 maps only SOC 2 criteria: it is not in the SOC 1 report.
    csocs = block(text, "  CSOCs:")
    assert [line.split(" maps ")[0].strip() for line in csocs[1:]] == [
        "CSOC-AZ-1 (azure)",
        "CSOC-AZ-2 (azure)",
        "CSOC-AZ-4 (azure)",
        "CSOC-AZ-5 (azure)",
    ]
    assert csocs[1] == (
        "    CSOC-AZ-1 (azure) maps CO-01: Physical access to the data centers hosting "
        "Harborpoint's environment is restricted to authorized personnel."
    )
    cuecs = block(text, "  CUECs:")
    assert len(cuecs) == 7
    assert cuecs[4] == (
        "    CUEC-04 maps CO-10, complements SET-02: Clients fund the payroll and tax impound "
        "amounts by the funding deadline and tell Harborpoint promptly about changes to their "
        "bank accounts."
    )
    changes = block(text, "  Changes during the period:")
    assert len(changes) == 3
    assert changes[1].startswith("    2026-04-06: Multi-factor authentication became mandatory")
    assert changes[2].startswith("    2026-05-01 (SET-01, SET-03): Direct-deposit files moved")
    incidents = block(text, "  Incidents during the period:")
    assert incidents[1].startswith(
        "    2026-02-20 INC-2026-007 (CC7.3, CC7.4): A client's payroll administrator account"
    )


def test_text_says_why_a_shared_control_is_out_of_the_soc2_report() -> None:
    text = report(FINTECH, "text", "--report", "soc2-2026")
    assert "  Controls in scope: 26 (19 key)" in text.splitlines()
    assert "  Scoped out: OPS-04 (reports: soc1-2026)" in text.splitlines()
    assert not re.search(r"^    OPS-04 ", text, re.M)
    # The SOC 2 report's CSOCs map its criteria; CSOC-AZ-3 is among them.
    assert (
        "    CSOC-AZ-3 (azure) maps CC6.5, C1.2: Storage media are sanitized or destroyed "
        "before leaving Microsoft's custody."
    ) in text.splitlines()
    # CUEC-01 complements PAY-01, which is in the SOC 1 report only.
    assert re.search(r"^    CUEC-01 maps CC6\.2, complements no control in scope: ", text, re.M)
    systems = block(text, "  Systems:")
    workforce = systems.index(
        "    workforce-it: Corporate identity, endpoints and security tooling"
    )
    assert systems[workforce + 7 : workforce + 9] == [
        "      IT general controls: AC-01, AC-02, AC-03, AC-04, AC-05, OPS-02, OPS-03",
        "      Other controls: GOV-04, HR-01, HR-02",
    ]


def test_markdown_shows_the_scope_of_fintech() -> None:
    text = report(FINTECH, "markdown", "--report", "soc1-2026")
    assert "### Controls in scope (25, 22 key)" in text
    scope = md_table(text, "| Control | Key | Layer | Operated | Status | Title |")
    assert len(scope) == 25
    assert {r[0]: r for r in scope}["SET-03"] == [
        "SET-03",
        "yes",
        "business-process",
        "2026-05-01 to 2026-06-30",
        "tested",
        "Settlement gateway balances ACH files and requires dual release",
    ]
    systems = md_table(
        text, "| System | Name | Components | IT general controls | Other controls |"
    )
    assert [r[0] for r in systems] == ["payroll-platform", "workforce-it", "taxbridge-filing"]
    assert systems[2] == [
        "taxbridge-filing",
        "TaxBridge filing system — TaxBridge's system that builds the daily deposit and filing "
        "schedule from Harborpoint's liability files and records agency acknowledgements "
        "(inclusive method).",
        "Software: TaxBridge deposit and filing scheduler<br>People: TaxBridge filing "
        "operations<br>Data: Harborpoint liability files and agency acknowledgements",
        "TAX-04",
        "TAX-03",
    ]
    assert md_table(
        text,
        "| Organization | Method | SOC report | Review | Report status | Controls in scope |",
    ) == [
        [
            "azure: Microsoft Corporation (Microsoft Azure)",
            "carve-out",
            "Type 2, period ending 2026-03-31",
            "received 2026-05-15, reviewed by Ifeoma Adeyemi; bridge letter through 2026-06-30",
            "current: ends 2026-03-31, no more than 3 months before the period ends 2026-06-30",
            "—",
        ],
        [
            "taxbridge: TaxBridge Filing Services, LLC",
            "inclusive",
            "none recorded",
            "—",
            "not needed: inclusive, so its controls are tested in this examination",
            "TAX-03, TAX-04",
        ],
    ]
    csocs = md_table(text, "| CSOC | Organization | Maps | Description |")
    assert [r[:3] for r in csocs] == [
        ["CSOC-AZ-1", "azure", "CO-01"],
        ["CSOC-AZ-2", "azure", "CO-03"],
        ["CSOC-AZ-4", "azure", "CO-02"],
        ["CSOC-AZ-5", "azure", "CO-03"],
    ]
    cuecs = md_table(text, "| CUEC | Maps | Complements | Description |")
    assert [r[:3] for r in cuecs][1] == ["CUEC-02", "CO-05, CO-06", "PAY-02, PAY-03"]
    changes = md_table(text, "| Date | Controls | Description |")
    assert [r[:2] for r in changes] == [["2026-04-06", "—"], ["2026-05-01", "SET-01, SET-03"]]
    incidents = md_table(text, "| Date | Incident | Criteria | Description |")
    assert [r[:3] for r in incidents] == [["2026-02-20", "INC-2026-007", "CC7.3, CC7.4"]]
    assert "### Changes during the period" in text and "### Incidents during the period" in text


def test_html_shows_the_scope_of_fintech() -> None:
    doc = parse_html(report(FINTECH, "html")).root
    soc1, soc2 = doc.by_id("report-soc1-2026"), doc.by_id("report-soc2-2026")
    scope = html_table(
        soc1, "Controls soc1-2026 examines: key flag, layer, and the days they operated"
    )
    assert len(scope) == 25
    assert {r[0]: r for r in scope}["SET-01"] == [
        "SET-01",
        "yes",
        "business-process",
        "2026-01-01 to 2026-04-30",
        "tested",
        "ACH files reconciled to approved payrolls before and after transmission",
    ]
    assert [h.all_text for h in soc1.find_all("h3")][-7:] == [
        "Controls in scope (25, 22 key)",
        "Systems",
        "Subservice organizations",
        "CSOCs",
        "CUECs",
        "Changes during the period",
        "Incidents during the period",
    ]
    vendors = html_table(
        soc1, "Subservice organizations, their SOC reports, and the controls they perform"
    )
    assert vendors == [
        [
            "Microsoft Corporation (Microsoft Azure) (azure)",
            "carve-out",
            "Type 2, period ending 2026-03-31",
            "received 2026-05-15, reviewed by Ifeoma Adeyemi; bridge letter through 2026-06-30",
            # The status's badge, then its reason.
            "current ends 2026-03-31, no more than 3 months before the period ends 2026-06-30",
            "—",
        ],
        [
            "TaxBridge Filing Services, LLC (taxbridge)",
            "inclusive",
            "none recorded",
            "—",
            "not needed inclusive, so its controls are tested in this examination",
            "TAX-03, TAX-04",
        ],
    ]
    systems = html_table(soc1, "Systems, their components and the controls of soc1-2026 on them")
    assert systems[1][3] == "AC-01, AC-02, AC-03, AC-04, AC-05"
    changes = html_table(soc1, "Significant changes during the period of soc1-2026")
    assert [r[:2] for r in changes] == [["2026-04-06", "—"], ["2026-05-01", "SET-01, SET-03"]]
    assert html_table(soc1, "Incidents during the period of soc1-2026")[0][:3] == [
        "2026-02-20",
        "INC-2026-007",
        "CC7.3, CC7.4",
    ]
    assert soc2.find("p", "note").all_text == "Scoped out: OPS-04 (reports: soc1-2026)"
    # Links in the scope table lead to the control cards.
    first = soc1.find("table", "scope").find("tbody").find("a")
    assert first.attrs["href"] == "#control-AC-01"
    doc.by_id("control-AC-01")
    # The control card shows the scope keys that are written, and the change naming it.
    card = doc.by_id("control-SET-03")
    facts = {
        div.find("dt").all_text: div.find("dd").all_text
        for div in card.find("dl", "facts").children
    }
    assert {k: facts[k] for k in ("Layer", "Systems", "Effective")} == {
        "Layer": "business-process",
        "Systems": "Harborpoint Payroll Platform (payroll-platform)",
        "Effective": "from 2026-05-01",
    }
    assert "Scoped to" not in facts and "Performed by" not in facts
    assert doc.by_id("control-OPS-04").all_text.count("Scoped to soc1-2026") == 1
    tax03 = doc.by_id("control-TAX-03").all_text
    assert "Performed by TaxBridge Filing Services, LLC (taxbridge)" in tax03
    assert "CUECs CUEC-05" in tax03
    assert "Changes 2026-05-01: Direct-deposit files moved" in card.all_text


def test_html_for_one_report_links_only_to_cards_it_has() -> None:
    """With --report soc2-2026, OPS-04 (SOC 1 only) has no card: it is named, not linked."""
    doc = parse_html(report(FINTECH, "html", "--report", "soc2-2026")).root
    ids = {e.attrs["id"] for e in doc.find_all() if "id" in e.attrs}
    assert {a.attrs["href"][1:] for a in doc.find_all("a")} <= ids
    note = doc.by_id("report-soc2-2026").find("p", "note")
    assert note.all_text == "Scoped out: OPS-04 (reports: soc1-2026)"
    assert note.find_all("a") == []
    assert "control-OPS-04" not in ids


def test_csv_carries_each_controls_scope() -> None:
    rows = {r["Control ID"]: r for r in csv_rows(report(FINTECH, "csv"))}
    set03, tax03, ops04, gov01 = rows["SET-03"], rows["TAX-03"], rows["OPS-04"], rows["GOV-01"]
    assert {k: set03[k] for k in ("Layer", "Systems", "Effective", "Scoped to", "CUECs")} == {
        "Layer": "business-process",
        "Systems": "payroll-platform (Harborpoint Payroll Platform)",
        "Effective": "from 2026-05-01",
        "Scoped to": "all",
        "CUECs": "",
    }
    assert set03["Changes"].startswith("2026-05-01: Direct-deposit files moved from manual upload")
    assert rows["SET-01"]["Effective"] == "until 2026-04-30"
    assert (ops04["Scoped to"], ops04["Status"]) == ("soc1-2026", "soc1-2026: tested")
    assert (tax03["Subservice organization"], tax03["CUECs"]) == (
        "taxbridge (TaxBridge Filing Services, LLC)",
        "CUEC-05",
    )
    assert rows["AC-01"]["Systems"] == (
        "payroll-platform (Harborpoint Payroll Platform)\n"
        "workforce-it (Corporate identity, endpoints and security tooling)"
    )
    assert (gov01["Layer"], gov01["Systems"], gov01["Changes"]) == ("entity-level", "", "")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "  Scoped out: OPS-04 (reports: soc1-2026)\n"),
        ("markdown", "| SET-03 | yes | business-process | 2026-05-01 to 2026-06-30 | tested |"),
        ("html", "<h3>Controls in scope (26, 19 key)</h3>"),
        ("csv", '"SET-03","Settlement gateway balances ACH files and requires dual release"'),
    ],
)
def test_each_format_as_a_subprocess(fmt: str, expected: str) -> None:
    run = run_subprocess("report", FINTECH, "--format", fmt, "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    assert expected in run.stdout


# ----------------------------------------------------------- a program without the new keys


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_program_without_the_new_keys_shows_no_new_section(fmt: str) -> None:
    """examples/saas as it was before issues 15 and 16 (tests/data/old-programs) uses none of
    issue 16's keys (it has CUECs and plain-sentence CSOCs, as before): no scope section
    appears, not even empty."""
    text = report(OLD_SAAS, fmt)
    assert [s for s in NEW_SECTIONS if s in text] == []


# ------------------------------------------------------------------- the finer points


SCOPED_SYSTEM = SYSTEM.replace(
    "reports:\n",
    dedent(
        """
        reports:
          - id: soc2-t1
            framework: soc2
            type: 1
            as_of: 2026-06-30
            categories: [security]
        """
    ),
) + dedent(
    """
    subservice_organizations:
      - id: aws
        name: Amazon Web Services
        method: carve-out
        csocs:
          - Physical access to data centres is restricted.
          - {id: CSOC-1, description: Backups are replicated., criteria: [CC7.5]}
        soc_report: {type: 2, as_of: 2026-03-31, received_on: 2026-05-01, reviewed_by: alice}
    cuecs:
      - {id: CUEC-1, description: Customers review their users., controls: [AC-01]}
    changes:
      - {date: 2025-05-01, description: Before any report., controls: [AC-01]}
      - {date: 2025-12-01, description: In the Type 1 report's twelve months only.}
      - {date: 2026-03-01, description: In both reports., controls: [AC-01, NOPE-9]}
    """
)
"""A Type 2 report (Jan-Jun) and a Type 1 report (as of 2026-06-30); a sentence CSOC, a
vendor report the schema rejects (a Type 2 dated with as_of), a CUEC that maps nothing."""

SCOPED_CONTROLS = (
    dedent(
        """
        controls:
          - id: AC-01
            title: Access review
            description: Access is reviewed each quarter.
            owner: alice
            criteria: [CC6.2]
            key: true
            effective: {from: 2026-03-01}
        """
    )
    + passing_test_block("T-AC-01").replace("2026-03-02", "2026-03-09")
    + "  - id: AC-02\n"
    "    title: Retired review\n"
    "    description: The old access review.\n"
    "    owner: alice\n"
    "    criteria: [CC6.2]\n"
    "    effective: {to: 2025-12-31}\n"
    "  - id: AC-03\n"
    "    title: Type 1 only\n"
    "    description: Scoped to the Type 1 report.\n"
    "    owner: alice\n"
    "    criteria: [CC6.3]\n"
    "    reports: [soc2-t1]\n"
)


def test_effective_parts_reasons_report_days_and_unreadable_vendor_reports(
    program: Callable[..., Path],
) -> None:
    root = program(system=SCOPED_SYSTEM, controls={"ac.yaml": SCOPED_CONTROLS})
    text = report(root, "text")
    type2 = text[text.index("soc2-2026 (SOC 2 Type 2)") :]
    type1 = text[text.index("soc2-t1 (SOC 2 Type 1)") : text.index("soc2-2026 (SOC 2 Type 2)")]
    # Type 2: AC-01 operated from March; AC-02 retired before the period; AC-03 scoped out.
    assert re.search(r"^    AC-01    yes  -      2026-03-01 to 2026-06-30  tested  ", type2, re.M)
    assert (
        "  Scoped out: AC-02 (effective until 2025-12-31), AC-03 (reports: soc2-t1)"
        in type2.splitlines()
    )
    # Type 1: the as-of day is the whole of it, so AC-01 operated "throughout".
    assert re.search(r"^    AC-01    yes  -      throughout  ", type1, re.M)
    assert "  Scoped out: AC-02 (effective until 2025-12-31)" in type1.splitlines()
    # The vendor report written for the wrong type is not shown as if absent.
    assert "      SOC report: not readable (see its schema finding)" in type2.splitlines()
    # A sentence maps nothing and is listed in every report; CSOC-1 maps CC7.5.
    assert block(type2, "  CSOCs:")[1:] == [
        "    (a sentence) (aws) maps nothing: Physical access to data centres is restricted.",
        "    CSOC-1 (aws) maps CC7.5: Backups are replicated.",
    ]
    assert block(type2, "  CUECs:")[1:] == [
        "    CUEC-1 maps nothing, complements AC-01: Customers review their users."
    ]
    # Changes within the period (Type 2) and in the twelve months to the as-of date (Type 1);
    # a reference to no control is shown as written.
    assert block(type2, "  Changes during the period:")[1:] == [
        "    2026-03-01 (AC-01, NOPE-9): In both reports."
    ]
    assert block(type1, "  Changes in the 12 months to the as-of date:")[1:] == [
        "    2025-12-01: In the Type 1 report's twelve months only.",
        "    2026-03-01 (AC-01, NOPE-9): In both reports.",
    ]
    assert "Incidents during" not in text and "Systems" not in text


def test_one_new_key_brings_only_the_sections_it_fills(program: Callable[..., Path]) -> None:
    """A control with `layer` alone: the scope table appears (and the vendors, CUECs and CSOCs
    the program had all along, if any); no empty Systems, Changes or Incidents section."""
    control = dedent(
        """
        controls:
          - id: AC-01
            title: Access review
            description: Access is reviewed each quarter.
            owner: alice
            criteria: [CC6.2]
            layer: itgc
        """
    ) + passing_test_block("T-AC-01")
    root = program(controls={"ac.yaml": control})
    for fmt in ("text", "markdown", "html"):
        text = report(root, fmt)
        assert [s for s in NEW_SECTIONS if s in text] == ["Controls in scope"], fmt


# ------------------------------------------------------------------------------ hostile text

HOSTILE = "=HYPERLINK(1) <script>x</script> | *b* @alice #12 \\e]0;PWNED\\a\\nforged"
"""In a YAML double-quoted string: a formula, markup, a table pipe, Markdown emphasis, a
mention and an issue reference, a terminal escape and a line break."""


def _hostile_program(program: Callable[..., Path]) -> Path:
    h = f'"{HOSTILE}"'
    system = SYSTEM + dedent(
        f"""
        systems:
          - id: app
            name: {h}
            description: {h}
            components: {{software: [{h}], data: [{h}]}}
        subservice_organizations:
          - id: vendor
            name: {h}
            method: inclusive
            csocs:
              - {{id: CSOC-1, description: {h}, criteria: [CC6.4]}}
            soc_report: {{type: 1, as_of: 2026-03-31, received_on: 2026-04-02, reviewed_by: {h}}}
        cuecs:
          - {{id: CUEC-1, description: {h}, criteria: [CC6.2], controls: [AC-01]}}
        changes:
          - {{date: 2026-03-01, description: {h}, controls: [AC-01, {h}]}}
        incidents:
          - {{id: INC-1, date: 2026-03-02, description: {h}, criteria: [{h}]}}
        """
    )
    control = dedent(
        f"""
        controls:
          - id: AC-01
            title: Access review
            description: Access is reviewed each quarter.
            owner: alice
            criteria: [CC6.2]
            systems: [app, {h}]
            subservice_organization: {h}
            reports: [soc2-2026, {h}]
        """
    ) + passing_test_block("T-AC-01")
    return program(system=system, controls={"ac.yaml": control})


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv"])
def test_hostile_text_in_the_new_fields_is_neutralised(
    program: Callable[..., Path], fmt: str
) -> None:
    text = report(_hostile_program(program), fmt)
    assert "\x1b" not in text and "\x07" not in text
    if fmt == "text":
        # Every occurrence escaped and on one line: no forged line starts with 'forged'.
        assert "\\x1b]0;PWNED\\x07" in text
        assert not re.search(r"^forged", text, re.M)
        assert "Controls in scope: 2 (0 key)" in text  # the hostile text broke nothing
        assert text.count("\\x1b]0;PWNED") >= 10
    elif fmt == "markdown":
        assert "<script>" not in text
        mentions = re.findall(r"(?<![\w`])@[A-Za-z0-9]", text)
        references = re.findall(r"(?<!\\)#[0-9]", text)
        assert (mentions, references) == ([], [])
        # Pipes are escaped, so every row keeps its cells (md_table counts them).
        assert md_table(text, "| CSOC | Organization | Maps | Description |")[0][:3] == [
            "CSOC-1",
            "vendor",
            "CC6.4",
        ]
        assert len(md_table(text, "| Date | Controls | Description |")) == 1
        assert len(md_table(text, "| Date | Incident | Criteria | Description |")) == 1
        assert md_table(
            text,
            "| Organization | Method | SOC report | Review | Report status | Controls in scope |",
        )[0][1:3] == ["inclusive", "Type 1, as of 2026-03-31"]
        assert text.count("\\<script\\>") >= 10
    elif fmt == "html":
        doc = parse_html(text)
        assert "script" not in doc.start_tags
        assert text.count("&lt;script&gt;x&lt;/script&gt;") >= 10
        section = doc.root.by_id("report-soc2-2026")
        assert html_table(section, "Incidents during the period of soc2-2026")[0][1] == "INC-1"
    else:
        rows = csv_rows(text)
        ac01 = next(r for r in rows if r["Control ID"] == "AC-01")
        shown = "=HYPERLINK(1) <script>x</script> | *b* @alice #12 \\x1b]0;PWNED\\x07\nforged"
        assert ac01["Subservice organization"] == "'" + shown
        assert ac01["Scoped to"] == "soc2-2026; " + shown
        assert ac01["Systems"] == f"app ({shown})\n{shown}"
        assert ac01["Changes"] == f"2026-03-01: {shown}"
        assert not [
            (r["Control ID"], k)
            for r in rows
            for k, v in r.items()
            if v[:1] in ("=", "+", "-", "@", "\t", "\r")
        ]
