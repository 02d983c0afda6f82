"""The ASGI application of the sandbox site: API routes, dispatch and request statistics."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import urllib.parse
from collections import Counter, deque

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from gensee_mcp.sandbox import (
    handlers_coursewares,
    handlers_exports,
    handlers_rooms,
    handlers_site,
)
from gensee_mcp.sandbox.auth import authenticate, require_admin
from gensee_mcp.sandbox.config import SandboxConfig
from gensee_mcp.sandbox.control import control_routes
from gensee_mcp.sandbox.demo import populate
from gensee_mcp.sandbox.encoding import JSON_MEDIA_TYPE, encode_payload
from gensee_mcp.sandbox.errors import ApiError
from gensee_mcp.sandbox.faults import FaultInjector, damaged_response, replacement_response
from gensee_mcp.sandbox.operations import Call, Operation, Payload
from gensee_mcp.sandbox.params import Params
from gensee_mcp.sandbox.store import Store

logger = logging.getLogger(__name__)
# One line per API request: operation, return code and time, never parameters.
access_logger = logging.getLogger("gensee_mcp.sandbox.access")

API_PREFIX = "/integration/site/training/"
OPERATIONS: tuple[Operation, ...] = (
    handlers_rooms.OPERATIONS
    + handlers_coursewares.OPERATIONS
    + handlers_site.OPERATIONS
    + handlers_exports.OPERATIONS
)
_FORM_TYPES = ("application/x-www-form-urlencoded", "")
# API requests whose parameters GET /_sandbox/requests returns, most recent last.
REQUEST_LOG_SIZE = 1000


class Stats:
    """Counts of API requests and of the distinct TCP connections they came on.

    It also keeps the parameters of the last ``REQUEST_LOG_SIZE`` API requests, with
    passwords redacted, so tests can check what a client sent.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        self._connections: set[tuple[str, int]] = set()
        self._by_path: Counter[str] = Counter()
        self._recent: deque[dict[str, object]] = deque(maxlen=REQUEST_LOG_SIZE)

    def record(self, path: str, client: tuple[str, int] | None) -> None:
        """Count one request; a connection is identified by the client's host and port."""
        with self._lock:
            self._requests += 1
            self._by_path[path] += 1
            if client is not None:
                self._connections.add((client[0], client[1]))

    def log_request(self, operation: str, params: list[tuple[str, str]]) -> None:
        """Keep the parameters of one API request; a repeated name keeps all its values."""
        logged: dict[str, str | list[str]] = {}
        for name, value in params:
            shown = "[redacted]" if "password" in name.lower() else value
            earlier = logged.get(name)
            if earlier is None:
                logged[name] = shown
            elif isinstance(earlier, list):
                earlier.append(shown)
            else:
                logged[name] = [earlier, shown]
        with self._lock:
            self._recent.append({"operation": operation, "params": logged})

    def recent_requests(self) -> list[dict[str, object]]:
        """Return the logged API requests, oldest first."""
        with self._lock:
            return list(self._recent)

    def snapshot(self) -> dict[str, object]:
        """Return the counts in JSON form."""
        with self._lock:
            return {
                "requests": self._requests,
                "connections": len(self._connections),
                "by_path": dict(self._by_path),
            }

    def reset(self) -> None:
        """Set every count back to zero."""
        with self._lock:
            self._requests = 0
            self._connections.clear()
            self._by_path.clear()
            self._recent.clear()


class Site:
    """One running sandbox site: its state, fault rules and statistics."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.store = Store(config)
        populate(self.store)
        self.faults = FaultInjector(
            config.faults, config.seed, [operation.path for operation in OPERATIONS]
        )
        self.stats = Stats()

    def reset(self) -> None:
        """Put the demo data back to its start state and remove every fault rule."""
        with self.store.lock:
            self.store.clear()
            populate(self.store)
        self.faults.clear()

    def call(self, operation: Operation, params: Params, base_url: str) -> Payload:
        """Run one operation and return its response body; errors become return codes."""
        started = time.perf_counter()
        try:
            with self.store.lock:
                user = authenticate(self.store, params)
                if not operation.teacher_allowed:
                    require_admin(user)
                fields = operation.handler(Call(self.store, params, user, base_url))
            payload: Payload = {"code": "0", "message": "", **fields}
        except ApiError as error:
            payload = {"code": error.code, "message": error.message}
        except Exception:
            logger.exception("operation %s failed with an unexpected error", operation.path)
            payload = {"code": "300", "message": "system error"}
        elapsed_ms = (time.perf_counter() - started) * 1000
        access_logger.info("%s -> code %s in %.1f ms", operation.path, payload["code"], elapsed_ms)
        return payload


class StatsMiddleware:
    """Counts every request to the API paths before passing it on."""

    def __init__(self, app: ASGIApp, stats: Stats) -> None:
        self.app = app
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/integration/"):
            self.stats.record(scope["path"], scope.get("client"))
        await self.app(scope, receive, send)


async def read_parameters(request: Request) -> list[tuple[str, str]]:
    """Return the query parameters followed by the fields of a URL-encoded POST body."""
    items = list(request.query_params.multi_items())
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in _FORM_TYPES:
            body = (await request.body()).decode("utf-8", errors="replace")
            items += urllib.parse.parse_qsl(body, keep_blank_values=True)
    return items


def _api_route(site: Site, operation: Operation) -> Route:
    raw = operation.raw_control_characters

    async def endpoint(request: Request) -> Response:
        # Read the body before any latency, as a real site does: a client that gives up
        # during the delay must not stop the operation from running.
        items = await read_parameters(request)
        site.stats.log_request(operation.path, items)
        params = Params(items, site.config.zone)
        decision = site.faults.match(operation.path, items)
        if decision is not None and decision.rule.latency_ms:
            await asyncio.sleep(decision.rule.latency_ms / 1000)
        if decision is not None and decision.fails:
            logger.info("injecting fault %s into %s", decision.rule, operation.path)
            replacement = replacement_response(decision.rule)
            if replacement is not None:
                return replacement

        base_url = f"{request.url.scheme}://{request.url.netloc}"
        payload = site.call(operation, params, base_url)

        if decision is not None and decision.fails:
            return damaged_response(decision.rule, payload, raw)
        body = encode_payload(payload, raw_control_characters=raw)
        return Response(body, media_type=JSON_MEDIA_TYPE)

    return Route(API_PREFIX + operation.path, endpoint, methods=["GET", "POST"])


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """Build the sandbox site: the 30 API operations and the ``/_sandbox`` control endpoints."""
    site = Site(config or SandboxConfig())
    routes = [_api_route(site, operation) for operation in OPERATIONS]
    routes += control_routes(site)
    app = Starlette(routes=routes, middleware=[Middleware(StatsMiddleware, stats=site.stats)])
    app.state.site = site
    return app
