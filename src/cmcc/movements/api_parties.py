"""The party inbox: notifications transmitted to a party, receipt ("received" — never approval), and
the party's decision, recorded separately."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, actor_of, require_user

from . import selectors, services
from .api_common import one
from .models import DecisionKind

router = Router(tags=["movements"])

RECEIPT_MEANING = (
    "Receipt records that the party received the notification. It is not approval and decides nothing; "
    "the party's decision is recorded separately."
)


class DecisionOut(Schema):
    id: uuid.UUID
    kind: DecisionKind
    decided_at: dt.datetime
    decided_by: str
    decided_by_org_id: uuid.UUID
    note: str
    changed_route: dict[str, Any] | None
    changed_window_start: dt.datetime | None
    changed_window_end: dt.datetime | None


class TransmissionOut(RecordOut):
    movement_id: uuid.UUID
    reference: str
    party_id: uuid.UUID
    party_name: str
    sent_at: dt.datetime
    notice_hours: int
    late: bool = Field(..., description="Sent with less than the notice period: flagged, not refused")
    concerned: bool = Field(..., description="False once the route no longer crosses the party's zones")
    packet: dict[str, Any] = Field(..., description="What was transmitted (no names of people on board)")
    received_at: dt.datetime | None = Field(..., description="When the party confirmed receipt")
    received_by: str
    receipt_meaning: str = RECEIPT_MEANING
    decision: DecisionKind | None = Field(..., description="The party's current decision, if any")
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_reference(obj) -> str:
        return obj.movement.reference

    @staticmethod
    def resolve_party_name(obj) -> str:
        return obj.party.name

    @staticmethod
    def resolve_decision(obj) -> str | None:
        return obj.decision or None


class TransmissionDetailOut(TransmissionOut):
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_decisions(obj) -> list:
        return obj._decisions


class TransmissionFilter(FilterSchema):
    party_id: uuid.UUID | None = None
    movement_id: uuid.UUID | None = None
    received: bool | None = Field(None, description="Receipt confirmed or not")
    decided: bool | None = None
    decision: DecisionKind | None = None
    concerned: bool | None = None
    since: dt.datetime | None = Field(None, description="Movement window ends after")
    until: dt.datetime | None = Field(None, description="Movement window starts before")


class DecisionIn(Schema):
    kind: DecisionKind
    note: str = Field("", max_length=4000)
    changed_route: dict[str, Any] | None = Field(
        None, description="With approved_with_changes: the route approved"
    )
    changed_window_start: dt.datetime | None = None
    changed_window_end: dt.datetime | None = None


def _detail(request: HttpRequest, tx):
    one(request, tx)
    tx._decisions = list(selectors.decisions_of(actor=actor_of(request), transmission=tx))
    return tx


@router.get(
    "/transmissions",
    response=list[TransmissionOut],
    summary="Notifications transmitted to parties (a party sees only its own)",
)
@paginate(Page)
def transmission_list(request: HttpRequest, filters: Query[TransmissionFilter]):
    return selectors.transmission_list(actor=actor_of(request), **filters.model_dump())


@router.get("/transmissions/{transmission_id}", response=TransmissionDetailOut, summary="One transmission")
def transmission_get(request: HttpRequest, transmission_id: uuid.UUID):
    return _detail(
        request, selectors.transmission_get(actor=actor_of(request), transmission_id=transmission_id)
    )


@router.post(
    "/transmissions/{transmission_id}/receipt",
    response=TransmissionDetailOut,
    summary="Confirm receipt (received — not approval)",
)
def transmission_receive(request: HttpRequest, transmission_id: uuid.UUID):
    actor = require_user(request)
    tx = selectors.transmission_get(actor=actor, transmission_id=transmission_id)
    services.transmission_receive(actor=actor, transmission=tx)
    return _detail(request, selectors.transmission_get(actor=actor, transmission_id=transmission_id))


@router.post(
    "/transmissions/{transmission_id}/decisions",
    response={201: TransmissionDetailOut},
    summary="Record the party's decision (needs the decide grant)",
)
def transmission_decide(request: HttpRequest, transmission_id: uuid.UUID, payload: DecisionIn):
    actor = require_user(request)
    tx = selectors.transmission_get(actor=actor, transmission_id=transmission_id)
    services.transmission_decide(actor=actor, transmission=tx, **payload.model_dump())
    return Status(
        201, _detail(request, selectors.transmission_get(actor=actor, transmission_id=transmission_id))
    )
