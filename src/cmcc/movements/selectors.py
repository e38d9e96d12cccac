"""Reads of movements, always starting from what the actor may see.

On top of the access module's answer, a need-to-know rule for the party community (domain research
§5, rule 4): a party liaison sees a movement notification only when it was transmitted to its own
organisation. Deconfliction runs over everything (the centre checks every notified movement), so
its inputs are read here with the system actor; what each viewer is shown of the findings is
narrowed again in :func:`conflicts_for`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cmcc.core import access
from cmcc.core.access import Actor, system_actor
from cmcc.core.choices import Community

from . import conf, rules, spatial
from .models import (
    AccessConstraint,
    CheckpointEvent,
    ConflictKind,
    ConstraintCategory,
    MovementConflict,
    MovementNotification,
    MovementPerson,
    MovementStatus,
    NotifiedSite,
    Outcome,
    PartyDecision,
    Sector,
    Transmission,
    Zone,
    ZoneKind,
    ZoneVersion,
)

ENGINE = system_actor("deconfliction")


def _is_party(actor: Actor) -> bool:
    return not actor.is_system and actor.community == Community.PARTY


# -- notified sites ----------------------------------------------------------------------------


def _site_state_q(state: str, now: dt.datetime) -> Q:
    soon = now + dt.timedelta(days=conf.site_warning_days())
    current = Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=now)
    return {
        rules.SiteState.WITHDRAWN: Q(withdrawn_at__lte=now),
        rules.SiteState.EXPIRED: current & Q(valid_until__lte=now),
        rules.SiteState.EXPIRING: current & Q(valid_until__gt=now, valid_until__lte=soon),
        rules.SiteState.ACTIVE: current & Q(valid_until__gt=soon),
    }.get(state, Q())


def site_list(
    *,
    actor: Actor,
    function: str | None = None,
    state: str | None = None,
    owner_org_id: uuid.UUID | None = None,
    governorate: str | None = None,
    q: str | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[NotifiedSite]:
    qs = access.visible(NotifiedSite.objects.select_related("owner_org"), actor)
    if function:
        qs = qs.filter(function=function)
    if state:
        qs = qs.filter(_site_state_q(state, now or timezone.now()))
    if owner_org_id:
        qs = qs.filter(owner_org_id=owner_org_id)
    if governorate:
        qs = qs.filter(governorate_pcode=governorate)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_ar__icontains=q) | Q(address__icontains=q))
    return qs.order_by("name", "id")


def site_get(*, actor: Actor, site_id: Any) -> NotifiedSite:
    return access.get_visible(NotifiedSite.objects.select_related("owner_org"), actor, site_id)


def site_state(site: NotifiedSite, now: dt.datetime | None = None) -> str:
    return rules.site_state(
        valid_until=site.valid_until,
        withdrawn_at=site.withdrawn_at,
        now=now or timezone.now(),
        warning_days=conf.site_warning_days(),
    )


def sites_to_remind(*, within_days: int, now: dt.datetime | None = None) -> QuerySet[NotifiedSite]:
    """Current sites lapsing within ``within_days`` that have not been reminded since last confirmed
    (the operator's reminder run sees every site)."""
    now = now or timezone.now()
    qs = access.visible(NotifiedSite.objects.select_related("owner_org"), ENGINE)
    return (
        qs.filter(withdrawn_at__isnull=True, valid_until__gt=now)
        .filter(valid_until__lte=now + dt.timedelta(days=within_days))
        .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=F("last_confirmed_at")))
        .order_by("valid_until")
    )


# -- zones -------------------------------------------------------------------------------------


def _in_force_q(at: dt.datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": at}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": at})
    )


def zone_list(
    *,
    actor: Actor,
    kind: str | None = None,
    authority_id: uuid.UUID | None = None,
    at: dt.datetime | None = None,
    q: str | None = None,
) -> QuerySet[Zone]:
    qs = access.visible(Zone.objects.select_related("owner_org", "authority"), actor)
    if kind:
        qs = qs.filter(kind=kind)
    if authority_id:
        qs = qs.filter(authority_id=authority_id)
    if at:
        qs = qs.filter(Exists(ZoneVersion.objects.filter(_in_force_q(at), zone=OuterRef("pk"))))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return qs.order_by("name", "id")


def zone_get(*, actor: Actor, zone_id: Any) -> Zone:
    return access.get_visible(Zone.objects.select_related("owner_org", "authority"), actor, zone_id)


def zone_versions(*, actor: Actor, zone: Zone) -> QuerySet[ZoneVersion]:
    return access.visible(ZoneVersion.objects.filter(zone=zone), actor).order_by("version")


def zones_in_force(
    *, actor: Actor, at: dt.datetime, kind: str | None = None, authority_id: uuid.UUID | None = None
) -> QuerySet[ZoneVersion]:
    """The zone versions in force at ``at`` that the actor may see (one per zone at most)."""
    qs = access.visible(
        ZoneVersion.objects.select_related("zone", "zone__authority", "zone__owner_org"), actor
    )
    qs = qs.filter(_in_force_q(at))
    if kind:
        qs = qs.filter(zone__kind=kind)
    if authority_id:
        qs = qs.filter(zone__authority_id=authority_id)
    return qs.order_by("zone__name", "version")


def current_version(zone: Zone, at: dt.datetime | None = None) -> ZoneVersion | None:
    """The version of a zone (already visible to the caller) in force at ``at`` (default now)."""
    return zone.versions.filter(_in_force_q(at or timezone.now())).order_by("-version").first()


# -- movement notifications --------------------------------------------------------------------


def _movements(actor: Actor, qs: QuerySet[MovementNotification]) -> QuerySet[MovementNotification]:
    qs = access.visible(qs, actor)
    if _is_party(actor):
        addressed = Transmission.objects.filter(movement=OuterRef("pk"), party_id=actor.org_id)
        qs = qs.filter(Exists(addressed))
    return qs


def movement_list(
    *,
    actor: Actor,
    status: str | None = None,
    purpose: str | None = None,
    sector: str | None = None,
    outcome: str | None = None,
    coordination_required: bool | None = None,
    late: bool | None = None,
    has_conflicts: bool | None = None,
    party_id: uuid.UUID | None = None,
    owner_org_id: uuid.UUID | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: str | None = None,
) -> QuerySet[MovementNotification]:
    qs = _movements(actor, MovementNotification.objects.select_related("owner_org"))
    if status:
        qs = qs.filter(status=status)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if sector:
        qs = qs.filter(sector=sector)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if coordination_required is not None:
        qs = qs.filter(coordination_required=coordination_required)
    if late is not None:
        qs = qs.filter(late=late)
    if has_conflicts is not None:
        found = Exists(
            MovementConflict.objects.filter(movement=OuterRef("pk")).exclude(kind=ConflictKind.ZONE)
        )
        qs = qs.filter(found) if has_conflicts else qs.exclude(found)
    if party_id:
        qs = qs.filter(Exists(Transmission.objects.filter(movement=OuterRef("pk"), party_id=party_id)))
    if owner_org_id:
        qs = qs.filter(owner_org_id=owner_org_id)
    if since:
        qs = qs.filter(window_end__gt=since)
    if until:
        qs = qs.filter(window_start__lt=until)
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(cargo_summary__icontains=q) | Q(narrative__icontains=q))
    return qs.order_by("-window_start", "id")


def movement_get(*, actor: Actor, movement_id: Any) -> MovementNotification:
    return access.get_visible(
        _movements(actor, MovementNotification.objects.select_related("owner_org")), actor, movement_id
    )


def partner_orgs(movement: MovementNotification) -> list:
    """Organisations taking part (names are in the directory every member sees)."""
    return list(movement.partner_orgs.order_by("name"))


def checkpoint_events(*, actor: Actor, movement: MovementNotification) -> QuerySet[CheckpointEvent]:
    return access.visible(CheckpointEvent.objects.filter(movement=movement), actor).order_by("arrived_at")


def checkpoint_waits(*, actor: Actor, movement_ids: list[uuid.UUID]) -> dict[uuid.UUID, float]:
    """Total checkpoint wait in hours per movement."""
    totals: dict[uuid.UUID, float] = defaultdict(float)
    rows = access.visible(CheckpointEvent.objects.filter(movement_id__in=movement_ids), actor)
    for movement_id, hours in rows.exclude(wait_hours__isnull=True).values_list("movement_id", "wait_hours"):
        totals[movement_id] += hours
    return dict(totals)


def people_of(*, actor: Actor, movement: MovementNotification) -> QuerySet[MovementPerson]:
    """People on board the actor may see: protected, so never military or party users."""
    return access.visible(MovementPerson.objects.filter(movement=movement).select_related("owner_org"), actor)


def person_get(*, actor: Actor, person_id: Any) -> MovementPerson:
    return access.get_visible(
        MovementPerson.objects.select_related("owner_org", "movement"), actor, person_id
    )


def constraints_of(*, actor: Actor, movement: MovementNotification) -> QuerySet[AccessConstraint]:
    return constraint_list(actor=actor, movement_id=movement.pk)


# -- conflicts, as each viewer may see them ----------------------------------------------------


@dataclass
class ConflictView:
    kind: str
    category: str
    lon: float
    lat: float
    starts_at: dt.datetime
    ends_at: dt.datetime
    distance_m: float
    shared: bool  # False: the other record is not shared with the viewer; its identity is withheld
    other_id: uuid.UUID | None
    other_label: str
    version: int | None
    party_id: uuid.UUID | None
    party_name: str
    explanation: str


def _explain(c: MovementConflict, shared: bool, label: str, category_label: str) -> str:
    place = f"{c.lat:.5f}, {c.lon:.5f}"
    when = f"{c.starts_at:%Y-%m-%d %H:%M} – {c.ends_at:%Y-%m-%d %H:%M} UTC"
    values = {
        "label": label,
        "place": place,
        "when": when,
        "metres": round(c.distance_m),
        "what": category_label,
    }
    if c.kind == ConflictKind.ZONE:
        if not shared:
            return gettext("Enters a %(what)s not shared with you at %(place)s, %(when)s.") % values
        return gettext("Enters %(what)s “%(label)s” at %(place)s, %(when)s.") % values
    if c.kind == ConflictKind.MOVEMENT:
        if not shared:
            text = gettext(
                "Passes within %(metres)s m of another notified movement not shared with you "
                "at %(place)s, %(when)s."
            )
            return text % values
        return (
            gettext("Passes within %(metres)s m of movement %(label)s at %(place)s; both under way %(when)s.")
            % values
        )
    if not shared:
        return (
            gettext(
                "Passes within %(metres)s m of a notified site not shared with you at %(place)s, %(when)s."
            )
            % values
        )
    return (
        gettext("Passes within %(metres)s m of notified %(what)s “%(label)s” at %(place)s, %(when)s.")
        % values
    )


def conflicts_for(*, actor: Actor, movement: MovementNotification) -> list[ConflictView]:
    """The findings of a movement the viewer may see (it already sees the movement).

    A finding about a zone, movement or site shared with the viewer names it. One about a record not
    shared with the viewer is shown without its identity (kind, place, time) to the organiser only,
    who needs it to deconflict; other viewers do not see it at all.
    """
    from .models import SiteFunction

    rows = list(
        access.visible(MovementConflict.objects.filter(movement=movement), actor).select_related(
            "zone_version", "zone_version__zone", "other_movement", "site", "party"
        )
    )
    zone_ids = {r.zone_version.zone_id for r in rows if r.zone_version_id}
    move_ids = {r.other_movement_id for r in rows if r.other_movement_id}
    site_ids = {r.site_id for r in rows if r.site_id}
    seen_zones = set(access.visible(Zone.objects.filter(pk__in=zone_ids), actor).values_list("pk", flat=True))
    seen_moves = set(
        _movements(actor, MovementNotification.objects.filter(pk__in=move_ids)).values_list("pk", flat=True)
    )
    seen_sites = set(
        access.visible(NotifiedSite.objects.filter(pk__in=site_ids), actor).values_list("pk", flat=True)
    )
    organiser = actor.is_system or actor.org_id == movement.owner_org_id
    out = []
    for r in rows:
        if r.kind == ConflictKind.ZONE:
            zone = r.zone_version.zone  # type: ignore[union-attr]
            shared, other_id, label, version = (
                zone.pk in seen_zones,
                zone.pk,
                zone.name,
                r.zone_version.version,
            )  # type: ignore[union-attr]
            category_label = str(ZoneKind(r.category).label) if r.category in ZoneKind.values else r.category
        elif r.kind == ConflictKind.MOVEMENT:
            other = r.other_movement
            shared, other_id, label, version = (
                r.other_movement_id in seen_moves,
                other.pk,
                other.reference,
                None,
            )  # type: ignore[union-attr]
            category_label = gettext("movement")
        else:
            site = r.site
            shared, other_id, label, version = r.site_id in seen_sites, site.pk, site.name, None  # type: ignore[union-attr]
            category_label = (
                str(SiteFunction(r.category).label).lower()
                if r.category in SiteFunction.values
                else r.category
            )
        if not shared and not organiser:
            continue
        out.append(
            ConflictView(
                kind=r.kind,
                category=r.category if (shared or r.kind == ConflictKind.ZONE) else "",
                lon=r.lon,
                lat=r.lat,
                starts_at=r.starts_at,
                ends_at=r.ends_at,
                distance_m=round(r.distance_m, 1),
                shared=shared,
                other_id=other_id if shared else None,
                other_label=label if shared else "",
                version=version if shared else None,
                party_id=r.party_id if shared else None,
                party_name=r.party.name if (shared and r.party) else "",
                explanation=_explain(r, shared, label, category_label),
            )
        )
    return out


# -- transmissions (the party inbox) -----------------------------------------------------------


def transmission_list(
    *,
    actor: Actor,
    party_id: uuid.UUID | None = None,
    movement_id: uuid.UUID | None = None,
    received: bool | None = None,
    decided: bool | None = None,
    decision: str | None = None,
    concerned: bool | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Transmission]:
    qs = access.visible(Transmission.objects.select_related("owner_org", "party", "movement"), actor)
    if party_id:
        qs = qs.filter(party_id=party_id)
    if movement_id:
        qs = qs.filter(movement_id=movement_id)
    if received is not None:
        qs = qs.filter(received_at__isnull=not received)
    if decided is not None:
        qs = qs.exclude(decision="") if decided else qs.filter(decision="")
    if decision:
        qs = qs.filter(decision=decision)
    if concerned is not None:
        qs = qs.filter(concerned=concerned)
    if since:
        qs = qs.filter(movement__window_end__gt=since)
    if until:
        qs = qs.filter(movement__window_start__lt=until)
    return qs.order_by("-sent_at", "id")


def transmission_get(*, actor: Actor, transmission_id: Any) -> Transmission:
    return access.get_visible(
        Transmission.objects.select_related("owner_org", "party", "movement"), actor, transmission_id
    )


def transmissions_of(*, actor: Actor, movement: MovementNotification) -> list[Transmission]:
    return list(transmission_list(actor=actor, movement_id=movement.pk).order_by("party__name"))


def decisions_of(*, actor: Actor, transmission: Transmission) -> QuerySet[PartyDecision]:
    return access.visible(
        PartyDecision.objects.filter(transmission=transmission).select_related("decided_by_org"), actor
    ).order_by("decided_at", "created_at")


# -- access constraints ------------------------------------------------------------------------


def constraint_list(
    *,
    actor: Actor,
    category: str | None = None,
    detail: str | None = None,
    sector: str | None = None,
    governorate: str | None = None,
    movement_id: uuid.UUID | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: str | None = None,
) -> QuerySet[AccessConstraint]:
    qs = access.visible(AccessConstraint.objects.select_related("owner_org", "movement"), actor)
    if category:
        qs = qs.filter(category=category)
    if detail:
        qs = qs.filter(detail=detail)
    if sector:
        qs = qs.filter(sector=sector)
    if governorate:
        qs = qs.filter(governorate_pcode=governorate)
    if movement_id:
        qs = qs.filter(movement_id=movement_id)
    if since:
        qs = qs.filter(occurred_at__gte=since)
    if until:
        qs = qs.filter(occurred_at__lt=until)
    if q:
        qs = qs.filter(Q(description__icontains=q) | Q(location_name__icontains=q))
    return qs.order_by("-occurred_at", "id")


def constraint_get(*, actor: Actor, constraint_id: Any) -> AccessConstraint:
    return access.get_visible(
        AccessConstraint.objects.select_related("owner_org", "movement"), actor, constraint_id
    )


def _weeks(today: dt.date, weeks: int) -> list[dt.date]:
    last = rules.week_start(today)
    return [last - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def constraint_counts(*, actor: Actor, weeks: int = 8, today: dt.date | None = None) -> dict:
    """Access constraints the actor may see over the last ``weeks`` ISO weeks, counted per week and
    category, per governorate and per sector."""
    mondays = _weeks(today or timezone.localdate(), weeks)
    start, end = _start_of(mondays[0]), _start_of(mondays[-1] + dt.timedelta(days=7))
    rows = constraint_list(actor=actor, since=start, until=end).values_list(
        "occurred_at", "category", "governorate_pcode", "sector"
    )
    labels = [rules.iso_week(m) for m in mondays]
    by_week: dict[str, Counter] = {c: Counter() for c in ConstraintCategory.values}
    by_governorate: Counter = Counter()
    by_sector: Counter = Counter()
    by_governorate_category: dict[str, Counter] = defaultdict(Counter)
    total = 0
    for occurred_at, category, pcode, sector in rows:
        by_week[category][rules.iso_week(occurred_at)] += 1
        by_governorate[pcode] += 1
        by_governorate_category[pcode][category] += 1
        by_sector[sector] += 1
        total += 1
    names = spatial.governorate_pcodes()
    return {
        "weeks": labels,
        "week_starts": mondays,
        "total": total,
        "by_week": [
            {
                "category": c,
                "label": str(ConstraintCategory(c).label),
                "counts": [by_week[c][w] for w in labels],
            }
            for c in ConstraintCategory.values
        ],
        "by_governorate": [
            {
                "pcode": pcode,
                "name": names.get(pcode, gettext("Outside the governorates or not located")),
                "count": by_governorate[pcode],
                "by_category": dict(by_governorate_category[pcode]),
            }
            for pcode in [*sorted(names), ""]
            if by_governorate[pcode]
        ],
        "by_sector": [
            {"sector": s, "label": str(Sector(s).label), "count": by_sector[s]}
            for s in Sector.values
            if by_sector[s]
        ],
    }


# -- the weekly access snapshot ----------------------------------------------------------------

SNAPSHOT_OUTCOMES = (
    Outcome.FACILITATED,
    Outcome.PARTIAL,
    Outcome.IMPEDED,
    Outcome.DENIED,
    Outcome.CANCELLED,
    Outcome.POSTPONED,
)


def weekly_snapshot(*, actor: Actor, weeks: int = 8, today: dt.date | None = None) -> list[dict]:
    """Per ISO week (by the start of the requested window): movements notified, their outcomes in
    OCHA's categories, impeded ones eventually completed, and the change in the facilitated share
    from the week before (percentage points)."""
    mondays = _weeks(today or timezone.localdate(), weeks)
    start, end = _start_of(mondays[0]), _start_of(mondays[-1] + dt.timedelta(days=7))
    rows = (
        movement_list(actor=actor, since=start, until=end)
        .filter(window_start__gte=start, window_start__lt=end)
        .exclude(status=MovementStatus.DRAFT)
        .values_list("window_start", "outcome", "impeded_result", "coordination_required", "late")
    )
    counts: dict[str, Counter] = {rules.iso_week(m): Counter() for m in mondays}
    for window_start, outcome, impeded_result, coordination, late in rows:
        week = counts[rules.iso_week(window_start)]
        week["notified"] += 1
        week["coordination_required"] += int(coordination)
        week["late"] += int(late)
        week[outcome or "pending"] += 1
        if impeded_result:
            week[f"impeded_{impeded_result}"] += 1
    out, previous_share = [], None
    for monday in mondays:
        c = counts[rules.iso_week(monday)]
        decided = sum(c[o] for o in SNAPSHOT_OUTCOMES)
        share = round(100 * c[Outcome.FACILITATED] / decided, 1) if decided else None
        trend: float | None = None
        if share is not None and previous_share is not None:
            trend = round(share - previous_share, 1)
        out.append(
            {
                "week": rules.iso_week(monday),
                "week_start": monday,
                "notified": c["notified"],
                "coordination_required": c["coordination_required"],
                "late": c["late"],
                "pending": c["pending"],
                **{o.value: c[o] for o in SNAPSHOT_OUTCOMES},
                "impeded_accomplished": c["impeded_accomplished"],
                "impeded_not_completed": c["impeded_not_completed"],
                "with_outcome": decided,
                "facilitated_share": share,
                "trend_points": trend,
            }
        )
        if share is not None:
            previous_share = share
    return out


# -- inputs of the deconfliction engine (every record: the centre checks them all) -------------


def engine_movements(
    *, start: dt.datetime, end: dt.datetime, include: set[uuid.UUID]
) -> list[MovementNotification]:
    """Notified movements live in ``[start, end)`` that take place (or may), plus ``include`` (drafts
    being checked)."""
    from .rules import NOT_TAKING_PLACE

    qs = access.visible(MovementNotification.objects.all(), ENGINE)
    live = (
        Q(window_start__lt=end, window_end__gt=start)
        & ~Q(status=MovementStatus.DRAFT)
        & ~Q(outcome__in=[o.value for o in NOT_TAKING_PLACE])
    )
    return list(qs.filter(live | Q(pk__in=include)).order_by("window_start", "id"))


def engine_zone_versions(*, start: dt.datetime, end: dt.datetime) -> list[ZoneVersion]:
    qs = access.visible(ZoneVersion.objects.select_related("zone"), ENGINE)
    live = Q(valid_from__lt=end) & (Q(valid_to__isnull=True) | Q(valid_to__gt=start))
    return list(qs.filter(live).order_by("zone_id", "version"))


def engine_sites(*, start: dt.datetime, end: dt.datetime) -> list[NotifiedSite]:
    qs = access.visible(NotifiedSite.objects.all(), ENGINE)
    live = Q(valid_from__lt=end, valid_until__gt=start) & (
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=start)
    )
    return list(qs.filter(live).order_by("id"))


def engine_subjects(*, ids: set[uuid.UUID]) -> list[MovementNotification]:
    return list(access.visible(MovementNotification.objects.filter(pk__in=ids), ENGINE).order_by("id"))


def open_movements_between(*, start: dt.datetime | None, end: dt.datetime | None) -> set[uuid.UUID]:
    """Drafts and notified movements without an outcome whose window meets ``[start, end)``: the ones a
    change of zone or site must be re-checked for."""
    qs = access.visible(MovementNotification.objects.all(), ENGINE).filter(
        status__in=[MovementStatus.DRAFT, MovementStatus.SUBMITTED]
    )
    if start is not None:
        qs = qs.filter(window_end__gt=start)
    if end is not None:
        qs = qs.filter(window_start__lt=end)
    return set(qs.values_list("pk", flat=True))


def movements_conflicting_with(*, movement_id: uuid.UUID) -> set[uuid.UUID]:
    qs = access.visible(MovementConflict.objects.all(), ENGINE).filter(other_movement_id=movement_id)
    return set(qs.values_list("movement_id", flat=True))


def transmissions_for_update(*, movement: MovementNotification) -> dict[uuid.UUID, Transmission]:
    qs = access.visible(Transmission.objects.filter(movement=movement), ENGINE)
    return {t.party_id: t for t in qs}
