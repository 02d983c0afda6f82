"""The room catalog: the rooms this server has created, read or seen, in a SQLite file.

The Training API has no operation that lists rooms, so the server records every room it
meets. The file is opened on first use, never at start-up. Every write is one
`BEGIN IMMEDIATE` transaction in WAL mode with `synchronous=FULL`, so a crash loses nothing
already committed and several server processes can share one file.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import anyio.to_thread
import platformdirs

from gensee_mcp.catalog_schema import (
    COLUMNS,
    END_MS,
    CatalogRoom,
    migrate,
    room_from_row,
    transaction,
)
from gensee_mcp.models.rooms import UNREPORTED_SETTINGS
from gensee_mcp.settings import Settings

if TYPE_CHECKING:
    # Imported where the file is opened, so a server that never uses the catalog skips it.
    import sqlite3

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


T = TypeVar("T")


class CatalogError(Exception):
    """The catalog file cannot be opened, read or written; the message names the file."""


@dataclass(frozen=True)
class RoomFacts:
    """Facts about a room from a create, update or read; None leaves a stored value as is."""

    room_id: str
    number: str | None = None
    subject: str | None = None
    start_ms: int | None = None
    invalid_ms: int | None = None
    teacher_join_url: str | None = None
    student_join_url: str | None = None
    # The unreported settings last sent, replacing the stored ones; None keeps them.
    settings: dict[str, Any] | None = None


@dataclass(frozen=True)
class RoomQuery:
    """Filters of a catalog listing; times are epoch milliseconds."""

    start_from: int | None = None
    start_to: int | None = None
    subject: str | None = None
    include_past: bool = False
    include_removed: bool = False
    now_ms: int = 0
    limit: int = 20
    offset: int = 0


def catalog_file_name(site: str) -> str:
    """Return the catalog's file name for a site: a readable slug and a short hash."""
    host = site.split("://", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")[:40] or "site"
    digest = hashlib.sha256(site.encode("utf-8")).hexdigest()[:8]
    return f"rooms-{slug}-{digest}.sqlite3"


def catalog_path(settings: Settings) -> Path:
    """Return GENSEE_CATALOG_PATH, or a file per site in the user's data directory."""
    if settings.catalog_path:
        return Path(settings.catalog_path).expanduser()
    return Path(platformdirs.user_data_dir("gensee-mcp")) / catalog_file_name(settings.site)


def temporary_catalog_path() -> Path:
    """Return a catalog file in a new private temporary directory, deleted at exit.

    The sandbox site starts empty on every run, so its rooms must not outlive the run.
    """
    folder = tempfile.mkdtemp(prefix="gensee-mcp-sandbox-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder) / "rooms.sqlite3"


def now_ms() -> int:
    """Return the current time in epoch milliseconds."""
    return int(time.time() * 1000)


class RoomCatalog:
    """The rooms of one site in a SQLite file; the async methods run SQLite in a thread."""

    def __init__(self, path: Path, site: str) -> None:
        self.path = path
        self.site = site
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    async def record(self, facts: RoomFacts) -> CatalogRoom:
        """Store what a create, update or read returned; the room exists again if removed."""
        return await self._run(self._record, facts)

    async def discover(self, room_ids: Iterable[str], *, exists: bool = False) -> None:
        """Add rooms known only by id, and note that they were seen.

        With `exists`, the site has just confirmed the rooms, so a removed mark is cleared.
        """
        unique = sorted({room_id for room_id in room_ids if room_id})
        if unique:
            await self._run(self._discover, unique, exists)

    async def mark_removed(self, room_id: str) -> None:
        """Mark a stored room as gone from the site."""
        await self._run(self._mark_removed, room_id)

    async def get(self, room_id: str) -> CatalogRoom | None:
        """Return one stored room, or None."""
        return await self._run(self._get, room_id)

    async def query(self, query: RoomQuery) -> tuple[int, list[CatalogRoom]]:
        """Return the number of matching rooms and one page of them, by start time."""
        return await self._run(self._query, query)

    async def all_rooms(self, *, include_removed: bool = False) -> list[CatalogRoom]:
        """Return every stored room of the site."""
        return await self._run(self._all_rooms, include_removed)

    async def overlapping(self, room: CatalogRoom) -> list[CatalogRoom]:
        """Return the other rooms, not removed, whose class time overlaps this room's."""
        return await self._run(self._overlapping, room)

    async def room_ids(self, prefix: str, limit: int) -> list[str]:
        """Return stored room ids that start with `prefix`, most recently seen first."""
        return await self._run(self._room_ids, prefix, limit)

    async def kept_settings(self, room_id: str) -> dict[str, Any]:
        """Return the unreported settings last sent for a room, or {} when unknown.

        update_room sends these back, because the site resets every setting a modify
        request leaves out. A catalog that cannot be read yields {} and a logged warning.
        """
        try:
            room = await self.get(room_id)
        except CatalogError as exc:
            logger.warning("cannot read kept settings of room %s: %s", room_id, exc)
            return {}
        return dict(room.settings) if room is not None else {}

    async def remember_sent(self, room_id: str, sent: dict[str, Any]) -> None:
        """Store the unreported settings an update sent, replacing the stored ones.

        update_room calls this while it holds the room's lock, so the next update reads
        what this one sent. A failure is logged, not raised: the site has already changed.
        """
        # What the update did not send is now at the site's default: recorded as None.
        settings = {name: sent.get(name) for name in UNREPORTED_SETTINGS}
        try:
            await self._run(self._remember_sent, room_id, settings)
        except CatalogError as exc:
            logger.warning("cannot store the settings sent to room %s: %s", room_id, exc)

    def close(self) -> None:
        """Close the database connection, if one was opened."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    async def _run(self, work: Callable[..., T], *args: Any) -> T:
        return await anyio.to_thread.run_sync(self._locked, work, *args)

    def _locked(self, work: Callable[..., T], *args: Any) -> T:
        import sqlite3

        with self._lock:
            try:
                return work(self._open(), *args)
            except (sqlite3.Error, OSError) as exc:
                raise CatalogError(
                    f"room catalog {self.path}: {exc}. If the file is damaged, delete it; "
                    "the server builds a new one as it meets rooms again."
                ) from exc

    def _open(self) -> sqlite3.Connection:
        import sqlite3

        if self._connection is not None:
            return self._connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit BEGIN IMMEDIATE ... COMMIT.
        connection = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            self._prepare(connection)
        except BaseException:
            connection.close()
            raise
        logger.info("opened room catalog %s", self.path)
        self._connection = connection
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        """Switch the file to WAL and create the tables, waiting out a second opener.

        Switching to WAL needs the file to itself, and SQLite reports "database is locked"
        at once, without its busy handler, when another process is opening it too.
        """
        import sqlite3

        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = FULL")
                with transaction(connection):
                    migrate(connection)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _record(self, db: sqlite3.Connection, facts: RoomFacts) -> CatalogRoom:
        settings = None if facts.settings is None else json.dumps(facts.settings, sort_keys=True)
        duration = scene = None
        if facts.settings is not None:
            duration = facts.settings.get("duration")
            scene = facts.settings.get("scene")
        with transaction(db):
            db.execute(
                """
                INSERT INTO rooms (site, room_id, number, subject, start_ms, invalid_ms,
                    duration, scene, teacher_join_url, student_join_url, settings,
                    last_seen_ms, removed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, '{}'), ?, 0)
                ON CONFLICT (site, room_id) DO UPDATE SET
                    number = COALESCE(excluded.number, number),
                    subject = COALESCE(excluded.subject, subject),
                    start_ms = COALESCE(excluded.start_ms, start_ms),
                    invalid_ms = CASE WHEN ? THEN excluded.invalid_ms ELSE invalid_ms END,
                    duration = CASE WHEN ? THEN excluded.duration ELSE duration END,
                    scene = CASE WHEN ? THEN excluded.scene ELSE scene END,
                    teacher_join_url = COALESCE(excluded.teacher_join_url, teacher_join_url),
                    student_join_url = COALESCE(excluded.student_join_url, student_join_url),
                    settings = CASE WHEN ? THEN excluded.settings ELSE settings END,
                    last_seen_ms = excluded.last_seen_ms,
                    removed = 0
                """,
                (
                    self.site,
                    facts.room_id,
                    facts.number,
                    facts.subject,
                    facts.start_ms,
                    facts.invalid_ms,
                    duration,
                    scene,
                    facts.teacher_join_url,
                    facts.student_join_url,
                    settings,
                    now_ms(),
                    # Reads return startDate and invalidDate together, so None clears it.
                    facts.start_ms is not None,
                    facts.settings is not None,
                    facts.settings is not None,
                    facts.settings is not None,
                ),
            )
            room = self._get(db, facts.room_id)
        assert room is not None
        return room

    def _remember_sent(
        self, db: sqlite3.Connection, room_id: str, settings: dict[str, Any]
    ) -> None:
        with transaction(db):
            db.execute(
                """
                INSERT INTO rooms (site, room_id, duration, scene, settings, last_seen_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (site, room_id) DO UPDATE SET
                    duration = excluded.duration,
                    scene = excluded.scene,
                    settings = excluded.settings,
                    last_seen_ms = excluded.last_seen_ms
                """,
                (
                    self.site,
                    room_id,
                    settings.get("duration"),
                    settings.get("scene"),
                    json.dumps(settings, sort_keys=True),
                    now_ms(),
                ),
            )

    def _discover(self, db: sqlite3.Connection, room_ids: list[str], exists: bool) -> None:
        seen = now_ms()
        with transaction(db):
            db.executemany(
                """
                INSERT INTO rooms (site, room_id, last_seen_ms) VALUES (?, ?, ?)
                ON CONFLICT (site, room_id) DO UPDATE SET
                    last_seen_ms = excluded.last_seen_ms,
                    removed = CASE WHEN ? THEN 0 ELSE removed END
                """,
                [(self.site, room_id, seen, exists) for room_id in room_ids],
            )

    def _mark_removed(self, db: sqlite3.Connection, room_id: str) -> None:
        with transaction(db):
            db.execute(
                "UPDATE rooms SET removed = 1, last_seen_ms = ? WHERE site = ? AND room_id = ?",
                (now_ms(), self.site, room_id),
            )

    def _get(self, db: sqlite3.Connection, room_id: str) -> CatalogRoom | None:
        row = db.execute(
            f"SELECT {COLUMNS} FROM rooms WHERE site = ? AND room_id = ?",
            (self.site, room_id),
        ).fetchone()
        return None if row is None else room_from_row(row)

    def _query(self, db: sqlite3.Connection, query: RoomQuery) -> tuple[int, list[CatalogRoom]]:
        where, params = self._filters(query)
        total = db.execute(f"SELECT COUNT(*) FROM rooms WHERE {where}", params).fetchone()[0]
        rows = db.execute(
            f"SELECT {COLUMNS} FROM rooms WHERE {where} "
            "ORDER BY start_ms IS NULL, start_ms, room_id LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        return int(total), [room_from_row(row) for row in rows]

    def _filters(self, query: RoomQuery) -> tuple[str, list[Any]]:
        clauses = ["site = ?"]
        params: list[Any] = [self.site]
        if not query.include_removed:
            clauses.append("removed = 0")
        if query.start_from is not None:
            clauses.append("start_ms >= ?")
            params.append(query.start_from)
        if query.start_to is not None:
            clauses.append("start_ms <= ?")
            params.append(query.start_to)
        if not query.include_past:
            # Upcoming or in progress; rooms known only by id have no time and are left out.
            clauses.append(f"{END_MS} > ?")
            params.append(query.now_ms)
        if query.subject:
            clauses.append("instr(lower(subject), lower(?)) > 0")
            params.append(query.subject)
        return " AND ".join(clauses), params

    def _all_rooms(self, db: sqlite3.Connection, include_removed: bool) -> list[CatalogRoom]:
        removed = "" if include_removed else " AND removed = 0"
        rows = db.execute(
            f"SELECT {COLUMNS} FROM rooms WHERE site = ?{removed} ORDER BY start_ms, room_id",
            (self.site,),
        ).fetchall()
        return [room_from_row(row) for row in rows]

    def _overlapping(self, db: sqlite3.Connection, room: CatalogRoom) -> list[CatalogRoom]:
        if room.start_ms is None or room.end_ms is None:
            return []
        rows = db.execute(
            f"SELECT {COLUMNS} FROM rooms WHERE site = ? AND removed = 0 AND room_id != ? "
            f"AND start_ms IS NOT NULL AND start_ms < ? AND {END_MS} > ? "
            "ORDER BY start_ms, room_id",
            (self.site, room.room_id, room.end_ms, room.start_ms),
        ).fetchall()
        return [room_from_row(row) for row in rows]

    def _room_ids(self, db: sqlite3.Connection, prefix: str, limit: int) -> list[str]:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = db.execute(
            "SELECT room_id FROM rooms WHERE site = ? AND removed = 0 "
            "AND room_id LIKE ? ESCAPE '\\' ORDER BY last_seen_ms DESC, room_id LIMIT ?",
            (self.site, pattern, limit),
        ).fetchall()
        return [str(row[0]) for row in rows]
