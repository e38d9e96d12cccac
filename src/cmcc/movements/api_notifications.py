"""Movement notifications: notify (draft or at once), review the derived findings, submit, record
outcomes and checkpoint events, people on board (protected), the routes layer and the HXL export."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, require_user
from cmcc.core.errors import ValidationFailed

from . import exports, selectors, services
from .api_common import one, orgs
from .models import DecisionKind, ImpededResult, MovementStatus, Outcome, PersonRole, Purpose, Sector

router = Router(tags=["movements"])


class WaypointIn(Schema):
    lon: float
    lat: float
    name: str = Field("", max_length=200)


class ConflictOut(Schema):
    kind: str = Field(..., description="zone, movement or site")
    category: str = Field(..., description="Zone kind or site function ('' when not shared with you)")
    lon: float
    lat: float
    starts_at: dt.datetime
    ends_at: dt.datetime
    distance_m: float
    shared: bool = Field(
        ..., description="False: the other record is not shared with you; its identity is withheld"
    )
    other_id: uuid.UUID | None
    other_label: str
    version: int | None
    party_id: uuid.UUID | None
    party_name: str
    explanation: str


class PartyStatusOut(Schema):
    """One party the movement was sent to. Receipt and decision are separate facts."""

    transmission_id: uuid.UUID
    party_id: uuid.UUID
    party_name: str
    sent_at: dt.datetime
    late: bool
    concerned: bool
    received_at: dt.datetime | None = Field(
        ..., description="When the party confirmed receipt (not approval)"
    )
    decision: DecisionKind | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_transmission_id(obj) -> uuid.UUID:
        return obj.pk

    @staticmethod
    def resolve_party_name(obj) -> str:
        return obj.party.name

    @staticmethod
    def resolve_decision(obj) -> str | None:
        return obj.decision or None


class CheckpointOut(Schema):
    id: uuid.UUID
    checkpoint: str
    lon: float | None
    lat: float | None
    arrived_at: dt.datetime
    departed_at: dt.datetime | None
    wait_hours: float | None
    note: str


class MovementOut(RecordOut):
    reference: str
    status: MovementStatus
    purpose: Purpose
    sector: Sector
    partner_org_ids: list[uuid.UUID]
    vehicle_count: int
    vehicles: str
    personnel_count: int = Field(..., description="How many people; names are protected records")
    cargo_summary: str
    route: dict[str, Any]
    waypoints: list[dict[str, Any]]
    window_start: dt.datetime
    window_end: dt.datetime
    emergency: bool
    consignment_id: uuid.UUID | None
    narrative: str
    submitted_at: dt.datetime | None
    notice_hours: int | None
    late: bool = Field(..., description="Notified with less than the notice period: flagged, not refused")
    coordination_required: bool
    governorates: list[str]
    clearance: str = Field(..., description="Summary of the parties' decisions; receipts play no part in it")
    checked_at: dt.datetime | None
    outcome: Outcome | None
    impeded_result: ImpededResult | None
    departed_at: dt.datetime | None
    completed_at: dt.datetime | None
    outcome_note: str

    @staticmethod
    def resolve_partner_org_ids(obj) -> list[uuid.UUID]:
        return sorted((o.pk for o in obj.partner_orgs.all()), key=str)

    @staticmethod
    def resolve_outcome(obj) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_impeded_result(obj) -> str | None:
        return obj.impeded_result or None


class MovementDetailOut(MovementOut):
    conflicts: list[ConflictOut]
    parties: list[PartyStatusOut]
    checkpoint_events: list[CheckpointOut]

    @staticmethod
    def resolve_conflicts(obj) -> list:
        return obj._conflicts

    @staticmethod
    def resolve_parties(obj) -> list:
        return obj._parties

    @staticmethod
    def resolve_checkpoint_events(obj) -> list:
        return obj._checkpoints


class MovementIn(SharingIn):
    purpose: Purpose
    sector: Sector = Sector.MULTI
    partner_org_ids: list[uuid.UUID] = Field(default_factory=list)
    vehicle_count: int = Field(0, ge=0, le=1000)
    vehicles: str = Field("", max_length=4000)
    personnel_count: int = Field(0, ge=0, le=10000)
    cargo_summary: str = Field("", max_length=4000, description="No names or beneficiary data here")
    route: dict[str, Any] | None = Field(None, description="GeoJSON LineString; or give waypoints")
    waypoints: list[WaypointIn] | None = None
    window_start: dt.datetime
    window_end: dt.datetime
    emergency: bool = False
    consignment_id: uuid.UUID | None = Field(None, description="The consignment this movement collects")
    narrative: str = ""
    submit: bool = Field(False, description="Notify the parties at once (else a draft to review)")


class MovementPatch(Schema):
    purpose: Purpose | None = None
    sector: Sector | None = None
    partner_org_ids: list[uuid.UUID] | None = None
    vehicle_count: int | None = Field(None, ge=0, le=1000)
    vehicles: str | None = Field(None, max_length=4000)
    personnel_count: int | None = Field(None, ge=0, le=10000)
    cargo_summary: str | None = Field(None, max_length=4000)
    route: dict[str, Any] | None = None
    waypoints: list[WaypointIn] | None = None
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    emergency: bool | None = None
    consignment_id: uuid.UUID | None = None
    narrative: str | None = None
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class MovementFilter(FilterSchema):
    status: MovementStatus | None = None
    purpose: Purpose | None = None
    sector: Sector | None = None
    outcome: Outcome | None = None
    coordination_required: bool | None = None
    late: bool | None = None
    has_conflicts: bool | None = Field(None, description="Conflicts with other movements or sites")
    party_id: uuid.UUID | None = Field(None, description="Sent to this party")
    owner_org_id: uuid.UUID | None = None
    since: dt.datetime | None = Field(None, description="Window ends after")
    until: dt.datetime | None = Field(None, description="Window starts before")
    q: str | None = None


class OutcomeIn(Schema):
    outcome: Outcome
    impeded_result: ImpededResult | None = Field(None, description="For an impeded movement, once known")
    departed_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    note: str = Field("", max_length=4000)


class CheckpointIn(Schema):
    checkpoint: str = Field(..., min_length=2, max_length=200)
    arrived_at: dt.datetime
    departed_at: dt.datetime | None = None
    lon: float | None = None
    lat: float | None = None
    note: str = Field("", max_length=2000)


class PersonOut(RecordOut):
    movement_id: uuid.UUID
    role: PersonRole
    full_name: str
    organisation_name: str
    document_ref: str
    note: str


class PersonIn(Schema):
    role: PersonRole
    full_name: str = Field(..., min_length=2, max_length=200)
    organisation_name: str = Field("", max_length=200)
    document_ref: str = Field("", max_length=100)
    note: str = ""
    releasability: str = Field("org", description="org or named (to humanitarian organisations)")
    shared_with: list[str] = Field(default_factory=list)


class ExportFilter(Schema):
    since: dt.datetime | None = Field(None, description="Window ends after")
    until: dt.datetime | None = Field(None, description="Window starts before")


def _waypoints(data: dict) -> None:
    if data.get("waypoints") is not None:
        data["waypoints"] = [dict(w) for w in data["waypoints"]]


def _detail(request: HttpRequest, movement):
    actor = actor_of(request)
    one(request, movement)
    movement._conflicts = selectors.conflicts_for(actor=actor, movement=movement)
    movement._parties = selectors.transmissions_of(actor=actor, movement=movement)
    movement._checkpoints = list(selectors.checkpoint_events(actor=actor, movement=movement))
    return movement


@router.get("/notifications", response=list[MovementOut], summary="Movement notifications the caller may see")
@paginate(Page)
def movement_list(request: HttpRequest, filters: Query[MovementFilter]):
    return selectors.movement_list(actor=actor_of(request), **filters.model_dump()).prefetch_related(
        "partner_orgs"
    )


@router.post(
    "/notifications",
    response={201: MovementDetailOut},
    summary="Notify a movement (a draft to review, or submitted at once with submit=true)",
)
def movement_create(request: HttpRequest, payload: MovementIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["partner_orgs"] = orgs(actor, "partner_org_ids", data.pop("partner_org_ids"))
    _waypoints(data)
    movement = services.movement_create(actor=actor, **data)
    return Status(201, _detail(request, selectors.movement_get(actor=actor, movement_id=movement.pk)))


@router.get(
    "/notifications.geojson",
    response=dict,
    summary="Map layer: routes of the movements the caller may see (GeoJSON)",
)
def routes_geojson(request: HttpRequest, filters: Query[MovementFilter]):
    rows = list(selectors.movement_list(actor=actor_of(request), **filters.model_dump()))
    prepare_records(rows, request, action="exported")
    return exports.routes_geojson(rows)


@router.get(
    "/outcomes.csv",
    response={200: str},
    summary="Movement outcomes as HXL-tagged CSV (OCHA categories; receipt and decision in separate columns)",
)
def outcomes_csv(request: HttpRequest, filters: Query[ExportFilter]):
    actor = actor_of(request)
    rows = list(
        selectors.movement_list(actor=actor, since=filters.since, until=filters.until).exclude(
            status=MovementStatus.DRAFT
        )
    )
    prepare_records(rows, request, action="exported")
    by_movement: dict[uuid.UUID, list] = {}
    for t in selectors.transmission_list(actor=actor).filter(movement__in=[m.pk for m in rows]):
        by_movement.setdefault(t.movement_id, []).append(t)
    waits = selectors.checkpoint_waits(actor=actor, movement_ids=[m.pk for m in rows])
    text = exports.outcomes_csv(
        exports.outcome_row(m, by_movement.get(m.pk, []), waits.get(m.pk, 0.0)) for m in rows
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="movement-outcomes.hxl.csv"'
    return response


@router.get(
    "/notifications/{movement_id}", response=MovementDetailOut, summary="One movement and its findings"
)
def movement_get(request: HttpRequest, movement_id: uuid.UUID):
    return _detail(request, selectors.movement_get(actor=actor_of(request), movement_id=movement_id))


@router.patch("/notifications/{movement_id}", response=MovementDetailOut, summary="Change a draft")
def movement_update(request: HttpRequest, movement_id: uuid.UUID, payload: MovementPatch):
    actor = require_user(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    data = payload.model_dump(exclude_unset=True)
    partners = data.pop("partner_org_ids", None)
    if partners is not None:
        partners = orgs(actor, "partner_org_ids", partners)
    _waypoints(data)
    for key in ("route", "waypoints", "window_start", "window_end", "purpose", "sector"):
        if key in data and data[key] is None:
            raise ValidationFailed({key: "Cannot be empty."})
    services.movement_update(actor=actor, movement=movement, partner_orgs=partners, **data)
    return _detail(request, selectors.movement_get(actor=actor, movement_id=movement_id))


@router.post(
    "/notifications/{movement_id}/submit",
    response=MovementDetailOut,
    summary="Notify the parties concerned (a late notification is flagged, not refused)",
)
def movement_submit(request: HttpRequest, movement_id: uuid.UUID):
    actor = require_user(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    services.movement_submit(actor=actor, movement=movement)
    return _detail(request, selectors.movement_get(actor=actor, movement_id=movement_id))


@router.post(
    "/notifications/{movement_id}/check",
    response=MovementDetailOut,
    summary="Re-run deconfliction for this movement now",
)
def movement_check(request: HttpRequest, movement_id: uuid.UUID):
    actor = require_user(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    services.movements_recheck(actor=actor, movements=[movement], reason="checked on request")
    return _detail(request, selectors.movement_get(actor=actor, movement_id=movement_id))


@router.post(
    "/notifications/{movement_id}/outcome",
    response=MovementDetailOut,
    summary="Record or correct the outcome (OCHA categories)",
)
def movement_outcome(request: HttpRequest, movement_id: uuid.UUID, payload: OutcomeIn):
    actor = require_user(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    data = payload.model_dump()
    data["impeded_result"] = data["impeded_result"] or ""
    services.movement_record_outcome(actor=actor, movement=movement, **data)
    return _detail(request, selectors.movement_get(actor=actor, movement_id=movement_id))


@router.get(
    "/notifications/{movement_id}/checkpoints", response=list[CheckpointOut], summary="Checkpoint events"
)
def checkpoint_list(request: HttpRequest, movement_id: uuid.UUID):
    actor = actor_of(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    return list(selectors.checkpoint_events(actor=actor, movement=movement))


@router.post(
    "/notifications/{movement_id}/checkpoints",
    response={201: CheckpointOut},
    summary="Record arrival at and departure from a checkpoint (wait in hours)",
)
def checkpoint_add(request: HttpRequest, movement_id: uuid.UUID, payload: CheckpointIn):
    actor = require_user(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    return Status(201, services.checkpoint_event_add(actor=actor, movement=movement, **payload.model_dump()))


@router.get(
    "/notifications/{movement_id}/people",
    response=list[PersonOut],
    summary="People on board (protected: never shown to military or party users)",
)
def person_list(request: HttpRequest, movement_id: uuid.UUID):
    actor = actor_of(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    people = list(selectors.people_of(actor=actor, movement=movement))
    prepare_records(people, request)
    return people


@router.post(
    "/notifications/{movement_id}/people",
    response={201: PersonOut},
    summary="Add a person on board (always protected)",
)
def person_add(request: HttpRequest, movement_id: uuid.UUID, payload: PersonIn):
    actor = require_user(request)
    movement = selectors.movement_get(actor=actor, movement_id=movement_id)
    return Status(
        201, one(request, services.person_add(actor=actor, movement=movement, **payload.model_dump()))
    )
