"""Fixtures for the sandbox site tests: one embedded site per session, reset before each test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gensee_mcp.sandbox import EmbeddedSandbox, SandboxConfig, start_embedded

API_PREFIX = "/integration/site/training/"
SEED = 7


class Api:
    """An HTTP client for one sandbox site that signs calls as a chosen account."""

    def __init__(self, sandbox: EmbeddedSandbox, client: httpx.Client) -> None:
        self.sandbox = sandbox
        self.http = client
        self.login = sandbox.admin_login
        self.password = sandbox.admin_password

    def as_user(self, login: str, password: str) -> Api:
        """Return a client for the same site that signs as another account."""
        other = Api(self.sandbox, self.http)
        other.login = login
        other.password = password
        return other

    def send(self, path: str, method: str = "POST", **params: Any) -> httpx.Response:
        """Send an operation with the account's credentials; lists become repeated fields."""
        fields = {"loginName": self.login, "password": self.password, **params}
        if method == "GET":
            return self.http.get(API_PREFIX + path, params=fields)
        return self.http.post(API_PREFIX + path, data=fields)

    def call(self, path: str, method: str = "POST", **params: Any) -> dict[str, Any]:
        """Send an operation and return its JSON body, parsed leniently as clients must."""
        response = self.send(path, method, **params)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json;charset=UTF-8"
        body: dict[str, Any] = json.loads(response.text, strict=False)
        return body

    def ok(self, path: str, method: str = "POST", **params: Any) -> dict[str, Any]:
        """Send an operation and assert that it succeeded."""
        body = self.call(path, method, **params)
        assert body["code"] == "0", body
        return body

    def control(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request to a ``/_sandbox`` control endpoint."""
        return self.http.request(method, f"/_sandbox/{path}", **kwargs)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[EmbeddedSandbox]:
    """One sandbox site served from a thread for the whole test session."""
    with start_embedded(SandboxConfig(seed=SEED)) as running:
        yield running


@pytest.fixture
def api(sandbox: EmbeddedSandbox) -> Iterator[Api]:
    """A client of the session's site, whose demo data and faults are reset first."""
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        client.post("/_sandbox/reset").raise_for_status()
        yield Api(sandbox, client)


@pytest.fixture
def teacher(api: Api) -> Api:
    """A client signed as the demo teacher, who owns room03."""
    return api.as_user("teacher", "teacher123")
