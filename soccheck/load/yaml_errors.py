"""Turn a YAML syntax error into a finding that points at the mistake, not where libyaml
noticed it.

libyaml reports where it gave up: an unclosed quote at the end of the file, ``owner:alice``
on the line after it, an unclosed ``[`` wherever the next key happens to be. This module is
only imported once a file has failed to parse, so none of its work costs a clean run
anything. For each common mistake it finds the likely place, and, except where libyaml's own
report is conclusive (end of file inside a quoted scalar), confirms the diagnosis by
repairing the text there and parsing it again: a guess is only reported when the repaired
file parses past the line where libyaml gave up. Anything unconfirmed keeps libyaml's own
position and wording.

The diagnoses work in libyaml's marks, whose lines count every line break libyaml knows (CR
LF, CR, LF, NEL, LS, PS); the position a finding gets is converted to the lines an editor
shows (:mod:`soccheck.load.lines`). Positions are characters, not bytes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError

    from soccheck.load.lines import MarkPositions

Position = tuple[int, int]

TAB_MESSAGE = "a tab is used for indentation; YAML only allows spaces there"

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?![\s/:])")
"""'owner:alice': a key-like word, ':' and no space. Not 'https://' (a URL) or 'a::b'."""
_LINE_KEY = re.compile(r"[ ]*(?:-[ ]+)*" + _KEY_VALUE.pattern)
"""A line that starts, after its indentation and any '- ', with 'key:value'."""
_SNIPPET_END = re.compile(r"[ ]+#|[ ]*$|[ ]*[,\]}]")
_MAX_LINES_UP = 5
"""How far above libyaml's position a missing space after ':' is looked for: a plain
scalar that swallowed the following lines rarely runs on for longer."""
_MAX_SHOWN = 40

_QUOTE_NAMES = {'"': "double", "'": "single"}
_ESCAPES = {'"': 'a quote inside "..." as \\"', "'": "an apostrophe inside '...' as ''"}
_CLOSERS = {"[": "]", "{": "}"}


def explain(text: str, error: MarkedYAMLError, marks: MarkPositions) -> tuple[Position, str]:
    """Where the mistake behind ``error`` (raised parsing ``text``) is, and what to say;
    ``marks`` gives libyaml's marks in ``text`` as editor positions."""
    problem_mark = error.problem_mark or error.context_mark
    problem = error.problem or str(error)
    context = f" ({error.context})" if error.context else ""
    if problem_mark is None:
        return (1, 1), f"{problem}{context}"
    pos = marks.at(problem_mark)
    index = problem_mark.index
    if 0 <= index < len(text) and text[index] == "\t":
        return pos, TAB_MESSAGE
    for diagnose in (_runaway_quote, _unclosed_quote, _unclosed_flow, _missing_space):
        found = diagnose(text, error, marks)
        if found is not None:
            return found
    return pos, f"{problem}{context}"


def key_value(text: str) -> tuple[str, str] | None:
    """``('owner', 'alice')`` for ``'owner:alice'``: text that reads as a key and its value
    written without the space after ':' (so YAML took it for one string)."""
    match = _KEY_VALUE.match(text)
    if match is None:
        return None
    return match.group(1), text[match.end() :]


def written(key: str, value: str) -> str:
    """``key`` and ``value`` as they were written (with no space), shortened for a message."""
    return _short(f"{key}:{value}")


def spaced(key: str, value: str) -> str:
    """``key`` and ``value`` as a mapping entry, shortened for a message."""
    return _short(f"{key}: {value}")


def _short(text: str) -> str:
    text = text.split("\n", 1)[0]
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


# ----------------------------------------------------------------------------- diagnoses


def _unclosed_quote(
    text: str, error: MarkedYAMLError, marks: MarkPositions
) -> tuple[Position, str] | None:
    """The end of the file (or a '---') inside a quoted scalar: the quote that opened it is
    the one never closed."""
    mark = error.context_mark
    if (
        mark is None
        or error.context != "while scanning a quoted scalar"
        or error.problem
        not in ("found unexpected end of stream", "found unexpected document indicator")
    ):
        return None
    quote = _char(text, mark.index)
    if quote not in _QUOTE_NAMES:
        return None
    return marks.at(mark), (
        f"unclosed {_QUOTE_NAMES[quote]} quote: nothing closes the text that starts here; "
        f"add the closing {quote} where it ends"
    )


def _runaway_quote(
    text: str, error: MarkedYAMLError, marks: MarkPositions
) -> tuple[Position, str] | None:
    """A quote left open that a later quote (an apostrophe, say) closed by accident: the
    text runs on over the following lines and libyaml stumbles over what comes after it."""
    problem_mark = error.problem_mark
    if problem_mark is None:
        return None
    stops = {problem_mark.line}
    if error.context_mark is not None:
        stops.add(error.context_mark.line)
    scalar = _last_quoted_scalar(text)
    if scalar is None:
        return None
    start, end, style = scalar
    if end.line not in stops:
        return None
    line_end = _line_end(text, start.index)
    content_end = len(text[:line_end].rstrip(" "))
    if not _repair_works(text, content_end, style, problem_mark):
        return None
    return marks.at(start), (
        f"unclosed {_QUOTE_NAMES[style]} quote: nothing closes it on this line, so the text "
        f"runs on to the {style} on line {marks.at(end)[0]}; close it on this line (write "
        f"{_ESCAPES[style]})"
    )


def _unclosed_flow(
    text: str, error: MarkedYAMLError, marks: MarkPositions
) -> tuple[Position, str] | None:
    """A '[' or '{' whose closer is missing: libyaml notices on a later line."""
    mark, problem_mark = error.context_mark, error.problem_mark
    if (
        mark is None
        or problem_mark is None
        or error.context not in ("while parsing a flow sequence", "while parsing a flow mapping")
        or problem_mark.line <= mark.line
    ):
        return None
    opener = _char(text, mark.index)
    if opener not in _CLOSERS:
        return None
    closer = _CLOSERS[opener]
    line_end = _line_end(text, mark.index)
    comment = text.find(" #", mark.index, line_end)
    at = len(text[: line_end if comment < 0 else comment].rstrip(" "))
    if not _repair_works(text, at, closer, problem_mark):
        return None
    what = "list" if opener == "[" else "mapping"
    return marks.at(mark), (
        f"unclosed '{opener}': the {what} that starts here has no closing '{closer}'; "
        f"add it after the last {'item' if opener == '[' else 'entry'}"
    )


def _missing_space(
    text: str, error: MarkedYAMLError, marks: MarkPositions
) -> tuple[Position, str] | None:
    """'owner:alice': YAML reads it as the text 'owner:alice', so libyaml complains about
    the line after it, or about a key on a later line the text ran into."""
    problem_mark = error.problem_mark
    if problem_mark is None:
        return None
    candidates: list[int] = []  # offsets of keys
    if error.context == "while scanning a plain scalar" and _char(text, problem_mark.index) == ":":
        # In a flow collection ('{id: tom, name:Tom}') libyaml stops at the ':' itself.
        start = _line_start(text, problem_mark.index)
        candidates.append(_key_start(text, problem_mark.index, start))
    context_mark = error.context_mark
    if context_mark is not None and error.context == "while scanning a simple key":
        candidates.append(context_mark.index)
    start = _line_start(text, problem_mark.index)
    for _ in range(_MAX_LINES_UP + 1):
        match = _LINE_KEY.match(text, start)
        if match is not None:
            candidates.append(match.start(1))
        if start == 0:
            break
        start = _line_start(text, start - 1)
    tried: set[int] = set()
    for key_start in candidates:
        match = _KEY_VALUE.match(text, key_start)
        if match is None or key_start in tried:
            continue
        tried.add(key_start)
        colon = match.end() - 1
        if not _repair_works(text, colon + 1, " ", problem_mark):
            continue
        line_end = _line_end(text, colon)
        value_end = _SNIPPET_END.search(text, colon + 1, line_end)
        value = text[colon + 1 : line_end if value_end is None else value_end.start()]
        key = match.group(1)
        return marks.offset(colon), (
            f"'{written(key, value)}' is missing the space after ':'; write "
            f"'{spaced(key, value)}' (YAML needs a space after a key's ':')"
        )
    return None


# ------------------------------------------------------------------------------- helpers


def _char(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _line_start(text: str, index: int) -> int:
    """Offset of the first character of the line holding ``index``."""
    start = 0
    for char in "\r\n\x85\u2028\u2029":
        found = text.rfind(char, 0, index)
        if found >= start:
            start = found + 1
    return start


def _line_end(text: str, index: int) -> int:
    """Offset of the line break ending the line holding ``index`` (or the text's end)."""
    found = _BREAK.search(text, index)
    return len(text) if found is None else found.start()


def _key_start(text: str, colon: int, line_start: int) -> int:
    """Offset where the key word before the ':' at ``colon`` starts."""
    start = colon
    while start > line_start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
        start -= 1
    return start


def _repair_works(text: str, at: int, insert: str, problem: Any) -> bool:
    """Whether ``text`` with ``insert`` put in at offset ``at`` parses beyond the line of
    ``problem``, the mark where the original error was found. Only the text up to the end
    of that line is parsed: the rest cannot tell, and an error that cutting it off causes is
    reported after the cut."""
    found = _BREAK.search(text, min(problem.index, len(text)))
    cut = len(text) if found is None else found.end()
    if at > cut:
        return False
    line = _first_problem(text[:at] + insert + text[at:cut])
    return line is None or line > problem.line


def _first_problem(text: str) -> int | None:
    """The 0-based line of the first syntax error in ``text``, or None."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from soccheck.load.yaml_events import parse_events

    try:
        try:
            from _ruamel_yaml import CParser  # type: ignore[import-not-found]
        except ImportError:  # pragma: no cover - without the C extension
            for _event in parse_events(text):
                pass
        else:
            parser = CParser(text)
            try:
                parser.raw_parse()  # no event objects: several times faster
            finally:
                parser.dispose()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return 0 if mark is None else int(mark.line)
    except YAMLError:
        return 0
    return None


def _last_quoted_scalar(text: str) -> tuple[Any, Any, str] | None:
    """(start mark, end mark, quote) of the last quoted scalar over several lines that
    libyaml read before the error."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import ScalarEvent

    from soccheck.load.yaml_events import parse_events

    last = None
    try:
        for event in parse_events(text):
            if (
                type(event) is ScalarEvent
                and event.style in _QUOTE_NAMES
                and event.start_mark.line != event.end_mark.line
            ):
                last = event
    except YAMLError:
        pass
    if last is None:
        return None
    return last.start_mark, last.end_mark, str(last.style)
