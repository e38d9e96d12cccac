"""Map layers (GeoJSON, RFC 7946) and the HXL-tagged CSV of movement outcomes. Built from records the
caller already read through the selectors, so every layer and export is filtered by access."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from cmcc.core import geo

from . import deconfliction, rules
from .models import MovementNotification, NotifiedSite, ZoneVersion

OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL 1.0) for sites taken from OpenStreetMap"


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def zones_geojson(versions: Iterable[ZoneVersion], at: dt.datetime) -> dict:
    features = [
        geo.feature(
            v.geometry,
            {
                "zone_id": str(v.zone_id),
                "name": v.zone.name,
                "kind": v.zone.kind,
                "kind_label": v.zone.get_kind_display(),
                "coordination_required": v.zone.kind in deconfliction.COORDINATION_KINDS,
                "authority": v.zone.authority.name,
                "version": v.version,
                "valid_from": _iso(v.valid_from),
                "valid_to": _iso(v.valid_to),
                "source": v.source,
            },
            f"{v.zone_id}:{v.version}",
        )
        for v in versions
    ]
    return geo.feature_collection(features, at=at.isoformat())


def sites_geojson(sites: Iterable[NotifiedSite], states: dict) -> dict:
    features = []
    osm = False
    for s in sites:
        osm = osm or bool(s.osm_id)
        features.append(
            geo.feature(
                s.geometry,
                {
                    "id": str(s.pk),
                    "name": s.name,
                    "name_ar": s.name_ar,
                    "function": s.function,
                    "function_label": s.get_function_display(),
                    "state": states[s.pk],
                    "state_label": str(rules.SITE_STATE_LABELS[states[s.pk]]),
                    "valid_until": _iso(s.valid_until),
                    "owner": s.owner_org.name,
                    "governorate_pcode": s.governorate_pcode,
                    "source": s.source,
                    "osm_id": s.osm_id,
                },
                str(s.pk),
            )
        )
    members = {"attribution": OSM_ATTRIBUTION} if osm else {}
    return geo.feature_collection(features, **members)


def routes_geojson(movements: Iterable[MovementNotification]) -> dict:
    features = [
        geo.feature(
            m.route,
            {
                "id": str(m.pk),
                "reference": m.reference,
                "owner": m.owner_org.name,
                "status": m.status,
                "purpose": m.purpose,
                "purpose_label": m.get_purpose_display(),
                "window_start": _iso(m.window_start),
                "window_end": _iso(m.window_end),
                "coordination_required": m.coordination_required,
                "late": m.late,
                "outcome": m.outcome,
                "clearance": m.clearance,
            },
            str(m.pk),
        )
        for m in movements
    ]
    return geo.feature_collection(features)


# -- HXL CSV of movement outcomes --------------------------------------------------------------

# (header, HXL hashtag). Receipt and decision are separate columns: receipt is not a decision.
OUTCOME_COLUMNS = [
    ("Reference", "#activity+code"),
    ("Organisation", "#org+name"),
    ("Purpose", "#activity+type+code"),
    ("Sector", "#sector+code"),
    ("Window start (UTC)", "#date+start"),
    ("Window end (UTC)", "#date+end"),
    ("Governorates crossed", "#adm1+code"),
    ("Coordination required", "#meta+coordination"),
    ("Late notification", "#meta+late"),
    ("Parties notified (that you may see)", "#org+party+notified+num"),
    ("Parties that confirmed receipt (that you may see)", "#org+party+received+num"),
    ("Parties' decisions (summary)", "#status+decision"),
    ("Outcome", "#status+outcome"),
    ("After impediment", "#status+outcome+impeded"),
    ("Checkpoint wait (hours)", "#indicator+wait_hours+num"),
    ("Vehicles", "#indicator+vehicles+num"),
]


def outcomes_csv(rows: Iterable[dict]) -> str:
    """One row per movement: ``rows`` carry the column values by header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, _ in OUTCOME_COLUMNS])
    writer.writerow([tag for _, tag in OUTCOME_COLUMNS])
    for row in rows:
        writer.writerow([row.get(header, "") for header, _ in OUTCOME_COLUMNS])
    return out.getvalue()


def outcome_row(m: MovementNotification, transmissions: list, wait_hours: float) -> dict:
    concerned = [t for t in transmissions if t.concerned]
    return {
        "Reference": m.reference,
        "Organisation": m.owner_org.name,
        "Purpose": m.purpose,
        "Sector": m.sector,
        "Window start (UTC)": m.window_start.isoformat(),
        "Window end (UTC)": m.window_end.isoformat(),
        "Governorates crossed": " ".join(m.governorates),
        "Coordination required": "yes" if m.coordination_required else "no",
        "Late notification": "yes" if m.late else "no",
        "Parties notified (that you may see)": len(concerned),
        "Parties that confirmed receipt (that you may see)": sum(1 for t in concerned if t.received_at),
        "Parties' decisions (summary)": m.clearance,
        "Outcome": m.outcome,
        "After impediment": m.impeded_result,
        "Checkpoint wait (hours)": round(wait_hours, 2) if wait_hours else "",
        "Vehicles": m.vehicle_count,
    }
