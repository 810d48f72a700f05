"""The bundled example programs validate cleanly, in process and as a subprocess."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, run_cli, run_subprocess

CLEAN = ["saas", "fintech"]


@pytest.mark.parametrize("name", CLEAN)
def test_example_is_clean(name: str) -> None:
    run = run_cli("validate", EXAMPLES / name, "--format", "json", "--fail-on", "warning")
    assert run.exit_code == 0, run.stdout
    assert run.json["findings"] == []
    assert run.json["summary"]["controls"] >= 12


def test_fintech_shares_controls_between_soc1_and_soc2() -> None:
    from soccheck.program import load_program

    program = load_program(EXAMPLES / "fintech")
    assert program.system is not None
    assert {r.framework for r in program.system.reports} == {"soc1", "soc2"}
    shared = [c for c in program.controls if c.criteria and c.objectives]
    assert len(shared) >= 5


def test_example_as_a_subprocess() -> None:
    run = run_subprocess("validate", EXAMPLES / "saas")
    assert run.exit_code == 0
    assert run.stdout.startswith("OK: 0 errors, 0 warnings")
    assert run.stderr == ""
