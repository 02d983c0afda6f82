"""Resources, completions and prompts as an MCP client sees them over stdio."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import PromptReference, ResourceTemplateReference, TextResourceContents

from tests.conftest import Site, connect

pytestmark = pytest.mark.anyio

RESOURCES = {
    "gensee://rooms": "rooms",
    "gensee://coursewares": "coursewares",
}
TEMPLATES = {
    "gensee://rooms/{roomId}": "room",
    "gensee://rooms/{roomId}/coursewares": "room_coursewares",
    "gensee://coursewares/{coursewareId}": "courseware",
}
INVALID_PARAMS = -32602


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """Call a tool that must succeed and return its structured content."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def read(client: Client, uri: str) -> Any:
    """Read a JSON resource and return its parsed content."""
    result = await client.read_resource(uri)
    assert len(result.contents) == 1
    content = result.contents[0]
    assert isinstance(content, TextResourceContents)
    assert content.mime_type == "application/json"
    return json.loads(content.text)


async def test_resources_and_templates_listed(site: Site) -> None:
    async with connect(site.env()) as client:
        resources = (await client.list_resources()).resources
        templates = (await client.list_resource_templates()).resource_templates

    assert {str(item.uri): item.name for item in resources} == RESOURCES
    assert {item.uri_template: item.name for item in templates} == TEMPLATES
    for item in [*resources, *templates]:
        assert item.mime_type == "application/json"
        assert item.description
        assert item.title


async def test_rooms_resource_orders_upcoming_then_past(site: Site) -> None:
    async with connect(site.env()) as client:
        late = await call(client, "create_room", subject="Late", startDate="2031-03-02 09:00")
        early = await call(client, "create_room", subject="Early", startDate="2031-03-01 09:00")
        old = await call(client, "create_room", subject="Old", startDate="2025-01-01 09:00")
        older = await call(client, "create_room", subject="Older", startDate="2024-06-01 09:00")
        listing = await read(client, "gensee://rooms")

    order = [room["roomId"] for room in listing["rooms"]]
    assert order == [early["roomId"], late["roomId"], old["roomId"], older["roomId"]]
    assert listing["count"] == 4
    first = listing["rooms"][0]
    assert first["subject"] == "Early"
    assert first["startDate"] == "2031-03-01T09:00:00+08:00"
    assert first["status"] == "upcoming"
    assert listing["rooms"][2]["status"] == "ended"


async def test_rooms_resource_after_create_and_delete(site: Site) -> None:
    async with connect(site.env()) as client:
        room = await call(client, "create_room", subject="Short-lived", startDate="2031-03-03")
        before = await read(client, "gensee://rooms")
        await call(client, "delete_room", roomId=room["roomId"])
        after = await read(client, "gensee://rooms")

    assert [item["roomId"] for item in before["rooms"]] == [room["roomId"]]
    assert after["rooms"] == []
    assert after["count"] == 0


async def test_room_resource_reads_site(site: Site) -> None:
    async with connect(site.env()) as client:
        room = await call(
            client, "create_room", subject="Live details", startDate="2031-03-04 09:00", scene=1
        )
        details = await read(client, f"gensee://rooms/{room['roomId']}")
        demo = await read(client, "gensee://rooms/room06")
        listing = await call(client, "list_rooms")
        tool = await call(client, "get_room", roomId="room06")

    assert details["roomId"] == room["roomId"]
    assert details["subject"] == "Live details"
    assert details["teacherToken"] == room["teacherToken"]
    assert details["scene"] == 1
    assert details["status"] == "upcoming"
    # Reading a room the catalog did not have adds it.
    assert "room06" in [item["roomId"] for item in listing["rooms"]]
    for name in ("subject", "startDate", "number", "teacherJoinUrl", "studentToken"):
        assert demo[name] == tool[name], name


async def test_room_resource_unknown_id_not_found(site: Site) -> None:
    async with connect(site.env()) as client:
        with pytest.raises(MCPError) as raised:
            await client.read_resource("gensee://rooms/noSuchRoom")

    assert raised.value.error.code == INVALID_PARAMS
    assert raised.value.error.message == (
        "Room noSuchRoom was not found on the site (code 501, data does not exist). "
        "Room ids come from create_room, list_rooms or gensee://rooms."
    )


async def test_room_coursewares_resource(site: Site) -> None:
    async with connect(site.env()) as client:
        listing = await read(client, "gensee://rooms/room01/coursewares")
        tool = await call(client, "list_room_coursewares", roomId="room01")
        empty = await read(client, "gensee://rooms/room05/coursewares")

    assert listing["roomId"] == "room01"
    assert listing["count"] == tool["count"]
    assert listing["count"] > 0
    assert listing["coursewares"] == tool["coursewares"]
    assert empty["count"] == 0
    assert empty["coursewares"] == []


async def test_coursewares_resource_newest_first(site: Site) -> None:
    async with connect(site.env()) as client:
        listing = await read(client, "gensee://coursewares")
        synced = await call(client, "sync_coursewares", allPages=True, maxItems=500)
        one = await read(client, "gensee://coursewares/cw0001")

    ids = [item["coursewareId"] for item in listing["coursewares"]]
    assert sorted(ids) == sorted(item["coursewareId"] for item in synced["coursewares"])
    assert listing["count"] == len(ids)
    created = [item["createTime"] for item in listing["coursewares"]]
    assert created == sorted(created, reverse=True)
    assert one["coursewareId"] == "cw0001"
    assert one["roomId"]
    assert one["url"]


async def test_courseware_resource_unknown_id(site: Site) -> None:
    async with connect(site.env()) as client:
        with pytest.raises(MCPError) as raised:
            await client.read_resource("gensee://coursewares/cw9999")

    assert raised.value.error.code == INVALID_PARAMS
    assert raised.value.error.message == (
        "Courseware cw9999 was not found on the site (code 501, data does not exist). "
        "Courseware ids come from list_coursewares or gensee://coursewares."
    )


async def test_completions_offer_known_ids(site: Site) -> None:
    room_template = ResourceTemplateReference(uri="gensee://rooms/{roomId}")
    courseware_template = ResourceTemplateReference(uri="gensee://coursewares/{coursewareId}")
    async with connect(site.env()) as client:
        before = await client.complete(room_template, {"name": "roomId", "value": ""})
        room = await call(client, "create_room", subject="Completed", startDate="2031-03-05")
        room_id = room["roomId"]
        by_prefix = await client.complete(room_template, {"name": "roomId", "value": room_id[:2]})
        other_prefix = await client.complete(room_template, {"name": "roomId", "value": "zz~"})
        in_prompt = await client.complete(
            PromptReference(name="class_report"), {"name": "roomId", "value": ""}
        )
        await read(client, "gensee://coursewares")
        coursewares = await client.complete(
            courseware_template, {"name": "coursewareId", "value": "cw000"}
        )

    assert before.completion.values == []
    assert room_id in by_prefix.completion.values
    for value in by_prefix.completion.values:
        assert value.startswith(room_id[:2])
    assert other_prefix.completion.values == []
    assert in_prompt.completion.values == [room_id]
    assert "cw0001" in coursewares.completion.values
    for value in coursewares.completion.values:
        assert value.startswith("cw000")


async def test_prompts_listed_with_arguments(site: Site) -> None:
    async with connect(site.env()) as client:
        prompts = {prompt.name: prompt for prompt in (await client.list_prompts()).prompts}

    assert sorted(prompts) == ["class_report", "schedule_class"]
    schedule = [(arg.name, arg.required) for arg in prompts["schedule_class"].arguments or []]
    assert schedule == [
        ("subject", True),
        ("start", True),
        ("duration", True),
        ("audience", False),
    ]
    report = [(arg.name, arg.required) for arg in prompts["class_report"].arguments or []]
    assert report == [("roomId", True), ("startTime", False), ("endTime", False)]
    for prompt in prompts.values():
        assert prompt.title
        assert prompt.description
        for argument in prompt.arguments or []:
            assert argument.description, f"{prompt.name}.{argument.name}"


async def test_schedule_class_prompt_renders(site: Site) -> None:
    arguments = {
        "subject": "Grade 9 physics",
        "start": "2031-03-10 09:00",
        "duration": "45",
        "audience": "Grade 9",
    }
    async with connect(site.env()) as client:
        rendered = await client.get_prompt("schedule_class", arguments)

    assert len(rendered.messages) == 1
    assert rendered.messages[0].role == "user"
    text = rendered.messages[0].content.text  # type: ignore[union-attr]
    assert "- Subject: Grade 9 physics\n" in text
    assert "- Start: 2031-03-10 09:00 (a time without an offset is in the site's time " in text
    assert "- Duration: 45 minutes\n" in text
    assert "- Audience: Grade 9\n" in text
    assert (
        "1. Check the schedule: call list_rooms with startTime '2031-03-09T09:00:00' and "
        "endTime '2031-03-10T09:45:00'."
    ) in text
    assert (
        "3. Call create_room with subject 'Grade 9 physics', startDate '2031-03-10 09:00' and "
        "duration 45, and a description that names the audience (Grade 9)."
    ) in text
    assert "join URL" in text


async def test_class_report_prompt_renders(site: Site) -> None:
    async with connect(site.env()) as client:
        ranged = await client.get_prompt(
            "class_report",
            {"roomId": "room01", "startTime": "2031-03-01", "endTime": "2031-03-08"},
        )
        latest = await client.get_prompt("class_report", {"roomId": "room01"})

    text = ranged.messages[0].content.text  # type: ignore[union-attr]
    assert text.startswith(
        "Write a report on the class held in room room01 between 2031-03-01 and 2031-03-08."
    )
    assert (
        "2. Call export_attendance, export_qa, export_rollcall, export_votes and export_chat, "
        "each with roomId 'room01', startTime '2031-03-01' and endTime '2031-03-08'."
    ) in text
    for section in ("Attendance:", "Questions:", "Roll calls:", "Votes:", "Chat:"):
        assert section in text
    latest_text = latest.messages[0].content.text  # type: ignore[union-attr]
    assert latest_text.startswith(
        "Write a report on the class held in room room01 in its most recent session."
    )
    assert "each with roomId 'room01'. If a result" in latest_text


async def test_prompt_arguments_are_checked(site: Site) -> None:
    cases = [
        ("schedule_class", {"subject": "Physics"}, "Missing required arguments: "),
        (
            "schedule_class",
            {"subject": "Physics", "start": "2031-01-11 09:00:00", "duration": "an hour"},
            "Invalid arguments for prompt schedule_class; nothing was sent to the site. Fix "
            "these and call again:\n- duration: Input should be a valid integer, unable to "
            "parse string as an integer (got 'an hour')",
        ),
        (
            "class_report",
            {"roomId": "room01", "startTime": "2031-03-05", "endTime": "2031-03-01"},
            "Invalid arguments for prompt class_report; nothing was sent to the site. Fix "
            "these and call again:\n- arguments: endTime must not be before startTime",
        ),
        ("missing_prompt", {}, "Unknown prompt: missing_prompt"),
    ]
    async with connect(site.env()) as client:
        for name, arguments, message in cases:
            with pytest.raises(MCPError) as caught:
                await client.get_prompt(name, arguments)
            assert caught.value.error.code == INVALID_PARAMS, name
            assert caught.value.error.message.startswith(message), name
        # The server still answers after the refusals.
        assert len((await client.list_prompts()).prompts) == 2
