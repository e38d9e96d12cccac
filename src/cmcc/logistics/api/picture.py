"""The throughput picture and the exports built on the same selectors."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cmcc.core import audit
from cmcc.core.api_base import actor_of

from .. import exports, selectors
from ..choices import Channel, Status
from .common import download

router = Router(tags=["logistics"])


class PictureQuery(Schema):
    since: dt.date | None = Field(None, description="First day (default: 30 days before 'until')")
    until: dt.date | None = Field(None, description="Last day (default: today)")
    crossing: str | None = None
    sector: str | None = None
    channel: Channel | None = None


class DayOut(Schema):
    date: dt.date
    trucks: int
    pallets: int
    tonnes: float
    consignments: int
    target: float | None = Field(None, description="Trucks per day in force that day")
    share_of_target: float | None


class BreakdownOut(Schema):
    key: str
    name: str
    trucks: int
    pallets: int
    tonnes: float
    consignments: int


class FunnelOut(Schema):
    stage: str
    consignments: int
    trucks: int
    lost_from_previous: int | None = Field(None, description="Trucks fewer than at the stage before")
    daily: list[int]


class CohortOut(Schema):
    stage: str
    consignments: int
    trucks: int
    share: float | None = Field(None, description="Share of the trucks approved in the window")


class StageTimeOut(Schema):
    stage: str
    consignments: int
    median_hours: float | None
    p90_hours: float | None


class RejectionOut(Schema):
    reason: str
    label: str
    requests: int
    lines: int


class PictureOut(Schema):
    since: dt.date
    until: dt.date
    totals: dict[str, float]
    days: list[DayOut]
    by_crossing: list[BreakdownOut]
    by_sector: list[BreakdownOut]
    by_channel: list[BreakdownOut]
    funnel: list[FunnelOut] = Field(..., description="Reached each stage within the window")
    cohort: list[CohortOut] = Field(..., description="How far the consignments approved in the window got")
    stage_times: list[StageTimeOut]
    rejections: list[RejectionOut]
    impediments: dict[str, int]


def _breakdown(rows: list[dict], key: str) -> list[dict]:
    return [{**r, "key": r[key] or ""} for r in rows]


def picture_data(request: HttpRequest, query: PictureQuery) -> dict:
    p = selectors.picture(actor=actor_of(request), **query.model_dump())
    return {
        "since": p.window.start,
        "until": p.window.end,
        "totals": p.totals,
        "days": p.days,
        "by_crossing": _breakdown(p.by_crossing, "crossing"),
        "by_sector": _breakdown(p.by_sector, "sector"),
        "by_channel": _breakdown(p.by_channel, "channel"),
        "funnel": p.funnel,
        "cohort": p.cohort,
        "stage_times": p.stage_times,
        "rejections": p.rejections,
        "impediments": p.impediments,
    }


@router.get(
    "/picture",
    response=PictureOut,
    summary="Throughput against the target in force, the funnel, time in each stage, rejections",
)
def picture(request: HttpRequest, query: Query[PictureQuery]):
    return picture_data(request, query)


Format = Literal["hxl", "csv", "xlsx"]
CONTENT_TYPES = {
    "hxl": "text/csv; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file(table: exports.Table, format: str):
    body = exports.to_xlsx(table) if format == "xlsx" else exports.to_csv(table, hxl=format == "hxl")
    suffix = "xlsx" if format == "xlsx" else ("hxl.csv" if format == "hxl" else "csv")
    return download(body, f"{table.name}.{suffix}", CONTENT_TYPES[format])


class ExportQuery(Schema):
    format: Format = Field("hxl", description="hxl (CSV with HXL hashtags), csv or xlsx")
    status: Status | None = None
    channel: Channel | None = None
    crossing: str | None = None
    sector: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None


@router.get("/exports/consignments", summary="Consignments you may see as HXL-tagged CSV, CSV or XLSX")
def export_consignments(request: HttpRequest, query: Query[ExportQuery]):
    actor = actor_of(request)
    filters = query.model_dump()
    format = filters.pop("format")
    consignments = list(selectors.export_consignments(actor=actor, **filters))
    audit.record_reads(actor=actor, objs=consignments, action="exported")
    return _file(exports.consignments_table(consignments), format)


class ThroughputExportQuery(PictureQuery):
    format: Format = Field("hxl", description="hxl (CSV with HXL hashtags), csv or xlsx")


@router.get(
    "/exports/throughput",
    summary="Trucks, pallets and tonnes per day × crossing × sector × channel, with the target in force",
)
def export_throughput(request: HttpRequest, query: Query[ThroughputExportQuery]):
    filters = query.model_dump()
    format = filters.pop("format")
    window, rows = selectors.throughput_rows(actor=actor_of(request), **filters)
    table = exports.throughput_table(rows, selectors.crossing_names(), selectors.targets_by_day(window.days))
    return _file(table, format)
