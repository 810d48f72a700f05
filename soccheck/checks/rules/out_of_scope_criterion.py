"""out-of-scope-criterion: a mapping to a criterion no report examines."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Finding]:
    catalog = ctx.catalog
    has_soc2 = any(r.framework == "soc2" for r in ctx.system.reports)
    in_scope = {*ctx.selected_categories, "security"} if has_soc2 else set()

    def out_of_scope(criterion_id: str) -> bool:
        criterion = catalog.criteria.get(criterion_id)
        return criterion is not None and criterion.category not in in_scope

    for control in ctx.controls:
        if not any(out_of_scope(c) for c in control.criteria):
            continue
        seen: set[str] = set()
        for index, criterion_id in ctx.items(control.source, "criteria", control.criteria):
            if criterion_id in seen or not out_of_scope(criterion_id):
                continue
            seen.add(criterion_id)
            category = catalog.criteria[criterion_id].category
            info = catalog.categories.get(category)
            name = info.name if info is not None else category
            maps = f"control '{control.id}' maps '{criterion_id}' ({name}), but "
            if has_soc2:
                why = ("no SOC 2 report in ", ctx.system_file, f" selects {name} ('{category}')")
                fix = f"add '{category}' to a report's categories if it is meant to be examined"
            else:
                why = ("", ctx.system_file, " defines no SOC 2 report")
                fix = "add a soc2 report if these criteria are meant to be examined"
            yield ctx.finding(
                RULE,
                ctx.at(control.source, "criteria", index),
                (maps, *why, f"; {fix}, or remove the mapping"),
                control.id,
            )


RULE = Rule(
    id="out-of-scope-criterion",
    severity="warning",
    summary="A control maps a criterion that no SOC 2 report examines.",
    rationale=(
        "Mapping a control to a criterion outside every report's scope suggests either a "
        "category that was meant to be selected and was not (so its criteria are silently "
        "unexamined), or a stale mapping that makes the control matrix look broader than "
        "the report. Select the category in a SOC 2 report, or remove the mapping. "
        "Security is in scope whenever there is a SOC 2 report."
    ),
    example=(
        "# controls/backup.yaml   (the only report selects security alone)\n"
        "id: BK-01\n"
        "title: Nightly backups\n"
        "description: Production databases are backed up nightly.\n"
        "owner: alice\n"
        "criteria: [A1.2]\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "# controls/backup.yaml\n"
        "id: BK-01\n"
        "title: Nightly backups\n"
        "description: Production databases are backed up nightly.\n"
        "owner: alice\n"
        "criteria: [A1.2]\n"
    ),
    check=check,
)
