"""Notified sites: list, notify, change, reconfirm, withdraw, and the map layer."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, require_user

from . import exports, selectors, services
from .api_common import one
from .models import SiteFunction

router = Router(tags=["movements"])

SiteState = Literal["active", "expiring_soon", "expired", "withdrawn"]


class SiteOut(RecordOut):
    name: str
    name_ar: str
    function: SiteFunction
    geometry: dict[str, Any]
    lon: float
    lat: float
    governorate_pcode: str
    address: str
    occupancy: int | None
    valid_from: dt.datetime
    valid_until: dt.datetime
    last_confirmed_at: dt.datetime
    reminder_sent_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str
    source: str
    osm_id: str
    state: SiteState = Field(..., description="active, expiring_soon, expired (stale) or withdrawn")

    @staticmethod
    def resolve_state(obj) -> str:
        return selectors.site_state(obj)


class SiteIn(SharingIn):
    name: str = Field(..., min_length=2, max_length=200)
    name_ar: str = Field("", max_length=200)
    function: SiteFunction
    geometry: dict[str, Any] | None = Field(None, description="GeoJSON Point, Polygon or MultiPolygon")
    lon: float | None = Field(None, description="With lat, instead of a geometry")
    lat: float | None = None
    address: str = Field("", max_length=300)
    occupancy: int | None = Field(None, ge=0, le=1_000_000)
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = Field(None, description="Default: the site validity period from now")
    source: str = Field("", max_length=300)
    osm_id: str = Field("", max_length=40)


class SitePatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=200)
    name_ar: str | None = Field(None, max_length=200)
    function: SiteFunction | None = None
    geometry: dict[str, Any] | None = None
    address: str | None = Field(None, max_length=300)
    occupancy: int | None = Field(None, ge=0, le=1_000_000)
    source: str | None = Field(None, max_length=300)
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class SiteFilter(FilterSchema):
    function: SiteFunction | None = None
    state: SiteState | None = None
    owner_org_id: uuid.UUID | None = None
    governorate: str | None = Field(None, description="Governorate P-code, e.g. PS0260")
    q: str | None = None


class ReconfirmIn(Schema):
    valid_until: dt.datetime | None = Field(None, description="Default: the site validity period from now")


class WithdrawIn(Schema):
    reason: str = Field(..., min_length=2, max_length=2000)


@router.get("/sites", response=list[SiteOut], summary="Notified sites (expiring and stale ones included)")
@paginate(Page)
def site_list(request: HttpRequest, filters: Query[SiteFilter]):
    return selectors.site_list(actor=actor_of(request), **filters.model_dump())


@router.post("/sites", response={201: SiteOut}, summary="Notify a site")
def site_create(request: HttpRequest, payload: SiteIn):
    actor = require_user(request)
    return Status(201, one(request, services.site_create(actor=actor, **payload.model_dump())))


@router.get(
    "/sites.geojson",
    response=dict,
    summary="Map layer: notified sites the caller may see, with their state (GeoJSON)",
)
def sites_geojson(request: HttpRequest, filters: Query[SiteFilter]):
    sites = list(selectors.site_list(actor=actor_of(request), **filters.model_dump()))
    prepare_records(sites, request, action="exported")
    now = timezone.now()
    return exports.sites_geojson(sites, {s.pk: selectors.site_state(s, now) for s in sites})


@router.get("/sites/{site_id}", response=SiteOut, summary="One notified site")
def site_get(request: HttpRequest, site_id: uuid.UUID):
    return one(request, selectors.site_get(actor=actor_of(request), site_id=site_id))


@router.patch("/sites/{site_id}", response=SiteOut, summary="Change a site (owner organisation)")
def site_update(request: HttpRequest, site_id: uuid.UUID, payload: SitePatch):
    actor = require_user(request)
    site = selectors.site_get(actor=actor, site_id=site_id)
    return one(
        request, services.site_update(actor=actor, site=site, **payload.model_dump(exclude_unset=True))
    )


@router.post(
    "/sites/{site_id}/reconfirm", response=SiteOut, summary="Reconfirm a site: its validity runs again"
)
def site_reconfirm(request: HttpRequest, site_id: uuid.UUID, payload: ReconfirmIn):
    actor = require_user(request)
    site = selectors.site_get(actor=actor, site_id=site_id)
    return one(request, services.site_reconfirm(actor=actor, site=site, valid_until=payload.valid_until))


@router.post("/sites/{site_id}/withdraw", response=SiteOut, summary="Withdraw a site from the list (kept)")
def site_withdraw(request: HttpRequest, site_id: uuid.UUID, payload: WithdrawIn):
    actor = require_user(request)
    site = selectors.site_get(actor=actor, site_id=site_id)
    return one(request, services.site_withdraw(actor=actor, site=site, reason=payload.reason))
