"""multiple-documents: a file holds more than one YAML document.

No check function: the YAML reader (:mod:`soccheck.load.yaml_reader`) reports it and reads the
first document only.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="multiple-documents",
    severity="error",
    summary="A file holds more than one YAML document ('---').",
    rationale=(
        "soccheck reads exactly one document per file: later documents would otherwise be "
        "silently ignored by some tools and read by others. Split the documents into "
        "separate files. A leading '---' before the only document is fine."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "---\n"
        "id: AC-02\n"
        "title: Access removal\n"
        "description: Leavers lose production access within one business day.\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "# controls/offboarding.yaml\n"
        "id: AC-02\n"
        "title: Access removal\n"
        "description: Leavers lose production access within one business day.\n"
    ),
    unreadable=True,
)
