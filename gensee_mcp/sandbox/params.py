"""Request parameters: reading, converting and validating them as the site does.

A missing or empty required value, a broken length or range rule and an unknown enum value
raise code "101". A value that cannot be converted (a non-numeric number, an unparseable time,
a boolean other than ``true``/``false``) raises code "102".
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import zoneinfo
from collections.abc import Iterable, Sequence

from gensee_mcp.sandbox.errors import ApiError

_DIGITS = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"-?[0-9]+")
_DATE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_DATE_FORMAT = "%Y-%m-%d"
MAX_INT = 2**31 - 1
MAX_LONG = 2**63 - 1
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def describe_value(name: str, value: str) -> str:
    """Quote a parameter value for an error message, hiding anything that is a password."""
    if "password" in name.lower():
        return "(value hidden)"
    excerpt = value if len(value) <= 40 else value[:40] + "..."
    return repr(excerpt)


class Params:
    """The merged query and form parameters of one request.

    A name given more than once reads as its first value, query before form fields, as a
    Java servlet's ``getParameter`` does. ``values`` returns every occurrence.
    """

    def __init__(self, items: Iterable[tuple[str, str]], zone: zoneinfo.ZoneInfo) -> None:
        self._items = list(items)
        self.zone = zone

    def values(self, name: str) -> list[str]:
        """Return every value given for ``name``, in request order."""
        return [value for key, value in self._items if key == name]

    def raw(self, *names: str) -> str | None:
        """Return the first value of the first of ``names`` that is present."""
        for name in names:
            for key, value in self._items:
                if key == name:
                    return value
        return None

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        min_len: int | None = None,
        max_len: int | None = None,
        aliases: Sequence[str] = (),
    ) -> str | None:
        """Return a string parameter, or None when it is absent or empty."""
        value = self.raw(name, *aliases)
        if value is None or value == "":
            if required:
                raise ApiError("101", f"parameter '{name}' is required and must not be empty")
            return None
        too_short = min_len is not None and len(value) < min_len
        too_long = max_len is not None and len(value) > max_len
        if too_short or too_long:
            if min_len is None:
                rule = f"at most {max_len} characters"
            elif max_len is None:
                rule = f"at least {min_len} characters"
            else:
                rule = f"{min_len}-{max_len} characters"
            raise ApiError(
                "101", f"parameter '{name}' must be {rule} long, got {len(value)} characters"
            )
        return value

    def required_text(
        self, name: str, *, min_len: int | None = None, max_len: int | None = None
    ) -> str:
        """Return a required, non-empty string parameter."""
        value = self.text(name, required=True, min_len=min_len, max_len=max_len)
        assert value is not None
        return value

    def integer(
        self,
        name: str,
        *,
        default: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = False,
    ) -> int | None:
        """Return an int parameter checked against an inclusive range."""
        value = self.raw(name)
        if value is None or value == "":
            if required:
                raise ApiError("101", f"parameter '{name}' is required and must not be empty")
            return default
        if not _SIGNED.fullmatch(value) or abs(int(value)) > MAX_INT:
            raise ApiError(
                "102",
                f"parameter '{name}' must be an integer, got {describe_value(name, value)}",
            )
        number = int(value)
        if (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum
        ):
            if maximum is None:
                rule = f">= {minimum}"
            elif minimum is None:
                rule = f"<= {maximum}"
            else:
                rule = f"between {minimum} and {maximum}"
            raise ApiError("101", f"parameter '{name}' must be {rule}, got {number}")
        return number

    def long(self, name: str, *, required: bool = False) -> int | None:
        """Return a long (an ID) parameter."""
        value = self.raw(name)
        if value is None or value == "":
            if required:
                raise ApiError("101", f"parameter '{name}' is required and must not be empty")
            return None
        return _convert_long(name, value)

    def long_list(self, name: str) -> list[int]:
        """Return a list of longs given as repeated parameters or comma-separated values."""
        numbers: list[int] = []
        for value in self.values(name):
            for part in value.split(","):
                part = part.strip()
                if part:
                    numbers.append(_convert_long(name, part))
        return numbers

    def boolean(self, name: str, *, default: bool | None = None) -> bool | None:
        """Return a boolean parameter spelled ``true`` or ``false`` in any case."""
        value = self.raw(name)
        if value is None or value == "":
            return default
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise ApiError(
                "102",
                f"parameter '{name}' must be true or false, got {describe_value(name, value)}",
            )
        return lowered == "true"

    def choice(self, name: str, allowed: Sequence[str], *, default: str) -> str:
        """Return a string parameter that must be one of ``allowed``."""
        value = self.raw(name)
        if value is None or value == "":
            return default
        if value not in allowed:
            choices = ", ".join(allowed)
            raise ApiError(
                "101",
                f"parameter '{name}' must be one of {choices}, got {describe_value(name, value)}",
            )
        return value

    def time(self, name: str, *, required: bool = False) -> int | None:
        """Return a time parameter as epoch milliseconds.

        The value is either epoch milliseconds or ``yyyy-MM-dd HH:mm:ss`` read in the site
        time zone.
        """
        value = self.raw(name)
        if value is None or value == "":
            if required:
                raise ApiError("101", f"parameter '{name}' is required and must not be empty")
            return None
        if _DIGITS.fullmatch(value):
            return _convert_long(name, value)
        try:
            parsed = dt.datetime.strptime(value, _DATE_TIME_FORMAT)
        except ValueError:
            raise ApiError(
                "102",
                f"parameter '{name}' must be epoch milliseconds or 'yyyy-MM-dd HH:mm:ss', "
                f"got {describe_value(name, value)}",
            ) from None
        return to_epoch_ms(parsed.replace(tzinfo=self.zone))

    def day(self, name: str) -> dt.date:
        """Return a required date parameter as a calendar day in the site time zone.

        Accepted forms are ``yyyy-MM-dd``, ``yyyy-MM-dd HH:mm:ss`` and epoch milliseconds.
        """
        value = self.raw(name)
        if value is None or value == "":
            raise ApiError("101", f"parameter '{name}' is required and must not be empty")
        try:
            return dt.datetime.strptime(value, _DATE_FORMAT).date()
        except ValueError:
            pass
        epoch_ms = self.time(name, required=True)
        assert epoch_ms is not None
        return dt.datetime.fromtimestamp(epoch_ms / 1000, tz=self.zone).date()

    def url(self, name: str, *, required: bool = False) -> str | None:
        """Return an absolute http or https URL parameter."""
        value = self.text(name, required=required)
        if value is None:
            return None
        parts = urllib.parse.urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ApiError(
                "101",
                f"parameter '{name}' must be an absolute http or https URL, "
                f"got {describe_value(name, value)}",
            )
        return value


def _convert_long(name: str, value: str) -> int:
    if not _SIGNED.fullmatch(value) or abs(int(value)) > MAX_LONG:
        raise ApiError(
            "102", f"parameter '{name}' must be a whole number, got {describe_value(name, value)}"
        )
    return int(value)


def to_epoch_ms(moment: dt.datetime) -> int:
    """Convert an aware datetime to epoch milliseconds."""
    return (moment - _EPOCH) // dt.timedelta(milliseconds=1)
