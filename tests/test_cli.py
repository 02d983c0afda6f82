"""The command line for people: gensee-mcp tools, call and check, and the serve flags."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gensee_mcp.check import probe_site
from gensee_mcp.cli import build_parser
from gensee_mcp.commands import UsageError, parse_arguments, render_fields
from gensee_mcp.settings import load_settings
from tests.conftest import BIN, Site, connect, free_port, wait_until_serving

pytestmark = pytest.mark.anyio

ROOM01_SUMMARY = "Room 'Algebra I: linear equations'. roomId room01, number 30000001, starts "
RECORD_IDS_SCHEMA = {"type": "array", "items": {"type": "integer"}}
SCHEMA = {
    "properties": {
        "roomId": {"type": "string"},
        "limit": {"type": "integer"},
        "allPages": {"type": "boolean"},
        "recordIds": RECORD_IDS_SCHEMA,
    }
}


def clean_env(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GENSEE_")}
    env.update(settings)
    return env


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "gensee-mcp"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def check_output(settings: Any) -> tuple[int, list[str]]:
    """Run the check's probe in-process and return its status and output lines."""
    import anyio

    out = io.StringIO()
    status = anyio.run(probe_site, settings, out)
    return status, out.getvalue().splitlines()


@pytest.fixture(scope="module")
def bulk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A sandbox with 130 extra coursewares, so a full sync spans three pages."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gensee-sandbox"), "--port", str(port), "--coursewares", "130"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_tools_lists_name_kind_title() -> None:
    env = clean_env(GENSEE_SITE="http://127.0.0.1:9", GENSEE_LOGIN_NAME="a", GENSEE_PASSWORD="b")
    result = run_cli("tools", env=env)
    async with connect(env) as client:
        tools = (await client.list_tools()).tools

    width = max(len(tool.name) for tool in tools)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [tool.name for tool in tools]
    assert f"{'create_room':<{width}}  write        Create a class room" in lines
    assert f"{'delete_room':<{width}}  destructive  Delete a class room" in lines
    assert f"{'get_room':<{width}}  read-only    Get a class room" in lines


def test_tools_read_only_lists_reads() -> None:
    full = run_cli("tools", env=clean_env())
    read_only = run_cli("tools", env=clean_env(GENSEE_READ_ONLY="true"))

    assert full.returncode == 0, full.stderr
    assert read_only.returncode == 0, read_only.stderr
    expected = [line for line in full.stdout.splitlines() if line.split()[1] == "read-only"]
    assert [line.split()[0] for line in read_only.stdout.splitlines()] == [
        line.split()[0] for line in expected
    ]
    assert len(expected) < len(full.stdout.splitlines())


def test_call_prints_summary_then_fields(site: Site) -> None:
    result = run_cli("call", "get_room", "roomId=room01", env=site.env())

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(ROOM01_SUMMARY)
    assert lines[1] == ""
    assert lines[2] == "  roomId: room01"
    assert "  subject: Algebra I: linear equations" in lines
    assert "  webJoin: true" in lines
    assert result.stderr == ""


def test_call_json_creates_then_reads(site: Site) -> None:
    created = run_cli(
        "call",
        "create_room",
        "subject=Command line class",
        "startDate=2027-03-01T09:00",
        "--json",
        env=site.env(),
    )
    assert created.returncode == 0, created.stderr
    room = json.loads(created.stdout)

    read = run_cli("call", "--json", "get_room", f"roomId={room['roomId']}", env=site.env())

    assert read.returncode == 0, read.stderr
    data = json.loads(read.stdout)
    assert data["roomId"] == room["roomId"]
    assert data["subject"] == "Command line class"
    assert data["startDate"] == "2027-03-01T09:00:00+08:00"


def test_call_tool_error_exits_1(site: Site) -> None:
    result = run_cli("call", "get_room", "roomId=nope", "--json", env=site.env())

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "get_room failed: training/room/info returned code 501 (data does not exist)"
    )


def test_call_invalid_arguments_send_nothing(site: Site) -> None:
    result = run_cli("call", "create_room", "startDate=tomorrow", env=site.env())

    assert result.returncode == 1
    assert result.stderr.startswith(
        "Invalid arguments for create_room; nothing was sent to the site. Fix these and call "
        "again:\n"
    )
    assert "- subject: is required" in result.stderr
    assert site.stats()["requests"] == 0


def test_call_usage_errors_exit_2() -> None:
    env = clean_env(GENSEE_SITE="http://127.0.0.1:9", GENSEE_LOGIN_NAME="a", GENSEE_PASSWORD="b")
    unknown = run_cli("call", "get_rom", "roomId=x", env=env)
    bare = run_cli("call", "get_room", "room01", env=env)
    unset = run_cli("call", "get_room", "roomId=x", env=clean_env())

    assert unknown.returncode == 2
    assert unknown.stderr.startswith(
        "gensee-mcp call: no tool named 'get_rom'. Did you mean get_room"
    )
    assert unknown.stderr.endswith("Run gensee-mcp tools to list them.\n")
    assert bare.returncode == 2
    assert bare.stderr == "gensee-mcp call: expected KEY=VALUE, got 'room01'\n"
    assert unset.returncode == 2
    assert unset.stderr.startswith("gensee-mcp: GENSEE_SITE is not set")


def test_call_shows_progress_on_stderr(bulk_site: str, tmp_path: Path) -> None:
    env = clean_env(
        GENSEE_SITE=bulk_site,
        GENSEE_LOGIN_NAME="admin",
        GENSEE_PASSWORD="admin123",
        GENSEE_CATALOG_PATH=str(tmp_path / "rooms.sqlite3"),
    )
    result = run_cli("call", "sync_coursewares", "allPages=true", "maxItems=500", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "[########----------------] page 1 of 3",
        "[################--------] 2 of 3 pages",
        "[########################] 3 of 3 pages",
    ]
    assert result.stdout.startswith("Pages 1-3 of 3: 144 coursewares of 144 in all.\n")


def test_sandbox_flag_before_or_after_call() -> None:
    before = run_cli("--sandbox", "call", "get_room", "roomId=room01", "--json", env=clean_env())
    after = run_cli("call", "--sandbox", "get_room", "roomId=room01", "--json", env=clean_env())

    for result in (before, after):
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["roomId"] == "room01"


def test_check_ok_for_admin(site: Site) -> None:
    result = run_cli("check", env=site.env())

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"Site:       {site.url}", "Login name: admin", "Password:   set"]
    assert re.fullmatch(
        r"Time zone:  Asia/Shanghai \(now \d{4}-\d\d-\d\d \d\d:\d\d there\)", lines[3]
    )
    assert lines[4:6] == ["Read-only:  no", "Toolsets:   all"]
    assert re.fullmatch(
        rf"OK: logged in to {re.escape(site.url)} as admin in \d+ ms: training/room/info "
        r"answered 501 \(no such room\), as expected\.",
        lines[6],
    )
    assert len(lines) == 7


def test_check_ok_for_teacher(site: Site) -> None:
    env = site.env(GENSEE_LOGIN_NAME="teacher", GENSEE_PASSWORD="teacher123")
    result = run_cli("check", env=env)

    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith(f"OK: logged in to {site.url} as teacher")


def test_check_wrong_password(site: Site) -> None:
    result = run_cli("check", env=site.env(GENSEE_PASSWORD="not-admin123"))

    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "FAILED: the site rejected the login name or password (code 200: authentication "
        "failed: wrong loginName or password). Check GENSEE_LOGIN_NAME and GENSEE_PASSWORD "
        "(or GENSEE_PASSWORD_MD5)."
    )


def test_check_settings_errors_exit_2() -> None:
    missing = run_cli("check", env=clean_env())
    invalid = run_cli(
        "check",
        env=clean_env(
            GENSEE_SITE="demo.gensee.com",
            GENSEE_LOGIN_NAME="a",
            GENSEE_PASSWORD="b",
            GENSEE_TIMEZONE="Mars/Base",
        ),
    )

    assert missing.returncode == 2
    assert missing.stdout == (
        "FAILED: GENSEE_SITE is not set: give the site domain, such as demo.gensee.com, "
        "or run with --sandbox\n"
    )
    assert invalid.returncode == 2
    assert invalid.stdout == (
        "FAILED: GENSEE_TIMEZONE is invalid: unknown IANA time zone 'Mars/Base'\n"
    )


def test_check_sandbox_ok() -> None:
    result = run_cli("check", "--sandbox", env=clean_env())

    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("OK: logged in to http://127.0.0.1:")


def test_check_names_each_failure(site: Site) -> None:
    url = site.url
    closed = f"http://127.0.0.1:{free_port()}"
    cases: list[tuple[dict[str, Any], dict[str, Any], str]] = [
        (
            {"login_name": "expired", "password": "expired123"},
            {},
            "FAILED: the password of expired has expired (code 201). Set a new password on "
            "the site, then put it in GENSEE_PASSWORD.",
        ),
        (
            {},
            {"path": "room/info", "force_code": "600"},
            "FAILED: the site's administrator has disabled the training/room/info interface "
            "(code 600). Ask them to enable the Training API for this site.",
        ),
        (
            {},
            {"path": "room/info", "http_status": 404},
            f"FAILED: {url} answered HTTP 404 where the Training API should be "
            f"({url}/integration/site/training/room/info). Check that GENSEE_SITE is the "
            "domain of your Gensee training site.",
        ),
        (
            {"timeout": 0.5},
            {"path": "room/info", "latency_ms": 2000},
            f"FAILED: {url} did not answer in time (GENSEE_CONNECT_TIMEOUT 10 s, GENSEE_TIMEOUT "
            "0.5 s). Check GENSEE_SITE and the network (proxy, VPN, firewall); on a slow link "
            "raise those timeouts.",
        ),
        (
            {"site": closed},
            {},
            f"FAILED: cannot reach {closed}: ",
        ),
    ]
    for overrides, fault, expected in cases:
        if fault:
            site.faults(fault)
        else:
            site.reset()
        settings = load_settings(
            **{
                "site": url,
                "login_name": "admin",
                "password": "admin123",
                "password_md5": None,
                "retries": 0,
                **overrides,
            }
        )

        status, lines = check_output(settings)

        assert status == 1, lines
        assert len(lines) == 1, lines
        assert lines[0].startswith(expected), lines[0]


def test_check_not_json_response(site: Site) -> None:
    site.faults({"path": "room/info", "malformed": "invalid_json"})
    settings = load_settings(
        site=site.url, login_name="admin", password="admin123", password_md5=None, retries=0
    )

    status, lines = check_output(settings)

    assert status == 1
    assert lines[0].startswith(f"FAILED: {site.url} answered, but not as the Training API does: ")
    assert lines[0].endswith(
        ". Check that GENSEE_SITE is the domain of your Gensee training site."
    )


def test_serve_flags_still_parse() -> None:
    parser = build_parser()
    http = parser.parse_args(
        ["--transport", "http", "--host", "0.0.0.0", "--port", "9000", "--stateless"]
    )
    plain = parser.parse_args([])

    assert (http.command, http.transport, http.host, http.port, http.stateless) == (
        None,
        "http",
        "0.0.0.0",
        9000,
        True,
    )
    assert (plain.command, plain.sandbox, plain.transport) == (None, False, "stdio")


def test_call_arguments_follow_schema() -> None:
    cases: list[tuple[list[str], dict[str, Any]]] = [
        (["roomId=123"], {"roomId": "123"}),
        (["roomId=[1]"], {"roomId": "[1]"}),
        (["limit=5", "allPages=true"], {"limit": 5, "allPages": True}),
        (["recordIds=[1,2]"], {"recordIds": [1, 2]}),
        (["recordIds=1, 2,3"], {"recordIds": [1, 2, 3]}),
        (["recordIds=7"], {"recordIds": [7]}),
        (["roomId:=123"], {"roomId": 123}),
        (['extra={"a": null}'], {"extra": {"a": None}}),
        (["subject=two words = fine"], {"subject": "two words = fine"}),
        (["limit="], {"limit": ""}),
    ]
    for words, expected in cases:
        assert parse_arguments(words, SCHEMA) == expected, words


def test_call_arguments_reject_bad_words() -> None:
    cases = [
        (["roomId"], "expected KEY=VALUE, got 'roomId'"),
        (["=x"], "expected KEY=VALUE, got '=x'"),
        (["limit:=five"], "limit:= needs a JSON value (Expecting value): 'five'"),
        (["limit=1", "limit=2"], "limit is given twice"),
    ]
    for words, message in cases:
        with pytest.raises(UsageError) as caught:
            parse_arguments(words, SCHEMA)
        assert str(caught.value) == message


def test_fields_render_nested_values() -> None:
    data = {
        "roomId": "r1",
        "webJoin": True,
        "tokens": {"teacher": "111", "student": None},
        "recordIds": [1, 2],
        "empty": [],
        "rows": [{"name": "Ann", "devices": ["pc", "ios"]}, {"name": "Bo\nLi"}],
    }

    assert "\n".join(render_fields(data, 2)).splitlines() == [
        "  roomId: r1",
        "  webJoin: true",
        "  tokens:",
        "    teacher: 111",
        "    student: null",
        "  recordIds: 1, 2",
        "  empty: (none)",
        "  rows:",
        "    - name: Ann",
        "      devices: pc, ios",
        "    - name: Bo",
        "        Li",
    ]
