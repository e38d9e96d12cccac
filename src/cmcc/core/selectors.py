"""Reads of kernel data: platform settings, the audit trail (through visibility), places."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet

from . import access
from .access import Actor
from .models import AuditEntry, Place, PlaceKind, PlatformSetting

DEMO_KEY = "demo"


def setting_get(key: str, default=None):
    row = PlatformSetting.objects.filter(pk=key).first()
    return row.value if row else default


def is_demo_instance() -> bool:
    try:
        return bool(setting_get(DEMO_KEY, {}).get("loaded"))
    except Exception:  # before migrations (e.g. the very first command) there is no table yet
        return False


def audit_list(
    *,
    actor: Actor,
    object_type: str | None = None,
    object_id: uuid.UUID | None = None,
    action: str | None = None,
    actor_org_id: uuid.UUID | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditEntry]:
    qs = access.visible(AuditEntry.objects.all(), actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor_org_id:
        qs = qs.filter(actor_org_id=actor_org_id)
    if since:
        qs = qs.filter(time__gte=since)
    if until:
        qs = qs.filter(time__lt=until)
    return qs.order_by("-seq")


def audit_for_object(*, actor: Actor, obj) -> QuerySet[AuditEntry]:
    return audit_list(actor=actor, object_type=obj._meta.label_lower, object_id=obj.pk)


def governorates() -> QuerySet[Place]:
    return Place.objects.filter(kind=PlaceKind.GOVERNORATE).order_by("pcode")


def places(kind: str | None = None) -> QuerySet[Place]:
    qs = Place.objects.all()
    return qs.filter(kind=kind) if kind else qs


def has_data() -> bool:
    """Whether anyone has put data in: organisations or audit entries exist."""
    from django.apps import apps

    Organisation = apps.get_model("partners", "Organisation")
    return Organisation.objects.exists() or AuditEntry.objects.exists()
