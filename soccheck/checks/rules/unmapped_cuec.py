"""unmapped-cuec: a complementary user entity control (CUEC) must say which criteria or
objectives it supports.

Every CUEC of the system description with neither ``criteria`` nor ``objectives`` fires. Its
``controls`` (the service organization's controls it complements) do not count as a mapping:
the report presents a CUEC next to the criteria or objectives that depend on it, and users
read it there.

Position: the CUEC's item in ``cuecs``. Subject: the CUEC's ID.

Interplay (one mistake, one finding): a CUEC mapping a criterion or objective that does not
exist maps something; the wrong ID is ``unknown-criterion``'s or ``unknown-objective``'s
finding. A ``criteria`` or ``objectives`` list written but rejected by the schema is the
``schema`` finding. A control ID in ``controls`` that does not exist is ``unknown-control``'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for cuec in ctx.system.cuecs:
        if cuec.criteria or cuec.objectives:
            continue
        written = [ctx.raw(cuec.source, key) for key in ("criteria", "objectives")]
        if any(value is not MISSING and value != [] for value in written):
            continue  # rejected by the schema: that is the finding
        yield ctx.finding(
            RULE,
            ctx.at(cuec.source),
            f"CUEC '{cuec.id}' maps no criterion or objective; list the 'criteria' (SOC 2) "
            "or 'objectives' (SOC 1) that are achieved only if user entities perform it",
            cuec.id,
        )


RULE = Rule(
    id="unmapped-cuec",
    severity="warning",
    summary="A CUEC maps no criterion or objective.",
    rationale=(
        "A complementary user entity control is something your customers must do for your "
        "controls to achieve certain criteria or objectives (for example, remove their own "
        "leavers from your application). The report lists each CUEC with the criteria or "
        "objectives that depend on it, and a customer's auditor uses that list to decide "
        "which of the customer's own controls to test; a CUEC mapped to nothing tells "
        "neither of them what is at stake. List the 'criteria' (SOC 2) or 'objectives' "
        "(SOC 1) it supports; 'controls' names your controls it complements, which is not "
        "a mapping."
    ),
    example=(
        "# system.yaml\n"
        "cuecs:\n"
        "  - id: CUEC-01\n"
        "    description: Customers remove their leavers' accounts promptly.\n"
    ),
    passing=(
        "# system.yaml\n"
        "cuecs:\n"
        "  - id: CUEC-01\n"
        "    description: Customers remove their leavers' accounts promptly.\n"
        "    criteria: [CC6.2]\n"
    ),
    check=check,
)
