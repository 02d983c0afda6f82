"""Arguments and results of list_rooms and list_coursewares, which page through listings."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from gensee_mcp.models.common import Arguments, IdText, Output
from gensee_mcp.models.coursewares import SyncedCourseware
from gensee_mcp.models.rooms import check_order
from gensee_mcp.times import EndTimeInput, TimeInput

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

Limit = Annotated[
    int,
    Field(
        default=DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description="Items per page.",
    ),
]
Offset = Annotated[
    int,
    Field(
        default=0,
        ge=0,
        description="Items to skip: the last nextOffset.",
    ),
]
SubjectContains = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=250,
        description="Subject contains this text (any case).",
    ),
]


class ListRoomsArgs(Arguments):
    """Arguments of list_rooms."""

    startTime: Annotated[
        TimeInput | None,
        Field(
            default=None,
            description="Only rooms starting at or after this time; ISO 8601 or epoch ms.",
        ),
    ]
    endTime: Annotated[
        EndTimeInput | None,
        Field(
            default=None,
            description="Only rooms starting by this time; a date alone means its end.",
        ),
    ]
    subject: SubjectContains
    includePast: Annotated[
        bool | None,
        Field(
            default=None,
            description="Also list rooms that have ended. Default false, or true with startTime.",
        ),
    ]
    includeRemoved: Annotated[
        bool, Field(default=False, description="Also list rooms deleted from the site.")
    ]
    limit: Limit
    offset: Offset

    @model_validator(mode="after")
    def _check_window(self) -> ListRoomsArgs:
        if self.startTime is not None and self.endTime is not None:
            check_order(self.startTime, self.endTime, "startTime", "endTime")
        return self


class ListedRoom(Output):
    """A room of the catalog; times are ISO 8601 in the site's time zone."""

    roomId: str
    number: str | None = None
    subject: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    invalidDate: str | None = None
    duration: int | None = None
    scene: int | None = None
    status: str
    teacherJoinUrl: str | None = None
    studentJoinUrl: str | None = None
    lastSeen: str | None = None
    removed: bool = False


class RoomList(Output):
    """One page of list_rooms."""

    count: int
    total: int
    offset: int
    nextOffset: int | None = None
    rooms: list[ListedRoom] = Field(default_factory=list)
    note: str | None = None


class ListCoursewaresArgs(Arguments):
    """Arguments of list_coursewares."""

    startTime: Annotated[
        TimeInput | None,
        Field(
            default=None,
            description="Only coursewares created at or after this time; ISO 8601 or epoch ms.",
        ),
    ]
    endTime: Annotated[
        EndTimeInput | None,
        Field(
            default=None,
            description="Only coursewares created by this time; a date alone means its end.",
        ),
    ]
    subject: SubjectContains
    roomId: Annotated[
        IdText | None, Field(default=None, description="Only coursewares recorded in this room.")
    ]
    limit: Limit
    offset: Offset

    @model_validator(mode="after")
    def _check_window(self) -> ListCoursewaresArgs:
        if self.startTime is not None and self.endTime is not None:
            check_order(self.startTime, self.endTime, "startTime", "endTime")
        return self


class CoursewareList(Output):
    """One page of list_coursewares, newest first."""

    count: int
    total: int
    offset: int
    nextOffset: int | None = None
    coursewares: list[SyncedCourseware] = Field(default_factory=list)
    note: str | None = None
