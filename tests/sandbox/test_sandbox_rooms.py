"""Rooms: create, modify, delete, info and telephone-conference settings."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.sandbox.conftest import Api

START = "2031-05-01 19:00:00"
# 2031-05-01 19:00:00 in Asia/Shanghai (UTC+8).
START_MS = 1935399600000


def create(api: Api, **params: Any) -> dict[str, Any]:
    fields = {"subject": "Room under test", "startDate": START, **params}
    return api.call("room/created", **fields)


def test_create_returns_spec_fields(api: Api) -> None:
    body = create(api, invalidDate="2031-05-02 19:00:00")

    assert body["code"] == "0"
    assert set(body) == {
        "code", "message", "id", "number", "assistantToken", "studentToken", "teacherToken",
        "startDate", "invalidDate", "webJoin", "clientJoin", "teacherJoinUrl", "studentJoinUrl",
        "scene",
    }  # fmt: skip
    assert re.fullmatch(r"[A-Za-z0-9]{6}", body["id"])
    assert re.fullmatch(r"[0-9]{8}", body["number"])
    assert body["startDate"] == START_MS
    assert body["invalidDate"] == START_MS + 24 * 3600 * 1000
    assert body["webJoin"] is True
    assert body["clientJoin"] is True
    assert body["scene"] == 0
    base = api.sandbox.base_url
    assert body["teacherJoinUrl"] == f"{base}/training/site/r/{body['number']}"
    assert body["studentJoinUrl"] == f"{base}/training/site/s/{body['number']}"


def test_create_generates_distinct_tokens(api: Api) -> None:
    body = create(api)

    tokens = [body["teacherToken"], body["assistantToken"], body["studentToken"]]
    for token in tokens:
        assert re.fullmatch(r"[0-9]{6}", token)
    assert len(set(tokens)) == 3
    assert "studentClientToken" not in body


def test_create_keeps_given_tokens(api: Api) -> None:
    body = create(
        api,
        teacherToken="teach1",
        assistantToken="assist1",
        studentToken="s1",
        studentClientToken="client-token-without-limit",
    )

    assert body["teacherToken"] == "teach1"
    assert body["assistantToken"] == "assist1"
    assert body["studentToken"] == "s1"
    assert body["studentClientToken"] == "client-token-without-limit"


def test_create_accepts_epoch_milliseconds(api: Api) -> None:
    body = create(api, startDate=str(START_MS))

    assert body["startDate"] == START_MS


def test_info_returns_start_as_epoch_ms(api: Api) -> None:
    room_id = create(api)["id"]

    assert api.ok("room/info", roomId=room_id)["startDate"] == START_MS


@pytest.mark.parametrize(
    ("params", "code", "fragment"),
    [
        ({"subject": ""}, "101", "'subject' is required"),
        ({"subject": "x" * 251}, "101", "'subject' must be 1-250 characters"),
        ({"startDate": ""}, "101", "'startDate' is required"),
        ({"startDate": "tomorrow"}, "102", "'startDate' must be epoch milliseconds"),
        ({"startDate": "2031-05-01"}, "102", "'startDate'"),
        ({"invalidDate": "2031-04-30 19:00:00"}, "101", "'invalidDate' must not be before"),
        ({"teacherToken": "12345"}, "101", "'teacherToken' must be 6-15 characters"),
        ({"teacherToken": "1" * 16}, "101", "'teacherToken' must be 6-15 characters"),
        ({"assistantToken": "abc"}, "101", "'assistantToken' must be 6-15 characters"),
        ({"studentToken": "s" * 16}, "101", "'studentToken' must be at most 15 characters"),
        ({"uiMode": "5"}, "101", "'uiMode' must be between 1 and 4"),
        ({"uiMode": "two"}, "102", "'uiMode' must be an integer"),
        ({"uiColor": "red"}, "101", "'uiColor' must be one of blue, default, green"),
        ({"scene": "2"}, "101", "'scene' must be between 0 and 1"),
        ({"duration": "-1"}, "101", "'duration' must be >= 0"),
        ({"duration": "1.5"}, "102", "'duration' must be an integer"),
        ({"webJoin": "yes"}, "102", "'webJoin' must be true or false"),
        ({"realtime": "1"}, "102", "'realtime' must be true or false"),
        ({"maxAttendees": "-3"}, "101", "'maxAttendees' must be >= 0"),
    ],
)
def test_create_rejects_invalid_parameter(
    api: Api, params: dict[str, str], code: str, fragment: str
) -> None:
    body = create(api, **params)

    assert body["code"] == code
    assert fragment in body["message"]


def test_create_accepts_boundary_lengths(api: Api) -> None:
    body = create(
        api,
        subject="x" * 250,
        teacherToken="123456",
        assistantToken="1" * 15,
        studentToken="2" * 15,
    )

    assert body["code"] == "0"


def test_create_accepts_booleans_in_any_case(api: Api) -> None:
    body = create(api, webJoin="FALSE", clientJoin="True", realtime="TRUE")

    assert body["webJoin"] is False
    assert body["clientJoin"] is True


def test_create_both_joins_false_become_true(api: Api) -> None:
    body = create(api, webJoin="false", clientJoin="false")

    assert body["code"] == "0"
    assert body["webJoin"] is True
    assert body["clientJoin"] is True


def test_duplicate_subject_returns_502(api: Api) -> None:
    body = create(api, subject="Algebra I: linear equations")

    assert body["code"] == "502"
    assert "room01" in body["message"]


def test_subject_comparison_is_case_sensitive(api: Api) -> None:
    assert create(api, subject="algebra i: linear equations")["code"] == "0"


@pytest.mark.parametrize(
    ("tokens", "clash"),
    [
        (
            {"teacherToken": "same123", "assistantToken": "same123"},
            "teacherToken and assistantToken",
        ),
        ({"teacherToken": "same123", "studentToken": "same123"}, "teacherToken and studentToken"),
        (
            {"studentToken": "abc", "studentClientToken": "abc"},
            "studentToken and studentClientToken",
        ),
    ],
)
def test_equal_tokens_return_502(api: Api, tokens: dict[str, str], clash: str) -> None:
    body = create(api, **tokens)

    assert body["code"] == "502"
    assert clash in body["message"]


def test_generated_token_avoids_given_tokens(api: Api) -> None:
    for _ in range(5):
        body = create(api, subject=f"Room {_}", studentToken="123456")
        assert body["teacherToken"] != "123456"
        assert body["assistantToken"] != "123456"


def test_info_returns_exactly_spec_fields(api: Api) -> None:
    room_id = create(api, scene="1", uiMode="2", duration="45", studentClientToken="ct")["id"]

    body = api.ok("room/info", roomId=room_id)

    assert set(body) == {
        "code", "message", "id", "number", "assistantToken", "studentToken", "teacherToken",
        "studentClientToken", "startDate", "webJoin", "clientJoin", "teacherJoinUrl",
        "studentJoinUrl", "subject",
    }  # fmt: skip


def test_info_unknown_room_returns_501(api: Api) -> None:
    body = api.call("room/info", roomId="nosuch")

    assert body["code"] == "501"
    assert body["message"] == "room nosuch does not exist"


def test_info_missing_room_id_returns_101(api: Api) -> None:
    assert api.call("room/info")["code"] == "101"


def test_max_attendees_ignored_without_feature(api: Api) -> None:
    body = create(api, maxAttendees="30")

    assert body["code"] == "0"
    room = api.sandbox.site.store.rooms[body["id"]]
    assert room.max_attendees is None


def test_realtime_alias_accepted(api: Api) -> None:
    room_id = create(api, realTime="true")["id"]

    assert api.sandbox.site.store.rooms[room_id].realtime is True


def test_modify_reverts_omitted_settings(api: Api) -> None:
    created = create(
        api,
        teacherToken="teach1",
        assistantToken="assist1",
        studentToken="stud1",
        webJoin="false",
        uiColor="green",
        scene="1",
        description="old",
    )

    api.ok("room/modify", Id=created["id"], subject="Renamed", startDate=START)

    info = api.ok("room/info", roomId=created["id"])
    assert info["subject"] == "Renamed"
    assert info["webJoin"] is True
    assert info["teacherToken"] != "teach1"
    assert info["assistantToken"] != "assist1"
    assert info["studentToken"] != "stud1"
    room = api.sandbox.site.store.rooms[created["id"]]
    assert room.ui_color == "default"
    assert room.scene == 0
    assert room.description == ""


def test_modify_keeps_given_tokens(api: Api) -> None:
    room_id = create(api)["id"]

    api.ok("room/modify", id=room_id, subject="Same", startDate=START, teacherToken="newtok1")

    assert api.ok("room/info", roomId=room_id)["teacherToken"] == "newtok1"


def test_modify_requires_subject_and_start(api: Api) -> None:
    room_id = create(api)["id"]

    assert api.call("room/modify", Id=room_id, startDate=START)["code"] == "101"
    assert api.call("room/modify", Id=room_id, subject="x")["code"] == "101"
    assert api.call("room/modify", subject="x", startDate=START)["code"] == "101"


def test_modify_duplicate_subject_returns_502(api: Api) -> None:
    room_id = create(api)["id"]

    body = api.call("room/modify", Id=room_id, subject="Spring term kickoff", startDate=START)

    assert body["code"] == "502"


def test_modify_own_subject_allowed(api: Api) -> None:
    room_id = create(api)["id"]

    assert api.ok("room/modify", Id=room_id, subject="Room under test", startDate=START)


def test_modify_unknown_room_returns_501(api: Api) -> None:
    assert api.call("room/modify", Id="nosuch", subject="x", startDate=START)["code"] == "501"


def test_delete_removes_room(api: Api) -> None:
    api.ok("room/deleted", roomId="room06")

    assert api.call("room/info", roomId="room06")["code"] == "501"
    assert api.call("room/deleted", roomId="room06")["code"] == "501"


def test_delete_keeps_coursewares(api: Api) -> None:
    api.ok("room/deleted", roomId="room01")

    assert api.ok("courseware/info", coursewareId="cw0001")["roomId"] == "room01"


def test_telconf_stores_settings(api: Api) -> None:
    api.ok(
        "room/telconf",
        roomId="room07",
        siteName="acme",
        sitePassword="pw263",
        callinSupport="true",
        callinNum="4008001234",
    )

    settings = api.sandbox.site.store.rooms["room07"].telconf
    assert settings is not None
    assert settings.enabled is True
    assert settings.callin_support is True
    assert settings.callin_num == "4008001234"


def test_telconf_rejects_bad_boolean(api: Api) -> None:
    assert api.call("room/telconf", roomId="room07", callinSupport="ja")["code"] == "102"
    assert api.call("room/telconf", roomId="nosuch")["code"] == "501"
