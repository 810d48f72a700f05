"""file-unreadable: a program file cannot be read.

No check function: file discovery (:mod:`soccheck.load.discovery`) reports files it cannot open
and directories it cannot search, the YAML reader (:mod:`soccheck.load.yaml_reader`) bytes
that are not UTF-8 text. Registered like every other rule so that ``soccheck rules``,
``explain``, severity overrides and SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="file-unreadable",
    severity="error",
    summary=(
        "A program file cannot be read (binary, not UTF-8, permission denied, not a file), "
        "or a directory that may hold some cannot be searched (permission denied, nested "
        "more than 100 levels deep)."
    ),
    rationale=(
        "A file matching the program's globs that cannot be read would otherwise be "
        "skipped silently, hiding its controls. Save it as UTF-8 text, fix its permissions, "
        "flatten the directory tree, or exclude it in soccheck.yaml."
    ),
    example=(
        "# controls/export.yaml (saved as UTF-16)\n"
        "id: DX-01\n"
        "title: Data export review\n"
        "description: Security reviews every bulk export of customer data.\n"
    ),
    passing=(
        "# controls/export.yaml (saved as UTF-8)\n"
        "id: DX-01\n"
        "title: Data export review\n"
        "description: Security reviews every bulk export of customer data.\n"
    ),
    unreadable=True,
)
