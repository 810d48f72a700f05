"""``soccheck new test``: append a test skeleton to a control, wherever it is defined.

The same guarantees as ``soccheck new control``: the file's existing text is kept byte for
byte (``yamledit.append_to_tests``), and the result is re-read with soccheck's own loader and
compared with the original before it is written atomically, so a surprise in the file's shape
fails the command instead of corrupting the file.

The skeleton has every key the control's reports need, so the first test someone records does
not fail on required keys nobody mentioned, and its values are plainly unfinished: the
procedure is the text ``placeholder-text`` reports and the tester is ``TESTER``, which
``unknown-person`` reports until a real person is named.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import FoldedScalarString

from soccheck.authoring import yamledit
from soccheck.authoring.new_control import Definition, Existing, existing_in, read_for_edit
from soccheck.authoring.yamledit import EditError
from soccheck.format.skeletons import TEST_PROCEDURE, TESTER
from soccheck.load.yaml_reader import load_text
from soccheck.support import fileio


@dataclass(frozen=True)
class NewTest:
    control: str
    id: str | None = None
    kind: str | None = None
    methods: tuple[str, ...] = ("inspection",)
    """One method, written as a value, or several, written as a list (the format's two
    spellings of ``method``)."""
    performed_by: str | None = None
    report: str | None = None


@dataclass(frozen=True)
class AddedTest:
    id: str
    kind: str
    path: str
    """Root-relative path of the control file."""
    shown: str
    """The control file's path as messages show it (relative to the current directory)."""
    line: int
    """1-based line of the new test's dash."""
    warnings: tuple[str, ...] = ()
    """Why the test, as dated, will not count for a report yet."""


def _skeleton(
    test: NewTest,
    test_id: str,
    kind: str,
    today: dt.date,
    hint: str,
    covers: tuple[dt.date, dt.date] | None = None,
) -> CommentedMap:
    item = CommentedMap()
    item["id"] = test_id
    item["kind"] = kind
    methods = list(dict.fromkeys(test.methods)) or ["inspection"]
    item["method"] = methods[0] if len(methods) == 1 else yamledit.flow_list(methods)
    procedure = FoldedScalarString(TEST_PROCEDURE)
    folds, start = [], 0
    for line in textwrap.wrap(TEST_PROCEDURE, 72)[:-1]:
        start = TEST_PROCEDURE.index(line, start) + len(line)
        folds.append(start)
    procedure.fold_pos = folds
    item["procedure"] = procedure
    item["performed_on"] = today
    item["performed_by"] = test.performed_by or TESTER
    if test.report is not None:
        item["report"] = test.report
    if kind == "operating":
        if covers is not None:
            item["covers"] = yamledit.flow_map({"start": covers[0], "end": covers[1]})
            item.yaml_add_eol_comment("the span the sample was drawn from", "covers", 26)
        item["population"] = 0
        item["sample_size"] = 0
        item["exceptions"] = 0
        ran = "in that span" if covers is not None else "in the period"
        item.yaml_add_eol_comment(f"times the control ran {ran}", "population", 26)
        item.yaml_add_eol_comment(f"items examined{hint}", "sample_size", 26)
        item.yaml_add_eol_comment("deviations found", "exceptions", 26)
    item["result"] = "pass"
    item.yaml_add_eol_comment("pass, exceptions or fail", "result", 26)
    return item


def add_test(root: Path, test: NewTest, today: dt.date) -> AddedTest:
    """Append a skeleton test to control ``test.control`` of the program under ``root``."""
    from soccheck.load.discovery import SetupError, is_program_root
    from soccheck.load.program import load_program

    # No lock file is created in a directory that is not a program: loading says what is
    # wrong with it.
    lock = fileio.program_lock(root) if is_program_root(root) else contextlib.nullcontext()
    with lock:
        try:
            program = load_program(root)
        except SetupError as exc:
            raise EditError(str(exc)) from None
        return _add_to(program, test, today)


def _add_to(program: Any, test: NewTest, today: dt.date) -> AddedTest:
    """``add_test`` once the program's lock is held: reading, choosing the ID and writing
    happen under it, so a test added meanwhile is seen and its ID not taken twice."""
    existing = existing_in(program)
    control = _definition(existing, test.control)
    _check_report(program, existing, test.report)
    test_id = _test_id(existing, test, today)
    kind, hint, reports = _kind_and_hint(program, test, today)
    item = _skeleton(test, test_id, kind, today, hint, _span(reports, today))

    shown, line = _append(program.root, existing, control, item)
    notes = _dating_notes(reports, today, program.config.fieldwork_days)
    return AddedTest(test_id, kind, control.place.path, shown, line, notes)


def _append(
    root: Path, existing: Existing, control: Definition, item: CommentedMap
) -> tuple[str, int]:
    """Add ``item`` to the control's tests in its file, after proving that the file's data
    becomes the old data plus the item; (the file as messages show it, the item's line)."""
    rel = control.place.path
    shown = existing.show(rel)
    try:
        fileio.destination(root / rel, root=root)
    except fileio.WriteRefused as exc:
        raise EditError(f"{shown}: {exc.strerror}") from None
    original, bom = read_for_edit(root / rel, shown)
    try:
        appended = yamledit.append_to_tests(original, control.path, item)
    except EditError as exc:
        raise EditError(f"{shown}: {exc}") from None
    expected = copy.deepcopy(load_text(rel, original).data)
    mapping = expected
    for part in control.path:
        mapping = mapping[part]
    if isinstance(mapping.get("tests"), list):
        mapping["tests"].append(yamledit.plain(item))
    else:  # no 'tests' key, or 'tests:' with no value
        mapping["tests"] = [yamledit.plain(item)]
    after = load_text(rel, appended.text)
    if after.findings or after.data != expected:
        raise EditError(
            f"adding to {shown} would change its existing content; add the test by hand"
        )
    fileio.write_atomic(root / rel, ("\ufeff" if bom else "") + appended.text, root=root)
    return shown, appended.line


def _definition(existing: Existing, control_id: str) -> Definition:
    """The one place control ``control_id`` is written."""
    definitions = existing.controls.get(control_id, [])
    if not definitions:
        close = difflib.get_close_matches(control_id, list(existing.controls), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise EditError(
            f"no control '{control_id}' in the program under {existing.show('.')}{hint}"
        )
    if len(definitions) > 1:
        both = " and ".join(existing.where(d.place) for d in definitions)
        raise EditError(
            f"control '{control_id}' is defined more than once ({both}); keep one "
            "definition, then add the test"
        )
    return definitions[0]


def _test_id(existing: Existing, test: NewTest, today: dt.date) -> str:
    """``--id``, refused when a control or test already uses it; else the year's ID,
    numbered when taken."""
    taken = {ident: defs[0].place for ident, defs in existing.controls.items()}
    taken.update(existing.tests)
    if test.id is not None:
        if test.id in taken:
            raise EditError(
                f"ID '{test.id}' is already used ({existing.where(taken[test.id])}); choose another"
            )
        return test.id
    base = f"T-{test.control}-{today.year}"
    test_id, number = base, 1
    while test_id in taken:
        number += 1
        test_id = f"{base}-{number}"
    return test_id


def _check_report(program: Any, existing: Existing, report: str | None) -> None:
    """A test for a report the program does not define would count for none, and
    'unknown-report' would fail the next check: refuse it now, as 'soccheck report --report'
    refuses an unknown report."""
    if report is None:
        return
    if program.system is None:
        raise EditError(
            f"{existing.system} could not be loaded, so report '{report}' cannot be checked; "
            "run 'soccheck validate' to see why"
        )
    defined = sorted({r.id for r in program.system.reports})
    if report in defined:
        return
    close = difflib.get_close_matches(report, defined, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listed = ", ".join(f"'{r}'" for r in defined) if defined else "none"
    raise EditError(f"no report '{report}' in {existing.system}{hint}; defined reports: {listed}")


def _dating_notes(reports: list[Any], today: dt.date, fieldwork_days: int) -> tuple[str, ...]:
    """A test dated before a Type 2 period begins never counts for it: right after 'init'
    (whose default period starts next month) that is every test dated today. Neither does one
    dated more than ``fieldwork_days`` after the period ends: it tests a later period."""
    from soccheck.checks.periods import window

    notes = []
    for report in reports:
        win = window(report, fieldwork_days)
        if report.type != 2 or win is None:
            continue
        if today < win.start:
            notes.append(
                f"the test is dated {today.isoformat()}, before the period of report "
                f"'{report.id}' starts on {win.start.isoformat()}, so it will not count for "
                "that report; set performed_on to the day the test is performed"
            )
        elif win.last_day is not None and win.period_end is not None and today > win.last_day:
            notes.append(
                f"the test is dated {today.isoformat()}, more than {fieldwork_days} days "
                f"(fieldwork_days) after the period of report '{report.id}' ended on "
                f"{win.period_end.isoformat()}, so it will not count for that report; set "
                "performed_on to the day the test was performed"
            )
    return tuple(notes)


def _span(reports: list[Any], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The span a new operating test samples by default: the first Type 2 report's period
    so far (its start to today, or to its end once it has ended), which
    'sample-period-missing' asks every Type 2 test to record; None before the period
    starts or without a valid Type 2 period."""
    for report in reports:
        period = report.period
        if report.type != 2 or period is None or period.end < period.start:
            continue
        if today < period.start:
            return None
        return period.start, min(period.end, today)
    return None


def _kind_and_hint(program: Any, test: NewTest, today: dt.date) -> tuple[str, str, list[Any]]:
    """The test's kind (operating when a Type 2 report examines the control, design when only
    Type 1 reports do), the minimum sample for its frequency (for the comment), and the
    reports the test is for."""
    from soccheck.checks.rules.base import Context

    control = next((c for c in program.controls if c.id == test.control), None)
    if program.system is None or control is None:
        return test.kind or "operating", "", []
    ctx = Context(program, today)
    reports = [
        r
        for r in program.system.reports
        if (r.id == test.report if test.report is not None else ctx.in_scope(control, r))
    ]
    kind = test.kind or ("design" if reports and all(r.type == 1 for r in reports) else "operating")
    # The configured minimum ('sampling'), the one 'insufficient-sample' will hold it to.
    minimum = ctx.sample_policy.minimum(control.frequency, control.automation, None)
    if minimum is None:
        return kind, "", reports
    word = "automated" if minimum.automated else str(control.frequency)
    article = "an" if word[0] in "aeiou" else "a"
    return kind, f"; at least {minimum.size} for {article} {word} control", reports
