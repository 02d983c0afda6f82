"""Allow `python -m gensee_mcp`."""

from gensee_mcp.cli import main

if __name__ == "__main__":
    main()
