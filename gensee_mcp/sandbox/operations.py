"""Shared parts of the handlers: the call context, the operation table entry and helpers."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gensee_mcp.sandbox.auth import check_courseware_access, check_room_access
from gensee_mcp.sandbox.errors import ApiError
from gensee_mcp.sandbox.models import Courseware, Room, User
from gensee_mcp.sandbox.params import Params
from gensee_mcp.sandbox.store import Store

PAGE_SIZE = 50
DAY_MS = 24 * 3600 * 1000
MAX_EXPORT_RANGE_MS = 7 * DAY_MS

Payload = dict[str, object]
T = TypeVar("T")


@dataclass
class Call:
    """One authenticated API call: the site state, the parameters and the caller."""

    store: Store
    params: Params
    user: User
    base_url: str

    def room(self, name: str = "roomId", *aliases: str) -> Room:
        """Return the room named by a required parameter, checking the caller may touch it."""
        room_id = self.params.text(name, required=True, aliases=aliases)
        assert room_id is not None
        room = self.store.rooms.get(room_id)
        if room is None:
            raise ApiError("501", f"room {room_id} does not exist")
        check_room_access(self.user, room)
        return room

    def courseware(self, name: str) -> Courseware:
        """Return the courseware named by a required parameter, checking access."""
        courseware_id = self.params.required_text(name)
        courseware = self.store.coursewares.get(courseware_id)
        if courseware is None:
            raise ApiError("501", f"courseware {courseware_id} does not exist")
        check_courseware_access(self.store, self.user, courseware)
        return courseware

    def join_url(self, kind: str, number: str) -> str:
        """Return a join URL: kind "r" for teachers and assistants, "s" for students."""
        return f"{self.base_url}/training/site/{kind}/{number}"

    def courseware_url(self, number: str) -> str:
        """Return the viewing URL of a courseware."""
        return f"{self.base_url}/training/site/v/{number}"


Handler = Callable[[Call], Payload]


@dataclass(frozen=True)
class Operation:
    """An API operation: its path below ``/integration/site/training/`` and its handler.

    ``teacher_allowed`` is False for administrator-only operations. When
    ``raw_control_characters`` is set, tabs, newlines and carriage returns inside strings
    are sent unescaped, as real sites send them in exports.
    """

    path: str
    handler: Handler
    teacher_allowed: bool
    raw_control_characters: bool = False


def compact(fields: Mapping[str, object]) -> Payload:
    """Return ``fields`` without the entries whose value is None."""
    return {key: value for key, value in fields.items() if value is not None}


def list_item(fields: Mapping[str, object]) -> Payload:
    """Return a list element without None or empty-string values, as the site leaves them out."""
    return {key: value for key, value in fields.items() if value is not None and value != ""}


def page_number(params: Params, name: str = "pageNo") -> int:
    """Return the requested page number, 1 by default; pages below 1 raise code "101"."""
    number = params.integer(name, default=1, minimum=1)
    assert number is not None
    return number


def paginate(items: Sequence[T], page_no: int) -> tuple[Sequence[T], Payload]:
    """Return the items of one 50-item page and the page object of the sync operations."""
    total = len(items)
    start = (page_no - 1) * PAGE_SIZE
    page: Payload = {
        "pageNo": page_no,
        "totalPages": math.ceil(total / PAGE_SIZE),
        "totalCounts": total,
    }
    return items[start : start + PAGE_SIZE], page


def time_range(params: Params, *, required: bool) -> tuple[int, int] | None:
    """Return the inclusive ``startTime``/``endTime`` range of an export, if one is given.

    Both bounds or neither must be given, the end must not precede the start, and the range
    may not exceed 7 days. Any break of these rules raises code "101".
    """
    start = params.time("startTime", required=required)
    end = params.time("endTime", required=required)
    if start is None and end is None:
        return None
    if start is None or end is None:
        missing = "startTime" if start is None else "endTime"
        raise ApiError(
            "101",
            f"parameter '{missing}' is required when the other bound of the range is given; "
            "pass both startTime and endTime or neither",
        )
    if end < start:
        raise ApiError("101", "parameter 'endTime' must not be before startTime")
    if end - start > MAX_EXPORT_RANGE_MS:
        raise ApiError(
            "101", "the range from startTime to endTime may not exceed 7 days; split the export"
        )
    return start, end


def created_between(params: Params) -> tuple[int | None, int | None]:
    """Return the optional inclusive creation-time bounds of a sync operation."""
    return params.time("startTime"), params.time("endTime")


def within(value: int, start: int | None, end: int | None) -> bool:
    """Return whether ``value`` lies within the inclusive bounds; a None bound is open."""
    return (start is None or value >= start) and (end is None or value <= end)
