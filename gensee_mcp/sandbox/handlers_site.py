"""Administrator operations on site resources: teachers (5.9), recordings (5.10, 5.16, 5.17),
warm-ups (5.12-5.15) and server-side documents (5.22-5.24).

Numbers such as 5.1 are the operation numbers of Gensee's Training JSON API reference.
"""

from __future__ import annotations

from gensee_mcp.sandbox.errors import ApiError
from gensee_mcp.sandbox.models import Record, User, Warmup
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


def create_teacher(call: Call) -> Payload:
    """Create a teacher account (5.9); ``teacherPassword`` is always the plain password."""
    params = call.params
    login = params.required_text("teacherLoginName", min_len=1, max_len=40)
    password = params.required_text("teacherPassword", min_len=6, max_len=15)
    name = params.required_text("name", min_len=1, max_len=40)

    store = call.store
    if login in store.users:
        raise ApiError("502", f"a user with login name {login!r} already exists")
    store.users[login] = User(
        uid=store.new_uid(), login=login, password=password, name=name, role="teacher"
    )
    return {}


def sync_records(call: Call) -> Payload:
    """Return one page of the site's recordings, oldest first (5.10)."""
    page_no = page_number(call.params)
    start, end = created_between(call.params)

    matching = [
        record for record in call.store.records.values() if within(record.created_time, start, end)
    ]
    matching.sort(key=lambda record: (record.created_time, record.id))
    items, page = paginate(matching, page_no)
    return {
        "list": [
            list_item(
                {
                    "id": record.id,
                    "name": record.name,
                    "recordStartTime": record.record_start_time,
                    "recordEndTime": record.record_end_time,
                    "createdTime": record.created_time,
                    "size": record.size,
                    "roomId": record.room_id,
                    "creator": record.creator,
                }
            )
            for record in items
        ],
        "page": page,
    }


def _existing_record(call: Call, record_id: int) -> Record:
    record = call.store.records.get(record_id)
    if record is None:
        raise ApiError("501", f"record {record_id} does not exist")
    return record


def _existing_warmup(call: Call, warmup_id: str) -> Warmup:
    warmup = call.store.warmups.get(warmup_id)
    if warmup is None:
        raise ApiError("501", f"warm-up {warmup_id} does not exist")
    return warmup


def create_warmup(call: Call) -> Payload:
    """Create a warm-up item from a recording (5.12)."""
    name = call.params.required_text("name")
    record_id = call.params.long("recordId", required=True)
    assert record_id is not None
    mode = call.params.integer("mode", default=1, minimum=1, maximum=3)
    assert mode is not None
    _existing_record(call, record_id)

    store = call.store
    warmup = Warmup(
        id=store.new_short_id(store.warmups), name=name, record_id=record_id, mode=mode
    )
    store.warmups[warmup.id] = warmup
    return {
        "name": warmup.name,
        "id": warmup.id,
        "recordId": warmup.record_id,
        "mode": warmup.mode,
    }


def modify_warmup(call: Call) -> Payload:
    """Modify a warm-up item (5.13): omitted name and recording stay, omitted mode becomes 1."""
    name = call.params.text("name")
    record_id = call.params.long("recordId")
    mode = call.params.integer("mode", default=1, minimum=1, maximum=3)
    assert mode is not None
    warmup = _existing_warmup(call, call.params.required_text("id"))
    if record_id is not None:
        _existing_record(call, record_id)

    if name is not None:
        warmup.name = name
    if record_id is not None:
        warmup.record_id = record_id
    warmup.mode = mode
    return {}


def attach_warmup(call: Call) -> Payload:
    """Make a warm-up item the room's warm-up, replacing any earlier one (5.14)."""
    warmup_id = call.params.required_text("warmupId")
    room = call.room()
    warmup = _existing_warmup(call, warmup_id)
    room.warmup_id = warmup.id
    return {}


def detach_warmup(call: Call) -> Payload:
    """Remove the room's warm-up (5.15); ``warmupId`` is required but not compared."""
    call.params.required_text("warmupId")
    room = call.room()
    room.warmup_id = None
    return {}


def choose_records(call: Call) -> Payload:
    """Add recordings to the room's insert-play set, ignoring duplicates (5.16)."""
    record_ids = call.params.long_list("recordId")
    room = call.room()
    for record_id in record_ids:
        _existing_record(call, record_id)

    for record_id in record_ids:
        if record_id not in room.record_ids:
            room.record_ids.append(record_id)
    return {}


def remove_records(call: Call) -> Payload:
    """Remove recordings from the room's insert-play set, or all when none is named (5.17)."""
    record_ids = call.params.long_list("recordId")
    room = call.room()
    for record_id in record_ids:
        _existing_record(call, record_id)

    if record_ids:
        room.record_ids = [kept for kept in room.record_ids if kept not in record_ids]
    else:
        room.record_ids = []
    return {}


def sync_documents(call: Call) -> Payload:
    """Return one page of the site's server-side documents, oldest first (5.22)."""
    page_no = page_number(call.params)
    start, end = created_between(call.params)

    matching = [
        document
        for document in call.store.documents.values()
        if within(document.created_time, start, end)
    ]
    matching.sort(key=lambda document: (document.created_time, document.id))
    items, page = paginate(matching, page_no)
    return {
        "list": [
            list_item(
                {
                    "Id": document.id,
                    "name": document.name,
                    "upload": "true" if document.upload else "false",
                    "createdTime": document.created_time,
                }
            )
            for document in items
        ],
        "page": page,
    }


def _document_id(call: Call) -> int:
    document_id = call.params.long("docId", required=True)
    assert document_id is not None
    return document_id


def _check_document(call: Call, document_id: int) -> None:
    if document_id not in call.store.documents:
        raise ApiError("501", f"document {document_id} does not exist")


def attach_document(call: Call) -> Payload:
    """Make a document the room's server-side document, replacing any earlier one (5.23)."""
    document_id = _document_id(call)
    room = call.room()
    _check_document(call, document_id)
    room.doc_id = document_id
    return {}


def detach_document(call: Call) -> Payload:
    """Remove the document from the room (5.24); a document not attached is no error."""
    document_id = _document_id(call)
    room = call.room()
    _check_document(call, document_id)
    if room.doc_id == document_id:
        room.doc_id = None
    return {}


OPERATIONS = (
    Operation("teacher/created", create_teacher, teacher_allowed=False),
    Operation("record/syn", sync_records, teacher_allowed=False),
    Operation("warmup/created", create_warmup, teacher_allowed=False),
    Operation("warmup/modify", modify_warmup, teacher_allowed=False),
    Operation("warmup/attach", attach_warmup, teacher_allowed=False),
    Operation("warmup/detach", detach_warmup, teacher_allowed=False),
    Operation("record/choose", choose_records, teacher_allowed=False),
    Operation("record/remove", remove_records, teacher_allowed=False),
    Operation("doc/syn", sync_documents, teacher_allowed=False),
    Operation("doc/attach", attach_document, teacher_allowed=False),
    Operation("doc/detach", detach_document, teacher_allowed=False),
)
