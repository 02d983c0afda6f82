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

# Times accepted as input: 2000-01-01 up to the end of 2099. Earlier or later values are
# almost always a unit mistake (seconds for milliseconds, a bare yyyyMMdd number).
MIN_YEAR = 2000
MAX_YEAR = 2099
MIN_EPOCH_MS = 946_684_800_000
MAX_EPOCH_MS = 4_102_444_800_000
TIME_FORMATS_HINT = (
    "an ISO 8601 time such as 2026-12-10T09:00:00+08:00, 'yyyy-MM-dd HH:mm:ss' "
    "(site time zone), or epoch milliseconds"
)
_SPACE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DayStart(datetime):
    """A time given as a date alone: midnight at the start of that day."""


def parse_time(value: Any) -> datetime:
    """Parse a tool's time argument; a result without tzinfo is in the site's time zone."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"must be {TIME_FORMATS_HINT}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"epoch milliseconds must be a whole number, not {value}")
    if isinstance(value, int | float):
        return from_epoch_ms(int(value))

    text = value.strip()
    if text.isdigit():
        return from_epoch_ms(int(text))
    if _DATE_ONLY.match(text):
        parsed = _fromisoformat(text, value)
        _check_year(parsed, value)
        return DayStart(parsed.year, parsed.month, parsed.day)
    if _SPACE_FORMAT.match(text):
        text = text.replace(" ", "T")
    parsed = _fromisoformat(text, value)
    _check_year(parsed, value)
    return parsed


def _check_year(parsed: datetime, original: str) -> None:
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"{original!r} is outside the years {MIN_YEAR} to {MAX_YEAR}")


def _fromisoformat(text: str, original: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{original!r} is not {TIME_FORMATS_HINT}") from None


def parse_end_time(value: Any) -> datetime:
    """Parse the end of a range: a date alone means the last millisecond of that day."""
    parsed = parse_time(value)
    if isinstance(parsed, DayStart):
        return datetime(parsed.year, parsed.month, parsed.day, 23, 59, 59, 999_000)
    return parsed


def from_epoch_ms(value: int) -> datetime:
    """Convert epoch milliseconds given as an argument to an aware UTC datetime."""
    if value < 100_000_000_000:
        raise ValueError(
            f"{value} looks like epoch seconds or a date without separators; give epoch "
            "milliseconds (13 digits) or an ISO 8601 time"
        )
    if not MIN_EPOCH_MS <= value < MAX_EPOCH_MS:
        raise ValueError(
            f"epoch milliseconds {value} is outside the years {MIN_YEAR} to {MAX_YEAR}"
        )
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def to_epoch_ms(value: datetime, zone: tzinfo) -> int:
    """Convert a time to epoch milliseconds, reading a naive time in `zone`.

    Raises ValueError for a naive time that a daylight-saving change skips or repeats in
    `zone`, since the caller's meaning cannot be known.
    """
    if value.tzinfo is None:
        value = localize(value, zone)
    return round(value.timestamp() * 1000)


def localize(value: datetime, zone: tzinfo) -> datetime:
    """Attach `zone` to a naive time, refusing times that do not exist or occur twice."""
    first = value.replace(tzinfo=zone, fold=0)
    second = value.replace(tzinfo=zone, fold=1)
    shown = value.strftime("%Y-%m-%d %H:%M:%S")
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != value.replace(tzinfo=None):
            raise ValueError(
                f"{shown} does not exist in {zone} (the clocks skip it for daylight saving); "
                "give a time with an offset"
            )
        raise ValueError(
            f"{shown} occurs twice in {zone} (the clocks go back for daylight saving); "
            "give a time with an offset"
        )
    return first


def to_site_iso(value: int, zone: tzinfo) -> str:
    """Format epoch milliseconds as ISO 8601 with the site's offset."""
    try:
        return datetime.fromtimestamp(value / 1000, tz=zone).isoformat()
    except (OverflowError, OSError, ValueError):
        # A site can hold times Python cannot show (year 10000); keep the raw value visible.
        return str(value)


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
        # Some responses print times as text, which is read as ISO 8601 in the site's zone.
        # Other text would break the date-time format the output schema promises.
        try:
            parsed = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError:
            raise ValueError(
                f"{value!r} is not a time: expected epoch milliseconds or ISO 8601"
            ) from None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).isoformat()


TimeInput = Annotated[
    datetime,
    BeforeValidator(parse_time),
    WithJsonSchema({"type": "string"}),
]
"""A tool argument holding a time in any of the accepted forms."""

EndTimeInput = Annotated[
    datetime,
    BeforeValidator(parse_end_time),
    WithJsonSchema({"type": "string"}),
]
"""The end of a range: like TimeInput, but a date alone means the end of that day."""

SiteTime = Annotated[
    str | None,
    BeforeValidator(_site_time_out),
    WithJsonSchema({"type": "string", "format": "date-time"}),
    Field(default=None),
]
"""A result field: ISO 8601 with the site's offset, converted from epoch milliseconds."""
