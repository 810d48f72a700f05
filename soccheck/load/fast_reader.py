"""A data-only reader for the plain YAML most SOC programs are written in, or nothing.

``soccheck validate`` spends most of its time turning YAML into data: libyaml is fast, but
handing each of its events to Python (an object per event, with marks) costs about 1 µs per
node, and composing data plus positions from them costs more. Almost every control file is
written in a small, regular subset of YAML: block mappings and sequences, plain or simply
quoted scalars (plain ones may go on over several lines), one-line flow lists and mappings,
folded and literal text. This module reads exactly that subset, line by line, into the same
data :mod:`soccheck.load.yaml_reader` would build, and gives up (returns None) on anything
else: tags, anchors, aliases, multi-line quoted scalars, nulls, floats, duplicate keys, tabs,
unusual line breaks, directives, a second document, more nested brackets than the full
reader reads (counted its way, in plain text too), and every construct it does not fully
understand. Giving up costs nothing but time: the caller then loads the file with the full
loader, which reports every problem with its location.

It records where each collection starts (where a finding about an object points) and no
other position. A document read this way composes the others (with the full loader) only
when a finding needs one (``yaml_reader.Document.deferred``), so a clean file is parsed once, by
this module, and a file that a finding points into twice. ``tests/test_fast_reader.py`` checks
on fuzzed YAML that whenever this module returns data, the full loader returns the same data,
no finding, and the same start for every collection recorded; should they ever disagree in
a run, the full reader's reading wins (``yaml_reader.Document._compose_positions``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from soccheck.load.limits import Limits
from soccheck.load.scalars import (
    DATE_LIKE,
    FALSE_WORDS,
    MAX_INT_DIGITS,
    NULL_WORDS,
    NULLS,
    NUMBER_START,
    TRUE_WORDS,
    resolve_plain,
)
from soccheck.load.yaml_reader import Document, flow_too_deep, load_text

_NOT_SIMPLE = (
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Characters outside the subset: tabs, CR and the other line breaks libyaml knows (NEL, LS,
PS), control characters, BOMs inside the text, and whatever libyaml itself rejects. (Compiled
when first needed: it takes longer to compile than most files take to read.)"""

_TAIL = r"(?: +#.*| *)\Z"
"""After a value: spaces, or spaces and a comment (a '#' right after a value is not one)."""
_PLAIN = re.compile(
    r"([^-?:,\[\]{}#&*!|>'\"%@` ](?:[^:# ]|:(?=[^ ])| +(?=[^ #])|(?<=[^ ])#)*)" + _TAIL
)
"""A one-line plain scalar in block context: no ': ', no ' #', not starting with an indicator,
not ending with ':'; maybe followed by a comment."""
_SINGLE = re.compile(r"'((?:[^']|'')*)'" + _TAIL)
_DOUBLE = re.compile(r'"([^"\\]*)"' + _TAIL)
_BLOCK = re.compile(r"([|>])(-?)" + _TAIL)
_FLOW_TOKEN = re.compile(
    r" *(?:([\[\]{},])|([A-Za-z_][A-Za-z0-9_-]*): +"
    r"|'((?:[^']|'')*)'|\"([^\"\\]*)\""
    r"|([^-?:,\[\]{}#&*!|>'\"%@` ](?:[^:#?,\[\]{} ]| +(?=[^ :#?,\[\]{}]))*))"
)
"""One token of a one-line flow collection: punctuation, a 'key: ', a quoted scalar, or a
plain scalar without ':' or '#' (where libyaml versions disagree) or '?' (which ends a plain
scalar in libyaml's flow context)."""
_FLOW_END = re.compile(_TAIL)
_FLOW_SAFE_ASCII = frozenset(
    "-_., ()/=+^$~;<abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_FLOW_UNSAFE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(128) if chr(c) not in _FLOW_SAFE_ASCII) + "]"
)
"""Inside '[...]', a character that is not simply part of a plain scalar or a separator: an
ASCII character other than these (every non-ASCII character is safe here; written as the
negation of a class up to U+10FFFF, the pattern took 8 ms to compile, per run)."""
_FLOW_FIRST = frozenset("-")
_WORDS = (NULLS - {""}) | frozenset((*TRUE_WORDS, *FALSE_WORDS))
"""Words that are not text in a flow list (``[x, true]``)."""


class _GiveUp(Exception):
    pass


def _scalar(text: str) -> Any:
    """A plain scalar's value (YAML 1.2 core schema); gives up on nulls and floats."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_INT_DIGITS:
        return int(text)
    if DATE_LIKE.match(text):
        return text  # not a number to YAML 1.2; the schema and the models check the date
    value = resolve_plain(text)
    if value is None or type(value) is float:
        # Nulls and floats make a document "lossy" (see yaml_reader.Document); the full loader
        # records that and the detailed validation path explains them.
        raise _GiveUp
    return value


_MAX_FLOW = 10_000
"""The longest flow collection read here (a longer one, never written by hand, goes to the
full reader): its tokens or items take some 30 times its length, and the full reader keeps
positions in 8 bytes a node and counts nodes against the limit as it goes."""


def _flow(text: str) -> tuple[Any, int]:
    """Parse a one-line flow list or mapping (a list of scalars, a mapping whose values are
    scalars or lists of scalars); return it and the number of nodes in it."""
    if len(text) > _MAX_FLOW:
        raise _GiveUp
    tokens: list[tuple[str, Any]] = []
    pos = 0
    end = len(text)
    while pos < end:
        match = _FLOW_TOKEN.match(text, pos)
        if match is None:
            tail = _FLOW_END.match(text, pos)
            if tail is None or not tokens:
                raise _GiveUp
            break
        pos = match.end()
        punct, key, single, double, plain = match.groups()
        if punct is not None:
            tokens.append((punct, None))
        elif key is not None:
            tokens.append((":", key))
        elif single is not None:
            tokens.append(("s", single.replace("''", "'")))
        elif double is not None:
            tokens.append(("s", double))
        else:
            tokens.append(("s", _scalar(plain)))
    value, index, nodes = _flow_node(tokens, 0, 0)
    if index != len(tokens):
        raise _GiveUp
    return value, nodes


def _flow_node(tokens: list[tuple[str, Any]], index: int, depth: int) -> tuple[Any, int, int]:
    if index >= len(tokens) or depth > 1:
        raise _GiveUp
    kind, value = tokens[index]
    if kind == "s":
        return value, index + 1, 1
    if kind == "[":
        items: list[Any] = []
        nodes = 1
        index += 1
        if index < len(tokens) and tokens[index][0] == "]":
            return items, index + 1, nodes
        while True:
            if index >= len(tokens) or tokens[index][0] != "s":
                raise _GiveUp
            items.append(tokens[index][1])
            nodes += 1
            index += 1
            if index >= len(tokens):
                raise _GiveUp
            if tokens[index][0] == "]":
                return items, index + 1, nodes
            if tokens[index][0] != ",":
                raise _GiveUp
            index += 1
    if kind == "{":
        mapping: dict[str, Any] = {}
        nodes = 1
        index += 1
        if index < len(tokens) and tokens[index][0] == "}":
            return mapping, index + 1, nodes
        while True:
            if index >= len(tokens) or tokens[index][0] != ":":
                raise _GiveUp
            key = tokens[index][1]
            if key in mapping:
                raise _GiveUp
            item, index, count = _flow_node(tokens, index + 1, depth + 1)
            mapping[key] = item
            nodes += count
            if index >= len(tokens):
                raise _GiveUp
            if tokens[index][0] == "}":
                return mapping, index + 1, nodes
            if tokens[index][0] != ",":
                raise _GiveUp
            index += 1
    raise _GiveUp


_WORD_LIST = (*TRUE_WORDS, *FALSE_WORDS, *NULL_WORDS)
_WORD_RE = "(?:" + "|".join(_WORD_LIST) + ")"
_WORD_STARTS = "".join(sorted({word[0] for word in _WORD_LIST}))
_LINE = re.compile(
    r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?"
    rf"(?:(?:(?!{_WORD_RE} *$)([^-?:,\[\]{{}}#&*!|>'\"%@`~ \n0-9+.](?:[^:#\n]*[^:#\n ])?)"
    rf"|([0-9+.~{_WORD_STARTS}](?:[^:#\n]*[^:#\n ])?)) *"
    r"|(.*))$",
    re.MULTILINE,
)
"""Every line, split into (indentation, '- ', key, a one-line plain value that is a string,
one that YAML may read as something else (a number, a boolean, null), anything else). Plain
values with ':' or '#' in them (URLs, times, comments) come as "anything else" and are looked
at more closely."""

Row = tuple[str, str, str, str, str, str]


Starts = dict[int, tuple[int, int]]


_DEFAULT_LIMITS = Limits()


def fast_load(text: str, limits: Limits = _DEFAULT_LIMITS) -> Any:
    """The data of ``text`` if it is written in the simple subset, else None.

    The result equals what :func:`soccheck.load.yaml_reader.load_text` returns for the same
    text, and that loader reports no finding for it (``tests/test_fast_reader.py``).
    """
    loaded = fast_load_with_starts(text, limits)
    return None if loaded is None else loaded[0]


def load_fast(path: str, text: str, limits: Limits) -> Document:
    """The reader of normal runs: this module's reader, and the full one for a file it gives
    up on. The full reader composes positions later, and only if a finding needs them."""
    loaded = fast_load_with_starts(text, limits)
    if loaded is None:
        return load_text(path, text, limits)
    doc = Document.deferred(path, loaded[0], text, limits, loaded[1])
    # What this reader charged against max_nodes: at least the nodes there are (three for
    # every line), so a program's budget can be judged without counting them
    # (``yaml_reader.node_count`` counts exactly when a budget comes close).
    doc.nodes = loaded[2]
    doc.nodes_exact = False
    return doc


def fast_load_with_starts(
    text: str, limits: Limits = _DEFAULT_LIMITS
) -> tuple[Any, Starts, int] | None:
    """``fast_load``, and where its collections start: ``id(collection) -> (line, column)``
    (1-based) for every block collection and every flow collection written right after a
    key or a dash, the same positions the full loader gives them. Finding an object's
    start (the most common position a finding needs) then costs no second parse. Last, the
    nodes charged against ``max_nodes``: never fewer than the data has."""
    if text.isascii():
        # The usual case, checked in C: printable ASCII and line feeds only.
        if not text.replace("\n", " ").isprintable():
            return None
    elif re.search(_NOT_SIMPLE, text) is not None:
        return None
    if flow_too_deep(text) is not None:
        return None  # the full reader refuses it, brackets in plain text too ('a[[[...')
    # At most three nodes per line (a list, its first item, the item's first value); only
    # flow collections hold more, and they are counted.
    budget = limits.max_nodes - 3 * (text.count("\n") + 1)
    if budget < 0:
        return None
    starts: Starts = {}
    try:
        data, left = _load(text, _rows(text), limits.max_depth - 3, budget, starts)
    except _GiveUp:
        return None
    return data, starts, limits.max_nodes - left


_ROWS_AT_ONCE = 1 << 16
"""Characters of lines split into rows at a time: the rows of a whole 5 MB file of short
lines took 26 times the file's size."""


def _rows(text: str) -> Iterator[Row]:
    """``_LINE.findall(text)``, a slice of whole lines at a time."""
    start, end = 0, len(text)
    while start <= end:
        cut = text.find("\n", start + _ROWS_AT_ONCE)
        if cut == -1:
            cut = end
        yield from _LINE.findall(text, start, cut)
        start = cut + 1


# One long function on purpose: this loop runs once per line of every control file of a
# clean program (most of a 10,000-control run's reading time), and keeping its state in
# local variables instead of calling a helper per line is what makes the fast reader fast
# (benchmarks/README.md). Each branch is commented with the line shape it handles.
def _load(
    text: str, rows: Iterator[Row], max_depth: int, budget: int, starts: Starts
) -> tuple[Any, int]:
    """The data of ``text`` and what is left of ``budget``."""
    lines: list[str] | None = None  # split only for block scalars
    # Open block collections, innermost last: (indentation, container).
    stack: list[tuple[int, Any]] = []
    # The innermost collection if it is a mapping, and its indentation ('' and -1 if not).
    current: Any = None
    current_spaces: str | None = None
    current_indent = -1
    # A value on the following lines, after 'key:' or a lone '-': (mapping, key, indent) or
    # (list, None, indent).
    pending: tuple[Any, str | None, int] | None = None
    # The last plain scalar, which the next lines may continue: its text if it is the last
    # value in ``current``, else (container, key or index, text, least indentation of a
    # continuation line); and the row it ended on.
    last: str | tuple[Any, Any, str, int] | None = None
    last_row = 0
    root: Any = None
    started = False
    skip = 0
    for index, (spaces, dash, key, string, other_plain, other) in enumerate(rows):
        if skip:
            skip -= 1
            continue

        # -- the common case: 'key: value' in the current mapping
        if key and spaces == current_spaces and not dash:
            if key in current:
                raise _GiveUp  # duplicate key: the full loader reports it
            if string:
                current[key] = last = string
                last_row = index
                continue
            if other_plain:
                if (
                    other_plain.isdigit()
                    and other_plain.isascii()
                    and len(other_plain) <= MAX_INT_DIGITS
                ):
                    current[key] = int(other_plain)  # _scalar's first case, inline
                else:
                    current[key] = _scalar(other_plain)
                last = other_plain
                last_row = index
                continue
            last = None
            if not other or other[0] == "#":
                pending = (current, key, current_indent)
                current = current_spaces = None
                current_indent = -1
                continue
            if lines is None:
                lines = text.split("\n")
            value, skip, nodes = _value(other, lines, index + 1, current_indent)
            budget -= nodes
            current[key] = value
            if type(value) is list or type(value) is dict:
                starts[id(value)] = (index + 1, len(lines[index]) - len(other) + 1)
            continue

        indent = len(spaces)
        plain = string or other_plain
        if not key and not dash:
            if plain:
                # The next line of a plain scalar: folded into it with a space (or with a
                # line break per empty line between).
                if last is None:
                    raise _GiveUp  # not below a plain scalar, or a scalar document
                if isinstance(last, str):
                    target: Any = current
                    where: Any = next(reversed(current))
                    least = current_indent + 1
                    before = last
                else:
                    target, where, before, least = last
                if indent < least:
                    raise _GiveUp
                blanks = index - last_row - 1
                joined = before + ("\n" * blanks if blanks else " ") + plain
                target[where] = _scalar(joined)
                last = (target, where, joined, least)
                last_row = index
                continue
            if not other:
                continue  # an empty line
            last = None
            if other[0] == "#":
                continue  # a comment (it ends a plain scalar)
            if not started and root is None and indent == 0 and other.rstrip(" ") == "---":
                started = True
                continue
            raise _GiveUp
        started = True
        last = None

        # -- find the collection this line belongs to
        container: Any
        if pending is not None:
            parent, parent_key, parent_indent = pending
            pending = None
            if indent > parent_indent or (indent == parent_indent and dash and parent_key):
                container = [] if dash else {}
                starts[id(container)] = (index + 1, indent + 1)
                if parent_key is None:
                    parent.append(container)
                else:
                    parent[parent_key] = container
                stack.append((indent, container))
                if len(stack) > max_depth:
                    raise _GiveUp
            else:
                raise _GiveUp  # an empty value (null)
        elif root is None:
            root = container = [] if dash else {}
            starts[id(root)] = (index + 1, indent + 1)
            stack.append((indent, root))
        else:
            while stack and stack[-1][0] > indent:
                stack.pop()
            if not stack or stack[-1][0] != indent:
                raise _GiveUp
            container = stack[-1][1]
            if not dash and type(container) is list:
                # The end of a list written at the same indentation as its mapping's keys.
                stack.pop()
                if not stack or stack[-1][0] != indent:
                    raise _GiveUp
                container = stack[-1][1]
        current = current_spaces = None
        current_indent = -1

        if dash:
            # -- a list item: a scalar, a flow collection, or the first key of a mapping
            if type(container) is not list:
                raise _GiveUp
            if not key:
                if plain:
                    container.append(_scalar(plain))
                    last = (container, len(container) - 1, plain, indent + 1)
                    last_row = index
                    continue
                if not other:
                    pending = (container, None, indent)  # the item is on the next lines
                    continue
                if other[0] == "#" or other[0] == "-":
                    raise _GiveUp  # a comment where the item could be, or '- - x'
                if lines is None:
                    lines = text.split("\n")
                value, skip, nodes = _value(other, lines, index + 1, indent)
                budget -= nodes
                container.append(value)
                if type(value) is list or type(value) is dict:
                    starts[id(value)] = (index + 1, len(lines[index]) - len(other) + 1)
                continue
            item: dict[str, Any] = {}
            container.append(item)
            indent += len(dash)
            starts[id(item)] = (index + 1, indent + 1)
            spaces = " " * indent
            stack.append((indent, item))
            if len(stack) > max_depth:
                raise _GiveUp
            container = item
        elif type(container) is not dict:
            raise _GiveUp

        # -- the first entry of a mapping (or the first after a nested collection)
        if key in container:
            raise _GiveUp
        current = container
        current_spaces = spaces
        current_indent = indent
        if plain:
            container[key] = _scalar(plain)
            last = plain
            last_row = index
        elif not other or other[0] == "#":
            pending = (container, key, indent)
            current = current_spaces = None
            current_indent = -1
        else:
            if lines is None:
                lines = text.split("\n")
            value, skip, nodes = _value(other, lines, index + 1, indent)
            budget -= nodes
            container[key] = value
            if type(value) is list or type(value) is dict:
                starts[id(value)] = (index + 1, len(lines[index]) - len(other) + 1)
    if pending is not None or root is None or budget < 0:
        raise _GiveUp
    return root, budget


def _value(text: str, lines: list[str], index: int, parent_indent: int) -> tuple[Any, int, int]:
    """A value other than a plain scalar, written after 'key: ' or '- ' on the line before
    ``lines[index]``: (value, number of following lines it takes, node count)."""
    first = text[0]
    if first == "'":
        match = _SINGLE.match(text)
        if match is None:
            raise _GiveUp
        return match.group(1).replace("''", "'"), 0, 1
    if first == '"':
        match = _DOUBLE.match(text)
        if match is None:
            raise _GiveUp
        return match.group(1), 0, 1
    if (
        first == "["
        and text[-1] == "]"
        and len(text) <= _MAX_FLOW
        and _FLOW_UNSAFE.search(text, 1, len(text) - 1) is None
    ):
        # The usual flow list: plain scalars and commas ('[CC6.1, CC6.2]').
        items = text[1:-1].split(",")
        if len(items) == 1 and not items[0].strip(" "):
            return [], 0, 1
        values = []
        for item in items:
            item = item.strip(" ")
            if not item or item[0] in _FLOW_FIRST:
                raise _GiveUp  # '[a,,b]', '[a,]', '[-x]'
            values.append(_scalar(item) if item[0] in NUMBER_START or item in _WORDS else item)
        return values, 0, 1 + len(values)
    if first == "[" or first == "{":
        value, nodes = _flow(text)
        return value, 0, nodes
    if first == "|" or first == ">":
        match = _BLOCK.match(text)
        if match is None:
            raise _GiveUp
        value, taken = _block(lines, index, parent_indent, match.group(1), match.group(2))
        return value, taken, 1
    plain = _PLAIN.match(text)
    if plain is None:
        raise _GiveUp
    return _scalar(plain.group(1)), 0, 1


def _block(
    lines: list[str], start: int, parent_indent: int, style: str, chomp: str
) -> tuple[str, int]:
    """A literal (|) or folded (>) scalar with clip or strip chomping starting at
    ``lines[start]``: (text, number of lines it takes)."""
    count = len(lines)
    if start >= count:
        raise _GiveUp
    first = lines[start]
    body = first.lstrip(" ")
    indent = len(first) - len(body)
    if not body or indent <= parent_indent:
        raise _GiveUp  # leading empty lines, or an empty scalar
    parts: list[str] = []  # content lines, "" for empty ones
    index = start
    last = start  # the last line with content
    while index < count:
        line = lines[index]
        body = line.lstrip(" ")
        spaces = len(line) - len(body)
        if not body:
            if spaces > indent:
                raise _GiveUp  # a line of spaces only, longer than the indentation
            parts.append("")
        elif spaces < indent:
            break
        elif spaces > indent:
            if style == ">":
                raise _GiveUp  # more-indented lines are not folded
            parts.append(line[indent:])
            last = index
        else:
            parts.append(body)
            last = index
        index += 1
    taken = index - start
    while parts and not parts[-1]:
        parts.pop()  # trailing empty lines belong to no one in clip or strip chomping
    if style == "|":
        value = "\n".join(parts)
    else:
        out: list[str] = []
        empties = 0
        for part in parts:
            if not part:
                empties += 1
                continue
            if out:
                out.append("\n" * empties if empties else " ")
            out.append(part)
            empties = 0
        value = "".join(out)
    if not chomp and last < count - 1:
        value += "\n"  # clip keeps the last line break (there is none at the end of a file)
    return value, taken
