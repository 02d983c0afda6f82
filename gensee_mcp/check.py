"""`gensee-mcp check`: check the settings, reach the site and log in with one harmless read.

The probe calls room/info with a room id that cannot exist. Administrators and teachers may
both call room/info, and the login is checked before the room is looked up, so the response
"data does not exist" (code 501) proves that the site is reachable and accepts the account,
without reading or changing anything. A paged sync would not do, because teachers may not
call the syncs at all.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

import anyio

from gensee_mcp.client import GenseeClient
from gensee_mcp.errors import (
    ApiError,
    AuthenticationError,
    CredentialsExpiredError,
    GenseeError,
    InterfaceDisabledError,
    NotFoundError,
    ResponseFormatError,
    TimeoutError_,
    TransportError,
)
from gensee_mcp.settings import TOOLSETS, Settings, SettingsError

PROBE_PATH = "training/room/info"
PROBE_ROOM_ID = "gensee-mcp-check"
# Codes of checks made after the login check, so they mean the login was accepted.
# NOTE: the API reference does not state the order of its checks; the sandbox checks the
# login first, and a real site is assumed to do the same.
_LOGIN_ACCEPTED_CODES = frozenset({"101", "102", "500", "502"})


def run_check(
    args: argparse.Namespace,
    resolve: Callable[[argparse.Namespace], tuple[Settings, Any]],
    out: TextIO = sys.stdout,
) -> int:
    """Print what the settings are and whether the site accepts them; return the exit status."""
    try:
        settings, sandbox = resolve(args)
    except SettingsError as exc:
        print(f"FAILED: {exc}", file=out)
        return 2
    try:
        describe_settings(settings, out)
        return anyio.run(probe_site, settings, out)
    finally:
        if sandbox is not None:
            sandbox.stop()


def describe_settings(settings: Settings, out: TextIO) -> None:
    """Print the settings that decide where and as whom the server logs in."""
    now = datetime.now(settings.zone).strftime("%Y-%m-%d %H:%M")
    password = "set" if settings.password is not None else "set as an MD5 hash"
    toolsets = "all" if set(settings.toolsets) == set(TOOLSETS) else ", ".join(settings.toolsets)
    rows = [
        ("Site", settings.site),
        ("Login name", settings.login_name),
        ("Password", password),
        ("Time zone", f"{settings.timezone} (now {now} there)"),
        ("Read-only", "yes" if settings.read_only else "no"),
        ("Toolsets", toolsets),
    ]
    for label, value in rows:
        print(f"{label + ':':<12}{value}", file=out)


async def probe_site(settings: Settings, out: TextIO) -> int:
    """Log in once with a harmless read and print what the response means."""
    client = GenseeClient(settings)
    started = time.perf_counter()
    try:
        await client.call(PROBE_PATH, [("roomId", PROBE_ROOM_ID)])
        note = "answered"
    except NotFoundError:
        note = "answered 501 (no such room), as expected"
    except ApiError as exc:
        if exc.code not in _LOGIN_ACCEPTED_CODES:
            print(f"FAILED: {describe_failure(settings, exc)}", file=out)
            return 1
        note = f"answered code {exc.code} ({exc.meaning}), which comes after the login check"
    except GenseeError as exc:
        print(f"FAILED: {describe_failure(settings, exc)}", file=out)
        return 1
    finally:
        await client.aclose()

    elapsed_ms = (time.perf_counter() - started) * 1000
    print(
        f"OK: logged in to {settings.site} as {settings.login_name} in {elapsed_ms:.0f} ms: "
        f"{PROBE_PATH} {note}.",
        file=out,
    )
    return 0


def describe_failure(settings: Settings, exc: GenseeError) -> str:
    """Say what is wrong and which setting to change."""
    site = settings.site
    if isinstance(exc, AuthenticationError):
        return (
            f"the site rejected the login name or password (code 200: {exc.message}). "
            "Check GENSEE_LOGIN_NAME and GENSEE_PASSWORD (or GENSEE_PASSWORD_MD5)."
        )
    if isinstance(exc, CredentialsExpiredError):
        return (
            f"the password of {settings.login_name} has expired (code 201). Set a new "
            "password on the site, then put it in GENSEE_PASSWORD."
        )
    if isinstance(exc, InterfaceDisabledError):
        return (
            f"the site's administrator has disabled the {PROBE_PATH} interface (code 600). "
            "Ask them to enable the Training API for this site."
        )
    if isinstance(exc, ApiError):
        return f"the site reported an error: {exc}."
    if isinstance(exc, TimeoutError_):
        return (
            f"{site} did not answer in time (GENSEE_CONNECT_TIMEOUT {settings.connect_timeout:g} "
            f"s, GENSEE_TIMEOUT {settings.timeout:g} s). Check GENSEE_SITE and the network "
            "(proxy, VPN, firewall); on a slow link raise those timeouts."
        )
    if isinstance(exc, TransportError) and exc.status is not None:
        return (
            f"{site} answered HTTP {exc.status} where the Training API should be "
            f"({site}/integration/site/{PROBE_PATH}). Check that GENSEE_SITE is the "
            "domain of your Gensee training site."
        )
    if isinstance(exc, TransportError):
        return (
            f"cannot reach {site}: {exc.message}. Check GENSEE_SITE, and that this computer "
            "can open the site in a browser."
        )
    if isinstance(exc, ResponseFormatError):
        return (
            f"{site} answered, but not as the Training API does: {exc.message}. Check that "
            "GENSEE_SITE is the domain of your Gensee training site."
        )
    return f"the request failed: {exc.message}."
