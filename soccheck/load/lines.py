"""Lines and columns as an editor shows the file, for every position a finding gives.

YAML 1.2 knows three line breaks: LF, CR LF and a lone CR; editors (VS Code, vim, GitHub's
file view) break lines at exactly these. libyaml counts YAML 1.1's as well (NEL U+0085, LS
U+2028, PS U+2029), which editors show inside a line, and at the end of a file that does
not end with a line break it moves its mark to a line that does not exist. Counted its way,
a finding in a two-line file holding U+2028 pointed at line 5, and ``\\r[`` (two bytes) got
line 3. Positions here are counted from character offsets, so no finding ever names a line
or column the file does not have.
"""

from __future__ import annotations

from typing import Any

Position = tuple[int, int]  # 1-based (line, column)

_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


def position_at(text: str | bytes, offset: int) -> Position:
    """The 1-based (line, column) of ``offset`` in ``text`` (characters of a str, bytes of
    bytes), clamped to the text: the end of the text is just after its last character.
    An offset between the CR and the LF of a CR LF is the end of that line."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")  # one character per byte: the same offsets
    offset = max(0, min(offset, len(text)))
    if 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n":
        offset -= 1
    breaks = text.count("\n", 0, offset) + text.count("\r", 0, offset)
    breaks -= text.count("\r\n", 0, offset)
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return breaks + 1, offset - start + 1


class MarkPositions:
    """libyaml's marks in one text, as editor positions.

    The usual file has none of YAML 1.1's extra line breaks, and there libyaml's own line
    and column are right for every line the file has: ``at`` takes them as they are (one
    comparison per event; composing a large file asks for millions). Only a mark past the
    last line (the end of a file without a final line break), or any mark in a text with
    NEL, LS or PS, is counted again from its offset, onwards from the previous such mark so
    that a whole file costs one pass.
    """

    __slots__ = ("_base", "_cursor", "_line", "_start", "exact_lines", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        exotic = not text.isascii() and any(b in text for b in _YAML11_BREAKS)
        self.exact_lines = 0 if exotic else _line_count(text)
        """libyaml's 0-based lines below this are the editor's lines too."""
        # libyaml skips a byte order mark at the start, and counts offsets after it.
        self._base = 1 if text.startswith("\ufeff") else 0
        self._cursor = 0  # offset counted up to, its 1-based line, and that line's start
        self._line = 1
        self._start = 0

    def at(self, mark: Any) -> Position:
        """The position of a libyaml mark (``line``, ``column``, ``index``)."""
        if mark.line < self.exact_lines:
            return mark.line + 1, mark.column + 1
        return self.offset(mark.index + self._base)

    def offset(self, offset: int) -> Position:
        """The position of a character offset, counted on from the last one asked for when
        it lies after it (marks arrive in order)."""
        text = self.text
        offset = max(0, min(offset, len(text)))
        if offset < self._cursor or (
            0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"
        ):
            return position_at(text, offset)
        cursor = self._cursor
        breaks = text.count("\n", cursor, offset) + text.count("\r", cursor, offset)
        breaks -= text.count("\r\n", cursor, offset)
        if breaks:
            self._line += breaks
            self._start = max(text.rfind("\n", cursor, offset), text.rfind("\r", cursor, offset))
            self._start += 1
        self._cursor = offset
        return self._line, offset - self._start + 1


def _line_count(text: str) -> int:
    """How many lines an editor shows for ``text`` (a final line break starts an empty one)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1
