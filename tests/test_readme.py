"""README: the generated tool table matches the server, and its examples name real settings."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from gensee_mcp import docs
from gensee_mcp.settings import Settings
from tests.conftest import connect
from tests.peers import INSPECTOR, MCPB, ROOT

pytestmark = pytest.mark.anyio

README = ROOT / "README.md"
JSON_BLOCK = re.compile(r"```json\n(.*?)```", re.DOTALL)


def offline_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    env.update(GENSEE_SITE="http://127.0.0.1:9", GENSEE_LOGIN_NAME="a", GENSEE_PASSWORD="b")
    return env


def readme_table(text: str) -> str:
    start = text.index(docs.TABLE_START) + len(docs.TABLE_START) + 1
    return text[start : text.index(docs.TABLE_END)]


async def test_readme_table_matches_server() -> None:
    async with connect(offline_env()) as client:
        tools = (await client.list_tools()).tools

    table = readme_table(README.read_text(encoding="utf-8"))

    assert table == docs.tool_table(tools)
    assert table.count("\n") == len(tools) + 2


def test_docs_check_passes() -> None:
    status = docs.main(
        ["--check", "--readme", str(README), "--manifest", str(ROOT / "manifest.json")]
    )

    assert status == 0


def test_docs_check_catches_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    manifest = tmp_path / "manifest.json"
    readme.write_text(
        README.read_text(encoding="utf-8").replace(
            "| `get_room` | read-only |", "| `get_room` | write |"
        ),
        encoding="utf-8",
    )
    stale_manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    stale_manifest["tools"].pop()
    manifest.write_text(json.dumps(stale_manifest), encoding="utf-8")
    paths = ["--readme", str(readme), "--manifest", str(manifest)]

    stale = docs.main(["--check", *paths])
    messages = capsys.readouterr().err
    written = docs.main(["--write", *paths])
    fresh = docs.main(["--check", *paths])

    assert stale == 1
    assert f"{readme} is out of date: run python -m gensee_mcp.docs --write" in messages
    assert f"{manifest} is out of date: run python -m gensee_mcp.docs --write" in messages
    assert (written, fresh) == (0, 0)
    assert readme.read_text(encoding="utf-8") == README.read_text(encoding="utf-8")
    assert manifest.read_text(encoding="utf-8") == (ROOT / "manifest.json").read_text(
        encoding="utf-8"
    )


def test_docs_check_needs_markers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# gensee-mcp\n", encoding="utf-8")
    manifest = tmp_path / "manifest.json"
    shutil.copy(ROOT / "manifest.json", manifest)

    status = docs.main(["--check", "--readme", str(readme), "--manifest", str(manifest)])

    assert status == 2
    assert capsys.readouterr().err == (
        "gensee_mcp.docs: README has no <!-- tools:start --> ... <!-- tools:end --> markers "
        "in that order\n"
    )


def test_readme_json_examples_parse() -> None:
    blocks = [
        json.loads(block) for block in JSON_BLOCK.findall(README.read_text(encoding="utf-8"))
    ]
    servers = [
        server
        for block in blocks
        for server in {**block.get("mcpServers", {}), **block.get("servers", {})}.values()
    ]

    assert len(blocks) == 2
    assert len(servers) == 2
    for server in servers:
        assert server["command"].endswith("/.venv/bin/gensee-mcp")
        assert sorted(server["env"]) == ["GENSEE_LOGIN_NAME", "GENSEE_PASSWORD", "GENSEE_SITE"]


def test_readme_names_real_settings_and_versions() -> None:
    text = README.read_text(encoding="utf-8")
    variables = set(re.findall(r"\bGENSEE_[A-Z0-9_]+", text))
    unknown = {
        name
        for name in variables
        if name.removeprefix("GENSEE_").lower() not in Settings.model_fields
        and name != "GENSEE_LOG_LEVEL"
    }

    assert unknown == set()
    assert f"npx -y {INSPECTOR} --cli" in text
    assert MCPB in (ROOT / "scripts" / "build-bundle").read_text(encoding="utf-8")
    for command in ("gensee-mcp tools", "gensee-mcp check", "gensee-mcp call TOOL KEY=VALUE"):
        assert command in text, command
