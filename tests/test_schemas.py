"""The tool list as an MCP client sees it: names, schemas, annotations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from mcp.types import Tool

from tests.conftest import connect

pytestmark = pytest.mark.anyio

SPEC_ORDER = [
    "create_room",
    "update_room",
    "delete_room",
    "get_room",
    "list_room_coursewares",
    "get_courseware",
    "update_courseware",
    "delete_courseware",
    "create_teacher",
    "sync_records",
    "sync_coursewares",
    "create_warmup",
    "update_warmup",
    "attach_warmup",
    "detach_warmup",
    "attach_playback_records",
    "detach_playback_records",
    "export_attendance",
    "export_qa",
    "export_rollcall",
    "export_votes",
    "sync_documents",
    "attach_document",
    "detach_document",
    "export_courseware_views",
    "export_chat",
    "transcode_document",
    "transcode_media",
    "export_room_usage",
    "configure_phone_conference",
]

# Arguments that identify something are named for it, never plain `id` or `Id`.
ID_ARGUMENTS = {"roomId", "coursewareId", "warmupId", "recordId", "recordIds", "docId"}
CREDENTIAL_NAMES = {"loginName", "password", "sec"}


def offline_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    env.update(GENSEE_SITE="http://127.0.0.1:9", GENSEE_LOGIN_NAME="a", GENSEE_PASSWORD="b")
    return env


@pytest.fixture
async def tools() -> dict[str, Tool]:
    async with connect(offline_env()) as client:
        listed = await client.list_tools()
    return {tool.name: tool for tool in listed.tools}


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


async def test_all_operations_are_tools_in_spec_order(tools: dict[str, Tool]) -> None:
    assert [name for name in tools if name in SPEC_ORDER] == SPEC_ORDER


async def test_schemas_are_self_contained(tools: dict[str, Tool]) -> None:
    for name in SPEC_ORDER:
        tool = tools[name]
        for schema in (tool.input_schema, tool.output_schema):
            assert schema is not None, name
            assert schema["type"] == "object", name
            for key in ("anyOf", "oneOf", "allOf"):
                assert key not in schema, f"{name} has top-level {key}"
            for path, node in walk(schema):
                if isinstance(node, dict):
                    assert "$ref" not in node, f"{name}{path}"
                    assert "$defs" not in node, f"{name}{path}"


async def test_every_property_is_described(tools: dict[str, Tool]) -> None:
    for name in SPEC_ORDER:
        properties = tools[name].input_schema["properties"]
        for prop, schema in properties.items():
            assert schema.get("description"), f"{name}.{prop} has no description"
            assert "type" in schema, f"{name}.{prop} has no type"


async def test_no_credentials_and_named_ids(tools: dict[str, Tool]) -> None:
    for name in SPEC_ORDER:
        properties = set(tools[name].input_schema["properties"])
        assert not properties & CREDENTIAL_NAMES, name
        assert "id" not in properties, name
        assert "Id" not in properties, name
    assert "roomId" in tools["update_room"].input_schema["required"]
    assert "coursewareId" in tools["update_courseware"].input_schema["required"]
    assert "warmupId" in tools["update_warmup"].input_schema["required"]
    assert (
        tools["attach_playback_records"].input_schema["properties"]["recordIds"]["type"] == "array"
    )
    assert "docId" in tools["attach_document"].input_schema["required"]


async def test_spec_constraints_in_schema(tools: dict[str, Tool]) -> None:
    create = tools["create_room"].input_schema
    props = create["properties"]
    assert create["required"] == ["subject", "startDate"]
    assert list(props)[:2] == ["subject", "startDate"]
    assert (props["subject"]["minLength"], props["subject"]["maxLength"]) == (1, 250)
    assert (props["teacherToken"]["minLength"], props["teacherToken"]["maxLength"]) == (6, 15)
    assert (props["assistantToken"]["minLength"], props["assistantToken"]["maxLength"]) == (6, 15)
    assert props["studentToken"]["maxLength"] == 15
    assert props["uiMode"]["enum"] == [1, 2, 3, 4]
    assert props["uiColor"]["enum"] == ["default", "blue", "green"]
    assert props["scene"]["enum"] == [0, 1]
    teacher = tools["create_teacher"].input_schema["properties"]
    assert (
        teacher["teacherLoginName"]["minLength"],
        teacher["teacherLoginName"]["maxLength"],
    ) == (
        1,
        40,
    )
    assert (teacher["teacherPassword"]["minLength"], teacher["teacherPassword"]["maxLength"]) == (
        6,
        15,
    )
    views = tools["export_courseware_views"].input_schema["properties"]
    assert (views["hour"]["minimum"], views["hour"]["maximum"]) == (0, 23)
    assert tools["create_warmup"].input_schema["properties"]["mode"]["enum"] == [1, 2, 3]
    assert tools["sync_records"].input_schema["properties"]["pageNo"]["minimum"] == 1
    assert tools["export_room_usage"].input_schema["required"] == ["startTime", "endTime"]


async def test_titles_descriptions_annotations(tools: dict[str, Tool]) -> None:
    for name in SPEC_ORDER:
        tool = tools[name]
        assert tool.title, name
        assert tool.description and len(tool.description) >= 40, name
        annotations = tool.annotations
        assert annotations is not None, name
        assert annotations.read_only_hint is not None, name
        assert annotations.open_world_hint is not None, name
        # The specification gives these two meaning only for tools that are not read-only.
        if not annotations.read_only_hint:
            assert annotations.destructive_hint is not None, name
            assert annotations.idempotent_hint is not None, name


async def test_annotations_match_what_tools_do(tools: dict[str, Tool]) -> None:
    read_only = {name for name in SPEC_ORDER if tools[name].annotations.read_only_hint}  # type: ignore[union-attr]
    destructive = {name for name in SPEC_ORDER if tools[name].annotations.destructive_hint}  # type: ignore[union-attr]
    open_world = {name for name in SPEC_ORDER if tools[name].annotations.open_world_hint}  # type: ignore[union-attr]
    assert read_only == {
        "get_room",
        "list_room_coursewares",
        "get_courseware",
        "sync_records",
        "sync_coursewares",
        "export_attendance",
        "export_qa",
        "export_rollcall",
        "export_votes",
        "sync_documents",
        "export_courseware_views",
        "export_chat",
        "export_room_usage",
    }
    assert destructive == {
        "delete_room",
        "delete_courseware",
        "detach_warmup",
        "detach_playback_records",
        "detach_document",
    }
    assert open_world == {"transcode_document", "transcode_media"}


async def test_tool_list_fits_context_budget() -> None:
    async with connect(offline_env()) as client:
        listed = await client.list_tools()
    size = len(listed.model_dump_json(by_alias=True, exclude_none=True))
    assert size <= 32 * 1024
