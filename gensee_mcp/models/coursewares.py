"""Arguments and results of the courseware tools and the paged courseware sync."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from gensee_mcp.models.common import (
    AllPages,
    Arguments,
    Count,
    CoursewareId,
    MaxItems,
    Output,
    PagedListing,
    PageNo,
    RangeEnd,
    RangeStart,
    Text,
    Time,
    Wire,
    wire_id,
)
from gensee_mcp.models.rooms import check_order


class CoursewareIdArgs(Arguments):
    """Arguments naming one courseware."""

    coursewareId: CoursewareId


class UpdateCoursewareArgs(Arguments):
    """Arguments of update_courseware: only the given settings change."""

    coursewareId: Annotated[CoursewareId, Wire("id")]
    subject: Annotated[
        str | None,
        Field(default=None, min_length=1, max_length=250, description="New name."),
    ]
    token: Annotated[
        str | None,
        Field(
            default=None,
            max_length=15,
            description="Viewing password; empty string removes it. Kept if omitted.",
        ),
    ]
    uiMode: Annotated[
        Literal[1, 2, 3, 4] | None,
        Field(
            default=None,
            description="Layout: 1 three-pane, 2 document/video main, "
            "3 two-pane, 4 interactive. Site default if omitted.",
        ),
    ]
    uiColor: Annotated[
        Literal["default", "blue", "green"] | None,
        Field(default=None, description="Three-pane colour. Default 'default'."),
    ]
    uiWindow: Annotated[
        bool | None,
        Field(default=None, description="Small window (uiMode 2). Default false."),
    ]
    uiVideo: Annotated[
        bool | None,
        Field(default=None, description="Video as main view (uiMode 2). Default false."),
    ]
    autoPlay: Annotated[
        bool | None, Field(default=None, description="Autoplay (uiMode 2). Default true.")
    ]


class Courseware(Output):
    """A recorded courseware."""

    coursewareId: Text = wire_id("coursewareId", "id")
    number: Text
    subject: Text
    roomId: Text
    url: Text
    token: Text
    description: Text
    recordId: Text
    creator: Text
    screenshot: Text


class RoomCoursewares(Output):
    """The coursewares recorded in one room."""

    roomId: Text
    count: int = 0
    coursewares: list[Courseware] = Field(default_factory=list)


class CoursewareUpdated(Courseware):
    """A courseware after update_courseware."""


class CoursewareDeleted(Output):
    """Acknowledgement of delete_courseware."""

    coursewareId: Text
    deleted: bool = True


class SyncArgs(Arguments):
    """Arguments of a paged sync filtered by creation time."""

    pageNo: PageNo
    startTime: RangeStart
    endTime: RangeEnd
    allPages: AllPages
    maxItems: MaxItems

    @model_validator(mode="after")
    def _check_range(self) -> SyncArgs:
        if self.startTime is not None and self.endTime is not None:
            check_order(self.startTime, self.endTime, "startTime", "endTime")
        return self


class SyncedCourseware(Output):
    """A courseware in the site-wide sync."""

    coursewareId: Text = wire_id("coursewareId", "id")
    number: Text
    subject: Text
    roomId: Text
    url: Text
    token: Text
    description: Text
    recordId: Text
    creator: Text
    createTime: Time
    recordStartTime: Time
    recordEndTime: Time
    grType: Count
    convertResult: Count


class CoursewarePage(PagedListing):
    """One page of the site's coursewares."""

    coursewares: list[SyncedCourseware] = Field(default_factory=list, validation_alias="list")


def _day_text(value: Any) -> Any:
    """Accept a day only as yyyy-MM-dd text, so a number is not read as a timestamp."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("must be a day written yyyy-MM-dd, such as 2026-12-03")
    return value.strip()


class CoursewareViewsArgs(Arguments):
    """Arguments of export_courseware_views."""

    date: Annotated[
        date,
        BeforeValidator(_day_text),
        WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
        Field(description="Day to export, yyyy-MM-dd, in the site's time zone."),
    ]
    hour: Annotated[
        int | None,
        Field(default=None, ge=0, le=23, description="Hour 0-23; whole day if omitted."),
    ]
    pageNo: PageNo
    allPages: AllPages
    maxItems: MaxItems


class CoursewareView(Output):
    """One viewing of a courseware."""

    coursewareId: Text = wire_id("coursewareId", "id")
    uid: Text
    name: Text
    startTime: Time
    leaveTime: Time
    duration: Text
    device: Count
    ip: Text


class CoursewareViewsPage(PagedListing):
    """One page of courseware viewings."""

    views: list[CoursewareView] = Field(default_factory=list)
