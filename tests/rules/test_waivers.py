"""Waivers: matching, expiry, approval, and the rules expired-waiver, unused-waiver and
waiver-approver, through the real CLI in text and JSON output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import (
    TODAY,
    dedent,
    passing_test_block,
    run_cli,
    run_subprocess,
    validate_json,
)

SYSTEM = dedent(
    """
    name: Demo SaaS
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-06-30}
        categories: [security]
    people:
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
      - {id: carol, name: Carol Compliance}
      - {id: olga, name: Olga Former, active: false}
    teams:
      - {id: platform, name: Platform, lead: alice, members: [alice, tom]}
    """
)

CONTROLS = (
    "controls:\n"
    "  - id: AC-01\n"
    "    title: Access review\n"
    "    description: Access to production is reviewed every quarter.\n"
    "    criteria: [CC6.1]\n"
    "    frequency: annual\n" + passing_test_block("T-AC-01") + "  - id: AC-02\n"
    "    title: Provisioning\n"
    "    description: Access is provisioned from approved tickets.\n"
    "    owner: platform\n"
    "    criteria: [CC6.2]\n"
    "    frequency: sometimes\n"
    "    tests:\n"
    "      - id: T-AC-02\n"
    "        method: inspection\n"
    "        procedure: Inspected a sample of tickets.\n"
    "        performed_on: 2026-07-02\n"
    "        performed_by: carol\n"
    "        population: -1\n"
    "        result: pass\n"
    "        covers: {start: 2026-01-01, end: 2026-06-30}\n"
    "        sample_size: 2\n"
    "  - id: BC-01\n"
    "    title: Backups\n"
    "    description: Backups run daily.\n"
    "    criteria: [CC7.5]\n"
    "    frequency: annual\n" + passing_test_block("T-BC-01")
)
"""AC-01 and BC-01 have no owner (missing-owner); AC-02 has a schema finding on the control
(frequency) and one on its test T-AC-02 (population). Every control has a passing test by an
independent tester, so no testing rule fires."""


def waiver(
    rule: str = "missing-owner",
    subject: str = "AC-01",
    approved_by: str = "carol",
    expires: str = "2026-12-31",
    extra: str = "",
) -> str:
    text = (
        f"  - rule: {rule}\n"
        f"    subject: '{subject}'\n"
        "    reason: New control; the owner is assigned in the Q4 review.\n"
        f"    approved_by: {approved_by}\n"
        f"    expires: {expires}\n"
    )
    return text + extra


def config(*waivers: str, head: str = "") -> str:
    return head + "waivers:\n" + "".join(waivers)


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the n-th occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def make(program: Callable[..., Path], cfg: str, controls: str = CONTROLS) -> Path:
    return program(controls={"access.yaml": controls}, system=SYSTEM, extra={"soccheck.yaml": cfg})


def by_rule(findings: list[dict[str, object]], rule: str) -> list[dict[str, object]]:
    return [f for f in findings if f["rule"] == rule]


# ------------------------------------------------------------------------------ matching


def test_exact_waiver_is_reported_as_waived_and_not_counted(
    program: Callable[..., Path],
) -> None:
    cfg = config(waiver(extra="    ticket: GRC-12\n"), waiver(subject="BC-01"))
    root = make(program, cfg)
    run = validate_json(root, "--ignore", "schema")
    assert run.exit_code == 0, run.stdout
    [ac01, bc01] = by_rule(run.findings, "missing-owner")
    assert (ac01["subject"], ac01["severity"], ac01["line"]) == ("AC-01", "error", 2)
    assert ac01["waived"] == {
        "reason": "New control; the owner is assigned in the Q4 review.",
        "approved_by": "carol",
        "expires": "2026-12-31",
        "ticket": "GRC-12",
    }
    assert "ticket" not in bc01["waived"]  # type: ignore[operator]
    assert run.json["summary"] == {
        "errors": 0,
        "warnings": 0,
        "files": 3,
        "controls": 4,
        "waived": 2,
    }


def test_text_output_marks_and_summarises_waived_findings(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make(program, config(waiver(extra="    ticket: GRC-12\n")))
    monkeypatch.chdir(root)  # text paths are relative to the current directory
    run = run_cli("validate", root, "--today", TODAY, "--ignore", "schema")
    assert run.exit_code == 1  # BC-01 is not waived
    lines = run.stdout.splitlines()
    assert (
        "controls/access.yaml:2:5: waived missing-owner control 'AC-01' has no owner; set "
        "'owner' to a person or team ID [waived until 2026-12-31 by carol, GRC-12: New "
        "control; the owner is assigned in the Q4 review.]"
    ) in lines
    line, column = position(CONTROLS, "id: BC-01")
    assert any(
        entry.startswith(f"controls/access.yaml:{line}:{column}: error missing-owner")
        for entry in lines
    )
    assert lines[-1] == "failed: 1 error, 0 warnings, 1 waived in 3 files (4 controls)"


def test_glob_subject_matches_case_sensitively(program: Callable[..., Path]) -> None:
    root = make(program, config(waiver(subject="AC-*"), waiver(subject="bc-*")))
    run = validate_json(root, "--ignore", "schema")
    waived = {f["subject"]: f.get("waived") is not None for f in run.findings}
    assert waived == {"AC-01": True, "BC-01": False, None: False}
    # 'bc-*' matches nothing: IDs are case-sensitive.
    assert run.where("unused-waiver") == [("soccheck.yaml", 7, 5, None)]


def test_waiver_of_a_control_covers_findings_on_its_tests(program: Callable[..., Path]) -> None:
    root = make(program, config(waiver(rule="schema", subject="AC-02")))
    run = validate_json(root, "--select", "schema")
    schema = by_rule(run.findings, "schema")
    assert [(f["subject"], f["waived"] is not None) for f in schema] == [  # type: ignore[index]
        ("AC-02", True),
        ("T-AC-02", True),
    ]
    assert run.exit_code == 0


def test_waiver_of_a_test_covers_only_that_test(program: Callable[..., Path]) -> None:
    root = make(program, config(waiver(rule="schema", subject="T-AC-02")))
    run = validate_json(root, "--select", "schema")
    assert [(f["subject"], "waived" in f) for f in run.findings] == [
        ("AC-02", False),
        ("T-AC-02", True),
    ]


def test_findings_without_a_subject_cannot_be_waived(program: Callable[..., Path]) -> None:
    root = program(
        controls={"broken.yaml": "controls: [\n"},
        system=SYSTEM,
        extra={"soccheck.yaml": config(waiver(rule="yaml-syntax", subject="*"))},
    )
    run = validate_json(root)
    [syntax] = by_rule(run.findings, "yaml-syntax")
    assert "waived" not in syntax
    assert run.where("unused-waiver") == [("soccheck.yaml", 2, 5, None)]
    assert run.exit_code == 1


def test_first_waiver_in_force_applies_and_every_match_counts_as_used(
    program: Callable[..., Path],
) -> None:
    cfg = config(
        waiver(expires="2026-10-31"),
        waiver(subject="AC-0?", expires="2027-01-31"),
        waiver(subject="AC-*", expires="2027-02-28"),
    )
    run = validate_json(make(program, cfg), "--ignore", "schema")
    [ac01] = [f for f in by_rule(run.findings, "missing-owner") if f["subject"] == "AC-01"]
    assert ac01["waived"]["expires"] == "2027-01-31"  # type: ignore[index]
    assert [f["rule"] for f in run.findings if f["path"] == "soccheck.yaml"] == ["expired-waiver"]


def test_waived_warnings_do_not_fail_a_fail_on_warning_run(program: Callable[..., Path]) -> None:
    cfg = config(waiver(), waiver(subject="BC-01"), head="rules:\n  missing-owner: warning\n")
    run = validate_json(make(program, cfg), "--ignore", "schema", "--fail-on", "warning")
    assert [f["severity"] for f in run.findings] == ["warning", "warning"]
    assert run.exit_code == 0
    assert run.json["summary"]["warnings"] == 0


# ------------------------------------------------------------------------------ expiry


def test_waiver_applies_through_its_expiry_day(program: Callable[..., Path]) -> None:
    root = make(program, config(waiver(expires=TODAY), waiver(subject="BC-01")))
    run = validate_json(root, "--ignore", "schema")
    assert run.exit_code == 0
    assert "expired-waiver" not in run.rules()


def test_expired_waiver_brings_the_finding_back(program: Callable[..., Path]) -> None:
    cfg = config(waiver(expires="2026-11-19"), waiver(subject="BC-01"))
    root = make(program, cfg)
    run = validate_json(root, "--ignore", "schema")
    assert run.exit_code == 1
    [ac01] = [f for f in by_rule(run.findings, "missing-owner") if f["subject"] == "AC-01"]
    assert "waived" not in ac01
    assert run.where("expired-waiver") == [("soccheck.yaml", *position(cfg, "2026-11-19"), "AC-01")]
    [expired] = by_rule(run.findings, "expired-waiver")
    assert expired["severity"] == "error"
    assert expired["message"] == (
        "waiver of missing-owner for 'AC-01' expired after 2026-11-19; the finding it covered "
        "counts again: fix the cause, or renew the waiver with a new date and a fresh approval"
    )
    assert run.json["summary"]["errors"] == 2


def test_expired_waiver_in_text_output(
    program: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = config(waiver(expires="2026-11-19"))
    monkeypatch.chdir(make(program, cfg))  # text paths are relative to the current directory
    run = run_cli("validate", "--today", TODAY, "--select", "missing-owner,expired-waiver")
    line, column = position(cfg, "2026-11-19")
    assert (
        f"soccheck.yaml:{line}:{column}: error expired-waiver waiver of missing-owner for "
        "'AC-01' expired after 2026-11-19; the finding it covered counts again: fix the cause, "
        "or renew the waiver with a new date and a fresh approval"
    ) in run.stdout.splitlines()
    assert "controls/access.yaml:2:5: error missing-owner" in run.stdout
    assert run.stdout.splitlines()[-1].startswith("failed: 3 errors, 0 warnings in 3 files")


def test_expired_waiver_matching_nothing_is_only_reported_as_expired(
    program: Callable[..., Path],
) -> None:
    cfg = config(waiver(subject="ZZ-*", expires="2026-01-31"))
    run = validate_json(make(program, cfg), "--ignore", "schema")
    [expired] = by_rule(run.findings, "expired-waiver")
    assert expired["subject"] is None  # a glob is not an ID
    assert expired["message"].endswith("it matches no finding any more: delete it")  # type: ignore[union-attr]
    assert "unused-waiver" not in run.rules()


def test_expired_waiver_can_be_downgraded_but_expiry_still_counts(
    program: Callable[..., Path],
) -> None:
    cfg = config(waiver(expires="2026-11-19"), head="rules:\n  expired-waiver: off\n")
    run = validate_json(make(program, cfg), "--ignore", "schema")
    assert "expired-waiver" not in run.rules()
    [ac01] = [f for f in by_rule(run.findings, "missing-owner") if f["subject"] == "AC-01"]
    assert "waived" not in ac01


def test_today_option_decides_expiry(program: Callable[..., Path]) -> None:
    root = make(program, config(waiver(expires="2026-11-19")))
    before = run_cli("validate", root, "-f", "json", "--today", "2026-11-19", "--ignore", "schema")
    after = run_cli("validate", root, "-f", "json", "--today", "2026-11-20", "--ignore", "schema")
    assert "expired-waiver" not in before.rules()
    assert "expired-waiver" in after.rules()


# ------------------------------------------------------------------------------ unused


def test_unused_waiver_points_at_the_waiver(program: Callable[..., Path]) -> None:
    cfg = config(waiver(), waiver(subject="AC-99"))
    run = validate_json(make(program, cfg), "--ignore", "schema")
    assert run.where("unused-waiver") == [("soccheck.yaml", *position(cfg, "rule", 2), "AC-99")]
    [unused] = by_rule(run.findings, "unused-waiver")
    assert unused["severity"] == "warning"
    assert unused["message"] == (
        "waiver of missing-owner for 'AC-99' matches no finding; delete it if the gap is "
        "closed, or correct its rule or subject"
    )


def test_unused_waiver_is_a_warning_unless_fail_on_warning(program: Callable[..., Path]) -> None:
    cfg = config(waiver(subject="AC-99"))
    root = program(controls={}, system=SYSTEM, extra={"soccheck.yaml": cfg})
    assert validate_json(root).exit_code == 0
    assert validate_json(root, "--fail-on", "warning").exit_code == 1
    strict = program(
        controls={}, system=SYSTEM, extra={"soccheck.yaml": "fail_on: warning\n" + cfg}
    )
    assert validate_json(strict).exit_code == 1
    assert validate_json(strict, "--fail-on", "error").exit_code == 0


def test_unused_waiver_severity_can_be_raised(program: Callable[..., Path]) -> None:
    cfg = config(waiver(subject="AC-99"), head="rules:\n  unused-waiver: error\n")
    run = validate_json(program(controls={}, system=SYSTEM, extra={"soccheck.yaml": cfg}))
    assert [(f["rule"], f["severity"]) for f in run.findings] == [("unused-waiver", "error")]
    assert run.exit_code == 1


def test_waivers_of_rules_left_out_of_the_run_are_not_unused(
    program: Callable[..., Path],
) -> None:
    root = make(program, config(waiver(), waiver(rule="schema", subject="AC-02")))
    assert "unused-waiver" not in validate_json(root, "--select", "schema,unused-waiver").rules()
    assert "unused-waiver" not in validate_json(root, "--ignore", "missing-owner").rules()


def test_waiver_of_a_rule_switched_off_in_config_is_unused(program: Callable[..., Path]) -> None:
    cfg = config(waiver(), head="rules:\n  missing-owner: off\n")
    run = validate_json(make(program, cfg), "--ignore", "schema")
    [unused] = by_rule(run.findings, "unused-waiver")
    assert unused["message"] == (
        "waiver of missing-owner for 'AC-01' can never apply: the configuration switches "
        "'missing-owner' off; delete the waiver"
    )


def test_clean_waivers_are_quiet(program: Callable[..., Path]) -> None:
    cfg = config(waiver(subject="*-01"), head="")
    run = validate_json(make(program, cfg), "--ignore", "schema")
    assert [f["rule"] for f in run.findings] == ["missing-owner", "missing-owner"]
    assert all("waived" in f for f in run.findings)
    assert run.exit_code == 0


# -------------------------------------------------------------- findings of the testing rules

TESTED = (
    "controls:\n"
    "  - id: CH-01\n"
    "    title: Change approval\n"
    "    description: Every production change is approved before deployment.\n"
    "    owner: platform\n"
    "    criteria: [CC8.1]\n"
    "    frequency: multiple-daily\n"
    "    tests:\n"
    "      - id: T-CH-01\n"
    "        method: inspection\n"
    "        procedure: Inspected 25 sampled changes for approval before deployment.\n"
    "        performed_on: 2026-07-06\n"
    "        performed_by: carol\n"
    "        covers: {start: 2026-01-01, end: 2026-06-30}\n"
    "        population: 1200\n"
    "        sample_size: 25\n"
    "        exceptions: 1\n"
    "        result: exceptions\n"
    "        deviations:\n"
    "          - item: PR-4411\n"
    "            description: Deployed before its approval.\n"
    "            management_response: Approved retroactively (CAB-88); merges now wait for it.\n"
    "  - id: CH-02\n"
    "    title: Emergency changes\n"
    "    description: Emergency changes are reviewed within two business days.\n"
    "    owner: platform\n"
    "    criteria: [CC8.1]\n"
    "    frequency: as-needed\n"
)
"""T-CH-01 found an exception, described with management's response (test-exceptions,
subject T-CH-01); CH-02 has no test (untested-control, subject CH-02). Both controls belong
to team platform (alice, tom)."""


def _testing_waiver(rule: str, subject: str, approved_by: str = "carol") -> str:
    return (
        f"  - rule: {rule}\n"
        f"    subject: {subject}\n"
        "    reason: One change deployed before approval; approved retroactively (CAB-88).\n"
        f"    approved_by: {approved_by}\n"
        "    expires: 2027-03-31\n"
    )


def test_test_exceptions_waived_by_the_test_or_by_its_control(
    program: Callable[..., Path],
) -> None:
    for subject in ("T-CH-01", "CH-01", "CH-*"):
        cfg = config(_testing_waiver("test-exceptions", subject))
        run = validate_json(make(program, cfg, TESTED), "--select", "test-exceptions")
        [finding] = run.findings
        assert (finding["rule"], finding["subject"]) == ("test-exceptions", "T-CH-01")
        assert finding["waived"]["approved_by"] == "carol", subject  # type: ignore[index]
        assert run.exit_code == 0


def test_the_owning_team_cannot_approve_its_own_test_exceptions(
    program: Callable[..., Path],
) -> None:
    cfg = config(_testing_waiver("test-exceptions", "T-CH-01", approved_by="tom"))
    run = validate_json(make(program, cfg, TESTED), "--select", "test-exceptions,waiver-approver")
    [approver] = by_rule(run.findings, "waiver-approver")
    assert (
        "approved_by 'tom' (Tom Tester) is a member of team 'platform', which owns control "
        "'CH-01'" in str(approver["message"])
    )
    assert approver["subject"] == "T-CH-01"
    assert "waived" not in by_rule(run.findings, "test-exceptions")[0]
    assert run.exit_code == 1


def test_untested_control_is_waived_by_its_control_not_by_a_test(
    program: Callable[..., Path],
) -> None:
    # untested-control is about the control: a waiver naming a test cannot cover it.
    cfg = config(
        _testing_waiver("untested-control", "CH-02"),
        _testing_waiver("untested-control", "T-CH-01"),
    )
    run = validate_json(make(program, cfg, TESTED), "--select", "untested-control,unused-waiver")
    [untested] = by_rule(run.findings, "untested-control")
    assert untested["subject"] == "CH-02" and "waived" in untested
    assert run.where("unused-waiver") == [("soccheck.yaml", *position(cfg, "rule", 2), "T-CH-01")]
    assert run.exit_code == 0


def test_waivers_of_testing_rules_left_out_by_select_are_not_unused(
    program: Callable[..., Path],
) -> None:
    cfg = config(
        _testing_waiver("untested-control", "CH-02"),
        _testing_waiver("test-exceptions", "T-CH-01"),
    )
    run = validate_json(make(program, cfg, TESTED), "--select", "untested-control,unused-waiver")
    assert run.rules() == ["untested-control"]
    run = validate_json(make(program, cfg, TESTED))
    assert [(f["rule"], "waived" in f) for f in run.findings] == [
        ("test-exceptions", True),
        ("untested-control", True),
    ]
    assert run.exit_code == 0


# ------------------------------------------------------------------------------ approver


def _approver_run(
    program: Callable[..., Path], approved_by: str, rule: str = "missing-owner"
) -> tuple[str, list[dict[str, object]], int]:
    subject = "AC-02" if rule == "schema" else "AC-01"
    cfg = config(waiver(rule=rule, subject=subject, approved_by=approved_by))
    run = validate_json(make(program, cfg), "--select", f"{rule},waiver-approver")
    # At the value of approved_by, not at its key.
    line, column = position(cfg, f"approved_by: {approved_by}")
    assert run.where("waiver-approver") == [
        ("soccheck.yaml", line, column + len("approved_by: "), subject)
    ]
    [finding] = by_rule(run.findings, "waiver-approver")
    waived = [f for f in run.findings if f["rule"] == rule and "waived" in f]
    assert waived == []  # a waiver with a bad approver does not apply
    return str(finding["message"]), run.findings, run.exit_code


def test_unknown_approver_with_suggestion(program: Callable[..., Path]) -> None:
    message, _, code = _approver_run(program, "caroll")
    assert message == (
        "waiver of missing-owner for 'AC-01': approved_by 'caroll' is not a person in "
        "system.yaml (did you mean 'carol'?); the waiver does not apply until this is fixed"
    )
    assert code == 1


def test_team_is_not_an_approver(program: Callable[..., Path]) -> None:
    message, _, _ = _approver_run(program, "platform")
    assert "approved_by 'platform' is a team; a waiver needs one accountable person" in message


def test_inactive_approver(program: Callable[..., Path]) -> None:
    message, _, _ = _approver_run(program, "olga")
    assert "approved_by 'olga' (Olga Former) is marked inactive" in message


def test_team_lead_cannot_approve_a_waiver_for_the_team_control(
    program: Callable[..., Path],
) -> None:
    message, _, _ = _approver_run(program, "alice", rule="schema")
    assert message == (
        "waiver of schema for 'AC-02': approved_by 'alice' (Alice Owner) leads team "
        "'platform', which owns control 'AC-02'; nobody may approve a waiver for their own "
        "control, so ask someone independent of it; the waiver does not apply until this is "
        "fixed"
    )


def test_team_member_cannot_approve_a_waiver_for_the_team_control(
    program: Callable[..., Path],
) -> None:
    message, _, _ = _approver_run(program, "tom", rule="schema")
    assert "approved_by 'tom' (Tom Tester) is a member of team 'platform'" in message


def test_owner_cannot_approve_their_own_control(program: Callable[..., Path]) -> None:
    controls = CONTROLS.replace("owner: platform", "owner: tom")
    cfg = config(waiver(rule="schema", subject="T-AC-02", approved_by="tom"))
    run = validate_json(make(program, cfg, controls), "--select", "schema,waiver-approver")
    [finding] = by_rule(run.findings, "waiver-approver")
    assert "approved_by 'tom' (Tom Tester) owns control 'AC-02'" in str(finding["message"])
    assert finding["subject"] == "T-AC-02"


def test_self_approval_is_caught_for_a_waiver_that_matches_nothing_yet(
    program: Callable[..., Path],
) -> None:
    cfg = config(waiver(rule="inactive-owner", subject="AC-0*", approved_by="alice"))
    run = validate_json(make(program, cfg), "--ignore", "schema")
    [finding] = by_rule(run.findings, "waiver-approver")
    assert "leads team 'platform', which owns control 'AC-02'" in str(finding["message"])
    assert run.where("unused-waiver") == [("soccheck.yaml", 2, 5, None)]


def test_independent_approver_is_quiet(program: Callable[..., Path]) -> None:
    cfg = config(waiver(rule="schema", subject="AC-02", approved_by="carol"))
    run = validate_json(make(program, cfg), "--select", "schema,waiver-approver")
    assert "waiver-approver" not in run.rules()
    assert all("waived" in f for f in run.findings)


@pytest.mark.parametrize(
    ("args", "approver_shown"),
    [
        (["--select", "test-exceptions"], False),
        (["--ignore", "waiver-approver"], False),
        (["--select", "test-exceptions,waiver-approver"], True),
    ],
    ids=["select-the-rule", "ignore-the-approver-rule", "select-both"],
)
def test_selection_never_makes_a_self_approved_waiver_apply(
    program: Callable[..., Path], args: list[str], approver_shown: bool
) -> None:
    """A one-off run shows a subset of the full run's findings, with the same waived status:
    leaving waiver-approver out of the run hides its finding, not the approval policy."""
    cfg = config(_testing_waiver("test-exceptions", "T-CH-01", approved_by="alice"))
    root = make(program, cfg, TESTED)
    full = validate_json(root)
    assert [(f["rule"], "waived" in f) for f in full.findings] == [
        ("test-exceptions", False),
        ("untested-control", False),
        ("waiver-approver", False),
    ]
    run = validate_json(root, *args)
    [exceptions] = by_rule(run.findings, "test-exceptions")
    assert "waived" not in exceptions
    assert ("waiver-approver" in run.rules()) == approver_shown
    assert run.json["summary"]["warnings"] == 1


def test_approvals_are_not_checked_when_the_rule_is_off(program: Callable[..., Path]) -> None:
    cfg = config(
        waiver(rule="schema", subject="AC-02", approved_by="alice"),
        head="rules:\n  waiver-approver: off\n",
    )
    run = validate_json(make(program, cfg), "--ignore", "missing-owner")
    assert [f["rule"] for f in run.findings] == ["schema", "schema"]
    assert all("waived" in f for f in run.findings)
    assert run.exit_code == 0


# ------------------------------------------------------------------------------ declaring


def test_unknown_and_unwaivable_rules_in_waivers_are_config_errors(
    program: Callable[..., Path],
) -> None:
    cfg = config(waiver(rule="missing-ownr"), waiver(rule="unused-waiver", subject="*"))
    run = validate_json(make(program, cfg), "--ignore", "schema")
    assert run.where("config") == [
        ("soccheck.yaml", *position(cfg, "missing-ownr"), None),
        ("soccheck.yaml", *position(cfg, "unused-waiver"), None),
    ]
    messages = [f["message"] for f in by_rule(run.findings, "config")]
    assert messages == [
        "waiver of unknown rule 'missing-ownr' (did you mean 'missing-owner'?); the waiver is "
        "ignored",
        "findings of rule 'unused-waiver' cannot be waived (they are about the configuration "
        "and its waivers); fix the cause instead, the waiver is ignored",
    ]
    # Ignored waivers are not judged again as unused.
    assert "unused-waiver" not in run.rules()


def test_waivers_cannot_be_declared_in_a_control_file(program: Callable[..., Path]) -> None:
    control = dedent(
        """
        controls:
          - id: AC-01
            title: Access review
            description: Access to production is reviewed every quarter.
            owner: alice
            criteria: [CC6.1]
            frequency: quarterly
            waivers:
              - rule: missing-owner
                subject: AC-01
                reason: Not needed.
                approved_by: carol
                expires: 2026-12-31
            tests:
              - id: T-AC-01
                method: inspection
                procedure: Inspected the evidence of operation.
                performed_on: 2026-07-02
                performed_by: tom
                covers: {start: 2026-01-01, end: 2026-06-30}
                population: 2
                sample_size: 2
                result: pass
        """
    )
    root = program(controls={"access.yaml": control}, system=SYSTEM)
    run = validate_json(root)
    assert run.where("schema") == [("controls/access.yaml", 8, 5, "AC-01")]
    assert run.findings[0]["message"] == (
        "unknown key 'waivers' in control 'AC-01'; waivers can only be declared in "
        "soccheck.yaml (or [tool.soccheck] in pyproject.toml), where each one is reviewed, "
        "approved and expires"
    )
    assert run.exit_code == 1


def test_waivers_cannot_be_declared_in_the_system_description(
    program: Callable[..., Path],
) -> None:
    system = SYSTEM + "waivers: []\n"
    run = validate_json(program(system=system))
    assert run.where("schema") == [("system.yaml", *position(system, "waivers"), None)]
    assert "waivers can only be declared in soccheck.yaml" in run.findings[0]["message"]


def test_waiver_missing_fields_is_a_schema_finding(program: Callable[..., Path]) -> None:
    cfg = "waivers:\n  - rule: missing-owner\n    subject: AC-01\n    expires: 2026-13-01\n"
    run = validate_json(make(program, cfg), "--ignore", "schema")
    # --ignore schema hides them; the default run shows each problem at its node.
    assert run.where("missing-owner") == [
        ("controls/access.yaml", 2, 5, "AC-01"),
        ("controls/access.yaml", *position(CONTROLS, "id: BC-01"), "BC-01"),
    ]
    assert all("waived" not in f for f in run.findings)  # an invalid waiver never applies
    run = validate_json(make(program, cfg))
    config_schema = [f for f in by_rule(run.findings, "schema") if f["path"] == "soccheck.yaml"]
    assert [(f["line"], f["column"], f["message"]) for f in config_schema] == [
        (2, 5, "waiver is missing the required key 'approved_by'"),
        (2, 5, "waiver is missing the required key 'reason'"),
        (4, 14, "expires '2026-13-01' is not a real calendar date"),
    ]


def test_waivers_in_pyproject_point_at_toml_lines(program: Callable[..., Path]) -> None:
    pyproject = dedent(
        """
        [project]
        name = "demo"

        [tool.soccheck.rules]
        schema = "off"

        [[tool.soccheck.waivers]]
        rule = "missing-owner"
        subject = "AC-01"
        reason = "New control."
        approved_by = "carol"
        expires = 2026-10-31

        [[tool.soccheck.waivers]]
        rule = "missing-owner"
        subject = "ZZ-01"
        reason = "Typo in the subject."
        approved_by = "caroll"
        expires = "2026-12-31"
        """
    )
    root = program(
        controls={"access.yaml": CONTROLS}, system=SYSTEM, extra={"pyproject.toml": pyproject}
    )
    run = validate_json(root)
    assert run.where("expired-waiver") == [
        ("pyproject.toml", *position(pyproject, "2026-10-31"), "AC-01")
    ]
    assert run.where("unused-waiver") == [
        ("pyproject.toml", *position(pyproject, "[[tool.soccheck.waivers]]", 2), "ZZ-01")
    ]
    assert run.where("waiver-approver") == [
        ("pyproject.toml", *position(pyproject, '"caroll"'), "ZZ-01")
    ]


# ------------------------------------------------------------------------------ explain / process


def test_waiver_rules_are_listed_and_explained() -> None:
    listing = run_cli("rules", "--format", "json").json
    severities = {rule["id"]: rule["severity"] for rule in listing}  # type: ignore[index]
    assert severities["expired-waiver"] == "error"
    assert severities["unused-waiver"] == "warning"
    assert severities["waiver-approver"] == "error"
    for rule in ("expired-waiver", "unused-waiver", "waiver-approver"):
        run = run_cli("explain", rule)
        assert run.exit_code == 0
        assert "waivers:" in run.stdout


def test_exit_codes_in_a_real_process(program: Callable[..., Path]) -> None:
    controls = CONTROLS.split("  - id: AC-02")[0]
    valid = program(
        controls={"access.yaml": controls}, system=SYSTEM, extra={"soccheck.yaml": config(waiver())}
    )
    run = run_subprocess("validate", valid, "--today", "2026-12-31")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert (
        run.stdout.splitlines()[-1] == "OK: 0 errors, 0 warnings, 1 waived in 3 files (2 controls)"
    )
    run = run_subprocess("validate", valid, "--today", "2027-01-01")
    assert run.exit_code == 1
    assert "expired-waiver" in run.stdout


def test_waivers_are_not_judged_when_the_system_description_is_unreadable(
    program: Callable[..., Path],
) -> None:
    # Without a system description no program rule runs: every waiver would look unused and
    # every approver unknown. Only the reason the run is broken is reported.
    cfg = config(waiver(approved_by="nobody"))
    root = program(
        controls={"access.yaml": CONTROLS.split("  - id: AC-02")[0]},
        system="name: [\n",
        extra={"soccheck.yaml": cfg},
    )
    run = validate_json(root)
    assert run.rules() == ["yaml-syntax"]
    assert run.exit_code == 1
