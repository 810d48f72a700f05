"""The reference path: the slow, obviously correct way to load a program, assembled from the
same parts as the fast path and compared with it (tests/test_fast_path.py).

Every file is read by the full YAML reader (never the fast subset reader), validated with the
JSON Schema even when the generated checks would accept it whole, and built with the pydantic
models the generated checks are generated from (``build.reference_builder``, which fails
loudly if the two disagree about a value).
"""

from __future__ import annotations

from typing import TypeVar

from soccheck.format.record_base import Record
from soccheck.load.build import reference_builder
from soccheck.load.strategy import LoadStrategy
from soccheck.load.yaml_reader import Document, load_text

R = TypeVar("R", bound=Record)


def validate_every_file(cls: type[R], doc: Document, /) -> R | None:
    """Never takes the shortcut: every file goes through the JSON Schema walk, which the
    fast path skips for files the generated checks accept whole."""
    return None


REFERENCE = LoadStrategy(
    read=load_text, build_whole=validate_every_file, builder_for=reference_builder
)
