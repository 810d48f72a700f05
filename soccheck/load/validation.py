"""JSON Schema validation of loaded documents, with messages a compliance person understands.

jsonschema's own messages ("'sometimes' is not one of [...]") are written for developers; every
violation here is re-worded, located at the most specific node (the offending value, the
unknown key, or the object missing a key) and given the ID of the object concerned.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from soccheck.checks.rules.schema import RULE as SCHEMA
from soccheck.format.schema import SchemaName, load_schema
from soccheck.load.yaml_reader import Document, KeyPath

if TYPE_CHECKING:
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

_SINGULAR = {
    "controls": "control",
    "tests": "test",
    "reports": "report",
    "people": "person",
    "teams": "team",
    "control_objectives": "control objective",
    "subservice_organizations": "subservice organization",
    "cuecs": "CUEC",
    "csocs": "CSOC",
    "systems": "system",
    "changes": "change",
    "incidents": "incident",
    "evidence": "evidence item",
    "deviations": "deviation",
    "not_applicable": "not-applicable entry",
    "waivers": "waiver",
}
_ROOT_NAMES: dict[SchemaName, str] = {
    "system": "the system description",
    "control": "the control file",
    "config": "the configuration",
}
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "empty",
}
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off"})


@cache
def _validator(name: SchemaName) -> Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=("date",))
    return Draft202012Validator(load_schema(name), format_checker=checker)


def _field_label(path: KeyPath) -> str:
    """'frequency', 'criteria item 2', 'performed_on': the name a YAML author sees."""
    for index in range(len(path) - 1, -1, -1):
        part = path[index]
        if isinstance(part, str):
            trailing = path[index + 1 :]
            if trailing:
                return f"{part} item {int(trailing[-1]) + 1}"
            return part
    return "the document"


class _Describer:
    """Names objects ("control 'AC-01'") and values ("the number 0012") for messages."""

    def __init__(self, doc: Document, schema: SchemaName) -> None:
        self.doc = doc
        self.schema = schema

    def obj(self, path: KeyPath, instance: Any) -> str:
        kind = None
        for part in reversed(path):
            if isinstance(part, str):
                kind = _SINGULAR.get(part, part)
                break
        if kind is None:
            kind = _ROOT_NAMES[self.schema] if not path else "item"
            if (
                self.schema == "control"
                and isinstance(instance, dict)
                and "controls" not in instance
            ):
                kind = "control"
        ident = instance.get("id") if isinstance(instance, dict) else None
        if isinstance(ident, str) and ident:
            return f"{kind} '{ident}'"
        return kind

    def value(self, path: KeyPath, value: Any) -> str:
        raw = self.doc.raw_scalars.get(path)
        if value is None:
            return "an empty value"
        if isinstance(value, bool):
            return f"the boolean {raw or str(value).lower()}"
        if isinstance(value, (int, float)):
            return f"the number {raw or value}"
        if isinstance(value, str):
            shown = value if len(value) <= 60 else value[:57] + "..."
            return f"'{shown}'"
        if isinstance(value, list):
            return "a list"
        return "a mapping"


def subject_at(data: Any, path: KeyPath) -> str | None:
    """ID of the innermost object with an ``id`` along ``path`` (the control, test, ...)."""
    subject = None
    node = data
    for part in (None, *path):
        if part is not None:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict):
            ident = node.get("id")
            if isinstance(ident, str):
                subject = ident
    return subject


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return sorted(schema.get("properties", {}))


def _misspelled_controls(doc: Document, schema: SchemaName) -> str | None:
    """The top-level key of a control file that was meant as ``controls`` (``control:``,
    ``Controls:``, ``contrls:``), if the file is no single control either.

    Such a file is read as one control with no ``id``, ``title`` or ``description``; saying
    so would send the author looking in the wrong place."""
    data = doc.data
    if schema != "control" or not isinstance(data, dict) or "controls" in data or "id" in data:
        return None
    for key in data:
        if isinstance(key, str) and difflib.get_close_matches(key.lower(), ["controls"], 1, 0.8):
            return key
    return None


_Message = tuple[KeyPath, tuple[int, int], str]
"""(path to prune, position, message) of one finding."""


class _Violation:
    """One jsonschema error, unpacked once so that each keyword's message stays a few lines."""

    def __init__(self, error: ValidationError, doc: Document, describe: _Describer) -> None:
        self.error = error
        self.doc = doc
        self.describe = describe
        self.path: KeyPath = tuple(error.absolute_path)
        self.instance: Any = error.instance
        self.expected: Any = error.validator_value
        self.label = _field_label(self.path)

    @property
    def got(self) -> str:
        return self.describe.value(self.path, self.instance)

    def misspelled_controls(self) -> str | None:
        return _misspelled_controls(self.doc, self.describe.schema) if not self.path else None


def _required(v: _Violation) -> Iterator[_Message]:
    if v.misspelled_controls() is not None:
        return  # the unknown key's finding says what is wrong
    instance = v.instance
    missing = [k for k in v.expected if isinstance(instance, dict) and k not in instance]
    for key in missing:
        if repr(key) in v.error.message:
            yield (
                v.path,
                v.doc.position(v.path),
                (
                    f"{v.describe.obj(v.path, instance)} is missing the required key '{key}'"
                    f"{_run_together(instance, key)}"
                ),
            )


def _unknown_keys(v: _Violation) -> Iterator[_Message]:
    from soccheck.load.yaml_errors import key_value, spaced

    misspelled = v.misspelled_controls()
    schema: Any = v.error.schema
    allowed = _allowed_keys(schema)
    for key in sorted(k for k in v.instance if k not in allowed):
        if key == misspelled:
            # The whole file hangs on this key: prune it all, like a missing 'id' would.
            yield (
                (),
                v.doc.key_position((key,)),
                f"unknown key '{key}' in the control file; did you mean 'controls'?",
            )
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})"
        split = key_value(key)
        if split is not None and split[0] in allowed:
            hint = f"; add a space after ':' ('{spaced(*split)}')"
        if key in ("waiver", "waivers") and v.describe.schema != "config":
            hint = (
                "; waivers can only be declared in soccheck.yaml (or [tool.soccheck] in "
                "pyproject.toml), where each one is reviewed, approved and expires"
            )
        key_path = (*v.path, key)
        yield (
            key_path,
            v.doc.key_position(key_path),
            (f"unknown key '{key}' in {v.describe.obj(v.path, v.instance)}{hint}"),
        )


def _enum(v: _Violation) -> str:
    options = ", ".join(str(option) for option in v.expected)
    message = f"{v.label} must be one of: {options}; got {v.got}"
    suggestion = _closest_option(v.instance, v.expected)
    if suggestion is not None:
        message += f"; did you mean '{suggestion}'?"
    return message


def _type(v: _Violation) -> str:
    instance = v.instance
    names = [v.expected] if isinstance(v.expected, str) else list(v.expected)
    wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    message = f"{v.label} must be {wanted}; got {v.got}"
    if "boolean" in names and instance in _YAML11_BOOLEANS:
        message += " (YAML 1.2 only knows true and false)"
    elif (
        "string" in names and isinstance(instance, (int, float)) and not isinstance(instance, bool)
    ):
        raw = v.doc.raw_scalars.get(v.path, str(instance))
        message += f"; quote it ('{raw}') if it is meant as text"
    elif instance is None:
        message += "; fill it in or remove the key"
    elif "object" in names and isinstance(instance, str):
        from soccheck.load.yaml_errors import key_value, spaced

        split = key_value(instance)
        if split is not None:
            message += (
                f"; if '{split[0]}' is meant as a key, add a space after ':' ('{spaced(*split)}')"
            )
    return message


def _pattern(v: _Violation) -> str:
    if v.label == "id" or v.label.endswith(" id"):
        return (
            f"id {v.got} is not a valid ID: use ASCII letters, digits and . _ : - "
            "(starting with a letter or digit)"
        )
    if "[0-9]{4}-" in str(v.expected):
        return f"{v.label} must be a date written YYYY-MM-DD; got {v.got}"
    return f"{v.label} {v.got} does not match the pattern {v.expected}"


def _one_of(v: _Violation) -> str:
    if v.path and "evidence" in v.path:
        return f"{v.describe.obj(v.path, v.instance)} needs exactly one of 'path' or 'url'"
    return _jsonschema_words(v)


def _any_of(v: _Violation) -> Iterator[_Message]:
    """One value or a list of them (a test's ``method``), or text or an object (a CSOC):
    explain the violation of the form the author wrote, and drop the whole value."""
    branches = v.expected if isinstance(v.expected, list) else []
    if any(isinstance(branch, dict) and "$ref" in branch for branch in branches):
        yield from _text_or_object(v, branches)
        return
    listed = isinstance(v.instance, list)
    index = next(
        (
            i
            for i, branch in enumerate(branches)
            if isinstance(branch, dict) and (branch.get("type") == "array") == listed
        ),
        None,
    )
    if index is None:
        yield v.path, v.doc.position(v.path), _jsonschema_words(v)
        return
    branch = branches[index]
    if not listed and "enum" in branch:
        options = ", ".join(str(option) for option in branch["enum"])
        message = f"{v.label} must be one of: {options}, or a list of them; got {v.got}"
        suggestion = _closest_option(v.instance, branch["enum"])
        if suggestion is not None:
            message += f"; did you mean '{suggestion}'?"
        yield v.path, v.doc.position(v.path), message
        return
    errors = [
        e
        for e in v.error.context or ()
        if e.relative_schema_path and e.relative_schema_path[0] == index
    ]
    if not errors:
        yield v.path, v.doc.position(v.path), _jsonschema_words(v)
        return
    errors.sort(key=lambda e: (tuple(map(str, e.path)), _PRIORITY.get(str(e.validator), 9)))
    first = errors[0]
    for _, position, message in _messages(first, v.doc, v.describe):
        yield v.path, position, message


def _text_or_object(v: _Violation, branches: list[Any]) -> Iterator[_Message]:
    """Text or an object (a CSOC as a sentence or as ``{id, description, ...}``): a mapping
    is explained as the object it tries to be, anything else as the text."""
    mapping = isinstance(v.instance, dict)
    if not mapping and not isinstance(v.instance, str):
        yield (
            v.path,
            v.doc.position(v.path),
            f"{v.label} must be text or a mapping of keys to values; got {v.got}",
        )
        return
    index = next(
        (
            i
            for i, branch in enumerate(branches)
            if isinstance(branch, dict) and ("$ref" in branch) == mapping
        ),
        None,
    )
    errors = [
        e
        for e in v.error.context or ()
        if e.relative_schema_path and e.relative_schema_path[0] == index
    ]
    if not errors:
        yield v.path, v.doc.position(v.path), _jsonschema_words(v)
        return
    errors.sort(key=lambda e: (tuple(map(str, e.path)), _PRIORITY.get(str(e.validator), 9)))
    for _, position, message in _messages(errors[0], v.doc, v.describe):
        yield v.path, position, message


def _unique_items(v: _Violation) -> str:
    seen: list[object] = []
    for item in v.instance if isinstance(v.instance, list) else ():
        if item in seen:
            return f"{v.label} lists {v.describe.value(v.path, item)} more than once"
        seen.append(item)
    return f"{v.label} lists an item more than once"


def _unknown_name(v: _Violation) -> Iterator[_Message]:
    """A key a mapping with a fixed set of keys does not take (``sampling: {dayly: 5}``),
    reported at the key, which is dropped."""
    key = v.instance
    options = [str(option) for option in v.expected]
    message = f"unknown key '{key}' in {v.label}; the keys are: {', '.join(options)}"
    suggestion = _closest_option(key, list(v.expected))
    if suggestion is not None:
        message = f"unknown key '{key}' in {v.label}; did you mean '{suggestion}'?"
    key_path = (*v.path, key)
    yield key_path, v.doc.key_position(key_path), message


def _jsonschema_words(v: _Violation) -> str:
    """A keyword the models do not produce today: jsonschema's own message, located."""
    return f"{v.label}: {v.error.message}"


def _at_value(word: Callable[[_Violation], str]) -> Callable[[_Violation], Iterator[_Message]]:
    """A message about the offending value itself, reported where the value is."""

    def messages(v: _Violation) -> Iterator[_Message]:
        yield v.path, v.doc.position(v.path), word(v)

    return messages


_MESSAGES: dict[str, Callable[[_Violation], Iterator[_Message]]] = {
    "required": _required,
    "additionalProperties": _unknown_keys,
    "enum": _at_value(_enum),
    "type": _at_value(_type),
    "pattern": _at_value(_pattern),
    "format": _at_value(lambda v: f"{v.label} {v.got} is not a real calendar date"),
    "minLength": _at_value(lambda v: f"{v.label} must not be empty"),
    "maxLength": _at_value(lambda v: f"{v.label} is longer than {v.expected} characters"),
    "minimum": _at_value(lambda v: f"{v.label} must be {v.expected} or more; got {v.got}"),
    "maximum": _at_value(lambda v: f"{v.label} must be {v.expected} or less; got {v.got}"),
    "minItems": _at_value(lambda v: f"{v.label} must list at least {v.expected} item(s)"),
    "oneOf": _at_value(_one_of),
    "anyOf": _any_of,
    "uniqueItems": _at_value(_unique_items),
}
"""JSON Schema keyword -> the findings for one violation of it, in the author's words."""


def _messages(error: ValidationError, doc: Document, describe: _Describer) -> Iterator[_Message]:
    """Yield (path to prune, position, message) for one jsonschema error."""
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        yield from _unknown_name(_Violation(error, doc, describe))
        return
    messages = _MESSAGES.get(str(error.validator), _at_value(_jsonschema_words))
    yield from messages(_Violation(error, doc, describe))


def _run_together(instance: dict[str, Any], key: str) -> str:
    """A hint when the missing key is there after all, written without the space after
    ':' and so read as text: as a key of its own ('name:Tom' with no value) or inside the
    plain text of another key's value that ran on over the next line."""
    from soccheck.load.yaml_errors import key_value, spaced, written

    for name, value in instance.items():
        split = key_value(name)
        if split is not None and split[0] == key:
            return f"; the key '{name}' needs a space after ':' ('{spaced(*split)}')"
        if not isinstance(value, str) or f"{key}:" not in value:
            continue
        for start in (m.end() for m in re.finditer(rf"(?:\A|\s)(?={re.escape(key)}:)", value)):
            split = key_value(value[start:])
            if split is not None and split[0] == key:
                return (
                    f"; '{written(*split)}' was read as part of {name} and needs a space "
                    f"after ':' ('{spaced(*split)}')"
                )
    return ""


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _closest_option(value: object, options: list[object]) -> str | None:
    """The allowed value a mistyped one was meant to be: the same word spelled with other
    separators or case ('processing-integrity' for 'processing_integrity', the spelling the
    command line accepts), else a close match."""
    if not isinstance(value, str):
        return None
    names = [str(option) for option in options]
    same = [name for name in names if _squash(name) == _squash(value)]
    if same:
        return same[0]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.75)
    return close[0] if close else None


_PRIORITY = {"type": 0, "enum": 1, "pattern": 2, "format": 3}
_OBJECT_LEVEL = frozenset({"required", "additionalProperties"})


def _under(path: KeyPath, bad: set[KeyPath]) -> bool:
    return any(path[:n] in bad for n in range(len(path) + 1))


MAX_SCHEMA_FINDINGS = 1_000
"""Schema findings reported for one file, at most. A file with more is not a program with a
few mistakes to fix one by one: 600,000 ``{}`` list items made 1.7 million findings and took
20 GB. Past this many problems, the file gets one more finding saying so, and none of its
contents reaches the checks."""


def validate_document(doc: Document, schema: SchemaName) -> set[KeyPath]:
    """Append schema findings to ``doc``; return the paths of invalid nodes.

    The caller drops those nodes before building models, so one bad value costs one finding
    and the rest of the file is still checked. A file with more than
    ``MAX_SCHEMA_FINDINGS`` problems is dropped whole (the root path is returned).
    """
    from itertools import islice

    describe = _Describer(doc, schema)
    invalid: set[KeyPath] = set()
    # Only as many errors as could make the findings shown: jsonschema's errors are large
    # objects, and a hostile file has millions.
    errors = list(islice(_validator(schema).iter_errors(doc.data), MAX_SCHEMA_FINDINGS + 1))
    too_many = len(errors) > MAX_SCHEMA_FINDINGS
    errors.sort(
        key=lambda e: (tuple(map(str, e.absolute_path)), _PRIORITY.get(str(e.validator), 9))
    )
    reported_values: set[KeyPath] = set()
    reported = 0
    for error in errors:
        path = tuple(error.absolute_path)
        if doc.bad_paths and _under(path, doc.bad_paths):
            continue
        if error.validator not in _OBJECT_LEVEL:
            # One finding per value: 'March 3rd' breaks both the pattern and the date
            # format, but the author has one thing to fix.
            if path in reported_values:
                continue
            reported_values.add(path)
        for path, pos, message in _messages(error, doc, describe):
            if reported == MAX_SCHEMA_FINDINGS:
                too_many = True
                break
            reported += 1
            invalid.add(path)
            doc.findings.append(
                SCHEMA.finding(doc.path, pos[0], pos[1], message, subject_at(doc.data, path))
            )
    if too_many:
        doc.findings.append(
            SCHEMA.finding(
                doc.path,
                1,
                1,
                f"more than {MAX_SCHEMA_FINDINGS:,} schema problems in {_ROOT_NAMES[schema]}; "
                f"the first {MAX_SCHEMA_FINDINGS:,} are reported and nothing in the file is "
                "checked further",
            )
        )
        return {()}
    return invalid | doc.bad_paths
