"""The account password, plain or as MD5, never shows in results, errors, resources or logs."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.client.stdio import stdio_client

from gensee_mcp.redaction import RedactingFilter, install_redaction
from tests.conftest import BIN, Site, free_port, server_parameters, wait_until_serving

pytestmark = pytest.mark.anyio

PASSWORD = "Kq8-zebra-Lantern-2931"
PASSWORD_MD5 = hashlib.md5(PASSWORD.encode()).hexdigest()
SECRETS = (PASSWORD, PASSWORD_MD5)
START = "2030-03-04 09:00:00"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def secret_site(tmp_path: Path) -> Iterator[tuple[Site, Path]]:
    """Run a sandbox whose administrator has the distinctive password, logging at debug."""
    port = free_port()
    log = tmp_path / "sandbox.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [
                str(BIN / "gensee-sandbox"),
                "--port",
                str(port),
                "--admin-password",
                PASSWORD,
                "--log-level",
                "debug",
                "--access-log",
            ],
            stdout=stderr,
            stderr=stderr,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield Site(url, tmp_path), log
    finally:
        process.terminate()
        process.wait(timeout=10)


@asynccontextmanager
async def debug_session(site: Site, errlog: Path) -> AsyncIterator[Client]:
    """Start gensee-mcp at DEBUG with the distinctive password, its stderr going to `errlog`."""
    env = site.env(GENSEE_PASSWORD=PASSWORD, GENSEE_HOLD_AFTER_REJECTION="0")
    with errlog.open("w") as stderr:
        transport = stdio_client(server_parameters(env, "--log-level", "DEBUG"), errlog=stderr)
        async with Client(transport, mode="legacy", read_timeout_seconds=60) as client:
            yield client


def sample_arguments(demo: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return arguments for every tool, mostly naming objects of the demo data."""
    record = demo["recordId"]
    document = demo["documentId"]
    warmup = demo["warmupIds"][0]
    room = "room06"
    return {
        "create_room": {"subject": "Secrets check", "startDate": START},
        "update_room": {"roomId": room, "description": "Checked for secrets"},
        "delete_room": {"roomId": "room08"},
        "get_room": {"roomId": "room01"},
        "list_room_coursewares": {"roomId": "room01"},
        "get_courseware": {"coursewareId": demo["coursewareId"]},
        "update_courseware": {"coursewareId": demo["coursewareId"], "subject": "Renamed"},
        "delete_courseware": {"coursewareId": "cw9999"},
        "create_teacher": {
            "teacherLoginName": "secretscheck",
            "teacherPassword": "teacher-pass-1",
            "name": "Checker",
        },
        "sync_records": {},
        "sync_coursewares": {"allPages": True},
        "create_warmup": {"name": "Warm-up", "recordId": record},
        "update_warmup": {"warmupId": warmup, "name": "Warm-up renamed"},
        "attach_warmup": {"roomId": room, "warmupId": warmup},
        "detach_warmup": {"roomId": room, "warmupId": warmup},
        "attach_playback_records": {"roomId": room, "recordIds": [record]},
        "detach_playback_records": {"roomId": room, "recordIds": [record]},
        "export_attendance": {"roomId": "room01"},
        "export_qa": {"roomId": "room01"},
        "export_rollcall": {"roomId": "room01"},
        "export_votes": {"roomId": "room01"},
        "sync_documents": {},
        "attach_document": {"roomId": room, "docId": document},
        "detach_document": {"roomId": room, "docId": document},
        "export_courseware_views": {"date": "2026-11-24"},
        "export_chat": {"roomId": "room01"},
        "transcode_document": {"resourceUrl": "http://127.0.0.1:9/a.pdf", "name": "Slides"},
        "transcode_media": {"resourceUrl": "http://127.0.0.1:9/a.mp4", "name": "Video"},
        "export_room_usage": {
            "startTime": "2026-11-01 00:00:00",
            "endTime": "2026-11-20 00:00:00",
        },
        "configure_phone_conference": {"roomId": room},
        "list_rooms": {"includePast": True},
        "list_coursewares": {},
    }


FAULTS: list[dict[str, Any]] = [
    {"force_code": "300"},
    {"force_code": "-1"},
    {"http_status": 503},
    {"malformed": "html", "http_status": 200},
    {"malformed": "empty"},
    {"malformed": "invalid_json"},
    {"malformed": "no_code"},
    {"malformed": "wrong_type"},
    {"drop_connection": True},
    {"latency_ms": 300},
    # Last: a credential rejection, whose message names the password settings.
    {"force_code": "200"},
]
BAD_ARGUMENTS: list[tuple[str, dict[str, Any]]] = [
    ("get_room", {"roomId": PASSWORD}),
    ("create_room", {"subject": "x", "startDate": "never", "password": PASSWORD}),
    ("create_room", {"subject": "x", "startDate": START, "teacherToken": "1"}),
    ("update_room", {"roomId": "room01", "webJoin": False, "clientJoin": False}),
]


def dump(result: Any) -> str:
    """Return everything a client could show of a result: texts and structured content."""
    parts = [getattr(item, "text", "") for item in result.content]
    parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)


async def exercise(client: Client, site: Site) -> tuple[list[str], int]:
    """Run every tool, the resources and prompts, faults and bad input; return the outputs."""
    demo = httpx.get(f"{site.url}/_sandbox/demo", timeout=5).json()
    samples = sample_arguments(demo)
    outputs: list[str] = []
    successes = 0

    for listed in (await client.list_tools()).tools:
        result = await client.call_tool(listed.name, samples.get(listed.name, {}))
        outputs.append(dump(result))
        successes += not result.is_error

    for resource in (await client.list_resources()).resources:
        outputs.append(str(await client.read_resource(resource.uri)))
    for template in (await client.list_resource_templates()).resource_templates:
        uri = template.uri_template.replace("{roomId}", "room01")
        uri = uri.replace("{coursewareId}", demo["coursewareId"])
        outputs.append(str(await client.read_resource(uri)))
    for prompt in (await client.list_prompts()).prompts:
        arguments = {argument.name: "2030-03-04 09:00:00" for argument in prompt.arguments or []}
        arguments.update({"roomId": "room01", "subject": "Physics", "duration": "45"})
        known = {argument.name for argument in prompt.arguments or []}
        wanted = {name: value for name, value in arguments.items() if name in known}
        outputs.append(str(await client.get_prompt(prompt.name, wanted)))

    for rule in FAULTS:
        site.faults({"path": "*", **rule})
        for tool in ("get_room", "create_room"):
            arguments = dict(samples[tool])
            if tool == "create_room":
                arguments["subject"] = f"Secrets check {len(outputs)}"
            outputs.append(dump(await client.call_tool(tool, arguments)))
    site.faults()

    for tool, arguments in BAD_ARGUMENTS:
        outputs.append(dump(await client.call_tool(tool, arguments)))
    return outputs, successes


def leaks(text: str) -> list[str]:
    """Return the forms of the password found in `text`."""
    return [name for name, secret in zip(("plain", "md5"), SECRETS, strict=True) if secret in text]


async def test_no_secret_anywhere(secret_site: tuple[Site, Path], tmp_path: Path) -> None:
    site, sandbox_log = secret_site
    server_log = tmp_path / "server.log"

    async with debug_session(site, server_log) as client:
        outputs, successes = await exercise(client, site)

    server_text = server_log.read_text()
    sandbox_text = sandbox_log.read_text()
    # The scenario is broad only if it reached the site and the debug log was on.
    assert successes >= 25
    assert len(outputs) >= 60
    assert " DEBUG gensee_mcp.client: training/room/info -> HTTP 200 in " in server_text
    assert "retrying training/room/info after attempt 1 failed" in server_text
    assert "room/created -> code 0" in sandbox_text

    for index, output in enumerate(outputs):
        assert leaks(output) == [], f"output {index}: {output[:300]}"
    assert leaks(server_text) == []
    assert leaks(sandbox_text) == []


@pytest.fixture
def captured_root() -> Iterator[io.StringIO]:
    """Attach a stream handler to the root logger at DEBUG, and detach it afterwards."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(saved_level)


def test_filter_redacts_debug_records(captured_root: io.StringIO) -> None:
    install_redaction(SECRETS)
    httpx_logger = logging.getLogger("httpx")
    saved = httpx_logger.level
    httpx_logger.setLevel(logging.DEBUG)
    try:
        httpx_logger.debug("POST body loginName=admin&password=%s&sec=true", PASSWORD_MD5)
        logging.getLogger("gensee_mcp.test").debug(f"plain {PASSWORD} in the message")
        try:
            raise ValueError(f"bad password {PASSWORD}")
        except ValueError:
            logging.getLogger("gensee_mcp.test").exception("failed with %r", PASSWORD_MD5)
    finally:
        httpx_logger.setLevel(saved)

    text = captured_root.getvalue()
    assert leaks(text) == []
    assert "DEBUG httpx: POST body loginName=admin&password=[redacted]&sec=true" in text
    assert "DEBUG gensee_mcp.test: plain [redacted] in the message" in text
    assert "ERROR gensee_mcp.test: failed with '[redacted]'" in text
    assert "ValueError: bad password [redacted]" in text


def test_filter_longest_secret_first() -> None:
    redacting = RedactingFilter()
    redacting.add(["abc", "abcdef", ""])

    assert redacting.redact("x abcdef y abc") == "x [redacted] y [redacted]"
    assert redacting.redact("nothing here") == "nothing here"


def test_filter_keeps_broken_format() -> None:
    redacting = RedactingFilter()
    redacting.add([PASSWORD])
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d %s", (PASSWORD,), None)

    assert redacting.filter(record) is True
    assert record.getMessage() == "%d %s ('[redacted]',)"
