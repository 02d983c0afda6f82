"""The listing tools: list_rooms over the room catalog, list_coursewares over the site's sync.

They are not Training API operations, so they live outside the operations table; they are
registered next to its tools and share its error wording.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import BaseModel, Field, ValidationError

from gensee_mcp.catalog import CatalogError, RoomCatalog, RoomQuery, now_ms
from gensee_mcp.catalog_observer import RecentCoursewares
from gensee_mcp.catalog_schema import CatalogRoom
from gensee_mcp.errors import GenseeError, ResponseFormatError
from gensee_mcp.messages import describe_gensee_error, describe_validation_error
from gensee_mcp.models.listings import (
    CoursewareList,
    ListCoursewaresArgs,
    ListedRoom,
    ListRoomsArgs,
    RoomList,
)
from gensee_mcp.operations import OPERATIONS_BY_NAME
from gensee_mcp.times import to_epoch_ms, to_site_iso
from gensee_mcp.tools import (
    SchemaTool,
    annotations_for,
    error_result,
    schema_tool_fields,
    shaped_result,
)

if TYPE_CHECKING:
    from gensee_mcp.client import GenseeClient
    from gensee_mcp.settings import Settings

SYNC_COURSEWARES = OPERATIONS_BY_NAME["sync_coursewares"]
# The sync returns oldest first, 50 per page; a listing reads at most this many newest pages.
MAX_SCANNED_PAGES = 20

LIST_ROOMS_DESCRIPTION = (
    "List the rooms this server has met (the site cannot list rooms), by start time; "
    "upcoming and in-progress ones unless includePast."
)
LIST_COURSEWARES_DESCRIPTION = (
    "List the site's coursewares (recordings, documents, media), newest first, by "
    "creation time, subject or room. Needs an administrator account."
)


@dataclass
class CoursewareScan:
    """The newest coursewares of a sync, and whether every page was read."""

    rows: list[dict[str, Any]]
    site_total: int
    complete: bool


@dataclass
class Listings:
    """The listings behind the listing tools and the resources."""

    settings: Settings
    client: GenseeClient
    catalog: RoomCatalog
    recent: RecentCoursewares

    async def list_rooms(self, args: ListRoomsArgs) -> RoomList:
        """Return one page of catalog rooms, by start time."""
        zone = self.settings.zone
        include_past = args.includePast if args.includePast is not None else bool(args.startTime)
        query = RoomQuery(
            start_from=None if args.startTime is None else to_epoch_ms(args.startTime, zone),
            start_to=None if args.endTime is None else to_epoch_ms(args.endTime, zone),
            subject=args.subject,
            include_past=include_past,
            include_removed=args.includeRemoved,
            now_ms=now_ms(),
            limit=args.limit,
            offset=args.offset,
        )
        total, rooms = await self.catalog.query(query)

        listed = [listed_room(room, query.now_ms, self.settings) for room in rooms]
        following = args.offset + len(listed)
        return RoomList(
            count=len(listed),
            total=total,
            offset=args.offset,
            nextOffset=following if following < total else None,
            rooms=listed,
        )

    async def list_coursewares(self, args: ListCoursewaresArgs) -> CoursewareList:
        """Return one page of the site's coursewares, newest first."""
        zone = self.settings.zone
        scan = await self.newest_coursewares(
            None if args.startTime is None else to_epoch_ms(args.startTime, zone),
            None if args.endTime is None else to_epoch_ms(args.endTime, zone),
        )
        rows = [row for row in scan.rows if _matches(row, args.subject, args.roomId)]
        shown = rows[args.offset : args.offset + args.limit]
        following = args.offset + len(shown)

        result = CoursewareList.model_validate(
            {
                "count": len(shown),
                "total": len(rows),
                "offset": args.offset,
                "nextOffset": following if following < len(rows) else None,
                "coursewares": shown,
                "note": _scan_note(scan),
            },
            context={"zone": zone},
        )
        self.recent.add(shown)
        return result

    async def newest_coursewares(self, start_ms: int | None, end_ms: int | None) -> CoursewareScan:
        """Read the courseware sync from its newest page back, up to MAX_SCANNED_PAGES."""
        window = [("startTime", str(start_ms))] if start_ms is not None else []
        if end_ms is not None:
            window.append(("endTime", str(end_ms)))
        first = await self._sync_page(1, window)
        page = first.get("page")
        if not isinstance(page, dict):
            page = {}
        total_pages = _number(page.get("totalPages"), 1)
        site_total = _number(page.get("totalCounts"), len(_rows(first)))

        oldest_read = max(1, total_pages - MAX_SCANNED_PAGES + 1)
        limit = asyncio.Semaphore(self.settings.max_concurrency)

        async def fetch(number: int) -> dict[str, Any]:
            async with limit:
                return await self._sync_page(number, window)

        later = await asyncio.gather(
            *(fetch(n) for n in range(max(2, oldest_read), total_pages + 1))
        )
        bodies = ([first] if oldest_read == 1 else []) + list(later)
        rows = _unique([row for body in bodies for row in _rows(body)])
        rows.sort(key=lambda row: (_number(row.get("createTime"), 0), str(row.get("id"))))
        rows.reverse()
        return CoursewareScan(rows=rows, site_total=site_total, complete=oldest_read == 1)

    async def _sync_page(self, number: int, window: list[tuple[str, str]]) -> dict[str, Any]:
        return await self.client.call(
            SYNC_COURSEWARES.path, [("pageNo", str(number)), *window], retry=True
        )


def listed_room(room: CatalogRoom, now: int, settings: Settings) -> ListedRoom:
    """Shape a catalog room for a listing, with its status at `now`."""
    zone = settings.zone
    return ListedRoom(
        roomId=room.room_id,
        number=room.number,
        subject=room.subject,
        startDate=_iso(room.start_ms, zone),
        endDate=_iso(room.end_ms, zone),
        invalidDate=_iso(room.invalid_ms, zone),
        duration=room.duration,
        scene=room.scene,
        status=room_status(room, now),
        teacherJoinUrl=room.teacher_join_url,
        studentJoinUrl=room.student_join_url,
        lastSeen=_iso(room.last_seen_ms, zone),
        removed=room.removed,
    )


def room_status(room: CatalogRoom, now: int) -> str:
    """Return upcoming, in progress, ended, removed, or unknown for a room never read."""
    if room.removed:
        return "removed"
    if room.start_ms is None or room.end_ms is None:
        return "unknown"
    if now < room.start_ms:
        return "upcoming"
    return "in progress" if now < room.end_ms else "ended"


def _iso(value: int | None, zone: Any) -> str | None:
    return None if value is None else to_site_iso(value, zone)


def _matches(row: dict[str, Any], subject: str | None, room_id: str | None) -> bool:
    if room_id is not None and str(row.get("roomId")) != room_id:
        return False
    return subject is None or subject.lower() in str(row.get("subject") or "").lower()


def _scan_note(scan: CoursewareScan) -> str | None:
    if scan.complete:
        return None
    return (
        f"Only the newest {len(scan.rows)} of {scan.site_total} coursewares were searched; "
        "give startTime and endTime to reach older ones."
    )


def _rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    rows = body.get("list")
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise ResponseFormatError(
            f"the response's 'list' is {type(rows).__name__}, not a list",
            operation=SYNC_COURSEWARES.path,
        )
    return [row for row in rows if isinstance(row, dict)]


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop rows repeated across pages: items shift between pages while the sync is read."""
    seen: set[str] = set()
    unique = []
    for row in rows:
        key = str(row.get("id"))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _number(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


ListingHandler = Callable[[Any], Awaitable[BaseModel]]
Headline = Callable[[Any], str]


# The argument and result models of the listing tools, for the generated schema file.
LISTING_MODELS = ((ListRoomsArgs, RoomList), (ListCoursewaresArgs, CoursewareList))


class ListingTool(SchemaTool):
    """An MCP tool that pages through a listing; errors become isError results."""

    args_model: Any = Field(exclude=True)
    handler: Any = Field(exclude=True)
    headline: Any = Field(exclude=True)

    async def run(
        self,
        arguments: dict[str, Any],
        context: Context[Any, Any],
        convert_result: bool = False,
    ) -> CallToolResult:
        """Validate the arguments, build the page and shape it as text and structured content."""
        try:
            args = self.args_model.model_validate(arguments)
        except ValidationError as exc:
            return error_result(describe_validation_error(self.name, exc))

        try:
            result: BaseModel = await self.handler(args)
        except GenseeError as exc:
            # Word the error as the sync's, under this tool's name.
            return error_result(
                describe_gensee_error(replace(SYNC_COURSEWARES, name=self.name), exc)
            )
        except CatalogError as exc:
            return error_result(f"{self.name} failed: {exc}")

        return shaped_result(self.headline(result), result)


def rooms_headline(result: RoomList) -> str:
    """Summarise a page of list_rooms."""
    if not result.total:
        return (
            "No rooms match. The catalog holds only rooms this server has created or met in "
            "results; sync_records, sync_coursewares or export_room_usage bring in rooms made "
            "elsewhere."
        )
    if not result.count:
        return f"No rooms at offset {result.offset}; {result.total} match in all."
    first = result.offset + 1
    text = f"Rooms {first}-{result.offset + result.count} of {result.total}, by start time."
    if result.nextOffset is not None:
        text += f" Pass offset {result.nextOffset} for more."
    return text


def coursewares_headline(result: CoursewareList) -> str:
    """Summarise a page of list_coursewares."""
    if not result.total:
        return "No coursewares match."
    if not result.count:
        return f"No coursewares at offset {result.offset}; {result.total} match in all."
    first = result.offset + 1
    text = f"Coursewares {first}-{result.offset + result.count} of {result.total}, newest first."
    if result.nextOffset is not None:
        text += f" Pass offset {result.nextOffset} for more."
    if result.note:
        text += " " + result.note
    return text


def build_listing_tools(settings: Settings, listings: Listings) -> list[ListingTool]:
    """Build list_rooms and list_coursewares, as the enabled toolsets allow."""
    tools = []
    if "rooms" in settings.toolsets:
        tools.append(
            _tool(
                "list_rooms",
                "List known class rooms",
                LIST_ROOMS_DESCRIPTION,
                ListRoomsArgs,
                RoomList,
                listings.list_rooms,
                rooms_headline,
            )
        )
    if "courseware" in settings.toolsets:
        tools.append(
            _tool(
                "list_coursewares",
                "List coursewares",
                LIST_COURSEWARES_DESCRIPTION,
                ListCoursewaresArgs,
                CoursewareList,
                listings.list_coursewares,
                coursewares_headline,
            )
        )
    return tools


def _tool(
    name: str,
    title: str,
    description: str,
    args_model: type[BaseModel],
    result_model: type[BaseModel],
    handler: ListingHandler,
    headline: Headline,
) -> ListingTool:
    return ListingTool(
        **schema_tool_fields(
            name=name,
            title=title,
            description=description,
            args_model=args_model,
            result_model=result_model,
            annotations=annotations_for(
                read_only=True, destructive=False, idempotent=True, open_world=False
            ),
        ),
        args_model=args_model,
        handler=handler,
        headline=headline,
    )
