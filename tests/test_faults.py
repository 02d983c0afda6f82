"""Upstream faults end to end: the sandbox injects them, the MCP client reads the isError text.

Reads (get_room) are retried once here (GENSEE_RETRIES=1), so a fault that hits only the first
request is invisible to the assistant. Writes (create_room) are never retried: exactly one
request reaches the site and the message tells whether the change may have been made.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import pytest
from mcp import Client

from gensee_mcp.operations import OPERATIONS
from tests.conftest import Site, connect

pytestmark = pytest.mark.anyio

READ_TIMEOUT = "0.5"
SLOW_MS = 1200

CREATE_ROOM_HINT = next(op.verify_hint for op in OPERATIONS if op.name == "create_room")
WRITE_UNSURE = (
    "The request may have reached the site before the failure, so the change may or may not "
    f"have been made. Check before calling again. {CREATE_ROOM_HINT}"
)
READ_AGAIN = "Nothing was changed. Try again in a moment."
ADMIN_ONLY = "Only the site's administrator can fix this; tell the user, and do not retry."
WRONG_LOGIN = (
    "The login name or password this server is configured with is wrong. You cannot fix this "
    "from here: ask the person who installed the server to check GENSEE_LOGIN_NAME and "
    "GENSEE_PASSWORD. Do not retry."
)
BAD_TIME = "'soon' is not a time: expected epoch milliseconds or ISO 8601"

# Faults applied, by kind, over this module: printed at the end for the record.
INJECTED: Counter[str] = Counter()


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def client(sandbox_site: Site) -> AsyncIterator[Client]:
    """One gensee-mcp session for the module, with a short read timeout and no hold."""
    env = sandbox_site.env(GENSEE_TIMEOUT=READ_TIMEOUT, GENSEE_HOLD_AFTER_REJECTION="0")
    async with connect(env) as session:
        yield session


@pytest.fixture(scope="module", autouse=True)
def report_injected() -> Iterator[None]:
    yield
    total = sum(INJECTED.values())
    print(f"\nfaults injected: {total} ({', '.join(f'{k} {n}' for k, n in INJECTED.items())})")


def kind_of(rule: dict[str, Any]) -> str:
    """Name a rule for the tally: its failure effect, or latency."""
    for key in ("force_code", "malformed", "http_status"):
        if key in rule:
            return f"{key}={rule[key]}"
    if rule.get("drop_connection"):
        return "drop_connection"
    if "failure_rate" in rule:
        return "failure_rate"
    return "latency"


async def call_with_fault(
    site: Site, client: Client, rule: dict[str, Any], tool: str, arguments: dict[str, Any]
) -> tuple[Any, int]:
    """Install one rule, call one tool, and return the result and the requests the site saw."""
    site.faults(rule)
    site.reset_stats()
    result = await client.call_tool(tool, arguments)
    requests = int(site.stats()["requests"])
    failed = requests if rule.get("times") is None else min(requests, rule["times"])
    INJECTED[kind_of(rule)] += failed
    site.faults()
    return result, requests


def text_of(result: Any) -> str:
    assert len(result.content) == 1
    text: str = result.content[0].text
    return text


async def read(site: Site, client: Client, rule: dict[str, Any]) -> tuple[Any, int]:
    return await call_with_fault(
        site, client, {"path": "room/info", **rule}, "get_room", {"roomId": "room01"}
    )


async def write(site: Site, client: Client, rule: dict[str, Any], subject: str) -> tuple[Any, int]:
    arguments = {"subject": subject, "startDate": "2030-01-07 09:00:00"}
    return await call_with_fault(
        site, client, {"path": "room/created", **rule}, "create_room", arguments
    )


async def room_exists(client: Client, subject: str) -> bool:
    """Tell whether a room with `subject` exists: creating it again fails with code 502."""
    result = await client.call_tool(
        "create_room", {"subject": subject, "startDate": "2030-01-07 09:00:00"}
    )
    if result.is_error:
        assert "returned code 502 (duplicate data)" in text_of(result)
        return True
    return False


# Faults that a retried read gets past, with the message when every attempt fails.
READ_FAILURES = [
    pytest.param(
        {"latency_ms": SLOW_MS},
        re.escape("get_room failed after 2 attempts: the site did not answer within 0.5 s. ")
        + re.escape(READ_AGAIN),
        id="latency",
    ),
    pytest.param(
        {"failure_rate": 1.0},
        re.escape(
            "get_room failed after 2 attempts: training/room/info returned code 300 (system "
            "error): system error. The site had an internal error. Try again in a minute."
        ),
        id="failure_rate",
    ),
    pytest.param(
        {"force_code": "300"},
        re.escape(
            "get_room failed after 2 attempts: training/room/info returned code 300 (system "
            "error): system error. The site had an internal error. Try again in a minute."
        ),
        id="code_300",
    ),
    pytest.param(
        {"drop_connection": True},
        re.escape(
            "get_room failed after 2 attempts: the connection broke before the response was "
            "complete: peer closed connection without sending complete message body "
        )
        + r"\(received \d+ bytes, expected \d+\)\. "
        + re.escape(READ_AGAIN),
        id="drop_connection",
    ),
    pytest.param(
        {"http_status": 503},
        re.escape(
            "get_room failed after 2 attempts: HTTP 503 Service Unavailable; the body is an "
            "HTML page titled '503 Service Unavailable'. " + READ_AGAIN
        ),
        id="http_503",
    ),
    pytest.param(
        {"malformed": "html"},
        re.escape(
            "get_room failed after 2 attempts: HTTP 502 Bad Gateway; the body is an HTML page "
            "titled '502 Bad Gateway'. " + READ_AGAIN
        ),
        id="html",
    ),
    pytest.param(
        {"malformed": "html", "http_status": 200},
        re.escape(
            "get_room failed after 2 attempts: the site's response was not usable: the "
            "response is not JSON: the body is an HTML page titled '200 Error'. " + READ_AGAIN
        ),
        id="html_200",
    ),
    pytest.param(
        {"malformed": "empty"},
        re.escape(
            "get_room failed after 2 attempts: the site's response was not usable: the "
            "response body is empty. " + READ_AGAIN
        ),
        id="empty",
    ),
    pytest.param(
        {"malformed": "invalid_json"},
        re.escape(
            "get_room failed after 2 attempts: the site's response was not usable: the "
            "response is not JSON: the body is 48 characters starting "
            """'{"code":"0","message":"","list":[{"id":"mquQf2",'. """ + READ_AGAIN
        ),
        id="invalid_json",
    ),
    pytest.param(
        {"malformed": "no_code"},
        re.escape(
            "get_room failed after 2 attempts: the site's response was not usable: the "
            "response has no return code: the body is "
        )
        + r"\d+ characters starting '\{\"message\":\"\",\"id\":\"room01\",.*\.\.\.'\. "
        + re.escape(READ_AGAIN),
        id="no_code",
    ),
]


@pytest.mark.parametrize(("rule", "expected"), READ_FAILURES)
async def test_read_fails_after_retry(
    site: Site, client: Client, rule: dict[str, Any], expected: str
) -> None:
    result, requests = await read(site, client, rule)

    assert result.is_error
    assert re.fullmatch(expected, text_of(result)), text_of(result)
    assert requests == 2


@pytest.mark.parametrize("rule", [param.values[0] for param in READ_FAILURES])
async def test_read_retry_succeeds(site: Site, client: Client, rule: dict[str, Any]) -> None:
    result, requests = await read(site, client, {**rule, "times": 1})

    assert not result.is_error, text_of(result)
    assert result.structured_content["roomId"] == "room01"
    assert result.structured_content["subject"] == "Algebra I: linear equations"
    assert requests == 2


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "600",
            "returned code 600 (interface disabled): interface disabled, please contact the "
            "administrator. The site's administrator has disabled this interface. " + ADMIN_ONLY,
        ),
        (
            "200",
            "returned code 200 (authentication failed): authentication failed. " + WRONG_LOGIN,
        ),
        (
            "201",
            "returned code 201 (password expired): password expired. The account's password "
            "has expired. " + ADMIN_ONLY,
        ),
        (
            "-1",
            "returned code -1 (failure): failure. The site gave no reason. Check the arguments; "
            "if they are right, try again later.",
        ),
    ],
)
async def test_codes_not_retried(site: Site, client: Client, code: str, expected: str) -> None:
    result, requests = await read(site, client, {"force_code": code})
    assert result.is_error
    assert text_of(result) == f"get_room failed: training/room/info {expected}"
    assert requests == 1

    result, requests = await write(site, client, {"force_code": code}, f"Code {code}")
    assert result.is_error
    assert text_of(result) == f"create_room failed: training/room/created {expected}"
    assert requests == 1
    assert not await room_exists(client, f"Code {code}")


async def test_read_wrong_type_quotes_field(site: Site, client: Client) -> None:
    result, requests = await read(site, client, {"malformed": "wrong_type"})

    assert result.is_error
    assert text_of(result) == (
        f"get_room failed: the site's response has an invalid value in the field 'startDate': "
        f"{BAD_TIME}. Nothing is wrong with your arguments and nothing was changed; the site "
        "may be faulty or may have changed its format. Try again later, and tell the user if "
        "it keeps happening."
    )
    assert requests == 1


# Faults on a write, the message, and whether the site made the change before the fault.
WRITE_FAILURES = [
    pytest.param(
        {"latency_ms": SLOW_MS},
        re.escape("create_room failed: the site did not answer within 0.5 s. " + WRITE_UNSURE),
        True,
        id="latency",
    ),
    pytest.param(
        {"failure_rate": 1.0},
        re.escape(
            "create_room failed: training/room/created returned code 300 (system error): "
            "system error. The site had an internal error. " + WRITE_UNSURE
        ),
        False,
        id="failure_rate",
    ),
    pytest.param(
        {"force_code": "300"},
        re.escape(
            "create_room failed: training/room/created returned code 300 (system error): "
            "system error. The site had an internal error. " + WRITE_UNSURE
        ),
        False,
        id="code_300",
    ),
    pytest.param(
        {"drop_connection": True},
        re.escape(
            "create_room failed: the connection broke before the response was complete: peer "
            "closed connection without sending complete message body "
        )
        + r"\(received \d+ bytes, expected \d+\)\. "
        + re.escape(WRITE_UNSURE),
        True,
        id="drop_connection",
    ),
    pytest.param(
        {"http_status": 503},
        re.escape(
            "create_room failed: HTTP 503 Service Unavailable; the body is an HTML page titled "
            "'503 Service Unavailable'. " + WRITE_UNSURE
        ),
        False,
        id="http_503",
    ),
    pytest.param(
        {"malformed": "html"},
        re.escape(
            "create_room failed: HTTP 502 Bad Gateway; the body is an HTML page titled "
            "'502 Bad Gateway'. " + WRITE_UNSURE
        ),
        False,
        id="html",
    ),
    pytest.param(
        {"malformed": "empty"},
        re.escape(
            "create_room failed: the site's response was not usable: the response body is "
            "empty. " + WRITE_UNSURE
        ),
        False,
        id="empty",
    ),
    pytest.param(
        {"malformed": "invalid_json"},
        re.escape(
            "create_room failed: the site's response was not usable: the response is not JSON: "
            "the body is 48 characters starting "
            """'{"code":"0","message":"","list":[{"id":"mquQf2",'. """ + WRITE_UNSURE
        ),
        False,
        id="invalid_json",
    ),
    pytest.param(
        {"malformed": "no_code"},
        re.escape(
            "create_room failed: the site's response was not usable: the response has no "
            "return code: the body is "
        )
        + r"\d+ characters starting '\{\"message\":\"\",\"id\":\"\w+\",.*\.\.\.'\. "
        + re.escape(WRITE_UNSURE),
        True,
        id="no_code",
    ),
    pytest.param(
        {"malformed": "wrong_type"},
        re.escape(
            "create_room failed: the site reported success (code 0), so the change was most "
            "likely made, but the site's response has an invalid value in the field "
            f"'startDate': {BAD_TIME}. Check before calling create_room again. " + CREATE_ROOM_HINT
        ),
        True,
        id="wrong_type",
    ),
]


@pytest.mark.parametrize(("rule", "expected", "made"), WRITE_FAILURES)
async def test_write_sent_once(
    site: Site, client: Client, rule: dict[str, Any], expected: str, made: bool
) -> None:
    subject = f"Fault {kind_of(rule)}"
    # times=1: a blind second attempt would succeed, so one request proves there was none.
    result, requests = await write(site, client, {**rule, "times": 1}, subject)

    assert result.is_error
    assert re.fullmatch(expected, text_of(result)), text_of(result)
    assert requests == 1
    if rule.get("latency_ms"):
        # The site finishes the slow request after the client has given up on it.
        await anyio.sleep(SLOW_MS / 1000)
    assert await room_exists(client, subject) is made


async def test_hint_names_subject_and_tools() -> None:
    assert "subject" in CREATE_ROOM_HINT
    assert "list_rooms" in CREATE_ROOM_HINT
    assert "get_room" in CREATE_ROOM_HINT


async def test_failure_rate_mostly_hidden(site: Site, client: Client) -> None:
    site.faults({"path": "room/info", "failure_rate": 0.5})
    site.reset_stats()
    outcomes = []
    for _ in range(20):
        result = await client.call_tool("get_room", {"roomId": "room01"})
        outcomes.append(result)
    requests = int(site.stats()["requests"])
    site.faults()
    INJECTED["failure_rate"] += requests - 20

    errors = [text_of(result) for result in outcomes if result.is_error]
    successes = [result for result in outcomes if not result.is_error]
    for result in successes:
        assert result.structured_content["roomId"] == "room01"
    for text in errors:
        assert text == (
            "get_room failed after 2 attempts: training/room/info returned code 300 (system "
            "error): system error. The site had an internal error. Try again in a minute."
        )
    assert 20 < requests <= 40
    assert len(successes) + 2 * len(errors) <= requests
    assert len(successes) > len(errors)


HELD_ACCOUNT = (
    r"(get_room|create_room) was not sent to the site\. (Less than a second ago|\d+ s ago), "
    + re.escape(
        "training/courseware/list returned code 200 (authentication failed): authentication "
        "failed, "
        "and every call is held for 30 s after that so that repeated attempts cannot lock the "
        "account. " + WRONG_LOGIN
    )
)
HELD_INTERFACE = r"get_room was not sent to the site\. (Less than a second ago|\d+ s ago), " + (
    re.escape(
        "training/room/info returned code 600 (interface disabled): interface disabled, please "
        "contact the administrator, and calls to this interface are held for 30 s after that. "
        "The site's administrator has disabled this interface. " + ADMIN_ONLY
    )
)


async def test_rejections_held(site: Site) -> None:
    async with connect(site.env()) as session:
        first, requests = await read(site, session, {"force_code": "600"})
        assert text_of(first).startswith("get_room failed: training/room/info returned code 600")
        assert requests == 1

        again = await session.call_tool("get_room", {"roomId": "room01"})
        assert re.fullmatch(HELD_INTERFACE, text_of(again)), text_of(again)
        other = await session.call_tool("list_room_coursewares", {"roomId": "room01"})
        assert not other.is_error
        # The first get_room and list_room_coursewares: the held get_room sent nothing.
        assert int(site.stats()["requests"]) == 2

        first, requests = await call_with_fault(
            site, session, {"force_code": "200"}, "list_room_coursewares", {"roomId": "room02"}
        )
        assert text_of(first) == (
            "list_room_coursewares failed: training/courseware/list returned code 200 "
            "(authentication failed): authentication failed. " + WRONG_LOGIN
        )
        assert requests == 1

        site.reset_stats()
        for tool, arguments in [
            ("get_room", {"roomId": "room02"}),
            ("create_room", {"subject": "Held", "startDate": "2030-01-07 09:00:00"}),
        ]:
            held = await session.call_tool(tool, arguments)
            assert held.is_error
            assert re.fullmatch(HELD_ACCOUNT, text_of(held)), text_of(held)
            assert text_of(held).startswith(tool)
        assert site.stats()["requests"] == 0
