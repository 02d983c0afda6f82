"""The operations table: every Training API operation the server offers as a tool."""

from __future__ import annotations

from gensee_mcp import handlers
from gensee_mcp import summaries as summarize
from gensee_mcp.models import coursewares as cw
from gensee_mcp.models import exports as ex
from gensee_mcp.models import media as md
from gensee_mcp.models import rooms as rm
from gensee_mcp.operation import Operation
from gensee_mcp.paging import paged

ROOM_NOT_FOUND = "room id (roomId, from create_room or list_rooms)"
COURSEWARE_NOT_FOUND = (
    "courseware id (coursewareId, from list_coursewares or list_room_coursewares)"
)
RECORD_NOT_FOUND = "recording id (recordId, from sync_records)"
EXPORT_RANGE = (
    " Give startTime and endTime, or neither for the latest session; long ranges are "
    "fetched week by week."
)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        name="create_room",
        path="training/room/created",
        title="Create a class room",
        description=(
            "Schedule a live class room. Returns its roomId, number, join URLs and the four "
            "join tokens (generated when not given). The subject must be unique on the site."
        ),
        input_model=rm.CreateRoomArgs,
        output_model=rm.RoomWithWarnings,
        toolset="rooms",
        read_only=False,
        handler=handlers.send,
        summary=summarize.created_room,
        verify_hint="Call get_room only if you have the roomId; otherwise look for the subject "
        "with list_rooms before creating it again.",
        advice={
            "502": "The subject or one of the tokens is already taken by another room. Choose "
            "a different subject (or different tokens) and call again."
        },
    ),
    Operation(
        name="update_room",
        path="training/room/modify",
        title="Change a class room",
        description=(
            "Change a room's subject, time, tokens or settings. Only the arguments given change; "
            "subject, times, tokens and webJoin/clientJoin are read back and kept. The site "
            "cannot report the other settings (duration, scene, layout, introductions, ...), so "
            "this server sends back the values it last sent for the room; settings it never sent "
            "return to site defaults unless given."
        ),
        input_model=rm.UpdateRoomArgs,
        output_model=rm.RoomWithWarnings,
        toolset="rooms",
        read_only=False,
        idempotent=True,
        handler=handlers.update_room,
        summary=summarize.updated_room,
        not_found=ROOM_NOT_FOUND,
        advice={"502": "Another room already has this subject or token; choose another."},
    ),
    Operation(
        name="delete_room",
        path="training/room/deleted",
        title="Delete a class room",
        description="Delete a room for good. Its recorded coursewares stay on the site.",
        input_model=rm.RoomIdArgs,
        output_model=rm.RoomDeleted,
        toolset="rooms",
        read_only=False,
        destructive=True,
        idempotent=True,
        handler=handlers.acknowledge(deleted=True),
        summary=summarize.deleted_room,
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="get_room",
        path="training/room/info",
        title="Get a class room",
        description="Read a room's subject, start and expiry times, join URLs and tokens.",
        input_model=rm.RoomIdArgs,
        output_model=rm.Room,
        toolset="rooms",
        read_only=True,
        idempotent=True,
        handler=handlers.send,
        summary=summarize.room,
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="list_room_coursewares",
        path="training/courseware/list",
        title="List a room's recordings",
        description="List the coursewares (recorded classes) of one room, with viewing URLs.",
        input_model=rm.RoomIdArgs,
        output_model=cw.RoomCoursewares,
        toolset="courseware",
        read_only=True,
        idempotent=True,
        handler=handlers.list_room_coursewares,
        summary=summarize.room_coursewares,
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="get_courseware",
        path="training/courseware/info",
        title="Get a courseware",
        description="Read one courseware: name, room, viewing URL, token, creator.",
        input_model=cw.CoursewareIdArgs,
        output_model=cw.Courseware,
        toolset="courseware",
        read_only=True,
        idempotent=True,
        handler=handlers.send,
        summary=summarize.courseware,
        not_found=COURSEWARE_NOT_FOUND,
    ),
    Operation(
        name="update_courseware",
        path="training/courseware/modify",
        title="Change a courseware",
        description=(
            "Rename a courseware, set its viewing token or layout. Subject and token are kept "
            "unless given; the site cannot report layout settings, so they return to defaults "
            "unless given."
        ),
        input_model=cw.UpdateCoursewareArgs,
        output_model=cw.CoursewareUpdated,
        toolset="courseware",
        read_only=False,
        idempotent=True,
        handler=handlers.update_courseware,
        summary=summarize.courseware,
        not_found=COURSEWARE_NOT_FOUND,
    ),
    Operation(
        name="delete_courseware",
        path="training/courseware/deleted",
        title="Delete a courseware",
        description="Delete a recorded courseware for good; its viewing URL stops working.",
        input_model=cw.CoursewareIdArgs,
        output_model=cw.CoursewareDeleted,
        toolset="courseware",
        read_only=False,
        destructive=True,
        idempotent=True,
        handler=handlers.acknowledge(deleted=True),
        summary=summarize.deleted_courseware,
        not_found=COURSEWARE_NOT_FOUND,
    ),
    Operation(
        name="create_teacher",
        path="training/teacher/created",
        title="Create a teacher account",
        description="Create a teacher login on the site. Needs an administrator account.",
        input_model=md.CreateTeacherArgs,
        output_model=md.TeacherCreated,
        toolset="teachers",
        read_only=False,
        handler=handlers.send,
        summary=summarize.teacher,
        advice={"502": "This teacherLoginName is taken; choose another."},
        verify_hint="Try logging in as the teacher before creating it again.",
    ),
    Operation(
        name="sync_records",
        path="training/record/syn",
        title="List recordings",
        description=(
            "List the site's recordings, 50 per page, oldest first, optionally only those "
            "created in a time range. Needs an administrator account."
        ),
        input_model=cw.SyncArgs,
        output_model=md.RecordPage,
        toolset="records",
        read_only=True,
        idempotent=True,
        handler=paged("records"),
        summary=summarize.page("records"),
    ),
    Operation(
        name="sync_coursewares",
        path="training/courseware/syn",
        title="List coursewares",
        description=(
            "List the site's coursewares, 50 per page, oldest first, optionally only those "
            "created in a time range. Needs an administrator account."
        ),
        input_model=cw.SyncArgs,
        output_model=cw.CoursewarePage,
        toolset="courseware",
        read_only=True,
        idempotent=True,
        handler=paged("coursewares"),
        summary=summarize.page("coursewares"),
    ),
    Operation(
        name="create_warmup",
        path="training/warmup/created",
        title="Create a warm-up video",
        description="Make a recording into a warm-up video that rooms play before class starts.",
        input_model=md.CreateWarmupArgs,
        output_model=md.Warmup,
        toolset="warmups",
        read_only=False,
        handler=handlers.send,
        summary=summarize.warmup,
        not_found=RECORD_NOT_FOUND,
    ),
    Operation(
        name="update_warmup",
        path="training/warmup/modify",
        title="Change a warm-up video",
        description="Rename a warm-up, point it at another recording or change its layout.",
        input_model=md.UpdateWarmupArgs,
        output_model=md.Warmup,
        toolset="warmups",
        read_only=False,
        idempotent=True,
        handler=handlers.update_warmup,
        summary=summarize.warmup,
        not_found="warm-up id (warmupId, from create_warmup) or recording id (recordId)",
    ),
    Operation(
        name="attach_warmup",
        path="training/warmup/attach",
        title="Set a room's warm-up video",
        description="Play this warm-up in a room before class starts; replaces any other.",
        input_model=md.WarmupLink,
        output_model=md.WarmupLinked,
        toolset="warmups",
        read_only=False,
        idempotent=True,
        handler=handlers.acknowledge(attached=True),
        summary=summarize.link("warm-up", "warmupId"),
        not_found="room id (roomId) or warm-up id (warmupId, from create_warmup)",
    ),
    Operation(
        name="detach_warmup",
        path="training/warmup/detach",
        title="Remove a room's warm-up video",
        description="Stop playing the warm-up in a room. A room has at most one warm-up.",
        input_model=md.WarmupLink,
        output_model=md.WarmupLinked,
        toolset="warmups",
        read_only=False,
        destructive=True,
        idempotent=True,
        handler=handlers.acknowledge(attached=False),
        summary=summarize.link("warm-up", "warmupId"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="attach_playback_records",
        path="training/record/choose",
        title="Add recordings for in-class playback",
        description="Let the teacher play these recordings live to the class (insert-play).",
        input_model=md.RecordLink,
        output_model=md.RecordsLinked,
        toolset="records",
        read_only=False,
        idempotent=True,
        handler=handlers.acknowledge(attached=True),
        summary=summarize.link("recordings", "recordIds"),
        not_found="room id (roomId) or one of the recording ids (recordIds, from sync_records)",
    ),
    Operation(
        name="detach_playback_records",
        path="training/record/remove",
        title="Remove recordings from in-class playback",
        description="Take these recordings off a room's in-class playback list.",
        input_model=md.RecordLink,
        output_model=md.RecordsLinked,
        toolset="records",
        read_only=False,
        destructive=True,
        idempotent=True,
        handler=handlers.acknowledge(attached=False),
        summary=summarize.link("recordings", "recordIds"),
        not_found="room id (roomId) or one of the recording ids (recordIds, from sync_records)",
    ),
    Operation(
        name="export_attendance",
        path="training/export/history",
        title="Export attendance",
        description="Who joined a room and when: name, device, join and leave times."
        + EXPORT_RANGE,
        input_model=ex.ExportArgs,
        output_model=ex.AttendanceExport,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=handlers.export("attendance", "list", "joinTime"),
        summary=summarize.export("attendance row", "attendance"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="export_qa",
        path="training/export/qa",
        title="Export Q&A",
        description="Questions asked in a room and their answers." + EXPORT_RANGE,
        input_model=ex.ExportArgs,
        output_model=ex.QaExport,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=handlers.export("questions", "list", "submitTime"),
        summary=summarize.export("question", "questions"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="export_rollcall",
        path="training/export/rollcall",
        title="Export roll calls",
        description="Roll calls taken in a room: who was present or absent." + EXPORT_RANGE,
        input_model=ex.ExportArgs,
        output_model=ex.RollcallExport,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=handlers.export("rollcalls", "rollcall", "startTime"),
        summary=summarize.export("roll call", "rollcalls"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="export_votes",
        path="training/export/vote",
        title="Export votes and surveys",
        description="Votes and surveys run in a room, with percentages and answers."
        + EXPORT_RANGE,
        input_model=ex.ExportArgs,
        output_model=ex.VoteExport,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=handlers.export("votes", "list", None),
        summary=summarize.export("vote", "votes"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="sync_documents",
        path="training/doc/syn",
        title="List documents",
        description=(
            "List the site's server-side documents, 50 per page, optionally only those created "
            "in a time range. Needs an administrator account."
        ),
        input_model=cw.SyncArgs,
        output_model=md.DocumentPage,
        toolset="documents",
        read_only=True,
        idempotent=True,
        handler=paged("documents"),
        summary=summarize.page("documents"),
    ),
    Operation(
        name="attach_document",
        path="training/doc/attach",
        title="Set a room's document",
        description="Open this server-side document in the room's client; replaces any other.",
        input_model=md.DocumentLink,
        output_model=md.DocumentLinked,
        toolset="documents",
        read_only=False,
        idempotent=True,
        handler=handlers.acknowledge(attached=True),
        summary=summarize.link("document", "docId"),
        not_found="room id (roomId) or document id (docId, from sync_documents)",
    ),
    Operation(
        name="detach_document",
        path="training/doc/detach",
        title="Remove a room's document",
        description="Stop offering the server-side document in a room.",
        input_model=md.DocumentLink,
        output_model=md.DocumentLinked,
        toolset="documents",
        read_only=False,
        destructive=True,
        idempotent=True,
        handler=handlers.acknowledge(attached=False),
        summary=summarize.link("document", "docId"),
        not_found="room id (roomId) or document id (docId, from sync_documents)",
    ),
    Operation(
        name="export_courseware_views",
        path="training/export/study/history",
        title="Export courseware views",
        description="Who watched which courseware on one day (or one hour of it), 50 per page.",
        input_model=cw.CoursewareViewsArgs,
        output_model=cw.CoursewareViewsPage,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=paged("views", top_level_page=True),
        summary=summarize.page("views"),
    ),
    Operation(
        name="export_chat",
        path="training/export/chat",
        title="Export chat",
        description="Public chat messages of a room." + EXPORT_RANGE,
        input_model=ex.ExportArgs,
        output_model=ex.ChatExport,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=handlers.export("messages", "list", "time"),
        summary=summarize.export("chat message", "messages"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="transcode_document",
        path="training/courseware/transcode",
        title="Upload and convert a document",
        description=(
            "Have the site download a document from a URL and convert it to a courseware. "
            "Returns the courseware and document ids at once; conversion finishes later."
        ),
        input_model=md.TranscodeArgs,
        output_model=md.Transcoded,
        toolset="transcoding",
        read_only=False,
        open_world=True,
        handler=handlers.send,
        summary=summarize.transcoded,
        verify_hint="Look for the name with sync_coursewares before sending it again.",
    ),
    Operation(
        name="transcode_media",
        path="training/media/transcode",
        title="Upload and convert audio or video",
        description=(
            "Have the site download audio or video from a URL and convert it to a courseware. "
            "Returns the courseware and recording ids at once; conversion finishes later."
        ),
        input_model=md.TranscodeArgs,
        output_model=md.Transcoded,
        toolset="transcoding",
        read_only=False,
        open_world=True,
        handler=handlers.send,
        summary=summarize.transcoded,
        verify_hint="Look for the name with sync_records before sending it again.",
    ),
    Operation(
        name="export_room_usage",
        path="training/export/room/usage",
        title="Export class sessions",
        description=(
            "When rooms were actually open: sessions that ended between startTime and endTime, "
            "for one room or all. Ranges over 7 days are fetched week by week."
        ),
        input_model=ex.RoomUsageArgs,
        output_model=ex.RoomUsageExport,
        toolset="exports",
        read_only=True,
        idempotent=True,
        handler=handlers.export("sessions", "list", "endTime"),
        summary=summarize.export("session", "sessions"),
        not_found=ROOM_NOT_FOUND,
    ),
    Operation(
        name="configure_phone_conference",
        path="training/room/telconf",
        title="Set up 263 phone dial-in",
        description=(
            "Let the teacher or assistant join a room by phone through an existing 263 "
            "conference account. Without siteName and sitePassword the feature is off."
        ),
        input_model=rm.PhoneConferenceArgs,
        output_model=rm.PhoneConferenceSet,
        toolset="telephony",
        read_only=False,
        idempotent=True,
        handler=handlers.configure_phone_conference,
        summary=summarize.phone,
        not_found=ROOM_NOT_FOUND,
    ),
)

OPERATIONS_BY_NAME = {operation.name: operation for operation in OPERATIONS}
