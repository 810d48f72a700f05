"""Text from the repository, made safe to show: one sanitiser for every output.

Values and file names come from files anyone can change in a pull request, and file names are
whatever bytes the file system holds. Shown raw, they could drive the terminal of whoever
reads the output (``ESC ] 0 ;`` sets the window title, ``ESC [ 2 J`` clears the screen,
``ESC ] 8`` plants a hyperlink), forge output lines with a line feed or a carriage return, or
reorder what is shown with bidirectional overrides ("Trojan Source"). The human-readable
outputs (``validate``'s text, the readiness report's text, Markdown, HTML and CSV, errors and
warnings on standard error, ``new``'s messages) pass them through :func:`printable`, which
writes each such character as an escape instead:

- C0 controls (U+0000-U+001F, including tab, line feed and carriage return), DEL and the C1
  controls (U+007F-U+009F, including NEL) as ``\\xNN``;
- the line and paragraph separators U+2028 and U+2029, and the bidirectional controls
  (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) as ``\\uNNNN``;
- lone surrogates as ``\\xNN`` when they stand for a byte of a file name that is not UTF-8
  (Python decodes such a byte 0xNN to U+DCNN, "surrogateescape"), otherwise as ``\\uNNNN``.

Everything else passes unchanged, including other invisible characters (zero-width joiners
hold emoji and scripts together; a no-break space is just a space): they cannot move the
cursor, end a line or reorder text. Backslashes are not escaped, so ``\\x1b`` in the output
may also have been typed as such; the output only has to be safe and readable, not
reversible.

Machine outputs (JSON, SARIF, JUnit, GitHub annotations) have their own escaping for control
characters, but none of them can carry a lone surrogate: encoded as UTF-8 it is either an
error or an invalid byte. :func:`escape_surrogates` (and :func:`json_safe` for JSON text)
gives file names that are not UTF-8 the same ``\\xNN`` form there.
"""

from __future__ import annotations

import re

_SURROGATES = "\ud800-\udfff"
_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}{_SURROGATES}]")
_UNSAFE_BUT_BREAKS = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}{_SURROGATES}]"
)
_SURROGATE = re.compile(f"[{_SURROGATES}]")


def escaped(char: str) -> str:
    """The escape ``printable`` writes for one character."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, decoded with surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_match(match: re.Match[str]) -> str:
    return escaped(match.group())


def printable(text: str, *, keep_breaks: bool = False) -> str:
    """``text`` with every character that could act on a terminal or forge a line escaped.

    ``keep_breaks`` keeps line feeds, carriage returns and tabs, for outputs that deal with
    them themselves: a CSV cell (quoted by the writer) or a table cell (collapsed to spaces).
    """
    pattern = _UNSAFE_BUT_BREAKS if keep_breaks else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape_match, text)


def escape_surrogates(text: str) -> str:
    """``text`` with lone surrogates escaped as ``printable`` escapes them, and nothing else
    changed: valid Unicode, so any output can encode it as UTF-8."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_escape_match, text)


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with each lone surrogate,
    which can only stand inside a string, written so that it decodes to the escape
    ``printable`` shows (``"x\\\\xff"`` decodes to ``x\\xff``)."""
    if _SURROGATE.search(dumped) is None:
        return dumped
    return _SURROGATE.sub(lambda match: escaped(match.group()).replace("\\", "\\\\"), dumped)
