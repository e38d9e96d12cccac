"""Writes of movements. Every change is checked, validated and audited in one transaction.

Derived fields (zones crossed, coordination required, conflicts, parties concerned) are written only
by :func:`movements_recheck`, which every service that can change them calls inside its own
transaction: submitting or changing a movement, adding or ending a zone version, notifying,
reconfirming or withdrawing a site, recording an outcome. It can also be run on its own
(``cmcc movements recheck``) after a change of settings such as the corridor width.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Community, Releasability
from cmcc.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from . import conf, deconflict, rules, selectors, spatial
from .models import (
    AccessConstraint,
    CheckpointEvent,
    DecisionKind,
    MovementConflict,
    MovementNotification,
    MovementPerson,
    MovementStatus,
    NotifiedSite,
    Outcome,
    PartyDecision,
    Transmission,
    Zone,
    ZoneKind,
    ZoneVersion,
)

SHARING_FIELDS = {"releasability", "shared_with", "protected"}


# -- helpers -----------------------------------------------------------------------------------


def _clean(obj: Any, exclude: Iterable[str] = ("owner_org",)) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        raise ValidationFailed.from_django(exc) from None


def _owner_id(actor: Actor, owner_org_id: Any = None) -> Any:
    """Records belong to the actor's organisation; only the system (CLI, demo) names another."""
    if actor.is_system:
        if owner_org_id is None:
            raise ValidationFailed({"owner_org": "The system must name the owner organisation."})
        return owner_org_id
    return actor.org_id


def _now(actor: Actor, at: dt.datetime | None) -> dt.datetime:
    """Now; the system (demo loader, imports) may date a change in the past."""
    return at if (at is not None and actor.is_system) else timezone.now()


def _aware(field: str, value: dt.datetime | None) -> None:
    if value is not None and timezone.is_naive(value):
        raise ValidationFailed({field: "Give a time zone (e.g. 2025-10-20T08:00:00Z)."})


def _visible_link(actor: Actor, field: str, obj: Any) -> None:
    if obj is not None and not access.is_visible(actor, obj):
        raise ValidationFailed({field: "Unknown or not visible to you."})


def _require_owner_edit(actor: Actor, obj: Any) -> None:
    access.require(actor, Action.EDIT, obj)


def _save_new(actor: Actor, obj: Any, *, action: str, sharing_in: dict) -> Any:
    sharing.apply_sharing(obj, **sharing_in)
    _clean(obj)
    obj.save()
    sharing.save_shares(obj)
    access.ensure_visible_after_write(actor, obj)
    audit.record(actor=actor, action=action, obj=obj)
    return obj


def _apply_changes(obj: Any, changes: dict, editable: set[str]) -> dict:
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
    return before


def _finish_update(actor: Actor, obj: Any, *, action: str, before: dict, message: str = "") -> Any:
    _clean(obj)
    obj.save()
    sharing.save_shares(obj)
    access.ensure_visible_after_write(actor, obj)
    audit.record(actor=actor, action=action, obj=obj, before=before, message=message)
    return obj


# -- notified sites ----------------------------------------------------------------------------


def _site_geometry(geometry: dict | None, lon: float | None, lat: float | None) -> dict:
    if geometry is None:
        if lon is None or lat is None:
            raise ValidationFailed({"geometry": "Give a GeoJSON geometry, or both lon and lat."})
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return spatial.to_geojson(spatial.parse("geometry", geometry, spatial.SITE_TYPES))


def _place_site(site: NotifiedSite) -> None:
    from shapely.geometry import shape

    site.lon, site.lat = spatial.point_of(shape(site.geometry))
    site.governorate_pcode = spatial.governorate_at(site.lon, site.lat)


@transaction.atomic
def site_create(
    *,
    actor: Actor,
    name: str,
    function: str,
    geometry: dict | None = None,
    lon: float | None = None,
    lat: float | None = None,
    name_ar: str = "",
    address: str = "",
    occupancy: int | None = None,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
    source: str = "",
    osm_id: str = "",
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id: Any = None,
    at: dt.datetime | None = None,
) -> NotifiedSite:
    access.require(actor, Action.CREATE)
    _aware("valid_from", valid_from)
    _aware("valid_until", valid_until)
    now = _now(actor, at)
    start = valid_from or now
    until = valid_until or start + dt.timedelta(days=conf.site_validity_days())
    if until <= start:
        raise ValidationFailed({"valid_until": "A site must be valid until after it is notified."})
    site = NotifiedSite(
        owner_org_id=_owner_id(actor, owner_org_id),
        name=name.strip(),
        name_ar=name_ar.strip(),
        function=function,
        geometry=_site_geometry(geometry, lon, lat),
        address=address,
        occupancy=occupancy,
        valid_from=start,
        valid_until=until,
        last_confirmed_at=now,
        source=source,
        osm_id=osm_id,
    )
    _place_site(site)
    sharing_in = {"releasability": releasability, "shared_with": shared_with, "protected": protected}
    _save_new(actor, site, action="movements.site.notified", sharing_in=sharing_in)
    _recheck_window(actor, site.valid_from, site.valid_until, reason=f"site {site.name} notified")
    return site


@transaction.atomic
def site_update(*, actor: Actor, site: NotifiedSite, **changes: Any) -> NotifiedSite:
    _require_owner_edit(actor, site)
    if "geometry" in changes:
        changes["geometry"] = _site_geometry(changes["geometry"], None, None)
    before = _apply_changes(
        site, changes, {"name", "name_ar", "function", "geometry", "address", "occupancy", "source"}
    )
    if "geometry" in changes:
        _place_site(site)
    _finish_update(actor, site, action="movements.site.updated", before=before)
    if {"geometry", "function"} & set(changes):
        _recheck_window(actor, timezone.now(), site.valid_until, reason=f"site {site.name} changed")
    return site


@transaction.atomic
def site_reconfirm(
    *, actor: Actor, site: NotifiedSite, valid_until: dt.datetime | None = None, at: dt.datetime | None = None
) -> NotifiedSite:
    """The owner confirms the site is still there and still used; its validity runs again."""
    _require_owner_edit(actor, site)
    _aware("valid_until", valid_until)
    if site.withdrawn_at is not None:
        raise Conflict("This site was withdrawn; notify it again as a new site.")
    now = _now(actor, at)
    until = valid_until or now + dt.timedelta(days=conf.site_validity_days())
    if until <= now:
        raise ValidationFailed(
            {"valid_until": "A reconfirmed site must be valid until a time in the future."}
        )
    before = audit.snapshot(site)
    previous_until = site.valid_until
    site.valid_until, site.last_confirmed_at = until, now
    site.save(update_fields=["valid_until", "last_confirmed_at", "updated_at"])
    audit.record(actor=actor, action="movements.site.reconfirmed", obj=site, before=before)
    _recheck_window(
        actor, min(previous_until, until), max(previous_until, until), reason=f"site {site.name} reconfirmed"
    )
    return site


@transaction.atomic
def site_withdraw(
    *, actor: Actor, site: NotifiedSite, reason: str, at: dt.datetime | None = None
) -> NotifiedSite:
    """Take a site off the notified list (kept, marked withdrawn). Removal from the list does not
    change the protection the site has under international humanitarian law."""
    _require_owner_edit(actor, site)
    if site.withdrawn_at is not None:
        raise Conflict("This site is already withdrawn.")
    if not reason.strip():
        raise ValidationFailed({"reason": "Say why the site is withdrawn."})
    before = audit.snapshot(site)
    site.withdrawn_at, site.withdrawal_reason = _now(actor, at), reason.strip()
    site.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    audit.record(actor=actor, action="movements.site.withdrawn", obj=site, before=before, message=reason)
    _recheck_window(actor, site.withdrawn_at, site.valid_until, reason=f"site {site.name} withdrawn")
    return site


@transaction.atomic
def site_remind(*, actor: Actor, site: NotifiedSite, at: dt.datetime | None = None) -> NotifiedSite:
    """Record that the owner was reminded to reconfirm a site before it lapses."""
    if not actor.is_system:
        _require_owner_edit(actor, site)
    before = audit.snapshot(site)
    site.reminder_sent_at = _now(actor, at)
    site.save(update_fields=["reminder_sent_at", "updated_at"])
    audit.record(
        actor=actor,
        action="movements.site.reminded",
        obj=site,
        before=before,
        message=f"Lapses {site.valid_until:%Y-%m-%d %H:%M} UTC unless reconfirmed.",
    )
    return site


# -- zones -------------------------------------------------------------------------------------


def _authority(org: Any) -> Any:
    if org is None or org.community != Community.PARTY:
        raise ValidationFailed(
            {"authority_id": "The party concerned must be an organisation of the party community."}
        )
    return org


def _zone_geometry(geometry: dict) -> dict:
    return spatial.to_geojson(spatial.parse("geometry", geometry, spatial.ZONE_TYPES))


def _check_kind_geometry(kind: str, geometry: dict) -> None:
    lines = geometry.get("type") in ("LineString", "MultiLineString")
    if lines != (kind == ZoneKind.LINE):
        raise ValidationFailed(
            {"geometry": "A line zone takes a LineString; an area takes a Polygon or MultiPolygon."}
        )


@transaction.atomic
def zone_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    authority: Any,
    geometry: dict,
    valid_from: dt.datetime,
    source: str,
    valid_to: dt.datetime | None = None,
    description: str = "",
    note: str = "",
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id: Any = None,
) -> Zone:
    access.require(actor, Action.CREATE)
    _authority(authority)
    _visible_link(actor, "authority_id", authority)
    zone = Zone(
        owner_org_id=_owner_id(actor, owner_org_id),
        name=name.strip(),
        kind=kind,
        authority=authority,
        description=description,
    )
    sharing_in = {"releasability": releasability, "shared_with": shared_with, "protected": protected}
    _save_new(actor, zone, action="movements.zone.created", sharing_in=sharing_in)
    _add_version(
        actor, zone, geometry=geometry, valid_from=valid_from, valid_to=valid_to, source=source, note=note
    )
    return zone


@transaction.atomic
def zone_update(*, actor: Actor, zone: Zone, **changes: Any) -> Zone:
    """Change a zone's name, description, kind or party concerned (its geometry changes by version)."""
    _require_owner_edit(actor, zone)
    if "authority" in changes:
        _authority(changes["authority"])
        _visible_link(actor, "authority_id", changes["authority"])
    if "kind" in changes:
        for version in zone.versions.all():
            _check_kind_geometry(changes["kind"], version.geometry)
    before = _apply_changes(zone, changes, {"name", "description", "kind", "authority"})
    _finish_update(actor, zone, action="movements.zone.updated", before=before)
    if {"kind", "authority"} & set(changes):
        _recheck_window(actor, timezone.now(), None, reason=f"zone {zone.name} changed")
    return zone


def _overlaps(
    a_from: dt.datetime, a_to: dt.datetime | None, b_from: dt.datetime, b_to: dt.datetime | None
) -> bool:
    return (b_to is None or a_from < b_to) and (a_to is None or b_from < a_to)


def _add_version(
    actor: Actor,
    zone: Zone,
    *,
    geometry: dict,
    valid_from: dt.datetime,
    valid_to: dt.datetime | None,
    source: str,
    note: str,
) -> ZoneVersion:
    _aware("valid_from", valid_from)
    _aware("valid_to", valid_to)
    if not source.strip():
        raise ValidationFailed(
            {"source": "Say where this version comes from (announcement, map, agreement)."}
        )
    geometry = _zone_geometry(geometry)
    _check_kind_geometry(zone.kind, geometry)
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationFailed({"valid_to": "A version must end after it starts."})
    versions = list(zone.versions.select_for_update().order_by("version"))
    changed_from: dt.datetime = valid_from
    if versions and versions[-1].valid_to is None and versions[-1].valid_from < valid_from:
        # The new version supersedes the open-ended current one from its start.
        last = versions[-1]
        before = audit.snapshot(last)
        last.valid_to = valid_from
        last.save(update_fields=["valid_to", "updated_at"])
        audit.record(
            actor=actor,
            action="movements.zone.version_closed",
            obj=zone,
            before=before,
            after=audit.snapshot(last),
            message=f"Version {last.version} in force until {valid_from:%Y-%m-%d %H:%M} UTC.",
        )
    for v in versions:
        if _overlaps(valid_from, valid_to, v.valid_from, v.valid_to):
            end = f"{v.valid_to:%Y-%m-%d %H:%M} UTC" if v.valid_to else "further notice"
            raise ValidationFailed(
                {
                    "valid_from": f"Overlaps version {v.version} (in force from "
                    f"{v.valid_from:%Y-%m-%d %H:%M} UTC until {end}); end that version first."
                }
            )
    version = ZoneVersion(
        zone=zone,
        version=(versions[-1].version + 1) if versions else 1,
        geometry=geometry,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source.strip(),
        note=note,
        recorded_by=actor.name,
    )
    _clean(version, exclude=())
    version.save()
    audit.record(
        actor=actor,
        action="movements.zone.version_added",
        obj=zone,
        before=None,
        after=audit.snapshot(version),
        message=f"Version {version.version} from {valid_from:%Y-%m-%d %H:%M} UTC; source: {version.source}",
    )
    _recheck_window(actor, changed_from, valid_to, reason=f"zone {zone.name} version {version.version}")
    return version


@transaction.atomic
def zone_version_add(
    *,
    actor: Actor,
    zone: Zone,
    geometry: dict,
    valid_from: dt.datetime,
    source: str,
    valid_to: dt.datetime | None = None,
    note: str = "",
) -> ZoneVersion:
    """A new version of a zone (a new row; earlier versions are kept and can be recalled)."""
    _require_owner_edit(actor, zone)
    return _add_version(
        actor, zone, geometry=geometry, valid_from=valid_from, valid_to=valid_to, source=source, note=note
    )


@transaction.atomic
def zone_end(*, actor: Actor, zone: Zone, at: dt.datetime, note: str = "") -> ZoneVersion:
    """Lift a zone from ``at``: the version in force then (or the open-ended one) ends there."""
    _require_owner_edit(actor, zone)
    _aware("at", at)
    candidates = [
        v
        for v in zone.versions.select_for_update().order_by("version")
        if (v.valid_to is None or v.valid_to > at) and v.valid_from < at
    ]
    if not candidates:
        raise Conflict(f"No version of this zone is in force at {at:%Y-%m-%d %H:%M} UTC or later.")
    later = zone.versions.filter(valid_from__gte=at).order_by("version").first()
    if later is not None:
        raise Conflict(f"Version {later.version} starts at or after that time; end the zone after it.")
    version = candidates[-1]
    before = audit.snapshot(version)
    version.valid_to = at
    version.save(update_fields=["valid_to", "updated_at"])
    audit.record(
        actor=actor,
        action="movements.zone.ended",
        obj=zone,
        before=before,
        after=audit.snapshot(version),
        message=note or f"Zone lifted from {at:%Y-%m-%d %H:%M} UTC.",
    )
    _recheck_window(actor, at, None, reason=f"zone {zone.name} lifted")
    return version


# -- movement notifications --------------------------------------------------------------------


def _reference() -> str:
    return f"MV-{uuid.uuid4().hex[:8].upper()}"


# Records of other apps a movement record may point at: (module, getter, keyword). A link is checked
# (exists and is visible to the actor) when that app provides the getter; until then the id is kept.
LINKS = {
    "consignment_id": ("cmcc.logistics.selectors", "consignment_get", "consignment_id"),
    "report_id": ("cmcc.compliance.intake.selectors", "report_get", "report_id"),
}


def _link_problem(actor: Actor, field: str, value: uuid.UUID | None) -> str:
    if value is None:
        return ""
    module_name, getter_name, keyword = LINKS[field]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return ""
    getter = getattr(module, getter_name, None)
    if getter is None:
        return ""
    try:
        getter(actor=actor, **{keyword: value})
    except NotFound:
        return "Unknown or not visible to you."
    return ""


def _check_window(start: dt.datetime, end: dt.datetime) -> None:
    _aware("window_start", start)
    _aware("window_end", end)
    if end <= start:
        raise ValidationFailed({"window_end": "The window must end after it starts."})
    if end - start > dt.timedelta(days=31):
        raise ValidationFailed({"window_end": "A movement window cannot be longer than 31 days."})


@transaction.atomic
def movement_create(
    *,
    actor: Actor,
    purpose: str,
    window_start: dt.datetime,
    window_end: dt.datetime,
    route: dict | None = None,
    waypoints: list[dict] | None = None,
    sector: str = "multi_sector",
    partner_orgs: Iterable[Any] = (),
    vehicle_count: int = 0,
    vehicles: str = "",
    personnel_count: int = 0,
    cargo_summary: str = "",
    emergency: bool = False,
    consignment_id: uuid.UUID | None = None,
    narrative: str = "",
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id: Any = None,
    submit: bool = False,
    at: dt.datetime | None = None,
) -> MovementNotification:
    """A movement notification, as a draft (checked, not transmitted) or submitted at once."""
    access.require(actor, Action.CREATE)
    _check_window(window_start, window_end)
    if problem := _link_problem(actor, "consignment_id", consignment_id):
        raise ValidationFailed({"consignment_id": problem})
    partners = list(partner_orgs)
    for org in partners:
        _visible_link(actor, "partner_org_ids", org)
    geometry, points = spatial.route_from(route, waypoints)
    movement = MovementNotification(
        owner_org_id=_owner_id(actor, owner_org_id),
        reference=_reference(),
        purpose=purpose,
        sector=sector,
        vehicle_count=vehicle_count,
        vehicles=vehicles,
        personnel_count=personnel_count,
        cargo_summary=cargo_summary,
        route=geometry,
        waypoints=points,
        window_start=window_start,
        window_end=window_end,
        emergency=emergency,
        consignment_id=consignment_id,
        narrative=narrative,
    )
    sharing.apply_sharing(movement, releasability=releasability, protected=protected, shared_with=shared_with)
    _clean(movement)
    movement.save()
    sharing.save_shares(movement)
    movement.partner_orgs.set(partners)
    access.ensure_visible_after_write(actor, movement)
    audit.record(actor=actor, action="movements.notification.created", obj=movement)
    if submit:
        return movement_submit(actor=actor, movement=movement, at=at)
    _recheck(actor, {movement.pk}, reason="draft checked")
    movement.refresh_from_db()
    return movement


@transaction.atomic
def movement_update(
    *, actor: Actor, movement: MovementNotification, partner_orgs: Iterable[Any] | None = None, **changes: Any
) -> MovementNotification:
    """Change a draft. Once notified, a movement is not edited: its outcome is recorded, or a new
    notification is made (parties decide on what they were sent)."""
    _require_owner_edit(actor, movement)
    movement = MovementNotification.objects.select_for_update().get(pk=movement.pk)
    if movement.status != MovementStatus.DRAFT:
        raise Conflict("Only a draft can be changed; this movement was already notified to the parties.")
    if "route" in changes or "waypoints" in changes:
        changes["route"], changes["waypoints"] = spatial.route_from(
            changes.get("route"), changes.get("waypoints")
        )
    if "consignment_id" in changes and (
        problem := _link_problem(actor, "consignment_id", changes["consignment_id"])
    ):
        raise ValidationFailed({"consignment_id": problem})
    editable = {
        "purpose",
        "sector",
        "vehicle_count",
        "vehicles",
        "personnel_count",
        "cargo_summary",
        "route",
        "waypoints",
        "window_start",
        "window_end",
        "emergency",
        "consignment_id",
        "narrative",
    }
    before = _apply_changes(movement, changes, editable)
    _check_window(movement.window_start, movement.window_end)
    _clean(movement)
    movement.save()
    sharing.save_shares(movement)
    if partner_orgs is not None:
        partners = list(partner_orgs)
        for org in partners:
            _visible_link(actor, "partner_org_ids", org)
        movement.partner_orgs.set(partners)
    access.ensure_visible_after_write(actor, movement)
    audit.record(actor=actor, action="movements.notification.updated", obj=movement, before=before)
    _recheck(actor, {movement.pk}, reason="draft changed")
    movement.refresh_from_db()
    return movement


@transaction.atomic
def movement_submit(
    *, actor: Actor, movement: MovementNotification, at: dt.datetime | None = None
) -> MovementNotification:
    """Notify: derived fields are computed, and the notification goes to each party concerned.
    A late notification is flagged, never refused."""
    _require_owner_edit(actor, movement)
    movement = MovementNotification.objects.select_for_update().get(pk=movement.pk)
    before = audit.snapshot(movement)
    movement.status = rules.NOTIFICATION.next(movement.status, rules.Event.SUBMIT)
    movement.submitted_at = _now(actor, at)
    movement.notice_hours = rules.notice_hours_required(
        movement.emergency, normal=conf.notice_hours(), emergency_hours=conf.notice_hours_emergency()
    )
    movement.late = rules.is_late(
        sent_at=movement.submitted_at,
        window_start=movement.window_start,
        hours_required=movement.notice_hours,
    )
    movement.save(update_fields=["status", "submitted_at", "notice_hours", "late", "updated_at"])
    message = f"Late: less than {movement.notice_hours} h notice." if movement.late else ""
    audit.record(
        actor=actor, action="movements.notification.submitted", obj=movement, before=before, message=message
    )
    _recheck(actor, {movement.pk}, reason="notified", sent_at=movement.submitted_at)
    movement.refresh_from_db()
    return movement


@transaction.atomic
def movement_record_outcome(
    *,
    actor: Actor,
    movement: MovementNotification,
    outcome: str,
    impeded_result: str = "",
    departed_at: dt.datetime | None = None,
    completed_at: dt.datetime | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> MovementNotification:
    """Record (or correct) the outcome in OCHA's categories."""
    _require_owner_edit(actor, movement)
    movement = MovementNotification.objects.select_for_update().get(pk=movement.pk)
    _aware("departed_at", departed_at)
    _aware("completed_at", completed_at)
    if outcome not in Outcome.values:
        raise ValidationFailed({"outcome": f"Must be one of: {', '.join(Outcome.values)}."})
    if impeded_result and outcome != Outcome.IMPEDED:
        raise ValidationFailed(
            {"impeded_result": "Only an impeded movement has a result after the impediment."}
        )
    if departed_at and completed_at and completed_at < departed_at:
        raise ValidationFailed({"completed_at": "Completion cannot come before departure."})
    was_taking_place = movement.outcome not in rules.NOT_TAKING_PLACE
    before = audit.snapshot(movement)
    movement.status = rules.NOTIFICATION.next(movement.status, rules.Event.RECORD_OUTCOME)
    movement.outcome, movement.impeded_result = outcome, impeded_result
    movement.departed_at, movement.completed_at = departed_at, completed_at
    movement.outcome_note, movement.outcome_recorded_at = note, _now(actor, at)
    _clean(movement)
    movement.save()
    audit.record(
        actor=actor,
        action="movements.notification.outcome_recorded",
        obj=movement,
        before=before,
        message=note,
    )
    if was_taking_place != (outcome not in rules.NOT_TAKING_PLACE):
        affected = selectors.movements_conflicting_with(movement_id=movement.pk)
        affected |= selectors.open_movements_between(start=movement.window_start, end=movement.window_end)
        _recheck(actor, affected, reason=f"{movement.reference} {outcome}", cascade=False)
    return movement


@transaction.atomic
def movements_recheck(
    *, actor: Actor, movements: Iterable[MovementNotification] | None = None, reason: str = "re-checked"
) -> int:
    """Recompute the derived fields of ``movements`` (default: every open one) and re-address their
    transmissions. Returns how many were checked."""
    if movements is None:
        if not (actor.is_system or actor.is_centre_admin):
            raise PermissionDenied("Only the centre's administrators re-check every movement.")
        ids = selectors.open_movements_between(start=None, end=None)
    else:
        ids = set()
        for m in movements:
            _require_owner_edit(actor, m)
            ids.add(m.pk)
    return _recheck(actor, ids, reason=reason)


def _recheck_window(actor: Actor, start: dt.datetime | None, end: dt.datetime | None, *, reason: str) -> None:
    ids = selectors.open_movements_between(start=start, end=end)
    if ids:
        _recheck(actor, ids, reason=reason)


def _recheck(
    actor: Actor,
    ids: set[uuid.UUID],
    *,
    reason: str,
    sent_at: dt.datetime | None = None,
    cascade: bool = True,
) -> int:
    """Re-run deconfliction for the open movements ``ids``; with ``cascade`` also for the notified
    movements they conflict with (before or after), so a conflict is flagged on both sides."""
    subjects = [
        m
        for m in selectors.engine_subjects(ids=ids)
        if m.status in (MovementStatus.DRAFT, MovementStatus.SUBMITTED)
    ]
    done: set[uuid.UUID] = set()
    partners: set[uuid.UUID] = set()
    for finding in deconflict.check(subjects):
        old = list(finding.movement.conflicts.all())
        if finding.movement.status == MovementStatus.SUBMITTED:
            partners |= {c.other_movement_id for c in [*old, *finding.conflicts] if c.other_movement_id}
        _store(actor, finding, old, reason=reason, sent_at=sent_at)
        done.add(finding.movement.pk)
    if cascade and (partners - done):
        _recheck(actor, partners - done, reason=f"{reason} (conflicting movement)", cascade=False)
    return len(done)


def _store(
    actor: Actor,
    finding: deconflict.Finding,
    old: list[MovementConflict],
    *,
    reason: str,
    sent_at: dt.datetime | None,
) -> None:
    movement = finding.movement
    from shapely.geometry import shape

    governorates = spatial.governorates_crossed(shape(movement.route))
    changed = (
        deconflict.targets(old) != deconflict.targets(finding.conflicts)
        or movement.coordination_required != finding.coordination_required
        or movement.governorates != governorates
    )
    before = {
        "coordination_required": movement.coordination_required,
        "governorates": movement.governorates,
        "conflicts": len(old),
    }
    if deconflict.signature(old) != finding.signature():
        MovementConflict.objects.filter(movement=movement).delete()
        MovementConflict.objects.bulk_create(finding.conflicts)
    movement.coordination_required = finding.coordination_required
    movement.governorates = governorates
    movement.checked_at = timezone.now()
    movement.save(update_fields=["coordination_required", "governorates", "checked_at", "updated_at"])
    if changed:
        audit.record(
            actor=actor,
            action="movements.notification.checked",
            obj=movement,
            before=before,
            after={
                "coordination_required": movement.coordination_required,
                "governorates": governorates,
                "conflicts": len(finding.conflicts),
            },
            message=reason,
        )
    if movement.status == MovementStatus.SUBMITTED:
        _address(actor, finding, sent_at=sent_at)


def _packet(movement: MovementNotification, crossings: list[MovementConflict]) -> dict:
    """What a party receives: the movement as it needs it, without names of people on board."""
    return json.loads(
        audit.canonical(
            {
                "reference": movement.reference,
                "organisation": movement.owner_org.name,
                "partner_organisations": [o.name for o in movement.partner_orgs.order_by("name")],
                "purpose": movement.purpose,
                "sector": movement.sector,
                "emergency": movement.emergency,
                "window_start": movement.window_start,
                "window_end": movement.window_end,
                "route": movement.route,
                "waypoints": movement.waypoints,
                "vehicle_count": movement.vehicle_count,
                "vehicles": movement.vehicles,
                "personnel_count": movement.personnel_count,
                "cargo_summary": movement.cargo_summary,
                "zones": [
                    {
                        "zone_id": c.zone_version.zone_id,  # type: ignore[union-attr]
                        "name": c.zone_version.zone.name,  # type: ignore[union-attr]
                        "version": c.zone_version.version,  # type: ignore[union-attr]
                        "kind": c.category,
                        "lon": round(c.lon, 6),
                        "lat": round(c.lat, 6),
                        "starts_at": c.starts_at,
                        "ends_at": c.ends_at,
                    }
                    for c in crossings
                ],
            }
        )
    )


def _address(actor: Actor, finding: deconflict.Finding, *, sent_at: dt.datetime | None) -> None:
    """Send the notification to each party whose zones the route crosses; a party no longer concerned
    keeps its copy, marked as such."""
    movement = finding.movement
    existing = selectors.transmissions_for_update(movement=movement)
    concerned = finding.parties()
    hours = movement.notice_hours or conf.notice_hours()
    for party_id, crossings in concerned.items():
        packet = _packet(movement, crossings)
        tx = existing.get(party_id)
        if tx is None:
            when = sent_at or timezone.now()
            tx = Transmission(
                movement=movement,
                party_id=party_id,
                owner_org_id=movement.owner_org_id,
                sent_at=when,
                notice_hours=hours,
                late=rules.is_late(sent_at=when, window_start=movement.window_start, hours_required=hours),
                packet=packet,
            )
            sharing.apply_sharing(
                tx,
                releasability=Releasability.NAMED,
                protected=False,
                shared_with=[str(party_id), Community.COORDINATION],
            )
            tx.save()
            sharing.save_shares(tx)
            audit.record(
                actor=actor, action="movements.transmission.sent", obj=tx, message=f"{movement.reference}"
            )
        elif tx.packet != packet or not tx.concerned:
            before = audit.snapshot(tx)
            tx.packet, tx.concerned = packet, True
            tx.save(update_fields=["packet", "concerned", "updated_at"])
            audit.record(actor=actor, action="movements.transmission.updated", obj=tx, before=before)
    for party_id, tx in existing.items():
        if party_id not in concerned and tx.concerned:
            before = audit.snapshot(tx)
            tx.concerned = False
            tx.save(update_fields=["concerned", "updated_at"])
            audit.record(
                actor=actor,
                action="movements.transmission.no_longer_concerned",
                obj=tx,
                before=before,
                message="The route no longer crosses this party's zones.",
            )
    _refresh_clearance(movement)


def _refresh_clearance(movement: MovementNotification) -> None:
    """The one-word summary of the concerned parties' decisions (receipts play no part in it)."""
    decisions = [
        t.decision for t in selectors.transmissions_for_update(movement=movement).values() if t.concerned
    ]
    value = rules.clearance(movement.coordination_required, decisions)
    if movement.clearance != value:
        movement.clearance = value
        movement.save(update_fields=["clearance", "updated_at"])


# -- receipt and decisions ---------------------------------------------------------------------


def _party_member(actor: Actor, tx: Transmission, action: str) -> None:
    access.require(actor, Action.VIEW, tx)
    if actor.is_system:
        return
    access.require(actor, action)
    if actor.org_id != tx.party_id:
        raise PermissionDenied("Only the party this notification was sent to can do this.")


@transaction.atomic
def transmission_receive(
    *, actor: Actor, transmission: Transmission, at: dt.datetime | None = None
) -> Transmission:
    """The party confirms it received the notification. Receipt means received — it is not approval
    and decides nothing; a decision is recorded separately."""
    _party_member(actor, transmission, Action.EDIT)
    tx = Transmission.objects.select_for_update().get(pk=transmission.pk)
    if tx.received_at is not None:
        raise Conflict(
            f"Receipt was already confirmed at {tx.received_at:%Y-%m-%d %H:%M} UTC by {tx.received_by}."
        )
    before = audit.snapshot(tx)
    tx.received_at, tx.received_by = _now(actor, at), actor.name
    tx.save(update_fields=["received_at", "received_by", "updated_at"])
    audit.record(
        actor=actor,
        action="movements.transmission.received",
        obj=tx,
        before=before,
        message="Receipt confirmed (received; not an approval).",
    )
    return tx


@transaction.atomic
def transmission_decide(
    *,
    actor: Actor,
    transmission: Transmission,
    kind: str,
    note: str = "",
    changed_route: dict | None = None,
    changed_window_start: dt.datetime | None = None,
    changed_window_end: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> PartyDecision:
    """Record the party's decision. Needs the ``decide`` grant and membership of the party. The
    organiser may record that a party gave no response."""
    tx = transmission
    organiser_no_response = kind == DecisionKind.NO_RESPONSE and (
        actor.is_system or actor.org_id == tx.owner_org_id
    )
    if organiser_no_response:
        _require_owner_edit(actor, tx)
    else:
        _party_member(actor, tx, Action.DECIDE)
    if kind not in DecisionKind.values:
        raise ValidationFailed({"kind": f"Must be one of: {', '.join(DecisionKind.values)}."})
    _aware("changed_window_start", changed_window_start)
    _aware("changed_window_end", changed_window_end)
    changes = changed_route is not None or changed_window_start is not None or changed_window_end is not None
    if kind == DecisionKind.APPROVED_WITH_CHANGES and not changes:
        raise ValidationFailed({"kind": "Approval with changes needs the changed route or window."})
    if kind != DecisionKind.APPROVED_WITH_CHANGES and changes:
        raise ValidationFailed(
            {"changed_route": "Changes go with the decision 'approved_with_changes' only."}
        )
    if (changed_window_start is None) != (changed_window_end is None):
        raise ValidationFailed(
            {"changed_window_end": "Give both the start and the end of the changed window."}
        )
    if changed_window_start and changed_window_end and changed_window_end <= changed_window_start:
        raise ValidationFailed({"changed_window_end": "The window must end after it starts."})
    route = None
    if changed_route is not None:
        route = spatial.to_geojson(spatial.parse("changed_route", changed_route, spatial.ROUTE_TYPES))
    tx = Transmission.objects.select_for_update().get(pk=tx.pk)
    now = _now(actor, at)
    before = audit.snapshot(tx)
    decision = PartyDecision(
        transmission=tx,
        kind=kind,
        decided_at=now,
        decided_by=actor.name,
        decided_by_org_id=tx.owner_org_id if organiser_no_response else tx.party_id,
        note=note,
        changed_route=route,
        changed_window_start=changed_window_start,
        changed_window_end=changed_window_end,
    )
    _clean(decision, exclude=())
    decision.save()
    tx.decision, tx.decided_at = kind, now
    fields = ["decision", "decided_at", "updated_at"]
    if tx.received_at is None and not organiser_no_response:
        tx.received_at, tx.received_by = now, actor.name  # a party that decides has received it
        fields += ["received_at", "received_by"]
    tx.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="movements.transmission.decided",
        obj=tx,
        before=before,
        message=f"{kind}: {note}".strip(": "),
    )
    _refresh_clearance(MovementNotification.objects.get(pk=tx.movement_id))
    return decision


# -- checkpoint events, people on board --------------------------------------------------------


@transaction.atomic
def checkpoint_event_add(
    *,
    actor: Actor,
    movement: MovementNotification,
    checkpoint: str,
    arrived_at: dt.datetime,
    departed_at: dt.datetime | None = None,
    lon: float | None = None,
    lat: float | None = None,
    note: str = "",
) -> CheckpointEvent:
    _require_owner_edit(actor, movement)
    if movement.status == MovementStatus.DRAFT:
        raise Conflict("A draft has no checkpoint events; notify the movement first.")
    _aware("arrived_at", arrived_at)
    _aware("departed_at", departed_at)
    if departed_at is not None and departed_at < arrived_at:
        raise ValidationFailed({"departed_at": "Departure cannot come before arrival."})
    if (lon is None) != (lat is None):
        raise ValidationFailed({"lat": "Give both lon and lat, or neither."})
    if lon is not None and lat is not None:
        spatial.parse("lon", {"type": "Point", "coordinates": [lon, lat]}, ("Point",))
    wait = round((departed_at - arrived_at).total_seconds() / 3600, 2) if departed_at else None
    event = CheckpointEvent(
        movement=movement,
        checkpoint=checkpoint.strip(),
        lon=lon,
        lat=lat,
        arrived_at=arrived_at,
        departed_at=departed_at,
        wait_hours=wait,
        note=note,
        recorded_by=actor.name,
    )
    _clean(event, exclude=())
    event.save()
    audit.record(
        actor=actor,
        action="movements.notification.checkpoint_recorded",
        obj=movement,
        before=None,
        after=audit.snapshot(event),
        message=f"{event.checkpoint}: wait {wait if wait is not None else '?'} h",
    )
    return event


@transaction.atomic
def person_add(
    *,
    actor: Actor,
    movement: MovementNotification,
    role: str,
    full_name: str,
    organisation_name: str = "",
    document_ref: str = "",
    note: str = "",
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
) -> MovementPerson:
    """A person on board: always protected (never shown to military or party users)."""
    _require_owner_edit(actor, movement)
    if not full_name.strip():
        raise ValidationFailed({"full_name": "Give the person's name."})
    person = MovementPerson(
        owner_org_id=movement.owner_org_id,
        movement=movement,
        role=role,
        full_name=full_name.strip(),
        organisation_name=organisation_name,
        document_ref=document_ref,
        note=note,
    )
    sharing_in = {"releasability": releasability, "shared_with": shared_with, "protected": True}
    return _save_new(actor, person, action="movements.person.added", sharing_in=sharing_in)


# -- access constraints ------------------------------------------------------------------------


def _locate_constraint(c: AccessConstraint) -> None:
    if (c.lon is None) != (c.lat is None):
        raise ValidationFailed({"lat": "Give both lon and lat, or neither."})
    if c.lon is not None and c.lat is not None:
        spatial.parse("lon", {"type": "Point", "coordinates": [c.lon, c.lat]}, ("Point",))
        c.governorate_pcode = spatial.governorate_at(c.lon, c.lat) or c.governorate_pcode
    if c.governorate_pcode and c.governorate_pcode not in spatial.governorate_pcodes():
        known = ", ".join(sorted(spatial.governorate_pcodes()))
        raise ValidationFailed({"governorate_pcode": f"Unknown governorate; use one of {known}."})


def _check_category(category: str, detail: str) -> None:
    if problem := rules.constraint_category_problem(category, detail):
        raise ValidationFailed({"detail": problem})


@transaction.atomic
def constraint_create(
    *,
    actor: Actor,
    occurred_at: dt.datetime,
    category: str,
    description: str,
    detail: str = "",
    sector: str = "multi_sector",
    location_name: str = "",
    lon: float | None = None,
    lat: float | None = None,
    governorate_pcode: str = "",
    movement: MovementNotification | None = None,
    report_id: uuid.UUID | None = None,
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id: Any = None,
) -> AccessConstraint:
    access.require(actor, Action.CREATE)
    _aware("occurred_at", occurred_at)
    _visible_link(actor, "movement_id", movement)
    if problem := _link_problem(actor, "report_id", report_id):
        raise ValidationFailed({"report_id": problem})
    _check_category(category, detail)
    constraint = AccessConstraint(
        owner_org_id=_owner_id(actor, owner_org_id),
        occurred_at=occurred_at,
        category=category,
        detail=detail,
        sector=sector,
        description=description,
        location_name=location_name,
        lon=lon,
        lat=lat,
        governorate_pcode=governorate_pcode,
        movement=movement,
        report_id=report_id,
    )
    _locate_constraint(constraint)
    sharing_in = {"releasability": releasability, "shared_with": shared_with, "protected": protected}
    return _save_new(actor, constraint, action="movements.constraint.logged", sharing_in=sharing_in)


@transaction.atomic
def constraint_update(*, actor: Actor, constraint: AccessConstraint, **changes: Any) -> AccessConstraint:
    _require_owner_edit(actor, constraint)
    if "movement" in changes:
        _visible_link(actor, "movement_id", changes["movement"])
    if "report_id" in changes and (problem := _link_problem(actor, "report_id", changes["report_id"])):
        raise ValidationFailed({"report_id": problem})
    editable = {
        "occurred_at",
        "category",
        "detail",
        "sector",
        "description",
        "location_name",
        "lon",
        "lat",
        "governorate_pcode",
        "movement",
        "report_id",
    }
    before = _apply_changes(constraint, changes, editable)
    _aware("occurred_at", constraint.occurred_at)
    _check_category(constraint.category, constraint.detail)
    _locate_constraint(constraint)
    return _finish_update(actor, constraint, action="movements.constraint.updated", before=before)
