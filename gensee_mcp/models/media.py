"""Arguments and results of the record, warm-up, document, transcoding and teacher tools."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AnyUrl, Field, UrlConstraints, field_validator

from gensee_mcp.models.common import (
    Arguments,
    Count,
    DocId,
    Flag,
    Output,
    PagedListing,
    RecordId,
    RoomId,
    Text,
    Time,
    WarmupId,
    Wire,
    wire_id,
)

Mode = Annotated[
    Literal[1, 2, 3] | None,
    Field(
        default=None,
        description="Player layout: 1 three-pane (default), 2 document/video main, 3 two-pane.",
    ),
]
HttpUrl = Annotated[AnyUrl, UrlConstraints(allowed_schemes=["http", "https"], max_length=2000)]


class SyncedRecord(Output):
    """A recording in the site-wide sync."""

    recordId: Text = wire_id("recordId", "id")
    name: Text
    roomId: Text
    recordStartTime: Time
    recordEndTime: Time
    createdTime: Time
    size: Count
    creator: Text


class RecordPage(PagedListing):
    """One page of the site's recordings."""

    records: list[SyncedRecord] = Field(default_factory=list)


class CreateWarmupArgs(Arguments):
    """Arguments of create_warmup."""

    name: Annotated[str, Field(min_length=1, max_length=250, description="Warm-up name.")]
    recordId: RecordId
    mode: Mode


class UpdateWarmupArgs(Arguments):
    """Arguments of update_warmup."""

    warmupId: Annotated[WarmupId, Wire("id")]
    name: Annotated[
        str | None,
        Field(
            default=None, min_length=1, max_length=250, description="New name; kept if omitted."
        ),
    ]
    recordId: Annotated[
        int | None,
        Field(default=None, ge=1, le=2**63 - 1, description="New recording id; kept if omitted."),
    ]
    mode: Annotated[
        Literal[1, 2, 3] | None,
        Field(default=None, description="Player layout 1-3; the site resets it to 1 if omitted."),
    ]


class Warmup(Output):
    """A warm-up video."""

    warmupId: Text = wire_id("warmupId", "id")
    name: Text
    recordId: Text
    mode: Count
    warnings: list[str] | None = None


class WarmupLink(Arguments):
    """Arguments of attach_warmup and detach_warmup."""

    roomId: RoomId
    warmupId: WarmupId


class WarmupLinked(Output):
    """Acknowledgement of attach_warmup or detach_warmup."""

    roomId: Text
    warmupId: Text
    attached: bool


class RecordLink(Arguments):
    """Arguments of attach_playback_records and detach_playback_records."""

    roomId: RoomId
    recordIds: Annotated[
        list[RecordId],
        Wire("recordId"),
        Field(min_length=1, max_length=50, description="Recording ids, no duplicates."),
    ]

    @field_validator("recordIds")
    @classmethod
    def _no_duplicates(cls, value: list[int]) -> list[int]:
        duplicates = sorted({item for item in value if value.count(item) > 1})
        if duplicates:
            raise ValueError(f"contains duplicates {duplicates}; list each recording once")
        return value


class RecordsLinked(Output):
    """Acknowledgement of attach_playback_records or detach_playback_records."""

    roomId: Text
    recordIds: list[str] = Field(default_factory=list)
    attached: bool


class SyncedDocument(Output):
    """A server-side document in the site-wide sync."""

    docId: Text = wire_id("docId", "Id", "id")
    name: Text
    upload: Flag
    createdTime: Time


class DocumentPage(PagedListing):
    """One page of the site's documents."""

    documents: list[SyncedDocument] = Field(default_factory=list)


class DocumentLink(Arguments):
    """Arguments of attach_document and detach_document."""

    roomId: RoomId
    docId: DocId


class DocumentLinked(Output):
    """Acknowledgement of attach_document or detach_document."""

    roomId: Text
    docId: Text
    attached: bool


class TranscodeArgs(Arguments):
    """Arguments of transcode_document and transcode_media."""

    resourceUrl: Annotated[HttpUrl, Field(description="http(s) URL of the file.")]
    name: Annotated[str, Field(min_length=1, max_length=250, description="Name for the result.")]
    callbackUrl: Annotated[
        HttpUrl | None,
        Field(
            default=None,
            description="http(s) URL to notify (gscoursewareId, gsstatus ok/error) when done.",
        ),
    ]


class Transcoded(Output):
    """The courseware a transcoding creates."""

    coursewareId: Text
    coursewareCode: Text
    visitUrl: Text
    docId: Text
    recordId: Text


class CreateTeacherArgs(Arguments):
    """Arguments of create_teacher."""

    teacherLoginName: Annotated[
        str, Field(min_length=1, max_length=40, description="Teacher's login name.")
    ]
    teacherPassword: Annotated[
        str, Field(min_length=6, max_length=15, description="Teacher's password.")
    ]
    name: Annotated[str, Field(min_length=1, max_length=40, description="Teacher's display name.")]


class TeacherCreated(Output):
    """Acknowledgement of create_teacher; the password is not repeated."""

    teacherLoginName: Text
    name: Text
    created: bool = True
