"""Generate :mod:`soccheck.format.records` from the pydantic models, and regenerate every
generated file of the repository with one command.

The models stay the one place the formats are written down; this turns each of them into a
plain slotted class and a straight-line function that checks a document and builds the
record, so that validating a program never imports pydantic (see
:mod:`soccheck.format.record_base` for why).

The generator understands exactly the field types the models use (text with length and
pattern constraints, whole numbers with a minimum, booleans, dates, literals, optional
values, lists, string-keyed mappings, nested models, one value or a list of them, text or a
nested model, and keys written under an alias) and fails loudly on anything else,
so a new kind of field cannot be silently checked less strictly than pydantic checks it.

``python -m soccheck.format.codegen`` writes the records, both copies of the JSON Schemas
(:mod:`soccheck.format.schemagen`) and docs/rules.md (:mod:`soccheck.checks.rules.docs`);
``--check`` names the stale ones instead, for the pre-commit hook and the drift test. One
command, so that changing a model or a rule cannot leave one of the copies behind. Only that
command and the drift test import this module.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from soccheck.format import models, vocabulary

# Literal types are shown by their vocabulary names when they have one.
_ALIASES = {
    typing.get_args(value): name
    for name, value in vars(vocabulary).items()
    if typing.get_origin(value) is Literal
}


@dataclass(frozen=True)
class _CrossCheck:
    """A check across values that a model makes in a model validator. A problem rejects the
    whole object (which of its values is wrong cannot be known) but is reported where a reader
    should look."""

    expression: str
    """Names the problem (None when there is none), with the object as ``obj``."""
    at: str | None = None
    """The key the problem is reported at; None: the object itself."""
    located: bool = False
    """The expression gives (key, message): the key depends on the problem."""


_AFTER: dict[str, _CrossCheck] = {
    "Evidence": _CrossCheck("evidence_location_problem(obj.path, obj.url)"),
    "Covers": _CrossCheck("covers_problem(obj.start, obj.end)", "end"),
    "Effective": _CrossCheck("effective_problem(obj.from_, obj.to)", "to"),
    "SocReport": _CrossCheck(
        "soc_report_problem(obj.type, obj.as_of, obj.period_end)", located=True
    ),
}


@dataclass
class _Type:
    """A field's type with its constraints gathered from ``Annotated`` metadata."""

    base: Any
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    ge: int | None = None
    le: int | None = None
    args: list[_Type] = field(default_factory=list)
    optional: bool = False
    unique: bool = False
    """A list whose items must differ (``uniqueItems`` in the schema)."""


def _norm(annotation: Any, metadata: list[Any] = ()) -> _Type:  # type: ignore[assignment]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _norm(inner, [*metadata, *extra])
    result = _Type(annotation)
    for item in metadata:
        items = item.metadata if isinstance(item, FieldInfo) else [item]
        for meta in items:
            for name in ("min_length", "max_length", "pattern", "ge", "le"):
                value = getattr(meta, name, None)
                if value is not None:
                    setattr(result, name, value)
        schema_extra = item.json_schema_extra if isinstance(item, FieldInfo) else None
        if isinstance(schema_extra, dict) and schema_extra.get("uniqueItems") is True:
            result.unique = True
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            inner_type = _norm(args[0], metadata)
        else:
            inner_type = _alternatives(annotation, [_norm(a) for a in args])
        inner_type.optional = optional
        return inner_type
    if origin in (list, dict):
        result.base = origin
        result.args = [_norm(a) for a in typing.get_args(annotation)]
    return result


def _alternatives(annotation: Any, choices: list[_Type]) -> _Type:
    """The two unions of two types the format has: one value or a list of such values (a
    test's ``method``), told apart by whether the value is a list; and text or an object (a
    CSOC written as a sentence or as an item with an ID), told apart by whether the value is
    a mapping. The list, or the object, comes second."""
    lists = [c for c in choices if c.base is list]
    others = [c for c in choices if c.base is not list]
    if len(lists) == 1 and len(others) == 1 and typing.get_origin(others[0].base) is Literal:
        return _Type(Union, args=[others[0], lists[0]])
    texts = [c for c in choices if c.base is str]
    objects = [c for c in choices if _is_model(c.base)]
    if len(choices) == 2 and len(texts) == 1 and len(objects) == 1:
        return _Type(Union, args=[texts[0], objects[0]])
    raise TypeError(f"unsupported union {annotation!r}")


def _is_model(base: Any) -> bool:
    return isinstance(base, type) and issubclass(base, BaseModel)


def _record_of(t: _Type) -> str | None:
    """The record class a field holds (itself, in a list, or as the object alternative of a
    list's items), for ``NESTED``."""
    inner = t.args[0] if t.base is list else t
    if inner.base is Union and _is_model(inner.args[1].base):
        inner = inner.args[1]
    return inner.base.__name__ if _is_model(inner.base) else None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _type_text(t: _Type) -> str:
    base = t.base
    if base is Union:
        text = " | ".join(_type_text(arg) for arg in t.args)
    elif base is list:
        text = f"list[{_type_text(t.args[0])}]"
    elif base is dict:
        text = f"dict[{_type_text(t.args[0])}, {_type_text(t.args[1])}]"
    elif typing.get_origin(base) is Literal:
        args = typing.get_args(base)
        text = _ALIASES.get(args) or f"Literal[{', '.join(repr(a) for a in args)}]"
    elif base is dt.date:
        text = "dt.date"
    elif (isinstance(base, type) and issubclass(base, BaseModel)) or base in (str, int, bool):
        text = base.__name__
    else:
        raise TypeError(f"unsupported type {base!r}")
    return f"{text} | None" if t.optional else text


class _Writer:
    """Collects the module's constants (patterns, literal sets) while checks are written."""

    def __init__(self) -> None:
        self.constants: dict[str, str] = {}

    def constant(self, prefix: str, expression: str) -> str:
        for name, existing in self.constants.items():
            if existing == expression:
                return name
        name = f"_{prefix}{len(self.constants)}"
        self.constants[name] = expression
        return name

    def check(self, t: _Type, var: str, loc: str, what: str) -> tuple[list[str], bool]:
        """Statements that raise ``Invalid`` unless ``var`` fits ``t`` (``None`` aside);
        the flag says whether they rebind ``var`` to a converted value."""
        base = t.base
        if isinstance(base, type) and issubclass(base, BaseModel):
            return [f"{var} = build_{_snake(base.__name__)}({var}, file, {loc})"], True
        if base is Union and _is_model(t.args[1].base):
            return self._text_or_record(t, var, loc, what), True
        if base is Union:
            return self._one_or_list(t, var, loc, what), True
        if base is dt.date:
            return [
                f"date = parse_date({var})",
                "if date is None:",
                f"    {_fail(loc, what, 'must be a date written YYYY-MM-DD')}",
                f"{var} = date",
            ], True
        if typing.get_origin(base) is Literal:
            return self._literal(base, var, loc, what), False
        if base is bool:
            return [
                f"if type({var}) is not bool:",
                f"    {_fail(loc, what, 'must be true or false')}",
            ], False
        if base is int:
            return _whole_number(t, var, loc, what), False
        if base is str:
            return self._text(t, var, loc, what), False
        if base is list:
            return self._list(t, var, loc, what), True
        if base is dict:
            return self._mapping(t, var, loc, what), True
        raise TypeError(f"unsupported type {base!r}")

    def _literal(self, base: Any, var: str, loc: str, what: str) -> list[str]:
        args = typing.get_args(base)
        kinds = {type(a) for a in args}
        if kinds == {str}:
            test = "is_text_in"
        elif kinds == {int}:
            test = "is_int_in"
        else:
            raise TypeError(f"unsupported literal {base!r}")
        values = self.constant("ONE_OF", f"frozenset({sorted(args)!r})")
        choices = ", ".join(str(a) for a in args)
        return [
            f"if not {test}({var}, {values}):",
            f"    {_fail(loc, what, f'must be one of: {choices}')}",
        ]

    def _one_or_list(self, t: _Type, var: str, loc: str, what: str) -> list[str]:
        """A value of the one kind, or a list of them: told apart by the list."""
        one, many = t.args
        many_checks, _ = self.check(many, var, loc, what)
        one_checks, one_converts = self.check(one, var, loc, what)
        if one_converts:
            raise TypeError(f"unsupported alternative {one!r}")
        lines = [f"if isinstance({var}, list):"]
        lines += [f"    {line}" for line in many_checks]
        lines.append("else:")
        lines += [f"    {line}" for line in one_checks]
        return lines

    def _text_or_record(self, t: _Type, var: str, loc: str, what: str) -> list[str]:
        """Text, or a mapping built into its record: told apart by the mapping."""
        text, record = t.args
        record_checks, _ = self.check(record, var, loc, what)
        text_checks, _ = self.check(text, var, loc, what)
        lines = [f"if isinstance({var}, dict):"]
        lines += [f"    {line}" for line in record_checks]
        lines.append("else:")
        lines += [f"    {line}" for line in text_checks]
        return lines

    def _text(self, t: _Type, var: str, loc: str, what: str) -> list[str]:
        lines = [f"if not isinstance({var}, str):", f"    {_fail(loc, what, 'must be text')}"]
        if t.min_length is not None:
            rule = (
                "must not be empty"
                if t.min_length == 1
                else f"must have at least {t.min_length} characters"
            )
            lines += [f"if len({var}) < {t.min_length}:", f"    {_fail(loc, what, rule)}"]
        if t.max_length is not None:
            lines += [
                f"if len({var}) > {t.max_length}:",
                f"    {_fail(loc, what, f'must have at most {t.max_length} characters')}",
            ]
        if t.pattern is not None:
            regex = self.constant("PATTERN", f"full_pattern({t.pattern!r}).search")
            lines += [
                f"if {regex}({var}) is None:",
                f"    {_fail(loc, what, f'must match {t.pattern}')}",
            ]
        return lines

    def _list(self, t: _Type, var: str, loc: str, what: str) -> list[str]:
        """Rebinds ``var`` to a new list: built records, or the checked items."""
        item_type = t.args[0]
        lines = [f"if not isinstance({var}, list):", f"    {_fail(loc, what, 'must be a list')}"]
        if t.min_length is not None:
            rule = f"must list at least {t.min_length} item{'' if t.min_length == 1 else 's'}"
            lines += [f"if len({var}) < {t.min_length}:", f"    {_fail(loc, what, rule)}"]
        inner = item_type.base
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            builder = f"build_{_snake(inner.__name__)}"
            return [
                *lines,
                f"where = {loc}",
                f"{var} = [{builder}(item, file, (*where, index)) "
                f"for index, item in enumerate({var})]",
            ]
        checks, converts = self.check(item_type, "item", "(*where, index)", "item: ")
        if item_type.optional or (converts and t.unique):
            raise TypeError(f"unsupported list item {item_type!r}")
        if converts:  # items of two kinds, some built into records
            lines += [f"where = {loc}", "built = []", f"for index, item in enumerate({var}):"]
            lines += [f"    {line}" for line in checks]
            lines += ["    built.append(item)", f"{var} = built"]
            return lines
        lines += [f"where = {loc}", f"for index, item in enumerate({var}):"]
        lines += [f"    {line}" for line in checks]
        if t.unique:
            lines += [
                f"problem = duplicate_item_problem({var})",
                "if problem is not None:",
                f"    raise Invalid({loc}, {what!r} + problem)",
            ]
        lines.append(f"{var} = list({var})")
        return lines

    def _mapping(self, t: _Type, var: str, loc: str, what: str) -> list[str]:
        """Rebinds ``var`` to a new dict of checked values under text keys."""
        key_type, value_type = t.args
        literal_keys = typing.get_origin(key_type.base) is Literal
        if not literal_keys and (
            key_type.base is not str or key_type.pattern or key_type.min_length
        ):
            raise TypeError("only plain string keys or literal keys are supported")
        checks, converts = self.check(value_type, "item", "(*where, key)", "value: ")
        if converts or value_type.optional:
            raise TypeError(f"unsupported mapping value {value_type!r}")
        lines = [
            f"if not isinstance({var}, dict):",
            f"    {_fail(loc, what, 'must be a mapping')}",
            f"where = {loc}",
            f"for key, item in {var}.items():",
            "    if not isinstance(key, str):",
            f"        {_fail(loc, what, 'keys must be text')}",
        ]
        if literal_keys:
            lines += [f"    {line}" for line in self._literal(key_type.base, "key", loc, "key: ")]
        lines += [f"    {line}" for line in checks]
        lines.append(f"{var} = dict({var})")
        return lines


def _fail(loc: str, what: str, rule: str) -> str:
    """The statement that reports ``rule`` broken at ``loc``."""
    return f"raise Invalid({loc}, {what + rule!r})"


def _whole_number(t: _Type, var: str, loc: str, what: str) -> list[str]:
    tests = [f"type({var}) is int"]
    rule = "must be a whole number"
    if t.ge is not None:
        tests.append(f"{var} >= {t.ge}")
        rule += f", at least {t.ge}"
    if t.le is not None:
        tests.append(f"{var} <= {t.le}")
        rule += f"{' and' if t.ge is not None else ','} at most {t.le}"
    return [f"if not ({' and '.join(tests)}):", f"    {_fail(loc, what, rule)}"]


def _default_text(info: FieldInfo) -> str:
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        if isinstance(value, BaseModel):
            return f"{type(value).__name__}()"
        return repr(value)
    return repr(info.default)


def _model_classes() -> list[type[models.Model]]:
    """Every model, in the order models.py defines them."""
    found = [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, models.Model) and value is not models.Model
    ]
    return found


def _class_text(model: type[models.Model], writer: _Writer) -> list[str]:
    name = model.__name__
    doc = (model.__doc__ or name).strip()
    fields = model.model_fields
    lines = [
        f"class {name}(Record):",
        f'    """{doc}"""',
        "",
        f"    __slots__ = {tuple(fields)!r}",
        f"    FIELDS: ClassVar[tuple[str, ...]] = {tuple(fields)!r}",
        "    REQUIRED: ClassVar[frozenset[str]] = frozenset("
        + repr(sorted(n for n, i in fields.items() if i.is_required()))
        + ")",
        "    NESTED: ClassVar[dict[str, type[Record]]] = {}",
        "",
    ]
    for field_name, info in fields.items():
        t = _norm(info.annotation, info.metadata)
        lines.append(f"    {field_name}: {_type_text(t)}")
        if info.description:
            lines.append(f"    {_docstring(info.description)}")
    # __init__: keyword-only, defaults as in the model (fresh lists for each object).
    params, body = [], []
    for field_name, info in fields.items():
        t = _norm(info.annotation, info.metadata)
        hint = _type_text(t)
        if info.is_required():
            params.append(f"{field_name}: {hint}")
            body.append(f"self.{field_name} = {field_name}")
        elif info.default_factory is not None:
            params.append(f"{field_name}: {hint} | None = None")
            body.append(
                f"self.{field_name} = {_default_text(info)} if {field_name} is None "
                f"else {field_name}"
            )
        else:
            params.append(f"{field_name}: {hint} = {_default_text(info)}")
            body.append(f"self.{field_name} = {field_name}")
    lines += ["", "    def __init__(", "        self,", "        *,"]
    lines += [f"        {p}," for p in params]
    lines += ["        source: Source | None = None,", "    ) -> None:"]
    lines += [f"        {b}" for b in body]
    lines += ["        self.source = source"]
    if name in _AFTER:
        cross = _AFTER[name]
        lines += [
            f"        problem = {cross.expression.replace('obj.', 'self.')}",
            "        if problem is not None:",
            f"            raise ValueError(problem{'[1]' if cross.located else ''})",
        ]
    lines += ["", ""]
    return lines


def _docstring(text: str) -> str:
    return '"""' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'


def _key(field_name: str, info: FieldInfo) -> str:
    """The key a field is written under: its name, or its alias where the name is a Python
    keyword (``from`` of a control's ``effective``). Records keep the attribute name
    (``from_``); ``REQUIRED`` and ``NESTED`` are keyed by written keys, so an aliased field may
    be neither required nor a record."""
    if info.alias is None or info.alias == field_name:
        return field_name
    t = _norm(info.annotation, info.metadata)
    if info.is_required() or _record_of(t) is not None:
        raise TypeError(f"an aliased field must be optional and plain: {field_name}")
    return info.alias


def _builder_text(model: type[models.Model], writer: _Writer) -> list[str]:
    name = model.__name__
    fields = model.model_fields
    keys = writer.constant("KEYS", f"frozenset({sorted(_key(n, i) for n, i in fields.items())!r})")
    lines = [
        f"def build_{_snake(name)}(data: object, file: str, path: KeyPath) -> {name}:",
        f'    """Check ``data`` against the {name} model and build it (sources included)."""',
        "    if not isinstance(data, dict):",
        "        raise Invalid(path, 'must be a mapping of keys to values')",
        f"    if not data.keys() <= {keys}:",
        f"        raise _unknown(data, {keys}, path)",
        f"    obj = {name}.__new__({name})",
        "    obj.source = Source(file, path)",
    ]
    for field_name, info in fields.items():
        t = _norm(info.annotation, info.metadata)
        key = _key(field_name, info)
        loc = f"(*path, {key!r})"
        checks, _ = writer.check(t, "value", loc, f"{key}: ")
        lines.append(f"    value = data.get({key!r}, _MISSING)")
        if info.is_required():
            lines += [
                "    if value is _MISSING:",
                f"        raise Invalid({loc}, {f'{key}: field required'!r})",
            ]
            if t.optional:
                lines.append("    elif value is not None:")
                lines += [f"        {c}" for c in checks]
            else:
                lines += [f"    {c}" for c in checks]
        else:
            default = (
                _default_text(info) if info.default_factory is not None else repr(info.default)
            )
            lines += ["    if value is _MISSING:", f"        value = {default}"]
            lines.append("    elif value is not None:" if t.optional else "    else:")
            lines += [f"        {c}" for c in checks]
        lines.append(f"    obj.{field_name} = value")
    if name in _AFTER:
        cross = _AFTER[name]
        lines += [f"    problem = {cross.expression}", "    if problem is not None:"]
        if cross.located:
            lines.append("        raise Invalid((*path, problem[0]), problem[1], drop=path)")
        else:
            at = "path" if cross.at is None else f"(*path, {cross.at!r})"
            lines.append(f"        raise Invalid({at}, problem, drop=path)")
    lines += ["    return obj", "", ""]
    return lines


HEADER = '''\
"""Records of the file formats and the checks that build them: GENERATED, do not edit.

Generated from soccheck/format/models.py by ``python -m soccheck.format.codegen`` (the drift
test fails when this file is stale). Why records rather than the pydantic models: see
soccheck/format/record_base.py.
"""

# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from soccheck.format.record_base import (
    Invalid,
    KeyPath,
    Record,
    Source,
    covers_problem,
    duplicate_item_problem,
    effective_problem,
    evidence_location_problem,
    full_pattern,
    is_int_in,
    is_text_in,
    parse_date,
    soc_report_problem,
)
from soccheck.format.vocabulary import (
{imports}
)

_MISSING: Any = object()


def _unknown(data: dict[Any, Any], known: frozenset[str], path: KeyPath) -> Invalid:
    key = next(k for k in data if k not in known)
    if not isinstance(key, str):
        return Invalid(path, f"keys must be text, not {{key!r}}")
    return Invalid((*path, key), f"unknown key '{{key}}'")


'''


def generate() -> str:
    """The source text of soccheck/format/records.py."""
    writer = _Writer()
    classes = _model_classes()
    body: list[str] = []
    for model in classes:
        body += _class_text(model, writer)
    for model in classes:
        nested = {}
        for field_name, info in model.model_fields.items():
            record = _record_of(_norm(info.annotation, info.metadata))
            if record is not None:
                nested[field_name] = record
        if nested:
            pairs = ", ".join(f"{k!r}: {v}" for k, v in nested.items())
            body.append(f"{model.__name__}.NESTED = {{{pairs}}}")
    body += ["", ""]
    for model in classes:
        body += _builder_text(model, writer)
    body.append("BUILDERS: dict[type[Record], Callable[[object, str, KeyPath], Any]] = {")
    body += [f"    {m.__name__}: build_{_snake(m.__name__)}," for m in classes]
    body.append("}")
    body.append('"""The builder of each record class."""')
    used = sorted(
        name for name in set(_ALIASES.values()) if re.search(rf"\b{name}\b", "\n".join(body))
    )
    text = HEADER.format(imports="\n".join(f"    {name}," for name in used))
    constants = [f"{name} = {expression}" for name, expression in writer.constants.items()]
    return text + "\n".join(constants) + "\n\n\n" + "\n".join(body).rstrip() + "\n"


# ------------------------------------------------------------------- every generated file

COMMAND = "python -m soccheck.format.codegen"


def generated_files() -> dict[str, str]:
    """Repository path -> text of every committed file generated from the code: the records,
    the JSON Schemas (the published copies and the package's) and the rule reference."""
    from soccheck.checks.rules.docs import markdown
    from soccheck.format import schemagen

    files = {"soccheck/format/records.py": generate()}
    schemas = {name: schemagen.render(body) for name, body in schemagen.generate().items()}
    for directory in ("schemas", "soccheck/format/schemas"):
        files.update({f"{directory}/{name}": text for name, text in schemas.items()})
    files["docs/rules.md"] = markdown()
    return files


def stale_files(root: Path, files: dict[str, str]) -> list[str]:
    """The paths under ``root`` whose committed text differs from ``files`` (or is missing)."""
    stale = []
    for path, text in files.items():
        target = root / path
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != text:
            stale.append(path)
    return stale


def is_checkout(root: Path) -> bool:
    """Whether ``root`` is the top of a soccheck repository: its pyproject.toml is the
    project's. Anywhere else, writing schemas/ and docs/rules.md would litter a stranger's
    directory."""
    import tomllib

    try:
        with (root / "pyproject.toml").open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == "soccheck"


def main(argv: list[str] | None = None) -> int:
    """``python -m soccheck.format.codegen [--check] [--root DIR]``: rewrite every generated
    file that differs from what the code generates, or with --check only name them (exit 1)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Regenerate every generated file of the repository: "
        "soccheck/format/records.py, schemas/*.json, soccheck/format/schemas/*.json and "
        "docs/rules.md.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 naming the files that are stale",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the top directory of the soccheck checkout to write into (default: the current "
        "directory)",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    root: Path = args.root
    if not is_checkout(root):
        print(
            f"{COMMAND}: error: {root} is not the top directory of a soccheck checkout (no "
            "pyproject.toml of the project soccheck); run it there or pass --root DIR",
            file=sys.stderr,
        )
        return 2
    files = generated_files()
    stale = stale_files(root, files)
    if args.check:
        for path in stale:
            print(f"{path} is stale", file=sys.stderr)
        if stale:
            print(f"run: {COMMAND}", file=sys.stderr)
        return 1 if stale else 0
    from soccheck.support.fileio import write_atomic

    for path in stale:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, files[path])
        print(f"wrote {path}")
    if not stale:
        print(f"all {len(files)} generated files are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
