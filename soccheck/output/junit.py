"""JUnit XML: the program as a compliance checklist a reviewer opens in a pull request.

Layout (see docs/ci.md):

- one ``<testsuite>`` per report in the system description, named like
  ``soc2-2026 (SOC 2 Type 2)``, holding a test case per criterion in the report's scope (SOC 2)
  or per control objective (SOC 1), then a test case per control the report examines;
- one ``program`` suite for everything not tied to a report: a test case per program file
  (schema, YAML and reference findings that concern no control land there) and one per control
  that no report examines.

A test case fails when it has a finding that fails the run (an error, or a warning under
``--fail-on warning``): one ``<failure>`` whose ``type`` is the rule ID (IDs, comma-separated,
when several rules fired) and whose message and text list every finding. Findings that do not
block the run (warnings below ``--fail-on``, waived findings) and criteria marked not
applicable make the case ``<skipped>`` with the reason; JUnit consumers show skipped cases as
notices, never as failures. So the report's failure count matches the exit code: zero failures
if and only if soccheck exits 0.

Findings are matched to test cases by their ``subject``: a control ID, a test ID (counted
against its control, and only in the report the test is for), a criterion or an objective ID.
A finding about one report only (a control untested for that report, a criterion left
uncovered in its scope) counts only in that report's suite.
Test cases carry ``file`` and ``line`` (the first blocking finding's, else the object's own) so
GitHub test-report actions annotate the right line.

The output follows the Apache Ant JUnit XSD (junit-windyroad.xsd) except for attributes it
does not declare and that consumers rely on: ``testcase/@file`` and ``@line``, and the totals on
``<testsuites>``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from junit_xml import TestCase, TestSuite  # type: ignore[import-untyped]

from soccheck._version import __version__
from soccheck.checks.rules.base import Context, report_label
from soccheck.support.text import escape_surrogates

if TYPE_CHECKING:
    from soccheck.checks.checker import Result
    from soccheck.checks.findings import Finding
    from soccheck.format.record_base import Source
    from soccheck.format.records import Control, Report
    from soccheck.output.locations import Locator

PROGRAM_SUITE = "program"

# Characters XML 1.0 cannot carry at all (YAML double-quoted strings can hold "\v" or "\x00").
# Lone surrogates (file names that are not UTF-8) are escaped before, as in every output.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", escape_surrogates(text))


def _one_line(text: str) -> str:
    """Names are xs:token: no line breaks, no runs of spaces."""
    return _SPACES.sub(" ", _xml_text(text)).strip()


@dataclass
class Case:
    """One checklist item and the findings that concern it."""

    classname: str
    name: str
    file: str
    line: int
    findings: list[Finding] = field(default_factory=list)
    skip_reason: str | None = None
    """Why the item does not apply (a criterion marked not applicable)."""
    report_id: str | None = None
    """The report whose suite holds the case (None in the program suite)."""


@dataclass
class Suite:
    name: str
    properties: dict[str, str]
    cases: list[Case] = field(default_factory=list)


# ------------------------------------------------------------------------------ the checklist


class _Builder:
    """Builds the suites; every lookup goes through an index (programs can be large)."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.program = result.program
        self.locator = result.locator
        self.ctx: Context | None = result.context
        if self.ctx is None and self.program.system is not None:
            # A Result built by hand; scope lookups do not depend on the evaluation date.
            self.ctx = Context(self.program, dt.date.today())
        self.program_suite = Suite(PROGRAM_SUITE, _base_properties(result))
        # id(control) -> [(report ID, case)]: a control has a case in each report examining it.
        self.control_cases: dict[int, list[tuple[str | None, Case]]] = {}
        self.criterion_cases: dict[str, list[Case]] = {}
        self.objective_cases: dict[str, list[Case]] = {}
        self.file_cases: dict[str, Case] = {}
        self.controls_by_id: dict[str, list[Control]] = {}
        self.tests_by_id: dict[str, list[tuple[Control, str | None]]] = {}
        self.by_file: dict[str, list[Control]] = {}
        self.spans: dict[str, tuple[list[tuple[int, int]], list[Control | None]]] = {}
        for control in self.program.controls:
            self.controls_by_id.setdefault(control.id, []).append(control)
            if control.source is not None:
                self.by_file.setdefault(control.source.file, []).append(control)
            for test in control.tests:
                self.tests_by_id.setdefault(test.id, []).append((control, test.report))

    def position(self, source: Source | None) -> tuple[str, int]:
        file, line, _column = self.program.position(source)
        return self.locator.path(file), line

    def blocks(self, finding: Finding) -> bool:
        """Whether the finding makes the run fail (the exit code's rule)."""
        return finding.waived is None and (
            finding.severity == "error" or self.result.fail_on == "warning"
        )

    # -- suites ----------------------------------------------------------------------------

    def build(self) -> list[Suite]:
        suites = [self.report_suite(report) for report in self._reports()]
        self.fill_program_suite()
        suites.append(self.program_suite)
        for finding in self.result.findings:
            self.place(finding)
        for suite in suites:
            for case in suite.cases:
                blocking = [f for f in case.findings if self.blocks(f)]
                if blocking:
                    case.file = self.locator.path(blocking[0].path)
                    case.line = blocking[0].line
        return suites

    def _reports(self) -> list[Report]:
        if self.ctx is None:
            return []
        seen: set[str] = set()
        reports = []
        for report in self.ctx.system.reports:
            if report.id not in seen:  # a repeated report ID is reported by its own rule
                seen.add(report.id)
                reports.append(report)
        return reports

    def report_suite(self, report: Report) -> Suite:
        assert self.ctx is not None
        ctx = self.ctx
        properties = {**_report_properties(report), **_base_properties(self.result)}
        suite = Suite(_one_line(report_label(report)), properties)
        if report.framework == "soc1":
            for objective in ctx.objectives.values():
                file, line = self.position(objective.source)
                name = _one_line(f"{objective.id}: {objective.title}")
                case = Case(f"{report.id}.objectives", name, file, line, report_id=report.id)
                suite.cases.append(case)
                self.objective_cases.setdefault(objective.id, []).append(case)
        else:
            report_file, report_line = self.position(report.source)
            not_applicable = {na.criterion: na for na in report.not_applicable}
            criteria = ctx.catalog.criteria
            for criterion_id in ctx.report_criteria(report):
                na = not_applicable.get(criterion_id)
                file, line = self.position(na.source) if na else (report_file, report_line)
                name = _one_line(f"{criterion_id}: {criteria[criterion_id].title}")
                reason = f"not applicable: {_one_line(na.reason)}" if na else None
                case = Case(
                    f"{report.id}.criteria",
                    name,
                    file,
                    line,
                    skip_reason=reason,
                    report_id=report.id,
                )
                suite.cases.append(case)
                self.criterion_cases.setdefault(criterion_id, []).append(case)
        for control in self.program.controls:
            if ctx.in_scope(control, report):
                suite.cases.append(self.control_case(control, f"{report.id}.controls", report.id))
        return suite

    def fill_program_suite(self) -> None:
        files = list(self.program.files)
        config_path = self.program.config_path
        if config_path is not None and config_path not in files:
            files.insert(0, config_path)
        for path in files:
            self.file_case(path)
        for control in self.program.controls:
            if id(control) not in self.control_cases:
                case = self.control_case(control, "program.controls", None)
                self.program_suite.cases.append(case)

    def control_case(self, control: Control, classname: str, report_id: str | None) -> Case:
        file, line = self.position(control.source)
        case = Case(classname, _one_line(f"{control.id}: {control.title}"), file, line)
        self.control_cases.setdefault(id(control), []).append((report_id, case))
        return case

    def file_case(self, path: str) -> Case:
        case = self.file_cases.get(path)
        if case is None:
            located = self.locator.path(path)
            case = Case("program.files", _one_line(located), located, 1)
            self.file_cases[path] = case
            files_so_far = len(self.file_cases) - 1
            self.program_suite.cases.insert(files_so_far, case)
        return case

    # -- placing findings ------------------------------------------------------------------

    def place(self, finding: Finding) -> None:
        subject = finding.subject
        if subject is not None:
            controls = self.controls_by_id.get(subject)
            if controls:
                control = self.owner_of(finding, controls)
                self.add_to_control(control, finding, finding.report)
                return
            tests = self.tests_by_id.get(subject)
            if tests:
                control = self.owner_of(finding, [control for control, _ in tests])
                report_id = next(rid for c, rid in tests if c is control)
                self.add_to_control(control, finding, finding.report or report_id)
                return
            cases = self.criterion_cases.get(subject) or self.objective_cases.get(subject)
            if cases:
                # A finding about one report's scope fails only that report's case.
                chosen = [c for c in cases if finding.report and c.report_id == finding.report]
                for case in chosen or cases:
                    case.findings.append(finding)
                return
        enclosing = self.enclosing_control(finding)
        if enclosing is not None:
            self.add_to_control(enclosing, finding, self.raw_test_report(enclosing, subject))
            return
        self.file_case(finding.path).findings.append(finding)

    def owner_of(self, finding: Finding, candidates: list[Control]) -> Control:
        """Of the controls a finding's subject names (several when an ID is reused), the one
        it is about: the control whose YAML block holds the finding, else the one defined in
        the finding's file, else the first."""
        if len(candidates) == 1:
            return candidates[0]
        enclosing = self.enclosing_control(finding)
        if enclosing is not None and any(c is enclosing for c in candidates):
            return enclosing
        for control in candidates:
            if control.source is not None and control.source.file == finding.path:
                return control
        return candidates[0]

    def raw_test_report(self, control: Control, test_id: str | None) -> str | None:
        """The ``report`` of a test that was dropped as invalid, read from the YAML data."""
        source = control.source
        doc = self.program.documents.get(source.file) if source is not None else None
        if test_id is None or source is None or doc is None:
            return None
        node = doc.data
        for key in source.path:
            if isinstance(node, dict) and isinstance(key, str):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                return None
        tests = node.get("tests") if isinstance(node, dict) else None
        for test in tests if isinstance(tests, list) else []:
            if isinstance(test, dict) and test.get("id") == test_id:
                report = test.get("report")
                return report if isinstance(report, str) else None
        return None

    def enclosing_control(self, finding: Finding) -> Control | None:
        """The control whose YAML block holds the finding (a test dropped as invalid, say).

        Controls of a file are listed items; an item spans from its start to the next item's,
        and belongs to a control only if that item became one (an invalid item did not).
        """
        spans = self.spans.get(finding.path)
        if spans is None:
            spans = self.spans[finding.path] = self._spans(finding.path)
        index = bisect.bisect_right(spans[0], (finding.line, finding.column)) - 1
        return spans[1][index] if index >= 0 else None

    def _spans(self, path: str) -> tuple[list[tuple[int, int]], list[Control | None]]:
        doc = self.program.documents.get(path)
        by_path = {c.source.path: c for c in self.by_file.get(path, []) if c.source is not None}
        if doc is None or not by_path:
            return [], []
        if () in by_path:  # a file holding one control
            return [(1, 1)], [by_path[()]]
        data = doc.data
        items = data.get("controls") if isinstance(data, dict) else None
        starts: list[tuple[int, int]] = []
        owners: list[Control | None] = []
        for index in range(len(items) if isinstance(items, list) else 0):
            position = doc.positions.get(("controls", index))
            if position is not None and (not starts or position > starts[-1]):
                starts.append(position)
                owners.append(by_path.get(("controls", index)))
        return starts, owners

    def add_to_control(self, control: Control, finding: Finding, report_id: str | None) -> None:
        cases = self.control_cases[id(control)]
        # A test written for one report counts only there (when that report examines the control).
        chosen = [case for rid, case in cases if report_id is not None and rid == report_id]
        for case in chosen or [case for _, case in cases]:
            case.findings.append(finding)


def _report_properties(report: Report) -> dict[str, str]:
    properties = {
        "report.id": report.id,
        "report.framework": report.framework,
        "report.type": str(report.type),
    }
    if report.title:
        properties["report.title"] = _one_line(report.title)
    if report.period is not None:
        properties["report.period"] = f"{report.period.start}/{report.period.end}"
    if report.as_of is not None:
        properties["report.as_of"] = report.as_of.isoformat()
    if report.categories:
        properties["report.categories"] = ",".join(report.categories)
    return properties


def _base_properties(result: Result) -> dict[str, str]:
    return {"soccheck.version": __version__, "soccheck.fail_on": result.fail_on}


# -------------------------------------------------------------------------------- rendering


def _describe(finding: Finding, locator: Locator) -> str:
    where = f"{locator.path(finding.path)}:{finding.line}:{finding.column}:"
    message = locator.ci_message(finding)
    if finding.waived is not None:
        return f"{where} waived {finding.rule} {message} [{_waiver_text(finding)}]"
    return f"{where} {finding.severity} {finding.rule} {message}"


def _waiver_text(finding: Finding) -> str:
    waiver = finding.waived
    assert waiver is not None
    text = f"waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}"
    if waiver.ticket:
        text += f" ({waiver.ticket})"
    return text


def _note(finding: Finding, locator: Locator) -> str:
    """Why a non-blocking finding does not fail its case."""
    if finding.waived is not None:
        return f"[{finding.rule}] {_waiver_text(finding)}"
    return f"{finding.severity}: [{finding.rule}] {locator.ci_message(finding)}"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _test_case(case: Case, builder: _Builder) -> TestCase:
    test_case = TestCase(
        case.name, classname=case.classname, file=_xml_text(case.file), line=case.line
    )
    locator = builder.locator
    blocking = [f for f in case.findings if builder.blocks(f)]
    details = "\n".join(_describe(f, locator) for f in case.findings) or None
    if blocking:
        if len(blocking) == 1:
            message = locator.ci_message(blocking[0])
        else:
            message = f"{len(blocking)} findings: " + "; ".join(
                f"[{f.rule}] {locator.ci_message(f)}" for f in blocking
            )
        rules = ", ".join(_unique(f.rule for f in blocking))
        test_case.add_failure_info(
            message=_xml_text(message), output=_xml_text(details or ""), failure_type=rules
        )
    elif case.findings:
        message = "; ".join(_note(f, locator) for f in case.findings)
        test_case.add_skipped_info(message=_xml_text(message), output=_xml_text(details or ""))
    elif case.skip_reason is not None:
        test_case.add_skipped_info(message=_xml_text(case.skip_reason))
    return test_case


def _timestamp() -> str:
    """Now in UTC without a zone (the XSD's form); SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _hostname() -> str:
    try:
        name = socket.gethostname().strip()
    except OSError:
        name = ""
    return _one_line(name) or "localhost"


def render(result: Result, *, color: bool = False) -> str:
    builder = _Builder(result)
    suites = builder.build()
    timestamp, hostname = _timestamp(), _hostname()
    root = ET.Element("testsuites", {"name": "soccheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for index, suite in enumerate(suites):
        junit_suite = TestSuite(
            _xml_text(suite.name),
            [_test_case(case, builder) for case in suite.cases],
            hostname=hostname,
            timestamp=timestamp,
            properties={k: _xml_text(v) for k, v in suite.properties.items()},
        )
        element = junit_suite.build_xml_doc()
        _conform(element, index, suite.name)
        for key in totals:
            totals[key] += int(element.get(key, "0"))
        root.append(element)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _conform(element: ET.Element, index: int, name: str) -> None:
    """Fill in what the Ant JUnit XSD requires and junit-xml leaves out or adds.

    junit-xml drops zero values (``id="0"``, ``time="0"``), writes a ``disabled`` count and a
    ``type`` on ``<skipped>`` that the XSD does not declare, and only writes ``<properties>``,
    ``<system-out>`` and ``<system-err>`` when they have content; the XSD requires all three,
    the last two after the test cases.
    """
    element.set("id", str(index))
    element.set("package", _one_line(name))
    element.set("time", "0")
    element.attrib.pop("disabled", None)
    if element.find("properties") is None:
        element.insert(0, ET.Element("properties"))
    for case in element.iter("testcase"):
        case.set("time", case.get("time") or "0")
    for skipped in element.iter("skipped"):
        skipped.attrib.pop("type", None)
    ET.SubElement(element, "system-out")
    ET.SubElement(element, "system-err")
