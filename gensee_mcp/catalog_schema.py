"""The room catalog's table, its rows as CatalogRoom, and the transaction and schema helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Imported where the file is opened, so a server that never uses the catalog skips it.
    import sqlite3

SCHEMA_VERSION = 1
# A room whose duration this server never sent is taken to last this long.
ASSUMED_DURATION_MINUTES = 60
MINUTE_MS = 60_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    site TEXT NOT NULL,
    room_id TEXT NOT NULL,
    number TEXT,
    subject TEXT,
    start_ms INTEGER,
    invalid_ms INTEGER,
    duration INTEGER,
    scene INTEGER,
    teacher_join_url TEXT,
    student_join_url TEXT,
    settings TEXT NOT NULL DEFAULT '{}',
    last_seen_ms INTEGER NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, room_id)
);
CREATE INDEX IF NOT EXISTS rooms_by_start ON rooms (site, start_ms);
"""

COLUMNS = (
    "room_id, number, subject, start_ms, invalid_ms, duration, scene, teacher_join_url, "
    "student_join_url, settings, last_seen_ms, removed"
)
END_MS = f"start_ms + COALESCE(duration, {ASSUMED_DURATION_MINUTES}) * {MINUTE_MS}"


@dataclass(frozen=True)
class CatalogRoom:
    """One room as the catalog stores it; times are epoch milliseconds."""

    room_id: str
    number: str | None = None
    subject: str | None = None
    start_ms: int | None = None
    invalid_ms: int | None = None
    duration: int | None = None
    scene: int | None = None
    teacher_join_url: str | None = None
    student_join_url: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    last_seen_ms: int = 0
    removed: bool = False

    @property
    def end_ms(self) -> int | None:
        """End of the class: start plus duration, or plus 60 minutes when unknown."""
        if self.start_ms is None:
            return None
        minutes = self.duration or ASSUMED_DURATION_MINUTES
        return self.start_ms + minutes * MINUTE_MS


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """Run a block as one write transaction, taking the write lock at the start."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def migrate(db: sqlite3.Connection) -> None:
    """Create the tables, or raise when the file was written by a newer schema."""
    import sqlite3

    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this server's {SCHEMA_VERSION}; "
            "upgrade gensee-mcp or use another GENSEE_CATALOG_PATH"
        )
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def room_from_row(row: tuple[Any, ...]) -> CatalogRoom:
    """Build a CatalogRoom from a row selected with COLUMNS."""
    try:
        settings = json.loads(row[9] or "{}")
    except json.JSONDecodeError:
        settings = {}
    return CatalogRoom(
        room_id=row[0],
        number=row[1],
        subject=row[2],
        start_ms=row[3],
        invalid_ms=row[4],
        duration=row[5],
        scene=row[6],
        teacher_join_url=row[7],
        student_join_url=row[8],
        settings=settings if isinstance(settings, dict) else {},
        last_seen_ms=row[10],
        removed=bool(row[11]),
    )
