"""Bulk work through the MCP client: all-pages syncs, 7-day export windows, progress, row caps."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import subprocess
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import httpx
import pytest
from mcp import Client

from gensee_mcp.handlers import WINDOW_MS, export_windows
from tests.conftest import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    BIN,
    Site,
    connect,
    free_port,
    wait_until_serving,
)

pytestmark = pytest.mark.anyio

GENERATED = 5000
DAY_MS = 24 * 3600 * 1000
SYNC = "courseware/syn"
ATTENDANCE = "export/history"
ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def bulk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A sandbox of its own with 5,000 generated coursewares besides the demo data."""
    port = free_port()
    command = [str(BIN / "gensee-sandbox"), "--port", str(port), "--seed", "7"]
    process = subprocess.Popen(
        [*command, "--coursewares", str(GENERATED)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield Site(url, tmp_path_factory.mktemp("bulk-catalogs"))
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def big(bulk_site: Site) -> Site:
    """The 5,000-courseware sandbox with no faults and zero counters."""
    bulk_site.reset()
    bulk_site.reset_stats()
    return bulk_site


def seen(site: Site, operation: str) -> list[dict[str, Any]]:
    """Return the parameters of the site's logged requests to one operation, in arrival order."""
    response = httpx.get(f"{site.url}/_sandbox/requests", timeout=5)
    response.raise_for_status()
    return [
        entry["params"] for entry in response.json()["requests"] if entry["operation"] == operation
    ]


def site_ids(site: Site) -> list[str]:
    """Return every courseware id in the site's own order, read page by page over raw HTTP."""
    form = {
        "loginName": ADMIN_LOGIN,
        "password": hashlib.md5(ADMIN_PASSWORD.encode()).hexdigest(),
        "sec": "true",
    }
    ids: list[str] = []
    with httpx.Client(base_url=f"{site.url}/integration/site/training/", timeout=10) as http:
        page, pages = 1, 1
        while page <= pages:
            body = http.post(SYNC, data={**form, "pageNo": str(page)}).json()
            pages = body["page"]["totalPages"]
            ids += [row["id"] for row in body["list"]]
            page += 1
    return ids


async def call(client: Client, tool: str, **arguments: Any) -> tuple[dict[str, Any], str]:
    """Call a tool that must succeed; return its structured content and its text."""
    result = await client.call_tool(tool, arguments)
    text: str = result.content[0].text  # type: ignore[union-attr]
    assert not result.is_error, text
    assert result.structured_content is not None
    return result.structured_content, text


def ids_of(data: dict[str, Any]) -> list[str]:
    return [row["coursewareId"] for row in data["coursewares"]]


# All pages of a sync.


async def test_all_pages_merge_in_site_order(big: Site) -> None:
    expected = site_ids(big)
    big.reset_stats()

    async with connect(big.env()) as client:
        data, text = await call(client, "sync_coursewares", allPages=True, maxItems=5000)

    assert len(expected) == GENERATED + 14
    assert ids_of(data) == expected[:5000]
    assert len(set(ids_of(data))) == 5000
    assert data["count"] == 5000
    assert data["throughPage"] == 100
    assert data["page"] == {"pageNo": 1, "totalPages": 101, "totalCounts": 5014}
    assert data["truncated"] is True
    note = (
        "Stopped after page 100 of 101 to keep within maxItems 5000; go on with pageNo 101 "
        "and allPages true for the rest."
    )
    assert data["note"] == note
    assert text.splitlines()[0] == f"Pages 1-100 of 101: 5000 coursewares of 5014 in all. {note}"
    assert sorted(int(params["pageNo"]) for params in seen(big, SYNC)) == list(range(1, 101))


async def test_all_pages_fetch_only_what_cap_needs(big: Site) -> None:
    expected = site_ids(big)
    big.reset_stats()

    async with connect(big.env()) as client:
        data, _ = await call(client, "sync_coursewares", allPages=True, maxItems=120)
        requests = big.stats()["by_path"]
        pages = sorted(int(params["pageNo"]) for params in seen(big, SYNC))

        big.reset_stats()
        tail, tail_text = await call(client, "sync_coursewares", pageNo=99, allPages=True)
        tail_pages = sorted(int(params["pageNo"]) for params in seen(big, SYNC))

    assert requests == {f"/integration/site/training/{SYNC}": 3}
    assert pages == [1, 2, 3]
    assert ids_of(data) == expected[:120]
    assert data["count"] == 120
    assert data["throughPage"] == 3
    assert data["truncated"] is True
    assert data["note"] == (
        "Showing 120 of 150 rows fetched, up to row 20 of page 3. Pass a larger maxItems "
        "(up to 5000), or go on with pageNo 3 and skip its first 20 rows."
    )
    assert tail_pages == [99, 100, 101]
    assert ids_of(tail) == expected[98 * 50 :]
    assert tail["count"] == 114
    assert tail["throughPage"] == 101
    assert tail["truncated"] is False
    assert "note" not in tail
    assert tail_text.splitlines()[0] == "Pages 99-101 of 101: 114 coursewares of 5014 in all."


async def test_all_pages_report_failed_page(big: Site) -> None:
    expected = site_ids(big)
    big.reset_stats()
    big.faults({"path": SYNC, "params": {"pageNo": 3}, "force_code": "500"})

    async with connect(big.env()) as client:
        data, text = await call(client, "sync_coursewares", allPages=True, maxItems=250)

    error = "training/courseware/syn returned code 500 (business error): business error"
    assert data["failedPages"] == [{"pageNo": 3, "error": error}]
    assert ids_of(data) == expected[:100] + expected[150:250]
    assert data["count"] == 200
    assert data["throughPage"] == 5
    assert data["truncated"] is True
    assert text.splitlines()[0] == (
        "Pages 1-5 of 101: 200 coursewares of 5014 in all. Stopped after page 5 of 101 to keep "
        "within maxItems 250; go on with pageNo 6 and allPages true for the rest, or pass a "
        f"larger maxItems (up to 5000). Page 3 failed ({error}); call again for it."
    )
    assert sorted(int(params["pageNo"]) for params in seen(big, SYNC)) == [1, 2, 3, 4, 5]


async def test_all_pages_retry_transient_page(big: Site) -> None:
    expected = site_ids(big)
    big.reset_stats()
    big.faults({"path": SYNC, "params": {"pageNo": 2}, "force_code": "300", "times": 1})

    async with connect(big.env()) as client:
        data, _ = await call(client, "sync_coursewares", allPages=True, maxItems=150)

    assert "failedPages" not in data
    assert ids_of(data) == expected[:150]
    assert sorted(int(params["pageNo"]) for params in seen(big, SYNC)) == [1, 2, 2, 3]


async def test_all_pages_progress(big: Site) -> None:
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    async with connect(big.env(GENSEE_MAX_CONCURRENCY="3")) as client:
        result = await client.call_tool(
            "sync_coursewares", {"allPages": True}, progress_callback=on_progress
        )

    assert not result.is_error
    assert [progress for progress, _, _ in updates] == list(range(1, 11))
    assert {total for _, total, _ in updates} == {10}
    assert updates[0][2] == "page 1 of 10"
    assert updates[-1][2] == "10 of 10 pages"


async def test_default_caps_on_sync(big: Site) -> None:
    async with connect(big.env()) as client:
        one_page, one_text = await call(client, "sync_coursewares")
        all_pages, _ = await call(client, "sync_coursewares", allPages=True)

    assert one_page["count"] == 20
    assert one_page["truncated"] is True
    assert one_page["note"] == (
        "Showing 20 of the 50 rows of page 1; pass maxItems 50 to see the whole page."
    )
    assert one_text.splitlines()[0] == (
        "Page 1 of 101: 20 coursewares of 5014 in all. Showing 20 of the 50 rows of page 1; "
        "pass maxItems 50 to see the whole page."
    )
    assert all_pages["count"] == 500
    assert all_pages["throughPage"] == 10
    assert all_pages["truncated"] is True
    assert all_pages["note"] == (
        "Stopped after page 10 of 101 to keep within maxItems 500; go on with pageNo 11 "
        "and allPages true for the rest, or pass a larger maxItems (up to 5000)."
    )


def test_unique_drops_repeated_rows() -> None:
    from gensee_mcp.paging import _unique

    rows: list[tuple[int, dict[str, Any]]] = [
        (1, {"id": "a"}),
        (1, {"id": "b"}),
        (2, {"id": "b"}),
        (2, {"id": "c"}),
        (2, {"id": "v", "uid": "1", "startTime": 5}),
        (3, {"id": "v", "uid": "1", "startTime": 5}),
        (3, {"id": "v", "uid": "2", "startTime": 5}),
        (3, {"name": "no id"}),
        (3, {"name": "no id"}),
    ]

    assert _unique(rows) == [
        (1, {"id": "a"}),
        (1, {"id": "b"}),
        (2, {"id": "c"}),
        (2, {"id": "v", "uid": "1", "startTime": 5}),
        (3, {"id": "v", "uid": "2", "startTime": 5}),
        (3, {"name": "no id"}),
        (3, {"name": "no id"}),
    ]


# 7-day export windows.


def windows(start_ms: int, end_ms: int) -> list[tuple[int, int]]:
    """Split a range given in epoch milliseconds."""
    args = SimpleNamespace(startTime=as_time(start_ms), endTime=as_time(end_ms))
    return export_windows(args, SimpleNamespace(zone=ZONE))  # type: ignore[arg-type]


def as_time(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=ZONE)


START = 1_767_196_800_000  # 2026-01-01T00:00:00+08:00


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (0, [(START, START)]),
        (1, [(START, START + 1)]),
        (7 * DAY_MS, [(START, START + 7 * DAY_MS)]),
        (
            7 * DAY_MS + 1,
            [(START, START + 7 * DAY_MS), (START + 7 * DAY_MS + 1, START + 7 * DAY_MS + 1)],
        ),
        (
            14 * DAY_MS + 1,
            [(START, START + 7 * DAY_MS), (START + 7 * DAY_MS + 1, START + 14 * DAY_MS + 1)],
        ),
    ],
)
def test_windows_at_edges(length: int, expected: list[tuple[int, int]]) -> None:
    assert windows(START, START + length) == expected


@pytest.mark.parametrize(("days", "count"), [(30, 5), (90, 13), (92, 14)])
def test_windows_cover_range(days: int, count: int) -> None:
    split = windows(START, START + days * DAY_MS)

    assert len(split) == count
    assert split[0][0] == START
    assert split[-1][1] == START + days * DAY_MS
    for (_, end), (next_start, _) in itertools.pairwise(split):
        assert next_start == end + 1
    for start, end in split:
        assert 0 <= end - start <= WINDOW_MS


def test_windows_reject_reversed_range() -> None:
    with pytest.raises(ValueError, match="endTime must not be before startTime"):
        windows(START, START - 1)


def sent_windows(site: Site) -> list[tuple[int, int]]:
    """Return the export windows the site received, in time order."""
    return sorted(
        (int(params["startTime"]), int(params["endTime"])) for params in seen(site, ATTENDANCE)
    )


async def test_export_windows_sent(site: Site, mcp: Client) -> None:
    now = now_ms()
    cases = [
        (1, [(now - 1, now)]),
        (7 * DAY_MS, [(now - 7 * DAY_MS, now)]),
        (7 * DAY_MS + 1, [(now - 7 * DAY_MS - 1, now - 1), (now, now)]),
    ]
    for length, expected in cases:
        site.reset_stats()
        data, _ = await call(
            mcp, "export_attendance", roomId="room01", startTime=now - length, endTime=now
        )
        assert sent_windows(site) == expected, length
        assert millis(data["startTime"]) == now - length
        assert millis(data["endTime"]) == now

    for days, count in [(30, 5), (90, 13)]:
        site.reset_stats()
        await call(
            mcp, "export_attendance", roomId="room01", startTime=now - days * DAY_MS, endTime=now
        )
        sent = sent_windows(site)
        assert sent == windows(now - days * DAY_MS, now), days
        assert len(sent) == count


async def test_export_edge_rows_counted_once(site: Site, mcp: Client) -> None:
    now = now_ms()
    everything, _ = await call(
        mcp,
        "export_attendance",
        roomId="room01",
        startTime=now - 30 * DAY_MS,
        endTime=now,
        maxItems=2000,
    )
    edge = millis(everything["attendance"][len(everything["attendance"]) // 2]["joinTime"])
    at_edge = sum(1 for row in everything["attendance"] if millis(row["joinTime"]) == edge)
    ranges = {
        "edge ends window 1": (edge - 7 * DAY_MS, edge + DAY_MS),
        "edge starts window 2": (edge - 7 * DAY_MS - 1, edge + DAY_MS),
        "edge starts the range": (edge, edge + 10 * DAY_MS),
        "edge ends the range": (edge - 10 * DAY_MS, edge),
    }
    for case, (start, end) in ranges.items():
        site.reset_stats()
        data, _ = await call(
            mcp,
            "export_attendance",
            roomId="room01",
            startTime=start,
            endTime=end,
            maxItems=2000,
        )
        rows = data["attendance"]
        expected = [
            row for row in everything["attendance"] if start <= millis(row["joinTime"]) <= end
        ]
        assert sum(1 for row in rows if millis(row["joinTime"]) == edge) == at_edge, case
        assert rows == expected, case
        assert data["total"] == len(expected), case
        assert len(sent_windows(site)) == 2, case
    assert at_edge >= 1


async def test_export_merges_in_time_order(site: Site) -> None:
    now = now_ms()
    first = now - 30 * DAY_MS
    # The earliest window responds last, so completion order differs from time order.
    site.faults({"path": ATTENDANCE, "params": {"startTime": first}, "latency_ms": 400})

    async with connect(site.env()) as client:
        data, _ = await call(
            client,
            "export_attendance",
            roomId="room01",
            startTime=first,
            endTime=now,
            maxItems=2000,
        )
        unsorted, _ = await call(
            client, "export_room_usage", startTime=first, endTime=now, maxItems=2000
        )

    starts = [int(params["startTime"]) for params in seen(site, ATTENDANCE)]
    join_times = [millis(row["joinTime"]) for row in data["attendance"]]
    assert sorted(starts) == [start for start, _ in windows(first, now)]
    assert join_times == sorted(join_times)
    assert len(join_times) == data["total"]
    assert data["total"] > 20
    end_times = [millis(row["endTime"]) for row in unsorted["sessions"]]
    assert end_times == sorted(end_times)
    assert len(end_times) == 9


async def test_export_progress(site: Site, mcp: Client) -> None:
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    now = now_ms()
    result = await mcp.call_tool(
        "export_chat",
        {"roomId": "room01", "startTime": now - 30 * DAY_MS, "endTime": now},
        progress_callback=on_progress,
    )

    assert not result.is_error
    assert updates == [(float(done), 5.0, f"{done} of 5 weeks") for done in range(1, 6)]


async def test_export_without_range_one_request(site: Site, mcp: Client) -> None:
    data, text = await call(mcp, "export_attendance", roomId="room01")

    assert [sorted(params) for params in seen(site, ATTENDANCE)] == [
        ["loginName", "password", "roomId", "sec"]
    ]
    assert "startTime" not in data
    assert text.splitlines()[0] == (
        f"{data['total']} attendance rows for room room01 in the most recent session."
    )


async def test_export_range_capped(mcp: Client) -> None:
    now = now_ms()
    result = await mcp.call_tool(
        "export_attendance",
        {"roomId": "room01", "startTime": now - 92 * DAY_MS - 1000, "endTime": now},
    )

    assert result.is_error
    assert "may span at most 92 days" in result.content[0].text  # type: ignore[union-attr]


async def test_export_failure_stops_windows(site: Site) -> None:
    now = now_ms()
    first = now - 90 * DAY_MS
    site.faults(
        {"path": ATTENDANCE, "params": {"startTime": first}, "force_code": "500"},
        {"path": ATTENDANCE, "latency_ms": 200},
    )

    async with connect(site.env(GENSEE_MAX_CONCURRENCY="2")) as client:
        result = await client.call_tool(
            "export_attendance", {"roomId": "room01", "startTime": first, "endTime": now}
        )
        sent_at_error = len(seen(site, ATTENDANCE))
        await anyio.sleep(1)
        sent_later = len(seen(site, ATTENDANCE))

    assert result.is_error
    assert result.content[0].text.startswith(  # type: ignore[union-attr]
        "export_attendance failed: training/export/history returned code 500 (business error)"
    )
    # Sent before the error: the failed window, its neighbour, and at most one already starting.
    assert 2 <= sent_at_error <= 3
    assert sent_later == sent_at_error


# Row caps of exports.


async def test_export_caps(site: Site, mcp: Client) -> None:
    now = now_ms()
    whole, _ = await call(
        mcp, "export_attendance", roomId="room01", startTime=now - 92 * DAY_MS, endTime=now
    )
    capped, text = await call(
        mcp,
        "export_attendance",
        roomId="room01",
        startTime=now - 92 * DAY_MS,
        endTime=now,
        maxItems=10,
    )
    latest, _ = await call(mcp, "export_attendance", roomId="room01", maxItems=3)

    assert whole["count"] == whole["total"]
    assert whole["total"] < 50
    assert whole["truncated"] is False
    assert "note" not in whole
    note = (
        f"Showing 10 of {whole['total']} rows fetched; pass a larger maxItems (up to 2000) "
        "or a narrower startTime/endTime range."
    )
    assert capped["count"] == 10
    assert capped["total"] == whole["total"]
    assert capped["truncated"] is True
    assert capped["note"] == note
    assert capped["attendance"] == whole["attendance"][:10]
    assert text.splitlines()[0].endswith(note)
    assert latest["note"] == (
        f"Showing 3 of {latest['total']} rows fetched; pass a larger maxItems (up to 2000)."
    )


async def test_views_default_cap(site: Site, mcp: Client) -> None:
    yesterday = (dt.datetime.now(ZONE) - dt.timedelta(days=1)).date().isoformat()

    data, _ = await call(mcp, "export_courseware_views", date=yesterday)

    assert data["count"] == 20
    assert data["page"] == {"pageNo": 1, "totalPages": 3, "totalCounts": 120}
    assert data["truncated"] is True
    assert data["note"] == (
        "Showing 20 of the 50 rows of page 1; pass maxItems 50 to see the whole page."
    )


def now_ms() -> int:
    return int(dt.datetime.now(ZONE).timestamp() * 1000)


def millis(value: str) -> int:
    return int(dt.datetime.fromisoformat(value).timestamp() * 1000)
