"""The demo data every sandbox starts with, built around the reference time.

IDs of the demo objects are fixed. Names, attendance and other details come from a random
generator seeded with the configured seed, so a seed always gives the same site.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Protocol

from gensee_mcp.sandbox.demo_sessions import build_session
from gensee_mcp.sandbox.models import (
    Courseware,
    CoursewareView,
    Document,
    Record,
    Room,
    Session,
    User,
    Warmup,
)
from gensee_mcp.sandbox.params import to_epoch_ms
from gensee_mcp.sandbox.store import ADMIN_UID, EXPIRED_UID, TEACHER_UID, Store


class LocalTime(Protocol):
    """Turns a day offset from the reference day and a local time into epoch milliseconds."""

    def __call__(self, day_offset: int, hour: int, minute: int = 0) -> int: ...


DAY_MS = 24 * 3600 * 1000
MINUTE_MS = 60 * 1000

# (id, subject, owner, day offset from the reference day, start hour, length in minutes,
# day offsets of ended sessions)
_ROOMS = (
    ("room01", "Algebra I: linear equations", ADMIN_UID, -10, 19, 90, (-10, -6, -3)),
    ("room02", "Academic writing workshop", ADMIN_UID, -8, 14, 120, (-8, -4)),
    ("room03", "Intro to Python (demo teacher)", TEACHER_UID, -5, 10, 90, (-5, -2)),
    ("room04", "Physics: Newton's laws", ADMIN_UID, -12, 9, 60, (-12,)),
    ("room05", "Orientation for new students", ADMIN_UID, -20, 18, 60, (-20,)),
    ("room06", "Chemistry lab safety", ADMIN_UID, 2, 19, 90, ()),
    ("room07", "Spring term kickoff", ADMIN_UID, 7, 10, 60, ()),
    ("room08", "Exam review: statistics", ADMIN_UID, 13, 15, 120, ()),
)
# Its recording has no courseware, so courseware/list shows the missing-key quirk.
_ROOM_WITHOUT_COURSEWARES = "room05"
_DOCUMENTS = (
    ("Lab safety checklist.pdf", True, -60),
    ("Linear equations worksheet.docx", False, -45),
    ("Writing rubric.pdf", True, -30),
    ("Python cheat sheet.pptx", False, -14),
    ("Newton's laws slides.pptx", True, -9),
    ("Statistics formula sheet.pdf", False, -1),
)
_VIEW_DEVICES = (0, 1, 2, 4, 8, 16, 32)
# Views per day for the days before the reference day: 120 fills three 50-item pages.
_VIEWS_PER_DAY = {-1: 120, -2: 60, -3: 35}


def populate(store: Store) -> None:
    """Fill an empty store with the demo site."""
    rng = random.Random(store.config.seed)
    zone = store.config.zone
    reference_day = dt.datetime.fromtimestamp(store.reference_ms / 1000, tz=zone).date()

    def local_ms(day_offset: int, hour: int, minute: int = 0) -> int:
        day = reference_day + dt.timedelta(days=day_offset)
        return to_epoch_ms(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone))

    _add_users(store)
    students = [(20001 + index, name) for index, name in enumerate(_student_names(rng))]
    for index, (room_id, subject, owner, day, hour, minutes, session_days) in enumerate(_ROOMS):
        room = _add_room(store, index, room_id, subject, owner, local_ms(day, hour))
        for session_day in session_days:
            start = local_ms(session_day, hour)
            end = start + minutes * MINUTE_MS
            session = build_session(rng, room_id, owner, start, end, students)
            store.sessions[room.id].append(session)
            _add_session_recording(store, rng, room, session)
    _add_older_recordings(store, rng, local_ms)
    _add_other_coursewares(store, local_ms)
    _add_documents(store, local_ms)
    _add_warmups_and_links(store)
    _add_views(store, rng, students, local_ms)
    _add_bulk_coursewares(store)


def _add_users(store: Store) -> None:
    config = store.config
    for user in (
        User(ADMIN_UID, config.admin_login, config.admin_password, "Site Administrator", "admin"),
        User(TEACHER_UID, "teacher", "teacher123", "Demo Teacher", "teacher"),
        User(EXPIRED_UID, "expired", "expired123", "Expired Teacher", "teacher", True),
    ):
        store.users[user.login] = user


def _student_names(rng: random.Random) -> list[str]:
    given_names = ["Wei", "Li", "Anna", "Omar", "Mei", "Jonas", "Priya", "Chen", "Sofia", "Ravi"]
    family_names = ["Zhang", "Wang", "Smith", "Garcia", "Liu", "Kim", "Novak", "Chen", "Okafor"]
    names: list[str] = []
    while len(names) < 30:
        name = f"{rng.choice(given_names)} {rng.choice(family_names)}"
        if name not in names:
            names.append(name)
    return names


def _add_room(
    store: Store, index: int, room_id: str, subject: str, owner: int, start: int
) -> Room:
    number = f"{30000001 + index}"
    store.numbers.add(number)
    room = Room(
        id=room_id,
        number=number,
        subject=subject,
        creator=owner,
        start_date=start,
        invalid_date=start + 30 * DAY_MS if index % 2 == 0 else None,
        teacher_token=f"{111000 + index}",
        assistant_token=f"{222000 + index}",
        student_token=f"{333000 + index}",
        student_client_token=f"{444000 + index}" if index == 0 else "",
        description=f"Demo classroom: {subject}",
        duration=60,
    )
    store.rooms[room.id] = room
    store.sessions[room.id] = []
    return room


def _add_session_recording(store: Store, rng: random.Random, room: Room, session: Session) -> None:
    record = Record(
        id=store.new_record_id(),
        name=f"{room.subject} (recording)",
        created_time=session.end_time + 10 * MINUTE_MS,
        size=rng.randrange(50, 400) * 1024 * 1024,
        creator=room.creator,
        room_id=room.id,
        record_start_time=session.start_time + 2 * MINUTE_MS,
        record_end_time=session.end_time - 2 * MINUTE_MS,
    )
    store.records[record.id] = record
    if room.id == _ROOM_WITHOUT_COURSEWARES:
        return
    number = len(store.coursewares) + 1
    _add_courseware(
        store,
        Courseware(
            id=f"cw{number:04d}",
            number=store.new_number(),
            subject=f"{room.subject}, session {len(store.sessions[room.id])}",
            creator=room.creator,
            created_time=record.created_time + 5 * MINUTE_MS,
            gr_type=0,
            room_id=room.id,
            record_id=record.id,
            record_start_time=record.record_start_time,
            record_end_time=record.record_end_time,
            description="Recorded in class",
            token="246810" if number % 3 == 0 else "",
        ),
    )


def _add_courseware(store: Store, courseware: Courseware) -> None:
    store.coursewares[courseware.id] = courseware


def _add_older_recordings(store: Store, rng: random.Random, local_ms: LocalTime) -> None:
    """Add 7 recordings from older sessions (3 with coursewares) and 4 uploaded media files."""
    for index, (room_id, day) in enumerate(
        (
            ("room01", -90),
            ("room02", -80),
            ("room04", -70),
            ("room01", -60),
            ("room02", -50),
            ("room04", -40),
            ("room01", -30),
        )
    ):
        room = store.rooms[room_id]
        start = local_ms(day, 19)
        record = Record(
            id=store.new_record_id(),
            name=f"{room.subject} (archive {index + 1})",
            created_time=start + 100 * MINUTE_MS,
            size=rng.randrange(50, 400) * 1024 * 1024,
            creator=room.creator,
            room_id=room.id,
            record_start_time=start,
            record_end_time=start + 90 * MINUTE_MS,
        )
        store.records[record.id] = record
        if index < 3:
            _add_courseware(
                store,
                Courseware(
                    id=f"cw{len(store.coursewares) + 1:04d}",
                    number=store.new_number(),
                    subject=record.name,
                    creator=room.creator,
                    created_time=record.created_time + 5 * MINUTE_MS,
                    gr_type=0,
                    room_id=room.id,
                    record_id=record.id,
                    record_start_time=record.record_start_time,
                    record_end_time=record.record_end_time,
                ),
            )
    for index, name in enumerate(
        ("Campus tour.mp4", "Countdown.mp4", "Intro music.mp3", "Lab demo.mp4")
    ):
        record = Record(
            id=store.new_record_id(),
            name=name,
            created_time=local_ms(-100 + index * 20, 12),
            size=rng.randrange(5, 80) * 1024 * 1024,
            creator=ADMIN_UID,
        )
        store.records[record.id] = record


def _add_other_coursewares(store: Store, local_ms: LocalTime) -> None:
    """Add two transcoded documents and one media courseware whose transcoding failed."""
    uploads = [record for record in store.records.values() if not record.room_id]
    for index, (subject, gr_type, convert_result, record_id) in enumerate(
        (
            ("Syllabus (document)", 2, 1, None),
            ("Reading list (document)", 2, 0, None),
            ("Campus tour (media)", 1, -1, uploads[0].id),
        )
    ):
        _add_courseware(
            store,
            Courseware(
                id=f"cw{len(store.coursewares) + 1:04d}",
                number=store.new_number(),
                subject=subject,
                creator=ADMIN_UID,
                created_time=local_ms(-25 + index, 9),
                gr_type=gr_type,
                convert_result=convert_result,
                record_id=record_id,
            ),
        )


def _add_documents(store: Store, local_ms: LocalTime) -> None:
    for name, upload, day in _DOCUMENTS:
        document = Document(
            id=store.new_document_id(), name=name, upload=upload, created_time=local_ms(day, 11)
        )
        store.documents[document.id] = document


def _add_warmups_and_links(store: Store) -> None:
    """Add the two warm-ups and give the first upcoming room a warm-up, document and records."""
    uploads = [record for record in store.records.values() if not record.room_id]
    store.warmups["wu0001"] = Warmup("wu0001", "Welcome loop", uploads[1].id, mode=1)
    store.warmups["wu0002"] = Warmup("wu0002", "Countdown with music", uploads[2].id, mode=2)
    room = store.rooms["room06"]
    room.warmup_id = "wu0001"
    room.doc_id = min(store.documents)
    room.record_ids = [uploads[1].id, uploads[3].id]


def _add_views(
    store: Store, rng: random.Random, students: list[tuple[int, str]], local_ms: LocalTime
) -> None:
    viewable = [
        courseware.id for courseware in store.coursewares.values() if courseware.gr_type == 0
    ]
    for day, count in _VIEWS_PER_DAY.items():
        for _ in range(count):
            uid, name = rng.choice(students)
            start = local_ms(day, rng.randrange(8, 23), rng.randrange(60))
            start += rng.randrange(60) * 1000
            store.add_view(
                CoursewareView(
                    courseware_id=rng.choice(viewable),
                    uid=uid,
                    name=name,
                    start_time=start,
                    leave_time=start + rng.randrange(60, 3600) * 1000,
                    device=rng.choice(_VIEW_DEVICES),
                    ip=f"198.51.100.{rng.randrange(1, 255)}",
                )
            )


def _add_bulk_coursewares(store: Store) -> None:
    """Add the configured number of generated coursewares, created over the last 90 days."""
    count = store.config.extra_coursewares
    if count == 0:
        return
    first = store.reference_ms - 90 * DAY_MS
    step = 90 * DAY_MS // count
    for index in range(count):
        _add_courseware(
            store,
            Courseware(
                id=store.new_short_id(store.coursewares),
                number=store.new_number(),
                subject=f"Generated courseware {index + 1:05d}",
                creator=ADMIN_UID,
                created_time=first + index * step,
                gr_type=0,
            ),
        )
