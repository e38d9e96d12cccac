"""Demo step: a month of consignments on the demo scenario — the full funnel, rejections and
appeals decided by a party's liaison, refusals at inspection, interceptions, a target cut and
its restoration, crossing status changes, and conflicting figures from three sources.

Everything here is synthetic and says so in its source. The bulk of the month goes through the
bulk import service (as a partner's tracker would be imported); a smaller set goes step by step
through the lifecycle services, so every decision records who took it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from cmcc.core.access import actor_for_user
from cmcc.core.scenario import Scenario

from . import selectors, services
from .bulk.parsing import ImportReport, ParsedConsignment, ParsedLine
from .choices import Status

SOURCE = "Synthetic demo scenario"

# code, name, sector, unit, kg per unit, (dual-use from day, list) or None
ITEMS = [
    ("FLOUR-25", "Wheat flour, 25 kg bag", "FOOD", "bag", 25, None),
    ("FOOD-PARCEL", "Family food parcel", "FOOD", "carton", 18, None),
    ("RUTF", "Ready-to-use therapeutic food, carton", "NUTRITION", "carton", 14, None),
    ("HYG-KIT", "Family hygiene kit", "WASH", "kit", 9, None),
    ("WATER-TANK", "Water tank, 2,000 l", "WASH", "piece", 45, None),
    ("TENT-FAM", "Family tent", "SHELTER_NFI", "piece", 38, None),
    ("TARP", "Tarpaulin, 4 × 6 m", "SHELTER_NFI", "piece", 4, None),
    ("MED-KIT", "Emergency health kit", "HEALTH", "kit", 60, None),
    ("SEEDS", "Vegetable seed kit", "AGRICULTURE", "kit", 2, None),
    ("DIESEL", "Diesel, litre", "FUEL", "litre", 0.84, None),
    ("LPG-12", "Cooking gas cylinder, 12 kg", "COOKING_GAS", "piece", 27, None),
    (
        "GEN-50",
        "Generator, 50 kVA",
        "LOGISTICS_TELECOM",
        "piece",
        900,
        (9, "Reclassified after a refusal (synthetic list update)"),
    ),
    (
        "SOLAR-PNL",
        "Solar panel, 400 W",
        "SHELTER_NFI",
        "piece",
        22,
        (0, "Dual-use list (synthetic copy for the demo)"),
    ),
]

# owner slug, channel, corridor, origin hub, weight of the mix (items), share of the month's consignments
SENDERS = [
    ("wfp-logcluster", "un2720", "egypt", "al_arish", ["FLOUR-25", "FOOD-PARCEL", "DIESEL"], 0.24),
    ("unicef", "un2720", "jordan", "jordan", ["RUTF", "HYG-KIT", "WATER-TANK"], 0.12),
    ("who", "un2720", "cyprus", "cyprus", ["MED-KIT"], 0.07),
    ("relief-partners", "un2720", "egypt", "al_arish", ["TENT-FAM", "TARP", "FOOD-PARCEL"], 0.12),
    ("food-bridge", "commercial", "israel", "israel", ["FLOUR-25", "FOOD-PARCEL", "LPG-12"], 0.12),
    ("crescent-society", "bilateral", "egypt", "al_arish", ["FOOD-PARCEL", "MED-KIT", "TARP"], 0.15),
    ("hope-convoys", "un2720", "jordan", "jordan", ["DIESEL", "LPG-12", "GEN-50"], 0.08),
    ("shelter-now", "un2720", "west-bank", "west_bank", ["TENT-FAM", "SOLAR-PNL", "TARP"], 0.05),
    ("medical-aid-alliance", "bilateral", "cyprus", "cyprus", ["MED-KIT", "GEN-50"], 0.05),
]
DESTINATIONS = [
    ("Deir al-Balah warehouse", "PS0265"),
    ("Khan Younis distribution point", "PS0270"),
    ("Gaza City community kitchen", "PS0260"),
    ("Jabalia shelter", "PS0255"),
    ("Rafah health centre", "PS0275"),
]
PER_DAY = 26  # bulk consignments per day
STEPWISE = 45  # consignments taken step by step through the services


def load(s: Scenario) -> None:
    _reference(s)
    items = _items(s)
    _bulk_month(s, items)
    _stepwise(s, items)
    _figures(s)


def _at(s: Scenario, day: int, hour: float) -> dt.datetime:
    base = s.at(0, 0) + dt.timedelta(days=day, hours=hour)
    return min(base, timezone.now() - dt.timedelta(minutes=5))


def _reference(s: Scenario) -> None:
    actor = s.actor
    crossing = {c.slug: c for c in selectors.crossing_list()}
    for slug, day, status, reason, hours in [
        (
            "kerem-shalom",
            0,
            "open",
            "Open for humanitarian and commercial goods",
            "08:00–16:00, Sunday–Thursday",
        ),
        ("zikim", 0, "closed", "Closed; no goods crossing in the north", ""),
        ("kissufim", 3, "open", "Opened for aid trucks towards the middle area", "08:00–14:00"),
        (
            "kerem-shalom",
            12,
            "restricted",
            "Reduced hours after a security incident near the inspection zone",
            "10:00–13:00",
        ),
        ("kerem-shalom", 14, "open", "Normal hours resumed", "08:00–16:00, Sunday–Thursday"),
        (
            "zikim",
            10,
            "open",
            "Reopened for UN-coordinated goods; transfer to Gaza trucks the next day",
            "09:00–13:00",
        ),
    ]:
        services.crossing_status_record(
            actor=actor,
            crossing=crossing[slug],
            status=status,
            effective_from=s.day(day),
            reason=reason,
            hours=hours,
            source=SOURCE,
        )
    for slug, trucks, lanes in [("kerem-shalom", 400, 4), ("kissufim", 120, 1), ("zikim", 100, 1)]:
        services.crossing_capacity_record(
            actor=actor,
            crossing=crossing[slug],
            effective_from=s.day(0),
            trucks_per_day=trucks,
            screening_lanes=lanes,
            source=SOURCE,
            note="Synthetic figure for the demo",
        )
    for day, value, set_by, reason in [
        (
            0,
            600,
            "Ceasefire arrangements (demo)",
            "The month opens with the agreed daily figure (synthetic).",
        ),
        (
            6,
            300,
            "Party A – Coordination Authority (demo)",
            "Cut announced over delays in a commitment of the other party (synthetic).",
        ),
        (
            16,
            600,
            "Party A – Coordination Authority (demo)",
            "Restored after the commitment was met (synthetic).",
        ),
    ]:
        services.target_revise(
            actor=actor,
            code="trucks-per-day",
            value=value,
            effective_from=s.day(day),
            set_by=set_by,
            reason=reason,
            source=SOURCE,
        )


def _items(s: Scenario) -> dict:
    items = {}
    for code, name, sector, unit, kg, dual in ITEMS:
        item = services.item_create(
            actor=s.actor, code=code, name=name, sector=sector, default_unit=unit, unit_weight_kg=kg
        )
        if dual is not None:
            day, source_list = dual
            if day > 0:
                services.item_classify(
                    actor=s.actor,
                    item=item,
                    dual_use=False,
                    restricted=False,
                    effective_from=s.day(0),
                    source_list="Not listed (synthetic)",
                )
            services.item_classify(
                actor=s.actor,
                item=item,
                dual_use=True,
                restricted=False,
                effective_from=s.day(day),
                source_list=source_list,
            )
        items[code] = item
    return items


def _lines(s: Scenario, items: dict, mix: list[str], trucks: int) -> list[dict]:
    lines = []
    for code in s.rng.sample(mix, k=min(len(mix), s.rng.randint(1, 3))):
        item = items[code]
        per_truck_kg = 14000 if item.sector_id not in ("FUEL",) else 30000
        kg = per_truck_kg * trucks * s.rng.uniform(0.25, 0.6)
        quantity = max(1, round(kg / item.unit_weight_kg))
        lines.append(
            {
                "item": item,
                "quantity": quantity,
                "weight_kg": round(quantity * item.unit_weight_kg, 1),
                "pallets": 0 if item.default_unit == "litre" else max(1, round(kg / 800)),
            }
        )
    return lines


def _bulk_month(s: Scenario, items: dict) -> None:
    """The month's flow, as partners' trackers would be imported: each consignment carries the
    times it reached each stage; recent ones are still on the way."""
    orgs = s.orgs
    crossing_ids = {c.slug: c.pk for c in selectors.crossing_list()}
    corridor_ids = {c.slug: c.pk for c in selectors.corridors()}
    groups: dict[tuple, list[ParsedConsignment]] = defaultdict(list)
    weights = [w for *_, w in SENDERS]
    releasabilities = ["cmcc"] * 7 + ["community"] * 2 + ["org"]
    for day in range(s.days):
        for i in range(PER_DAY):
            owner, channel, corridor, hub, mix, _ = s.rng.choices(SENDERS, weights)[0]
            if orgs[owner].membership_status != "active":
                continue
            trucks = s.rng.randint(2, 12)
            lines = _lines(s, items, mix, trucks)
            crossing = _crossing_for(s, day)
            start = _at(s, day, s.rng.uniform(6, 10))
            stamps, status, interception = _journey(s, day, start)
            if stamps is None:
                continue
            destination, pcode = s.rng.choice(DESTINATIONS)
            parsed = ParsedConsignment(
                row=0,
                reference=f"{owner[:8].upper()}-{s.day(day):%m%d}-{i:02d}",
                sender_name=orgs[owner].name,
                sender_org_id=orgs[owner].pk,
                channel=channel,
                corridor_id=corridor_ids[corridor],
                origin_hub=hub,
                planned_crossing_id=crossing_ids[crossing],
                planned_date=s.day(day),
                crossing_id=crossing_ids[crossing] if stamps.get("manifested_at") else None,
                destination=destination,
                destination_pcode=pcode,
                consignee_name=destination,
                trucks=trucks,
                status=status,
                interception=interception,
                stamps=stamps,
                registered_at=start,
                lines=[
                    ParsedLine(
                        description=ln["item"].name,
                        sector=ln["item"].sector_id,
                        quantity=ln["quantity"],
                        unit=ln["item"].default_unit,
                        weight_kg=ln["weight_kg"],
                        pallets=ln["pallets"],
                        item_id=ln["item"].pk,
                    )
                    for ln in lines
                ],
            )
            groups[(owner, s.rng.choice(releasabilities))].append(parsed)
    for (owner, releasability), batch in sorted(groups.items()):
        services.consignments_import(
            actor=s.actor,
            parsed=batch,
            report=ImportReport(format="cmcc", rows=len(batch)),
            filename=f"demo tracker {owner}",
            format="cmcc",
            sha256="",
            releasability=releasability,
            owner_org_id=s.orgs[owner].pk,
        )


def _crossing_for(s: Scenario, day: int) -> str:
    options = (
        ["kerem-shalom"] * 6 + (["kissufim"] * 2 if day >= 3 else []) + (["zikim"] * 2 if day >= 10 else [])
    )
    return s.rng.choice(options)


def _journey(s: Scenario, day: int, start: dt.datetime):
    """Stage times of one consignment registered on ``day`` (None: none of it happened yet)."""
    now = timezone.now()
    hours = 0.0
    stamps: dict[str, dt.datetime | None] = {}
    status = Status.REGISTERED
    plan = [
        ("requested_at", Status.CLEARANCE_REQUESTED, (1, 4), 1.0),
        ("approved_at", Status.APPROVED, (12, 60), 1.0),  # refusals come from the step-by-step set
        ("manifested_at", Status.MANIFESTED, (12, 48), 0.95),
        ("entered_at", Status.INSPECTED, (3, 10), 0.9),
        ("offloaded_at", Status.OFFLOADED, (1, 5), 0.98),
        ("collected_at", Status.COLLECTED, (4, 40), 0.85),
    ]
    for column, reached, (lo, hi), chance in plan:
        hours += s.rng.uniform(lo, hi)
        at = start + dt.timedelta(hours=hours)
        if at > now or s.rng.random() > chance:
            return (stamps, status, "") if stamps or at <= now else (None, status, "")
        stamps[column] = at
        status = reached
    hours += s.rng.uniform(2, 10)
    at = start + dt.timedelta(hours=hours)
    if at > now:
        return stamps, Status.IN_TRANSIT, ""
    if s.rng.random() < 0.12:
        stamps["intercepted_at"] = at
        return stamps, Status.INTERCEPTED, s.rng.choice(["peaceful", "peaceful", "armed"])
    stamps["delivered_at"] = at
    hours += s.rng.uniform(6, 72)
    at = start + dt.timedelta(hours=hours)
    if at <= now and s.rng.random() < 0.8:
        stamps["distributed_at"] = at
        return stamps, Status.DISTRIBUTED, ""
    return stamps, Status.REACHED_DESTINATION, ""


def _stepwise(s: Scenario, items: dict) -> None:
    """Consignments taken through clearance by the Party A liaison, step by step: approvals,
    partial approvals, rejections with reason codes, appeals, refusals at inspection and
    interceptions — each step recorded with who and when."""
    liaison = actor_for_user(s.users["party-a"])
    authority = s.orgs["party-a"]
    registrations = {r.org_id: r.status for r in _registrations(s)}
    crossings = {c.slug: c for c in selectors.crossing_list()}
    corridors = {c.slug: c for c in selectors.corridors()}
    weights = [w for *_, w in SENDERS]
    for n in range(STEPWISE):
        owner, channel, corridor, hub, mix, _ = s.rng.choices(SENDERS, weights)[0]
        org = s.orgs[owner]
        day = 2 + (n * (s.days - 4)) // STEPWISE
        t = _at(s, day, 7 + s.rng.uniform(0, 2))
        trucks = s.rng.randint(1, 6)
        lines = _lines(s, items, mix + (["GEN-50", "SOLAR-PNL"] if s.rng.random() < 0.25 else []), trucks)
        destination, pcode = s.rng.choice(DESTINATIONS)
        c = services.consignment_create(
            actor=s.actor,
            owner_org_id=org.pk,
            reference=f"SRF-{s.day(day):%Y%m%d}-{n:03d}",
            sender_org=org,
            channel=channel,
            corridor=corridors[corridor],
            origin_hub=hub,
            planned_crossing=crossings[_crossing_for(s, day)],
            planned_date=s.day(min(day + 2, s.days - 1)),
            destination=destination,
            destination_pcode=pcode,
            consignee_name=destination,
            trucks=trucks,
            lines=lines,
            releasability="cmcc" if n % 5 else "community",
            occurred_at=t,
            data_source="demo",
        )
        request = services.clearance_request_create(
            actor=s.actor,
            consignment=c,
            authority=authority,
            occurred_at=t + dt.timedelta(hours=1),
            justification="Humanitarian cargo for the demo month",
        )
        decided_at = t + dt.timedelta(hours=s.rng.uniform(10, 50))
        if decided_at > timezone.now():
            continue  # still pending: shows in the liaison's inbox
        unregistered = registrations.get(org.pk) in ("rejected", "pending")
        dual = [ln for ln in c.lines.all() if ln.dual_use]
        if unregistered and s.rng.random() < 0.8:
            request = services.clearance_decide(
                actor=liaison,
                request=request,
                decision="reject",
                reason="not_authorized_org",
                note="The organisation is not registered with the authority.",
                occurred_at=decided_at,
            )
        elif dual and len(dual) < c.line_count:
            request = services.clearance_decide(
                actor=liaison,
                request=request,
                decision="approve",
                occurred_at=decided_at,
                lines=[{"line_id": ln.pk, "decision": "reject", "reason": "dual_use"} for ln in dual],
            )
        elif dual or s.rng.random() < 0.12:
            reason = (
                "dual_use" if dual else s.rng.choice(["documentation", "outside_humanitarian_scope", "other"])
            )
            request = services.clearance_decide(
                actor=liaison,
                request=request,
                decision="reject",
                reason=reason,
                occurred_at=decided_at,
                note="" if reason != "other" else "Driver list not received",
            )
        else:
            request = services.clearance_decide(
                actor=liaison, request=request, decision="approve", occurred_at=decided_at
            )
        c.refresh_from_db()
        t = decided_at
        if c.status == Status.REJECTED:
            t += dt.timedelta(hours=s.rng.uniform(4, 24))
            if t > timezone.now() or s.rng.random() < 0.4:
                continue
            appeal = services.clearance_request_create(
                actor=s.actor,
                consignment=c,
                authority=authority,
                appeal=True,
                occurred_at=t,
                justification="Registration renewed; documents attached"
                if request.reason_id == "not_authorized_org"
                else "Items are for a hospital generator room; end-use monitoring offered",
            )
            t += dt.timedelta(hours=s.rng.uniform(12, 48))
            if t > timezone.now():
                continue
            outcome = "approve" if s.rng.random() < 0.6 else "reject"
            services.clearance_decide(
                actor=liaison,
                request=appeal,
                decision=outcome,
                occurred_at=t,
                reason="" if outcome == "approve" else (request.reason_id or "other"),
            )
            c.refresh_from_db()
            if c.status != Status.APPROVED:
                continue
        _move(s, c, t, crossings)


def _move(s: Scenario, c, t: dt.datetime, crossings: dict) -> None:
    """Take an approved consignment on as far as the scenario's clock allows."""
    steps = [
        ("manifest", (6, 30)),
        ("arrive", (1, 4)),
        ("inspect", (2, 6)),
        ("offload", (1, 3)),
        ("await_collection", (0.5, 2)),
        ("collect", (6, 48)),
        ("depart", (0.5, 2)),
        ("reach_destination", (2, 8)),
        ("warehouse", (1, 6)),
        ("distribute", (12, 72)),
    ]
    for event, (lo, hi) in steps:
        t += dt.timedelta(hours=s.rng.uniform(lo, hi))
        if t > timezone.now():
            return
        kwargs: dict = {}
        if event == "manifest":
            kwargs["crossing"] = c.planned_crossing or crossings["kerem-shalom"]
        if event == "manifest" and s.rng.random() < 0.1:
            c = services.consignment_transition(
                actor=s.actor, consignment=c, event="manifest", occurred_at=t, **kwargs
            )
            t += dt.timedelta(hours=8)
            if t > timezone.now():
                return
            c = services.consignment_transition(
                actor=s.actor,
                consignment=c,
                event="postpone",
                occurred_at=t,
                note="Not called forward before closing time",
            )
            t += dt.timedelta(hours=16)
            if t > timezone.now():
                return
        if event == "inspect":
            lines = [ln for ln in c.lines.all() if ln.clearance != "rejected"]
            if len(lines) > 1 and s.rng.random() < 0.15:
                kwargs["line_results"] = [
                    {
                        "line_id": lines[-1].pk,
                        "result": "refused",
                        "note": "Returned: packaging not as declared",
                    }
                ]
        if event == "reach_destination" and s.rng.random() < 0.12:
            services.consignment_transition(
                actor=s.actor,
                consignment=c,
                event="intercept",
                occurred_at=t,
                interception=s.rng.choice(["peaceful", "armed"]),
                note="Stopped on the coastal road",
            )
            return
        c = services.consignment_transition(
            actor=s.actor, consignment=c, event=event, occurred_at=t, **kwargs
        )


def _registrations(s: Scenario):
    from cmcc.partners.selectors import registration_list

    return list(registration_list(actor=s.actor))


def _figures(s: Scenario) -> None:
    """Three sources' truck counts for the same days, side by side with the platform's count."""
    from cmcc.core.access import system_actor

    viewer = system_actor("demo figures")
    sources = [
        (
            "party-a",
            "Party A – Coordination Authority",
            "all",
            "entered",
            1.6,
            "Trucks that passed inspection, all channels including commercial",
            "public",
        ),
        (
            "unops-2720",
            "UN 2720 mechanism dashboard",
            "un2720",
            "offloaded",
            0.6,
            "UN-coordinated trucks offloaded, per the dashboard",
            "cmcc",
        ),
        (
            "party-b",
            "Party B – Civil Liaison Office",
            "humanitarian",
            "collected",
            0.35,
            "Trucks received inside, excluding commercial",
            "public",
        ),
    ]
    for day in range(max(0, s.days - 12), s.days - 1):
        date = s.day(day)
        for slug, name, channel, stage, factor, method, releasability in sources:
            org = s.orgs[slug]
            if org.membership_status != "active":
                continue
            base = selectors.platform_count(
                actor=viewer, stage="entered", unit="truck", start=date, end=date, channel="all"
            )
            value = round(base["value"] * factor * s.rng.uniform(0.9, 1.1))
            services.figure_create(
                actor=s.actor,
                owner_org_id=org.pk,
                source_name=name,
                source_org=org,
                channel=channel,
                stage=stage,
                unit="truck",
                value=value,
                period_start=date,
                method=method,
                stated_on=date + dt.timedelta(days=1),
                releasability=releasability,
                note="Synthetic figure for the demo",
            )
    first, last = s.day(max(0, s.days - 12)), s.day(s.days - 2)
    base = selectors.platform_count(actor=viewer, stage="entered", unit="truck", start=first, end=last)
    services.figure_create(
        actor=s.actor,
        owner_org_id=s.orgs["party-b"].pk,
        source_name="Party B – Civil Liaison Office",
        source_org=s.orgs["party-b"],
        channel="all",
        stage="entered",
        unit="truck",
        basis="daily_average",
        value=round(base["value"] / ((last - first).days + 1) * 0.5),
        period_start=first,
        period_end=last,
        method="Average per day stated at a press conference",
        releasability="public",
        note="Synthetic figure for the demo",
    )
