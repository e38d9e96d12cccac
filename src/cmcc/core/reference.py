"""Reference geography shipped with the product (loaded by a data migration)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GOVERNORATE_SOURCE = (
    "OCHA / HDX, State of Palestine – Subnational Administrative Boundaries (cod-ab-pse), v01"
)


def governorate_rows() -> list[dict]:
    collection = json.loads((DATA / "gaza_governorates.geojson").read_text(encoding="utf-8"))
    rows = []
    for feature in collection["features"]:
        p = feature["properties"]
        rows.append(
            {
                "kind": "governorate",
                "pcode": p["pcode"],
                "parent_pcode": p["parent_pcode"],
                "name_en": p["name_en"],
                "name_ar": p["name_ar"],
                "lat": p["center_lat"],
                "lon": p["center_lon"],
                "geometry": feature["geometry"],
                "source": GOVERNORATE_SOURCE,
                "licence": "CC BY-IGO",
            }
        )
    return rows


def crossing_rows() -> list[dict]:
    with (DATA / "crossings.csv").open(encoding="utf-8") as handle:
        return [
            {
                "kind": "crossing",
                "pcode": "",
                "parent_pcode": "",
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "alt_names": row["name_alt_en"],
                "lat": float(row["lat"]) if row["lat"] else None,
                "lon": float(row["lon"]) if row["lon"] else None,
                "geometry": None,
                "source": row["source"],
                "licence": "CC BY-SA 4.0" if "Wikipedia" in row["source"] else "",
            }
            for row in csv.DictReader(handle)
        ]
