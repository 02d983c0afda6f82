"""Running the sandbox site with uvicorn, in a background thread or in the foreground."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.applications import Starlette

from gensee_mcp.sandbox.app import Site, create_app
from gensee_mcp.sandbox.config import SandboxConfig

_START_TIMEOUT_S = 10.0


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind a TCP socket; port 0 picks a free port. Raises OSError if the address is in use."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP lets asyncio recognise the accepted sockets as TCP and set TCP_NODELAY;
    # without it every keep-alive response after the first waits for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def base_url_of(sock: socket.socket) -> str:
    """Return the http URL of a bound socket."""
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def make_server(app: Starlette) -> uvicorn.Server:
    """Return a uvicorn server for the app that leaves logging setup to the caller.

    uvicorn's access log stays off: it would print query strings, which carry passwords
    when clients use GET.
    """
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", http="h11", ws="none"
    )
    return uvicorn.Server(config)


class EmbeddedSandbox:
    """A sandbox site served by uvicorn in a daemon thread; stop it with ``stop()``."""

    def __init__(
        self,
        app: Starlette,
        config: SandboxConfig,
        server: uvicorn.Server,
        thread: threading.Thread,
        sock: socket.socket,
    ) -> None:
        self.app = app
        self.config = config
        self.base_url = base_url_of(sock)
        self._server = server
        self._thread = thread
        self._sock = sock

    @property
    def admin_login(self) -> str:
        """Login name of the site administrator."""
        return self.config.admin_login

    @property
    def admin_password(self) -> str:
        """Plain password of the site administrator."""
        return self.config.admin_password

    @property
    def site(self) -> Site:
        """The site state behind the app."""
        site: Site = self.app.state.site
        return site

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the server to shut down and wait up to ``timeout`` seconds for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> EmbeddedSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"EmbeddedSandbox(base_url={self.base_url!r}, admin_login={self.admin_login!r})"


def start_embedded(
    config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> EmbeddedSandbox:
    """Start a sandbox site in a daemon thread and return once it accepts connections.

    Port 0 picks a free port. Nothing is written to stdout. Raises OSError when the address
    cannot be bound and RuntimeError when the server does not start within 10 seconds.
    """
    config = config or SandboxConfig()
    app = create_app(config)
    sock = bind_socket(host, port)
    server = make_server(app)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="gensee-sandbox", daemon=True
    )
    thread.start()

    deadline = time.monotonic() + _START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            sock.close()
            raise RuntimeError("the sandbox site stopped during start-up; see its log on stderr")
        if time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the sandbox site did not start within {_START_TIMEOUT_S:.0f} s")
        time.sleep(0.005)
    return EmbeddedSandbox(app, config, server, thread, sock)
