"""``soccheck new control``: append a control skeleton to a control file.

The file's existing text is kept byte for byte (see ``yamledit.append_to_controls``); the result
is re-read with soccheck's own loader before it is written, so a surprise in the file's shape
fails the command instead of corrupting the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import FoldedScalarString

from soccheck import yamledit
from soccheck.discovery import find_program_root
from soccheck.fileio import write_atomic
from soccheck.loader import load_text
from soccheck.schemas import SCHEMA_FILES, schema_id
from soccheck.skeletons import CONTROL_DESCRIPTION, CONTROL_TITLE
from soccheck.starter import OWNER_PLACEHOLDER
from soccheck.vocabulary import ID_PATTERN
from soccheck.yamledit import EditError

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


def _plain(item: CommentedMap) -> dict[str, Any]:
    return {
        str(k): (list(v) if isinstance(v, list) else str(v) if isinstance(v, str) else v)
        for k, v in item.items()
    }


@dataclass
class _Existing:
    """What the program already holds; places are shown as text output shows them (relative
    to the current directory), since they end up in the command's messages."""

    where: dict[str, str] = field(default_factory=dict)
    """Control ID -> 'file:line' of its first definition."""
    objectives: set[str] = field(default_factory=set)
    controls: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    system: str = "system.yaml"
    show: Callable[[str], str] = str


def _existing(root: Path) -> _Existing:
    from soccheck.discovery import SetupError
    from soccheck.program import load_program
    from soccheck.reporters.locations import Locator

    try:
        program = load_program(root)
    except SetupError:
        return _Existing()
    show = Locator.for_root(program.root).display
    where: dict[str, str] = {}
    for control in program.controls:
        file, line, _column = program.position(control.source)
        where.setdefault(control.id, f"{show(file)}:{line}")
    objectives = (
        {o.id for o in program.system.control_objectives} if program.system is not None else set()
    )
    config = program.config
    return _Existing(
        where, objectives, config.controls, config.exclude, show(program.system_path), show
    )


def _controls_of(text: str) -> list[Any]:
    data = load_text("file", text).data
    if isinstance(data, dict) and isinstance(data.get("controls"), list):
        return list(data["controls"])
    return []


def add_control(path: Path, control: NewControl) -> Added:
    """Append ``control`` to the control file at ``path`` (created if missing)."""
    if not re.match(ID_PATTERN, control.id) or len(control.id) > 128:
        raise EditError(
            f"'{control.id}' is not a valid control ID: use ASCII letters, digits and . _ : - "
            "(starting with a letter or digit)"
        )
    if path.exists() and not path.is_file():
        raise EditError(f"{path} is not a file")
    # The file decides which program it joins, wherever the command runs.
    root = find_program_root(Path(os.path.abspath(path)).parent)
    warnings: list[str] = []
    if root is not None:
        existing = _existing(root)
        if control.id in existing.where:
            raise EditError(f"control '{control.id}' already exists ({existing.where[control.id]})")
        unknown = [o for o in control.objectives if o not in existing.objectives]
        if unknown:
            listed = ", ".join(f"'{o}'" for o in unknown)
            warnings.append(
                f"objective{'s' if len(unknown) > 1 else ''} {listed} "
                f"not defined in {existing.system} (control_objectives)"
            )
        from soccheck.discovery import matches

        rel = Path(os.path.abspath(path)).relative_to(root).as_posix()
        patterns, exclude = existing.controls, existing.exclude
        if patterns and (not matches(rel, patterns) or matches(rel, exclude)):
            warnings.append(
                f"{existing.show(rel)} is not one of the program's control files "
                "(controls/exclude in soccheck.yaml), so 'soccheck validate' will not read it"
            )

    created = not path.exists()
    bom = False
    if created:
        if root is not None and (root / LOCAL_SCHEMA).is_file():
            relative = os.path.relpath(root / LOCAL_SCHEMA, Path(os.path.abspath(path)).parent)
            schema = Path(relative).as_posix()
        else:
            schema = schema_id("control")
        original = yamledit.modeline(schema)
    else:
        raw = path.read_bytes()
        bom = raw.startswith(BOM)
        try:
            original = raw[len(BOM) if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{path} is not UTF-8 text") from None
        if "\r\n" in original:
            raise EditError(
                f"{path} has Windows (CRLF) line endings; soccheck appends only to files "
                "with LF line endings"
            )
    before = _controls_of(original)
    if any(isinstance(c, dict) and c.get("id") == control.id for c in before):
        raise EditError(f"control '{control.id}' already exists in {path}")

    # Render once to learn the column of the file's keys, then put the hints at that column.
    probe = yamledit.append_to_controls(original, skeleton(control))
    item = skeleton(control, _key_column(probe.text, probe.line))
    appended = yamledit.append_to_controls(original, item)

    after = _controls_of(appended.text)
    if len(after) != len(before) + 1 or after[:-1] != before or after[-1] != _plain(item):
        raise EditError(
            f"appending to {path} would change its existing content; add the control by hand"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, ("\ufeff" if bom else "") + appended.text)
    return Added(path, appended.line, created, root, warnings)


def _key_column(text: str, dash_line: int) -> int:
    line = text.splitlines()[dash_line - 1]
    dash = line.index("-")
    return dash + 1 + len(line[dash + 1 :]) - len(line[dash + 1 :].lstrip(" "))
