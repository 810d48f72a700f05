"""The waiver stage: accept known findings for a limited time, with an independent approver.

Waivers are declared only in the configuration (``waivers:`` in soccheck.yaml or
``[[tool.soccheck.waivers]]``), never inline in control files, so every accepted exception is
reviewed in one place. The stage runs after every rule, on the findings that survived rule
selection and severity overrides, which is why ``expired-waiver``, ``unused-waiver`` and
``waiver-approver`` are registered rules without a ``check`` function: a per-rule
``check(ctx)`` never sees other rules' findings, and these three are about exactly that.

Semantics (documented in docs/configuration.md):

- A waiver matches a finding when the rule IDs are equal and the finding's subject equals the
  waiver's ``subject`` or matches it as a case-sensitive glob (``*``, ``?``, ``[...]``). For a
  finding about a test, the ID of the test's control matches too, so ``subject: AC-01`` covers
  findings on AC-01's tests. Findings without a subject cannot be waived.
- ``expires`` is the last day the waiver applies (compared with ``--today``). Past it, the
  waiver never applies and ``expired-waiver`` points at its ``expires`` value.
- A waiver whose approver is unknown, inactive, or owns (or is the lead or a member of the
  team owning) a waived control does not apply either, unless the configuration switches
  ``waiver-approver`` off. ``--select`` and ``--ignore`` only decide whether the
  ``waiver-approver`` finding is shown, never whether the waiver applies.
- A finding matched by several waivers takes the first applicable one in file order; every
  matching waiver counts as used.
- ``unused-waiver`` reports unexpired waivers that matched nothing, for rules that ran.
- ``broad-waiver`` reports an unexpired waiver whose matched findings are about more
  different subjects than ``waiver_policy.max_subjects``; such a waiver still applies (the
  warning asks for one waiver per exception), but a readiness report never calls a program
  ready without naming what waivers hide.
- A waived finding keeps its severity and gets ``waived`` (reason, approver, expiry, ticket);
  it is still reported by every format but never counts toward the exit code.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from soccheck.checks.audit_trail import inactive_reason
from soccheck.checks.findings import Finding, MessagePart, WaiverInfo, shorten
from soccheck.checks.rules.base import MAX_MESSAGE, Context
from soccheck.checks.rules.broad_waiver import RULE as BROAD_WAIVER
from soccheck.checks.rules.config import RULE as CONFIG
from soccheck.checks.rules.expired_waiver import RULE as EXPIRED_WAIVER
from soccheck.checks.rules.registry import RULES
from soccheck.checks.rules.unused_waiver import RULE as UNUSED_WAIVER
from soccheck.checks.rules.waiver_approver import RULE as WAIVER_APPROVER
from soccheck.format.records import Control, Waiver
from soccheck.load.program import Program

UNWAIVABLE = frozenset(
    {CONFIG.id, EXPIRED_WAIVER.id, UNUSED_WAIVER.id, WAIVER_APPROVER.id, BROAD_WAIVER.id}
)
"""Findings about the configuration and the waivers themselves cannot be waived."""

_GLOB_CHARS = frozenset("*?[")


def is_glob(subject: str) -> bool:
    return any(char in _GLOB_CHARS for char in subject)


@dataclass
class _Entry:
    """One waiver being evaluated."""

    waiver: Waiver
    order: int
    expired: bool
    matched: list[Finding] = field(default_factory=list)
    approver_problem: tuple[MessagePart, ...] | None = None

    @property
    def label(self) -> str:
        return f"waiver of {self.waiver.rule} for '{self.waiver.subject}'"

    @property
    def info(self) -> WaiverInfo:
        waiver = self.waiver
        return WaiverInfo(
            waiver.reason, waiver.approved_by, waiver.expires.isoformat(), waiver.ticket
        )


@dataclass
class WaiverResult:
    findings: list[Finding]
    """The input findings, with ``waived`` set on those a waiver covers."""
    waiver_findings: list[Finding]
    """Findings of the waiver rules, at the waivers in the configuration file."""


class _Program:
    """Lookups over the program's controls, built once."""

    def __init__(self, program: Program) -> None:
        self.controls: dict[str, Control] = {}
        self.test_control: dict[str, str] = {}
        for control in program.controls:
            self.controls.setdefault(control.id, control)
            for test in control.tests:
                self.test_control.setdefault(test.id, control.id)

    def subjects(self, subject: str) -> tuple[str, ...]:
        """The IDs a waiver subject is compared with: the subject, and its control for a test."""
        control = self.test_control.get(subject)
        return (subject,) if control is None or control == subject else (subject, control)

    def control_of(self, subject: str | None) -> Control | None:
        if subject is None:
            return None
        control = self.controls.get(subject)
        if control is not None:
            return control
        control_id = self.test_control.get(subject)
        return self.controls.get(control_id) if control_id is not None else None

    def named_controls(self, pattern: str) -> list[Control]:
        """Controls a waiver subject names directly (or through one of their tests)."""
        if not is_glob(pattern):
            control = self.control_of(pattern)
            return [control] if control is not None else []
        return [
            control
            for control in self.controls.values()
            if fnmatchcase(control.id, pattern)
            or any(fnmatchcase(test.id, pattern) for test in control.tests)
        ]


def usable(waivers: Iterable[Waiver]) -> Iterator[tuple[int, Waiver]]:
    """(index, waiver) of the waivers the stage evaluates: known, waivable rules. The others
    are reported as ``config`` findings by the checker."""
    for index, waiver in enumerate(waivers):
        if waiver.rule in RULES and waiver.rule not in UNWAIVABLE:
            yield index, waiver


def apply_waivers(
    program: Program,
    findings: list[Finding],
    *,
    today: dt.date,
    enabled: Collection[str],
    switched_off: Collection[str] = (),
    ctx: Context | None = None,
) -> WaiverResult:
    """Mark waived findings and judge every waiver.

    ``enabled`` is the set of rules that ran (after the configuration and ``--select`` /
    ``--ignore``); ``switched_off`` the rules the configuration turns ``off``.
    """
    entries = [
        _Entry(waiver, index, expired=today > waiver.expires)
        for index, waiver in usable(program.config.waivers)
    ]
    if not entries:
        return WaiverResult(findings, [])
    lookups = _Program(program)
    if ctx is None and program.system is not None:
        ctx = Context(program, today)
    # Approval is policy, like expiry: only the configuration switching waiver-approver off
    # (and no --select naming it) stops checking it. --select and --ignore decide which
    # findings a run shows; a one-off '--select test-exceptions' must not let a self-approved
    # waiver hide a finding that the full run reports.
    check_approvers = ctx is not None and (
        WAIVER_APPROVER.id in enabled or WAIVER_APPROVER.id not in switched_off
    )
    matches = _match(entries, findings, lookups)

    if check_approvers:
        assert ctx is not None
        for entry in entries:
            entry.approver_problem = _approver_problem(ctx, lookups, entry)

    result = list(findings)
    for position, candidates in matches:
        for entry in candidates:
            if not entry.expired and entry.approver_problem is None:
                result[position] = findings[position].with_waiver(entry.info)
                break

    reports = [
        *_expired(program, entries),
        *_unused(program, entries, ctx is not None, enabled, switched_off),
        *_approvers(program, entries),
        *_broad(program, entries, program.config.waiver_policy.max_subjects),
    ]
    return WaiverResult(result, reports)


def _match(
    entries: list[_Entry], findings: list[Finding], lookups: _Program
) -> list[tuple[int, list[_Entry]]]:
    """(position, matching entries in file order) of each finding some waiver matches,
    recording every match on its entry (a waiver is used even when another one applies)."""
    exact: dict[tuple[str, str], list[_Entry]] = {}
    globs: dict[str, list[_Entry]] = {}
    for entry in entries:
        waiver = entry.waiver
        if is_glob(waiver.subject):
            globs.setdefault(waiver.rule, []).append(entry)
        else:
            exact.setdefault((waiver.rule, waiver.subject), []).append(entry)

    matches: list[tuple[int, list[_Entry]]] = []
    for position, finding in enumerate(findings):
        if finding.subject is None or finding.rule in UNWAIVABLE:
            continue
        subjects = lookups.subjects(finding.subject)
        found = [e for s in subjects for e in exact.get((finding.rule, s), ())]
        found += [
            e
            for e in globs.get(finding.rule, ())
            if any(fnmatchcase(s, e.waiver.subject) for s in subjects)
        ]
        if found:
            unique = sorted({id(e): e for e in found}.values(), key=lambda e: e.order)
            for entry in unique:
                entry.matched.append(finding)
            matches.append((position, unique))
    return matches


# ------------------------------------------------------------------------- waiver findings


def _subject(waiver: Waiver) -> str | None:
    """The finding's subject: the waiver's subject when it is an ID rather than a glob."""
    return None if is_glob(waiver.subject) else waiver.subject


def _finding(
    program: Program,
    rule_id: str,
    entry: _Entry,
    key: str | None,
    message: str | tuple[MessagePart, ...],
) -> Finding:
    rule = RULES[rule_id]
    source = entry.waiver.source
    where = program.position(source, key) if key else program.position(source)
    # Waivers quote approved_by and subject as written, like rules quote values: same limit.
    parts = shorten((message,) if isinstance(message, str) else message, MAX_MESSAGE)
    return Finding.naming(rule.id, rule.severity, where, parts, _subject(entry.waiver))


def _expired(program: Program, entries: list[_Entry]) -> Iterator[Finding]:
    for entry in entries:
        if not entry.expired:
            continue
        expires = entry.waiver.expires.isoformat()
        if entry.matched:
            covered = (
                "the finding it covered counts"
                if len(entry.matched) == 1
                else f"the {len(entry.matched)} findings it covered count"
            )
            what = (
                f"{covered} again: fix the cause, or renew the waiver with a new date and a "
                "fresh approval"
            )
        else:
            what = "it matches no finding any more: delete it"
        yield _finding(
            program,
            EXPIRED_WAIVER.id,
            entry,
            "expires",
            f"{entry.label} expired after {expires}; {what}",
        )


def _unused(
    program: Program,
    entries: list[_Entry],
    rules_ran: bool,
    enabled: Collection[str],
    switched_off: Collection[str],
) -> Iterator[Finding]:
    if not rules_ran:
        # The system description could not be loaded, so program rules did not run and
        # every waiver of theirs would look unused.
        return
    for entry in entries:
        if entry.expired or entry.matched:
            continue
        rule = entry.waiver.rule
        if rule in enabled:
            message = (
                f"{entry.label} matches no finding; delete it if the gap is closed, or "
                "correct its rule or subject"
            )
        elif rule in switched_off:
            message = (
                f"{entry.label} can never apply: the configuration switches '{rule}' off; "
                "delete the waiver"
            )
        else:
            continue  # the rule was left out of this run by --select or --ignore
        yield _finding(program, UNUSED_WAIVER.id, entry, None, message)


def _approvers(program: Program, entries: list[_Entry]) -> Iterator[Finding]:
    for entry in entries:
        if entry.approver_problem is not None:
            consequence = "" if entry.expired else "; the waiver does not apply until this is fixed"
            yield _finding(
                program,
                WAIVER_APPROVER.id,
                entry,
                "approved_by",
                (f"{entry.label}: ", *entry.approver_problem, consequence),
            )


_NAMED_SUBJECTS = 5
"""How many of a broad waiver's subjects its finding names (the rest are counted)."""


def _broad(program: Program, entries: list[_Entry], max_subjects: int) -> Iterator[Finding]:
    for entry in entries:
        if entry.expired:
            continue  # it covers nothing any more, and expired-waiver says so
        subjects = sorted({f.subject for f in entry.matched if f.subject is not None})
        if len(subjects) <= max_subjects:
            continue
        named = ", ".join(f"'{s}'" for s in subjects[:_NAMED_SUBJECTS])
        more = len(subjects) - _NAMED_SUBJECTS
        if more > 0:
            named += f" and {more} more"
        yield _finding(
            program,
            BROAD_WAIVER.id,
            entry,
            "subject",
            f"{entry.label} covers findings about {len(subjects)} different subjects "
            f"({named}); one waiver may cover at most {max_subjects} "
            "(waiver_policy.max_subjects): give each exception its own waiver and reason, "
            "or fix the findings",
        )


def _approver_problem(
    ctx: Context, lookups: _Program, entry: _Entry
) -> tuple[MessagePart, ...] | None:
    approver = entry.waiver.approved_by
    person = ctx.people.get(approver)
    if person is None:
        if approver in ctx.teams:
            return (
                f"approved_by '{approver}' is a team; a waiver needs one accountable person's "
                "approval",
            )
        close = difflib.get_close_matches(approver, list(ctx.people), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return (f"approved_by '{approver}' is not a person in ", ctx.system_file, hint)
    why = inactive_reason(person, ctx.today)
    if why is not None:
        return (
            f"approved_by '{approver}' ({person.name}) {why}; an active person must approve it",
        )
    if entry.matched:
        seen: dict[str, Control] = {}
        for finding in entry.matched:
            control = lookups.control_of(finding.subject)
            if control is not None:
                seen.setdefault(control.id, control)
        controls = [seen[key] for key in sorted(seen)]
    else:
        controls = sorted(lookups.named_controls(entry.waiver.subject), key=lambda c: c.id)
    for control in controls:
        if control.owner is None or approver not in ctx.owner_people(control.owner):
            continue
        if control.owner == approver:
            relation = f"owns control '{control.id}'"
        else:
            team = ctx.teams[control.owner]
            role = "leads" if team.lead == approver else "is a member of"
            relation = f"{role} team '{team.id}', which owns control '{control.id}'"
        return (
            f"approved_by '{approver}' ({person.name}) {relation}; nobody may approve a "
            "waiver for their own control, so ask someone independent of it",
        )
    return None
