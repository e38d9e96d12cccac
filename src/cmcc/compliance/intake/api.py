"""API of sources and reports: register and re-rate sources, submit and import reports, grade them."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, File, FilterSchema, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, referenced, require_user
from cmcc.core.choices import Releasability
from cmcc.core.errors import ValidationFailed
from cmcc.partners import selectors as partner_selectors

from .. import selectors, services
from ..incidents.services import UNSET
from ..vocab import (
    CasualtyKind,
    Category,
    Channel,
    Credibility,
    GeoPrecision,
    ObservationMode,
    Population,
    Reliability,
    SourceType,
    TimePrecision,
)
from . import importers

router = Router(tags=["compliance"])
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _org(actor, field: str, org_id):
    if org_id is None:
        return None
    return referenced(field, partner_selectors.organisation_get, actor=actor, org_id=org_id)


# -- sources -----------------------------------------------------------------------------------


class RatingOut(Schema):
    reliability: Reliability
    previous: str
    reason: str
    rated_by: str
    rated_by_org_id: uuid.UUID | None
    created_at: dt.datetime


class SourceOut(RecordOut):
    name: str
    type: SourceType
    org_id: uuid.UUID | None
    reliability: Reliability
    description: str


class SourceDetailOut(SourceOut):
    ratings: list[RatingOut]

    @staticmethod
    def resolve_ratings(obj) -> list:
        return obj._ratings


class SourceIn(SharingIn):
    name: str = Field(..., min_length=2, max_length=200)
    type: SourceType
    org_id: uuid.UUID | None = Field(None, description="When the source is a member organisation")
    reliability: Reliability = Reliability.F
    description: str = ""
    reason: str = Field("", description="Why this first rating")


class SourcePatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=200)
    type: SourceType | None = None
    org_id: uuid.UUID | None = None
    description: str | None = None
    releasability: Releasability | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class RatingIn(Schema):
    reliability: Reliability
    reason: str = Field(..., min_length=3, description="Why the source is re-rated")


class SourceFilter(FilterSchema):
    type: SourceType | None = None
    reliability: Reliability | None = None
    q: str | None = None


def _source_detail(request, source):
    prepare_records([source], request)
    source._ratings = list(selectors.source_ratings(actor=actor_of(request), source=source))
    return source


@router.get("/sources", response=list[SourceOut], summary="Sources the cell grades (Admiralty A–F)")
@paginate(Page)
def source_list(request: HttpRequest, filters: Query[SourceFilter]):
    return selectors.source_list(actor=actor_of(request), **filters.model_dump())


@router.post("/sources", response={201: SourceDetailOut}, summary="Register a source with its first rating")
def source_create(request: HttpRequest, payload: SourceIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["org"] = _org(actor, "org_id", data.pop("org_id"))
    return Status(201, _source_detail(request, services.source_create(actor=actor, **data)))


@router.get(
    "/sources/{uuid:source_id}", response=SourceDetailOut, summary="A source and its reliability history"
)
def source_get(request: HttpRequest, source_id: uuid.UUID):
    return _source_detail(request, selectors.source_get(actor=actor_of(request), source_id=source_id))


@router.patch(
    "/sources/{uuid:source_id}", response=SourceDetailOut, summary="Change a source (not its rating)"
)
def source_update(request: HttpRequest, source_id: uuid.UUID, payload: SourcePatch):
    actor = require_user(request)
    source = selectors.source_get(actor=actor, source_id=source_id)
    data = payload.model_dump(exclude_unset=True)
    if "org_id" in data:
        data["org"] = _org(actor, "org_id", data.pop("org_id"))
    return _source_detail(request, services.source_update(actor=actor, source=source, **data))


@router.post(
    "/sources/{uuid:source_id}/ratings",
    response={201: SourceDetailOut},
    summary="Re-rate a source: who, when, why",
)
def source_rate(request: HttpRequest, source_id: uuid.UUID, payload: RatingIn):
    actor = require_user(request)
    source = selectors.source_get(actor=actor, source_id=source_id)
    source = services.source_rate(actor=actor, source=source, **payload.model_dump())
    return Status(201, _source_detail(request, source))


# -- reports -----------------------------------------------------------------------------------


class ClaimIn(Schema):
    kind: CasualtyKind
    population: Population = Population.UNKNOWN
    count: int = Field(..., ge=0)
    count_max: int | None = Field(None, ge=0, description="For a range: the highest number claimed")
    claimed_by: str = Field("", max_length=200, description="Empty: the report's source")
    note: str = Field("", max_length=300)


class ClaimOut(Schema):
    kind: CasualtyKind
    population: Population
    count: int
    count_max: int | None
    claimed_by: str
    note: str


class AssessmentOut(Schema):
    incident_id: uuid.UUID
    incident_reference: str
    source_id: uuid.UUID | None
    source_name: str
    reliability: str
    credibility: int | None
    grade: str
    origin: str
    independent_key: str
    grading_note: str
    graded_by: str
    graded_at: dt.datetime | None
    link_method: str
    link_score: float | None
    link_reasons: list[str]

    @staticmethod
    def resolve_incident_reference(obj) -> str:
        return obj.incident.reference

    @staticmethod
    def resolve_source_name(obj) -> str:
        return obj.source.name if obj.source else ""

    @staticmethod
    def resolve_reliability(obj) -> str:
        return obj.source.reliability if obj.source else ""

    @staticmethod
    def resolve_grade(obj) -> str:
        return f"{obj.source.reliability if obj.source else '?'}{obj.credibility or '?'}"

    @staticmethod
    def resolve_independent_key(obj) -> str:
        return obj.origin_key


class ReportOut(RecordOut):
    external_id: str
    channel: Channel
    source_type: SourceType
    source_name: str
    title: str
    text: str
    lang: str
    category: Category
    occurred_at: dt.datetime
    time_known: bool
    time_precision: TimePrecision
    lat: float | None
    lon: float | None
    geo_precision: GeoPrecision
    place_name: str
    observation_mode: ObservationMode
    means: str
    perpetrator: str
    perpetrator_org_id: uuid.UUID | None
    perpetrator_type: int | None
    victim: str
    victim_org_id: uuid.UUID | None
    victim_type: int | None
    received_at: dt.datetime
    submitted_by: str
    casualties: list[ClaimOut]

    @staticmethod
    def resolve_casualties(obj) -> list:
        return list(obj.casualty_claims.all())


class ReportDetailOut(ReportOut):
    assessment: AssessmentOut | None = Field(
        None, description="The verification cell's assessment (only for those who see the incident)"
    )

    @staticmethod
    def resolve_assessment(obj):
        return getattr(obj, "_assessment", None)


class ReportIn(SharingIn):
    title: str = Field("", max_length=200, description="Short summary; empty: the account's first line")
    text: str = Field("", description="The account, in any language")
    lang: str = Field("", max_length=8, description="Language code; empty: detected")
    category: Category
    occurred_at: dt.datetime
    time_known: bool = Field(True, description="False when only the date is known")
    time_precision: TimePrecision = TimePrecision.DAY
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    geo_precision: GeoPrecision = GeoPrecision.POINT
    place_name: str = Field("", max_length=200)
    observation_mode: ObservationMode
    source_type: SourceType | None = Field(None, description="Empty: from the submitting organisation")
    source_name: str = Field("", max_length=200, description="Who said it (empty: your organisation)")
    origin: str = Field(
        "",
        max_length=200,
        description="What it derives from; reports of one origin never corroborate each other",
    )
    means: str = Field("", max_length=200)
    perpetrator: str = Field("", max_length=200)
    perpetrator_org_id: uuid.UUID | None = None
    perpetrator_type: int | None = Field(None, ge=1, le=8, description="ACLED inter code")
    victim: str = Field("", max_length=200)
    victim_org_id: uuid.UUID | None = None
    victim_type: int | None = Field(None, ge=1, le=8, description="ACLED inter code")
    casualties: list[ClaimIn] = Field(default_factory=list)
    external_id: str = Field("", max_length=120)
    releasability: Releasability = Field(
        Releasability.NAMED,
        description="Reports go to the verification cell: 'named' to the coordination community",
    )
    shared_with: list[str] = Field(default_factory=lambda: ["coordination"])


class ReportFilter(FilterSchema):
    category: Category | None = None
    source_type: SourceType | None = None
    channel: Channel | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    q: str | None = None
    ungraded: bool | None = None


class GradeIn(Schema):
    credibility: Credibility | None = Field(
        None, description="1–6; 1 needs two independent corroborating reports"
    )
    note: str = ""
    origin: str | None = Field(
        None, max_length=200, description="Set or correct what the report derives from"
    )
    source_id: uuid.UUID | None = Field(None, description="The cell's source record for this report")


class ImportOut(Schema):
    rows: int
    created: int
    skipped: int
    report_ids: list[uuid.UUID]
    skipped_external_ids: list[str]
    summary: str


def report_detail(request, report):
    prepare_records([report], request)
    report._assessment = selectors.assessment_for(actor=actor_of(request), report=report)
    return report


@router.get("/reports", response=list[ReportOut], summary="Reports (allegations) you may see")
@paginate(Page)
def report_list(request: HttpRequest, filters: Query[ReportFilter]):
    return selectors.report_list(actor=actor_of(request), **filters.model_dump()).prefetch_related(
        "casualty_claims"
    )


@router.post("/reports", response={201: ReportDetailOut}, summary="Submit a report (allegation)")
def report_create(request: HttpRequest, payload: ReportIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["perpetrator_org"] = _org(actor, "perpetrator_org_id", data.pop("perpetrator_org_id"))
    data["victim_org"] = _org(actor, "victim_org_id", data.pop("victim_org_id"))
    data["source_type"] = data["source_type"] or ""
    report = services.report_create(actor=actor, channel="api", **data)
    return Status(201, report_detail(request, report))


@router.get(
    "/reports/{uuid:report_id}", response=ReportDetailOut, summary="One report, with the cell's assessment"
)
def report_get(request: HttpRequest, report_id: uuid.UUID):
    return report_detail(request, selectors.report_get(actor=actor_of(request), report_id=report_id))


@router.post(
    "/reports/{uuid:report_id}/grade",
    response=ReportDetailOut,
    summary="Grade a report's credibility (1–6), its origin and source (verify)",
)
def report_grade(request: HttpRequest, report_id: uuid.UUID, payload: GradeIn):
    actor = require_user(request)
    report = selectors.report_get(actor=actor, report_id=report_id)
    data = payload.model_dump(exclude_unset=True)
    kwargs = {
        "credibility": data.get("credibility", UNSET),
        "note": data.get("note") or "",
        "origin": data["origin"] if data.get("origin") is not None else UNSET,
        "source": UNSET,
    }
    if "source_id" in data:
        sid = data["source_id"]
        kwargs["source"] = (
            referenced("source_id", selectors.source_get, actor=actor, source_id=sid) if sid else None
        )
    services.report_grade(actor=actor, report=report, **kwargs)
    return report_detail(request, selectors.report_get(actor=actor, report_id=report_id))


class ImportForm(Schema):
    format: str = Field("cmcc", description="cmcc (JSON, JSON Lines or CSV) or kobo (KoBo/ODK JSON export)")
    releasability: Releasability = Releasability.NAMED
    shared_with: str = Field(
        "coordination", description="Comma-separated organisation ids/slugs or communities"
    )
    protected: bool = False


@router.post(
    "/reports/import",
    response={201: ImportOut},
    summary="Import reports from a file (all rows or none; re-imports skip known external ids)",
)
def report_import(request: HttpRequest, form: Form[ImportForm], file: File[UploadedFile]):
    actor = require_user(request)
    if file.size and file.size > MAX_IMPORT_BYTES:
        raise ValidationFailed({"file": f"The file is larger than {MAX_IMPORT_BYTES:,} bytes; split it."})
    records = importers.read(file.read(), form.format, file.name or "")
    rows, errors = importers.rows(records, form.format)
    result = services.reports_import(
        actor=actor,
        rows=rows,
        row_errors=errors,
        channel="kobo" if form.format == "kobo" else "file",
        releasability=form.releasability,
        shared_with=[s.strip() for s in form.shared_with.split(",") if s.strip()],
        protected=form.protected,
    )
    return Status(
        201,
        ImportOut(
            rows=result.rows,
            created=len(result.created),
            skipped=len(result.skipped),
            report_ids=[r.pk for r in result.created],
            skipped_external_ids=result.skipped,
            summary=result.summary,
        ),
    )
