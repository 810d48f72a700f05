"""empty-file: a program file is empty or holds only comments.

No check function: the program loader (:mod:`soccheck.load.program`) reports it.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="empty-file",
    severity="error",
    summary="A program file is empty or holds only comments.",
    rationale=(
        "An empty file usually means content was deleted by accident, and a green run on "
        "it would be read as 'all controls pass'. Remove the file, add its controls, or "
        "exclude it in soccheck.yaml."
    ),
    example=("# controls/old.yaml\n# retired controls, moved to access.yaml\n"),
    passing=(
        "# soccheck.yaml   (or delete controls/old.yaml)\n"
        "exclude: [controls/old.yaml]\n"
        "# controls/old.yaml\n"
        "# retired controls, moved to access.yaml\n"
    ),
)
