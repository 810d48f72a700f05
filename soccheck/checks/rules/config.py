"""config: the configuration has a problem.

No check function: the configuration loader (:mod:`soccheck.load.config`), the program loader
(globs that match no file, :mod:`soccheck.load.program`) and the checker (unknown rule IDs,
:mod:`soccheck.checks.checker`) report it.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="config",
    severity="error",
    summary="The configuration (soccheck.yaml or [tool.soccheck]) has a problem.",
    rationale=(
        "Covers an unreadable pyproject.toml, unknown rule IDs in 'rules' or in a waiver "
        "(with a suggestion), waivers of rules that cannot be waived, 'controls' or "
        "'exclude' patterns that leave the program root (ignored) or match no file, and "
        "having both soccheck.yaml and [tool.soccheck] (soccheck.yaml wins; warning). Fix "
        "the configuration so the run checks what you intend; see docs/configuration.md."
    ),
    example=("# soccheck.yaml\nrules:\n  missing-ownr: warning\n"),
    passing=("# soccheck.yaml\nrules:\n  missing-owner: warning\n"),
)
