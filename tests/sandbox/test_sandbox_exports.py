"""Exports: attendance, Q&A, roll calls, votes, chat, courseware views and room usage."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest

from gensee_mcp.sandbox.models import Session
from tests.sandbox.conftest import Api

HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS
ROOM_EXPORTS = ["export/history", "export/qa", "export/rollcall", "export/vote", "export/chat"]
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def sessions(api: Api, room_id: str = "room01") -> list[Session]:
    return api.sandbox.site.store.sessions[room_id]


def test_attendance_without_range_reads_last_session(api: Api) -> None:
    last = sessions(api)[-1]

    items = api.ok("export/history", roomId="room01")["list"]

    assert len(items) == len(last.attendance)
    assert {item["uid"] for item in items} == {visit.uid for visit in last.attendance}
    assert set(items[0]) == {
        "uid", "nickname", "joinTime", "leaveTime", "name", "area", "device", "ip", "mobile",
        "company",
    }  # fmt: skip


def test_attendance_range_filters_join_time(api: Api) -> None:
    middle = sessions(api)[1]
    start, end = middle.start_time - HOUR_MS, middle.end_time + HOUR_MS

    items = api.ok("export/history", roomId="room01", startTime=str(start), endTime=str(end))[
        "list"
    ]

    assert len(items) == len(middle.attendance)


def test_range_bounds_are_inclusive(api: Api) -> None:
    first_join = min(visit.join_time for visit in sessions(api)[1].attendance)

    items = api.ok(
        "export/history", roomId="room01", startTime=str(first_join), endTime=str(first_join)
    )["list"]

    assert len(items) >= 1
    assert {item["joinTime"] for item in items} == {first_join}


def test_range_accepts_date_time_strings(api: Api) -> None:
    middle = sessions(api)[1]
    start = dt.datetime.fromtimestamp(middle.start_time / 1000 - 3600, tz=ZONE)
    end = dt.datetime.fromtimestamp(middle.end_time / 1000 + 3600, tz=ZONE)

    items = api.ok(
        "export/chat",
        roomId="room01",
        startTime=start.strftime("%Y-%m-%d %H:%M:%S"),
        endTime=end.strftime("%Y-%m-%d %H:%M:%S"),
    )["list"]

    assert len(items) == len(middle.chat)


@pytest.mark.parametrize("path", ROOM_EXPORTS)
def test_export_one_bound_returns_101(api: Api, path: str) -> None:
    body = api.call(path, roomId="room01", startTime="1700000000000")

    assert body["code"] == "101"
    assert "'endTime' is required" in body["message"]
    assert api.call(path, roomId="room01", endTime="1700000000000")["code"] == "101"


@pytest.mark.parametrize("path", [*ROOM_EXPORTS, "export/room/usage"])
def test_export_range_over_7_days_returns_101(api: Api, path: str) -> None:
    start = 1_700_000_000_000

    body = api.call(
        path, roomId="room01", startTime=str(start), endTime=str(start + 7 * DAY_MS + 1)
    )

    assert body["code"] == "101"
    assert "may not exceed 7 days" in body["message"]


@pytest.mark.parametrize("path", [*ROOM_EXPORTS, "export/room/usage"])
def test_export_range_of_exactly_7_days_allowed(api: Api, path: str) -> None:
    start = 1_700_000_000_000

    body = api.call(path, roomId="room01", startTime=str(start), endTime=str(start + 7 * DAY_MS))

    assert body["code"] == "0"


@pytest.mark.parametrize("path", [*ROOM_EXPORTS, "export/room/usage"])
def test_export_end_before_start_returns_101(api: Api, path: str) -> None:
    body = api.call(path, roomId="room01", startTime="1700000000001", endTime="1700000000000")

    assert body["code"] == "101"
    assert "'endTime' must not be before startTime" in body["message"]


@pytest.mark.parametrize("path", ROOM_EXPORTS)
def test_export_unknown_room_returns_501(api: Api, path: str) -> None:
    assert api.call(path, roomId="nosuch")["code"] == "501"
    assert api.call(path)["code"] == "101"
    assert api.call(path, roomId="room01", startTime="soon", endTime="later")["code"] == "102"


@pytest.mark.parametrize("path", ROOM_EXPORTS)
def test_export_upcoming_room_is_empty(api: Api, path: str) -> None:
    body = api.ok(path, roomId="room07")

    assert body[("rollcall" if path == "export/rollcall" else "list")] == []


def test_chat_body_contains_raw_control_characters(api: Api) -> None:
    response = api.send("export/chat", roomId="room01")

    assert b"Can you hear me?\nMy audio is choppy." in response.content
    assert b"Question:\tdoes this apply to part 2?" in response.content
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)
    items = json.loads(response.text, strict=False)["list"]
    assert "大家好 👋" in [item["msg"] for item in items]
    assert set(items[0]) == {"time", "sender", "receiver", "senderId", "receiverId", "msg"}


def test_qa_body_contains_raw_control_characters(api: Api) -> None:
    response = api.send("export/qa", roomId="room01")

    assert b"What does\tthis column mean?" in response.content
    assert b"due on Friday?\nI could not" in response.content


def test_qa_unanswered_question_omits_answer(api: Api) -> None:
    items = api.ok("export/qa", roomId="room01")["list"]

    unanswered = next(item for item in items if item["question"].startswith("Will the recording"))
    assert "answerBy" not in unanswered
    assert "response" not in unanswered
    assert unanswered["published"] == "false"


def test_non_export_body_escapes_control_characters(api: Api) -> None:
    api.ok("courseware/modify", id="cw0001", subject="Line one\nline two")

    response = api.send("courseware/info", coursewareId="cw0001")

    assert json.loads(response.text)["subject"] == "Line one\nline two"


def test_rollcall_shape(api: Api) -> None:
    rollcalls = api.ok("export/rollcall", roomId="room01")["rollcall"]

    assert len(rollcalls) >= 1
    first = rollcalls[0]
    assert set(first) == {"startTime", "endTime", "total", "present", "absent", "users"}
    assert first["total"] == len(first["users"])
    assert first["present"] == sum(1 for user in first["users"] if user["present"] is True)
    assert first["absent"] == first["total"] - first["present"]
    assert set(first["users"][0]) == {"id", "name", "present"}


def test_vote_shape(api: Api) -> None:
    votes = api.ok("export/vote", roomId="room01")["list"]

    assert len(votes) == 1
    questions = votes[0]["questions"]
    assert [question["options"][0]["type"] for question in questions[:2]] == [0, 1]
    assert questions[2]["options"] == []
    single = questions[0]
    assert set(single["options"][0]) == {"value", "precentage", "result", "type"}
    assert sum(int(option["result"]) for option in single["options"]) == len(single["results"])
    assert sum(option["precentage"] for option in single["options"]) == pytest.approx(100, abs=0.1)
    assert set(single["results"][0]) == {"nickName", "uid", "content"}


def test_teacher_exports_own_room(teacher: Api) -> None:
    for path in ROOM_EXPORTS:
        assert teacher.call(path, roomId="room03")["code"] == "0", path


def yesterday(api: Api) -> dt.date:
    reference = dt.datetime.fromtimestamp(api.sandbox.site.store.reference_ms / 1000, tz=ZONE)
    return reference.date() - dt.timedelta(days=1)


def test_views_page_through_a_day(api: Api) -> None:
    day = yesterday(api).isoformat()

    pages = [api.ok("export/study/history", date=day, pageNo=str(n)) for n in (1, 2, 3, 4)]

    assert [len(page["list"]) for page in pages] == [50, 50, 20, 0]
    assert [page["pageNo"] for page in pages] == [1, 2, 3, 4]
    assert {page["totalCounts"] for page in pages} == {120}
    assert {page["totalPages"] for page in pages} == {3}
    item = pages[0]["list"][0]
    assert set(item) == {"id", "uid", "startTime", "leaveTime", "name", "duration", "device", "ip"}
    assert isinstance(item["uid"], str)
    assert item["duration"] == str((item["leaveTime"] - item["startTime"]) // 1000)
    assert item["device"] in (0, 1, 2, 4, 8, 16, 32)


def test_views_date_forms_agree(api: Api) -> None:
    day = yesterday(api)
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZONE)

    counts = {
        api.ok("export/study/history", date=value)["totalCounts"]
        for value in (day.isoformat(), f"{day} 23:59:59", str(int(noon.timestamp() * 1000)))
    }

    assert counts == {120}


def test_views_hour_filter(api: Api) -> None:
    day = yesterday(api)
    by_hour = [api.ok("export/study/history", date=str(day), hour=str(h)) for h in range(24)]

    assert sum(body["totalCounts"] for body in by_hour) == 120
    for hour, body in enumerate(by_hour):
        for item in body["list"]:
            started = dt.datetime.fromtimestamp(item["startTime"] / 1000, tz=ZONE)
            assert started.hour == hour


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "101"),
        ({"date": "someday"}, "102"),
        ({"date": "2030-01-01", "hour": "24"}, "101"),
        ({"date": "2030-01-01", "hour": "x"}, "102"),
        ({"date": "2030-01-01", "pageNo": "0"}, "101"),
    ],
)
def test_views_reject_invalid_request(api: Api, params: dict[str, str], code: str) -> None:
    assert api.call("export/study/history", **params)["code"] == code


def test_usage_lists_sessions_ending_in_range(api: Api) -> None:
    middle = sessions(api)[1]
    start, end = middle.end_time - DAY_MS, middle.end_time

    body = api.ok("export/room/usage", roomId="room01", startTime=str(start), endTime=str(end))

    assert body["list"] == [
        {"id": "room01", "startTime": middle.start_time, "endTime": middle.end_time}
    ]


def test_usage_without_room_covers_all_rooms(api: Api) -> None:
    reference = api.sandbox.site.store.reference_ms
    start, end = reference - 7 * DAY_MS, reference

    items = api.ok("export/room/usage", startTime=str(start), endTime=str(end))["list"]

    assert {item["id"] for item in items} == {"room01", "room02", "room03"}
    assert [item["endTime"] for item in items] == sorted(item["endTime"] for item in items)


def test_usage_requires_both_bounds(api: Api) -> None:
    assert api.call("export/room/usage")["code"] == "101"
    assert api.call("export/room/usage", startTime="1700000000000")["code"] == "101"
    body = api.call(
        "export/room/usage", roomId="nosuch", startTime="1700000000000", endTime="1700000000000"
    )
    assert body["code"] == "501"
