"""yaml-limits: a file exceeds a safety limit, or the program its budget.

No check function: the YAML reader (:mod:`soccheck.load.yaml_reader`) reports it and stops
reading the file; the program's loader (:mod:`soccheck.load.program`) reports the first file
over the program's budget and reads no further.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="yaml-limits",
    severity="error",
    summary=(
        "The file exceeds a safety limit (nesting depth, node count, alias expansion), or "
        "the program its budget (bytes and nodes over all its files)."
    ),
    rationale=(
        "Limits keep a hostile or broken file from exhausting memory or time (for example "
        "a 'billion laughs' alias bomb). Real SOC programs stay far below them; split very "
        "large files, and write values out instead of nesting aliases. A run keeps every "
        "file it reads, so the whole program has a budget too (max_program_size, "
        "max_program_nodes): files past it are not read. The limits are set under 'limits' "
        "in soccheck.yaml."
    ),
    example=(
        "# controls/lol.yaml   (a 'billion laughs' alias bomb)\n"
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    ),
    passing=(
        "# controls/access.yaml   (one small alias is fine)\n"
        "controls:\n"
        "  - id: AC-01\n"
        "    title: Quarterly access review\n"
        "    description: The platform lead reviews production access each quarter.\n"
        "    criteria: &access [CC6.1, CC6.2, CC6.3]\n"
        "  - id: AC-02\n"
        "    title: Access removal\n"
        "    description: Leavers lose production access within one business day.\n"
        "    criteria: *access\n"
    ),
    unreadable=True,
)
