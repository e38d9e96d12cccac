"""Zones and their versions: the set in force at any moment (``at=``), new versions, lifting a zone."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, require_user

from . import deconfliction, exports, selectors, services
from .api_common import one, org
from .models import ZoneKind

router = Router(tags=["movements"])


class ZoneVersionOut(Schema):
    id: uuid.UUID
    version: int
    geometry: dict[str, Any]
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    source: str
    note: str
    recorded_by: str
    created_at: dt.datetime


class ZoneOut(RecordOut):
    name: str
    kind: ZoneKind
    coordination_required: bool = Field(..., description="Whether crossing it needs coordination")
    authority_id: uuid.UUID = Field(..., description="The party concerned")
    authority_name: str
    description: str
    version_in_force: ZoneVersionOut | None = Field(None, description="At the requested time (default now)")

    @staticmethod
    def resolve_coordination_required(obj) -> bool:
        return obj.kind in deconfliction.COORDINATION_KINDS

    @staticmethod
    def resolve_authority_name(obj) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_version_in_force(obj, context):
        at = getattr(obj, "_at", None)
        if at is None and context and context.get("request") is not None:
            at = parse_datetime(context["request"].GET.get("at") or "")
        return selectors.current_version(obj, at)


class ZoneDetailOut(ZoneOut):
    versions: list[ZoneVersionOut]

    @staticmethod
    def resolve_versions(obj) -> list:
        return obj._versions


class ZoneIn(SharingIn):
    name: str = Field(..., min_length=2, max_length=200)
    kind: ZoneKind
    authority_id: uuid.UUID = Field(..., description="The party organisation concerned")
    description: str = ""
    geometry: dict[str, Any] = Field(
        ..., description="GeoJSON Polygon or MultiPolygon; LineString for a line"
    )
    valid_from: dt.datetime
    valid_to: dt.datetime | None = None
    source: str = Field(..., min_length=2, max_length=300)
    note: str = ""


class ZonePatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=200)
    kind: ZoneKind | None = None
    authority_id: uuid.UUID | None = None
    description: str | None = None
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class ZoneVersionIn(Schema):
    geometry: dict[str, Any]
    valid_from: dt.datetime
    valid_to: dt.datetime | None = None
    source: str = Field(..., min_length=2, max_length=300)
    note: str = ""


class ZoneEndIn(Schema):
    at: dt.datetime = Field(..., description="From when the zone no longer applies")
    note: str = ""


class ZoneFilter(FilterSchema):
    kind: ZoneKind | None = None
    authority_id: uuid.UUID | None = None
    at: dt.datetime | None = Field(None, description="Only zones in force at this time")
    q: str | None = None


class LayerFilter(Schema):
    at: dt.datetime | None = Field(None, description="The moment to recall (default now)")
    kind: ZoneKind | None = None
    authority_id: uuid.UUID | None = None


def _detail(request: HttpRequest, zone, at=None):
    one(request, zone)
    zone._at = at
    zone._versions = list(selectors.zone_versions(actor=actor_of(request), zone=zone))
    return zone


@router.get(
    "/zones", response=list[ZoneOut], summary="Zones (with the version in force at `at`, default now)"
)
@paginate(Page)
def zone_list(request: HttpRequest, filters: Query[ZoneFilter]):
    return selectors.zone_list(actor=actor_of(request), **filters.model_dump())


@router.post("/zones", response={201: ZoneDetailOut}, summary="Record a zone with its first version")
def zone_create(request: HttpRequest, payload: ZoneIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["authority"] = org(actor, "authority_id", data.pop("authority_id"))
    return Status(201, _detail(request, services.zone_create(actor=actor, **data)))


@router.get(
    "/zones.geojson",
    response=dict,
    summary="Map layer: the zone versions in force at `at` (default now) the caller may see (GeoJSON)",
)
def zones_geojson(request: HttpRequest, filters: Query[LayerFilter]):
    at = filters.at or timezone.now()
    versions = list(
        selectors.zones_in_force(
            actor=actor_of(request), at=at, kind=filters.kind, authority_id=filters.authority_id
        )
    )
    prepare_records([v.zone for v in versions], request, action="exported")
    return exports.zones_geojson(versions, at)


@router.get("/zones/{zone_id}", response=ZoneDetailOut, summary="One zone with every version")
def zone_get(request: HttpRequest, zone_id: uuid.UUID, at: dt.datetime | None = None):
    return _detail(request, selectors.zone_get(actor=actor_of(request), zone_id=zone_id), at)


@router.patch("/zones/{zone_id}", response=ZoneDetailOut, summary="Rename, re-describe or re-assign a zone")
def zone_update(request: HttpRequest, zone_id: uuid.UUID, payload: ZonePatch):
    actor = require_user(request)
    zone = selectors.zone_get(actor=actor, zone_id=zone_id)
    data = payload.model_dump(exclude_unset=True)
    if "authority_id" in data:
        data["authority"] = org(actor, "authority_id", data.pop("authority_id"))
    return _detail(request, services.zone_update(actor=actor, zone=zone, **data))


@router.post(
    "/zones/{zone_id}/versions",
    response={201: ZoneDetailOut},
    summary="A new version of a zone (earlier versions are kept)",
)
def zone_version_add(request: HttpRequest, zone_id: uuid.UUID, payload: ZoneVersionIn):
    actor = require_user(request)
    zone = selectors.zone_get(actor=actor, zone_id=zone_id)
    services.zone_version_add(actor=actor, zone=zone, **payload.model_dump())
    return Status(201, _detail(request, selectors.zone_get(actor=actor, zone_id=zone_id)))


@router.post("/zones/{zone_id}/end", response=ZoneDetailOut, summary="Lift a zone from a given time")
def zone_end(request: HttpRequest, zone_id: uuid.UUID, payload: ZoneEndIn):
    actor = require_user(request)
    zone = selectors.zone_get(actor=actor, zone_id=zone_id)
    services.zone_end(actor=actor, zone=zone, at=payload.at, note=payload.note)
    return _detail(request, selectors.zone_get(actor=actor, zone_id=zone_id))
