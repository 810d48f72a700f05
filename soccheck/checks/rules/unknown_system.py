"""unknown-system: a control names a system, or a subservice organization, that is not
defined.

Both say where a control operates: ``systems`` the systems it runs on or over (the system
description's ``systems``), ``subservice_organization`` the inclusive vendor that performs it
(``subservice_organizations``). Under the inclusive method the vendor's controls are part of
the system the description presents, so a reference to an undefined organization is the same
mistake as a reference to an undefined system, and the issue names no rule of its own for it:
it is reported here, with a "did you mean".

Position: the entry of ``systems`` (each undefined ID once per control), or the
``subservice_organization`` value. Subject: the control's ID.

Interplay (one mistake, one finding): ``automated-control-without-itgc`` does not judge an
undefined system, and an ITGC naming one covers nothing. When an undefined organization
resembles a defined inclusive one (the "did you mean"), ``inclusive-without-controls`` stays
quiet about that organization: this finding already points at the fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def suggestion(name: str, known: list[str]) -> str | None:
    """The defined ID an undefined one most likely meant (a typo), if any."""
    close = difflib.get_close_matches(name, known, n=1)
    return close[0] if close else None


def _hint(name: str, known: list[str], what: str) -> str:
    close = suggestion(name, known)
    if close is not None:
        return f"; did you mean '{close}'?"
    if known:
        shown = ", ".join(f"'{k}'" for k in sorted(known)[:5])
        more = f" and {len(known) - 5} more" if len(known) > 5 else ""
        return f"; defined {what}: {shown}{more}"
    return f"; add it to '{what}'"


def check(ctx: Context) -> Iterator[Finding]:
    systems = list(ctx.systems)
    organizations = list(ctx.subservice_organizations)
    for control in ctx.controls:
        if not all(s in ctx.systems for s in control.systems):
            seen: set[str] = set()
            for index, system in ctx.items(control.source, "systems", control.systems):
                if system in ctx.systems or system in seen:
                    continue
                seen.add(system)
                yield ctx.finding(
                    RULE,
                    ctx.at(control.source, "systems", index),
                    (
                        f"control '{control.id}' names system '{system}', which is not "
                        "defined under 'systems' in ",
                        ctx.system_file,
                        _hint(system, systems, "systems"),
                    ),
                    control.id,
                )
        org = control.subservice_organization
        if org is not None and org not in ctx.subservice_organizations:
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "subservice_organization"),
                (
                    f"control '{control.id}' is performed by subservice organization '{org}', "
                    "which is not defined under 'subservice_organizations' in ",
                    ctx.system_file,
                    _hint(org, organizations, "subservice_organizations"),
                ),
                control.id,
            )


RULE = Rule(
    id="unknown-system",
    severity="error",
    summary="A control names a system (or a subservice organization performing it) that is "
    "not defined.",
    rationale=(
        "A control's 'systems' say which systems it runs on or, for an IT general control, "
        "over; the description presents those systems and their components (DC3), and the "
        "auditor traces each automated control to the ITGCs over its system. An ID that "
        "matches no system (usually a typo or a renamed system) leaves the control tied to "
        "nothing the description shows, and the ITGCs that should support it cannot be "
        "found. The same holds for 'subservice_organization', the inclusive vendor that "
        "performs the control: it must be one of 'subservice_organizations'. Correct the "
        "ID, or define the system under 'systems' in the system description."
    ),
    example=(
        "# system.yaml\n"
        "systems:\n"
        "  - {id: payments, name: Payments platform}\n"
        "# controls/change.yaml\n"
        "id: CHG-01\n"
        "title: Change approval\n"
        "description: Every change to the payments platform is approved before release.\n"
        "owner: alice\n"
        "criteria: [CC8.1]\n"
        "layer: itgc\n"
        "systems: [payment]   # systems: payments\n"
    ),
    passing=(
        "# system.yaml\n"
        "systems:\n"
        "  - {id: payments, name: Payments platform}\n"
        "# controls/change.yaml\n"
        "id: CHG-01\n"
        "title: Change approval\n"
        "description: Every change to the payments platform is approved before release.\n"
        "owner: alice\n"
        "criteria: [CC8.1]\n"
        "layer: itgc\n"
        "systems: [payments]\n"
    ),
    check=check,
)
