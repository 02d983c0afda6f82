"""The bundle manifest: valid for the MCPB tools, in step with the server, and read by settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gensee_mcp import __version__
from gensee_mcp.settings import Settings, SettingsError, load_settings
from tests.conftest import Site, connect
from tests.peers import MCPB, host_config, load_manifest, needs_npx, npx

pytestmark = pytest.mark.anyio

ACCOUNT = {"site": "demo.gensee.com", "login_name": "admin", "password": "s3cret pass"}


def offline_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    env.update(GENSEE_SITE="http://127.0.0.1:9", GENSEE_LOGIN_NAME="a", GENSEE_PASSWORD="b")
    return env


def settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Load the settings as a server started with exactly these GENSEE_* variables would."""
    for key in os.environ:
        if key.startswith("GENSEE_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return load_settings()


@needs_npx
def test_manifest_passes_mcpb_validate() -> None:
    result = npx(MCPB, "validate", "manifest.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Manifest schema validation passes!" in result.stdout


async def test_manifest_lists_what_server_lists() -> None:
    manifest = load_manifest()
    async with connect(offline_env()) as client:
        tools = (await client.list_tools()).tools
        prompts = (await client.list_prompts()).prompts

    assert [entry["name"] for entry in manifest["tools"]] == [tool.name for tool in tools]
    assert [entry["name"] for entry in manifest["prompts"]] == [prompt.name for prompt in prompts]
    for entry, prompt in zip(manifest["prompts"], prompts, strict=True):
        assert entry["arguments"] == [argument.name for argument in prompt.arguments or []]
    assert manifest["version"] == __version__


def test_manifest_settings_map_to_server_settings() -> None:
    manifest = load_manifest()
    options = manifest["user_config"]
    env = manifest["server"]["mcp_config"]["env"]

    assert list(options) == ["site", "login_name", "password", "timezone", "read_only"]
    assert env == {
        "GENSEE_SITE": "${user_config.site}",
        "GENSEE_LOGIN_NAME": "${user_config.login_name}",
        "GENSEE_PASSWORD": "${user_config.password}",
        "GENSEE_TIMEZONE": "${user_config.timezone}",
        "GENSEE_READ_ONLY": "${user_config.read_only}",
    }
    for variable in env:
        assert variable.removeprefix("GENSEE_").lower() in Settings.model_fields, variable
    assert [name for name, option in options.items() if option.get("required")] == [
        "site",
        "login_name",
        "password",
    ]
    assert options["password"]["sensitive"] is True
    assert options["read_only"] == {**options["read_only"], "type": "boolean", "default": False}


def test_optional_values_left_empty_are_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = host_config(load_manifest(), ACCOUNT, tmp_path)
    # The host passes an optional value without a default as its own placeholder.
    assert config["env"]["GENSEE_TIMEZONE"] == "${user_config.timezone}"
    assert config["env"]["GENSEE_READ_ONLY"] == "false"

    settings = settings_from(config["env"], monkeypatch)

    assert settings.site == "https://demo.gensee.com"
    assert settings.login_name == "admin"
    assert settings.password is not None
    assert settings.password.get_secret_value() == "s3cret pass"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.read_only is False


def test_optional_values_given_are_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_config = {**ACCOUNT, "timezone": "Europe/Berlin", "read_only": True}
    config = host_config(load_manifest(), user_config, tmp_path)

    settings = settings_from(config["env"], monkeypatch)

    assert settings.timezone == "Europe/Berlin"
    assert settings.read_only is True


def test_placeholder_or_empty_required_value_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [
        ({"GENSEE_SITE": "${user_config.site}"}, "GENSEE_SITE is not set: give the site domain"),
        ({"GENSEE_LOGIN_NAME": "  "}, "GENSEE_LOGIN_NAME is not set: give the login name"),
        ({"GENSEE_PASSWORD": ""}, "GENSEE_PASSWORD is not set: set it, or GENSEE_PASSWORD_MD5"),
    ]
    for change, message in cases:
        env = {"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOGIN_NAME": "a", "GENSEE_PASSWORD": "b"}
        env.update(change)
        with pytest.raises(SettingsError) as caught:
            settings_from(env, monkeypatch)
        assert str(caught.value).startswith(message), str(caught.value)


async def test_server_starts_with_host_env(site: Site, tmp_path: Path) -> None:
    user_config = {"site": site.url, "login_name": "admin", "password": "admin123"}
    config = host_config(load_manifest(), user_config, tmp_path)
    env = site.env()
    env.pop("GENSEE_TIMEOUT")
    env.update(config["env"])

    async with connect(env) as client:
        result = await client.call_tool("get_room", {"roomId": "room01"})

    assert result.is_error is False
    assert result.structured_content is not None
    assert result.structured_content["roomId"] == "room01"
    assert result.structured_content["startDate"].endswith("+08:00")
