"""unknown-objective: objective references must name a defined control objective."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soccheck.checks.findings import Finding, MessagePart
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.record_base import Source


def check(ctx: Context) -> Iterator[Finding]:
    known = ctx.objectives
    by_folded = {objective_id.casefold(): objective_id for objective_id in known}
    tails: dict[str, tuple[MessagePart, ...]] = {}

    def tail(value: str) -> tuple[MessagePart, ...]:
        if value not in tails:
            if not known:
                tails[value] = (
                    ", but ",
                    ctx.system_file,
                    " defines no control_objectives; define it there",
                )
            else:
                match = by_folded.get(value.strip().casefold())
                if match is None:
                    close = difflib.get_close_matches(value, list(known), n=1)
                    match = close[0] if close else None
                hint = f"; did you mean '{match}'?" if match else ""
                tails[value] = (f", which is not defined in control_objectives{hint}",)
        return tails[value]

    def references(
        what: str, ident: str, source: Source | None, objectives: list[str]
    ) -> Iterator[Finding]:
        if all(o in known for o in objectives):
            return
        seen: set[str] = set()
        for index, value in ctx.items(source, "objectives", objectives):
            if value in known or value in seen:
                continue
            seen.add(value)
            yield ctx.finding(
                RULE,
                ctx.at(source, "objectives", index),
                (f"{what} '{ident}' refers to objective '{value}'", *tail(value)),
                ident,
            )

    for control in ctx.controls:
        yield from references("control", control.id, control.source, control.objectives)
    for cuec in ctx.system.cuecs:
        yield from references("CUEC", cuec.id, cuec.source, cuec.objectives)
    for item in ctx.csocs:
        csoc = item.record
        if csoc is not None:
            yield from references("CSOC", csoc.id, csoc.source, csoc.objectives)


RULE = Rule(
    id="unknown-objective",
    severity="error",
    summary="A control, CUEC or CSOC refers to a control objective that is not defined.",
    rationale=(
        "SOC 1 control objectives are written by management and listed under "
        "control_objectives in the system description; controls, CUECs and CSOCs refer to "
        "them by "
        "ID. A reference to an undefined objective (usually a typo or a renamed objective) "
        "maps nothing, so the objective it was meant for may look uncovered. Correct the ID "
        "or define the objective."
    ),
    example=(
        "# system.yaml\n"
        "control_objectives:\n"
        "  - {id: CO-01, title: Payroll changes are authorized}\n"
        "# controls/payroll.yaml\n"
        "id: PY-01\n"
        "title: Payroll change approval\n"
        "description: Payroll applies a change only with HR's approval.\n"
        "owner: alice\n"
        "objectives: [CO-1]\n"
    ),
    passing=(
        "# system.yaml\n"
        "control_objectives:\n"
        "  - {id: CO-01, title: Payroll changes are authorized}\n"
        "# controls/payroll.yaml\n"
        "id: PY-01\n"
        "title: Payroll change approval\n"
        "description: Payroll applies a change only with HR's approval.\n"
        "owner: alice\n"
        "objectives: [CO-01]\n"
    ),
    check=check,
)
