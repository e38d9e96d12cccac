"""Consignments: register with lines, list and filter, detail with lines and events, change while
still a draft or registered, and record each step of the lifecycle."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, require_user
from cmcc.core.errors import ValidationFailed

from .. import rules, selectors, services
from ..choices import (
    Channel,
    Event,
    Interception,
    LineClearance,
    LineInspection,
    OriginHub,
    Unit,
)
from ..choices import (
    Status as LifecycleStatus,
)
from .common import corridor, crossing, one, org

router = Router(tags=["logistics"])


class LineIn(Schema):
    item_code: str | None = Field(None, description="A catalogue item; fills sector, unit and weight")
    description: str = Field("", max_length=300)
    sector: str | None = Field(None, description="Sector code, e.g. FOOD (default: the item's)")
    quantity: float = Field(..., gt=0)
    unit: Unit | None = None
    weight_kg: float | None = Field(None, ge=0)
    volume_m3: float | None = Field(None, ge=0)
    pallets: int = Field(0, ge=0)
    hs_code: str = Field("", max_length=12)
    cold_chain: bool | None = None
    dangerous_goods: bool | None = None


class LineOut(Schema):
    id: int
    line_no: int
    item_code: str | None
    classification_version: int | None
    description: str
    sector: str
    hs_code: str
    quantity: float
    unit: Unit
    weight_kg: float
    volume_m3: float | None
    pallets: int
    cold_chain: bool
    dangerous_goods: bool
    dual_use: bool
    clearance: LineClearance
    inspection: LineInspection
    inspection_note: str

    @staticmethod
    def resolve_item_code(obj) -> str | None:
        return obj.item.code if obj.item_id else None

    @staticmethod
    def resolve_classification_version(obj) -> int | None:
        return obj.classification.version if obj.classification_id else None

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector_id


class TruckOut(Schema):
    id: int
    plate: str
    contractor: str
    driver_name: str
    driver_nationality: str
    driver_pre_approved: bool


class TruckIn(Schema):
    plate: str = Field(..., min_length=1, max_length=30)
    contractor: str = Field("", max_length=200)
    driver_name: str = Field(
        "", max_length=200, description="Personal data: follows the consignment's sharing"
    )
    driver_nationality: str = Field("", max_length=2, description="ISO 3166 alpha-2")
    driver_pre_approved: bool = False


class EventOut(Schema):
    id: int
    event: Event
    from_status: str
    to_status: LifecycleStatus
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    actor_name: str
    actor_org_id: uuid.UUID | None
    crossing: str | None
    note: str
    detail: dict

    @staticmethod
    def resolve_crossing(obj) -> str | None:
        return obj.crossing.slug if obj.crossing_id else None


class ConsignmentOut(RecordOut):
    reference: str
    ref_2720: str
    srf_number: str
    sender_org_id: uuid.UUID | None
    sender_name: str
    consignee_org_id: uuid.UUID | None
    consignee_name: str
    donor_reference: str
    channel: Channel
    corridor: str | None
    origin_hub: str
    planned_crossing: str | None
    planned_date: dt.date | None
    crossing: str | None
    destination: str
    destination_pcode: str
    sector: str | None
    trucks: int
    total_weight_kg: float
    total_pallets: int
    line_count: int
    status: LifecycleStatus
    status_changed_at: dt.datetime | None
    interception: str
    requested_at: dt.datetime | None
    approved_at: dt.datetime | None
    rejected_at: dt.datetime | None
    manifested_at: dt.datetime | None
    entered_at: dt.datetime | None
    offloaded_at: dt.datetime | None
    collected_at: dt.datetime | None
    delivered_at: dt.datetime | None
    intercepted_at: dt.datetime | None
    distributed_at: dt.datetime | None
    data_source: str
    note: str
    allowed_events: list[str] = Field(..., description="Events the owner may record next")

    @staticmethod
    def resolve_corridor(obj) -> str | None:
        return obj.corridor.slug if obj.corridor_id else None

    @staticmethod
    def resolve_planned_crossing(obj) -> str | None:
        return obj.planned_crossing.slug if obj.planned_crossing_id else None

    @staticmethod
    def resolve_crossing(obj) -> str | None:
        return obj.crossing.slug if obj.crossing_id else None

    @staticmethod
    def resolve_sector(obj) -> str | None:
        return obj.sector_id

    @staticmethod
    def resolve_allowed_events(obj) -> list[str]:
        return [e for e in rules.CONSIGNMENT.allowed_events(obj.status) if e in rules.OWNER_EVENTS]


class ConsignmentDetailOut(ConsignmentOut):
    lines: list[LineOut]
    events: list[EventOut]
    truck_list: list[TruckOut]
    clearance_request_ids: list[uuid.UUID]

    @staticmethod
    def resolve_truck_list(obj) -> list:
        return obj.trucks_list

    @staticmethod
    def resolve_lines(obj) -> list:
        return obj.lines_list

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.events_list

    @staticmethod
    def resolve_clearance_request_ids(obj) -> list[uuid.UUID]:
        return obj.request_ids


class ConsignmentIn(SharingIn):
    reference: str = Field("", max_length=100, description="Your reference (generated if empty)")
    ref_2720: str = Field("", max_length=60)
    srf_number: str = Field("", max_length=60)
    sender_org_id: uuid.UUID | None = None
    sender_name: str = Field("", max_length=200, description="Default: the sender organisation's name")
    consignee_org_id: uuid.UUID | None = None
    consignee_name: str = Field("", max_length=200)
    donor_reference: str = Field("", max_length=200)
    channel: Channel
    corridor: str | None = Field(None, description="Corridor slug, e.g. egypt")
    origin_hub: OriginHub | None = None
    planned_crossing: str | None = Field(None, description="Crossing slug, e.g. kerem-shalom")
    planned_date: dt.date | None = None
    destination: str = Field("", max_length=200)
    destination_pcode: str = Field("", max_length=20)
    trucks: int = Field(0, ge=0)
    note: str = ""
    draft: bool = Field(False, description="Keep as a draft instead of registering it now")
    lines: list[LineIn] = Field(default_factory=list, max_length=500)


class ConsignmentPatch(Schema):
    reference: str | None = Field(None, min_length=1, max_length=100)
    ref_2720: str | None = Field(None, max_length=60)
    srf_number: str | None = Field(None, max_length=60)
    sender_name: str | None = Field(None, min_length=1, max_length=200)
    consignee_name: str | None = Field(None, max_length=200)
    donor_reference: str | None = Field(None, max_length=200)
    channel: Channel | None = None
    corridor: str | None = None
    origin_hub: OriginHub | None = None
    planned_crossing: str | None = None
    planned_date: dt.date | None = None
    destination: str | None = Field(None, max_length=200)
    destination_pcode: str | None = Field(None, max_length=20)
    trucks: int | None = Field(None, ge=0)
    note: str | None = None
    lines: list[LineIn] | None = Field(None, max_length=500)
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class LineResultIn(Schema):
    line_no: int | None = Field(None, description="The line's number")
    line_id: int | None = Field(None, description="Or its id")
    result: LineInspection
    note: str = Field("", max_length=300)


class EventIn(Schema):
    event: str = Field(..., description=f"One of: {', '.join(sorted(rules.OWNER_EVENTS))}")
    occurred_at: dt.datetime | None = Field(
        None, description="When it happened (default now; not in the future)"
    )
    note: str = ""
    crossing: str | None = Field(None, description="Crossing slug (manifest, arrive)")
    planned_date: dt.date | None = Field(None, description="Date manifested for")
    interception: Interception | None = None
    line_results: list[LineResultIn] | None = Field(None, description="Inspection result per line")
    expected_status: LifecycleStatus | None = Field(
        None, description="Refuse (409) if the status changed meanwhile"
    )


class ConsignmentFilter(FilterSchema):
    status: LifecycleStatus | None = None
    channel: Channel | None = None
    crossing: str | None = None
    sector: str | None = None
    owner_org_id: uuid.UUID | None = None
    since: dt.date | None = Field(None, description="With an event on or after this day")
    until: dt.date | None = Field(None, description="With an event on or before this day")
    q: str | None = None


def _lines(data: list[dict] | None) -> list[dict] | None:
    if data is None:
        return None
    out = []
    for i, line in enumerate(data):
        code = line.pop("item_code", None)
        if code:
            item = selectors.item_by_code(code)
            if item is None:
                raise ValidationFailed({f"lines[{i}].item_code": f"Unknown catalogue item {code!r}."})
            line["item"] = item
        for flag in ("cold_chain", "dangerous_goods"):
            if line.get(flag) is None:
                line.pop(flag, None)
        out.append(line)
    return out


def _links(actor, data: dict) -> dict:
    if "sender_org_id" in data:
        data["sender_org"] = org(actor, "sender_org_id", data.pop("sender_org_id"))
    if "consignee_org_id" in data:
        data["consignee_org"] = org(actor, "consignee_org_id", data.pop("consignee_org_id"))
    if "corridor" in data:
        data["corridor"] = corridor("corridor", data["corridor"])
    if "planned_crossing" in data:
        data["planned_crossing"] = crossing("planned_crossing", data["planned_crossing"])
    if "origin_hub" in data:
        data["origin_hub"] = data["origin_hub"] or ""
    return data


def _detail(request: HttpRequest, consignment):
    actor = actor_of(request)
    one(request, consignment)
    consignment.lines_list = list(selectors.consignment_lines(actor=actor, consignment=consignment))
    consignment.events_list = list(selectors.consignment_events(actor=actor, consignment=consignment))
    consignment.trucks_list = list(selectors.consignment_trucks(actor=actor, consignment=consignment))
    consignment.request_ids = list(
        selectors.consignment_requests(actor=actor, consignment=consignment).values_list("pk", flat=True)
    )
    return consignment


@router.get("/consignments", response=list[ConsignmentOut], summary="Consignments you may see")
@paginate(Page)
def consignment_list(request: HttpRequest, filters: Query[ConsignmentFilter]):
    return selectors.consignment_list(actor=actor_of(request), **filters.model_dump())


@router.post(
    "/consignments", response={201: ConsignmentDetailOut}, summary="Register a consignment with its lines"
)
def consignment_create(request: HttpRequest, payload: ConsignmentIn):
    actor = require_user(request)
    data = _links(actor, payload.model_dump())
    data["lines"] = _lines(data["lines"])
    data["register"] = not data.pop("draft")
    consignment = services.consignment_create(actor=actor, **data)
    return Status(
        201, _detail(request, selectors.consignment_get(actor=actor, consignment_id=consignment.pk))
    )


@router.get("/consignments/{consignment_id}", response=ConsignmentDetailOut, summary="One consignment")
def consignment_get(request: HttpRequest, consignment_id: uuid.UUID):
    return _detail(request, selectors.consignment_get(actor=actor_of(request), consignment_id=consignment_id))


@router.patch(
    "/consignments/{consignment_id}",
    response=ConsignmentDetailOut,
    summary="Change a consignment (owner; content only while draft or registered)",
)
def consignment_update(request: HttpRequest, consignment_id: uuid.UUID, payload: ConsignmentPatch):
    actor = require_user(request)
    consignment = selectors.consignment_get(actor=actor, consignment_id=consignment_id)
    data = _links(actor, payload.model_dump(exclude_unset=True))
    lines = _lines(data.pop("lines", None))
    consignment = services.consignment_update(actor=actor, consignment=consignment, lines=lines, **data)
    return _detail(request, selectors.consignment_get(actor=actor, consignment_id=consignment.pk))


@router.post(
    "/consignments/{consignment_id}/events",
    response=ConsignmentDetailOut,
    summary="Record the next step (stage, manifest, arrive, inspect, offload, collect, …)",
)
def consignment_event(request: HttpRequest, consignment_id: uuid.UUID, payload: EventIn):
    actor = require_user(request)
    consignment = selectors.consignment_get(actor=actor, consignment_id=consignment_id)
    data = payload.model_dump()
    data["crossing"] = crossing("crossing", data["crossing"])
    data["interception"] = data["interception"] or ""
    if data["line_results"] is not None:
        data["line_results"] = [{k: v for k, v in r.items() if v is not None} for r in data["line_results"]]
    services.consignment_transition(actor=actor, consignment=consignment, **data)
    return _detail(request, selectors.consignment_get(actor=actor, consignment_id=consignment.pk))


@router.post(
    "/consignments/{consignment_id}/trucks",
    response={201: TruckOut},
    summary="Add a truck (plate, contractor, driver) to a consignment (owner)",
)
def truck_add(request: HttpRequest, consignment_id: uuid.UUID, payload: TruckIn):
    actor = require_user(request)
    consignment = selectors.consignment_get(actor=actor, consignment_id=consignment_id)
    return Status(201, services.truck_add(actor=actor, consignment=consignment, **payload.model_dump()))
