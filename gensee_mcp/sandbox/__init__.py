"""A simulated Gensee training site that serves the Training JSON API from memory.

It is the other side of the wire for people trying the MCP server without an account and
for tests. It imports nothing from the rest of ``gensee_mcp``, so that a misreading of the
API on one side shows up as a failing test instead of agreeing with itself.
"""

from gensee_mcp.sandbox.app import create_app
from gensee_mcp.sandbox.config import FaultRule, SandboxConfig
from gensee_mcp.sandbox.embedded import EmbeddedSandbox, start_embedded

__all__ = ["EmbeddedSandbox", "FaultRule", "SandboxConfig", "create_app", "start_embedded"]
