"""Where every node of a composed YAML document starts, in a few bytes per node.

Positions were a dict from each node's full key path to a (line, column) tuple: about 250
bytes a node, and a path as long as the node is deep, so a 5 MB flow list 60 levels down took
1.4 GB. Here each collection holds one ``array('q')`` of its children's positions, in order
(a mapping two per entry: its key's, its value's), each position packed into one integer:
8 bytes a node, whatever its depth. A path is found by walking the data along it.

The source text stays with the positions, for the rare message that quotes how a number or
boolean was written (``0012``): that text is read again at the scalar's position instead of
being kept for every scalar.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from soccheck.format.record_base import KeyPath
from soccheck.load.scalars import resolve_plain

Position = tuple[int, int]
T = TypeVar("T")

_PLAIN_WORD = re.compile(r"[-+.0-9A-Za-z_~]+")
"""How every plain scalar that is not text starts (numbers, booleans; YAML 1.2 core)."""


def pack(line: int, column: int) -> int:
    return (line << 32) | column


def unpack(packed: int) -> Position:
    return packed >> 32, packed & 0xFFFFFFFF


def tables_in_order(data: Any, by_id: dict[int, array[int]]) -> list[array[int] | None]:
    """The tables of ``data``'s collections in the order of :func:`collections_of`, for a copy
    (pickle) whose collections have other identities."""
    return [by_id.get(id(node)) for node in collections_of(data)]


def collections_of(data: Any) -> Iterator[Any]:
    """Every dict and list in ``data``, parents before children, in document order."""
    stack = [data] if type(data) in (dict, list) else []
    while stack:
        node = stack.pop()
        yield node
        items = node.values() if type(node) is dict else node
        stack.extend([item for item in reversed(items) if type(item) in (dict, list)])


class NodePositions:
    """The positions of one document's nodes.

    ``by_id`` maps ``id(collection)`` to the packed positions of its children (an empty
    collection has no entry); a negative
    entry is a node written as an alias, whose position is the alias's and below which
    nothing has a position of its own (pointing at the alias is the most useful answer).
    ``raws`` holds the source text of tagged or anchored scalars that are not text; the
    others are read again from ``text``.
    """

    __slots__ = ("_key_index", "_line_starts", "by_id", "data", "raws", "root", "text")

    def __init__(
        self, data: Any, root: int, by_id: dict[int, array[int]], raws: dict[int, str], text: str
    ) -> None:
        self.data = data
        self.root = root
        self.by_id = by_id
        self.raws = raws
        self.text = text
        self._key_index: dict[int, dict[Any, int]] = {}
        self._line_starts: array[int] | None = None

    def __getstate__(self) -> tuple[Any, ...]:
        order = tables_in_order(self.data, self.by_id)
        return self.data, self.root, order, self.raws, self.text

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        data, root, order, raws, text = state
        nodes = collections_of(data)
        pairs = zip(nodes, order, strict=True)
        by_id = {id(node): table for node, table in pairs if table is not None}
        self.__init__(data, root, by_id, raws, text)  # type: ignore[misc]

    def rebased(self, data: Any) -> NodePositions:
        """The same positions for ``data``, a copy equal to ours made by another reader."""
        pairs = zip(collections_of(self.data), collections_of(data), strict=True)
        by_id = {
            id(theirs): self.by_id[id(ours)] for ours, theirs in pairs if id(ours) in self.by_id
        }
        return NodePositions(data, self.root, by_id, self.raws, self.text)

    # ------------------------------------------------------------------------ lookups

    def _index(self, mapping: dict[Any, Any], key: Any) -> int:
        """The place of ``key`` among the mapping's entries (its insertion order)."""
        if len(mapping) <= 16:
            for index, candidate in enumerate(mapping):
                if candidate == key:
                    return index
        index_of = self._key_index.get(id(mapping))
        if index_of is None:
            index_of = self._key_index[id(mapping)] = {k: i for i, k in enumerate(mapping)}
        return index_of[key]

    def locate(self, path: KeyPath) -> tuple[int, int, Any, bool]:
        """(packed position of the deepest node with one along ``path``, packed position
        of its key or 0, the node or None if reached through an alias, whether that node is
        the one at ``path``)."""
        node = self.data
        packed, key = self.root, 0
        last = len(path) - 1
        for depth, part in enumerate(path):
            kind = type(node)
            table = self.by_id.get(id(node)) if kind is dict or kind is list else None
            if table is None:
                return packed, key, node, False
            if kind is list:
                if type(part) is not int or not 0 <= part < len(node):
                    return packed, key, node, False
                child, key = table[part], 0
            else:
                if part not in node:
                    return packed, key, node, False
                index = self._index(node, part)
                key, child = table[2 * index], table[2 * index + 1]
            if child < 0:
                return -child, key, None, depth == last
            packed = child
            node = node[part]
        return packed, key, node, True

    def position(self, path: KeyPath) -> Position | None:
        packed, _, _, found = self.locate(path)
        return unpack(packed) if found and packed else None

    def nearest(self, path: KeyPath) -> Position:
        """Where the node at ``path`` starts, or its nearest ancestor with a position."""
        packed = self.locate(path)[0]
        return unpack(packed) if packed else (1, 1)

    def key_position(self, path: KeyPath) -> Position | None:
        if not path:
            return None
        _, key, _, found = self.locate(path)
        return unpack(key) if found and key else None

    def raw_scalar(self, path: KeyPath) -> str | None:
        """How the scalar at ``path`` was written, if it is not text (a number, a boolean)."""
        packed, _, node, found = self.locate(path)
        if not found or node is None or isinstance(node, str) or type(node) in (dict, list):
            return None
        raw = self.raws.get(packed)
        if raw is not None:
            return raw
        match = _PLAIN_WORD.match(self.text, self._offset(*unpack(packed)))
        if match is None or resolve_plain(match.group()) != node:
            return None
        return match.group()

    def _offset(self, line: int, column: int) -> int:
        starts = self._line_starts
        if starts is None:
            starts = array("q", [0])
            starts.extend(m.end() for m in re.finditer("\r\n|\r|\n", self.text))
            self._line_starts = starts
        return (starts[line - 1] if line <= len(starts) else len(self.text)) + column - 1

    # --------------------------------------------------------------- every node, for tests

    def paths(self) -> Iterator[tuple[KeyPath, int, int, Any]]:
        """(path, packed position, packed key position or 0, node or None via an alias) of
        every node with a position, parents first."""
        if not self.root:
            return
        stack: list[tuple[KeyPath, Any, int, int]] = [((), self.data, self.root, 0)]
        while stack:
            path, node, packed, key = stack.pop()
            if packed < 0:
                yield path, -packed, key, None
                continue
            yield path, packed, key, node
            table = self.by_id.get(id(node)) if type(node) in (dict, list) else None
            if table is None:
                continue
            if type(node) is list:
                children = [((*path, i), item, table[i], 0) for i, item in enumerate(node)]
            else:
                children = [
                    ((*path, k), item, table[2 * i + 1], table[2 * i])
                    for i, (k, item) in enumerate(node.items())
                ]
            stack.extend(reversed(children))


class PositionsView(Mapping[KeyPath, T]):
    """``Document.positions`` over :class:`NodePositions`: read-only, by key path."""

    def __init__(self, nodes: NodePositions, what: str) -> None:
        self._nodes = nodes
        self._what = what

    def _get(self, path: KeyPath) -> Any:
        if self._what == "node":
            return self._nodes.position(path)
        if self._what == "key":
            return self._nodes.key_position(path)
        return self._nodes.raw_scalar(path)

    def __getitem__(self, path: KeyPath) -> T:
        value: T | None = self._get(tuple(path))
        if value is None:
            raise KeyError(path)
        return value

    def get(self, path: KeyPath, default: Any = None) -> Any:
        value = self._get(tuple(path))
        return default if value is None else value

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._get(path) is not None

    def __iter__(self) -> Iterator[KeyPath]:
        for path, _packed, key, _node in self._nodes.paths():
            if self._what == "node":
                yield path
            elif self._what == "key":
                if key:
                    yield path
            elif self._nodes.raw_scalar(path) is not None:
                yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self.items()))
