"""unknown-criterion: criterion IDs must exist in the criteria catalog."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.catalog import Catalog
from soccheck.format.records import Control, Csoc, Cuec, Incident


def hint(catalog: Catalog, value: str) -> str:
    """What the writer probably meant: a close catalog ID, or the criteria under a heading."""
    text = value.strip().upper()
    series = text.removesuffix(".0")
    if series in catalog.series_names:
        members = [c.id for c in catalog.criteria.values() if c.series == series]
        name = catalog.series_names[series]
        what = (
            f"a series ({name})" if text == series else f"the heading of series {series} ({name})"
        )
        listed = ", ".join(f"'{m}'" for m in members)
        return f"; '{text}' is {what}: use its criteria ({listed})"
    suggestion = catalog.suggest(value)
    return f"; did you mean '{suggestion}'?" if suggestion else ""


def check(ctx: Context) -> Iterator[Finding]:
    catalog = ctx.catalog
    known = catalog.criteria
    hints: dict[str, str] = {}

    def unknown(value: str) -> str:
        """The message tail for an unknown ID (cached: the same typo repeats across files)."""
        if value not in hints:
            hints[value] = f", which is not a criterion in the {catalog.id} catalog" + hint(
                catalog, value
            )
        return hints[value]

    mappers: list[tuple[str, Control | Cuec | Csoc | Incident]] = [
        (f"control '{c.id}' maps", c) for c in ctx.controls
    ]
    mappers += [(f"CUEC '{cuec.id}' supports", cuec) for cuec in ctx.system.cuecs]
    mappers += [
        (f"CSOC '{item.record.id}' supports", item.record)
        for item in ctx.csocs
        if item.record is not None
    ]
    mappers += [(f"incident '{i.id}' affected", i) for i in ctx.system.incidents]
    for verb, owner in mappers:
        if all(c in known for c in owner.criteria):
            continue
        seen: set[str] = set()
        for index, value in ctx.items(owner.source, "criteria", owner.criteria):
            if value in known or value in seen:
                continue
            seen.add(value)
            yield ctx.finding(
                RULE,
                ctx.at(owner.source, "criteria", index),
                f"{verb} '{value}'{unknown(value)}",
                owner.id,
            )

    for report in ctx.system.reports:
        for entry in report.not_applicable:
            if entry.criterion in known:
                continue
            yield ctx.finding(
                RULE,
                ctx.at(entry.source, "criterion"),
                f"report '{report.id}' declares '{entry.criterion}' not applicable"
                f"{unknown(entry.criterion)}",
                entry.criterion,
            )


RULE = Rule(
    id="unknown-criterion",
    severity="error",
    summary="A criterion ID is not in the Trust Services Criteria catalog.",
    rationale=(
        "Criterion IDs are references into the AICPA Trust Services Criteria. A typo "
        "(CC6.10, cc6.1, a heading such as P1.0) maps nothing: the control or CUEC silently "
        "supports no criterion, and a not_applicable entry silently excuses nothing. Checked "
        "in the criteria of controls, CUECs, CSOCs and incidents and in reports' "
        "not_applicable entries. Correct "
        "the ID; the message suggests the closest catalog ID."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "criteria: [CC6.10]\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "criteria: [CC6.1]\n"
    ),
    check=check,
)
