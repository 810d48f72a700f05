"""Generate the published JSON Schemas from the pydantic models.

Only ``soccheck schema`` and the drift test import this module: at validation time soccheck reads
the generated files shipped in the package, so start-up never pays for schema generation.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from soccheck.format import models
from soccheck.format.schema import SCHEMA_FILES, SchemaName, schema_id

DRAFT = "https://json-schema.org/draft/2020-12/schema"


class _Generator(GenerateJsonSchema):
    """Describe what a YAML author may write, not what Python code may pass.

    An optional key is written by leaving it out, so ``null`` is never a valid value: it
    almost always comes from an empty ``key:`` line, which deserves a finding.
    """

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", 0) is None:
            del result["default"]
        return result


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(schema_generator=_Generator, ref_template="#/$defs/{model}")


def _ensure_titles(node: Any) -> None:
    """Editors show property titles in completion lists; pydantic drops them next to a $ref
    whose target has the same title, so put them back."""
    if isinstance(node, dict):
        for key, prop in node.get("properties", {}).items():
            if isinstance(prop, dict) and "title" not in prop:
                prop["title"] = key.replace("_", " ").title()
        for value in node.values():
            _ensure_titles(value)
    elif isinstance(node, list):
        for value in node:
            _ensure_titles(value)


def _evidence_one_of(schema: dict[str, Any]) -> None:
    evidence = schema["$defs"]["Evidence"]
    evidence["oneOf"] = [
        {"required": ["path"], "not": {"required": ["url"]}},
        {"required": ["url"], "not": {"required": ["path"]}},
    ]


def _with_header(name: SchemaName, title: str, body: dict[str, Any]) -> dict[str, Any]:
    header: dict[str, Any] = {"$schema": DRAFT, "$id": schema_id(name), "title": title}
    header.update({k: v for k, v in body.items() if k != "title"})
    return header


def generate() -> dict[str, dict[str, Any]]:
    """Return every published schema, keyed by file name."""
    system = _model_schema(models.SystemDescription)

    control_file = _model_schema(models.ControlFile)
    defs = control_file.pop("$defs")
    defs["ControlFile"] = control_file
    control: dict[str, Any] = {
        "description": "A control file: either `controls: [...]` or a single control mapping.",
        "type": "object",
        "if": {"required": ["controls"]},
        "then": {"$ref": "#/$defs/ControlFile"},
        "else": {"$ref": "#/$defs/Control"},
        "$defs": defs,
    }
    _evidence_one_of(control)

    config = _model_schema(models.Config)

    schemas: dict[SchemaName, dict[str, Any]] = {
        "system": _with_header("system", "soccheck system description", system),
        "control": _with_header("control", "soccheck control file", control),
        "config": _with_header("config", "soccheck configuration (soccheck.yaml)", config),
    }
    _ensure_titles(schemas)
    return {SCHEMA_FILES[name]: schema for name, schema in schemas.items()}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
