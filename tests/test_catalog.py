"""The room catalog end to end: list_rooms, removal, overlap warnings, restarts and crashes."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from tests.conftest import Site, connect

pytestmark = pytest.mark.anyio

NO_DURATION = (
    "This room has no duration, so 60 minutes is assumed for it; give duration for an exact check."
)

RESET_BUT_DURATION = (
    "The site cannot report these settings, and this call did not give them, so they are now "
    "at the site's defaults: scene, uiMode, uiColor, uiWindow, uiVideo, upgrade, realtime, "
    "maxAttendees, speakerInfo, scheduleInfo, description."
)
RESET_ALL = RESET_BUT_DURATION.replace("defaults: scene", "defaults: duration, scene")


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """Call a tool that must succeed and return its structured content."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def create(client: Client, subject: str, start: str, **extra: Any) -> dict[str, Any]:
    """Create a room and return the create_room result."""
    return await call(client, "create_room", subject=subject, startDate=start, **extra)


def room_ids(listing: dict[str, Any]) -> list[str]:
    return [room["roomId"] for room in listing.get("rooms", [])]


async def test_list_rooms_shows_created_room(site: Site) -> None:
    async with connect(site.env()) as client:
        room = await create(client, "Algebra I", "2031-03-10 09:00:00", duration=90, scene=1)
        listing = await call(client, "list_rooms")
        result = await client.call_tool("list_rooms", {})

    assert listing["count"] == 1
    assert listing["total"] == 1
    assert listing["offset"] == 0
    assert "nextOffset" not in listing
    listed = listing["rooms"][0]
    assert listed["roomId"] == room["roomId"]
    assert listed["number"] == room["number"]
    assert listed["subject"] == "Algebra I"
    assert listed["startDate"] == "2031-03-10T09:00:00+08:00"
    assert listed["endDate"] == "2031-03-10T10:30:00+08:00"
    assert listed["duration"] == 90
    assert listed["scene"] == 1
    assert listed["status"] == "upcoming"
    assert listed["removed"] is False
    assert listed["teacherJoinUrl"] == room["teacherJoinUrl"]
    assert listed["studentJoinUrl"] == room["studentJoinUrl"]
    text = result.content[0].text  # type: ignore[union-attr]
    assert text.startswith("Rooms 1-1 of 1, by start time.\n")


async def test_deleted_room_is_marked_removed(site: Site) -> None:
    async with connect(site.env()) as client:
        kept = await create(client, "Kept class", "2031-03-11 09:00:00")
        gone = await create(client, "Deleted class", "2031-03-12 09:00:00")
        await call(client, "delete_room", roomId=gone["roomId"])
        default = await call(client, "list_rooms")
        everything = await call(client, "list_rooms", includeRemoved=True)

    assert room_ids(default) == [kept["roomId"]]
    assert room_ids(everything) == [kept["roomId"], gone["roomId"]]
    removed = everything["rooms"][1]
    assert removed["removed"] is True
    assert removed["status"] == "removed"


async def test_code_501_marks_room_removed(site: Site) -> None:
    async with connect(site.env()) as client:
        room = await create(client, "Vanishing class", "2031-03-13 09:00:00")
        site.reset()  # The demo reset deletes every room this test created.
        result = await client.call_tool("get_room", {"roomId": room["roomId"]})
        default = await call(client, "list_rooms")
        everything = await call(client, "list_rooms", includeRemoved=True)

    assert result.is_error
    assert default["total"] == 0
    assert everything["rooms"][0]["roomId"] == room["roomId"]
    assert everything["rooms"][0]["removed"] is True


async def test_overlap_warnings_exact_text(site: Site) -> None:
    async with connect(site.env()) as client:
        algebra = await create(client, "Algebra", "2031-03-10 09:00:00", duration=90)
        biology = await create(client, "Biology", "2031-03-10 10:00:00")
        chemistry = await create(client, "Chemistry", "2031-03-10 10:30:00", duration=30)
        separate = await create(client, "Drawing", "2031-03-10 12:00:00", duration=60)

    assert algebra["warnings"] == []
    assert biology["warnings"] == [
        f'The class time overlaps "Algebra" (roomId {algebra["roomId"]}), which starts '
        "2031-03-10T09:00:00+08:00 and lasts 90 minutes.",
        NO_DURATION,
    ]
    # Algebra ends at 10:30, when Chemistry starts, so only Biology's assumed hour overlaps.
    assert chemistry["warnings"] == [
        f'The class time overlaps "Biology" (roomId {biology["roomId"]}), which starts '
        "2031-03-10T10:00:00+08:00 and has no known duration, so 60 minutes is assumed."
    ]
    assert separate["warnings"] == []


async def test_overlap_ignores_removed_and_itself(site: Site) -> None:
    async with connect(site.env()) as client:
        first = await create(client, "Morning class", "2031-04-01 09:00:00", duration=60)
        await call(client, "delete_room", roomId=first["roomId"])
        second = await create(client, "Morning class again", "2031-04-01 09:00:00", duration=60)
        moved = await call(
            client, "update_room", roomId=second["roomId"], startDate="2031-04-01 09:30:00"
        )
        result = await client.call_tool(
            "update_room", {"roomId": second["roomId"], "subject": "Renamed"}
        )

    assert second["warnings"] == []
    assert [warning for warning in moved["warnings"] if "overlaps" in warning] == []
    text = result.content[0].text  # type: ignore[union-attr]
    assert "overlaps" not in text


async def test_update_warns_and_text_shows_warning(site: Site) -> None:
    async with connect(site.env()) as client:
        fixed = await create(client, "Fixed slot", "2031-05-01 14:00:00", duration=120)
        other = await create(client, "Other slot", "2031-05-02 14:00:00", duration=30)
        result = await client.call_tool(
            "update_room", {"roomId": other["roomId"], "startDate": "2031-05-01 15:00:00"}
        )

    warning = (
        f'The class time overlaps "Fixed slot" (roomId {fixed["roomId"]}), which starts '
        "2031-05-01T14:00:00+08:00 and lasts 120 minutes."
    )
    assert not result.is_error
    assert result.structured_content is not None
    # This server created the room, so the catalog knows every setting it was given
    # (duration) and left to the site (the rest): nothing is reset that was set.
    assert result.structured_content["warnings"] == [warning]
    assert f"Warning: {warning}" in result.content[0].text  # type: ignore[union-attr]


async def test_update_of_unknown_room_names_reset_settings(site: Site) -> None:
    async with connect(site.env()) as client:
        given = await call(client, "update_room", roomId="room07", duration=45)
        moved = await call(client, "update_room", roomId="room08", subject="Exam review, moved")

    assert given["warnings"] == [RESET_BUT_DURATION]
    assert moved["warnings"] == [RESET_ALL]


async def test_update_keeps_catalog_settings(site: Site) -> None:
    async with connect(site.env()) as client:
        room = await create(
            client, "Settings kept", "2031-06-01 09:00:00", duration=45, scene=1, uiMode=2
        )
        await call(client, "update_room", roomId=room["roomId"], subject="Settings still kept")
        listing = await call(client, "list_rooms", subject="still")

    listed = listing["rooms"][0]
    assert listed["subject"] == "Settings still kept"
    assert listed["duration"] == 45
    assert listed["scene"] == 1
    assert listed["endDate"] == "2031-06-01T09:45:00+08:00"


async def test_list_rooms_filters_and_pages(site: Site) -> None:
    async with connect(site.env()) as client:
        past = await create(client, "Old Geometry", "2025-01-06 09:00:00", duration=60)
        later = await create(client, "Geometry week 2", "2031-07-08 09:00:00", duration=60)
        sooner = await create(client, "Geometry week 1", "2031-07-01 09:00:00", duration=60)
        other = await create(client, "History", "2031-07-02 09:00:00", duration=60)

        upcoming = await call(client, "list_rooms")
        with_past = await call(client, "list_rooms", includePast=True)
        geometry = await call(client, "list_rooms", subject="GEOMETRY")
        window = await call(
            client, "list_rooms", startTime="2031-07-01T00:00:00+08:00", endTime="2031-07-03"
        )
        old_window = await call(
            client, "list_rooms", startTime="2025-01-01 00:00:00", endTime="2025-01-31 00:00:00"
        )
        page_one = await call(client, "list_rooms", includePast=True, limit=2)
        page_two = await call(client, "list_rooms", includePast=True, limit=2, offset=2)

    ids = {
        name: room["roomId"]
        for name, room in [("past", past), ("later", later), ("sooner", sooner), ("other", other)]
    }
    assert room_ids(upcoming) == [ids["sooner"], ids["other"], ids["later"]]
    assert room_ids(with_past) == [ids["past"], ids["sooner"], ids["other"], ids["later"]]
    assert room_ids(geometry) == [ids["sooner"], ids["later"]]
    assert room_ids(window) == [ids["sooner"], ids["other"]]
    # A startTime in the past lists ended rooms without includePast.
    assert room_ids(old_window) == [ids["past"]]
    assert old_window["rooms"][0]["status"] == "ended"
    assert room_ids(page_one) == [ids["past"], ids["sooner"]]
    assert page_one["total"] == 4
    assert page_one["nextOffset"] == 2
    assert room_ids(page_two) == [ids["other"], ids["later"]]
    assert "nextOffset" not in page_two


async def test_list_rooms_rejects_bad_arguments(site: Site) -> None:
    async with connect(site.env()) as client:
        reversed_window = await client.call_tool(
            "list_rooms", {"startTime": "2031-01-02", "endTime": "2031-01-01"}
        )
        too_many = await client.call_tool("list_rooms", {"limit": 101})

    assert reversed_window.is_error
    assert "endTime must not be before startTime" in reversed_window.content[0].text  # type: ignore[union-attr]
    assert too_many.is_error
    assert "limit" in too_many.content[0].text  # type: ignore[union-attr]


async def test_rooms_discovered_from_records(site: Site) -> None:
    async with connect(site.env()) as client:
        records = await call(client, "sync_records", allPages=True, maxItems=500)
        listing = await call(client, "list_rooms", includePast=True, limit=100)

    expected = sorted({row["roomId"] for row in records["records"] if row.get("roomId")})
    assert expected
    assert sorted(room_ids(listing)) == expected
    for room in listing["rooms"]:
        assert room["status"] == "unknown"
        assert "subject" not in room


async def test_read_fills_discovered_room(site: Site) -> None:
    now = datetime.now(UTC)
    async with connect(site.env()) as client:
        usage = await call(
            client,
            "export_room_usage",
            startTime=(now - timedelta(days=30)).isoformat(),
            endTime=now.isoformat(),
            maxItems=2000,
        )
        room_id = usage["sessions"][0]["roomId"]
        before = await call(client, "list_rooms", includePast=True, limit=100)
        room = await call(client, "get_room", roomId=room_id)
        after = await call(client, "list_rooms", includePast=True, limit=100)

    assert room_id in room_ids(before)
    listed = next(item for item in after["rooms"] if item["roomId"] == room_id)
    assert listed["subject"] == room["subject"]
    assert listed["startDate"] == room["startDate"]
    assert listed["status"] != "unknown"


async def test_catalog_survives_restart(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"
    async with connect(site.env(GENSEE_CATALOG_PATH=str(path))) as client:
        room = await create(client, "Persistent", "2031-08-01 09:00:00", duration=30)
    async with connect(site.env(GENSEE_CATALOG_PATH=str(path))) as client:
        listing = await call(client, "list_rooms")

    assert room_ids(listing) == [room["roomId"]]
    assert listing["rooms"][0]["duration"] == 30


async def test_list_rooms_date_alone_covers_the_day(site: Site) -> None:
    async with connect(site.env()) as client:
        morning = await create(client, "Day morning", "2031-03-10 09:00:00", duration=60)
        evening = await create(client, "Day evening", "2031-03-10 18:00:00", duration=60)
        await create(client, "Next day", "2031-03-11 09:00:00", duration=60)
        day = await call(client, "list_rooms", startTime="2031-03-10", endTime="2031-03-10")
        result = await client.call_tool("list_rooms", {"startTime": "2031-03-10", "offset": 9})

    assert room_ids(day) == [morning["roomId"], evening["roomId"]]
    assert result.content[0].text.split("\n")[0] == "No rooms at offset 9; 3 match in all."  # type: ignore[union-attr]


async def test_repeated_reads_skip_unchanged_writes(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"

    def last_seen() -> int:
        with sqlite3.connect(path) as db:
            row = db.execute("SELECT last_seen_ms FROM rooms WHERE room_id = 'room02'").fetchone()
        return int(row[0])

    async with connect(site.env(GENSEE_CATALOG_PATH=str(path))) as client:
        await call(client, "get_room", roomId="room02")
        first = last_seen()
        await call(client, "get_room", roomId="room02")
        assert last_seen() == first
        renamed = "Academic writing workshop, renamed"
        await call(client, "update_room", roomId="room02", subject=renamed)
        await call(client, "get_room", roomId="room02")
        listing = await call(client, "list_rooms", subject="renamed", includePast=True)

    assert last_seen() > first
    assert room_ids(listing) == ["room02"]


async def test_catalog_opened_lazily(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "rooms.sqlite3"
    async with connect(site.env(GENSEE_CATALOG_PATH=str(path))) as client:
        await client.list_tools()
        await client.list_resources()
        assert not path.parent.exists()
        await create(client, "Opens the file", "2031-08-02 09:00:00")
        assert path.exists()

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


async def test_damaged_catalog_warns_not_fails(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"
    path.write_bytes(b"this is not a SQLite database" * 100)
    async with connect(site.env(GENSEE_CATALOG_PATH=str(path))) as client:
        room = await create(client, "Created anyway", "2031-08-03 09:00:00")
        listing = await client.call_tool("list_rooms", {})

    assert room["roomId"]
    assert len(room["warnings"]) == 1
    assert room["warnings"][0].startswith(
        f"The room catalog was not updated, so list_rooms may miss this: room catalog {path}: "
    )
    assert room["warnings"][0].endswith(
        "If the file is damaged, delete it; the server builds a new one as it meets rooms again."
    )
    assert listing.is_error
    assert "If the file is damaged, delete it" in listing.content[0].text  # type: ignore[union-attr]


async def test_sandbox_catalog_is_temporary(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    env["TMPDIR"] = str(tmp_path)
    async with connect(env, "--sandbox") as client:
        await create(client, "Sandbox class", "2031-08-04 09:00:00")
        folders = list(tmp_path.glob("gensee-mcp-sandbox-*"))
        assert len(folders) == 1
        assert (folders[0] / "rooms.sqlite3").exists()

    assert list(tmp_path.glob("gensee-mcp-sandbox-*")) == []
