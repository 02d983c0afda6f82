"""Building blocks shared by the tool models: wire names, argument bases, common fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from gensee_mcp.times import EndTimeInput, SiteTime, TimeInput


@dataclass(frozen=True)
class Wire:
    """The API's name for an argument whose tool name differs (`roomId` sent as `Id`)."""

    name: str


class Arguments(BaseModel):
    """Base of every tool's arguments: unknown names are rejected, not ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True)


class Output(BaseModel):
    """Base of every tool's result: fields the site adds beyond the reference are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)


def _flag(value: Any) -> Any:
    """Read the API's `"true"`/`"false"` strings as booleans."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
    return value


def _text(value: Any) -> Any:
    """Read ids and numbers the API types inconsistently (long or String) as strings."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _count(value: Any) -> Any:
    """Read counts the API may send as strings."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def wire_id(*names: str) -> Any:
    """Return a result field that reads an id under any of the API's names for it."""
    return Field(default=None, validation_alias=AliasChoices(*names))


Flag = Annotated[bool | None, BeforeValidator(_flag), Field(default=None)]
"""A result's true/false value, sent by the API as a boolean or a string."""

Text = Annotated[str | None, BeforeValidator(_text), Field(default=None)]
"""A result's text or id value, sent by the API as a string or a number."""

Count = Annotated[int | None, BeforeValidator(_count), Field(default=None)]
"""A result's whole number, sent by the API as a number or a string."""

Time = SiteTime

MAX_ID_LENGTH = 64


def _check_id_length(value: str) -> str:
    # Ids are opaque short strings. This bound only stops pasted text from reaching the
    # site, so it is enforced here without being advertised in every schema.
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"is longer than any id the site issues ({MAX_ID_LENGTH} characters)")
    return value


IdText = Annotated[str, Field(min_length=1), AfterValidator(_check_id_length)]
"""An id argument: non-empty, and no longer than any id the site issues."""

RoomId = Annotated[IdText, Field(description="Room id (not number).")]
CoursewareId = Annotated[IdText, Field(description="Courseware id.")]
WarmupId = Annotated[IdText, Field(description="Warm-up id.")]
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1, description="Recording id (sync_records).")]
DocId = Annotated[int, Field(ge=1, le=2**63 - 1, description="Document id (sync_documents).")]
PageNo = Annotated[int, Field(default=1, ge=1, description="Page, from 1; 50 rows each.")]
RangeStart = Annotated[
    TimeInput | None,
    Field(
        default=None,
        description="Start, inclusive; ISO 8601 or epoch ms.",
    ),
]
RangeEnd = Annotated[
    EndTimeInput | None,
    Field(
        default=None,
        description="End, inclusive; a date alone means its end.",
    ),
]

MaxItems = Annotated[
    int | None,
    Field(
        default=None,
        ge=1,
        le=5000,
        description="Max rows; default 20, or 500 with allPages.",
    ),
]
AllPages = Annotated[
    bool,
    Field(
        default=False,
        description="Fetch every page from pageNo on.",
    ),
]


class FailedPage(Output):
    """A page that could not be fetched during an all-pages sync."""

    pageNo: Count
    error: Text


class Page(Output):
    """Paging information of a paged sync."""

    pageNo: Count
    totalPages: Count
    totalCounts: Count


class Listing(Output):
    """Row counts and the note on how to get more, shared by list results.

    These fields are left out of the published result schemas: they speak for themselves
    in each result, and would cost context on every tools/list.
    """

    count: SkipJsonSchema[int] = 0
    truncated: SkipJsonSchema[bool] = False
    note: SkipJsonSchema[str | None] = None


class PagedListing(Listing):
    """A list result of a paged sync, which may span several pages."""

    page: SkipJsonSchema[Page | None] = None
    throughPage: SkipJsonSchema[int | None] = None
    failedPages: SkipJsonSchema[list[FailedPage] | None] = None


__all__ = [
    "AllPages",
    "Arguments",
    "Count",
    "CoursewareId",
    "DocId",
    "FailedPage",
    "Flag",
    "IdText",
    "Listing",
    "MaxItems",
    "Output",
    "Page",
    "PageNo",
    "PagedListing",
    "RangeEnd",
    "RangeStart",
    "RecordId",
    "RoomId",
    "Text",
    "Time",
    "WarmupId",
    "Wire",
    "wire_id",
]
