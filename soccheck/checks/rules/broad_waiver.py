"""broad-waiver: one waiver accepting findings about many subjects is a blanket exception.

Evaluated by :mod:`soccheck.checks.waivers` (like the other waiver rules) because which findings a
waiver covers is known only after every other rule has run.
"""

from __future__ import annotations

from soccheck.checks.rules.base import Rule

RULE = Rule(
    id="broad-waiver",
    severity="warning",
    summary="One waiver covers findings about more different subjects than "
    "waiver_policy.max_subjects allows (default 3).",
    rationale=(
        "A waiver is an exception management accepted for a reason that holds for the "
        'subject it names. One waiver whose glob (`subject: "*"`, `AC-*`) swallows the '
        "findings of many controls is a blanket exception: auditors reject it, and it hides "
        "every new finding of that rule behind a reason written for another one. It also "
        'makes a readiness report read "ready" while most of the program is untested. '
        "Replace it with one waiver per subject, each with its own reason, or fix the "
        "findings. The limit is `waiver_policy.max_subjects` in the configuration "
        "(default 3); the finding points at the waiver's `subject`."
    ),
    example=(
        "# soccheck.yaml\n"
        "waivers:\n"
        "  - rule: untested-control\n"
        '    subject: "*"\n'
        "    reason: Testing starts next quarter.\n"
        "    approved_by: priya.nair\n"
        "    expires: 2027-03-31\n"
        "# controls/vendors.yaml   (four new controls, none tested yet)\n"
        "controls:\n"
        "  - {id: VM-01, title: Vendor list, description: ..., owner: alice, criteria: [CC9.2]}\n"
        "  - {id: VM-02, title: Vendor risk, description: ..., owner: alice, criteria: [CC9.2]}\n"
        "  - {id: VM-03, title: Contracts, description: ..., owner: alice, criteria: [CC9.2]}\n"
        "  - {id: VM-04, title: Offboarding, description: ..., owner: alice, criteria: [CC9.2]}\n"
    ),
    passing=(
        "# soccheck.yaml\n"
        "waivers:\n"
        "  - rule: untested-control\n"
        "    subject: VM-01\n"
        "    reason: The inventory tool goes live in January; first test in Q1.\n"
        "    approved_by: priya.nair\n"
        "    expires: 2027-03-31\n"
        "# controls/vendors.yaml   (four new controls, none tested yet)\n"
        "controls:\n"
        "  - {id: VM-01, title: Vendor list, description: ..., owner: alice, criteria: [CC9.2]}\n"
        "  - {id: VM-02, title: Vendor risk, description: ..., owner: alice, criteria: [CC9.2]}\n"
        "  - {id: VM-03, title: Contracts, description: ..., owner: alice, criteria: [CC9.2]}\n"
        "  - {id: VM-04, title: Offboarding, description: ..., owner: alice, criteria: [CC9.2]}\n"
    ),
)
