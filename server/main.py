"""Start gensee-mcp from an MCP bundle: the host runs this file with `uv run`."""

from gensee_mcp.cli import main

if __name__ == "__main__":
    main()
