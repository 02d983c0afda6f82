"""Authentication, roles and the way parameters reach the sandbox site."""

from __future__ import annotations

import hashlib

import pytest

from tests.sandbox.conftest import API_PREFIX, Api


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_plain_password_accepted(api: Api) -> None:
    body = api.ok("room/info", roomId="room01")

    assert body["id"] == "room01"


def test_md5_password_with_sec_accepted(api: Api) -> None:
    signed = api.as_user("admin", md5("admin123"))

    body = signed.ok("room/info", roomId="room01", sec="true")

    assert body["id"] == "room01"


def test_md5_password_without_sec_rejected(api: Api) -> None:
    body = api.as_user("admin", md5("admin123")).call("room/info", roomId="room01")

    assert body["code"] == "200"


def test_plain_password_with_sec_rejected(api: Api) -> None:
    body = api.call("room/info", roomId="room01", sec="true")

    assert body["code"] == "200"


def test_uppercase_md5_rejected(api: Api) -> None:
    signed = api.as_user("admin", md5("admin123").upper())

    body = signed.call("room/info", roomId="room01", sec="true")

    assert body["code"] == "200"


@pytest.mark.parametrize(
    ("login", "password"),
    [("admin", "wrong"), ("nobody", "admin123"), ("", "admin123"), ("admin", "")],
)
def test_bad_credentials_return_200(api: Api, login: str, password: str) -> None:
    body = api.as_user(login, password).call("room/info", roomId="room01")

    assert body["code"] == "200"
    assert body["message"].startswith("authentication failed")


def test_missing_credentials_return_200(api: Api) -> None:
    response = api.http.post(API_PREFIX + "room/info", data={"roomId": "room01"})

    assert response.json()["code"] == "200"


def test_expired_password_returns_201(api: Api) -> None:
    expired = api.as_user("expired", "expired123")

    assert expired.call("room/info", roomId="room01")["code"] == "201"
    assert expired.call("room/created", subject="x", startDate="0")["code"] == "201"


def test_expired_password_md5_returns_201(api: Api) -> None:
    expired = api.as_user("expired", md5("expired123"))

    assert expired.call("room/info", roomId="room01", sec="true")["code"] == "201"


def test_expired_account_wrong_password_returns_200(api: Api) -> None:
    body = api.as_user("expired", "nope").call("room/info", roomId="room01")

    assert body["code"] == "200"


@pytest.mark.parametrize(
    "path",
    [
        "teacher/created",
        "record/syn",
        "courseware/syn",
        "warmup/created",
        "warmup/modify",
        "warmup/attach",
        "warmup/detach",
        "record/choose",
        "record/remove",
        "doc/syn",
        "doc/attach",
        "doc/detach",
        "export/study/history",
        "export/room/usage",
    ],
)
def test_teacher_denied_admin_operations(teacher: Api, path: str) -> None:
    body = teacher.call(path, roomId="room03")

    assert body["code"] == "500"
    assert body["message"] == "permission denied: this operation requires an administrator"


def test_teacher_denied_room_of_admin(teacher: Api) -> None:
    for path in ("room/info", "room/deleted", "courseware/list", "export/chat", "room/telconf"):
        body = teacher.call(path, roomId="room01")
        assert body["code"] == "500", path
        assert body["message"].startswith("permission denied"), path


def test_teacher_denied_courseware_of_admin(teacher: Api) -> None:
    body = teacher.call("courseware/info", coursewareId="cw0001")

    assert body["code"] == "500"


def test_teacher_uses_own_room(teacher: Api) -> None:
    assert teacher.ok("room/info", roomId="room03")["subject"] == "Intro to Python (demo teacher)"
    coursewares = teacher.ok("courseware/list", roomId="room03")["coursewares"]
    assert teacher.ok("courseware/info", coursewareId=coursewares[0]["id"])["roomId"] == "room03"
    assert len(teacher.ok("export/history", roomId="room03")["list"]) > 0


def test_teacher_unknown_room_returns_501(teacher: Api) -> None:
    assert teacher.call("room/info", roomId="nosuch")["code"] == "501"


def test_teacher_manages_rooms_they_create(teacher: Api) -> None:
    created = teacher.ok("room/created", subject="Teacher room", startDate="1900000000000")

    assert teacher.ok("room/info", roomId=created["id"])["subject"] == "Teacher room"
    assert teacher.ok("room/deleted", roomId=created["id"])["code"] == "0"


def test_created_teacher_can_log_in(api: Api) -> None:
    api.ok("teacher/created", teacherLoginName="newbie", teacherPassword="secret1", name="New")
    newbie = api.as_user("newbie", "secret1")

    created = newbie.ok("room/created", subject="Newbie room", startDate="1900000000000")

    assert newbie.call("record/syn")["code"] == "500"
    assert newbie.call("room/info", roomId="room03")["code"] == "500"
    assert newbie.ok("room/info", roomId=created["id"])["id"] == created["id"]
    assert api.as_user("newbie", md5("secret1")).ok("room/info", roomId=created["id"], sec="true")


def test_get_query_string_accepted(api: Api) -> None:
    body = api.ok("room/info", method="GET", roomId="room02")

    assert body["id"] == "room02"


def test_post_merges_query_and_form(api: Api) -> None:
    response = api.http.post(
        API_PREFIX + "room/info",
        params={"roomId": "room02"},
        data={"loginName": "admin", "password": "admin123"},
    )

    assert response.json()["id"] == "room02"


def test_query_value_wins_over_form_value(api: Api) -> None:
    response = api.http.post(
        API_PREFIX + "room/info",
        params={"roomId": "room02"},
        data={"loginName": "admin", "password": "admin123", "roomId": "room04"},
    )

    assert response.json()["id"] == "room02"


def test_password_never_in_responses(api: Api) -> None:
    secret = "Sup3rSecretPw"
    bodies = [
        api.as_user("admin", secret).send("room/info", roomId="room01").text,
        api.send(
            "teacher/created", teacherLoginName="t2", teacherPassword=secret, name="x" * 41
        ).text,
        api.send("teacher/created", teacherLoginName="t3", teacherPassword="123", name="T").text,
        api.send("room/telconf", roomId="room01", sitePassword=secret, callinSupport="maybe").text,
    ]

    for body in bodies:
        assert secret not in body
        assert md5(secret) not in body
        assert '123"' not in body
