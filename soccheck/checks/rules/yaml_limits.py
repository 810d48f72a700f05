"""yaml-limits: a file exceeds a safety limit.

No check function: the YAML reader (:mod:`soccheck.load.yaml_reader`) reports it and stops
reading the file.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="yaml-limits",
    severity="error",
    summary="The file exceeds a safety limit (nesting depth, node count, alias expansion).",
    rationale=(
        "Limits keep a hostile or broken file from exhausting memory or time (for example "
        "a 'billion laughs' alias bomb). Real SOC programs stay far below them; split very "
        "large files, and write values out instead of nesting aliases. The limits are set "
        "under 'limits' in soccheck.yaml."
    ),
    example='# controls/x.yaml\na: &a ["x", "x"]\nb: &b [*a, *a]\n# ...nine levels deep\n',
    unreadable=True,
)
