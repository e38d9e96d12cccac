"""Coordination API: meetings, decisions, action items and their follow-up."""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core import access
from cmcc.core.api_base import Page, RecordOut, SharingIn, actor_of, prepare_records, referenced, require_user
from cmcc.core.errors import ValidationFailed
from cmcc.partners import selectors as partner_selectors

from . import selectors, services
from .models import ActionStatus

router = Router(tags=["coordination"])


def _org(actor, field: str, org_id):
    if org_id is None:
        return None
    return referenced(field, partner_selectors.organisation_get, actor=actor, org_id=org_id)


def _orgs(actor, field: str, ids: list[uuid.UUID]):
    found = list(partner_selectors.organisations_by_ids(actor=actor, ids=ids))
    missing = sorted(str(i) for i in set(ids) - {o.pk for o in found})
    if missing:
        raise ValidationFailed({field: f"Unknown or not visible to you: {', '.join(missing)}."})
    return found


def _one(request: HttpRequest, record):
    prepare_records([record], request)
    return record


# -- meetings ----------------------------------------------------------------------------------


class MeetingOut(RecordOut):
    title: str
    starts_at: dt.datetime
    location: str
    chair_org_id: uuid.UUID | None
    agenda: str
    minutes: str
    attendee_ids: list[uuid.UUID]

    @staticmethod
    def resolve_attendee_ids(obj) -> list[uuid.UUID]:
        return sorted((o.pk for o in obj.attendees.all()), key=str)


class MeetingIn(SharingIn):
    title: str = Field(..., min_length=2, max_length=200)
    starts_at: dt.datetime
    location: str = Field("", max_length=200)
    chair_org_id: uuid.UUID | None = None
    agenda: str = ""
    minutes: str = ""
    attendee_ids: list[uuid.UUID] = Field(default_factory=list)


class MeetingPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=200)
    starts_at: dt.datetime | None = None
    location: str | None = None
    chair_org_id: uuid.UUID | None = None
    agenda: str | None = None
    minutes: str | None = None
    attendee_ids: list[uuid.UUID] | None = None
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class MeetingFilter(FilterSchema):
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    q: str | None = None
    attendee_id: uuid.UUID | None = None


@router.get("/meetings", response=list[MeetingOut], summary="Coordination meetings")
@paginate(Page)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilter]):
    return selectors.meeting_list(actor=actor_of(request), **filters.model_dump())


@router.post("/meetings", response={201: MeetingOut}, summary="Schedule or record a meeting")
def meeting_create(request: HttpRequest, payload: MeetingIn):
    actor = require_user(request)
    data = payload.model_dump()
    chair = _org(actor, "chair_org_id", data.pop("chair_org_id"))
    attendees = _orgs(actor, "attendee_ids", data.pop("attendee_ids"))
    meeting = services.meeting_create(actor=actor, chair_org=chair, attendees=attendees, **data)
    return Status(201, _one(request, meeting))


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One meeting")
def meeting_get(request: HttpRequest, meeting_id: uuid.UUID):
    return _one(request, selectors.meeting_get(actor=actor_of(request), meeting_id=meeting_id))


@router.patch("/meetings/{meeting_id}", response=MeetingOut, summary="Change a meeting (owner organisation)")
def meeting_update(request: HttpRequest, meeting_id: uuid.UUID, payload: MeetingPatch):
    actor = require_user(request)
    meeting = selectors.meeting_get(actor=actor, meeting_id=meeting_id)
    data = payload.model_dump(exclude_unset=True)
    if "chair_org_id" in data:
        data["chair_org"] = _org(actor, "chair_org_id", data.pop("chair_org_id"))
    attendees = data.pop("attendee_ids", None)
    if attendees is not None:
        attendees = _orgs(actor, "attendee_ids", attendees)
    return _one(request, services.meeting_update(actor=actor, meeting=meeting, attendees=attendees, **data))


# -- decisions ---------------------------------------------------------------------------------


class DecisionOut(RecordOut):
    meeting_id: uuid.UUID | None
    title: str
    text: str
    decided_by: str
    decided_by_org_id: uuid.UUID | None
    authority: str
    decided_on: dt.date


class DecisionIn(SharingIn):
    meeting_id: uuid.UUID | None = None
    title: str = Field(..., min_length=2, max_length=200)
    text: str = Field(..., min_length=1)
    decided_by: str = Field(..., min_length=2, max_length=200, description="The person or body that decided")
    decided_by_org_id: uuid.UUID | None = None
    authority: str = Field(..., min_length=2, max_length=300, description="On what authority")
    decided_on: dt.date


class DecisionPatch(Schema):
    meeting_id: uuid.UUID | None = None
    title: str | None = Field(None, min_length=2, max_length=200)
    text: str | None = Field(None, min_length=1)
    decided_by: str | None = Field(None, min_length=2, max_length=200)
    decided_by_org_id: uuid.UUID | None = None
    authority: str | None = Field(None, min_length=2, max_length=300)
    decided_on: dt.date | None = None
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class DecisionFilter(FilterSchema):
    meeting_id: uuid.UUID | None = None
    decided_by_org_id: uuid.UUID | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None


def _decision_links(actor, data: dict) -> dict:
    if "meeting_id" in data:
        meeting_id = data.pop("meeting_id")
        data["meeting"] = (
            referenced("meeting_id", selectors.meeting_get, actor=actor, meeting_id=meeting_id)
            if meeting_id
            else None
        )
    if "decided_by_org_id" in data:
        data["decided_by_org"] = _org(actor, "decided_by_org_id", data.pop("decided_by_org_id"))
    return data


@router.get("/decisions", response=list[DecisionOut], summary="The decision log")
@paginate(Page)
def decision_list(request: HttpRequest, filters: Query[DecisionFilter]):
    return selectors.decision_list(actor=actor_of(request), **filters.model_dump())


@router.post(
    "/decisions", response={201: DecisionOut}, summary="Record a decision: who decided, on what authority"
)
def decision_create(request: HttpRequest, payload: DecisionIn):
    actor = require_user(request)
    data = _decision_links(actor, payload.model_dump())
    return Status(201, _one(request, services.decision_create(actor=actor, **data)))


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="One decision")
def decision_get(request: HttpRequest, decision_id: uuid.UUID):
    return _one(request, selectors.decision_get(actor=actor_of(request), decision_id=decision_id))


@router.patch(
    "/decisions/{decision_id}", response=DecisionOut, summary="Correct a decision record (owner organisation)"
)
def decision_update(request: HttpRequest, decision_id: uuid.UUID, payload: DecisionPatch):
    actor = require_user(request)
    decision = selectors.decision_get(actor=actor, decision_id=decision_id)
    data = _decision_links(actor, payload.model_dump(exclude_unset=True))
    return _one(request, services.decision_update(actor=actor, decision=decision, **data))


# -- action items ------------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: uuid.UUID
    text: str
    author_name: str
    author_org_id: uuid.UUID
    created_at: dt.datetime


class ActionItemOut(RecordOut):
    meeting_id: uuid.UUID | None
    decision_id: uuid.UUID | None
    title: str
    description: str
    assigned_org_id: uuid.UUID
    due_on: dt.date | None
    status: ActionStatus
    closed_at: dt.datetime | None
    allowed_events: list[str]

    @staticmethod
    def resolve_allowed_events(obj) -> list[str]:
        from .rules import ACTION_ITEM

        return ACTION_ITEM.allowed_events(obj.status)


class ActionItemDetailOut(ActionItemOut):
    follow_ups: list[FollowUpOut]


class ActionItemIn(SharingIn):
    title: str = Field(..., min_length=2, max_length=200)
    description: str = ""
    assigned_org_id: uuid.UUID
    due_on: dt.date | None = None
    meeting_id: uuid.UUID | None = None
    decision_id: uuid.UUID | None = None


class ActionItemPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=200)
    description: str | None = None
    assigned_org_id: uuid.UUID | None = None
    due_on: dt.date | None = None
    releasability: str | None = None
    shared_with: list[str] | None = None
    protected: bool | None = None


class ActionItemFilter(FilterSchema):
    status: ActionStatus | None = None
    assigned_org_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None
    decision_id: uuid.UUID | None = None
    overdue: bool | None = None
    q: str | None = None


class ActionEventIn(Schema):
    event: str = Field(..., description="complete, drop or reopen")
    note: str = ""
    expected_status: ActionStatus | None = Field(
        None, description="Refuse (409) if someone else changed the status meanwhile"
    )


class FollowUpIn(Schema):
    text: str = Field(..., min_length=1)


def _item_links(actor, data: dict) -> dict:
    if "assigned_org_id" in data:
        if data["assigned_org_id"] is None:
            raise ValidationFailed({"assigned_org_id": "An action item needs a responsible organisation."})
        data["assigned_org"] = _org(actor, "assigned_org_id", data.pop("assigned_org_id"))
    for name, getter, key in (
        ("meeting", selectors.meeting_get, "meeting_id"),
        ("decision", selectors.decision_get, "decision_id"),
    ):
        if key in data:
            value = data.pop(key)
            data[name] = referenced(key, getter, actor=actor, **{key: value}) if value else None
    return data


def _detail(request, item):
    _one(request, item)
    item.follow_ups_list = list(selectors.follow_ups(actor=actor_of(request), item=item))
    return item


class _Detail(ActionItemDetailOut):
    @staticmethod
    def resolve_follow_ups(obj) -> list:
        return obj.follow_ups_list


@router.get("/action-items", response=list[ActionItemOut], summary="Action items with owners and due dates")
@paginate(Page)
def action_item_list(request: HttpRequest, filters: Query[ActionItemFilter]):
    return selectors.action_item_list(actor=actor_of(request), **filters.model_dump())


@router.post("/action-items", response={201: _Detail}, summary="Create an action item")
def action_item_create(request: HttpRequest, payload: ActionItemIn):
    actor = require_user(request)
    data = _item_links(actor, payload.model_dump())
    return Status(201, _detail(request, services.action_item_create(actor=actor, **data)))


@router.get("/action-items/{item_id}", response=_Detail, summary="One action item with its follow-up")
def action_item_get(request: HttpRequest, item_id: uuid.UUID):
    return _detail(request, selectors.action_item_get(actor=actor_of(request), item_id=item_id))


@router.patch(
    "/action-items/{item_id}", response=_Detail, summary="Change an action item (owner organisation)"
)
def action_item_update(request: HttpRequest, item_id: uuid.UUID, payload: ActionItemPatch):
    actor = require_user(request)
    item = selectors.action_item_get(actor=actor, item_id=item_id)
    data = _item_links(actor, payload.model_dump(exclude_unset=True))
    return _detail(request, services.action_item_update(actor=actor, item=item, **data))


@router.post("/action-items/{item_id}/events", response=_Detail, summary="Complete, drop or reopen an item")
def action_item_event(request: HttpRequest, item_id: uuid.UUID, payload: ActionEventIn):
    actor = require_user(request)
    item = selectors.action_item_get(actor=actor, item_id=item_id)
    item = services.action_item_transition(actor=actor, item=item, **payload.model_dump())
    return _detail(request, selectors.action_item_get(actor=actor, item_id=item.pk))


@router.post(
    "/action-items/{item_id}/follow-ups", response={201: FollowUpOut}, summary="Add a follow-up note"
)
def action_item_follow_up(request: HttpRequest, item_id: uuid.UUID, payload: FollowUpIn):
    actor = require_user(request)
    item = selectors.action_item_get(actor=actor, item_id=item_id)
    return Status(201, services.action_item_follow_up(actor=actor, item=item, text=payload.text))


__all__ = ["access", "router"]
