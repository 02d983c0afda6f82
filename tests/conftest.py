"""Shared fixtures: a sandbox site over HTTP, and gensee-mcp over stdio under the SDK's client."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client, StdioServerParameters

BIN = Path(sys.executable).parent
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin123"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """Poll the sandbox's health endpoint until it answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with status {process.returncode}")
        try:
            if httpx.get(f"{url}/_sandbox/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"the sandbox at {url} did not start within {seconds} s")


@dataclass
class Site:
    """A running sandbox site and its control endpoints."""

    url: str
    catalogs: Path

    def reset(self) -> None:
        """Restore the demo data and clear faults."""
        httpx.post(f"{self.url}/_sandbox/reset", timeout=5).raise_for_status()

    def faults(self, *rules: dict[str, Any]) -> None:
        """Replace the fault rules."""
        response = httpx.post(f"{self.url}/_sandbox/faults", json=list(rules), timeout=5)
        response.raise_for_status()

    def stats(self) -> dict[str, Any]:
        """Return the request and connection counters."""
        response = httpx.get(f"{self.url}/_sandbox/stats", timeout=5)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def reset_stats(self) -> None:
        """Zero the counters."""
        httpx.post(f"{self.url}/_sandbox/stats/reset", timeout=5).raise_for_status()

    def env(self, **extra: str) -> dict[str, str]:
        """Return the environment that points gensee-mcp at this site."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
        env.update(
            GENSEE_SITE=self.url,
            GENSEE_LOGIN_NAME=ADMIN_LOGIN,
            GENSEE_PASSWORD=ADMIN_PASSWORD,
            GENSEE_TIMEOUT="10",
            GENSEE_RETRIES="1",
            # A fresh room catalog per server, so rooms of earlier tests raise no warnings.
            GENSEE_CATALOG_PATH=str(self.catalogs / f"rooms-{uuid.uuid4().hex}.sqlite3"),
        )
        env.update(extra)
        return env


@pytest.fixture(scope="session", autouse=True)
def private_data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the room catalogs of every server the tests start out of the user's data folder."""
    saved = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data-home"))
    yield
    if saved is None:
        del os.environ["XDG_DATA_HOME"]
    else:
        os.environ["XDG_DATA_HOME"] = saved


@pytest.fixture(scope="session")
def sandbox_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Run gensee-sandbox as its own process on a free port for the whole session."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gensee-sandbox"), "--port", str(port), "--seed", "7"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield Site(url, tmp_path_factory.mktemp("catalogs"))
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture
def site(sandbox_site: Site) -> Site:
    """The session's sandbox, reset to its demo data and zero counters before the test."""
    sandbox_site.reset()
    sandbox_site.reset_stats()
    return sandbox_site


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def server_parameters(env: dict[str, str], *args: str) -> StdioServerParameters:
    """Describe how to start gensee-mcp over stdio."""
    return StdioServerParameters(command=str(BIN / "gensee-mcp"), args=list(args), env=env)


@asynccontextmanager
async def connect(env: dict[str, str], *args: str, mode: Any = "legacy") -> AsyncIterator[Client]:
    """Start gensee-mcp and open an MCP client session to it."""
    async with Client(server_parameters(env, *args), mode=mode, read_timeout_seconds=60) as client:
        yield client


@pytest.fixture
async def mcp(site: Site) -> AsyncIterator[Client]:
    """An MCP client session with gensee-mcp, which talks HTTP to the sandbox site."""
    async with connect(site.env()) as client:
        yield client
