"""Control endpoints, statistics, reset, site options and the embedded runner."""

from __future__ import annotations

import hashlib
import logging

import httpx
import pytest

from gensee_mcp.sandbox import SandboxConfig, start_embedded
from tests.sandbox.conftest import API_PREFIX, Api


def test_health(api: Api) -> None:
    response = api.control("GET", "health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_stats_count_one_keep_alive_connection(api: Api) -> None:
    api.control("POST", "stats/reset")

    for _ in range(5):
        api.ok("room/info", roomId="room01")
    api.ok("doc/syn")

    stats = api.control("GET", "stats").json()
    assert stats == {
        "requests": 6,
        "connections": 1,
        "by_path": {API_PREFIX + "room/info": 5, API_PREFIX + "doc/syn": 1},
    }


def test_stats_count_new_connections(api: Api) -> None:
    api.control("POST", "stats/reset")

    for _ in range(3):
        with httpx.Client(base_url=api.sandbox.base_url) as fresh:
            fresh.post(API_PREFIX + "room/info", data={"roomId": "room01"})

    stats = api.control("GET", "stats").json()
    assert stats["requests"] == 3
    assert stats["connections"] == 3


def test_stats_reset_zeroes_counts(api: Api) -> None:
    api.ok("room/info", roomId="room01")

    response = api.control("POST", "stats/reset")

    assert response.json() == {"requests": 0, "connections": 0, "by_path": {}}


def test_stats_ignore_control_requests(api: Api) -> None:
    api.control("POST", "stats/reset")

    api.control("GET", "health")
    api.control("GET", "demo")

    assert api.control("GET", "stats").json()["requests"] == 0


def test_reset_restores_demo_data(api: Api) -> None:
    api.ok("room/deleted", roomId="room01")
    created = api.ok("room/created", subject="Temporary", startDate="1900000000000")

    api.control("POST", "reset")

    assert api.ok("room/info", roomId="room01")["id"] == "room01"
    assert api.call("room/info", roomId=created["id"])["code"] == "501"


def test_reset_restores_generated_ids(api: Api) -> None:
    first = api.ok("room/created", subject="Same start", startDate="1900000000000")

    api.control("POST", "reset")

    again = api.ok("room/created", subject="Same start", startDate="1900000000000")
    assert again["id"] == first["id"]
    assert again["number"] == first["number"]


def test_demo_ids_exist(api: Api) -> None:
    demo = api.control("GET", "demo").json()

    assert api.ok("room/info", roomId=demo["rooms"]["pastWithExports"])
    assert api.ok("courseware/info", coursewareId=demo["coursewareId"])
    assert api.ok("warmup/attach", roomId="room07", warmupId=demo["warmupIds"][0])
    assert api.ok("doc/attach", roomId="room07", docId=str(demo["documentId"]))
    assert api.ok("record/choose", roomId="room07", recordId=str(demo["recordId"]))
    assert "admin123" not in str(demo)


def test_unknown_api_path_returns_404(api: Api) -> None:
    assert api.http.get(API_PREFIX + "room/nope").status_code == 404


def test_passwords_never_logged(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "Log-Secret-42"

    api.as_user("admin", secret).call("room/info", roomId="room01")
    api.as_user("admin", hashlib.md5(secret.encode()).hexdigest()).call("doc/syn", sec="true")
    api.call("teacher/created", teacherLoginName="logged", teacherPassword=secret, name="L")
    api.control("POST", "faults", json={"force_code": "300", "times": 1})
    api.call("room/telconf", roomId="room01", sitePassword=secret)

    assert "room/info -> code 200" in caplog.text
    assert secret not in caplog.text
    assert hashlib.md5(secret.encode()).hexdigest() not in caplog.text
    assert "admin123" not in caplog.text


def test_config_repr_hides_password() -> None:
    assert "admin123" not in repr(SandboxConfig())


def test_custom_admin_and_time_zone() -> None:
    config = SandboxConfig(admin_login="boss", admin_password="pw-boss", timezone="UTC", seed=3)
    with (
        start_embedded(config) as sandbox,
        httpx.Client(base_url=sandbox.base_url) as client,
    ):
        api = Api(sandbox, client)
        assert api.login == "boss"
        created = api.ok("room/created", subject="UTC room", startDate="2030-01-01 00:00:00")
        assert created["startDate"] == 1893456000000
        assert api.as_user("admin", "admin123").call("doc/syn")["code"] == "200"


def test_concurrency_feature_stores_max_attendees() -> None:
    with (
        start_embedded(SandboxConfig(concurrency_feature=True)) as sandbox,
        httpx.Client(base_url=sandbox.base_url) as client,
    ):
        created = Api(sandbox, client).ok(
            "room/created", subject="Capped", startDate="1900000000000", maxAttendees="25"
        )
        assert sandbox.site.store.rooms[created["id"]].max_attendees == 25


def test_embedded_stop_closes_port() -> None:
    sandbox = start_embedded()
    url = sandbox.base_url

    sandbox.stop()

    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/_sandbox/health", timeout=1)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("timezone", "Mars/Base", "unknown time zone"),
        ("extra_coursewares", -1, "extra_coursewares must be >= 0"),
        ("admin_login", "teacher", "used by a demo account"),
        ("admin_password", "", "admin_password must not be empty"),
    ],
)
def test_config_rejects_invalid_value(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        SandboxConfig(**{field: value})  # type: ignore[arg-type]
