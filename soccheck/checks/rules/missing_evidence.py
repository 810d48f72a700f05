"""missing-evidence: evidence given by path must exist in the repository."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules._evidence import NOT_FOUND, Suggester, checked_evidence
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    suggestion = Suggester(ctx.program.root)
    for control, evidence, path, result in checked_evidence(ctx):
        if result.missing is None:
            continue
        hint = suggestion(path) if result.missing == NOT_FOUND else ""
        yield ctx.finding(
            RULE,
            ctx.at(evidence.source, "path"),
            f"evidence path '{path}' of control '{control.id}' {result.missing}{hint}",
            control.id,
        )


RULE = Rule(
    id="missing-evidence",
    severity="error",
    summary="An evidence path does not exist under the program root.",
    rationale=(
        "Evidence that cannot be found is, to an auditor, evidence that does not exist: the "
        "control cannot be shown to operate. Paths are relative to the program root (the "
        "directory holding the system description) and may name a file or a directory. "
        "Usually a file was renamed or moved, or never committed (check .gitignore and Git "
        "LFS). Fix the path, commit the file, or link to evidence kept elsewhere with 'url'."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "evidence:\n"
        "  - path: evidence/access/2026-q2-review.md   # not in the repository\n"
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
