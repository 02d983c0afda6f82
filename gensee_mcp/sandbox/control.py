"""Control endpoints under ``/_sandbox``: faults, reset, statistics, request log, health, demo IDs.

Every endpoint speaks JSON. Errors return HTTP 400 with ``{"error": message}``.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gensee_mcp.sandbox.config import FaultRule

if TYPE_CHECKING:
    from gensee_mcp.sandbox.app import Site

logger = logging.getLogger(__name__)


def _parse_rules(body: bytes) -> list[FaultRule]:
    """Read a rule list sent as ``{"rules": [...]}``, a bare list, or one rule object."""
    try:
        data = json.loads(body or b"[]")
    except json.JSONDecodeError as exc:
        raise ValueError(f"request body is not valid JSON: {exc}") from exc
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(rule, dict) for rule in data):
        raise ValueError('send {"rules": [rule, ...]} where each rule is a JSON object')
    return [FaultRule.from_dict(rule) for rule in data]


def control_routes(site: Site) -> list[Route]:
    """Return the routes of the control endpoints for one site."""

    async def set_faults(request: Request) -> JSONResponse:
        try:
            site.faults.set_rules(_parse_rules(await request.body()))
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        rules = site.faults.describe()
        logger.info("fault rules replaced: %d rule(s)", len(rules))
        return JSONResponse({"rules": rules})

    async def get_faults(request: Request) -> JSONResponse:
        return JSONResponse({"rules": site.faults.describe()})

    async def clear_faults(request: Request) -> JSONResponse:
        site.faults.clear()
        logger.info("fault rules cleared")
        return JSONResponse({"rules": []})

    async def reset(request: Request) -> JSONResponse:
        site.reset()
        logger.info("demo data reset and fault rules cleared")
        return JSONResponse({"status": "reset"})

    async def stats(request: Request) -> JSONResponse:
        return JSONResponse(site.stats.snapshot())

    async def reset_stats(request: Request) -> JSONResponse:
        site.stats.reset()
        return JSONResponse(site.stats.snapshot())

    async def requests(request: Request) -> JSONResponse:
        return JSONResponse({"requests": site.stats.recent_requests()})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def demo(request: Request) -> JSONResponse:
        return JSONResponse(demo_ids(site))

    return [
        Route("/_sandbox/faults", set_faults, methods=["POST"]),
        Route("/_sandbox/faults", get_faults, methods=["GET"]),
        Route("/_sandbox/faults", clear_faults, methods=["DELETE"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/stats/reset", reset_stats, methods=["POST"]),
        Route("/_sandbox/requests", requests, methods=["GET"]),
        Route("/_sandbox/health", health, methods=["GET"]),
        Route("/_sandbox/demo", demo, methods=["GET"]),
    ]


def demo_ids(site: Site) -> dict[str, object]:
    """Return the notable demo objects by role, for people trying the site (no passwords)."""
    store = site.store
    with store.lock:
        uploads = sorted(record.id for record in store.records.values() if not record.room_id)
        return {
            "adminLogin": site.config.admin_login,
            "teacherLogin": "teacher",
            "expiredLogin": "expired",
            "rooms": {
                "pastWithExports": "room01",
                "teacherOwned": "room03",
                "pastWithoutCoursewares": "room05",
                "upcomingWithWarmupDocumentRecords": "room06",
                "upcoming": ["room06", "room07", "room08"],
            },
            "coursewareId": "cw0001",
            "recordId": min(store.records) if store.records else None,
            "uploadedRecordIds": uploads,
            "documentId": min(store.documents) if store.documents else None,
            "warmupIds": sorted(store.warmups),
            "timezone": site.config.timezone,
        }
