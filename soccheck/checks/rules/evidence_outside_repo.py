"""evidence-outside-repo: evidence paths must stay inside the program root."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules._evidence import checked_evidence
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for control, evidence, path, result in checked_evidence(ctx):
        if result.outside is None:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(evidence.source, "path"),
            f"evidence path '{path}' of control '{control.id}' {result.outside}; "
            "soccheck does not look at it",
            control.id,
        )


RULE = Rule(
    id="evidence-outside-repo",
    severity="error",
    summary="An evidence path is absolute, climbs out with '..', or resolves (through "
    "symlinks) outside the program root.",
    rationale=(
        "Evidence has to travel with the program: a path outside the repository exists only "
        "on one machine, cannot be reviewed in a pull request, and is not what the auditor "
        "receives. It can also be a way to make the checker look at arbitrary files, so "
        "soccheck never reads or follows such a path beyond resolving it (and does not also "
        "report it as missing). Copy the evidence into the repository and give a path "
        "relative to the program root, or link to it with 'url'."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "evidence:\n"
        "  - path: ../../audit-2026/access-review.pdf\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "evidence:\n"
        "  - path: evidence/access/2026-q2-review.md\n"
        "# evidence/access/2026-q2-review.md\n"
        "Q2 review: 14 accounts checked, 2 removed. Signed off by Alice Owner.\n"
    ),
    check=check,
)
