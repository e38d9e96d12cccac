"""Seeded synthetic data over the Gaza Strip: versioned zones, notified sites, movements over 30 days.

The strip outline is read at run time from the COD-AB admin-1 boundaries (feature PS02) next to the
repository; without that file the bounding box stands in for it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from cmcc.movements.deconfliction import Movement, Site, Zone

REPO = Path(__file__).resolve().parents[2]
OUTLINE = REPO / ".." / "shared" / "data" / "cod-ab-pse" / "pse_admin1.geojson"
BBOX = (34.21, 31.22, 34.57, 31.60)
T0 = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 30
# Metres per degree near 31.4 N, good enough to size synthetic shapes.
KX, KY = 95_000.0, 110_900.0

TOWNS = np.array(
    [
        (34.456, 31.513),  # Gaza City
        (34.495, 31.535),  # Jabalia
        (34.390, 31.450),  # Nuseirat
        (34.350, 31.418),  # Deir al-Balah
        (34.305, 31.345),  # Khan Younis
        (34.250, 31.290),  # Rafah
    ]
)
ZONE_KINDS = ("restricted", "coordination_required", "line", "advisory")
ZONE_KIND_SHARE = (0.45, 0.30, 0.10, 0.15)
SITE_FUNCTIONS = ("shelter", "hospital", "clinic", "warehouse", "office", "school", "water")


@dataclass
class Dataset:
    movements: list[Movement]
    zones: list[Zone]
    sites: list[Site]
    outline_source: str


def strip_outline() -> tuple[BaseGeometry, str]:
    try:
        collection = json.loads(OUTLINE.read_text())
        feature = next(f for f in collection["features"] if f["properties"].get("adm1_pcode") == "PS02")
        return shape(feature["geometry"]), "COD-AB admin-1 PS02 (Gaza Strip)"
    except (OSError, ValueError, KeyError, StopIteration):
        return shapely.box(*BBOX), "bounding box (outline file not found)"


def _inside(rng: np.random.Generator, area: BaseGeometry, n: int, towns_share: float = 0.0) -> np.ndarray:
    """n points inside ``area``; ``towns_share`` of them gathered around the towns."""
    shapely.prepare(area)
    xmin, ymin, xmax, ymax = area.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        k = 2 * (n - len(out)) + 16
        uniform = np.column_stack([rng.uniform(xmin, xmax, k), rng.uniform(ymin, ymax, k)])
        town = TOWNS[rng.integers(0, len(TOWNS), k)] + rng.normal(0, 1, (k, 2)) * (1500 / KX, 1500 / KY)
        pts = np.where((rng.random(k) < towns_share)[:, None], town, uniform)
        out = np.concatenate([out, pts[shapely.contains_xy(area, pts[:, 0], pts[:, 1])]])
    return out[:n]


def _blob(rng: np.random.Generator, centre: np.ndarray, radius: float) -> Polygon:
    """A star-shaped (hence simple) polygon around ``centre``, radius in metres."""
    n = int(rng.integers(12, 41))
    angles = (np.arange(n) + rng.uniform(0, 0.8, n)) * 2 * math.pi / n
    r = radius * rng.uniform(0.75, 1.25, n)
    return Polygon(centre + np.column_stack([r * np.cos(angles) / KX, r * np.sin(angles) / KY]))


def _polyline(rng: np.random.Generator, a: np.ndarray, b: np.ndarray, n: int, wiggle_m: float) -> LineString:
    t = np.linspace(0, 1, n)
    offset = (rng.normal(0, 1, n) * 0.4 + np.sin(t * math.pi * rng.uniform(1, 3))) * wiggle_m
    offset[[0, -1]] = 0
    direction = (b - a) * (KX, KY)
    normal = np.array([-direction[1], direction[0]]) / max(np.hypot(*direction), 1.0)
    xy = a + np.outer(t, b - a) + np.outer(offset, normal) / (KX, KY)
    return LineString(xy)


def zones(rng: np.random.Generator, area: BaseGeometry, count: int) -> list[Zone]:
    out = []
    centres = _inside(rng, area, count)
    kinds = rng.choice(len(ZONE_KINDS), count, p=ZONE_KIND_SHARE)
    for i in range(count):
        kind = ZONE_KINDS[kinds[i]]
        radius = float(np.clip(rng.lognormal(math.log(100), 0.7), 30, 2000))
        start = T0 + timedelta(hours=float(rng.uniform(-30 * 24, 25 * 24)))
        for version in range(1, int(rng.integers(2, 5)) + 1):
            centre = centres[i] + rng.normal(0, 0.1 * radius, 2) / (KX, KY)
            if kind == "line":
                heading = rng.uniform(0, math.pi)
                half = np.array([math.cos(heading) / KX, math.sin(heading) / KY]) * radius * 4
                vertices = int(rng.integers(5, 16))
                geometry: BaseGeometry = _polyline(rng, centre - half, centre + half, vertices, 150)
            else:
                geometry = _blob(rng, centre, radius * rng.uniform(0.7, 1.3))
            end = start + timedelta(hours=float(rng.exponential(36)) + 1)
            last = version > 1 and rng.random() < 0.1
            out.append(Zone(f"Z{i:05d}", version, kind, geometry, start, None if last else end))
            if last:
                break
            start = end + timedelta(hours=float(rng.exponential(12)) if rng.random() < 0.3 else 0.0)
    return out


def sites(rng: np.random.Generator, area: BaseGeometry, count: int) -> list[Site]:
    out = []
    points = _inside(rng, area, count, towns_share=0.6)
    functions = rng.integers(0, len(SITE_FUNCTIONS), count)
    for i in range(count):
        x, y = points[i]
        if rng.random() < 0.2:
            w, h = rng.uniform(20, 120, 2) / 2
            geometry: BaseGeometry = shapely.box(x - w / KX, y - h / KY, x + w / KX, y + h / KY)
        else:
            geometry = Point(x, y)
        valid_from = T0 + timedelta(hours=float(rng.uniform(-60 * 24, 20 * 24)))
        standing = rng.random() < 0.1
        valid_until = None if standing else valid_from + timedelta(days=30 * int(rng.integers(1, 4)))
        out.append(Site(f"S{i:05d}", SITE_FUNCTIONS[functions[i]], geometry, valid_from, valid_until))
    return out


def movements(rng: np.random.Generator, area: BaseGeometry, count: int, vertices: int = 20) -> list[Movement]:
    """Trips of median 6 km (1.5-35 km) that start and end in the strip, mostly by day, median 3 h."""
    starts = _inside(rng, area, count, towns_share=0.5)
    ends = np.empty_like(starts)
    todo = np.arange(count)
    for _ in range(20):
        length = np.clip(rng.lognormal(math.log(6000), 0.6, len(todo)), 1500, 35_000)
        heading = rng.uniform(0, 2 * math.pi, len(todo))
        step = np.column_stack([np.cos(heading) / KX, np.sin(heading) / KY]) * length[:, None]
        ends[todo] = starts[todo] + step
        todo = todo[~shapely.contains_xy(area, ends[todo, 0], ends[todo, 1])]
        if not len(todo):
            break
    ends[todo] = TOWNS[0]  # the few left over go to Gaza City
    out = []
    for i in range(count):
        route = _polyline(rng, starts[i], ends[i], vertices, rng.uniform(50, 300))
        hour = rng.uniform(5, 18) if rng.random() < 0.8 else rng.uniform(0, 24)
        start = T0 + timedelta(days=int(rng.integers(0, DAYS)), minutes=int(hour * 60))
        duration = timedelta(minutes=int(np.clip(rng.lognormal(math.log(180), 0.5), 30, 720)))
        out.append(Movement(f"M{i:06d}", route, start, start + duration))
    return out


def generate(scale: float, seed: int = 20260301) -> Dataset:
    rng = np.random.default_rng(seed)
    area, source = strip_outline()
    return Dataset(
        movements=movements(rng, area, max(10, round(20_000 * scale))),
        zones=zones(rng, area, max(5, round(2_000 * scale))),
        sites=sites(rng, area, max(10, round(10_000 * scale))),
        outline_source=source,
    )
