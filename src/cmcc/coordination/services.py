"""Writes for the coordination cycle. Every change is checked, validated and audited in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.errors import Conflict, ValidationFailed
from cmcc.core.models import SharedRecord

from . import rules
from .models import ActionItem, Decision, FollowUp, Meeting

SHARING_FIELDS = {"releasability", "shared_with", "protected"}


def _clean(obj) -> None:
    try:
        obj.full_clean(exclude=["owner_org"])
    except DjangoValidationError as exc:
        raise ValidationFailed.from_django(exc) from None


def _owner_id(actor: Actor, owner_org_id=None):
    """Records belong to the actor's organisation; only the system (CLI, demo) names another."""
    if actor.is_system:
        if owner_org_id is None:
            raise ValidationFailed({"owner_org": "The system must name the owner organisation."})
        return owner_org_id
    return actor.org_id


def _check_visible_link(actor: Actor, field: str, obj: Any) -> None:
    """A record may only point at linked records the actor can see (no probing by id)."""
    if obj is not None and not access.is_visible(actor, obj):
        raise ValidationFailed({field: "Not found."})


def _create(actor: Actor, obj: SharedRecord, *, action: str, sharing_in: dict, m2m: dict | None = None):
    access.require(actor, Action.CREATE)
    sharing.apply_sharing(obj, **sharing_in)
    _clean(obj)
    obj.save()
    sharing.save_shares(obj)
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    access.ensure_visible_after_write(actor, obj)
    audit.record(actor=actor, action=action, obj=obj)
    return obj


def _update(
    actor: Actor,
    obj: SharedRecord,
    *,
    action: str,
    changes: dict,
    editable: set[str],
    m2m: dict | None = None,
    validate=None,
):
    access.require(actor, Action.EDIT, obj)
    unknown = set(changes) - editable - SHARING_FIELDS
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    before = audit.snapshot(obj)
    for key, value in changes.items():
        if key not in SHARING_FIELDS:
            setattr(obj, key, value)
    if SHARING_FIELDS & set(changes):
        sharing.apply_sharing(
            obj,
            releasability=changes.get("releasability", obj.releasability),
            protected=changes.get("protected", obj.protected),
            shared_with=changes.get("shared_with", before.get("shared_with", [])),
        )
    if validate is not None:
        validate(obj)
    _clean(obj)
    obj.save()
    sharing.save_shares(obj)
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    access.ensure_visible_after_write(actor, obj)
    audit.record(actor=actor, action=action, obj=obj, before=before)
    return obj


# -- meetings ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    title: str,
    starts_at: dt.datetime,
    location: str = "",
    agenda: str = "",
    minutes: str = "",
    chair_org=None,
    attendees: Iterable = (),
    releasability: str = "org",
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id=None,
) -> Meeting:
    attendees = list(attendees)
    meeting = Meeting(
        owner_org_id=_owner_id(actor, owner_org_id),
        title=title,
        starts_at=starts_at,
        location=location,
        agenda=agenda,
        minutes=minutes,
        chair_org=chair_org,
    )
    return _create(
        actor,
        meeting,
        action="coordination.meeting.created",
        sharing_in={"releasability": releasability, "shared_with": shared_with, "protected": protected},
        m2m={"attendees": attendees},
    )


@transaction.atomic
def meeting_update(
    *, actor: Actor, meeting: Meeting, attendees: Iterable | None = None, **changes
) -> Meeting:
    return _update(
        actor,
        meeting,
        action="coordination.meeting.updated",
        changes=changes,
        editable={"title", "starts_at", "location", "agenda", "minutes", "chair_org"},
        m2m={"attendees": list(attendees)} if attendees is not None else None,
    )


# -- decisions ---------------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    actor: Actor,
    title: str,
    text: str,
    decided_by: str,
    authority: str,
    decided_on: dt.date,
    decided_by_org=None,
    meeting: Meeting | None = None,
    releasability: str = "org",
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id=None,
) -> Decision:
    _check_visible_link(actor, "meeting_id", meeting)
    decision = Decision(
        owner_org_id=_owner_id(actor, owner_org_id),
        meeting=meeting,
        title=title,
        text=text,
        decided_by=decided_by,
        decided_by_org=decided_by_org,
        authority=authority,
        decided_on=decided_on,
    )
    return _create(
        actor,
        decision,
        action="coordination.decision.created",
        sharing_in={"releasability": releasability, "shared_with": shared_with, "protected": protected},
    )


@transaction.atomic
def decision_update(*, actor: Actor, decision: Decision, **changes) -> Decision:
    if "meeting" in changes:
        _check_visible_link(actor, "meeting_id", changes["meeting"])
    return _update(
        actor,
        decision,
        action="coordination.decision.updated",
        changes=changes,
        editable={"title", "text", "decided_by", "decided_by_org", "authority", "decided_on", "meeting"},
    )


# -- action items ------------------------------------------------------------------------------


def _assignee_must_see(item: ActionItem) -> None:
    """The responsible organisation has to be able to read its own action item."""
    if not hasattr(item, "_pending_shares"):
        item._pending_shares = sharing.parse_shared_with(sharing.shared_with(item))  # type: ignore[attr-defined]
    if not access.can_see(
        access.actor_for_org_view(item.assigned_org),
        owner_org_id=item.owner_org_id,
        owner_community=item.owner_org.community,
        releasability=item.releasability,
        protected=item.protected,
        share_org_ids=getattr(item, "_pending_shares", ([], []))[0],
        share_communities=getattr(item, "_pending_shares", ([], []))[1],
    ):
        raise ValidationFailed(
            {
                "assigned_org_id": f"{item.assigned_org} could not see this action item at releasability "
                f"'{item.releasability}'; release it to them (e.g. 'named' with their id)."
            }
        )


@transaction.atomic
def action_item_create(
    *,
    actor: Actor,
    title: str,
    assigned_org,
    description: str = "",
    due_on: dt.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    releasability: str = "org",
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id=None,
) -> ActionItem:
    _check_visible_link(actor, "meeting_id", meeting)
    _check_visible_link(actor, "decision_id", decision)
    access.require(actor, Action.CREATE)
    item = ActionItem(
        owner_org_id=_owner_id(actor, owner_org_id),
        title=title,
        description=description,
        assigned_org=assigned_org,
        due_on=due_on,
        meeting=meeting,
        decision=decision,
    )
    sharing.apply_sharing(item, releasability=releasability, protected=protected, shared_with=shared_with)
    _assignee_must_see(item)
    _clean(item)
    item.save()
    sharing.save_shares(item)
    access.ensure_visible_after_write(actor, item)
    audit.record(actor=actor, action="coordination.action_item.created", obj=item)
    return item


def _may_progress(actor: Actor, item: ActionItem) -> None:
    """The owner organisation and the responsible organisation both move an item along."""
    access.require(actor, Action.VIEW, item)
    if actor.is_system:
        return
    if actor.org_id not in {item.owner_org_id, item.assigned_org_id}:
        raise access.PermissionDenied("Only the owner or the responsible organisation can update this item.")
    access.require(actor, Action.EDIT)


@transaction.atomic
def action_item_transition(
    *, actor: Actor, item: ActionItem, event: str, note: str = "", expected_status: str | None = None
) -> ActionItem:
    _may_progress(actor, item)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if expected_status is not None and item.status != expected_status:
        raise Conflict(f"The item is now '{item.status}', not '{expected_status}'; reload and try again.")
    before = audit.snapshot(item)
    item.status = rules.ACTION_ITEM.next(item.status, event)
    item.closed_at = None if item.status == "open" else timezone.now()
    item.save(update_fields=["status", "closed_at", "updated_at"])
    if note.strip():
        FollowUp.objects.create(
            item=item,
            text=note.strip(),
            author_name=actor.name,
            author_org_id=actor.org_id or item.owner_org_id,
        )
    audit.record(
        actor=actor, action=f"coordination.action_item.{event}", obj=item, before=before, message=note
    )
    return item


@transaction.atomic
def action_item_follow_up(*, actor: Actor, item: ActionItem, text: str) -> FollowUp:
    _may_progress(actor, item)
    if not text.strip():
        raise ValidationFailed({"text": "A follow-up note cannot be empty."})
    note = FollowUp.objects.create(
        item=item, text=text.strip(), author_name=actor.name, author_org_id=actor.org_id or item.owner_org_id
    )
    audit.record(
        actor=actor,
        action="coordination.action_item.followed_up",
        obj=item,
        before=None,
        message=text.strip(),
    )
    return note


@transaction.atomic
def action_item_update(*, actor: Actor, item: ActionItem, **changes) -> ActionItem:
    for field in ("meeting", "decision"):
        if field in changes:
            _check_visible_link(actor, f"{field}_id", changes[field])
    item = _update(
        actor,
        item,
        action="coordination.action_item.updated",
        changes=changes,
        editable={"title", "description", "assigned_org", "due_on", "meeting", "decision"},
        validate=_assignee_must_see,
    )
    return item
