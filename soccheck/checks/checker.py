"""Run the rules over a loaded program and apply the project's policy to the findings.

Policy precedence, highest first: command-line options (``--select``, ``--ignore``,
``--fail-on``) > configuration (``rules``, ``fail_on``) > each rule's default severity and
the default ``fail_on: error``. See :func:`enabled_rules` and docs/configuration.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from soccheck.checks.findings import Finding, Severity, sort_findings
from soccheck.checks.rules.base import Context
from soccheck.checks.rules.config import RULE as CONFIG
from soccheck.checks.rules.registry import RULES
from soccheck.checks.waivers import UNWAIVABLE, apply_waivers
from soccheck.format.records import Config
from soccheck.load.program import Program
from soccheck.support import activity

if TYPE_CHECKING:
    from soccheck.output.locations import Locator


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
    context: Context | None = None
    """The indexes the rules used (None when the system description could not be loaded);
    reporters reuse them instead of rebuilding them, and they carry the run's ``--today``."""

    @cached_property
    def locator(self) -> Locator:
        """How every output shows paths, worked out once from the current directory (see
        :mod:`soccheck.output.locations`)."""
        from soccheck.output.locations import Locator

        return Locator.for_result(self)

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
            hint = f" (did you mean '{close[0]}'?)" if close else " ('soccheck rules' lists them)"
            problems.append(f"unknown rule '{rule_id}'{hint}")
    return problems


def _config_findings(program: Program) -> list[Finding]:
    """Rule IDs in the configuration that do not exist (in ``rules`` and in waivers), and
    waivers of rules that cannot be waived."""
    config_path = program.config_path
    findings: list[Finding] = []
    if config_path is None:
        return findings
    doc = program.documents.get(config_path)

    def at(path: tuple[str | int, ...], message: str, key: bool = False) -> Finding:
        if doc is None:
            line, column = 1, 1
        else:
            line, column = doc.key_position(path) if key else doc.position(path)
        return CONFIG.finding(config_path, line, column, message)

    for rule_id in program.config.rules:
        for message in unknown_rule_ids([rule_id]):
            findings.append(at(("rules", rule_id), message, key=True))
    for waiver in program.config.waivers:
        where = (*(waiver.source.path if waiver.source else ("waivers",)), "rule")
        for message in unknown_rule_ids([waiver.rule]):
            findings.append(at(where, f"waiver of {message}; the waiver is ignored"))
        if waiver.rule in UNWAIVABLE:
            findings.append(
                at(
                    where,
                    f"findings of rule '{waiver.rule}' cannot be waived (they are about the "
                    "configuration and its waivers); fix the cause instead, the waiver is "
                    "ignored",
                )
            )
    return findings


def run_rules(ctx: Context | None, enabled: Iterable[str]) -> list[Finding]:
    """Program-level rules; skipped (``ctx`` is None) when the system description could not
    be loaded: its findings already explain why, and every reference check would be noise."""
    if ctx is None:
        return []
    findings: list[Finding] = []
    for rule_id in enabled:
        rule = RULES[rule_id]
        if rule.check is not None:
            activity.doing(f"running rule {rule_id}")
            findings.extend(rule.check(ctx))
    activity.done()
    return findings


def enabled_rules(config: Config, options: Options) -> set[str]:
    """The rules that run: command line > configuration > defaults (every rule on).

    ``--select`` replaces the configuration's choice (a selected rule runs even if the
    configuration switches it off), except that it never hides findings that mean a file
    could not be read (``Rule.unreadable``); ``--ignore`` always wins.
    """
    configured = {rule_id for rule_id in RULES if config.rules.get(rule_id) != "off"}
    enabled = configured
    if options.select is not None:
        unreadable = {rule_id for rule_id in configured if RULES[rule_id].unreadable}
        enabled = (set(options.select) & set(RULES)) | unreadable
    return enabled - options.ignore


def _apply_policy(findings: Iterable[Finding], enabled: set[str], config: Config) -> list[Finding]:
    result = []
    for finding in findings:
        if finding.rule not in enabled:
            continue
        # A rule may emit either severity (an empty system description is an error, an
        # empty control file a warning); a configured severity replaces both.
        override = config.rules.get(finding.rule)
        if override in ("error", "warning"):
            finding = finding.with_severity(override)
        result.append(finding)
    return result


def check(program: Program, options: Options | None = None) -> Result:
    """Check a loaded program; the library entry point behind ``soccheck validate``.

    Stages: loading findings and configuration problems, then every enabled rule, then the
    policy (selection and severity overrides), then waivers (:mod:`soccheck.checks.waivers`), whose
    own findings go through the same policy. If positions composed on the way showed that the
    fast YAML reader misread a file, the program read again by the full reader is checked
    instead (``Program.authoritative``).
    """
    options = options or Options()
    config = program.config
    enabled = enabled_rules(config, options)
    ctx = Context(program, options.today) if program.system is not None else None

    raw = [
        *program.load_findings,
        *_config_findings(program),
        *run_rules(ctx, [r for r in RULES if r in enabled]),
    ]
    findings = _apply_policy(raw, enabled, config)
    switched_off = {rule_id for rule_id, level in config.rules.items() if level == "off"}
    waived = apply_waivers(
        program,
        findings,
        today=options.today,
        enabled=enabled,
        switched_off=switched_off,
        ctx=ctx,
    )
    findings = [*waived.findings, *_apply_policy(waived.waiver_findings, enabled, config)]
    authoritative = program.authoritative()
    if authoritative is not program:
        return check(authoritative, options)
    fail_on = options.fail_on or config.fail_on
    return Result(program, sort_findings(findings), fail_on, ctx)
