"""placeholder-text: text an auditor will read still holds a skeleton or template placeholder.

Two sources of unfinished text: the skeletons ``soccheck new control`` and ``soccheck new test``
write (``soccheck.format.skeletons``), and control sets copied from a template, which ship with
placeholders such as ``{company_name}``, ``{{ org }}``, ``<COMPANY>`` or ``[Company Name]``.
Both validate: they are text where text belongs. Only what a template would leave is matched;
the patterns stay clear of what real descriptions contain (``[1]``, ``<5 minutes``, ``a < b``,
Markdown links, JSON, IDs such as ``[CC6.1]``, and anything inside `backticks`).

Curly braces are template syntax wherever they hold a name. Square and angle brackets are also
ordinary punctuation (``[Datadog]``, ``[Confidential]``, ``<PagerDuty>``, ``[RFC]``), so there
only what templates write counts: the words placeholders are made of (``[Company Name]``,
``[Insert date]``, ``<Your Organization>``) or a name shouted in capitals (``<COMPANY>``,
``[SERVICE_PROVIDER]``), which an acronym (``[HIPAA]``, ``<AND>``) is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.record_base import Source
from soccheck.format.skeletons import SKELETON_TEXT

_PLACEHOLDER = re.compile(
    r"""
      \{\{\s*[A-Za-z_][\w.\-| ]*?\s*\}\}                   # {{ org }}, {{ company.name }}
    | (?<![$%#{\w])\{\s*[A-Za-z_][\w.\-]*(?:\ [\w.\-]+)*\s*\}(?!\})   # {company_name}
    | (?<![\w<])<[A-Za-z][\w.\-]*(?:\ [\w.\-]+)*>(?!>)     # <COMPANY>, <Company Name>
    | (?<![\w\[\]!])\[[A-Za-z][\w.\-/&]*(?:\ [\w.\-/&]+)*\](?![(\[:])   # [Company Name]
    """,
    re.VERBOSE,
)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
"""Words, also inside CamelCase and snake_case: CompanyName -> Company, Name."""

VOCABULARY = frozenset(
    {
        "address",
        "client",
        "company",
        "customer",
        "date",
        "email",
        "enter",
        "insert",
        "name",
        "org",
        "organisation",
        "organization",
        "phone",
        "placeholder",
        "product",
        "tba",
        "tbd",
        "todo",
        "your",
    }
)
"""Words that make bracketed text a placeholder, compared lowercased."""

SHOUTED_MIN_LETTERS = 6
"""A single word in capitals is a shouted placeholder from this length on ([COMPANY],
<VENDOR>); shorter ones are mostly acronyms ([RFC], [GDPR], [HIPAA])."""

LONG_ACRONYMS = frozenset({"DNSSEC", "FEDRAMP", "HITRUST", "PIPEDA", "STATERAMP"})
"""Acronyms of SHOUTED_MIN_LETTERS or more that compliance text puts in brackets."""


def placeholders(text: str) -> list[str]:
    """The template placeholders left in ``text``, in order, each once."""
    if not any(c in text for c in "{<["):
        return []
    text = _CODE_SPAN.sub(lambda m: " " * len(m.group()), text)
    found: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        token = match.group()
        if token not in found and _is_placeholder(token):
            found.append(token)
    return found


def _is_placeholder(token: str) -> bool:
    if token[0] == "{":
        return True
    inner = token[1:-1]
    if any(c.isdigit() for c in inner) or len(inner) < 2:
        return False  # [1], [CC6.1], <h1>, [x]: references, tags and checkboxes
    if not any(c.isupper() for c in inner) and (token[0] == "[" or not {" ", "_"} & set(inner)):
        return False  # [sic], [redacted] are editorial; <br>, <p>, <strong> are HTML
    words = _WORDS.findall(inner)
    return any(w.lower() in VOCABULARY for w in words) or _shouted(inner)


def _shouted(inner: str) -> bool:
    """A name in capitals as templates write them (COMPANY, SERVICE_PROVIDER, YOUR ORG), not
    an acronym standing alone (RFC, AND, HIPAA) or a few of them (AWS EU)."""
    parts = inner.replace("_", " ").split()
    if not parts or not all(part.isascii() and part.isalpha() and part.isupper() for part in parts):
        return False
    if len(parts) > 1:
        return any(len(part) >= 4 for part in parts)
    return len(parts[0]) >= SHOUTED_MIN_LETTERS and parts[0] not in LONG_ACRONYMS


def _skeleton(text: str) -> str | None:
    """The command whose skeleton text ``text`` still is, if any."""
    return SKELETON_TEXT.get(" ".join(text.split()))


_ADVICE = {
    "title": "give the control its real name",
    "description": "describe who does what, how often, and what evidence it leaves",
    "procedure": "describe what the tester did, and record who did it, when, the sample and "
    "the result",
}


def check(ctx: Context) -> Iterator[Finding]:
    for control in ctx.controls:
        what = f"control '{control.id}'"
        yield from _text(ctx, control.source, "title", control.title, what, control.id)
        yield from _text(ctx, control.source, "description", control.description, what, control.id)
        for index, evidence in enumerate(control.evidence):
            if evidence.description is not None:
                yield from _text(
                    ctx,
                    evidence.source,
                    "description",
                    evidence.description,
                    f"evidence item {_number(evidence.source, index)} of {what}",
                    control.id,
                )
        for test in control.tests:
            of = f"test '{test.id}' of {what}"
            yield from _text(ctx, test.source, "procedure", test.procedure, of, test.id)
            for key in ("notes", "population_source"):
                yield from _text(ctx, test.source, key, getattr(test, key), of, test.id)
            for deviation in test.deviations:
                dev = f"deviation '{deviation.item}' of {of}"
                for key in ("description", "cause", "management_response"):
                    value = getattr(deviation, key)
                    yield from _text(ctx, deviation.source, key, value, dev, test.id)
    yield from _system(ctx)


def _system(ctx: Context) -> Iterator[Finding]:
    system = ctx.system
    described = "the system description"
    for name in ("name", "description", "services"):
        yield from _text(ctx, system.source, name, getattr(system, name), described, None)
    yield from _items(ctx, system.source, "commitments", system.commitments, described, None)
    for report in system.reports:
        what = f"report '{report.id}'"
        yield from _text(ctx, report.source, "title", report.title, what, report.id)
        for entry in report.not_applicable:
            yield from _text(
                ctx,
                entry.source,
                "reason",
                entry.reason,
                f"the not_applicable entry for '{entry.criterion}' of {what}",
                entry.criterion,
            )
    for objective in system.control_objectives:
        what = f"control objective '{objective.id}'"
        for name in ("title", "description"):
            value = getattr(objective, name)
            yield from _text(ctx, objective.source, name, value, what, objective.id)
    for org in system.subservice_organizations:
        what = f"subservice organization '{org.id}'"
        for name in ("name", "services"):
            yield from _text(ctx, org.source, name, getattr(org, name), what, org.id)
        # A CSOC is a sentence or an item with its own description; ``items`` finds the
        # sentences' places among the items.
        texts = [csoc for csoc in org.csocs if isinstance(csoc, str)]
        yield from _items(ctx, org.source, "csocs", texts, what, org.id)
        for csoc in org.csocs:
            if not isinstance(csoc, str):
                of = f"CSOC '{csoc.id}' of {what}"
                yield from _text(ctx, csoc.source, "description", csoc.description, of, csoc.id)
    for cuec in system.cuecs:
        what = f"CUEC '{cuec.id}'"
        yield from _text(ctx, cuec.source, "description", cuec.description, what, cuec.id)


def _number(source: Source | None, index: int) -> int:
    """1-based position of a list item in its file (items before it may have been dropped)."""
    last = source.path[-1] if source is not None and source.path else index
    return (last if isinstance(last, int) else index) + 1


def _items(
    ctx: Context,
    source: Source | None,
    key: str,
    values: list[str],
    what: str,
    subject: str | None,
) -> Iterator[Finding]:
    for index, value in ctx.items(source, key, values):
        yield from _text(ctx, source, key, value, what, subject, index)


def _text(
    ctx: Context,
    source: Source | None,
    key: str,
    value: Any,
    what: str,
    subject: str | None,
    index: int | None = None,
) -> Iterator[Finding]:
    if not isinstance(value, str):
        return
    command = _skeleton(value)
    found = [] if command is not None else placeholders(value)
    if command is None and not found:
        return  # the common case: positions are looked up only for a finding
    field = key if index is None else f"{key} item {index + 1}"
    where = ctx.at(source, key) if index is None else ctx.at(source, key, index)
    if command is not None:
        advice = _ADVICE.get(key, "write your own")
        yield ctx.finding(
            RULE,
            where,
            f"{field} of {what} is still the placeholder text that '{command}' wrote; {advice}",
            subject,
        )
        return
    listed = ", ".join(f"'{token}'" for token in found)
    plural = "s" if len(found) > 1 else ""
    yield ctx.finding(
        RULE,
        where,
        f"{field} of {what} contains the template placeholder{plural} {listed}; replace "
        f"{'them' if plural else 'it'} with your own text before an auditor reads it",
        subject,
    )


RULE = Rule(
    id="placeholder-text",
    severity="warning",
    summary="Text an auditor reads still holds a skeleton or an unfilled template placeholder.",
    rationale=(
        "'soccheck new control' and 'soccheck new test' write placeholder text for you to "
        "replace, and public SOC 2 control sets ship with placeholders such as "
        "{company_name}, {{ org }}, <COMPANY> or [Company Name]. Either validates, because it "
        "is text where text belongs, and either ends up in front of the auditor. Checked in "
        "controls' titles, descriptions and evidence descriptions, tests' procedures, "
        "notes and population sources, deviations' descriptions, causes and management "
        "responses, and the free text of the system description (name, description, services, "
        "commitments, report titles, not_applicable reasons, control objectives, subservice "
        "organizations and their CSOCs, CUECs). Square and angle brackets count only when "
        "they hold what templates write: placeholder words (company, organization, org, "
        "name, date, insert, enter, your, TBD, client, customer, product, address, email, "
        "phone: [Company Name], [Insert date], <Your Organization>) or a name in capitals "
        "(<COMPANY>, [SERVICE_PROVIDER]; not an acronym such as [RFC] or [HIPAA]). Prose in "
        "brackets ([Datadog], [Confidential], <PagerDuty>), brackets that hold digits ([1], "
        "[CC6.1]), a single character, only lowercase words ([sic]), a Markdown link, HTML "
        "tags such as <br>, comparisons (a < b) and anything in `backticks` are left alone. "
        "Write the real text."
    ),
    example=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: >-\n"
        "  Each quarter {company_name} reviews access to production.\n"
    ),
    passing=(
        "# controls/access.yaml\n"
        "id: AC-01\n"
        "title: Quarterly access review\n"
        "description: >-\n"
        "  Each quarter the platform lead reviews access to production.\n"
    ),
    check=check,
)
