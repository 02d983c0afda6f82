"""The six measurements of the benchmark, each against its floor."""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from harness import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    API_PREFIX,
    Sandbox,
    child_rss_kib,
    floor_server,
    gensee_server,
    session,
    time_to_tools_list,
    timed,
)
from mcp import Client
from mcp.types import CallToolResult

DAY_MS = 24 * 3600 * 1000


@dataclass
class Row:
    """One line of the result table: a measured value, its floor and the target ratio."""

    name: str
    ours: str
    floor: str
    ratio: float
    target: str
    met: bool


async def cold_start(sandbox: Sandbox, runs: int) -> Row:
    """Time spawn to tools/list, gensee-mcp against the one-tool server, interleaved."""
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(runs):
        floor.append(await time_to_tools_list(floor_server(sandbox.env())))
        ours.append(await time_to_tools_list(gensee_server(sandbox.env())))
    ratio = statistics.median(ours) / statistics.median(floor)
    return Row(
        "cold start, spawn to tools/list",
        f"{statistics.median(ours) * 1000:.0f} ms",
        f"{statistics.median(floor) * 1000:.0f} ms",
        ratio,
        "<= 1.25x",
        ratio <= 1.25,
    )


async def per_call(sandbox: Sandbox, calls: int) -> tuple[Row, Row, Row]:
    """Time get_room against a no-op tool plus a raw POST; count connections; measure RSS.

    The first 200 calls of each server count the site's TCP connections and warm up. The
    rest are timed, the three kinds interleaved one by one, so a change in the machine's
    load during the run affects all three alike.
    """
    form = {
        "roomId": "room01",
        "loginName": ADMIN_LOGIN,
        "password": hashlib.md5(ADMIN_PASSWORD.encode()).hexdigest(),
        "sec": "true",
    }
    ours: list[float] = []
    noop: list[float] = []
    raw: list[float] = []
    async with (
        session(gensee_server(sandbox.env())) as gensee,
        session(floor_server(sandbox.env())) as floor,
        httpx.AsyncClient(base_url=sandbox.url + API_PREFIX) as http,
    ):
        await gensee.list_tools()
        await floor.list_tools()
        rss_start = (child_rss_kib("gensee-mcp"), child_rss_kib("floor_server.py"))

        async def get_room() -> None:
            _check(await gensee.call_tool("get_room", {"roomId": "room01"}))

        async def call_noop() -> None:
            await floor.call_tool("noop", {})

        async def post() -> None:
            (await http.post("room/info", data=form)).raise_for_status()

        sandbox.control("POST", "stats/reset")
        await get_room()
        await call_noop()
        # The first call builds the HTTP pool and opens the room catalog, once per process.
        rss_first = (child_rss_kib("gensee-mcp"), child_rss_kib("floor_server.py"))
        for _ in range(199):
            await get_room()
            await call_noop()
        connections = int(sandbox.control("GET", "stats")["connections"])

        for _ in range(calls - 200):
            ours.append(await timed(get_room))
            noop.append(await timed(call_noop))
            raw.append(await timed(post))
        rss_end = (child_rss_kib("gensee-mcp"), child_rss_kib("floor_server.py"))

    floor_ms = (statistics.median(noop) + statistics.median(raw)) * 1000
    ours_ms = statistics.median(ours) * 1000
    overhead = Row(
        "per call, get_room vs no-op tool + raw POST",
        f"{ours_ms:.2f} ms",
        f"{floor_ms:.2f} ms",
        ours_ms / floor_ms,
        "<= 1.10x",
        ours_ms / floor_ms <= 1.10,
    )
    reuse = Row(
        "TCP connections for 200 tool calls",
        str(connections),
        "1",
        connections / 1,
        "<= 2 connections",
        connections <= 2,
    )
    growth = (rss_end[0] - rss_first[0]) / rss_first[0]
    ratios = [ours / floor for ours, floor in (rss_start, rss_first, rss_end)]
    memory = Row(
        f"RSS at start / after call 1 / after call {calls} (growth from call 1)",
        " / ".join(f"{rss[0] / 1024:.1f}" for rss in (rss_start, rss_first, rss_end))
        + f" MiB ({growth:+.1%})",
        " / ".join(f"{rss[1] / 1024:.1f}" for rss in (rss_start, rss_first, rss_end)) + " MiB",
        max(ratios),
        "<= 1.3x, growth <= 5%",
        max(ratios) <= 1.3 and growth <= 0.05,
    )
    return overhead, reuse, memory


async def bulk_sync(sandbox: Sandbox, concurrency: int, runs: int) -> Row:
    """Time allPages over 100 pages against a walk of 100 pageNo calls, 20 ms per request."""
    sandbox.control("POST", "faults", json=[{"path": "courseware/syn", "latency_ms": 20}])
    walk: list[float] = []
    bulk: list[float] = []
    env = sandbox.env(GENSEE_MAX_CONCURRENCY=str(concurrency))
    try:
        async with session(gensee_server(env)) as client:
            await client.list_tools()
            for _ in range(runs):
                walk.append(await timed(lambda: _walk_pages(client)))
                bulk.append(await timed(lambda: _all_pages(client)))
    finally:
        sandbox.control("DELETE", "faults")
    speedup = statistics.median(walk) / statistics.median(bulk)
    return Row(
        f"bulk sync of 100 pages, concurrency {concurrency}",
        f"{statistics.median(bulk):.2f} s",
        f"{statistics.median(walk):.2f} s",
        speedup,
        ">= 5x faster",
        speedup >= 5,
    )


async def _walk_pages(client: Client) -> None:
    rows = 0
    for page in range(1, 101):
        result = await client.call_tool("sync_coursewares", {"pageNo": page, "maxItems": 50})
        rows += len(_check(result)["coursewares"])
    if rows != 5000:
        raise RuntimeError(f"the page walk returned {rows} coursewares, not 5000")


async def _all_pages(client: Client) -> None:
    result = await client.call_tool("sync_coursewares", {"allPages": True, "maxItems": 5000})
    data = _check(result)
    if data["count"] != 5000 or data.get("failedPages"):
        raise RuntimeError(f"allPages returned {data['count']} coursewares")


async def context_size(sandbox: Sandbox) -> tuple[Row, Row, list[str]]:
    """Measure tools/list and the largest result of each tool called with required arguments."""
    demo = sandbox.control("GET", "demo")
    sizes: list[tuple[int, str]] = []
    errors: list[str] = []
    async with session(gensee_server(sandbox.env())) as client:
        listing = await client.list_tools()
        listing_bytes = len(listing.model_dump_json(by_alias=True, exclude_none=True))
        undescribed = [
            f"{tool.name}.{name}"
            for tool in listing.tools
            for name, prop in tool.input_schema.get("properties", {}).items()
            if not prop.get("description")
        ]
        for tool in listing.tools:
            sandbox.control("POST", "reset")
            arguments = _required_arguments(tool.input_schema, demo)
            result = await client.call_tool(tool.name, arguments)
            size = len(result.model_dump_json(by_alias=True, exclude_none=True))
            if result.is_error:
                errors.append(f"{tool.name}: {_text(result)[:120]}")
            sizes.append((size, tool.name))

    sizes.sort(reverse=True)
    listing_row = Row(
        f"tools/list bytes, {len(listing.tools)} tools ({len(undescribed)} undescribed)",
        f"{listing_bytes / 1024:.1f} KiB",
        "32 KiB",
        listing_bytes / (32 * 1024),
        "<= 32 KiB, all described",
        listing_bytes <= 32 * 1024 and not undescribed,
    )
    top = ", ".join(f"{name} {size / 1024:.1f}" for size, name in sizes[:3])
    result_row = Row(
        "largest default result (KiB)",
        top,
        "24 KiB",
        sizes[0][0] / (24 * 1024),
        "<= 24 KiB",
        sizes[0][0] <= 24 * 1024,
    )
    return listing_row, result_row, [*undescribed, *errors]


def _required_arguments(schema: dict[str, Any], demo: dict[str, Any]) -> dict[str, Any]:
    """Choose a value for each required argument, preferring the demo objects with most data."""
    zone = ZoneInfo(demo["timezone"])
    now = dt.datetime.now(zone)
    now_ms = int(now.timestamp() * 1000)
    samples: dict[str, Any] = {
        "roomId": demo["rooms"]["pastWithExports"],
        "coursewareId": demo["coursewareId"],
        "recordId": demo["recordId"],
        "recordIds": [demo["uploadedRecordIds"][0]],
        "docId": demo["documentId"],
        "warmupId": demo["warmupIds"][0],
        "subject": "Benchmark room",
        "startDate": (now + dt.timedelta(days=2)).replace(microsecond=0).isoformat(),
        "teacherLoginName": "benchteacher",
        "teacherPassword": "bench-123",
        "name": "Benchmark",
        "date": (now - dt.timedelta(days=1)).date().isoformat(),
        "resourceUrl": "http://127.0.0.1:9/lesson.pdf",
        "startTime": now_ms - 90 * DAY_MS,
        "endTime": now_ms,
    }
    arguments: dict[str, Any] = {}
    for name in schema.get("required", []):
        if name not in samples:
            raise RuntimeError(f"no sample value for the required argument {name!r}")
        value = samples[name]
        prop = schema["properties"][name]
        if prop.get("type") == "array" and prop.get("items", {}).get("type") == "string":
            value = [str(item) for item in value]
        arguments[name] = value
    return arguments


def _check(result: CallToolResult) -> dict[str, Any]:
    if result.is_error:
        raise RuntimeError(f"tool call failed: {_text(result)}")
    data = result.structured_content
    if not isinstance(data, dict):
        raise RuntimeError("tool result has no structured content")
    return data


def _text(result: CallToolResult) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)
