"""The format additions of issue 16 (scope as an auditor draws it): every new key loads into its
record, a program written before them still loads with no schema finding, and every mistake
in one is a located finding (never a crash), in the CLI, the library and the published
schemas."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import soccheck
from soccheck.format.records import Csoc
from tests.conftest import SYSTEM, TODAY, dedent, passing_test_block, run_subprocess, validate_json
from tests.test_library import check_jsonschema

Make = Callable[..., Path]

SCOPE_SYSTEM = SYSTEM + dedent(
    """
    systems:
      - id: payments
        name: Payments platform
        description: Takes card payments and settles them daily.
        components:
          infrastructure: [AWS eu-west-1, three availability zones]
          software: [payments-api, PostgreSQL 15]
          people: [Platform team, Payments operations]
          procedures: [Daily settlement run, Change management]
          data: [Card transactions, Settlement files]
      - {id: ledger, name: General ledger}
    subservice_organizations:
      - id: aws
        name: Amazon Web Services
        method: carve-out
        csocs:
          - Physical access to data centres is restricted.
          - id: CSOC-AWS-1
            description: Backups are replicated to a second region.
            criteria: [A1.2]
          - {id: CSOC-AWS-2, description: Hypervisors are patched., criteria: [CC7.1]}
        soc_report:
          type: 2
          period_end: 2026-03-31
          received_on: 2026-05-10
          reviewed_by: alice
          bridge_letter_through: 2026-06-30
      - id: stripe
        name: Stripe
        method: carve-out
        csocs: [Card data is tokenised.]
        soc_report: {type: 1, as_of: 2026-02-28, received_on: 2026-03-15, reviewed_by: alice}
    cuecs:
      - id: CUEC-1
        description: Customers review their users' access each quarter.
        criteria: [CC6.2]
        controls: [AC-01]
    changes:
      - date: 2026-05-01
        description: Single sign-on replaced local passwords.
        controls: [AC-02]
    incidents:
      - id: INC-7
        date: 2026-03-14
        description: A two-hour outage of the payments API; restored from the standby.
        criteria: [A1.2]
    """
)
"""A system description using every key issue 16 added."""

SCOPE_CONTROLS = (
    "controls:\n"
    "  - id: AC-01\n"
    "    title: Annual access recertification\n"
    "    description: The platform lead recertifies production access every year.\n"
    "    owner: alice\n"
    "    criteria: [CC6.2]\n"
    "    frequency: annual\n"
    "    key: true\n"
    "    reports: [soc2-2026]\n"
    "    layer: itgc\n"
    "    systems: [payments, ledger]\n" + passing_test_block("T-AC-01") + "  - id: AC-02\n"
    "    title: Single sign-on\n"
    "    description: Every login to production goes through the identity provider.\n"
    "    owner: alice\n"
    "    criteria: [CC6.1]\n"
    "    layer: business-process\n"
    "    automation: automated\n"
    "    systems: [payments]\n"
    "    subservice_organization: aws\n"
    "    frequency: continuous\n"
    "    effective: {from: 2026-02-01}\n"
    "    tests:\n"
    "      - id: T-AC-02\n"
    "        method: inspection\n"
    "        procedure: Inspected the identity provider's sign-on policy and its change log.\n"
    "        performed_on: 2026-07-10\n"
    "        performed_by: tom\n"
    "        result: pass\n"
    "        covers: {start: 2026-02-01, end: 2026-06-30}\n"
    "        population: 1\n"
    "        sample_size: 1\n"
)
"""Controls using every key issue 16 added, with issue 15's complete Type 2 test records (an
annual review, tested once; a continuous automated control, tested once over the days it was
effective)."""


def _line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def _column_of(text: str, needle: str) -> int:
    offset = text.index(needle)
    return offset - text.rfind("\n", 0, offset)


def _scoped(program: Make, system: str = SCOPE_SYSTEM, controls: str = SCOPE_CONTROLS) -> Path:
    return program(controls={"access.yaml": controls}, system=system)


def test_a_program_using_every_new_key_is_clean_in_a_real_process(program: Make) -> None:
    """Clean but for what its vendors' keys leave open on purpose: the CSOCs written as
    sentences map nothing (unmapped-csoc), and Stripe's report, the Type 1 form of
    ``soc_report`` (``as_of``), cannot support a Type 2 examination
    (subservice-report-stale)."""
    run = run_subprocess("validate", _scoped(program), "--format", "json", "--today", TODAY)
    assert run.exit_code == 0, run.stdout + run.stderr
    sentence = "Physical access to data centres is restricted."
    tokenised = "Card data is tokenised."
    assert run.where("unmapped-csoc") == [
        (
            "system.yaml",
            _line_of(SCOPE_SYSTEM, sentence),
            _column_of(SCOPE_SYSTEM, sentence),
            "aws",
        ),
        (
            "system.yaml",
            _line_of(SCOPE_SYSTEM, tokenised),
            _column_of(SCOPE_SYSTEM, tokenised),
            "stripe",
        ),
    ]
    assert run.where("subservice-report-stale") == [
        ("system.yaml", *_at(SCOPE_SYSTEM, "1, as_of: 2026-02-28"), "stripe")
    ]
    assert run.rules() == ["unmapped-csoc", "unmapped-csoc", "subservice-report-stale"]


def _at(text: str, needle: str) -> tuple[int, int]:
    return _line_of(text, needle), _column_of(text, needle)


def test_every_new_key_reaches_its_record(program: Make) -> None:
    loaded = soccheck.load_program(_scoped(program))
    system = loaded.system
    assert system is not None
    payments, ledger = system.systems
    assert (payments.id, payments.name, ledger.components) == (
        "payments",
        "Payments platform",
        None,
    )
    assert payments.components is not None
    assert payments.components.software == ["payments-api", "PostgreSQL 15"]
    assert payments.components.data == ["Card transactions", "Settlement files"]
    aws, stripe = system.subservice_organizations
    sentence, first, second = aws.csocs
    assert sentence == "Physical access to data centres is restricted."
    assert isinstance(first, Csoc) and isinstance(second, Csoc)
    assert (first.id, first.criteria, first.objectives) == ("CSOC-AWS-1", ["A1.2"], [])
    assert second.description == "Hypervisors are patched."
    assert aws.soc_report is not None and stripe.soc_report is not None
    assert aws.soc_report.as_dict() == {
        "type": 2,
        "as_of": None,
        "period_end": dt.date(2026, 3, 31),
        "received_on": dt.date(2026, 5, 10),
        "reviewed_by": "alice",
        "bridge_letter_through": dt.date(2026, 6, 30),
    }
    assert (stripe.soc_report.type, stripe.soc_report.as_of) == (1, dt.date(2026, 2, 28))
    assert system.cuecs[0].controls == ["AC-01"]
    [change] = system.changes
    assert (change.date, change.controls) == (dt.date(2026, 5, 1), ["AC-02"])
    [incident] = system.incidents
    assert (incident.id, incident.date, incident.criteria) == (
        "INC-7",
        dt.date(2026, 3, 14),
        ["A1.2"],
    )
    ac01, ac02 = (c for c in loaded.controls if c.id in ("AC-01", "AC-02"))
    assert (ac01.reports, ac01.layer, ac01.systems, ac01.key) == (
        ["soc2-2026"],
        "itgc",
        ["payments", "ledger"],
        True,
    )
    assert (ac02.reports, ac02.subservice_organization) == (None, "aws")
    assert ac02.effective is not None
    assert (ac02.effective.from_, ac02.effective.to) == (dt.date(2026, 2, 1), None)


def test_a_program_written_before_the_new_keys_gets_the_defaults(program: Make) -> None:
    root = program(controls={"access.yaml": "controls:\n" + _old_control()})
    assert validate_json(root, "--select", "schema").findings == []
    loaded = soccheck.load_program(root)
    assert loaded.system is not None
    assert (loaded.system.systems, loaded.system.changes, loaded.system.incidents) == ([], [], [])
    control = next(c for c in loaded.controls if c.id == "AC-09")
    assert (control.reports, control.layer, control.systems) == (None, None, [])
    assert (control.subservice_organization, control.effective) == (None, None)


def _old_control() -> str:
    return (
        "  - id: AC-09\n"
        "    title: Old control\n"
        "    description: Written before issue 16.\n"
        "    owner: alice\n"
        "    criteria: [CC6.1]\n"
    ) + passing_test_block("T-AC-09", indent=4)


@pytest.mark.parametrize(
    ("old", "new", "at", "subject", "message"),
    [
        (
            "reports: [soc2-2026]",
            "reports: []",
            "[]",
            "AC-01",
            "reports must list at least 1 item(s)",
        ),
        (
            "layer: itgc",
            "layer: ITGC",
            "ITGC",
            "AC-01",
            "layer must be one of: entity-level, itgc, business-process; got 'ITGC'; did you "
            "mean 'itgc'?",
        ),
        (
            "systems: [payments, ledger]",
            "systems: payments",
            "payments\n",
            "AC-01",
            "systems must be a list; got 'payments'",
        ),
        (
            "effective: {from: 2026-02-01}",
            "effective: {from: 2026-02-01, to: 2026-01-31}",
            "2026-01-31}",
            "AC-02",
            "effective ends ('to' 2026-01-31) before it starts ('from' 2026-02-01); write the "
            "first and the last day the control operated",
        ),
        (
            "effective: {from: 2026-02-01}",
            "effective: {since: 2026-02-01}",
            "since",
            "AC-02",
            "unknown key 'since' in effective (allowed: from, to)",
        ),
        (
            "effective: {from: 2026-02-01}",
            "effective: {from: February}",
            "February",
            "AC-02",
            "from must be a date written YYYY-MM-DD; got 'February'",
        ),
    ],
)
def test_mistakes_in_the_new_control_keys_are_schema_findings_where_they_are(
    program: Make, old: str, new: str, at: str, subject: str, message: str
) -> None:
    assert SCOPE_CONTROLS.count(old) == 1
    text = SCOPE_CONTROLS.replace(old, new)
    root = _scoped(program, controls=text)
    run = validate_json(root, "--select", "schema")
    assert run.where("schema") == [
        ("controls/access.yaml", _line_of(text, at), _column_of(text, at), subject)
    ]
    assert [f["message"] for f in run.findings] == [message]
    assert run.exit_code == 1


def test_a_reversed_effective_span_is_dropped_whole_and_the_control_kept(program: Make) -> None:
    """Which end is the typo cannot be known: the control is judged as if it operated
    throughout (as before the key existed), and the finding says what to fix."""
    text = SCOPE_CONTROLS.replace(
        "effective: {from: 2026-02-01}", "effective: {from: 2026-02-01, to: 2026-01-31}"
    )
    loaded = soccheck.load_program(_scoped(program, controls=text))
    control = next(c for c in loaded.controls if c.id == "AC-02")
    assert control.effective is None
    assert [t.id for t in control.tests] == ["T-AC-02"]


@pytest.mark.parametrize(
    ("old", "new", "at", "subject", "message"),
    [
        (
            "type: 2\n      period_end: 2026-03-31",
            "type: 2\n      as_of: 2026-03-31",
            "2026-03-31\n      received_on",
            "aws",
            "the vendor's Type 2 report (soc_report) covers a period: write its last day as "
            "'period_end' instead of 'as_of'",
        ),
        (
            "type: 2\n      period_end: 2026-03-31\n",
            "type: 2\n",
            "2\n      received_on",
            "aws",
            "the vendor's Type 2 report (soc_report) needs 'period_end': the last day of its "
            "period",
        ),
        (
            "{type: 1, as_of: 2026-02-28,",
            "{type: 1, period_end: 2026-02-28,",
            "2026-02-28, received_on",
            "stripe",
            "the vendor's Type 1 report (soc_report) is as of one date: write 'as_of' instead "
            "of 'period_end'",
        ),
        (
            "{type: 1, as_of: 2026-02-28,",
            "{type: 1,",
            "1, received_on",
            "stripe",
            "the vendor's Type 1 report (soc_report) needs 'as_of': the date it describes",
        ),
        (
            "{type: 1, as_of: 2026-02-28,",
            "{type: 3, as_of: 2026-02-28,",
            "3, as_of",
            "stripe",
            "type must be one of: 1, 2; got the number 3",
        ),
        (
            "      reviewed_by: alice\n      bridge",
            "      bridge",
            "type: 2\n      period_end",
            "aws",
            "soc_report is missing the required key 'reviewed_by'",
        ),
        (
            "      - {id: CSOC-AWS-2, description: Hypervisors are patched., criteria: [CC7.1]}",
            "      - {id: CSOC-AWS-2, criteria: [CC7.1]}",
            "{id: CSOC-AWS-2",
            "CSOC-AWS-2",
            "CSOC 'CSOC-AWS-2' is missing the required key 'description'",
        ),
        (
            "criteria: [CC7.1]}",
            "critera: [CC7.1]}",
            "critera",
            "CSOC-AWS-2",
            "unknown key 'critera' in CSOC 'CSOC-AWS-2'; did you mean 'criteria'?",
        ),
        (
            "csocs: [Card data is tokenised.]",
            "csocs: [7]",
            "7]",
            "stripe",
            "csocs item 1 must be text or a mapping of keys to values; got the number 7",
        ),
        (
            "csocs: [Card data is tokenised.]",
            "csocs: ['']",
            "'']",
            "stripe",
            "csocs item 1 must not be empty",
        ),
        (
            "software: [payments-api, PostgreSQL 15]",
            "software: payments-api",
            "payments-api\n",
            "payments",
            "software must be a list; got 'payments-api'",
        ),
        (
            "software: [payments-api, PostgreSQL 15]",
            "sofware: [payments-api, PostgreSQL 15]",
            "sofware",
            "payments",
            "unknown key 'sofware' in components; did you mean 'software'?",
        ),
        (
            "- date: 2026-05-01",
            "- date: May 2026",
            "May 2026",
            None,
            "date must be a date written YYYY-MM-DD; got 'May 2026'",
        ),
        (
            "  - id: INC-7\n",
            "  - id: INC 7\n",
            "INC 7",
            "INC 7",
            "id 'INC 7' is not a valid ID: use ASCII letters, digits and . _ : - (starting with "
            "a letter or digit)",
        ),
        (
            "controls: [AC-01]",
            "controls: AC-01",
            "AC-01\n",
            "CUEC-1",
            "controls must be a list; got 'AC-01'",
        ),
    ],
)
def test_mistakes_in_the_new_system_keys_are_schema_findings_where_they_are(
    program: Make, old: str, new: str, at: str, subject: str | None, message: str
) -> None:
    assert SCOPE_SYSTEM.count(old) == 1, old
    text = SCOPE_SYSTEM.replace(old, new)
    root = _scoped(program, system=text)
    run = validate_json(root, "--select", "schema")
    assert run.where("schema") == [
        ("system.yaml", _line_of(text, at), _column_of(text, at), subject)
    ]
    assert [f["message"] for f in run.findings] == [message]
    assert run.exit_code == 1


def test_a_vendor_report_dated_for_the_wrong_type_is_dropped_whole(program: Make) -> None:
    """Its age cannot be known: rules judging the vendor report see none (the finding above
    explains it), and the organization and its CSOCs stay."""
    text = SCOPE_SYSTEM.replace("{type: 1, as_of: 2026-02-28,", "{type: 1, period_end: 2026-02-28,")
    loaded = soccheck.load_program(_scoped(program, system=text))
    assert loaded.system is not None
    stripe = loaded.system.subservice_organizations[1]
    assert (stripe.id, stripe.soc_report, stripe.csocs) == (
        "stripe",
        None,
        ["Card data is tokenised."],
    )


def test_a_rejected_csoc_item_leaves_the_others(program: Make) -> None:
    text = SCOPE_SYSTEM.replace(
        "      - {id: CSOC-AWS-2, description: Hypervisors are patched., criteria: [CC7.1]}",
        "      - {id: CSOC-AWS-2, criteria: [CC7.1]}",
    )
    loaded = soccheck.load_program(_scoped(program, system=text))
    assert loaded.system is not None
    csocs = loaded.system.subservice_organizations[0].csocs
    assert [c if isinstance(c, str) else c.id for c in csocs] == [
        "Physical access to data centres is restricted.",
        "CSOC-AWS-1",
    ]
    first = csocs[1]
    assert isinstance(first, Csoc) and first.source is not None
    assert first.source.path == ("subservice_organizations", 0, "csocs", 1)


def test_the_published_schemas_accept_the_new_keys_and_reject_their_mistakes(
    program: Make, tmp_path: Path
) -> None:
    """An editor's validator (check-jsonschema, independent of soccheck) reads the same
    contract from the published schemas."""
    repo = Path(__file__).resolve().parent.parent
    root = _scoped(program)
    system_schema = repo / "schemas" / "system.schema.json"
    control_schema = repo / "schemas" / "control.schema.json"
    ok = check_jsonschema("--schemafile", system_schema, root / "system.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    ok = check_jsonschema("--schemafile", control_schema, root / "controls" / "access.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCOPE_CONTROLS.replace("layer: itgc", "layer: it"), encoding="utf-8")
    assert check_jsonschema("--schemafile", control_schema, bad).returncode == 1
    bad.write_text(SCOPE_SYSTEM.replace("csocs: [Card data is tokenised.]", "csocs: [7]"))
    assert check_jsonschema("--schemafile", system_schema, bad).returncode == 1


def test_placeholder_text_reads_csocs_written_either_way(program: Make) -> None:
    """A CSOC item's description is text an auditor reads, like a CSOC sentence."""
    text = SCOPE_SYSTEM.replace(
        "description: Backups are replicated to a second region.",
        "description: Backups of {company_name} are replicated.",
    ).replace("csocs: [Card data is tokenised.]", "csocs: [<COMPANY> card data is tokenised.]")
    root = _scoped(program, system=text)
    run = validate_json(root, "--select", "placeholder-text")
    first, second = "Backups of {company_name}", "<COMPANY> card"
    assert run.where("placeholder-text") == [
        ("system.yaml", _line_of(text, first), _column_of(text, first), "CSOC-AWS-1"),
        ("system.yaml", _line_of(text, second), _column_of(text, second), "stripe"),
    ]
    assert run.findings[0]["message"].startswith(
        "description of CSOC 'CSOC-AWS-1' of subservice organization 'aws' contains"
    )


def _yaml_blocks(document: str, heading: str) -> list[str]:
    repo = Path(__file__).resolve().parent.parent
    text = (repo / document).read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)


def test_the_documented_scope_example_is_valid(program: Make) -> None:
    """docs/getting-started.md, "Scope: reports, systems, vendors and changes": both examples
    load with no schema finding and mean what the text says."""
    controls, system = _yaml_blocks("docs/getting-started.md", "## Scope: reports, systems")
    full_system = SYSTEM.replace(
        "people:\n",
        "  - {id: soc1-2026, framework: soc1, type: 1, as_of: 2026-06-30}\n"
        "control_objectives:\n  - {id: CO-2, title: Payments are authorized}\npeople:\n",
    ) + system.replace("# system.yaml\n", "")
    root = program(controls={"payments.yaml": controls}, system=full_system)
    assert validate_json(root, "--select", "schema").findings == []
    loaded = soccheck.load_program(root)
    [pay07] = [c for c in loaded.controls if c.id == "PAY-07"]
    assert pay07.effective is not None and pay07.effective.from_ == dt.date(2026, 5, 1)
    assert loaded.system is not None and loaded.system.changes[0].controls == ["PAY-07"]


def test_the_readme_format_example_has_no_schema_finding(program: Make) -> None:
    system, controls = _yaml_blocks("README.md", "## What a program looks like")[:2]
    assert system.startswith("# system.yaml") and controls.startswith("# controls/access.yaml")
    root = program(controls={"access.yaml": controls}, system=system, coverage=False)
    assert validate_json(root, "--select", "schema").findings == []
    loaded = soccheck.load_program(root)
    [ac01] = loaded.controls
    assert (ac01.reports, ac01.layer, ac01.systems) == (["soc2-2026"], "itgc", ["platform"])
