"""Reads of incidents and the cell's assessments, always starting from what the actor may see."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Count, Max, Min, Q, QuerySet

from cmcc.core import access
from cmcc.core.access import Actor, system_actor

from .. import linking
from ..intake.models import Report
from ..vocab import Status
from .models import Assessment, Dissent, Incident, IncidentStep, LinkConstraint

_SYSTEM = system_actor("compliance")


def incident_list(
    *,
    actor: Actor,
    status: str | None = None,
    statuses: list[str] | None = None,
    category: str | None = None,
    determination: str | None = None,
    attribution: str | None = None,
    governorate: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: str | None = None,
    include_merged: bool = False,
    min_origins: int | None = None,
) -> QuerySet[Incident]:
    qs = access.visible(Incident.objects.select_related("owner_org"), actor)
    if not include_merged and status != Status.MERGED:
        qs = qs.exclude(status=Status.MERGED)
    if status:
        qs = qs.filter(status=status)
    if statuses:
        qs = qs.filter(status__in=statuses)
    if category:
        qs = qs.filter(category=category)
    if determination:
        qs = qs.filter(determination=determination)
    if attribution:
        qs = qs.filter(attribution=attribution)
    if governorate:
        qs = qs.filter(Q(governorate__iexact=governorate) | Q(governorate_pcode=governorate))
    if since:
        qs = qs.filter(occurred_at__gte=since)
    if until:
        qs = qs.filter(occurred_at__lt=until)
    if min_origins:
        qs = qs.filter(origin_count__gte=min_origins)
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(reference__icontains=q)
            | Q(place_name__icontains=q)
            | Q(summary__icontains=q)
        )
    return qs.order_by("-occurred_at", "reference")


def incident_get(*, actor: Actor, incident_id) -> Incident:
    return access.get_visible(Incident.objects.select_related("owner_org", "merged_into"), actor, incident_id)


def incident_by_reference(*, actor: Actor, reference: str) -> Incident:
    qs = incident_list(actor=actor, include_merged=True).filter(reference__iexact=reference.strip())
    incident = qs.first()
    if incident is None:
        from cmcc.core.errors import NotFound

        raise NotFound()
    return incident


def triage_queue(*, actor: Actor) -> QuerySet[Incident]:
    """Incidents the engine opened or grew that no analyst has triaged yet, newest first."""
    return incident_list(actor=actor, status=Status.RECEIVED).order_by("-last_at", "reference")


def incidents_near(
    *, actor: Actor, lat: float, lon: float, since: dt.datetime, until: dt.datetime, radius_km: float = 2.0
) -> QuerySet[Incident]:
    """Incidents the actor may see within ``radius_km`` of a point in a time window: for other
    capabilities (e.g. incidents on the way of a movement)."""
    dlat = radius_km / 110.574
    dlon = radius_km / 95.0
    return incident_list(actor=actor, since=since, until=until).filter(
        lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon
    )


def incidents_in_box(
    *, actor: Actor, south: float, west: float, north: float, east: float, since=None, until=None
) -> QuerySet[Incident]:
    """Incidents the actor may see inside a bounding box (a route's envelope) and a time window."""
    return incident_list(actor=actor, since=since, until=until).filter(
        lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east
    )


def incidents_along_route(
    *, actor: Actor, route: list[tuple[float, float]], since=None, until=None, buffer_km: float = 1.0
) -> list[Incident]:
    """Incidents the actor may see within ``buffer_km`` of a route (a list of (lon, lat) points,
    GeoJSON order) in a time window, nearest first: e.g. the incidents on the way of a movement."""
    from shapely.geometry import LineString, Point

    if len(route) < 2:
        return []
    pad_lat, pad_lon = buffer_km / 110.574, buffer_km / 95.0
    lons, lats = [p[0] for p in route], [p[1] for p in route]
    box = incidents_in_box(
        actor=actor,
        south=min(lats) - pad_lat,
        west=min(lons) - pad_lon,
        north=max(lats) + pad_lat,
        east=max(lons) + pad_lon,
        since=since,
        until=until,
    )
    km_x, km_y = 111.320 * 0.8535, 110.574  # km per degree of longitude and latitude at Gaza's latitude
    line = LineString([(lon * km_x, lat * km_y) for lon, lat in route])
    near = []
    for incident in box:
        if incident.lat is None or incident.lon is None:
            continue
        distance = line.distance(Point(incident.lon * km_x, incident.lat * km_y))
        if distance <= buffer_km:
            incident.distance_km = round(distance, 2)  # type: ignore[attr-defined]
            near.append(incident)
    return sorted(near, key=lambda i: i.distance_km)  # type: ignore[attr-defined]


def assessments(*, actor: Actor, incident: Incident) -> QuerySet[Assessment]:
    """The cell's assessment of each report of an incident whose report the actor may also see."""
    visible_reports = access.visible(Report.objects.all(), actor).values("pk")
    return (
        access.visible(Assessment.objects.filter(incident=incident), actor)
        .filter(report__in=visible_reports)
        .select_related("report", "report__owner_org", "source")
        .order_by("report__occurred_at", "report__received_at")
    )


def assessments_for_incidents(*, actor: Actor, incident_ids) -> QuerySet[Assessment]:
    """Assessments of many incidents at once (exports), limited to reports the actor may see."""
    visible_reports = access.visible(Report.objects.all(), actor).values("pk")
    return (
        access.visible(Assessment.objects.filter(incident_id__in=list(incident_ids)), actor)
        .filter(report__in=visible_reports)
        .select_related("report", "report__owner_org", "source")
        .order_by("report__occurred_at")
    )


def assessment_for(*, actor: Actor, report: Report) -> Assessment | None:
    return (
        access.visible(Assessment.objects.filter(report=report), actor)
        .select_related("incident", "source")
        .first()
    )


def steps(*, actor: Actor, incident: Incident) -> QuerySet[IncidentStep]:
    return access.visible(IncidentStep.objects.filter(incident=incident), actor).select_related("actor_org")


def dissents(*, actor: Actor, incident: Incident) -> QuerySet[Dissent]:
    return access.visible(Dissent.objects.filter(incident=incident), actor).select_related("author_org")


def constraints_for(*, actor: Actor, report_ids) -> QuerySet[LinkConstraint]:
    ids = list(report_ids)
    return access.visible(
        LinkConstraint.objects.filter(Q(report_a_id__in=ids) | Q(report_b_id__in=ids)), actor
    ).order_by("created_at")


def open_counts(*, actor: Actor) -> dict[str, int]:
    rows = incident_list(actor=actor).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


# -- what the engine reads (the platform's own processing: everything, whoever triggered it) ----


def _row(a: Assessment) -> linking.Row:
    r = a.report
    return linking.Row(
        report_id=str(r.pk),
        incident_id=str(a.incident_id),
        text=f"{r.title}\n{r.place_name}\n{r.text}",
        category=r.category,
        occurred_at=r.occurred_at,
        time_precision=r.time_precision,
        time_known=r.time_known,
        lat=r.lat,
        lon=r.lon,
        geo_precision=r.geo_precision,
        lang=r.lang,
        source=str(a.source_id or ""),
        origin=a.origin,
    )


def row_of(report: Report, origin: str = "", source_id: str = "") -> linking.Row:
    return linking.Row(
        report_id=str(report.pk),
        incident_id=None,
        text=f"{report.title}\n{report.place_name}\n{report.text}",
        category=report.category,
        occurred_at=report.occurred_at,
        time_precision=report.time_precision,
        time_known=report.time_known,
        lat=report.lat,
        lon=report.lon,
        geo_precision=report.geo_precision,
        lang=report.lang,
        source=source_id,
        origin=origin,
    )


def _engine_assessments() -> QuerySet[Assessment]:
    return (
        access.visible(Assessment.objects.all(), _SYSTEM)
        .exclude(incident__status=Status.MERGED)
        .select_related("report")
    )


def engine_window(*, categories: set[str], since: dt.datetime, until: dt.datetime) -> list[linking.Row]:
    """Stored reports of these categories around a time window, with their incidents."""
    qs = _engine_assessments().filter(
        report__category__in=categories, report__occurred_at__gte=since, report__occurred_at__lte=until
    )
    return [_row(a) for a in qs.order_by("report__occurred_at", "report_id")]


def engine_all() -> list[linking.Row]:
    return [_row(a) for a in _engine_assessments().order_by("report__occurred_at", "report_id")]


def engine_incident_rows(*, incident_id) -> list[linking.Row]:
    return [_row(a) for a in _engine_assessments().filter(incident_id=incident_id)]


def engine_statuses() -> dict[str, str]:
    qs = access.visible(Incident.objects.exclude(status=Status.MERGED), _SYSTEM)
    return {str(pk): status for pk, status in qs.values_list("pk", "status")}


def engine_constraints() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    must: list[tuple[str, str]] = []
    cannot: list[tuple[str, str]] = []
    for a, b, kind in access.visible(LinkConstraint.objects.all(), _SYSTEM).values_list(
        "report_a_id", "report_b_id", "kind"
    ):
        (must if kind == "must_link" else cannot).append((str(a), str(b)))
    return must, cannot


def engine_density() -> dict[str, float]:
    """Expected incidents per category per month, from every stored report."""
    qs = access.visible(Report.objects.all(), _SYSTEM)
    span = qs.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if span["first"] is None:
        return {}
    counts = dict(qs.values_list("category").annotate(n=Count("id")).values_list("category", "n"))
    hours = (span["last"] - span["first"]).total_seconds() / 3600.0
    return linking.density(counts, hours)


def assessments_of(*, report_ids) -> QuerySet[Assessment]:
    return access.visible(Assessment.objects.filter(report_id__in=list(report_ids)), _SYSTEM).select_related(
        "report", "source"
    )


def incident_members(*, incident_id) -> QuerySet[Assessment]:
    return access.visible(Assessment.objects.filter(incident_id=incident_id), _SYSTEM).select_related(
        "report", "source"
    )


def uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
