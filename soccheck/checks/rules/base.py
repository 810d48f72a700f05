"""What a rule is, and the context every rule's check function receives.

A rule is data plus one function: its ID (public API), default severity, a one-line summary,
a rationale with the fix, an example that triggers it and the same files written so that it
does not (the docs, ``soccheck explain`` and SARIF's rule metadata are all generated from these
fields, so they cannot drift from the code; tests/rules/test_rule_examples.py runs both
snippets, so they cannot drift from the rule). Loading rules have no function: the loader emits
their findings through ``Rule.finding``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, cast

from soccheck.checks.findings import Finding, MessagePart, Place, Severity, shorten

if TYPE_CHECKING:
    # Types only: the loader imports rule modules to emit its findings, and reading a file
    # must not pay for the catalog or the records.
    from soccheck.checks.periods import Window
    from soccheck.checks.sampling import SamplePolicy
    from soccheck.checks.scope import CsocItem, Span
    from soccheck.format.catalog import Catalog
    from soccheck.format.record_base import Record, Source
    from soccheck.format.records import (
        Control,
        ControlObjective,
        ControlTest,
        Person,
        Report,
        SubserviceOrganization,
        System,
        SystemDescription,
        Team,
    )
    from soccheck.load.program import Program

_T = TypeVar(
    "_T", "Person", "Team", "Report", "ControlObjective", "System", "SubserviceOrganization"
)
_V = TypeVar("_V")

MISSING = object()
"""Returned by ``Context.raw`` for a key or item that is not written in the file."""


MAX_MESSAGE = 1000
"""Messages quote values from the files; a hostile 1 MB value must not flood the output."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    rationale: str
    """Why the rule exists and how to fix a finding."""
    example: str
    """Files (each after a '# path' comment line) that trigger the rule."""
    passing: str
    """The same files written the way that does not trigger it ("Instead" in the docs)."""
    check: Callable[[Context], Iterable[Finding]] | None = None
    """None for findings emitted while loading files (syntax, schema, limits)."""
    unreadable: bool = False
    """A finding means (part of) a file was not read. ``--select`` does not hide such
    findings: a one-off run must never report OK on a program it could not read. Naming the
    rule in ``--ignore`` or switching it off in the configuration hides them deliberately."""

    def finding(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        subject: str | None = None,
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule from the loading stage, which has no ``Context``; emitting
        through the ``Rule`` object makes a misspelt rule an import error, not a silent new
        ID. ``severity`` only for the rare finding milder than the rule's default."""
        return Finding(self.id, severity or self.severity, path, line, column, message, subject)


class Context:
    """The program plus indexes built once, so rules look things up instead of looping."""

    def __init__(self, program: Program, today: dt.date) -> None:
        from soccheck.format.catalog import load_catalog

        self.program = program
        self.today = today
        self.catalog: Catalog = load_catalog()
        system = program.system
        assert system is not None, "program rules only run on a loaded system description"
        self.system: SystemDescription = system
        self._scope: dict[int, frozenset[str]] = {}
        self._shared: dict[str, object] = {}
        self._windows: dict[int, Window | None] = {}
        self._covering: dict[tuple[int, str], list[Control]] = {}

    def finding(
        self,
        rule: Rule,
        where: tuple[str, int, int],
        message: str | Sequence[MessagePart],
        subject: str | None = None,
        *,
        report: str | None = None,
    ) -> Finding:
        """A finding of ``rule``; ``report`` when it concerns one report only. A message that
        names other places of the program is given as parts (text and ``Place``)."""
        parts = shorten((message,) if isinstance(message, str) else message, MAX_MESSAGE)
        return Finding.naming(rule.id, rule.severity, where, parts, subject, report)

    def at(self, source: Source | None, *subpath: str | int) -> tuple[str, int, int]:
        return self.program.position(source, *subpath)

    def at_key(self, source: Source | None, key: str) -> tuple[str, int, int]:
        return self.program.key_position(source, key)

    @property
    def system_file(self) -> Place:
        """The system description, for messages that send the reader there."""
        return Place(self.program.system_path)

    def raw(self, source: Source | None, *subpath: str | int) -> object:
        """The value below an object as written in its file, before invalid nodes were dropped
        (``MISSING`` if the key or item is not there). Tells "not written" apart from "written
        but rejected by the schema", which already has its own finding."""
        doc = self.program.documents.get(source.file) if source is not None else None
        if source is None or doc is None:
            return MISSING
        node: object = doc.data
        for part in (*source.path, *subpath):
            if isinstance(node, dict) and isinstance(part, str):
                if part not in node:
                    return MISSING
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return MISSING
        return node

    def rejected(self, source: Source | None, key: str, kept: Sequence[Record]) -> list[object]:
        """The items of a list of objects (a control's ``tests``) as written in the file that
        did not become objects because they were rejected while loading. Each rejection has
        its own finding; rules use this to stay quiet about what such an item would have
        changed, instead of reporting the same mistake a second time."""
        raw = self.raw(source, key)
        if not isinstance(raw, list):
            return []
        kept_indexes = {
            obj.source.path[-1] for obj in kept if obj.source is not None and obj.source.path
        }
        return [item for index, item in enumerate(raw) if index not in kept_indexes]

    def items(
        self, source: Source | None, key: str, values: Sequence[str]
    ) -> list[tuple[int, str]]:
        """Each value of a list field with its index in the file, for ``at(source, key, i)``.

        Invalid items (a number in a list of IDs) are dropped while loading and reported by
        the schema check, so a value's index in the model can be smaller than in the file.
        The model's list is the file's list minus those items, in order, so matching it as a
        subsequence of the file's list recovers each value's real index.
        """
        raw = self.raw(source, key)
        if not isinstance(raw, list):
            return list(enumerate(values))
        result: list[tuple[int, str]] = []
        position = 0
        for value in values:
            while position < len(raw) and not (
                isinstance(raw[position], str) and raw[position] == value
            ):
                position += 1
            if position >= len(raw):  # not a subsequence after all: keep the model's indexes
                return list(enumerate(values))
            result.append((position, value))
            position += 1
        return result

    def at_category(self, report: Report, category: str) -> tuple[str, int, int]:
        """Where a report selects a category: its entry in ``categories``; when the category
        is not listed, the ``categories`` key (or the report itself when the key is absent)."""
        for index, value in self.items(report.source, "categories", report.categories):
            if value == category:
                return self.at(report.source, "categories", index)
        return self.at_key(report.source, "categories")

    # -- indexes --------------------------------------------------------------------------

    @cached_property
    def people(self) -> dict[str, Person]:
        return _first_by_id(self.system.people)

    @cached_property
    def teams(self) -> dict[str, Team]:
        return _first_by_id(self.system.teams)

    @cached_property
    def reports(self) -> dict[str, Report]:
        return _first_by_id(self.system.reports)

    @cached_property
    def objectives(self) -> dict[str, ControlObjective]:
        return _first_by_id(self.system.control_objectives)

    @property
    def controls(self) -> list[Control]:
        return self.program.controls

    def tests(self) -> Iterable[tuple[Control, ControlTest]]:
        """Every (control, test) pair, in program order."""
        return self._tests

    @cached_property
    def _tests(self) -> list[tuple[Control, ControlTest]]:
        return [(control, test) for control in self.program.controls for test in control.tests]

    def team_people(self, team: Team) -> list[str]:
        """Person IDs of a team: its lead (first) and its members, each once. The lead is part
        of the team everywhere: for independence, for waivers and for staffing."""
        people = [team.lead] if team.lead else []
        return list(dict.fromkeys([*people, *team.members]))

    def owner_people(self, owner: str | None) -> set[str]:
        """Person IDs accountable for a control: the owner, or the owning team's lead and
        members."""
        if owner is None:
            return set()
        team = self.teams.get(owner)
        if team is not None:
            people = set(team.members)
            if team.lead:
                people.add(team.lead)
            return people
        return {owner}

    def stake_in(self, owner: str | None, person: str) -> str | None:
        """How ``person`` answers for a control owned by ``owner``, in words for a message
        ("who owns the control", "who leads team 'x', the control's owner", ...), or None
        when they do not: the one judgment 'tester-not-independent' and
        'reviewer-not-independent' make, so the two can never disagree about who is
        independent."""
        if owner is None:
            return None
        accountable = self._accountable.get(owner)
        if accountable is None:
            accountable = self._accountable[owner] = self.owner_people(owner)
        if person != owner and person not in accountable:
            return None
        team = self.teams.get(owner)
        if team is None:
            return "who owns the control"
        if person == owner:
            return "the team that owns the control"
        if person == team.lead:
            return f"who leads team '{owner}', the control's owner"
        return f"a member of team '{owner}', the control's owner"

    def person_named(self, person_id: str) -> str:
        """A person as messages name them: "Alice Owner ('alice')", or the bare ID quoted
        when no person has it."""
        person = self.people.get(person_id)
        return f"{person.name} ('{person_id}')" if person is not None else f"'{person_id}'"

    @cached_property
    def _accountable(self) -> dict[str, set[str]]:
        """owner -> ``owner_people(owner)``, filled as rules ask (30,000 tests share a few
        hundred owners)."""
        return {}

    @cached_property
    def criteria_mapped(self) -> dict[str, list[Control]]:
        """Criterion ID -> controls that map it."""
        index: dict[str, list[Control]] = {}
        for control in self.program.controls:
            for criterion in control.criteria:
                index.setdefault(criterion, []).append(control)
        return index

    @cached_property
    def objectives_mapped(self) -> dict[str, list[Control]]:
        index: dict[str, list[Control]] = {}
        for control in self.program.controls:
            for objective in control.objectives:
                index.setdefault(objective, []).append(control)
        return index

    @cached_property
    def selected_categories(self) -> set[str]:
        """Categories selected by any SOC 2 report."""
        return {c for r in self.system.reports if r.framework == "soc2" for c in r.categories}

    def report_criteria(self, report: Report) -> list[str]:
        """Criteria in scope for a SOC 2 report: the common criteria plus selected categories."""
        categories = {"security", *report.categories}
        return [c.id for c in self.catalog.criteria.values() if c.category in categories]

    @cached_property
    def systems(self) -> dict[str, System]:
        """The system description's ``systems`` by ID (the first of a duplicated ID)."""
        return _first_by_id(self.system.systems)

    @cached_property
    def subservice_organizations(self) -> dict[str, SubserviceOrganization]:
        """Subservice organizations by ID (the first of a duplicated ID)."""
        return _first_by_id(self.system.subservice_organizations)

    @cached_property
    def csocs(self) -> list[CsocItem]:
        """Every CSOC of every subservice organization in one shape, in program order: a
        plain sentence becomes an item without an ID or mappings
        (:class:`soccheck.checks.scope.CsocItem`)."""
        from soccheck.checks.scope import csoc_items

        items: list[CsocItem] = []
        for org in self.system.subservice_organizations:
            sentences = [c for c in org.csocs if isinstance(c, str)]
            items += csoc_items(org, self.items(org.source, "csocs", sentences))
        return items

    def in_scope(self, control: Control, report: Report) -> bool:
        """Whether a report examines a control: it maps a criterion or objective in the
        report's scope, its ``reports`` names the report (or is omitted: every report), and it
        operated during the report (``effective``: on some day of a Type 2 period, or on a
        Type 1 report's as-of date). A control out of scope neither covers its criteria or
        objectives in the report nor needs a test for it. Every rule and report asks this."""
        if control.reports is not None and report.id not in control.reports:
            return False
        if report.framework == "soc1":
            objectives = self.objectives
            mapped = any(o in objectives for o in control.objectives)
        else:
            scope = self._scope.get(id(report))
            if scope is None:
                scope = self._scope[id(report)] = frozenset(self.report_criteria(report))
            mapped = any(c in scope for c in control.criteria)
        if not mapped or control.effective is None:
            return mapped
        from soccheck.checks.scope import operates_during

        return operates_during(control, report)

    def effective_part(self, control: Control, report: Report) -> Span | None:
        """The days of the report the control operated (its ``effective`` span clipped to a
        Type 2 period, or a Type 1 report's as-of day); None when it operated on none of them
        or the report's dates are missing (:func:`soccheck.checks.scope.effective_part`)."""
        from soccheck.checks.scope import effective_part

        return effective_part(control, report)

    def control_window(self, control: Control, report: Report) -> Window | None:
        """The tests that count for the report for this control: the report's ``window``,
        narrowed for a Type 2 report to the part of the period the control was effective
        (tests performed from its first day, sampling its days). None when the report has no
        window or the control did not operate during it. Every rule and report that asks
        whether a control's test counts asks this."""
        win = self.window(report)
        if win is None or control.effective is None:
            return win
        part = self.effective_part(control, report)
        if part is None:
            return None
        return win.narrowed(part.start, part.end)

    def covering(self, report: Report, item: str) -> list[Control]:
        """The controls that cover a criterion (SOC 2) or control objective (SOC 1) in the
        report: they map it and are in scope for the report (``in_scope``), in program
        order. Empty when no control does, or when ``item`` is not of the report's
        framework."""
        key = (id(report), item)
        found = self._covering.get(key)
        if found is None:
            mapped = self.objectives_mapped if report.framework == "soc1" else self.criteria_mapped
            found = [c for c in mapped.get(item, []) if self.in_scope(c, report)]
            self._covering[key] = found
        return found

    def uncovered_dates(self, report: Report, item: str) -> list[Span]:
        """Type 2: the dates of the period on which no control covering the criterion or
        objective (``covering``) was effective, as the fewest spans, in order; the whole
        period when no control covers it. Empty for a Type 1 report, a period whose dates
        are missing or reversed, or an item covered throughout. 'coverage-gap' reports an
        item whose ``covering`` is not empty and whose uncovered dates are not."""
        from soccheck.checks.scope import uncovered_dates

        return uncovered_dates(report, self.covering(report, item))

    def window(self, report: Report) -> Window | None:
        """The tests that count for the report (:mod:`soccheck.checks.periods`), with the
        configured ``fieldwork_days``; None when the report's dates are missing or reversed.
        Every rule and report asks this, so none can count with another fieldwork window."""
        key = id(report)
        if key not in self._windows:
            from soccheck.checks.periods import window

            self._windows[key] = window(report, self.program.config.fieldwork_days)
        return self._windows[key]

    @cached_property
    def sample_policy(self) -> SamplePolicy:
        """The minimum sample sizes: the built-in table with the configuration's
        ``sampling`` merged over it."""
        from soccheck.checks.sampling import configured_policy

        return configured_policy(self.program.config.sampling)

    def shared(self, key: str, build: Callable[[], _V]) -> _V:
        """A value several rules need, built once per run (``key`` names it)."""
        if key not in self._shared:
            self._shared[key] = build()
        return cast(_V, self._shared[key])


def _first_by_id(items: list[_T]) -> dict[str, _T]:
    index: dict[str, _T] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index


def report_label(report: Report) -> str:
    """'soc2-2026 (SOC 2 Type 2)': a heading (JUnit suites, readiness reports)."""
    framework = "SOC 1" if report.framework == "soc1" else "SOC 2"
    return f"{report.id} ({framework} Type {report.type})"


def quoted_report(report: Report) -> str:
    """ "'soc2-2026' (SOC 2 Type 2)": a report named in a message, which quotes every ID."""
    framework = "SOC 1" if report.framework == "soc1" else "SOC 2"
    return f"'{report.id}' ({framework} Type {report.type})"
