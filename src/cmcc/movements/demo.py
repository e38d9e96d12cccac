"""Demo step: notified sites (real hospitals from OpenStreetMap), versioned zones, a month of movement
notifications with receipts, decisions, outcomes, checkpoint waits and access constraints.

Geography is real (the governorates, the crossings, OSM hospitals); the organisations' sites other than
the hospitals, the zones, every movement and every event are synthetic. Everything goes through the
services, deterministically for a given seed."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, box, mapping, shape

from cmcc.core import selectors as core_selectors
from cmcc.core.access import Actor, system_actor
from cmcc.core.scenario import Scenario

from . import selectors, services

DATA = Path(__file__).resolve().parent / "data"
OSM_SOURCE = "OpenStreetMap {osm_id} via HOT export 2024-05-31 (© OpenStreetMap contributors, ODbL 1.0)"

# The eastern edge of the Strip, north to south (from the governorate boundaries, simplified).
EAST_EDGE = [
    (34.568, 31.542),
    (34.554, 31.517),
    (34.511, 31.500),
    (34.478, 31.478),
    (34.381, 31.390),
    (34.366, 31.363),
    (34.374, 31.306),
    (34.367, 31.291),
    (34.343, 31.278),
    (34.327, 31.259),
    (34.293, 31.241),
    (34.268, 31.220),
]

PLACES: dict[str, tuple[float, float]] = {
    "Kerem Shalom crossing": (34.2706, 31.2225),
    "Rafah": (34.2500, 31.2900),
    "Al-Mawasi": (34.2620, 31.3480),
    "Khan Younis": (34.3000, 31.3450),
    "Deir Al-Balah warehouses": (34.3500, 31.4170),
    "Nuseirat": (34.3900, 31.4480),
    "Wadi Gaza bridge": (34.4020, 31.4590),
    "Gaza City": (34.4550, 31.5150),
    "Al-Shifa hospital": (34.4434, 31.5239),
    "Jabalia": (34.4950, 31.5350),
    "Beit Lahia": (34.5000, 31.5500),
    "Beit Hanoun": (34.5350, 31.5400),
}

# route template, organisations, purpose, sector, vehicles, cargo
ROUTES: list[tuple[list[str], list[str], str, str, int, str]] = [
    (
        ["Kerem Shalom crossing", "Rafah", "Khan Younis", "Deir Al-Balah warehouses"],
        ["wfp-logcluster", "food-bridge", "hope-convoys"],
        "collection_at_crossing",
        "food",
        12,
        "Food parcels and wheat flour collected at the crossing",
    ),
    (
        ["Deir Al-Balah warehouses", "Nuseirat", "Wadi Gaza bridge", "Gaza City"],
        ["wfp-logcluster", "relief-partners", "unicef"],
        "supply_delivery",
        "food",
        8,
        "Food parcels for distribution points in Gaza City",
    ),
    (
        ["Gaza City", "Jabalia", "Beit Lahia"],
        ["unicef", "relief-partners", "water-without-borders"],
        "distribution",
        "nutrition",
        4,
        "Nutrition supplies and hygiene kits",
    ),
    (
        ["Deir Al-Balah warehouses", "Wadi Gaza bridge", "Al-Shifa hospital"],
        ["who", "hope-convoys"],
        "fuel_delivery",
        "fuel",
        3,
        "Diesel for hospital generators",
    ),
    (
        ["Khan Younis", "Al-Mawasi"],
        ["relief-partners", "water-without-borders", "unicef"],
        "distribution",
        "wash",
        3,
        "Water trucking and hygiene kits",
    ),
    (
        ["Gaza City", "Jabalia", "Beit Hanoun"],
        ["un-ocha", "unmas", "water-without-borders"],
        "assessment",
        "multi_sector",
        2,
        "Inter-agency assessment team, no cargo",
    ),
    (
        ["Al-Shifa hospital", "Wadi Gaza bridge", "Deir Al-Balah warehouses", "Khan Younis"],
        ["who", "icrc-demo", "medical-aid-alliance"],
        "patient_evacuation",
        "health",
        2,
        "Ambulances with patients referred to southern hospitals",
    ),
    (
        ["Kerem Shalom crossing", "Khan Younis", "Al-Mawasi"],
        ["unicef", "relief-partners"],
        "collection_at_crossing",
        "shelter_nfi",
        10,
        "Tents and shelter kits collected at the crossing",
    ),
]

OTHER_SITES = [
    ("Logistics Cluster common warehouse", "warehouse", "wfp-logcluster", "Deir Al-Balah warehouses", 0.003),
    ("UN compound, guesthouse", "guesthouse", "un-ocha", "Deir Al-Balah warehouses", -0.004),
    ("Distribution point, Al-Mawasi", "distribution_point", "relief-partners", "Al-Mawasi", 0.002),
    ("Collective shelter, Khan Younis school", "shelter", "unicef", "Khan Younis", 0.004),
    ("Desalination plant", "water", "water-without-borders", "Deir Al-Balah warehouses", -0.012),
    ("Field office, Gaza City", "office", "icrc-demo", "Gaza City", -0.004),
]

CHECKPOINTS = [
    "Wadi Gaza checkpoint",
    "Salah al-Din road checkpoint",
    "Crossing holding area",
    "Coastal road checkpoint",
]

# outcome weights (OCHA categories) for movements that needed coordination, and for those that did not
OUTCOMES_COORDINATED = [
    ("facilitated", 50),
    ("partially_facilitated", 8),
    ("impeded", 22),
    ("cancelled", 6),
    ("postponed", 4),
]
OUTCOMES_FREE = [("facilitated", 85), ("cancelled", 8), ("postponed", 7)]

CONSTRAINTS: list[tuple[str, str, int]] = [
    ("restriction_of_movement", "checkpoint_delay", 14),
    ("restriction_of_movement", "route_order", 6),
    ("restriction_of_movement", "stopped_or_turned_back", 5),
    ("restriction_of_entry", "item_rejection", 6),
    ("restriction_of_entry", "crossing_closure", 3),
    ("restriction_of_entry", "registration_status", 2),
    ("violence_against_personnel", "looting_interception", 6),
    ("violence_against_personnel", "fired_upon", 2),
    ("interference", "", 3),
    ("military_operations", "evacuation_order", 3),
    ("explosive_hazards", "", 4),
    ("physical_environment", "road_damage", 5),
    ("restriction_of_population_access", "", 2),
]
# Movements reach the parties only as the packets transmitted to them (domain research §5: "notified
# sites and movements flow to parties only as notification packets"); the other members see them.
MOVEMENT_AUDIENCE = ["humanitarian", "military", "coordination", "observer"]
SECTORS = ["food", "health", "wash", "nutrition", "shelter_nfi", "fuel", "multi_sector", "logistics_telecom"]


def _strip() -> Any:
    areas = [shape(p.geometry).buffer(0.0005) for p in core_selectors.governorates() if p.geometry]
    return shapely.union_all(areas).buffer(-0.0005)


def _geojson(geom: Any) -> dict:
    geom = shapely.make_valid(geom.simplify(0.0003))
    if geom.geom_type == "GeometryCollection":
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    return json.loads(json.dumps(mapping(geom)))


def _line(geom: Any) -> dict:
    return json.loads(json.dumps(mapping(geom.simplify(0.0003))))


def _liaison(name: str) -> Actor:
    """Receipts and decisions in the demo are dated in the past, which only the system may do."""
    return system_actor(name)


def load(s: Scenario) -> None:
    rng = random.Random(f"{s.seed}-movements")
    org = dict(s.orgs)
    hospitals = _sites(s, org)
    _zones(s, org)
    movements = _movements(s, rng, org)
    _constraints(s, rng, org, movements)
    s.extra["movements"] = {"sites": hospitals, "movements": len(movements)}


# -- sites -------------------------------------------------------------------------------------


def _sites(s: Scenario, org: dict) -> int:
    data = json.loads((DATA / "hospitals.json").read_text(encoding="utf-8"))["hospitals"]
    now = s.at(s.days - 1, 12)
    for i, h in enumerate(data):
        if i % 6 == 5:
            until = now - dt.timedelta(days=2 + i % 3)  # lapsed: stale, still listed
        elif i % 6 == 4:
            until = now + dt.timedelta(days=3 + i % 3)  # expiring soon
        else:
            until = now + dt.timedelta(days=20 + i)
        services.site_create(
            actor=s.actor,
            owner_org_id=org["who"].pk,
            name=h["name_en"] or h["name"],
            name_ar=h["name_ar"],
            function="hospital",
            lon=h["lon"],
            lat=h["lat"],
            occupancy=None,
            valid_from=s.at(0, 8),
            valid_until=until,
            source=OSM_SOURCE.format(osm_id=h["osm_id"]),
            osm_id=h["osm_id"],
            releasability="cmcc",
            at=s.at(0, 8),
        )
    for n, (name, function, owner, place, shift) in enumerate(OTHER_SITES):
        lon, lat = PLACES[place]
        services.site_create(
            actor=s.actor,
            owner_org_id=org[owner].pk,
            name=name,
            function=function,
            lon=round(lon + shift, 5),
            lat=round(lat + shift / 2, 5),
            occupancy=[40, 25, None, 1800, None, 30][n],
            valid_from=s.at(1 + n, 9),
            valid_until=s.at(1 + n, 9) + dt.timedelta(days=30),
            source="Notified by the organisation (synthetic)",
            releasability="cmcc",
            at=s.at(1 + n, 9),
        )
    return len(data)


# -- zones -------------------------------------------------------------------------------------


def _zones(s: Scenario, org: dict) -> None:
    strip, edge = _strip(), LineString(EAST_EDGE)
    staff = org["cmcc-staff"].pk
    common = {"actor": s.actor, "owner_org_id": staff, "releasability": "cmcc"}
    buffer_zone = services.zone_create(
        name="Eastern restricted buffer",
        kind="restricted",
        authority=org["party-a"],
        geometry=_geojson(strip.intersection(edge.buffer(0.014))),
        valid_from=s.at(0, 0),
        source="Map shared by Party A at the coordination meeting (synthetic)",
        description="Band along the eastern perimeter; movement inside needs coordination.",
        **common,
    )
    services.zone_version_add(
        actor=s.actor,
        zone=buffer_zone,
        geometry=_geojson(strip.intersection(edge.buffer(0.008))),
        valid_from=s.at(12, 0),
        source="Revised map after the second phase of withdrawal (synthetic)",
        note="Band narrowed from about 1.4 km to about 0.8 km.",
    )
    line = services.zone_create(
        name="Line of withdrawal",
        kind="line",
        authority=org["party-a"],
        geometry=_line(strip.intersection(edge.offset_curve(-0.03))),
        valid_from=s.at(0, 0),
        source="Ceasefire arrangement annex map (synthetic)",
        description="Crossing this line needs coordination.",
        **common,
    )
    services.zone_version_add(
        actor=s.actor,
        zone=line,
        geometry=_line(strip.intersection(edge.offset_curve(-0.022))),
        valid_from=s.at(15, 0),
        source="Updated annex map (synthetic)",
        note="Line moved east after the withdrawal of day 15.",
    )
    for name, kind, authority, area, start, source in (
        (
            "Northern coordination area",
            "coordination_required",
            "party-a",
            (34.515, 31.525, 34.57, 31.565),
            0,
            "Party A notice (synthetic)",
        ),
        (
            "Rafah coordination area",
            "coordination_required",
            "party-b",
            (34.22, 31.22, 34.285, 31.30),
            5,
            "Party B notice (synthetic)",
        ),
        (
            "Suspected UXO, east Khan Younis",
            "advisory",
            "party-b",
            (34.315, 31.33, 34.35, 31.36),
            3,
            "Mine action survey (synthetic)",
        ),
    ):
        services.zone_create(
            name=name,
            kind=kind,
            authority=org[authority],
            geometry=_geojson(strip.intersection(box(*area))),
            valid_from=s.at(start, 0),
            source=source,
            **common,
        )
    services.zone_create(
        name="Planned restricted area, Shuja'iyya",
        kind="restricted",
        authority=org["party-a"],
        geometry=_geojson(strip.intersection(box(34.47, 31.49, 34.50, 31.515))),
        valid_from=s.at(s.days - 1 + 7, 0),
        source="Announced by Party A for next week (synthetic)",
        description="In force only from next week: routes through it need coordination from then on.",
        **common,
    )


# -- movements ---------------------------------------------------------------------------------


def _route(rng: random.Random, names: list[str]) -> list[dict]:
    points = []
    for i, name in enumerate(names):
        lon, lat = PLACES[name]
        if 0 < i < len(names) - 1:
            lon, lat = lon + rng.uniform(-0.0015, 0.0015), lat + rng.uniform(-0.0015, 0.0015)
        points.append({"lon": round(lon, 5), "lat": round(lat, 5), "name": name})
    return points


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _consignments(org: Any) -> list:
    try:
        from cmcc.logistics import selectors as logistics  # type: ignore[attr-defined]
    except ImportError:
        return []
    listing = getattr(logistics, "consignment_list", None)
    if listing is None:
        return []
    return list(listing(actor=system_actor(), owner_org_id=org.pk)[:20])


def _movements(s: Scenario, rng: random.Random, org: dict) -> list:
    now = s.at(s.days - 1, 12)
    plans = []
    for day in range(1, s.days + 3):
        for _ in range(rng.choice([2, 3, 3, 4])):
            template = rng.randrange(len(ROUTES))
            start = s.at(day, rng.choice([6, 7, 8, 9, 10, 11, 13]), rng.choice([0, 30]))
            plans.append((start, template))
    plans.sort()
    made = []
    consignments: dict[str, list] = {}
    for n, (start, template) in enumerate(plans):
        names, owners, purpose, sector, vehicles, cargo = ROUTES[template]
        owner = org[owners[n % len(owners)]]
        emergency = purpose == "patient_evacuation" and rng.random() < 0.6
        lead = rng.choice([6, 12, 20] if emergency else [30, 50, 60, 72, 96])
        submitted = min(start - dt.timedelta(hours=lead), now - dt.timedelta(hours=1))
        submitted = max(submitted, s.at(0, 8))
        linked = None
        if purpose == "collection_at_crossing":
            pool = consignments.setdefault(owner.slug, _consignments(owner))
            linked = pool.pop(0).pk if pool else None
        draft = start > now and rng.random() < 0.08
        movement = services.movement_create(
            actor=s.actor,
            owner_org_id=owner.pk,
            purpose=purpose,
            sector=sector,
            waypoints=_route(rng, names),
            window_start=start,
            window_end=start + dt.timedelta(hours=rng.choice([3, 4, 5, 6, 8])),
            vehicle_count=max(1, vehicles + rng.randint(-2, 3)),
            vehicles=f"{vehicles} trucks with organisation markings"
            if vehicles > 3
            else "Marked light vehicles",
            personnel_count=rng.randint(2, 12),
            cargo_summary=cargo,
            emergency=emergency,
            consignment_id=linked,
            partner_orgs=[org[owners[(n + 1) % len(owners)]]] if rng.random() < 0.2 else [],
            releasability="named",
            shared_with=MOVEMENT_AUDIENCE,
            submit=not draft,
            at=submitted,
        )
        if draft:
            continue
        if purpose == "patient_evacuation":
            _people(s, rng, movement)
        _parties(s, rng, movement, now)
        made.append(movement)
    for movement in made:
        if movement.window_end < now:
            _outcome(s, rng, movement, now)
    return made


def _people(s: Scenario, rng: random.Random, movement: Any) -> None:
    from cmcc.partners.demo import FIRST, LAST

    for role in ("patient", "companion", "staff"):
        services.person_add(
            actor=s.actor,
            movement=movement,
            role=role,
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            organisation_name="" if role != "staff" else movement.owner_org.name,
            note="Synthetic person (demo)",
        )


def _parties(s: Scenario, rng: random.Random, movement: Any, now: dt.datetime) -> None:
    for tx in selectors.transmission_list(actor=s.actor, movement_id=movement.pk):
        liaison = _liaison("Liaison Officer A" if tx.party.slug == "party-a" else "Liaison Officer B")
        received = tx.sent_at + dt.timedelta(hours=rng.uniform(0.3, 6))
        if received > now or rng.random() < 0.06:
            if movement.window_start < now:
                services.transmission_decide(
                    actor=s.actor,
                    transmission=tx,
                    kind="no_response",
                    note="No confirmation of receipt and no answer before the window opened.",
                    at=movement.window_start,
                )
            continue  # not yet (or never) confirmed received
        services.transmission_receive(actor=liaison, transmission=tx, at=received)
        decided = received + dt.timedelta(hours=rng.uniform(0.5, 10))
        if decided > now or decided > movement.window_start + dt.timedelta(hours=1):
            if movement.window_start < now and rng.random() < 0.5:
                services.transmission_decide(
                    actor=s.actor,
                    transmission=tx,
                    kind="no_response",
                    note="No answer before the window opened.",
                    at=movement.window_start,
                )
            continue
        kind = _weighted(rng, [("approved", 72), ("approved_with_changes", 12), ("denied", 10)])
        changes: dict[str, Any] = {}
        if kind == "approved_with_changes":
            shift = dt.timedelta(hours=rng.choice([2, 3, 4]))
            changes = {
                "changed_window_start": movement.window_start + shift,
                "changed_window_end": movement.window_end + shift,
            }
        services.transmission_decide(
            actor=liaison,
            transmission=tx,
            kind=kind,
            note={
                "denied": "Area active; request again tomorrow.",
                "approved_with_changes": "Later start.",
            }.get(kind, ""),
            at=decided,
            **changes,
        )


def _outcome(s: Scenario, rng: random.Random, movement: Any, now: dt.datetime) -> None:
    movement.refresh_from_db()
    if movement.clearance == "denied":
        outcome = "denied"
    else:
        outcome = _weighted(rng, OUTCOMES_COORDINATED if movement.coordination_required else OUTCOMES_FREE)
    result, departed, completed = "", None, None
    if outcome in ("facilitated", "partially_facilitated", "impeded"):
        departed = movement.window_start + dt.timedelta(minutes=rng.randint(0, 60))
        waits = []
        for k in range(1 if outcome == "facilitated" else rng.choice([1, 2])):
            arrived = departed + dt.timedelta(hours=0.5 + k * 1.5)
            wait = rng.uniform(0.2, 1.5) if outcome == "facilitated" else rng.uniform(2, 10)
            waits.append(wait)
            services.checkpoint_event_add(
                actor=s.actor,
                movement=movement,
                checkpoint=rng.choice(CHECKPOINTS),
                arrived_at=arrived,
                departed_at=arrived + dt.timedelta(hours=round(wait, 2)),
            )
        if outcome == "impeded":
            result = "accomplished" if rng.random() < 0.45 else "not_completed"
        if outcome != "impeded" or result == "accomplished":
            completed = departed + dt.timedelta(hours=sum(waits) + rng.uniform(1, 4))
    note = {
        "impeded": "Held at a checkpoint; clearance to proceed came late.",
        "partially_facilitated": "Part of the convoy turned back.",
        "cancelled": "Cancelled by the organiser for security reasons.",
        "postponed": "Postponed: trucks not ready.",
        "denied": "Denied by the party concerned.",
    }.get(outcome, "")
    services.movement_record_outcome(
        actor=s.actor,
        movement=movement,
        outcome=outcome,
        impeded_result=result,
        departed_at=departed,
        completed_at=completed if completed is None or completed < now else None,
        note=note,
        at=min(movement.window_end + dt.timedelta(hours=2), now),
    )


# -- access constraints ------------------------------------------------------------------------


def _constraints(s: Scenario, rng: random.Random, org: dict, movements: list) -> None:
    impeded = list(
        selectors.movement_list(actor=s.actor, outcome="impeded").order_by("window_start", "reference")
    )
    ocha = org["un-ocha"]
    for category, detail, count in CONSTRAINTS:
        for k in range(count):
            day = rng.randrange(0, s.days)
            place = rng.choice(list(PLACES))
            lon, lat = PLACES[place]
            movement = None
            if detail in ("checkpoint_delay", "stopped_or_turned_back", "fired_upon") and impeded:
                movement = impeded[(k * 7 + len(detail)) % len(impeded)]
            services.constraint_create(
                actor=s.actor,
                owner_org_id=(movement.owner_org_id if movement else ocha.pk),
                occurred_at=(movement.window_start + dt.timedelta(hours=1))
                if movement
                else s.at(day, rng.randint(6, 18)),
                category=category,
                detail=detail,
                sector=movement.sector if movement else rng.choice(SECTORS),
                description=_describe(category, detail, place),
                location_name=place,
                lon=round(lon + rng.uniform(-0.003, 0.003), 5),
                lat=round(lat + rng.uniform(-0.003, 0.003), 5),
                movement=movement,
                releasability="cmcc" if movement is None or k % 3 else "community",
            )


def _describe(category: str, detail: str, place: str) -> str:
    texts = {
        "checkpoint_delay": f"Convoy held at a checkpoint near {place} for several hours before clearance.",
        "route_order": f"Convoy ordered onto an alternative route near {place}.",
        "stopped_or_turned_back": f"Convoy stopped and turned back near {place}.",
        "item_rejection": "Items rejected at screening: generators and water pumps.",
        "crossing_closure": "Crossing closed for the day without prior notice.",
        "registration_status": "Organisation's registration not renewed; staff could not enter.",
        "looting_interception": f"Trucks intercepted and partly unloaded near {place}.",
        "fired_upon": f"Warning shots fired near the convoy route close to {place}.",
        "evacuation_order": f"Evacuation order covering a health facility near {place}.",
        "road_damage": f"Road impassable after damage near {place}; detour of two hours.",
    }
    generic = {
        "interference": f"Demands to change the list of beneficiaries' areas near {place}.",
        "explosive_hazards": f"Suspected unexploded ordnance on the road near {place}; route closed for clearance.",
        "restriction_of_population_access": f"Residents unable to reach the distribution point near {place}.",
    }
    return texts.get(detail) or generic.get(category, f"Access constraint near {place}.")
