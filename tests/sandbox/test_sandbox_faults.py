"""Fault injection through the control endpoint and the command-line options."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from tests.sandbox.conftest import Api


def set_faults(api: Api, *rules: dict[str, Any]) -> dict[str, Any]:
    response = api.control("POST", "faults", json={"rules": list(rules)})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("code", ["300", "600", "-1", "201"])
def test_force_code(api: Api, code: str) -> None:
    set_faults(api, {"path": "room/info", "force_code": code})

    body = api.call("room/info", roomId="room01")

    assert body["code"] == code
    assert api.ok("courseware/info", coursewareId="cw0001")


def test_force_code_skips_operation(api: Api) -> None:
    set_faults(api, {"path": "room/deleted", "force_code": "300", "times": 1})

    assert api.call("room/deleted", roomId="room06")["code"] == "300"
    assert api.ok("room/info", roomId="room06")


def test_times_limits_rule(api: Api) -> None:
    set_faults(api, {"force_code": "600", "times": 2})

    codes = [api.call("room/info", roomId="room01")["code"] for _ in range(3)]

    assert codes == ["600", "600", "0"]
    assert api.control("GET", "faults").json()["rules"][0]["remaining"] == 0


def test_path_forms_match(api: Api) -> None:
    for path in ("/integration/site/training/room/info", "/training/room/info", "room/info"):
        set_faults(api, {"path": path, "force_code": "300"})
        assert api.call("room/info", roomId="room01")["code"] == "300", path


def test_latency_delays_response(api: Api) -> None:
    set_faults(api, {"path": "room/info", "latency_ms": 200})

    started = time.perf_counter()
    body = api.call("room/info", roomId="room01")
    elapsed = time.perf_counter() - started

    assert body["code"] == "0"
    assert elapsed >= 0.2


def test_failure_rate_is_seeded(api: Api) -> None:
    set_faults(api, {"path": "room/info", "failure_rate": 0.5})
    first = [api.call("room/info", roomId="room01")["code"] for _ in range(40)]
    set_faults(api, {"path": "room/info", "failure_rate": 0.5})
    second = [api.call("room/info", roomId="room01")["code"] for _ in range(40)]

    assert first == second
    assert set(first) == {"0", "300"}


def test_failure_rate_zero_never_fails(api: Api) -> None:
    set_faults(api, {"failure_rate": 0, "force_code": "600"})

    assert {api.call("room/info", roomId="room01")["code"] for _ in range(10)} == {"0"}


def test_drop_connection_breaks_response(api: Api) -> None:
    set_faults(api, {"path": "room/info", "drop_connection": True, "times": 1})

    with pytest.raises(httpx.RemoteProtocolError):
        api.send("room/info", roomId="room01")
    assert api.ok("room/info", roomId="room01")


def test_drop_connection_runs_operation(api: Api) -> None:
    set_faults(api, {"path": "room/created", "drop_connection": True, "times": 1})

    with pytest.raises(httpx.RemoteProtocolError):
        api.send("room/created", subject="Lost answer", startDate="1900000000000")
    retry = api.call("room/created", subject="Lost answer", startDate="1900000000000")
    assert retry["code"] == "502"


def test_malformed_html(api: Api) -> None:
    set_faults(api, {"malformed": "html"})

    response = api.send("room/info", roomId="room01")

    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_malformed_empty(api: Api) -> None:
    set_faults(api, {"malformed": "empty"})

    response = api.send("room/info", roomId="room01")

    assert response.status_code == 200
    assert response.content == b""


def test_malformed_invalid_json(api: Api) -> None:
    set_faults(api, {"malformed": "invalid_json"})

    response = api.send("room/info", roomId="room01")

    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text, strict=False)


def test_malformed_no_code(api: Api) -> None:
    set_faults(api, {"malformed": "no_code"})

    body = api.send("room/info", roomId="room01").json()

    assert "code" not in body
    assert body["id"] == "room01"


@pytest.mark.parametrize(
    ("path", "params", "field", "value"),
    [
        ("record/syn", {}, "list", "oops"),
        ("courseware/list", {"roomId": "room01"}, "coursewares", "oops"),
        ("export/rollcall", {"roomId": "room01"}, "rollcall", "oops"),
        ("room/info", {"roomId": "room01"}, "startDate", "soon"),
        ("room/telconf", {"roomId": "room01"}, "code", 0),
    ],
)
def test_malformed_wrong_type(
    api: Api, path: str, params: dict[str, str], field: str, value: object
) -> None:
    set_faults(api, {"malformed": "wrong_type"})

    body = json.loads(api.send(path, **params).text, strict=False)

    assert body[field] == value


def test_http_status_alone_returns_html(api: Api) -> None:
    set_faults(api, {"http_status": 503})

    response = api.send("room/info", roomId="room01")

    assert response.status_code == 503
    assert "503 Service Unavailable" in response.text


def test_http_status_with_force_code_returns_json(api: Api) -> None:
    set_faults(api, {"http_status": 500, "force_code": "300"})

    response = api.send("room/info", roomId="room01")

    assert response.status_code == 500
    assert response.json() == {"code": "300", "message": "system error"}


def test_first_matching_rule_applies(api: Api) -> None:
    set_faults(api, {"path": "room/info", "force_code": "600"}, {"force_code": "-1"})

    assert api.call("room/info", roomId="room01")["code"] == "600"
    assert api.call("courseware/info", coursewareId="cw0001")["code"] == "-1"


def test_delete_clears_faults(api: Api) -> None:
    set_faults(api, {"force_code": "300"})

    response = api.control("DELETE", "faults")

    assert response.json() == {"rules": []}
    assert api.ok("room/info", roomId="room01")


def test_reset_clears_faults(api: Api) -> None:
    set_faults(api, {"force_code": "300"})

    api.control("POST", "reset")

    assert api.ok("room/info", roomId="room01")


def test_faults_do_not_touch_control_endpoints(api: Api) -> None:
    set_faults(api, {"malformed": "html", "latency_ms": 1000})

    started = time.perf_counter()
    assert api.control("GET", "health").json() == {"status": "ok"}
    assert time.perf_counter() - started < 0.5


def test_rules_accept_bare_list_and_single_object(api: Api) -> None:
    bare = api.control("POST", "faults", json=[{"force_code": 600}])
    single = api.control("POST", "faults", json={"path": "doc/syn", "latency_ms": 5})

    assert bare.json()["rules"][0]["force_code"] == "600"
    assert single.json()["rules"][0]["path"] == "doc/syn"


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ({"path": "room/nope"}, "unknown operation path"),
        ({"colour": "red"}, "unknown fault rule keys: colour"),
        ({"failure_rate": 2}, "failure_rate must be between 0 and 1"),
        ({"malformed": "xml"}, "malformed must be one of"),
        ({"times": 0}, "times must be >= 1"),
        ({"latency_ms": "slow"}, "latency_ms must be an integer"),
        ({"http_status": 99}, "http_status must be between 200 and 599"),
        ({"force_code": "abc"}, "force_code must be a numeric code"),
    ],
)
def test_bad_rule_returns_400(api: Api, rule: dict[str, Any], fragment: str) -> None:
    response = api.control("POST", "faults", json={"rules": [rule]})

    assert response.status_code == 400
    assert fragment in response.json()["error"]


def test_bad_json_returns_400(api: Api) -> None:
    response = api.control("POST", "faults", content=b"{not json")

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]
