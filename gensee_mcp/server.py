"""Build the MCP server from the operations table."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, GetPromptResult, InputRequiredResult
from pydantic import BaseModel

from gensee_mcp import __version__
from gensee_mcp.catalog import RoomCatalog, catalog_path
from gensee_mcp.catalog_observer import CatalogObserver
from gensee_mcp.client import GenseeClient
from gensee_mcp.errors import GenseeError
from gensee_mcp.listings import Listings, build_listing_tools
from gensee_mcp.operation import Operation
from gensee_mcp.operations import OPERATIONS
from gensee_mcp.prompts import register_prompts
from gensee_mcp.redaction import install_redaction, secret_forms
from gensee_mcp.resources import register_resources
from gensee_mcp.settings import Settings
from gensee_mcp.tools import OperationTool, build_tool

logger = logging.getLogger(__name__)

INSTRUCTIONS = (
    "Tools for a Gensee training site: schedule class rooms, manage recordings, coursewares, "
    "warm-up videos and documents, and export attendance, Q&A, roll-call, vote and chat "
    "reports. Time arguments take ISO 8601 (2027-01-11T09:00:00+08:00), "
    "'yyyy-MM-dd HH:mm:ss' or epoch milliseconds; a time without an offset is in the "
    "site's time zone ({zone}). Ids come from earlier results: roomId from create_room, "
    "recordId from sync_records, docId from sync_documents, coursewareId from the "
    "courseware listings."
)


class CallObserver(Protocol):
    """Sees every tool call's outcome; the room catalog is one."""

    async def on_success(self, op: Operation, args: BaseModel, data: dict[str, Any]) -> None:
        """Called with the result data before it is shaped; may add to it (warnings)."""

    async def on_error(self, op: Operation, args: BaseModel, exc: GenseeError) -> None:
        """Called when the site or the transport reported an error."""


@dataclass
class Runtime:
    """State shared by every tool call: the settings, the HTTP client and optional services."""

    settings: Settings
    client: GenseeClient
    observers: list[CallObserver] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


class GenseeServer(MCPServer[Any]):
    """The MCP server, reporting a prompt's bad arguments as invalid parameters.

    The SDK turns a missing argument or an unknown prompt into an internal error with a
    logged traceback. Both are the caller's to fix, so they get -32602 and a plain message.
    """

    async def get_prompt(
        self,
        name: str,
        arguments: dict[str, Any] | None = None,
        context: Context[Any, Any] | None = None,
    ) -> GetPromptResult | InputRequiredResult:
        """Render a prompt, or raise MCPError with INVALID_PARAMS for bad arguments."""
        try:
            return await super().get_prompt(name, arguments, context)
        except MCPError:
            raise
        except ValueError as exc:
            raise MCPError(code=INVALID_PARAMS, message=str(exc)) from None


def select_operations(settings: Settings) -> list[Operation]:
    """Return the operations the settings enable, in table order."""
    chosen = [op for op in OPERATIONS if op.toolset in settings.toolsets]
    if settings.read_only:
        chosen = [op for op in chosen if op.read_only]
    return chosen


def build_tools(operations: Iterable[Operation], runtime: Runtime) -> list[OperationTool]:
    """Build one tool per operation."""
    return [build_tool(op, runtime) for op in operations]


def build_server(settings: Settings, *, client: GenseeClient | None = None) -> MCPServer[Any]:
    """Build the MCP server for one site."""
    install_redaction(secret_forms(settings))
    runtime = Runtime(settings=settings, client=client or GenseeClient(settings))
    # The catalog opens its file on first use, so start-up touches no disk.
    catalog = RoomCatalog(catalog_path(settings), settings.site)
    observer = CatalogObserver(catalog, settings.zone)
    runtime.observers.append(observer)
    runtime.extras["catalog"] = catalog
    listings = Listings(settings, runtime.client, catalog, observer.coursewares)

    @asynccontextmanager
    async def lifespan(_: MCPServer[Any]) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await runtime.client.aclose()
            catalog.close()

    server = GenseeServer(
        name="gensee-mcp",
        title="Gensee training site",
        version=__version__,
        instructions=INSTRUCTIONS.format(zone=settings.timezone),
        tools=[
            *build_tools(select_operations(settings), runtime),
            *build_listing_tools(settings, listings),
        ],
        lifespan=lifespan,
    )
    register_resources(server, runtime, listings)
    register_prompts(server, settings)
    return server
