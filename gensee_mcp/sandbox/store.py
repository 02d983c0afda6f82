"""The in-memory state of one sandbox site and the IDs it hands out."""

from __future__ import annotations

import bisect
import random
import string
import threading
import time
from collections.abc import Container

from gensee_mcp.sandbox.config import SandboxConfig
from gensee_mcp.sandbox.models import (
    Courseware,
    CoursewareView,
    Document,
    Record,
    Room,
    Session,
    User,
    Warmup,
)

_ID_ALPHABET = string.ascii_letters + string.digits

ADMIN_UID = 10001
TEACHER_UID = 10002
EXPIRED_UID = 10003


def current_time_ms() -> int:
    """Return the wall-clock time in epoch milliseconds."""
    return time.time_ns() // 1_000_000


class Store:
    """Every object of the site, guarded by ``lock``.

    Handlers hold ``lock`` for a whole operation, so each operation reads and leaves a
    consistent state even when the site serves requests from several threads.
    """

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.reference_ms = config.now_ms if config.now_ms is not None else current_time_ms()
        self.rng = random.Random(config.seed)
        self.users: dict[str, User] = {}
        self.rooms: dict[str, Room] = {}
        self.sessions: dict[str, list[Session]] = {}
        self.records: dict[int, Record] = {}
        self.coursewares: dict[str, Courseware] = {}
        self.documents: dict[int, Document] = {}
        self.warmups: dict[str, Warmup] = {}
        self.views: list[CoursewareView] = []
        self.numbers: set[str] = set()
        self.next_uid = 10004
        self.next_record_id = 81000001
        self.next_document_id = 72000001

    def clear(self) -> None:
        """Forget every object and restart the ID generators."""
        self.rng = random.Random(self.config.seed)
        self.users.clear()
        self.rooms.clear()
        self.sessions.clear()
        self.records.clear()
        self.coursewares.clear()
        self.documents.clear()
        self.warmups.clear()
        self.views.clear()
        self.numbers.clear()
        self.next_uid = 10004
        self.next_record_id = 81000001
        self.next_document_id = 72000001

    def now(self) -> int:
        """Return the current time in epoch milliseconds."""
        return current_time_ms()

    def new_short_id(self, existing: Container[str]) -> str:
        """Return a random 6-character ID that is not in ``existing``."""
        while True:
            candidate = "".join(self.rng.choice(_ID_ALPHABET) for _ in range(6))
            if candidate not in existing:
                return candidate

    def new_number(self) -> str:
        """Return an 8-digit room or courseware number that was never handed out before."""
        while True:
            candidate = f"{self.rng.randrange(10**8):08d}"
            if candidate not in self.numbers:
                self.numbers.add(candidate)
                return candidate

    def new_token(self, used_tokens: set[str]) -> str:
        """Return a random 6-digit token that is not in ``used_tokens``."""
        while True:
            candidate = f"{self.rng.randrange(10**6):06d}"
            if candidate not in used_tokens:
                return candidate

    def new_record_id(self) -> int:
        """Return the next record ID."""
        record_id = self.next_record_id
        self.next_record_id += 1
        return record_id

    def new_document_id(self) -> int:
        """Return the next document ID."""
        document_id = self.next_document_id
        self.next_document_id += 1
        return document_id

    def new_uid(self) -> int:
        """Return the next user ID."""
        uid = self.next_uid
        self.next_uid += 1
        return uid

    def delete_room(self, room_id: str) -> None:
        """Delete a room with its sessions; its coursewares stay."""
        del self.rooms[room_id]
        self.sessions.pop(room_id, None)

    def add_view(self, view: CoursewareView) -> None:
        """Store a courseware view, keeping views sorted by start time."""
        bisect.insort(self.views, view, key=_view_key)

    def views_between(self, start_ms: int, end_ms: int) -> list[CoursewareView]:
        """Return the views that started in ``[start_ms, end_ms)``, oldest first."""
        low = bisect.bisect_left(self.views, (start_ms,), key=lambda view: (view.start_time,))
        high = bisect.bisect_left(self.views, (end_ms,), key=lambda view: (view.start_time,))
        return self.views[low:high]


def _view_key(view: CoursewareView) -> tuple[int, str, int]:
    return (view.start_time, view.courseware_id, view.uid)
