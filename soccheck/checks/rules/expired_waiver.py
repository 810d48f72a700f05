"""expired-waiver: a waiver past its ``expires`` date no longer hides anything.

Like the other waiver rules this one has no ``check`` function: a waiver can only be judged
against the findings of every other rule, so :mod:`soccheck.checks.waivers` evaluates it after all
checks have run (see :func:`soccheck.checks.waivers.apply_waivers`). It is registered here so that
``soccheck rules``, ``explain``, severity overrides, ``--select``/``--ignore`` and SARIF rule
metadata cover it like any other rule.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="expired-waiver",
    severity="error",
    summary="A waiver is past its expiry date; the findings it covered count again.",
    rationale=(
        "A waiver accepts a known gap for a limited time; 'expires' is its last valid day "
        "(compared with --today). After that the waived findings are reported and counted "
        "again, and this finding points at the waiver's 'expires' value so the exception is "
        "reviewed rather than forgotten. Fix the underlying findings and delete the waiver, or "
        "renew it with a new date and a fresh approval. Expiry always applies: switching this "
        "rule off only hides the reminder, never revives the waiver."
    ),
    example=(
        "# soccheck.yaml\n"
        "waivers:\n"
        "  - rule: missing-owner\n"
        "    subject: AC-07\n"
        "    reason: New control; owner is assigned when the SRE lead starts.\n"
        "    approved_by: priya.nair\n"
        "    expires: 2026-06-30   # before --today 2026-11-20\n"
        "# controls/sre.yaml\n"
        "id: AC-07\n"
        "title: Production change approval\n"
        "description: A second engineer approves every production change.\n"
    ),
    passing=(
        "# soccheck.yaml\n"
        "waivers:\n"
        "  - rule: missing-owner\n"
        "    subject: AC-07\n"
        "    reason: New control; owner is assigned when the SRE lead starts.\n"
        "    approved_by: priya.nair\n"
        "    expires: 2026-12-31\n"
        "# controls/sre.yaml\n"
        "id: AC-07\n"
        "title: Production change approval\n"
        "description: A second engineer approves every production change.\n"
    ),
)
