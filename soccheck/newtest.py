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

import copy
import datetime as dt
import difflib
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import FoldedScalarString

from soccheck import yamledit
from soccheck.fileio import write_atomic
from soccheck.loader import load_text
from soccheck.newcontrol import BOM
from soccheck.skeletons import TEST_PROCEDURE, TESTER
from soccheck.yamledit import EditError


@dataclass(frozen=True)
class NewTest:
    control: str
    id: str | None = None
    kind: str | None = None
    method: str = "inspection"
    performed_by: str | None = None
    report: str | None = None


@dataclass(frozen=True)
class AddedTest:
    id: str
    kind: str
    path: str
    """Root-relative path of the control file."""
    line: int
    """1-based line of the new test's dash."""
    warnings: tuple[str, ...] = ()
    """Why the test, as dated, will not count for a report yet."""


@dataclass(frozen=True)
class _Place:
    file: str
    path: tuple[str | int, ...]
    line: int


def _controls_in(data: Any) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(path, mapping) of every control written in a control file's data."""
    if isinstance(data, dict) and isinstance(data.get("controls"), list):
        return [
            (("controls", index), item)
            for index, item in enumerate(data["controls"])
            if isinstance(item, dict)
        ]
    if isinstance(data, dict) and "controls" not in data:
        return [((), data)]
    return []


def _skeleton(test: NewTest, test_id: str, kind: str, today: dt.date, hint: str) -> CommentedMap:
    item = CommentedMap()
    item["id"] = test_id
    item["kind"] = kind
    item["method"] = test.method
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
        item["population"] = 0
        item["sample_size"] = 0
        item["exceptions"] = 0
        item.yaml_add_eol_comment("times the control ran in the period", "population", 26)
        item.yaml_add_eol_comment(f"items examined{hint}", "sample_size", 26)
        item.yaml_add_eol_comment("deviations found", "exceptions", 26)
    item["result"] = "pass"
    item.yaml_add_eol_comment("pass, exceptions or fail", "result", 26)
    return item


def _plain(item: CommentedMap) -> dict[str, Any]:
    return {
        str(k): v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, str) else v
        for k, v in item.items()
    }


def add_test(root: Path, test: NewTest, today: dt.date) -> AddedTest:
    """Append a skeleton test to control ``test.control`` of the program under ``root``."""
    from soccheck.discovery import SetupError
    from soccheck.program import load_program

    try:
        program = load_program(root)
    except SetupError as exc:
        raise EditError(str(exc)) from None
    skip = {program.system_path, program.config_path}
    places: list[_Place] = []
    control_ids: dict[str, str] = {}
    test_ids: dict[str, str] = {}
    for rel, doc in program.documents.items():
        if rel in skip:
            continue
        for path, control in _controls_in(doc.data):
            ident = control.get("id")
            line = doc.position(path)[0]
            if isinstance(ident, str):
                control_ids.setdefault(ident, f"{rel}:{line}")
                if ident == test.control:
                    places.append(_Place(rel, path, line))
            tests = control.get("tests")
            for index, item in enumerate(tests if isinstance(tests, list) else []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    test_line = doc.position((*path, "tests", index))[0]
                    test_ids.setdefault(item["id"], f"{rel}:{test_line}")
    if not places:
        close = difflib.get_close_matches(test.control, list(control_ids), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise EditError(f"no control '{test.control}' in the program under {root}{hint}")
    if len(places) > 1:
        both = " and ".join(f"{p.file}:{p.line}" for p in places)
        raise EditError(
            f"control '{test.control}' is defined more than once ({both}); keep one "
            "definition, then add the test"
        )
    [place] = places

    taken = {**control_ids, **test_ids}
    if test.id is not None:
        if test.id in taken:
            raise EditError(f"ID '{test.id}' is already used ({taken[test.id]}); choose another")
        test_id = test.id
    else:
        base = f"T-{test.control}-{today.year}"
        test_id, number = base, 1
        while test_id in taken:
            number += 1
            test_id = f"{base}-{number}"

    kind, hint, reports = _kind_and_hint(program, test, today)
    file = program.root / place.file
    raw = file.read_bytes()
    bom = raw.startswith(BOM)
    try:
        original = raw[len(BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{place.file} is not UTF-8 text") from None
    if "\r\n" in original:
        raise EditError(
            f"{place.file} has Windows (CRLF) line endings; soccheck adds only to files with "
            "LF line endings"
        )
    item = _skeleton(test, test_id, kind, today, hint)
    appended = yamledit.append_to_tests(original, place.path, item)

    before = load_text(place.file, original).data
    expected = copy.deepcopy(before)
    control = expected
    for part in place.path:
        control = control[part]
    if isinstance(control.get("tests"), list):
        control["tests"].append(_plain(item))
    else:
        control["tests"] = [_plain(item)]
    after = load_text(place.file, appended.text)
    if after.findings or after.data != expected:
        raise EditError(
            f"adding to {place.file} would change its existing content; add the test by hand"
        )
    write_atomic(file, ("\ufeff" if bom else "") + appended.text)
    return AddedTest(test_id, kind, place.file, appended.line, _early(reports, today))


def _early(reports: list[Any], today: dt.date) -> tuple[str, ...]:
    """A test dated before a Type 2 period begins never counts for it: right after 'init'
    (whose default period starts next month) that is every test dated today."""
    from soccheck.periods import window

    notes = []
    for report in reports:
        win = window(report)
        if report.type == 2 and win is not None and today < win.start:
            notes.append(
                f"the test is dated {today.isoformat()}, before the period of report "
                f"'{report.id}' starts on {win.start.isoformat()}, so it will not count for "
                "that report; set performed_on to the day the test is performed"
            )
    return tuple(notes)


def _kind_and_hint(program: Any, test: NewTest, today: dt.date) -> tuple[str, str, list[Any]]:
    """The test's kind (operating when a Type 2 report examines the control, design when only
    Type 1 reports do), the minimum sample for its frequency (for the comment), and the
    reports the test is for."""
    from soccheck.rules.base import Context
    from soccheck.sampling import DEFAULT_POLICY

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
    minimum = DEFAULT_POLICY.minimum(control.frequency, control.automation, None)
    if minimum is None:
        return kind, "", reports
    word = "automated" if minimum.automated else str(control.frequency)
    article = "an" if word[0] in "aeiou" else "a"
    return kind, f"; at least {minimum.size} for {article} {word} control", reports
