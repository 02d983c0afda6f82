"""The streamable HTTP transport: Host/Origin checks, the bearer token, stateless replicas.

Every server here binds 127.0.0.1. Setting GENSEE_MCP_TOKEN enforces the token on loopback
too, which is how the token path is tested without binding a reachable address.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from gensee_mcp.http import transport_security
from gensee_mcp.settings import load_settings
from tests.conftest import BIN, Site, free_port

pytestmark = pytest.mark.anyio

TOKEN = "test-token-0123456789abcdef"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}
UNAUTHORIZED = (
    "Unauthorized: send the token configured in GENSEE_MCP_TOKEN as "
    "'Authorization: Bearer <token>'.\n"
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class HttpServer:
    """A gensee-mcp process serving HTTP, and where its output goes."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def post(self, headers: dict[str, str] | None = None) -> httpx.Response:
        """Send an initialize request with the given headers."""
        return httpx.post(
            self.url, json=INITIALIZE, headers={**MCP_HEADERS, **(headers or {})}, timeout=10
        )


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gensee-mcp exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"gensee-mcp did not listen on port {port} within {seconds} s")


@contextmanager
def http_server(env: dict[str, str], tmp_path: Path, *args: str) -> Iterator[HttpServer]:
    """Run `gensee-mcp --transport http` on a free loopback port."""
    port = free_port()
    stdout = tmp_path / f"stdout-{port}.txt"
    stderr = tmp_path / f"stderr-{port}.txt"
    command = [str(BIN / "gensee-mcp"), "--transport", "http", "--port", str(port), *args]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)
    try:
        wait_for_port(port, process)
        yield HttpServer(f"http://127.0.0.1:{port}/mcp", port, process, stdout, stderr)
    finally:
        process.terminate()
        process.wait(timeout=10)


@asynccontextmanager
async def http_client(url: str, token: str | None = None, **kwargs: Any) -> AsyncIterator[Client]:
    """Open an MCP session over streamable HTTP with the SDK's client."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(headers=headers, **kwargs) as http:
        transport = streamable_http_client(url, http_client=http)
        async with Client(transport, mode="legacy", read_timeout_seconds=60) as client:
            yield client


async def list_and_call(client: Client) -> None:
    tools = (await client.list_tools()).tools
    assert "get_room" in [tool.name for tool in tools]
    result = await client.call_tool("get_room", {"roomId": "room01"})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["roomId"] == "room01"


async def test_loopback_serves_sdk_client(site: Site, tmp_path: Path) -> None:
    with http_server(site.env(), tmp_path, "--log-level", "INFO") as server:
        async with http_client(server.url) as client:
            await list_and_call(client)
        accepted = server.post({"Origin": f"http://localhost:{server.port}"})

    assert accepted.status_code == 200
    assert server.stdout.read_text() == ""
    log = server.stderr.read_text()
    assert "serving MCP over streamable HTTP at " in log
    assert '"POST /mcp HTTP/1.1" 200' in log


async def test_loopback_rejects_foreign_names(site: Site, tmp_path: Path) -> None:
    with http_server(site.env(), tmp_path) as server:
        wrong_host = server.post({"Host": "evil.example"})
        wrong_origin = server.post({"Origin": "http://evil.example"})
        rebound = server.post({"Host": f"evil.example:{server.port}"})

    assert wrong_host.status_code == 421
    assert wrong_host.text == "Invalid Host header"
    assert wrong_origin.status_code == 403
    assert wrong_origin.text == "Invalid Origin header"
    assert rebound.status_code == 421


async def test_token_required_when_set(site: Site, tmp_path: Path) -> None:
    env = site.env(GENSEE_MCP_TOKEN=TOKEN)
    with http_server(env, tmp_path) as server:
        missing = server.post()
        wrong = server.post({"Authorization": "Bearer not-the-token-0123456789"})
        prefix = server.post({"Authorization": f"Bearer {TOKEN[:-1]}"})
        scheme = server.post({"Authorization": f"Basic {TOKEN}"})
        bare = server.post({"Authorization": TOKEN})
        right_token_wrong_host = server.post(
            {"Authorization": f"Bearer {TOKEN}", "Host": "evil.example"}
        )
        right_token_wrong_origin = server.post(
            {"Authorization": f"Bearer {TOKEN}", "Origin": "http://evil.example"}
        )
        # The scheme name is case-insensitive (RFC 7235).
        lower_case_scheme = server.post({"Authorization": f"bearer {TOKEN}"})
        async with http_client(server.url, TOKEN) as client:
            await list_and_call(client)

    for refused in (missing, wrong, prefix, scheme, bare):
        assert refused.status_code == 401
        assert refused.text == UNAUTHORIZED
        assert refused.headers["www-authenticate"] == 'Bearer realm="gensee-mcp"'
    assert lower_case_scheme.status_code == 200
    assert right_token_wrong_host.status_code == 421
    assert right_token_wrong_origin.status_code == 403
    log = server.stderr.read_text()
    assert "rejected POST /mcp from 127.0.0.1: missing or wrong bearer token" in log
    assert TOKEN not in log


def leaf_errors(error: BaseException) -> list[BaseException]:
    """Return the exceptions inside nested exception groups."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaf_errors(inner)]
    return [error]


async def test_sdk_client_wrong_token_fails(site: Site, tmp_path: Path) -> None:
    env = site.env(GENSEE_MCP_TOKEN=TOKEN)
    with http_server(env, tmp_path) as server, pytest.raises(BaseExceptionGroup) as caught:
        async with http_client(server.url, "wrong-token-0123456789") as client:
            await client.list_tools()

    leaves = leaf_errors(caught.value)
    assert [type(leaf) for leaf in leaves] == [MCPError]
    assert isinstance(leaves[0], MCPError)
    assert leaves[0].error.message == "Server returned an error response"
    assert "rejected POST /mcp from 127.0.0.1" in server.stderr.read_text()


async def test_configured_hosts_replace_defaults(site: Site, tmp_path: Path) -> None:
    env = site.env(
        GENSEE_MCP_TOKEN=TOKEN,
        GENSEE_MCP_ALLOWED_HOSTS="mcp.example.test",
        GENSEE_MCP_ALLOWED_ORIGINS="https://app.example.test",
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with http_server(env, tmp_path) as server:
        named = server.post({**auth, "Host": "mcp.example.test"})
        named_port = server.post({**auth, "Host": "mcp.example.test:8443"})
        loopback = server.post(auth)
        origin = server.post(
            {**auth, "Host": "mcp.example.test", "Origin": "https://app.example.test"}
        )
        other_origin = server.post(
            {**auth, "Host": "mcp.example.test", "Origin": "https://evil.example"}
        )

    assert named.status_code == 200
    assert named_port.status_code == 200
    assert loopback.status_code == 421
    assert origin.status_code == 200
    assert other_origin.status_code == 403


class RoundRobin(httpx2.AsyncBaseTransport):
    """Send each request to the next of several ports, as a load balancer would."""

    def __init__(self, ports: list[int]) -> None:
        self._ports = ports
        self._next = 0
        self._inner = httpx2.AsyncHTTPTransport()
        self.sent: list[int] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        port = self._ports[self._next % len(self._ports)]
        self._next += 1
        self.sent.append(port)
        request.url = request.url.copy_with(port=port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_stateless_replicas_share_client(site: Site, tmp_path: Path) -> None:
    env = site.env(GENSEE_MCP_TOKEN=TOKEN)
    with (
        http_server(env, tmp_path, "--stateless") as first,
        http_server(env, tmp_path, "--stateless") as second,
    ):
        balancer = RoundRobin([first.port, second.port])
        async with http_client(first.url, TOKEN, transport=balancer) as client:
            for _ in range(3):
                await list_and_call(client)

    assert set(balancer.sent) == {first.port, second.port}
    assert len(balancer.sent) >= 8


def start_and_exit(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "gensee-mcp"), "--transport", "http", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_reachable_address_needs_token(site: Site) -> None:
    # The command checks for the token before it binds, so nothing listens on 0.0.0.0.
    finished = start_and_exit(site.env(), "--host", "0.0.0.0", "--port", str(free_port()))

    assert finished.returncode == 2
    assert finished.stderr == (
        "gensee-mcp: GENSEE_MCP_TOKEN is not set: serving HTTP on 0.0.0.0, which other "
        "machines can reach, needs a bearer token of at least 16 characters (or bind "
        "127.0.0.1)\n"
    )
    assert finished.stdout == ""


def test_short_token_rejected(site: Site) -> None:
    finished = start_and_exit(site.env(GENSEE_MCP_TOKEN="short"), "--port", str(free_port()))

    assert finished.returncode == 2
    assert finished.stderr == (
        "gensee-mcp: GENSEE_MCP_TOKEN is invalid: must be at least 16 characters long, not 5\n"
    )


def settings_with(**overrides: Any) -> Any:
    return load_settings(site="http://127.0.0.1:9", login_name="a", password="b", **overrides)


def test_default_names_for_specific_address() -> None:
    security = transport_security(settings_with(), "192.0.2.10")

    assert security.enable_dns_rebinding_protection is True
    assert security.allowed_hosts == [
        "127.0.0.1",
        "127.0.0.1:*",
        "localhost",
        "localhost:*",
        "[::1]",
        "[::1]:*",
        "192.0.2.10",
        "192.0.2.10:*",
    ]
    assert "https://192.0.2.10:*" in security.allowed_origins
    assert "http://localhost" in security.allowed_origins


def test_wildcard_address_defaults_to_loopback() -> None:
    security = transport_security(settings_with(), "0.0.0.0")

    assert security.enable_dns_rebinding_protection is True
    assert "0.0.0.0" not in security.allowed_hosts
    assert security.allowed_hosts[:2] == ["127.0.0.1", "127.0.0.1:*"]


def test_star_turns_header_checks_off() -> None:
    security = transport_security(settings_with(mcp_allowed_hosts="*"), "0.0.0.0")

    assert security.enable_dns_rebinding_protection is False
