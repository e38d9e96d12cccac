"""An incident as the engine holds it: a representative centre and a mean text vector, not a chain."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

from .features import Features
from .gazetteer import KM_PER_DEG_LAT, KM_PER_DEG_LON, ORIGIN_LAT, ORIGIN_LON
from .model import IncidentSummary
from .text import figures_disagree


class Incident:
    """Members, a precision-weighted centre in space and time, and the sum of members' term vectors."""

    __slots__ = (
        "_tw",
        "_w",
        "_wt",
        "_wx",
        "_wy",
        "box",
        "category",
        "figures",
        "groups",
        "id",
        "members",
        "names",
        "origins",
        "places_indexed",
        "quarters",
        "region",
        "rep",
        "seq",
        "sigma_h",
        "sigma_km",
        "ss_terms",
        "stamp",
        "t",
        "terms",
        "var_h",
        "var_km",
        "x",
        "y",
    )

    def __init__(self, incident_id: str, seed: Features, seq: int = 0) -> None:
        self.id = incident_id
        self.seq = seq  # opening order
        self.category = seed.report.category
        self.rep = seed
        self.members: list[Features] = []
        self.x: float | None = None
        self.y: float | None = None
        self.sigma_km = seed.sigma_km
        self._wx = self._wy = self._w = 0.0
        self.t = seed.t
        self.sigma_h = seed.sigma_h
        self._wt = self._tw = 0.0
        # Variances of the centre (km²) and of the time (h²): members' precisions add up.
        self.var_km = seed.sigma_km * seed.sigma_km
        self.var_h = seed.sigma_h * seed.sigma_h
        self.terms: dict[str, float] = {}  # term -> sum of members' weights
        self.ss_terms = 0.0  # sum of squares of ``terms`` values
        self.origins: set[str] = set()
        self.names: dict[str, int] = {}  # family-name term -> members naming it
        self.quarters: dict[str, int] = {}  # town-quarter id -> members naming it
        self.figures: dict[tuple[str, int], int] = {}  # (role, count) -> members stating it
        self.places_indexed: set[tuple[str, str]] = set()  # (place, term) keys in the place index
        self.groups: set[str] = set()
        self.region: str | None = None  # the governorate its centre lies in (set by the correlator)
        self.stamp = -1  # last query that looked at this incident (de-duplicates index hits)
        # Bounding box of precise members: x min, x max, y min, y max (km), t min, t max (hours).
        self.box = [math.inf, -math.inf, math.inf, -math.inf, math.inf, -math.inf]
        self.add(seed)

    @property
    def n(self) -> int:
        return len(self.members)

    def add(self, f: Features) -> None:
        self.members.append(f)
        box = self.box
        if f.x is not None and f.y is not None and f.sigma_km <= 1.0:
            box[0], box[1] = min(box[0], f.x), max(box[1], f.x)
            box[2], box[3] = min(box[2], f.y), max(box[3], f.y)
        if f.sigma_h <= 2.0:
            box[4], box[5] = min(box[4], f.t), max(box[5], f.t)
        if f.x is not None and f.y is not None:
            first = self._w == 0.0
            w = 1.0 / (f.sigma_km * f.sigma_km)
            self._wx += w * f.x
            self._wy += w * f.y
            self._w += w
            self.x, self.y = self._wx / self._w, self._wy / self._w
            self.sigma_km = f.sigma_km if first else min(self.sigma_km, f.sigma_km)
            self.var_km = 1.0 / self._w
        wt = 1.0 / (f.sigma_h * f.sigma_h)
        self._wt += wt * f.t
        self._tw += wt
        self.t = self._wt / self._tw
        self.var_h = 1.0 / self._tw
        self.sigma_h = min(self.sigma_h, f.sigma_h)
        if f.report.origin:
            self.origins.add(f.report.origin)
        for name in f.names:
            self.names[name] = self.names.get(name, 0) + 1
        for quarter in f.quarters:
            self.quarters[quarter] = self.quarters.get(quarter, 0) + 1
        for figure in f.figures:
            self.figures[figure] = self.figures.get(figure, 0) + 1
        self.groups.add(f.group)
        terms = self.terms
        ss = self.ss_terms
        for key, weight in f.weights.items():
            old = terms.get(key, 0.0)
            terms[key] = old + weight
            ss += 2.0 * old * weight + weight * weight
        self.ss_terms = ss
        if _rank(f) < _rank(self.rep):
            self.rep = f

    def remove(self, f: Features) -> None:
        """Take a member out again (used when a report is reassigned); the incident may end empty."""
        self.members.remove(f)
        if f.x is not None and f.y is not None:
            w = 1.0 / (f.sigma_km * f.sigma_km)
            self._wx -= w * f.x
            self._wy -= w * f.y
            self._w -= w
            located = [m.sigma_km for m in self.members if m.x is not None]
            if located:
                self.x, self.y = self._wx / self._w, self._wy / self._w
                self.sigma_km = min(located)
                self.var_km = 1.0 / self._w
            else:
                self.x = self.y = None
                self._wx = self._wy = self._w = 0.0
        wt = 1.0 / (f.sigma_h * f.sigma_h)
        self._wt -= wt * f.t
        self._tw -= wt
        if self.members:
            self.t = self._wt / self._tw
            self.var_h = 1.0 / self._tw
            self.sigma_h = min(m.sigma_h for m in self.members)
            self.rep = min(self.members, key=_rank)
        self.origins = {m.report.origin for m in self.members if m.report.origin}
        for name in f.names:
            self.names[name] -= 1
            if not self.names[name]:
                del self.names[name]
        for quarter in f.quarters:
            self.quarters[quarter] -= 1
            if not self.quarters[quarter]:
                del self.quarters[quarter]
        for figure in f.figures:
            self.figures[figure] -= 1
            if not self.figures[figure]:
                del self.figures[figure]
        self.groups = {m.group for m in self.members}
        terms = self.terms
        ss = self.ss_terms
        for key, weight in f.weights.items():
            old = terms[key]
            new = old - weight
            ss += new * new - old * old
            if new > 1e-9:
                terms[key] = new
            else:
                del terms[key]
        self.ss_terms = max(ss, 0.0)

    def names_other_family(self, f: Features) -> bool:
        """Whether the report and the incident both name families, and none in common."""
        return bool(f.names) and bool(self.names) and not any(n in self.names for n in f.names)

    def figures_conflict(self, figures: Iterable[tuple[str, int]]) -> int:
        """How many of ``figures`` (killed, injured) disagree with every count of the same casualties
        the incident's reports give (0 when the incident gives none for them)."""
        conflicts = 0
        for role, value in figures:
            given = [count for (r, count) in self.figures if r == role]
            if given and all(figures_disagree(value, count) for count in given):
                conflicts += 1
        return conflicts

    def other_quarter(self, f: Features) -> bool:
        """Whether the report names a town quarter, the incident's reports name quarters, none in
        common, and one side's position comes from no better than those names: then the two are in
        different parts of a town and nothing else places them (precise coordinates on both sides
        let the distance decide instead)."""
        if not f.quarters or not self.quarters or any(q in self.quarters for q in f.quarters):
            return False
        return not (f.x is not None and f.sigma_km <= 1.0 and self.x is not None and self.sigma_km <= 1.0)

    def similarity(self, f: Features) -> float:
        """Cosine between the report's term vector and the incident's mean term vector, in [0, 1]."""
        terms = self.terms
        dot = 0.0
        for key, weight in f.weights.items():
            s = terms.get(key)
            if s is not None:
                dot += weight * s
        if dot <= 0.0:
            return 0.0
        norm = f.norm2 * self.ss_terms
        return dot / norm**0.5 if norm > 0.0 else 0.0

    def summary(self) -> IncidentSummary:
        reports = [f.report for f in self.members]
        lat = lon = None
        if self.x is not None and self.y is not None:
            lat = round(ORIGIN_LAT + self.y / KM_PER_DEG_LAT, 6)
            lon = round(ORIGIN_LON + self.x / KM_PER_DEG_LON, 6)
        times = [r.occurred_at for r in reports]
        places: dict[str, None] = {}
        for f in self.members:
            for place in f.places:
                places.setdefault(place.name_en, None)
        return IncidentSummary(
            id=self.id,
            category=self.category,
            report_ids=[r.id for r in reports],
            independent_origins=len({r.origin_key for r in reports}),
            sources=sorted({r.source for r in reports if r.source}),
            lat=lat,
            lon=lon,
            first_at=min(times, default=datetime.now(UTC)),
            last_at=max(times, default=datetime.now(UTC)),
            places=list(places),
        )


def _rank(f: Features) -> tuple[bool, float, float]:
    """Representative order: located before not located, then the smallest uncertainty."""
    return (f.x is None, f.sigma_km, f.sigma_h)
