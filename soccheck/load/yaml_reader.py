"""Read one YAML file into plain data plus the line and column of every node.

Why not ``ruamel.yaml``'s own composer or constructor:

- Composing through ruamel's Python resolver costs about 6x the parse itself; resolving the
  YAML 1.2 core schema here, on events from the C parser, is much cheaper.
- The C composer recurses once per nesting level and crashes the process on deep input; this
  composer is iterative and stops at ``Limits.max_depth``.
- Duplicate keys, unknown tags, aliases and extra documents must become findings with
  locations, never exceptions or silently-kept values.
- Positions take 8 bytes a node (:mod:`soccheck.load.node_positions`), not a key path per
  node, so memory stays proportional to the file however deep its nodes are.

Data comes out JSON-shaped (dicts with string keys, lists, str, int, float, bool, None) because
that is what the JSON Schemas describe and what editors validate. Dates stay ``YYYY-MM-DD``
strings; the schema checks their form and the models parse them.

Which reader reads a file is the load strategy's choice (:mod:`soccheck.load.strategy`):
normally :mod:`soccheck.load.fast_reader` first, which reads the plain YAML most files are
written in several times faster; a document it reads composes its positions with this
reader only when they are asked for (``Document.deferred``).
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Callable, Mapping
from typing import Any

from soccheck.checks.findings import Finding
from soccheck.checks.rules.base import Rule
from soccheck.checks.rules.duplicate_key import RULE as DUPLICATE_KEY
from soccheck.checks.rules.file_unreadable import RULE as FILE_UNREADABLE
from soccheck.checks.rules.multiple_documents import RULE as MULTIPLE_DOCUMENTS
from soccheck.checks.rules.yaml_limits import RULE as YAML_LIMITS
from soccheck.checks.rules.yaml_syntax import RULE as YAML_SYNTAX
from soccheck.checks.rules.yaml_tag import RULE as YAML_TAG
from soccheck.format.record_base import KeyPath as KeyPath  # the type of every node path
from soccheck.load.limits import Limits
from soccheck.load.lines import MarkPositions, position_at
from soccheck.load.node_positions import NodePositions, PositionsView, collections_of, pack
from soccheck.load.scalars import resolve_plain
from soccheck.load.yaml_events import parse_events

Position = tuple[int, int]  # 1-based (line, column)

STRICT_READERS = "SOCCHECK_STRICT_READERS"
"""Set (to anything) in this environment variable, a disagreement between the fast reader
and the full one is an error instead of a fall-back to the full reader: the tests set it, so
that such a fast-reader bug fails them (``tests/conftest.py``)."""

MAX_FLOW_DEPTH = 256
"""libyaml's flow-collection handling is quadratic in nesting depth (100,000 ``[`` take a
minute), so absurd flow nesting is rejected before the parser sees it."""

_CORE = "tag:yaml.org,2002:"
_BRACKETS_RE = re.compile(r"[\[\]{}]")


class Document:
    """One loaded file: its data (None when unusable) and where every node came from.

    A document read by the fast loader (:mod:`soccheck.load.fast_reader`) has its data at once and
    its positions only when something asks for them: they are then composed from the file's
    text by the full loader, which is exact but slower. Most files never need them.
    """

    __slots__ = (
        "_key_positions",
        "_nodes",
        "_positions",
        "_raw_scalars",
        "_start_list",
        "_starts",
        "_text",
        "bad_paths",
        "data",
        "disagreed",
        "empty",
        "findings",
        "lossy",
        "nodes",
        "nodes_exact",
        "path",
        "size",
    )

    def __init__(
        self,
        path: str,
        data: Any = None,
        positions: dict[KeyPath, Position] | None = None,
        key_positions: dict[KeyPath, Position] | None = None,
        raw_scalars: dict[KeyPath, str] | None = None,
        findings: list[Finding] | None = None,
        bad_paths: set[KeyPath] | None = None,
        empty: bool = False,
        lossy: bool = False,
    ) -> None:
        self.path = path
        self.data = data
        self._positions = {} if positions is None else positions
        self._key_positions = {} if key_positions is None else key_positions
        self._raw_scalars = {} if raw_scalars is None else raw_scalars
        self.findings: list[Finding] = [] if findings is None else findings
        self.bad_paths: set[KeyPath] = set() if bad_paths is None else bad_paths
        """Nodes the loader already reported (unknown tags); later stages skip them."""
        self.empty = empty
        self.lossy = lossy
        """Holds a null or a float: values where the JSON Schema and the models may disagree
        (``null`` for an optional key, ``2.0`` as an integer), so the fast path is not taken."""
        self.disagreed = False
        """The full reader, composing this document's positions, read the file differently
        from the fast reader that gave its data (see ``_compose_positions``)."""
        self._nodes: NodePositions | None = None
        """The positions the full reader composed (``positions`` and the others given to
        the constructor, as by the TOML reader, are used when this is None)."""
        self._text: tuple[str, Limits] | None = None
        self._starts: dict[int, Position] | None = None
        # In a copy made by pickle (worker processes send documents), the starts keyed by
        # id() would be meaningless: they travel as a list in the order of collections_of(data)
        # (which the copy's data has too) and are keyed again if a position is asked for.
        self._start_list: list[Position | None] | None = None
        self.size = 0
        """Bytes of the file, once read: what it costs a program's ``max_program_size``."""
        self.nodes = 0
        """Its nodes as the reader counted them against ``max_nodes``: exactly (the full
        reader), or an upper bound (the fast reader) that :func:`node_count` makes exact."""
        self.nodes_exact = True

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in self.__slots__}
        starts = state.pop("_starts")
        if starts is not None:
            state["_start_list"] = [starts.get(id(node)) for node in collections_of(self.data)]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in self.__slots__:
            setattr(self, name, state.get(name))

    @classmethod
    def deferred(
        cls,
        path: str,
        data: Any,
        text: str,
        limits: Limits,
        starts: dict[int, Position] | None = None,
    ) -> Document:
        """A document whose data is known and whose positions are composed from ``text`` when
        first needed. ``starts`` (``id(collection) -> position``) answers the commonest
        question, where an object starts, without that."""
        doc = cls(path, data)
        doc._text = (text, limits)
        doc._starts = starts
        return doc

    def _known_start(self, path: KeyPath) -> Position | None:
        """The position of the deepest node along ``path`` (what ``position`` returns) if it
        is a collection whose start the fast reader recorded."""
        if self._starts is None:
            if self._start_list is None:
                return None
            pairs = zip(collections_of(self.data), self._start_list, strict=True)
            self._starts = {id(node): start for node, start in pairs if start is not None}
            self._start_list = None
        node = self.data
        for part in path:
            if type(node) is dict:
                if part not in node:
                    break
                node = node[part]
            elif type(node) is list and type(part) is int and 0 <= part < len(node):
                node = node[part]
            else:
                break
        return self._starts.get(id(node)) if type(node) in (dict, list) else None

    def _compose_positions(self) -> None:
        assert self._text is not None
        text, limits = self._text
        self._text = None
        full = Document(self.path)
        compose(full, text, limits)
        if full.findings or full.data != self.data:
            # A bug in the fast reader. The full reader is the authority: this document
            # answers with its positions from now on (they never point at a node the file
            # does not have), and ``checks.checker.check`` reads the program again with the
            # full reader, so what the user sees is the full reader's verdict. The tests
            # run with SOCCHECK_STRICT_READERS set, where a disagreement is an error.
            if os.environ.get(STRICT_READERS):
                raise RuntimeError(
                    f"the fast YAML reader and the full one disagree about {self.path}; "
                    "please report this with the file"
                )
            self.disagreed = True
            self._nodes = full._nodes
        elif full._nodes is not None:
            # Keyed by the identity of the full reader's collections: moved over to ours,
            # so the full reader's copy of the data can go.
            self._nodes = full._nodes.rebased(self.data)

    @property
    def positions_composed(self) -> bool:
        """Whether the positions are at hand (False for a deferred document not yet asked)."""
        return self._text is None

    def _composed(self) -> NodePositions | None:
        if self._text is not None:
            self._compose_positions()
        return self._nodes

    @property
    def positions(self) -> Mapping[KeyPath, Position]:
        """1-based (line, column) of every node, by key path."""
        nodes = self._composed()
        return self._positions if nodes is None else PositionsView[Position](nodes, "node")

    @property
    def key_positions(self) -> Mapping[KeyPath, Position]:
        """1-based (line, column) of the key of every mapping entry, by the entry's path."""
        nodes = self._composed()
        return self._key_positions if nodes is None else PositionsView[Position](nodes, "key")

    @property
    def raw_scalars(self) -> Mapping[KeyPath, str]:
        """Source text of scalars that did not load as strings, for messages like
        "got the number 0012"."""
        nodes = self._composed()
        return self._raw_scalars if nodes is None else PositionsView[str](nodes, "raw")

    def position(self, path: KeyPath) -> Position:
        """Where the node at ``path`` starts, or its nearest ancestor that has a position.

        Nodes reached through an alias have no position of their own; pointing at the alias
        is the most useful answer.
        """
        if self._text is not None:
            start = self._known_start(path)
            if start is not None:
                return start
        nodes = self._composed()
        if nodes is not None:
            return nodes.nearest(path)
        positions = self._positions
        while path:
            pos = positions.get(path)
            if pos is not None:
                return pos
            path = path[:-1]
        return positions.get((), (1, 1))

    def key_position(self, path: KeyPath) -> Position:
        """Where the key of the mapping entry at ``path`` is (falls back to its value)."""
        pos = self.key_positions.get(path)
        return pos if pos is not None else self.position(path)

    def finding(self, rule: Rule, pos: Position, message: str) -> Finding:
        return rule.finding(self.path, pos[0], pos[1], message)


class _Abort(Exception):
    """Stop loading the file; the finding has already been recorded."""


def decode(doc: Document, raw: bytes) -> str | None:
    """Bytes to text: UTF-8 only (a BOM is fine); binary and other encodings are findings."""
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        doc.findings.append(
            doc.finding(
                FILE_UNREADABLE,
                (position_at(raw, offset)[0], 1),
                "file looks binary (it contains NUL bytes); expected UTF-8 YAML text",
            )
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        doc.findings.append(
            doc.finding(
                FILE_UNREADABLE,
                position_at(raw, exc.start),
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                "save it as UTF-8",
            )
        )
        return None
    return text


def flow_too_deep(text: str) -> int | None:
    """The offset of the first '[' or '{' nested more than ``MAX_FLOW_DEPTH`` deep, counting
    every bracket in the text (in quotes, comments and plain text too: cheap, and on the
    safe side), or None. Both readers refuse such a text, so they cannot disagree on it."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = 0
    for match in _BRACKETS_RE.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return match.start()
        elif depth:
            depth -= 1
    return None


def _flow_depth_ok(doc: Document, text: str) -> bool:
    offset = flow_too_deep(text)
    if offset is None:
        return True
    doc.findings.append(
        doc.finding(
            YAML_LIMITS,
            position_at(text, offset),
            f"more than {MAX_FLOW_DEPTH} nested '[' or '{{'; soccheck does not "
            "read flow collections nested this deeply",
        )
    )
    return False


_EXPLICIT_SCALAR_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_COLLECTION_TAGS = {"seq": _CORE + "seq", "map": _CORE + "map"}


MAX_READER_FINDINGS = 1_000
"""Findings the composer reports for one file (duplicate keys, tags) before it stops reading
it: each costs memory, and a 5 MB file can repeat one mistake a million times."""


class _Composer:
    """Build plain data and positions from parser events, iteratively.

    Positions go into one ``array('q')`` per collection (:mod:`soccheck.load.node_positions`),
    never under a node's path: that took a tuple as long as the node is deep for every node.
    """

    def __init__(self, doc: Document, limits: Limits) -> None:
        self.doc = doc
        self.limits = limits
        self.nodes = 0
        self.alias_nodes = 0
        # anchor name -> (value, node count of the anchored subtree)
        self.anchors: dict[str, tuple[Any, int]] = {}
        # Each frame: [container, its positions, pending key or None, packed position,
        # start node count, anchor, whether the collection is a mapping key (discarded),
        # key -> index of a mapping with a duplicate key]
        self.stack: list[list[Any]] = []
        self.tables: dict[int, array[int]] = {}
        self.raws: dict[int, str] = {}
        self.root = 0
        # Collections used as mapping keys are discarded, but kept alive until the end so
        # that no collection of the data can reuse the identity their positions are under.
        self.discarded: list[Any] = []

    # -- helpers --------------------------------------------------------------------------

    def _count(self, n: int, pos: Position) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            self._abort(
                YAML_LIMITS,
                pos,
                f"file has more than {self.limits.max_nodes:,} YAML nodes; split it",
            )

    def _abort(self, rule: Rule, pos: Position, message: str) -> None:
        self.doc.findings.append(self.doc.finding(rule, pos, message))
        raise _Abort

    def _report(self, rule: Rule, pos: Position, message: str) -> None:
        if len(self.doc.findings) >= MAX_READER_FINDINGS:
            self._abort(
                YAML_LIMITS,
                pos,
                f"more than {MAX_READER_FINDINGS:,} problems in this file; soccheck stops "
                "reading it here",
            )
        self.doc.findings.append(self.doc.finding(rule, pos, message))

    def _is_key(self) -> bool:
        """Whether the next node is a mapping key."""
        if not self.stack:
            return False
        frame = self.stack[-1]
        return type(frame[0]) is dict and frame[2] is None

    def _path(self) -> KeyPath:
        """The path of the next node (wanted only by the rare finding that records it)."""
        return tuple(len(frame[0]) if type(frame[0]) is list else frame[2] for frame in self.stack)

    def _attach(self, value: Any, packed: int, anchor: str | None, size: int) -> Any:
        """Place a finished node in its parent; return it as the document root if top-level."""
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = packed
            return value
        frame = self.stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
            self._table(frame).append(packed)
        else:
            key = frame[2]
            if key is not _SKIP:
                container[key] = value
                frame[1].append(packed)  # the key made the table
            frame[2] = None
        return _PENDING

    def _table(self, frame: list[Any]) -> array[int]:
        """The positions of a collection's children, made with its first child: an empty
        collection has none (``[]`` by the million cost twice as much with them)."""
        table: array[int] | None = frame[1]
        if table is None:
            table = frame[1] = array("q")
            self.tables[id(frame[0])] = table
        return table

    def _set_key(self, event: Any, pos: Position) -> None:
        frame = self.stack[-1]
        container = frame[0]
        frame[2] = _SKIP
        if type(event).__name__ != "ScalarEvent":
            self._report(YAML_SYNTAX, pos, "mapping keys must be plain text, not lists or mappings")
            return
        key = event.value
        if key in container:
            if frame[7] is None:
                frame[7] = {k: i for i, k in enumerate(container)}
            first = frame[1][2 * frame[7][key]] >> 32
            self._report(
                DUPLICATE_KEY,
                pos,
                f"duplicate key '{key}' (first defined on line {first}); the first value is used",
            )
            return
        if key == "<<" and event.implicit[0]:
            self._report(
                YAML_SYNTAX,
                pos,
                "merge keys ('<<') are a YAML 1.1 feature that soccheck does not support; "
                "write the keys out",
            )
            return
        frame[2] = key
        if frame[7] is not None:
            frame[7][key] = len(container)
        self._table(frame).append(pack(*pos))

    def _check_tag(self, tag: str | None, pos: Position, allowed: str) -> bool:
        if tag is None or tag == "!" or tag == allowed:
            return True
        if allowed == "scalar" and tag in _EXPLICIT_SCALAR_TAGS:
            return True
        self.doc.bad_paths.add(self._path())
        self._report(
            YAML_TAG,
            pos,
            f"YAML tag '{tag.replace(_CORE, '!!')}' is not allowed; soccheck only reads "
            "plain data (strings, numbers, booleans, lists, mappings)",
        )
        return False

    # -- events ---------------------------------------------------------------------------

    def scalar(self, event: Any, pos: Position) -> Any:
        if self._is_key():
            self._set_key(event, pos)
            return _PENDING
        self._count(1, pos)
        tag = event.tag
        value: Any
        if not self._check_tag(tag, pos, "scalar"):
            value = None
        elif tag is None:
            value = resolve_plain(event.value) if event.implicit[0] else event.value
        else:
            value = self._explicit(tag, event.value, pos)
        packed = pack(*pos)
        if value is not None and not isinstance(value, str):
            if tag is not None or event.anchor is not None:
                # Not at its position in the text as it reads (a tag or anchor comes first).
                self.raws[packed] = event.value
            if isinstance(value, float):
                self.doc.lossy = True
        elif value is None:
            self.doc.lossy = True
        return self._attach(value, packed, event.anchor, 1)

    def _explicit(self, tag: str, text: str, pos: Position) -> Any:
        if tag in ("!", _CORE + "str", _CORE + "timestamp"):
            return text
        resolved = resolve_plain(text) if text else None
        name = tag.removeprefix(_CORE)
        if name == "null" and resolved is None:
            return None
        if name == "bool" and isinstance(resolved, bool):
            return resolved
        if not isinstance(resolved, bool):
            if name == "int" and isinstance(resolved, int):
                return resolved
            if name == "float" and isinstance(resolved, (int, float)):
                return float(resolved)
        self.doc.bad_paths.add(self._path())
        self._report(YAML_SYNTAX, pos, f"'{text}' is not a valid {tag.replace(_CORE, '!!')} value")
        return None

    def start(self, event: Any, pos: Position, container: Any, kind: str) -> None:
        is_key = self._is_key()
        if is_key:
            self._set_key(event, pos)
        elif not self._check_tag(event.tag, pos, _COLLECTION_TAGS[kind]):
            container = [] if kind == "seq" else {}
        if len(self.stack) >= self.limits.max_depth:
            self._abort(
                YAML_LIMITS,
                pos,
                f"YAML nested more than {self.limits.max_depth} levels deep",
            )
        self._count(1, pos)
        self.stack.append(
            [container, None, None, pack(*pos), self.nodes, event.anchor, is_key, None]
        )

    def end(self) -> Any:
        container, _table, _key, packed, start_nodes, anchor, is_key, _ = self.stack.pop()
        size = self.nodes - start_nodes + 1
        if is_key:
            # A collection used as a mapping key: reported already, value discarded.
            self.discarded.append(container)
            return _PENDING
        return self._attach(container, packed, anchor, size)

    def alias(self, event: Any, pos: Position) -> Any:
        if self._is_key():
            self._set_key(event, pos)
            return _PENDING
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            self._abort(
                YAML_SYNTAX,
                pos,
                f"alias '*{event.anchor}' refers to an anchor that is not defined before it",
            )
        assert anchored is not None
        value, size = anchored
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            self._abort(
                YAML_LIMITS,
                pos,
                f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes "
                "(an alias/anchor bomb?); soccheck stops reading this file",
            )
        self._count(size, pos)
        return self._attach(value, -pack(*pos), None, size)

    def positions(self, data: Any, text: str) -> NodePositions:
        return NodePositions(data, self.root, self.tables, self.raws, text)


_PENDING = object()
_SKIP = object()


_SECOND_DOCUMENT = (
    "file holds more than one YAML document ('---'); soccheck reads one document per file, "
    "so split it into separate files"
)


def _syntax_finding(doc: Document, text: str, exc: Exception, marks: MarkPositions) -> Finding:
    """The yaml-syntax finding for a parser error, placed where the mistake is."""
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(exc, MarkedYAMLError):
        # libyaml reports where it gave up, often lines after the mistake; find the mistake.
        from soccheck.load.yaml_errors import explain

        pos, message = explain(text, exc, marks)
        return doc.finding(YAML_SYNTAX, pos, message)
    # Reader errors (control characters) carry an offset, not a mark.
    position = getattr(exc, "position", None)
    pos = position_at(text, position) if isinstance(position, int) else (1, 1)
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return doc.finding(YAML_SYNTAX, pos, f"unreadable YAML: {reason}")


def compose(doc: Document, text: str, limits: Limits) -> None:
    """Fill ``doc`` from YAML text; every problem becomes a finding on ``doc``."""
    if not _flow_depth_ok(doc, text):
        return
    composer = _Composer(doc, limits)
    marks = MarkPositions(text)
    try:
        _compose_events(doc, text, composer, marks)
    finally:
        # A file that could not be read whole has no data to point into (its findings carry
        # their own positions): keeping the composer's tables and the text would cost a run
        # tens of megabytes per rejected file.
        doc._nodes = None if doc.data is None else composer.positions(doc.data, text)
        doc.nodes = 0 if doc.data is None else composer.nodes


def _compose_events(doc: Document, text: str, composer: _Composer, marks: MarkPositions) -> None:
    from ruamel.yaml import events as ev
    from ruamel.yaml.error import YAMLError

    exact_lines = marks.exact_lines
    documents = 0
    root: Any = _PENDING
    try:
        for event in parse_events(text):
            mark = event.start_mark
            # MarkPositions.at, inline: this runs once per node.
            pos = (mark.line + 1, mark.column + 1) if mark.line < exact_lines else marks.at(mark)
            kind = type(event)
            if kind is ev.ScalarEvent:
                result = composer.scalar(event, pos)
            elif kind is ev.MappingStartEvent:
                composer.start(event, pos, {}, "map")
                continue
            elif kind is ev.SequenceStartEvent:
                composer.start(event, pos, [], "seq")
                continue
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                result = composer.end()
            elif kind is ev.AliasEvent:
                result = composer.alias(event, pos)
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    doc.findings.append(doc.finding(MULTIPLE_DOCUMENTS, pos, _SECOND_DOCUMENT))
                    break
                continue
            else:
                continue
            if result is not _PENDING:
                root = result
    except _Abort:
        doc.data = None
        return
    except YAMLError as exc:
        doc.findings.append(_syntax_finding(doc, text, exc, marks))
        return
    if root is _PENDING or root is None:
        doc.empty = True
        doc.data = None
        return
    doc.data = root


def load_text(path: str, text: str, limits: Limits | None = None) -> Document:
    """The full reader: YAML text (already decoded) into data, every position and every
    problem as a finding. Also the entry point for tests and in-memory callers."""
    doc = Document(path)
    compose(doc, text, limits or Limits())
    return doc


Reader = Callable[[str, str, Limits], Document]
"""Reads a file's text into a document: ``(path, text, limits) -> Document``. This module's
``load_text`` is the full reader; :func:`soccheck.load.fast_reader.load_fast` puts the fast
subset reader in front of it."""


def load_bytes(
    path: str, raw: bytes, limits: Limits | None = None, read: Reader = load_text
) -> Document:
    """Load a YAML file's bytes with ``read`` (the full reader unless told otherwise);
    bytes that are not UTF-8 text are a finding, whichever reader was asked."""
    limits = limits or Limits()
    doc = Document(path)
    text = decode(doc, raw)
    if text is None:
        return doc
    doc = read(path, text, limits)
    doc.size = len(raw)
    return doc


def node_count(data: Any) -> int:
    """The nodes of loaded data as the full reader counts them: every collection and every
    value in one (mapping keys are not counted), and an alias's subtree again at each use (a
    shared object is walked again)."""
    count = 0
    stack = [data]
    while stack:
        node = stack.pop()
        count += 1
        if type(node) is dict:
            stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
    return count
