"""The readiness report model: one picture of a program, from which every format is rendered.

Text, Markdown, CSV and HTML are all views of the ``ReadinessReport`` built here, so they
cannot disagree about a figure. The model is built from a loaded ``Program`` and the checker's
``Result`` (the findings, some of them possibly waived), and it is plain data: renderers
never look at the program again.

Status of a criterion (SOC 2) or control objective (SOC 1) in one report, decided in order:

1. **covered and tested**: a control maps it and at least one such control has a test that
   counts for the report (``soccheck.checks.periods``: kind and date within the report's window).
2. **waived**: nothing tests it (or nothing maps it), and the gap is an accepted exception: a
   waived finding about the criterion itself, or waived ``untested-control`` findings for
   every control that maps it.
3. **covered but untested**: controls map it, but none has a test that counts.
4. **not applicable**: nothing maps it and the report declares it not applicable with a
   reason (SOC 2 only).
5. **uncovered**: nothing maps it.

A finding belongs to a report when its subject does (a control, test, criterion, objective or
report the report examines), narrowed to the report the finding itself names
(``Finding.report``, set by per-report rules such as ``untested-control`` and
``unselected-criterion``). Findings about nothing in particular
(a YAML error, a vendor without CSOCs) belong to every report.

Scope as an auditor draws it (issue 16) is shown per report only for a program that uses
the keys describing it (a control's ``reports``, ``layer``, ``systems``,
``subservice_organization`` or ``effective``; the system description's ``systems``,
``changes``, ``incidents``, a vendor's ``soc_report``, a CSOC item or a CUEC's ``controls``):
the controls in scope with their key flag and the days they operated, the controls that map
the report's items but are scoped out and why, the systems and their components, the
subservice organizations and their SOC reports with each report's status for the examined
report (``soccheck.checks.vendor_reports.judge``, the judgment the rules
``subservice-report-missing`` and ``subservice-report-stale`` fire on), the CSOCs and CUECs
that map the report's items, and the changes and incidents dated within the report. A
program written without them renders as it did before, and every list is left empty rather
than shown empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypedDict, TypeVar

from soccheck._version import __version__
from soccheck.checks.audit_trail import methods
from soccheck.checks.findings import Finding, WaiverInfo
from soccheck.checks.periods import TYPE1_LOOKBACK_MONTHS, Window, months_before, names_report
from soccheck.checks.rules import untested_control
from soccheck.checks.rules.base import MISSING, Context, report_label
from soccheck.checks.scope import Span as Days
from soccheck.checks.scope import report_span
from soccheck.checks.vendor_reports import STATUS_LABELS as VENDOR_STATUS_LABELS
from soccheck.checks.vendor_reports import VendorReportStatus, judge
from soccheck.format.records import (
    Control,
    ControlTest,
    Report,
    SocReport,
    SubserviceOrganization,
    System,
)

if TYPE_CHECKING:
    from soccheck.checks.checker import Result
    from soccheck.output.locations import Locator

Status = Literal["tested", "waived", "untested", "not-applicable", "uncovered"]

STATUSES: tuple[Status, ...] = ("tested", "untested", "uncovered", "waived", "not-applicable")
"""Display order: good, gap, worst gap, accepted, out of the picture."""

STATUS_LABELS: dict[Status, str] = {
    "tested": "covered and tested",
    "untested": "covered but untested",
    "uncovered": "uncovered",
    "waived": "waived",
    "not-applicable": "not applicable",
}

Readiness = Literal["ready", "ready-with-waivers", "not-ready"]
"""The headline: a program is never called ready while waivers hide untested scope."""

ControlStatus = Literal["tested", "untested", "waived"]

CONTROL_STATUS_LABELS: dict[ControlStatus, str] = {
    "tested": "tested",
    "untested": "untested",
    "waived": "untested (waived)",
}

UNTESTED_RULE = untested_control.RULE.id


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Span:
    """A span of days, both ends included: a test's ``covers`` or a report's period."""

    start: dt.date
    end: dt.date

    @property
    def text(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class DeviationView:
    """One exception a test found, as auditors disclose it: with management's response."""

    item: str
    description: str
    cause: str | None
    management_response: str | None
    remediated_on: dt.date | None
    compensating_controls: tuple[str, ...]


@dataclass(frozen=True)
class TestView:
    id: str
    kind: str
    methods: tuple[str, ...]
    """The test's methods, one or several (``method`` names one or lists them)."""
    procedure: str
    performed_on: dt.date
    performed_by: str
    """Display name of the tester (the person ID when the person is unknown)."""
    performed_by_id: str
    population: int | None
    sample_size: int | None
    exceptions: int | None
    result: str
    notes: str | None
    report: str | None
    """The report the test is recorded for (None: every report)."""
    counts_for: tuple[str, ...]
    """IDs of the reports (among those shown) for which this test counts."""
    covers: Span | None = None
    """The span of occurrences the sample was drawn from."""
    phase: str | None = None
    deviations: tuple[DeviationView, ...] = ()
    """Every deviation recorded, remediated and retested or not: auditors disclose them all."""
    retest_of: str | None = None
    retested_by: tuple[str, ...] = ()
    """IDs of the control's tests whose ``retest_of`` names this one."""
    population_source: str | None = None
    reviewed_by: str | None = None
    """Display name of the reviewer (the person ID when the person is unknown)."""
    reviewed_by_id: str | None = None
    reviewed_on: dt.date | None = None

    @property
    def has_trail(self) -> bool:
        """Whether the test records any part of the Type 2 audit trail (issue 15) beyond what
        every test has; the text and Markdown reports add their audit-trail section only for
        programs that record one, so older programs' reports stay as they were."""
        return bool(
            self.covers
            or self.phase
            or self.deviations
            or self.retest_of
            or self.population_source
            or self.reviewed_by_id
            or self.reviewed_on
            or len(self.methods) > 1
        )


@dataclass(frozen=True)
class EvidenceView:
    location: str
    is_url: bool
    description: str | None
    as_of: dt.date | None = None
    """The date the evidence shows or was taken."""


Placement = Literal["before", "during", "after"]

PLACEMENT_LABELS: dict[Placement, str] = {
    "before": "before the period",
    "during": "in the period",
    "after": "after the period",
}


@dataclass(frozen=True)
class TimelineEvidence:
    location: str
    description: str | None
    as_of: dt.date
    placement: Placement


@dataclass(frozen=True)
class TimelineSpan:
    """A test's ``covers`` on the timeline."""

    test: str
    span: Span
    phase: str | None
    counts: bool
    """Whether the test counts for the report (a span wholly outside the period does not)."""


@dataclass(frozen=True)
class TimelineView:
    """A control's evidence dates (and its tests' sampled spans) placed on one Type 2
    report's period: the picture an auditor draws to see whether the evidence is from the
    period at all and whether the samples reach across it."""

    report: str
    period: Span
    evidence: tuple[TimelineEvidence, ...]
    """Dated evidence, oldest first."""
    undated: tuple[str, ...] = ()
    """Locations of the control's evidence without ``as_of``."""
    spans: tuple[TimelineSpan, ...] = ()

    @property
    def first(self) -> dt.date:
        """The first day the timeline shows: the period's, or earlier evidence or samples."""
        return min(
            [self.period.start, *(e.as_of for e in self.evidence)]
            + [s.span.start for s in self.spans]
        )

    @property
    def last(self) -> dt.date:
        return max(
            [self.period.end, *(e.as_of for e in self.evidence)] + [s.span.end for s in self.spans]
        )

    def count(self, placement: Placement) -> int:
        return sum(1 for e in self.evidence if e.placement == placement)

    @property
    def summary(self) -> str:
        """The timeline in one sentence, the same words in every format (and the HTML
        drawing's text alternative)."""
        parts = [
            f"{self.count(p)} {PLACEMENT_LABELS[p]}"
            for p in ("before", "during", "after")
            if self.count(p)
        ]
        if self.undated:
            parts.append(f"{len(self.undated)} undated")
        return f"{self.report}, period {self.period.text}; evidence: " + (
            ", ".join(parts) or "none"
        )

    @property
    def details(self) -> tuple[str, ...]:
        """Every point and span of the timeline in words, in drawing order: what a reader who
        cannot see the drawing needs, and what the text formats list."""
        lines = [
            f"{e.as_of.isoformat()} {PLACEMENT_LABELS[e.placement]}: {e.location}"
            for e in self.evidence
        ]
        lines += [f"undated: {location}" for location in self.undated]
        for span in self.spans:
            notes = [span.phase] if span.phase else []
            if not span.counts:
                notes.append("does not count")
            note = f" ({', '.join(notes)})" if notes else ""
            lines.append(f"{span.test} sampled {span.span.text}{note}")
        return tuple(lines)


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    path: str
    """Relative to the program root, as in the JSON output."""
    shown_path: str
    """``path`` as the reports show it: relative to the checkout, as CI formats give it
    (``Locator.path``). Reports are documents sent to other people and posted in pull
    requests, so the terminal's form (relative to where soccheck ran, or absolute) would
    leak local directories and mean nothing to the reader."""
    line: int
    column: int
    message: str
    """With the places it names shown like ``shown_path`` (``Locator.ci_message``)."""
    subject: str | None
    waived: WaiverInfo | None
    reports: tuple[str, ...]
    """IDs of the reports (among those shown) this finding belongs to."""

    @property
    def location(self) -> str:
        return f"{self.shown_path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ChangeView:
    """A significant change (DC9): when, what, and the controls it concerns."""

    date: dt.date
    description: str
    controls: tuple[str, ...]


@dataclass(frozen=True)
class IncidentView:
    """An incident (DC4) and the criteria it concerns."""

    id: str
    date: dt.date
    description: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class ScopedControlView:
    """A control in one report's scope, as the report's scope table lists it."""

    id: str
    title: str
    key: bool
    layer: str | None
    operated: str
    """The days of the report the control operated when that is only part of them
    (``effective``: '2026-05-01 to 2026-06-30'); '' when it operated throughout."""
    status: ControlStatus


@dataclass(frozen=True)
class ScopedOutView:
    """A control that maps one of the report's items and is still out of its scope."""

    id: str
    reason: str
    """'reports: soc1-2026' or 'effective from 2026-07-01'."""


@dataclass(frozen=True)
class SystemView:
    """A system (DC3) with the report's in-scope controls that name it."""

    id: str
    name: str
    description: str
    components: tuple[tuple[str, tuple[str, ...]], ...]
    """(component, items) for each component with items, in the order infrastructure,
    software, people, procedures, data."""
    itgcs: tuple[str, ...]
    """In-scope IT general controls (``layer: itgc``) over it."""
    controls: tuple[str, ...]
    """The other in-scope controls that run on it."""


@dataclass(frozen=True)
class VendorReportView:
    """The vendor's own SOC report and its review."""

    type: int
    date: dt.date | None
    """Type 2: the end of its period; Type 1: its as-of date."""
    received_on: dt.date
    reviewed_by: str
    """Display name of the reviewer (the person ID when the person is unknown)."""
    reviewed_by_id: str
    bridge_letter_through: dt.date | None


@dataclass(frozen=True)
class VendorView:
    """A subservice organization, its SOC report, and the in-scope controls it performs."""

    id: str
    name: str
    method: str
    soc_report: VendorReportView | None
    soc_report_invalid: bool
    """A ``soc_report`` was written but the schema rejected it (its own finding says why)."""
    controls: tuple[str, ...]
    """In-scope controls attributed to it (``subservice_organization``)."""
    report_status: VendorReportStatus
    """Whether its SOC report supports the examined report (``vendor_reports.judge``)."""
    report_status_label: str
    """The status in words: 'current with a bridge letter', 'not needed'."""
    report_status_reason: str
    """Why: 'ends 2025-09-30, more than 3 months before the period ends 2026-06-30; no
    bridge letter'."""


@dataclass(frozen=True)
class CsocView:
    """A CSOC and the report's criteria or objectives it maps (none: it maps nothing)."""

    organization: str
    """The subservice organization's ID."""
    id: str | None
    """None for a CSOC written as a sentence."""
    description: str
    maps: tuple[str, ...]


@dataclass(frozen=True)
class CuecView:
    """A CUEC, the report's criteria or objectives it maps, and the in-scope controls it
    complements."""

    id: str
    description: str
    maps: tuple[str, ...]
    controls: tuple[str, ...]


@dataclass(frozen=True)
class ControlView:
    id: str
    title: str
    description: str
    owner: str
    """Display name of the owner: a person's or team's name, the raw ID when unknown, or ''."""
    owner_id: str | None
    frequency: str | None
    nature: str | None
    automation: str | None
    key: bool
    criteria: tuple[str, ...]
    objectives: tuple[str, ...]
    evidence: tuple[EvidenceView, ...]
    tests: tuple[TestView, ...]
    status: dict[str, ControlStatus]
    """Report ID -> status, for each shown report that examines the control."""
    location: str
    """file:line of the control, the file shown like ``FindingView.shown_path``."""
    findings: tuple[FindingView, ...] = ()
    """Open (unwaived) findings about the control or its tests."""
    timelines: tuple[TimelineView, ...] = ()
    """One per shown Type 2 report with a period that examines the control, when the control
    has dated evidence or a test with ``covers`` recorded for that report."""
    layer: str | None = None
    systems: tuple[tuple[str, str], ...] = ()
    """(system ID, its name; the ID when no system has it) for each system it names."""
    effective: str = ""
    """``effective`` as written: 'from 2026-05-01', 'until 2026-04-30', '2026-01-01 to
    2026-04-30'; '' when it operates throughout."""
    reports: tuple[str, ...] | None = None
    """``reports`` as written; None when omitted (every report)."""
    subservice_organization: tuple[str, str] | None = None
    """(ID, name; the ID when no organization has it) of the organization performing it."""
    subservice_report_status: tuple[tuple[str, str], ...] = ()
    """(report ID, status and reason) of that organization's SOC report, for each shown
    report that examines the control; empty when no defined organization performs it."""
    cuecs: tuple[str, ...] = ()
    """IDs of the CUECs that name it in their ``controls``."""
    changes: tuple[ChangeView, ...] = ()
    """The ``changes`` entries that name it."""


@dataclass(frozen=True)
class ItemView:
    """A criterion (SOC 2) or control objective (SOC 1) in one report."""

    id: str
    title: str
    status: Status
    controls: tuple[str, ...]
    """IDs of the controls mapping it."""
    tested_controls: tuple[str, ...]
    """IDs of those controls with a test that counts for the report."""
    note: str = ""
    """The not-applicable reason, or the waiver's reason."""
    exceptions: tuple[str, ...] = ()
    """IDs of counting tests of its controls that found exceptions or failed."""
    series: str = ""
    """The TSC series (``CC6``); '' for objectives."""
    series_name: str = ""


@dataclass(frozen=True)
class ItemGroup:
    """Criteria of one category (SOC 2), or all objectives (SOC 1)."""

    id: str
    name: str
    items: tuple[ItemView, ...]

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)


@dataclass(frozen=True)
class ReportView:
    id: str
    label: str
    """'soc2-2026 (SOC 2 Type 2)'."""
    title: str
    """The report's own title ('' when it has none)."""
    framework: str
    type: int
    scope_dates: str
    """'period 2026-01-01 to 2026-09-30' or 'as of 2026-06-30' ('' when missing)."""
    window_note: str
    """Which tests count, or why none can."""
    item_noun: str
    """'criterion' or 'objective'."""
    groups: tuple[ItemGroup, ...]
    controls_in_scope: tuple[str, ...]
    controls_tested: tuple[str, ...]
    controls_waived: tuple[str, ...]
    findings_by_rule: tuple[tuple[str, str, int], ...]
    """(rule, severity, count) of open findings, most severe and most frequent first."""
    waived_findings: int
    scope: tuple[ScopedControlView, ...] = ()
    """The controls in scope, for a program that draws scope (see the module docstring)."""
    scoped_out: tuple[ScopedOutView, ...] = ()
    systems: tuple[SystemView, ...] = ()
    vendors: tuple[VendorView, ...] = ()
    csocs: tuple[CsocView, ...] = ()
    """CSOCs that map the report's criteria or objectives, and those that map nothing."""
    cuecs: tuple[CuecView, ...] = ()
    """CUECs that map the report's criteria or objectives, and those that map nothing."""
    changes: tuple[ChangeView, ...] = ()
    """``changes`` dated within the report (see ``report_days``), by date."""
    incidents: tuple[IncidentView, ...] = ()
    """``incidents`` dated within the report, by date."""

    @property
    def key_controls(self) -> tuple[str, ...]:
        """IDs of the key controls in scope."""
        return tuple(c.id for c in self.scope if c.key)

    @property
    def items(self) -> list[ItemView]:
        return [item for group in self.groups for item in group.items]

    def count(self, status: Status) -> int:
        return sum(group.count(status) for group in self.groups)

    @property
    def items_in_scope(self) -> int:
        return len(self.items)

    @property
    def items_applicable(self) -> int:
        return self.items_in_scope - self.count("not-applicable")

    @property
    def items_covered(self) -> int:
        """Items mapped by at least one control (tested or not)."""
        return sum(1 for item in self.items if item.controls)

    @property
    def open_errors(self) -> int:
        return sum(n for _, severity, n in self.findings_by_rule if severity == "error")

    @property
    def open_warnings(self) -> int:
        return sum(n for _, severity, n in self.findings_by_rule if severity == "warning")

    @property
    def items_plural(self) -> str:
        return "criteria" if self.item_noun == "criterion" else "objectives"

    @property
    def controls_untested(self) -> tuple[str, ...]:
        """In-scope controls without a counting test and without a waiver for that."""
        done = {*self.controls_tested, *self.controls_waived}
        return tuple(c for c in self.controls_in_scope if c not in done)

    @property
    def waived_gaps(self) -> tuple[str, ...]:
        """What is in scope but uncovered or untested, and accepted only by a waiver."""
        waived = [item for item in self.items if item.status == "waived"]
        uncovered = sum(1 for item in waived if not item.controls)
        gaps = []
        if self.controls_waived:
            gaps.append(
                f"{len(self.controls_waived)} of {_count(len(self.controls_in_scope), 'control')}"
                " untested under waiver"
            )
        if len(waived) - uncovered:
            gaps.append(f"{self._items(len(waived) - uncovered)} untested under waiver")
        if uncovered:
            gaps.append(f"{self._items(uncovered)} uncovered under waiver")
        return tuple(gaps)

    @property
    def readiness(self) -> Readiness:
        """``ready`` only when nothing in scope is uncovered or untested and no error is open;
        ``ready-with-waivers`` when the only gaps left are waived (a reader of the headline
        must see them, since one glob waiver can hide a whole untested program)."""
        if (
            self.count("uncovered")
            or self.count("untested")
            or self.controls_untested
            or self.open_errors
        ):
            return "not-ready"
        return "ready-with-waivers" if self.waived_gaps else "ready"

    @property
    def ready(self) -> bool:
        """Ready without any waiver hiding an uncovered or untested part of the scope."""
        return self.readiness == "ready"

    @property
    def verdict(self) -> str:
        """One sentence a reader can act on; the same words in every format."""
        readiness = self.readiness
        if readiness == "not-ready":
            gaps = []
            if self.count("uncovered"):
                gaps.append(f"{self._items(self.count('uncovered'))} uncovered")
            if self.count("untested"):
                gaps.append(f"{self._items(self.count('untested'))} covered but untested")
            if self.controls_untested:
                gaps.append(f"{_count(len(self.controls_untested), 'control')} untested")
            if self.open_errors:
                gaps.append(f"{_count(self.open_errors, 'open error')}")
            return "Not ready: " + ", ".join(gaps) + "."
        if readiness == "ready":
            text = (
                f"Ready: every applicable {self.item_noun} is covered by a tested control "
                "and no errors are open"
            )
        else:
            text = "Ready only with waivers: " + ", ".join(self.waived_gaps)
            text += "; no errors are open"
        if self.open_warnings:
            text += f" ({_count(self.open_warnings, 'warning')} to review)"
        return text + "."

    def _items(self, count: int) -> str:
        return f"{count} {self.item_noun if count == 1 else self.items_plural}"


@dataclass(frozen=True)
class ReadinessReport:
    system: str
    today: dt.date
    version: str
    reports: tuple[ReportView, ...]
    controls: tuple[ControlView, ...]
    findings: tuple[FindingView, ...]
    files: int

    @property
    def open_findings(self) -> list[FindingView]:
        return [f for f in self.findings if f.waived is None]

    @property
    def waived_findings(self) -> list[FindingView]:
        return [f for f in self.findings if f.waived is not None]

    @property
    def has_audit_trail(self) -> bool:
        """Whether any shown test or evidence records part of the Type 2 audit trail."""
        return any(
            any(t.has_trail for t in c.tests) or any(e.as_of for e in c.evidence)
            for c in self.controls
        )


# ----------------------------------------------------------------------------- building


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_NATURAL = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """AC-2 before AC-10: digits compare as numbers, the rest as case-folded text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _NATURAL.split(text)
        if part
    )


class ReportError(Exception):
    """There is nothing to report on: a setup problem, not a finding."""


class UnknownReport(ReportError):
    """``--report`` names a report the system description does not define."""


def build(result: Result, today: dt.date, report_id: str | None = None) -> ReadinessReport:
    """The readiness report for every report of the program (or only ``report_id``).

    Raises ``ReportError`` when the system description could not be loaded (there is nothing
    to report on) and ``UnknownReport`` when ``report_id`` is not defined.
    """
    program = result.program
    if program.system is None:
        raise ReportError(
            f"the system description {program.system_path} could not be loaded; "
            "run 'soccheck validate' to see why"
        )
    ctx = result.context if result.context is not None else Context(program, today)
    every = _first_unique(program.system.reports)
    reports = every
    if report_id is not None:
        reports = [r for r in every if r.id == report_id]
        if not reports:
            known = ", ".join(r.id for r in every) or "none"
            raise UnknownReport(
                f"no report '{report_id}' in {program.system_path} (known: {known})"
            )
    return _Builder(
        ctx, result.findings, every, reports, result.locator, filtered=report_id is not None
    ).build()


def _first_unique(reports: Iterable[Report]) -> list[Report]:
    seen: set[str] = set()
    unique = []
    for report in reports:
        if report.id not in seen:
            seen.add(report.id)
            unique.append(report)
    return unique


class _Builder:
    def __init__(
        self,
        ctx: Context,
        findings: list[Finding],
        every: list[Report],
        shown: list[Report],
        locator: Locator,
        filtered: bool,
    ) -> None:
        self.ctx = ctx
        self.locator = locator
        self.every = every
        self.reports = shown
        self.filtered = filtered
        """Only some reports are shown: leave out controls, tests and findings of the others."""
        self.windows: dict[str, Window | None] = {r.id: ctx.window(r) for r in every}
        self.controls = sorted(ctx.controls, key=lambda c: natural_key(c.id))
        # Controls are keyed by object identity: IDs may be duplicated (another rule's finding)
        # and a record's equality compares every field.
        self.scope: dict[str, list[Control]] = {
            r.id: [c for c in self.controls if ctx.in_scope(c, r)] for r in every
        }
        self.in_scope: dict[str, set[int]] = {
            rid: {id(c) for c in controls} for rid, controls in self.scope.items()
        }
        self.by_id: dict[str, list[Control]] = {}
        self.test_control: dict[str, tuple[Control, ControlTest]] = {}
        for control in self.controls:
            self.by_id.setdefault(control.id, []).append(control)
            for test in control.tests:
                self.test_control.setdefault(test.id, (control, test))
        self.criteria_of: dict[str, set[str]] = {
            r.id: set(ctx.report_criteria(r)) for r in every if r.framework == "soc2"
        }
        self.draws_scope = _draws_scope(ctx)
        self.changes = tuple(
            ChangeView(c.date, c.description, tuple(dict.fromkeys(c.controls)))
            for c in ctx.system.changes
        )
        self.findings = [self._finding_view(f) for f in findings]
        self.by_subject: dict[str, list[FindingView]] = {}
        for view in self.findings:
            if view.subject is not None:
                self.by_subject.setdefault(view.subject, []).append(view)

    # -- findings ---------------------------------------------------------------------------

    def _finding_view(self, finding: Finding) -> FindingView:
        return FindingView(
            rule=finding.rule,
            severity=finding.severity,
            path=finding.path,
            shown_path=self.locator.path(finding.path),
            line=finding.line,
            column=finding.column,
            message=self.locator.ci_message(finding),
            subject=finding.subject,
            waived=finding.waived,
            reports=self._reports_of(finding),
        )

    def _reports_of(self, finding: Finding) -> tuple[str, ...]:
        """The shown reports a finding belongs to (see the module docstring)."""
        related = self._subject_reports(finding.subject) if finding.subject else set()
        # Per-report rules say which report a finding is about; no guessing from the text.
        named = {finding.report} if finding.report else set()
        if named:
            related = (related & named) or named
        shown = tuple(r.id for r in self.reports)
        if not related:
            return shown
        return tuple(r for r in shown if r in related)

    def _subject_reports(self, subject: str) -> set[str]:
        """Reports (of the whole program) that examine the object a subject ID names."""
        if any(subject == r.id for r in self.every):
            return {subject}
        related: set[str] = set()
        pair = self.test_control.get(subject)
        if pair is not None:
            control, test = pair
            return {
                r.id
                for r in self.every
                if id(control) in self.in_scope[r.id] and test.report in (None, r.id)
            }
        for control in self.by_id.get(subject, []):
            related |= {r.id for r in self.every if id(control) in self.in_scope[r.id]}
        for report_id, criteria in self.criteria_of.items():
            if subject in criteria:
                related.add(report_id)
        if subject in self.ctx.objectives:
            related |= {r.id for r in self.every if r.framework == "soc1"}
        return related

    def _about(self, subject: str, report: Report | None = None) -> list[FindingView]:
        found = self.by_subject.get(subject, [])
        return found if report is None else [f for f in found if report.id in f.reports]

    # -- reports ----------------------------------------------------------------------------

    def build(self) -> ReadinessReport:
        ctx = self.ctx
        report_views = tuple(self._report_view(r) for r in self.reports)
        controls = self.controls
        findings = self.findings
        if self.filtered:
            shown = {r.id for r in self.reports}
            controls = [c for c in controls if any(id(c) in self.in_scope[r] for r in shown)]
            findings = [f for f in findings if f.reports]
        control_views = tuple(self._control_view(c) for c in controls)
        return ReadinessReport(
            system=ctx.system.name,
            today=ctx.today,
            version=__version__,
            reports=report_views,
            controls=control_views,
            findings=tuple(findings),
            files=len(ctx.program.files),
        )

    def _tested(self, control: Control, report: Report) -> bool:
        # The control's own window: one effective for part of the period is judged over it,
        # as 'untested-control' judges it.
        win = self.ctx.control_window(control, report)
        return win is not None and any(win.counts(t, self.ctx.today) for t in control.tests)

    def _control_status(self, control: Control, report: Report) -> ControlStatus:
        if self._tested(control, report):
            return "tested"
        untested = [f for f in self._about(control.id, report) if f.rule == UNTESTED_RULE]
        if untested and all(f.waived is not None for f in untested):
            return "waived"
        return "untested"

    def _report_view(self, report: Report) -> ReportView:
        status = self._statuses(report)
        if report.framework == "soc1":
            groups, noun = self._objective_groups(report, status), "objective"
        else:
            groups, noun = self._criterion_groups(report, status), "criterion"
        by_rule, waived = self._findings_by_rule(report)
        ids = tuple(status)
        return ReportView(
            id=report.id,
            label=report_label(report),
            title=report.title or "",
            framework=report.framework,
            type=report.type,
            scope_dates=_scope_dates(report),
            window_note=_window_note(report, self.windows[report.id]),
            item_noun=noun,
            groups=groups,
            controls_in_scope=ids,
            controls_tested=tuple(c for c in ids if status[c] == "tested"),
            controls_waived=tuple(c for c in ids if status[c] == "waived"),
            findings_by_rule=by_rule,
            waived_findings=waived,
            **(self._scope_parts(report, status) if self.draws_scope else _no_scope()),
        )

    # -- scope as an auditor draws it (issue 16) --------------------------------------------

    def _scope_parts(self, report: Report, status: dict[str, ControlStatus]) -> _ScopeParts:
        """The report's scope, systems, vendors, CSOCs, CUECs, changes and incidents."""
        ctx = self.ctx
        scope = self.scope[report.id]
        soc1 = report.framework == "soc1"
        items = set(ctx.objectives) if soc1 else self.criteria_of[report.id]
        whole = report_span(report)
        rows: dict[str, ScopedControlView] = {}
        for control in scope:
            if control.id not in rows:
                part = ctx.effective_part(control, report)
                operated = str(part) if part is not None and part != whole else ""
                rows[control.id] = ScopedControlView(
                    control.id,
                    control.title,
                    control.key,
                    control.layer,
                    operated,
                    status[control.id],
                )
        scoped_out: dict[str, ScopedOutView] = {}
        for control in self.controls:
            mapped = control.objectives if soc1 else control.criteria
            if id(control) in self.in_scope[report.id] or not any(i in items for i in mapped):
                continue
            reason = _out_reason(control, report)
            scoped_out.setdefault(control.id, ScopedOutView(control.id, reason))
        days = report_days(report)
        return {
            "scope": tuple(rows.values()),
            "scoped_out": tuple(scoped_out.values()),
            "systems": tuple(self._system_view(s, scope) for s in _unique(ctx.system.systems)),
            "vendors": tuple(
                self._vendor_view(o, report, scope)
                for o in _unique(ctx.system.subservice_organizations)
            ),
            "csocs": tuple(
                CsocView(item.organization.id, item.id, item.description, maps)
                for item in ctx.csocs
                if (maps := _in_report(item.objectives if soc1 else item.criteria, items))
                or not (item.criteria or item.objectives)
            ),
            "cuecs": tuple(
                CuecView(
                    cuec.id,
                    cuec.description,
                    maps,
                    tuple(c for c in dict.fromkeys(cuec.controls) if c in status),
                )
                for cuec in ctx.system.cuecs
                if (maps := _in_report(cuec.objectives if soc1 else cuec.criteria, items))
                or not (cuec.criteria or cuec.objectives)
            ),
            "changes": tuple(
                sorted(
                    (c for c in self.changes if days is not None and _within(c.date, days)),
                    key=lambda c: c.date,
                )
            ),
            "incidents": tuple(
                sorted(
                    (
                        IncidentView(i.id, i.date, i.description, tuple(dict.fromkeys(i.criteria)))
                        for i in ctx.system.incidents
                        if days is not None and _within(i.date, days)
                    ),
                    key=lambda i: i.date,
                )
            ),
        }

    def _system_view(self, system: System, scope: list[Control]) -> SystemView:
        naming = _unique_ids(c for c in scope if system.id in c.systems)
        itgcs = _unique_ids(c for c in scope if system.id in c.systems and c.layer == "itgc")
        components = system.components
        return SystemView(
            id=system.id,
            name=system.name,
            description=system.description or "",
            components=tuple(
                (name, tuple(found))
                for name in COMPONENTS
                if components is not None and (found := getattr(components, name))
            ),
            itgcs=itgcs,
            controls=tuple(c for c in naming if c not in itgcs),
        )

    def _vendor_view(
        self, org: SubserviceOrganization, report: Report, scope: list[Control]
    ) -> VendorView:
        soc = org.soc_report
        written = self.ctx.raw(org.source, "soc_report") is not MISSING
        judgment = judge(self.ctx, org, report)
        return VendorView(
            id=org.id,
            name=org.name,
            method=org.method,
            soc_report=None if soc is None else self._vendor_report(soc),
            soc_report_invalid=soc is None and written,
            controls=_unique_ids(c for c in scope if c.subservice_organization == org.id),
            report_status=judgment.status,
            report_status_label=VENDOR_STATUS_LABELS[judgment.status],
            report_status_reason=judgment.reason,
        )

    def _vendor_report(self, soc: SocReport) -> VendorReportView:
        return VendorReportView(
            type=soc.type,
            date=soc.period_end if soc.type == 2 else soc.as_of,
            received_on=soc.received_on,
            reviewed_by=self._person_name(soc.reviewed_by),
            reviewed_by_id=soc.reviewed_by,
            bridge_letter_through=soc.bridge_letter_through,
        )

    def _statuses(self, report: Report) -> dict[str, ControlStatus]:
        """Control ID -> status in the report, in scope order."""
        status: dict[str, ControlStatus] = {}
        for control in self.scope[report.id]:
            # With duplicated IDs, the ID is tested when any control bearing it is.
            current = status.get(control.id)
            if current != "tested":
                status[control.id] = self._control_status(control, report)
        return status

    def _objective_groups(
        self, report: Report, status: dict[str, ControlStatus]
    ) -> tuple[ItemGroup, ...]:
        ctx = self.ctx
        objectives = tuple(
            self._item(report, o.id, o.title, ctx.objectives_mapped, status, {})
            for o in ctx.objectives.values()
        )
        return (ItemGroup("objectives", "Control objectives", objectives),)

    def _criterion_groups(
        self, report: Report, status: dict[str, ControlStatus]
    ) -> tuple[ItemGroup, ...]:
        """The report's criteria by category, in catalog order."""
        ctx = self.ctx
        declared = {na.criterion: na.reason for na in report.not_applicable if na.reason}
        by_category: dict[str, list[ItemView]] = {}
        for criterion_id in ctx.report_criteria(report):
            criterion = ctx.catalog.criteria[criterion_id]
            by_category.setdefault(criterion.category, []).append(
                self._item(
                    report,
                    criterion_id,
                    criterion.title,
                    ctx.criteria_mapped,
                    status,
                    declared,
                    (criterion.series, ctx.catalog.series_names.get(criterion.series, "")),
                )
            )
        return tuple(
            ItemGroup(info.id, info.name, tuple(by_category[info.id]))
            for info in ctx.catalog.categories.values()
            if info.id in by_category
        )

    def _findings_by_rule(self, report: Report) -> tuple[tuple[tuple[str, str, int], ...], int]:
        """(rule, severity, count) of the report's open findings, errors and the most
        frequent first; and how many of its findings are waived."""
        open_by_rule: Counter[tuple[str, str]] = Counter()
        waived = 0
        for finding in self.findings:
            if report.id not in finding.reports:
                continue
            if finding.waived is not None:
                waived += 1
            else:
                open_by_rule[(finding.rule, finding.severity)] += 1
        by_rule = tuple(
            (rule, severity, count)
            for (rule, severity), count in sorted(
                open_by_rule.items(), key=lambda kv: (kv[0][1] != "error", -kv[1], kv[0][0])
            )
        )
        return by_rule, waived

    def _item(
        self,
        report: Report,
        item_id: str,
        title: str,
        mapped: dict[str, list[Control]],
        status: dict[str, ControlStatus],
        declared: dict[str, str],
        series: tuple[str, str] = ("", ""),
    ) -> ItemView:
        item = self._status(report, item_id, title, mapped, status, declared)
        return replace(item, series=series[0], series_name=series[1])

    def _status(
        self,
        report: Report,
        item_id: str,
        title: str,
        mapped: dict[str, list[Control]],
        status: dict[str, ControlStatus],
        declared: dict[str, str],
    ) -> ItemView:
        controls = tuple(
            sorted(
                _unique_ids(c for c in mapped.get(item_id, []) if c.id in status), key=natural_key
            )
        )
        tested = tuple(c for c in controls if status[c] == "tested")
        waiver = next(
            (f.waived for f in self._about(item_id, report) if f.waived is not None), None
        )
        if tested:
            exceptions = self._exceptions(report, tested)
            return ItemView(item_id, title, "tested", controls, tested, exceptions=exceptions)
        if controls:
            if waiver is not None:
                return ItemView(item_id, title, "waived", controls, (), waiver.reason)
            if all(status[c] == "waived" for c in controls):
                return ItemView(item_id, title, "waived", controls, (), self._reasons(controls))
            return ItemView(item_id, title, "untested", controls, ())
        if waiver is not None:
            return ItemView(item_id, title, "waived", (), (), waiver.reason)
        if item_id in declared:
            return ItemView(item_id, title, "not-applicable", (), (), declared[item_id])
        return ItemView(item_id, title, "uncovered", (), ())

    def _reasons(self, controls: tuple[str, ...]) -> str:
        reasons: dict[str, None] = {}
        for control_id in controls:
            for finding in self._about(control_id):
                if finding.rule == UNTESTED_RULE and finding.waived is not None:
                    reasons[finding.waived.reason] = None
        return "; ".join(reasons)

    def _exceptions(self, report: Report, tested: tuple[str, ...]) -> tuple[str, ...]:
        if self.windows[report.id] is None:
            return ()
        return tuple(
            test.id
            for control_id in tested
            for control in self.by_id.get(control_id, [])
            if (win := self.ctx.control_window(control, report)) is not None
            for test in control.tests
            if test.result != "pass" and win.counts(test, self.ctx.today)
        )

    # -- controls ---------------------------------------------------------------------------

    def _control_view(self, control: Control) -> ControlView:
        status = {
            r.id: self._control_status(control, r)
            for r in self.reports
            if id(control) in self.in_scope[r.id]
        }
        subjects = [control.id, *(t.id for t in control.tests)]
        findings = tuple(
            f for subject in subjects for f in self._about(subject) if f.waived is None
        )
        file, line, _ = self.ctx.at(control.source)
        return ControlView(
            id=control.id,
            title=control.title,
            description=control.description,
            owner=self._owner_name(control.owner),
            owner_id=control.owner,
            frequency=control.frequency,
            nature=control.nature,
            automation=control.automation,
            key=control.key,
            criteria=tuple(dict.fromkeys(control.criteria)),
            objectives=tuple(dict.fromkeys(control.objectives)),
            evidence=tuple(
                EvidenceView(e.path or e.url or "", e.path is None, e.description, e.as_of)
                for e in control.evidence
            ),
            tests=tuple(
                self._test_view(control, t)
                for t in control.tests
                if not self.filtered or any(names_report(t, r) for r in self.reports)
            ),
            timelines=tuple(
                timeline
                for r in self.reports
                if id(control) in self.in_scope[r.id]
                and (timeline := self._timeline(control, r)) is not None
            ),
            status=status,
            location=f"{self.locator.path(file)}:{line}",
            findings=tuple(sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.rule))),
            layer=control.layer,
            systems=tuple(
                (s, system.name if (system := self.ctx.systems.get(s)) else s)
                for s in dict.fromkeys(control.systems)
            ),
            effective=_effective_text(control),
            reports=None if control.reports is None else tuple(dict.fromkeys(control.reports)),
            subservice_organization=self._organization(control.subservice_organization),
            subservice_report_status=self._performer_report_status(control, status),
            cuecs=tuple(
                dict.fromkeys(c.id for c in self.ctx.system.cuecs if control.id in c.controls)
            ),
            changes=tuple(c for c in self.changes if control.id in c.controls),
        )

    def _performer_report_status(
        self, control: Control, status: dict[str, ControlStatus]
    ) -> tuple[tuple[str, str], ...]:
        """The status of the performing organization's SOC report in each report examining
        the control (``status`` holds those reports)."""
        org_id = control.subservice_organization
        org = self.ctx.subservice_organizations.get(org_id) if org_id is not None else None
        if org is None:
            return ()
        by_id = {r.id: r for r in self.reports}
        return tuple((r, judge(self.ctx, org, by_id[r]).text) for r in status)

    def _organization(self, org_id: str | None) -> tuple[str, str] | None:
        if org_id is None:
            return None
        org = self.ctx.subservice_organizations.get(org_id)
        return (org_id, org.name if org is not None else org_id)

    def _test_view(self, control: Control, test: ControlTest) -> TestView:
        counts_for = tuple(
            r.id
            for r in self.reports
            if id(control) in self.in_scope[r.id]
            and (win := self.ctx.control_window(control, r)) is not None
            and win.counts(test, self.ctx.today)
        )
        return TestView(
            id=test.id,
            kind=test.kind,
            methods=methods(test),
            procedure=test.procedure,
            performed_on=test.performed_on,
            performed_by=self._person_name(test.performed_by),
            performed_by_id=test.performed_by,
            population=test.population,
            sample_size=test.sample_size,
            exceptions=test.exceptions,
            result=test.result,
            notes=test.notes,
            report=test.report,
            counts_for=counts_for,
            covers=Span(test.covers.start, test.covers.end) if test.covers else None,
            phase=test.phase,
            deviations=tuple(
                DeviationView(
                    item=d.item,
                    description=d.description,
                    cause=d.cause,
                    management_response=d.management_response,
                    remediated_on=d.remediated_on,
                    compensating_controls=tuple(d.compensating_controls),
                )
                for d in test.deviations
            ),
            retest_of=test.retest_of,
            retested_by=tuple(t.id for t in control.tests if t.retest_of == test.id),
            population_source=test.population_source,
            reviewed_by=(
                self._person_name(test.reviewed_by) if test.reviewed_by is not None else None
            ),
            reviewed_by_id=test.reviewed_by,
            reviewed_on=test.reviewed_on,
        )

    def _timeline(self, control: Control, report: Report) -> TimelineView | None:
        """The control's evidence dates and sampled spans against a Type 2 report's period;
        None for a Type 1 report (it has a date, not a period), a report without a valid
        period, or a control with neither dated evidence nor spans for the report."""
        period = report.period
        if report.type != 2 or period is None:
            return None
        win = self.windows[report.id]
        evidence = sorted(
            (
                TimelineEvidence(
                    e.path or e.url or "",
                    e.description,
                    e.as_of,
                    "before"
                    if e.as_of < period.start
                    else "after"
                    if e.as_of > period.end
                    else "during",
                )
                for e in control.evidence
                if e.as_of is not None
            ),
            key=lambda t: (t.as_of, t.location),
        )
        spans = tuple(
            TimelineSpan(
                t.id,
                Span(t.covers.start, t.covers.end),
                t.phase,
                win is not None and win.counts(t, self.ctx.today),
            )
            for t in control.tests
            if t.covers is not None and t.kind == "operating" and names_report(t, report)
        )
        if not evidence and not spans:
            return None
        return TimelineView(
            report=report.id,
            period=Span(period.start, period.end),
            evidence=tuple(evidence),
            undated=tuple(e.path or e.url or "" for e in control.evidence if e.as_of is None),
            spans=spans,
        )

    def _person_name(self, person_id: str) -> str:
        person = self.ctx.people.get(person_id)
        return person.name if person is not None else person_id

    def _owner_name(self, owner: str | None) -> str:
        if owner is None:
            return ""
        team = self.ctx.teams.get(owner)
        if team is not None:
            return team.name
        return self._person_name(owner)


def _unique_ids(controls: Iterable[Control]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.id for c in controls))


COMPONENTS: tuple[str, ...] = ("infrastructure", "software", "people", "procedures", "data")
"""The DC3 components of a system, in the order the description criteria name them."""


class _ScopeParts(TypedDict):
    scope: tuple[ScopedControlView, ...]
    scoped_out: tuple[ScopedOutView, ...]
    systems: tuple[SystemView, ...]
    vendors: tuple[VendorView, ...]
    csocs: tuple[CsocView, ...]
    cuecs: tuple[CuecView, ...]
    changes: tuple[ChangeView, ...]
    incidents: tuple[IncidentView, ...]


_Identified = TypeVar("_Identified", System, SubserviceOrganization)


def _unique(records: Iterable[_Identified]) -> list[_Identified]:
    """The first record of each ID (a duplicated ID is 'duplicate-id''s finding)."""
    first: dict[str, _Identified] = {}
    for record in records:
        first.setdefault(record.id, record)
    return list(first.values())


def _no_scope() -> _ScopeParts:
    return _ScopeParts(
        scope=(),
        scoped_out=(),
        systems=(),
        vendors=(),
        csocs=(),
        cuecs=(),
        changes=(),
        incidents=(),
    )


def _draws_scope(ctx: Context) -> bool:
    """Whether the program uses any key that describes scope as an auditor draws it; without
    one, the reports render as they did before those keys existed."""
    system = ctx.system
    if system.systems or system.changes or system.incidents:
        return True
    if any(cuec.controls for cuec in system.cuecs):
        return True
    for org in system.subservice_organizations:
        if org.soc_report is not None or ctx.raw(org.source, "soc_report") is not MISSING:
            return True
        if any(not isinstance(csoc, str) for csoc in org.csocs):
            return True
    return any(
        c.reports is not None or c.layer or c.systems or c.subservice_organization or c.effective
        for c in ctx.controls
    )


def report_days(report: Report) -> Days | None:
    """The days whose changes and incidents a report discloses: a Type 2 report's period, or
    the 12 months up to a Type 1 report's as-of date (the months whose tests count for it).
    None when the report's dates are missing or reversed."""
    if report.type == 2:
        return report_span(report)
    if report.as_of is None:
        return None
    return Days(months_before(report.as_of, TYPE1_LOOKBACK_MONTHS), report.as_of)


def _within(day: dt.date, span: Days) -> bool:
    return span.start <= day <= span.end


def _in_report(mapped: Iterable[str], items: set[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in mapped if i in items))


def _effective_text(control: Control) -> str:
    effective = control.effective
    if effective is None or (effective.from_ is None and effective.to is None):
        return ""
    if effective.from_ is None:
        assert effective.to is not None
        return f"until {effective.to.isoformat()}"
    if effective.to is None:
        return f"from {effective.from_.isoformat()}"
    return f"{effective.from_.isoformat()} to {effective.to.isoformat()}"


def _out_reason(control: Control, report: Report) -> str:
    """Why a control mapping the report's items is out of its scope, in the words of the key
    that puts it out."""
    if control.reports is not None and report.id not in control.reports:
        return "reports: " + ", ".join(dict.fromkeys(control.reports))
    return f"effective {_effective_text(control)}"


def _scope_dates(report: Report) -> str:
    if report.type == 2:
        if report.period is None:
            return ""
        return f"period {report.period.start.isoformat()} to {report.period.end.isoformat()}"
    return f"as of {report.as_of.isoformat()}" if report.as_of is not None else ""


def _window_note(report: Report, win: Window | None) -> str:
    if win is None:
        what = "period" if report.type == 2 else "as_of date"
        return f"no test can count: the report has no valid {what}"
    if report.type == 2:
        last = win.last_day
        assert last is not None
        return f"operating tests performed from {win.start.isoformat()} to {last.isoformat()} count"
    return f"design or operating tests performed from {win.start.isoformat()} count"
