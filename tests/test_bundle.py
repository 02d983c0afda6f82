"""The packed bundle: what it contains, and a server started from it as an MCPB host does."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from tests.conftest import BIN, Site
from tests.peers import ROOT, host_config, load_manifest, needs_npx

pytestmark = [pytest.mark.anyio, needs_npx]

TOP_LEVEL = {"manifest.json", "pyproject.toml", "README.md", "server", "gensee_mcp"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pack the working tree with scripts/build-bundle."""
    output = tmp_path_factory.mktemp("bundle") / "gensee-mcp.mcpb"
    result = subprocess.run(
        [str(ROOT / "scripts" / "build-bundle"), str(output)],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def wheelhouse(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Download the wheels uv needs to build and install the bundle, with pip's own sources.

    uv then installs offline from this folder: the test reaches no index, and pip's
    configuration (mirrors, local indexes) decides where the wheels come from.
    """
    # pytest's cache keeps the wheels between runs; with the cache plugin off, a run downloads.
    cache = getattr(request.config, "cache", None)
    if cache is None:
        folder = tmp_path_factory.mktemp("bundle-wheelhouse")
    else:
        folder = Path(cache.mkdir("bundle-wheelhouse"))
    download = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(folder)]
    result = subprocess.run(
        [*download, str(ROOT), "hatchling"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder


def test_bundle_contains_only_the_server(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        packed_manifest = archive.read("manifest.json").decode("utf-8")

    sources = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "gensee_mcp").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert {name.split("/")[0] for name in names} == TOP_LEVEL
    assert sources <= set(names)
    assert "server/main.py" in names
    assert "gensee_mcp/py.typed" in names
    assert [name for name in names if "__pycache__" in name or name.endswith(".pyc")] == []
    assert packed_manifest == (ROOT / "manifest.json").read_text(encoding="utf-8")


async def test_unpacked_bundle_serves_tools(
    bundle: Path, wheelhouse: Path, site: Site, tmp_path: Path
) -> None:
    unpacked = tmp_path / "extension"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    manifest = load_manifest(unpacked)
    user_config = {"site": site.url, "login_name": "admin", "password": "admin123"}
    config = host_config(manifest, user_config, unpacked)

    # The host brings its own uv and Python, and here the test's stand in for them. uv runs
    # offline with an empty cache, so the server gets only what the bundle's pyproject names.
    assert manifest["server"]["type"] == "uv"
    assert config["command"] == "uv"
    python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    env = {
        **config["env"],
        "UV_OFFLINE": "1",
        "UV_FIND_LINKS": str(wheelhouse),
        "UV_PYTHON": str(python),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
        "GENSEE_CATALOG_PATH": str(tmp_path / "rooms.sqlite3"),
    }
    server = StdioServerParameters(command=str(BIN / "uv"), args=config["args"], env=env)

    async with Client(server, mode="legacy", read_timeout_seconds=120) as client:
        tools = (await client.list_tools()).tools
        result = await client.call_tool("get_room", {"roomId": "room01"})

    assert [tool.name for tool in tools] == [entry["name"] for entry in manifest["tools"]]
    assert result.is_error is False
    assert result.structured_content is not None
    assert result.structured_content["roomId"] == "room01"
    assert (unpacked / ".venv").exists() is False
