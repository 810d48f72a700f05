"""Run the rules over a loaded program and apply the project's policy to the findings.

Policy precedence, highest first: command-line options (``--select``, ``--ignore``,
``--fail-on``) > configuration (``rules``, ``fail_on``) > each rule's default severity.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from soccheck.findings import Finding, Severity, sort_findings
from soccheck.program import Program
from soccheck.rules import RULES, Context


@dataclass(frozen=True)
class Options:
    today: dt.date = field(default_factory=dt.date.today)
    select: frozenset[str] | None = None
    """Only these rules run (None: all)."""
    ignore: frozenset[str] = frozenset()
    fail_on: Severity | None = None
    """Overrides the configuration's ``fail_on`` when set."""


@dataclass
class Result:
    program: Program
    findings: list[Finding]
    fail_on: Severity

    @property
    def active(self) -> list[Finding]:
        """Findings that count (not waived)."""
        return [f for f in self.findings if f.waived is None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    @property
    def failed(self) -> bool:
        if self.fail_on == "warning":
            return any(True for _ in self.active)
        return self.count("error") > 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def unknown_rule_ids(ids: Iterable[str]) -> list[str]:
    """Messages for rule IDs that do not exist, with a suggestion each."""
    problems = []
    for rule_id in ids:
        if rule_id not in RULES:
            close = difflib.get_close_matches(rule_id, list(RULES), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"unknown rule '{rule_id}'{hint}")
    return problems


def _config_findings(program: Program) -> list[Finding]:
    """Unknown rule IDs in the configuration's ``rules`` table."""
    config_path = program.config_path
    findings: list[Finding] = []
    if config_path is None:
        return findings
    doc = program.documents.get(config_path)
    for rule_id in program.config.rules:
        for message in unknown_rule_ids([rule_id]):
            line, column = doc.key_position(("rules", rule_id)) if doc else (1, 1)
            findings.append(Finding("config", "error", config_path, line, column, message))
    return findings


def run_rules(program: Program, today: dt.date, enabled: Iterable[str]) -> list[Finding]:
    """Program-level rules; skipped when the system description could not be loaded
    (its findings already explain why, and every reference check would be noise)."""
    if program.system is None:
        return []
    ctx = Context(program, today)
    findings: list[Finding] = []
    for rule_id in enabled:
        rule = RULES[rule_id]
        if rule.check is not None:
            findings.extend(rule.check(ctx))
    return findings


def check(program: Program, options: Options | None = None) -> Result:
    """Check a loaded program; the library entry point behind ``soccheck validate``."""
    options = options or Options()
    config = program.config
    enabled = {rule_id for rule_id in RULES if config.rules.get(rule_id) != "off"}
    if options.select is not None:
        enabled = set(options.select) & set(RULES)
    enabled -= options.ignore

    raw = [
        *program.load_findings,
        *_config_findings(program),
        *run_rules(program, options.today, [r for r in RULES if r in enabled]),
    ]
    findings = []
    for finding in raw:
        if finding.rule not in enabled:
            continue
        # A rule may emit either severity (an empty system description is an error, an
        # empty control file a warning); a configured severity replaces both.
        override = config.rules.get(finding.rule)
        if override in ("error", "warning"):
            finding = finding.with_severity(override)
        findings.append(finding)
    fail_on = options.fail_on or config.fail_on
    return Result(program, sort_findings(findings), fail_on)
