"""The HTTP client on its own: what goes on the wire and how answers are read."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx
import pytest

from gensee_mcp import errors
from gensee_mcp.client import GenseeClient
from gensee_mcp.settings import Settings

pytestmark = pytest.mark.anyio

PASSWORD = "s3cret-pass"
PASSWORD_MD5 = hashlib.md5(PASSWORD.encode()).hexdigest()


def make_client(
    handler: Callable[[httpx.Request], httpx.Response], **settings: object
) -> GenseeClient:
    config = Settings(
        site="demo.gensee.com", login_name="api", password=PASSWORD, retries=0, **settings
    )
    return GenseeClient(config, transport=httpx.MockTransport(handler))


def json_response(body: object) -> httpx.Response:
    return httpx.Response(200, text=json.dumps(body))


async def test_request_is_form_post_with_md5() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return json_response({"code": "0", "message": ""})

    client = make_client(handler)
    await client.call("training/room/info", [("roomId", "abc")])
    await client.aclose()

    request = seen[0]
    form = parse_qs(request.content.decode())
    assert request.method == "POST"
    assert str(request.url) == "https://demo.gensee.com/integration/site/training/room/info"
    assert request.url.query == b""
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form == {
        "roomId": ["abc"],
        "loginName": ["api"],
        "password": [PASSWORD_MD5],
        "sec": ["true"],
    }
    assert PASSWORD not in request.content.decode()


async def test_password_md5_setting_is_sent_as_is() -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return json_response({"code": "0"})

    config = Settings(site="http://127.0.0.1:9", login_name="api", password_md5="0" * 32)
    client = GenseeClient(config, transport=httpx.MockTransport(handler))
    await client.call("training/room/info")
    await client.aclose()

    assert parse_qs(seen[0].decode())["password"] == ["0" * 32]


async def test_repeated_list_values() -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return json_response({"code": "0"})

    client = make_client(handler)
    await client.call("training/record/choose", [("recordId", "1"), ("recordId", "2")])
    await client.aclose()

    assert parse_qs(seen[0].decode())["recordId"] == ["1", "2"]


async def test_raw_control_characters_are_read() -> None:
    body = '{"code":"0","list":[{"msg":"line one\nline\ttwo"}]}'
    client = make_client(lambda request: httpx.Response(200, text=body))
    result = await client.call("training/export/chat")
    await client.aclose()

    assert result["list"] == [{"msg": "line one\nline\ttwo"}]


@pytest.mark.parametrize(
    ("code", "error_class"),
    [
        ("-1", errors.FailureError),
        ("101", errors.ParameterError),
        ("102", errors.ParameterConversionError),
        ("200", errors.AuthenticationError),
        ("201", errors.CredentialsExpiredError),
        ("300", errors.SystemError_),
        ("500", errors.BusinessError),
        ("501", errors.NotFoundError),
        ("502", errors.DuplicateError),
        ("600", errors.InterfaceDisabledError),
        ("777", errors.UnknownCodeError),
    ],
)
async def test_return_code_becomes_error_class(
    code: str, error_class: type[errors.ApiError]
) -> None:
    client = make_client(lambda request: json_response({"code": code, "message": "why"}))
    with pytest.raises(error_class) as caught:
        await client.call("training/room/info")
    await client.aclose()

    assert type(caught.value) is error_class
    assert caught.value.code == code
    assert caught.value.message == "why"
    assert caught.value.operation == "training/room/info"


async def test_numeric_zero_code_is_success() -> None:
    client = make_client(lambda request: json_response({"code": 0, "id": "x"}))
    assert await client.call("training/room/info") == {"code": 0, "id": "x"}
    await client.aclose()


@pytest.mark.parametrize(
    ("status", "text", "expected"),
    [
        (200, "", "the response body is empty"),
        (
            200,
            "<html>oops</html>",
            "the response is not JSON: the body is 17 characters starting '<html>oops</html>'",
        ),
        (
            200,
            "<html><title>Sign in</title></html>",
            "the response is not JSON: the body is an HTML page titled 'Sign in'",
        ),
        (
            200,
            '{"list": []}',
            "the response has no return code: the body is 12 characters starting '{\"list\": []}'",
        ),
        (
            200,
            "[1, 2]",
            "the response has no return code: the body is 6 characters starting '[1, 2]'",
        ),
    ],
)
async def test_malformed_bodies(status: int, text: str, expected: str) -> None:
    client = make_client(lambda request: httpx.Response(status, text=text))
    with pytest.raises(errors.ResponseFormatError) as caught:
        await client.call("training/room/info")
    await client.aclose()

    assert caught.value.message == expected


async def test_http_error_status_quotes_excerpt_without_password() -> None:
    page = f"<html><body>Bad gateway for {PASSWORD} and {PASSWORD_MD5}</body></html>"
    client = make_client(lambda request: httpx.Response(502, text=page))
    with pytest.raises(errors.TransportError) as caught:
        await client.call("training/room/info")
    await client.aclose()

    assert caught.value.status == 502
    assert caught.value.message == (
        "HTTP 502 Bad Gateway; the body is 67 characters starting "
        "'<html><body>Bad gateway for [redacted] and [redacted]</body></html>'"
    )


async def test_timeout_becomes_timeout_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client = make_client(handler, timeout=2.5)
    with pytest.raises(errors.TimeoutError_) as caught:
        await client.call("training/room/info")
    await client.aclose()

    assert caught.value.message == "the site did not answer within 2.5 s"


async def test_connection_error_becomes_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = make_client(handler)
    with pytest.raises(errors.TransportError) as caught:
        await client.call("training/room/info")
    await client.aclose()

    assert type(caught.value) is errors.TransportError
    assert caught.value.message == "could not connect to the site: connection refused"


async def test_reads_retry_system_error_then_succeed() -> None:
    answers = iter([{"code": "300", "message": "busy"}, {"code": "0", "id": "r1"}])
    client = make_client(lambda request: json_response(next(answers)))
    client.settings = client.settings.model_copy(update={"retries": 2})

    assert await client.call("training/room/info", retry=True) == {"code": "0", "id": "r1"}
    await client.aclose()


async def test_writes_are_not_retried() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return json_response({"code": "300"})

    client = make_client(handler)
    client.settings = client.settings.model_copy(update={"retries": 3})
    with pytest.raises(errors.SystemError_):
        await client.call("training/room/created", retry=False)
    await client.aclose()

    assert len(calls) == 1
