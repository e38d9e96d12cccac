"""API of the right of reply (threads per incident per party) and of public findings (readable
without signing in)."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, actor_of, prepare_records, referenced, require_user
from cmcc.partners import selectors as partner_selectors

from .. import selectors, services
from ..vocab import Attribution, Category, Determination, Side, ThreadStatus, TimePrecision

router = Router(tags=["compliance"])


class MessageOut(Schema):
    id: uuid.UUID
    side: Side
    text: str
    author_name: str
    author_org_id: uuid.UUID | None
    created_at: dt.datetime


class ThreadOut(RecordOut):
    """The party-facing view of an incident: only the fields the cell put to the party."""

    party_org_id: uuid.UUID
    party_org_name: str
    status: ThreadStatus
    reference: str
    title: str
    category: Category
    occurred_on: dt.date
    time_precision: TimePrecision
    place_name: str
    summary: str
    question: str

    @staticmethod
    def resolve_party_org_name(obj) -> str:
        return obj.party_org.name


class ThreadDetailOut(ThreadOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(obj) -> list:
        return obj._messages


class ThreadIn(Schema):
    party_org_id: uuid.UUID
    summary: str = Field(..., min_length=3, description="What is alleged, in the words released to the party")
    question: str = Field("", description="What the centre asks the party")
    title: str = Field("", max_length=200, description="Empty: the incident's title")
    place_name: str | None = Field(None, max_length=200, description="Empty: the incident's place")


class ThreadFilter(FilterSchema):
    status: ThreadStatus | None = None


class MessageIn(Schema):
    text: str = Field(..., min_length=1)


class CloseIn(Schema):
    reason: str = ""


class PublicFindingOut(RecordOut):
    reference: str
    title: str
    category: Category
    occurred_on: dt.date
    time_precision: TimePrecision
    place_name: str
    governorate: str
    lat: float | None
    lon: float | None
    determination: Determination
    attribution: Attribution
    attributed_to: str
    summary: str
    parties_replied: str
    independent_origins: int
    published_at: dt.datetime
    superseded_by_id: uuid.UUID | None


class PublishIn(Schema):
    version: int = Field(..., ge=1)
    summary: str = Field(..., min_length=10, description="The public wording of the finding")
    title: str = Field("", max_length=200)
    reason: str = ""


class FindingFilter(FilterSchema):
    category: Category | None = None
    determination: Determination | None = None
    since: dt.datetime | None = None


def _thread(request, thread):
    prepare_records([thread], request)
    thread._messages = list(selectors.messages(actor=actor_of(request), thread=thread))
    return thread


@router.post(
    "/incidents/{uuid:incident_id}/threads",
    response={201: ThreadDetailOut},
    summary="Put the incident to a party: opens its thread with the released fields (verify)",
)
def thread_open(request: HttpRequest, incident_id: uuid.UUID, payload: ThreadIn):
    actor = require_user(request)
    incident = selectors.incident_get(actor=actor, incident_id=incident_id)
    data = payload.model_dump()
    party = referenced(
        "party_org_id", partner_selectors.organisation_get, actor=actor, org_id=data.pop("party_org_id")
    )
    return Status(
        201, _thread(request, services.thread_open(actor=actor, incident=incident, party_org=party, **data))
    )


@router.get(
    "/threads", response=list[ThreadOut], summary="Right-of-reply threads (a party sees those put to it)"
)
@paginate(Page)
def thread_list(request: HttpRequest, filters: Query[ThreadFilter]):
    return selectors.thread_list(actor=actor_of(request), **filters.model_dump())


@router.get("/threads/{uuid:thread_id}", response=ThreadDetailOut, summary="One thread and its messages")
def thread_get(request: HttpRequest, thread_id: uuid.UUID):
    return _thread(request, selectors.thread_get(actor=actor_of(request), thread_id=thread_id))


@router.post(
    "/threads/{uuid:thread_id}/messages",
    response={201: MessageOut},
    summary="Answer (the party) or ask (the cell) in a thread",
)
def thread_post(request: HttpRequest, thread_id: uuid.UUID, payload: MessageIn):
    actor = require_user(request)
    thread = selectors.thread_get(actor=actor, thread_id=thread_id)
    return Status(201, services.thread_post(actor=actor, thread=thread, text=payload.text))


@router.post("/threads/{uuid:thread_id}/close", response=ThreadDetailOut, summary="Close a thread (verify)")
def thread_close(request: HttpRequest, thread_id: uuid.UUID, payload: CloseIn):
    actor = require_user(request)
    thread = selectors.thread_get(actor=actor, thread_id=thread_id)
    services.thread_close(actor=actor, thread=thread, reason=payload.reason)
    return _thread(request, selectors.thread_get(actor=actor, thread_id=thread_id))


@router.post(
    "/incidents/{uuid:incident_id}/publish",
    response={201: PublicFindingOut},
    summary="Publish a finding: creates the public finding, separate from the internal findings (decide)",
)
def incident_publish(request: HttpRequest, incident_id: uuid.UUID, payload: PublishIn):
    actor = require_user(request)
    incident = selectors.incident_get(actor=actor, incident_id=incident_id)
    finding = services.incident_publish(actor=actor, incident=incident, **payload.model_dump())
    prepare_records([finding], request)
    return Status(201, finding)


@router.get(
    "/public-findings",
    response=list[PublicFindingOut],
    summary="Published findings (no sign-in needed)",
)
@paginate(Page)
def public_finding_list(request: HttpRequest, filters: Query[FindingFilter]):
    return selectors.public_finding_list(actor=actor_of(request), **filters.model_dump())


@router.get("/public-findings/{uuid:finding_id}", response=PublicFindingOut, summary="One published finding")
def public_finding_get(request: HttpRequest, finding_id: uuid.UUID):
    finding = selectors.public_finding_get(actor=actor_of(request), finding_id=finding_id)
    prepare_records([finding], request)
    return finding
