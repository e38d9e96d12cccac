"""Reads of sources and reports, always starting from what the actor may see."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q, QuerySet

from cmcc.core import access
from cmcc.core.access import Actor, system_actor
from cmcc.core.choices import Community

from .models import CasualtyClaim, Report, Source, SourceRating

_SYSTEM = system_actor("compliance")


def cell_org():
    """The verification cell: the centre's own coordination-community member organisation (the
    one that joined first when there are several). It owns incidents, sources and findings."""
    from cmcc.partners.selectors import organisation_list

    return (
        organisation_list(actor=_SYSTEM, community=Community.COORDINATION, status="active")
        .order_by("created_at")
        .first()
    )


def is_cell_member(actor: Actor) -> bool:
    cell = cell_org()
    return bool(cell and actor.org_id == cell.pk)


# -- sources -----------------------------------------------------------------------------------


def source_list(
    *, actor: Actor, type: str | None = None, reliability: str | None = None, q: str | None = None
) -> QuerySet[Source]:
    qs = access.visible(Source.objects.select_related("owner_org", "org"), actor)
    if type:
        qs = qs.filter(type=type)
    if reliability:
        qs = qs.filter(reliability=reliability)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return qs.order_by("name")


def source_get(*, actor: Actor, source_id) -> Source:
    return access.get_visible(Source.objects.select_related("owner_org", "org"), actor, source_id)


def source_ratings(*, actor: Actor, source: Source) -> QuerySet[SourceRating]:
    return access.visible(SourceRating.objects.filter(source=source), actor).order_by("created_at")


def source_for(*, owner_org_id, name: str = "", org_id=None) -> Source | None:
    """The cell's source record matching a stated name, else the one standing for a member
    organisation (intake resolves every report's source this way)."""
    qs = access.visible(Source.objects.filter(owner_org_id=owner_org_id), _SYSTEM)
    if name.strip():
        found = qs.filter(name__iexact=name.strip()).first()
        if found is not None:
            return found
        if org_id is None:
            return None
    if org_id is not None:
        return qs.filter(org_id=org_id).order_by("created_at").first()
    return None


# -- reports -----------------------------------------------------------------------------------


def report_list(
    *,
    actor: Actor,
    category: str | None = None,
    source_type: str | None = None,
    channel: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: str | None = None,
    owner_org_id: uuid.UUID | None = None,
    ungraded: bool | None = None,
) -> QuerySet[Report]:
    qs = access.visible(Report.objects.select_related("owner_org"), actor)
    if category:
        qs = qs.filter(category=category)
    if source_type:
        qs = qs.filter(source_type=source_type)
    if channel:
        qs = qs.filter(channel=channel)
    if since:
        qs = qs.filter(occurred_at__gte=since)
    if until:
        qs = qs.filter(occurred_at__lt=until)
    if owner_org_id:
        qs = qs.filter(owner_org_id=owner_org_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(place_name__icontains=q))
    if ungraded is not None:
        qs = qs.filter(assessment__credibility__isnull=ungraded)
    return qs.order_by("-received_at", "-created_at")


def report_get(*, actor: Actor, report_id) -> Report:
    return access.get_visible(Report.objects.select_related("owner_org"), actor, report_id)


def reports_by_ids(*, actor: Actor, ids) -> QuerySet[Report]:
    return access.visible(Report.objects.filter(pk__in=list(ids)).select_related("owner_org"), actor)


def claims_for(*, actor: Actor, reports) -> QuerySet[CasualtyClaim]:
    return access.visible(CasualtyClaim.objects.filter(report__in=list(reports)), actor)


def external_ids_taken(*, owner_org_id, ids) -> set[str]:
    """External ids already imported for an owner (re-imports skip them)."""
    qs = access.visible(Report.objects.filter(owner_org_id=owner_org_id, external_id__in=list(ids)), _SYSTEM)
    return set(qs.values_list("external_id", flat=True))
