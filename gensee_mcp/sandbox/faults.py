"""Fault injection: slow, failed, cut-off and malformed responses on request.

Effects that replace the site's response (``force_code``, ``http_status``, and the ``html``,
``empty`` and ``invalid_json`` kinds of ``malformed``) skip the operation, so nothing changes
on the site. ``drop_connection`` and the ``no_code`` and ``wrong_type`` kinds run the operation
first and then damage its response, as when a site processes a request but the answer is lost
or garbled on the way back.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send

from gensee_mcp.sandbox.config import FaultRule
from gensee_mcp.sandbox.encoding import JSON_MEDIA_TYPE, encode_payload

_API_PREFIXES = ("/integration/site/training/", "/training/", "/")

FORCED_CODE_MESSAGES = {
    "-1": "failure",
    "101": "parameter error",
    "102": "parameter conversion error",
    "200": "authentication failed",
    "201": "password expired",
    "300": "system error",
    "500": "business error",
    "501": "business error: data does not exist",
    "502": "business error: duplicate data",
    "600": "interface disabled, please contact the administrator",
}

_HTML_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


def normalize_fault_path(path: str, operations: Collection[str]) -> str:
    """Return the operation path a rule names (``room/created``), or ``*`` for every one.

    Accepts the full request path, the path from ``/training/`` on, or the bare operation.
    """
    path = path.strip()
    if path == "*":
        return path
    for prefix in _API_PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    if path not in operations:
        raise ValueError(f"unknown operation path {path!r}; use a path such as 'room/created'")
    return path


@dataclass
class FaultDecision:
    """The fault of one request: the matched rule and whether its failure effect fires."""

    rule: FaultRule
    fails: bool


class FaultInjector:
    """The active fault rules and the seeded random source behind ``failure_rate``."""

    def __init__(self, rules: Iterable[FaultRule], seed: int, operations: Collection[str]) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self._operations = operations
        self._rules: list[FaultRule] = []
        self._remaining: list[int | None] = []
        self._rng = random.Random(seed)
        self.set_rules(rules)

    def set_rules(self, rules: Iterable[FaultRule]) -> None:
        """Replace the rule list and restart the random sequence.

        Raises ValueError when a rule names an unknown operation.
        """
        normalized = [
            replace(rule, path=normalize_fault_path(rule.path, self._operations)) for rule in rules
        ]
        with self._lock:
            self._rules = normalized
            self._remaining = [rule.times for rule in normalized]
            self._rng = random.Random(self._seed)

    def clear(self) -> None:
        """Remove every rule."""
        self.set_rules(())

    def describe(self) -> list[dict[str, object]]:
        """Return the rules in JSON form, each with the number of uses it has left."""
        with self._lock:
            return [
                {**rule.to_dict(), "remaining": remaining}
                for rule, remaining in zip(self._rules, self._remaining, strict=True)
            ]

    def match(
        self, operation: str, params: Collection[tuple[str, str]] = ()
    ) -> FaultDecision | None:
        """Return the fault for a request to ``operation``, from the first matching rule.

        ``params`` are the request's parameters, for rules that name parameter values.
        Rules whose ``times`` are used up are skipped.
        """
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.path not in ("*", operation) or not rule.matches_params(params):
                    continue
                remaining = self._remaining[index]
                if remaining is not None:
                    if remaining <= 0:
                        continue
                    self._remaining[index] = remaining - 1
                fails = rule.has_failure and (
                    rule.failure_rate is None or self._rng.random() < rule.failure_rate
                )
                return FaultDecision(rule, fails)
        return None


def replacement_response(rule: FaultRule) -> Response | None:
    """Return the response that replaces the operation, or None if the operation must run."""
    if rule.drop_connection or rule.malformed in ("no_code", "wrong_type"):
        return None
    if rule.malformed == "html":
        return _html_page(rule.http_status or 502)
    if rule.malformed == "empty":
        return Response(b"", status_code=rule.http_status or 200, media_type=JSON_MEDIA_TYPE)
    if rule.malformed == "invalid_json":
        body = b'{"code":"0","message":"","list":[{"id":"mquQf2",'
        return Response(body, status_code=rule.http_status or 200, media_type=JSON_MEDIA_TYPE)
    if rule.force_code is None and rule.http_status is not None:
        return _html_page(rule.http_status)
    code = rule.force_code or "300"
    message = FORCED_CODE_MESSAGES.get(code, "error")
    body = encode_payload({"code": code, "message": message}, raw_control_characters=False)
    return Response(body, status_code=rule.http_status or 200, media_type=JSON_MEDIA_TYPE)


def damaged_response(rule: FaultRule, payload: dict[str, object], raw: bool) -> Response:
    """Return the operation's response after applying the rule's damaging effect."""
    if rule.drop_connection:
        return DroppedResponse(encode_payload(payload, raw_control_characters=raw))
    damaged = dict(payload)
    if rule.malformed == "no_code":
        damaged.pop("code", None)
    else:
        _break_a_field(damaged)
    body = encode_payload(damaged, raw_control_characters=raw)
    return Response(body, status_code=rule.http_status or 200, media_type=JSON_MEDIA_TYPE)


def _break_a_field(payload: dict[str, object]) -> None:
    """Give one field the wrong JSON type: a list, then a time, then the code itself."""
    for name in ("list", "coursewares", "rollcall"):
        if name in payload:
            payload[name] = "oops"
            return
    for name in ("startDate", "invalidDate"):
        if name in payload:
            payload[name] = "soon"
            return
    code = payload.get("code")
    payload["code"] = int(code) if isinstance(code, str) and code.lstrip("-").isdigit() else 0


def _html_page(status: int) -> HTMLResponse:
    reason = _REASONS.get(status, "Error")
    return HTMLResponse(_HTML_PAGE.format(status=status, reason=reason), status_code=status)


class DroppedResponse(Response):
    """A response that announces its full length, sends half the body and stops.

    Returning with the body incomplete makes the server close the TCP connection, so the
    client sees a connection or protocol error instead of a response.
    """

    def __init__(self, body: bytes) -> None:
        super().__init__(content=body, media_type=JSON_MEDIA_TYPE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self.raw_headers,
            }
        )
        half = self.body[: len(self.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
