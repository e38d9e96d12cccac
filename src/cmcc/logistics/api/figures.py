"""Figures as claims: who said how many of what, side by side, with the spread and the
platform's own count from consignment data."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, require_user

from .. import selectors, services
from ..choices import FigureBasis, FigureChannel, FigureUnit, Stage
from .common import crossing, one, org

router = Router(tags=["logistics"])


class FigureOut(RecordOut):
    source_name: str
    source_org_id: uuid.UUID | None
    channel: FigureChannel
    stage: Stage
    unit: FigureUnit
    basis: FigureBasis
    value: float
    total: float = Field(..., description="The claim as a total over its period")
    period_start: dt.date
    period_end: dt.date
    crossing: str | None
    sector: str | None
    method: str
    stated_on: dt.date | None
    source_url: str
    note: str

    @staticmethod
    def resolve_crossing(obj) -> str | None:
        return obj.crossing.slug if obj.crossing_id else None

    @staticmethod
    def resolve_sector(obj) -> str | None:
        return obj.sector_id


class FigureIn(SharingIn):
    source_name: str = Field("", max_length=200, description="Who said it (default: the source organisation)")
    source_org_id: uuid.UUID | None = None
    channel: FigureChannel = Field(..., description="Which channels the figure counts")
    stage: Stage = Field(..., description="Which lifecycle stage it counts")
    unit: FigureUnit
    basis: FigureBasis = FigureBasis.TOTAL
    value: float = Field(..., ge=0)
    period_start: dt.date
    period_end: dt.date | None = None
    crossing: str | None = None
    sector: str | None = None
    method: str = Field("", max_length=300)
    stated_on: dt.date | None = None
    source_url: str = Field("", max_length=500)
    note: str = ""


class FigureFilter(FilterSchema):
    stage: Stage | None = None
    unit: FigureUnit | None = None
    channel: FigureChannel | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None


class SpreadOut(Schema):
    min: float | None
    max: float | None
    ratio: float | None = Field(None, description="max / min")


class PlatformOut(Schema):
    value: float
    consignments: int
    stage: str
    unit: str


class ClaimOut(FigureOut):
    platform: PlatformOut = Field(..., description="The platform's count of the same stage and channels")


class CompareOut(Schema):
    stage: Stage | None
    unit: FigureUnit
    period_start: dt.date
    period_end: dt.date
    claims: list[ClaimOut]
    spread: SpreadOut
    platform: PlatformOut = Field(
        ..., description="The platform's count of the requested stage (default: entered) and channels"
    )


class CompareQuery(Schema):
    unit: FigureUnit
    stage: Stage | None = Field(None, description="Only claims counting this stage")
    start: dt.date
    end: dt.date | None = None
    channel: FigureChannel | None = None


@router.get("/figures", response=list[FigureOut], summary="Figures as claims, each with its source")
@paginate(Page)
def figure_list(request: HttpRequest, filters: Query[FigureFilter]):
    return selectors.figure_list(actor=actor_of(request), **filters.model_dump())


@router.post(
    "/figures", response={201: FigureOut}, summary="Record a source's claim (never overwrites another)"
)
def figure_create(request: HttpRequest, payload: FigureIn):
    actor = require_user(request)
    data = payload.model_dump()
    data["source_org"] = org(actor, "source_org_id", data.pop("source_org_id"))
    data["crossing"] = crossing("crossing", data["crossing"])
    return Status(201, one(request, services.figure_create(actor=actor, **data)))


@router.get(
    "/figures/compare",
    response=CompareOut,
    summary="All claims about one quantity side by side, the spread and the platform's own count",
)
def figure_compare(request: HttpRequest, query: Query[CompareQuery]):
    result = selectors.figure_compare(actor=actor_of(request), **query.model_dump())
    prepare_records(result["claims"], request)
    return result


@router.get("/figures/{figure_id}", response=FigureOut, summary="One figure")
def figure_get(request: HttpRequest, figure_id: uuid.UUID):
    return one(request, selectors.figure_get(actor=actor_of(request), figure_id=figure_id))
