"""Arguments and results of the room tools (create, update, delete, get, phone conference)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from gensee_mcp.models.common import (
    Arguments,
    Count,
    Flag,
    Output,
    RoomId,
    Text,
    Time,
    Wire,
    wire_id,
)
from gensee_mcp.times import TimeInput

TOKEN_NAMES = ("teacherToken", "assistantToken", "studentToken", "studentClientToken")

# Room settings that room/info does not return. The site resets them when a modify request
# leaves them out, so update_room resends the values the room catalog recorded as last sent.
UNREPORTED_SETTINGS = (
    "duration",
    "scene",
    "uiMode",
    "uiColor",
    "uiWindow",
    "uiVideo",
    "upgrade",
    "realtime",
    "maxAttendees",
    "speakerInfo",
    "scheduleInfo",
    "description",
)


def check_subject(value: str) -> str:
    """Reject subjects that are blank or carry control characters."""
    if not value.strip():
        raise ValueError("must contain visible characters, not only spaces")
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValueError("must not contain control characters such as tabs or newlines")
    return value


Subject = Annotated[
    str,
    Field(
        min_length=1,
        max_length=250,
        description="Room subject, unique on the site.",
    ),
    AfterValidator(check_subject),
]
StartDate = Annotated[
    TimeInput,
    Field(description="Start time; ISO 8601 or epoch ms."),
]
InvalidDate = Annotated[
    TimeInput | None,
    Field(default=None, description="Expiry time, not before startDate."),
]
TeacherToken = Annotated[
    str | None,
    Field(
        default=None,
        min_length=6,
        max_length=15,
        description="Teacher token; if omitted, generated (create) or kept (update).",
    ),
]
AssistantToken = Annotated[
    str | None,
    Field(
        default=None,
        min_length=6,
        max_length=15,
        description="Assistant token; if omitted, generated (create) or kept (update).",
    ),
]
StudentToken = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=15,
        description="Web student token.",
    ),
]
StudentClientToken = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Client student token. The four tokens must differ.",
    ),
]
LongText = Annotated[str | None, Field(default=None)]


class RoomSettings(Arguments):
    """Settings shared by create_room and update_room; None means not given."""

    invalidDate: InvalidDate
    duration: Annotated[
        int | None, Field(default=None, ge=1, le=10080, description="Length, minutes.")
    ]
    teacherToken: TeacherToken
    assistantToken: AssistantToken
    studentToken: StudentToken
    studentClientToken: StudentClientToken
    speakerInfo: Annotated[LongText, Field(description="Teacher introduction.")]
    scheduleInfo: Annotated[LongText, Field(description="Course introduction.")]
    description: Annotated[LongText, Field(description="Room introduction.")]
    webJoin: Annotated[
        bool | None, Field(default=None, description="Web students may join. Default true.")
    ]
    clientJoin: Annotated[
        bool | None,
        Field(
            default=None,
            description="Client students may join. Default true; not both false with webJoin.",
        ),
    ]
    uiMode: Annotated[
        Literal[1, 2, 3, 4] | None,
        Field(
            default=None,
            description="Web layout: 1 three-pane, 2 document/video main, 3 two-pane, "
            "4 interactive.",
        ),
    ]
    uiColor: Annotated[
        Literal["default", "blue", "green"] | None,
        Field(default=None, description="Three-pane colour. Default 'default'."),
    ]
    scene: Annotated[
        Literal[0, 1] | None,
        Field(default=None, description="0 large lecture (default), 1 small class."),
    ]
    uiWindow: Annotated[
        bool | None,
        Field(default=None, description="Small window (uiMode 2). Default false."),
    ]
    uiVideo: Annotated[
        bool | None,
        Field(default=None, description="Video as main view (uiMode 2). Default false."),
    ]
    upgrade: Annotated[
        bool | None, Field(default=None, description="Web students may switch to the client.")
    ]
    realtime: Annotated[
        bool | None, Field(default=None, description="Real-time room. Default false.")
    ]
    maxAttendees: Annotated[
        int | None,
        Field(
            default=None,
            ge=0,
            le=100_000,
            description="Max concurrent attendees, if the site allows setting it.",
        ),
    ]

    @model_validator(mode="after")
    def _check_rules(self) -> RoomSettings:
        if self.webJoin is False and self.clientJoin is False:
            raise ValueError(
                "webJoin and clientJoin cannot both be false: nobody could join; "
                "set one of them to true"
            )
        tokens = [(name, getattr(self, name)) for name in TOKEN_NAMES if getattr(self, name)]
        seen: dict[str, str] = {}
        for name, value in tokens:
            if value in seen:
                raise ValueError(
                    f"{seen[value]} and {name} must differ: the four join tokens must be "
                    "distinct; choose another value for one of them"
                )
            seen[value] = name
        start = getattr(self, "startDate", None)
        if start is not None and self.invalidDate is not None:
            check_order(start, self.invalidDate, "startDate", "invalidDate")
        return self


def check_order(start: datetime, end: datetime, start_name: str, end_name: str) -> None:
    """Raise when `end` is before `start`, comparing naive times as site-local."""
    if (start.tzinfo is None) == (end.tzinfo is None) and end < start:
        raise ValueError(f"{end_name} must not be before {start_name}")


class CreateRoomArgs(RoomSettings):
    """Arguments of create_room."""

    subject: Subject
    startDate: StartDate


class UpdateRoomArgs(RoomSettings):
    """Arguments of update_room: only the given settings change."""

    roomId: Annotated[RoomId, Wire("Id")]
    subject: Annotated[
        Annotated[str, Field(min_length=1, max_length=250), AfterValidator(check_subject)] | None,
        Field(default=None, description="New subject, unique on the site."),
    ]
    startDate: Annotated[
        TimeInput | None,
        Field(
            default=None,
            description="New start time; ISO 8601 or epoch ms.",
        ),
    ]


class RoomIdArgs(Arguments):
    """Arguments naming one room."""

    roomId: RoomId


class Room(Output):
    """A room as the site describes it."""

    roomId: Text = wire_id("roomId", "id")
    number: Text
    subject: Text
    startDate: Time
    invalidDate: Time
    duration: Count
    scene: Count
    webJoin: Flag
    clientJoin: Flag
    teacherToken: Text
    assistantToken: Text
    studentToken: Text
    studentClientToken: Text
    teacherJoinUrl: Text
    studentJoinUrl: Text


class RoomWithWarnings(Room):
    """A created or updated room, with schedule warnings."""

    warnings: list[str] = Field(default_factory=list)


class RoomDeleted(Output):
    """Acknowledgement of delete_room."""

    roomId: Text
    deleted: bool = True


class PhoneConferenceArgs(Arguments):
    """Arguments of configure_phone_conference."""

    roomId: RoomId
    siteName: Annotated[
        str | None,
        Field(
            default=None,
            min_length=1,
            max_length=100,
            description="263 account name; omit with sitePassword to turn off.",
        ),
    ]
    sitePassword: Annotated[
        str | None,
        Field(default=None, min_length=1, max_length=100, description="263 account password."),
    ]
    callinSupport: Annotated[bool | None, Field(default=None, description="Allow dialling in.")]
    callinNum: Annotated[
        str | None, Field(default=None, max_length=40, description="Dial-in number.")
    ]
    hostPasscode: Annotated[
        str | None, Field(default=None, max_length=40, description="Host passcode.")
    ]
    guestPasscode: Annotated[
        str | None, Field(default=None, max_length=40, description="Attendee passcode.")
    ]

    @model_validator(mode="after")
    def _both_or_neither(self) -> PhoneConferenceArgs:
        if (self.siteName is None) != (self.sitePassword is None):
            raise ValueError(
                "give both siteName and sitePassword to turn the phone conference on, or "
                "neither to turn it off"
            )
        return self


class PhoneConferenceSet(Output):
    """Acknowledgement of configure_phone_conference."""

    roomId: Text
    enabled: bool = False
    callinSupport: Flag
    callinNum: Text
