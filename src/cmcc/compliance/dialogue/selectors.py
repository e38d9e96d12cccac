"""Reads of dialogue threads and public findings, always starting from what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from cmcc.core import access
from cmcc.core.access import Actor

from .models import Message, PublicFinding, Thread


def thread_list(
    *,
    actor: Actor,
    status: str | None = None,
    incident=None,
    party_org_id=None,
    q: str | None = None,
) -> QuerySet[Thread]:
    """Threads the actor may see: a party's liaison sees exactly those put to its party."""
    qs = access.visible(Thread.objects.select_related("owner_org", "party_org"), actor)
    if status:
        qs = qs.filter(status=status)
    if incident is not None:
        qs = qs.filter(incident_id__in=[incident.pk, *incident.merged_from.values_list("pk", flat=True)])
    if party_org_id:
        qs = qs.filter(party_org_id=party_org_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(reference__icontains=q) | Q(summary__icontains=q))
    return qs.order_by("-created_at")


def thread_get(*, actor: Actor, thread_id) -> Thread:
    return access.get_visible(Thread.objects.select_related("owner_org", "party_org"), actor, thread_id)


def messages(*, actor: Actor, thread: Thread) -> QuerySet[Message]:
    return access.visible(Message.objects.filter(thread=thread), actor).select_related("author_org")


def messages_for(*, actor: Actor, threads) -> dict:
    out: dict = {t.pk: [] for t in threads}
    qs = access.visible(Message.objects.filter(thread__in=list(out)), actor).select_related("author_org")
    for m in qs.order_by("created_at"):
        out[m.thread_id].append(m)
    return out


def public_finding_list(
    *,
    actor: Actor,
    category: str | None = None,
    determination: str | None = None,
    since: dt.datetime | None = None,
    include_superseded: bool = False,
    incident=None,
) -> QuerySet[PublicFinding]:
    qs = access.visible(PublicFinding.objects.select_related("owner_org"), actor)
    if not include_superseded:
        qs = qs.filter(superseded_by__isnull=True)
    if category:
        qs = qs.filter(category=category)
    if determination:
        qs = qs.filter(determination=determination)
    if since:
        qs = qs.filter(published_at__gte=since)
    if incident is not None:
        qs = qs.filter(incident=incident)
    return qs.order_by("-published_at")


def public_finding_get(*, actor: Actor, finding_id) -> PublicFinding:
    return access.get_visible(
        PublicFinding.objects.select_related("owner_org", "superseded_by"), actor, finding_id
    )
