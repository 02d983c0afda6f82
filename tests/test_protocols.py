"""Both protocol eras of the SDK over stdio: the 2025-11-25 handshake and stateless 2026-07-28."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.types import TextContent

from tests.conftest import Site, connect

pytestmark = pytest.mark.anyio

ERAS = [("legacy", "2025-11-25"), ("auto", "2026-07-28")]
THREE_WEEKS = {
    "roomId": "room01",
    "startTime": "2026-11-01T00:00",
    "endTime": "2026-11-21T00:00",
}


@pytest.mark.parametrize(("mode", "version"), ERAS)
async def test_protocol_era_serves_everything(site: Site, mode: str, version: str) -> None:
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    async with connect(site.env(), mode=mode) as client:
        negotiated = client.protocol_version
        server_name = client.server_info.name if client.server_info else None
        tools = (await client.list_tools()).tools
        prompts = (await client.list_prompts()).prompts
        room = await client.call_tool("get_room", {"roomId": "room01"})
        missing = await client.call_tool("get_room", {"roomId": "nope"})
        invalid = await client.call_tool("get_room", {"room": "room01"})
        export = await client.call_tool(
            "export_attendance", THREE_WEEKS, progress_callback=on_progress
        )
        report = await client.get_prompt(
            "class_report",
            {"roomId": "room01", "startTime": "2026-11-01", "endTime": "2026-11-02"},
        )

    assert negotiated == version
    assert server_name == "gensee-mcp"
    names = [tool.name for tool in tools]
    assert names[:4] == ["create_room", "update_room", "delete_room", "get_room"]
    assert len(names) == len(set(names))
    assert [prompt.name for prompt in prompts] == ["schedule_class", "class_report"]

    assert room.is_error is False
    assert room.structured_content is not None
    assert room.structured_content["roomId"] == "room01"
    assert text_of(missing).startswith("get_room failed: training/room/info returned code 501")
    assert missing.is_error is True
    assert text_of(invalid).startswith("Invalid arguments for get_room; nothing was sent")
    assert invalid.is_error is True

    assert export.is_error is False
    assert export.structured_content is not None
    assert export.structured_content["count"] == 0
    assert updates == [(1, 3, "1 of 3 weeks"), (2, 3, "2 of 3 weeks"), (3, 3, "3 of 3 weeks")]
    assert "room01" in prompt_text(report.messages)


async def test_protocol_eras_list_same_tools(site: Site) -> None:
    listings: list[list[dict[str, Any]]] = []
    for mode, _ in ERAS:
        async with connect(site.env(), mode=mode) as client:
            tools = (await client.list_tools()).tools
        listings.append([tool.model_dump(mode="json", exclude_none=True) for tool in tools])

    assert listings[0] == listings[1]


def text_of(result: Any) -> str:
    return "\n".join(item.text for item in result.content if isinstance(item, TextContent))


def prompt_text(messages: Any) -> str:
    return "\n".join(
        message.content.text for message in messages if isinstance(message.content, TextContent)
    )
