"""Teachers, warm-ups, insert-play recordings and server-side documents."""

from __future__ import annotations

import pytest

from gensee_mcp.sandbox.models import Room
from tests.sandbox.conftest import API_PREFIX, Api

UPLOADED_RECORD = 81000017


def room(api: Api, room_id: str) -> Room:
    return api.sandbox.site.store.rooms[room_id]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"teacherLoginName": "", "teacherPassword": "secret1", "name": "N"}, "101"),
        ({"teacherLoginName": "x" * 41, "teacherPassword": "secret1", "name": "N"}, "101"),
        ({"teacherLoginName": "t", "teacherPassword": "12345", "name": "N"}, "101"),
        ({"teacherLoginName": "t", "teacherPassword": "1" * 16, "name": "N"}, "101"),
        ({"teacherLoginName": "t", "teacherPassword": "secret1", "name": ""}, "101"),
        ({"teacherLoginName": "t", "teacherPassword": "secret1", "name": "n" * 41}, "101"),
        ({"teacherLoginName": "teacher", "teacherPassword": "secret1", "name": "N"}, "502"),
        ({"teacherLoginName": "admin", "teacherPassword": "secret1", "name": "N"}, "502"),
    ],
)
def test_create_teacher_rejects_invalid_request(
    api: Api, params: dict[str, str], code: str
) -> None:
    assert api.call("teacher/created", **params)["code"] == code


def test_create_teacher_twice_returns_502(api: Api) -> None:
    fields = {"teacherLoginName": "twice", "teacherPassword": "secret1", "name": "Twice"}

    assert set(api.ok("teacher/created", **fields)) == {"code", "message"}
    assert api.call("teacher/created", **fields)["code"] == "502"


def test_create_warmup_returns_fields(api: Api) -> None:
    body = api.ok("warmup/created", name="Loop", recordId=str(UPLOADED_RECORD))

    assert body["name"] == "Loop"
    assert body["recordId"] == UPLOADED_RECORD
    assert body["mode"] == 1
    assert len(body["id"]) == 6


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"recordId": "81000017"}, "101"),
        ({"name": "Loop"}, "101"),
        ({"name": "Loop", "recordId": "abc"}, "102"),
        ({"name": "Loop", "recordId": "99"}, "501"),
        ({"name": "Loop", "recordId": "81000017", "mode": "4"}, "101"),
        ({"name": "Loop", "recordId": "81000017", "mode": "0"}, "101"),
    ],
)
def test_create_warmup_rejects_invalid_request(
    api: Api, params: dict[str, str], code: str
) -> None:
    assert api.call("warmup/created", **params)["code"] == code


def test_modify_warmup_keeps_name_resets_mode(api: Api) -> None:
    api.ok("warmup/modify", id="wu0002", recordId=str(UPLOADED_RECORD))

    warmup = api.sandbox.site.store.warmups["wu0002"]
    assert warmup.name == "Countdown with music"
    assert warmup.record_id == UPLOADED_RECORD
    assert warmup.mode == 1


def test_modify_warmup_rejects_unknown_ids(api: Api) -> None:
    assert api.call("warmup/modify", id="nosuch", name="x")["code"] == "501"
    assert api.call("warmup/modify", id="wu0001", recordId="5")["code"] == "501"
    assert api.call("warmup/modify", name="x")["code"] == "101"


def test_attach_warmup_replaces_previous(api: Api) -> None:
    api.ok("warmup/attach", roomId="room06", warmupId="wu0002")

    assert room(api, "room06").warmup_id == "wu0002"


def test_attach_warmup_rejects_unknown_ids(api: Api) -> None:
    assert api.call("warmup/attach", roomId="nosuch", warmupId="wu0001")["code"] == "501"
    assert api.call("warmup/attach", roomId="room07", warmupId="nosuch")["code"] == "501"
    assert api.call("warmup/attach", roomId="room07")["code"] == "101"


def test_detach_warmup_ignores_warmup_id(api: Api) -> None:
    api.ok("warmup/detach", roomId="room06", warmupId="anything")

    assert room(api, "room06").warmup_id is None
    assert api.ok("warmup/detach", roomId="room06", warmupId="anything")
    assert api.call("warmup/detach", roomId="nosuch", warmupId="wu0001")["code"] == "501"


def test_choose_records_accepts_repeated_parameters(api: Api) -> None:
    response = api.http.post(
        API_PREFIX + "record/choose",
        content="loginName=admin&password=admin123&roomId=room07&recordId=81000001&recordId=81000002",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )

    assert response.json()["code"] == "0"
    assert room(api, "room07").record_ids == [81000001, 81000002]


def test_choose_records_accepts_comma_list(api: Api) -> None:
    api.ok("record/choose", roomId="room06", recordId="81000003, 81000018")

    assert room(api, "room06").record_ids == [81000018, 81000020, 81000003]


def test_choose_records_ignores_duplicates(api: Api) -> None:
    api.ok("record/choose", roomId="room07", recordId=["81000001", "81000001"])
    api.ok("record/choose", roomId="room07", recordId="81000001")

    assert room(api, "room07").record_ids == [81000001]


def test_choose_records_rejects_unknown_record(api: Api) -> None:
    assert api.call("record/choose", roomId="room07", recordId="81000001,42")["code"] == "501"
    assert room(api, "room07").record_ids == []
    assert api.call("record/choose", roomId="room07", recordId="x")["code"] == "102"


def test_remove_records_removes_given(api: Api) -> None:
    api.ok("record/remove", roomId="room06", recordId="81000018")

    assert room(api, "room06").record_ids == [81000020]


def test_remove_records_without_ids_removes_all(api: Api) -> None:
    api.ok("record/remove", roomId="room06")

    assert room(api, "room06").record_ids == []


def test_attach_document_replaces_previous(api: Api) -> None:
    api.ok("doc/attach", roomId="room06", docId="72000004")

    assert room(api, "room06").doc_id == 72000004


def test_attach_document_rejects_invalid_request(api: Api) -> None:
    assert api.call("doc/attach", roomId="room07", docId="9")["code"] == "501"
    assert api.call("doc/attach", roomId="room07", docId="doc")["code"] == "102"
    assert api.call("doc/attach", roomId="room07")["code"] == "101"
    assert api.call("doc/attach", roomId="nosuch", docId="72000001")["code"] == "501"


def test_detach_document(api: Api) -> None:
    api.ok("doc/detach", roomId="room06", docId="72000002")
    assert room(api, "room06").doc_id == 72000001

    api.ok("doc/detach", roomId="room06", docId="72000001")
    assert room(api, "room06").doc_id is None

    assert api.call("doc/detach", roomId="room06", docId="123")["code"] == "501"


def test_delete_room_removes_links(api: Api) -> None:
    api.ok("room/deleted", roomId="room06")

    assert api.call("warmup/attach", roomId="room06", warmupId="wu0001")["code"] == "501"
    assert "wu0001" in api.sandbox.site.store.warmups
    assert 72000001 in api.sandbox.site.store.documents
