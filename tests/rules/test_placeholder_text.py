"""placeholder-text: skeleton text of 'soccheck new' and unfilled template placeholders."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from soccheck.format import skeletons
from tests.conftest import SYSTEM, run_cli, run_subprocess, validate_json


def _control(description: str, *, title: str = "Quarterly access review", tests: str = "") -> str:
    """A complete control; its title is on line 3 and its description on line 4 (written as a
    double-quoted scalar unless it is a block scalar)."""
    if not description.startswith(">-"):
        description = json.dumps(description)
    return (
        "controls:\n"
        "  - id: AC-01\n"
        f"    title: {title}\n"
        f"    description: {description}\n"
        "    owner: alice\n"
        "    criteria: [CC6.1]\n"
        "    evidence:\n"
        "      - path: evidence\n"
        "        description: Signed review tickets.\n"
    ) + tests


def _found(root: Path) -> list[tuple[str, int, int, str | None, str]]:
    run = validate_json(root, "--select", "placeholder-text")
    assert {f["severity"] for f in run.findings} <= {"warning"}
    return [(f["path"], f["line"], f["column"], f["subject"], f["message"]) for f in run.findings]


@pytest.mark.parametrize(
    ("description", "listed"),
    [
        ("Each quarter {company_name} reviews access.", "'{company_name}'"),
        ("Each quarter {{ org }} reviews access.", "'{{ org }}'"),
        ("Each quarter <COMPANY> reviews access.", "'<COMPANY>'"),
        ("Each quarter [Company Name] reviews access.", "'[Company Name]'"),
        ("Each quarter <Company Name> reviews access.", "'<Company Name>'"),
        ("Each quarter [COMPANY] reviews access.", "'[COMPANY]'"),
        ("Each quarter [COMPANY_NAME] reviews access.", "'[COMPANY_NAME]'"),
        ("Each quarter <YOUR ORG> reviews access.", "'<YOUR ORG>'"),
        ("Each quarter [Your Organization] reviews access.", "'[Your Organization]'"),
        ("Reviewed on [Insert date] by the security lead.", "'[Insert date]'"),
        ("Access is reviewed by the [SERVICE_PROVIDER] team.", "'[SERVICE_PROVIDER]'"),
        ("Each quarter [TBD] reviews access.", "'[TBD]'"),
        ("Each quarter the <CompanyName> team reviews access.", "'<CompanyName>'"),
    ],
)
def test_template_placeholders_in_a_description(
    program: Callable[..., Path], description: str, listed: str
) -> None:
    root = program(controls={"access.yaml": _control(description)})
    assert _found(root) == [
        (
            "controls/access.yaml",
            4,
            18,
            "AC-01",
            f"description of control 'AC-01' contains the template placeholder {listed}; "
            "replace it with your own text before an auditor reads it",
        )
    ]


@pytest.mark.parametrize(
    "description",
    [
        "Reviewed within 5 days [1], as the policy requires.",
        "Alerts page the on-call engineer in <5 minutes.",
        "Pages when latency a < b and errors c > d.",
        "Follows the [runbook](https://wiki.example.com/runbook) and ![chart](chart.png).",
        'The job writes {\'a\': 1} to the log and checks {"status": "ok"}.',
        "Maps to [CC6.1] and [AC-02]; see [sic] and [x].",
        "The template `Hello {name}, <USER>` is rendered per customer.",
        "The pipeline reads ${DEPLOY_ENV} and %{level}.",
        "Lines end with <br> in the generated <p> report.",
        "Errors go to <alice@example.com>.",
        # Prose in brackets: names, regions, labels, acronyms, notes and URL templates.
        "Alerts are sent to [Datadog] for triage.",
        "The on-call engineer is paged through <PagerDuty>.",
        "Backups are replicated to [EU-West] nightly.",
        "Documents marked [Confidential] are stored in the restricted share.",
        "Changes follow the [RFC] process.",
        "Changes are approved as the [Change Policy] says.",
        "Every account is reviewed quarterly [MFA enforced].",
        "Queries combine filters with <AND> before they run.",
        "Each ticket is linked as https://tickets.example.com/<ID> in the review.",
        "Health data is handled as [HIPAA] requires.",
        "Data stays in [AWS EU] regions.",
    ],
)
def test_real_descriptions_are_quiet(program: Callable[..., Path], description: str) -> None:
    root = program(controls={"access.yaml": _control(description)})
    assert _found(root) == []


def test_several_placeholders_in_one_value_are_one_finding(program: Callable[..., Path]) -> None:
    text = "[Company Name] keeps {system_name} safe; [Company Name] again."
    root = program(controls={"access.yaml": _control(text)})
    [(_path, line, column, _subject, message)] = _found(root)
    assert (line, column) == (4, 18)
    assert message == (
        "description of control 'AC-01' contains the template placeholders "
        "'[Company Name]', '{system_name}'; replace them with your own text before an auditor "
        "reads it"
    )


def test_the_skeleton_text_of_new_control_and_new_test(program: Callable[..., Path]) -> None:
    tests = (
        "    tests:\n"
        "      - id: T-AC-01\n"
        "        method: inspection\n"
        "        procedure: >-\n"
        + "".join(f"          {line}\n" for line in textwrap.wrap(skeletons.TEST_PROCEDURE, 60))
        + "        performed_on: 2026-03-02\n"
        "        performed_by: tom\n"
        "        result: pass\n"
        "        notes: Asked <Reviewer Name> for the tickets.\n"
    )
    text = _control(
        f">-\n      {skeletons.CONTROL_DESCRIPTION}",
        title=skeletons.CONTROL_TITLE,
        tests=tests,
    )
    assert _found(program(controls={"access.yaml": text})) == [
        (
            "controls/access.yaml",
            3,
            12,
            "AC-01",
            "title of control 'AC-01' is still the placeholder text that 'soccheck new "
            "control' wrote; give the control its real name",
        ),
        (
            "controls/access.yaml",
            4,
            18,
            "AC-01",
            "description of control 'AC-01' is still the placeholder text that 'soccheck new "
            "control' wrote; describe who does what, how often, and what evidence it leaves",
        ),
        (
            "controls/access.yaml",
            14,
            20,
            "T-AC-01",
            "procedure of test 'T-AC-01' of control 'AC-01' is still the placeholder text "
            "that 'soccheck new test' wrote; describe what the tester did, and record who did "
            "it, when, the sample and the result",
        ),
        (
            "controls/access.yaml",
            21,
            16,
            "T-AC-01",
            "notes of test 'T-AC-01' of control 'AC-01' contains the template placeholder "
            "'<Reviewer Name>'; replace it with your own text before an auditor reads it",
        ),
    ]


def test_the_audit_trail_text_of_a_test(program: Callable[..., Path]) -> None:
    """The population source and each deviation's description, cause and management
    response are read by the auditor too (issue 15's text fields)."""
    tests = (
        "    tests:\n"
        "      - id: T-AC-01\n"
        "        method: inspection\n"
        "        procedure: Inspected the review tickets.\n"
        "        performed_on: 2026-03-02\n"
        "        performed_by: tom\n"
        "        result: exceptions\n"
        "        exceptions: 1\n"
        "        population_source: Export from [Insert system name].\n"
        "        deviations:\n"
        "          - item: ACC-1\n"
        "            description: Access removed late at {company_name}.\n"
        "            cause: '[TBD]'\n"
        "            management_response: '[Insert response]'\n"
    )
    text = _control("The platform lead reviews access.", tests=tests)
    found = _found(program(controls={"access.yaml": text}))
    of = "of deviation 'ACC-1' of test 'T-AC-01' of control 'AC-01' contains the template"
    assert [(line, column, subject) for _, line, column, subject, _ in found] == [
        (18, 28, "T-AC-01"),
        (21, 26, "T-AC-01"),
        (22, 20, "T-AC-01"),
        (23, 34, "T-AC-01"),
    ]
    assert [message for *_, message in found] == [
        "population_source of test 'T-AC-01' of control 'AC-01' contains the template "
        "placeholder '[Insert system name]'; replace it with your own text before an auditor "
        "reads it",
        f"description {of} placeholder '{{company_name}}'; replace it with your own text "
        "before an auditor reads it",
        f"cause {of} placeholder '[TBD]'; replace it with your own text before an auditor reads it",
        f"management_response {of} placeholder '[Insert response]'; replace it with your own "
        "text before an auditor reads it",
    ]


def test_evidence_and_the_system_description(program: Callable[..., Path]) -> None:
    system = SYSTEM.replace(
        "name: Demo SaaS\n",
        "name: Demo SaaS\n"
        "services: Hosted analytics for {{ customer }}.\n"
        "commitments:\n"
        "  - 99.9% availability each month.\n"
        "  - Customer data is encrypted by [Company Name].\n",
    ) + (
        "control_objectives:\n"
        "  - {id: CO-01, title: Payroll changes at <COMPANY> are authorized}\n"
        "subservice_organizations:\n"
        "  - id: cloud\n"
        "    name: Cloud Host\n"
        "    method: carve-out\n"
        "    csocs: ['Physical security at {provider}.']\n"
        "cuecs:\n"
        "  - {id: CU-01, description: '[Customer] removes its own leavers.'}\n"
    )
    control = _control("The lead reviews access.").replace(
        "Signed review tickets.", "Tickets signed by {reviewer}."
    )
    root = program(system=system, controls={"access.yaml": control})
    got = [(p, line, col, subject) for p, line, col, subject, _m in _found(root)]
    assert got == [
        ("controls/access.yaml", 9, 22, "AC-01"),
        ("system.yaml", 2, 11, None),
        ("system.yaml", 5, 5, None),
        ("system.yaml", 19, 24, "CO-01"),
        ("system.yaml", 24, 13, "cloud"),
        ("system.yaml", 26, 30, "CU-01"),
    ]
    messages = [m for *_where, m in _found(root)]
    assert messages[0].startswith(
        "description of evidence item 1 of control 'AC-01' contains the template placeholder "
        "'{reviewer}'"
    )
    assert messages[2].startswith(
        "commitments item 2 of the system description contains the template placeholder "
        "'[Company Name]'"
    )
    assert messages[4].startswith("csocs item 1 of subservice organization 'cloud' contains")


def test_a_program_written_by_init_has_no_placeholder_text(tmp_path: Path) -> None:
    root = tmp_path / "p"
    args = ("--framework", "both", "--categories", "availability,confidentiality,privacy")
    assert run_cli("init", root, *args, "--no-ci", "--today", "2026-11-20").exit_code == 0
    assert _found(root) == []


def test_new_control_skeleton_is_flagged_in_a_real_process(program: Callable[..., Path]) -> None:
    root = program()
    path = root / "controls" / "extra.yaml"
    added = run_subprocess("new", "control", "EXT-01", "--file", path, "--owner", "alice")
    assert added.exit_code == 0, added.stderr
    run = run_subprocess(
        "validate", "--today", "2026-11-20", "--select", "placeholder-text", cwd=root
    )
    assert run.exit_code == 0, run.stderr  # warnings only
    assert run.stdout.splitlines()[:2] == [
        "controls/extra.yaml:4:12: warning placeholder-text title of control 'EXT-01' is still "
        "the placeholder text that 'soccheck new control' wrote; give the control its real name",
        "controls/extra.yaml:5:18: warning placeholder-text description of control 'EXT-01' is "
        "still the placeholder text that 'soccheck new control' wrote; describe who does what, "
        "how often, and what evidence it leaves",
    ]


def test_prose_in_brackets_beside_a_placeholder_in_a_real_process(
    program: Callable[..., Path],
) -> None:
    text = "Alerts from [Datadog] page <PagerDuty>; [Company Name] reviews them per the [RFC]."
    root = program(controls={"access.yaml": _control(text)})
    run = run_subprocess(
        "validate", "--today", "2026-11-20", "--select", "placeholder-text", cwd=root
    )
    assert run.exit_code == 0, run.stderr  # warnings only
    assert run.stdout.splitlines()[0] == (
        "controls/access.yaml:4:18: warning placeholder-text description of control 'AC-01' "
        "contains the template placeholder '[Company Name]'; replace it with your own text "
        "before an auditor reads it"
    )
    assert "Datadog" not in run.stdout and "PagerDuty" not in run.stdout
