"""Writing YAML. soccheck never re-emits a YAML file it did not just create.

soccheck reads programs with its own location-aware loader (``soccheck.load.yaml_reader``).
When it writes YAML (``soccheck init`` and ``soccheck new control``) it either fills a
template whose values are
rendered by ruamel.yaml (``scalar``: quoting exactly when YAML needs it), or edits a file by
splicing new text in at positions a parser reported, so every other byte of the file is kept.

``append_to_controls`` (``soccheck new control``) and ``append_to_tests`` (``soccheck new test``)
use ruamel.yaml's round-trip parser to find
where the list ends and how its items are indented, renders only the new item with
ruamel.yaml's round-trip dumper in that layout, and inserts it; the caller re-reads the result to
prove that every existing control is unchanged. The layout soccheck itself writes is::

    controls:
      - id: AC-01
        criteria: [CC6.1]
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

MODELINE_PREFIX = "# yaml-language-server: $schema="


class EditError(Exception):
    """The file cannot be edited safely; the message says why and what to do instead."""


@dataclass(frozen=True, slots=True)
class Indent:
    """Block layout: ``offset`` spaces before a list dash, ``sequence`` before its item's keys
    (both relative to the parent key), ``mapping`` for nested mappings."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


DEFAULT_INDENT = Indent()


def round_trip(indent: Indent = DEFAULT_INDENT) -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    # Never re-wrap text: the library keeps its own line breaks in folded scalars.
    yaml.width = 4096
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    return yaml


def load(text: str) -> Any:
    """Parse YAML text in round-trip mode (comments and styles kept)."""
    return round_trip().load(text)


def dump(data: Any, indent: Indent = DEFAULT_INDENT) -> str:
    stream = io.StringIO()
    round_trip(indent).dump(data, stream)
    return stream.getvalue()


def scalar(value: str | int | bool) -> str:
    """A scalar written inline, quoted only when YAML needs it (``'Title: with colon'``)."""
    text = dump([value], Indent(mapping=2, sequence=2, offset=0)).rstrip("\n")
    if not text.startswith("- ") or "\n" in text:
        # Multi-line text: a JSON string is also a valid double-quoted YAML scalar.
        import json

        return json.dumps(value, ensure_ascii=False)
    return text[2:]


def flow_scalar(value: str) -> str:
    """A scalar written inside a flow collection (``[a, b]``): as :func:`scalar`, and quoted
    also when it holds a character that ends or splits a flow item there (``, [ ] { }``),
    which a plain scalar may hold in a block."""
    text = scalar(value)
    if text[:1] not in ("'", '"') and any(char in text for char in ",[]{}"):
        import json

        return json.dumps(value, ensure_ascii=False)
    return text


def plain(value: Any) -> Any:
    """``value`` as soccheck's loader reads back what ``dump`` wrote: plain dicts, lists and
    strs, dates as ISO text. The commands compare it with the re-read file."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def flow_list(values: list[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def flow_map(values: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def modeline(schema: str) -> str:
    """The first line that tells the YAML language server (VS Code and others) the schema."""
    return f"{MODELINE_PREFIX}{schema}\n"


def strip_modeline(text: str) -> str:
    if text.startswith(MODELINE_PREFIX):
        return text.split("\n", 1)[1] if "\n" in text else ""
    return text


# ------------------------------------------------------------------- appending to a control file


@dataclass(frozen=True)
class Appended:
    text: str
    line: int
    """1-based line of the new item's dash."""


def _line_start_offsets(text: str) -> list[int]:
    offsets = [0]
    for index, char in enumerate(text):
        if char == "\n":
            offsets.append(index + 1)
    return offsets


def _render_item(
    item: CommentedMap, dash_column: int, key_column: int, key: str = "controls"
) -> list[str]:
    """The item's lines, its dash at ``dash_column`` and its keys at ``key_column``."""
    offset = dash_column
    sequence = key_column
    if sequence < offset + 2:
        raise EditError("the existing list items are indented in a way soccheck cannot match")
    rendered = dump({key: [item]}, Indent(mapping=2, sequence=sequence, offset=offset))
    lines = rendered.splitlines(keepends=True)
    if not lines or lines[0] != f"{key}:\n":  # pragma: no cover - defensive
        raise AssertionError(rendered)
    return lines[1:]


def append_to_controls(text: str, item: CommentedMap) -> Appended:
    """Return ``text`` with ``item`` appended to its top-level ``controls`` list.

    Existing bytes are kept exactly; only the new item's lines are inserted (plus ``controls:``
    when the file has no content yet). Raises EditError when the file's shape does not allow a
    safe append (a single-control file, a non-empty flow list, invalid YAML).
    """
    try:
        data = load(text)
    except YAMLError as exc:
        raise EditError(f"the file is not valid YAML ({exc}); fix it first") from None
    if text and not text.endswith("\n"):
        text += "\n"
    if data is None:
        lines = _render_item(item, DEFAULT_INDENT.offset, DEFAULT_INDENT.sequence)
        head = text + "controls:\n"
        return Appended(head + "".join(lines), head.count("\n") + 1)
    if not isinstance(data, CommentedMap):
        raise EditError("the file does not hold a mapping with a 'controls' list")
    if "controls" not in data:
        if "id" in data:
            raise EditError(
                "the file holds a single control (no 'controls:' list); add the new control "
                "to a file with a 'controls:' list, or to a new file"
            )
        raise EditError("the file has no top-level 'controls:' list")

    return _append_to_block_list(
        text, data, ("controls",), item, (DEFAULT_INDENT.offset, DEFAULT_INDENT.sequence)
    )


# ------------------------------------------- appending to a block list, and to a control's tests


def _node(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _next_start(data: Any, path: tuple[str | int, ...]) -> tuple[int, int] | None:
    """(line, column), 0-based, where the node after the one at ``path`` begins: its next
    sibling, else its parent's next sibling, and so on; None at the end of the document."""
    for depth in range(len(path), 0, -1):
        parent = _node(data, path[: depth - 1])
        last = path[depth - 1]
        if isinstance(parent, CommentedMap):
            keys = list(parent)
            index = keys.index(last)
            if index + 1 < len(keys):
                line, column = parent.lc.key(keys[index + 1])
                return int(line), int(column)
        elif isinstance(parent, CommentedSeq) and isinstance(last, int) and last + 1 < len(parent):
            line, column = parent.lc.item(last + 1)
            return int(line), int(column)
    return None


def _end_of(text: str, starts: list[int], data: Any, path: tuple[str | int, ...]) -> int:
    """Offset just after the node at ``path``: before whatever follows it, and before the blank
    lines and comments that introduce that (comments indented deeper than it stay with us)."""
    following = _next_start(data, path)
    if following is None:
        return len(text)
    line, column = following
    while line > 0:
        previous = text[starts[line - 1] :].split("\n", 1)[0]
        stripped = previous.lstrip(" ")
        if stripped and not (stripped.startswith("#") and len(previous) - len(stripped) <= column):
            break
        line -= 1
    return starts[line]


def _list_layout(
    text: str, starts: list[int], data: Any, path: tuple[str | int, ...]
) -> tuple[int, int]:
    """How the file indents a block list of mappings, relative to the list's key: (columns to
    the dash, columns to the item's keys). Read from the ``controls`` list the control is in,
    else from any list of mappings in the control, else soccheck's own layout."""
    candidates: list[tuple[CommentedMap, Any]] = []
    if len(path) == 2 and isinstance(data, CommentedMap):
        candidates.append((data, path[0]))
    control = _node(data, path)
    candidates += [(control, key) for key in control if key != "tests"]
    for mapping, key in candidates:
        seq = mapping.get(key)
        if not (
            isinstance(seq, CommentedSeq)
            and seq
            and not seq.fa.flow_style()
            and isinstance(seq[0], CommentedMap)
        ):
            continue
        key_line, key_column = (int(n) for n in mapping.lc.key(key))
        item_line, item_column = (int(n) for n in seq.lc.item(0))
        line_text = text[starts[item_line] :].split("\n", 1)[0]
        dash = line_text.rfind("-", 0, item_column)
        if item_line == key_line or dash < 0 or line_text[:dash].strip():
            continue  # not a layout soccheck can copy
        return dash - key_column, item_column - key_column
    return DEFAULT_INDENT.offset, DEFAULT_INDENT.sequence


_EMPTY_FLOW_LIST = re.compile(r"\[[ \t]*\]")


def _without_empty_list(line_text: str, column: int, key: str) -> str:
    """The key's line with its empty flow list (``[]`` at ``column``) taken out, so that the
    items can follow it; EditError when the empty list is written some other way."""
    found = _EMPTY_FLOW_LIST.match(line_text, column)
    if found is not None:
        return line_text[:column].rstrip() + line_text[found.end() :]
    prop = line_text[column:].split(None, 1)[0] if line_text[column:].strip() else ""
    if prop[:1] in ("!", "&"):
        what = "tag" if prop[0] == "!" else "anchor"
        raise EditError(
            f"'{key}' is an empty list marked with the YAML {what} '{prop}'; write it as "
            f"'{key}: []' (soccheck does not accept YAML {what}s), then run the command again"
        )
    raise EditError(
        f"'{key}' is an empty list written over more than one line; write it as '{key}: []' "
        "on the key's line, then run the command again"
    )


def _append_to_block_list(
    text: str,
    data: Any,
    path: tuple[str | int, ...],
    item: CommentedMap,
    layout: tuple[int, int],
) -> Appended:
    """Append ``item`` to the block list at ``path`` (the key naming it is ``path[-1]``):
    after its last item, with its items' indentation and blank-line separation, or, when the
    list is empty (``key:`` or ``key: []``), right below the key, indented by ``layout``
    (columns to the dash and to the item's keys, relative to the key). ``text`` ends with a
    newline."""
    starts = _line_start_offsets(text)
    mapping, key = _node(data, path[:-1]), str(path[-1])
    seq = mapping[key]
    key_line, key_column = (int(n) for n in mapping.lc.key(key))
    if seq is None or (isinstance(seq, CommentedSeq) and not seq):
        end = starts[key_line + 1] if key_line + 1 < len(starts) else len(text)
        line_text = text[starts[key_line] : end]
        if seq is not None:
            value_line, value_column = (int(n) for n in mapping.lc.value(key))
            if value_line != key_line:
                raise EditError(
                    f"'{key}' is an empty list written below its key; write it as "
                    f"'{key}: []' on the key's line, then run the command again"
                )
            line_text = _without_empty_list(line_text, value_column, key)
        elif line_text.split("#", 1)[0].strip() != f"{key}:":
            raise EditError(f"'{key}' has an explicit null value; replace it with a list")
        if not line_text.endswith("\n"):
            line_text += "\n"
        lines = _render_item(item, key_column + layout[0], key_column + layout[1], key)
        head = text[: starts[key_line]] + line_text
        return Appended(head + "".join(lines) + text[end:], head.count("\n") + 1)
    if not isinstance(seq, CommentedSeq):
        raise EditError(f"'{key}' is not a list")
    if seq.fa.flow_style():
        raise EditError(
            f"'{key}' is written as a flow list ([...]); soccheck can only add to a block list "
            "('- id: ...' lines)"
        )
    first_line, item_column = (int(n) for n in seq.lc.item(0))
    first_text = text[starts[first_line] :].split("\n", 1)[0]
    dash_column = first_text.rfind("-", 0, item_column)
    if dash_column < 0 or first_text[:dash_column].strip():
        raise EditError(f"cannot tell how the '{key}' items are indented")
    separated = False
    if len(seq) > 1:
        # A blank line before the second item (or before the comments that introduce it).
        line = int(seq.lc.item(1)[0]) - 1
        while line > first_line and text[starts[line] :].lstrip(" ").startswith("#"):
            line -= 1
        separated = not text[starts[line] :].split("\n", 1)[0].strip()
    at = _end_of(text, starts, data, path)
    head = text[:at]
    separator = "\n" if separated and not head.endswith("\n\n") else ""
    lines = _render_item(item, dash_column, item_column, key)
    line = head.count("\n") + len(separator) + 1
    return Appended(head + separator + "".join(lines) + text[at:], line)


def append_to_tests(text: str, path: tuple[str | int, ...], item: CommentedMap) -> Appended:
    """Return ``text`` with ``item`` appended to the ``tests`` list of the control at ``path``
    (``("controls", 3)``, or ``()`` for a file holding one control).

    Existing bytes are kept exactly. A missing ``tests`` key is added after the control's last
    key, ``tests:`` and ``tests: []`` become a block list, and the items follow the file's own
    indentation. Raises EditError when that is not possible safely.
    """
    try:
        data = load(text)
        control = _node(data, path)
    except YAMLError as exc:
        raise EditError(f"the file is not valid YAML ({exc}); fix it first") from None
    except (KeyError, IndexError, TypeError):
        raise EditError(
            "the control is not where soccheck read it; run the command again"
        ) from None
    if not isinstance(control, CommentedMap) or control.fa.flow_style():
        raise EditError(
            "the control is written in flow style ({...}); soccheck can only add a test to a "
            "control written as a block of 'key: value' lines"
        )
    if text and not text.endswith("\n"):
        text += "\n"
    starts = _line_start_offsets(text)
    control_column = int(control.lc.key(next(iter(control)))[1])
    layout = _list_layout(text, starts, data, path)

    if "tests" not in control:
        at = _end_of(text, starts, data, (*path, next(reversed(control))))
        head = text[:at]
        lines = _render_item(item, control_column + layout[0], control_column + layout[1], "tests")
        inserted = " " * control_column + "tests:\n" + "".join(lines)
        return Appended(head + inserted + text[at:], head.count("\n") + 2)

    return _append_to_block_list(text, data, (*path, "tests"), item, layout)
