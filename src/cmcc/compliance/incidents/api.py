"""API of incidents: the corroboration picture, the verification workflow (every change names the
version it was read at; a stale one is a 409), attribution, dissent, merge and split."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, actor_of, prepare_records, referenced, require_user
from cmcc.core.choices import Releasability

from .. import rules, selectors, services
from ..picture import corroboration_for
from ..vocab import Attribution, Category, Determination, GeoPrecision, TimePrecision
from ..vocab import Status as Stage

router = Router(tags=["compliance"])


class IncidentOut(RecordOut):
    reference: str
    title: str
    category: Category
    status: Stage
    determination: str
    attribution: str
    attributed_to: str
    occurred_at: dt.datetime
    first_at: dt.datetime
    last_at: dt.datetime
    time_precision: TimePrecision
    lat: float | None
    lon: float | None
    geo_precision: GeoPrecision
    place_name: str
    governorate: str
    governorate_pcode: str
    report_count: int
    origin_count: int = Field(..., description="Independent origins: reports of one origin count once")
    corroboration: str
    merged_into_id: uuid.UUID | None
    version: int

    @staticmethod
    def resolve_corroboration(obj) -> str:
        return rules.corroboration_level(obj.report_count, obj.origin_count)


class ClaimRow(Schema):
    kind: str
    population: str
    figure: str
    claimed_by: str
    report_id: str


class SpreadOut(Schema):
    kind: str
    population: str
    low: int
    high: int
    agreed: bool
    claims: list[ClaimRow]


class LinkedReportOut(Schema):
    report_id: uuid.UUID
    title: str
    text: str
    lang: str
    occurred_at: dt.datetime
    time_precision: int
    place_name: str
    observation_mode: str
    source_type: str
    claimed_by: str
    owner_org_name: str
    source_id: uuid.UUID | None
    reliability: str
    credibility: int | None
    grade: str
    origin: str
    independent_key: str
    link_method: str
    link_score: float | None
    link_reasons: list[str]


class CorroborationOut(Schema):
    reports: int
    independent_origins: int
    level: str
    repeated_rumour: bool
    origins: dict[str, list[str]]
    grades: dict[str, int]
    hidden_reports: int = Field(0, description="Reports of this incident you may not see")


class StepOut(Schema):
    event: str
    from_status: str
    to_status: str
    determination: str
    attribution: str
    reason: str
    actor_name: str
    actor_org_id: uuid.UUID | None
    version: int
    created_at: dt.datetime


class DissentOut(Schema):
    id: uuid.UUID
    text: str
    on_status: str
    author_name: str
    author_org_id: uuid.UUID | None
    created_at: dt.datetime


class ThreadBrief(Schema):
    id: uuid.UUID
    party_org_id: uuid.UUID
    party_org_name: str
    status: str
    created_at: dt.datetime


class IncidentDetailOut(IncidentOut):
    summary: str
    findings: str
    allowed_events: list[str]
    corroboration_summary: CorroborationOut
    reports: list[LinkedReportOut]
    casualties: list[SpreadOut]
    steps: list[StepOut]
    dissents: list[DissentOut]
    threads: list[ThreadBrief]
    public_finding_ids: list[uuid.UUID]

    @staticmethod
    def resolve_allowed_events(obj) -> list:
        return obj._detail["allowed_events"]

    @staticmethod
    def resolve_corroboration_summary(obj):
        return obj._detail["corroboration_summary"]

    @staticmethod
    def resolve_reports(obj) -> list:
        return obj._detail["reports"]

    @staticmethod
    def resolve_casualties(obj) -> list:
        return obj._detail["casualties"]

    @staticmethod
    def resolve_steps(obj) -> list:
        return obj._detail["steps"]

    @staticmethod
    def resolve_dissents(obj) -> list:
        return obj._detail["dissents"]

    @staticmethod
    def resolve_threads(obj) -> list:
        return obj._detail["threads"]

    @staticmethod
    def resolve_public_finding_ids(obj) -> list:
        return obj._detail["public_finding_ids"]


class IncidentFilter(FilterSchema):
    status: Stage | None = None
    category: Category | None = None
    determination: Determination | None = None
    attribution: Attribution | None = None
    governorate: str | None = Field(None, description="Name or P-code")
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    q: str | None = None
    min_origins: int | None = Field(None, ge=1, description="At least this many independent origins")


class VersionIn(Schema):
    version: int = Field(..., ge=1, description="The version you read; a newer one answers 409")


class IncidentPatch(VersionIn):
    title: str | None = Field(None, min_length=2, max_length=200)
    summary: str | None = None
    findings: str | None = Field(None, description="Internal findings (never published as such)")
    category: Category | None = None
    releasability: Releasability | None = None
    shared_with: list[str] | None = None


class EventIn(VersionIn):
    event: str = Field(..., description="A workflow event; see allowed_events on the incident")
    reason: str = ""
    determination: Determination | None = Field(None, description="With 'determine' only")
    findings: str | None = Field(None, description="Internal findings, e.g. with 'draft_findings'")


class AttributionIn(VersionIn):
    attribution: Attribution
    attributed_to: str = Field("", max_length=200)
    reason: str = Field(..., min_length=3)


class DissentIn(Schema):
    text: str = Field(..., min_length=3)


class MergeIn(VersionIn):
    other_id: uuid.UUID = Field(..., description="The incident merged into this one")
    other_version: int = Field(..., ge=1)
    reason: str = Field(..., min_length=3)


class SplitIn(VersionIn):
    report_ids: list[uuid.UUID] = Field(..., min_length=1)
    reason: str = Field(..., min_length=3)
    into_id: uuid.UUID | None = Field(None, description="Move into this incident instead of a new one")
    into_version: int | None = Field(None, ge=1)


def _spread(spread) -> list[SpreadOut]:
    return [
        SpreadOut(
            kind=s.kind,
            population=s.population,
            low=s.low,
            high=s.high,
            agreed=s.agreed,
            claims=[
                ClaimRow(
                    kind=c.kind,
                    population=c.population,
                    figure=c.figure,
                    claimed_by=c.claimed_by,
                    report_id=c.report_id,
                )
                for c in s.claims
            ],
        )
        for s in spread
    ]


def incident_detail(request: HttpRequest, incident):
    actor = actor_of(request)
    prepare_records([incident], request)
    picture = corroboration_for(actor=actor, incident=incident)
    c = picture.corroboration
    reports = [
        LinkedReportOut(
            report_id=row.report.pk,
            title=row.report.title,
            text=row.report.text,
            lang=row.report.lang,
            occurred_at=row.report.occurred_at,
            time_precision=row.report.time_precision,
            place_name=row.report.place_name,
            observation_mode=row.report.observation_mode,
            source_type=row.report.source_type,
            claimed_by=row.claimed_by,
            owner_org_name=row.report.owner_org.name,
            source_id=row.assessment.source_id,
            reliability=row.assessment.source.reliability if row.assessment.source else "",
            credibility=row.assessment.credibility,
            grade=row.grade,
            origin=row.assessment.origin,
            independent_key=row.assessment.origin_key,
            link_method=row.assessment.link_method,
            link_score=row.assessment.link_score,
            link_reasons=list(row.assessment.link_reasons or []),
        )
        for row in picture.rows
    ]
    incident._detail = {
        "allowed_events": rules.allowed_events(incident.status, actor.actions)
        if _is_cell(actor, incident)
        else [],
        "corroboration_summary": CorroborationOut(
            reports=c.reports,
            independent_origins=c.independent_origins,
            level=c.level,
            repeated_rumour=c.repeated_rumour,
            origins=c.origins,
            grades=c.grades,
            hidden_reports=picture.hidden_reports,
        ),
        "reports": reports,
        "casualties": _spread(picture.spread),
        "steps": list(selectors.steps(actor=actor, incident=incident)),
        "dissents": list(selectors.dissents(actor=actor, incident=incident)),
        "threads": [
            ThreadBrief(
                id=t.pk,
                party_org_id=t.party_org_id,
                party_org_name=t.party_org.name,
                status=t.status,
                created_at=t.created_at,
            )
            for t in selectors.thread_list(actor=actor, incident=incident)
        ],
        "public_finding_ids": [f.pk for f in selectors.public_finding_list(actor=actor, incident=incident)],
    }
    return incident


def _is_cell(actor, incident) -> bool:
    return actor.is_system or actor.org_id == incident.owner_org_id


def _get(request, incident_id):
    return selectors.incident_get(actor=actor_of(request), incident_id=incident_id)


def _reload(request, incident):
    return incident_detail(request, _get(request, incident.pk))


@router.get("/incidents", response=list[IncidentOut], summary="Incidents you may see")
@paginate(Page)
def incident_list(request: HttpRequest, filters: Query[IncidentFilter]):
    return selectors.incident_list(actor=actor_of(request), **filters.model_dump())


@router.get("/triage", response=list[IncidentOut], summary="The triage queue: incidents not triaged yet")
@paginate(Page)
def triage_queue(request: HttpRequest):
    return selectors.triage_queue(actor=actor_of(request))


@router.get(
    "/incidents/{uuid:incident_id}",
    response=IncidentDetailOut,
    summary="One incident: reports side by side with grades and link reasons, corroboration, casualty claims",
)
def incident_get(request: HttpRequest, incident_id: uuid.UUID):
    return incident_detail(request, _get(request, incident_id))


@router.patch(
    "/incidents/{uuid:incident_id}", response=IncidentDetailOut, summary="Edit an incident (verify)"
)
def incident_update(request: HttpRequest, incident_id: uuid.UUID, payload: IncidentPatch):
    actor = require_user(request)
    incident = _get(request, incident_id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    return _reload(request, services.incident_update(actor=actor, incident=incident, version=version, **data))


@router.post(
    "/incidents/{uuid:incident_id}/events",
    response=IncidentDetailOut,
    summary="Move the incident one step through verification (verify; decide for determination and after)",
)
def incident_event(request: HttpRequest, incident_id: uuid.UUID, payload: EventIn):
    actor = require_user(request)
    incident = _get(request, incident_id)
    data = payload.model_dump()
    data["determination"] = data["determination"] or ""
    return _reload(request, services.incident_transition(actor=actor, incident=incident, **data))


@router.post(
    "/incidents/{uuid:incident_id}/attribution",
    response=IncidentDetailOut,
    summary="Record the attribution, kept apart from the determination (decide)",
)
def incident_attribution(request: HttpRequest, incident_id: uuid.UUID, payload: AttributionIn):
    actor = require_user(request)
    incident = _get(request, incident_id)
    return _reload(
        request, services.incident_attribute(actor=actor, incident=incident, **payload.model_dump())
    )


@router.post(
    "/incidents/{uuid:incident_id}/dissents", response={201: DissentOut}, summary="Record a dissenting view"
)
def incident_dissent(request: HttpRequest, incident_id: uuid.UUID, payload: DissentIn):
    actor = require_user(request)
    incident = _get(request, incident_id)
    return Status(201, services.incident_dissent(actor=actor, incident=incident, text=payload.text))


@router.post(
    "/incidents/{uuid:incident_id}/merge",
    response=IncidentDetailOut,
    summary="Merge another incident into this one (verify); later correlation runs keep them together",
)
def incident_merge(request: HttpRequest, incident_id: uuid.UUID, payload: MergeIn):
    actor = require_user(request)
    incident = _get(request, incident_id)
    other = referenced("other_id", selectors.incident_get, actor=actor, incident_id=payload.other_id)
    merged = services.incident_merge(
        actor=actor,
        incident=incident,
        other=other,
        version=payload.version,
        other_version=payload.other_version,
        reason=payload.reason,
    )
    return _reload(request, merged)


@router.post(
    "/incidents/{uuid:incident_id}/split",
    response={201: IncidentDetailOut},
    summary="Split reports out into a new (or another) incident (verify); later runs keep them apart",
)
def incident_split(request: HttpRequest, incident_id: uuid.UUID, payload: SplitIn):
    actor = require_user(request)
    incident = _get(request, incident_id)
    reports = list(selectors.reports_by_ids(actor=actor, ids=payload.report_ids))
    missing = sorted(str(i) for i in set(payload.report_ids) - {r.pk for r in reports})
    if missing:
        from cmcc.core.errors import ValidationFailed

        raise ValidationFailed({"report_ids": f"Unknown or not visible to you: {', '.join(missing)}."})
    into = None
    if payload.into_id is not None:
        into = referenced("into_id", selectors.incident_get, actor=actor, incident_id=payload.into_id)
    target = services.incident_split(
        actor=actor,
        incident=incident,
        reports=reports,
        version=payload.version,
        reason=payload.reason,
        into=into,
        into_version=payload.into_version,
    )
    return Status(201, _reload(request, target))


class RunOut(Schema):
    reports: int
    moved: int
    opened: int
    dissolved: int


@router.post(
    "/correlation/run",
    response=RunOut,
    summary="Re-run the correlation engine over every report (verify; analysts' decisions are kept)",
)
def correlation_run(request: HttpRequest):
    return services.correlation_run(actor=require_user(request))
