"""Serve MCP over streamable HTTP at /mcp, with Host/Origin checks and a bearer token.

On a loopback address the server accepts only loopback Host and Origin headers, which stops
DNS-rebinding attacks from web pages. Any other address also needs GENSEE_MCP_TOKEN, which
every request must then carry as `Authorization: Bearer <token>`. Setting the token enforces
it on loopback too.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import sys
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from mcp.server.transport_security import TransportSecuritySettings
from starlette.types import ASGIApp, Receive, Scope, Send

from gensee_mcp import __version__
from gensee_mcp.settings import Settings, SettingsError

logger = logging.getLogger(__name__)

MCP_PATH = "/mcp"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
ANY = "*"


def is_loopback(host: str) -> bool:
    """Tell whether a bind address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_can_serve(settings: Settings, host: str) -> None:
    """Raise SettingsError when binding `host` would expose the server without a token."""
    if is_loopback(host) or settings.mcp_token is not None:
        return
    raise SettingsError(
        f"GENSEE_MCP_TOKEN is not set: serving HTTP on {host}, which other machines can "
        "reach, needs a bearer token of at least 16 characters (or bind 127.0.0.1)"
    )


def transport_security(settings: Settings, host: str) -> TransportSecuritySettings:
    """Return the Host and Origin checks for a bind address and the configured names.

    Without configured names, loopback names are accepted, plus the bind address itself when
    it is a specific one (not 0.0.0.0 or ::). GENSEE_MCP_ALLOWED_HOSTS=* turns both checks off.
    """
    if ANY in settings.mcp_allowed_hosts:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)

    default_hosts = list(LOOPBACK_HOSTS)
    if not is_loopback(host) and host not in ("0.0.0.0", "::"):
        default_hosts.append(f"[{host}]" if ":" in host else host)
    hosts = list(settings.mcp_allowed_hosts) or default_hosts
    origins = list(settings.mcp_allowed_origins) or [
        f"{scheme}://{name}" for name in hosts for scheme in ("http", "https")
    ]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=_with_any_port(hosts),
        allowed_origins=_with_any_port(origins),
    )


def _with_any_port(names: list[str]) -> list[str]:
    """Accept each name as given and, when it has no port, with any port."""
    accepted: list[str] = []
    for name in names:
        accepted.append(name)
        if not _has_port(name):
            accepted.append(f"{name}:*")
    return accepted


def _has_port(name: str) -> bool:
    if name.endswith(":*"):
        return True
    authority = name.partition("://")[2] if "://" in name else name
    try:
        return urlsplit(f"//{authority}").port is not None
    except ValueError:
        return False


class BearerTokenMiddleware:
    """Reject every HTTP request whose Authorization header lacks the configured token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._expected = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass authorized requests and lifespan events on; reject the rest with HTTP 401."""
        if scope["type"] != "http" or self._authorized(scope):
            await self.app(scope, receive, send)
            return

        client = scope.get("client")
        logger.warning(
            "rejected %s %s from %s: missing or wrong bearer token",
            scope.get("method"),
            scope.get("path"),
            client[0] if client else "unknown address",
        )
        body = (
            b"Unauthorized: send the token configured in GENSEE_MCP_TOKEN as "
            b"'Authorization: Bearer <token>'.\n"
        )
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b'Bearer realm="gensee-mcp"'),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _authorized(self, scope: Scope) -> bool:
        values = [value for key, value in scope["headers"] if key == b"authorization"]
        if len(values) != 1:
            return False
        # The scheme name is case-insensitive (RFC 7235); the token itself is not.
        scheme, _, credentials = values[0].partition(b" ")
        if scheme.lower() != b"bearer":
            return False
        # compare_digest takes time independent of where the values differ.
        return hmac.compare_digest(credentials.strip(), self._expected)


def build_http_app(settings: Settings, *, host: str, stateless: bool) -> ASGIApp:
    """Build the ASGI application: the MCP endpoint behind the token check, if any."""
    from gensee_mcp.server import build_server

    server = build_server(settings)
    app: ASGIApp = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=stateless,
        transport_security=transport_security(settings, host),
        host=host,
    )
    if settings.mcp_token is not None:
        app = BearerTokenMiddleware(app, settings.mcp_token.get_secret_value())
    return app


def serve_http(settings: Settings, *, host: str, port: int, stateless: bool) -> None:
    """Serve MCP over streamable HTTP until interrupted; raises SettingsError if unsafe."""
    check_can_serve(settings, host)
    app = build_http_app(settings, host=host, stateless=stateless)

    shown_host = f"[{host}]" if ":" in host else host
    mode = "stateless" if stateless else "with sessions"
    token = "bearer token required" if settings.mcp_token is not None else "no token"
    print(
        f"gensee-mcp {__version__}: serving MCP over streamable HTTP at "
        f"http://{shown_host}:{port}{MCP_PATH} ({mode}, {token}) for {settings.site}",
        file=sys.stderr,
        flush=True,
    )
    # log_config=None leaves logging as the command configured it: to stderr, at its level.
    config: Any = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        log_level=logging.getLogger().level,
        lifespan="on",
    )
    uvicorn.Server(config).run()
