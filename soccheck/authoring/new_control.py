"""``soccheck new control``: append a control skeleton to a control file.

The file's existing text is kept byte for byte (see ``yamledit.append_to_controls``); the result
is re-read with soccheck's own loader before it is written, so a surprise in the file's shape
fails the command instead of corrupting the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import FoldedScalarString

from soccheck.authoring import yamledit
from soccheck.authoring.starter import OWNER_PLACEHOLDER
from soccheck.authoring.yamledit import EditError
from soccheck.checks.findings import Place
from soccheck.format.record_base import KeyPath
from soccheck.format.schema import SCHEMA_FILES, schema_id
from soccheck.format.skeletons import CONTROL_DESCRIPTION, CONTROL_TITLE
from soccheck.format.vocabulary import ID_PATTERN
from soccheck.load.discovery import find_program_root
from soccheck.load.yaml_reader import load_text
from soccheck.support import fileio

if TYPE_CHECKING:
    from soccheck.load.program import Program

LOCAL_SCHEMA = Path(".soccheck/schemas") / SCHEMA_FILES["control"]
BOM = b"\xef\xbb\xbf"

FIELD_HINTS = {
    "frequency": "continuous, multiple-daily, daily, weekly, monthly, quarterly,\n"
    "  semi-annual, annual or as-needed",
    "nature": "preventive, detective or corrective",
    "automation": "manual, automated or it-dependent-manual",
}


@dataclass(frozen=True)
class NewControl:
    id: str
    title: str | None = None
    owner: str | None = None
    criteria: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    frequency: str | None = None
    nature: str | None = None
    automation: str | None = None
    key: bool = False


@dataclass
class Added:
    path: Path
    line: int
    created: bool
    root: Path | None
    warnings: list[str] = field(default_factory=list)


def skeleton(control: NewControl, key_column: int = 4) -> CommentedMap:
    """The new control as a round-trip mapping, with hints for the fields left out."""
    item = CommentedMap()
    item["id"] = control.id
    item["title"] = control.title or CONTROL_TITLE
    item["description"] = FoldedScalarString(CONTROL_DESCRIPTION)
    item["owner"] = control.owner or OWNER_PLACEHOLDER
    item["criteria"] = yamledit.flow_list(list(control.criteria))
    if control.objectives:
        item["objectives"] = yamledit.flow_list(list(control.objectives))
    hints = []
    for name in ("frequency", "nature", "automation"):
        value = getattr(control, name)
        if value is None:
            hints.append(f"{name}: {FIELD_HINTS[name]}")
        else:
            item[name] = value
    hints += ["evidence:", "  - path: evidence/FOLDER", "    description: What the evidence shows."]
    item["key"] = control.key
    item.yaml_set_comment_before_after_key("key", before="\n".join(hints), indent=key_column)
    return item


@dataclass(frozen=True)
class Definition:
    """Where a control is written: ``place`` for messages, ``path`` (its keys in the file's
    data) for editing it."""

    place: Place
    path: KeyPath


@dataclass
class Existing:
    """The IDs the program's files already use, with their places, and what else the
    commands check against.

    Read from what the control files say, not from the validated records: an ID is taken as
    soon as it is written, even in a control that does not validate yet (``duplicate-id``
    reports it once the control is fixed), and a test can be added to such a control.
    """

    controls: dict[str, list[Definition]] = field(default_factory=dict)
    """Control ID -> every definition, in program order."""
    tests: dict[str, Place] = field(default_factory=dict)
    """Test ID -> its first definition."""
    objectives: set[str] = field(default_factory=set)
    patterns: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    system: str = "system.yaml"
    show: Callable[[str], str] = str
    """Root-relative path -> the path as text output shows it (from the current directory),
    since places end up in the commands' messages."""

    def where(self, place: Place) -> str:
        return place.shown(self.show(place.path))


def _written_controls(data: Any) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """(path, mapping) of every control written in a control file's data."""
    if isinstance(data, dict) and isinstance(data.get("controls"), list):
        for index, item in enumerate(data["controls"]):
            if isinstance(item, dict):
                yield ("controls", index), item
    elif isinstance(data, dict) and "controls" not in data:
        yield (), data


def existing_in(program: Program) -> Existing:
    """What ``program``'s control files define (see :class:`Existing`)."""
    from soccheck.output.locations import Locator

    found = Existing(show=Locator.for_root(program.root).display)
    skip = {program.system_path, program.config_path}
    for rel, doc in program.documents.items():
        if rel in skip:
            continue
        for path, control in _written_controls(doc.data):
            ident = control.get("id")
            if isinstance(ident, str):
                place = Place(rel, doc.position(path)[0])
                found.controls.setdefault(ident, []).append(Definition(place, path))
            tests = control.get("tests")
            for index, item in enumerate(tests if isinstance(tests, list) else []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    line = doc.position((*path, "tests", index))[0]
                    found.tests.setdefault(item["id"], Place(rel, line))
    if program.system is not None:
        found.objectives = {o.id for o in program.system.control_objectives}
    found.patterns, found.exclude = program.config.controls, program.config.exclude
    found.system = found.show(program.system_path)
    return found


def _existing(root: Path) -> Existing:
    """Nothing to check against when the program cannot be read: the control is still added,
    and 'soccheck validate' says what is wrong with the program."""
    from soccheck.load.discovery import SetupError
    from soccheck.load.program import load_program

    try:
        program = load_program(root)
    except SetupError:
        return Existing()
    return existing_in(program)


def read_for_edit(path: Path, shown: str) -> tuple[str, bool]:
    """The text of the file at ``path`` and whether it starts with a byte order mark (kept
    when the file is written back). Only UTF-8 text with LF line endings is edited: spliced
    lines would mix line endings in a CRLF file."""
    raw = path.read_bytes()
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{shown} is not UTF-8 text") from None
    if "\r\n" in text:
        raise EditError(
            f"{shown} has Windows (CRLF) line endings; soccheck edits only files with LF "
            "line endings"
        )
    return text, bom


def _controls_of(text: str) -> list[Any]:
    data = load_text("file", text).data
    if isinstance(data, dict) and isinstance(data.get("controls"), list):
        return list(data["controls"])
    return []


def add_control(path: Path, control: NewControl) -> Added:
    """Append ``control`` to the control file at ``path`` (created if missing).

    The program's lock is held from reading the program to writing the file: another
    ``new`` command run meanwhile waits, so neither loses the other's addition and an ID
    cannot be added twice. A file outside any program locks the nearest existing directory
    holding it (a lock on the directory itself: no lock file is left outside a program),
    so appends to that file still wait for each other.
    """
    if not re.match(ID_PATTERN, control.id) or len(control.id) > 128:
        raise EditError(
            f"'{control.id}' is not a valid control ID: use ASCII letters, digits and . _ : - "
            "(starting with a letter or digit)"
        )
    # The file decides which program it joins, wherever the command runs.
    directory = Path(os.path.abspath(path)).parent
    root = find_program_root(directory)
    if root is not None:
        lock = fileio.program_lock(root)
    else:
        lock = fileio.directory_lock(next(d for d in (directory, *directory.parents) if d.is_dir()))
    with lock:
        return _add_locked(path, control, root)


def _add_locked(path: Path, control: NewControl, root: Path | None) -> Added:
    target = fileio.destination(path, root=root)
    warnings = [] if root is None else _check_program(root, path, control)

    created = target.mode is None
    bom = False
    if created:
        if root is not None and (root / LOCAL_SCHEMA).is_file():
            relative = os.path.relpath(root / LOCAL_SCHEMA, Path(os.path.abspath(path)).parent)
            schema = Path(relative).as_posix()
        else:
            schema = schema_id("control")
        original = yamledit.modeline(schema)
    else:
        original, bom = read_for_edit(path, str(path))
    before = _controls_of(original)
    if any(isinstance(c, dict) and c.get("id") == control.id for c in before):
        raise EditError(f"control '{control.id}' already exists in {path}")

    # Render once to learn the column of the file's keys, then put the hints at that column.
    probe = yamledit.append_to_controls(original, skeleton(control))
    item = skeleton(control, _key_column(probe.text, probe.line))
    appended = yamledit.append_to_controls(original, item)

    after = _controls_of(appended.text)
    if len(after) != len(before) + 1 or after[:-1] != before or after[-1] != yamledit.plain(item):
        raise EditError(
            f"appending to {path} would change its existing content; add the control by hand"
        )
    fileio.write_atomic(path, ("\ufeff" if bom else "") + appended.text, root=root)
    return Added(path, appended.line, created, root, warnings)


def _check_program(root: Path, path: Path, control: NewControl) -> list[str]:
    """Refuse an ID the program already uses; warn about what 'soccheck validate' will
    report or not see."""
    existing = _existing(root)
    if control.id in existing.controls:
        first = existing.controls[control.id][0].place
        raise EditError(f"control '{control.id}' already exists ({existing.where(first)})")
    warnings = []
    unknown = [o for o in control.objectives if o not in existing.objectives]
    if unknown:
        listed = ", ".join(f"'{o}'" for o in unknown)
        warnings.append(
            f"objective{'s' if len(unknown) > 1 else ''} {listed} "
            f"not defined in {existing.system} (control_objectives)"
        )
    from soccheck.load.discovery import matches

    rel = Path(os.path.abspath(path)).relative_to(root).as_posix()
    patterns, exclude = existing.patterns, existing.exclude
    if patterns and (not matches(rel, patterns) or matches(rel, exclude)):
        warnings.append(
            f"{existing.show(rel)} is not one of the program's control files "
            "(controls/exclude in soccheck.yaml), so 'soccheck validate' will not read it"
        )
    return warnings


def _key_column(text: str, dash_line: int) -> int:
    line = text.splitlines()[dash_line - 1]
    dash = line.index("-")
    return dash + 1 + len(line[dash + 1 :]) - len(line[dash + 1 :].lstrip(" "))
