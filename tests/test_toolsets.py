"""GENSEE_READ_ONLY and GENSEE_TOOLSETS: exactly which tools a client sees, and bad values."""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import TextContent, Tool

from gensee_mcp.operations import OPERATIONS
from gensee_mcp.server import build_server
from gensee_mcp.settings import TOOLSETS, load_settings
from tests.conftest import BIN, connect

pytestmark = pytest.mark.anyio

# Tools registered outside the operations table, with their toolset.
LISTING_TOOLSETS = {"list_rooms": "rooms", "list_coursewares": "courseware"}
TOOLSET_OF = {op.name: op.toolset for op in OPERATIONS} | LISTING_TOOLSETS
OFFLINE = {"GENSEE_SITE": "http://127.0.0.1:9", "GENSEE_LOGIN_NAME": "a", "GENSEE_PASSWORD": "b"}

EXPORT_TOOLS = [
    "export_attendance",
    "export_qa",
    "export_rollcall",
    "export_votes",
    "export_courseware_views",
    "export_chat",
    "export_room_usage",
]


def offline_env(**extra: str) -> dict[str, str]:
    """Return an environment for a server that lists tools and never reaches a site."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    return {**env, **OFFLINE, **extra}


async def list_over_stdio(**extra: str) -> list[Tool]:
    async with connect(offline_env(**extra)) as client:
        return list((await client.list_tools()).tools)


@asynccontextmanager
async def in_process(tmp_path: Path, **overrides: Any) -> AsyncIterator[Client]:
    """Open an MCP session with a server built in this process, for quick tool listings."""
    settings = load_settings(
        site=OFFLINE["GENSEE_SITE"],
        login_name="a",
        password="b",
        catalog_path=str(tmp_path / "catalog.db"),
        **overrides,
    )
    async with Client(build_server(settings), mode="legacy") as client:
        yield client


def read_only(tool: Tool) -> bool:
    return tool.annotations is not None and tool.annotations.read_only_hint is True


def names(tools: list[Tool]) -> list[str]:
    return [tool.name for tool in tools]


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def every_tool() -> list[Tool]:
    """The full tool list of a server started with no filter."""
    return await list_over_stdio()


async def test_default_lists_every_tool(every_tool: list[Tool]) -> None:
    listed = names(every_tool)
    table = [op.name for op in OPERATIONS]

    assert listed[: len(table)] == table
    assert sorted(listed[len(table) :]) == sorted(LISTING_TOOLSETS)
    assert len(listed) == len(set(listed))


async def test_every_tool_has_toolset(every_tool: list[Tool]) -> None:
    # A new tool must be added to a toolset here, or the filters below cannot be checked.
    assert [name for name in names(every_tool) if name not in TOOLSET_OF] == []
    assert set(TOOLSET_OF.values()) == set(TOOLSETS)


async def test_read_only_lists_read_tools(every_tool: list[Tool]) -> None:
    expected = [tool.name for tool in every_tool if read_only(tool)]
    table = [op.name for op in OPERATIONS if op.read_only]

    tools = await list_over_stdio(GENSEE_READ_ONLY="true")

    assert names(tools) == expected
    assert [name for name in names(tools) if name in table] == table
    for tool in tools:
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is True
        assert tool.annotations.destructive_hint is None
    assert "create_room" not in names(tools)
    assert "get_room" in names(tools)


@pytest.mark.parametrize("toolset", TOOLSETS)
async def test_one_toolset(every_tool: list[Tool], tmp_path: Path, toolset: str) -> None:
    expected = [tool.name for tool in every_tool if TOOLSET_OF[tool.name] == toolset]

    async with in_process(tmp_path, toolsets=toolset) as client:
        listed = names((await client.list_tools()).tools)

    assert listed == expected
    assert listed != []


async def test_toolsets_over_stdio(every_tool: list[Tool]) -> None:
    tools = await list_over_stdio(GENSEE_TOOLSETS="Telephony, exports")

    assert names(tools) == [*EXPORT_TOOLS, "configure_phone_conference"]


async def test_read_only_with_toolsets(every_tool: list[Tool], tmp_path: Path) -> None:
    expected = [
        tool.name
        for tool in every_tool
        if TOOLSET_OF[tool.name] in ("rooms", "exports") and read_only(tool)
    ]

    async with in_process(tmp_path, toolsets="rooms,exports", read_only=True) as client:
        listed = names((await client.list_tools()).tools)

    assert listed == expected
    assert listed[0] == "get_room"
    assert [name for name in listed if name.startswith("export_")] == EXPORT_TOOLS


async def test_read_only_rejects_write_call(tmp_path: Path) -> None:
    async with in_process(tmp_path, read_only=True) as client:
        result = await client.call_tool("delete_room", {"roomId": "room01"})

    assert result.is_error
    assert result.content == [TextContent(type="text", text="Unknown tool: delete_room")]


def start(**extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "gensee-mcp")],
        env=offline_env(**extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )


CHOICES = (
    "rooms, courseware, records, warmups, documents, exports, transcoding, teachers, telephony"
)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"GENSEE_TOOLSETS": "rooms,bogus"},
            f"GENSEE_TOOLSETS is invalid: unknown toolset bogus; choose from {CHOICES}",
        ),
        (
            {"GENSEE_TOOLSETS": "Rooms,exports,x,y"},
            f"GENSEE_TOOLSETS is invalid: unknown toolset x, y; choose from {CHOICES}",
        ),
        (
            {"GENSEE_TOOLSETS": ",,"},
            f"GENSEE_TOOLSETS is invalid: must name at least one of {CHOICES}",
        ),
        (
            {"GENSEE_READ_ONLY": "maybe"},
            "GENSEE_READ_ONLY is invalid: Input should be a valid boolean, unable to interpret "
            "input",
        ),
    ],
)
def test_bad_value_stops_start(variables: dict[str, str], message: str) -> None:
    finished = start(**variables)

    assert finished.returncode == 2
    assert finished.stderr == f"gensee-mcp: {message}\n"
    assert finished.stdout == ""
