"""weak-na-reason: a not_applicable entry's reason is a placeholder, not a reason.

Description criterion DC8 lets a report leave out a criterion only with the reason it does not
apply, and the reason is printed in the report. "TBD", "N/A", "todo" or a single word satisfy
the schema (a reason is required and must not be empty) and ``unselected-criterion`` (the
criterion is declared), while telling the auditor nothing.

A reason is weak when it is a single word (one run of characters without a space: "TBD",
"N/A", "n/a", "Outsourced.", "-"), or when every word in it is a placeholder word (``WORDS``:
"To be determined", "Not applicable", "Does not apply", "TBD later", "n/a - see above"). A
reason that says anything of the system ("Not applicable: we store no personal data")
has a word that is not. Judged for every report's not_applicable entries.

Position: the entry's ``reason``. Subject: the criterion ID. One finding per entry.

Interplay: a reason holding a template placeholder (``[TBD]``, ``{reason}``, ``<Reason>``) is
``placeholder-text``'s, which recognises those (``placeholder_text.placeholders``) and reports
them at the same place; this rule stays quiet about such a reason rather than report it twice.
Its own placeholders are bare words, which ``placeholder-text`` leaves alone because they are
ordinary text anywhere else. A reason of only spaces is no reason: ``unselected-criterion``
treats the criterion as not declared and says so, and this rule stays quiet. Whether the
criterion should be declared at all is ``na-criterion-mapped``'s and ``na-common-criterion``'s
question; a weak reason is a mistake of its own, reported beside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Context, Rule, quoted_report
from soccheck.checks.rules.placeholder_text import placeholders

WORDS = frozenset(
    {
        "a",
        "above",
        "applicable",
        "apply",
        "be",
        "below",
        "decided",
        "determined",
        "do",
        "does",
        "fixme",
        "later",
        "n",
        "na",
        "none",
        "not",
        "pending",
        "see",
        "tba",
        "tbc",
        "tbd",
        "to",
        "todo",
        "xxx",
    }
)
"""Words placeholder reasons are made of, lowercased; "n" and "a" are the halves of "n/a"."""

_WORD = re.compile(r"[^\W_]+")
_SHOWN = 60
"""Characters of the reason quoted in the message: a weak reason is short, and a single
'word' of a megabyte must not fill it."""


def weak(reason: str) -> bool:
    """Whether a not_applicable reason says nothing: a single word, or placeholder words
    only (see the module docstring). Blank text is not judged here."""
    text = reason.strip()
    if not text:
        return False
    if len(text.split()) == 1:
        return True
    return all(word in WORDS for word in _WORD.findall(text.lower()))


def check(ctx: Context) -> Iterator[Finding]:
    for report in ctx.reports.values():
        for entry in report.not_applicable:
            if not weak(entry.reason) or placeholders(entry.reason):
                continue
            shown = " ".join(entry.reason.split())
            if len(shown) > _SHOWN:
                shown = shown[: _SHOWN - 3] + "..."
            yield ctx.finding(
                RULE,
                ctx.at(entry.source, "reason"),
                f"the reason {quoted_report(report)} gives for declaring '{entry.criterion}' "
                f"not applicable is '{shown}', a placeholder; the report prints it (DC8): say "
                "why the criterion does not apply to the system (what it does not do, or who "
                "does it instead)",
                entry.criterion,
                report=report.id,
            )


RULE = Rule(
    id="weak-na-reason",
    severity="warning",
    summary="A not-applicable reason is a placeholder (TBD, N/A, todo, a single word).",
    rationale=(
        "A report may leave out a criterion only with the reason it does not apply "
        "(description criterion DC8), and the reason is printed in the report for the "
        "auditor and every reader. 'TBD', 'N/A', 'todo', 'Not applicable' or a single word "
        "pass the schema and count as a declaration, but explain nothing, and the auditor "
        "will ask. Write what about the system makes the criterion not apply: what it does "
        "not do, or who does it instead (a carved-out vendor, the customer). A reason with a "
        "template placeholder such as [TBD] is reported by 'placeholder-text' instead."
    ),
    example=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "    not_applicable:\n"
        "      - {criterion: A1.3, reason: N/A}\n"
    ),
    passing=(
        "# system.yaml\n"
        "reports:\n"
        "  - id: soc2-2026\n"
        "    framework: soc2\n"
        "    type: 2\n"
        "    period: {start: 2026-01-01, end: 2026-06-30}\n"
        "    categories: [security, availability]\n"
        "    not_applicable:\n"
        "      - criterion: A1.3\n"
        "        reason: >-\n"
        "          Recovery is the hosting provider's: backups, replication and their restore\n"
        "          tests are its controls (carved out, CSOC-AWS-2).\n"
    ),
    check=check,
)
