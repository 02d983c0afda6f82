"""Demo session content: attendance, Q&A, roll calls, votes and chat."""

from __future__ import annotations

import random

from gensee_mcp.sandbox.models import (
    Attendance,
    ChatMessage,
    Question,
    Rollcall,
    RollcallEntry,
    Session,
    Vote,
    VoteAnswer,
    VoteOption,
    VoteQuestion,
)

MINUTE_MS = 60 * 1000

_AREAS = ("Beijing", "Shanghai", "Shenzhen", "Chengdu", "Hangzhou", "Singapore", "Berlin")
_COMPANIES = ("Acme Learning", "Northwind School", "Blue Harbor Ltd", "Self-employed")
# Texts with a raw tab or newline, which exports send unescaped like real sites.
_QUESTIONS = (
    ("Could you repeat the last step?", "Sure, see slide 12."),
    ("Is the homework due on Friday?\nI could not find the date.", "Yes, Friday 18:00."),
    ("What does\tthis column mean?", "It is the running total."),
    ("Will the recording be shared?", ""),
    # Chinese text uses full-width punctuation.
    ("请问课件在哪里下载？", "在课程页面的“资料”中。"),  # noqa: RUF001
)
_CHAT = (
    "Hello everyone!",
    "Good evening",
    "Can you hear me?\nMy audio is choppy.",
    "The slides are clear, thanks",
    "Question:\tdoes this apply to part 2?",
    "大家好 👋",
    "I joined late, what did I miss?",
    "Thanks, see you next time",
    "+1",
    "Could you zoom in a little?",
)


def build_session(
    rng: random.Random,
    room_id: str,
    host_uid: int,
    start: int,
    end: int,
    students: list[tuple[int, str]],
) -> Session:
    """Build one ended session of a room with records of every export kind.

    ``host_uid`` is the user who answers questions, the room's creator.
    """
    attendees = rng.sample(students, rng.randint(8, 14))
    session = Session(room_id=room_id, start_time=start, end_time=end)
    session.attendance = [_visit(rng, uid, name, start, end) for uid, name in attendees]
    session.questions = _questions(rng, attendees, host_uid, start)
    session.rollcalls = [
        _rollcall(rng, attendees, start + offset * MINUTE_MS)
        for offset in ((20, 50) if rng.random() < 0.5 else (30,))
    ]
    session.votes = [_vote(rng, attendees, start + 40 * MINUTE_MS)]
    session.chat = _chat(rng, attendees, start)
    return session


def _visit(rng: random.Random, uid: int, name: str, start: int, end: int) -> Attendance:
    join = start + rng.randrange(-10, 20) * MINUTE_MS
    leave = min(join + rng.randrange(20, 120) * MINUTE_MS, end + 5 * MINUTE_MS)
    return Attendance(
        uid=uid,
        nickname=name.split()[0].lower() + str(uid % 100),
        name=name,
        join_time=join,
        leave_time=leave,
        area=rng.choice(_AREAS),
        device=rng.randrange(0, 12),
        ip=f"203.0.113.{rng.randrange(1, 255)}",
        mobile=f"138{rng.randrange(10**8):08d}",
        company=rng.choice(_COMPANIES),
    )


def _questions(
    rng: random.Random, attendees: list[tuple[int, str]], host_uid: int, start: int
) -> list[Question]:
    questions: list[Question] = []
    for index, (text, answer) in enumerate(_QUESTIONS):
        uid, name = attendees[index % len(attendees)]
        questions.append(
            Question(
                submitter=uid,
                name=name,
                submit_time=start + (10 + index * 12) * MINUTE_MS,
                published=bool(answer) and rng.random() < 0.7,
                question=text,
                answer_by=host_uid if answer else None,
                response=answer,
            )
        )
    return questions


def _rollcall(rng: random.Random, attendees: list[tuple[int, str]], start: int) -> Rollcall:
    entries = [RollcallEntry(uid, name, rng.random() < 0.8) for uid, name in attendees]
    return Rollcall(start_time=start, end_time=start + MINUTE_MS, entries=entries)


def _vote(rng: random.Random, attendees: list[tuple[int, str]], start: int) -> Vote:
    voters = attendees[: max(3, len(attendees) * 2 // 3)]
    single = VoteQuestion("Was the pace of today's class right?", 0, [], [])
    single.options = [VoteOption(value, 0) for value in ("Too fast", "Just right", "Too slow")]
    multiple = VoteQuestion("Which topics should we review?", 1, [], [])
    multiple.options = [VoteOption(value, 0) for value in ("Examples", "Theory", "Exercises")]
    text = VoteQuestion("Any other feedback?", 2, [], [])

    for uid, name in voters:
        nickname = name.split()[0].lower() + str(uid % 100)
        choice = rng.choice(single.options)
        choice.votes += 1
        single.answers.append(VoteAnswer(nickname, uid, choice.value))
        picked = rng.sample(multiple.options, rng.randint(1, 2))
        for option in picked:
            option.votes += 1
        multiple.answers.append(VoteAnswer(nickname, uid, ",".join(o.value for o in picked)))
        if rng.random() < 0.4:
            text.answers.append(VoteAnswer(nickname, uid, "More exercises please"))
    return Vote(
        subject="End-of-class survey", start_time=start, questions=[single, multiple, text]
    )


def _chat(rng: random.Random, attendees: list[tuple[int, str]], start: int) -> list[ChatMessage]:
    messages: list[ChatMessage] = []
    time = start + MINUTE_MS
    for text in _CHAT:
        uid, name = rng.choice(attendees)
        time += rng.randrange(1, 8) * MINUTE_MS
        messages.append(ChatMessage(time, name, uid, "Everyone", 0, text))
    return messages
