"""Reference data: sectors, rejection reasons, corridors, crossings (status timeline, capacity,
GeoJSON), the item catalogue with its versioned classification, and targets."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from cmcc.core.api_base import require_user
from cmcc.core.errors import ValidationFailed

from .. import exports, selectors, services
from ..choices import CrossingKind, CrossingState, TargetKind, Unit
from .common import download

router = Router(tags=["logistics"])


class SectorOut(Schema):
    code: str
    name_en: str
    name_ar: str
    source: str


class ReasonOut(Schema):
    code: str
    label_en: str
    label_ar: str
    description: str
    source: str


class CorridorOut(Schema):
    slug: str
    name_en: str
    name_ar: str
    description: str
    source: str


@router.get("/sectors", response=list[SectorOut], auth=None, summary="Sector / commodity codes")
def sector_list(request: HttpRequest):
    return list(selectors.sectors())


@router.get("/rejection-reasons", response=list[ReasonOut], auth=None, summary="Reason codes of a refusal")
def reason_list(request: HttpRequest):
    return list(selectors.rejection_reasons())


@router.get("/corridors", response=list[CorridorOut], auth=None, summary="Supply corridors")
def corridor_list(request: HttpRequest):
    return list(selectors.corridors())


# -- crossings -------------------------------------------------------------------------------------


class CrossingStatusOut(Schema):
    id: uuid.UUID
    effective_from: dt.date
    status: CrossingState
    reason: str
    hours: str
    source: str
    source_url: str
    recorded_by: str
    created_at: dt.datetime


class CrossingCapacityOut(Schema):
    id: uuid.UUID
    effective_from: dt.date
    trucks_per_day: int | None
    screening_lanes: int | None
    note: str
    source: str
    source_url: str
    recorded_by: str
    created_at: dt.datetime


class CrossingOut(Schema):
    id: uuid.UUID
    slug: str
    name_en: str
    name_ar: str
    alt_names: list[str]
    kind: CrossingKind
    corridor: str | None
    lat: float | None = Field(None, description="Only where a source gave coordinates")
    lon: float | None
    coordinates_source: str | None
    description: str
    source: str
    current_status: CrossingStatusOut | None
    current_capacity: CrossingCapacityOut | None

    @staticmethod
    def resolve_alt_names(obj) -> list[str]:
        return [n.strip() for n in obj.alt_names.splitlines() if n.strip()]

    @staticmethod
    def resolve_corridor(obj) -> str | None:
        return obj.corridor.slug if obj.corridor_id else None

    @staticmethod
    def resolve_coordinates_source(obj) -> str | None:
        return obj.place.source if obj.place_id and obj.lat is not None else None


class CrossingDetailOut(CrossingOut):
    statuses: list[CrossingStatusOut]
    capacities: list[CrossingCapacityOut]

    @staticmethod
    def resolve_statuses(obj) -> list:
        return selectors.crossing_timeline(crossing=obj)["statuses"]

    @staticmethod
    def resolve_capacities(obj) -> list:
        return selectors.crossing_timeline(crossing=obj)["capacities"]


class CrossingStatusIn(Schema):
    status: CrossingState
    effective_from: dt.date
    reason: str = ""
    hours: str = Field("", max_length=120)
    source: str = Field(..., min_length=2, max_length=300)
    source_url: str = Field("", max_length=500)


class CrossingCapacityIn(Schema):
    effective_from: dt.date
    trucks_per_day: int | None = Field(None, ge=0)
    screening_lanes: int | None = Field(None, ge=0)
    note: str = ""
    source: str = Field(..., min_length=2, max_length=300)
    source_url: str = Field("", max_length=500)


class OnDate(Schema):
    on: dt.date | None = Field(None, description="Status and capacity in force on this day (default today)")


@router.get("/crossings", response=list[CrossingOut], auth=None, summary="Crossings with their status today")
def crossing_list(request: HttpRequest, filters: Query[OnDate]):
    return selectors.crossing_list(on=filters.on)


@router.get("/crossings.geojson", auth=None, summary="Crossings as GeoJSON (RFC 7946)")
def crossing_geojson(request: HttpRequest, filters: Query[OnDate]):
    collection = exports.crossings_geojson(selectors.crossing_list(on=filters.on))
    return download(exports.geojson_bytes(collection), "crossings.geojson", "application/geo+json")


@router.get("/crossings/{slug}", response=CrossingDetailOut, auth=None, summary="A crossing and its timeline")
def crossing_get(request: HttpRequest, slug: str, filters: Query[OnDate]):
    return selectors.crossing_get(slug=slug, on=filters.on)


@router.post(
    "/crossings/{slug}/statuses",
    response={201: CrossingStatusOut},
    summary="Record a dated, sourced status change (centre staff)",
)
def crossing_status_record(request: HttpRequest, slug: str, payload: CrossingStatusIn):
    actor = require_user(request)
    crossing = selectors.crossing_get(slug=slug)
    return Status(
        201, services.crossing_status_record(actor=actor, crossing=crossing, **payload.model_dump())
    )


@router.post(
    "/crossings/{slug}/capacities",
    response={201: CrossingCapacityOut},
    summary="Record a dated, sourced capacity (centre staff)",
)
def crossing_capacity_record(request: HttpRequest, slug: str, payload: CrossingCapacityIn):
    actor = require_user(request)
    crossing = selectors.crossing_get(slug=slug)
    return Status(
        201, services.crossing_capacity_record(actor=actor, crossing=crossing, **payload.model_dump())
    )


# -- items ---------------------------------------------------------------------------------------


class ClassificationOut(Schema):
    version: int
    dual_use: bool
    restricted: bool
    effective_from: dt.date
    source_list: str
    source_url: str
    note: str
    recorded_by: str
    created_at: dt.datetime


class ItemOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    sector: str
    hs_code: str
    default_unit: str
    unit_weight_kg: float | None
    cold_chain: bool
    dangerous_goods: bool
    classification: ClassificationOut | None = Field(None, description="The version in force today")
    classifications: list[ClassificationOut]

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector_id

    @staticmethod
    def resolve_classifications(obj) -> list:
        return list(obj.classifications.all())

    @staticmethod
    def resolve_classification(obj):
        today = dt.date.today()
        valid = [c for c in obj.classifications.all() if c.effective_from <= today]
        return max(valid, key=lambda c: c.version) if valid else None


class ItemIn(Schema):
    code: str = Field(..., min_length=2, max_length=40)
    name: str = Field(..., min_length=2, max_length=200)
    sector: str = Field(..., description="A sector code, e.g. FOOD")
    hs_code: str = Field("", max_length=12)
    default_unit: Unit | None = None
    unit_weight_kg: float | None = Field(None, ge=0)
    cold_chain: bool = False
    dangerous_goods: bool = False


class ClassificationIn(Schema):
    dual_use: bool
    restricted: bool = False
    source_list: str = Field(..., min_length=2, max_length=300, description="The list this comes from")
    effective_from: dt.date | None = None
    source_url: str = Field("", max_length=500)
    note: str = ""


class ItemFilter(Schema):
    q: str | None = None
    sector: str | None = None


@router.get("/items", response=list[ItemOut], auth=None, summary="The item catalogue")
def item_list(request: HttpRequest, filters: Query[ItemFilter]):
    return list(selectors.item_list(q=filters.q, sector=filters.sector)[:1000])


@router.post("/items", response={201: ItemOut}, summary="Add an item to the catalogue")
def item_create(request: HttpRequest, payload: ItemIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["default_unit"] = data["default_unit"] or ""
    item = services.item_create(actor=actor, **data)
    return Status(201, selectors.item_get(item_id=item.pk))


@router.get("/items/{item_id}", response=ItemOut, auth=None, summary="One catalogue item")
def item_get(request: HttpRequest, item_id: uuid.UUID):
    return selectors.item_get(item_id=item_id)


@router.post(
    "/items/{item_id}/classifications",
    response={201: ClassificationOut},
    summary="Reclassify an item (a new version; centre staff)",
)
def item_classify(request: HttpRequest, item_id: uuid.UUID, payload: ClassificationIn):
    actor = require_user(request)
    item = selectors.item_get(item_id=item_id)
    return Status(201, services.item_classify(actor=actor, item=item, **payload.model_dump()))


# -- targets -------------------------------------------------------------------------------------


class TargetOut(Schema):
    id: uuid.UUID
    code: str
    version: int
    kind: TargetKind
    title: str
    value: float
    unit: str
    includes: str
    effective_from: dt.date
    set_by: str
    reason: str
    source: str
    source_url: str
    supersedes_version: int | None
    recorded_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_supersedes_version(obj) -> int | None:
        return obj.supersedes.version if obj.supersedes_id else None


class TargetIn(Schema):
    code: str = Field(..., min_length=2, max_length=60, description="The series, e.g. trucks-per-day")
    value: float = Field(..., ge=0)
    effective_from: dt.date
    set_by: str = Field(..., min_length=2, max_length=200, description="Who set or stated it")
    source: str = Field(..., min_length=2, max_length=300)
    reason: str = Field("", description="The stated reason; required for a change")
    title: str = Field("", max_length=200)
    unit: str = Field("", max_length=40)
    includes: str = Field("", max_length=300)
    kind: TargetKind | None = None
    source_url: str = Field("", max_length=500)


class TargetFilter(Schema):
    code: str | None = None
    on: dt.date | None = Field(None, description="Only the version in force on this day")


@router.get(
    "/targets", response=list[TargetOut], auth=None, summary="Targets, obligations and needs, every version"
)
def target_list(request: HttpRequest, filters: Query[TargetFilter]):
    if filters.on:
        codes = [filters.code] if filters.code else sorted({t.code for t in selectors.target_list()})
        found = [selectors.target_in_force(code=c, on=filters.on) for c in codes]
        return [t for t in found if t is not None]
    return list(selectors.target_list(code=filters.code))


@router.post(
    "/targets", response={201: TargetOut}, summary="A new target version with its reason (centre staff)"
)
def target_revise(request: HttpRequest, payload: TargetIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["kind"] = data["kind"] or ""
    if not data["title"] and not selectors.target_list(code=data["code"]).exists():
        raise ValidationFailed({"title": "A new series needs a title."})
    return Status(201, services.target_revise(actor=actor, **data))
