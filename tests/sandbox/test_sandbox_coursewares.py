"""Coursewares: list, info, modify, delete, and document and media transcoding."""

from __future__ import annotations

import pytest

from tests.sandbox.conftest import Api


def test_list_returns_room_coursewares(api: Api) -> None:
    body = api.ok("courseware/list", roomId="room01")

    coursewares = body["coursewares"]
    assert [item["id"] for item in coursewares] == ["cw0001", "cw0002", "cw0003", "cw0009"]
    first = coursewares[0]
    assert first["roomId"] == "room01"
    assert first["recordId"] == 81000001
    assert first["url"] == f"{api.sandbox.base_url}/training/site/v/{first['number']}"


def test_list_omits_key_when_room_has_none(api: Api) -> None:
    for room_id in ("room05", "room07"):
        body = api.ok("courseware/list", roomId=room_id)
        assert "coursewares" not in body, room_id


def test_list_items_omit_empty_token(api: Api) -> None:
    coursewares = api.ok("courseware/list", roomId="room01")["coursewares"]

    assert "token" not in coursewares[0]
    assert coursewares[2]["token"] == "246810"


def test_info_returns_spec_fields(api: Api) -> None:
    body = api.ok("courseware/info", coursewareId="cw0001")

    assert set(body) == {
        "code", "message", "id", "token", "subject", "roomId", "url", "description", "creator",
        "number",
    }  # fmt: skip
    assert body["creator"] == 10001


def test_info_unknown_returns_501(api: Api) -> None:
    assert api.call("courseware/info", coursewareId="nosuch")["code"] == "501"
    assert api.call("courseware/info")["code"] == "101"


def test_modify_clears_omitted_token(api: Api) -> None:
    api.ok("courseware/modify", id="cw0003", subject="Renamed", uiColor="blue")

    body = api.ok("courseware/info", coursewareId="cw0003")
    assert body["subject"] == "Renamed"
    assert body["token"] == ""
    courseware = api.sandbox.site.store.coursewares["cw0003"]
    assert courseware.ui_color == "blue"
    assert courseware.auto_play is True


def test_modify_sets_token(api: Api) -> None:
    api.ok("courseware/modify", id="cw0001", subject="S", token="view99", autoPlay="false")

    assert api.ok("courseware/info", coursewareId="cw0001")["token"] == "view99"
    assert api.sandbox.site.store.coursewares["cw0001"].auto_play is False


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"id": "cw0001"}, "101"),
        ({"subject": "S"}, "101"),
        ({"id": "nosuch", "subject": "S"}, "501"),
        ({"id": "cw0001", "subject": "S", "uiMode": "9"}, "101"),
        ({"id": "cw0001", "subject": "S", "autoPlay": "on"}, "102"),
    ],
)
def test_modify_rejects_invalid_request(api: Api, params: dict[str, str], code: str) -> None:
    assert api.call("courseware/modify", **params)["code"] == code


def test_delete_removes_courseware(api: Api) -> None:
    api.ok("courseware/deleted", coursewareId="cw0001")

    assert api.call("courseware/info", coursewareId="cw0001")["code"] == "501"
    assert api.call("courseware/deleted", coursewareId="cw0001")["code"] == "501"


def test_document_transcode_creates_courseware_and_document(api: Api) -> None:
    body = api.ok(
        "courseware/transcode",
        resourceUrl="https://files.example.com/deck.pptx",
        callbackUrl="http://127.0.0.1:9/never-called",
        name="Deck",
    )

    assert isinstance(body["docId"], str)
    assert body["visitUrl"] == f"{api.sandbox.base_url}/training/site/v/{body['coursewareCode']}"
    info = api.ok("courseware/info", coursewareId=body["coursewareId"])
    assert info["subject"] == "Deck"
    documents = api.ok("doc/syn", pageNo="1")["list"]
    assert documents[-1] == {
        "Id": int(body["docId"]),
        "name": "Deck",
        "upload": "true",
        "createdTime": documents[-1]["createdTime"],
    }
    coursewares = api.ok("courseware/syn")["list"]
    assert coursewares[-1]["grType"] == 2
    assert api.sandbox.site.store.coursewares[body["coursewareId"]].callback_url == (
        "http://127.0.0.1:9/never-called"
    )


def test_media_transcode_creates_courseware_and_record(api: Api) -> None:
    body = api.ok("media/transcode", resourceUrl="http://media.example.com/a.mp4", name="Clip")

    assert isinstance(body["recordId"], str)
    records = api.ok("record/syn")["list"]
    assert records[-1]["id"] == int(body["recordId"])
    assert records[-1]["name"] == "Clip"
    coursewares = api.ok("courseware/syn")["list"]
    assert coursewares[-1]["id"] == body["coursewareId"]
    assert coursewares[-1]["grType"] == 1
    assert coursewares[-1]["recordId"] == int(body["recordId"])


@pytest.mark.parametrize("path", ["courseware/transcode", "media/transcode"])
@pytest.mark.parametrize(
    "params",
    [
        {"resourceUrl": "ftp://files.example.com/a", "name": "A"},
        {"resourceUrl": "not a url", "name": "A"},
        {"resourceUrl": "http://files.example.com/a"},
        {"name": "A"},
        {"resourceUrl": "http://x.example.com/a", "name": "A", "callbackUrl": "file:///etc"},
    ],
)
def test_transcode_rejects_invalid_request(api: Api, path: str, params: dict[str, str]) -> None:
    assert api.call(path, **params)["code"] == "101"


def test_teacher_owns_transcoded_courseware(teacher: Api) -> None:
    body = teacher.ok("media/transcode", resourceUrl="https://x.example.com/v.mp4", name="Mine")

    assert teacher.ok("courseware/info", coursewareId=body["coursewareId"])["creator"] == 10002
    assert teacher.ok("courseware/deleted", coursewareId=body["coursewareId"])
