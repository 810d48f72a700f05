"""automated-control-without-itgc: an automated or IT-dependent manual control relies on IT
general controls over the systems it runs on.

A control whose ``automation`` is ``automated`` or ``it-dependent-manual`` is judged in every
report it is in scope for (``Context.in_scope``; a control in scope for no report is not
examined, and is ``unmapped-control``'s business if it maps nothing). For each system it
names, some other control with ``layer: itgc`` that names the same system must be in scope
for that report too. An ITGC does not vouch for itself: an automated ITGC needs another ITGC
over its system, as an auditor would ask. An ITGC in scope for any part of a Type 2 period
counts: the days of the period it leaves without an ITGC are not judged by any rule yet
(``coverage-gap`` judges criteria and objectives, not the ITGCs behind a control).

Interplay (one mistake, one finding):

- A system ID that is not defined is ``unknown-system``'s finding; it is not judged here, and
  a control that names only undefined systems is not "naming no system" either.
- A ``systems`` list written but rejected by the schema (``systems: payments``) is the
  ``schema`` finding; the control is then not judged.
- An ITGC naming an undefined system covers nothing (``unknown-system`` reports it).

Positions and subject (the control's ID):

- a system no ITGC covers: that entry of the control's ``systems``, once, naming every report
  it is uncovered in;
- no system named: the control's ``automation`` value.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule, quoted_report
from soccheck.checks.scope import out_of_scope_reason
from soccheck.format.records import Control, Report

_IT_DEPENDENT = frozenset({"automated", "it-dependent-manual"})


def _itgcs(ctx: Context) -> dict[str, list[Control]]:
    """System ID -> the controls with ``layer: itgc`` that name it, in program order."""
    index: dict[str, list[Control]] = {}
    for control in ctx.controls:
        if control.layer == "itgc":
            for system in dict.fromkeys(control.systems):
                index.setdefault(system, []).append(control)
    return index


def _uncovered_in(
    ctx: Context, control: Control, itgcs: list[Control], reports: list[Report]
) -> list[tuple[Report, list[Control]]]:
    """The reports in which no ITGC over the system is in scope, each with the ITGCs that
    exist but are out of its scope (for the message)."""
    others = [itgc for itgc in itgcs if itgc is not control]
    missing: list[tuple[Report, list[Control]]] = []
    for report in reports:
        if not any(ctx.in_scope(itgc, report) for itgc in others):
            missing.append((report, others))
    return missing


def _why(report: Report, scoped_out: list[Control]) -> str:
    reasons = [r for c in scoped_out if (r := out_of_scope_reason(c, report)) is not None]
    if not reasons:
        return ""
    text = "; ".join(reasons[:3])
    if len(reasons) > 3:
        text += f" and {len(reasons) - 3} more"
    return f" ({text})"


def check(ctx: Context) -> Iterator[Finding]:
    itgcs = ctx.shared("itgcs-by-system", lambda: _itgcs(ctx))
    for control in ctx.controls:
        if control.automation not in _IT_DEPENDENT:
            continue
        reports = [r for r in ctx.system.reports if ctx.in_scope(control, r)]
        if not reports:
            continue
        kind = "automated" if control.automation == "automated" else "IT-dependent manual"
        if not control.systems:
            written = ctx.raw(control.source, "systems")
            if written is not MISSING and written != []:
                continue  # rejected by the schema: that is the finding
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "automation"),
                f"{kind} control '{control.id}' names no system in 'systems'; list the "
                "systems it runs on, so that the IT general controls over them (controls "
                "with 'layer: itgc' naming those systems) can be shown to support it",
                control.id,
            )
            continue
        seen: set[str] = set()
        for index, system in ctx.items(control.source, "systems", control.systems):
            if system in seen or system not in ctx.systems:
                continue
            seen.add(system)
            missing = _uncovered_in(ctx, control, itgcs.get(system, []), reports)
            if not missing:
                continue
            where = ", ".join(
                f"{quoted_report(report)}{_why(report, scoped_out)}"
                for report, scoped_out in missing
            )
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "systems", index),
                f"{kind} control '{control.id}' runs on system '{system}', which no IT "
                f"general control in scope covers in {where}; an automated control is only "
                "as reliable as the access, change and operations controls over its system: "
                f"name '{system}' in the 'systems' of a control with 'layer: itgc' in scope "
                "for the report",
                control.id,
            )


RULE = Rule(
    id="automated-control-without-itgc",
    severity="warning",
    summary="An automated or IT-dependent manual control names systems that no IT general "
    "control in scope covers, or names no system.",
    rationale=(
        "An auditor relies on an automated control (or on the system report behind an "
        "IT-dependent manual one) only if the IT general controls over the system it runs "
        "on operated: who can change the program, how changes are approved and tested, who "
        "can reach the data. Without them, a single test of the automated control proves "
        "nothing about the rest of the period, and the auditor tests many more samples or "
        "relies on nothing. Name in 'systems' the systems the control runs on, and make "
        "sure a control with 'layer: itgc' names each of them and is in scope for the same "
        "reports. An ITGC does not support itself, and one scoped out of the report (its "
        "'reports', or 'effective' dates outside the report) supports nothing there."
    ),
    example=(
        "# system.yaml\n"
        "systems:\n"
        "  - {id: payments, name: Payments platform}\n"
        "# controls/payments.yaml\n"
        "id: PAY-01\n"
        "title: Duplicate payment check\n"
        "description: The payments platform rejects a batch holding a duplicate payment.\n"
        "owner: alice\n"
        "criteria: [CC8.1]\n"
        "automation: automated\n"
        "systems: [payments]   # no control with 'layer: itgc' names payments\n"
    ),
    passing=(
        "# system.yaml\n"
        "systems:\n"
        "  - {id: payments, name: Payments platform}\n"
        "# controls/payments.yaml\n"
        "controls:\n"
        "  - id: PAY-01\n"
        "    title: Duplicate payment check\n"
        "    description: The payments platform rejects a batch holding a duplicate payment.\n"
        "    owner: alice\n"
        "    criteria: [CC8.1]\n"
        "    automation: automated\n"
        "    systems: [payments]\n"
        "  - id: CHG-01\n"
        "    title: Change approval\n"
        "    description: Every change to the payments platform is approved before release.\n"
        "    owner: alice\n"
        "    criteria: [CC8.1]\n"
        "    layer: itgc\n"
        "    systems: [payments]\n"
    ),
    check=check,
)
