"""unknown-control: a reference to a control must name a control that exists.

Every place the format names a control by ID is checked here, so that one rule means one
thing wherever the reference is written: a CUEC's ``controls`` (the controls it
complements), a change's ``controls`` (those it introduced, retired or altered) and a test
deviation's ``compensating_controls``.

Position: the entry of that list (each undefined ID once per list). Subject: the CUEC's ID,
the test's ID for a deviation; a change has no ID, so its findings have none.

A control exists when a control file defines it, also when the schema rejected the rest of
that control (a missing ``title``): the ``schema`` finding is then the one mistake, and the
references to its ID are not a second one. A file that could not be read at all
(``yaml-syntax``, ``file-unreadable`` and the other findings that mean part of the program
was not read) defines nothing, as for every other rule (a criterion its controls mapped is
uncovered too); the message then names the first such file, where the control may be.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from soccheck.checks.findings import Finding, MessagePart, Place
from soccheck.checks.rules.base import Context, Rule
from soccheck.format.record_base import Source


def _written_ids(ctx: Context) -> set[str]:
    """The IDs of every control written in a control file, kept by the schema or not."""
    program = ctx.program
    ids = {control.id for control in program.controls}
    for rel in program.files:
        if rel == program.system_path:
            continue
        doc = program.documents.get(rel)
        data = doc.data if doc is not None else None
        items: Iterable[object] = ()
        if isinstance(data, dict):
            listed = data.get("controls")
            items = listed if isinstance(listed, list) else [data]
        ids.update(i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str))
    return ids


def _unread(ctx: Context) -> list[str]:
    """The files, other than the system description, that could not be read at all."""
    from soccheck.checks.rules.registry import RULES

    paths = {
        f.path
        for f in ctx.program.load_findings
        if (rule := RULES.get(f.rule)) is not None and rule.unreadable
    }
    return sorted(paths - {ctx.program.system_path})


def _unread_note(unread: list[str]) -> tuple[MessagePart, ...]:
    if not unread:
        return ()
    more = f" and {len(unread) - 1} more files" if len(unread) > 1 else ""
    return (" (", Place(unread[0]), f"{more} could not be read, and may define it)")


def check(ctx: Context) -> Iterator[Finding]:
    references: list[tuple[Source | None, str, list[str], str, str | None]] = []
    for cuec in ctx.system.cuecs:
        references.append((cuec.source, "controls", cuec.controls, f"CUEC '{cuec.id}'", cuec.id))
    for change in ctx.system.changes:
        what = f"the change of {change.date.isoformat()}"
        references.append((change.source, "controls", change.controls, what, None))
    for control, test in ctx.tests():
        for deviation in test.deviations:
            what = f"a deviation of test '{test.id}' of control '{control.id}'"
            refs = deviation.compensating_controls
            references.append((deviation.source, "compensating_controls", refs, what, test.id))
    if not any(names for _, _, names, _, _ in references):
        return
    defined = _written_ids(ctx)
    if all(name in defined for _, _, names, _, _ in references for name in names):
        return
    note = _unread_note(_unread(ctx))
    known = sorted(defined)
    for source, key, names, what, subject in references:
        seen: set[str] = set()
        for index, name in ctx.items(source, key, names):
            if name in defined or name in seen:
                continue
            seen.add(name)
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield ctx.finding(
                RULE,
                ctx.at(source, key, index),
                (
                    f"{what} names control '{name}' in '{key}', which is not defined in any "
                    "control file",
                    *note,
                    hint,
                ),
                subject,
            )


RULE = Rule(
    id="unknown-control",
    severity="error",
    summary="A CUEC, a change or a deviation's compensating controls name a control that "
    "does not exist.",
    rationale=(
        "The description ties things to controls by ID: a CUEC to the controls it "
        "complements, a change during the period to the controls it introduced, retired or "
        "altered, a deviation to the controls that compensated for it. An ID that matches "
        "no control (a typo, or a control since renamed or removed) breaks that link: the "
        "report shows a CUEC complementing nothing, a change that touched nothing, or an "
        "exception with no compensating control, and the auditor cannot follow it. Correct "
        "the ID, or add the control."
    ),
    example=(
        "# system.yaml\n"
        "cuecs:\n"
        "  - id: CUEC-01\n"
        "    description: Customers remove their leavers' accounts promptly.\n"
        "    criteria: [CC6.2]\n"
        "    controls: [GOV-10]   # the control is GOV-01\n"
    ),
    passing=(
        "# system.yaml\n"
        "cuecs:\n"
        "  - id: CUEC-01\n"
        "    description: Customers remove their leavers' accounts promptly.\n"
        "    criteria: [CC6.2]\n"
        "    controls: [GOV-01]\n"
    ),
    check=check,
)
