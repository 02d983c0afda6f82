"""Peer tools from npm (the MCP Inspector, the MCPB packer), and how MCPB hosts start bundles."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MCPB = "@anthropic-ai/mcpb@2.1.2"
# Unpinned, npx resolves the Inspector to an old 0.x release on Node 20.
INSPECTOR = "@modelcontextprotocol/inspector@2.12.0"

needs_npx = pytest.mark.skipif(
    shutil.which("npx") is None,
    reason="npx is not installed: these tests run the MCP Inspector and the MCPB packer "
    "from npm (install Node.js 20 or later)",
)

# npm prints engine and deprecation warnings on stderr, which are not about our server.
_NPM_NOISE = re.compile(r"^npm (warn|notice)\b")


def npx(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> Any:
    """Run an npm package with `npx -y` from the repository root and return the process."""
    return subprocess.run(
        ["npx", "-y", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def without_npm_noise(stderr: str) -> list[str]:
    """Return the stderr lines that npm itself did not print."""
    return [line for line in stderr.splitlines() if line.strip() and not _NPM_NOISE.match(line)]


def load_manifest(root: Path = ROOT) -> dict[str, Any]:
    """Read a bundle manifest."""
    manifest: dict[str, Any] = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def host_config(
    manifest: dict[str, Any], user_config: dict[str, Any], dirname: Path
) -> dict[str, Any]:
    """Return the command, args and env an MCPB host starts the server with.

    Follows the substitution of @anthropic-ai/mcpb 2.1.2 (getMcpConfigForManifest): manifest
    defaults, then the user's values, booleans as "true"/"false". Like that code, it leaves
    the placeholder of an optional value that has neither in place, as Claude Desktop does.
    """
    values: dict[str, str] = {"__dirname": str(dirname), "pathSeparator": os.sep, "/": os.sep}
    merged = {
        key: option["default"]
        for key, option in manifest.get("user_config", {}).items()
        if "default" in option
    }
    merged.update(user_config)
    for key, value in merged.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        values[f"user_config.{key}"] = str(value)

    def substitute(text: str) -> str:
        for name, value in values.items():
            text = text.replace("${" + name + "}", value)
        return text

    config = manifest["server"]["mcp_config"]
    return {
        "command": substitute(config["command"]),
        "args": [substitute(arg) for arg in config.get("args", [])],
        "env": {key: substitute(value) for key, value in config.get("env", {}).items()},
    }
