"""waiver-approver: a waiver needs an independent, current approver.

Evaluated by :mod:`soccheck.checks.waivers` after every other rule has run: who is independent
depends on the controls whose findings the waiver covers, which are known only then. The rule
has no ``check`` function of its own.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="waiver-approver",
    severity="error",
    summary="A waiver's approver is unknown, inactive, or responsible for the waived control.",
    rationale=(
        "An auditor accepts an exception only when someone accountable and independent of "
        "the control signed it off. 'approved_by' must be an active person in the system "
        "description, and may not be the owner of a control the waiver covers, nor the lead "
        "or a member of the team that owns it (no self-approval). A waiver it reports does "
        "not apply: the findings it would cover are counted, also in runs that --select or "
        "--ignore leave this rule out of (only switching it off in the configuration stops "
        "the check). Ask an "
        "independent approver (often the head of compliance or internal audit) to approve "
        "the waiver and record their person ID."
    ),
    example=(
        "# soccheck.yaml\n"
        "waivers:\n"
        "  - rule: missing-owner\n"
        "    subject: AC-07\n"
        "    reason: New control; owner is assigned when the SRE lead starts.\n"
        "    approved_by: priya.nare   # people: priya.nair\n"
        "    expires: 2026-12-31\n"
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
