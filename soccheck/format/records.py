"""Records of the file formats and the checks that build them: GENERATED, do not edit.

Generated from soccheck/format/models.py by ``python -m soccheck.format.codegen`` (the drift
test fails when this file is stale). Why records rather than the pydantic models: see
soccheck/format/record_base.py.
"""

# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from soccheck.format.record_base import (
    Invalid,
    KeyPath,
    Record,
    Source,
    covers_problem,
    duplicate_item_problem,
    effective_problem,
    evidence_location_problem,
    full_pattern,
    is_int_in,
    is_text_in,
    parse_date,
    soc_report_problem,
)
from soccheck.format.vocabulary import (
    Automation,
    Category,
    Framework,
    Frequency,
    Layer,
    Nature,
    Severity,
    SeverityOverride,
    TestKind,
    TestMethod,
    TestPhase,
    TestResult,
)

_MISSING: Any = object()


def _unknown(data: dict[Any, Any], known: frozenset[str], path: KeyPath) -> Invalid:
    key = next(k for k in data if k not in known)
    if not isinstance(key, str):
        return Invalid(path, f"keys must be text, not {key!r}")
    return Invalid((*path, key), f"unknown key '{key}'")


_KEYS0 = frozenset(['end', 'start'])
_KEYS1 = frozenset(['criterion', 'reason'])
_KEYS2 = frozenset(['as_of', 'categories', 'framework', 'id', 'not_applicable', 'period', 'title', 'type'])
_PATTERN3 = full_pattern('^[A-Za-z0-9][A-Za-z0-9._:-]*$').search
_ONE_OF4 = frozenset(['soc1', 'soc2'])
_ONE_OF5 = frozenset([1, 2])
_ONE_OF6 = frozenset(['availability', 'confidentiality', 'privacy', 'processing_integrity', 'security'])
_KEYS7 = frozenset(['description', 'id', 'title'])
_KEYS8 = frozenset(['active', 'email', 'id', 'joined', 'left', 'name', 'title'])
_KEYS9 = frozenset(['id', 'lead', 'members', 'name'])
_KEYS10 = frozenset(['data', 'infrastructure', 'people', 'procedures', 'software'])
_KEYS11 = frozenset(['components', 'description', 'id', 'name'])
_KEYS12 = frozenset(['criteria', 'description', 'id', 'objectives'])
_KEYS13 = frozenset(['as_of', 'bridge_letter_through', 'period_end', 'received_on', 'reviewed_by', 'type'])
_KEYS14 = frozenset(['csocs', 'id', 'method', 'name', 'services', 'soc_report'])
_ONE_OF15 = frozenset(['carve-out', 'inclusive'])
_KEYS16 = frozenset(['controls', 'criteria', 'description', 'id', 'objectives'])
_KEYS17 = frozenset(['controls', 'date', 'description'])
_KEYS18 = frozenset(['criteria', 'date', 'description', 'id'])
_KEYS19 = frozenset(['changes', 'commitments', 'control_objectives', 'cuecs', 'description', 'incidents', 'name', 'people', 'reports', 'services', 'subservice_organizations', 'systems', 'teams'])
_KEYS20 = frozenset(['as_of', 'description', 'path', 'url'])
_KEYS21 = frozenset(['cause', 'compensating_controls', 'description', 'item', 'management_response', 'remediated_on'])
_KEYS22 = frozenset(['from', 'to'])
_KEYS23 = frozenset(['covers', 'deviations', 'exceptions', 'id', 'kind', 'method', 'notes', 'performed_by', 'performed_on', 'phase', 'population', 'population_source', 'procedure', 'report', 'result', 'retest_of', 'reviewed_by', 'reviewed_on', 'sample_size'])
_ONE_OF24 = frozenset(['design', 'operating'])
_ONE_OF25 = frozenset(['inquiry', 'inspection', 'observation', 'reperformance'])
_ONE_OF26 = frozenset(['exceptions', 'fail', 'pass'])
_ONE_OF27 = frozenset(['interim', 'roll-forward'])
_KEYS28 = frozenset(['automation', 'criteria', 'description', 'effective', 'evidence', 'frequency', 'id', 'key', 'layer', 'nature', 'objectives', 'owner', 'reports', 'subservice_organization', 'systems', 'tests', 'title'])
_ONE_OF29 = frozenset(['annual', 'as-needed', 'continuous', 'daily', 'monthly', 'multiple-daily', 'quarterly', 'semi-annual', 'weekly'])
_ONE_OF30 = frozenset(['corrective', 'detective', 'preventive'])
_ONE_OF31 = frozenset(['automated', 'it-dependent-manual', 'manual'])
_ONE_OF32 = frozenset(['business-process', 'entity-level', 'itgc'])
_KEYS33 = frozenset(['controls'])
_KEYS34 = frozenset(['approved_by', 'expires', 'reason', 'rule', 'subject', 'ticket'])
_KEYS35 = frozenset(['max_depth', 'max_file_size', 'max_nodes', 'max_program_nodes', 'max_program_size'])
_KEYS36 = frozenset(['max_subjects'])
_KEYS37 = frozenset(['criteria'])
_KEYS38 = frozenset(['controls', 'exclude', 'fail_on', 'fieldwork_days', 'key_controls', 'limits', 'rules', 'sampling', 'system', 'waiver_policy', 'waivers'])
_ONE_OF39 = frozenset(['error', 'off', 'warning'])
_ONE_OF40 = frozenset(['error', 'warning'])


class Period(Record):
    """A Type 2 examination period."""

    __slots__ = ('start', 'end')
    FIELDS: ClassVar[tuple[str, ...]] = ('start', 'end')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['end', 'start'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    start: dt.date
    """First day of the period (YYYY-MM-DD)."""
    end: dt.date
    """Last day of the period (YYYY-MM-DD)."""

    def __init__(
        self,
        *,
        start: dt.date,
        end: dt.date,
        source: Source | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.source = source


class NotApplicable(Record):
    """A criterion of a selected category that does not apply (description criterion DC8)."""

    __slots__ = ('criterion', 'reason')
    FIELDS: ClassVar[tuple[str, ...]] = ('criterion', 'reason')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['criterion', 'reason'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    criterion: str
    """TSC criterion ID, e.g. P3.1."""
    reason: str
    """Why the criterion does not apply; auditors require one."""

    def __init__(
        self,
        *,
        criterion: str,
        reason: str,
        source: Source | None = None,
    ) -> None:
        self.criterion = criterion
        self.reason = reason
        self.source = source


class Report(Record):
    """One SOC examination the program is prepared for."""

    __slots__ = ('id', 'framework', 'type', 'title', 'as_of', 'period', 'categories', 'not_applicable')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'framework', 'type', 'title', 'as_of', 'period', 'categories', 'not_applicable')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['framework', 'id', 'type'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Report ID, referenced by tests' `report` key (e.g. soc2-2026)."""
    framework: Framework
    """soc1 (ICFR, control objectives) or soc2 (TSC)."""
    type: Literal[1, 2]
    """1: design as of a date (`as_of`); 2: design and operating effectiveness over a `period`."""
    title: str | None
    """Human-readable report name."""
    as_of: dt.date | None
    """Type 1: the date of the description."""
    period: Period | None
    """Type 2: the examination period."""
    categories: list[Category]
    """SOC 2: Trust Services Categories in scope; security is always required."""
    not_applicable: list[NotApplicable]
    """SOC 2: criteria of selected categories that do not apply, with reasons."""

    def __init__(
        self,
        *,
        id: str,
        framework: Framework,
        type: Literal[1, 2],
        title: str | None = None,
        as_of: dt.date | None = None,
        period: Period | None = None,
        categories: list[Category] | None = None,
        not_applicable: list[NotApplicable] | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.framework = framework
        self.type = type
        self.title = title
        self.as_of = as_of
        self.period = period
        self.categories = [] if categories is None else categories
        self.not_applicable = [] if not_applicable is None else not_applicable
        self.source = source


class ControlObjective(Record):
    """A SOC 1 control objective, written by management."""

    __slots__ = ('id', 'title', 'description')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'title', 'description')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['id', 'title'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Objective ID, referenced by controls' `objectives`."""
    title: str
    """The objective, e.g. 'Payroll changes are authorized'."""
    description: str | None
    """Longer explanation."""

    def __init__(
        self,
        *,
        id: str,
        title: str,
        description: str | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.description = description
        self.source = source


class Person(Record):
    """Someone who owns, performs or tests controls."""

    __slots__ = ('id', 'name', 'email', 'title', 'active', 'joined', 'left')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'name', 'email', 'title', 'active', 'joined', 'left')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['id', 'name'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Person ID, referenced by owners, testers, team members."""
    name: str
    """Full name."""
    email: str | None
    """Work e-mail address."""
    title: str | None
    """Job title."""
    active: bool
    """false once the person has left the company (whatever the dates say)."""
    joined: dt.date | None
    """First working day (YYYY-MM-DD). Before it the person is not yet active: they cannot own, perform or review controls."""
    left: dt.date | None
    """Last working day (YYYY-MM-DD). The person is active on it and inactive from the day after."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        email: str | None = None,
        title: str | None = None,
        active: bool = True,
        joined: dt.date | None = None,
        left: dt.date | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.email = email
        self.title = title
        self.active = active
        self.joined = joined
        self.left = left
        self.source = source


class Team(Record):
    """A group that can own controls."""

    __slots__ = ('id', 'name', 'lead', 'members')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'name', 'lead', 'members')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['id', 'name'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Team ID, usable as a control owner."""
    name: str
    """Team name."""
    lead: str | None
    """Person ID of the team lead."""
    members: list[str]
    """Person IDs of the members."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        lead: str | None = None,
        members: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.lead = lead
        self.members = [] if members is None else members
        self.source = source


class SystemComponents(Record):
    """The components of a system that description criterion DC3 asks a description to
    present. Each is a list of short items (an account, a database, a team, a runbook, a
    data set) rather than one paragraph: the parts of a component are separate things that an
    auditor traces one by one and a report lists one per line, and a paragraph still fits
    as a one-item list."""

    __slots__ = ('infrastructure', 'software', 'people', 'procedures', 'data')
    FIELDS: ClassVar[tuple[str, ...]] = ('infrastructure', 'software', 'people', 'procedures', 'data')
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    infrastructure: list[str]
    """The physical and cloud infrastructure: hosting, networks, data centres (e.g. 'AWS eu-west-1, three availability zones')."""
    software: list[str]
    """The applications, databases and system software the system runs."""
    people: list[str]
    """The teams and roles that operate, support and govern the system."""
    procedures: list[str]
    """The automated and manual procedures by which the services are provided."""
    data: list[str]
    """The data the system processes and keeps: transactions, files, reports."""

    def __init__(
        self,
        *,
        infrastructure: list[str] | None = None,
        software: list[str] | None = None,
        people: list[str] | None = None,
        procedures: list[str] | None = None,
        data: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.infrastructure = [] if infrastructure is None else infrastructure
        self.software = [] if software is None else software
        self.people = [] if people is None else people
        self.procedures = [] if procedures is None else procedures
        self.data = [] if data is None else data
        self.source = source


class System(Record):
    """One system the service runs on: an application, a platform or a database that
    controls operate on or over (IT general controls cover it; automated controls run on it)."""

    __slots__ = ('id', 'name', 'description', 'components')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'name', 'description', 'components')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['id', 'name'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """System ID, referenced by controls' `systems`."""
    name: str
    """The system's name, e.g. 'Payments platform'."""
    description: str | None
    """What the system does."""
    components: SystemComponents | None
    """Its components (DC3): infrastructure, software, people, procedures and data, each a list of items."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        description: str | None = None,
        components: SystemComponents | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.description = description
        self.components = components
        self.source = source


class Csoc(Record):
    """A complementary subservice organization control: what the report assumes a
    carved-out vendor does, mapped to the criteria or objectives it supports."""

    __slots__ = ('id', 'description', 'criteria', 'objectives')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'description', 'criteria', 'objectives')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['description', 'id'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """CSOC ID, unique across the program's CSOCs."""
    description: str
    """The control expected at the vendor."""
    criteria: list[str]
    """TSC criteria the CSOC supports, e.g. CC6.4."""
    objectives: list[str]
    """SOC 1 control objective IDs the CSOC supports."""

    def __init__(
        self,
        *,
        id: str,
        description: str,
        criteria: list[str] | None = None,
        objectives: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.description = description
        self.criteria = [] if criteria is None else criteria
        self.objectives = [] if objectives is None else objectives
        self.source = source


class SocReport(Record):
    """The vendor's own SOC report and its review by the service organization (CC9.2)."""

    __slots__ = ('type', 'as_of', 'period_end', 'received_on', 'reviewed_by', 'bridge_letter_through')
    FIELDS: ClassVar[tuple[str, ...]] = ('type', 'as_of', 'period_end', 'received_on', 'reviewed_by', 'bridge_letter_through')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['received_on', 'reviewed_by', 'type'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    type: Literal[1, 2]
    """1: the vendor's controls as of a date (write `as_of`); 2: their operation over a period (write `period_end`)."""
    as_of: dt.date | None
    """Type 1: the date the vendor's report describes (YYYY-MM-DD)."""
    period_end: dt.date | None
    """Type 2: the last day of the vendor report's period (YYYY-MM-DD)."""
    received_on: dt.date
    """The day the report was received (YYYY-MM-DD)."""
    reviewed_by: str
    """Person ID of who reviewed the report: its opinion, exceptions and the CUECs it expects of you."""
    bridge_letter_through: dt.date | None
    """The last day a bridge (gap) letter from the vendor vouches for its controls after the report's period or date (YYYY-MM-DD)."""

    def __init__(
        self,
        *,
        type: Literal[1, 2],
        as_of: dt.date | None = None,
        period_end: dt.date | None = None,
        received_on: dt.date,
        reviewed_by: str,
        bridge_letter_through: dt.date | None = None,
        source: Source | None = None,
    ) -> None:
        self.type = type
        self.as_of = as_of
        self.period_end = period_end
        self.received_on = received_on
        self.reviewed_by = reviewed_by
        self.bridge_letter_through = bridge_letter_through
        self.source = source
        problem = soc_report_problem(self.type, self.as_of, self.period_end)
        if problem is not None:
            raise ValueError(problem[1])


class SubserviceOrganization(Record):
    """A vendor whose controls the system relies on (description criterion DC7)."""

    __slots__ = ('id', 'name', 'services', 'method', 'csocs', 'soc_report')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'name', 'services', 'method', 'csocs', 'soc_report')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['id', 'method', 'name'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Subservice organization ID."""
    name: str
    """Vendor name."""
    services: str | None
    """Services the vendor provides."""
    method: Literal['carve-out', 'inclusive']
    """carve-out: excluded from the report (CSOCs required); inclusive: the vendor's controls are included and tested."""
    csocs: list[str | Csoc]
    """Complementary subservice organization controls expected at the vendor: each `{id, description, criteria, objectives}`, or a plain sentence (which maps nothing)."""
    soc_report: SocReport | None
    """The vendor's own SOC report and who reviewed it: `{type, as_of (Type 1) or period_end (Type 2), received_on, reviewed_by, bridge_letter_through}`."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        services: str | None = None,
        method: Literal['carve-out', 'inclusive'],
        csocs: list[str | Csoc] | None = None,
        soc_report: SocReport | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.services = services
        self.method = method
        self.csocs = [] if csocs is None else csocs
        self.soc_report = soc_report
        self.source = source


class Cuec(Record):
    """A complementary user entity control: something customers are expected to do."""

    __slots__ = ('id', 'description', 'criteria', 'objectives', 'controls')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'description', 'criteria', 'objectives', 'controls')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['description', 'id'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """CUEC ID."""
    description: str
    """What the user entity is expected to do."""
    criteria: list[str]
    """TSC criteria it supports."""
    objectives: list[str]
    """SOC 1 control objective IDs it supports."""
    controls: list[str]
    """Control IDs of the service organization's controls this CUEC complements."""

    def __init__(
        self,
        *,
        id: str,
        description: str,
        criteria: list[str] | None = None,
        objectives: list[str] | None = None,
        controls: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.description = description
        self.criteria = [] if criteria is None else criteria
        self.objectives = [] if objectives is None else objectives
        self.controls = [] if controls is None else controls
        self.source = source


class Change(Record):
    """A significant change to the system during the period (description criterion DC9)."""

    __slots__ = ('date', 'description', 'controls')
    FIELDS: ClassVar[tuple[str, ...]] = ('date', 'description', 'controls')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['date', 'description'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    date: dt.date
    """The day the change took effect (YYYY-MM-DD)."""
    description: str
    """What changed, and why."""
    controls: list[str]
    """Control IDs the change introduced, retired or altered."""

    def __init__(
        self,
        *,
        date: dt.date,
        description: str,
        controls: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.date = date
        self.description = description
        self.controls = [] if controls is None else controls
        self.source = source


class Incident(Record):
    """A system incident during the period that the description must disclose (DC4)."""

    __slots__ = ('id', 'date', 'description', 'criteria')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'date', 'description', 'criteria')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['date', 'description', 'id'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Incident ID, e.g. a ticket number."""
    date: dt.date
    """The day the incident occurred (YYYY-MM-DD)."""
    description: str
    """What happened, its effect and how it was resolved."""
    criteria: list[str]
    """TSC criteria whose achievement the incident affected."""

    def __init__(
        self,
        *,
        id: str,
        date: dt.date,
        description: str,
        criteria: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.date = date
        self.description = description
        self.criteria = [] if criteria is None else criteria
        self.source = source


class SystemDescription(Record):
    """The system description: scope, reports, people and the organization around the controls."""

    __slots__ = ('name', 'description', 'services', 'commitments', 'reports', 'control_objectives', 'people', 'teams', 'subservice_organizations', 'cuecs', 'systems', 'changes', 'incidents')
    FIELDS: ClassVar[tuple[str, ...]] = ('name', 'description', 'services', 'commitments', 'reports', 'control_objectives', 'people', 'teams', 'subservice_organizations', 'cuecs', 'systems', 'changes', 'incidents')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['name', 'reports'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    name: str
    """Name of the system or service in scope."""
    description: str | None
    """What the system does."""
    services: str | None
    """Services provided (DC1)."""
    commitments: list[str]
    """Principal service commitments and system requirements (DC2)."""
    reports: list[Report]
    """The SOC examinations this program prepares for."""
    control_objectives: list[ControlObjective]
    """SOC 1 control objectives."""
    people: list[Person]
    """People."""
    teams: list[Team]
    """Teams."""
    subservice_organizations: list[SubserviceOrganization]
    """Subservice organizations (vendors) relied upon."""
    cuecs: list[Cuec]
    """Complementary user entity controls."""
    systems: list[System]
    """The systems the service runs on, with their components (DC3)."""
    changes: list[Change]
    """Significant changes to the system or its controls during the period (DC9)."""
    incidents: list[Incident]
    """System incidents during the period that affected the achievement of service commitments (DC4)."""

    def __init__(
        self,
        *,
        name: str,
        description: str | None = None,
        services: str | None = None,
        commitments: list[str] | None = None,
        reports: list[Report],
        control_objectives: list[ControlObjective] | None = None,
        people: list[Person] | None = None,
        teams: list[Team] | None = None,
        subservice_organizations: list[SubserviceOrganization] | None = None,
        cuecs: list[Cuec] | None = None,
        systems: list[System] | None = None,
        changes: list[Change] | None = None,
        incidents: list[Incident] | None = None,
        source: Source | None = None,
    ) -> None:
        self.name = name
        self.description = description
        self.services = services
        self.commitments = [] if commitments is None else commitments
        self.reports = reports
        self.control_objectives = [] if control_objectives is None else control_objectives
        self.people = [] if people is None else people
        self.teams = [] if teams is None else teams
        self.subservice_organizations = [] if subservice_organizations is None else subservice_organizations
        self.cuecs = [] if cuecs is None else cuecs
        self.systems = [] if systems is None else systems
        self.changes = [] if changes is None else changes
        self.incidents = [] if incidents is None else incidents
        self.source = source


class Evidence(Record):
    """Something that shows the control operates: a file in the repository or a link."""

    __slots__ = ('path', 'url', 'description', 'as_of')
    FIELDS: ClassVar[tuple[str, ...]] = ('path', 'url', 'description', 'as_of')
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    path: str | None
    """Repository-relative path of an evidence file or directory."""
    url: str | None
    """Link to evidence kept elsewhere."""
    description: str | None
    """What the evidence shows."""
    as_of: dt.date | None
    """The date the evidence shows or was taken (YYYY-MM-DD): a screenshot's day, a review's sign-off, an export's run. It places the evidence inside or outside a report's period."""

    def __init__(
        self,
        *,
        path: str | None = None,
        url: str | None = None,
        description: str | None = None,
        as_of: dt.date | None = None,
        source: Source | None = None,
    ) -> None:
        self.path = path
        self.url = url
        self.description = description
        self.as_of = as_of
        self.source = source
        problem = evidence_location_problem(self.path, self.url)
        if problem is not None:
            raise ValueError(problem)


class Covers(Record):
    """The span of the control's occurrences a test's sample was drawn from."""

    __slots__ = ('start', 'end')
    FIELDS: ClassVar[tuple[str, ...]] = ('start', 'end')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['end', 'start'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    start: dt.date
    """First day of the sampled span (YYYY-MM-DD)."""
    end: dt.date
    """Last day of the sampled span (YYYY-MM-DD), not before start."""

    def __init__(
        self,
        *,
        start: dt.date,
        end: dt.date,
        source: Source | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.source = source
        problem = covers_problem(self.start, self.end)
        if problem is not None:
            raise ValueError(problem)


class Deviation(Record):
    """One exception found by a test: what it was and what management did about it."""

    __slots__ = ('item', 'description', 'cause', 'management_response', 'remediated_on', 'compensating_controls')
    FIELDS: ClassVar[tuple[str, ...]] = ('item', 'description', 'cause', 'management_response', 'remediated_on', 'compensating_controls')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['description', 'item'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    item: str
    """The sampled item that deviated: a ticket, a date, a record ID."""
    description: str
    """What was wrong with the item."""
    cause: str | None
    """Why it happened, once known."""
    management_response: str | None
    """What management did or will do about it; auditors print it in the report next to the exception. 'undocumented-deviation' reports a deviation without one."""
    remediated_on: dt.date | None
    """Date the cause was fixed (YYYY-MM-DD)."""
    compensating_controls: list[str]
    """Control IDs of controls that limited the effect of the deviation."""

    def __init__(
        self,
        *,
        item: str,
        description: str,
        cause: str | None = None,
        management_response: str | None = None,
        remediated_on: dt.date | None = None,
        compensating_controls: list[str] | None = None,
        source: Source | None = None,
    ) -> None:
        self.item = item
        self.description = description
        self.cause = cause
        self.management_response = management_response
        self.remediated_on = remediated_on
        self.compensating_controls = [] if compensating_controls is None else compensating_controls
        self.source = source


class Effective(Record):
    """The days a control operated, for a control introduced or retired during a period."""

    __slots__ = ('from_', 'to')
    FIELDS: ClassVar[tuple[str, ...]] = ('from_', 'to')
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    from_: dt.date | None
    """First day the control operated (YYYY-MM-DD); omitted: since before any period."""
    to: dt.date | None
    """Last day the control operated (YYYY-MM-DD); omitted: still operating."""

    def __init__(
        self,
        *,
        from_: dt.date | None = None,
        to: dt.date | None = None,
        source: Source | None = None,
    ) -> None:
        self.from_ = from_
        self.to = to
        self.source = source
        problem = effective_problem(self.from_, self.to)
        if problem is not None:
            raise ValueError(problem)


class ControlTest(Record):
    """A test of the control: how it was examined, by whom, and what was found."""

    __slots__ = ('id', 'kind', 'method', 'procedure', 'performed_on', 'performed_by', 'report', 'population', 'sample_size', 'exceptions', 'result', 'notes', 'covers', 'phase', 'deviations', 'retest_of', 'population_source', 'reviewed_by', 'reviewed_on')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'kind', 'method', 'procedure', 'performed_on', 'performed_by', 'report', 'population', 'sample_size', 'exceptions', 'result', 'notes', 'covers', 'phase', 'deviations', 'retest_of', 'population_source', 'reviewed_by', 'reviewed_on')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['id', 'method', 'performed_by', 'performed_on', 'procedure', 'result'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Test ID, unique across the program."""
    kind: TestKind
    """design (Type 1 walkthrough) or operating (Type 2 effectiveness)."""
    method: TestMethod | list[TestMethod]
    """inquiry, observation, inspection or reperformance (weakest to strongest), or a list of them when the test combined methods (e.g. [inquiry, inspection]); inquiry alone never suffices."""
    procedure: str
    """What the tester did."""
    performed_on: dt.date
    """Date the test was performed (YYYY-MM-DD)."""
    performed_by: str
    """Person ID of the tester."""
    report: str | None
    """Report ID this test counts for; omitted = every report."""
    population: int | None
    """Size of the population."""
    sample_size: int | None
    """Number of items sampled."""
    exceptions: int | None
    """Number of deviations found."""
    result: TestResult
    """pass, exceptions or fail."""
    notes: str | None
    """Free-text notes."""
    covers: Covers | None
    """The span of occurrences the sample was drawn from ({start, end}); for a Type 2 report the tests' spans together should cover the period."""
    phase: TestPhase | None
    """interim (tested during the period, covering its first part) or roll-forward (covering the rest, up to the period end)."""
    deviations: list[Deviation]
    """One entry per exception found: the item, what was wrong and management's response."""
    retest_of: str | None
    """Test ID of the earlier test of the same control that this one retests after remediation."""
    population_source: str | None
    """Where the population listing came from and how its completeness was checked."""
    reviewed_by: str | None
    """Person ID of who reviewed the test work; independent of the tester and the control's owner."""
    reviewed_on: dt.date | None
    """Date the test work was reviewed (YYYY-MM-DD)."""

    def __init__(
        self,
        *,
        id: str,
        kind: TestKind = 'operating',
        method: TestMethod | list[TestMethod],
        procedure: str,
        performed_on: dt.date,
        performed_by: str,
        report: str | None = None,
        population: int | None = None,
        sample_size: int | None = None,
        exceptions: int | None = None,
        result: TestResult,
        notes: str | None = None,
        covers: Covers | None = None,
        phase: TestPhase | None = None,
        deviations: list[Deviation] | None = None,
        retest_of: str | None = None,
        population_source: str | None = None,
        reviewed_by: str | None = None,
        reviewed_on: dt.date | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.method = method
        self.procedure = procedure
        self.performed_on = performed_on
        self.performed_by = performed_by
        self.report = report
        self.population = population
        self.sample_size = sample_size
        self.exceptions = exceptions
        self.result = result
        self.notes = notes
        self.covers = covers
        self.phase = phase
        self.deviations = [] if deviations is None else deviations
        self.retest_of = retest_of
        self.population_source = population_source
        self.reviewed_by = reviewed_by
        self.reviewed_on = reviewed_on
        self.source = source


class Control(Record):
    """A control: who does what, how often, mapped to criteria and objectives, and its tests."""

    __slots__ = ('id', 'title', 'description', 'owner', 'criteria', 'objectives', 'frequency', 'nature', 'automation', 'key', 'reports', 'layer', 'systems', 'subservice_organization', 'effective', 'evidence', 'tests')
    FIELDS: ClassVar[tuple[str, ...]] = ('id', 'title', 'description', 'owner', 'criteria', 'objectives', 'frequency', 'nature', 'automation', 'key', 'reports', 'layer', 'systems', 'subservice_organization', 'effective', 'evidence', 'tests')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['description', 'id', 'title'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    id: str
    """Control ID, unique across the program (e.g. AC-01)."""
    title: str
    """Short name of the control."""
    description: str
    """Who does what, how often, with what evidence."""
    owner: str | None
    """Person ID or team ID accountable."""
    criteria: list[str]
    """TSC criterion IDs, e.g. CC6.1, A1.2."""
    objectives: list[str]
    """SOC 1 control objective IDs."""
    frequency: Frequency | None
    """How often the control runs."""
    nature: Nature | None
    """preventive, detective, corrective."""
    automation: Automation | None
    """manual, automated or it-dependent-manual."""
    key: bool
    """Whether this is a key control."""
    reports: list[str] | None
    """Report IDs the control is in scope for; omitted = every report whose criteria or objectives it maps. A control scoped out of a report neither covers its criteria or objectives there nor needs a test for it."""
    layer: Layer | None
    """entity-level (governance, risk, monitoring), itgc (an IT general control over systems) or business-process."""
    systems: list[str]
    """System IDs (the system description's `systems`) the control operates on or, for an IT general control, over."""
    subservice_organization: str | None
    """Subservice organization ID, for a control performed by an inclusive subservice organization."""
    effective: Effective | None
    """`{from, to}`: the days the control operated, for a control introduced or retired during a period; either may be omitted. Its tests are judged only over those days."""
    evidence: list[Evidence]
    """Evidence of operation."""
    tests: list[ControlTest]
    """Tests of the control."""

    def __init__(
        self,
        *,
        id: str,
        title: str,
        description: str,
        owner: str | None = None,
        criteria: list[str] | None = None,
        objectives: list[str] | None = None,
        frequency: Frequency | None = None,
        nature: Nature | None = None,
        automation: Automation | None = None,
        key: bool = False,
        reports: list[str] | None = None,
        layer: Layer | None = None,
        systems: list[str] | None = None,
        subservice_organization: str | None = None,
        effective: Effective | None = None,
        evidence: list[Evidence] | None = None,
        tests: list[ControlTest] | None = None,
        source: Source | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.description = description
        self.owner = owner
        self.criteria = [] if criteria is None else criteria
        self.objectives = [] if objectives is None else objectives
        self.frequency = frequency
        self.nature = nature
        self.automation = automation
        self.key = key
        self.reports = reports
        self.layer = layer
        self.systems = [] if systems is None else systems
        self.subservice_organization = subservice_organization
        self.effective = effective
        self.evidence = [] if evidence is None else evidence
        self.tests = [] if tests is None else tests
        self.source = source


class ControlFile(Record):
    """A file holding several controls."""

    __slots__ = ('controls',)
    FIELDS: ClassVar[tuple[str, ...]] = ('controls',)
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['controls'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    controls: list[Control]
    """The controls in this file."""

    def __init__(
        self,
        *,
        controls: list[Control],
        source: Source | None = None,
    ) -> None:
        self.controls = controls
        self.source = source


class Waiver(Record):
    """An accepted, expiring exception to a rule, reviewable by an auditor."""

    __slots__ = ('rule', 'subject', 'reason', 'approved_by', 'expires', 'ticket')
    FIELDS: ClassVar[tuple[str, ...]] = ('rule', 'subject', 'reason', 'approved_by', 'expires', 'ticket')
    REQUIRED: ClassVar[frozenset[str]] = frozenset(['approved_by', 'expires', 'reason', 'rule', 'subject'])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    rule: str
    """Rule ID the waiver applies to."""
    subject: str
    """Control, criterion or objective ID (or a glob such as 'AC-*')."""
    reason: str
    """Why the finding is accepted."""
    approved_by: str
    """Person ID of the approver (not the control's owner)."""
    expires: dt.date
    """Date after which the waiver no longer applies."""
    ticket: str | None
    """Tracking ticket or link."""

    def __init__(
        self,
        *,
        rule: str,
        subject: str,
        reason: str,
        approved_by: str,
        expires: dt.date,
        ticket: str | None = None,
        source: Source | None = None,
    ) -> None:
        self.rule = rule
        self.subject = subject
        self.reason = reason
        self.approved_by = approved_by
        self.expires = expires
        self.ticket = ticket
        self.source = source


class Limits(Record):
    """Safety limits for reading untrusted files. Each has a ceiling: the configuration is
    part of the program, and a pull request must not be able to lift them."""

    __slots__ = ('max_file_size', 'max_depth', 'max_nodes', 'max_program_size', 'max_program_nodes')
    FIELDS: ClassVar[tuple[str, ...]] = ('max_file_size', 'max_depth', 'max_nodes', 'max_program_size', 'max_program_nodes')
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    max_file_size: int
    """Largest file read, in bytes (at most 16 MiB)."""
    max_depth: int
    """Deepest nesting of YAML collections (at most 256)."""
    max_nodes: int
    """Most YAML nodes in one file, counting each alias expansion (at most 10,000,000)."""
    max_program_size: int
    """Most bytes of YAML read for one run, over the system description and every control file (at most 1 GiB); files past it are not read."""
    max_program_nodes: int
    """Most YAML nodes read for one run, over the system description and every control file, counted as for max_nodes (at most 100,000,000); files past it are not read."""

    def __init__(
        self,
        *,
        max_file_size: int = 5242880,
        max_depth: int = 64,
        max_nodes: int = 500000,
        max_program_size: int = 67108864,
        max_program_nodes: int = 1000000,
        source: Source | None = None,
    ) -> None:
        self.max_file_size = max_file_size
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.max_program_size = max_program_size
        self.max_program_nodes = max_program_nodes
        self.source = source


class WaiverPolicy(Record):
    """What the waiver stage accepts: auditors reject blanket exceptions."""

    __slots__ = ('max_subjects',)
    FIELDS: ClassVar[tuple[str, ...]] = ('max_subjects',)
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    max_subjects: int
    """Most different subjects one waiver may cover before 'broad-waiver' warns: list the exceptions one by one instead."""

    def __init__(
        self,
        *,
        max_subjects: int = 3,
        source: Source | None = None,
    ) -> None:
        self.max_subjects = max_subjects
        self.source = source


class KeyControls(Record):
    """What 'no-key-control' judges. SOC 1 control objectives always; the SOC 2 criteria only
    when a firm asks, because many SOC 2 programs never designate key controls and would
    otherwise get a warning for every criterion."""

    __slots__ = ('criteria',)
    FIELDS: ClassVar[tuple[str, ...]] = ('criteria',)
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    criteria: bool
    """Also judge the SOC 2 criteria of every SOC 2 report: a criterion in scope covered only by controls that are not `key` is a 'no-key-control' warning."""

    def __init__(
        self,
        *,
        criteria: bool = False,
        source: Source | None = None,
    ) -> None:
        self.criteria = criteria
        self.source = source


class Config(Record):
    """soccheck.yaml: where the program lives and how it is checked."""

    __slots__ = ('system', 'controls', 'exclude', 'rules', 'fail_on', 'waivers', 'waiver_policy', 'limits', 'key_controls', 'sampling', 'fieldwork_days')
    FIELDS: ClassVar[tuple[str, ...]] = ('system', 'controls', 'exclude', 'rules', 'fail_on', 'waivers', 'waiver_policy', 'limits', 'key_controls', 'sampling', 'fieldwork_days')
    REQUIRED: ClassVar[frozenset[str]] = frozenset([])
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    system: str
    """Path of the system description."""
    controls: list[str]
    """Glob patterns of control files, relative to the root."""
    exclude: list[str]
    """Glob patterns to skip."""
    rules: dict[str, SeverityOverride]
    """Per-rule severity: error, warning or off."""
    fail_on: Severity
    """Lowest severity that makes the exit code 1."""
    waivers: list[Waiver]
    """Accepted exceptions."""
    waiver_policy: WaiverPolicy
    """What a single waiver may cover."""
    limits: Limits
    """Limits for reading files."""
    key_controls: KeyControls
    """What 'no-key-control' judges: SOC 1 objectives always, SOC 2 criteria with `criteria: true`."""
    sampling: dict[Frequency, int]
    """Minimum Type 2 sample size by control frequency, merged over the built-in table: `{daily: 15, monthly: 3}` changes those two and keeps the rest."""
    fieldwork_days: int
    """Days after a Type 2 period ends during which operating tests may still be performed and count for it (at most 730)."""

    def __init__(
        self,
        *,
        system: str = 'system.yaml',
        controls: list[str] | None = None,
        exclude: list[str] | None = None,
        rules: dict[str, SeverityOverride] | None = None,
        fail_on: Severity = 'error',
        waivers: list[Waiver] | None = None,
        waiver_policy: WaiverPolicy | None = None,
        limits: Limits | None = None,
        key_controls: KeyControls | None = None,
        sampling: dict[Frequency, int] | None = None,
        fieldwork_days: int = 90,
        source: Source | None = None,
    ) -> None:
        self.system = system
        self.controls = ['controls/**/*.yaml', 'controls/**/*.yml'] if controls is None else controls
        self.exclude = [] if exclude is None else exclude
        self.rules = {} if rules is None else rules
        self.fail_on = fail_on
        self.waivers = [] if waivers is None else waivers
        self.waiver_policy = WaiverPolicy() if waiver_policy is None else waiver_policy
        self.limits = Limits() if limits is None else limits
        self.key_controls = KeyControls() if key_controls is None else key_controls
        self.sampling = {} if sampling is None else sampling
        self.fieldwork_days = fieldwork_days
        self.source = source


Report.NESTED = {'period': Period, 'not_applicable': NotApplicable}
System.NESTED = {'components': SystemComponents}
SubserviceOrganization.NESTED = {'csocs': Csoc, 'soc_report': SocReport}
SystemDescription.NESTED = {'reports': Report, 'control_objectives': ControlObjective, 'people': Person, 'teams': Team, 'subservice_organizations': SubserviceOrganization, 'cuecs': Cuec, 'systems': System, 'changes': Change, 'incidents': Incident}
ControlTest.NESTED = {'covers': Covers, 'deviations': Deviation}
Control.NESTED = {'effective': Effective, 'evidence': Evidence, 'tests': ControlTest}
ControlFile.NESTED = {'controls': Control}
Config.NESTED = {'waivers': Waiver, 'waiver_policy': WaiverPolicy, 'limits': Limits, 'key_controls': KeyControls}


def build_period(data: object, file: str, path: KeyPath) -> Period:
    """Check ``data`` against the Period model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS0:
        raise _unknown(data, _KEYS0, path)
    obj = Period.__new__(Period)
    obj.source = Source(file, path)
    value = data.get('start', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'start'), 'start: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'start'), 'start: must be a date written YYYY-MM-DD')
    value = date
    obj.start = value
    value = data.get('end', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'end'), 'end: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'end'), 'end: must be a date written YYYY-MM-DD')
    value = date
    obj.end = value
    return obj


def build_not_applicable(data: object, file: str, path: KeyPath) -> NotApplicable:
    """Check ``data`` against the NotApplicable model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS1:
        raise _unknown(data, _KEYS1, path)
    obj = NotApplicable.__new__(NotApplicable)
    obj.source = Source(file, path)
    value = data.get('criterion', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'criterion'), 'criterion: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'criterion'), 'criterion: must be text')
    obj.criterion = value
    value = data.get('reason', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'reason'), 'reason: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'reason'), 'reason: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'reason'), 'reason: must not be empty')
    obj.reason = value
    return obj


def build_report(data: object, file: str, path: KeyPath) -> Report:
    """Check ``data`` against the Report model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS2:
        raise _unknown(data, _KEYS2, path)
    obj = Report.__new__(Report)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('framework', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'framework'), 'framework: field required')
    if not is_text_in(value, _ONE_OF4):
        raise Invalid((*path, 'framework'), 'framework: must be one of: soc1, soc2')
    obj.framework = value
    value = data.get('type', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'type'), 'type: field required')
    if not is_int_in(value, _ONE_OF5):
        raise Invalid((*path, 'type'), 'type: must be one of: 1, 2')
    obj.type = value
    value = data.get('title', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'title'), 'title: must be text')
    obj.title = value
    value = data.get('as_of', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'as_of'), 'as_of: must be a date written YYYY-MM-DD')
        value = date
    obj.as_of = value
    value = data.get('period', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        value = build_period(value, file, (*path, 'period'))
    obj.period = value
    value = data.get('categories', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'categories'), 'categories: must be a list')
        where = (*path, 'categories')
        for index, item in enumerate(value):
            if not is_text_in(item, _ONE_OF6):
                raise Invalid((*where, index), 'item: must be one of: security, availability, processing_integrity, confidentiality, privacy')
        value = list(value)
    obj.categories = value
    value = data.get('not_applicable', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'not_applicable'), 'not_applicable: must be a list')
        where = (*path, 'not_applicable')
        value = [build_not_applicable(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.not_applicable = value
    return obj


def build_control_objective(data: object, file: str, path: KeyPath) -> ControlObjective:
    """Check ``data`` against the ControlObjective model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS7:
        raise _unknown(data, _KEYS7, path)
    obj = ControlObjective.__new__(ControlObjective)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('title', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'title'), 'title: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'title'), 'title: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'title'), 'title: must not be empty')
    obj.title = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'description'), 'description: must be text')
    obj.description = value
    return obj


def build_person(data: object, file: str, path: KeyPath) -> Person:
    """Check ``data`` against the Person model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS8:
        raise _unknown(data, _KEYS8, path)
    obj = Person.__new__(Person)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('name', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'name'), 'name: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'name'), 'name: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'name'), 'name: must not be empty')
    obj.name = value
    value = data.get('email', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'email'), 'email: must be text')
    obj.email = value
    value = data.get('title', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'title'), 'title: must be text')
    obj.title = value
    value = data.get('active', _MISSING)
    if value is _MISSING:
        value = True
    else:
        if type(value) is not bool:
            raise Invalid((*path, 'active'), 'active: must be true or false')
    obj.active = value
    value = data.get('joined', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'joined'), 'joined: must be a date written YYYY-MM-DD')
        value = date
    obj.joined = value
    value = data.get('left', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'left'), 'left: must be a date written YYYY-MM-DD')
        value = date
    obj.left = value
    return obj


def build_team(data: object, file: str, path: KeyPath) -> Team:
    """Check ``data`` against the Team model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS9:
        raise _unknown(data, _KEYS9, path)
    obj = Team.__new__(Team)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('name', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'name'), 'name: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'name'), 'name: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'name'), 'name: must not be empty')
    obj.name = value
    value = data.get('lead', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'lead'), 'lead: must be text')
    obj.lead = value
    value = data.get('members', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'members'), 'members: must be a list')
        where = (*path, 'members')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.members = value
    return obj


def build_system_components(data: object, file: str, path: KeyPath) -> SystemComponents:
    """Check ``data`` against the SystemComponents model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS10:
        raise _unknown(data, _KEYS10, path)
    obj = SystemComponents.__new__(SystemComponents)
    obj.source = Source(file, path)
    value = data.get('infrastructure', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'infrastructure'), 'infrastructure: must be a list')
        where = (*path, 'infrastructure')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
            if len(item) < 1:
                raise Invalid((*where, index), 'item: must not be empty')
        value = list(value)
    obj.infrastructure = value
    value = data.get('software', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'software'), 'software: must be a list')
        where = (*path, 'software')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
            if len(item) < 1:
                raise Invalid((*where, index), 'item: must not be empty')
        value = list(value)
    obj.software = value
    value = data.get('people', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'people'), 'people: must be a list')
        where = (*path, 'people')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
            if len(item) < 1:
                raise Invalid((*where, index), 'item: must not be empty')
        value = list(value)
    obj.people = value
    value = data.get('procedures', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'procedures'), 'procedures: must be a list')
        where = (*path, 'procedures')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
            if len(item) < 1:
                raise Invalid((*where, index), 'item: must not be empty')
        value = list(value)
    obj.procedures = value
    value = data.get('data', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'data'), 'data: must be a list')
        where = (*path, 'data')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
            if len(item) < 1:
                raise Invalid((*where, index), 'item: must not be empty')
        value = list(value)
    obj.data = value
    return obj


def build_system(data: object, file: str, path: KeyPath) -> System:
    """Check ``data`` against the System model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS11:
        raise _unknown(data, _KEYS11, path)
    obj = System.__new__(System)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('name', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'name'), 'name: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'name'), 'name: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'name'), 'name: must not be empty')
    obj.name = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'description'), 'description: must be text')
    obj.description = value
    value = data.get('components', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        value = build_system_components(value, file, (*path, 'components'))
    obj.components = value
    return obj


def build_csoc(data: object, file: str, path: KeyPath) -> Csoc:
    """Check ``data`` against the Csoc model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS12:
        raise _unknown(data, _KEYS12, path)
    obj = Csoc.__new__(Csoc)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'description'), 'description: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'description'), 'description: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'description'), 'description: must not be empty')
    obj.description = value
    value = data.get('criteria', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'criteria'), 'criteria: must be a list')
        where = (*path, 'criteria')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.criteria = value
    value = data.get('objectives', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'objectives'), 'objectives: must be a list')
        where = (*path, 'objectives')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.objectives = value
    return obj


def build_soc_report(data: object, file: str, path: KeyPath) -> SocReport:
    """Check ``data`` against the SocReport model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS13:
        raise _unknown(data, _KEYS13, path)
    obj = SocReport.__new__(SocReport)
    obj.source = Source(file, path)
    value = data.get('type', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'type'), 'type: field required')
    if not is_int_in(value, _ONE_OF5):
        raise Invalid((*path, 'type'), 'type: must be one of: 1, 2')
    obj.type = value
    value = data.get('as_of', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'as_of'), 'as_of: must be a date written YYYY-MM-DD')
        value = date
    obj.as_of = value
    value = data.get('period_end', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'period_end'), 'period_end: must be a date written YYYY-MM-DD')
        value = date
    obj.period_end = value
    value = data.get('received_on', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'received_on'), 'received_on: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'received_on'), 'received_on: must be a date written YYYY-MM-DD')
    value = date
    obj.received_on = value
    value = data.get('reviewed_by', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'reviewed_by'), 'reviewed_by: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'reviewed_by'), 'reviewed_by: must be text')
    obj.reviewed_by = value
    value = data.get('bridge_letter_through', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'bridge_letter_through'), 'bridge_letter_through: must be a date written YYYY-MM-DD')
        value = date
    obj.bridge_letter_through = value
    problem = soc_report_problem(obj.type, obj.as_of, obj.period_end)
    if problem is not None:
        raise Invalid((*path, problem[0]), problem[1], drop=path)
    return obj


def build_subservice_organization(data: object, file: str, path: KeyPath) -> SubserviceOrganization:
    """Check ``data`` against the SubserviceOrganization model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS14:
        raise _unknown(data, _KEYS14, path)
    obj = SubserviceOrganization.__new__(SubserviceOrganization)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('name', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'name'), 'name: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'name'), 'name: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'name'), 'name: must not be empty')
    obj.name = value
    value = data.get('services', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'services'), 'services: must be text')
    obj.services = value
    value = data.get('method', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'method'), 'method: field required')
    if not is_text_in(value, _ONE_OF15):
        raise Invalid((*path, 'method'), 'method: must be one of: carve-out, inclusive')
    obj.method = value
    value = data.get('csocs', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'csocs'), 'csocs: must be a list')
        where = (*path, 'csocs')
        built = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                item = build_csoc(item, file, (*where, index))
            else:
                if not isinstance(item, str):
                    raise Invalid((*where, index), 'item: must be text')
                if len(item) < 1:
                    raise Invalid((*where, index), 'item: must not be empty')
            built.append(item)
        value = built
    obj.csocs = value
    value = data.get('soc_report', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        value = build_soc_report(value, file, (*path, 'soc_report'))
    obj.soc_report = value
    return obj


def build_cuec(data: object, file: str, path: KeyPath) -> Cuec:
    """Check ``data`` against the Cuec model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS16:
        raise _unknown(data, _KEYS16, path)
    obj = Cuec.__new__(Cuec)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'description'), 'description: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'description'), 'description: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'description'), 'description: must not be empty')
    obj.description = value
    value = data.get('criteria', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'criteria'), 'criteria: must be a list')
        where = (*path, 'criteria')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.criteria = value
    value = data.get('objectives', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'objectives'), 'objectives: must be a list')
        where = (*path, 'objectives')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.objectives = value
    value = data.get('controls', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'controls'), 'controls: must be a list')
        where = (*path, 'controls')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.controls = value
    return obj


def build_change(data: object, file: str, path: KeyPath) -> Change:
    """Check ``data`` against the Change model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS17:
        raise _unknown(data, _KEYS17, path)
    obj = Change.__new__(Change)
    obj.source = Source(file, path)
    value = data.get('date', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'date'), 'date: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'date'), 'date: must be a date written YYYY-MM-DD')
    value = date
    obj.date = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'description'), 'description: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'description'), 'description: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'description'), 'description: must not be empty')
    obj.description = value
    value = data.get('controls', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'controls'), 'controls: must be a list')
        where = (*path, 'controls')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.controls = value
    return obj


def build_incident(data: object, file: str, path: KeyPath) -> Incident:
    """Check ``data`` against the Incident model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS18:
        raise _unknown(data, _KEYS18, path)
    obj = Incident.__new__(Incident)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('date', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'date'), 'date: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'date'), 'date: must be a date written YYYY-MM-DD')
    value = date
    obj.date = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'description'), 'description: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'description'), 'description: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'description'), 'description: must not be empty')
    obj.description = value
    value = data.get('criteria', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'criteria'), 'criteria: must be a list')
        where = (*path, 'criteria')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.criteria = value
    return obj


def build_system_description(data: object, file: str, path: KeyPath) -> SystemDescription:
    """Check ``data`` against the SystemDescription model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS19:
        raise _unknown(data, _KEYS19, path)
    obj = SystemDescription.__new__(SystemDescription)
    obj.source = Source(file, path)
    value = data.get('name', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'name'), 'name: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'name'), 'name: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'name'), 'name: must not be empty')
    obj.name = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'description'), 'description: must be text')
    obj.description = value
    value = data.get('services', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'services'), 'services: must be text')
    obj.services = value
    value = data.get('commitments', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'commitments'), 'commitments: must be a list')
        where = (*path, 'commitments')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
            if len(item) < 1:
                raise Invalid((*where, index), 'item: must not be empty')
        value = list(value)
    obj.commitments = value
    value = data.get('reports', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'reports'), 'reports: field required')
    if not isinstance(value, list):
        raise Invalid((*path, 'reports'), 'reports: must be a list')
    where = (*path, 'reports')
    value = [build_report(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.reports = value
    value = data.get('control_objectives', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'control_objectives'), 'control_objectives: must be a list')
        where = (*path, 'control_objectives')
        value = [build_control_objective(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.control_objectives = value
    value = data.get('people', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'people'), 'people: must be a list')
        where = (*path, 'people')
        value = [build_person(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.people = value
    value = data.get('teams', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'teams'), 'teams: must be a list')
        where = (*path, 'teams')
        value = [build_team(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.teams = value
    value = data.get('subservice_organizations', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'subservice_organizations'), 'subservice_organizations: must be a list')
        where = (*path, 'subservice_organizations')
        value = [build_subservice_organization(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.subservice_organizations = value
    value = data.get('cuecs', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'cuecs'), 'cuecs: must be a list')
        where = (*path, 'cuecs')
        value = [build_cuec(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.cuecs = value
    value = data.get('systems', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'systems'), 'systems: must be a list')
        where = (*path, 'systems')
        value = [build_system(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.systems = value
    value = data.get('changes', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'changes'), 'changes: must be a list')
        where = (*path, 'changes')
        value = [build_change(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.changes = value
    value = data.get('incidents', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'incidents'), 'incidents: must be a list')
        where = (*path, 'incidents')
        value = [build_incident(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.incidents = value
    return obj


def build_evidence(data: object, file: str, path: KeyPath) -> Evidence:
    """Check ``data`` against the Evidence model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS20:
        raise _unknown(data, _KEYS20, path)
    obj = Evidence.__new__(Evidence)
    obj.source = Source(file, path)
    value = data.get('path', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'path'), 'path: must be text')
    obj.path = value
    value = data.get('url', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'url'), 'url: must be text')
    obj.url = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'description'), 'description: must be text')
    obj.description = value
    value = data.get('as_of', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'as_of'), 'as_of: must be a date written YYYY-MM-DD')
        value = date
    obj.as_of = value
    problem = evidence_location_problem(obj.path, obj.url)
    if problem is not None:
        raise Invalid(path, problem, drop=path)
    return obj


def build_covers(data: object, file: str, path: KeyPath) -> Covers:
    """Check ``data`` against the Covers model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS0:
        raise _unknown(data, _KEYS0, path)
    obj = Covers.__new__(Covers)
    obj.source = Source(file, path)
    value = data.get('start', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'start'), 'start: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'start'), 'start: must be a date written YYYY-MM-DD')
    value = date
    obj.start = value
    value = data.get('end', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'end'), 'end: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'end'), 'end: must be a date written YYYY-MM-DD')
    value = date
    obj.end = value
    problem = covers_problem(obj.start, obj.end)
    if problem is not None:
        raise Invalid((*path, 'end'), problem, drop=path)
    return obj


def build_deviation(data: object, file: str, path: KeyPath) -> Deviation:
    """Check ``data`` against the Deviation model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS21:
        raise _unknown(data, _KEYS21, path)
    obj = Deviation.__new__(Deviation)
    obj.source = Source(file, path)
    value = data.get('item', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'item'), 'item: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'item'), 'item: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'item'), 'item: must not be empty')
    obj.item = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'description'), 'description: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'description'), 'description: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'description'), 'description: must not be empty')
    obj.description = value
    value = data.get('cause', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'cause'), 'cause: must be text')
        if len(value) < 1:
            raise Invalid((*path, 'cause'), 'cause: must not be empty')
    obj.cause = value
    value = data.get('management_response', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'management_response'), 'management_response: must be text')
        if len(value) < 1:
            raise Invalid((*path, 'management_response'), 'management_response: must not be empty')
    obj.management_response = value
    value = data.get('remediated_on', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'remediated_on'), 'remediated_on: must be a date written YYYY-MM-DD')
        value = date
    obj.remediated_on = value
    value = data.get('compensating_controls', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'compensating_controls'), 'compensating_controls: must be a list')
        where = (*path, 'compensating_controls')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.compensating_controls = value
    return obj


def build_effective(data: object, file: str, path: KeyPath) -> Effective:
    """Check ``data`` against the Effective model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS22:
        raise _unknown(data, _KEYS22, path)
    obj = Effective.__new__(Effective)
    obj.source = Source(file, path)
    value = data.get('from', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'from'), 'from: must be a date written YYYY-MM-DD')
        value = date
    obj.from_ = value
    value = data.get('to', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'to'), 'to: must be a date written YYYY-MM-DD')
        value = date
    obj.to = value
    problem = effective_problem(obj.from_, obj.to)
    if problem is not None:
        raise Invalid((*path, 'to'), problem, drop=path)
    return obj


def build_control_test(data: object, file: str, path: KeyPath) -> ControlTest:
    """Check ``data`` against the ControlTest model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS23:
        raise _unknown(data, _KEYS23, path)
    obj = ControlTest.__new__(ControlTest)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('kind', _MISSING)
    if value is _MISSING:
        value = 'operating'
    else:
        if not is_text_in(value, _ONE_OF24):
            raise Invalid((*path, 'kind'), 'kind: must be one of: design, operating')
    obj.kind = value
    value = data.get('method', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'method'), 'method: field required')
    if isinstance(value, list):
        if not isinstance(value, list):
            raise Invalid((*path, 'method'), 'method: must be a list')
        if len(value) < 1:
            raise Invalid((*path, 'method'), 'method: must list at least 1 item')
        where = (*path, 'method')
        for index, item in enumerate(value):
            if not is_text_in(item, _ONE_OF25):
                raise Invalid((*where, index), 'item: must be one of: inquiry, observation, inspection, reperformance')
        problem = duplicate_item_problem(value)
        if problem is not None:
            raise Invalid((*path, 'method'), 'method: ' + problem)
        value = list(value)
    else:
        if not is_text_in(value, _ONE_OF25):
            raise Invalid((*path, 'method'), 'method: must be one of: inquiry, observation, inspection, reperformance')
    obj.method = value
    value = data.get('procedure', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'procedure'), 'procedure: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'procedure'), 'procedure: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'procedure'), 'procedure: must not be empty')
    obj.procedure = value
    value = data.get('performed_on', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'performed_on'), 'performed_on: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'performed_on'), 'performed_on: must be a date written YYYY-MM-DD')
    value = date
    obj.performed_on = value
    value = data.get('performed_by', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'performed_by'), 'performed_by: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'performed_by'), 'performed_by: must be text')
    obj.performed_by = value
    value = data.get('report', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'report'), 'report: must be text')
    obj.report = value
    value = data.get('population', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not (type(value) is int and value >= 0):
            raise Invalid((*path, 'population'), 'population: must be a whole number, at least 0')
    obj.population = value
    value = data.get('sample_size', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not (type(value) is int and value >= 0):
            raise Invalid((*path, 'sample_size'), 'sample_size: must be a whole number, at least 0')
    obj.sample_size = value
    value = data.get('exceptions', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not (type(value) is int and value >= 0):
            raise Invalid((*path, 'exceptions'), 'exceptions: must be a whole number, at least 0')
    obj.exceptions = value
    value = data.get('result', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'result'), 'result: field required')
    if not is_text_in(value, _ONE_OF26):
        raise Invalid((*path, 'result'), 'result: must be one of: pass, exceptions, fail')
    obj.result = value
    value = data.get('notes', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'notes'), 'notes: must be text')
    obj.notes = value
    value = data.get('covers', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        value = build_covers(value, file, (*path, 'covers'))
    obj.covers = value
    value = data.get('phase', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not is_text_in(value, _ONE_OF27):
            raise Invalid((*path, 'phase'), 'phase: must be one of: interim, roll-forward')
    obj.phase = value
    value = data.get('deviations', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'deviations'), 'deviations: must be a list')
        where = (*path, 'deviations')
        value = [build_deviation(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.deviations = value
    value = data.get('retest_of', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'retest_of'), 'retest_of: must be text')
    obj.retest_of = value
    value = data.get('population_source', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'population_source'), 'population_source: must be text')
        if len(value) < 1:
            raise Invalid((*path, 'population_source'), 'population_source: must not be empty')
    obj.population_source = value
    value = data.get('reviewed_by', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'reviewed_by'), 'reviewed_by: must be text')
    obj.reviewed_by = value
    value = data.get('reviewed_on', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        date = parse_date(value)
        if date is None:
            raise Invalid((*path, 'reviewed_on'), 'reviewed_on: must be a date written YYYY-MM-DD')
        value = date
    obj.reviewed_on = value
    return obj


def build_control(data: object, file: str, path: KeyPath) -> Control:
    """Check ``data`` against the Control model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS28:
        raise _unknown(data, _KEYS28, path)
    obj = Control.__new__(Control)
    obj.source = Source(file, path)
    value = data.get('id', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'id'), 'id: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'id'), 'id: must be text')
    if len(value) > 128:
        raise Invalid((*path, 'id'), 'id: must have at most 128 characters')
    if _PATTERN3(value) is None:
        raise Invalid((*path, 'id'), 'id: must match ^[A-Za-z0-9][A-Za-z0-9._:-]*$')
    obj.id = value
    value = data.get('title', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'title'), 'title: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'title'), 'title: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'title'), 'title: must not be empty')
    obj.title = value
    value = data.get('description', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'description'), 'description: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'description'), 'description: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'description'), 'description: must not be empty')
    obj.description = value
    value = data.get('owner', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'owner'), 'owner: must be text')
    obj.owner = value
    value = data.get('criteria', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'criteria'), 'criteria: must be a list')
        where = (*path, 'criteria')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.criteria = value
    value = data.get('objectives', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'objectives'), 'objectives: must be a list')
        where = (*path, 'objectives')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.objectives = value
    value = data.get('frequency', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not is_text_in(value, _ONE_OF29):
            raise Invalid((*path, 'frequency'), 'frequency: must be one of: continuous, multiple-daily, daily, weekly, monthly, quarterly, semi-annual, annual, as-needed')
    obj.frequency = value
    value = data.get('nature', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not is_text_in(value, _ONE_OF30):
            raise Invalid((*path, 'nature'), 'nature: must be one of: preventive, detective, corrective')
    obj.nature = value
    value = data.get('automation', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not is_text_in(value, _ONE_OF31):
            raise Invalid((*path, 'automation'), 'automation: must be one of: manual, automated, it-dependent-manual')
    obj.automation = value
    value = data.get('key', _MISSING)
    if value is _MISSING:
        value = False
    else:
        if type(value) is not bool:
            raise Invalid((*path, 'key'), 'key: must be true or false')
    obj.key = value
    value = data.get('reports', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, list):
            raise Invalid((*path, 'reports'), 'reports: must be a list')
        if len(value) < 1:
            raise Invalid((*path, 'reports'), 'reports: must list at least 1 item')
        where = (*path, 'reports')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.reports = value
    value = data.get('layer', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not is_text_in(value, _ONE_OF32):
            raise Invalid((*path, 'layer'), 'layer: must be one of: entity-level, itgc, business-process')
    obj.layer = value
    value = data.get('systems', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'systems'), 'systems: must be a list')
        where = (*path, 'systems')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.systems = value
    value = data.get('subservice_organization', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'subservice_organization'), 'subservice_organization: must be text')
    obj.subservice_organization = value
    value = data.get('effective', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        value = build_effective(value, file, (*path, 'effective'))
    obj.effective = value
    value = data.get('evidence', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'evidence'), 'evidence: must be a list')
        where = (*path, 'evidence')
        value = [build_evidence(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.evidence = value
    value = data.get('tests', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'tests'), 'tests: must be a list')
        where = (*path, 'tests')
        value = [build_control_test(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.tests = value
    return obj


def build_control_file(data: object, file: str, path: KeyPath) -> ControlFile:
    """Check ``data`` against the ControlFile model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS33:
        raise _unknown(data, _KEYS33, path)
    obj = ControlFile.__new__(ControlFile)
    obj.source = Source(file, path)
    value = data.get('controls', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'controls'), 'controls: field required')
    if not isinstance(value, list):
        raise Invalid((*path, 'controls'), 'controls: must be a list')
    where = (*path, 'controls')
    value = [build_control(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.controls = value
    return obj


def build_waiver(data: object, file: str, path: KeyPath) -> Waiver:
    """Check ``data`` against the Waiver model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS34:
        raise _unknown(data, _KEYS34, path)
    obj = Waiver.__new__(Waiver)
    obj.source = Source(file, path)
    value = data.get('rule', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'rule'), 'rule: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'rule'), 'rule: must be text')
    obj.rule = value
    value = data.get('subject', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'subject'), 'subject: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'subject'), 'subject: must be text')
    obj.subject = value
    value = data.get('reason', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'reason'), 'reason: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'reason'), 'reason: must be text')
    if len(value) < 1:
        raise Invalid((*path, 'reason'), 'reason: must not be empty')
    obj.reason = value
    value = data.get('approved_by', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'approved_by'), 'approved_by: field required')
    if not isinstance(value, str):
        raise Invalid((*path, 'approved_by'), 'approved_by: must be text')
    obj.approved_by = value
    value = data.get('expires', _MISSING)
    if value is _MISSING:
        raise Invalid((*path, 'expires'), 'expires: field required')
    date = parse_date(value)
    if date is None:
        raise Invalid((*path, 'expires'), 'expires: must be a date written YYYY-MM-DD')
    value = date
    obj.expires = value
    value = data.get('ticket', _MISSING)
    if value is _MISSING:
        value = None
    elif value is not None:
        if not isinstance(value, str):
            raise Invalid((*path, 'ticket'), 'ticket: must be text')
    obj.ticket = value
    return obj


def build_limits(data: object, file: str, path: KeyPath) -> Limits:
    """Check ``data`` against the Limits model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS35:
        raise _unknown(data, _KEYS35, path)
    obj = Limits.__new__(Limits)
    obj.source = Source(file, path)
    value = data.get('max_file_size', _MISSING)
    if value is _MISSING:
        value = 5242880
    else:
        if not (type(value) is int and value >= 1 and value <= 16777216):
            raise Invalid((*path, 'max_file_size'), 'max_file_size: must be a whole number, at least 1 and at most 16777216')
    obj.max_file_size = value
    value = data.get('max_depth', _MISSING)
    if value is _MISSING:
        value = 64
    else:
        if not (type(value) is int and value >= 4 and value <= 256):
            raise Invalid((*path, 'max_depth'), 'max_depth: must be a whole number, at least 4 and at most 256')
    obj.max_depth = value
    value = data.get('max_nodes', _MISSING)
    if value is _MISSING:
        value = 500000
    else:
        if not (type(value) is int and value >= 100 and value <= 10000000):
            raise Invalid((*path, 'max_nodes'), 'max_nodes: must be a whole number, at least 100 and at most 10000000')
    obj.max_nodes = value
    value = data.get('max_program_size', _MISSING)
    if value is _MISSING:
        value = 67108864
    else:
        if not (type(value) is int and value >= 1024 and value <= 1073741824):
            raise Invalid((*path, 'max_program_size'), 'max_program_size: must be a whole number, at least 1024 and at most 1073741824')
    obj.max_program_size = value
    value = data.get('max_program_nodes', _MISSING)
    if value is _MISSING:
        value = 1000000
    else:
        if not (type(value) is int and value >= 1000 and value <= 100000000):
            raise Invalid((*path, 'max_program_nodes'), 'max_program_nodes: must be a whole number, at least 1000 and at most 100000000')
    obj.max_program_nodes = value
    return obj


def build_waiver_policy(data: object, file: str, path: KeyPath) -> WaiverPolicy:
    """Check ``data`` against the WaiverPolicy model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS36:
        raise _unknown(data, _KEYS36, path)
    obj = WaiverPolicy.__new__(WaiverPolicy)
    obj.source = Source(file, path)
    value = data.get('max_subjects', _MISSING)
    if value is _MISSING:
        value = 3
    else:
        if not (type(value) is int and value >= 1):
            raise Invalid((*path, 'max_subjects'), 'max_subjects: must be a whole number, at least 1')
    obj.max_subjects = value
    return obj


def build_key_controls(data: object, file: str, path: KeyPath) -> KeyControls:
    """Check ``data`` against the KeyControls model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS37:
        raise _unknown(data, _KEYS37, path)
    obj = KeyControls.__new__(KeyControls)
    obj.source = Source(file, path)
    value = data.get('criteria', _MISSING)
    if value is _MISSING:
        value = False
    else:
        if type(value) is not bool:
            raise Invalid((*path, 'criteria'), 'criteria: must be true or false')
    obj.criteria = value
    return obj


def build_config(data: object, file: str, path: KeyPath) -> Config:
    """Check ``data`` against the Config model and build it (sources included)."""
    if not isinstance(data, dict):
        raise Invalid(path, 'must be a mapping of keys to values')
    if not data.keys() <= _KEYS38:
        raise _unknown(data, _KEYS38, path)
    obj = Config.__new__(Config)
    obj.source = Source(file, path)
    value = data.get('system', _MISSING)
    if value is _MISSING:
        value = 'system.yaml'
    else:
        if not isinstance(value, str):
            raise Invalid((*path, 'system'), 'system: must be text')
    obj.system = value
    value = data.get('controls', _MISSING)
    if value is _MISSING:
        value = ['controls/**/*.yaml', 'controls/**/*.yml']
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'controls'), 'controls: must be a list')
        where = (*path, 'controls')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.controls = value
    value = data.get('exclude', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'exclude'), 'exclude: must be a list')
        where = (*path, 'exclude')
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Invalid((*where, index), 'item: must be text')
        value = list(value)
    obj.exclude = value
    value = data.get('rules', _MISSING)
    if value is _MISSING:
        value = {}
    else:
        if not isinstance(value, dict):
            raise Invalid((*path, 'rules'), 'rules: must be a mapping')
        where = (*path, 'rules')
        for key, item in value.items():
            if not isinstance(key, str):
                raise Invalid((*path, 'rules'), 'rules: keys must be text')
            if not is_text_in(item, _ONE_OF39):
                raise Invalid((*where, key), 'value: must be one of: error, warning, off')
        value = dict(value)
    obj.rules = value
    value = data.get('fail_on', _MISSING)
    if value is _MISSING:
        value = 'error'
    else:
        if not is_text_in(value, _ONE_OF40):
            raise Invalid((*path, 'fail_on'), 'fail_on: must be one of: error, warning')
    obj.fail_on = value
    value = data.get('waivers', _MISSING)
    if value is _MISSING:
        value = []
    else:
        if not isinstance(value, list):
            raise Invalid((*path, 'waivers'), 'waivers: must be a list')
        where = (*path, 'waivers')
        value = [build_waiver(item, file, (*where, index)) for index, item in enumerate(value)]
    obj.waivers = value
    value = data.get('waiver_policy', _MISSING)
    if value is _MISSING:
        value = WaiverPolicy()
    else:
        value = build_waiver_policy(value, file, (*path, 'waiver_policy'))
    obj.waiver_policy = value
    value = data.get('limits', _MISSING)
    if value is _MISSING:
        value = Limits()
    else:
        value = build_limits(value, file, (*path, 'limits'))
    obj.limits = value
    value = data.get('key_controls', _MISSING)
    if value is _MISSING:
        value = KeyControls()
    else:
        value = build_key_controls(value, file, (*path, 'key_controls'))
    obj.key_controls = value
    value = data.get('sampling', _MISSING)
    if value is _MISSING:
        value = {}
    else:
        if not isinstance(value, dict):
            raise Invalid((*path, 'sampling'), 'sampling: must be a mapping')
        where = (*path, 'sampling')
        for key, item in value.items():
            if not isinstance(key, str):
                raise Invalid((*path, 'sampling'), 'sampling: keys must be text')
            if not is_text_in(key, _ONE_OF29):
                raise Invalid((*path, 'sampling'), 'key: must be one of: continuous, multiple-daily, daily, weekly, monthly, quarterly, semi-annual, annual, as-needed')
            if not (type(item) is int and item >= 1):
                raise Invalid((*where, key), 'value: must be a whole number, at least 1')
        value = dict(value)
    obj.sampling = value
    value = data.get('fieldwork_days', _MISSING)
    if value is _MISSING:
        value = 90
    else:
        if not (type(value) is int and value >= 0 and value <= 730):
            raise Invalid((*path, 'fieldwork_days'), 'fieldwork_days: must be a whole number, at least 0 and at most 730')
    obj.fieldwork_days = value
    return obj


BUILDERS: dict[type[Record], Callable[[object, str, KeyPath], Any]] = {
    Period: build_period,
    NotApplicable: build_not_applicable,
    Report: build_report,
    ControlObjective: build_control_objective,
    Person: build_person,
    Team: build_team,
    SystemComponents: build_system_components,
    System: build_system,
    Csoc: build_csoc,
    SocReport: build_soc_report,
    SubserviceOrganization: build_subservice_organization,
    Cuec: build_cuec,
    Change: build_change,
    Incident: build_incident,
    SystemDescription: build_system_description,
    Evidence: build_evidence,
    Covers: build_covers,
    Deviation: build_deviation,
    Effective: build_effective,
    ControlTest: build_control_test,
    Control: build_control,
    ControlFile: build_control_file,
    Waiver: build_waiver,
    Limits: build_limits,
    WaiverPolicy: build_waiver_policy,
    KeyControls: build_key_controls,
    Config: build_config,
}
"""The builder of each record class."""
