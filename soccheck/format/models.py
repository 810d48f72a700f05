"""Pydantic models of a SOC program: the single source of truth for the file formats.

The JSON Schemas under ``schemas/`` are generated from these classes (``soccheck schema``), and so
are the records the rules read and the checks that build them (``python -m
soccheck.format.codegen`` writes soccheck/format/records.py, which never imports pydantic), so
editor completion, the published contract and runtime validation cannot drift apart.

Models are strict: YAML 1.2 already gives us typed scalars, and pydantic's lax mode would
silently turn the string ``'no'`` into ``False`` or ``'12'`` into ``12``. Dates are the one
exception: the loader keeps them as ``YYYY-MM-DD`` strings (what an editor's schema validator
sees) and the model parses them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from soccheck.format.record_base import (
    covers_problem,
    duplicate_item_problem,
    effective_problem,
    evidence_location_problem,
    parse_date,
    soc_report_problem,
)
from soccheck.format.vocabulary import (
    DATE_PATTERN,
    FIELDWORK_DAYS,
    FIELDWORK_DAYS_CEILING,
    ID_MAX_LENGTH,
    ID_PATTERN,
    MAX_DEPTH,
    MAX_DEPTH_CEILING,
    MAX_FILE_SIZE,
    MAX_FILE_SIZE_CEILING,
    MAX_NODES,
    MAX_NODES_CEILING,
    MAX_PROGRAM_NODES,
    MAX_PROGRAM_NODES_CEILING,
    MAX_PROGRAM_SIZE,
    MAX_PROGRAM_SIZE_CEILING,
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

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=ID_MAX_LENGTH,
        description="Identifier: ASCII letters, digits and . _ : - "
        "(starting with a letter or digit).",
    ),
]
Text = Annotated[str, Field(min_length=1)]


def _date_text(value: object) -> object:
    """Accept exactly what the schema accepts (a YYYY-MM-DD string) or a date object from
    Python callers; pydantic's lax date parsing would also take timestamps and datetimes.
    The records' generated checks call the same function."""
    date = parse_date(value)
    if date is None:
        raise ValueError("must be a date written YYYY-MM-DD")
    return date


Date = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    Field(strict=False, json_schema_extra={"pattern": DATE_PATTERN}),
]
Count = Annotated[int, Field(ge=0)]


def _distinct(values: list[str]) -> list[str]:
    """The one check of a list without repeats; the records call the same function."""
    problem = duplicate_item_problem(values)
    if problem is not None:
        raise ValueError(problem)
    return values


Methods = Annotated[
    list[TestMethod],
    Field(min_length=1, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_distinct),
]
"""A test that combined methods ("inquiry and inspection") lists them, each once."""


IdList = Annotated[list[str], Field(min_length=1)]
"""A list of references that means something only when it names at least one: an empty
``reports: []`` would put a control in no report, which is never what its author meant."""


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=False)


# --------------------------------------------------------------------------- system description


class Period(Model):
    """A Type 2 examination period."""

    start: Date = Field(description="First day of the period (YYYY-MM-DD).")
    end: Date = Field(description="Last day of the period (YYYY-MM-DD).")


class NotApplicable(Model):
    """A criterion of a selected category that does not apply (description criterion DC8)."""

    criterion: str = Field(description="TSC criterion ID, e.g. P3.1.")
    reason: Text = Field(description="Why the criterion does not apply; auditors require one.")


class Report(Model):
    """One SOC examination the program is prepared for."""

    id: Id = Field(description="Report ID, referenced by tests' `report` key (e.g. soc2-2026).")
    framework: Framework = Field(description="soc1 (ICFR, control objectives) or soc2 (TSC).")
    type: Literal[1, 2] = Field(
        description="1: design as of a date (`as_of`); 2: design and operating effectiveness "
        "over a `period`."
    )
    title: str | None = Field(default=None, description="Human-readable report name.")
    as_of: Date | None = Field(default=None, description="Type 1: the date of the description.")
    period: Period | None = Field(default=None, description="Type 2: the examination period.")
    categories: list[Category] = Field(
        default_factory=list,
        description="SOC 2: Trust Services Categories in scope; security is always required.",
    )
    not_applicable: list[NotApplicable] = Field(
        default_factory=list,
        description="SOC 2: criteria of selected categories that do not apply, with reasons.",
    )


class ControlObjective(Model):
    """A SOC 1 control objective, written by management."""

    id: Id = Field(description="Objective ID, referenced by controls' `objectives`.")
    title: Text = Field(description="The objective, e.g. 'Payroll changes are authorized'.")
    description: str | None = Field(default=None, description="Longer explanation.")


class Person(Model):
    """Someone who owns, performs or tests controls."""

    id: Id = Field(description="Person ID, referenced by owners, testers, team members.")
    name: Text = Field(description="Full name.")
    email: str | None = Field(default=None, description="Work e-mail address.")
    title: str | None = Field(default=None, description="Job title.")
    active: bool = Field(
        default=True,
        description="false once the person has left the company (whatever the dates say).",
    )
    joined: Date | None = Field(
        default=None,
        description="First working day (YYYY-MM-DD). Before it the person is not yet active: "
        "they cannot own, perform or review controls.",
    )
    left: Date | None = Field(
        default=None,
        description="Last working day (YYYY-MM-DD). The person is active on it and inactive "
        "from the day after.",
    )


class Team(Model):
    """A group that can own controls."""

    id: Id = Field(description="Team ID, usable as a control owner.")
    name: Text = Field(description="Team name.")
    lead: str | None = Field(default=None, description="Person ID of the team lead.")
    members: list[str] = Field(default_factory=list, description="Person IDs of the members.")


class SystemComponents(Model):
    """The components of a system that description criterion DC3 asks a description to
    present. Each is a list of short items (an account, a database, a team, a runbook, a
    data set) rather than one paragraph: the parts of a component are separate things that an
    auditor traces one by one and a report lists one per line, and a paragraph still fits
    as a one-item list."""

    infrastructure: list[Text] = Field(
        default_factory=list,
        description="The physical and cloud infrastructure: hosting, networks, data centres "
        "(e.g. 'AWS eu-west-1, three availability zones').",
    )
    software: list[Text] = Field(
        default_factory=list,
        description="The applications, databases and system software the system runs.",
    )
    people: list[Text] = Field(
        default_factory=list,
        description="The teams and roles that operate, support and govern the system.",
    )
    procedures: list[Text] = Field(
        default_factory=list,
        description="The automated and manual procedures by which the services are provided.",
    )
    data: list[Text] = Field(
        default_factory=list,
        description="The data the system processes and keeps: transactions, files, reports.",
    )


class System(Model):
    """One system the service runs on: an application, a platform or a database that
    controls operate on or over (IT general controls cover it; automated controls run on it)."""

    id: Id = Field(description="System ID, referenced by controls' `systems`.")
    name: Text = Field(description="The system's name, e.g. 'Payments platform'.")
    description: str | None = Field(default=None, description="What the system does.")
    components: SystemComponents | None = Field(
        default=None,
        description="Its components (DC3): infrastructure, software, people, procedures and "
        "data, each a list of items.",
    )


class Csoc(Model):
    """A complementary subservice organization control: what the report assumes a
    carved-out vendor does, mapped to the criteria or objectives it supports."""

    id: Id = Field(description="CSOC ID, unique across the program's CSOCs.")
    description: Text = Field(description="The control expected at the vendor.")
    criteria: list[str] = Field(
        default_factory=list, description="TSC criteria the CSOC supports, e.g. CC6.4."
    )
    objectives: list[str] = Field(
        default_factory=list, description="SOC 1 control objective IDs the CSOC supports."
    )


class SocReport(Model):
    """The vendor's own SOC report and its review by the service organization (CC9.2)."""

    type: Literal[1, 2] = Field(
        description="1: the vendor's controls as of a date (write `as_of`); 2: their "
        "operation over a period (write `period_end`)."
    )
    as_of: Date | None = Field(
        default=None, description="Type 1: the date the vendor's report describes (YYYY-MM-DD)."
    )
    period_end: Date | None = Field(
        default=None,
        description="Type 2: the last day of the vendor report's period (YYYY-MM-DD).",
    )
    received_on: Date = Field(description="The day the report was received (YYYY-MM-DD).")
    reviewed_by: str = Field(
        description="Person ID of who reviewed the report: its opinion, exceptions and the "
        "CUECs it expects of you."
    )
    bridge_letter_through: Date | None = Field(
        default=None,
        description="The last day a bridge (gap) letter from the vendor vouches for its "
        "controls after the report's period or date (YYYY-MM-DD).",
    )

    @model_validator(mode="after")
    def _dated_by_type(self) -> SocReport:
        problem = soc_report_problem(self.type, self.as_of, self.period_end)
        if problem is not None:
            raise ValueError(problem[1])
        return self


class SubserviceOrganization(Model):
    """A vendor whose controls the system relies on (description criterion DC7)."""

    id: Id = Field(description="Subservice organization ID.")
    name: Text = Field(description="Vendor name.")
    services: str | None = Field(default=None, description="Services the vendor provides.")
    method: Literal["carve-out", "inclusive"] = Field(
        description="carve-out: excluded from the report (CSOCs required); inclusive: the "
        "vendor's controls are included and tested."
    )
    csocs: list[Text | Csoc] = Field(
        default_factory=list,
        description="Complementary subservice organization controls expected at the vendor: "
        "each `{id, description, criteria, objectives}`, or a plain sentence (which maps "
        "nothing).",
    )
    soc_report: SocReport | None = Field(
        default=None,
        description="The vendor's own SOC report and who reviewed it: `{type, as_of (Type 1) "
        "or period_end (Type 2), received_on, reviewed_by, bridge_letter_through}`.",
    )


class Cuec(Model):
    """A complementary user entity control: something customers are expected to do."""

    id: Id = Field(description="CUEC ID.")
    description: Text = Field(description="What the user entity is expected to do.")
    criteria: list[str] = Field(default_factory=list, description="TSC criteria it supports.")
    objectives: list[str] = Field(
        default_factory=list, description="SOC 1 control objective IDs it supports."
    )
    controls: list[str] = Field(
        default_factory=list,
        description="Control IDs of the service organization's controls this CUEC complements.",
    )


class Change(Model):
    """A significant change to the system during the period (description criterion DC9)."""

    date: Date = Field(description="The day the change took effect (YYYY-MM-DD).")
    description: Text = Field(description="What changed, and why.")
    controls: list[str] = Field(
        default_factory=list,
        description="Control IDs the change introduced, retired or altered.",
    )


class Incident(Model):
    """A system incident during the period that the description must disclose (DC4)."""

    id: Id = Field(description="Incident ID, e.g. a ticket number.")
    date: Date = Field(description="The day the incident occurred (YYYY-MM-DD).")
    description: Text = Field(description="What happened, its effect and how it was resolved.")
    criteria: list[str] = Field(
        default_factory=list,
        description="TSC criteria whose achievement the incident affected.",
    )


class SystemDescription(Model):
    """The system description: scope, reports, people and the organization around the controls."""

    name: Text = Field(description="Name of the system or service in scope.")
    description: str | None = Field(default=None, description="What the system does.")
    services: str | None = Field(default=None, description="Services provided (DC1).")
    commitments: list[Text] = Field(
        default_factory=list,
        description="Principal service commitments and system requirements (DC2).",
    )
    reports: list[Report] = Field(description="The SOC examinations this program prepares for.")
    control_objectives: list[ControlObjective] = Field(
        default_factory=list, description="SOC 1 control objectives."
    )
    people: list[Person] = Field(default_factory=list, description="People.")
    teams: list[Team] = Field(default_factory=list, description="Teams.")
    subservice_organizations: list[SubserviceOrganization] = Field(
        default_factory=list, description="Subservice organizations (vendors) relied upon."
    )
    cuecs: list[Cuec] = Field(
        default_factory=list, description="Complementary user entity controls."
    )
    systems: list[System] = Field(
        default_factory=list,
        description="The systems the service runs on, with their components (DC3).",
    )
    changes: list[Change] = Field(
        default_factory=list,
        description="Significant changes to the system or its controls during the period (DC9).",
    )
    incidents: list[Incident] = Field(
        default_factory=list,
        description="System incidents during the period that affected the achievement of "
        "service commitments (DC4).",
    )


# --------------------------------------------------------------------------------- controls


class Evidence(Model):
    """Something that shows the control operates: a file in the repository or a link."""

    path: str | None = Field(
        default=None, description="Repository-relative path of an evidence file or directory."
    )
    url: str | None = Field(default=None, description="Link to evidence kept elsewhere.")
    description: str | None = Field(default=None, description="What the evidence shows.")
    as_of: Date | None = Field(
        default=None,
        description="The date the evidence shows or was taken (YYYY-MM-DD): a screenshot's "
        "day, a review's sign-off, an export's run. It places the evidence inside or outside "
        "a report's period.",
    )

    @model_validator(mode="after")
    def _one_location(self) -> Evidence:
        problem = evidence_location_problem(self.path, self.url)
        if problem is not None:
            raise ValueError(problem)
        return self


class Covers(Model):
    """The span of the control's occurrences a test's sample was drawn from."""

    start: Date = Field(description="First day of the sampled span (YYYY-MM-DD).")
    end: Date = Field(description="Last day of the sampled span (YYYY-MM-DD), not before start.")

    @model_validator(mode="after")
    def _in_order(self) -> Covers:
        problem = covers_problem(self.start, self.end)
        if problem is not None:
            raise ValueError(problem)
        return self


class Deviation(Model):
    """One exception found by a test: what it was and what management did about it."""

    item: Text = Field(description="The sampled item that deviated: a ticket, a date, a record ID.")
    description: Text = Field(description="What was wrong with the item.")
    cause: Text | None = Field(default=None, description="Why it happened, once known.")
    management_response: Text | None = Field(
        default=None,
        description="What management did or will do about it; auditors print it in the "
        "report next to the exception. 'undocumented-deviation' reports a deviation "
        "without one.",
    )
    remediated_on: Date | None = Field(
        default=None, description="Date the cause was fixed (YYYY-MM-DD)."
    )
    compensating_controls: list[str] = Field(
        default_factory=list,
        description="Control IDs of controls that limited the effect of the deviation.",
    )


class Effective(Model):
    """The days a control operated, for a control introduced or retired during a period."""

    from_: Date | None = Field(
        default=None,
        alias="from",
        description="First day the control operated (YYYY-MM-DD); omitted: since before any "
        "period.",
    )
    to: Date | None = Field(
        default=None,
        description="Last day the control operated (YYYY-MM-DD); omitted: still operating.",
    )

    @model_validator(mode="after")
    def _in_order(self) -> Effective:
        problem = effective_problem(self.from_, self.to)
        if problem is not None:
            raise ValueError(problem)
        return self


class ControlTest(Model):
    """A test of the control: how it was examined, by whom, and what was found."""

    id: Id = Field(description="Test ID, unique across the program.")
    kind: TestKind = Field(
        default="operating",
        description="design (Type 1 walkthrough) or operating (Type 2 effectiveness).",
    )
    method: TestMethod | Methods = Field(
        description="inquiry, observation, inspection or reperformance (weakest to strongest), "
        "or a list of them when the test combined methods (e.g. [inquiry, inspection]); "
        "inquiry alone never suffices."
    )
    procedure: Text = Field(description="What the tester did.")
    performed_on: Date = Field(description="Date the test was performed (YYYY-MM-DD).")
    performed_by: str = Field(description="Person ID of the tester.")
    report: str | None = Field(
        default=None, description="Report ID this test counts for; omitted = every report."
    )
    population: Count | None = Field(default=None, description="Size of the population.")
    sample_size: Count | None = Field(default=None, description="Number of items sampled.")
    exceptions: Count | None = Field(default=None, description="Number of deviations found.")
    result: TestResult = Field(description="pass, exceptions or fail.")
    notes: str | None = Field(default=None, description="Free-text notes.")
    covers: Covers | None = Field(
        default=None,
        description="The span of occurrences the sample was drawn from ({start, end}); for a "
        "Type 2 report the tests' spans together should cover the period.",
    )
    phase: TestPhase | None = Field(
        default=None,
        description="interim (tested during the period, covering its first part) or "
        "roll-forward (covering the rest, up to the period end).",
    )
    deviations: list[Deviation] = Field(
        default_factory=list,
        description="One entry per exception found: the item, what was wrong and "
        "management's response.",
    )
    retest_of: str | None = Field(
        default=None,
        description="Test ID of the earlier test of the same control that this one "
        "retests after remediation.",
    )
    population_source: Text | None = Field(
        default=None,
        description="Where the population listing came from and how its completeness was checked.",
    )
    reviewed_by: str | None = Field(
        default=None,
        description="Person ID of who reviewed the test work; independent of the tester "
        "and the control's owner.",
    )
    reviewed_on: Date | None = Field(
        default=None, description="Date the test work was reviewed (YYYY-MM-DD)."
    )


class Control(Model):
    """A control: who does what, how often, mapped to criteria and objectives, and its tests."""

    id: Id = Field(description="Control ID, unique across the program (e.g. AC-01).")
    title: Text = Field(description="Short name of the control.")
    description: Text = Field(description="Who does what, how often, with what evidence.")
    owner: str | None = Field(default=None, description="Person ID or team ID accountable.")
    criteria: list[str] = Field(
        default_factory=list, description="TSC criterion IDs, e.g. CC6.1, A1.2."
    )
    objectives: list[str] = Field(default_factory=list, description="SOC 1 control objective IDs.")
    frequency: Frequency | None = Field(default=None, description="How often the control runs.")
    nature: Nature | None = Field(default=None, description="preventive, detective, corrective.")
    automation: Automation | None = Field(
        default=None, description="manual, automated or it-dependent-manual."
    )
    key: bool = Field(default=False, description="Whether this is a key control.")
    reports: IdList | None = Field(
        default=None,
        description="Report IDs the control is in scope for; omitted = every report whose "
        "criteria or objectives it maps. A control scoped out of a report neither covers "
        "its criteria or objectives there nor needs a test for it.",
    )
    layer: Layer | None = Field(
        default=None,
        description="entity-level (governance, risk, monitoring), itgc (an IT general "
        "control over systems) or business-process.",
    )
    systems: list[str] = Field(
        default_factory=list,
        description="System IDs (the system description's `systems`) the control operates on "
        "or, for an IT general control, over.",
    )
    subservice_organization: str | None = Field(
        default=None,
        description="Subservice organization ID, for a control performed by an inclusive "
        "subservice organization.",
    )
    effective: Effective | None = Field(
        default=None,
        description="`{from, to}`: the days the control operated, for a control introduced "
        "or retired during a period; either may be omitted. Its tests are judged only over "
        "those days.",
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Evidence of operation.")
    tests: list[ControlTest] = Field(default_factory=list, description="Tests of the control.")


class ControlFile(Model):
    """A file holding several controls."""

    controls: list[Control] = Field(description="The controls in this file.")


# ---------------------------------------------------------------------------------- config


class Waiver(Model):
    """An accepted, expiring exception to a rule, reviewable by an auditor."""

    rule: str = Field(description="Rule ID the waiver applies to.")
    subject: str = Field(
        description="Control, criterion or objective ID (or a glob such as 'AC-*')."
    )
    reason: Text = Field(description="Why the finding is accepted.")
    approved_by: str = Field(description="Person ID of the approver (not the control's owner).")
    expires: Date = Field(description="Date after which the waiver no longer applies.")
    ticket: str | None = Field(default=None, description="Tracking ticket or link.")


class Limits(Model):
    """Safety limits for reading untrusted files. Each has a ceiling: the configuration is
    part of the program, and a pull request must not be able to lift them."""

    max_file_size: int = Field(
        default=MAX_FILE_SIZE,
        ge=1,
        le=MAX_FILE_SIZE_CEILING,
        description="Largest file read, in bytes (at most 16 MiB).",
    )
    max_depth: int = Field(
        default=MAX_DEPTH,
        ge=4,
        le=MAX_DEPTH_CEILING,
        description="Deepest nesting of YAML collections (at most 256).",
    )
    max_nodes: int = Field(
        default=MAX_NODES,
        ge=100,
        le=MAX_NODES_CEILING,
        description="Most YAML nodes in one file, counting each alias expansion "
        "(at most 10,000,000).",
    )
    max_program_size: int = Field(
        default=MAX_PROGRAM_SIZE,
        ge=1024,
        le=MAX_PROGRAM_SIZE_CEILING,
        description="Most bytes of YAML read for one run, over the system description and "
        "every control file (at most 1 GiB); files past it are not read.",
    )
    max_program_nodes: int = Field(
        default=MAX_PROGRAM_NODES,
        ge=1000,
        le=MAX_PROGRAM_NODES_CEILING,
        description="Most YAML nodes read for one run, over the system description and every "
        "control file, counted as for max_nodes (at most 100,000,000); files past it are not "
        "read.",
    )


class WaiverPolicy(Model):
    """What the waiver stage accepts: auditors reject blanket exceptions."""

    max_subjects: int = Field(
        default=3,
        ge=1,
        description="Most different subjects one waiver may cover before 'broad-waiver' "
        "warns: list the exceptions one by one instead.",
    )


class KeyControls(Model):
    """What 'no-key-control' judges. SOC 1 control objectives always; the SOC 2 criteria only
    when a firm asks, because many SOC 2 programs never designate key controls and would
    otherwise get a warning for every criterion."""

    criteria: bool = Field(
        default=False,
        description="Also judge the SOC 2 criteria of every SOC 2 report: a criterion in scope "
        "covered only by controls that are not `key` is a 'no-key-control' warning.",
    )


class Config(Model):
    """soccheck.yaml: where the program lives and how it is checked."""

    system: str = Field(default="system.yaml", description="Path of the system description.")
    controls: list[str] = Field(
        default_factory=lambda: ["controls/**/*.yaml", "controls/**/*.yml"],
        description="Glob patterns of control files, relative to the root.",
    )
    exclude: list[str] = Field(default_factory=list, description="Glob patterns to skip.")
    rules: dict[str, SeverityOverride] = Field(
        default_factory=dict, description="Per-rule severity: error, warning or off."
    )
    fail_on: Severity = Field(
        default="error", description="Lowest severity that makes the exit code 1."
    )
    waivers: list[Waiver] = Field(default_factory=list, description="Accepted exceptions.")
    waiver_policy: WaiverPolicy = Field(
        default_factory=WaiverPolicy, description="What a single waiver may cover."
    )
    limits: Limits = Field(default_factory=Limits, description="Limits for reading files.")
    key_controls: KeyControls = Field(
        default_factory=KeyControls,
        description="What 'no-key-control' judges: SOC 1 objectives always, SOC 2 criteria "
        "with `criteria: true`.",
    )
    sampling: dict[Frequency, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict,
        description="Minimum Type 2 sample size by control frequency, merged over the "
        "built-in table: `{daily: 15, monthly: 3}` changes those two and keeps the rest.",
    )
    fieldwork_days: int = Field(
        default=FIELDWORK_DAYS,
        ge=0,
        le=FIELDWORK_DAYS_CEILING,
        description="Days after a Type 2 period ends during which operating tests may "
        "still be performed and count for it (at most 730).",
    )
