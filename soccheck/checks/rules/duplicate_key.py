"""duplicate-key: a mapping defines the same key twice.

No check function: the YAML reader (:mod:`soccheck.load.yaml_reader`) reports it and keeps the
first value.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="duplicate-key",
    severity="error",
    summary="A mapping defines the same key twice.",
    rationale=(
        "YAML loaders silently keep one of the two values, so a reviewer may approve a value "
        "that is not the one used. soccheck uses the first and reports the second; delete "
        "one of them."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "owner: tom\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
    ),
)
