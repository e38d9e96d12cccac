"""Reads for the coordination cycle, always starting from what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from cmcc.core import access
from cmcc.core.access import Actor

from .models import ActionItem, Decision, FollowUp, Meeting


def meeting_list(
    *,
    actor: Actor,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: str | None = None,
    attendee_id=None,
) -> QuerySet[Meeting]:
    qs = access.visible(Meeting.objects.select_related("owner_org", "chair_org"), actor)
    if since:
        qs = qs.filter(starts_at__gte=since)
    if until:
        qs = qs.filter(starts_at__lt=until)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(agenda__icontains=q))
    if attendee_id:
        qs = qs.filter(attendees__id=attendee_id)
    return qs.prefetch_related("attendees").order_by("-starts_at").distinct()


def meeting_get(*, actor: Actor, meeting_id) -> Meeting:
    return access.get_visible(Meeting.objects.select_related("owner_org", "chair_org"), actor, meeting_id)


def decision_list(
    *,
    actor: Actor,
    meeting_id=None,
    decided_by_org_id=None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    q: str | None = None,
) -> QuerySet[Decision]:
    qs = access.visible(Decision.objects.select_related("owner_org", "decided_by_org", "meeting"), actor)
    if meeting_id:
        qs = qs.filter(meeting_id=meeting_id)
    if decided_by_org_id:
        qs = qs.filter(decided_by_org_id=decided_by_org_id)
    if since:
        qs = qs.filter(decided_on__gte=since)
    if until:
        qs = qs.filter(decided_on__lte=until)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q))
    return qs.order_by("-decided_on", "-created_at")


def decision_get(*, actor: Actor, decision_id) -> Decision:
    return access.get_visible(
        Decision.objects.select_related("owner_org", "decided_by_org", "meeting"), actor, decision_id
    )


def action_item_list(
    *,
    actor: Actor,
    status: str | None = None,
    assigned_org_id=None,
    meeting_id=None,
    decision_id=None,
    overdue: bool | None = None,
    q: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[ActionItem]:
    qs = access.visible(
        ActionItem.objects.select_related("owner_org", "assigned_org", "meeting", "decision"), actor
    )
    if status:
        qs = qs.filter(status=status)
    if assigned_org_id:
        qs = qs.filter(assigned_org_id=assigned_org_id)
    if meeting_id:
        qs = qs.filter(meeting_id=meeting_id)
    if decision_id:
        qs = qs.filter(decision_id=decision_id)
    if overdue is not None:
        from django.utils import timezone

        day = today or timezone.localdate()
        late = Q(status="open", due_on__lt=day)
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.order_by("status", "due_on", "-created_at")


def action_item_get(*, actor: Actor, item_id) -> ActionItem:
    return access.get_visible(
        ActionItem.objects.select_related("owner_org", "assigned_org", "meeting", "decision"), actor, item_id
    )


def follow_ups(*, actor: Actor, item: ActionItem) -> QuerySet[FollowUp]:
    return access.visible(FollowUp.objects.filter(item=item).select_related("author_org"), actor)
