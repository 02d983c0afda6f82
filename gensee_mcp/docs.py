"""Documentation generated from the server's own lists: README's tool table, the bundle manifest.

`python -m gensee_mcp.docs` prints the tool table; `--write` updates README.md and
manifest.json in the current directory; `--check` exits with status 1 when either is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import Prompt, TextContent, Tool

from gensee_mcp import __version__
from gensee_mcp.prompts import prompt_templates
from gensee_mcp.schema import SCHEMA_FILE, build_input_schema, build_output_schema, model_key
from gensee_mcp.settings import Settings

TABLE_START = "<!-- tools:start -->"
TABLE_END = "<!-- tools:end -->"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def tool_kind(tool: Tool) -> str:
    """Return "read-only", "destructive" or "write" from the tool's annotations."""
    annotations = tool.annotations
    if annotations is not None and annotations.read_only_hint:
        return "read-only"
    if annotations is not None and annotations.destructive_hint:
        return "destructive"
    return "write"


def first_sentence(text: str | None) -> str:
    """Return the first sentence of a description, on one line."""
    flat = " ".join((text or "").split())
    return _SENTENCE_END.split(flat, maxsplit=1)[0]


def tool_table(tools: Sequence[Tool]) -> str:
    """Render the Markdown table of tools: name, kind and a one-line description."""
    lines = ["| Tool | Kind | What it does |", "| --- | --- | --- |"]
    for tool in tools:
        summary = first_sentence(tool.description).replace("|", "\\|")
        lines.append(f"| `{tool.name}` | {tool_kind(tool)} | {summary} |")
    return "\n".join(lines) + "\n"


def replace_table(readme: str, table: str) -> str:
    """Put the table between the tool-table markers; raise ValueError if they are missing."""
    start = readme.find(TABLE_START)
    end = readme.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"README has no {TABLE_START} ... {TABLE_END} markers in that order")
    head = readme[: start + len(TABLE_START)]
    return f"{head}\n{table}{readme[end:]}"


def manifest_tools(tools: Sequence[Tool]) -> list[dict[str, str]]:
    """Return the manifest's `tools` entries: name and one-sentence description."""
    return [{"name": tool.name, "description": first_sentence(tool.description)} for tool in tools]


async def manifest_prompts(server: MCPServer[Any], prompts: Sequence[Prompt]) -> list[Any]:
    """Return the manifest's `prompts` entries, the text rendered with `${arguments.x}` slots."""
    entries: list[Any] = []
    for prompt in prompts:
        names = [argument.name for argument in prompt.arguments or []]
        entries.append(
            {
                "name": prompt.name,
                "description": first_sentence(prompt.description),
                "arguments": names,
                "text": await _prompt_text(server, prompt, names),
            }
        )
    return entries


async def _prompt_text(server: MCPServer[Any], prompt: Prompt, names: list[str]) -> str:
    slots = {name: f"${{arguments.{name}}}" for name in names}
    template = prompt_templates(reference_settings()).get(prompt.name)
    if template is not None:
        # The prompts check their arguments (a time, a number), so placeholders are
        # rendered by the prompts' text builders directly.
        return template(slots)
    try:
        rendered = await server.get_prompt(prompt.name, slots)
    except (ValueError, MCPError):
        return prompt.description or prompt.name
    texts = [
        message.content.text
        for message in getattr(rendered, "messages", [])
        if isinstance(message.content, TextContent)
    ]
    return "\n\n".join(texts) or prompt.description or prompt.name


SCHEMA_PATH = Path(__file__).parent / SCHEMA_FILE


def reference_settings() -> Settings:
    """Return settings with every tool enabled and a site that is never contacted."""
    from gensee_mcp.settings import TOOLSETS, load_settings

    return load_settings(
        site="http://127.0.0.1:9",
        login_name="docs",
        password="docs",
        password_md5=None,
        read_only=False,
        toolsets=TOOLSETS,
    )


def reference_server() -> MCPServer[Any]:
    """Build the server with the reference settings."""
    from gensee_mcp.server import build_server

    return build_server(reference_settings())


async def generate() -> tuple[str, dict[str, Any]]:
    """Return the tool table and the manifest fields that the server's lists determine."""
    server = reference_server()
    tools = await server.list_tools()
    prompts = await server.list_prompts()
    fields = {
        "version": __version__,
        "tools": manifest_tools(tools),
        "prompts": await manifest_prompts(server, prompts),
    }
    return tool_table(tools), fields


def generated_schemas() -> str:
    """Return the schema file's text: every tool's argument and result schema, freshly built."""
    from gensee_mcp.listings import LISTING_MODELS
    from gensee_mcp.operations import OPERATIONS

    pairs = [(op.input_model, op.output_model) for op in OPERATIONS] + list(LISTING_MODELS)
    schemas = {
        "input": {model_key(args): build_input_schema(args) for args, _ in pairs},
        "output": {model_key(result): build_output_schema(result) for _, result in pairs},
    }
    return json.dumps(schemas, indent=1, ensure_ascii=False) + "\n"


def updated_manifest(manifest: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Return the manifest with the generated fields replaced, keeping the key order."""
    return {**manifest, **fields}


def dump_manifest(manifest: dict[str, Any]) -> str:
    """Serialise a manifest the way the repository stores it."""
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the tool table, or write or check README.md and manifest.json."""
    parser = argparse.ArgumentParser(prog="python -m gensee_mcp.docs", description=__doc__)
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--write",
        action="store_true",
        help="update README.md, manifest.json and the package's schemas.json",
    )
    action.add_argument("--check", action="store_true", help="exit 1 if either is out of date")
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    parser.add_argument("--manifest", type=Path, default=Path("manifest.json"))
    args = parser.parse_args(argv)

    table, fields = anyio.run(generate)
    if not (args.write or args.check):
        sys.stdout.write(table)
        return 0

    readme = args.readme.read_text(encoding="utf-8")
    manifest_text = args.manifest.read_text(encoding="utf-8")
    try:
        wanted = {
            args.readme: replace_table(readme, table),
            args.manifest: dump_manifest(updated_manifest(json.loads(manifest_text), fields)),
        }
    except ValueError as exc:
        print(f"gensee_mcp.docs: {exc}", file=sys.stderr)
        return 2
    wanted[SCHEMA_PATH] = generated_schemas()
    current = {
        args.readme: readme,
        args.manifest: manifest_text,
        SCHEMA_PATH: SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else "",
    }
    stale = [path for path, text in wanted.items() if current[path] != text]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run python -m gensee_mcp.docs --write", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"updated {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
