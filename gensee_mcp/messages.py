"""Error messages for the assistant: what failed, why, and what to change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from gensee_mcp.errors import (
    ApiError,
    GenseeError,
    ResponseFormatError,
    TimeoutError_,
    TransportError,
)

if TYPE_CHECKING:
    from gensee_mcp.operation import Operation

ADMIN_ONLY = "Only the site's administrator can fix this; tell the user, and do not retry."

CODE_ADVICE = {
    "-1": "The site gave no reason. Check the arguments; if they are right, try again later.",
    "101": "The site rejected an argument. Correct the one the message names and call again.",
    "102": "The site could not convert an argument (a number, time or true/false value). "
    "Correct it and call again.",
    "200": "The login name or password this server is configured with is wrong. You cannot "
    "fix this from here: ask the person who installed the server to check GENSEE_LOGIN_NAME "
    "and GENSEE_PASSWORD. Do not retry.",
    "201": "The account's password has expired. " + ADMIN_ONLY,
    "300": "The site had an internal error. Try again in a minute.",
    "500": "The site refused the request. This is often a permission rule: the account may "
    "not be allowed this operation or this room.",
    "502": "The data duplicates something that already exists on the site; change it.",
    "600": "The site's administrator has disabled this interface. " + ADMIN_ONLY,
}


def describe_validation_error(tool: str, exc: ValidationError) -> str:
    """Name each invalid argument and the rule it breaks."""
    lines = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"])
        lines.append(f"- {name or 'arguments'}: {_rule(error)}")
    return (
        f"Invalid arguments for {tool}; nothing was sent to the site. Fix these and call "
        "again:\n" + "\n".join(lines)
    )


def _rule(error: Any) -> str:
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not an argument of this tool; check the spelling (names are camelCase)"
    value = error.get("input")
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if kind in ("model_type", "value_error") and not error["loc"]:
        return message
    return f"{message} (got {shown})"


def describe_gensee_error(op: Operation, exc: GenseeError) -> str:
    """Describe a failed call, with the code, the site's message and the next step."""
    if isinstance(exc, ApiError):
        return f"{op.name} failed: {exc}. {_api_advice(op, exc)}"
    if isinstance(exc, TimeoutError_):
        return f"{op.name} failed: the site did not answer ({exc.message}). " + _unsure(op)
    if isinstance(exc, TransportError):
        return f"{op.name} failed: {exc.message}. " + _unsure(op)
    if isinstance(exc, ResponseFormatError):
        return (
            f"{op.name} failed: the site's response was not usable: {exc.message}. "
            + _unsure(op)
        )
    return f"{op.name} failed: {exc.message}."


def _api_advice(op: Operation, exc: ApiError) -> str:
    if exc.code in op.advice:
        return op.advice[exc.code]
    if exc.code == "501":
        return (
            f"The {op.not_found} does not exist on the site. Check it (ids come from "
            "create_room, list_rooms or the sync tools) and call again."
        )
    return CODE_ADVICE.get(exc.code, "The API reference does not list this code.")


def _unsure(op: Operation) -> str:
    if op.read_only:
        return "Nothing was changed. Try again in a moment."
    hint = f" {op.verify_hint}" if op.verify_hint else ""
    if op.idempotent:
        return "The change may or may not have been made; calling again is safe." + hint
    return (
        "The request may have reached the site before the failure, so the change may or may "
        f"not have been made. Check before calling again.{hint}"
    )
