"""Paged sync of recordings, coursewares and documents."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from gensee_mcp.sandbox import EmbeddedSandbox, SandboxConfig, start_embedded
from tests.sandbox.conftest import Api

BULK = 5000
DEMO_COURSEWARES = 14


@pytest.fixture(scope="module")
def bulk() -> Iterator[Api]:
    """A second site with 5,000 generated coursewares."""
    sandbox: EmbeddedSandbox
    with (
        start_embedded(SandboxConfig(extra_coursewares=BULK)) as sandbox,
        httpx.Client(base_url=sandbox.base_url, timeout=10) as client,
    ):
        yield Api(sandbox, client)


def test_record_sync_returns_sorted_items(api: Api) -> None:
    body = api.ok("record/syn")

    items = body["list"]
    assert body["page"] == {"pageNo": 1, "totalPages": 1, "totalCounts": 20}
    assert len(items) == 20
    assert [item["createdTime"] for item in items] == sorted(item["createdTime"] for item in items)
    recorded = next(item for item in items if item["id"] == 81000001)
    assert set(recorded) == {
        "id", "name", "recordStartTime", "recordEndTime", "createdTime", "size", "roomId",
        "creator",
    }  # fmt: skip
    assert recorded["roomId"] == "room01"
    uploaded = next(item for item in items if item["id"] == 81000017)
    assert "roomId" not in uploaded
    assert "recordStartTime" not in uploaded


def test_record_sync_time_filter_is_inclusive(api: Api) -> None:
    created = next(r for r in api.ok("record/syn")["list"] if r["id"] == 81000001)["createdTime"]

    body = api.ok("record/syn", startTime=str(created), endTime=str(created))

    assert [item["id"] for item in body["list"]] == [81000001]
    assert api.ok("record/syn", startTime=str(created + 1), endTime=str(created))["list"] == []


def test_courseware_sync_items_carry_convert_result(api: Api) -> None:
    items = api.ok("courseware/syn")["list"]

    assert len(items) == DEMO_COURSEWARES
    assert {item["convertResult"] for item in items} == {-1, 0, 1}
    assert {item["grType"] for item in items} == {0, 1, 2}
    assert all("creator" in item for item in items)


def test_document_sync_items(api: Api) -> None:
    body = api.ok("doc/syn")

    assert body["page"] == {"pageNo": 1, "totalPages": 1, "totalCounts": 6}
    assert body["list"][0] == {
        "Id": 72000001,
        "name": "Lab safety checklist.pdf",
        "upload": "true",
        "createdTime": body["list"][0]["createdTime"],
    }


@pytest.mark.parametrize("path", ["record/syn", "courseware/syn", "doc/syn"])
def test_sync_page_past_end_is_empty(api: Api, path: str) -> None:
    body = api.ok(path, pageNo="2")

    assert body["list"] == []
    assert body["page"]["pageNo"] == 2
    assert body["page"]["totalPages"] == 1


@pytest.mark.parametrize("path", ["record/syn", "courseware/syn", "doc/syn"])
@pytest.mark.parametrize(("page_no", "code"), [("0", "101"), ("-1", "101"), ("x", "102")])
def test_sync_rejects_bad_page(api: Api, path: str, page_no: str, code: str) -> None:
    assert api.call(path, pageNo=page_no)["code"] == code


def test_sync_rejects_bad_time(api: Api) -> None:
    assert api.call("doc/syn", startTime="yesterday")["code"] == "102"


def test_bulk_pages_hold_50_items(bulk: Api) -> None:
    total = BULK + DEMO_COURSEWARES

    first = bulk.ok("courseware/syn")
    last = bulk.ok("courseware/syn", pageNo="101")
    past = bulk.ok("courseware/syn", pageNo="102")

    assert len(first["list"]) == 50
    assert first["page"] == {"pageNo": 1, "totalPages": 101, "totalCounts": total}
    assert len(last["list"]) == total - 100 * 50
    assert past["list"] == []
    assert past["page"] == {"pageNo": 102, "totalPages": 101, "totalCounts": total}


def test_bulk_paging_is_complete_and_fast(bulk: Api) -> None:
    started = time.perf_counter()
    ids: list[str] = []
    times: list[int] = []
    for page_no in range(1, 102):
        items = bulk.ok("courseware/syn", pageNo=str(page_no))["list"]
        ids += [item["id"] for item in items]
        times += [item["createTime"] for item in items]
    elapsed = time.perf_counter() - started

    assert len(ids) == BULK + DEMO_COURSEWARES
    assert len(set(ids)) == len(ids)
    assert times == sorted(times)
    # 101 requests; a quadratic page walk over 5,014 items takes far longer.
    assert elapsed < 5
