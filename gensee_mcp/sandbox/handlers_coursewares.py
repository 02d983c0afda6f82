"""Courseware operations (5.5-5.8), courseware sync (5.11) and transcoding (5.27, 5.28).

Numbers such as 5.1 are the operation numbers of Gensee's Training JSON API reference.
"""

from __future__ import annotations

from gensee_mcp.sandbox.handlers_rooms import UI_COLORS
from gensee_mcp.sandbox.models import Courseware, Document, Record
from gensee_mcp.sandbox.operations import (
    Call,
    Operation,
    Payload,
    created_between,
    list_item,
    page_number,
    paginate,
    within,
)


def list_room_coursewares(call: Call) -> Payload:
    """List the coursewares recorded in a room (5.5).

    Like real sites, the response has no ``coursewares`` key when the room has none.
    """
    room = call.room()
    items = [
        list_item(
            {
                "id": courseware.id,
                "number": courseware.number,
                "url": call.courseware_url(courseware.number),
                "subject": courseware.subject,
                "roomId": courseware.room_id,
                "screenshot": f"{call.courseware_url(courseware.number)}/screenshot.jpg",
                "recordId": courseware.record_id,
                "description": courseware.description,
                "token": courseware.token,
            }
        )
        for courseware in call.store.coursewares.values()
        if courseware.room_id == room.id
    ]
    return {"coursewares": items} if items else {}


def courseware_info(call: Call) -> Payload:
    """Return the details of a courseware (5.6)."""
    courseware = call.courseware("coursewareId")
    return {
        "id": courseware.id,
        "token": courseware.token,
        "subject": courseware.subject,
        "roomId": courseware.room_id,
        "url": call.courseware_url(courseware.number),
        "description": courseware.description,
        "creator": courseware.creator,
        "number": courseware.number,
    }


def modify_courseware(call: Call) -> Payload:
    """Replace the settings of a courseware (5.7); an omitted token is cleared."""
    params = call.params
    subject = params.required_text("subject")
    token = params.text("token") or ""
    ui_mode = params.integer("uiMode", minimum=1, maximum=4)
    ui_color = params.choice("uiColor", UI_COLORS, default="default")
    ui_window = bool(params.boolean("uiWindow", default=False))
    ui_video = bool(params.boolean("uiVideo", default=False))
    auto_play = bool(params.boolean("autoPlay", default=True))
    courseware = call.courseware("id")

    courseware.subject = subject
    courseware.token = token
    courseware.ui_mode = ui_mode
    courseware.ui_color = ui_color
    courseware.ui_window = ui_window
    courseware.ui_video = ui_video
    courseware.auto_play = auto_play
    return {}


def delete_courseware(call: Call) -> Payload:
    """Delete a courseware (5.8)."""
    courseware = call.courseware("coursewareId")
    del call.store.coursewares[courseware.id]
    return {}


def sync_coursewares(call: Call) -> Payload:
    """Return one page of the site's coursewares, oldest first (5.11)."""
    page_no = page_number(call.params)
    start, end = created_between(call.params)

    matching = [
        courseware
        for courseware in call.store.coursewares.values()
        if within(courseware.created_time, start, end)
    ]
    matching.sort(key=lambda courseware: (courseware.created_time, courseware.id))
    items, page = paginate(matching, page_no)
    return {"list": [_sync_item(call, courseware) for courseware in items], "page": page}


def _sync_item(call: Call, courseware: Courseware) -> Payload:
    return list_item(
        {
            "id": courseware.id,
            "token": courseware.token,
            "subject": courseware.subject,
            "url": call.courseware_url(courseware.number),
            "roomId": courseware.room_id,
            "description": courseware.description,
            "creator": courseware.creator,
            "recordId": courseware.record_id,
            "number": courseware.number,
            "createTime": courseware.created_time,
            "recordStartTime": courseware.record_start_time,
            "recordEndTime": courseware.record_end_time,
            "grType": courseware.gr_type,
            "convertResult": courseware.convert_result,
        }
    )


def _new_courseware(call: Call, name: str, gr_type: int, record_id: int | None) -> Courseware:
    store = call.store
    courseware = Courseware(
        id=store.new_short_id(store.coursewares),
        number=store.new_number(),
        subject=name,
        creator=call.user.uid,
        created_time=store.now(),
        gr_type=gr_type,
        record_id=record_id,
        resource_url=call.params.raw("resourceUrl"),
        callback_url=call.params.raw("callbackUrl") or None,
    )
    store.coursewares[courseware.id] = courseware
    return courseware


def transcode_document(call: Call) -> Payload:
    """Accept a document for transcoding (5.27); the callback URL is stored, never called."""
    resource_url = call.params.url("resourceUrl", required=True)
    call.params.url("callbackUrl")
    name = call.params.required_text("name")

    store = call.store
    document = Document(
        id=store.new_document_id(),
        name=name,
        upload=True,
        created_time=store.now(),
        resource_url=resource_url,
    )
    store.documents[document.id] = document
    courseware = _new_courseware(call, name, gr_type=2, record_id=None)
    return {
        "coursewareId": courseware.id,
        "coursewareCode": courseware.number,
        "visitUrl": call.courseware_url(courseware.number),
        "docId": str(document.id),
    }


def transcode_media(call: Call) -> Payload:
    """Accept a media file for transcoding (5.28); the callback URL is stored, never called."""
    call.params.url("resourceUrl", required=True)
    call.params.url("callbackUrl")
    name = call.params.required_text("name")

    store = call.store
    record = Record(
        id=store.new_record_id(),
        name=name,
        created_time=store.now(),
        size=0,
        creator=call.user.uid,
    )
    store.records[record.id] = record
    courseware = _new_courseware(call, name, gr_type=1, record_id=record.id)
    return {
        "coursewareId": courseware.id,
        "coursewareCode": courseware.number,
        "visitUrl": call.courseware_url(courseware.number),
        "recordId": str(record.id),
    }


OPERATIONS = (
    Operation("courseware/list", list_room_coursewares, teacher_allowed=True),
    Operation("courseware/info", courseware_info, teacher_allowed=True),
    Operation("courseware/modify", modify_courseware, teacher_allowed=True),
    Operation("courseware/deleted", delete_courseware, teacher_allowed=True),
    Operation("courseware/syn", sync_coursewares, teacher_allowed=False),
    Operation("courseware/transcode", transcode_document, teacher_allowed=True),
    Operation("media/transcode", transcode_media, teacher_allowed=True),
)
