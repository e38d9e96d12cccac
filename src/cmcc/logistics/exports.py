"""Standards out: HXL-tagged CSV, plain CSV, XLSX and GeoJSON (RFC 7946).

Tables are built from what selectors return, so every export holds only what the caller may see.
HXL (Humanitarian Exchange Language) puts a row of hashtags under the header so tools such as
libhxl and HDX read the columns without a mapping.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    header: str
    hxl: str


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[list[Any]]


CONSIGNMENT_COLUMNS = [
    Column("id", "#meta+id"),
    Column("reference", "#meta+ref"),
    Column("owner", "#org+owner+name"),
    Column("sender", "#org+sender+name"),
    Column("consignee", "#org+recipient+name"),
    Column("donor_reference", "#org+funding+ref"),
    Column("ref_2720", "#meta+ref_2720"),
    Column("srf_number", "#meta+srf"),
    Column("channel", "#modality+channel+code"),
    Column("corridor", "#loc+corridor+code"),
    Column("origin_hub", "#loc+origin+code"),
    Column("planned_crossing", "#loc+crossing+planned+code"),
    Column("planned_date", "#date+planned"),
    Column("crossing", "#loc+crossing+code"),
    Column("destination", "#loc+destination+name"),
    Column("destination_pcode", "#adm1+destination+code"),
    Column("sector", "#sector+code"),
    Column("status", "#status+code"),
    Column("trucks", "#indicator+trucks+num"),
    Column("pallets", "#indicator+pallets+num"),
    Column("weight_kg", "#indicator+weight_kg+num"),
    Column("lines", "#indicator+lines+num"),
    Column("approved_at", "#date+approved"),
    Column("entered_at", "#date+entered"),
    Column("offloaded_at", "#date+offloaded"),
    Column("collected_at", "#date+collected"),
    Column("delivered_at", "#date+delivered"),
    Column("intercepted_at", "#date+intercepted"),
    Column("interception", "#impact+interception+type"),
    Column("distributed_at", "#date+distributed"),
    Column("releasability", "#meta+releasability"),
]

THROUGHPUT_COLUMNS = [
    Column("date", "#date"),
    Column("crossing", "#loc+crossing+name"),
    Column("sector", "#sector+code"),
    Column("channel", "#modality+channel+code"),
    Column("trucks", "#indicator+trucks+num"),
    Column("pallets", "#indicator+pallets+num"),
    Column("tonnes", "#indicator+tonnes+num"),
    Column("consignments", "#indicator+consignments+num"),
    Column("target_trucks_in_force", "#targeted+trucks+num"),
]


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def consignments_table(consignments: Iterable[Any]) -> Table:
    rows = []
    for c in consignments:
        rows.append(
            [
                str(c.pk),
                c.reference,
                c.owner_org.name,
                c.sender_name,
                c.consignee_name,
                c.donor_reference,
                c.ref_2720,
                c.srf_number,
                c.channel,
                c.corridor.slug if c.corridor_id else "",
                c.origin_hub,
                c.planned_crossing.slug if c.planned_crossing_id else "",
                c.planned_date,
                c.crossing.slug if c.crossing_id else "",
                c.destination,
                c.destination_pcode,
                c.sector_id or "",
                c.status,
                c.trucks,
                c.total_pallets,
                round(c.total_weight_kg, 3),
                c.line_count,
                c.approved_at,
                c.entered_at,
                c.offloaded_at,
                c.collected_at,
                c.delivered_at,
                c.intercepted_at,
                c.interception,
                c.distributed_at,
                c.releasability,
            ]
        )
    return Table("consignments", CONSIGNMENT_COLUMNS, rows)


def throughput_table(rows: Sequence[dict], crossing_names: dict[str, str], targets: dict) -> Table:
    out = []
    for r in sorted(
        rows, key=lambda r: (r["day"], crossing_names.get(r["crossing"], ""), r["sector"], r["channel"])
    ):
        out.append(
            [
                r["day"],
                crossing_names.get(r["crossing"], r["crossing"]),
                r["sector"],
                r["channel"],
                r["trucks"],
                r["pallets"],
                round(r["weight_kg"] / 1000, 3),
                r["consignments"],
                targets.get(r["day"]),
            ]
        )
    return Table("throughput", THROUGHPUT_COLUMNS, out)


def to_csv(table: Table, *, hxl: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.header for c in table.columns])
    if hxl:
        writer.writerow([c.hxl for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else _iso(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name[:31])
    sheet.append([c.header for c in table.columns])
    sheet.append([c.hxl for c in table.columns])
    for row in table.rows:
        sheet.append([_xlsx_value(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC
    return value


def crossings_geojson(crossings: Iterable[Any]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection. A crossing without sourced coordinates is a feature with a
    null geometry (RFC 7946 §3.2) rather than a made-up point."""
    features = []
    for c in crossings:
        status = getattr(c, "current_status", None)
        capacity = getattr(c, "current_capacity", None)
        geometry = (
            {"type": "Point", "coordinates": [round(c.lon, 6), round(c.lat, 6)]}
            if c.lat is not None and c.lon is not None
            else None
        )
        features.append(
            {
                "type": "Feature",
                "id": c.slug,
                "geometry": geometry,
                "properties": {
                    "slug": c.slug,
                    "name_en": c.name_en,
                    "name_ar": c.name_ar,
                    "kind": c.kind,
                    "corridor": c.corridor.slug if c.corridor_id else None,
                    "status": status.status if status else None,
                    "status_since": status.effective_from.isoformat() if status else None,
                    "status_reason": status.reason if status else None,
                    "status_source": status.source if status else None,
                    "trucks_per_day": capacity.trucks_per_day if capacity else None,
                    "screening_lanes": capacity.screening_lanes if capacity else None,
                    "coordinates_source": c.place.source if geometry and c.place_id else None,
                    "source": c.source,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict[str, Any]) -> bytes:
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
