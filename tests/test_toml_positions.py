"""Positions of TOML nodes, used for findings in [tool.soccheck] (see tests/test_config.py
for the same through the CLI)."""

from __future__ import annotations

import tomllib

from soccheck.load.toml_positions import toml_positions
from tests.conftest import dedent

TRICKY = dedent(
    '''
    # A pyproject.toml with everything that could confuse a line scanner.
    [project]
    name = "demo"
    description = """
    [tool.soccheck]
    fail_on = "warning"
    """

    [tool.soccheck]  # the real one
    "fail_on" = 'error'
    controls = [
      "controls/**/*.yaml", # first
      # a comment line
      'other/*.yml',
    ]
    limits.max_depth = 32
    rules = { missing-owner = "warning", "unknown-owner" = "off" }

    [[tool.soccheck.waivers]]
    rule = "missing-owner"
    subject = "AC-]*"
    reason = """Multi-line reason,
    with a fake key = "value" line
    and a fake [[tool.soccheck.waivers]] header."""
    approved_by = "carol"
    expires = 2026-12-31

    [[tool.soccheck.waivers]]
    rule = 'inactive-owner'
    subject = "OPS-04"
    reason = 'Literal \\ string'
    approved_by = "jorge"
    expires = 2027-01-31
    ticket = "PLAT-1"

    [tool.other]
    waivers = []
    '''
)


def at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def test_positions_of_every_node_under_the_table() -> None:
    data = tomllib.loads(TRICKY)["tool"]["soccheck"]
    positions, keys = toml_positions(TRICKY, ("tool", "soccheck"))
    assert positions[()] == at(TRICKY, "[tool.soccheck]  #")
    assert positions[("fail_on",)] == at(TRICKY, "'error'")
    assert keys[("fail_on",)] == at(TRICKY, '"fail_on" =')
    assert positions[("controls", 0)] == at(TRICKY, '"controls/**')
    assert positions[("controls", 1)] == at(TRICKY, "'other/*.yml'")
    assert positions[("limits", "max_depth")] == at(TRICKY, "32")
    assert keys[("limits", "max_depth")] == at(TRICKY, "max_depth")
    assert positions[("rules", "missing-owner")] == at(TRICKY, '"warning", "unknown')
    assert keys[("rules", "unknown-owner")] == at(TRICKY, '"unknown-owner"')
    assert positions[("waivers", 0)] == at(TRICKY, "[[tool.soccheck.waivers]]\nrule")
    assert positions[("waivers", 0, "approved_by")] == at(TRICKY, '"carol"')
    assert positions[("waivers", 0, "expires")] == at(TRICKY, "2026-12-31")
    assert positions[("waivers", 1)] == at(TRICKY, "[[tool.soccheck.waivers]]\nrule = 'in")
    assert positions[("waivers", 1, "reason")] == at(TRICKY, "'Literal")
    assert positions[("waivers", 1, "ticket")] == at(TRICKY, '"PLAT-1"')
    # Nothing outside the table leaks in, and every leaf of the data has a position.
    assert ("waivers", 2) not in positions

    def leaves(value: object, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in leaves(v, (*path, k))]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))]
        return [path]

    assert all(path in positions for path in leaves(data, ()))


def test_inline_array_of_tables() -> None:
    text = dedent(
        """
        [tool.soccheck]
        waivers = [
          {rule = "missing-owner", subject = "AC-01", approved_by = "c"},
          { rule = "inactive-owner", subject = "OPS-04", approved_by = "c" },
        ]
        """
    )
    positions, _ = toml_positions(text, ("tool", "soccheck"))
    assert positions[("waivers", 0)] == (3, 3)
    assert positions[("waivers", 1, "subject")] == at(text, '"OPS-04"')


def test_dotted_table_without_header() -> None:
    text = '[tool]\nsoccheck.fail_on = "warning"\nsoccheck.rules.schema = "off"\n'
    positions, keys = toml_positions(text, ("tool", "soccheck"))
    assert positions[("fail_on",)] == (2, 20)
    assert keys[("rules", "schema")] == (3, 16)
    assert positions[()] == (2, 1)
