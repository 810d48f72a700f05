"""no-key-control: an objective (or, when configured, a criterion) the report covers must be
covered by at least one key control.

Judged per report, over the controls in its scope (``Context.covering``): a control whose
``reports`` leaves the report out, or that was not ``effective`` on any day of it, neither
covers the item nor makes it covered by a key control. A key control effective for only part
of a Type 2 period is in scope and counts: the days it leaves without a key control are not
judged by any rule yet (``coverage-gap`` judges whether an item is covered at all, by any
control).

- SOC 1: every control objective of the system description, in every SOC 1 report.
- SOC 2: only with ``key_controls: {criteria: true}`` in the configuration, every criterion in
  the report's scope except those it declares ``not_applicable``.

Only items some control in scope covers are judged: one no control covers is
``uncovered-objective``'s or ``unselected-criterion``'s finding (one mistake, one finding).
When a covering control's ``key`` was written but rejected by the schema (``key: yes``), the
item is not judged: the ``schema`` finding is that mistake.

Position: an objective at its item in ``control_objectives``; a criterion at the report's
entry in ``categories`` that brings it into scope (as ``unselected-criterion`` places it).
Subject: the objective or criterion ID; the finding concerns one report.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import MISSING, Context, Rule, quoted_report
from soccheck.format.records import Control

_SHOWN = 3
"""Controls named in a message; the rest are counted, so a long list cannot drown it."""


def _names(controls: list[Control]) -> str:
    text = ", ".join(f"'{c.id}'" for c in controls[:_SHOWN])
    if len(controls) > _SHOWN:
        text += f" and {len(controls) - _SHOWN} more"
    return text


def _judged(ctx: Context, covering: list[Control]) -> bool:
    """Covered, and covered only by controls whose ``key`` is false as written."""
    if not covering:
        return False
    for control in covering:
        if control.key:
            return False
        written = ctx.raw(control.source, "key")
        if written is not MISSING and not isinstance(written, bool):
            return False  # rejected by the schema: that is the finding
    return True


def check(ctx: Context) -> Iterator[Finding]:
    criteria = ctx.program.config.key_controls.criteria
    for report in ctx.system.reports:
        label = quoted_report(report)
        if report.framework == "soc1":
            seen: set[str] = set()
            for objective in ctx.system.control_objectives:
                if objective.id in seen:
                    continue
                seen.add(objective.id)
                covering = ctx.covering(report, objective.id)
                if not _judged(ctx, covering):
                    continue
                yield ctx.finding(
                    RULE,
                    ctx.at(objective.source),
                    f"control objective '{objective.id}' ({objective.title}) is covered in "
                    f"{label} only by controls that are not key ({_names(covering)}); mark "
                    "the control the objective relies on 'key: true', so that it is tested "
                    "and reported as the one achieving it",
                    objective.id,
                    report=report.id,
                )
        elif criteria:
            declared = {na.criterion for na in report.not_applicable}
            for criterion_id in ctx.report_criteria(report):
                if criterion_id in declared:
                    continue
                covering = ctx.covering(report, criterion_id)
                if not _judged(ctx, covering):
                    continue
                criterion = ctx.catalog.criteria[criterion_id]
                yield ctx.finding(
                    RULE,
                    ctx.at_category(report, criterion.category),
                    f"'{criterion_id}' ({criterion.title}) is covered in {label} only by "
                    f"controls that are not key ({_names(covering)}); mark the control the "
                    "criterion relies on 'key: true' (the configuration's "
                    "key_controls.criteria asks for a key control per criterion)",
                    criterion_id,
                    report=report.id,
                )


RULE = Rule(
    id="no-key-control",
    severity="warning",
    summary="A SOC 1 control objective (or, when configured, a SOC 2 criterion) in scope is "
    "covered only by controls that are not key.",
    rationale=(
        "Key controls are the ones the auditor relies on to conclude that an objective is "
        "achieved: they are tested every period, their exceptions weigh on the opinion, and "
        "the report presents them as the controls that achieve it. An objective covered "
        "only by supporting controls leaves the auditor to pick one, late in fieldwork, and "
        "the testing plan to change with it. Mark with 'key: true' the control each "
        "objective relies on. Only controls in scope for the report count: one whose "
        "'reports' leaves it out, or that was not 'effective' during it, covers nothing "
        "there. SOC 2 criteria are judged the same way when the configuration sets "
        "'key_controls: {criteria: true}' (off by default: many SOC 2 programs designate "
        "no key controls). An objective no control covers is 'uncovered-objective' instead."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security]\n"
        "  - id: soc1-2026\n"
        "    framework: soc1\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "control_objectives:\n"
        "  - {id: CO-03, title: Pay-rate changes are authorized}\n"
        "# controls/payroll.yaml\n"
        "id: PY-03\n"
        "title: Pay-rate approval\n"
        "description: Payroll applies a pay-rate change only with HR's approval.\n"
        "owner: alice\n"
        "objectives: [CO-03]\n"
        "key: false   # the only control achieving CO-03\n"
        "tests:\n"
        "  - id: T-PY-03\n"
        "    method: inspection\n"
        "    procedure: Inspected 25 pay-rate changes for HR's approval.\n"
        "    performed_on: 2026-06-15\n"
        "    performed_by: tom\n"
        "    result: pass\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security]\n"
        "  - id: soc1-2026\n"
        "    framework: soc1\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "control_objectives:\n"
        "  - {id: CO-03, title: Pay-rate changes are authorized}\n"
        "# controls/payroll.yaml\n"
        "id: PY-03\n"
        "title: Pay-rate approval\n"
        "description: Payroll applies a pay-rate change only with HR's approval.\n"
        "owner: alice\n"
        "objectives: [CO-03]\n"
        "key: true\n"
        "tests:\n"
        "  - id: T-PY-03\n"
        "    method: inspection\n"
        "    procedure: Inspected 25 pay-rate changes for HR's approval.\n"
        "    performed_on: 2026-06-15\n"
        "    performed_by: tom\n"
        "    result: pass\n"
    ),
    check=check,
)
