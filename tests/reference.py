"""The reference path: the slow, obviously correct way to load a program, assembled from the
same parts as the fast path and compared with it (tests/test_fast_path.py).

Every file is read by the full YAML reader (never the fast subset reader), validated with the
JSON Schema even when the generated checks would accept it whole, and built with the pydantic
models the generated checks are generated from (``reference_builder`` below, which fails
loudly if the two disagree about a value).
"""

from __future__ import annotations

from typing import Any, TypeVar

from soccheck.format.record_base import KeyPath, Record, Source
from soccheck.format.records import BUILDERS
from soccheck.load.build import Builder, attach_sources
from soccheck.load.strategy import LoadStrategy
from soccheck.load.yaml_reader import Document, load_text

R = TypeVar("R", bound=Record)


def validate_every_file(cls: type[R], doc: Document, /) -> R | None:
    """Never takes the shortcut: every file goes through the JSON Schema walk, which the
    fast path skips for files the generated checks accept whole."""
    return None


def reference_builder(cls: type[Record]) -> Builder:
    """A builder that validates with the pydantic model of ``cls`` and converts the result.

    When the model rejects a value, the generated check must reject it too and explains it
    (so both paths word their findings alike); if it does not, the two disagree and the
    reference run fails loudly.
    """

    def build(data: object, file: str, path: KeyPath) -> Record:
        from pydantic import ValidationError

        from soccheck.format import models

        model: Any = getattr(models, cls.__name__)
        try:
            validated = model.model_validate(data)
        except ValidationError:
            BUILDERS[cls](data, file, path)  # raises Invalid with the message
            raise RuntimeError(
                f"the models reject {file} at {list(path)} but the records accept it"
            ) from None
        record = from_model(cls, validated)
        attach_sources(record, data, Source(file, path), set())
        return record

    return build


def from_model(cls: type[R], model: Any) -> R:
    """The record with the field values of a pydantic model object."""
    obj = cls.__new__(cls)
    obj.source = None
    for name in cls.FIELDS:
        value = getattr(model, name)
        inner = cls.NESTED.get(name)
        if inner is not None:
            if isinstance(value, list):
                # A list may mix text with objects (CSOCs): only the objects become records.
                value = [
                    from_model(inner, item) if not isinstance(item, str) else item for item in value
                ]
            elif value is not None:
                value = from_model(inner, value)
        setattr(obj, name, value)
    return obj


REFERENCE = LoadStrategy(
    read=load_text, build_whole=validate_every_file, builder_for=reference_builder
)
