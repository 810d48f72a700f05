"""The report model: statuses, figures and finding attribution, on the example programs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from soccheck.checks.checker import Result
from soccheck.checks.findings import WaiverInfo
from soccheck.readiness.model import ReadinessReport, ReportError, UnknownReport, build
from tests.conftest import CC, EXAMPLES, REPO, SYSTEM, dedent, passing_test_block
from tests.readiness.conftest import TODAY_DATE, checked, model_of

A1 = ["A1.1", "A1.2", "A1.3"]


def statuses(model: ReadinessReport, report: int = 0) -> dict[str, str]:
    return {item.id: item.status for item in model.reports[report].items}


def test_saas_example_is_fully_covered_and_tested() -> None:
    model = model_of(EXAMPLES / "saas")
    assert model.system == "Skyline Insights Platform"
    assert model.today == TODAY_DATE
    assert model.files == 9
    (view,) = model.reports
    assert view.label == "soc2-2026 (SOC 2 Type 2)"
    assert view.scope_dates == "period 2026-01-01 to 2026-09-30"
    assert [(g.id, g.name, len(g.items)) for g in view.groups] == [
        ("security", "Security", 33),
        ("availability", "Availability", 3),
    ]
    assert [item.id for item in view.items] == [*CC, *A1]
    assert (view.items_in_scope, view.items_covered, view.count("tested")) == (36, 36, 36)
    assert len(view.controls_in_scope) == len(view.controls_tested) == 20
    assert view.findings_by_rule == ()
    assert view.ready
    assert view.verdict == (
        "Ready: every applicable criterion is covered by a tested control and no errors are open."
    )
    cc61 = next(i for i in view.items if i.id == "CC6.1")
    assert cc61.controls == ("AC-01", "AC-05") == cc61.tested_controls
    assert (cc61.series, cc61.series_name) == ("CC6", "Logical and Physical Access Controls")


def test_saas_controls_carry_owner_names_tests_and_evidence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)  # locations are shown relative to the current directory
    model = model_of(EXAMPLES / "saas")
    assert len(model.controls) == 20
    assert [c.id for c in model.controls][:3] == ["AC-01", "AC-02", "AC-03"]
    ac01 = model.controls[0]
    assert ac01.owner == "Security and Compliance"
    assert ac01.owner_id == "security"
    assert ac01.location == "examples/saas/controls/access.yaml:3"
    assert ac01.status == {"soc2-2026": "tested"}
    (test,) = ac01.tests
    assert (test.id, test.performed_by, test.performed_by_id) == (
        "T-AC-01-2026",
        "Nora Quinn",
        "nora.quinn",
    )
    assert test.counts_for == ("soc2-2026",)
    assert ac01.evidence[0].location == "evidence/access/okta-policy-export-2026-08.txt"
    assert not ac01.evidence[0].is_url


def test_fintech_example_reports_objectives_and_criteria_separately() -> None:
    model = model_of(EXAMPLES / "fintech")
    soc1, soc2 = model.reports
    assert (soc1.id, soc1.item_noun, soc1.items_plural) == ("soc1-2026", "objective", "objectives")
    assert [i.id for i in soc1.items] == [f"CO-{n:02d}" for n in range(1, 11)]
    assert soc1.count("tested") == 10
    assert len(soc1.controls_in_scope) == len(soc1.controls_tested) == 25
    assert [g.name for g in soc2.groups] == ["Security", "Confidentiality"]
    assert [i.id for i in soc2.items] == [*CC, "C1.1", "C1.2"]
    assert soc2.count("tested") == 35
    assert len(soc2.controls_in_scope) == len(soc2.controls_tested) == 26
    assert len(model.controls) == 40
    # Controls shared between the reports are tested for both by one test.
    ac01 = next(c for c in model.controls if c.id == "AC-01")
    assert ac01.status == {"soc1-2026": "tested", "soc2-2026": "tested"}
    assert ac01.tests[0].counts_for == ("soc1-2026", "soc2-2026")
    co01 = soc1.items[0]
    assert co01.controls == ("AC-01", "AC-02", "AC-03", "AC-04", "AC-05", "AC-07", "CHG-02")


def test_gaps_get_their_status(gap_saas: Path) -> None:
    model = model_of(gap_saas)
    (view,) = model.reports
    status = statuses(model)
    assert status["CC9.2"] == "uncovered"
    assert status["A1.3"] == "untested"
    assert status["A1.2"] == "tested"
    assert [s for s in status.values() if s != "tested"] == ["uncovered", "untested"]
    a12 = next(i for i in view.items if i.id == "A1.2")
    assert a12.controls == ("AV-01", "AV-02")
    assert a12.tested_controls == ("AV-01",)
    assert a12.exceptions == ("T-AV-01-2026",)
    a13 = next(i for i in view.items if i.id == "A1.3")
    assert (a13.controls, a13.tested_controls) == (("AV-02",), ())
    assert (view.items_covered, view.count("tested"), view.items_applicable) == (35, 34, 36)
    assert view.controls_untested == ("AV-02",)
    assert len(view.controls_tested) == 19
    assert view.findings_by_rule == (
        ("unselected-criterion", "error", 1),
        ("untested-control", "error", 1),
        ("test-exceptions", "warning", 1),
    )
    assert (view.open_errors, view.open_warnings) == (2, 1)
    assert not view.ready
    assert view.verdict == (
        "Not ready: 1 criterion uncovered, 1 criterion covered but untested, "
        "1 control untested, 2 open errors."
    )
    av02 = next(c for c in model.controls if c.id == "AV-02")
    assert av02.status == {"soc2-2026": "untested"}
    assert [f.rule for f in av02.findings] == ["untested-control"]
    assert av02.tests[0].counts_for == ()


NA_SYSTEM = SYSTEM.replace(
    "    categories: [security]\n",
    "    categories: [security, availability]\n"
    "    not_applicable:\n"
    "      - {criterion: A1.1, reason: Capacity is managed by the hosting provider.}\n"
    "      - {criterion: A1.3, reason: No recovery commitments are made.}\n",
)


def test_declared_not_applicable_criteria_leave_the_denominator(
    program: Callable[..., Path],
) -> None:
    backup = dedent(
        """
        controls:
          - id: BK-01
            title: Backups
            description: Nightly backups are taken and monitored.
            owner: alice
            criteria: [A1.2]
            frequency: annual
        """
    ) + passing_test_block("T-BK-01")
    model = model_of(program(system=NA_SYSTEM, controls={"backup.yaml": backup}))
    (view,) = model.reports
    assert statuses(model)["A1.1"] == "not-applicable"
    assert statuses(model)["A1.3"] == "not-applicable"
    a11 = next(i for i in view.items if i.id == "A1.1")
    assert a11.note == "Capacity is managed by the hosting provider."
    assert (view.items_in_scope, view.items_applicable, view.items_covered) == (36, 34, 34)
    assert view.ready


UNTESTED = dedent(
    """
    controls:
      - id: BK-01
        title: Backups
        description: Nightly backups are taken and monitored.
        owner: alice
        criteria: [A1.2]
        frequency: daily
    """
)


def _waive(rule: str, subject: str, reason: str) -> Callable[[Result], None]:
    def adjust(result: Result) -> None:
        waiver = WaiverInfo(reason, "tom", "2026-12-31", "SEC-1")
        result.findings = [
            f.with_waiver(waiver) if (f.rule, f.subject) == (rule, subject) else f
            for f in result.findings
        ]
        assert any(f.waived for f in result.findings), f"no {rule} finding about {subject}"

    return adjust


def test_waived_untested_control_makes_its_criteria_waived(program: Callable[..., Path]) -> None:
    root = program(
        system=SYSTEM.replace("[security]", "[security, availability]"),
        controls={"backup.yaml": UNTESTED},
    )
    plain = model_of(root)
    assert statuses(plain)["A1.2"] == "untested"
    model = model_of(root, adjust=_waive("untested-control", "BK-01", "Restore test in Q4"))
    (view,) = model.reports
    a12 = next(i for i in view.items if i.id == "A1.2")
    assert (a12.status, a12.note) == ("waived", "Restore test in Q4")
    assert view.controls_waived == ("BK-01",)
    assert view.controls_untested == ()
    assert view.waived_findings == 1
    assert ("untested-control", "error", 1) not in view.findings_by_rule
    bk01 = next(c for c in model.controls if c.id == "BK-01")
    assert bk01.status == {"soc2-2026": "waived"}
    assert bk01.findings == ()  # only open findings are listed on the control
    assert [f.subject for f in model.waived_findings] == ["BK-01"]


def test_waived_uncovered_criterion_is_waived(program: Callable[..., Path]) -> None:
    root = program(system=SYSTEM.replace("[security]", "[security, availability]"))
    assert statuses(model_of(root))["A1.1"] == "uncovered"
    model = model_of(root, adjust=_waive("unselected-criterion", "A1.1", "Added next year"))
    item = next(i for i in model.reports[0].items if i.id == "A1.1")
    assert (item.status, item.note) == ("waived", "Added next year")
    assert statuses(model)["A1.2"] == "uncovered"


TWO_REPORTS = SYSTEM.replace(
    "reports:\n",
    "reports:\n"
    "  - id: soc2-2025\n"
    "    framework: soc2\n"
    "    type: 1\n"
    "    as_of: 2025-12-31\n"
    "    categories: [security]\n",
)


def test_findings_belong_to_the_reports_they_are_about(program: Callable[..., Path]) -> None:
    """A control tested only for the Type 1 report is untested for the Type 2 report alone."""
    design = dedent(
        """
        controls:
          - id: AC-09
            title: Access reviews
            description: Access is reviewed each quarter.
            owner: alice
            criteria: [CC6.2]
            tests:
              - id: T-AC-09
                kind: design
                method: inspection
                procedure: Walked through one review.
                performed_on: 2025-11-15
                performed_by: tom
                result: pass
        """
    )
    model = model_of(program(system=TWO_REPORTS, controls={"ac.yaml": design}))
    type1, type2 = model.reports
    assert (type1.id, type1.scope_dates) == ("soc2-2025", "as of 2025-12-31")
    assert type1.window_note == "design or operating tests performed from 2024-12-31 count"
    assert "AC-09" in type1.controls_tested
    assert type2.controls_untested == ("AC-09",)
    assert ("untested-control", "error", 1) in type2.findings_by_rule
    assert all(rule != "untested-control" for rule, _, _ in type1.findings_by_rule)
    finding = next(f for f in model.findings if f.rule == "untested-control")
    assert finding.reports == ("soc2-2026",)
    ac09 = next(c for c in model.controls if c.id == "AC-09")
    assert ac09.status == {"soc2-2025": "tested", "soc2-2026": "untested"}


def test_report_option_keeps_only_that_reports_controls_tests_and_findings(
    program: Callable[..., Path],
) -> None:
    fintech = model_of(EXAMPLES / "fintech", report="soc1-2026")
    assert [r.id for r in fintech.reports] == ["soc1-2026"]
    assert len(fintech.controls) == 25
    assert all(set(c.status) == {"soc1-2026"} for c in fintech.controls)

    scoped = dedent(
        """
        controls:
          - id: AC-09
            title: Access reviews
            description: Access is reviewed each quarter.
            owner: nobody
            criteria: [CC6.2]
            tests:
              - id: T-AC-09-2025
                kind: design
                method: inspection
                procedure: Walked through one review.
                performed_on: 2025-11-15
                performed_by: tom
                report: soc2-2025
                result: pass
              - id: T-AC-09-2026
                method: inspection
                procedure: Inspected two quarterly reviews.
                performed_on: 2026-05-02
                performed_by: tom
                report: soc2-2026
                result: pass
        """
    )
    root = program(system=TWO_REPORTS, controls={"ac.yaml": scoped})
    only = model_of(root, report="soc2-2026")
    ac09 = next(c for c in only.controls if c.id == "AC-09")
    assert [t.id for t in ac09.tests] == ["T-AC-09-2026"]
    everything = model_of(root)
    ac09 = next(c for c in everything.controls if c.id == "AC-09")
    assert [(t.id, t.counts_for) for t in ac09.tests] == [
        ("T-AC-09-2025", ("soc2-2025",)),
        ("T-AC-09-2026", ("soc2-2026",)),
    ]
    # unknown-owner is about AC-09, which both reports examine.
    unknown = next(f for f in everything.findings if f.rule == "unknown-owner")
    assert unknown.reports == ("soc2-2025", "soc2-2026")


def test_report_without_dates_tests_nothing(program: Callable[..., Path]) -> None:
    system = SYSTEM.replace("    period: {start: 2026-01-01, end: 2026-06-30}\n", "")
    model = model_of(program(system=system))
    (view,) = model.reports
    assert view.scope_dates == ""
    assert view.window_note == "no test can count: the report has no valid period"
    assert view.controls_tested == ()
    assert view.count("untested") == 33


def test_soc1_objective_without_controls_is_uncovered(program: Callable[..., Path]) -> None:
    system = dedent(
        """
        name: Payroll
        reports:
          - {id: soc1-2026, framework: soc1, type: 2, period: {start: 2026-01-01, end: 2026-06-30}}
        control_objectives:
          - {id: CO-02, title: Changes are authorized}
          - {id: CO-01, title: Access is restricted}
        people:
          - {id: alice, name: Alice Owner}
          - {id: tom, name: Tom Tester}
        """
    )
    control = dedent(
        """
        controls:
          - id: AC-01
            title: Access
            description: Access is approved.
            owner: alice
            objectives: [CO-01]
            frequency: annual
        """
    ) + passing_test_block("T-AC-01")
    model = model_of(program(system=system, controls={"ac.yaml": control}, coverage=False))
    (view,) = model.reports
    assert [(i.id, i.status) for i in view.items] == [("CO-02", "uncovered"), ("CO-01", "tested")]
    assert ("uncovered-objective", "error", 1) in view.findings_by_rule
    assert view.verdict.startswith("Not ready: 1 objective uncovered")


def test_unknown_report_and_missing_system_are_setup_errors(tmp_path: Path) -> None:
    result = checked(EXAMPLES / "saas")
    with pytest.raises(
        UnknownReport, match=r"no report 'soc3' in system.yaml \(known: soc2-2026\)"
    ):
        build(result, TODAY_DATE, "soc3")
    broken = dataclasses.replace(result, program=dataclasses.replace(result.program, system=None))
    with pytest.raises(ReportError, match="could not be loaded"):
        build(broken, TODAY_DATE)
