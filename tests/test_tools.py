"""Every tool, called through the SDK's MCP client over stdio, against the sandbox over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from tests.conftest import Site, connect

pytestmark = pytest.mark.anyio


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """Call a tool that must succeed and return its structured content."""
    result = await client.call_tool(tool, arguments)
    text = result.content[0].text  # type: ignore[union-attr]
    assert not result.is_error, text
    assert result.structured_content is not None
    return result.structured_content


async def error_text(client: Client, tool: str, **arguments: Any) -> str:
    """Call a tool that must fail and return the text the assistant sees."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    assert result.structured_content is None
    text: str = result.content[0].text  # type: ignore[union-attr]
    return text


async def test_class_scheduler_chain(mcp: Client, site: Site) -> None:
    created = await call(
        mcp,
        "create_room",
        subject="Linear algebra, week 1",
        startDate="2027-01-11 09:00:00",
        invalidDate="2027-01-31T12:00:00+08:00",
        duration=90,
        teacherToken="t-111111",
        assistantToken="a-222222",
        studentToken="s-333333",
        scene=1,
    )
    room_id = created["roomId"]
    assert len(room_id) == 6
    assert created["subject"] == "Linear algebra, week 1"
    assert created["startDate"] == "2027-01-11T09:00:00+08:00"
    assert created["invalidDate"] == "2027-01-31T12:00:00+08:00"
    assert created["teacherToken"] == "t-111111"
    assert created["assistantToken"] == "a-222222"
    assert created["studentToken"] == "s-333333"
    assert created["webJoin"] is True
    assert created["clientJoin"] is True
    assert created["teacherJoinUrl"] == f"{site.url}/training/site/r/{created['number']}"
    assert created["studentJoinUrl"] == f"{site.url}/training/site/s/{created['number']}"

    read = await call(mcp, "get_room", roomId=room_id)
    assert read["subject"] == "Linear algebra, week 1"
    assert read["startDate"] == "2027-01-11T09:00:00+08:00"
    assert read["number"] == created["number"]

    moved = await call(mcp, "update_room", roomId=room_id, startDate="2027-01-12T10:30:00+08:00")
    assert moved["startDate"] == "2027-01-12T10:30:00+08:00"
    after_move = await call(mcp, "get_room", roomId=room_id)
    assert after_move["startDate"] == "2027-01-12T10:30:00+08:00"
    assert after_move["subject"] == "Linear algebra, week 1"
    assert after_move["invalidDate"] == "2027-01-31T12:00:00+08:00"
    assert after_move["teacherToken"] == "t-111111"
    assert after_move["assistantToken"] == "a-222222"
    assert after_move["studentToken"] == "s-333333"

    warmup = await call(mcp, "create_warmup", name="Countdown", recordId=81000018, mode=2)
    assert warmup["name"] == "Countdown"
    assert warmup["recordId"] == "81000018"
    assert warmup["mode"] == 2
    attached = await call(mcp, "attach_warmup", roomId=room_id, warmupId=warmup["warmupId"])
    assert attached == {"roomId": room_id, "warmupId": warmup["warmupId"], "attached": True}
    document = await call(mcp, "attach_document", roomId=room_id, docId=72000004)
    assert document == {"roomId": room_id, "docId": "72000004", "attached": True}
    records = await call(
        mcp, "attach_playback_records", roomId=room_id, recordIds=[81000001, 81000002]
    )
    assert records == {"roomId": room_id, "recordIds": ["81000001", "81000002"], "attached": True}

    detached = await call(mcp, "detach_warmup", roomId=room_id, warmupId=warmup["warmupId"])
    assert detached["attached"] is False
    assert (await call(mcp, "detach_document", roomId=room_id, docId=72000004))[
        "attached"
    ] is False
    removed = await call(mcp, "detach_playback_records", roomId=room_id, recordIds=[81000002])
    assert removed == {"roomId": room_id, "recordIds": ["81000002"], "attached": False}

    for tool, key in (
        ("export_attendance", "attendance"),
        ("export_qa", "questions"),
        ("export_rollcall", "rollcalls"),
        ("export_votes", "votes"),
        ("export_chat", "messages"),
    ):
        report = await call(mcp, tool, roomId=room_id)
        assert report["roomId"] == room_id
        assert report["count"] == 0
        assert report["total"] == 0
        assert report[key] == []

    deleted = await call(mcp, "delete_room", roomId=room_id)
    assert deleted == {"roomId": room_id, "deleted": True}
    gone = await error_text(mcp, "get_room", roomId=room_id)
    assert gone == (
        f"get_room failed: training/room/info returned code 501 (data does not exist): "
        f"room {room_id} does not exist. The room id (roomId, from create_room or list_rooms) "
        "does not exist on the site. Check it and call again."
    )


async def test_past_start_is_warned_not_refused(mcp: Client) -> None:
    created = await call(
        mcp, "create_room", subject="Back-dated class", startDate="2020-01-06T09:00:00+08:00"
    )
    warning = (
        "The start time 2020-01-06T09:00:00+08:00 has already passed; check the date and "
        "the time zone."
    )
    assert created["warnings"][0] == warning
    moved = await call(
        mcp, "update_room", roomId=created["roomId"], startDate="2020-01-07 09:00:00"
    )
    assert moved["warnings"][0] == warning.replace("01-06", "01-07")
    later = await call(
        mcp, "update_room", roomId=created["roomId"], startDate="2040-01-07 09:00:00"
    )
    assert not any("already passed" in text for text in later["warnings"])


async def test_update_room_names_clash_with_kept_settings(mcp: Client, site: Site) -> None:
    late = await error_text(mcp, "update_room", roomId="room01", startDate="2027-06-01 09:00:00")
    assert late.startswith(
        "Invalid arguments for update_room: with the room's current settings kept, "
        "invalidDate must not be before startDate (the room expires at "
    )
    assert late.endswith("); give a new invalidDate too")
    clash = await error_text(mcp, "update_room", roomId="room02", studentToken="111001")
    assert clash == (
        "Invalid arguments for update_room: with the room's current settings kept, "
        "teacherToken and studentToken must differ: the four join tokens must be distinct; "
        "choose another value for one of them"
    )
    assert site.stats()["by_path"].get("/integration/site/training/room/modify", 0) == 0


async def test_demo_rooms_and_coursewares(mcp: Client, site: Site) -> None:
    room = await call(mcp, "get_room", roomId="room01")
    assert room["subject"] == "Algebra I: linear equations"
    assert room["number"] == "30000001"
    assert room["teacherToken"] == "111000"
    assert room["assistantToken"] == "222000"
    assert room["studentToken"] == "333000"
    assert room["studentClientToken"] == "444000"

    listing = await call(mcp, "list_room_coursewares", roomId="room01")
    assert listing["count"] == 4
    assert [item["coursewareId"] for item in listing["coursewares"]] == [
        "cw0001",
        "cw0002",
        "cw0003",
        "cw0009",
    ]
    # The site leaves the coursewares key out for a room without recordings.
    assert await call(mcp, "list_room_coursewares", roomId="room05") == {
        "roomId": "room05",
        "count": 0,
        "coursewares": [],
    }

    courseware = await call(mcp, "get_courseware", coursewareId="cw0001")
    assert courseware["subject"] == "Algebra I: linear equations, session 1"
    assert courseware["roomId"] == "room01"
    assert courseware["url"] == f"{site.url}/training/site/v/{courseware['number']}"
    assert courseware["creator"] == "10001"


async def test_paged_syncs(mcp: Client) -> None:
    records = await call(mcp, "sync_records", maxItems=50)
    assert records["page"] == {"pageNo": 1, "totalPages": 1, "totalCounts": 20}
    assert records["count"] == 20
    assert records["truncated"] is False
    created = [item["createdTime"] for item in records["records"]]
    assert created == sorted(created)

    coursewares = await call(mcp, "sync_coursewares", maxItems=3)
    assert coursewares["page"] == {"pageNo": 1, "totalPages": 1, "totalCounts": 14}
    assert coursewares["count"] == 3
    assert coursewares["truncated"] is True
    assert coursewares["note"] == (
        "Showing 3 of the 14 rows of page 1; pass maxItems 14 to see the whole page."
    )

    documents = await call(mcp, "sync_documents")
    assert documents["page"] == {"pageNo": 1, "totalPages": 1, "totalCounts": 6}
    assert [item["docId"] for item in documents["documents"]] == [
        f"7200000{number}" for number in range(1, 7)
    ]
    assert [item["upload"] for item in documents["documents"]] == [
        True,
        False,
        True,
        False,
        True,
        False,
    ]


async def test_demo_exports(mcp: Client) -> None:
    attendance = await call(mcp, "export_attendance", roomId="room01")
    assert attendance["total"] == 11
    assert attendance["count"] == 11
    joins = [row["joinTime"] for row in attendance["attendance"]]
    assert joins == sorted(joins)
    assert {row["uid"] for row in attendance["attendance"]} >= {"20022", "20024"}

    questions = await call(mcp, "export_qa", roomId="room01")
    assert questions["total"] == 5
    texts = [row["question"] for row in questions["questions"]]
    # The site sends this question with a raw newline inside the JSON string.
    assert "Is the homework due on Friday?\nI could not find the date." in texts

    rollcall = await call(mcp, "export_rollcall", roomId="room01")
    assert rollcall["total"] == 1
    first = rollcall["rollcalls"][0]
    assert (first["total"], first["present"], first["absent"]) == (11, 9, 2)
    assert sum(1 for user in first["users"] if user["present"]) == 9

    votes = await call(mcp, "export_votes", roomId="room01")
    assert votes["total"] == 1
    assert votes["votes"][0]["subject"] == "End-of-class survey"
    options = votes["votes"][0]["questions"][0]["options"]
    assert [option["value"] for option in options] == ["Too fast", "Just right", "Too slow"]
    assert [option["percentage"] for option in options] == [71.43, 0.0, 28.57]

    chat = await call(mcp, "export_chat", roomId="room01")
    assert chat["total"] == 10
    assert chat["messages"][0]["msg"] == "Hello everyone!"
    assert chat["messages"][0]["receiver"] == "Everyone"


async def test_views_and_room_usage(mcp: Client) -> None:
    listed = await call(mcp, "sync_documents")
    newest = listed["documents"][-1]["createdTime"]
    day = newest[:10]
    views = await call(mcp, "export_courseware_views", date=day, maxItems=50)
    assert views["page"]["pageNo"] == 1
    assert views["page"]["totalCounts"] == 120
    assert views["page"]["totalPages"] == 3
    assert views["count"] == 50

    every = await call(mcp, "export_courseware_views", date=day, allPages=True, maxItems=500)
    assert every["count"] == 120
    assert every["throughPage"] == 3
    assert every["truncated"] is False

    usage = await call(
        mcp,
        "export_room_usage",
        startTime=f"{day}T00:00:00+08:00",
        endTime=f"{day}T23:59:59+08:00",
    )
    assert usage["startTime"] == f"{day}T00:00:00+08:00"
    assert usage["endTime"] == f"{day}T23:59:59+08:00"
    assert usage["total"] == usage["count"]


async def test_courseware_and_admin_writes(mcp: Client, site: Site) -> None:
    renamed = await call(mcp, "update_courseware", coursewareId="cw0003", subject="Session 3")
    assert renamed["subject"] == "Session 3"
    after = await call(mcp, "get_courseware", coursewareId="cw0003")
    assert after["subject"] == "Session 3"
    # The viewing token is read back and sent again, so renaming keeps it.
    assert after["token"] == "246810"

    assert await call(mcp, "delete_courseware", coursewareId="cw0002") == {
        "coursewareId": "cw0002",
        "deleted": True,
    }
    assert "cw0002" not in [
        item["coursewareId"]
        for item in (await call(mcp, "list_room_coursewares", roomId="room01"))["coursewares"]
    ]

    teacher = await call(
        mcp,
        "create_teacher",
        teacherLoginName="new.teacher",
        teacherPassword="pass1234",
        name="New",
    )
    assert teacher == {"teacherLoginName": "new.teacher", "name": "New", "created": True}

    warmup = await call(mcp, "create_warmup", name="Intro loop", recordId=81000017)
    assert warmup["mode"] == 1
    changed = await call(
        mcp, "update_warmup", warmupId=warmup["warmupId"], name="Intro loop v2", mode=3
    )
    assert changed == {"warmupId": warmup["warmupId"], "name": "Intro loop v2", "mode": 3}

    document = await call(
        mcp,
        "transcode_document",
        resourceUrl="https://files.example.org/slides.pdf",
        name="Slides",
        callbackUrl="https://hooks.example.org/gensee",
    )
    assert len(document["coursewareId"]) == 6
    assert document["visitUrl"] == f"{site.url}/training/site/v/{document['coursewareCode']}"
    assert document["docId"] == "72000007"
    media = await call(
        mcp, "transcode_media", resourceUrl="https://files.example.org/intro.mp4", name="Intro"
    )
    assert media["recordId"] == "81000021"

    phone = await call(
        mcp,
        "configure_phone_conference",
        roomId="room06",
        siteName="acct",
        sitePassword="263-pass",
        callinSupport=True,
        callinNum="4001234567",
    )
    assert phone == {
        "roomId": "room06",
        "enabled": True,
        "callinSupport": True,
        "callinNum": "4001234567",
    }


async def test_text_content_stands_alone(mcp: Client) -> None:
    result = await mcp.call_tool("get_room", {"roomId": "room03"})
    text = result.content[0].text  # type: ignore[union-attr]
    headline = text.split("\n", 1)[0]
    assert headline.startswith(
        "Room 'Intro to Python (demo teacher)'. roomId room03, number 30000003, starts "
    )
    assert "Teacher joins at " in headline
    assert "with token 111002 (assistant token 222002)" in headline


async def test_teacher_account_sees_own_rooms_only(site: Site) -> None:
    env = site.env(GENSEE_LOGIN_NAME="teacher", GENSEE_PASSWORD="teacher123")
    async with connect(env) as client:
        own = await call(client, "get_room", roomId="room03")
        assert own["roomId"] == "room03"
        refused = await error_text(client, "sync_records")
    assert refused.startswith(
        "sync_records failed: training/record/syn returned code 500 (business error): "
    )
    assert refused.endswith(
        "The site refused the request. This is often a permission rule: the account may "
        "not be allowed this operation or this room."
    )
