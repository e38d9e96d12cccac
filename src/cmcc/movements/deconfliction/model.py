"""The inputs and outputs of deconfliction: zones, notified sites, movements, conflicts, results.

Geometries are shapely geometries in lon/lat (WGS84). Times are timezone-aware datetimes and every
interval is half-open, ``[start, end)``: a zone version valid to 10:00 is no longer in force at 10:00,
and a movement ending at 10:00 does not overlap one starting at 10:00. ``None`` as a bound means the
interval is open on that side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from shapely.geometry.base import BaseGeometry

#: Zone kinds whose crossing means the movement must be coordinated with the parties.
COORDINATION_KINDS: frozenset[str] = frozenset({"restricted", "coordination_required", "line"})


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def _require_order(what: str, start: datetime | None, end: datetime | None) -> None:
    if start is not None and end is not None and not start < end:
        raise ValueError(f"{what}: start {start.isoformat()} is not before end {end.isoformat()}")


@dataclass(frozen=True, slots=True)
class Zone:
    """One version of a zone: a restricted area, a line, an area needing coordination.

    A zone keeps its ``id`` across versions; each version has its own geometry and validity, so the
    set in force at any moment can be recalled (see ``zones_in_force``).
    """

    id: str
    version: int
    kind: str
    geometry: BaseGeometry
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    name: str = ""

    def __post_init__(self) -> None:
        _require_aware("valid_from", self.valid_from)
        _require_aware("valid_to", self.valid_to)
        _require_order(f"zone {self.id} v{self.version}", self.valid_from, self.valid_to)

    def in_force_at(self, moment: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= moment) and (
            self.valid_to is None or moment < self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Site:
    """A notified site (hospital, shelter, warehouse, office), point or polygon.

    ``valid_until`` is the date the notification lapses unless reconfirmed.
    """

    id: str
    function: str
    geometry: BaseGeometry
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    name: str = ""

    def __post_init__(self) -> None:
        _require_aware("valid_from", self.valid_from)
        _require_aware("valid_until", self.valid_until)
        _require_order(f"site {self.id}", self.valid_from, self.valid_until)


@dataclass(frozen=True, slots=True)
class Movement:
    """A notified movement: a route (LineString through the waypoints) and a time window."""

    id: str
    route: BaseGeometry
    start: datetime
    end: datetime
    purpose: str = ""

    def __post_init__(self) -> None:
        _require_aware("start", self.start)
        _require_aware("end", self.end)
        _require_order(f"movement {self.id}", self.start, self.end)
        if self.route.geom_type != "LineString":
            raise ValueError(f"movement {self.id}: route must be a LineString, got {self.route.geom_type}")
        if self.route.length == 0:
            raise ValueError(f"movement {self.id}: route has zero length")


class ConflictKind(StrEnum):
    ZONE = "zone"
    MOVEMENT = "movement"
    SITE = "site"


_KIND_ORDER = {ConflictKind.ZONE: 0, ConflictKind.MOVEMENT: 1, ConflictKind.SITE: 2}


@dataclass(slots=True)
class Conflict:
    """Why a movement is flagged: what (``kind``, ``other_id``, ``version``), where, when.

    ``where`` is (lon, lat): for a zone, the point where the route first enters it; for a site, the
    point of the route closest to it; for another movement, the middle of the closest approach of the
    two routes. ``start``/``end`` is the interval during which both are live. ``distance_m`` is the
    closest approach in metres (0 for a zone crossing). ``category`` is the zone kind or site function.

    Not frozen: a month's check builds hundreds of thousands of them, and a frozen dataclass is about
    four times slower to build. Treat it as a value.
    """

    kind: ConflictKind
    other_id: str
    version: int | None
    category: str
    where: tuple[float, float]
    start: datetime
    end: datetime
    distance_m: float

    def sort_key(self) -> tuple[int, str, int]:
        return (_KIND_ORDER[self.kind], self.other_id, self.version or 0)

    def explain(self) -> str:
        lon, lat = self.where
        when = f"{self.start.isoformat()} to {self.end.isoformat()}"
        place = f"lon {lon:.6f}, lat {lat:.6f}"
        if self.kind is ConflictKind.ZONE:
            return f"enters {self.category} zone {self.other_id} (version {self.version}) at {place}, {when}"
        if self.kind is ConflictKind.MOVEMENT:
            return f"passes within {self.distance_m:.0f} m of movement {self.other_id} at {place}, {when}"
        site = f"{self.category} site {self.other_id}"
        return f"passes within {self.distance_m:.0f} m of {site} at {place}, {when}"


@dataclass(frozen=True, slots=True)
class Result:
    """Everything found for one movement. Conflicts are sorted: zones, movements, sites, then by id."""

    movement_id: str
    coordination_required: bool
    conflicts: tuple[Conflict, ...] = field(default=())

    @property
    def zones(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.kind is ConflictKind.ZONE)

    @property
    def movements(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.kind is ConflictKind.MOVEMENT)

    @property
    def sites(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.kind is ConflictKind.SITE)

    def explain(self) -> list[str]:
        head = "coordination required" if self.coordination_required else "no coordination required"
        return [f"movement {self.movement_id}: {head}", *(c.explain() for c in self.conflicts)]
