"""One API operation as a tool: its declaration, and how its arguments reach the wire."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gensee_mcp.models.common import Wire
from gensee_mcp.times import day_bounds, to_epoch_ms

if TYPE_CHECKING:
    from gensee_mcp.client import GenseeClient
    from gensee_mcp.settings import Settings

ProgressReporter = Callable[[float, float | None, str | None], Awaitable[None]]


async def _no_progress(progress: float, total: float | None, message: str | None) -> None:
    return None


@dataclass
class CallContext:
    """Context of one tool call: the client, the settings and the progress reporter."""

    client: GenseeClient
    settings: Settings
    report_progress: ProgressReporter = _no_progress
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def zone(self) -> tzinfo:
        """The site's time zone."""
        return self.settings.zone


Handler = Callable[["Operation", CallContext, Any], Awaitable[dict[str, Any]]]
Summary = Callable[[Any], str]


@dataclass(frozen=True)
class Operation:
    """The declaration of one Training API operation, registered as one MCP tool."""

    name: str
    path: str
    title: str
    description: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    toolset: str
    read_only: bool
    destructive: bool = False
    idempotent: bool = False
    open_world: bool = False
    handler: Handler | None = None
    summary: Summary | None = None
    not_found: str = "id"
    verify_hint: str = ""
    advice: dict[str, str] = field(default_factory=dict)

    async def send(
        self, context: CallContext, args: BaseModel, **overrides: Any
    ) -> dict[str, Any]:
        """Send the arguments to the site and return the body merged over their echo.

        The echo carries the arguments in wire form under their tool names, so a result
        can repeat what the call was about (the room id, the recording ids) even when the
        site's response is only a code.
        """
        values = {**arguments_of(args), **overrides}
        form = to_form(type(args), values, context.zone)
        body = await context.client.call(self.path, form, retry=self.read_only)
        return {**echo_of(values, context.zone), **body}


def arguments_of(args: BaseModel) -> dict[str, Any]:
    """Return the given (non-None) arguments by tool name."""
    return {name: value for name, value in args if value is not None}


def wire_name(model: type[BaseModel], name: str) -> str:
    """Return the API's name for a tool argument."""
    info = model.model_fields.get(name)
    if info is not None:
        for item in info.metadata:
            if isinstance(item, Wire):
                return item.name
    return name


def to_form(model: type[BaseModel], values: dict[str, Any], zone: tzinfo) -> list[tuple[str, str]]:
    """Encode arguments as form fields; a list becomes a repeated field."""
    form: list[tuple[str, str]] = []
    for name, value in values.items():
        if value is None or name in LOCAL_ARGUMENTS:
            continue
        key = wire_name(model, name)
        items = value if isinstance(value, list | tuple) else [value]
        form.extend((key, encode_value(item, zone)) for item in items)
    return form


def encode_value(value: Any, zone: tzinfo) -> str:
    """Encode one value the way the API reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return str(to_epoch_ms(value, zone))
    if isinstance(value, date):
        return str(day_bounds(value, zone)[0])
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def echo_of(values: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    """Return the arguments in a form the result models read back."""
    echo: dict[str, Any] = {}
    for name, value in values.items():
        if name in LOCAL_ARGUMENTS:
            continue
        if isinstance(value, datetime):
            echo[name] = to_epoch_ms(value, zone)
        elif isinstance(value, date):
            echo[name] = value.isoformat()
        elif isinstance(value, list | tuple):
            echo[name] = [str(item) for item in value]
        elif isinstance(value, BaseModel | Enum):
            continue
        else:
            echo[name] = value if isinstance(value, bool | int | str | float) else str(value)
    return echo


# Arguments that shape the tool's result and are never sent to the site.
LOCAL_ARGUMENTS = frozenset({"allPages", "maxItems"})
