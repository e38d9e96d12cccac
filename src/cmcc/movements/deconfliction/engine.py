"""The fast path: bulk STRtree queries on 2-vertex route segments, time filtering before exact predicates.

* zones: an STRtree over every zone version (areas whole, lines cut into segments); the bounding-box
  candidates of every route segment are filtered by validity against the movement's window, then
  tested with ``intersects``. Versions are kept apart, so the answer names the version in force.
* sites: an STRtree over site boxes grown by the site distance; candidates filtered by validity, then
  ``distance``.
* movement x movement: time is cut into buckets; a movement is active in every bucket its window
  touches. Of two movements whose windows overlap, the later to start is active in its first bucket
  together with the other. So in each bucket an STRtree over the active segments is queried, with
  boxes grown by the corridor, by the segments of the movements starting there; a candidate is kept
  if the asking movement is the later of the two and the windows overlap (each pair is found once),
  then measured with ``distance``.
* the conflicts are built column-wise and ordered with numpy, not one movement at a time.

Results are identical to ``naive.check_naive`` (tested, and compared on every benchmark run).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import shapely

from cmcc.core import collector

from .geometry import LocalProjection
from .model import COORDINATION_KINDS, Conflict, ConflictKind, Movement, Result, Site, Zone
from .prepared import (
    EPOCH,
    MICROSECOND,
    Prepared,
    closest_between,
    closest_on_segments,
    concurrent_with,
    default_projection,
    first_per_group,
    prepare,
    ranges,
    zone_entries,
)

DEFAULT_BUCKET = timedelta(hours=6)
_KIND_RANK = {ConflictKind.ZONE: 0, ConflictKind.MOVEMENT: 1, ConflictKind.SITE: 2}


def zones_in_force(zones: Iterable[Zone], moment: datetime) -> list[Zone]:
    """The zone versions in force at ``moment``."""
    return [z for z in zones if z.in_force_at(moment)]


def check(
    movements: Sequence[Movement],
    zones: Sequence[Zone],
    sites: Sequence[Site],
    *,
    corridor_m: float = 50.0,
    site_distance_m: float = 50.0,
    coordination_kinds: Collection[str] = COORDINATION_KINDS,
    projection: LocalProjection | None = None,
    subjects: Iterable[str] | None = None,
    bucket: timedelta = DEFAULT_BUCKET,
    timings: dict[str, float] | None = None,
) -> dict[str, Result]:
    """Deconflict ``subjects`` (default: every movement) against zones, sites and all movements.

    Returns one ``Result`` per subject movement, keyed by id, in input order. ``timings``, if given,
    receives the seconds spent in each stage.
    """
    clock = _Clock(timings)
    if subjects is not None:
        subjects = set(subjects)
        projection = projection or default_projection(movements, zones, sites)
        movements, zones, sites = concurrent_with(movements, zones, sites, subjects)
    prep = prepare(movements, zones, sites, projection)
    wanted = _subject_mask(movements, subjects)
    clock.lap("prepare")
    zone_rows = _zone_conflicts(prep, wanted)
    clock.lap("zones")
    pair_rows = _movement_conflicts(prep, wanted, corridor_m, bucket)
    clock.lap("movements")
    site_rows = _site_conflicts(prep, wanted, site_distance_m)
    clock.lap("sites")
    with collector.paused():
        results = _assemble(prep, wanted, zone_rows, pair_rows, site_rows, coordination_kinds)
    clock.lap("assemble")
    return results


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


@dataclass(slots=True)
class _Rows:
    """Conflicts found by one stage, as columns: the movement, the other party, where (metres),
    the common interval (microseconds) and the distance."""

    move: np.ndarray
    other: np.ndarray
    where: np.ndarray
    start: np.ndarray
    end: np.ndarray
    distance: np.ndarray

    @classmethod
    def empty(cls) -> _Rows:
        ints = np.zeros(0, dtype=np.int64)
        return cls(ints, ints, np.zeros((0, 2)), ints, ints, np.zeros(0))

    def take(self, keep: np.ndarray) -> _Rows:
        return _Rows(*(column[keep] for column in self.columns()))

    def columns(self) -> tuple[np.ndarray, ...]:
        return (self.move, self.other, self.where, self.start, self.end, self.distance)


def _assemble(
    prep: Prepared,
    wanted: np.ndarray,
    zone_rows: _Rows,
    pair_rows: _Rows,
    site_rows: _Rows,
    coordination_kinds: Collection[str],
) -> dict[str, Result]:
    """Build every Conflict in one pass, order them with numpy, and cut them into Results."""
    zones, movements, sites = _Labels.of(prep.zones), _Labels.of(prep.movements), _Labels.of(prep.sites)
    flipped = _Rows(pair_rows.other, pair_rows.move, *pair_rows.columns()[2:])
    parts = [
        (ConflictKind.ZONE, zone_rows, zones),
        (ConflictKind.MOVEMENT, pair_rows, movements),
        (ConflictKind.MOVEMENT, flipped, movements),
        (ConflictKind.SITE, site_rows, sites),
    ]
    parts = [(kind, rows.take(wanted[rows.move]), labels) for kind, rows, labels in parts]
    columns = zip(*(part.columns() for _, part, _ in parts), strict=True)
    rows = _Rows(*(np.concatenate(column) for column in columns))
    ids: list[str] = []
    versions: list[int | None] = []
    categories: list[str] = []
    kinds: list[ConflictKind] = []
    for kind, part, lab in parts:
        other = part.other.tolist()
        ids += [lab.ids[k] for k in other]
        versions += [lab.versions[k] for k in other]
        categories += [lab.categories[k] for k in other]
        kinds += [kind] * len(other)
    starts, ends = _moments(rows.start, rows.end)
    where = prep.lonlat(rows.where)
    conflicts = list(
        map(Conflict, kinds, ids, versions, categories, where, starts, ends, rows.distance.tolist())
    )
    kind_rank = np.concatenate([np.full(len(part.move), _KIND_RANK[kind]) for kind, part, _ in parts])
    id_rank = np.concatenate([lab.rank[part.other] for _, part, lab in parts])
    version = np.concatenate([lab.version_key[part.other] for _, part, lab in parts])
    order = np.lexsort((version, id_rank, kind_rank, rows.move))
    ordered = [conflicts[k] for k in order.tolist()]
    bounds = np.searchsorted(rows.move[order], np.arange(len(prep.movements) + 1)).tolist()
    needs = np.array([z.kind in coordination_kinds for z in prep.zones], dtype=bool)
    required = np.zeros(len(prep.movements), dtype=bool)
    required[zone_rows.move[needs[zone_rows.other]]] = True
    results = {}
    for m in np.flatnonzero(wanted).tolist():
        movement_id = prep.movements[m].id
        found = tuple(ordered[bounds[m] : bounds[m + 1]])
        results[movement_id] = Result(movement_id, bool(required[m]), found)
    return results


@dataclass(slots=True)
class _Labels:
    """How conflicts name the other party, and its rank for ordering (id in string order, version)."""

    ids: list[str]
    versions: list[int | None]
    categories: list[str]
    rank: np.ndarray
    version_key: np.ndarray

    @classmethod
    def of(cls, items: Sequence[Zone] | Sequence[Movement] | Sequence[Site]) -> _Labels:
        ids = [item.id for item in items]
        position = {key: r for r, key in enumerate(sorted(set(ids)))}
        versions = [item.version if isinstance(item, Zone) else None for item in items]
        categories = [
            item.kind if isinstance(item, Zone) else item.function if isinstance(item, Site) else ""
            for item in items
        ]
        return cls(
            ids,
            versions,
            categories,
            np.array([position[key] for key in ids], dtype=np.int64),
            np.array([v or 0 for v in versions], dtype=np.int64),
        )


def _subject_mask(movements: Sequence[Movement], subjects: Iterable[str] | None) -> np.ndarray:
    if subjects is None:
        return np.ones(len(movements), dtype=bool)
    wanted = set(subjects)
    unknown = wanted - {m.id for m in movements}
    if unknown:
        raise ValueError(f"unknown movement ids: {sorted(unknown)}")
    return np.array([m.id in wanted for m in movements], dtype=bool)


def _grown_boxes(geoms: np.ndarray, distance: float) -> np.ndarray:
    bounds = shapely.bounds(geoms)
    return shapely.box(*(bounds - [distance, distance, -distance, -distance]).T)


def _moments(*arrays: np.ndarray) -> list[list[datetime]]:
    """int64 microseconds -> aware datetimes, each distinct value converted once."""
    values, inverse = np.unique(np.concatenate(arrays), return_inverse=True)
    made = [EPOCH + timedelta(microseconds=v) for v in values.tolist()]
    lists, at = [], 0
    for array in arrays:
        lists.append([made[k] for k in inverse[at : at + len(array)].tolist()])
        at += len(array)
    return lists


def _zone_conflicts(prep: Prepared, wanted: np.ndarray) -> _Rows:
    if not len(prep.zone_geoms) or not len(prep.segs):
        return _Rows.empty()
    pieces, owner = _zone_pieces(prep)
    segs = np.flatnonzero(wanted[prep.seg_move])
    seg, piece = shapely.STRtree(pieces).query(prep.segs[segs])
    seg, zone = segs[seg], owner[piece]
    move = prep.seg_move[seg]
    live = (prep.z_from[zone] < prep.m_end[move]) & (prep.z_to[zone] > prep.m_start[move])
    seg, piece, zone, move = seg[live], piece[live], zone[live], move[live]
    hit = shapely.intersects(pieces[piece], prep.segs[seg])
    seg, zone, move = seg[hit], zone[hit], move[hit]
    rows = first_per_group(move * len(prep.zone_geoms) + zone, seg)
    seg, zone, move = seg[rows], zone[rows], move[rows]
    start = np.maximum(prep.m_start[move], prep.z_from[zone])
    end = np.minimum(prep.m_end[move], prep.z_to[zone])
    return _Rows(move, zone, zone_entries(prep, seg, zone), start, end, np.zeros(len(move)))


def _zone_pieces(prep: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """What the zone index holds: areas whole (prepared), lines cut into their segments, because a
    long line's bounding box would make it a candidate for most routes. Returns pieces and owners."""
    lines = np.flatnonzero(np.isin(shapely.get_type_id(prep.zone_geoms), [1, 5]))
    whole = np.setdiff1d(np.arange(len(prep.zone_geoms)), lines)
    edges, first = prep.zone_edges()
    counts = first[lines + 1] - first[lines]
    pieces = np.concatenate(
        [prep.zone_geoms[whole], shapely.linestrings(edges[ranges(first[lines], counts)])]
    )
    return pieces, np.concatenate([whole, np.repeat(lines, counts)])


def _site_conflicts(prep: Prepared, wanted: np.ndarray, limit: float) -> _Rows:
    if not len(prep.site_geoms) or not len(prep.segs):
        return _Rows.empty()
    segs = np.flatnonzero(wanted[prep.seg_move])
    # Boxes grown around the (fewer) sites find the same candidates as boxes grown around segments.
    seg, site = shapely.STRtree(_grown_boxes(prep.site_geoms, limit)).query(prep.segs[segs])
    seg = segs[seg]
    move = prep.seg_move[seg]
    live = (prep.s_from[site] < prep.m_end[move]) & (prep.s_to[site] > prep.m_start[move])
    seg, site, move = seg[live], site[live], move[live]
    distance = shapely.distance(prep.segs[seg], prep.site_geoms[site])
    near = distance <= limit
    seg, site, move, distance = seg[near], site[near], move[near], distance[near]
    rows = first_per_group(move * len(prep.site_geoms) + site, distance, seg)
    seg, site, move, distance = seg[rows], site[rows], move[rows], distance[rows]
    where = closest_on_segments(prep.segs[seg], prep.site_geoms[site])
    start = np.maximum(prep.m_start[move], prep.s_from[site])
    end = np.minimum(prep.m_end[move], prep.s_to[site])
    return _Rows(move, site, where, start, end, distance)


def _movement_conflicts(prep: Prepared, wanted: np.ndarray, corridor: float, bucket: timedelta) -> _Rows:
    """Pairs (a, b) with a < b in input order, at least one of them wanted."""
    if not len(prep.segs):
        return _Rows.empty()
    width = bucket // MICROSECOND
    first_slot = prep.m_start // width
    spans = (prep.m_end - 1) // width - first_slot + 1
    member = np.repeat(np.arange(len(spans)), spans)
    slot = ranges(first_slot, spans)
    order = np.argsort(slot, kind="stable")
    member, slot = member[order], slot[order]
    bounds = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1], True])
    boxes = _grown_boxes(prep.segs, corridor)
    pairs = []
    for lo, hi in itertools.pairwise(bounds.tolist()):
        active = member[lo:hi]
        if len(active) < 2 or not wanted[active].any():
            continue
        # Of two movements whose windows overlap, the later to start (the later in input order on a
        # tie) starts in a bucket where the other is active: there, and only there, it asks.
        starters = active[first_slot[active] == slot[lo]]
        first = prep.seg_first[active]
        segs = ranges(first, prep.seg_first[active + 1] - first)
        first = prep.seg_first[starters]
        query = ranges(first, prep.seg_first[starters + 1] - first)
        i, j = shapely.STRtree(prep.segs[segs]).query(boxes[query])
        a, b = query[i], segs[j]
        ma, mb = prep.seg_move[a], prep.seg_move[b]
        sa, sb = prep.m_start[ma], prep.m_start[mb]
        later = (sa > sb) | ((sa == sb) & (ma > mb))
        keep = later & (sa < prep.m_end[mb]) & (wanted[ma] | wanted[mb])
        a, b, ma, mb = a[keep], b[keep], ma[keep], mb[keep]
        swap = ma > mb
        pairs.append((np.where(swap, b, a), np.where(swap, a, b)))
    if not pairs:
        return _Rows.empty()
    seg_a = np.concatenate([p[0] for p in pairs])
    seg_b = np.concatenate([p[1] for p in pairs])
    distance = shapely.distance(prep.segs[seg_a], prep.segs[seg_b])
    near = distance <= corridor
    seg_a, seg_b, distance = seg_a[near], seg_b[near], distance[near]
    ma, mb = prep.seg_move[seg_a], prep.seg_move[seg_b]
    rows = first_per_group(ma * len(prep.routes) + mb, distance, seg_a, seg_b)
    seg_a, seg_b, ma, mb, distance = seg_a[rows], seg_b[rows], ma[rows], mb[rows], distance[rows]
    where = closest_between(prep.segs[seg_a], prep.segs[seg_b])
    start = np.maximum(prep.m_start[ma], prep.m_start[mb])
    end = np.minimum(prep.m_end[ma], prep.m_end[mb])
    return _Rows(ma, mb, where, start, end, distance)
