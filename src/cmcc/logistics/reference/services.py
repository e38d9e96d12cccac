"""Writes of shared reference data: a crossing's dated status and capacity, catalogue items and
their versioned classification, targets. Re-exported by ``logistics.services``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cmcc.core import access, audit
from cmcc.core.access import Action, Actor
from cmcc.core.errors import ValidationFailed

from ..checks import choice as _choice
from ..checks import clean as _clean
from ..checks import require_reference_writer as _require_reference_writer
from ..checks import text as _text
from ..choices import CrossingState, TargetKind, Unit
from ..models import Crossing, CrossingCapacity, CrossingStatus, Item, ItemClassification, Sector, Target

# -- reference data ------------------------------------------------------------------------------


@transaction.atomic
def crossing_status_record(
    *,
    actor: Actor,
    crossing: Crossing,
    status: str,
    effective_from: dt.date,
    source: str,
    reason: str = "",
    hours: str = "",
    source_url: str = "",
) -> CrossingStatus:
    _require_reference_writer(actor)
    row = CrossingStatus(
        crossing=crossing,
        status=_choice("status", status, CrossingState),
        effective_from=effective_from,
        reason=reason.strip(),
        hours=hours.strip(),
        source=_text("source", source, max_length=300),
        source_url=source_url.strip(),
        recorded_by=actor.name,
    )
    _clean(row)
    row.save()
    audit.record(actor=actor, action="logistics.crossing_status.recorded", obj=row, message=reason)
    return row


@transaction.atomic
def crossing_capacity_record(
    *,
    actor: Actor,
    crossing: Crossing,
    effective_from: dt.date,
    source: str,
    trucks_per_day: int | None = None,
    screening_lanes: int | None = None,
    note: str = "",
    source_url: str = "",
) -> CrossingCapacity:
    _require_reference_writer(actor)
    if trucks_per_day is None and screening_lanes is None:
        raise ValidationFailed({"trucks_per_day": "Give trucks per day, screening lanes or both."})
    for field, value in (("trucks_per_day", trucks_per_day), ("screening_lanes", screening_lanes)):
        if value is not None and value < 0:
            raise ValidationFailed({field: "Cannot be negative."})
    row = CrossingCapacity(
        crossing=crossing,
        effective_from=effective_from,
        trucks_per_day=trucks_per_day,
        screening_lanes=screening_lanes,
        note=note.strip(),
        source=_text("source", source, max_length=300),
        source_url=source_url.strip(),
        recorded_by=actor.name,
    )
    _clean(row)
    row.save()
    audit.record(actor=actor, action="logistics.crossing_capacity.recorded", obj=row, message=note)
    return row


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    sector: str,
    hs_code: str = "",
    default_unit: str = "",
    unit_weight_kg: float | None = None,
    cold_chain: bool = False,
    dangerous_goods: bool = False,
) -> Item:
    access.require(actor, Action.CREATE)
    code = _text("code", code, max_length=40).upper()
    if Item.objects.filter(code=code).exists():
        raise ValidationFailed({"code": f"An item with code {code} exists already."})
    if not Sector.objects.filter(code=sector).exists():
        raise ValidationFailed({"sector": f"Unknown sector code {sector!r}."})
    if unit_weight_kg is not None and unit_weight_kg < 0:
        raise ValidationFailed({"unit_weight_kg": "Cannot be negative."})
    item = Item(
        code=code,
        name=_text("name", name, max_length=200),
        sector_id=sector,
        hs_code=hs_code.strip(),
        default_unit=_choice("default_unit", default_unit, Unit, blank=True),
        unit_weight_kg=unit_weight_kg,
        cold_chain=cold_chain,
        dangerous_goods=dangerous_goods,
        created_by=actor.name,
    )
    _clean(item)
    item.save()
    audit.record(actor=actor, action="logistics.item.created", obj=item)
    return item


@transaction.atomic
def item_classify(
    *,
    actor: Actor,
    item: Item,
    dual_use: bool,
    restricted: bool,
    source_list: str,
    effective_from: dt.date | None = None,
    source_url: str = "",
    note: str = "",
) -> ItemClassification:
    """Record a new classification version; earlier versions are never changed."""
    _require_reference_writer(actor)
    Item.objects.select_for_update().filter(pk=item.pk).first()
    latest = item.classifications.aggregate(v=Max("version"))["v"] or 0
    row = ItemClassification(
        item=item,
        version=latest + 1,
        dual_use=dual_use,
        restricted=restricted,
        effective_from=effective_from or timezone.localdate(),
        source_list=_text("source_list", source_list, max_length=300),
        source_url=source_url.strip(),
        note=note.strip(),
        recorded_by=actor.name,
    )
    _clean(row)
    row.save()
    audit.record(actor=actor, action="logistics.item.classified", obj=row, message=note)
    return row


@transaction.atomic
def target_revise(
    *,
    actor: Actor,
    code: str,
    value: float,
    effective_from: dt.date,
    set_by: str,
    source: str,
    reason: str = "",
    title: str = "",
    unit: str = "",
    includes: str = "",
    kind: str = "",
    source_url: str = "",
) -> Target:
    """A new version of a target series (or its first version). A change needs its stated reason."""
    _require_reference_writer(actor)
    code = _text("code", code, max_length=60)
    previous = Target.objects.select_for_update().filter(code=code).order_by("-version").first()
    if previous is not None and not reason.strip():
        raise ValidationFailed({"reason": "A change of target needs its stated reason."})
    if value is None or value < 0:
        raise ValidationFailed({"value": "Must be zero or more."})
    target = Target(
        code=code,
        version=(previous.version + 1) if previous else 1,
        kind=_choice("kind", kind or (previous.kind if previous else TargetKind.TARGET), TargetKind),
        title=_text("title", title or (previous.title if previous else ""), max_length=200),
        value=value,
        unit=_text("unit", unit or (previous.unit if previous else ""), max_length=40),
        includes=(includes or (previous.includes if previous else "")).strip(),
        effective_from=effective_from,
        set_by=_text("set_by", set_by, max_length=200),
        reason=reason.strip(),
        source=_text("source", source, max_length=300),
        source_url=source_url.strip(),
        supersedes=previous,
        recorded_by=actor.name,
    )
    _clean(target)
    target.save()
    audit.record(
        actor=actor,
        action="logistics.target.revised" if previous else "logistics.target.created",
        obj=target,
        before=audit.snapshot(previous) if previous else None,
        message=reason,
    )
    return target
