"""list_coursewares over the courseware sync, and what the listing tools and extras expose."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import Tool

from gensee_mcp.sandbox.config import SandboxConfig
from gensee_mcp.sandbox.embedded import start_embedded
from gensee_mcp.server import build_server
from gensee_mcp.settings import load_settings
from tests.conftest import Site, connect

pytestmark = pytest.mark.anyio

LISTING_TOOLS = ("list_rooms", "list_coursewares")
OFFLINE = {"GENSEE_SITE": "http://127.0.0.1:9", "GENSEE_LOGIN_NAME": "a", "GENSEE_PASSWORD": "b"}


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """Call a tool that must succeed and return its structured content."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


def offline_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    return {**env, **OFFLINE, **extra}


def nodes(schema: Any) -> list[dict[str, Any]]:
    """Return every object in a schema, depth first."""
    found = []
    if isinstance(schema, dict):
        found.append(schema)
        for value in schema.values():
            found += nodes(value)
    elif isinstance(schema, list):
        for value in schema:
            found += nodes(value)
    return found


async def test_listing_tools_schemas_are_flat() -> None:
    async with connect(offline_env()) as client:
        tools: dict[str, Tool] = {tool.name: tool for tool in (await client.list_tools()).tools}

    for name in LISTING_TOOLS:
        tool = tools[name]
        assert tool.title, name
        assert tool.description is not None
        assert 40 <= len(tool.description) <= 300, name
        annotations = tool.annotations
        assert annotations is not None
        assert annotations.read_only_hint is True
        # destructiveHint and idempotentHint only mean something for tools that write.
        assert annotations.destructive_hint is None
        assert annotations.idempotent_hint is None
        assert annotations.open_world_hint is False
        for prop, schema in tool.input_schema["properties"].items():
            assert schema.get("description"), f"{name}.{prop}"
            assert "type" in schema, f"{name}.{prop}"
        assert tool.output_schema is not None
        for schema in (tool.input_schema, tool.output_schema):
            assert schema["type"] == "object"
            for key in ("anyOf", "oneOf", "allOf"):
                assert key not in schema, name
            for node in nodes(schema):
                assert "$ref" not in node, name
                assert "$defs" not in node, name
    limit = tools["list_rooms"].input_schema["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 100, 20)


async def test_extras_follow_toolsets_and_read_only() -> None:
    async with connect(offline_env(GENSEE_TOOLSETS="courseware")) as client:
        courseware_resources = [
            str(item.uri) for item in (await client.list_resources()).resources
        ]
        courseware_prompts = (await client.list_prompts()).prompts
    async with connect(offline_env(GENSEE_READ_ONLY="true")) as client:
        read_only_tools = {tool.name for tool in (await client.list_tools()).tools}
        read_only_prompts = [prompt.name for prompt in (await client.list_prompts()).prompts]
    async with connect(offline_env(GENSEE_TOOLSETS="rooms")) as client:
        room_templates = [
            item.uri_template
            for item in (await client.list_resource_templates()).resource_templates
        ]

    assert courseware_resources == ["gensee://coursewares"]
    assert courseware_prompts == []
    assert set(LISTING_TOOLS) <= read_only_tools
    assert read_only_prompts == ["class_report"]
    assert room_templates == ["gensee://rooms/{roomId}"]


async def test_list_coursewares_newest_first(site: Site) -> None:
    async with connect(site.env()) as client:
        synced = await call(client, "sync_coursewares", allPages=True, maxItems=500)
        first = await call(client, "list_coursewares", limit=5)
        second = await call(client, "list_coursewares", limit=5, offset=5)
        result = await client.call_tool("list_coursewares", {"limit": 5})

    newest = sorted(
        synced["coursewares"],
        key=lambda item: (item["createTime"], item["coursewareId"]),
        reverse=True,
    )
    total = len(newest)
    assert total > 10
    assert first["total"] == total
    assert first["count"] == 5
    assert first["nextOffset"] == 5
    assert [item["coursewareId"] for item in first["coursewares"]] == [
        item["coursewareId"] for item in newest[:5]
    ]
    assert [item["coursewareId"] for item in second["coursewares"]] == [
        item["coursewareId"] for item in newest[5:10]
    ]
    assert first["coursewares"][0] == newest[0]
    text = result.content[0].text  # type: ignore[union-attr]
    assert text.startswith(f"Coursewares 1-5 of {total}, newest first. Pass offset 5 for more.\n")


async def test_list_coursewares_filters(site: Site) -> None:
    async with connect(site.env()) as client:
        synced = await call(client, "sync_coursewares", allPages=True, maxItems=500)
        by_room = await call(client, "list_coursewares", roomId="room01", limit=100)
        by_subject = await call(client, "list_coursewares", subject="ALGEBRA", limit=100)
        none = await call(client, "list_coursewares", subject="no such courseware")

    rows = synced["coursewares"]
    in_room = {item["coursewareId"] for item in rows if item.get("roomId") == "room01"}
    algebra = {item["coursewareId"] for item in rows if "algebra" in item["subject"].lower()}
    assert in_room
    assert {item["coursewareId"] for item in by_room["coursewares"]} == in_room
    assert by_room["total"] == len(in_room)
    assert algebra
    assert {item["coursewareId"] for item in by_subject["coursewares"]} == algebra
    assert none["total"] == 0
    assert none["coursewares"] == []


async def test_list_coursewares_needs_administrator(site: Site) -> None:
    env = site.env(GENSEE_LOGIN_NAME="teacher", GENSEE_PASSWORD="teacher123")
    async with connect(env) as client:
        result = await client.call_tool("list_coursewares", {})

    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert text.startswith(
        "list_coursewares failed: training/courseware/syn returned code 500 (business error)"
    )


async def test_list_coursewares_reads_newest_pages(tmp_path: Path) -> None:
    sandbox = start_embedded(SandboxConfig(extra_coursewares=1200))
    try:
        settings = load_settings(
            site=sandbox.base_url,
            login_name=sandbox.admin_login,
            password=sandbox.admin_password,
            catalog_path=str(tmp_path / "rooms.sqlite3"),
        )
        site_total = len(sandbox.site.store.coursewares)
        newest = max(
            sandbox.site.store.coursewares.values(), key=lambda item: (item.created_time, item.id)
        ).id
        async with Client(build_server(settings)) as client:
            listing = await call(client, "list_coursewares", limit=3)
    finally:
        sandbox.stop()

    # The newest 20 pages of 50: 19 full pages and the partly filled last one.
    scanned = 19 * 50 + (site_total % 50 or 50)
    assert site_total > 1000
    assert listing["total"] == scanned
    assert listing["coursewares"][0]["coursewareId"] == newest
    assert listing["note"] == (
        f"Only the newest {scanned} of {site_total} coursewares were searched; give startTime "
        "and endTime to reach older ones."
    )
