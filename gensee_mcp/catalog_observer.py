"""Keeps the room catalog current from tool results, and warns about schedule overlaps."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from datetime import tzinfo
from typing import Any

from pydantic import BaseModel

from gensee_mcp.catalog import CatalogError, RoomCatalog, RoomFacts
from gensee_mcp.catalog_schema import ASSUMED_DURATION_MINUTES, CatalogRoom
from gensee_mcp.errors import GenseeError, NotFoundError
from gensee_mcp.models.rooms import UNREPORTED_SETTINGS
from gensee_mcp.operation import Operation, arguments_of
from gensee_mcp.times import to_site_iso

logger = logging.getLogger(__name__)

ROOM_WRITES = frozenset({"create_room", "update_room"})
ROOM_READS = frozenset({"create_room", "update_room", "get_room"})
# Results whose rows name rooms that may be new to the catalog: the result key and row keys.
LISTED_ROOMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sync_records": ("records", ("roomId",)),
    "sync_coursewares": ("coursewares", ("roomId",)),
    "list_room_coursewares": ("coursewares", ("roomId",)),
    "export_room_usage": ("sessions", ("roomId", "id")),
}
# A code 501 from a call that names one of these may be about it rather than the room.
OTHER_ID_ARGUMENTS = frozenset({"warmupId", "recordId", "recordIds", "docId", "coursewareId"})
MAX_RECENT_COURSEWARES = 1000
FRESH_SECONDS = 60.0
MAX_FRESH_ENTRIES = 10_000


class RecentCoursewares:
    """Courseware ids and subjects from the latest listings, newest first, for completions."""

    def __init__(self, capacity: int = MAX_RECENT_COURSEWARES) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, str | None] = OrderedDict()

    def add(self, rows: list[Any]) -> None:
        """Remember the coursewares of a listing."""
        for row in reversed(rows):
            if not isinstance(row, dict):
                continue
            courseware_id = row.get("coursewareId", row.get("id"))
            if courseware_id in (None, ""):
                continue
            self._items[str(courseware_id)] = row.get("subject")
            self._items.move_to_end(str(courseware_id), last=False)
        while len(self._items) > self.capacity:
            self._items.popitem()

    def discard(self, courseware_id: str) -> None:
        """Forget a deleted courseware."""
        self._items.pop(courseware_id, None)

    def ids(self, prefix: str, limit: int) -> list[str]:
        """Return remembered ids that start with `prefix`."""
        return [key for key in self._items if key.startswith(prefix)][:limit]


class FreshWrites:
    """Recent catalog writes of this process, so repeated reads of an unchanged room skip the disk.

    A read that returns what was stored less than FRESH_SECONDS ago would only move the
    room's last-seen time, and that write cost more than the rest of a get_room call.
    """

    def __init__(self) -> None:
        self._stored: dict[str, tuple[RoomFacts | None, float]] = {}
        self._seen: dict[str, float] = {}

    def holds(self, room_id: str, facts: RoomFacts | None) -> bool:
        """Tell whether these facts were stored for the room within FRESH_SECONDS."""
        entry = self._stored.get(room_id)
        return entry is not None and entry[0] == facts and _recent(entry[1])

    def seen(self, room_id: str) -> bool:
        """Tell whether the room id was stored or discovered within FRESH_SECONDS."""
        stamp = self._seen.get(room_id)
        return stamp is not None and _recent(stamp)

    def note(self, room_id: str, facts: RoomFacts | None) -> None:
        """Remember that these facts were just stored."""
        self._trim()
        self._stored[room_id] = (facts, time.monotonic())
        self._seen[room_id] = time.monotonic()

    def note_seen(self, room_id: str) -> None:
        """Remember that the room id was just discovered."""
        self._trim()
        self._seen[room_id] = time.monotonic()

    def forget(self, room_id: str) -> None:
        """Drop what is remembered about a room, so the next read is stored."""
        self._stored.pop(room_id, None)
        self._seen.pop(room_id, None)

    def _trim(self) -> None:
        if len(self._stored) + len(self._seen) > MAX_FRESH_ENTRIES:
            self._stored.clear()
            self._seen.clear()


def _recent(stamp: float) -> bool:
    return time.monotonic() - stamp < FRESH_SECONDS


class CatalogObserver:
    """Records rooms in the catalog as tools meet them; a CatalogError never fails a call."""

    def __init__(self, catalog: RoomCatalog, zone: tzinfo) -> None:
        self.catalog = catalog
        self.zone = zone
        self.coursewares = RecentCoursewares()
        self._last_failure = ""
        self._fresh = FreshWrites()

    async def on_success(self, op: Operation, args: BaseModel, data: dict[str, Any]) -> None:
        """Record the rooms the result names; add overlap warnings to created or updated rooms."""
        self._remember_coursewares(op, args, data)
        try:
            warnings = await self._track(op, args, data)
        except CatalogError as exc:
            self._report(exc)
            if op.name not in ROOM_WRITES:
                return
            warnings = [f"The room catalog was not updated, so list_rooms may miss this: {exc}"]
        if warnings:
            data["warnings"] = [*data.get("warnings", []), *warnings]

    async def on_error(self, op: Operation, args: BaseModel, exc: GenseeError) -> None:
        """Mark a room removed when the site reports that it does not exist."""
        room_id = room_argument(args)
        if not isinstance(exc, NotFoundError) or room_id is None:
            return
        if set(type(args).model_fields) & OTHER_ID_ARGUMENTS:
            return
        self._fresh.forget(room_id)
        try:
            await self.catalog.mark_removed(room_id)
        except CatalogError as error:
            self._report(error)

    async def _track(self, op: Operation, args: BaseModel, data: dict[str, Any]) -> list[str]:
        if op.name == "delete_room":
            room_id = room_argument(args)
            if room_id is not None:
                self._fresh.forget(room_id)
                await self.catalog.mark_removed(room_id)
            return []
        if op.name in ROOM_READS:
            facts = room_facts(op, args, data)
            if op.name not in ROOM_WRITES:
                if self._fresh.holds(facts.room_id, facts):
                    return []
                await self.catalog.record(facts)
                self._fresh.note(facts.room_id, facts)
                return []
            room = await self.catalog.record(facts)
            self._fresh.note(facts.room_id, facts)
            return schedule_warnings(room, await self.catalog.overlapping(room), self.zone)

        room_id = room_argument(args)
        if room_id is not None and not self._fresh.holds(room_id, None):
            await self.catalog.discover([room_id], exists=True)
            self._fresh.note(room_id, None)
        listed = [item for item in listed_room_ids(op.name, data) if not self._fresh.seen(item)]
        await self.catalog.discover(listed)
        for item in listed:
            self._fresh.note_seen(item)
        return []

    def _remember_coursewares(self, op: Operation, args: BaseModel, data: dict[str, Any]) -> None:
        courseware_id = str(args.model_dump().get("coursewareId"))
        if op.name == "delete_courseware":
            self.coursewares.discard(courseware_id)
        elif op.name in ("sync_coursewares", "list_room_coursewares"):
            rows = data.get("coursewares")
            self.coursewares.add(rows if isinstance(rows, list) else [])
        elif op.name in ("get_courseware", "update_courseware"):
            self.coursewares.add([{**data, "coursewareId": courseware_id}])

    def _report(self, exc: CatalogError) -> None:
        # The same failure tends to repeat on every call; warn once per distinct message.
        message = str(exc)
        if message != self._last_failure:
            logger.warning("room catalog update failed: %s", message)
            self._last_failure = message
        else:
            logger.debug("room catalog update failed again: %s", message)


def schedule_warnings(room: CatalogRoom, others: list[CatalogRoom], zone: tzinfo) -> list[str]:
    """Describe each room whose class time overlaps this one's."""
    warnings = []
    for other in others:
        assert other.start_ms is not None
        name = f'"{other.subject}"' if other.subject else "a room whose subject is unknown"
        if other.duration:
            length = f"lasts {other.duration} minutes"
        else:
            length = f"has no known duration, so {ASSUMED_DURATION_MINUTES} minutes is assumed"
        warnings.append(
            f"The class time overlaps {name} (roomId {other.room_id}), which starts "
            f"{to_site_iso(other.start_ms, zone)} and {length}."
        )
    if warnings and not room.duration:
        warnings.append(
            f"This room has no duration, so {ASSUMED_DURATION_MINUTES} minutes is assumed for "
            "it; give duration for an exact check."
        )
    return warnings


def room_facts(op: Operation, args: BaseModel, data: dict[str, Any]) -> RoomFacts:
    """Read what a create, update or read returned about a room."""
    room_id = room_argument(args) or _text(data.get("id")) or _text(data.get("roomId"))
    if room_id is None:
        raise CatalogError(f"the {op.name} result has no room id")
    settings = None
    if op.name == "create_room":
        given = arguments_of(args)
        # Every setting is recorded, None for those left to the site's default, so that a
        # later update can tell settings never set from settings not known.
        settings = {name: given.get(name) for name in UNREPORTED_SETTINGS}
    # update_room's handler stored what it sent while it held the room's lock.
    return RoomFacts(
        room_id=room_id,
        number=_text(data.get("number")),
        subject=_text(data.get("subject")),
        start_ms=_epoch_ms(data.get("startDate")),
        invalid_ms=_epoch_ms(data.get("invalidDate")),
        teacher_join_url=_text(data.get("teacherJoinUrl")),
        student_join_url=_text(data.get("studentJoinUrl")),
        settings=settings,
    )


def room_argument(args: BaseModel) -> str | None:
    """Return the roomId argument of a call, if it has one."""
    value = getattr(args, "roomId", None)
    return str(value) if value else None


def listed_room_ids(op_name: str, data: dict[str, Any]) -> list[str]:
    """Return the room ids in the rows of a listing or export result."""
    if op_name in ("get_courseware", "update_courseware"):
        room_id = _text(data.get("roomId"))
        return [room_id] if room_id else []
    if op_name not in LISTED_ROOMS:
        return []
    key, row_keys = LISTED_ROOMS[op_name]
    rows = data.get(key)
    ids: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        value = next((row[name] for name in row_keys if row.get(name) not in (None, "")), None)
        room_id = _text(value)
        if room_id:
            ids.append(room_id)
    return ids


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _epoch_ms(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
