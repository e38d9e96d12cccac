"""What the fast engine and the reference loop share: projected geometry, route segments, time as
integer microseconds, and the explanation of a conflict (where, how close) from the route segment
that realises it.

The explanation is defined on route segments (consecutive vertex pairs) so that both paths compute
it from the same inputs with the same shapely calls:

* zone: the first segment (in route order) that meets the zone; ``where`` is the point of that
  segment inside the zone closest to the segment's start, i.e. where the route enters the zone;
* site: the segment closest to the site (the earliest on a tie); ``where`` is its point closest to it;
* movement: the closest pair of segments (earliest on a tie, by the first movement in input order);
  ``where`` is the middle of the shortest line between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import shapely

from .geometry import LocalProjection
from .model import Movement, Site, Zone

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
_TOLERANCE = 1e-9  # relative, for the numeric segment/edge crossings (about a micrometre per km)
OPEN_START = np.iinfo(np.int64).min
OPEN_END = np.iinfo(np.int64).max


def microseconds(moment: datetime | None, default: int) -> int:
    """Exact integer microseconds since the epoch (``default`` for an open bound)."""
    return default if moment is None else (moment - EPOCH) // MICROSECOND


@dataclass(slots=True)
class Prepared:
    projection: LocalProjection
    movements: Sequence[Movement]
    zones: Sequence[Zone]
    sites: Sequence[Site]
    routes: np.ndarray  # projected LineStrings, one per movement
    m_start: np.ndarray  # int64 microseconds
    m_end: np.ndarray
    zone_geoms: np.ndarray  # projected, prepared
    z_from: np.ndarray
    z_to: np.ndarray
    site_geoms: np.ndarray  # projected, prepared
    s_from: np.ndarray
    s_to: np.ndarray
    segs: np.ndarray  # 2-vertex LineStrings, in route order, grouped by movement
    seg_move: np.ndarray  # movement index of each segment
    seg_first: np.ndarray  # segments of movement i are seg_first[i]:seg_first[i + 1]
    _edges: tuple[np.ndarray, np.ndarray] | None = None

    def segments_of(self, movement: int) -> np.ndarray:
        return np.arange(self.seg_first[movement], self.seg_first[movement + 1])

    def zone_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """The zones' boundary edges (line zones: their own segments) as (e, 2, 2) coordinates, and
        ``first`` such that the edges of zone j are ``first[j]:first[j + 1]``. Built on first use."""
        if self._edges is None:
            polygonal = np.isin(shapely.get_type_id(self.zone_geoms), [3, 6])
            lines = self.zone_geoms.copy()
            lines[polygonal] = shapely.boundary(self.zone_geoms[polygonal])
            parts, owner = shapely.get_parts(lines, return_index=True)
            coords, part = shapely.get_coordinates(parts, return_index=True)
            start = np.flatnonzero(part[:-1] == part[1:])
            first = np.searchsorted(owner[part[start]], np.arange(len(self.zone_geoms) + 1))
            self._edges = (np.stack([coords[start], coords[start + 1]], axis=1), first)
        return self._edges

    def lonlat(self, xy: np.ndarray) -> list[tuple[float, float]]:
        lonlat = self.projection.inverse_xy(xy)
        return list(zip(lonlat[:, 0].tolist(), lonlat[:, 1].tolist(), strict=True))


def prepare(
    movements: Sequence[Movement],
    zones: Sequence[Zone],
    sites: Sequence[Site],
    projection: LocalProjection | None = None,
) -> Prepared:
    _require_unique("movement", (m.id for m in movements))
    _require_unique("zone version", ((z.id, z.version) for z in zones))
    _require_unique("site", (s.id for s in sites))
    routes = np.array([m.route for m in movements], dtype=object)
    zone_geoms = np.array([z.geometry for z in zones], dtype=object)
    site_geoms = np.array([s.geometry for s in sites], dtype=object)
    if projection is None:
        projection = default_projection(movements, zones, sites)
    routes, zone_geoms, site_geoms = (projection.forward(g) for g in (routes, zone_geoms, site_geoms))
    shapely.prepare(zone_geoms)
    shapely.prepare(site_geoms)
    segs, seg_move, seg_first = _segments(routes)
    return Prepared(
        projection=projection,
        movements=movements,
        zones=zones,
        sites=sites,
        routes=routes,
        m_start=_times([m.start for m in movements], OPEN_START),
        m_end=_times([m.end for m in movements], OPEN_END),
        zone_geoms=zone_geoms,
        z_from=_times([z.valid_from for z in zones], OPEN_START),
        z_to=_times([z.valid_to for z in zones], OPEN_END),
        site_geoms=site_geoms,
        s_from=_times([s.valid_from for s in sites], OPEN_START),
        s_to=_times([s.valid_until for s in sites], OPEN_END),
        segs=segs,
        seg_move=seg_move,
        seg_first=seg_first,
    )


def default_projection(
    movements: Sequence[Movement], zones: Sequence[Zone], sites: Sequence[Site]
) -> LocalProjection:
    """Centred on everything given (so results do not depend on which movements are asked about)."""
    geometries = [m.route for m in movements] + [z.geometry for z in zones] + [s.geometry for s in sites]
    return LocalProjection.around(geometries) if geometries else LocalProjection.at(0.0, 0.0)


def concurrent_with(
    movements: Sequence[Movement], zones: Sequence[Zone], sites: Sequence[Site], subjects: set[str]
) -> tuple[list[Movement], list[Zone], list[Site]]:
    """Only what is live while a subject is: checking one movement need not prepare the whole month."""
    unknown = subjects - {m.id for m in movements}
    if unknown:
        raise ValueError(f"unknown movement ids: {sorted(unknown)}")
    windows = sorted(
        (microseconds(m.start, 0), microseconds(m.end, 0)) for m in movements if m.id in subjects
    )
    starts: list[int] = []
    ends: list[int] = []
    for start, end in windows:  # their union, as sorted disjoint intervals
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    union_start, union_end = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)

    def live(bounds: list[tuple[datetime | None, datetime | None]]) -> np.ndarray:
        lo = np.array([microseconds(b[0], OPEN_START) for b in bounds], dtype=np.int64)
        hi = np.array([microseconds(b[1], OPEN_END) for b in bounds], dtype=np.int64)
        k = np.searchsorted(union_start, hi, side="left") - 1  # the last interval starting before hi
        return (k >= 0) & (union_end[np.maximum(k, 0)] > lo)

    keep_moves = live([(m.start, m.end) for m in movements])
    keep_zones = live([(z.valid_from, z.valid_to) for z in zones])
    keep_sites = live([(s.valid_from, s.valid_until) for s in sites])
    return (
        [m for m, keep in zip(movements, keep_moves, strict=True) if keep or m.id in subjects],
        [z for z, keep in zip(zones, keep_zones, strict=True) if keep],
        [s for s, keep in zip(sites, keep_sites, strict=True) if keep],
    )


def _require_unique(what: str, keys: Iterable[object]) -> None:
    seen: set[object] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"duplicate {what} {key!r}")
        seen.add(key)


def _times(moments: list[datetime | None], default: int) -> np.ndarray:
    return np.array([microseconds(t, default) for t in moments], dtype=np.int64)


def _segments(routes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split routes into 2-vertex segments, dropping zero-length ones (repeated waypoints)."""
    coords, owner = shapely.get_coordinates(routes, return_index=True)
    start = np.flatnonzero((owner[:-1] == owner[1:]) & np.any(coords[:-1] != coords[1:], axis=1))
    segs = shapely.linestrings(np.stack([coords[start], coords[start + 1]], axis=1))
    seg_move = owner[start]
    seg_first = np.searchsorted(seg_move, np.arange(len(routes) + 1))
    return segs, seg_move, seg_first


def first_per_group(keys: np.ndarray, *order: np.ndarray) -> np.ndarray:
    """Row index of the first row of each distinct key, rows ranked by ``order`` (most significant first)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.intp)
    rows = np.lexsort((*reversed(order), keys))
    sorted_keys = keys[rows]
    return rows[np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]]


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(start, start + count)`` for each pair, without a Python loop."""
    total = int(counts.sum())
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(total)


def zone_entries(prep: Prepared, seg: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """(n, 2) point where each segment enters its zone; each segment must be the first of its route
    to meet that zone. That is the segment's start if inside, else its first crossing of the zone's
    boundary, computed against every edge of the zone with numpy. Rows where that is not conclusive
    (a crossing exactly at a vertex lost to rounding, an edge parallel to the segment) are computed
    with the exact overlay instead."""
    xy = shapely.get_coordinates(prep.segs[seg]).reshape(-1, 2, 2)
    p, d = xy[:, 0], xy[:, 1] - xy[:, 0]
    out = p.copy()
    # Only a route's first segment can start inside: a later one starts where the previous one,
    # which did not meet the zone, ended.
    opening = np.flatnonzero(prep.seg_first[prep.seg_move[seg]] == seg)
    starts_inside = shapely.intersects(prep.zone_geoms[zone[opening]], shapely.points(p[opening]))
    outside = np.setdiff1d(np.arange(len(seg)), opening[starts_inside])
    found = [
        _first_crossings(prep, p, d, zone, outside[k : k + 8192], out) for k in range(0, len(outside), 8192)
    ]
    row = np.concatenate([np.zeros(0, dtype=np.intp), *found])
    rest = np.setdiff1d(outside, row)
    if len(rest):
        out[rest] = _overlay_entries(prep.segs[seg[rest]], prep.zone_geoms[zone[rest]], p[rest])
    return out


def _first_crossings(
    prep: Prepared, p: np.ndarray, d: np.ndarray, zone: np.ndarray, rows: np.ndarray, out: np.ndarray
) -> np.ndarray:
    """Write the first boundary crossing of ``rows`` into ``out``; return the rows it could do.

    The segment is p + t*d, an edge a + u*e; they cross where 0 <= t, u <= 1 (give or take rounding,
    so that a crossing exactly at a vertex is not lost between two edges). A row with an edge lying
    along the segment is left to the exact overlay."""
    edges, first = prep.zone_edges()
    start = first[zone[rows]]
    counts = first[zone[rows] + 1] - start
    row = np.repeat(rows, counts)
    edge = edges[ranges(start, counts)]
    a, e = edge[:, 0], edge[:, 1] - edge[:, 0]
    dr = d[row]
    w = a - p[row]
    denom = dr[:, 0] * e[:, 1] - dr[:, 1] * e[:, 0]
    offset = w[:, 0] * dr[:, 1] - w[:, 1] * dr[:, 0]  # how far the edge's start is off the segment's line
    scale = np.hypot(dr[:, 0], dr[:, 1])
    parallel = np.abs(denom) <= _TOLERANCE * scale * np.hypot(e[:, 0], e[:, 1])
    along = parallel & (np.abs(offset) <= _TOLERANCE * scale * (np.hypot(w[:, 0], w[:, 1]) + scale))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (w[:, 0] * e[:, 1] - w[:, 1] * e[:, 0]) / denom
        u = offset / denom
    lo, hi = -_TOLERANCE, 1 + _TOLERANCE
    crossing = ~parallel & (t >= lo) & (t <= hi) & (u >= lo) & (u <= hi) & ~np.isin(row, row[along])
    row, t = row[crossing], np.clip(t[crossing], 0.0, 1.0)
    best = first_per_group(row, t)
    row, t = row[best], t[best]
    out[row] = p[row] + t[:, None] * d[row]
    return row


def _overlay_entries(segs: np.ndarray, zones: np.ndarray, start: np.ndarray) -> np.ndarray:
    inside = shapely.intersection(segs, zones)
    coords, owner = shapely.get_coordinates(inside, return_index=True)
    out = start.copy()  # an empty overlay (a graze lost to rounding) keeps the segment's start
    if len(coords):
        dx = coords[:, 0] - start[owner, 0]
        dy = coords[:, 1] - start[owner, 1]
        rows = first_per_group(owner, dx * dx + dy * dy)
        out[owner[rows]] = coords[rows]
    return out


def closest_on_segments(segs: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(n, 2) point of each segment closest to its other geometry."""
    return shapely.get_coordinates(shapely.shortest_line(segs, others)).reshape(-1, 2, 2)[:, 0]


def closest_between(segs_a: np.ndarray, segs_b: np.ndarray) -> np.ndarray:
    """(n, 2) middle of the shortest line between two segments."""
    ends = shapely.get_coordinates(shapely.shortest_line(segs_a, segs_b)).reshape(-1, 2, 2)
    return (ends[:, 0] + ends[:, 1]) / 2
