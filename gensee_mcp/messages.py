"""Error messages for the assistant: what failed, why, and what to change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from gensee_mcp.errors import (
    ApiError,
    GenseeError,
    HeldError,
    ResponseFormatError,
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
    if kind in ("model_type", "value_error") and not error["loc"]:
        return message
    shown = _shown(error.get("input"))
    if shown in message:
        return message
    return f"{message} (got {shown})"


def _shown(value: Any) -> str:
    """Return a value's repr, cut to 60 characters."""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return shown


def describe_gensee_error(op: Operation, exc: GenseeError) -> str:
    """Describe a failed call, with the code, the site's message and the next step."""
    if isinstance(exc, HeldError):
        return _describe_held(op, exc)
    failed = f"{op.name} failed"
    if exc.attempts > 1:
        failed += f" after {exc.attempts} attempts"
    if isinstance(exc, ApiError):
        if exc.code == "300" and not op.read_only:
            return f"{failed}: {exc}. The site had an internal error. " + _unsure(op, exc)
        return f"{failed}: {exc}. {_api_advice(op, exc)}"
    if isinstance(exc, TransportError):
        if exc.status is not None and exc.status < 500:
            return (
                f"{failed}: {exc.message.rstrip('.')}. Nothing was changed. The address may be "
                "wrong: ask the person who installed the server to check GENSEE_SITE."
            )
        return f"{failed}: {exc.message.rstrip('.')}. " + _unsure(op, exc)
    if isinstance(exc, ResponseFormatError):
        return (
            f"{failed}: the site's response was not usable: {exc.message.rstrip('.')}. "
            + _unsure(op, exc)
        )
    return f"{failed}: {exc.message.rstrip('.')}."


def describe_bad_response(op: Operation, exc: ValidationError) -> str:
    """Describe a response with code 0 whose field has the wrong type, quoting the field."""
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "body"
    problem = str(error["msg"]).removeprefix("Value error, ")
    shown = _shown(error.get("input"))
    if shown not in problem:
        problem += f" (got {shown})"
    invalid = f"the site's response has an invalid value in the field {field!r}: {problem}"
    if op.read_only:
        return (
            f"{op.name} failed: {invalid}. Nothing is wrong with your arguments and nothing "
            "was changed; the site may be faulty or may have changed its format. Try again "
            "later, and tell the user if it keeps happening."
        )
    hint = f" {op.verify_hint}" if op.verify_hint else ""
    return (
        f"{op.name} failed: the site reported success (code 0), so the change was most likely "
        f"made, but {invalid}. Check before calling {op.name} again.{hint}"
    )


def _describe_held(op: Operation, exc: HeldError) -> str:
    when = "Less than a second ago" if exc.age < 1 else f"{exc.age:.0f} s ago"
    if exc.cause.code == "600":
        held = f"calls to this interface are held for {exc.hold:g} s after that"
    else:
        held = (
            f"every call is held for {exc.hold:g} s after that so that repeated attempts "
            "cannot lock the account"
        )
    advice = _api_advice(op, exc.cause)
    return f"{op.name} was not sent to the site. {when}, {exc.cause}, and {held}. {advice}"


def _api_advice(op: Operation, exc: ApiError) -> str:
    if exc.code in op.advice:
        return op.advice[exc.code]
    if exc.code == "501":
        return f"The {op.not_found} does not exist on the site. Check it and call again."
    return CODE_ADVICE.get(exc.code, "The API reference does not list this code.")


def _unsure(op: Operation, exc: GenseeError | None = None) -> str:
    if op.read_only:
        return "Nothing was changed. Try again in a moment."
    if exc is not None and exc.operation != op.path:
        return (
            f"Nothing was changed: reading the current values ({exc.operation}) failed before "
            "the change was sent. Try again in a moment."
        )
    if isinstance(exc, TransportError) and not exc.sent:
        return "Nothing was changed: the request never reached the site. Try again in a moment."
    hint = f" {op.verify_hint}" if op.verify_hint else ""
    if op.idempotent:
        return "The change may or may not have been made; calling again is safe." + hint
    return (
        "The request may have reached the site before the failure, so the change may or may "
        f"not have been made. Check before calling again.{hint}"
    )
