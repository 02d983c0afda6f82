"""gensee-mcp: an MCP server for Gensee training sites."""

__version__ = "0.1.0"
