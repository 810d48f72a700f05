"""How files become records: the choices a load makes, in one object.

Loading a file takes three parts: a reader (text to a document), a shortcut that builds the
record of a document the checks accept whole, with no JSON Schema walk, and the checks that
build records from data pruned of what the JSON Schema rejected. Normal runs use ``DEFAULT``,
the fast parts. The tests assemble the slow, obviously correct reference path from the other
parts (the full reader for every file, the JSON Schema for every file, the pydantic models)
in ``tests/reference.py`` and compare the findings of the two.

A strategy holds only module-level functions, so it pickles (by name) to the worker
processes that read large programs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from soccheck.format.record_base import Record
from soccheck.load.build import BuilderFor, build_whole, generated_builder
from soccheck.load.fast_reader import load_fast
from soccheck.load.yaml_reader import Document, Reader

R = TypeVar("R", bound=Record)


class WholeBuilder(Protocol):
    def __call__(self, cls: type[R], doc: Document, /) -> R | None: ...


@dataclass(frozen=True)
class LoadStrategy:
    read: Reader
    """A file's text to its document: :func:`soccheck.load.fast_reader.load_fast`, or the
    full reader :func:`soccheck.load.yaml_reader.load_text`."""
    build_whole: WholeBuilder
    """The record of a whole document, built without the JSON Schema walk; None sends the
    file to validation with the JSON Schema, which explains every problem."""
    builder_for: BuilderFor
    """The checks that build a record class from data the JSON Schema walk pruned."""


DEFAULT = LoadStrategy(read=load_fast, build_whole=build_whole, builder_for=generated_builder)
"""The strategy of every run: the fast reader, the shortcut for files the generated checks
accept whole, and the generated checks."""
