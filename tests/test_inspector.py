"""The MCP Inspector's command line lists and calls our tools; its strict check finds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BIN, Site, connect
from tests.peers import INSPECTOR, needs_npx, npx, without_npm_noise

pytestmark = [pytest.mark.anyio, needs_npx]

# A server whose one tool has a bare `true` schema (an error) and an empty one (a warning).
LOOSE_SERVER = """
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import func_metadata


async def echo() -> str:
    return "ok"


schema = {"type": "object", "properties": {"anything": True, "loose": {}}}
tool = Tool(
    fn=echo,
    name="echo",
    description="Echo.",
    parameters=schema,
    fn_metadata=func_metadata(echo),
    is_async=True,
    context_kwarg=None,
)
MCPServer(name="loose", tools=[tool]).run("stdio")
"""


def inspect(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the Inspector's command line against gensee-mcp pointed at the sandbox site."""
    env = site.env()
    settings = ["GENSEE_SITE", "GENSEE_LOGIN_NAME", "GENSEE_PASSWORD", "GENSEE_CATALOG_PATH"]
    options = [word for name in settings for word in ("-e", f"{name}={env[name]}")]
    result: subprocess.CompletedProcess[str] = npx(
        INSPECTOR, "--cli", str(BIN / "gensee-mcp"), *options, *args
    )
    return result


async def test_inspector_lists_tools_strictly(site: Site) -> None:
    result = inspect(site, "--method", "tools/list", "--strict")
    async with connect(site.env()) as client:
        tools = (await client.list_tools()).tools

    assert result.returncode == 0, result.stderr
    assert without_npm_noise(result.stderr) == []
    listed: list[dict[str, Any]] = json.loads(result.stdout)["tools"]
    assert [tool["name"] for tool in listed] == [tool.name for tool in tools]
    assert listed[0]["inputSchema"] == tools[0].input_schema


def test_inspector_calls_get_room(site: Site) -> None:
    result = inspect(
        site,
        *("--method", "tools/call", "--tool-name", "get_room"),
        *("--tool-arg", "roomId=room01", "--format", "json"),
    )

    assert result.returncode == 0, result.stderr
    called = json.loads(result.stdout)["result"]
    assert called["isError"] is False
    assert called["structuredContent"]["roomId"] == "room01"
    assert called["content"][0]["text"].startswith("Room 'Algebra I: linear equations'.")


def test_inspector_reports_tool_error(site: Site) -> None:
    result = inspect(
        site,
        *("--method", "tools/call", "--tool-name", "get_room"),
        *("--tool-arg", "roomId=nope", "--format", "json"),
    )

    assert result.returncode == 5, result.stderr
    called = json.loads(result.stdout)["result"]
    assert called["isError"] is True
    assert called["content"][0]["text"].startswith("get_room failed: training/room/info")


def test_strict_check_flags_loose_schema(tmp_path: Path) -> None:
    script = tmp_path / "loose_server.py"
    script.write_text(textwrap.dedent(LOOSE_SERVER), encoding="utf-8")

    result = npx(
        INSPECTOR, "--cli", sys.executable, str(script), "--method", "tools/list", "--strict"
    )

    # The same check as above fails on a server with schema problems, so it is not vacuous.
    assert result.returncode == 6, result.stderr
    lines = without_npm_noise(result.stderr)
    assert 'Error: tool "echo"' in lines
    assert 'Warning: tool "echo"' in lines
    assert "1 error, 1 warning across 1 tool." in lines
