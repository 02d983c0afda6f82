"""Starting gensee-mcp: the embedded sandbox, and settings that stop start-up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from mcp import Client, StdioServerParameters

from tests.conftest import BIN, connect
from tests.test_schemas import SPEC_ORDER
from tests.test_tools import call

pytestmark = pytest.mark.anyio


def clean_env(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    env.update(settings)
    return env


async def test_lower_case_log_level_is_accepted() -> None:
    async with connect(clean_env(GENSEE_LOG_LEVEL="debug"), "--sandbox") as client:
        room = await call(client, "get_room", roomId="room02")
    assert room["subject"] == "Academic writing workshop"


async def test_sandbox_mode_needs_no_configuration() -> None:
    async with connect(clean_env(), "--sandbox") as client:
        listed = await client.list_tools()
        room = await call(client, "get_room", roomId="room01")
        records = await call(client, "sync_records", maxItems=1)

    assert {tool.name for tool in listed.tools} >= set(SPEC_ORDER)
    assert room["subject"] == "Algebra I: linear equations"
    assert room["teacherJoinUrl"].startswith("http://127.0.0.1:")
    assert records["page"]["totalCounts"] == 20


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {},
            "gensee-mcp: GENSEE_SITE is not set: give the site domain, such as "
            "demo.gensee.com, or run with --sandbox",
        ),
        (
            {"GENSEE_SITE": "demo.gensee.com"},
            "gensee-mcp: GENSEE_LOGIN_NAME is not set: give the login name of the API "
            "account, or run with --sandbox",
        ),
        (
            {"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOGIN_NAME": "api"},
            "gensee-mcp: GENSEE_PASSWORD is not set: set it, or GENSEE_PASSWORD_MD5 to the "
            "lowercase MD5 hex of the password",
        ),
        (
            {"GENSEE_SITE": "ftp://demo", "GENSEE_LOGIN_NAME": "a", "GENSEE_PASSWORD": "b"},
            "gensee-mcp: GENSEE_SITE is invalid: scheme must be http or https, not 'ftp'",
        ),
        (
            {
                "GENSEE_SITE": "demo.gensee.com",
                "GENSEE_LOGIN_NAME": "a",
                "GENSEE_PASSWORD_MD5": "ABC",
            },
            "gensee-mcp: GENSEE_PASSWORD_MD5 is invalid: must be 32 hexadecimal digits, the MD5 "
            "of the password",
        ),
        (
            {
                "GENSEE_SITE": "demo.gensee.com",
                "GENSEE_LOGIN_NAME": "a",
                "GENSEE_PASSWORD": "b",
                "GENSEE_TIMEZONE": "Mars/Olympus",
            },
            "gensee-mcp: GENSEE_TIMEZONE is invalid: unknown IANA time zone 'Mars/Olympus'",
        ),
        (
            {
                "GENSEE_SITE": "demo.gensee.com",
                "GENSEE_LOGIN_NAME": "a",
                "GENSEE_PASSWORD": "b",
                "GENSEE_TIMEOUT": "soon",
            },
            "gensee-mcp: GENSEE_TIMEOUT is invalid: Input should be a valid number, unable to "
            "parse string as a number",
        ),
        (
            {"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOG_LEVEL": "verbose"},
            "gensee-mcp: GENSEE_LOG_LEVEL is invalid: 'verbose' is not one of debug, info, "
            "warning, error",
        ),
    ],
)
def test_bad_settings_stop_startup(settings: dict[str, str], message: str) -> None:
    finished = subprocess.run(
        [str(BIN / "gensee-mcp")],
        env=clean_env(**settings),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert finished.returncode == 2
    assert finished.stdout == ""
    assert finished.stderr == message + "\n"


def test_port_out_of_range_is_one_error_line() -> None:
    finished = subprocess.run(
        [str(BIN / "gensee-mcp"), "--transport", "http", "--port", "99999"],
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert finished.returncode == 2
    assert finished.stderr.splitlines()[-1] == (
        "gensee-mcp: error: argument --port: 99999 is not a port number from 1 to 65535"
    )


async def test_python_dash_m_runs_the_server() -> None:
    parameters = StdioServerParameters(
        command=sys.executable, args=["-m", "gensee_mcp", "--sandbox"], env=clean_env()
    )
    async with Client(parameters, mode="legacy", read_timeout_seconds=60) as client:
        room = await call(client, "get_room", roomId="room04")
    assert room["subject"] == "Physics: Newton's laws"
