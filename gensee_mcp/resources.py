"""Read-only MCP resources for rooms and coursewares, and completions for their ids."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp.types import (
    Completion,
    CompletionArgument,
    CompletionContext,
    PromptReference,
    ResourceTemplateReference,
)
from pydantic import BaseModel, ValidationError

from gensee_mcp.catalog import CatalogError, now_ms
from gensee_mcp.errors import GenseeError, NotFoundError
from gensee_mcp.listings import Listings, listed_room, room_status
from gensee_mcp.messages import describe_gensee_error, describe_validation_error
from gensee_mcp.models.coursewares import SyncedCourseware
from gensee_mcp.operation import CallContext
from gensee_mcp.operations import OPERATIONS_BY_NAME

if TYPE_CHECKING:
    from gensee_mcp.server import Runtime

logger = logging.getLogger(__name__)

JSON = "application/json"
NEWEST_COURSEWARES = 100
MAX_COMPLETIONS = 100
NOT_FOUND = {
    "roomId": "Room {value} was not found on the site (code 501, data does not exist). "
    "Room ids come from create_room, list_rooms or gensee://rooms.",
    "coursewareId": "Courseware {value} was not found on the site (code 501, data does not "
    "exist). Courseware ids come from list_coursewares or gensee://coursewares.",
}


class SiteResources:
    """Reads the resources: the catalog directly, the site through the operations table."""

    def __init__(self, runtime: Runtime, listings: Listings) -> None:
        self.runtime = runtime
        self.listings = listings

    async def rooms(self) -> str:
        """Return the catalog's rooms: upcoming first, then past, then those never read."""
        try:
            rooms = await self.listings.catalog.all_rooms()
        except CatalogError as exc:
            raise ResourceError(str(exc)) from None
        now = now_ms()
        listed = [listed_room(room, now, self.runtime.settings) for room in rooms]
        upcoming = [room for room in listed if room.status in ("upcoming", "in progress")]
        past = [room for room in listed if room.status == "ended"]
        unknown = [room for room in listed if room.status == "unknown"]
        ordered = upcoming + past[::-1] + unknown
        return _json(
            {
                "count": len(ordered),
                "rooms": [room.model_dump(mode="json", exclude_none=True) for room in ordered],
                "note": "Rooms this server has created, read or seen in results; the site "
                "itself cannot list rooms. Rooms deleted from the site are left out.",
            }
        )

    async def room(self, roomId: str) -> str:
        """Return a room's live details from the site, refreshing the catalog."""
        room = await self._call("get_room", roomId=roomId)
        details = room.model_dump(mode="json", exclude_none=True)
        try:
            stored = await self.listings.catalog.get(roomId)
        except CatalogError as exc:
            logger.warning("cannot read room %s from the catalog: %s", roomId, exc)
            stored = None
        if stored is not None:
            # The site cannot report these; the catalog has what this server last sent.
            for name in ("duration", "scene"):
                if getattr(stored, name) is not None:
                    details.setdefault(name, getattr(stored, name))
            details["status"] = room_status(stored, now_ms())
        return _json(details)

    async def room_coursewares(self, roomId: str) -> str:
        """Return the coursewares recorded in a room."""
        result = await self._call("list_room_coursewares", roomId=roomId)
        return _json(result.model_dump(mode="json", exclude_none=True))

    async def coursewares(self) -> str:
        """Return the site's newest coursewares."""
        try:
            scan = await self.listings.newest_coursewares(None, None)
        except GenseeError as exc:
            op = OPERATIONS_BY_NAME["sync_coursewares"]
            raise ResourceError(describe_gensee_error(op, exc)) from None
        shown = scan.rows[:NEWEST_COURSEWARES]
        self.listings.recent.add(shown)
        zone = {"zone": self.runtime.settings.zone}
        items = [SyncedCourseware.model_validate(row, context=zone) for row in shown]
        return _json(
            {
                "count": len(items),
                "total": len(scan.rows) if scan.complete else scan.site_total,
                "coursewares": [item.model_dump(mode="json", exclude_none=True) for item in items],
                "note": f"The newest {NEWEST_COURSEWARES} at most; list_coursewares pages "
                "through the rest and filters by time, subject and room.",
            }
        )

    async def courseware(self, coursewareId: str) -> str:
        """Return one courseware's details."""
        result = await self._call("get_courseware", coursewareId=coursewareId)
        return _json(result.model_dump(mode="json", exclude_none=True))

    async def _call(self, name: str, **arguments: str) -> BaseModel:
        """Run one operation as its tool would, observers included, raising resource errors."""
        op = OPERATIONS_BY_NAME[name]
        try:
            args = op.input_model.model_validate(arguments)
        except ValidationError as exc:
            raise ResourceError(describe_validation_error(op.name, exc)) from None

        runtime = self.runtime
        context = CallContext(
            client=runtime.client, settings=runtime.settings, extras=runtime.extras
        )
        try:
            data = (
                await op.handler(op, context, args) if op.handler else await op.send(context, args)
            )
            for observer in runtime.observers:
                await observer.on_success(op, args, data)
            return op.output_model.model_validate(data, context={"zone": context.zone})
        except GenseeError as exc:
            for observer in runtime.observers:
                await observer.on_error(op, args, exc)
            if isinstance(exc, NotFoundError):
                id_name, value = next(iter(arguments.items()))
                raise ResourceNotFoundError(NOT_FOUND[id_name].format(value=value)) from None
            raise ResourceError(describe_gensee_error(op, exc)) from None
        except ValidationError as exc:
            logger.warning("%s returned an unexpected response: %s", op.name, exc)
            raise ResourceError(f"{op.name}: the site's response was not usable.") from None

    async def complete(
        self,
        ref: PromptReference | ResourceTemplateReference,
        argument: CompletionArgument,
        context: CompletionContext | None,
    ) -> Completion | None:
        """Offer known room ids (from the catalog) and courseware ids (from listings)."""
        if argument.name == "roomId":
            try:
                values = await self.listings.catalog.room_ids(argument.value, MAX_COMPLETIONS + 1)
            except CatalogError as exc:
                logger.warning("cannot complete room ids: %s", exc)
                values = []
        elif argument.name == "coursewareId":
            values = self.listings.recent.ids(argument.value, MAX_COMPLETIONS + 1)
        else:
            return None
        more = len(values) > MAX_COMPLETIONS
        return Completion(values=values[:MAX_COMPLETIONS], has_more=more)


def register_resources(server: MCPServer[Any], runtime: Runtime, listings: Listings) -> None:
    """Register the resources of the enabled toolsets, and the id completions."""
    resources = SiteResources(runtime, listings)
    toolsets = runtime.settings.toolsets
    if "rooms" in toolsets:
        server.resource(
            "gensee://rooms",
            name="rooms",
            title="Known class rooms",
            description="Rooms this server has created, read or seen, upcoming first, then "
            "past; start times in the site's time zone.",
            mime_type=JSON,
        )(resources.rooms)
        server.resource(
            "gensee://rooms/{roomId}",
            name="room",
            title="Class room",
            description="A room's live details from the site: subject, times, join URLs, tokens.",
            mime_type=JSON,
        )(resources.room)
    if "courseware" in toolsets:
        server.resource(
            "gensee://rooms/{roomId}/coursewares",
            name="room_coursewares",
            title="Recordings of a class room",
            description="The coursewares recorded in one room, with viewing URLs.",
            mime_type=JSON,
        )(resources.room_coursewares)
        server.resource(
            "gensee://coursewares",
            name="coursewares",
            title="Coursewares",
            description=f"The site's newest {NEWEST_COURSEWARES} coursewares, newest first. "
            "Needs an administrator account.",
            mime_type=JSON,
        )(resources.coursewares)
        server.resource(
            "gensee://coursewares/{coursewareId}",
            name="courseware",
            title="Courseware",
            description="One courseware: name, room, viewing URL, token, creator.",
            mime_type=JSON,
        )(resources.courseware)
    # The SDK's completion() decorator is untyped.
    server.completion()(resources.complete)  # type: ignore[no-untyped-call]


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
