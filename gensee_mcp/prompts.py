"""Prompts that walk an assistant through scheduling a class and reporting on one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS
from pydantic import Field, ValidationError, model_validator

from gensee_mcp.messages import describe_validation_error
from gensee_mcp.models.common import Arguments, IdText
from gensee_mcp.models.exports import check_range
from gensee_mcp.models.rooms import Subject
from gensee_mcp.settings import Settings
from gensee_mcp.times import EndTimeInput, TimeInput, parse_time

ArgumentsT = TypeVar("ArgumentsT", bound=Arguments)

# How far before a new class list_rooms looks for rooms that may still be running.
LOOK_BACK = timedelta(days=1)


def schedule_class_text(
    settings: Settings, subject: str, start: str, duration: int | str, audience: str | None
) -> str:
    """Write the steps to check the schedule, create the room and report how to join."""
    window = _window(start, duration)
    lines = [
        "Schedule a live class on the Gensee training site.",
        "",
        f"- Subject: {subject}",
        f"- Start: {start} (a time without an offset is in the site's time zone, "
        f"{settings.timezone})",
        f"- Duration: {duration} minutes",
    ]
    if audience:
        lines.append(f"- Audience: {audience}")
    lines += [
        "",
        "Steps:",
        f"1. Check the schedule: call list_rooms with {window}. A room clashes when it starts "
        "before this class ends and its endDate is after this class starts.",
        "2. If a room clashes, tell me its subject, roomId and start, and ask whether to go "
        "ahead before creating anything.",
        f"3. Call create_room with subject {subject!r}, startDate {start!r} and duration "
        f"{duration}"
        + (f", and a description that names the audience ({audience})." if audience else "."),
        "4. If the subject is already taken (code 502), propose a distinct subject and ask me.",
        "5. Report the roomId, number and start time; the teacher join URL with the teacher "
        "and assistant tokens; the student join URL with the student tokens; and any warnings "
        "in the result.",
    ]
    return "\n".join(lines)


def class_report_text(room_id: str, start_time: str | None, end_time: str | None) -> str:
    """Write the steps to pull a room's exports and summarise them."""
    if start_time and end_time:
        span = f"between {start_time} and {end_time}"
        extra = f", startTime {start_time!r} and endTime {end_time!r}"
    else:
        span = "in its most recent session"
        extra = ""
    return "\n".join(
        [
            f"Write a report on the class held in room {room_id} {span}.",
            "",
            "Steps:",
            f"1. Call get_room with roomId {room_id!r} for the subject and scheduled times.",
            "2. Call export_attendance, export_qa, export_rollcall, export_votes and "
            f"export_chat, each with roomId {room_id!r}{extra}. If a result says it is "
            "truncated, follow its note to get the rest.",
            "3. Summarise in five sections:",
            "   - Attendance: how many people attended, who joined late or left early, and "
            "the devices used.",
            "   - Questions: each question and whether it was answered.",
            "   - Roll calls: who was present and who was absent at each roll call.",
            "   - Votes: each question with its results.",
            "   - Chat: the main topics and anything that needs a follow-up.",
            "4. If an export fails or is empty, say so in its section and go on with the "
            "others. Use only numbers from the results.",
        ]
    )


def _window(start: str, duration: int | str) -> str:
    """Describe the list_rooms window around the class, exactly when `start` parses."""
    try:
        begin = parse_time(start)
        minutes = int(duration)
    except ValueError:
        return (
            "startTime one day before the start and endTime at the end of the class "
            "(start plus duration)"
        )
    look_from = (begin - LOOK_BACK).isoformat()
    until = (begin + timedelta(minutes=minutes)).isoformat()
    return f"startTime {look_from!r} and endTime {until!r}"


PromptText = Callable[[dict[str, str]], str]


def prompt_templates(settings: Settings) -> dict[str, PromptText]:
    """Return each prompt's text builder, unchecked, for documents that fill in arguments later.

    The bundle manifest carries the prompts' text with `${arguments.x}` slots, which the
    prompts' own argument checks would reject.
    """
    return {
        "schedule_class": lambda slots: schedule_class_text(
            settings, slots["subject"], slots["start"], slots["duration"], slots.get("audience")
        ),
        "class_report": lambda slots: class_report_text(
            slots["roomId"], slots.get("startTime"), slots.get("endTime")
        ),
    }


class ScheduleClassArgs(Arguments):
    """Arguments of the schedule_class prompt, checked like create_room's."""

    subject: Subject
    start: TimeInput
    duration: Annotated[int, Field(ge=1, le=10080)]
    audience: Annotated[str | None, Field(default=None, max_length=200)]


class ClassReportArgs(Arguments):
    """Arguments of the class_report prompt, checked like the exports'."""

    roomId: IdText
    startTime: TimeInput | None = None
    endTime: EndTimeInput | None = None

    @model_validator(mode="after")
    def _check_range(self) -> ClassReportArgs:
        check_range(self.startTime, self.endTime, required=False)
        return self


def checked(model: type[ArgumentsT], prompt: str, arguments: dict[str, Any]) -> ArgumentsT:
    """Validate a prompt's arguments, raising an invalid-params error that names them."""
    try:
        return model.model_validate(arguments)
    except ValidationError as exc:
        message = describe_validation_error(f"prompt {prompt}", exc)
        raise MCPError(code=INVALID_PARAMS, message=message) from None


def register_prompts(server: MCPServer[Any], settings: Settings) -> None:
    """Register the prompts whose tools the settings enable."""
    if "rooms" in settings.toolsets and not settings.read_only:

        @server.prompt(
            name="schedule_class",
            title="Schedule a class",
            description="Check the schedule for clashes, create the room, and report the join "
            "URLs and tokens.",
        )
        def schedule_class(
            subject: Annotated[
                str, Field(description="Subject of the class; unique on the site.")
            ],
            start: Annotated[
                str, Field(description="Start time: ISO 8601 or 'yyyy-MM-dd HH:mm:ss'.")
            ],
            duration: Annotated[str, Field(description="Length in minutes, 1-10080.")],
            audience: Annotated[
                str | None, Field(description="Who the class is for, such as 'Grade 9 physics'.")
            ] = None,
        ) -> str:
            args = checked(
                ScheduleClassArgs,
                "schedule_class",
                {"subject": subject, "start": start, "duration": duration, "audience": audience},
            )
            return schedule_class_text(settings, args.subject, start, args.duration, audience)

    if "exports" in settings.toolsets:

        @server.prompt(
            name="class_report",
            title="Report on a class",
            description="Pull attendance, Q&A, roll calls, votes and chat for a room and "
            "summarise them.",
        )
        def class_report(
            roomId: Annotated[str, Field(description="Room id, from create_room or list_rooms.")],
            startTime: Annotated[
                str | None, Field(description="Start of the period; default the latest session.")
            ] = None,
            endTime: Annotated[str | None, Field(description="End of the period.")] = None,
        ) -> str:
            checked(
                ClassReportArgs,
                "class_report",
                {"roomId": roomId, "startTime": startTime, "endTime": endTime},
            )
            return class_report_text(roomId, startTime, endTime)
