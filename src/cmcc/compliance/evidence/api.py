"""API of evidence: upload (hashed as it streams in), links, working copies, custody handovers,
integrity checks and the original's download. The chain of custody has no update or delete."""

import datetime as dt
import uuid

from django.http import FileResponse, HttpRequest
from ninja import Field, File, FilterSchema, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, actor_of, prepare_records, referenced, require_user
from cmcc.core.choices import Releasability
from cmcc.core.errors import NotFound, ValidationFailed

from .. import selectors, services
from ..vocab import CustodyAction, EvidenceKind, Integrity
from . import storage

router = Router(tags=["compliance"])


class CustodyOut(Schema):
    seq: int
    action: CustodyAction
    at: dt.datetime
    actor_name: str
    actor_org_id: uuid.UUID | None
    from_custodian: str
    to_custodian: str
    sha256_before: str
    sha256_after: str
    note: str
    hash: str


class EvidenceOut(RecordOut):
    kind: EvidenceKind
    incident_id: uuid.UUID | None
    report_id: uuid.UUID | None
    original_id: uuid.UUID | None = Field(None, description="For a working copy: its original")
    title: str
    description: str
    url: str
    captured_at: dt.datetime | None
    captured_by: str
    capture_tool: str
    sha256: str
    size: int | None
    content_type: str
    filename: str
    geolocation: str
    integrity: Integrity
    checked_at: dt.datetime | None


class EvidenceDetailOut(EvidenceOut):
    custody: list[CustodyOut]
    working_copy_ids: list[uuid.UUID]

    @staticmethod
    def resolve_custody(obj) -> list:
        return obj._custody

    @staticmethod
    def resolve_working_copy_ids(obj) -> list:
        return obj._copies


class EvidenceFilter(FilterSchema):
    incident_id: uuid.UUID | None = None
    report_id: uuid.UUID | None = None
    integrity: Integrity | None = None
    kind: EvidenceKind | None = None


class CaptureFields(Schema):
    title: str = Field(..., min_length=2, max_length=200)
    incident_id: uuid.UUID | None = None
    report_id: uuid.UUID | None = None
    description: str = ""
    captured_at: dt.datetime | None = Field(None, description="When it was captured (UTC)")
    captured_by: str = Field("", max_length=200)
    capture_tool: str = Field("", max_length=200, description="Tool or method of capture")
    geolocation: str = Field("", max_length=300, description="Where it is said to show")
    releasability: Releasability = Releasability.NAMED
    protected: bool = Field(False, description="Graphic or identifying material")


class UploadForm(CaptureFields):
    url: str = Field("", max_length=1000, description="Where it was found, if online")
    shared_with: str = Field(
        "coordination", description="Comma-separated organisation ids/slugs or communities"
    )


class LinkIn(CaptureFields):
    url: str = Field(..., min_length=8, max_length=1000)
    sha256: str = Field("", description="SHA-256 of a capture made offline, if any")
    shared_with: list[str] = Field(default_factory=lambda: ["coordination"])


class CopyForm(Schema):
    note: str = Field(..., min_length=3, description="What was done to make the copy")
    title: str = Field("", max_length=200)
    capture_tool: str = Field("", max_length=200)


class TransferIn(Schema):
    to_custodian: str = Field(..., min_length=2, max_length=200)
    note: str = ""


class CheckOut(Schema):
    evidence_id: uuid.UUID
    title: str
    status: Integrity
    expected: str
    found: str | None
    custody_problems: list[str]
    ok: bool


def _targets(actor, data: dict) -> dict:
    incident_id, report_id = data.pop("incident_id", None), data.pop("report_id", None)
    data["incident"] = (
        referenced("incident_id", selectors.incident_get, actor=actor, incident_id=incident_id)
        if incident_id
        else None
    )
    data["report"] = (
        referenced("report_id", selectors.report_get, actor=actor, report_id=report_id) if report_id else None
    )
    return data


def _detail(request, evidence):
    actor = actor_of(request)
    prepare_records([evidence], request)
    evidence._custody = list(selectors.custody(actor=actor, evidence=evidence))
    evidence._copies = [e.pk for e in selectors.working_copies(actor=actor, evidence=evidence)]
    return evidence


def _list(value: str) -> list[str]:
    return [s.strip() for s in value.split(",") if s.strip()]


@router.get("/evidence", response=list[EvidenceOut], summary="Evidence you may see")
@paginate(Page)
def evidence_list(request: HttpRequest, filters: Query[EvidenceFilter]):
    actor = actor_of(request)
    data = filters.model_dump()
    qs = selectors.evidence_list(actor=actor, integrity=data["integrity"], kind=data["kind"])
    if data["incident_id"]:
        qs = qs.filter(incident_id=data["incident_id"])
    if data["report_id"]:
        qs = qs.filter(report_id=data["report_id"])
    return qs


@router.post(
    "/evidence",
    response={201: EvidenceDetailOut},
    summary="Upload an original file (SHA-256 computed on upload)",
)
def evidence_upload(request: HttpRequest, form: Form[UploadForm], file: File[UploadedFile]):
    actor = require_user(request)
    data = _targets(actor, form.model_dump())
    data["shared_with"] = _list(data["shared_with"])
    evidence = services.evidence_upload(actor=actor, file=file, filename=file.name or "", **data)
    return Status(201, _detail(request, evidence))


@router.post(
    "/evidence/links", response={201: EvidenceDetailOut}, summary="Record a link with its capture data"
)
def evidence_link(request: HttpRequest, payload: LinkIn):
    actor = require_user(request)
    data = _targets(actor, payload.model_dump())
    return Status(201, _detail(request, services.evidence_link(actor=actor, **data)))


@router.post(
    "/evidence/verify", response=list[CheckOut], summary="Re-hash stored files: find tampering (verify)"
)
def evidence_verify(request: HttpRequest):
    actor = require_user(request)
    return [
        CheckOut(
            evidence_id=uuid.UUID(c.evidence_id),
            title=c.title,
            status=Integrity(c.status),
            expected=c.expected,
            found=c.found,
            custody_problems=c.custody,
            ok=c.ok,
        )
        for c in services.evidence_verify(actor=actor)
    ]


@router.get(
    "/evidence/{uuid:evidence_id}", response=EvidenceDetailOut, summary="One item with its chain of custody"
)
def evidence_get(request: HttpRequest, evidence_id: uuid.UUID):
    return _detail(request, selectors.evidence_get(actor=actor_of(request), evidence_id=evidence_id))


@router.get(
    "/evidence/{uuid:evidence_id}/original",
    summary="Download the stored file (recorded in its chain of custody)",
    response={200: None},
)
def evidence_original(request: HttpRequest, evidence_id: uuid.UUID):
    actor = require_user(request)
    evidence = selectors.evidence_get(actor=actor, evidence_id=evidence_id)
    if evidence.kind != EvidenceKind.FILE:
        raise NotFound("This item is a link; it has no stored file.")
    services.evidence_accessed(actor=actor, evidence=evidence)
    response = FileResponse(
        storage.open_original(evidence.storage_name),
        as_attachment=True,
        filename=evidence.filename or evidence.sha256,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-SHA256"] = evidence.sha256
    return response


@router.post(
    "/evidence/{uuid:evidence_id}/copies",
    response={201: EvidenceDetailOut},
    summary="Add a working copy that points to its original",
)
def evidence_copy(
    request: HttpRequest, evidence_id: uuid.UUID, form: Form[CopyForm], file: File[UploadedFile]
):
    actor = require_user(request)
    original = selectors.evidence_get(actor=actor, evidence_id=evidence_id)
    copy = services.evidence_copy(
        actor=actor, original=original, file=file, filename=file.name or "", **form.model_dump()
    )
    return Status(201, _detail(request, copy))


@router.post(
    "/evidence/{uuid:evidence_id}/custody",
    response={201: CustodyOut},
    summary="Record a handover to a new custodian (entries are only ever added)",
)
def evidence_transfer(request: HttpRequest, evidence_id: uuid.UUID, payload: TransferIn):
    actor = require_user(request)
    evidence = selectors.evidence_get(actor=actor, evidence_id=evidence_id)
    return Status(201, services.evidence_transfer(actor=actor, evidence=evidence, **payload.model_dump()))


__all__ = ["ValidationFailed", "router"]
