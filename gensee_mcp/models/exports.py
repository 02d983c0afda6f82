"""Arguments and results of the class report exports."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from gensee_mcp.models.common import (
    Arguments,
    Count,
    Flag,
    IdText,
    Listing,
    Output,
    RangeEnd,
    RangeStart,
    RoomId,
    Text,
    Time,
    wire_id,
)
from gensee_mcp.models.rooms import check_order
from gensee_mcp.times import EndTimeInput, TimeInput

MAX_RANGE_DAYS = 92
DEFAULT_ROWS = 50
MAX_ROWS = 2000

ExportMaxItems = Annotated[
    int,
    Field(
        default=DEFAULT_ROWS,
        ge=1,
        le=MAX_ROWS,
        description="Max rows returned.",
    ),
]


class ExportArgs(Arguments):
    """Arguments of an export over one room and an optional time range."""

    roomId: RoomId
    startTime: RangeStart
    endTime: RangeEnd
    maxItems: ExportMaxItems

    @model_validator(mode="after")
    def _check_range(self) -> ExportArgs:
        check_range(self.startTime, self.endTime, required=False)
        return self


class RoomUsageArgs(Arguments):
    """Arguments of export_room_usage."""

    roomId: Annotated[
        IdText | None, Field(default=None, description="Room id; all rooms if omitted.")
    ]
    startTime: Annotated[
        TimeInput,
        Field(description="Sessions ending at or after this time; ISO 8601 or epoch ms."),
    ]
    endTime: Annotated[
        EndTimeInput,
        Field(description="Sessions ending at or before this time; a date alone means its end."),
    ]
    maxItems: ExportMaxItems

    @model_validator(mode="after")
    def _check_range(self) -> RoomUsageArgs:
        check_range(self.startTime, self.endTime, required=True)
        return self


def check_range(start: Any, end: Any, *, required: bool) -> None:
    """Apply the rules shared by every export range."""
    if (start is None) != (end is None):
        raise ValueError("give both startTime and endTime, or neither for the most recent session")
    if start is None or end is None:
        return
    check_order(start, end, "startTime", "endTime")
    same_kind = (start.tzinfo is None) == (end.tzinfo is None)
    if same_kind and (end - start).total_seconds() > MAX_RANGE_DAYS * 86400:
        raise ValueError(
            f"the range from startTime to endTime may span at most {MAX_RANGE_DAYS} days; "
            "narrow it or make several calls"
        )


class Rows(Listing):
    """Common fields of an export result."""

    roomId: Text
    startTime: Time
    endTime: Time
    total: int = 0


class Attendance(Output):
    """One attendee's visit."""

    uid: Text
    name: Text
    nickname: Text
    joinTime: Time
    leaveTime: Time
    device: Count
    area: Text
    ip: Text
    mobile: Text
    company: Text


class AttendanceExport(Rows):
    """Result of export_attendance."""

    attendance: list[Attendance] = Field(default_factory=list)


class Question(Output):
    """One Q&A question."""

    submitter: Text
    name: Text
    question: Text
    submitTime: Time
    answerBy: Text
    response: Text
    published: Flag


class QaExport(Rows):
    """Result of export_qa."""

    questions: list[Question] = Field(default_factory=list)


class RollcallUser(Output):
    """One user in a roll call."""

    id: Text
    name: Text
    present: Flag


class Rollcall(Output):
    """One roll call."""

    startTime: Time
    endTime: Time
    total: Count
    present: Count
    absent: Count
    users: list[RollcallUser] = Field(default_factory=list)


class RollcallExport(Rows):
    """Result of export_rollcall."""

    rollcalls: list[Rollcall] = Field(default_factory=list)


class VoteOption(Output):
    """One option of a vote question."""

    value: Text
    percentage: float | None = wire_id("percentage", "precentage")
    result: Text
    type: Count


class VoteAnswer(Output):
    """One attendee's answer."""

    nickName: Text
    uid: Text
    content: Text


class VoteQuestion(Output):
    """One question of a vote or survey."""

    content: Text
    options: list[VoteOption] = Field(default_factory=list)
    results: list[VoteAnswer] = Field(default_factory=list)


class Vote(Output):
    """One vote or survey."""

    subject: Text
    questions: list[VoteQuestion] = Field(default_factory=list)


class VoteExport(Rows):
    """Result of export_votes."""

    votes: list[Vote] = Field(default_factory=list)


class ChatMessage(Output):
    """One public chat message."""

    time: Time
    sender: Text
    senderId: Text
    receiver: Text
    receiverId: Text
    msg: Text


class ChatExport(Rows):
    """Result of export_chat."""

    messages: list[ChatMessage] = Field(default_factory=list)


class RoomSession(Output):
    """One session of a room."""

    roomId: Text = wire_id("roomId", "id")
    startTime: Time
    endTime: Time


class RoomUsageExport(Rows):
    """Result of export_room_usage."""

    sessions: list[RoomSession] = Field(default_factory=list)
