"""broad-waiver: one waiver covering findings about many subjects, and the readiness headline
that never calls a program ready while waivers hide its untested scope."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import TODAY, dedent, run_cli, run_subprocess, validate_json
from tests.rules.test_waivers import SYSTEM, by_rule, config, position, waiver


def _unowned(*ids: str) -> str:
    """Controls without an owner (one missing-owner finding each), each with a passing test."""
    text = "controls:\n"
    for control_id in ids:
        text += dedent(
            f"""
              - id: {control_id}
                title: Access review
                description: Access to production is reviewed every quarter.
                criteria: [CC6.1]
                frequency: quarterly
                tests:
                  - id: T-{control_id}
                    method: inspection
                    procedure: Inspected the review ticket.
                    performed_on: 2026-04-02
                    performed_by: tom
                    covers: {{start: 2026-01-01, end: 2026-04-01}}
                    population: 1
                    sample_size: 1
                    exceptions: 0
                    result: pass
            """
        )
    return text


def _make(program: Callable[..., Path], cfg: str, ids: tuple[str, ...]) -> Path:
    return program(
        controls={"access.yaml": _unowned(*ids)}, system=SYSTEM, extra={"soccheck.yaml": cfg}
    )


FOUR = ("AC-01", "AC-02", "AC-03", "AC-04")


def test_a_glob_waiver_over_more_than_three_subjects_is_broad(
    program: Callable[..., Path],
) -> None:
    cfg = config(waiver(subject="AC-*"))
    run = validate_json(_make(program, cfg, FOUR))
    # The waiver still applies (a warning asks for one waiver per exception) ...
    assert [f["subject"] for f in by_rule(run.findings, "missing-owner") if "waived" in f] == [
        *FOUR
    ]
    # ... and the finding is at the waiver's subject, naming the subjects it swallows.
    [broad] = by_rule(run.findings, "broad-waiver")
    assert (broad["path"], broad["line"], broad["column"], broad["severity"]) == (
        "soccheck.yaml",
        *position(cfg, "'AC-*'"),
        "warning",
    )
    assert broad["subject"] is None  # a glob is not an ID
    assert broad["message"] == (
        "waiver of missing-owner for 'AC-*' covers findings about 4 different subjects "
        "('AC-01', 'AC-02', 'AC-03', 'AC-04'); one waiver may cover at most 3 "
        "(waiver_policy.max_subjects): give each exception its own waiver and reason, or fix "
        "the findings"
    )
    assert run.exit_code == 0  # a warning: fails only with --fail-on warning
    assert validate_json(_make(program, cfg, FOUR), "--fail-on", "warning").exit_code == 1


def test_three_subjects_are_not_broad_and_a_star_over_many_names_five(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    quiet = validate_json(_make(program, config(waiver(subject="AC-*")), FOUR[:3]))
    assert by_rule(quiet.findings, "broad-waiver") == []
    ids = tuple(f"AC-{n:02d}" for n in range(1, 9))
    root = _make(program, config(waiver(subject="*")), ids)
    [broad] = by_rule(validate_json(root).findings, "broad-waiver")
    assert (
        "about 8 different subjects ('AC-01', 'AC-02', 'AC-03', 'AC-04', 'AC-05' and 3 more)"
        in (str(broad["message"]))
    )


def test_the_limit_is_configurable(program: Callable[..., Path]) -> None:
    strict = config(waiver(subject="AC-0[12]"), head="waiver_policy:\n  max_subjects: 1\n")
    run = validate_json(_make(program, strict, FOUR))
    assert [f["line"] for f in by_rule(run.findings, "broad-waiver")] == [
        position(strict, "'AC-0[12]'")[0]
    ]
    lenient = config(waiver(subject="AC-*"), head="waiver_policy: {max_subjects: 10}\n")
    assert by_rule(validate_json(_make(program, lenient, FOUR)).findings, "broad-waiver") == []


def test_the_limit_in_pyproject_points_at_toml_lines(program: Callable[..., Path]) -> None:
    pyproject = dedent(
        """
        [tool.soccheck.waiver_policy]
        max_subjects = 2

        [[tool.soccheck.waivers]]
        rule = "missing-owner"
        subject = "AC-*"
        reason = "Owners are assigned in the Q4 review."
        approved_by = "carol"
        expires = 2026-12-31
        """
    )
    root = program(
        controls={"access.yaml": _unowned(*FOUR[:3])},
        system=SYSTEM,
        extra={"pyproject.toml": pyproject},
    )
    assert validate_json(root).where("broad-waiver") == [
        ("pyproject.toml", *position(pyproject, '"AC-*"'), None)
    ]


def test_an_invalid_limit_is_a_schema_finding(program: Callable[..., Path]) -> None:
    cfg = config(waiver(), head="waiver_policy:\n  max_subjects: 0\n")
    run = validate_json(_make(program, cfg, FOUR[:1]))
    [schema] = by_rule(run.findings, "schema")
    assert (schema["path"], schema["line"]) == ("soccheck.yaml", 2)
    assert "max_subjects" in str(schema["message"])


def test_expired_broad_waiver_is_only_expired_and_broad_waiver_cannot_be_waived(
    program: Callable[..., Path],
) -> None:
    cfg = config(
        waiver(subject="AC-*", expires="2026-01-31"),
        waiver(rule="broad-waiver", subject="x"),
    )
    run = validate_json(_make(program, cfg, FOUR))
    assert by_rule(run.findings, "broad-waiver") == []
    assert len(by_rule(run.findings, "expired-waiver")) == 1
    [unwaivable] = by_rule(run.findings, "config")
    assert "findings of rule 'broad-waiver' cannot be waived" in str(unwaivable["message"])


def test_text_output_and_explain_in_a_real_process(program: Callable[..., Path]) -> None:
    root = _make(program, config(waiver(subject="AC-*")), FOUR)
    run = run_subprocess("validate", root, "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert "warning broad-waiver waiver of missing-owner for 'AC-*' covers" in run.stdout
    assert run.stdout.splitlines()[-1] == (
        "passed: 0 errors, 1 warning, 4 waived in 3 files (5 controls)"
    )
    explain = run_cli("explain", "broad-waiver")
    assert explain.exit_code == 0
    assert "waiver_policy.max_subjects" in explain.stdout


def test_one_star_waiver_never_makes_a_new_program_read_ready(tmp_path: Path) -> None:
    """The reported case: a fresh program, one test, every other control waived by '*'."""
    root = tmp_path / "acme"
    init = run_cli(
        "init", root, "--owner", "jane.doe", "--period-start", "2026-01-01",
        "--today", TODAY, "--no-ci",
    )  # fmt: skip
    assert init.exit_code == 0, init.stdout
    system = root / "system.yaml"
    system.write_text(
        system.read_text(encoding="utf-8").replace(
            "people:\n", "people:\n  - {id: ines.audit, name: Ines Audit}\n", 1
        ),
        encoding="utf-8",
    )
    with (root / "soccheck.yaml").open("a", encoding="utf-8") as config_file:
        config_file.write(
            "waivers:\n"
            "  - rule: untested-control\n"
            '    subject: "*"\n'
            "    reason: Testing starts next quarter.\n"
            "    approved_by: ines.audit\n"
            "    expires: 2027-03-31\n"
        )
    validate = validate_json(root)
    assert validate.json["summary"]["controls"] == 66
    assert [f["rule"] for f in validate.findings if "waived" not in f] == ["broad-waiver"]
    headline = (
        "Ready only with waivers: 66 of 66 controls untested under waiver, 33 criteria "
        "untested under waiver; no errors are open (1 warning to review)."
    )
    for output_format, wrap in (("text", "\n{}\n"), ("markdown", "**{}**"), ("html", ">{}<")):
        report = run_cli("report", root, "--format", output_format, "--today", TODAY)
        assert report.exit_code == 0
        assert wrap.format(headline) in report.stdout, output_format
        assert "Ready:" not in report.stdout
