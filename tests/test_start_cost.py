"""Start-up and per-call cost: modules left unloaded, no request at start, schemas built once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from pydantic import BaseModel

from gensee_mcp.models.listings import CoursewareList, RoomList
from gensee_mcp.operations import OPERATIONS
from gensee_mcp.schema import _drop_required, _shallow, flatten, output_schema
from gensee_mcp.server import build_server
from gensee_mcp.settings import load_settings
from tests.conftest import ADMIN_LOGIN, ADMIN_PASSWORD, Site, server_parameters

pytestmark = pytest.mark.anyio

# Modules the stdio server must not load before a tool call: the sandbox site, the HTTP
# transport, the catalog database (opened on first use), and the HTTP client and retry
# libraries (loaded by the first request).
NEVER_LOADED = (
    "gensee_mcp.sandbox",
    "gensee_mcp.http",
    "sqlite3",
    "_sqlite3",
    "httpx",
    "httpcore",
    "tenacity",
)
# Loaded only if the SDK loads them by itself.
SDK_ONLY = ("uvicorn", "starlette", "sse_starlette")

LIST_SDK_MODULES = """
import json, sys
import mcp.server.mcpserver
print(json.dumps(sorted(sys.modules)))
"""

LIST_SERVER_MODULES = """
import json, sys
from gensee_mcp.cli import build_parser
from gensee_mcp.models.listings import CoursewareList, RoomList
from gensee_mcp.operations import OPERATIONS
from gensee_mcp.schema import _drop_required, _shallow, flatten, output_schema
from gensee_mcp.server import build_server
from gensee_mcp.settings import load_settings
build_parser()
build_server(load_settings(site="http://127.0.0.1:9", login_name="a", password="b"))
print(json.dumps(sorted(sys.modules)))
"""

# Runs gensee-mcp's entry point and writes the loaded module names to argv[1] at exit.
RUN_AND_LIST_MODULES = """
import atexit, json, sys
path = sys.argv[1]
atexit.register(lambda: open(path, "w").write(json.dumps(sorted(sys.modules))))
from gensee_mcp.cli import main
main([])
"""


def loaded_modules(script: str) -> set[str]:
    """Run a script in a fresh interpreter and return the module names it printed."""
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    names: list[str] = json.loads(output)
    return set(names)


def unwanted(modules: set[str], sdk: set[str]) -> list[str]:
    """Return the loaded modules that the stdio server should have left alone."""
    found = [
        name
        for name in modules
        for prefix in NEVER_LOADED
        if name == prefix or name.startswith(prefix + ".")
    ]
    found += [name for name in SDK_ONLY if name in modules and name not in sdk]
    return sorted(found)


def test_build_leaves_modules_unloaded() -> None:
    sdk = loaded_modules(LIST_SDK_MODULES)
    ours = loaded_modules(LIST_SERVER_MODULES)

    assert "gensee_mcp.server" in ours
    assert "gensee_mcp.catalog" in ours
    assert unwanted(ours, sdk) == []


async def test_stdio_start_sends_nothing(site: Site, tmp_path: Path) -> None:
    modules_file = tmp_path / "modules.json"
    catalog = tmp_path / "rooms.sqlite3"
    parameters = server_parameters(site.env(GENSEE_CATALOG_PATH=str(catalog)))
    parameters.command = sys.executable
    parameters.args = ["-c", RUN_AND_LIST_MODULES, str(modules_file)]

    async with Client(parameters, mode="legacy", read_timeout_seconds=60) as client:
        tools = await client.list_tools()
        requests = site.stats()["requests"]

    sdk = loaded_modules(LIST_SDK_MODULES)
    modules = set(json.loads(modules_file.read_text()))
    assert len(tools.tools) >= 30
    assert requests == 0
    assert not catalog.exists()
    assert "gensee_mcp.server" in modules
    assert unwanted(modules, sdk) == []


async def test_schemas_built_once(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(
        site=site.url,
        login_name=ADMIN_LOGIN,
        password=ADMIN_PASSWORD,
        catalog_path=str(site.catalogs / "schemas-once.sqlite3"),
    )
    server = build_server(settings)
    built: list[str] = []
    original = BaseModel.model_json_schema.__func__  # type: ignore[attr-defined]

    def counting(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        built.append(cls.__name__)
        schema: dict[str, Any] = original(cls, *args, **kwargs)
        return schema

    monkeypatch.setattr(BaseModel, "model_json_schema", classmethod(counting))

    async with Client(server) as client:
        first = await client.list_tools()
        second = await client.list_tools()
        for _ in range(3):
            result = await client.call_tool("get_room", {"roomId": "room01"})
            assert not result.is_error
        result = await client.call_tool("sync_documents", {"allPages": True})
        assert not result.is_error

    assert built == []
    assert first.tools == second.tools


@pytest.mark.parametrize(
    "model",
    [*(op.output_model for op in OPERATIONS), RoomList, CoursewareList],
    ids=lambda model: model.__name__,
)
def test_shallow_output_schema_unchanged(model: type[BaseModel]) -> None:
    full = model.model_json_schema(mode="serialization")
    flat = flatten(full, full.get("$defs", {}), keep_descriptions=False)
    properties = _drop_required(flat.get("properties", {}))
    expected = {name: _shallow(prop) for name, prop in properties.items()}

    assert output_schema(model) == {"type": "object", "properties": expected}
