"""Labelled synthetic reports over the Gaza Strip in one month, in English and Arabic.

Each true event (incident) gets a category, a place and time, and details (means, site, figures).
Its reports repeat it from different sources with realistic noise: coordinates at the spot, snapped
to a town centre, near a town, or only the governorate, or missing (then the text names the place);
a time of day, a day, a week or only the month; transliteration variants and typos; casualty figures
that differ between sources. Hard cases are built in: rumours repeated by many reports from one
origin, twin events of the same category a few hundred metres to a few km and an hour apart,
events of other categories at the same spot and hour, and one source that mislocates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import shapely

from cmcc.compliance.correlation.gazetteer import (
    KM_PER_DEG_LAT,
    KM_PER_DEG_LON,
    ORIGIN_LAT,
    ORIGIN_LON,
    Place,
    default_gazetteer,
    to_km,
)

from .render import Renderer
from .templates import CATEGORY_SPECS, CATEGORY_WEIGHTS
from .vocab import COMMITMENTS, FAMILIES, GOODS, RUMOUR_PREFIX

# Simplified outline of the Gaza Strip (lat, lon), from the cod-ab-pse admin-1 polygon (CC BY-IGO).
OUTLINE = [
    (31.5127, 34.5474),
    (31.5415, 34.5676),
    (31.5949, 34.4915),
    (31.5434, 34.4508),
    (31.5136, 34.4237),
    (31.4311, 34.3434),
    (31.3237, 34.2188),
    (31.2958, 34.2402),
    (31.2200, 34.2676),
    (31.2414, 34.2933),
    (31.2585, 34.3275),
    (31.2906, 34.3673),
    (31.3058, 34.3739),
    (31.3628, 34.3657),
    (31.3898, 34.3811),
    (31.4779, 34.4785),
    (31.5002, 34.5125),
]
START = datetime(2025, 11, 1, tzinfo=UTC)
DAYS = 30
MAX_SIZE = 40
SIZE_EXPONENT = 1.8
RUMOUR_SHARE = 0.03
TWIN_SHARE = 0.12
NEIGHBOUR_SHARE = 0.08

# Shares of location and time precision, close to what ACLED codes for its events
# (precision 1 for most, 2 for about one in six, 3 for a few) plus reports with no coordinates.
GEO_MODES = (("spot", 0.52), ("snapped", 0.16), ("near", 0.14), ("governorate", 0.06), ("none", 0.12))
TIME_MODES = (("time", 0.76), ("day", 0.12), ("week", 0.08), ("month", 0.04))


@dataclass(slots=True)
class Event:
    index: int
    category: str
    x: float
    y: float
    t: float  # hours since START
    place: Place
    governorate: Place
    means: str | None
    site: str | None
    direction: str
    count: int
    killed: int
    injured: int
    children: bool
    goods: str | None
    commitment: str | None
    rumour: bool
    size: int
    family: int


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class Generator(Renderer):
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        gaz = default_gazetteer()
        self.towns = [p for p in gaz.places.values() if p.kind in ("city", "town", "village")]
        self.town_weights = [{"city": 3, "town": 2}.get(p.kind, 1) for p in self.towns]
        self.governorates = {p.id: p for p in gaz.places.values() if p.kind == "governorate"}
        self.crossings = [p for p in gaz.places.values() if p.kind == "crossing"]
        ring = [to_km(lat, lon) for lat, lon in OUTLINE]
        self.area = shapely.Polygon(ring)
        sizes = np.arange(1, MAX_SIZE + 1)
        self.size_p = sizes**-SIZE_EXPONENT / np.sum(sizes**-SIZE_EXPONENT)

    # -- events -------------------------------------------------------------------------------
    def _inside(self, x: float, y: float) -> bool:
        return bool(shapely.contains_xy(self.area, x, y))

    def _location(self, category: str) -> tuple[float, float]:
        rng = self.rng
        if category == "missed_commitment":
            crossing = rng.choice(self.crossings)
            return crossing.x + rng.gauss(0, 0.1), crossing.y + rng.gauss(0, 0.1)
        minx, miny, maxx, maxy = self.area.bounds
        while True:
            if rng.random() < 0.75:
                town = rng.choices(self.towns, weights=self.town_weights)[0]
                x, y = town.x + rng.gauss(0, 1.3), town.y + rng.gauss(0, 1.3)
            else:
                x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if self._inside(x, y):
                return x, y

    def _nearest_town(self, x: float, y: float) -> Place:
        return min(self.towns, key=lambda p: (p.x - x) ** 2 + (p.y - y) ** 2)

    def _event(
        self, index: int, category: str, x: float, y: float, t: float, size: int, rumour: bool
    ) -> Event:
        rng = self.rng
        spec = CATEGORY_SPECS[category]
        town = self._nearest_town(x, y)
        if category == "missed_commitment":
            town = min(self.crossings, key=lambda p: (p.x - x) ** 2 + (p.y - y) ** 2)
        dx, dy = x - town.x, y - town.y
        direction = (
            "in"
            if dx * dx + dy * dy < 0.6
            else (
                "east"
                if abs(dx) > abs(dy) and dx > 0
                else "west"
                if abs(dx) > abs(dy)
                else "north"
                if dy > 0
                else "south"
            )
        )
        hurt = rng.random() < spec["casualties"]
        low, high = spec.get("count", (0, 0))
        return Event(
            index=index,
            category=category,
            x=x,
            y=y,
            t=t,
            place=town,
            governorate=self.governorates[town.parent]
            if town.parent
            else next(iter(self.governorates.values())),
            means=rng.choice(spec["means"]) if spec["means"] else None,
            site=rng.choice(spec["sites"]) if spec["sites"] else None,
            direction=direction,
            count=rng.randint(low, high) if high else 0,
            killed=int(self.np.poisson(1.5)) if hurt and rng.random() < 0.7 else 0,
            injured=int(self.np.poisson(3.0)) + 1 if hurt else 0,
            children=hurt and rng.random() < 0.3,
            goods=rng.choice(list(GOODS)) if spec.get("goods") else None,
            commitment=rng.choice(list(COMMITMENTS)) if spec.get("commitment") else None,
            rumour=rumour,
            size=size,
            family=rng.randrange(len(FAMILIES)),
        )

    def events(self, n_reports: int) -> list[Event]:
        rng = self.rng
        events: list[Event] = []
        total = 0
        categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        while total < n_reports:
            category = rng.choices(categories, weights=weights)[0]
            x, y = self._location(category)
            t = rng.uniform(0, DAYS * 24)
            group = [(category, x, y, t)]
            if rng.random() < TWIN_SHARE and category != "missed_commitment":
                for _ in range(10):
                    angle, dist = rng.uniform(0, 6.283), rng.uniform(0.3, 2.5)
                    tx, ty = x + dist * np.cos(angle), y + dist * np.sin(angle)
                    if self._inside(tx, ty):
                        group.append((category, tx, ty, t + rng.gauss(0, 1.0)))
                        break
            if rng.random() < NEIGHBOUR_SHARE:
                other = rng.choice([c for c in categories if c not in (category, "missed_commitment")])
                group.append((other, x + rng.gauss(0, 0.2), y + rng.gauss(0, 0.2), t + rng.uniform(-1, 1)))
            for cat, ex, ey, et in group:
                rumour = rng.random() < RUMOUR_SHARE
                size = (
                    rng.randint(5, 25) + rng.randint(0, 2)
                    if rumour
                    else 1 + int(self.np.choice(MAX_SIZE, p=self.size_p))
                )
                events.append(
                    self._event(len(events), cat, ex, ey, min(max(et, 0.0), DAYS * 24 - 0.01), size, rumour)
                )
                total += size
        return events

    # -- reports ------------------------------------------------------------------------------
    def _position(self, e: Event, mode: str) -> tuple[float | None, float | None, int]:
        rng = self.rng
        if mode == "spot":
            return e.x + rng.gauss(0, 0.25), e.y + rng.gauss(0, 0.25), 1
        if mode == "snapped":
            return e.place.x, e.place.y, 1
        if mode == "near":
            return e.x + rng.gauss(0, 1.5), e.y + rng.gauss(0, 1.5), 2
        if mode == "governorate":
            return e.governorate.x, e.governorate.y, 3
        return None, None, rng.choice((1, 2))

    def _time(self, e: Event, mode: str, claimed: float | None = None) -> tuple[str, int]:
        rng = self.rng
        if mode == "time":
            t = claimed if claimed is not None else e.t + rng.gauss(0, 2.0 if rng.random() < 0.12 else 0.6)
            return (START + timedelta(hours=t)).strftime("%Y-%m-%dT%H:%M:00Z"), 1
        local_day = (START + timedelta(hours=e.t + 2)).date()
        if mode == "day":
            return local_day.isoformat(), 1
        if mode == "week":
            return (local_day + timedelta(days=rng.randint(-2, 2))).isoformat(), 2
        return (local_day + timedelta(days=rng.randint(-10, 10))).isoformat(), 3

    def _record(
        self,
        e: Event,
        lang: str,
        source: str,
        origin: str | None,
        text: str,
        xy: tuple[float | None, float | None, int],
        when: tuple[str, int],
    ) -> dict:
        x, y, geo_precision = xy
        lat = round(ORIGIN_LAT + y / KM_PER_DEG_LAT, 6) if y is not None else None
        lon = round(ORIGIN_LON + x / KM_PER_DEG_LON, 6) if x is not None else None
        return {
            "id": "",
            "text": text,
            "lang": lang,
            "lat": lat,
            "lon": lon,
            "geo_precision": geo_precision,
            "occurred_at": when[0],
            "time_precision": when[1],
            "category": e.category,
            "source": source,
            "origin": origin,
        }

    def reports_of(self, e: Event) -> list[dict]:
        rng = self.rng
        out = []
        independent = e.size
        if e.rumour:
            repeats = e.size - rng.randint(0, 2)
            independent = e.size - repeats
            origin = f"claim-{e.index}"
            lang = rng.choice(("en", "ar"))
            shape = rng.randrange(8)
            base = self.render(e, lang, True, shape)
            claimed = e.t + rng.gauss(0, 1.0)
            mode = rng.choice(("time", "time", "day"))
            for _ in range(repeats):
                if rng.random() < 0.35:
                    lang_i = "ar" if lang == "en" else "en"
                    text = self.render(e, lang_i, True, shape)
                else:
                    lang_i, text = lang, base
                if rng.random() < 0.5:
                    text = f"{self._say(RUMOUR_PREFIX, lang_i)} {text}"
                geo = rng.choices(("none", "snapped", "near"), weights=(0.6, 0.3, 0.1))[0]
                source = f"social-{rng.randrange(400)}"
                out.append(
                    self._record(
                        e, lang_i, source, origin, text, self._position(e, geo), self._time(e, mode, claimed)
                    )
                )
        shared_origin = f"agency-{e.index}" if independent >= 3 else None
        for _ in range(independent):
            lang = "en" if rng.random() < 0.5 else "ar"
            geo = _weighted(rng, GEO_MODES)
            kind = rng.choice(("party-a", "party-b", "ngo", "media", "monitor", "public"))
            source = f"{kind}-{rng.randrange(30)}"
            xy = self._position(e, geo)
            if source == "media-7" and xy[0] is not None:  # a source that puts events in the wrong place
                xy = (xy[0] + rng.uniform(3, 5), xy[1] + rng.uniform(-2, 2), 1)
            origin = (
                shared_origin
                if shared_origin and rng.random() < 0.2
                else (None if rng.random() < 0.5 else f"post-{rng.getrandbits(40):x}")
            )
            text = self.render(e, lang, geo in ("none", "governorate") or rng.random() < 0.65)
            out.append(
                self._record(e, lang, source, origin, text, xy, self._time(e, _weighted(rng, TIME_MODES)))
            )
        return out


def generate(n_reports: int, seed: int = 1) -> tuple[list[dict], np.ndarray]:
    """``n_reports`` records in a shuffled order, and the true incident index of each."""
    gen = Generator(seed)
    records: list[dict] = []
    labels: list[int] = []
    for event in gen.events(n_reports):
        for record in gen.reports_of(event):
            records.append(record)
            labels.append(event.index)
    order = gen.np.permutation(len(records))[:n_reports]
    out = []
    for i, j in enumerate(order):
        record = records[j]
        record["id"] = f"r{i:07d}"
        out.append(record)
    return out, np.asarray(labels)[order]
