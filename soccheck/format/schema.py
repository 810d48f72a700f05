"""The generated JSON Schemas, shipped as package data.

The files in ``schemas/`` beside this module are written by ``python -m
soccheck.format.codegen`` (or ``soccheck schema --write``) and must never be edited by hand;
a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

from soccheck._version import SCHEMA_BASE_URL

SchemaName = Literal["system", "control", "config"]

SCHEMA_FILES: dict[SchemaName, str] = {
    "system": "system.schema.json",
    "control": "control.schema.json",
    "config": "config.schema.json",
}


def schema_id(name: SchemaName) -> str:
    """The stable ``$id`` of a schema: public API, changed only with a new major version."""
    return SCHEMA_BASE_URL + SCHEMA_FILES[name]


@cache
def load_schema(name: SchemaName) -> dict[str, Any]:
    # Beside this module, not through importlib.resources: see soccheck.format.catalog.
    text = (Path(__file__).with_name("schemas") / SCHEMA_FILES[name]).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
