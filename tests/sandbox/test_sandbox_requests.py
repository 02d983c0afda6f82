"""Fault rules that match parameter values, and the log of recent request parameters."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import Api


def set_faults(api: Api, *rules: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.control("POST", "faults", json=list(rules))
    assert response.status_code == 200, response.text
    described: list[dict[str, Any]] = response.json()["rules"]
    return described


def test_params_rule_hits_one_page(api: Api) -> None:
    set_faults(api, {"path": "courseware/syn", "params": {"pageNo": 2}, "force_code": "500"})

    first = api.call("courseware/syn", pageNo="1")
    second = api.call("courseware/syn", pageNo="2")
    unnumbered = api.call("courseware/syn")

    assert first["code"] == "0"
    assert second["code"] == "500"
    assert unnumbered["code"] == "0"


def test_params_rule_needs_every_value(api: Api) -> None:
    set_faults(api, {"params": {"roomId": "room01", "pageNo": "1"}, "force_code": "300"})

    assert api.call("room/info", roomId="room01")["code"] == "0"
    assert api.call("room/info", roomId="room01", pageNo="1")["code"] == "300"


def test_params_rule_counts_times(api: Api) -> None:
    set_faults(api, {"params": {"roomId": "room02"}, "force_code": "300", "times": 1})

    codes = [api.call("room/info", roomId=room)["code"] for room in ("room01", "room02", "room02")]

    assert codes == ["0", "300", "0"]


def test_params_rule_described(api: Api) -> None:
    rules = set_faults(api, {"path": "doc/syn", "params": {"pageNo": 3}, "latency_ms": 5})

    assert rules[0]["params"] == {"pageNo": "3"}
    assert set_faults(api, {"path": "doc/syn"})[0]["params"] == {}


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        (["pageNo", "3"], "params must be an object"),
        ({"pageNo": True}, "params value of 'pageNo' must be a string or a number"),
        ({"pageNo": None}, "params value of 'pageNo' must be a string or a number"),
        ({"": "3"}, "a params name must not be empty"),
    ],
)
def test_params_rule_rejects_bad_values(api: Api, params: Any, fragment: str) -> None:
    response = api.control("POST", "faults", json=[{"params": params}])

    assert response.status_code == 400
    assert fragment in response.json()["error"]


def test_request_log_keeps_params(api: Api) -> None:
    api.control("POST", "stats/reset")

    api.ok("room/info", roomId="room01")
    api.ok("courseware/syn", pageNo="2", startTime="1000", endTime="2000")
    api.control("GET", "health")

    logged = api.control("GET", "requests").json()["requests"]
    assert logged == [
        {
            "operation": "room/info",
            "params": {"loginName": "admin", "password": "[redacted]", "roomId": "room01"},
        },
        {
            "operation": "courseware/syn",
            "params": {
                "loginName": "admin",
                "password": "[redacted]",
                "pageNo": "2",
                "startTime": "1000",
                "endTime": "2000",
            },
        },
    ]


def test_request_log_repeated_names(api: Api) -> None:
    api.control("POST", "stats/reset")

    api.send("record/choose", roomId="room06", recordId=["11", "12"])

    logged = api.control("GET", "requests").json()["requests"]
    assert logged[0]["params"]["recordId"] == ["11", "12"]


def test_request_log_cleared_with_stats(api: Api) -> None:
    api.ok("room/info", roomId="room01")

    api.control("POST", "stats/reset")

    assert api.control("GET", "requests").json() == {"requests": []}


def test_request_log_keeps_latest(api: Api) -> None:
    api.control("POST", "stats/reset")

    for number in range(1, 1006):
        api.call("courseware/syn", pageNo=str(number))

    logged = api.control("GET", "requests").json()["requests"]
    assert len(logged) == 1000
    assert logged[0]["params"]["pageNo"] == "6"
    assert logged[-1]["params"]["pageNo"] == "1005"
