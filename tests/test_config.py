"""Configuration: where it is read from, paths and globs, rule selection and precedence.

Everything runs through the real CLI (click runner), in JSON and text output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import (
    COVERAGE_CONTROL,
    TODAY,
    dedent,
    passing_test_block,
    run_cli,
    validate_json,
)

NO_OWNER = dedent(
    """
    controls:
      - id: AC-01
        title: Access review
        description: Access to production is reviewed every quarter.
        criteria: [CC6.1]
        frequency: annual
    """
) + passing_test_block("T-AC-01")
"""One tested control without an owner: exactly one missing-owner error at (2, 5)."""

BROKEN = "controls: [\n"
"""A control file the YAML parser rejects."""


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def with_config(program: Callable[..., Path], name: str, text: str, **kwargs: object) -> Path:
    kwargs.setdefault("controls", {"access.yaml": NO_OWNER})
    extra = dict(kwargs.pop("extra", {}) or {})  # type: ignore[call-overload]
    extra[name] = text
    return program(extra=extra, **kwargs)


# ------------------------------------------------------------------------------ sources


def test_soccheck_yaml_rules_change_severity(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: warning\n")
    run = validate_json(root)
    assert [(f["rule"], f["severity"]) for f in run.findings] == [("missing-owner", "warning")]
    assert run.exit_code == 0
    text = run_cli("validate", root, "--today", TODAY)
    assert text.stdout.splitlines()[-1] == "passed: 0 errors, 1 warning in 3 files (2 controls)"


def test_rule_switched_off(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: off\n")
    run = validate_json(root)
    assert run.findings == []
    assert run.exit_code == 0


def test_warning_raised_to_error(program: Callable[..., Path]) -> None:
    root = with_config(
        program,
        "soccheck.yaml",
        "rules:\n  empty-file: error\n",
        controls={"empty.yaml": "# nothing yet\n"},
    )
    run = validate_json(root)
    assert [(f["rule"], f["severity"]) for f in run.findings] == [("empty-file", "error")]
    assert run.exit_code == 1


def test_pyproject_table_is_used_without_soccheck_yaml(program: Callable[..., Path]) -> None:
    pyproject = '[project]\nname = "demo"\n\n[tool.soccheck.rules]\nmissing-owner = "off"\n'
    run = validate_json(with_config(program, "pyproject.toml", pyproject))
    assert run.findings == []


def test_pyproject_without_table_means_defaults(program: Callable[..., Path]) -> None:
    run = validate_json(with_config(program, "pyproject.toml", "[tool.ruff]\nline-length = 99\n"))
    assert run.rules() == ["missing-owner"]


def test_soccheck_yaml_wins_over_pyproject_with_a_warning(program: Callable[..., Path]) -> None:
    pyproject = dedent(
        """
        [project]
        name = "demo"

        [tool.soccheck]
        fail_on = "warning"

        [tool.soccheck.rules]
        missing-owner = "off"
        """
    )
    root = with_config(
        program,
        "soccheck.yaml",
        "rules:\n  missing-owner: warning\n",
        extra={"pyproject.toml": pyproject},
    )
    run = validate_json(root)
    assert run.where("config") == [("pyproject.toml", 4, 1, None)]
    [warning] = [f for f in run.findings if f["rule"] == "config"]
    assert warning["severity"] == "warning"
    assert warning["message"] == (
        "both soccheck.yaml and [tool.soccheck] in pyproject.toml exist; soccheck.yaml wins "
        "and this table is ignored: merge it into soccheck.yaml and delete it"
    )
    # soccheck.yaml applies (missing-owner is a warning, not off); pyproject's fail_on does not.
    assert [(f["rule"], f["severity"]) for f in run.findings if f["rule"] != "config"] == [
        ("missing-owner", "warning")
    ]
    assert run.exit_code == 0


def test_broken_pyproject_does_not_matter_when_soccheck_yaml_exists(
    program: Callable[..., Path],
) -> None:
    root = with_config(
        program, "soccheck.yaml", "fail_on: error\n", extra={"pyproject.toml": "[tool\n"}
    )
    assert validate_json(root).rules() == ["missing-owner"]


def test_broken_pyproject_is_reported_when_it_may_hold_the_config(
    program: Callable[..., Path],
) -> None:
    pyproject = '[project]\nname = "demo"\n\n[tool.soccheck\n'
    run = validate_json(with_config(program, "pyproject.toml", pyproject))
    assert run.where("config") == [("pyproject.toml", 4, 15, None)]
    [problem] = [f for f in run.findings if f["rule"] == "config"]
    assert problem["severity"] == "error"
    assert problem["message"] == (
        "pyproject.toml is not valid TOML: Expected ']' at the end of a table declaration"
    )
    assert "missing-owner" in run.rules()  # the defaults apply


def test_schema_errors_in_pyproject_point_at_the_toml_value(
    program: Callable[..., Path],
) -> None:
    pyproject = dedent(
        """
        [tool.soccheck]
        system = "system.yaml"
        fail_on = "never"
        controls = [
          "controls/**/*.yaml",
          42,
        ]

        [tool.soccheck.rules]
        "missing-ownr" = "warning"
        """
    )
    run = validate_json(with_config(program, "pyproject.toml", pyproject))
    assert run.where("schema") == [
        ("pyproject.toml", *position(pyproject, '"never"'), None),
        ("pyproject.toml", *position(pyproject, "42"), None),
    ]
    assert run.where("config") == [("pyproject.toml", *position(pyproject, '"missing-ownr"'), None)]
    [unknown] = [f for f in run.findings if f["rule"] == "config"]
    assert unknown["message"] == "unknown rule 'missing-ownr' (did you mean 'missing-owner'?)"


def test_toml_datetime_is_not_a_date(program: Callable[..., Path]) -> None:
    pyproject = dedent(
        """
        [[tool.soccheck.waivers]]
        rule = "missing-owner"
        subject = "AC-01"
        reason = "New control."
        approved_by = "tom"
        expires = 2026-12-31T12:00:00
        """
    )
    run = validate_json(with_config(program, "pyproject.toml", pyproject))
    assert run.where("schema") == [("pyproject.toml", 6, 11, None)]
    assert run.findings[-1]["message"] == (
        "expires must be a date written YYYY-MM-DD; got '2026-12-31T12:00:00'"
    )


def test_explicit_config_outside_the_root(program: Callable[..., Path], tmp_path: Path) -> None:
    root = program(controls={"access.yaml": NO_OWNER})
    other = tmp_path / "policies" / "strict.yaml"
    other.parent.mkdir()
    other.write_text("rules:\n  missing-ownr: warning\n", encoding="utf-8")
    (root / "soccheck.yaml").write_text("rules:\n  missing-owner: off\n", encoding="utf-8")
    run = validate_json(root, "--config", str(other))
    # soccheck.yaml in the root is not read; the finding path is absolute (not root-relative).
    assert run.where("config") == [(other.as_posix(), 2, 3, None)]
    assert "missing-owner" in run.rules()


def test_explicit_config_inside_the_root_is_root_relative(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": NO_OWNER})
    (root / "ci").mkdir()
    (root / "ci" / "soccheck.yaml").write_text("rules:\n  nope: off\n", encoding="utf-8")
    run = validate_json(root, "--config", str(root / "ci" / "soccheck.yaml"))
    assert run.where("config") == [("ci/soccheck.yaml", 2, 3, None)]
    [problem] = [f for f in run.findings if f["rule"] == "config"]
    assert problem["message"] == "unknown rule 'nope' ('soccheck rules' lists them)"


def test_explicit_toml_config(program: Callable[..., Path], tmp_path: Path) -> None:
    root = program(controls={"access.yaml": NO_OWNER})
    toml = tmp_path / "settings.toml"
    toml.write_text('[tool.soccheck.rules]\nmissing-owner = "warning"\n', encoding="utf-8")
    run = validate_json(root, "--config", str(toml))
    assert [(f["rule"], f["severity"]) for f in run.findings] == [("missing-owner", "warning")]


def test_explicit_toml_without_table_is_a_setup_error(
    program: Callable[..., Path], tmp_path: Path
) -> None:
    toml = tmp_path / "settings.toml"
    toml.write_text("[tool.ruff]\nline-length = 99\n", encoding="utf-8")
    run = run_cli("validate", program(), "--config", str(toml))
    assert run.exit_code == 2
    assert run.stderr == f"soccheck: error: config file {toml} has no [tool.soccheck] table\n"


def test_missing_explicit_config_is_a_setup_error(program: Callable[..., Path]) -> None:
    run = run_cli("validate", program(), "--config", "does-not-exist.yaml")
    assert run.exit_code == 2
    assert run.stderr == "soccheck: error: config file does-not-exist.yaml does not exist\n"


def test_relative_explicit_config_is_relative_to_the_working_directory(
    program: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program(controls={"access.yaml": NO_OWNER})
    (tmp_path / "relaxed.yaml").write_text("rules:\n  missing-owner: off\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = validate_json(root, "--config", "relaxed.yaml")
    assert run.findings == []


# ------------------------------------------------------------------------------ paths


def test_system_path_from_config(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": NO_OWNER})
    (root / "compliance").mkdir()
    (root / "system.yaml").rename(root / "compliance" / "system.yaml")
    (root / "soccheck.yaml").write_text("system: ./compliance/system.yaml\n", encoding="utf-8")
    run = validate_json(root)
    assert run.rules() == ["missing-owner"]
    assert run.json["summary"]["files"] == 3
    # The system description is named in messages by its configured path.
    (root / "controls" / "access.yaml").write_text(
        NO_OWNER.replace("criteria:", "owner: nobody\n    criteria:"), encoding="utf-8"
    )
    run = validate_json(root)
    assert "not a person or team defined in compliance/system.yaml" in run.findings[0]["message"]


def test_configured_system_that_does_not_exist(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "system: docs/system.yaml\n")
    run = run_cli("validate", root)
    assert run.exit_code == 2
    assert run.stderr == (
        "soccheck: error: the system description docs/system.yaml (set by 'system' in "
        f"soccheck.yaml) does not exist under {root}\n"
    )


@pytest.mark.parametrize("system", ["../system.yaml", "/etc/hostname", "a/../../system.yaml"])
def test_system_outside_the_root_is_refused(program: Callable[..., Path], system: str) -> None:
    root = with_config(program, "soccheck.yaml", f"system: {system}\n")
    (root.parent / "system.yaml").write_text("name: Elsewhere\nreports: []\n", encoding="utf-8")
    run = run_cli("validate", root)
    assert run.exit_code == 2
    assert run.stderr == (
        "soccheck: error: 'system' in soccheck.yaml must be a path relative to the program "
        f"root and inside it; got '{system}'\n"
    )


def test_controls_globs_replace_the_default(program: Callable[..., Path]) -> None:
    root = with_config(
        program,
        "soccheck.yaml",
        "controls:\n  - compliance/**/*.yaml\n",
        controls={"broken.yaml": BROKEN},
        extra={
            "compliance/iam/access.yaml": NO_OWNER,
            "compliance/coverage.yaml": "controls:\n" + COVERAGE_CONTROL,
        },
    )
    run = validate_json(root)
    # controls/ (the default) is no longer read, so neither its broken file nor its coverage
    # control; compliance/ is, with its own copy of the coverage control.
    assert run.where("missing-owner") == [("compliance/iam/access.yaml", 2, 5, "AC-01")]
    assert "yaml-syntax" not in run.rules()
    assert run.json["summary"] == {"errors": 1, "warnings": 0, "files": 3, "controls": 2}


def test_exclude_files_and_directories(program: Callable[..., Path]) -> None:
    cfg = "exclude:\n  - controls/drafts\n  - controls/**/*.example.yaml\n"
    root = with_config(
        program,
        "soccheck.yaml",
        cfg,
        controls={
            "access.yaml": NO_OWNER,
            "drafts/new.yaml": BROKEN,
            "drafts/deeper/other.yml": BROKEN,
            "team/access.example.yaml": BROKEN,
            "team/real.yml": NO_OWNER.replace("AC-01", "AC-02"),
        },
    )
    run = validate_json(root)
    assert run.rules() == ["missing-owner", "missing-owner"]
    assert run.json["summary"]["files"] == 4  # system, _coverage, access, team/real


def test_config_and_system_files_are_never_control_files(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "controls: ['**/*.yaml']\n")
    run = validate_json(root)
    assert run.rules() == ["missing-owner"]
    assert run.json["summary"]["files"] == 3


def test_controls_pattern_matching_nothing_is_a_warning(program: Callable[..., Path]) -> None:
    cfg = "controls:\n  - controls/**/*.yaml\n  - control/**/*.yaml\n"
    run = validate_json(with_config(program, "soccheck.yaml", cfg))
    assert run.where("config") == [("soccheck.yaml", 3, 5, None)]
    [warning] = [f for f in run.findings if f["rule"] == "config"]
    assert warning["severity"] == "warning"
    assert warning["message"] == (
        "controls pattern 'control/**/*.yaml' matches no file (after 'exclude'); check the "
        "spelling, or remove the pattern"
    )


@pytest.mark.parametrize(
    "cfg", ["fail_on: error\n", "controls: [controls/**/*.yaml, ./controls/**/*.yml]\n"]
)
def test_default_controls_patterns_never_warn(program: Callable[..., Path], cfg: str) -> None:
    # No .yml files exist, but the defaults (even written out) are not the user's typo.
    run = validate_json(with_config(program, "soccheck.yaml", cfg))
    assert run.rules() == ["missing-owner"]


@pytest.mark.parametrize("pattern", ["../elsewhere/*.yaml", "/etc/*.yaml", "controls/../../x/*"])
def test_controls_pattern_outside_the_root_is_ignored(
    program: Callable[..., Path], pattern: str
) -> None:
    cfg = f"controls:\n  - controls/**/*.yaml\n  - '{pattern}'\n"
    root = with_config(program, "soccheck.yaml", cfg)
    (root.parent / "elsewhere").mkdir(exist_ok=True)
    (root.parent / "elsewhere" / "evil.yaml").write_text(BROKEN, encoding="utf-8")
    run = validate_json(root)
    assert run.where("config") == [("soccheck.yaml", 3, 5, None)]
    [problem] = [f for f in run.findings if f["rule"] == "config"]
    assert problem["message"] == (
        f"controls pattern '{pattern}' must be a path relative to the program root and stay "
        "inside it; the pattern is ignored"
    )
    assert "yaml-syntax" not in run.rules()


def test_dot_slash_patterns_are_normalised(program: Callable[..., Path]) -> None:
    cfg = "controls: ['./controls/**/*.yaml']\nexclude: ['./controls/_coverage.yaml']\n"
    run = validate_json(with_config(program, "soccheck.yaml", cfg))
    assert run.json["summary"]["files"] == 2
    assert "config" not in run.rules()


# ------------------------------------------------------------------------------ precedence


def test_fail_on_from_config_and_command_line(program: Callable[..., Path]) -> None:
    root = with_config(
        program, "soccheck.yaml", "fail_on: warning\nrules:\n  missing-owner: warning\n"
    )
    assert validate_json(root).exit_code == 1
    assert validate_json(root, "--fail-on", "error").exit_code == 0
    relaxed = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: warning\n")
    assert validate_json(relaxed).exit_code == 0
    assert validate_json(relaxed, "--fail-on", "warning").exit_code == 1


def test_select_beats_config_off(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: off\n")
    assert validate_json(root).findings == []
    run = validate_json(root, "--select", "missing-owner")
    assert run.rules() == ["missing-owner"]


def test_select_keeps_the_configured_severity(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: warning\n")
    run = validate_json(root, "--select", "missing-owner")
    assert [f["severity"] for f in run.findings] == ["warning"]


def test_select_limits_the_rules(program: Callable[..., Path]) -> None:
    root = program(
        controls={"access.yaml": NO_OWNER.replace("criteria:", "owner: olga\n    criteria:")}
    )
    run = validate_json(root)
    assert run.rules() == ["inactive-owner"]
    assert validate_json(root, "--select", "missing-owner,unknown-owner").findings == []


def test_ignore_beats_config_and_select(program: Callable[..., Path]) -> None:
    root = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: error\n")
    assert validate_json(root, "--ignore", "missing-owner").findings == []
    run = validate_json(root, "--select", "missing-owner", "--ignore", "missing-owner")
    assert run.findings == []
    assert run.exit_code == 0


def test_select_never_hides_unreadable_files(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": NO_OWNER, "broken.yaml": BROKEN})
    run = validate_json(root, "--select", "missing-owner")
    assert run.rules() == ["missing-owner", "yaml-syntax"]
    assert run.exit_code == 1
    # Naming the rule in --ignore (or switching it off in the config) hides it deliberately.
    assert validate_json(root, "--select", "missing-owner", "--ignore", "yaml-syntax").rules() == [
        "missing-owner"
    ]
    (root / "soccheck.yaml").write_text("rules:\n  yaml-syntax: off\n", encoding="utf-8")
    assert validate_json(root, "--select", "missing-owner").rules() == ["missing-owner"]


def test_select_does_hide_schema_findings(program: Callable[..., Path]) -> None:
    root = program(controls={"access.yaml": NO_OWNER.replace("CC6.1]", "CC6.1]\n    key: yes")})
    assert validate_json(root).rules() == ["missing-owner", "schema"]
    assert validate_json(root, "--select", "missing-owner").rules() == ["missing-owner"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_on_the_command_line_is_a_usage_error(
    program: Callable[..., Path], option: str
) -> None:
    run = run_cli("validate", program(), option, "missing-owner,misssing-owner")
    assert run.exit_code == 2
    assert "unknown rule 'misssing-owner' (did you mean 'missing-owner'?)" in run.stderr


def test_unknown_rule_in_config_points_at_the_key(program: Callable[..., Path]) -> None:
    cfg = "fail_on: error\nrules:\n  missing-owner: warning\n  inactive-ownr: off\n"
    run = validate_json(with_config(program, "soccheck.yaml", cfg))
    assert run.where("config") == [("soccheck.yaml", 4, 3, None)]
    [problem] = [f for f in run.findings if f["rule"] == "config"]
    assert problem["message"] == ("unknown rule 'inactive-ownr' (did you mean 'inactive-owner'?)")
    # The valid part of the configuration still applies.
    assert ("missing-owner", "warning") in [(f["rule"], f["severity"]) for f in run.findings]


def test_invalid_config_values_are_schema_findings(program: Callable[..., Path]) -> None:
    cfg = "fail_on: never\nrules:\n  missing-owner: silent\nsystme: system.yaml\n"
    run = validate_json(with_config(program, "soccheck.yaml", cfg))
    assert [
        (f["line"], f["column"], f["message"]) for f in run.findings if f["rule"] == "schema"
    ] == [
        (1, 10, "fail_on must be one of: error, warning; got 'never'"),
        (3, 18, "missing-owner must be one of: error, warning, off; got 'silent'"),
        (4, 1, "unknown key 'systme' in the configuration; did you mean 'system'?"),
    ]
    assert validate_json(with_config(program, "soccheck.yaml", cfg)).exit_code == 1


def test_empty_config_file_means_defaults(program: Callable[..., Path]) -> None:
    run = validate_json(with_config(program, "soccheck.yaml", "# nothing configured yet\n"))
    assert run.rules() == ["missing-owner"]


def test_config_is_read_from_the_root_not_the_working_directory(
    program: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = with_config(program, "soccheck.yaml", "rules:\n  missing-owner: off\n")
    (tmp_path / "soccheck.yaml").write_text("rules:\n  missing-owner: error\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert validate_json(root).findings == []
