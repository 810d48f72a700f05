"""yaml-tag: a YAML tag other than the standard data types.

No check function: the YAML reader (:mod:`soccheck.load.yaml_reader`) reports it and ignores the
value.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="yaml-tag",
    severity="error",
    summary="A YAML tag other than the standard data types is used.",
    rationale=(
        "Tags such as !!python/object can make YAML loaders run code. soccheck never "
        "constructs them; it reports them and ignores the value. Remove the tag."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: !!python/object:os.system AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
    ),
)
