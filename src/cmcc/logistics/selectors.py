"""Reads for the aid delivery pipeline, always starting from what the actor may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from cmcc.core import access
from cmcc.core.access import Actor
from cmcc.core.errors import NotFound, ValidationFailed

from . import rules
from .bulk.parsing import ItemInfo, Lookups
from .choices import Channel, FigureChannel, Unit
from .models import (
    ClearanceLine,
    ClearanceRequest,
    Consignment,
    ConsignmentEvent,
    ConsignmentLine,
    Corridor,
    Crossing,
    CrossingCapacity,
    CrossingStatus,
    Figure,
    ImportRun,
    Item,
    ItemClassification,
    RejectionReason,
    Sector,
    Target,
    Truck,
)
from .throughput.selectors import picture as picture  # the picture's reads live there
from .throughput.selectors import rejections as rejections
from .throughput.selectors import targets_by_day as targets_by_day
from .throughput.selectors import throughput_rows as throughput_rows

TRUCK_TARGET = "trucks-per-day"
MAX_WINDOW_DAYS = 366


# -- reference data ------------------------------------------------------------------------------


def sectors() -> QuerySet[Sector]:
    return Sector.objects.order_by("position", "code")


def rejection_reasons() -> QuerySet[RejectionReason]:
    return RejectionReason.objects.order_by("position", "code")


def corridors() -> QuerySet[Corridor]:
    return Corridor.objects.order_by("name_en")


def _current(rows: Iterable, day: dt.date) -> Any:
    best = None
    for row in rows:
        if row.effective_from <= day and (best is None or row.effective_from >= best.effective_from):
            best = row
    return best


def crossing_list(*, on: dt.date | None = None) -> list[Crossing]:
    """Every crossing with ``current_status`` and ``current_capacity`` as of ``on`` (today)."""
    day = on or timezone.localdate()
    crossings = list(
        Crossing.objects.select_related("place", "corridor")
        .prefetch_related(
            Prefetch("statuses", queryset=CrossingStatus.objects.order_by("effective_from", "created_at")),
            Prefetch(
                "capacities", queryset=CrossingCapacity.objects.order_by("effective_from", "created_at")
            ),
        )
        .order_by("position", "name_en")
    )
    for c in crossings:
        c.current_status = _current(c.statuses.all(), day)  # type: ignore[attr-defined]
        c.current_capacity = _current(c.capacities.all(), day)  # type: ignore[attr-defined]
    return crossings


def crossing_get(*, slug: str, on: dt.date | None = None) -> Crossing:
    for c in crossing_list(on=on):
        if c.slug == slug or str(c.pk) == slug:
            return c
    raise NotFound()


def crossing_names() -> dict[str, str]:
    return {str(pk): name for pk, name in Crossing.objects.values_list("pk", "name_en")}


def crossing_timeline(*, crossing: Crossing) -> dict[str, list]:
    return {
        "statuses": list(crossing.statuses.order_by("-effective_from", "-created_at")),
        "capacities": list(crossing.capacities.order_by("-effective_from", "-created_at")),
    }


def item_list(*, q: str | None = None, sector: str | None = None) -> QuerySet[Item]:
    qs = Item.objects.select_related("sector").prefetch_related(
        Prefetch("classifications", queryset=ItemClassification.objects.order_by("-version"))
    )
    if sector:
        qs = qs.filter(sector_id=sector)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs.order_by("code")


def item_get(*, item_id) -> Item:
    try:
        return item_list().get(pk=item_id)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    except Exception as exc:
        if exc.__class__.__name__ == "ValidationError":
            raise NotFound() from None
        raise


def item_by_code(code: str) -> Item | None:
    return Item.objects.filter(code=code.strip().upper()).first()


def target_list(*, code: str | None = None) -> QuerySet[Target]:
    qs = Target.objects.select_related("supersedes")
    if code:
        qs = qs.filter(code=code)
    return qs.order_by("code", "-effective_from", "-version")


def target_in_force(*, code: str = TRUCK_TARGET, on: dt.date | None = None) -> Target | None:
    day = on or timezone.localdate()
    return (
        Target.objects.filter(code=code, effective_from__lte=day)
        .order_by("-effective_from", "-version")
        .first()
    )


# -- consignments --------------------------------------------------------------------------------


def _consignments(actor: Actor) -> QuerySet[Consignment]:
    return access.visible(
        Consignment.objects.select_related(
            "owner_org", "sector", "planned_crossing", "crossing", "corridor", "sender_org", "consignee_org"
        ),
        actor,
    )


def consignment_list(
    *,
    actor: Actor,
    status: str | None = None,
    channel: str | None = None,
    crossing: str | None = None,
    sector: str | None = None,
    owner_org_id=None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    q: str | None = None,
) -> QuerySet[Consignment]:
    qs = _consignments(actor)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if crossing:
        qs = qs.filter(Q(crossing__slug=crossing) | Q(planned_crossing__slug=crossing))
    if sector:
        qs = qs.filter(sector_id=sector)
    if owner_org_id:
        qs = qs.filter(owner_org_id=owner_org_id)
    if since:
        qs = qs.filter(last_event_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC))
    if until:
        qs = qs.filter(
            first_event_at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        )
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(sender_name__icontains=q)
            | Q(consignee_name__icontains=q)
            | Q(ref_2720__icontains=q)
            | Q(srf_number__icontains=q)
        )
    return qs.order_by("-last_event_at", "-created_at")


def consignment_get(*, actor: Actor, consignment_id) -> Consignment:
    return access.get_visible(_consignments(actor), actor, consignment_id)


def consignment_lines(*, actor: Actor, consignment: Consignment) -> QuerySet[ConsignmentLine]:
    return access.visible(
        ConsignmentLine.objects.filter(consignment=consignment).select_related(
            "item", "classification", "sector"
        ),
        actor,
    ).order_by("line_no")


def consignment_events(*, actor: Actor, consignment: Consignment) -> QuerySet[ConsignmentEvent]:
    return access.visible(
        ConsignmentEvent.objects.filter(consignment=consignment).select_related("actor_org", "crossing"),
        actor,
    ).order_by("occurred_at", "id")


def consignment_trucks(*, actor: Actor, consignment: Consignment) -> QuerySet[Truck]:
    return access.visible(Truck.objects.filter(consignment=consignment), actor)


def consignment_requests(*, actor: Actor, consignment: Consignment) -> QuerySet[ClearanceRequest]:
    return clearance_request_list(actor=actor, consignment_id=consignment.pk)


# -- clearance -----------------------------------------------------------------------------------


def clearance_request_list(
    *,
    actor: Actor,
    status: str | None = None,
    authority_id=None,
    consignment_id=None,
    addressed_to_me: bool = False,
    kind: str | None = None,
) -> QuerySet[ClearanceRequest]:
    qs = access.visible(
        ClearanceRequest.objects.select_related(
            "owner_org", "authority", "planned_crossing", "decided_by_org", "reason", "appeal_of"
        ),
        actor,
    )
    if status:
        qs = qs.filter(status=status)
    if authority_id:
        qs = qs.filter(authority_id=authority_id)
    if addressed_to_me:
        qs = qs.filter(authority_id=actor.org_id)
    if consignment_id:
        qs = qs.filter(consignment_id=consignment_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-requested_at")


def clearance_request_get(*, actor: Actor, request_id) -> ClearanceRequest:
    return access.get_visible(
        ClearanceRequest.objects.select_related(
            "owner_org", "authority", "planned_crossing", "decided_by_org", "reason", "appeal_of"
        ),
        actor,
        request_id,
    )


def clearance_lines(*, actor: Actor, request: ClearanceRequest) -> QuerySet[ClearanceLine]:
    return access.visible(
        ClearanceLine.objects.filter(request=request).select_related("reason"), actor
    ).order_by("line_no")


def pending_requests_count(*, actor: Actor) -> int:
    return clearance_request_list(actor=actor, status="pending", addressed_to_me=True).count()


# -- figures -------------------------------------------------------------------------------------


def figure_list(
    *,
    actor: Actor,
    stage: str | None = None,
    unit: str | None = None,
    channel: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: str | None = None,
) -> QuerySet[Figure]:
    qs = access.visible(Figure.objects.select_related("owner_org", "source_org", "crossing", "sector"), actor)
    if stage:
        qs = qs.filter(stage=stage)
    if unit:
        qs = qs.filter(unit=unit)
    if channel:
        qs = qs.filter(channel=channel)
    if since:
        qs = qs.filter(period_end__gte=since)
    if until:
        qs = qs.filter(period_start__lte=until)
    if source:
        qs = qs.filter(source_name__icontains=source)
    return qs.order_by("-period_start", "stage", "unit", "source_name")


def figure_get(*, actor: Actor, figure_id) -> Figure:
    return access.get_visible(
        Figure.objects.select_related("owner_org", "source_org", "crossing", "sector"), actor, figure_id
    )


CHANNEL_FILTER: dict[str, Q | None] = {
    FigureChannel.ALL: None,
    FigureChannel.HUMANITARIAN: ~Q(channel=Channel.COMMERCIAL),
}


def platform_count(
    *,
    actor: Actor,
    stage: str,
    unit: str,
    start: dt.date,
    end: dt.date,
    channel: str = FigureChannel.ALL,
    crossing_id=None,
    sector: str | None = None,
) -> dict[str, Any]:
    """The platform's own count, from the consignments the actor may see."""
    column = rules.STAGE_COLUMN.get(stage)
    if column is None:
        raise ValidationFailed({"stage": "Unknown stage."})
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    qs = access.visible(Consignment.objects.all(), actor).filter(
        **{f"{column}__gte": lo, f"{column}__lt": hi}
    )
    if channel in CHANNEL_FILTER:
        condition = CHANNEL_FILTER[channel]
        if condition is not None:
            qs = qs.filter(condition)
    else:
        qs = qs.filter(channel=channel)
    if crossing_id:
        qs = qs.filter(crossing_id=crossing_id)
    if sector:
        qs = qs.filter(sector_id=sector)
    if unit == "litre":
        value = (
            access.visible(
                ConsignmentLine.objects.filter(consignment__in=qs.values("pk"), unit=Unit.LITRE), actor
            ).aggregate(v=Sum("quantity"))["v"]
            or 0
        )
        count = qs.count()
    else:
        field = {"truck": "trucks", "pallet": "total_pallets", "tonne": "total_weight_kg"}[unit]
        agg = qs.aggregate(v=Sum(field), n=Count("pk"))
        value = (agg["v"] or 0) / (1000 if unit == "tonne" else 1)
        count = agg["n"]
    return {"value": round(float(value), 3), "consignments": count, "stage": stage, "unit": unit}


def _compared(actor: Actor, unit: str, start: dt.date, end: dt.date, claims: list[Figure]) -> dict[str, Any]:
    """Claims about one quantity side by side: each with the platform's own count of the same
    stage and channels (like for like), and the spread of the claims."""
    counts: dict[tuple[str, str], dict[str, Any]] = {}
    for claim in claims:
        key = (claim.stage, claim.channel)
        if key not in counts:
            counts[key] = platform_count(
                actor=actor, stage=claim.stage, unit=unit, start=start, end=end, channel=claim.channel
            )
        claim.platform = counts[key]  # type: ignore[attr-defined]
    return {
        "unit": unit,
        "period_start": start,
        "period_end": end,
        "claims": claims,
        "spread": rules.spread([c.total for c in claims]),
    }


def figure_compare(
    *,
    actor: Actor,
    unit: str,
    start: dt.date,
    end: dt.date | None = None,
    stage: str | None = None,
    channel: str | None = None,
) -> dict[str, Any]:
    """Every visible claim about a quantity over exactly this period (e.g. trucks on 20 October),
    side by side, with the spread, each claim's like-for-like platform count, and the platform's
    count of the requested stage and channels. Claims are compared as totals over the period (a
    daily average is multiplied by the days)."""
    end = end or start
    claims = list(figure_list(actor=actor, stage=stage, unit=unit).filter(period_start=start, period_end=end))
    if channel:
        claims = [c for c in claims if c.channel == channel]
    result = _compared(actor, unit, start, end, claims)
    result["stage"] = stage
    result["platform"] = platform_count(
        actor=actor,
        stage=stage or "entered",
        unit=unit,
        start=start,
        end=end,
        channel=channel or FigureChannel.ALL,
    )
    return result


def figure_groups(*, actor: Actor, since: dt.date | None = None, limit: int = 30) -> list[dict[str, Any]]:
    """Claims grouped by the quantity they are about (unit and period), most recent first."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figure_list(actor=actor, since=since)[:2000]:
        groups.setdefault((f.unit, f.period_start, f.period_end), []).append(f)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2]), reverse=True)[:limit]
    return [_compared(actor, unit, start, end, claims) for (unit, start, end), claims in ordered]


# -- imports -------------------------------------------------------------------------------------


def import_lookups(*, actor: Actor) -> Lookups:
    crossings: dict[str, Any] = {}
    for c in Crossing.objects.all():
        for name in c.names():
            if name:
                crossings[name.strip().lower()] = c.pk
    corridor_map: dict[str, Any] = {}
    for cor in Corridor.objects.all():
        corridor_map[cor.slug.lower()] = cor.pk
        corridor_map[cor.name_en.lower()] = cor.pk
    from cmcc.partners.selectors import organisation_list

    orgs: dict[str, tuple[Any, str]] = {}
    for org in organisation_list(actor=actor):
        orgs[org.slug.lower()] = (org.pk, org.name)
        orgs[org.name.lower()] = (org.pk, org.name)
    today = timezone.localdate()
    items: dict[str, ItemInfo] = {}
    for item in Item.objects.prefetch_related("classifications"):
        current = _current_classification(item.classifications.all(), today)
        items[item.code.upper()] = ItemInfo(
            id=item.pk,
            name=item.name,
            sector=item.sector_id,
            default_unit=item.default_unit,
            unit_weight_kg=item.unit_weight_kg,
            hs_code=item.hs_code,
            cold_chain=item.cold_chain,
            dangerous_goods=item.dangerous_goods,
            classification_id=current.pk if current else None,
            dual_use=bool(current and (current.dual_use or current.restricted)),
        )
    return Lookups(
        sectors=set(Sector.objects.values_list("code", flat=True)),
        crossings=crossings,
        corridors=corridor_map,
        orgs=orgs,
        items=items,
    )


def _current_classification(rows: Iterable[ItemClassification], day: dt.date) -> ItemClassification | None:
    valid = [r for r in rows if r.effective_from <= day]
    return max(valid, key=lambda r: r.version) if valid else None


def import_run_list(*, actor: Actor) -> QuerySet[ImportRun]:
    return access.visible(ImportRun.objects.select_related("owner_org"), actor).order_by("-created_at")


def import_run_get(*, actor: Actor, run_id) -> ImportRun:
    return access.get_visible(ImportRun.objects.select_related("owner_org"), actor, run_id)


# -- exports -------------------------------------------------------------------------------------


def export_consignments(*, actor: Actor, limit: int = 200_000, **filters: Any) -> QuerySet[Consignment]:
    return consignment_list(actor=actor, **filters)[:limit]
