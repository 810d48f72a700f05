"""unused-waiver: a waiver that matches no finding is dead configuration.

Evaluated by :mod:`soccheck.checks.waivers` after every other rule has run, because "matches no
finding" can only be known then; the rule has no ``check`` function of its own.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="unused-waiver",
    severity="warning",
    summary="A waiver matches no finding (the gap was fixed, or the subject was renamed).",
    rationale=(
        "Waivers that outlive their finding rot: they read as accepted risk in the audit "
        "trail, and a later, unrelated finding on the same subject would be hidden without "
        "anyone re-approving it. Delete the waiver once the gap is closed, or correct its "
        "rule or subject. Waivers of rules that this run does not execute (--select, "
        "--ignore) are not reported; waivers of rules switched off in the configuration are, "
        "since they can never apply."
    ),
    example=(
        "# soccheck.yaml   (AC-01 has an owner now)\n"
        "waivers:\n"
        "  - rule: missing-owner\n"
        "    subject: AC-01\n"
        "    reason: Owner to be assigned after the reorganisation.\n"
        "    approved_by: priya.nair\n"
        "    expires: 2026-12-31\n"
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
    ),
    passing=(
        "# soccheck.yaml   (the waiver deleted)\n"
        "waivers: []\n"
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
    ),
)
