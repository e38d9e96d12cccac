"""Clearance requests: sent by a consignment's owner to an authority of a party, which sees the
request (and only the fields on it) and decides, for the consignment and for each line."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, actor_of, require_user

from .. import selectors, services
from ..choices import Channel, Decision, LineClearance, RequestKind, RequestStatus, Unit
from .common import one, org

router = Router(tags=["logistics"])


class ClearanceLineOut(Schema):
    id: int
    line_id: int
    line_no: int
    description: str
    item_code: str
    sector: str
    quantity: float
    unit: Unit
    weight_kg: float
    dual_use: bool
    classification_version: int | None
    decision: LineClearance
    reason: str | None
    note: str

    @staticmethod
    def resolve_sector(obj) -> str:
        return obj.sector_id

    @staticmethod
    def resolve_reason(obj) -> str | None:
        return obj.reason_id


class ClearanceRequestOut(RecordOut):
    consignment_id: uuid.UUID
    authority_id: uuid.UUID
    authority_name: str
    kind: RequestKind
    appeal_of_id: uuid.UUID | None
    status: RequestStatus
    reference: str
    sender_name: str
    consignee_name: str
    channel: Channel
    planned_crossing: str | None
    planned_date: dt.date | None
    trucks: int
    total_weight_kg: float
    justification: str
    requested_at: dt.datetime
    requested_by_name: str
    decided_at: dt.datetime | None
    decided_by_name: str = Field(..., description="Who recorded the decision (not a claim of authority)")
    decided_by_org_id: uuid.UUID | None
    decided_by_org_name: str
    reason: str | None
    decision_note: str
    lines: list[ClearanceLineOut]

    @staticmethod
    def resolve_authority_name(obj) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_planned_crossing(obj) -> str | None:
        return obj.planned_crossing.slug if obj.planned_crossing_id else None

    @staticmethod
    def resolve_decided_by_org_name(obj) -> str:
        return obj.decided_by_org.name if obj.decided_by_org_id else ""

    @staticmethod
    def resolve_reason(obj) -> str | None:
        return obj.reason_id

    @staticmethod
    def resolve_lines(obj) -> list:
        return obj.lines_list


class ClearanceRequestIn(Schema):
    authority_id: uuid.UUID = Field(..., description="The authority (party community) it is addressed to")
    justification: str = Field("", description="Why; required for an appeal")
    appeal: bool = Field(False, description="Appeal the rejection of the previous request")
    shared_with: list[str] = Field(
        default_factory=list, description="Also release the request to these organisations or communities"
    )
    occurred_at: dt.datetime | None = None


class LineDecisionIn(Schema):
    line_no: int | None = Field(None, description="The line's number on the request")
    line_id: int | None = Field(None, description="Or its line_id (as listed in the request's lines)")
    decision: Decision
    reason: str = Field("", description="Reason code, required to reject")
    note: str = Field("", max_length=300)


class DecisionIn(Schema):
    decision: Decision = Field(..., description="approve (lines may still be rejected one by one) or reject")
    reason: str = Field("", description="Reason code, required to reject")
    note: str = ""
    lines: list[LineDecisionIn] = Field(default_factory=list, description="Decisions on single lines")
    occurred_at: dt.datetime | None = None


class RequestFilter(FilterSchema):
    status: RequestStatus | None = None
    kind: RequestKind | None = None
    authority_id: uuid.UUID | None = None
    consignment_id: uuid.UUID | None = None
    addressed_to_me: bool = Field(False, description="Only requests addressed to your organisation")


def _detail(request: HttpRequest, clearance_request):
    one(request, clearance_request)
    clearance_request.lines_list = list(
        selectors.clearance_lines(actor=actor_of(request), request=clearance_request)
    )
    return clearance_request


class _ListOut(ClearanceRequestOut):
    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


@router.get(
    "/clearance-requests",
    response=list[_ListOut],
    summary="Clearance requests you sent, or that are addressed to your authority",
)
@paginate(Page)
def clearance_request_list(request: HttpRequest, filters: Query[RequestFilter]):
    return selectors.clearance_request_list(actor=actor_of(request), **filters.model_dump()).prefetch_related(
        "lines"
    )


@router.post(
    "/consignments/{consignment_id}/clearance-requests",
    response={201: ClearanceRequestOut},
    summary="Request clearance from an authority (or appeal its rejection)",
)
def clearance_request_create(request: HttpRequest, consignment_id: uuid.UUID, payload: ClearanceRequestIn):
    actor = require_user(request)
    consignment = selectors.consignment_get(actor=actor, consignment_id=consignment_id)
    data = payload.model_dump()
    authority = org(actor, "authority_id", data.pop("authority_id"))
    created = services.clearance_request_create(
        actor=actor, consignment=consignment, authority=authority, **data
    )
    return Status(201, _detail(request, selectors.clearance_request_get(actor=actor, request_id=created.pk)))


@router.get("/clearance-requests/{request_id}", response=ClearanceRequestOut, summary="One clearance request")
def clearance_request_get(request: HttpRequest, request_id: uuid.UUID):
    return _detail(request, selectors.clearance_request_get(actor=actor_of(request), request_id=request_id))


@router.post(
    "/clearance-requests/{request_id}/decision",
    response=ClearanceRequestOut,
    summary="Decide a request addressed to your authority (action 'decide')",
)
def clearance_decide(request: HttpRequest, request_id: uuid.UUID, payload: DecisionIn):
    actor = require_user(request)
    clearance_request = selectors.clearance_request_get(actor=actor, request_id=request_id)
    data = payload.model_dump()
    data["lines"] = [{k: v for k, v in line.items() if v is not None} for line in data["lines"]]
    services.clearance_decide(actor=actor, request=clearance_request, **data)
    return _detail(request, selectors.clearance_request_get(actor=actor, request_id=request_id))
