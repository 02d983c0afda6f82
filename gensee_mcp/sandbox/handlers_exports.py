"""Export operations: attendance, Q&A, roll calls, votes, chat (5.18-5.21, 5.26), courseware
views by day (5.25) and room usage sessions (5.29).

Numbers such as 5.1 are the operation numbers of Gensee's Training JSON API reference.
"""

from __future__ import annotations

import datetime as dt

from gensee_mcp.sandbox.models import Room, Session, Vote, VoteQuestion
from gensee_mcp.sandbox.operations import (
    Call,
    Operation,
    Payload,
    list_item,
    page_number,
    paginate,
    time_range,
    within,
)
from gensee_mcp.sandbox.params import to_epoch_ms


def _scope(call: Call) -> tuple[list[Session], int | None, int | None]:
    """Return the sessions an export reads and the inclusive time bounds of its records.

    Without a range an export reads the room's most recently ended session, whole.
    """
    bounds = time_range(call.params, required=False)
    room: Room = call.room()
    sessions = call.store.sessions.get(room.id, [])
    if bounds is not None:
        return sessions, bounds[0], bounds[1]
    now = call.store.now()
    ended = [session for session in sessions if session.end_time <= now]
    if not ended:
        return [], None, None
    return [max(ended, key=lambda session: session.end_time)], None, None


def export_attendance(call: Call) -> Payload:
    """Export the attendance records whose join time is in the range (5.18)."""
    sessions, start, end = _scope(call)
    visits = [
        visit
        for session in sessions
        for visit in session.attendance
        if within(visit.join_time, start, end)
    ]
    visits.sort(key=lambda visit: (visit.join_time, visit.uid))
    return {
        "list": [
            list_item(
                {
                    "uid": visit.uid,
                    "nickname": visit.nickname,
                    "joinTime": visit.join_time,
                    "leaveTime": visit.leave_time,
                    "name": visit.name,
                    "area": visit.area,
                    "device": visit.device,
                    "ip": visit.ip,
                    "mobile": visit.mobile,
                    "company": visit.company,
                }
            )
            for visit in visits
        ]
    }


def export_questions(call: Call) -> Payload:
    """Export the Q&A records whose submit time is in the range (5.19)."""
    sessions, start, end = _scope(call)
    questions = [
        question
        for session in sessions
        for question in session.questions
        if within(question.submit_time, start, end)
    ]
    questions.sort(key=lambda question: question.submit_time)
    return {
        "list": [
            list_item(
                {
                    "submitter": question.submitter,
                    "published": "true" if question.published else "false",
                    "submitTime": question.submit_time,
                    "name": question.name,
                    "answerBy": question.answer_by,
                    "question": question.question,
                    "response": question.response,
                }
            )
            for question in questions
        ]
    }


def export_rollcalls(call: Call) -> Payload:
    """Export the roll calls started in the range (5.20)."""
    sessions, start, end = _scope(call)
    rollcalls = [
        rollcall
        for session in sessions
        for rollcall in session.rollcalls
        if within(rollcall.start_time, start, end)
    ]
    rollcalls.sort(key=lambda rollcall: rollcall.start_time)
    items: list[object] = []
    for rollcall in rollcalls:
        present = sum(1 for entry in rollcall.entries if entry.present)
        items.append(
            {
                "startTime": rollcall.start_time,
                "endTime": rollcall.end_time,
                "total": len(rollcall.entries),
                "present": present,
                "absent": len(rollcall.entries) - present,
                "users": [
                    {"id": entry.uid, "name": entry.name, "present": entry.present}
                    for entry in rollcall.entries
                ],
            }
        )
    return {"rollcall": items}


def export_votes(call: Call) -> Payload:
    """Export the votes started in the range, with their results (5.21)."""
    sessions, start, end = _scope(call)
    votes = [
        vote
        for session in sessions
        for vote in session.votes
        if within(vote.start_time, start, end)
    ]
    votes.sort(key=lambda vote: vote.start_time)
    return {"list": [_vote_item(vote) for vote in votes]}


def _vote_item(vote: Vote) -> Payload:
    return {
        "subject": vote.subject,
        "questions": [_vote_question(question) for question in vote.questions],
    }


def _vote_question(question: VoteQuestion) -> Payload:
    respondents = len(question.answers)
    return {
        "content": question.content,
        "options": [
            {
                "value": option.value,
                "precentage": round(option.votes * 100 / respondents, 2) if respondents else 0,
                "result": str(option.votes),
                "type": question.type,
            }
            for option in question.options
        ],
        "results": [
            {"nickName": answer.nickname, "uid": answer.uid, "content": answer.content}
            for answer in question.answers
        ],
    }


def export_chat(call: Call) -> Payload:
    """Export the public chat messages sent in the range (5.26)."""
    sessions, start, end = _scope(call)
    messages = [
        message
        for session in sessions
        for message in session.chat
        if within(message.time, start, end)
    ]
    messages.sort(key=lambda message: message.time)
    return {
        "list": [
            list_item(
                {
                    "time": message.time,
                    "sender": message.sender,
                    "receiver": message.receiver,
                    "senderId": message.sender_id,
                    "receiverId": message.receiver_id,
                    "msg": message.msg,
                }
            )
            for message in messages
        ]
    }


def export_courseware_views(call: Call) -> Payload:
    """Return one 50-item page of the courseware views of a day or one of its hours (5.25)."""
    params = call.params
    day = params.day("date")
    hour = params.integer("hour", minimum=0, maximum=23)
    page_no = page_number(params)

    zone = params.zone
    if hour is None:
        start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    else:
        start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
        end = start + dt.timedelta(hours=1)
    views = call.store.views_between(to_epoch_ms(start), to_epoch_ms(end))
    items, page = paginate(views, page_no)
    return {
        "list": [
            list_item(
                {
                    "id": view.courseware_id,
                    "uid": str(view.uid),
                    "startTime": view.start_time,
                    "leaveTime": view.leave_time,
                    "name": view.name,
                    "duration": str((view.leave_time - view.start_time) // 1000),
                    "device": view.device,
                    "ip": view.ip,
                }
            )
            for view in items
        ],
        **page,
    }


def export_room_usage(call: Call) -> Payload:
    """Export the sessions that ended in the range, of one room or of all (5.29)."""
    bounds = time_range(call.params, required=True)
    assert bounds is not None
    room_ids: list[str] | None = None
    if call.params.raw("roomId"):
        room_ids = [call.room().id]

    store = call.store
    sessions = [
        session
        for room_id, room_sessions in store.sessions.items()
        if room_ids is None or room_id in room_ids
        for session in room_sessions
        if within(session.end_time, bounds[0], bounds[1])
    ]
    sessions.sort(key=lambda session: (session.end_time, session.room_id))
    return {
        "list": [
            {"id": session.room_id, "startTime": session.start_time, "endTime": session.end_time}
            for session in sessions
        ]
    }


OPERATIONS = (
    Operation(
        "export/history", export_attendance, teacher_allowed=True, raw_control_characters=True
    ),
    Operation("export/qa", export_questions, teacher_allowed=True, raw_control_characters=True),
    Operation(
        "export/rollcall", export_rollcalls, teacher_allowed=True, raw_control_characters=True
    ),
    Operation("export/vote", export_votes, teacher_allowed=True, raw_control_characters=True),
    Operation("export/chat", export_chat, teacher_allowed=True, raw_control_characters=True),
    Operation(
        "export/study/history",
        export_courseware_views,
        teacher_allowed=False,
        raw_control_characters=True,
    ),
    Operation(
        "export/room/usage", export_room_usage, teacher_allowed=False, raw_control_characters=True
    ),
)
