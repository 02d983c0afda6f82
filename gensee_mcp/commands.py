"""Subcommands for a person at a terminal: list the tools, call one, check the settings."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import anyio
from mcp.types import CallToolResult, TextContent

from gensee_mcp.settings import Settings, SettingsError, load_settings

# Starts the embedded sandbox when args.sandbox is set; returns the settings and the sandbox.
SettingsResolver = Callable[[argparse.Namespace], tuple[Settings, Any]]

CALL_EPILOG = """\
values:
  key=value     JSON when it parses (42, true, [1,2], {"a":1}), else the text as typed;
                for a tool argument of type string the text is always kept as typed
  key:=json     always JSON
  key=a,b,c     for a list argument: the comma-separated items

examples:
  gensee-mcp call get_room roomId=mquQf2
  gensee-mcp call create_room subject="Algebra 1" startDate=2026-03-02T09:00
  gensee-mcp call sync_records allPages=true --json
  gensee-mcp --sandbox call sync_coursewares allPages=true
"""


class UsageError(Exception):
    """The command line is invalid; the message names the word to fix."""


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    """Add the tools, call and check subcommands to the gensee-mcp parser."""
    commands = parser.add_subparsers(
        dest="command",
        title="commands",
        # Brackets in the usage line: without a command, gensee-mcp serves.
        metavar="[COMMAND]",
        description="Without a command, gensee-mcp serves MCP over stdio for a client.",
    )
    commands.add_parser(
        "tools",
        help="list the tools, one line each",
        description="List the tools the server offers with these settings: name, kind "
        "(read-only, write or destructive) and title.",
    )
    call = commands.add_parser(
        "call",
        help="run one tool against the site and print the result",
        description="Run one tool against the configured site, the way an assistant would, "
        "and print its summary and fields.",
        epilog=CALL_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    call.add_argument("tool", help="tool name, as listed by gensee-mcp tools")
    call.add_argument("arguments", nargs="*", metavar="KEY=VALUE", help="tool arguments")
    call.add_argument(
        "--json",
        action="store_true",
        help="print only the structured result as JSON (exit status 1 when the tool fails)",
    )
    check = commands.add_parser(
        "check",
        help="check the settings and log in to the site once",
        description="Check the GENSEE_* settings, reach the site and log in with one "
        "harmless read. Exit status 0 when everything works.",
    )
    for sub in (call, check):
        # SUPPRESS keeps `gensee-mcp --sandbox call ...` working: the default would reset it.
        sub.add_argument(
            "--sandbox",
            action="store_true",
            default=argparse.SUPPRESS,
            help="use a fresh built-in simulated site on 127.0.0.1",
        )


def run_command(args: argparse.Namespace, resolve: SettingsResolver) -> int:
    """Run the chosen subcommand and return its exit status."""
    if args.command == "tools":
        return anyio.run(list_tools, sys.stdout)
    if args.command == "check":
        from gensee_mcp.check import run_check

        return run_check(args, resolve)

    try:
        settings, sandbox = resolve(args)
    except SettingsError as exc:
        print(f"gensee-mcp: {exc}", file=sys.stderr)
        return 2
    try:
        return anyio.run(call_tool, settings, args.tool, args.arguments, args.json)
    except UsageError as exc:
        print(f"gensee-mcp call: {exc}", file=sys.stderr)
        return 2
    finally:
        if sandbox is not None:
            sandbox.stop()


async def list_tools(out: TextIO) -> int:
    """Print one line per tool: name, kind and title."""
    from gensee_mcp.docs import tool_kind
    from gensee_mcp.server import build_server

    tools = await build_server(listing_settings()).list_tools()
    width = max((len(tool.name) for tool in tools), default=0)
    for tool in tools:
        print(f"{tool.name:<{width}}  {tool_kind(tool):<11}  {tool.title or ''}", file=out)
    return 0


def listing_settings() -> Settings:
    """Return the settings, with a placeholder site and account when those are not set.

    Listing needs no site, but the read-only and toolset settings still apply.
    """
    try:
        return load_settings()
    except SettingsError:
        return load_settings(
            site="http://127.0.0.1:9", login_name="unset", password="unset", password_md5=None
        )


async def call_tool(settings: Settings, name: str, pairs: Sequence[str], as_json: bool) -> int:
    """Call one tool in-process through an MCP client session and print the result."""
    from mcp import Client

    from gensee_mcp.server import build_server

    server = build_server(settings)
    tools = {tool.name: tool for tool in await server.list_tools()}
    if name not in tools:
        raise UsageError(unknown_tool_message(name, list(tools)))
    arguments = parse_arguments(pairs, tools[name].input_schema)

    bar = ProgressBar(sys.stderr)
    async with Client(server) as client:
        result = await client.call_tool(name, arguments, progress_callback=bar.update)
    bar.finish()

    if result.is_error:
        print(result_text(result), file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(result.structured_content or {}, indent=2, ensure_ascii=False))
    else:
        print(render_result(result))
    return 0


def unknown_tool_message(name: str, known: list[str]) -> str:
    """Say that a tool does not exist, suggesting close names."""
    close = difflib.get_close_matches(name, known, n=2)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    return f"no tool named {name!r}.{hint} Run gensee-mcp tools to list them."


def parse_arguments(pairs: Sequence[str], schema: dict[str, Any]) -> dict[str, Any]:
    """Turn KEY=VALUE and KEY:=JSON words into tool arguments, guided by the input schema."""
    properties: dict[str, Any] = schema.get("properties", {})
    arguments: dict[str, Any] = {}
    for pair in pairs:
        key, separator, raw = pair.partition("=")
        if not separator or not key.rstrip(":"):
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        if key.endswith(":"):
            key = key[:-1]
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{key}:= needs a JSON value ({exc.msg}): {raw!r}") from None
        else:
            value = parse_value(raw, properties.get(key, {}))
        if key in arguments:
            raise UsageError(f"{key} is given twice")
        arguments[key] = value
    return arguments


def parse_value(raw: str, schema: dict[str, Any]) -> Any:
    """Read one value: kept as text for a string argument, else JSON when it parses."""
    kind = schema.get("type")
    if kind == "string":
        return raw
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if kind == "array" and not isinstance(value, list):
        items = schema.get("items", {})
        return [parse_value(item.strip(), items) for item in raw.split(",") if item.strip()]
    return value


class ProgressBar:
    """Shows MCP progress on a stream: one redrawn line on a terminal, else a line each."""

    WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.redraw = stream.isatty()
        self.drawn = 0

    async def update(self, progress: float, total: float | None, message: str | None) -> None:
        """Draw one progress notification."""
        line = message or (f"{progress:g} of {total:g}" if total else f"{progress:g}")
        if total:
            filled = round(self.WIDTH * min(max(progress / total, 0.0), 1.0))
            line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {line}"
        if self.redraw:
            self.stream.write("\r" + line.ljust(self.drawn))
            self.drawn = max(self.drawn, len(line))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the redrawn line so that the result starts on its own line."""
        if self.redraw and self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def result_text(result: CallToolResult) -> str:
    """Return the result's text without the JSON copy of the structured content."""
    text = "\n".join(item.text for item in result.content if isinstance(item, TextContent))
    head, _, last = text.rpartition("\n")
    if result.structured_content is not None and head:
        try:
            if json.loads(last) == result.structured_content:
                return head
        except json.JSONDecodeError:
            pass
    return text


def render_result(result: CallToolResult) -> str:
    """Return the summary, then the structured fields as indented key: value lines."""
    lines = [result_text(result)]
    if result.structured_content:
        lines += ["", *render_fields(result.structured_content, 2)]
    return "\n".join(lines)


def render_fields(data: dict[str, Any], indent: int) -> list[str]:
    """Render a JSON object as nested key: value lines."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{key}:")
            lines.extend(render_fields(value, indent + 2))
        elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
            lines.append(f"{pad}{key}:")
            lines.extend(render_items(value, indent + 2))
        elif isinstance(value, list):
            shown = ", ".join(render_scalar(item, indent) for item in value)
            lines.append(f"{pad}{key}: {shown or '(none)'}")
        else:
            lines.append(f"{pad}{key}: {render_scalar(value, indent)}")
    return lines


def render_items(items: list[Any], indent: int) -> list[str]:
    """Render list items as "- " lines, objects with their fields under the dash."""
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict) and item:
            fields = render_fields(item, indent + 2)
            lines.append(f"{pad}- {fields[0].lstrip()}")
            lines.extend(fields[1:])
        elif isinstance(item, list):
            lines.append(f"{pad}-")
            lines.extend(render_items(item, indent + 2))
        else:
            lines.append(f"{pad}- {render_scalar(item, indent)}")
    return lines


def render_scalar(value: Any, indent: int) -> str:
    """Render a JSON scalar the way it reads best: true/false, null, text as is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("\n", "\n" + " " * (indent + 2))
