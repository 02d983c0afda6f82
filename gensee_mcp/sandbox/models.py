"""The objects a training site stores: accounts, rooms, sessions and media.

Times are epoch milliseconds. Room, courseware and warm-up IDs are short strings; user,
record and document IDs are numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["admin", "teacher"]


@dataclass
class User:
    """An account that can call the API."""

    uid: int
    login: str
    password: str = field(repr=False)
    name: str
    role: Role
    password_expired: bool = False


@dataclass
class Room:
    """A live classroom and its settings."""

    id: str
    number: str
    subject: str
    creator: int
    start_date: int
    invalid_date: int | None = None
    teacher_token: str = ""
    assistant_token: str = ""
    student_token: str = ""
    student_client_token: str = ""
    speaker_info: str = ""
    schedule_info: str = ""
    description: str = ""
    web_join: bool = True
    client_join: bool = True
    duration: int | None = None
    ui_mode: int | None = None
    ui_color: str = "default"
    scene: int = 0
    ui_window: bool = False
    ui_video: bool = False
    upgrade: bool | None = None
    realtime: bool = False
    max_attendees: int | None = None
    warmup_id: str | None = None
    doc_id: int | None = None
    record_ids: list[int] = field(default_factory=list)
    telconf: TelephoneConference | None = None


@dataclass
class TelephoneConference:
    """The 263 telephone-conference settings of a room."""

    site_name: str | None
    site_password: str | None = field(repr=False)
    callin_support: bool | None
    callin_num: str | None
    host_passcode: str | None
    guest_passcode: str | None

    @property
    def enabled(self) -> bool:
        """Whether the settings turn the telephone conference on (name and password given)."""
        return bool(self.site_name and self.site_password)


@dataclass
class Attendance:
    """One student's visit to a session."""

    uid: int
    nickname: str
    name: str
    join_time: int
    leave_time: int
    area: str
    device: int
    ip: str
    mobile: str
    company: str


@dataclass
class Question:
    """A Q&A entry; ``answer_by`` is None while unanswered."""

    submitter: int
    name: str
    submit_time: int
    published: bool
    question: str
    answer_by: int | None = None
    response: str = ""


@dataclass
class RollcallEntry:
    """Whether one user was present at a roll call."""

    uid: int
    name: str
    present: bool


@dataclass
class Rollcall:
    """A roll call started during a session."""

    start_time: int
    end_time: int
    entries: list[RollcallEntry]


@dataclass
class VoteOption:
    """A choice of a vote question and how many users picked it."""

    value: str
    votes: int


@dataclass
class VoteAnswer:
    """One user's answer to a vote question."""

    nickname: str
    uid: int
    content: str


@dataclass
class VoteQuestion:
    """A question of a vote; ``type`` is 0 single choice, 1 multiple choice, 2 text."""

    content: str
    type: int
    options: list[VoteOption]
    answers: list[VoteAnswer]


@dataclass
class Vote:
    """A vote or survey started during a session."""

    subject: str
    start_time: int
    questions: list[VoteQuestion]


@dataclass
class ChatMessage:
    """A public chat message; public messages have receiver ID 0."""

    time: int
    sender: str
    sender_id: int
    receiver: str
    receiver_id: int
    msg: str


@dataclass
class Session:
    """One opening of a room, from start to end, with what happened in it."""

    room_id: str
    start_time: int
    end_time: int
    attendance: list[Attendance] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    rollcalls: list[Rollcall] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    chat: list[ChatMessage] = field(default_factory=list)


@dataclass
class Record:
    """A recording, made in a session or uploaded; uploads have no room or recording times."""

    id: int
    name: str
    created_time: int
    size: int
    creator: int
    room_id: str = ""
    record_start_time: int | None = None
    record_end_time: int | None = None


@dataclass
class Courseware:
    """A courseware; ``gr_type`` is 0 recording, 1 multimedia, 2 document."""

    id: str
    number: str
    subject: str
    creator: int
    created_time: int
    gr_type: int
    convert_result: int = 1
    room_id: str = ""
    record_id: int | None = None
    record_start_time: int | None = None
    record_end_time: int | None = None
    description: str = ""
    token: str = ""
    ui_mode: int | None = None
    ui_color: str = "default"
    ui_window: bool = False
    ui_video: bool = False
    auto_play: bool = True
    resource_url: str | None = None
    callback_url: str | None = None


@dataclass
class Document:
    """A server-side document; ``upload`` is True when a castmaker upload produced it."""

    id: int
    name: str
    upload: bool
    created_time: int
    resource_url: str | None = None


@dataclass
class Warmup:
    """A warm-up item; ``mode`` is the player layout 1-3."""

    id: str
    name: str
    record_id: int
    mode: int = 1


@dataclass
class CoursewareView:
    """One user's viewing of a courseware."""

    courseware_id: str
    uid: int
    name: str
    start_time: int
    leave_time: int
    device: int
    ip: str
