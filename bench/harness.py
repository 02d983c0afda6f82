"""Pieces the benchmark runs on: sandbox processes, MCP sessions, timers and the machine."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from mcp import Client, StdioServerParameters

BIN = Path(sys.executable).parent
FLOOR_SERVER = Path(__file__).with_name("floor_server.py")
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin123"
API_PREFIX = "/integration/site/training/"


@dataclass
class Sandbox:
    """A gensee-sandbox process on 127.0.0.1 and its control endpoints."""

    url: str
    catalogs: Path

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request to a /_sandbox endpoint and return its JSON body."""
        response = httpx.request(method, f"{self.url}/_sandbox/{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def env(self, **extra: str) -> dict[str, str]:
        """Return the environment that points gensee-mcp at this site, with a fresh catalog."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
        catalog = self.catalogs / f"rooms-{uuid.uuid4().hex}.sqlite3"
        env.update(
            GENSEE_SITE=self.url,
            GENSEE_LOGIN_NAME=ADMIN_LOGIN,
            GENSEE_PASSWORD=ADMIN_PASSWORD,
            GENSEE_CATALOG_PATH=str(catalog),
        )
        env.update(extra)
        return env


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def run_sandbox(*args: str) -> Iterator[Sandbox]:
    """Run gensee-sandbox on a free port until the block ends."""
    port = free_port()
    command = [str(BIN / "gensee-sandbox"), "--port", str(port), "--seed", "7", *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory(prefix="gensee-bench-") as folder:
            _wait_until_serving(url, process)
            yield Sandbox(url, Path(folder))
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gensee-sandbox exited with status {process.returncode}")
        try:
            if httpx.get(f"{url}/_sandbox/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"gensee-sandbox at {url} did not start within 60 s")


def gensee_server(env: dict[str, str]) -> StdioServerParameters:
    """Describe gensee-mcp over stdio."""
    return StdioServerParameters(command=str(BIN / "gensee-mcp"), args=[], env=env)


def floor_server(env: dict[str, str]) -> StdioServerParameters:
    """Describe the one-tool floor server over stdio, in the same Python environment."""
    return StdioServerParameters(command=sys.executable, args=[str(FLOOR_SERVER)], env=env)


@asynccontextmanager
async def session(server: StdioServerParameters) -> AsyncIterator[Client]:
    """Start a server and open an MCP client session with it."""
    async with Client(server, mode="legacy", read_timeout_seconds=120) as client:
        yield client


async def time_to_tools_list(server: StdioServerParameters) -> float:
    """Return the seconds from spawning a server to its response to tools/list."""
    started = time.perf_counter()
    async with session(server) as client:
        await client.list_tools()
        return time.perf_counter() - started


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    """Return the seconds one awaited call takes."""
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


def child_rss_kib(command_part: str) -> int:
    """Return the resident set size of this process's child whose command line has a text."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parent = stat.rsplit(")", 1)[1].split()[1]
        if parent == me and command_part in command:
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    raise RuntimeError(f"no child process runs {command_part!r}")


def describe_machine() -> str:
    """Return the CPU model, core count, Python version and OS of this machine."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
