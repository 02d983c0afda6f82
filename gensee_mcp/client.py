"""The HTTP client for the Training API: authentication, lenient parsing, return codes."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gensee_mcp import __version__
from gensee_mcp.errors import (
    ApiError,
    GenseeError,
    HeldError,
    ResponseFormatError,
    SystemError_,
    TimeoutError_,
    TransportError,
    error_for_code,
)
from gensee_mcp.settings import Settings

if TYPE_CHECKING:
    # Imported where the first request is made: httpx and httpcore take about 10 ms to
    # import, and the server answers tools/list without them.
    import httpx

logger = logging.getLogger(__name__)

FormData = Sequence[tuple[str, str]]
EXCERPT_LENGTH = 160
_WHITESPACE = re.compile(r"\s+")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

# Codes that no retry can fix: 200 and 201 concern the whole account, 600 one interface.
ACCOUNT_REJECTIONS = ("200", "201")
INTERFACE_REJECTIONS = ("600",)
ANY_PATH = "*"


class GenseeClient:
    """Sends Training API requests over one shared connection pool.

    Every request is a form-encoded POST to `{site}/integration/site/{path}` with
    `loginName`, the lowercase MD5 of the password and `sec=true`. Credentials travel only
    in the body, never in the URL.
    """

    def __init__(
        self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self._secret = settings.secret_md5()
        self._secrets = [self._secret]
        if settings.password is not None:
            self._secrets.append(settings.password.get_secret_value())
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        # The last rejection by path (ANY_PATH for the account), with its monotonic time.
        self._rejections: dict[str, tuple[ApiError, float]] = {}

    def _pool(self) -> httpx.AsyncClient:
        """Return the connection pool, built on first use.

        Building it loads the TLS trust store, tens of milliseconds that start-up skips.
        """
        import httpx

        if self._http is None:
            self._http = httpx.AsyncClient(
                base_url=f"{self.settings.site}/integration/site/",
                timeout=httpx.Timeout(
                    self.settings.timeout, connect=self.settings.connect_timeout
                ),
                limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
                headers={"User-Agent": f"gensee-mcp/{__version__}"},
                transport=self._transport,
            )
        return self._http

    async def aclose(self) -> None:
        """Close the connection pool, if a call opened it."""
        if self._http is not None:
            await self._http.aclose()

    async def call(
        self, path: str, params: FormData = (), *, retry: bool = False
    ) -> dict[str, Any]:
        """Call one operation and return its JSON body, raising a GenseeError on failure.

        With `retry`, connection errors, timeouts, HTTP 5xx, unusable bodies and code 300 are
        retried with jittered backoff; only read-only operations should ask for it. After a
        rejection of the account (200, 201) or the interface (600), calls are held for
        `hold_after_rejection` seconds and raise HeldError without being sent.
        """
        self._check_held(path)
        if not retry or self.settings.retries == 0:
            return await self._call_once(path, params)
        # Imported here: start-up does not need it, and many sessions never retry a read.
        from tenacity import (
            AsyncRetrying,
            retry_if_exception,
            stop_after_attempt,
            wait_random_exponential,
        )

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.retries + 1),
            wait=wait_random_exponential(multiplier=0.2, max=2.0),
            retry=retry_if_exception(_is_transient),
            before_sleep=lambda state: logger.warning(
                "retrying %s after attempt %d failed: %s",
                path,
                state.attempt_number,
                state.outcome.exception() if state.outcome else "unknown error",
            ),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._call_once(path, params)
        except GenseeError as exc:
            exc.attempts = int(retrying.statistics.get("attempt_number", 1))
            raise
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def _check_held(self, path: str) -> None:
        hold = self.settings.hold_after_rejection
        for key in (ANY_PATH, path):
            held = self._rejections.get(key)
            if held is None:
                continue
            cause, when = held
            age = time.monotonic() - when
            if age < hold:
                logger.info("not sending %s: %s %.0f s ago", path, cause, age)
                raise HeldError(cause, operation=path, age=age, hold=hold)
            del self._rejections[key]

    def _remember_rejection(self, path: str, error: ApiError) -> None:
        if self.settings.hold_after_rejection <= 0:
            return
        if error.code in ACCOUNT_REJECTIONS:
            self._rejections[ANY_PATH] = (error, time.monotonic())
        elif error.code in INTERFACE_REJECTIONS:
            self._rejections[path] = (error, time.monotonic())

    async def _call_once(self, path: str, params: FormData) -> dict[str, Any]:
        import httpx

        form = [*params, ("loginName", self.settings.login_name), ("password", self._secret)]
        form.append(("sec", "true"))
        started = time.perf_counter()

        try:
            response = await self._pool().post(path, data=_form_dict(form))
        except httpx.TimeoutException as exc:
            raise TimeoutError_(
                self._describe_timeout(exc), operation=path, sent=not _before_sending(exc)
            ) from None
        except httpx.HTTPError as exc:
            raise TransportError(
                self._describe_transport_error(exc),
                operation=path,
                sent=not _before_sending(exc),
            ) from None

        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug("%s -> HTTP %d in %.1f ms", path, response.status_code, elapsed_ms)
        return self._parse(path, response)

    def _parse(self, path: str, response: httpx.Response) -> dict[str, Any]:
        text = response.text
        if response.status_code != 200:
            raise TransportError(
                f"HTTP {response.status_code} {response.reason_phrase}; "
                f"the body is {self.describe_body(text)}",
                operation=path,
                status=response.status_code,
            )
        if not text.strip():
            raise ResponseFormatError("the response body is empty", operation=path)

        try:
            # strict=False: real sites put raw tabs and newlines inside JSON strings.
            body = json.loads(text, strict=False)
        except json.JSONDecodeError:
            raise ResponseFormatError(
                f"the response is not JSON: the body is {self.describe_body(text)}",
                operation=path,
                excerpt=self.excerpt(text),
            ) from None
        if not isinstance(body, dict) or "code" not in body:
            raise ResponseFormatError(
                f"the response has no return code: the body is {self.describe_body(text)}",
                operation=path,
                excerpt=self.excerpt(text),
            )

        code = str(body["code"]).strip()
        if code != "0":
            message = self.redact(str(body.get("message") or ""))
            error = error_for_code(code, message, path)
            self._remember_rejection(path, error)
            raise error
        if self._rejections:
            self._rejections.pop(ANY_PATH, None)
            self._rejections.pop(path, None)
        return body

    def redact(self, text: str) -> str:
        """Replace every form of the password in `text`."""
        for secret in self._secrets:
            if secret:
                text = text.replace(secret, "[redacted]")
        return text

    def excerpt(self, text: str) -> str:
        """Return a short, credential-free, one-line excerpt of a response body."""
        flat = _WHITESPACE.sub(" ", self.redact(text)).strip()
        if len(flat) > EXCERPT_LENGTH:
            flat = flat[:EXCERPT_LENGTH] + "..."
        return repr(flat)

    def describe_body(self, text: str) -> str:
        """Return a short description of a body that is not the JSON expected."""
        title = _HTML_TITLE.search(text)
        if title is not None:
            flat = _WHITESPACE.sub(" ", self.redact(title.group(1))).strip()
            return f"an HTML page titled {flat[:EXCERPT_LENGTH]!r}"
        return f"{len(self.redact(text))} characters starting {self.excerpt(text)}"

    def _describe_transport_error(self, exc: httpx.HTTPError) -> str:
        import httpx

        detail = self.redact(str(exc)) or type(exc).__name__
        if isinstance(exc, httpx.ConnectError):
            return f"could not connect to the site: {detail}"
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return f"the connection broke before the response was complete: {detail}"
        return f"request failed: {detail}"

    def _describe_timeout(self, exc: httpx.TimeoutException) -> str:
        import httpx

        if isinstance(exc, httpx.ConnectTimeout):
            return f"could not connect to the site within {self.settings.connect_timeout} s"
        if isinstance(exc, httpx.PoolTimeout):
            return (
                f"no connection to the site became free within {self.settings.connect_timeout} s"
            )
        if isinstance(exc, httpx.WriteTimeout):
            return f"could not send the request within {self.settings.timeout} s"
        return f"the site did not answer within {self.settings.timeout} s"


def _before_sending(exc: httpx.HTTPError) -> bool:
    """Tell whether the failure came before any byte of the request left."""
    import httpx

    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _form_dict(form: FormData) -> dict[str, str | list[str]]:
    """Group repeated keys so httpx sends `key=a&key=b`."""
    grouped: dict[str, str | list[str]] = {}
    for key, value in form:
        existing = grouped.get(key)
        if existing is None:
            grouped[key] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            grouped[key] = [existing, value]
    return grouped


def _is_transient(exc: BaseException) -> bool:
    """Tell whether a failed read is worth retrying."""
    if isinstance(exc, TransportError):
        return exc.status is None or exc.status >= 500
    # A cut-off or garbled body of a read is worth another try, like a dropped connection.
    return isinstance(exc, SystemError_ | ResponseFormatError)


__all__ = ["GenseeClient", "GenseeError"]
