"""Line and column of every key and value in a TOML file, for findings in ``pyproject.toml``.

``tomllib`` gives data but no positions. Findings about ``[tool.soccheck]`` (schema errors,
unknown rule IDs, expired waivers) should still point at the offending line, like they do in
``soccheck.yaml``, so this module walks the text once more and records where each node starts,
keyed by the same paths the data has (``("waivers", 0, "expires")``).

It only runs on text that ``tomllib`` has already accepted, so it can assume valid TOML; if it
meets something it does not expect it stops, and the positions found so far are used (every
lookup falls back to the nearest ancestor, and finally to line 1).
"""

from __future__ import annotations

import contextlib
import tomllib

from soccheck.load.yaml_reader import KeyPath, Position

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_VALUE_END = frozenset(",]}#\n")


class _Stop(Exception):
    """Unexpected input: keep what was found so far."""


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n")
        self.i = 0
        self.line = 1
        self.line_start = 0
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.array_tables: dict[KeyPath, int] = {}
        """Resolved path of an array of tables -> index of its current element."""

    # -- low-level ------------------------------------------------------------------------

    def pos(self) -> Position:
        return (self.line, self.i - self.line_start + 1)

    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.i >= len(self.text):
                raise _Stop
            if self.text[self.i] == "\n":
                self.line += 1
                self.line_start = self.i + 1
            self.i += 1

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and tabs (and newlines and comments when ``newlines``)."""
        while self.i < len(self.text):
            char = self.text[self.i]
            if char in " \t" or (newlines and char == "\n"):
                self.advance()
            elif newlines and char == "#":
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        while self.i < len(self.text) and self.text[self.i] != "\n":
            self.advance()

    def expect(self, literal: str) -> None:
        if self.peek(len(literal)) != literal:
            raise _Stop
        self.advance(len(literal))

    # -- keys and strings -----------------------------------------------------------------

    def string(self) -> str:
        """Skip a string of any kind; return its source text (quotes included)."""
        start = self.i
        for quote in ('"""', "'''"):
            if self.peek(3) == quote:
                self.advance(3)
                while not (self.peek(3) == quote and self.peek(4) != quote + quote[0]):
                    if quote[0] == '"' and self.peek() == "\\":
                        self.advance()
                    self.advance()
                self.advance(3)
                return self.text[start : self.i]
        quote = self.peek()
        self.advance()
        while self.peek() != quote:
            if quote == '"' and self.peek() == "\\":
                self.advance()
            self.advance()
        self.advance()
        return self.text[start : self.i]

    def key_part(self) -> str:
        if self.peek() in ('"', "'"):
            raw = self.string()
            value = tomllib.loads(f"k = {raw}")["k"]
            if not isinstance(value, str):
                raise _Stop
            return value
        start = self.i
        while self.i < len(self.text) and self.text[self.i] in _BARE_KEY_CHARS:
            self.advance()
        if self.i == start:
            raise _Stop
        return self.text[start : self.i]

    def dotted_key(self) -> list[tuple[str, Position]]:
        parts = []
        while True:
            self.skip_blank(newlines=False)
            where = self.pos()
            parts.append((self.key_part(), where))
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    # -- values ---------------------------------------------------------------------------

    def record(self, path: KeyPath, where: Position, key: Position | None = None) -> None:
        self.positions.setdefault(path, where)
        if key is not None:
            self.key_positions.setdefault(path, key)

    def key_value(self, base: KeyPath) -> None:
        parts = self.dotted_key()
        path = base
        for name, where in parts[:-1]:
            path = (*path, name)
            self.record(path, where, where)
        name, key_where = parts[-1]
        path = (*path, name)
        self.skip_blank(newlines=False)
        self.expect("=")
        self.skip_blank(newlines=False)
        self.key_positions.setdefault(path, key_where)
        self.value(path)

    def value(self, path: KeyPath) -> None:
        self.record(path, self.pos())
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.advance()
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.advance()
                    return
                self.value((*path, index))
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.advance()
        elif char == "{":
            self.advance()
            while True:
                self.skip_blank(newlines=False)
                if self.peek() == "}":
                    self.advance()
                    return
                self.key_value(path)
                self.skip_blank(newlines=False)
                if self.peek() == ",":
                    self.advance()
        else:
            start = self.i
            while self.i < len(self.text) and self.text[self.i] not in _VALUE_END:
                self.advance()
            if self.i == start:
                raise _Stop

    # -- tables ---------------------------------------------------------------------------

    def header(self) -> KeyPath:
        where = self.pos()
        is_array = self.peek(2) == "[["
        self.advance(2 if is_array else 1)
        parts = self.dotted_key()
        self.skip_blank(newlines=False)
        self.expect("]]" if is_array else "]")
        path: KeyPath = ()
        for name, key_where in parts[:-1]:
            path = (*path, name)
            self.record(path, key_where, key_where)
            if path in self.array_tables:
                path = (*path, self.array_tables[path])
        name, key_where = parts[-1]
        path = (*path, name)
        self.key_positions.setdefault(path, key_where)
        if is_array:
            self.record(path, where)
            index = self.array_tables.get(path, -1) + 1
            self.array_tables[path] = index
            # Nested arrays of tables restart with each new element of their parent.
            for nested in [p for p in self.array_tables if p[: len(path)] == path and p != path]:
                del self.array_tables[nested]
            path = (*path, index)
        self.record(path, where)
        return path

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.i >= len(self.text):
                return
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def toml_positions(
    text: str, prefix: KeyPath = ()
) -> tuple[dict[KeyPath, Position], dict[KeyPath, Position]]:
    """(positions, key_positions) of the nodes under ``prefix``, relative to it.

    ``text`` must be TOML that ``tomllib`` accepts. The table at ``prefix`` itself is at path
    ``()``: its ``[header]`` line when it has one.
    """
    walker = _Walker(text)
    with contextlib.suppress(_Stop, tomllib.TOMLDecodeError):
        walker.document()
    size = len(prefix)

    def relative(index: dict[KeyPath, Position]) -> dict[KeyPath, Position]:
        return {path[size:]: pos for path, pos in index.items() if path[:size] == prefix}

    return relative(walker.positions), relative(walker.key_positions)
