"""The `gensee-mcp` command: serve MCP over stdio, optionally against the built-in sandbox."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from gensee_mcp import __version__
from gensee_mcp.commands import add_subcommands, run_command
from gensee_mcp.settings import Settings, SettingsError, load_settings

logger = logging.getLogger("gensee_mcp")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(
        prog="gensee-mcp",
        description="MCP server for a Gensee training site. Configure it with GENSEE_* "
        "environment variables, or try it with --sandbox.",
    )
    parser.add_argument("--version", action="version", version=f"gensee-mcp {__version__}")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="serve against a built-in simulated site on 127.0.0.1 (no account needed)",
    )
    parser.add_argument(
        "--transport",
        choices=["stdio", "http"],
        default="stdio",
        help="stdio (default) for a client that starts the server; http serves streamable "
        "HTTP at /mcp",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="HTTP address to bind (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=port_number, default=8000, help="HTTP port (default 8000)")
    parser.add_argument(
        "--stateless",
        action="store_true",
        help="HTTP without sessions, so several replicas can share a load balancer",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        help="level of the log written to stderr (default WARNING, or GENSEE_LOG_LEVEL)",
    )
    add_subcommands(parser)
    return parser


def port_number(text: str) -> int:
    """Read a TCP port number for argparse, which reports the error in one line."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number from 1 to 65535")
    return port


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command and exit with its status."""
    args = build_parser().parse_args(argv)
    level = args.log_level or os.environ.get("GENSEE_LOG_LEVEL", "").strip().upper() or "WARNING"
    if level not in LOG_LEVELS:
        print(
            f"gensee-mcp: GENSEE_LOG_LEVEL is invalid: {level.lower()!r} is not one of "
            f"{', '.join(name.lower() for name in LOG_LEVELS)}",
            file=sys.stderr,
        )
        raise SystemExit(2)
    configure_logging(level)
    if args.command is not None:
        raise SystemExit(run_command(args, resolve_settings))
    try:
        settings, sandbox = resolve_settings(args)
    except SettingsError as exc:
        print(f"gensee-mcp: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    try:
        if args.transport == "http":
            from gensee_mcp.http import serve_http

            serve_http(settings, host=args.host, port=args.port, stateless=args.stateless)
        else:
            serve_stdio(settings, sandbox)
    except SettingsError as exc:
        print(f"gensee-mcp: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        pass
    finally:
        if sandbox is not None:
            sandbox.stop()


def configure_logging(level: str) -> None:
    """Log to stderr only: stdout carries the protocol."""
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL at INFO; keep it quiet whatever the level.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def resolve_settings(args: argparse.Namespace) -> tuple[Settings, Any]:
    """Load the settings, starting the embedded sandbox site first when asked."""
    if not args.sandbox:
        return load_settings(), None

    from gensee_mcp.catalog import temporary_catalog_path
    from gensee_mcp.sandbox.config import SandboxConfig
    from gensee_mcp.sandbox.embedded import start_embedded

    # The built-in site keeps the same clock as the server, so day-based exports line up.
    zone = os.environ.get("GENSEE_TIMEZONE", "").strip() or "Asia/Shanghai"
    try:
        sandbox = start_embedded(SandboxConfig(timezone=zone))
    except ValueError as exc:
        raise SettingsError(f"GENSEE_TIMEZONE is invalid: {exc}") from None
    # The sandbox starts empty on every run, so its room catalog lasts one run too.
    catalog = {}
    if not os.environ.get("GENSEE_CATALOG_PATH"):
        catalog["catalog_path"] = str(temporary_catalog_path())
    try:
        settings = load_settings(
            site=sandbox.base_url,
            login_name=sandbox.admin_login,
            password=sandbox.admin_password,
            password_md5=None,
            **catalog,
        )
    except SettingsError:
        sandbox.stop()
        raise
    return settings, sandbox


def serve_stdio(settings: Settings, sandbox: Any) -> None:
    """Serve MCP over stdio until the client disconnects."""
    from gensee_mcp.server import build_server

    server = build_server(settings)
    if sys.stdin.isatty():
        where = f"the sandbox site at {settings.site}" if sandbox else settings.site
        print(
            f"gensee-mcp {__version__}: serving MCP over stdio for {where}. "
            "Start it from an MCP client (Claude Desktop, the MCP Inspector) rather than "
            "a terminal; press Ctrl+C to stop.",
            file=sys.stderr,
        )
    server.run("stdio")
