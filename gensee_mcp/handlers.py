"""Tool handlers that do more than send their arguments: merges, exports, acknowledgements."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from gensee_mcp.errors import ResponseFormatError
from gensee_mcp.models.exports import MAX_ROWS, ExportArgs
from gensee_mcp.models.rooms import (
    TOKEN_NAMES,
    UNREPORTED_SETTINGS,
    RoomSettings,
    UpdateRoomArgs,
)
from gensee_mcp.operation import CallContext, Operation, arguments_of
from gensee_mcp.paging import shape_rows
from gensee_mcp.times import to_epoch_ms, to_site_iso

ROOM_INFO = "training/room/info"
COURSEWARE_INFO = "training/courseware/info"
WINDOW_MS = 7 * 24 * 3600 * 1000

# The settings room/info returns, and so the ones update_room can carry over unchanged.
READABLE_ROOM_FIELDS = (
    "subject",
    "startDate",
    "invalidDate",
    "webJoin",
    "clientJoin",
    *TOKEN_NAMES,
)


async def send(op: Operation, context: CallContext, args: BaseModel) -> dict[str, Any]:
    """Send the arguments as they are."""
    return await op.send(context, args)


def acknowledge(**fields: Any) -> Callable[[Operation, CallContext, Any], Any]:
    """Build a handler that sends the arguments and adds fixed result fields."""

    async def handler(op: Operation, context: CallContext, args: BaseModel) -> dict[str, Any]:
        return {**await op.send(context, args), **fields}

    return handler


async def create_room(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
    """Create the room, warning when its start time has already passed."""
    body = await op.send(context, args)
    return {**body, "warnings": past_start_warnings(args.startDate, context)}


def past_start_warnings(start: datetime | None, context: CallContext) -> list[str]:
    """Warn about a start time in the past: usually a wrong date or time zone, not a wish."""
    if start is None:
        return []
    start_ms = to_epoch_ms(start, context.zone)
    if start_ms >= time.time() * 1000:
        return []
    return [
        f"The start time {to_site_iso(start_ms, context.zone)} has already passed; check the "
        "date and the time zone."
    ]


async def update_room(op: Operation, context: CallContext, args: UpdateRoomArgs) -> dict[str, Any]:
    """Read the room, lay the given settings over it, and send the whole room back.

    The site's modify operation regenerates tokens and resets settings that are left out,
    so every setting that room/info returns is sent back with its current value, and so
    is every setting the room catalog (extras["catalog"]) recorded as last sent. Updates
    of one room run one at a time, so two concurrent calls cannot undo each other.
    """
    async with keyed_lock(context, "room", args.roomId):
        current = await context.client.call(ROOM_INFO, [("roomId", args.roomId)], retry=True)
        given = arguments_of(args)

        merged: dict[str, Any] = {}
        for name in READABLE_ROOM_FIELDS:
            value = current.get(name)
            if value not in (None, ""):
                merged[name] = _read_back(name, value)
        catalog = context.extras.get("catalog")
        if catalog is not None:
            merged.update(await catalog.kept_settings(args.roomId))
        merged.update(given)
        _recheck(merged, given, context)
        # The catalog records a setting this server left to the site's default as None.
        sent = {name: value for name, value in merged.items() if value is not None}

        body = await op.send(context, args, **sent)
        if catalog is not None:
            await catalog.remember_sent(args.roomId, sent)

    reset = [name for name in UNREPORTED_SETTINGS if name not in merged]
    warnings = past_start_warnings(args.startDate, context)
    if reset:
        warnings.append(
            "The site cannot report these settings, and this call did not give them, so they "
            f"are now at the site's defaults: {', '.join(reset)}."
        )
    return {**current, **body, "roomId": args.roomId, "warnings": warnings}


def _read_back(name: str, value: Any) -> Any:
    """Keep a read value in a form that is sent back unchanged (times as epoch ms)."""
    if name in ("startDate", "invalidDate"):
        return int(value)
    if name in ("webJoin", "clientJoin") and isinstance(value, str):
        return value.strip().lower() == "true"
    return value


def _recheck(merged: dict[str, Any], given: dict[str, Any], context: CallContext) -> None:
    """Apply the room rules to the merged settings, naming what clashes with what is kept."""
    fields = {name: merged.get(name) for name in RoomSettings.model_fields}
    fields["invalidDate"] = None
    try:
        RoomSettings.model_validate(fields)
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise ValueError(f"with the room's current settings kept, {message}") from None

    start, end = merged.get("startDate"), merged.get("invalidDate")
    if start is None or end is None:
        return
    start_ms, end_ms = _as_ms(start, context), _as_ms(end, context)
    if end_ms >= start_ms:
        return
    if "invalidDate" in given and "startDate" not in given:
        kept = f"the room starts at {to_site_iso(start_ms, context.zone)}"
        raise ValueError(f"invalidDate must not be before startDate ({kept})")
    if "startDate" in given and "invalidDate" not in given:
        raise ValueError(
            "with the room's current settings kept, invalidDate must not be before startDate "
            f"(the room expires at {to_site_iso(end_ms, context.zone)}); give a new "
            "invalidDate too"
        )
    raise ValueError("invalidDate must not be before startDate")


def _as_ms(value: Any, context: CallContext) -> int:
    return to_epoch_ms(value, context.zone) if isinstance(value, datetime) else int(value)


def keyed_lock(context: CallContext, kind: str, key: str) -> asyncio.Lock:
    """Return the lock that serialises read-modify-write calls on one object."""
    locks: dict[tuple[str, str], asyncio.Lock] = context.extras.setdefault("locks", {})
    return locks.setdefault((kind, key), asyncio.Lock())


async def update_courseware(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
    """Read the courseware and send its subject and token back unless they are given."""
    async with keyed_lock(context, "courseware", args.coursewareId):
        current = await context.client.call(
            COURSEWARE_INFO, [("coursewareId", args.coursewareId)], retry=True
        )
        kept: dict[str, Any] = {}
        for name in ("subject", "token"):
            if getattr(args, name) is None and current.get(name) is not None:
                kept[name] = current[name]
        body = await op.send(context, args, **kept)
    return {**current, **body, "coursewareId": args.coursewareId}


async def update_warmup(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
    """Send the given warm-up settings, and warn when the site resets the layout."""
    body = await op.send(context, args)
    if args.mode is None:
        body["mode"] = 1
        body["warnings"] = [
            "mode was not given, so the site set the layout back to 1 (three-pane)."
        ]
    return body


async def list_room_coursewares(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
    """List a room's coursewares; the site leaves the key out when there are none."""
    body = await op.send(context, args)
    items = body.get("coursewares") or []
    return {**body, "coursewares": items, "count": len(items)}


def export(result_key: str, list_key: str, time_key: str | None) -> Any:
    """Build a handler for an export: 7-day windows, merged in time order, capped rows."""

    async def handler(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
        windows = export_windows(args, context)
        pages = await _fetch_windows(op, context, args, windows, list_key)
        rows = [row for page in pages for row in _sorted(page, time_key)]
        echo = {name: value for name, value in arguments_of(args).items() if name == "roomId"}
        if windows:
            echo["startTime"] = windows[0][0]
            echo["endTime"] = windows[-1][1]
        shaped = shape_rows(result_key, rows, args.maxItems, _narrow_hint(args))
        return {**echo, **shaped, "total": len(rows)}

    return handler


def export_windows(args: Any, context: CallContext) -> list[tuple[int, int]]:
    """Split the range into windows of at most 7 days; both bounds are inclusive."""
    if args.startTime is None or args.endTime is None:
        return []
    start = to_epoch_ms(args.startTime, context.zone)
    end = to_epoch_ms(args.endTime, context.zone)
    if end < start:
        raise ValueError("endTime must not be before startTime")
    windows = []
    while True:
        window_end = min(start + WINDOW_MS, end)
        windows.append((start, window_end))
        if window_end >= end:
            return windows
        start = window_end + 1


async def _fetch_windows(
    op: Operation,
    context: CallContext,
    args: Any,
    windows: list[tuple[int, int]],
    list_key: str,
) -> list[list[dict[str, Any]]]:
    if not windows:
        body = await op.send(context, args)
        return [_rows(body, list_key, op.path)]

    limit = asyncio.Semaphore(context.settings.max_concurrency)
    done = 0

    async def fetch(window: tuple[int, int]) -> list[dict[str, Any]]:
        nonlocal done
        async with limit:
            body = await op.send(context, args, startTime=window[0], endTime=window[1])
        done += 1
        await context.report_progress(done, len(windows), f"{done} of {len(windows)} weeks")
        return _rows(body, list_key, op.path)

    tasks = [asyncio.ensure_future(fetch(window)) for window in windows]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        # One failed window fails the export, so the windows still waiting are not sent.
        for task in tasks:
            task.cancel()
        raise


def _rows(body: dict[str, Any], list_key: str, path: str) -> list[dict[str, Any]]:
    rows = body.get(list_key)
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise ResponseFormatError(
            f"the response's {list_key!r} is {type(rows).__name__}, not a list", operation=path
        )
    return [row for row in rows if isinstance(row, dict)]


def _sorted(rows: list[dict[str, Any]], time_key: str | None) -> list[dict[str, Any]]:
    if time_key is None:
        return rows
    return sorted(rows, key=lambda row: _as_number(row.get(time_key)))


def _as_number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _narrow_hint(args: ExportArgs | Any) -> str:
    if getattr(args, "startTime", None) is None:
        return f"pass a larger maxItems (up to {MAX_ROWS})"
    return f"pass a larger maxItems (up to {MAX_ROWS}) or a narrower startTime/endTime range"


async def configure_phone_conference(
    op: Operation, context: CallContext, args: Any
) -> dict[str, Any]:
    """Send the 263 settings and report whether the feature is now on."""
    body = await op.send(context, args)
    return {**body, "enabled": bool(args.siteName and args.sitePassword)}
