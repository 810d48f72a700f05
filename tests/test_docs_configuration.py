"""The annotated examples in docs/configuration.md are real: they validate and do what the
text says, so the documentation cannot drift from the behaviour."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import COVERAGE_CONTROL, REPO, dedent, passing_test_block, validate_json

DOC = REPO / "docs" / "configuration.md"

SYSTEM = dedent(
    """
    name: Skyline
    reports:
      - id: soc2-2026
        framework: soc2
        type: 2
        period: {start: 2026-01-01, end: 2026-09-30}
        categories: [security]
    people:
      - {id: priya.nair, name: Priya Nair}
      - {id: jorge.alvarez, name: Jorge Alvarez}
      - {id: tom.becker, name: Tom Becker}
      - {id: alice, name: Alice Owner}
      - {id: tom, name: Tom Tester}
      - {id: ben.walsh, name: Ben Walsh, active: false}
    teams:
      - {id: platform, name: Platform, lead: tom.becker, members: [tom.becker]}
    """
)

CONTROLS = (
    "controls:\n"
    "  - id: OPS-04\n"
    "    title: On-call rotation\n"
    "    description: An engineer is on call around the clock and acknowledges pages.\n"
    "    owner: ben.walsh\n"
    "    criteria: [CC7.3]\n"
    "    frequency: annual\n" + passing_test_block("T-OPS-04") + "  - id: VEND-01\n"
    "    title: Vendor review\n"
    "    description: Critical vendors' SOC reports are reviewed every year.\n"
    "    criteria: [CC9.2]\n"
    "    frequency: annual\n" + passing_test_block("T-VEND-01") + "  - id: VEND-02\n"
    "    title: Vendor onboarding\n"
    "    description: New vendors are risk-assessed before contracts are signed.\n"
    "    criteria: [CC9.2]\n"
    "    frequency: annual\n" + passing_test_block("T-VEND-02")
)
"""The controls the documented waivers are about; each is tested, so only the ownership
findings the examples discuss remain."""


def example(name: str) -> str:
    """The fenced block after ``<!-- soccheck-example: NAME -->`` in the doc."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- soccheck-example: {name} -->\n```[a-z]+\n(.*?)```", text, flags=re.DOTALL
    )
    assert match, f"no example {name} in {DOC}"
    return match.group(1)


def _program(program: Callable[..., Path], name: str, config: str, base: str = "") -> Path:
    prefix = f"{base}/" if base else ""
    return program(
        controls={},
        coverage=False,
        system=SYSTEM,
        extra={
            name: config,
            f"{prefix}system.yaml": SYSTEM,
            f"{prefix}controls/ops.yaml": CONTROLS,
            f"{prefix}controls/coverage.yaml": "controls:\n" + COVERAGE_CONTROL,
            f"{prefix}controls/drafts/next.yaml": "controls: [\n",  # excluded
        },
    )


def test_annotated_yaml_example_works_as_documented(program: Callable[..., Path]) -> None:
    root = _program(program, "soccheck.yaml", example("config-yaml"))
    (root / "controls" / "team").mkdir()
    (root / "controls" / "team" / "sample.example.yaml").write_text("controls: [\n")
    run = validate_json(root, "--today", "2026-03-20")
    assert run.exit_code == 0, run.stdout
    # No schema or config findings; the drafts and *.example.yaml files are excluded.
    assert {f["rule"] for f in run.findings} == {"inactive-owner", "missing-owner"}
    assert all("waived" in f for f in run.findings), run.findings
    assert [(f["subject"], f["severity"]) for f in run.findings] == [
        ("OPS-04", "error"),
        ("VEND-01", "warning"),  # rules: missing-owner: warning
        ("VEND-02", "warning"),
    ]
    # After the first waiver's last day, its finding is back with an expired-waiver error.
    run = validate_json(root, "--today", "2026-04-01")
    assert run.exit_code == 1
    assert [f["rule"] for f in run.findings if f["path"] == "soccheck.yaml"] == ["expired-waiver"]


def test_pyproject_example_works_as_documented(program: Callable[..., Path]) -> None:
    root = _program(program, "pyproject.toml", example("config-toml"), base="compliance")
    run = validate_json(root, "--today", "2026-03-20")
    assert [(f["rule"], f["subject"], "waived" in f) for f in run.findings] == [
        ("inactive-owner", "OPS-04", True),
        ("missing-owner", "VEND-01", False),
        ("missing-owner", "VEND-02", False),
    ]
    assert all(f["path"] == "compliance/controls/ops.yaml" for f in run.findings)
    assert run.exit_code == 0  # missing-owner is a warning there


def test_the_documented_sampling_table_is_the_built_in_one() -> None:
    from soccheck.checks.sampling import DEFAULT_MINIMUMS

    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Sample sizes and the fieldwork window", 1)[1].split("\n## ", 1)[0]
    documented: dict[str, int] = {}
    for names, size in re.findall(r"^\| (`[^|]+`) \| (\d+) \|$", section, flags=re.M):
        for name in re.findall(r"`([^`]+)`", names):
            documented[name] = int(size)
    assert documented == dict(DEFAULT_MINIMUMS)


def test_the_documented_sampling_example_applies(program: Callable[..., Path]) -> None:
    """The annotated example's `sampling: {daily: 25}` raises the daily minimum."""
    root = _program(program, "soccheck.yaml", example("config-yaml"))
    daily = CONTROLS.replace("    frequency: annual\n", "    frequency: daily\n", 1).replace(
        "        population: 1\n        sample_size: 1\n",
        "        population: 40\n        sample_size: 20\n",
        1,
    )
    (root / "controls" / "ops.yaml").write_text(daily, encoding="utf-8")
    run = validate_json(root, "--today", "2026-03-20", "--select", "insufficient-sample")
    [finding] = run.findings
    assert (
        "a daily control needs at least 25 (the configuration's 'sampling')" in (finding["message"])
    )
