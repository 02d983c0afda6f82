"""Every return code of the API, reached through a tool call, with the text the assistant sees."""

from __future__ import annotations

import pytest
from mcp import Client

from tests.conftest import Site, connect
from tests.test_tools import error_text

pytestmark = pytest.mark.anyio

NOT_RETRIED = {"GENSEE_RETRIES": "0"}


async def test_501_unknown_room(mcp: Client) -> None:
    text = await error_text(mcp, "export_chat", roomId="no-such-room")
    assert text == (
        "export_chat failed: training/export/chat returned code 501 (data does not exist): "
        "room no-such-room does not exist. The room id (roomId, from create_room or "
        "list_rooms) does not exist on the site. Check it and call again."
    )


async def test_502_duplicate_subject_on_create(mcp: Client) -> None:
    text = await error_text(
        mcp, "create_room", subject="Algebra I: linear equations", startDate="2027-02-01 10:00:00"
    )
    assert text == (
        "create_room failed: training/room/created returned code 502 (duplicate data): "
        "a room with subject 'Algebra I: linear equations' already exists: room01. "
        "The subject or one of the tokens is already taken by another room. Choose a "
        "different subject (or different tokens) and call again."
    )


async def test_bad_day_is_caught_before_the_site(mcp: Client, site: Site) -> None:
    text = await error_text(mcp, "export_courseware_views", date="2026-13-45")
    assert text == (
        "Invalid arguments for export_courseware_views; nothing was sent to the site. Fix "
        "these and call again:\n- date: Input should be a valid date or datetime, month value "
        "is outside expected range of 1-12 (got '2026-13-45')"
    )
    assert site.stats()["requests"] == 0


async def test_200_wrong_password(site: Site) -> None:
    async with connect(site.env(GENSEE_PASSWORD="wrong-password")) as client:
        text = await error_text(client, "get_room", roomId="room01")
    assert text.startswith(
        "get_room failed: training/room/info returned code 200 (authentication failed)"
    )
    assert text.endswith(
        "The login name or password this server is configured with is wrong. You cannot fix "
        "this from here: ask the person who installed the server to check GENSEE_LOGIN_NAME "
        "and GENSEE_PASSWORD. Do not retry."
    )
    assert "wrong-password" not in text


async def test_201_expired_password(site: Site) -> None:
    env = site.env(GENSEE_LOGIN_NAME="expired", GENSEE_PASSWORD="expired123")
    async with connect(env) as client:
        text = await error_text(client, "get_room", roomId="room01")
    assert text.startswith(
        "get_room failed: training/room/info returned code 201 (password expired)"
    )
    assert text.endswith(
        "The account's password has expired. Only the site's administrator can fix this; "
        "tell the user, and do not retry."
    )


async def test_500_teacher_on_admin_operation(site: Site) -> None:
    env = site.env(GENSEE_LOGIN_NAME="teacher", GENSEE_PASSWORD="teacher123")
    async with connect(env) as client:
        text = await error_text(client, "attach_document", roomId="room03", docId=72000001)
    assert text.startswith(
        "attach_document failed: training/doc/attach returned code 500 (business error): "
    )
    assert text.endswith("not be allowed this operation or this room.")


@pytest.mark.parametrize(
    ("code", "meaning", "advice"),
    [
        (
            "-1",
            "failure): failure",
            "The site gave no reason. Check the arguments; if they are right, try again later.",
        ),
        (
            "102",
            "parameter conversion error): parameter conversion error",
            "The site could not convert an argument (a number, time or true/false value). "
            "Correct it and call again.",
        ),
        (
            "101",
            "parameter error): parameter error",
            "The site rejected an argument. Correct the one the message names and call again.",
        ),
        (
            "300",
            "system error): system error",
            "The site had an internal error. Try again in a minute.",
        ),
        (
            "600",
            "interface disabled): interface disabled, please contact the administrator",
            "The site's administrator has disabled this interface. Only the site's "
            "administrator can fix this; tell the user, and do not retry.",
        ),
    ],
)
async def test_forced_codes(site: Site, code: str, meaning: str, advice: str) -> None:
    site.faults({"path": "room/info", "force_code": code})
    async with connect(site.env(**NOT_RETRIED)) as client:
        text = await error_text(client, "get_room", roomId="room01")
    assert text == (
        f"get_room failed: training/room/info returned code {code} ({meaning}. {advice}"
    )


async def test_unknown_code(site: Site) -> None:
    site.faults({"path": "room/info", "force_code": "777"})
    async with connect(site.env(**NOT_RETRIED)) as client:
        text = await error_text(client, "get_room", roomId="room01")
    assert text.startswith(
        "get_room failed: training/room/info returned code 777 (unknown return code)"
    )
    assert text.endswith("The API reference does not list this code.")
