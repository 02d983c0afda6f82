"""Load: 1,000 get_room calls, 50 in flight, over stdio and over HTTP, with site latency.

Each call asks for one of several rooms and checks that the answer is that room, so a reply
delivered to the wrong request would show. The server's resident memory is read from
/proc/PID/status before and after; the growth is printed and checked loosely.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from tests.conftest import Site, connect
from tests.test_http import http_client, http_server

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(120)]

CALLS = 1000
IN_FLIGHT = 50
ROOMS = 20
LATENCY_MS = 20
# Loose on purpose: caches, pools and the allocator settle during the first calls.
MAX_RSS_GROWTH = 0.5


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def rss_kib(pid: int) -> int:
    """Return a process's resident set size in KiB, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS line for process {pid}")


def server_child_pid() -> int:
    """Return the pid of the gensee-mcp process this test process started over stdio."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and any(part.endswith(b"/gensee-mcp") for part in command):
            found.append(int(entry.name))
    assert len(found) == 1, found
    return found[0]


async def create_rooms(client: Client) -> dict[str, str]:
    """Create the rooms the calls ask for; return their subjects by id."""
    rooms = {}
    for number in range(ROOMS):
        subject = f"Load room {number:02d}"
        result = await client.call_tool(
            "create_room", {"subject": subject, "startDate": f"2030-05-{number + 1:02d} 10:00"}
        )
        assert not result.is_error, result.content
        rooms[result.structured_content["roomId"]] = subject
    return rooms


async def run_calls(client: Client, rooms: dict[str, str]) -> tuple[int, list[str], float]:
    """Make CALLS get_room calls, IN_FLIGHT at a time; return successes, problems, seconds."""
    ids = sorted(rooms)
    limiter = anyio.CapacityLimiter(IN_FLIGHT)
    answered: list[int] = []
    problems: list[str] = []

    async def one(index: int) -> None:
        room_id = ids[index % len(ids)]
        async with limiter:
            result = await client.call_tool("get_room", {"roomId": room_id})
        content = result.structured_content or {}
        if result.is_error:
            problems.append(f"call {index}: {result.content}")
        elif content.get("roomId") != room_id or content.get("subject") != rooms[room_id]:
            problems.append(f"call {index}: asked for {room_id}, got {content.get('roomId')}")
        else:
            answered.append(index)

    started = time.perf_counter()
    async with anyio.create_task_group() as group:
        for index in range(CALLS):
            group.start_soon(one, index)
    seconds = time.perf_counter() - started
    return len(answered), problems, seconds


async def measure(
    name: str, site: Site, client: Client, pid: int, warm: Callable[[], Awaitable[Any]]
) -> None:
    """Create rooms, warm up, run the load, and check and print the outcome."""
    rooms = await create_rooms(client)
    await warm()
    site.faults({"path": "*", "latency_ms": LATENCY_MS})
    site.reset_stats()
    before = rss_kib(pid)

    answered, problems, seconds = await run_calls(client, rooms)

    after = rss_kib(pid)
    requests = site.stats()["requests"]
    site.faults()
    growth = (after - before) / before
    print(
        f"\n{name}: {answered}/{CALLS} calls answered correctly, {IN_FLIGHT} in flight, "
        f"{LATENCY_MS} ms site latency, {seconds:.1f} s ({CALLS / seconds:.0f} calls/s), "
        f"{requests} site requests; server RSS {before} KiB before, {after} KiB after "
        f"({growth:+.1%})"
    )
    assert problems == []
    assert answered == CALLS
    assert requests == CALLS
    assert growth < MAX_RSS_GROWTH


async def test_load_over_stdio(site: Site) -> None:
    async with connect(site.env(GENSEE_TIMEOUT="10")) as client:
        pid = server_child_pid()

        async def warm() -> None:
            await client.call_tool("get_room", {"roomId": "room01"})

        await measure("stdio", site, client, pid, warm)


async def test_load_over_http(site: Site, tmp_path: Path) -> None:
    with http_server(site.env(GENSEE_TIMEOUT="10"), tmp_path) as server:
        async with http_client(server.url) as client:

            async def warm() -> None:
                await client.call_tool("get_room", {"roomId": "room01"})

            await measure("http", site, client, server.process.pid, warm)
