"""Time values: what tools accept, what the API sends and receives, and what results show.

The API sends times as epoch milliseconds. Tool arguments accept ISO 8601 (with or without
an offset), `yyyy-MM-dd HH:mm:ss` and epoch milliseconds; a time without an offset is read
in the site's time zone (GENSEE_TIMEZONE) when the request is built.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema

# Epoch milliseconds accepted as input: 1970-01-01 up to 2100-01-01.
MAX_EPOCH_MS = 4_102_444_800_000
TIME_FORMATS_HINT = (
    "an ISO 8601 time such as 2026-12-10T09:00:00+08:00, 'yyyy-MM-dd HH:mm:ss' "
    "(site time zone), or epoch milliseconds"
)
_SPACE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")


def parse_time(value: Any) -> datetime:
    """Parse a tool's time argument; a result without tzinfo is in the site's time zone."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool):
        raise ValueError(f"must be {TIME_FORMATS_HINT}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch_ms(int(value))
    if not isinstance(value, str):
        raise ValueError(f"must be {TIME_FORMATS_HINT}")
    text = value.strip()
    if text.isdigit():
        return from_epoch_ms(int(text))
    if _SPACE_FORMAT.match(text):
        text = text.replace(" ", "T")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not {TIME_FORMATS_HINT}") from None


def from_epoch_ms(value: int) -> datetime:
    """Convert epoch milliseconds to an aware UTC datetime."""
    if not 0 <= value <= MAX_EPOCH_MS:
        raise ValueError(f"epoch milliseconds {value} is outside 1970-01-01 to 2100-01-01")
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def to_epoch_ms(value: datetime, zone: tzinfo) -> int:
    """Convert a time to epoch milliseconds, reading a naive time in `zone`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return round(value.timestamp() * 1000)


def to_site_iso(value: int, zone: tzinfo) -> str:
    """Format epoch milliseconds as ISO 8601 with the site's offset."""
    return datetime.fromtimestamp(value / 1000, tz=zone).isoformat()


def day_bounds(day: date, zone: tzinfo) -> tuple[int, int]:
    """Return the first and last epoch millisecond of a calendar day in `zone`."""
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = start + timedelta(days=1)
    return to_epoch_ms(start, zone), to_epoch_ms(end, zone) - 1


def _site_time_out(value: Any, info: ValidationInfo) -> Any:
    """Turn a response's epoch milliseconds into ISO 8601 in the site's zone."""
    if value is None or value == "":
        return None
    zone = (info.context or {}).get("zone", UTC)
    if isinstance(value, bool):
        raise ValueError("expected epoch milliseconds, got a boolean")
    if isinstance(value, int | float):
        return to_site_iso(int(value), zone)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return to_site_iso(int(value), zone)
    if isinstance(value, str):
        # Some responses print times as text; keep them readable rather than failing.
        return parse_time(value).replace(tzinfo=None).replace(tzinfo=zone).isoformat()
    raise ValueError(f"expected epoch milliseconds, got {type(value).__name__}")


TimeInput = Annotated[
    datetime,
    BeforeValidator(parse_time),
    WithJsonSchema({"type": "string"}),
]
"""A tool argument holding a time in any of the accepted forms."""

SiteTime = Annotated[
    str | None,
    BeforeValidator(_site_time_out),
    WithJsonSchema({"type": "string", "format": "date-time"}),
    Field(default=None),
]
"""A result field: ISO 8601 with the site's offset, converted from epoch milliseconds."""
