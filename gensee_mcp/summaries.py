"""One-paragraph text summaries of tool results, for clients that show only text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def created_room(room: Any) -> str:
    """Summarise create_room."""
    return f"Created room {room.subject!r}. " + _room_details(room) + _warnings(room)


def updated_room(room: Any) -> str:
    """Summarise update_room."""
    return f"Updated room {room.subject!r}. " + _room_details(room) + _warnings(room)


def room(room: Any) -> str:
    """Summarise get_room."""
    return f"Room {room.subject!r}. " + _room_details(room)


def _room_details(room: Any) -> str:
    parts = [f"roomId {room.roomId}, number {room.number}, starts {room.startDate}"]
    if room.invalidDate:
        parts.append(f"expires {room.invalidDate}")
    text = "; ".join(parts) + "."
    if room.teacherJoinUrl:
        text += f" Teacher joins at {room.teacherJoinUrl} with token {room.teacherToken}"
        text += f" (assistant token {room.assistantToken})."
    if room.studentJoinUrl:
        token = f" with token {room.studentToken}" if room.studentToken else ""
        text += f" Students join at {room.studentJoinUrl}{token}."
    return text


def _warnings(result: Any) -> str:
    warnings = getattr(result, "warnings", None) or []
    return "".join(f" Warning: {warning}" for warning in warnings)


def deleted_room(result: Any) -> str:
    """Summarise delete_room."""
    return f"Deleted room {result.roomId}."


def room_coursewares(result: Any) -> str:
    """Summarise list_room_coursewares."""
    if not result.count:
        return f"Room {result.roomId} has no recorded coursewares."
    names = ", ".join(repr(item.subject) for item in result.coursewares[:10])
    return f"Room {result.roomId} has {result.count} coursewares: {names}."


def courseware(item: Any) -> str:
    """Summarise get_courseware and update_courseware."""
    return (
        f"Courseware {item.subject!r} (coursewareId {item.coursewareId}, room {item.roomId}), "
        f"viewing URL {item.url}."
    )


def deleted_courseware(result: Any) -> str:
    """Summarise delete_courseware."""
    return f"Deleted courseware {result.coursewareId}."


def teacher(result: Any) -> str:
    """Summarise create_teacher."""
    return f"Created teacher {result.name!r} with login {result.teacherLoginName!r}."


def page(key: str) -> Callable[[Any], str]:
    """Summarise one page of a paged sync."""

    def summary(result: Any) -> str:
        info = result.page
        rows = getattr(result, key)
        if info is None:
            return f"{len(rows)} {key}."
        last = result.throughPage or info.pageNo
        pages = f"Page {info.pageNo}" if last == info.pageNo else f"Pages {info.pageNo}-{last}"
        text = f"{pages} of {info.totalPages}: {len(rows)} {key} of {info.totalCounts} in all."
        if result.note:
            text += " " + result.note
        elif last and info.totalPages and last < info.totalPages:
            text += f" Ask for pageNo {last + 1}, or allPages true, for more."
        for failure in result.failedPages or []:
            text += f" Page {failure.pageNo} failed ({failure.error}); call again for it."
        return text

    return summary


def warmup(result: Any) -> str:
    """Summarise create_warmup and update_warmup."""
    parts = []
    if result.name is not None:
        parts.append(f"named {result.name!r}")
    if result.recordId is not None:
        parts.append(f"plays recording {result.recordId}")
    if result.mode is not None:
        parts.append(f"layout {result.mode}")
    text = f"Warm-up {result.warmupId}: " + ", ".join(parts) + "."
    return text + _warnings(result)


def link(noun: str, key: str) -> Callable[[Any], str]:
    """Summarise an attach or detach."""

    def summary(result: Any) -> str:
        value = getattr(result, key)
        if isinstance(value, list):
            value = ", ".join(value)
        verb = "Attached" if result.attached else "Detached"
        preposition = "to" if result.attached else "from"
        return f"{verb} {noun} {value} {preposition} room {result.roomId}."

    return summary


def export(noun: str, key: str) -> Callable[[Any], str]:
    """Summarise an export; `noun` is singular and takes an "s" for the plural."""

    def summary(result: Any) -> str:
        scope = f"room {result.roomId}" if result.roomId else "all rooms"
        if result.startTime:
            span = f"from {result.startTime} to {result.endTime}"
        else:
            span = "in the most recent session"
        counted = noun if result.total == 1 else noun + "s"
        text = f"{result.total} {counted} for {scope} {span}."
        if result.note:
            text += " " + result.note
        return text

    return summary


def transcoded(result: Any) -> str:
    """Summarise transcode_document and transcode_media."""
    return (
        f"The site is converting it into courseware {result.coursewareId} "
        f"(code {result.coursewareCode}); it will be viewable at {result.visitUrl}."
    )


def phone(result: Any) -> str:
    """Summarise configure_phone_conference."""
    state = "on" if result.enabled else "off"
    return f"263 phone conference is {state} for room {result.roomId}."
