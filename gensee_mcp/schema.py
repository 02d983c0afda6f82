"""JSON schemas for tools: self-contained, with no `$ref`, `$defs` or nullable unions.

Several MCP clients reject or mangle `$ref` and top-level `anyOf`, so every schema is
flattened here once, when the server is built.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

_NULL = {"type": "null"}


SCHEMA_FILE = "schemas.json"


@functools.cache
def _stored() -> dict[str, dict[str, Any]]:
    """Read the schemas generated into the package, or {} when the file is absent."""
    try:
        text = resources.files("gensee_mcp").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    stored: dict[str, dict[str, Any]] = json.loads(text)
    return stored


def model_key(model: type[BaseModel]) -> str:
    """Return the key of a model's schema in the generated file."""
    return f"{model.__module__}.{model.__qualname__}"


def input_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Return the flattened schema of a tool's arguments, from the generated file if there.

    Building every schema at start-up costs about as much as the rest of the server's
    start; `python -m gensee_mcp.docs --write` stores them, and a test keeps them current.
    """
    stored = _stored().get("input", {}).get(model_key(model))
    return copy.deepcopy(stored) if stored is not None else build_input_schema(model)


def output_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Return the flattened schema of a tool's result, from the generated file if there."""
    stored = _stored().get("output", {}).get(model_key(model))
    return copy.deepcopy(stored) if stored is not None else build_output_schema(model)


def build_input_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Build the flattened schema of a tool's arguments."""
    schema = model.model_json_schema(mode="validation")
    flat: dict[str, Any] = flatten(schema, schema.get("$defs", {}), keep_descriptions=True)
    flat.pop("$defs", None)
    flat.pop("description", None)
    # Unknown arguments are still rejected with a message that names them; leaving the
    # keyword out of every schema keeps tools/list within its size budget.
    flat.pop("additionalProperties", None)
    # Required arguments first: they are what a reader of the schema needs to see.
    required = flat.get("required", [])
    properties = flat.get("properties", {})
    flat["properties"] = {
        **{name: properties[name] for name in required if name in properties},
        **{name: value for name, value in properties.items() if name not in required},
    }
    return flat


def build_output_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Build the flattened schema of a tool's result, without descriptions to save context."""
    schema = model.model_json_schema(mode="serialization", schema_generator=_ShallowLists)
    flat: dict[str, Any] = flatten(schema, schema.get("$defs", {}), keep_descriptions=False)
    flat.pop("$defs", None)
    properties = {
        name: _shallow(prop) for name, prop in _drop_required(flat.get("properties", {})).items()
    }
    return {"type": "object", "properties": properties}


class _ShallowLists(GenerateJsonSchema):
    """Describe a list of models as a list of objects without generating the models' schemas.

    Result schemas keep no defaults either. `_shallow` and `flatten` drop both anyway, and
    not generating them saves start-up time.
    """

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def list_schema(self, schema: core_schema.ListSchema) -> JsonSchemaValue:
        items = schema.get("items_schema")
        if items is not None and items["type"] == "model":
            return {"type": "array", "items": {"type": "object"}}
        return super().list_schema(schema)


def _shallow(node: dict[str, Any]) -> dict[str, Any]:
    """Describe a list of records as a list of objects, keeping tools/list small.

    Every result names each row's fields, and spelling them out again in every tool's
    result schema would cost context on each tools/list for little gain.
    """
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
        return {"type": "array", "items": {"type": "object"}}
    return node


def flatten(node: Any, defs: dict[str, Any], *, keep_descriptions: bool) -> Any:
    """Inline references and turn `X | None` unions into plain `X`."""
    if isinstance(node, list):
        return [flatten(item, defs, keep_descriptions=keep_descriptions) for item in node]
    if not isinstance(node, dict):
        return node

    node = dict(node)
    ref = node.pop("$ref", None)
    if ref is not None:
        target = defs[ref.rsplit("/", 1)[-1]]
        node = {**target, **node}
    options = node.get("anyOf")
    if options is not None:
        concrete = [option for option in options if option != _NULL]
        if len(concrete) == 1:
            del node["anyOf"]
            resolved = flatten(concrete[0], defs, keep_descriptions=keep_descriptions)
            node = {**resolved, **node}
    if node.get("default", 0) is None:
        del node["default"]

    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("title", "$defs"):
            continue
        if key in ("description", "default", "format") and not keep_descriptions:
            # Result schemas stay lean: clients use them to check types, not to explain.
            continue
        if key in ("properties",):
            result[key] = {
                name: flatten(child, defs, keep_descriptions=keep_descriptions)
                for name, child in value.items()
            }
        else:
            result[key] = flatten(value, defs, keep_descriptions=keep_descriptions)
    return result


def _drop_required(node: Any) -> Any:
    """Results leave out empty fields, so no result property is required."""
    if isinstance(node, list):
        return [_drop_required(item) for item in node]
    if isinstance(node, dict):
        return {key: _drop_required(value) for key, value in node.items() if key != "required"}
    return node
