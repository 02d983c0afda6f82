"""The room catalog under stress: a killed server, two servers on one file, kept settings."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from gensee_mcp.sandbox.config import FaultRule
from gensee_mcp.sandbox.embedded import start_embedded
from gensee_mcp.server import build_server
from gensee_mcp.settings import load_settings
from tests.conftest import BIN, Site, connect

pytestmark = pytest.mark.anyio

BURST = 60
KILL_AFTER = 12
STAGGER_S = 0.01


def stored_rooms(path: Path) -> dict[str, tuple[Any, ...]]:
    """Read the catalog file directly: room id -> (subject, removed)."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT room_id, subject, removed FROM rooms").fetchall()
    return {row[0]: row[1:] for row in rows}


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


@asynccontextmanager
async def killable(env: dict[str, str], pid_file: Path) -> AsyncIterator[Client]:
    """Start gensee-mcp through a shell that records its process id, then exec's it."""
    script = f'echo $$ > "{pid_file}"; exec "{BIN / "gensee-mcp"}"'
    parameters = StdioServerParameters(command="/bin/sh", args=["-c", script], env=env)
    async with Client(parameters, read_timeout_seconds=30) as client:
        yield client


async def test_sigkill_during_creates_keeps_acknowledged(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"
    pid_file = tmp_path / "server.pid"
    # Slow, staggered creates keep about ten calls and their catalog writes in flight
    # when the kill comes, and leave later calls unsent.
    site.faults({"path": "room/created", "latency_ms": 100})
    acknowledged: list[str] = []
    failed = 0

    async def create(client: Client, index: int) -> None:
        nonlocal failed
        await anyio.sleep(index * STAGGER_S)
        try:
            result = await client.call_tool(
                "create_room",
                {"subject": f"Burst {index:02d}", "startDate": f"2031-09-{1 + index % 28:02d}"},
            )
        except Exception:
            failed += 1
            return
        assert not result.is_error, result.content
        assert result.structured_content is not None
        acknowledged.append(result.structured_content["roomId"])
        if len(acknowledged) == KILL_AFTER:
            os.kill(int(pid_file.read_text()), signal.SIGKILL)

    env = site.env(GENSEE_CATALOG_PATH=str(path))
    with anyio.fail_after(60):
        try:
            async with killable(env, pid_file) as client, anyio.create_task_group() as group:
                for index in range(BURST):
                    group.start_soon(create, client, index)
        except Exception:
            # The client's transport fails once the server is gone; that is the point.
            pass

    assert len(acknowledged) >= KILL_AFTER
    assert failed > 0, "the kill came after every call had finished"
    assert integrity(path) == "ok"
    stored = stored_rooms(path)
    for room_id in acknowledged:
        assert room_id in stored
    async with connect(site.env(GENSEE_CATALOG_PATH=str(path))) as client:
        listing = await client.call_tool("list_rooms", {"limit": 100})
    assert listing.structured_content is not None
    assert listing.structured_content["total"] == len(stored)


async def test_two_servers_share_one_file(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"
    env = site.env(GENSEE_CATALOG_PATH=str(path))
    created: list[str] = []

    async def create_many(client: Client, prefix: str) -> None:
        for index in range(10):
            result = await client.call_tool(
                "create_room",
                {"subject": f"{prefix} {index}", "startDate": f"2031-10-{1 + index:02d} 09:00"},
            )
            assert result.structured_content is not None, result.content
            created.append(result.structured_content["roomId"])

    async with connect(env) as first, connect(env) as second:
        async with anyio.create_task_group() as group:
            group.start_soon(create_many, first, "First server")
            group.start_soon(create_many, second, "Second server")
        seen_by_first = await first.call_tool("list_rooms", {"limit": 100})

    assert integrity(path) == "ok"
    assert sorted(stored_rooms(path)) == sorted(created)
    assert seen_by_first.structured_content is not None
    assert seen_by_first.structured_content["total"] == 20


async def test_update_sends_kept_settings_to_site(tmp_path: Path) -> None:
    sandbox = start_embedded()
    try:
        settings = load_settings(
            site=sandbox.base_url,
            login_name=sandbox.admin_login,
            password=sandbox.admin_password,
            catalog_path=str(tmp_path / "rooms.sqlite3"),
        )
        async with Client(build_server(settings)) as client:
            created = await client.call_tool(
                "create_room",
                {
                    "subject": "Kept on the site",
                    "startDate": "2031-11-01 09:00:00",
                    "duration": 75,
                    "scene": 1,
                    "uiMode": 2,
                    "uiColor": "green",
                    "speakerInfo": "Dr. Example",
                },
            )
            assert created.structured_content is not None
            room_id = created.structured_content["roomId"]
            updated = await client.call_tool(
                "update_room", {"roomId": room_id, "subject": "Still kept on the site"}
            )
            assert not updated.is_error, updated.content
            changed = await client.call_tool("update_room", {"roomId": room_id, "duration": 30})
            assert not changed.is_error, changed.content
            room = sandbox.site.store.rooms[room_id]
            kept = (room.subject, room.duration, room.scene, room.ui_mode, room.ui_color)
            speaker = room.speaker_info
    finally:
        sandbox.stop()

    assert kept == ("Still kept on the site", 30, 1, 2, "green")
    assert speaker == "Dr. Example"


async def test_concurrent_updates_keep_both_settings(tmp_path: Path) -> None:
    sandbox = start_embedded()
    # Slow modify calls make the two updates overlap in time.
    sandbox.site.faults.set_rules([FaultRule(path="room/modify", latency_ms=50)])
    try:
        settings = load_settings(
            site=sandbox.base_url,
            login_name=sandbox.admin_login,
            password=sandbox.admin_password,
            catalog_path=str(tmp_path / "rooms.sqlite3"),
        )
        async with Client(build_server(settings)) as client:
            created = await client.call_tool(
                "create_room",
                {"subject": "Two editors", "startDate": "2031-11-02 09:00:00", "duration": 60},
            )
            assert created.structured_content is not None
            room_id = created.structured_content["roomId"]
            async with anyio.create_task_group() as group:
                group.start_soon(
                    client.call_tool, "update_room", {"roomId": room_id, "duration": 90}
                )
                group.start_soon(client.call_tool, "update_room", {"roomId": room_id, "scene": 1})
            room = sandbox.site.store.rooms[room_id]
            on_site = (room.duration, room.scene)
    finally:
        sandbox.stop()

    assert on_site == (90, 1)
