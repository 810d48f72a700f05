"""Helpers for the readiness-report tests: example programs with gaps, and an HTML reader."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from soccheck.checks.checker import Options, Result, check
from soccheck.load.program import load_program
from soccheck.readiness.model import ReadinessReport, build
from tests.conftest import EXAMPLES, SYSTEM, TODAY, write_program

TODAY_DATE = dt.date.fromisoformat(TODAY)

HOSTILE_TITLE = 'Office badge access <script>alert("x")</script> & <b>reviewed</b>'


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_gap_saas(root: Path) -> Path:
    """examples/saas with three gaps and a hostile title:

    - AV-02's only test (and the span it sampled) predates the period, so AV-02 is untested
      and A1.3 (mapped only by AV-02) is covered but untested; A1.2 stays tested through AV-01;
    - AV-01's test found one exception (described, with management's response);
    - VEN-01 no longer maps CC9.2, so CC9.2 is uncovered;
    - AC-06's title carries markup.
    """
    shutil.copytree(EXAMPLES / "saas", root)
    availability = root / "controls" / "availability.yaml"
    text = availability.read_text(encoding="utf-8")
    start = text.index("id: AV-02")
    date_at = text.index("performed_on:", start)
    end = text.index("\n", date_at)
    text = text[:date_at] + "performed_on: 2025-11-02" + text[end:]
    # (and it sampled last year, as a test before the period does)
    text = text.replace(
        "covers: {start: 2026-01-01, end: 2026-09-21}",
        "covers: {start: 2025-01-01, end: 2025-10-31}",
        1,
    )
    availability.write_text(text, encoding="utf-8")
    edit(
        availability,
        "        exceptions: 0\n        result: pass",
        "        exceptions: 1\n        result: exceptions\n"
        "        deviations: [{item: job of 2026-05-14, description: Failed and rerun a day late.,"
        " management_response: Failed jobs now page the on-call engineer.}]",
    )
    edit(root / "controls" / "vendor.yaml", "criteria: [CC2.3, CC9.2]", "criteria: [CC2.3]")
    edit(
        root / "controls" / "access.yaml",
        "title: Office badge access restricted and reviewed quarterly",
        f"title: '{HOSTILE_TITLE}'",
    )
    return root


@pytest.fixture
def gap_saas(tmp_path: Path) -> Path:
    return make_gap_saas(tmp_path / "gap-saas")


def checked(root: Path, today: dt.date = TODAY_DATE) -> Result:
    return check(load_program(root), Options(today=today))


def model_of(
    root: Path,
    report: str | None = None,
    today: dt.date = TODAY_DATE,
    adjust: Callable[[Result], None] | None = None,
) -> ReadinessReport:
    """Load, check and build, as ``soccheck report`` does; ``adjust`` may edit the findings
    in between (standing in for the waiver stage)."""
    result = checked(root, today)
    if adjust is not None:
        adjust(result)
    return build(result, today, report)


# ------------------------------------------------------------------------------- HTML reader


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    """The element's own text (not its children's)."""
    children: list[Element] = field(default_factory=list)
    content: list[Element | str] = field(default_factory=list)
    """Text and children in document order."""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                found.append(child)
            found += child.find_all(tag, cls)
        return found

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    def by_id(self, ident: str) -> Element:
        for element in [self, *self.find_all()]:
            if element.attrs.get("id") == ident:
                return element
        raise AssertionError(f"no element with id {ident}")

    @property
    def all_text(self) -> str:
        """All text inside, in document order, whitespace collapsed."""
        parts = [p if isinstance(p, str) else p.all_text for p in self.content]
        return " ".join(" ".join(parts).split())


VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr"}


class TreeBuilder(HTMLParser):
    """A small DOM from the standard library's parser (the report's HTML is well formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.start_tags: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tags.append(tag)
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        self.stack[-1].content.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag == "style":
            self.styles.append(data)
        self.stack[-1].text += data
        self.stack[-1].content.append(data)


def parse_html(text: str) -> TreeBuilder:
    parser = TreeBuilder()
    parser.feed(text)
    parser.close()
    assert [e.tag for e in parser.stack] == ["#document"], "unclosed elements"
    return parser


# ------------------------------------------------------------------------ the audit trail

TRAIL_SYSTEM = SYSTEM.replace(
    "  - {id: tom, name: Tom Tester}\n",
    "  - {id: tom, name: Tom Tester}\n  - {id: rita, name: Rita Reviewer}\n",
)

TRAIL_CONTROLS = """\
controls:
  - id: AC-01
    title: Quarterly access review
    description: Owners review production access each quarter.
    owner: alice
    criteria: [CC6.1]
    frequency: quarterly
    nature: detective
    automation: manual
    evidence:
      - path: evidence/ac/review-2025-q4.csv
        description: Q4 2025 review.
        as_of: 2025-12-15
      - path: evidence/ac/review-2026-q1.csv
        description: Q1 2026 review.
        as_of: 2026-03-31
      - url: EVIDENCE_URL
        as_of: 2026-07-10
      - path: evidence/ac/procedure.md
        description: The review procedure.
    tests:
      - id: T-AC-01-I
        method: [inquiry, inspection]
        procedure: Inspected the Q1 review and its sign-off.
        performed_on: 2026-04-10
        performed_by: tom
        covers: {start: 2026-01-01, end: 2026-03-31}
        phase: interim
        population: 1
        population_source: DEVIATION_POPULATION_SOURCE
        sample_size: 1
        exceptions: 1
        result: fail
        deviations:
          - item: DEVIATION_ITEM
            description: DEVIATION_DESCRIPTION
            cause: The reviewer was on leave.
            management_response: DEVIATION_RESPONSE
            remediated_on: 2026-04-20
            compensating_controls: [GOV-01]
        reviewed_by: rita
        reviewed_on: 2026-04-15
      - id: T-AC-01-R
        method: inspection
        procedure: Inspected the Q2 review after the backup reviewer was named.
        performed_on: 2026-07-06
        performed_by: tom
        covers: {start: 2026-04-01, end: 2026-06-30}
        phase: roll-forward
        population: 1
        sample_size: 1
        exceptions: 0
        result: pass
        retest_of: T-AC-01-I
        reviewed_by: rita
        reviewed_on: 2026-07-08
"""
"""A quarterly control with the whole audit trail: evidence before, in and after the period
and one undated; an interim test that failed (one deviation, remediated) and its roll-forward
retest. The DEVIATION_* placeholders are replaced by ``make_trail_program``."""

TRAIL_TEXTS = {
    "DEVIATION_ITEM": "2026-Q1 review",
    "EVIDENCE_URL": "https://tickets.example.com/ACC-7",
    "DEVIATION_DESCRIPTION": "The review was signed off 20 days late.",
    "DEVIATION_RESPONSE": "A backup reviewer is named for each quarter.",
    "DEVIATION_POPULATION_SOURCE": "Jira export of review tickets, reconciled to the calendar.",
}


def make_trail_program(
    root: Path, texts: dict[str, str] | None = None, system: str = TRAIL_SYSTEM
) -> Path:
    """A small program with the audit trail (``TRAIL_CONTROLS``); ``texts`` replaces the
    deviation's item, description and management response, the population source and the
    URL of the evidence dated after the period (written
    as JSON strings, which YAML reads as double-quoted ones, so hostile values can hold any
    character)."""
    controls = TRAIL_CONTROLS
    for key, value in {**TRAIL_TEXTS, **(texts or {})}.items():
        controls = controls.replace(key, json.dumps(value))
    evidence = {
        "evidence/ac/review-2025-q4.csv": "reviewer,date\n",
        "evidence/ac/review-2026-q1.csv": "reviewer,date\n",
        "evidence/ac/procedure.md": "# Procedure\n",
    }
    return without_spans(
        write_program(root, {"access.yaml": controls}, system=system, extra=evidence)
    )


def without_spans(root: Path) -> Path:
    """``root`` with the shared coverage control's test recording no ``covers``: the reports
    tests compare a control with an audit trail against one without (GOV-01)."""
    coverage = root / "controls" / "_coverage.yaml"
    text = coverage.read_text(encoding="utf-8")
    span = "        covers: {start: 2026-01-01, end: 2026-03-01}\n"
    assert span in text
    coverage.write_text(text.replace(span, ""), encoding="utf-8")
    return root


@pytest.fixture
def trail(tmp_path: Path) -> Path:
    return make_trail_program(tmp_path / "trail")
