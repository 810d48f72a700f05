"""Documents -> records, leaving out what the JSON Schema rejected.

Invalid nodes are dropped before a record is built (one bad value costs one finding, the rest
of the program is still checked). When a dropped value was required, its whole object goes;
the schema finding already explains why.

Which checks build a record is the load strategy's choice (:mod:`soccheck.load.strategy`):
the generated ones in :mod:`soccheck.format.records` in normal runs (``generated_builder``)
or, for the reference path the tests compare against (tests/reference.py), the pydantic
models the records are generated from. Both go through the same pruning, so the only thing
the comparison can find is a difference between the checks themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from soccheck.checks.rules.schema import RULE as SCHEMA
from soccheck.format.record_base import Invalid, Record, Source
from soccheck.format.records import BUILDERS
from soccheck.load.yaml_reader import Document, KeyPath

R = TypeVar("R", bound=Record)
Builder = Callable[[object, str, KeyPath], Any]
"""Checks data and builds its record from it (``data, file, path -> record``); raises
``Invalid`` at the first value it rejects."""
BuilderFor = Callable[[type[Record]], Builder]
_DROP = object()
_MAX_REBUILDS = 100
"""Values the schema accepts but the checks reject are rare (a float 2.0 where a whole
number belongs); an object with more of them than this is dropped."""


def _record_at(cls: type[Record], path: tuple[str, ...]) -> type[Record] | None:
    current: type[Record] | None = cls
    for name in path:
        current = current.NESTED.get(name) if current is not None else None
    return current


def _escalate(cls: type[Record], invalid: set[KeyPath]) -> set[KeyPath]:
    """A dropped required value invalidates its object; repeat up the tree."""
    result: set[KeyPath] = set()
    for path in invalid:
        while path and isinstance(path[-1], str):
            parent = path[:-1]
            owner = _record_at(cls, tuple(p for p in parent if isinstance(p, str)))
            if owner is None or path[-1] not in owner.REQUIRED:
                break
            path = parent
        result.add(path)
    return result


def _clean(value: Any, path: KeyPath, invalid: set[KeyPath]) -> Any:
    if path in invalid:
        return _DROP
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            cleaned = _clean(item, (*path, key), invalid)
            if cleaned is not _DROP:
                out[key] = cleaned
        return out
    if isinstance(value, list):
        return [
            c for i, v in enumerate(value) if (c := _clean(v, (*path, i), invalid)) is not _DROP
        ]
    return value


def _raw_path(raw: Any, path: KeyPath, dropped: set[KeyPath]) -> KeyPath:
    """The path in ``raw`` of the node at ``path`` in ``raw`` cleaned of ``dropped``: list
    indices shift when items before them were dropped."""
    out: list[str | int] = []
    node = raw
    for part in path:
        if isinstance(part, int) and isinstance(node, list):
            kept = [i for i in range(len(node)) if (*out, i) not in dropped]
            if part >= len(kept):
                break
            part = kept[part]
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            node = None
        out.append(part)
    return tuple(out)


def attach_sources(obj: Record, raw: Any, source: Source, invalid: set[KeyPath]) -> None:
    """Give ``obj`` and every record inside it its ``source``. ``raw`` is the data ``obj`` was
    built from, before the nodes in ``invalid`` (absolute paths) were dropped."""
    obj.source = source
    nested = type(obj).NESTED
    if not nested or not isinstance(raw, dict):
        return
    file, base = source.file, source.path
    for name in nested:
        value = getattr(obj, name)
        raw_value = raw.get(name)
        path = (*base, name)
        if isinstance(value, Record):
            attach_sources(value, raw_value, Source(file, path), invalid)
        elif isinstance(value, list) and value and isinstance(raw_value, list):
            # The record's list is the file's list minus the invalid items, in order.
            kept = [i for i in range(len(raw_value)) if (*path, i) not in invalid]
            for index, item in zip(kept, value, strict=False):
                if isinstance(item, Record):  # not the text items of a list that mixes both
                    attach_sources(item, raw_value[index], Source(file, (*path, index)), invalid)


def _safety_net(doc: Document, path: KeyPath, message: str) -> None:
    """The rare value the JSON Schema allows but the checks do not (JSON Schema counts 2.0 as
    an integer), or a check across values no schema can state (a ``covers`` that ends
    before it starts, a vendor report dated the wrong way for its type): never drop an
    object without saying why, or which object it was."""
    from soccheck.load.validation import subject_at

    line, column = doc.position(path)
    doc.findings.append(SCHEMA.finding(doc.path, line, column, message, subject_at(doc.data, path)))


def build_record(
    cls: type[R],
    doc: Document,
    path: KeyPath,
    invalid: set[KeyPath],
    data: Any = _DROP,
    *,
    builder_for: BuilderFor,
) -> R | None:
    """Build the record at ``path`` of ``doc`` with the checks ``builder_for`` gives, skipping
    the ``invalid`` nodes (absolute paths); None when the object itself is invalid."""
    raw = doc.data if data is _DROP else data
    builder = builder_for(cls)
    relative = {p[len(path) :] for p in invalid if p[: len(path)] == path}
    for _ in range(_MAX_REBUILDS):
        relative = _escalate(cls, relative) if relative else relative
        if () in relative:
            return None
        cleaned = _clean(raw, (), relative) if relative else raw
        try:
            obj: R = builder(cleaned, doc.path, path)
        except Invalid as problem:
            rejected = _raw_path(raw, problem.path[len(path) :], relative)
            _safety_net(doc, (*path, *rejected), problem.message)
            relative = relative | {_raw_path(raw, problem.drop[len(path) :], relative)}
            continue
        if relative:
            attach_sources(obj, raw, Source(doc.path, path), {(*path, *p) for p in relative})
        return obj
    return None


def build_whole(cls: type[R], doc: Document) -> R | None:
    """The common case: a document the generated checks accept whole, built with no JSON
    Schema walk (None otherwise).

    The checks and the generated schema accept the same documents, except around nulls and
    floats (``Document.lossy``) and nodes the loader already rejected; those, and any document
    the checks reject, take the detailed path, which explains every problem.
    """
    if doc.lossy or doc.bad_paths or not isinstance(doc.data, dict):
        return None
    try:
        built: R = BUILDERS[cls](doc.data, doc.path, ())
    except Invalid:
        return None
    return built


# ---------------------------------------------------------------------------- the builders


def generated_builder(cls: type[Record]) -> Builder:
    """The generated checks of ``cls``, which build records without importing pydantic."""
    return BUILDERS[cls]
