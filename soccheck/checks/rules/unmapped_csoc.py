"""unmapped-csoc: a complementary subservice organization control (CSOC) must say which
criteria or objectives it supports.

Every CSOC of every subservice organization is judged, whether written as a plain sentence
(which maps nothing, so it always fires: write it as an item) or as an item ``{id,
description, criteria, objectives}`` with both lists empty or absent.

Position: the CSOC's entry in the organization's ``csocs``. Subject: the CSOC's ID, or for a
sentence (which has none) the organization's ID.

Interplay (one mistake, one finding): a CSOC mapping a criterion or objective that does not
exist maps something; the wrong ID is ``unknown-criterion``'s or ``unknown-objective``'s
finding. A ``criteria`` or ``objectives`` list written but rejected by the schema is the
``schema`` finding, and so is a CSOC item the schema rejected as a whole. ``missing-csoc``
reports a carve-out with no CSOCs at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule
from soccheck.checks.scope import CsocItem


def _written_mapping(ctx: Context, item: CsocItem) -> bool:
    """Whether the item's file holds a mapping the schema rejected (its own finding)."""
    if item.record is None:
        return False
    for key in ("criteria", "objectives"):
        written = ctx.raw(item.record.source, key)
        if written is not MISSING and written != []:
            return True
    return False


def check(ctx: Context) -> Iterator[Finding]:
    for item in ctx.csocs:
        if item.criteria or item.objectives or _written_mapping(ctx, item):
            continue
        org = item.organization
        if item.id is None:
            message = (
                f"a CSOC of subservice organization '{org.id}' is a sentence, which maps no "
                "criterion or objective; write it as an item with an 'id', its "
                "'description' and the 'criteria' or 'objectives' it supports"
            )
        else:
            message = (
                f"CSOC '{item.id}' of subservice organization '{org.id}' maps no criterion "
                "or objective; list the 'criteria' or 'objectives' your controls rely on "
                "the vendor for"
            )
        yield ctx.finding(
            RULE,
            ctx.at(org.source, "csocs", item.index),
            message,
            item.id if item.id is not None else org.id,
        )


RULE = Rule(
    id="unmapped-csoc",
    severity="warning",
    summary="A CSOC maps no criterion or objective (a plain sentence included).",
    rationale=(
        "A CSOC is a control the report assumes the carved-out vendor operates, because your "
        "own controls achieve some criteria or objectives only if it does. The description "
        "presents each CSOC next to the criteria or objectives it supports, and report "
        "users check the vendor's own SOC report against exactly those; a CSOC mapped to "
        "nothing tells them neither why it matters nor what to look for. Write each CSOC as "
        "an item with an 'id', a 'description' and the 'criteria' (SOC 2) or 'objectives' "
        "(SOC 1) it supports. A plain sentence is still read, but maps nothing."
    ),
    example=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - AWS restricts physical access to its data centers.\n"
    ),
    passing=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - id: CSOC-AWS-1\n"
        "        description: AWS restricts physical access to its data centers.\n"
        "        criteria: [CC6.4]\n"
    ),
    check=check,
)
