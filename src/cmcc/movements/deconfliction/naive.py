"""The reference: every movement against every zone version, every other movement and every site.

Plain loops over shapely scalar predicates and datetime comparisons, no index. It defines what the
fast engine must return, and is the baseline the benchmark compares against.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

import numpy as np
import shapely

from .geometry import LocalProjection
from .model import COORDINATION_KINDS, Conflict, ConflictKind, Movement, Result, Site, Zone
from .prepared import Prepared, closest_between, closest_on_segments, prepare, zone_entries


def overlap(
    start: datetime, end: datetime, other_start: datetime | None, other_end: datetime | None
) -> tuple[datetime, datetime] | None:
    """The common part of ``[start, end)`` and ``[other_start, other_end)`` (``None`` bounds are open)."""
    lo = start if other_start is None else max(start, other_start)
    hi = end if other_end is None else min(end, other_end)
    return (lo, hi) if lo < hi else None


def check_naive(
    movements: Sequence[Movement],
    zones: Sequence[Zone],
    sites: Sequence[Site],
    *,
    corridor_m: float = 50.0,
    site_distance_m: float = 50.0,
    coordination_kinds: Collection[str] = COORDINATION_KINDS,
    projection: LocalProjection | None = None,
    subjects: Iterable[str] | None = None,
) -> dict[str, Result]:
    prep = prepare(movements, zones, sites, projection)
    wanted = None if subjects is None else set(subjects)
    found: dict[int, list[Conflict]] = {}
    for i, movement in enumerate(movements):
        if wanted is not None and movement.id not in wanted:
            continue
        route = prep.routes[i]
        segs = prep.segs[prep.segments_of(i)]
        conflicts: list[Conflict] = []

        for z, zone in enumerate(zones):
            when = overlap(movement.start, movement.end, zone.valid_from, zone.valid_to)
            geom = prep.zone_geoms[z]
            if when is None or not route.intersects(geom):
                continue
            first = next(k for k, seg in enumerate(segs) if seg.intersects(geom))
            (where,) = prep.lonlat(zone_entries(prep, prep.seg_first[i : i + 1] + first, np.array([z])))
            conflicts.append(Conflict(ConflictKind.ZONE, zone.id, zone.version, zone.kind, where, *when, 0.0))

        for o, other in enumerate(movements):
            when = overlap(movement.start, movement.end, other.start, other.end)
            if o == i or when is None or route.distance(prep.routes[o]) > corridor_m:
                continue
            a, b = (i, o) if i < o else (o, i)
            segs_a, segs_b = prep.segs[prep.segments_of(a)], prep.segs[prep.segments_of(b)]
            distances = shapely.distance(segs_a[:, None], segs_b[None, :])
            ga, gb = np.unravel_index(np.argmin(distances), distances.shape)
            (where,) = prep.lonlat(closest_between(segs_a[ga : ga + 1], segs_b[gb : gb + 1]))
            metres = float(distances[ga, gb])
            conflicts.append(Conflict(ConflictKind.MOVEMENT, other.id, None, "", where, *when, metres))

        for s, site in enumerate(sites):
            when = overlap(movement.start, movement.end, site.valid_from, site.valid_until)
            geom = prep.site_geoms[s]
            if when is None or route.distance(geom) > site_distance_m:
                continue
            distances = shapely.distance(segs, geom)
            g = int(np.argmin(distances))
            (where,) = prep.lonlat(closest_on_segments(segs[g : g + 1], np.array([geom], dtype=object)))
            metres = float(distances[g])
            conflicts.append(Conflict(ConflictKind.SITE, site.id, None, site.function, where, *when, metres))

        found[i] = conflicts
    return assemble(prep, found, coordination_kinds)


def assemble(
    prep: Prepared, found: dict[int, list[Conflict]], coordination_kinds: Collection[str]
) -> dict[str, Result]:
    """Results from conflicts gathered per movement index, sorted one movement at a time."""
    results = {}
    for index in sorted(found):
        conflicts = tuple(sorted(found[index], key=Conflict.sort_key))
        required = any(c.kind is ConflictKind.ZONE and c.category in coordination_kinds for c in conflicts)
        movement_id = prep.movements[index].id
        results[movement_id] = Result(movement_id, required, conflicts)
    return results
