"""The text ``soccheck new control`` and ``soccheck new test`` write for a person to replace.

Defined once, here: the commands write these strings and the ``placeholder-text`` rule
recognises them, so a skeleton that was never filled in cannot pass silently. This module
imports nothing, so the rule can use it without loading the YAML writer.
"""

from __future__ import annotations

CONTROL_TITLE = "Short name of the control"
CONTROL_DESCRIPTION = "Who does what, how often, and what evidence shows that it was done."
TEST_PROCEDURE = (
    "What the tester did: the population, how the sample was picked, what was examined in "
    "each item, and what would have counted as an exception."
)
TESTER = "TESTER"
"""The ``performed_by`` of a new test: not a person, so ``unknown-person`` reports it until
the tester is named (as ``unknown-owner`` reports the OWNER of a new control)."""

SKELETON_TEXT: dict[str, str] = {
    CONTROL_TITLE: "soccheck new control",
    CONTROL_DESCRIPTION: "soccheck new control",
    TEST_PROCEDURE: "soccheck new test",
}
"""Each skeleton text (whitespace collapsed) -> the command that writes it."""
