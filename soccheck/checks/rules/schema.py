"""schema: a value does not match the published JSON Schema.

No check function: schema validation (:mod:`soccheck.load.validation`) reports it, and the
record builder (:mod:`soccheck.load.build`) for the rare value the schema allows but a record
does not.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="schema",
    severity="error",
    summary="A value does not match the published JSON Schema.",
    rationale=(
        "Unknown keys, wrong types, missing required keys and values outside the allowed "
        "set are reported at the offending node. 'owner:alice' without a space after ':' "
        "is one piece of text to YAML; where such text stands in for a mapping or a missing "
        "key, the finding says to add the space. The schemas ship with soccheck (see "
        "'soccheck schema') and can drive editor completion."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "frequency: sometimes\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "frequency: quarterly\n"
    ),
)
