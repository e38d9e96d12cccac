"""Reads for partners, always starting from what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from cmcc.core import access
from cmcc.core.access import Actor

from . import rules
from .models import Contact, MembershipChange, Organisation, Registration


def organisation_list(
    *,
    actor: Actor,
    community: str | None = None,
    type: str | None = None,
    status: str | None = None,
    country: str | None = None,
    capability: str | None = None,
    q: str | None = None,
) -> QuerySet[Organisation]:
    qs = access.visible(Organisation.objects.all(), actor)
    if community:
        qs = qs.filter(community=community)
    if type:
        qs = qs.filter(type=type)
    if status:
        qs = qs.filter(membership_status=status)
    if country:
        qs = qs.filter(country=country.upper())
    if capability:
        qs = qs.filter(capabilities__code=capability)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(slug__icontains=q))
    return qs.prefetch_related("capabilities").order_by("name").distinct()


def organisation_get(*, actor: Actor, org_id) -> Organisation:
    return access.get_visible(Organisation.objects.prefetch_related("capabilities"), actor, org_id)


def organisation_by_slug(slug: str) -> Organisation | None:
    """Operator lookup for the command line and the demo loader (no actor: the system sees all)."""
    return Organisation.objects.filter(slug=slug).first()


def organisations_by_ids(*, actor: Actor, ids) -> QuerySet[Organisation]:
    return access.visible(Organisation.objects.filter(pk__in=list(ids)), actor)


def membership_timeline(*, actor: Actor, org: Organisation) -> QuerySet[MembershipChange]:
    return access.visible(MembershipChange.objects.filter(org=org), actor).order_by(
        "effective_on", "created_at"
    )


def contact_list(
    *, actor: Actor, org: Organisation | None = None, liaison_only: bool = False
) -> QuerySet[Contact]:
    qs = access.visible(Contact.objects.select_related("org", "owner_org"), actor)
    if org is not None:
        qs = qs.filter(org=org)
    if liaison_only:
        qs = qs.filter(is_liaison_officer=True)
    return qs


def registration_list(
    *,
    actor: Actor,
    org: Organisation | None = None,
    status: str | None = None,
    expiring_within_days: int | None = None,
) -> QuerySet[Registration]:
    qs = access.visible(Registration.objects.select_related("org", "authority", "owner_org"), actor)
    if org is not None:
        qs = qs.filter(org=org)
    if status:
        qs = qs.filter(status=status)
    if expiring_within_days is not None:
        today = timezone.localdate()
        qs = qs.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=expiring_within_days)
        )
    return qs


def participation(*, actor: Actor, start: dt.date | None = None, end: dt.date | None = None) -> dict:
    """Active members per community per day, from the membership timelines the actor may see."""
    changes = access.visible(MembershipChange.objects.select_related("org"), actor).order_by(
        "effective_on", "created_at"
    )
    rows = [(c.org_id, c.org.community, c.status, c.effective_on) for c in changes]
    end = end or timezone.localdate()
    if start is None:
        start = min((r[3] for r in rows), default=end)
    if start > end:
        start = end
    series = rules.participation_series(rows, start, end)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return {"days": days, "series": series}
