"""Kernel endpoints: who am I, the audit trail, health."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from . import selectors
from .api_base import Page, actor_of

router = Router(tags=["core"])


class MeOut(Schema):
    authenticated: bool
    username: str
    organisation_id: uuid.UUID | None
    organisation: str
    community: str
    role: str
    actions: list[str]
    active_member: bool


@router.get("/me", response=MeOut, summary="Who the caller is and what it may do")
def me(request: HttpRequest):
    actor = actor_of(request)
    return MeOut(
        authenticated=actor.is_authenticated,
        username=actor.name if actor.is_authenticated else "",
        organisation_id=actor.org_id,
        organisation=actor.org_name,
        community=actor.community,
        role=actor.role,
        actions=sorted(actor.actions),
        active_member=actor.active_member,
    )


class AuditOut(Schema):
    seq: int
    time: dt.datetime
    actor_name: str
    actor_org_id: uuid.UUID | None
    actor_org_name: str
    request_id: str
    action: str
    object_type: str
    object_id: uuid.UUID | None
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    message: str
    hash: str


class AuditFilter(FilterSchema):
    object_type: str | None = Field(None, description="e.g. coordination.decision")
    object_id: uuid.UUID | None = None
    action: str | None = Field(None, description="Action code or its prefix, e.g. coordination.decision")
    actor_org_id: uuid.UUID | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@router.get("/audit", response=list[AuditOut], summary="Audit entries about records the caller may see")
@paginate(Page)
def audit_list(request: HttpRequest, filters: Query[AuditFilter]):
    return selectors.audit_list(actor=actor_of(request), **filters.model_dump())


@router.get("/health", auth=None, response=dict, summary="Liveness: the process answers and the database too")
def health(request: HttpRequest):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


@router.get(
    "/places/governorates.geojson",
    auth=None,
    response=dict,
    summary="The Gaza governorates (GeoJSON, RFC 7946): the offline base layer of every map",
)
def governorates_geojson(request: HttpRequest):
    from . import geo
    from .reference import GOVERNORATE_SOURCE

    return geo.feature_collection(
        [
            geo.feature(p.geometry, {"pcode": p.pcode, "name_en": p.name_en, "name_ar": p.name_ar}, str(p.id))
            for p in selectors.governorates()
        ],
        attribution=f"{GOVERNORATE_SOURCE}, CC BY-IGO",
    )
