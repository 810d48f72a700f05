"""incomplete-test-record: a Type 2 operating test does not record its population or sample
size.

Which tests: an operating test that counts for a Type 2 report examining its control (see
``_type2``). A key counts as recorded when it is written at all: a value rejected while
loading (``population: many``) has its own schema finding, and reporting it missing as well
would report one mistake twice. Type 1 tests are not judged: a design walkthrough has no
sample.

Where: the test's start (its ``id``), since the missing keys have no position of their own;
one finding names both keys when both are missing. Subject: the test ID. Several reports: one
finding per test, however many Type 2 reports it counts for: the record is incomplete once,
and the same keys complete it for every report.

Interplay: a test with no ``sample_size`` gets no insufficient-sample finding (there is no
sample to size), and one with no ``population`` no population-implausible finding; this rule
is the only one that reports the gap.
"""

from __future__ import annotations

from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules._type2 import counting_windows
from soccheck.checks.rules.base import MISSING, Context, Rule

_MEANING = {
    "population": "how many times the control operated in the span sampled",
    "sample_size": "how many of those occurrences were examined",
}


def check(ctx: Context) -> Iterator[Finding]:
    for control, test in ctx.tests():
        if test.kind != "operating" or (
            test.population is not None and test.sample_size is not None
        ):
            continue
        missing = [
            key
            for key in ("population", "sample_size")
            if getattr(test, key) is None and ctx.raw(test.source, key) is MISSING
        ]
        if not missing or not counting_windows(ctx, control, test):
            continue
        keys = " and ".join(f"'{key}' ({_MEANING[key]})" for key in missing)
        yield ctx.finding(
            RULE,
            ctx.at(test.source),
            f"test '{test.id}' of control '{control.id}' counts for a Type 2 report but does "
            f"not record {keys}; without both an auditor cannot judge the sample, so add "
            f"{'them' if len(missing) > 1 else 'it'}",
            test.id,
        )


RULE = Rule(
    id="incomplete-test-record",
    severity="error",
    summary="A Type 2 operating test does not record its 'population' or its 'sample_size'.",
    rationale=(
        "A Type 2 test is a sample: so many occurrences examined out of so many that "
        "happened. Without the population nobody can tell whether the sample was large "
        "enough or whether the control ran as often as it should; without the sample size "
        "nobody can tell what the conclusion rests on. Auditors document both for every "
        "operating-effectiveness test, and a test without them passes nothing on to the "
        "report. Record 'population' (the occurrences in the span sampled, with "
        "'population_source' saying where the listing came from) and 'sample_size' (the "
        "items examined). A control tested by examining every occurrence records the same "
        "number in both."
    ),
    example=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "tests:\n"
        "  - id: T-AC-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected the review tickets for sign-off and removals.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    result: pass\n"
    ),
    passing=(
        "# controls/access.yaml   (report soc2-2026: Type 2, 2026-01-01 to 2026-06-30)\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: The platform lead reviews production access each quarter.\n"
        "owner: alice\n"
        "criteria: [CC6.2]\n"
        "frequency: quarterly\n"
        "tests:\n"
        "  - id: T-AC-01-2026\n"
        "    method: inspection\n"
        "    procedure: Inspected the review tickets for sign-off and removals.\n"
        "    performed_on: 2026-07-15\n"
        "    performed_by: tom\n"
        "    covers: {start: 2026-01-01, end: 2026-06-30}\n"
        "    population: 2\n"
        "    population_source: Review tickets exported from the access-review queue.\n"
        "    sample_size: 2\n"
        "    result: pass\n"
    ),
    check=check,
)
