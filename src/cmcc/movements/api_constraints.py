"""Access constraints (AMRF taxonomy) with counts per week, governorate and sector; the weekly access
snapshot; the reference vocabularies with their sources."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, referenced, require_user

from . import rules, selectors, services
from .api_common import one
from .models import ConstraintCategory, ConstraintDetail, Sector

router = Router(tags=["movements"])


class ConstraintOut(RecordOut):
    occurred_at: dt.datetime
    category: ConstraintCategory
    detail: ConstraintDetail | None
    sector: Sector
    description: str
    location_name: str
    lon: float | None
    lat: float | None
    governorate_pcode: str
    movement_id: uuid.UUID | None
    report_id: uuid.UUID | None

    @staticmethod
    def resolve_detail(obj) -> str | None:
        return obj.detail or None


class ConstraintIn(SharingIn):
    occurred_at: dt.datetime
    category: ConstraintCategory
    detail: ConstraintDetail | None = None
    sector: Sector = Sector.MULTI
    description: str = Field(..., min_length=2, max_length=8000)
    location_name: str = Field("", max_length=200)
    lon: float | None = None
    lat: float | None = None
    governorate_pcode: str = Field("", max_length=20, description="When there is no point: the P-code")
    movement_id: uuid.UUID | None = Field(None, description="The movement it happened to, if any")
    report_id: uuid.UUID | None = Field(None, description="The compliance report it is linked to, if any")


class ConstraintPatch(Schema):
    occurred_at: dt.datetime | None = None
    category: ConstraintCategory | None = None
    detail: ConstraintDetail | None = None
    sector: Sector | None = None
    description: str | None = Field(None, min_length=2, max_length=8000)
    location_name: str | None = Field(None, max_length=200)
    lon: float | None = None
    lat: float | None = None
    governorate_pcode: str | None = Field(None, max_length=20)
    movement_id: uuid.UUID | None = None
    report_id: uuid.UUID | None = None
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class ConstraintFilter(FilterSchema):
    category: ConstraintCategory | None = None
    detail: ConstraintDetail | None = None
    sector: Sector | None = None
    governorate: str | None = Field(None, description="Governorate P-code")
    movement_id: uuid.UUID | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    q: str | None = None


class WeeksIn(Schema):
    weeks: int = Field(8, ge=1, le=104)
    today: dt.date | None = Field(
        None, description="The last week is the one holding this day (default today)"
    )


def _links(actor, data: dict) -> dict:
    if "movement_id" in data:
        movement_id = data.pop("movement_id")
        data["movement"] = (
            referenced("movement_id", selectors.movement_get, actor=actor, movement_id=movement_id)
            if movement_id
            else None
        )
    if "detail" in data and data["detail"] is None:
        data["detail"] = ""
    if "governorate_pcode" in data and data["governorate_pcode"] is None:
        data["governorate_pcode"] = ""
    return data


@router.get("/constraints", response=list[ConstraintOut], summary="Access constraints (AMRF taxonomy)")
@paginate(Page)
def constraint_list(request: HttpRequest, filters: Query[ConstraintFilter]):
    return selectors.constraint_list(actor=actor_of(request), **filters.model_dump())


@router.post("/constraints", response={201: ConstraintOut}, summary="Log an access constraint")
def constraint_create(request: HttpRequest, payload: ConstraintIn):
    actor = require_user(request)
    data = _links(actor, payload.model_dump())
    return Status(201, one(request, services.constraint_create(actor=actor, **data)))


@router.get(
    "/constraints/summary",
    response=dict,
    summary="Access constraints counted per week and category, per governorate and per sector",
)
def constraint_summary(request: HttpRequest, params: Query[WeeksIn]):
    return selectors.constraint_counts(actor=actor_of(request), weeks=params.weeks, today=params.today)


@router.get("/constraints/{constraint_id}", response=ConstraintOut, summary="One access constraint")
def constraint_get(request: HttpRequest, constraint_id: uuid.UUID):
    return one(request, selectors.constraint_get(actor=actor_of(request), constraint_id=constraint_id))


@router.patch("/constraints/{constraint_id}", response=ConstraintOut, summary="Correct an access constraint")
def constraint_update(request: HttpRequest, constraint_id: uuid.UUID, payload: ConstraintPatch):
    actor = require_user(request)
    constraint = selectors.constraint_get(actor=actor, constraint_id=constraint_id)
    data = _links(actor, payload.model_dump(exclude_unset=True))
    return one(request, services.constraint_update(actor=actor, constraint=constraint, **data))


@router.get(
    "/snapshot",
    response=dict,
    summary="Weekly access snapshot: movements notified and their outcomes, with the trend",
)
def weekly_snapshot(request: HttpRequest, params: Query[WeeksIn]):
    weeks = selectors.weekly_snapshot(actor=actor_of(request), weeks=params.weeks, today=params.today)
    return {"weeks": weeks, "source_of_categories": rules.OCHA_OUTCOMES}


@router.get(
    "/reference", auth=None, response=dict, summary="The vocabularies of movements, with their sources"
)
def reference(request: HttpRequest):
    vocabularies: dict[str, Any] = {
        name: {
            "source": source,
            "values": [{"code": code, "label": str(label)} for code, label in choices.choices],
        }
        for name, (choices, source) in rules.VOCABULARIES.items()
    }
    return vocabularies | {
        "constraint_detail_categories": {k: list(v) for k, v in rules.DETAIL_CATEGORIES.items()},
    }
