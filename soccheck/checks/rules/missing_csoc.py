"""missing-csoc: a carved-out vendor must come with the controls expected of it.

CSOCs written but all rejected by the schema (an item with a malformed mapping) are the
``schema`` finding's business: the list is not empty as written, so this rule stays quiet.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    for org in ctx.system.subservice_organizations:
        if org.method != "carve-out" or org.csocs:
            continue
        written = ctx.raw(org.source, "csocs")
        if written is not MISSING and written != []:
            continue  # rejected by the schema: that is the finding
        yield ctx.finding(
            RULE,
            ctx.at(org.source, "method"),
            f"subservice organization '{org.id}' ({org.name}) is carved out but lists no CSOCs; "
            "a carve-out leaves the vendor's controls out of the report, so the description "
            "must name the controls your own controls rely on it to operate: list them under "
            "'csocs'",
            org.id,
        )


RULE = Rule(
    id="missing-csoc",
    severity="error",
    summary="A carved-out subservice organization lists no complementary subservice "
    "organization controls (CSOCs).",
    rationale=(
        "Under the carve-out method the vendor's controls are excluded from the examination, "
        "yet your controls only achieve the criteria or objectives if the vendor does its "
        "part (for example, the cloud host restricts physical access to its data centres). "
        "The description must state those expected controls as CSOCs so that report users "
        "know what they rely on and can check the vendor's own report; a carve-out without "
        "them is a material omission. List them under 'csocs', or use the inclusive method "
        "if the vendor's controls are examined in your report."
    ),
    example=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
    ),
    passing=(
        "# system.yaml\n"
        "subservice_organizations:\n"
        "  - id: aws\n"
        "    name: Amazon Web Services\n"
        "    method: carve-out\n"
        "    csocs:\n"
        "      - AWS restricts physical access to its data centers.\n"
    ),
    check=check,
)
