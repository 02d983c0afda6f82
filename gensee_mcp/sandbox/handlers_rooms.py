"""Room operations: create, modify, delete, get (5.1-5.4) and telephone settings (5.30).

Numbers such as 5.1 are the operation numbers of Gensee's Training JSON API reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from gensee_mcp.sandbox.errors import ApiError
from gensee_mcp.sandbox.models import Room, TelephoneConference
from gensee_mcp.sandbox.operations import Call, Operation, Payload, compact
from gensee_mcp.sandbox.params import Params

UI_COLORS = ("blue", "default", "green")
TOKEN_NAMES = ("teacherToken", "assistantToken", "studentToken", "studentClientToken")


@dataclass
class RoomInput:
    """The room settings of a create or modify request, validated.

    A token is None when the request leaves it empty. Every other omitted setting has its
    default, because a modify request replaces all settings.
    """

    subject: str
    start_date: int
    invalid_date: int | None
    tokens: dict[str, str | None]
    speaker_info: str
    schedule_info: str
    description: str
    web_join: bool
    client_join: bool
    duration: int | None
    ui_mode: int | None
    ui_color: str
    scene: int
    ui_window: bool
    ui_video: bool
    upgrade: bool | None
    realtime: bool
    max_attendees: int | None


def read_room_input(params: Params, concurrency_feature: bool) -> RoomInput:
    """Validate the settings shared by 5.1 and 5.2; raises code "101" or "102"."""
    subject = params.required_text("subject", min_len=1, max_len=250)
    start_date = params.time("startDate", required=True)
    assert start_date is not None
    invalid_date = params.time("invalidDate")
    if invalid_date is not None and invalid_date < start_date:
        raise ApiError("101", "parameter 'invalidDate' must not be before startDate")

    tokens = {
        "teacherToken": params.text("teacherToken", min_len=6, max_len=15),
        "assistantToken": params.text("assistantToken", min_len=6, max_len=15),
        "studentToken": params.text("studentToken", max_len=15),
        "studentClientToken": params.text("studentClientToken"),
    }

    web_join = params.boolean("webJoin", default=True)
    client_join = params.boolean("clientJoin", default=True)
    # The spec gives both their default (true) when both are false, without an error.
    if not web_join and not client_join:
        web_join = client_join = True

    realtime_name = "realtime" if params.raw("realtime") is not None else "realTime"
    max_attendees = params.integer("maxAttendees", minimum=0)
    return RoomInput(
        subject=subject,
        start_date=start_date,
        invalid_date=invalid_date,
        tokens=tokens,
        speaker_info=params.text("speakerInfo") or "",
        schedule_info=params.text("scheduleInfo") or "",
        description=params.text("description") or "",
        web_join=bool(web_join),
        client_join=bool(client_join),
        duration=params.integer("duration", minimum=0),
        ui_mode=params.integer("uiMode", minimum=1, maximum=4),
        ui_color=params.choice("uiColor", UI_COLORS, default="default"),
        scene=_required_int(params.integer("scene", default=0, minimum=0, maximum=1)),
        ui_window=bool(params.boolean("uiWindow", default=False)),
        ui_video=bool(params.boolean("uiVideo", default=False)),
        upgrade=params.boolean("upgrade"),
        realtime=bool(params.boolean(realtime_name, default=False)),
        max_attendees=max_attendees if concurrency_feature else None,
    )


def _required_int(value: int | None) -> int:
    assert value is not None
    return value


def check_token_clashes(tokens: dict[str, str | None]) -> None:
    """Raise code "502" when two of the given tokens are equal."""
    set_tokens = [(name, value) for name, value in tokens.items() if value]
    clashes = [
        f"{first} and {second}"
        for index, (first, value) in enumerate(set_tokens)
        for second, other in set_tokens[index + 1 :]
        if value == other
    ]
    if clashes:
        raise ApiError(
            "502", f"tokens must differ from each other: {', '.join(clashes)} are equal"
        )


def check_subject_unique(call: Call, subject: str, room_id: str | None = None) -> None:
    """Raise code "502" when another room already has this subject (case-sensitive)."""
    for room in call.store.rooms.values():
        if room.subject == subject and room.id != room_id:
            raise ApiError("502", f"a room with subject {subject!r} already exists: {room.id}")


def fill_tokens(call: Call, tokens: dict[str, str | None]) -> dict[str, str]:
    """Generate the empty teacher, assistant and student tokens as distinct 6-digit numbers."""
    filled = {name: value or "" for name, value in tokens.items()}
    used_tokens = {value for value in filled.values() if value}
    for name in ("teacherToken", "assistantToken", "studentToken"):
        if not filled[name]:
            filled[name] = call.store.new_token(used_tokens)
            used_tokens.add(filled[name])
    return filled


def apply_room_input(room: Room, data: RoomInput, tokens: dict[str, str]) -> None:
    """Copy validated settings and tokens into a room."""
    room.subject = data.subject
    room.start_date = data.start_date
    room.invalid_date = data.invalid_date
    room.teacher_token = tokens["teacherToken"]
    room.assistant_token = tokens["assistantToken"]
    room.student_token = tokens["studentToken"]
    room.student_client_token = tokens["studentClientToken"]
    room.speaker_info = data.speaker_info
    room.schedule_info = data.schedule_info
    room.description = data.description
    room.web_join = data.web_join
    room.client_join = data.client_join
    room.duration = data.duration
    room.ui_mode = data.ui_mode
    room.ui_color = data.ui_color
    room.scene = data.scene
    room.ui_window = data.ui_window
    room.ui_video = data.ui_video
    room.upgrade = data.upgrade
    room.realtime = data.realtime
    room.max_attendees = data.max_attendees


def room_summary(call: Call, room: Room) -> Payload:
    """Return the room fields that 5.1 and 5.4 have in common."""
    return compact(
        {
            "id": room.id,
            "number": room.number,
            "assistantToken": room.assistant_token,
            "studentToken": room.student_token,
            "teacherToken": room.teacher_token,
            "studentClientToken": room.student_client_token or None,
            "startDate": room.start_date,
            "invalidDate": room.invalid_date,
            "webJoin": room.web_join,
            "clientJoin": room.client_join,
            "teacherJoinUrl": call.join_url("r", room.number),
            "studentJoinUrl": call.join_url("s", room.number),
        }
    )


def create_room(call: Call) -> Payload:
    """Create a room (5.1)."""
    data = read_room_input(call.params, call.store.config.concurrency_feature)

    check_token_clashes(data.tokens)
    check_subject_unique(call, data.subject)

    store = call.store
    room = Room(
        id=store.new_short_id(store.rooms),
        number=store.new_number(),
        subject=data.subject,
        creator=call.user.uid,
        start_date=data.start_date,
    )
    apply_room_input(room, data, fill_tokens(call, data.tokens))
    store.rooms[room.id] = room
    store.sessions[room.id] = []
    return {**room_summary(call, room), "scene": room.scene}


def modify_room(call: Call) -> Payload:
    """Replace every setting of a room (5.2); omitted settings revert to their defaults."""
    data = read_room_input(call.params, call.store.config.concurrency_feature)
    room = call.room("Id", "id")

    check_token_clashes(data.tokens)
    check_subject_unique(call, data.subject, room.id)

    apply_room_input(room, data, fill_tokens(call, data.tokens))
    return {}


def delete_room(call: Call) -> Payload:
    """Delete a room (5.3) with its warm-up, document and insert-play links."""
    room = call.room()
    call.store.delete_room(room.id)
    return {}


def room_info(call: Call) -> Payload:
    """Return the fields of a room listed by 5.4."""
    room = call.room()
    return {**room_summary(call, room), "subject": room.subject}


def configure_telephone_conference(call: Call) -> Payload:
    """Store the 263 telephone-conference settings of a room (5.30)."""
    params = call.params
    settings = TelephoneConference(
        site_name=params.text("siteName"),
        site_password=params.text("sitePassword"),
        callin_support=params.boolean("callinSupport"),
        callin_num=params.text("callinNum"),
        host_passcode=params.text("hostPasscode"),
        guest_passcode=params.text("guestPasscode"),
    )
    room = call.room()
    room.telconf = settings
    return {}


OPERATIONS = (
    Operation("room/created", create_room, teacher_allowed=True),
    Operation("room/modify", modify_room, teacher_allowed=True),
    Operation("room/deleted", delete_room, teacher_allowed=True),
    Operation("room/info", room_info, teacher_allowed=True),
    Operation("room/telconf", configure_telephone_conference, teacher_allowed=True),
)
