"""Reads of evidence and its chain of custody, always starting from what the actor may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cmcc.core import access
from cmcc.core.access import Actor, system_actor

from ..incidents.models import Assessment
from .models import CustodyEvent, Evidence

_SYSTEM = system_actor("compliance")


def evidence_list(
    *, actor: Actor, incident=None, report=None, integrity: str | None = None, kind: str | None = None
) -> QuerySet[Evidence]:
    qs = access.visible(Evidence.objects.select_related("owner_org", "original"), actor)
    if incident is not None:
        qs = qs.filter(incident=incident)
    if report is not None:
        qs = qs.filter(report=report)
    if integrity:
        qs = qs.filter(integrity=integrity)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("created_at")


def evidence_for_incident(*, actor: Actor, incident) -> QuerySet[Evidence]:
    """Evidence on the incident, on incidents merged into it, and on its reports."""
    merged = [incident.pk, *incident.merged_from.values_list("pk", flat=True)]
    report_ids = access.visible(Assessment.objects.filter(incident_id__in=merged), _SYSTEM).values(
        "report_id"
    )
    return evidence_list(actor=actor).filter(Q(incident_id__in=merged) | Q(report_id__in=report_ids))


def evidence_get(*, actor: Actor, evidence_id) -> Evidence:
    return access.get_visible(
        Evidence.objects.select_related("owner_org", "original", "incident", "report"), actor, evidence_id
    )


def custody(*, actor: Actor, evidence: Evidence) -> QuerySet[CustodyEvent]:
    return access.visible(CustodyEvent.objects.filter(evidence=evidence), actor).select_related("actor_org")


def working_copies(*, actor: Actor, evidence: Evidence) -> QuerySet[Evidence]:
    return evidence_list(actor=actor).filter(original=evidence)


def stored_files(*, actor: Actor = _SYSTEM) -> QuerySet[Evidence]:
    """Every stored file the actor may see, for integrity checks."""
    return evidence_list(actor=actor, kind="file")


def last_custody(evidence: Evidence) -> CustodyEvent | None:
    return access.visible(CustodyEvent.objects.filter(evidence=evidence), _SYSTEM).order_by("-seq").first()
