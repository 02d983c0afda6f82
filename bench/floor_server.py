"""The floor of the benchmark: an MCP server with one no-op tool, on the same SDK and Python."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

server: MCPServer[None] = MCPServer(name="floor")


@server.tool()
def noop() -> str:
    """Return a fixed text."""
    return "ok"


if __name__ == "__main__":
    server.run("stdio")
