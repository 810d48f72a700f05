"""path-outside-root: a symlink to a file outside the program root.

No check function: file discovery (:mod:`soccheck.load.discovery`) reports it instead of
following the link.
Registered like every other rule so that ``soccheck rules``, ``explain``, severity overrides and
SARIF metadata cover it too.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="path-outside-root",
    severity="error",
    summary="A program file is a symlink to a file outside the program root.",
    rationale=(
        "Following such links would let a repository make soccheck read arbitrary files. "
        "Copy the file into the repository instead."
    ),
    example=(
        "# controls/vendor.yaml -> ../../other-repo/vendor.yaml\n"
        "id: VM-01\n"
        "title: Vendor review\n"
        "description: Security reviews each critical vendor's SOC 2 report every year.\n"
    ),
    passing=(
        "# controls/vendor.yaml -> ../vendors/vendor.yaml   (a file inside the program)\n"
        "id: VM-01\n"
        "title: Vendor review\n"
        "description: Security reviews each critical vendor's SOC 2 report every year.\n"
    ),
    unreadable=True,
)
