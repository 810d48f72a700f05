"""insufficient-sample: a Type 2 test sampled too few items for how often the control runs."""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.checks.sampling import SampleMinimum
from soccheck.format.records import Control, ControlTest


def check(ctx: Context) -> Iterator[Finding]:
    policy = ctx.sample_policy
    type2 = [r for r in ctx.reports.values() if r.type == 2]
    if not type2:
        return
    minimums: dict[tuple[object, ...], SampleMinimum | None] = {}
    in_type2: dict[int, bool] = {}  # id(control) -> in scope for a Type 2 report
    for control, test in ctx.tests():
        size = test.sample_size
        if size is None or not _type2_operating(ctx, control, test, in_type2):
            continue
        of = f"test '{test.id}' of control '{control.id}'"
        population = test.population
        if population is not None and size > population:
            message = (
                f"{of} sampled {_items(size)} from a population of only {population}; a sample "
                "cannot be larger than its population, so correct one of the figures"
            )
        else:
            key = (control.frequency, control.automation, population)
            if key not in minimums:
                minimums[key] = policy.minimum(control.frequency, control.automation, population)
            minimum = minimums[key]
            if minimum is not None and size < minimum.size:
                needs = _needs(minimum)
                if _configured(ctx, minimum):
                    needs += " (the configuration's 'sampling')"
                message = f"{of} sampled {_items(size)}; {needs} for a Type 2 report"
                if population is None and minimum.size > 1:
                    message += (
                        f" (if it ran fewer than {minimum.size} times in the period, record "
                        "'population' and test every occurrence)"
                    )
            elif size == 0:
                # No minimum to judge by (no frequency, or a population of 0), but a sample
                # of nothing, like the skeleton 'new test' writes, tests nothing.
                message = (
                    f"{of} sampled nothing (sample_size 0), so it shows nothing about how the "
                    "control operated; record the items examined, or, if the control never "
                    "ran in the period, tell the auditor instead of recording a test"
                )
            else:
                continue
        yield ctx.finding(RULE, ctx.at(test.source, "sample_size"), message, test.id)


def _type2_operating(
    ctx: Context, control: Control, test: ControlTest, in_type2: dict[int, bool]
) -> bool:
    """An operating test that counts toward a Type 2 report: it names one, or names no report
    and the control is in scope for one. A test naming an unknown report counts for none."""
    if test.kind != "operating":
        return False
    if test.report is not None:
        report = ctx.reports.get(test.report)
        return report is not None and report.type == 2
    known = in_type2.get(id(control))
    if known is None:
        known = any(r.type == 2 and ctx.in_scope(control, r) for r in ctx.reports.values())
        in_type2[id(control)] = known
    return known


def _configured(ctx: Context, minimum: SampleMinimum) -> bool:
    """Whether the minimum is the configuration's rather than the built-in table's: a team
    reading the finding should know which number to question."""
    return (
        not minimum.automated
        and not minimum.whole_population
        and minimum.frequency in ctx.program.config.sampling
    )


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"


def _needs(minimum: SampleMinimum) -> str:
    if minimum.automated:
        what = "an automated control"
        if minimum.frequency is not None:
            what = f"an automated control (run {minimum.frequency})"
    else:
        frequency = minimum.frequency or ""
        article = "an" if frequency[:1] in ("a", "e", "i", "o", "u") else "a"
        what = f"{article} {frequency} control"
    if minimum.whole_population:
        return f"{what} with a population of {minimum.size} needs every item tested"
    return f"{what} needs at least {minimum.size}"


RULE = Rule(
    id="insufficient-sample",
    severity="warning",
    summary="A Type 2 test's sample is smaller than the usual minimum for the control's "
    "frequency (or larger than its population).",
    rationale=(
        "Auditors size samples by how often a control runs: one instance of an annual or "
        "automated control, 2 of a quarterly or monthly one, 5 of a weekly one, 20 of a daily "
        "one and 25 of a control that runs many times a day or on demand (every occurrence "
        "when there were fewer). A smaller sample cannot support a conclusion about the whole "
        "period, so the auditor will extend it or note a scope limitation. Test more items, "
        "or record 'population' when the control genuinely ran fewer times. A sample larger "
        "than its population means one of the two figures is wrong, and a sample of 0 (as in "
        "the skeleton 'soccheck new test' writes) tests nothing at all. Firms set their own "
        "minimums; these are common defaults, and 'sampling' in the configuration replaces "
        "any of them (sampling: {daily: 15})."
    ),
    example=(
        "# controls/operations.yaml\n"
        "id: OPS-01\n"
        "title: Daily backup check\n"
        "description: The on-call engineer confirms each morning that last night's backups "
        "completed.\n"
        "owner: alice\n"
        "criteria: [CC7.2]\n"
        "frequency: daily\n"
        "tests:\n"
        "  - id: T-OPS-01\n"
        "    method: inspection\n"
        "    procedure: Inspected a sample of daily backup checks.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
        "    sample_size: 5   # a daily control needs at least 20\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/operations.yaml\n"
        "id: OPS-01\n"
        "title: Daily backup check\n"
        "description: The on-call engineer confirms each morning that last night's backups "
        "completed.\n"
        "owner: alice\n"
        "criteria: [CC7.2]\n"
        "frequency: daily\n"
        "tests:\n"
        "  - id: T-OPS-01\n"
        "    method: inspection\n"
        "    procedure: Inspected a sample of daily backup checks.\n"
        "    performed_on: 2026-04-15\n"
        "    performed_by: tom\n"
        "    sample_size: 25\n"
        "    result: pass\n"
    ),
    check=check,
)
