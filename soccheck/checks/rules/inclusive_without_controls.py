"""inclusive-without-controls: an inclusive subservice organization needs the controls it
performs in the program.

A subservice organization with ``method: inclusive`` must have at least one control whose
``subservice_organization`` names it. Whether that control is in scope for a report, tested
and covering what it should is for the rules about controls to judge; this rule asks only
whether the vendor's part is there at all.

Position: the organization's ``method`` value (what makes the controls required, as for
``missing-csoc``). Subject: the organization's ID.

Interplay (one mistake, one finding): a control naming an undefined organization is
``unknown-system``'s finding; when its "did you mean" is this organization, the typo is the
one mistake and this rule stays quiet about it. A control whose ``subservice_organization``
was written but rejected by the schema (a number, a list) might name any organization: while
such a control exists, this rule stays quiet, and the ``schema`` finding is reported alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule
from soccheck.checks.rules.unknown_system import suggestion


def check(ctx: Context) -> Iterator[Finding]:
    inclusive = [o for o in ctx.system.subservice_organizations if o.method == "inclusive"]
    if not inclusive:
        return
    attributed: set[str] = set()
    known = list(ctx.subservice_organizations)
    for control in ctx.controls:
        named = control.subservice_organization
        if named is None:
            if ctx.raw(control.source, "subservice_organization") is not MISSING:
                return  # rejected by the schema: it may have named any of them
            continue
        if named in ctx.subservice_organizations:
            attributed.add(named)
        elif (meant := suggestion(named, known)) is not None:
            attributed.add(meant)  # unknown-system's "did you mean" is the finding
    for org in inclusive:
        if org.id in attributed:
            continue
        yield ctx.finding(
            RULE,
            ctx.at(org.source, "method"),
            f"subservice organization '{org.id}' ({org.name}) is included in the report "
            "(method: inclusive), but no control names it in 'subservice_organization'; "
            "add the controls it performs, each with 'subservice_organization: "
            f"{org.id}', or carve it out (method: carve-out, with CSOCs) if its controls "
            "are not examined",
            org.id,
        )


RULE = Rule(
    id="inclusive-without-controls",
    severity="error",
    summary="An inclusive subservice organization has no control attributed to it.",
    rationale=(
        "Under the inclusive method the vendor's relevant controls are part of your "
        "description and are tested by your auditor as if they were your own; the report "
        "says so. If no control is attributed to the vendor, the description claims an "
        "inclusion it does not present, and the auditor has nothing to test at the vendor. "
        "Add the controls the vendor performs, each with 'subservice_organization' naming "
        "it, or use the carve-out method with CSOCs if its controls are not examined."
    ),
    example=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: payco\n"
        "    name: PayCo Processing\n"
        "    method: inclusive   # no control names payco\n"
    ),
    passing=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: payco\n"
        "    name: PayCo Processing\n"
        "    method: inclusive\n"
        "# controls/vendor.yaml\n"
        "id: PC-01\n"
        "title: PayCo settlement reconciliation\n"
        "description: PayCo reconciles each settlement file to the bank statement daily.\n"
        "owner: alice\n"
        "criteria: [CC9.2]\n"
        "subservice_organization: payco\n"
    ),
    check=check,
)
