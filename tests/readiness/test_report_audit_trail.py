"""The Type 2 audit trail in the readiness reports (issue 15): per test the span sampled, the
phase, the population's source, the reviewer, retests and every deviation with management's
response; per control the evidence dates placed on each Type 2 report's period.

Every format is read back the way its reader reads it: the text line by line, the Markdown
with a CommonMark parser (GitHub's tables enabled), the CSV with the csv module, the HTML with
an HTML parser (and in tests/readiness/test_report_browser.py, in Chromium).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from soccheck.readiness.csv_matrix import COLUMNS
from tests.conftest import TODAY, dedent, run_cli, run_subprocess
from tests.readiness.conftest import (
    TRAIL_SYSTEM,
    Element,
    make_trail_program,
    parse_html,
    without_spans,
)

TRAIL_COLUMNS = COLUMNS[COLUMNS.index("Covers") : COLUMNS.index("Deviations") + 1]


def report(root: Path, fmt: str, *args: str) -> str:
    run = run_cli("report", root, "--format", fmt, "--today", TODAY, *args)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text[1:], newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


# ------------------------------------------------------------------- Markdown, as parsed


@dataclass
class Cell:
    text: str
    """What a reader sees: text and code spans, without the empty comments that break
    mentions."""
    markup: list[str] = field(default_factory=list)
    """Every other inline element the parser made of the cell (emphasis, links, raw HTML)."""


def _cell(inline: Token) -> Cell:
    cell = Cell("")
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            cell.text += child.content
        elif child.type == "html_inline" and child.content == "<!-- -->":
            continue
        else:
            cell.markup.append(f"{child.type}:{child.content}")
    return cell


def markdown_tables(text: str) -> dict[str, list[list[Cell]]]:
    """The document's tables (header row first) by the heading just before them, for the
    headings with exactly one table."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: dict[str, list[list[list[Cell]]]] = {}
    heading = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
        elif token.type == "table_open":
            found.setdefault(heading, []).append([])
        elif token.type == "tr_open":
            found[heading][-1].append([])
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            found[heading][-1][-1].append(_cell(token))
    return {heading: tables[0] for heading, tables in found.items() if len(tables) == 1}


def texts(rows: list[list[Cell]]) -> list[list[str]]:
    return [[cell.text for cell in row] for row in rows]


# ---------------------------------------------------------------------------- the program


def test_text_report_shows_the_audit_trail(trail: Path) -> None:
    text = report(trail, "text")
    section = text[text.index("\nAudit trail\n") + 1 :]
    assert section == (
        "Audit trail\n"
        "===========\n"
        "\n"
        "AC-01: Quarterly access review\n"
        "  T-AC-01-I (operating; inquiry, inspection): performed 2026-04-10 by Tom Tester, "
        "result fail\n"
        "    Population 1, sample 1, 1 exception\n"
        "    Covers: 2026-01-01 to 2026-03-31 (interim)\n"
        "    Population source: Jira export of review tickets, reconciled to the calendar.\n"
        "    Reviewed: by Rita Reviewer on 2026-04-15\n"
        "    Retested by: T-AC-01-R\n"
        "    Deviation: 2026-Q1 review: The review was signed off 20 days late.\n"
        "      Cause: The reviewer was on leave.\n"
        "      Management response: A backup reviewer is named for each quarter.\n"
        "      Remediated on: 2026-04-20\n"
        "      Compensating controls: GOV-01\n"
        "  T-AC-01-R (operating; inspection): performed 2026-07-06 by Tom Tester, result pass\n"
        "    Population 1, sample 1, 0 exceptions\n"
        "    Covers: 2026-04-01 to 2026-06-30 (roll-forward)\n"
        "    Reviewed: by Rita Reviewer on 2026-07-08\n"
        "    Retest of: T-AC-01-I\n"
        "  Evidence timeline, soc2-2026, period 2026-01-01 to 2026-06-30; evidence: 1 before "
        "the period, 1 in the period, 1 after the period, 1 undated\n"
        "    2025-12-15 before the period: evidence/ac/review-2025-q4.csv\n"
        "    2026-03-31 in the period: evidence/ac/review-2026-q1.csv\n"
        "    2026-07-10 after the period: https://tickets.example.com/ACC-7\n"
        "    undated: evidence/ac/procedure.md\n"
        "    T-AC-01-I sampled 2026-01-01 to 2026-03-31 (interim)\n"
        "    T-AC-01-R sampled 2026-04-01 to 2026-06-30 (roll-forward)\n"
        "\n"
        "GOV-01: Security program\n"
        "  T-GOV-01 (operating; inspection): performed 2026-03-01 by Tom Tester, result pass\n"
        "    Population 1, sample 1, 0 exceptions\n"
    )


def test_markdown_report_shows_the_audit_trail(trail: Path) -> None:
    tables = markdown_tables(report(trail, "markdown"))
    assert texts(tables["Tests"]) == [
        [
            "Control",
            "Test",
            "Kind",
            "Method",
            "Performed",
            "Covers",
            "Population",
            "Sample",
            "Exceptions",
            "Result",
            "Reviewed",
        ],
        [
            "AC-01",
            "T-AC-01-I",
            "operating",
            "inquiry, inspection",
            "2026-04-10 by Tom Tester",
            "2026-01-01 to 2026-03-31 (interim)",
            "1",
            "1",
            "1",
            "fail (retested by T-AC-01-R)",
            "Rita Reviewer on 2026-04-15",
        ],
        [
            "AC-01",
            "T-AC-01-R",
            "operating",
            "inspection",
            "2026-07-06 by Tom Tester",
            "2026-04-01 to 2026-06-30 (roll-forward)",
            "1",
            "1",
            "0",
            "pass (retest of T-AC-01-I)",
            "Rita Reviewer on 2026-07-08",
        ],
        [
            "GOV-01",
            "T-GOV-01",
            "operating",
            "inspection",
            "2026-03-01 by Tom Tester",
            "—",
            "1",
            "1",
            "0",
            "pass",
            "—",
        ],
    ]
    assert texts(tables["Population sources"]) == [
        ["Test", "Population source"],
        ["T-AC-01-I", "Jira export of review tickets, reconciled to the calendar."],
    ]
    assert texts(tables["Deviations"]) == [
        [
            "Test",
            "Deviation",
            "Description",
            "Cause",
            "Management response",
            "Remediated on",
            "Compensating controls",
        ],
        [
            "T-AC-01-I",
            "2026-Q1 review",
            "The review was signed off 20 days late.",
            "The reviewer was on leave.",
            "A backup reviewer is named for each quarter.",
            "2026-04-20",
            "GOV-01",
        ],
    ]
    period = "2026-01-01 to 2026-06-30"
    assert texts(tables["Evidence timeline"]) == [
        ["Control", "Report", "Period", "Evidence as of", "Placement", "Evidence"],
        ["AC-01", "soc2-2026", period, "2025-12-15", "before the period", REVIEW_Q4],
        ["AC-01", "soc2-2026", period, "2026-03-31", "in the period", REVIEW_Q1],
        ["AC-01", "soc2-2026", period, "2026-07-10", "after the period", TICKET],
        ["AC-01", "soc2-2026", period, "—", "undated", "evidence/ac/procedure.md"],
    ]


REVIEW_Q4 = "evidence/ac/review-2025-q4.csv"
REVIEW_Q1 = "evidence/ac/review-2026-q1.csv"
TICKET = "https://tickets.example.com/ACC-7"


def test_csv_matrix_shows_the_audit_trail(trail: Path) -> None:
    rows = {row["Test ID"]: row for row in csv_rows(report(trail, "csv"))}
    interim, retest = rows["T-AC-01-I"], rows["T-AC-01-R"]
    assert [interim[c] for c in TRAIL_COLUMNS] == [
        "2026-01-01 to 2026-03-31",
        "interim",
        "Jira export of review tickets, reconciled to the calendar.",
        "Rita Reviewer",
        "2026-04-15",
        "",
        "2026-Q1 review: The review was signed off 20 days late.; cause: The reviewer was on "
        "leave.; management response: A backup reviewer is named for each quarter.; remediated "
        "on: 2026-04-20; compensating controls: GOV-01",
    ]
    assert [retest[c] for c in TRAIL_COLUMNS] == [
        "2026-04-01 to 2026-06-30",
        "roll-forward",
        "",
        "Rita Reviewer",
        "2026-07-08",
        "T-AC-01-I",
        "",
    ]
    assert interim["Method"] == "inquiry; inspection"
    assert interim["Evidence"].split("\n") == [
        f"{REVIEW_Q4} (Q4 2025 review.), as of 2025-12-15",
        f"{REVIEW_Q1} (Q1 2026 review.), as of 2026-03-31",
        f"{TICKET}, as of 2026-07-10",
        "evidence/ac/procedure.md (The review procedure.)",
    ]
    assert interim["Evidence timeline"].split("\n") == [
        "soc2-2026, period 2026-01-01 to 2026-06-30; evidence: 1 before the period, 1 in the "
        "period, 1 after the period, 1 undated",
        f"  2025-12-15 before the period: {REVIEW_Q4}",
        f"  2026-03-31 in the period: {REVIEW_Q1}",
        f"  2026-07-10 after the period: {TICKET}",
        "  undated: evidence/ac/procedure.md",
        "  T-AC-01-I sampled 2026-01-01 to 2026-03-31 (interim)",
        "  T-AC-01-R sampled 2026-04-01 to 2026-06-30 (roll-forward)",
    ]
    gov = rows["T-GOV-01"]
    assert [gov[c] for c in (*TRAIL_COLUMNS, "Evidence timeline")] == [""] * 8


def _card(root: Element, control: str) -> Element:
    return root.by_id(f"control-{control}")


def test_html_report_shows_the_audit_trail(trail: Path) -> None:
    page = parse_html(report(trail, "html"))
    card = _card(page.root, "AC-01")
    trails = card.find_all("dl", "trail")
    assert [t.attrs["aria-label"] for t in trails] == [
        "Audit trail of T-AC-01-I",
        "Audit trail of T-AC-01-R",
    ]
    facts = [
        [
            (dt.all_text, dd.all_text)
            for dt, dd in zip(t.children[::2], t.children[1::2], strict=True)
        ]
        for t in trails
    ]
    assert facts == [
        [
            ("Covers", "2026-01-01 to 2026-03-31"),
            ("Phase", "interim"),
            ("Population source", "Jira export of review tickets, reconciled to the calendar."),
            ("Reviewed by", "Rita Reviewer on 2026-04-15"),
            ("Retested by", "T-AC-01-R"),
        ],
        [
            ("Covers", "2026-04-01 to 2026-06-30"),
            ("Phase", "roll-forward"),
            ("Reviewed by", "Rita Reviewer on 2026-07-08"),
            ("Retest of", "T-AC-01-I"),
        ],
    ]
    deviations = card.find("table", "deviations")
    assert deviations.find("caption").all_text == "Deviations found by T-AC-01-I"
    assert [c.all_text for c in deviations.find("tbody").find("tr").children] == [
        "2026-Q1 review",
        "The review was signed off 20 days late.",
        "The reviewer was on leave.",
        "A backup reviewer is named for each quarter.",
        "2026-04-20",
        "GOV-01",
    ]
    evidence = [li.all_text for li in card.find("ul", "evidence").find_all("li")]
    assert evidence == [
        f"{REVIEW_Q4} — Q4 2025 review. (as of 2025-12-15)",
        f"{REVIEW_Q1} — Q1 2026 review. (as of 2026-03-31)",
        f"{TICKET} (as of 2026-07-10)",
        "evidence/ac/procedure.md — The review procedure.",
    ]
    # The timeline is drawn (one marker per dated evidence item, a circle inside the period
    # and a diamond outside it; one bar per sampled span) and says the same in words.
    figure = card.find("figure", "timeline")
    assert figure.attrs["id"] == "timeline-AC-01-soc2-2026"
    svg = figure.find("svg")
    assert svg.attrs["role"] == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert svg.attrs["aria-labelledby"] == f"{title.attrs['id']} {desc.attrs['id']}"
    assert title.text == (
        "Evidence timeline of AC-01: soc2-2026, period 2026-01-01 to 2026-06-30; evidence: "
        "1 before the period, 1 in the period, 1 after the period, 1 undated"
    )
    assert desc.text.split("; ") == [
        f"2025-12-15 before the period: {REVIEW_Q4}",
        f"2026-03-31 in the period: {REVIEW_Q1}",
        f"2026-07-10 after the period: {TICKET}",
        "undated: evidence/ac/procedure.md",
        "T-AC-01-I sampled 2026-01-01 to 2026-03-31 (interim)",
        "T-AC-01-R sampled 2026-04-01 to 2026-06-30 (roll-forward)",
    ]
    markers = [m.find("title").text for m in svg.find_all("circle", "during")]
    assert markers == [f"2026-03-31, in the period: {REVIEW_Q1}"]
    outside = svg.find_all("path", "outside")
    assert [m.find("title").text for m in outside] == [
        f"2025-12-15, before the period: {REVIEW_Q4}",
        f"2026-07-10, after the period: {TICKET}",
    ]
    bars = svg.find_all("rect", "span")
    assert [b.find("title").text for b in bars] == [
        "T-AC-01-I sampled 2026-01-01 to 2026-03-31",
        "T-AC-01-R sampled 2026-04-01 to 2026-06-30",
    ]
    band = svg.find("rect", "band")
    # Placed on the axis: the interim span starts where the period does, the roll-forward
    # span ends where it ends, the earlier evidence lies left of the band, the later right.
    left, right = float(band.attrs["x"]), float(band.attrs["x"]) + float(band.attrs["width"])
    assert float(bars[0].attrs["x"]) == left
    assert float(bars[1].attrs["x"]) + float(bars[1].attrs["width"]) == pytest.approx(right, 0.2)
    first_marker, last_marker = (float(p.attrs["d"].split()[0][1:]) for p in outside)
    assert first_marker < left < float(svg.find("circle").attrs["cx"]) < right < last_marker
    assert figure.find("figcaption").all_text.startswith(
        "Evidence timeline, soc2-2026, period 2026-01-01 to 2026-06-30; evidence: 1 before"
    )
    # GOV-01 has neither dated evidence nor spans: no timeline and no trail rows.
    gov = _card(page.root, "GOV-01")
    assert not gov.find_all("figure") and not gov.find_all("dl", "trail")
    assert not gov.find_all("td", "trail")
    # No external asset and no script, timeline included.
    assert "script" not in page.start_tags
    assert not [t for t in page.root.find_all() if "href" in t.attrs and "//" in t.attrs["href"]]


# ---------------------------------------------------------------- retested, still disclosed


def test_a_remediated_and_retested_failure_still_lists_its_deviation(trail: Path) -> None:
    """Auditors disclose a deviation even after remediation and a passing retest, so every
    format keeps the failed test's deviation next to the retest that followed it."""
    deviation = "The review was signed off 20 days late."
    response = "A backup reviewer is named for each quarter."
    text = report(trail, "text")
    assert f"    Deviation: 2026-Q1 review: {deviation}\n" in text
    assert "    Retested by: T-AC-01-R\n" in text
    markdown = markdown_tables(report(trail, "markdown"))
    assert [row[2].text for row in markdown["Deviations"][1:]] == [deviation]
    rows = {r["Test ID"]: r for r in csv_rows(report(trail, "csv"))}
    assert response in rows["T-AC-01-I"]["Deviations"]
    page = parse_html(report(trail, "html"))
    assert deviation in _card(page.root, "AC-01").find("table", "deviations").all_text
    # --report keeps it too: the failed test is recorded for every report.
    only = report(trail, "text", "--report", "soc2-2026")
    assert f"    Deviation: 2026-Q1 review: {deviation}\n" in only


# -------------------------------------------------------------------------- hostile values

HOSTILE_URL = '=x"/></title></svg><script>alert(1)</script>|`'
HOSTILE = {
    "DEVIATION_ITEM": "-1 ticket @alice",
    "DEVIATION_DESCRIPTION": '=HYPERLINK("http://x") | <script>alert(1)</script> *b* \x1b[31m',
    "DEVIATION_RESPONSE": "@SUM(1) cc @alice about #12 <img src=x onerror=alert(1)> [a](b)",
    "DEVIATION_POPULATION_SOURCE": "+cmd|' /C calc'!A0 `x` \\ <b>bold</b>\u0007",
    "EVIDENCE_URL": HOSTILE_URL,
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return make_trail_program(tmp_path / "hostile", HOSTILE)


def test_hostile_trail_text_is_escaped_in_text(hostile: Path) -> None:
    text = report(hostile, "text")
    assert "\x1b" not in text and "\x07" not in text
    assert (
        '    Deviation: -1 ticket @alice: =HYPERLINK("http://x") | <script>alert(1)</script> '
        "*b* \\x1b[31m\n"
    ) in text
    assert "    Population source: +cmd|' /C calc'!A0 `x` \\ <b>bold</b>\\x07\n" in text
    assert f"    2026-07-10 after the period: {HOSTILE_URL}\n" in text


def test_hostile_trail_text_is_inert_in_markdown(hostile: Path) -> None:
    text = report(hostile, "markdown")
    tables = markdown_tables(text)
    row = tables["Deviations"][1]
    # One row of seven cells: no `|` split a cell, every value reads as written, and nothing
    # became markup (no HTML, emphasis or link) or a mention.
    assert len(row) == 7
    assert [cell.text for cell in row[1:3]] == [
        "-1 ticket @alice",
        '=HYPERLINK("http://x") | <script>alert(1)</script> *b* \\x1b[31m',
    ]
    assert row[4].text == "@SUM(1) cc @alice about #12 <img src=x onerror=alert(1)> [a](b)"
    source = tables["Population sources"][1]
    assert [cell.text for cell in source] == [
        "T-AC-01-I",
        "+cmd|' /C calc'!A0 `x` \\ <b>bold</b>\\x07",
    ]
    dated = tables["Evidence timeline"][3]
    assert len(dated) == 6 and dated[5].text == HOSTILE_URL
    cells = [*row, *source, *dated]
    assert [cell.markup for cell in cells] == [[]] * len(cells)
    # A mention would be '@alice' in one text run; the empty comment splits every one.
    assert "@alice" not in text.replace("@<!-- -->alice", "")
    assert "#12" not in text.replace("\\#<!-- -->12", "")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and "<img" not in html and "<b>" not in html


def test_hostile_trail_text_is_escaped_in_html(hostile: Path) -> None:
    raw = report(hostile, "html")
    page = parse_html(raw)
    assert page.start_tags.count("script") == 0 and "img" not in page.start_tags
    card = _card(page.root, "AC-01")
    cells = [c.all_text for c in card.find("table", "deviations").find("tbody").find("tr").children]
    assert cells[:2] == [
        "-1 ticket @alice",
        '=HYPERLINK("http://x") | <script>alert(1)</script> *b* \\x1b[31m',
    ]
    assert cells[3] == "@SUM(1) cc @alice about #12 <img src=x onerror=alert(1)> [a](b)"
    trail = card.find("dl", "trail").all_text
    assert "+cmd|' /C calc'!A0 `x` \\ <b>bold</b>\\x07" in trail
    # The URL stays text inside the drawing: one SVG, its marker's tooltip and description
    # hold the URL as written.
    svg = card.find("svg")
    assert len(page.root.find_all("svg")) == 1
    assert [m.find("title").text for m in svg.find_all("path", "outside")][1] == (
        f"2026-07-10, after the period: {HOSTILE_URL}"
    )
    assert f"2026-07-10 after the period: {HOSTILE_URL}; " in svg.find("desc").text
    assert "\x1b" not in raw and "\x07" not in raw


def test_hostile_trail_text_is_neutralised_in_csv(hostile: Path) -> None:
    rows = {r["Test ID"]: r for r in csv_rows(report(hostile, "csv"))}
    interim = rows["T-AC-01-I"]
    # Cells a spreadsheet would evaluate start with an apostrophe; the whole value survives.
    assert interim["Population source"] == "'+cmd|' /C calc'!A0 `x` \\ <b>bold</b>\\x07"
    assert interim["Deviations"] == (
        '\'-1 ticket @alice: =HYPERLINK("http://x") | <script>alert(1)</script> *b* '
        "\\x1b[31m; cause: The reviewer was on leave.; management response: @SUM(1) cc @alice "
        "about #12 <img src=x onerror=alert(1)> [a](b); remediated on: 2026-04-20; "
        "compensating controls: GOV-01"
    )
    assert f"\n  2026-07-10 after the period: {HOSTILE_URL}\n" in interim["Evidence timeline"]
    assert not [
        (r["Test ID"], k) for r in rows.values() for k, v in r.items() if v and v[0] in "=+-@\t\r"
    ]


# ------------------------------------------------------------------ programs without a trail


OLDER_CONTROLS = dedent(
    """
    controls:
      - id: AC-01
        title: Quarterly access review
        description: Owners review production access each quarter.
        owner: alice
        criteria: [CC6.1]
        frequency: quarterly
        evidence:
          - path: evidence/ac/review-2026-q1.csv
            description: Q1 2026 review.
        tests:
          - id: T-AC-01
            method: inspection
            procedure: Inspected the Q1 review and its sign-off.
            performed_on: 2026-04-10
            performed_by: tom
            population: 1
            sample_size: 1
            exceptions: 1
            result: exceptions
    """
)
"""A control as written for the format before issue 15: no audit-trail key at all."""


def test_a_program_without_the_trail_renders_as_before(program: Callable[..., Path]) -> None:
    """A program written for the earlier format gets no audit-trail section in text or
    Markdown (the text ends with the criteria table, the Markdown has only its report and
    findings), nothing of it in HTML (no trail rows, timelines or evidence dates), and the
    CSV keeps its audit-trail columns, empty (a fixed layout for spreadsheets and scripts)."""
    root = without_spans(
        program(
            controls={"access.yaml": OLDER_CONTROLS},
            extra={"evidence/ac/review-2026-q1.csv": "reviewer,date\n"},
        )
    )
    text = report(root, "text")
    assert "Audit trail" not in text
    assert re.fullmatch(r"  CC9\.2 +covered and tested +GOV-01 +\S.*", text.splitlines()[-1])
    markdown = report(root, "markdown")
    # (How many findings there are is the rules' business, not this test's.)
    assert [re.sub(r"\(\d+\)$", "(N)", h) for h in headings(markdown)] == [
        "Readiness report: Demo SaaS",
        "soc2-2026 (SOC 2 Type 2)",
        "Open findings (N)",
    ]
    page = parse_html(report(root, "html"))
    assert not page.root.find_all("figure") and not page.root.find_all("svg")
    assert not page.root.find_all("dl", "trail") and not page.root.find_all("td", "trail")
    assert not page.root.find_all("span", "as-of")
    assert not page.root.find_all("tr", "has-trail")
    assert page.root.by_id("control-AC-01").find("table", "tests")  # the tests are still there
    rows = csv_rows(report(root, "csv"))
    assert [r["Test ID"] for r in rows] == ["T-AC-01", "T-GOV-01"]
    assert {r[c] for r in rows for c in (*TRAIL_COLUMNS, "Evidence timeline")} == {""}


def test_a_span_outside_the_period_is_drawn_as_not_counting(program: Callable[..., Path]) -> None:
    """A test whose covers lies wholly before the period does not count for the report: its
    bar is grey and the words say so."""
    assert "        performed_on: 2026-04-10\n" in OLDER_CONTROLS
    controls = OLDER_CONTROLS.replace(
        "        performed_on: 2026-04-10\n",
        "        performed_on: 2026-01-10\n        covers: {start: 2025-07-01, end: 2025-12-31}\n",
    )
    root = program(
        controls={"access.yaml": controls},
        extra={"evidence/ac/review-2026-q1.csv": "reviewer,date\n"},
    )
    text = report(root, "text")
    assert (
        "  Evidence timeline, soc2-2026, period 2026-01-01 to 2026-06-30; evidence: 1 undated\n"
        "    undated: evidence/ac/review-2026-q1.csv\n"
        "    T-AC-01 sampled 2025-07-01 to 2025-12-31 (does not count)\n"
    ) in text
    svg = _card(parse_html(report(root, "html")).root, "AC-01").find("svg")
    (bar,) = svg.find_all("rect", "span")
    assert bar.classes == {"span", "no-count"}
    assert bar.find("title").text == "T-AC-01 sampled 2025-07-01 to 2025-12-31 (does not count)"
    assert float(bar.attrs["x"]) + float(bar.attrs["width"]) <= float(
        svg.find("rect", "band").attrs["x"]
    )


def headings(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_timelines_are_drawn_for_type_2_reports_only(program: Callable[..., Path]) -> None:
    """A Type 1 report has a date, not a period: there is nothing to place evidence on."""
    system = TRAIL_SYSTEM.replace(
        "people:",
        "  - id: soc2-type1\n    framework: soc2\n    type: 1\n    as_of: 2026-03-31\n"
        "    categories: [security]\npeople:",
    )
    root = make_trail_program(program(system=system).parent / "two-reports", system=system)
    rows = {r["Test ID"]: r for r in csv_rows(report(root, "csv"))}
    assert rows["T-AC-01-I"]["Status"] == "soc2-2026: tested; soc2-type1: tested"
    assert rows["T-AC-01-I"]["Evidence timeline"].startswith("soc2-2026, period ")
    assert "soc2-type1" not in rows["T-AC-01-I"]["Evidence timeline"]
    only_type1 = report(root, "html", "--report", "soc2-type1")
    assert "<figure" not in only_type1
    assert "(as of 2026-03-31)" in only_type1  # the evidence list still dates each item
    assert "<figure" in report(root, "html", "--report", "soc2-2026")


# ---------------------------------------------------------------------------- subprocess


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "    Deviation: 2026-Q1 review: The review was signed off 20 days late.\n"),
        ("markdown", "| T-AC-01-I | 2026-Q1 review | The review was signed off 20 days late. |"),
        ("csv", '"2026-01-01 to 2026-03-31","interim",'),
        ("html", '<svg xmlns="http://www.w3.org/2000/svg" role="img"'),
    ],
)
def test_report_subprocess_shows_the_audit_trail(trail: Path, fmt: str, expected: str) -> None:
    run = run_subprocess("report", trail, "--format", fmt, "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert expected in run.stdout
