"""The fast engine returns exactly what the reference loop returns, on seeded random worlds: free-form
ones, and ones snapped to a grid so that routes run along zone edges and each other, touch at vertices,
and windows start as others end."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from cmcc.movements.deconfliction import Movement, Site, Zone, check, check_naive
from cmcc.movements.deconfliction.prepared import _overlay_entries, first_per_group, prepare, zone_entries

T0 = datetime(2026, 3, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)
BOX = (34.38, 31.38, 34.46, 31.46)
GRID = 0.001  # about 100 m


def _hours(rng: np.random.Generator, low: float, high: float) -> datetime:
    return T0 + HOUR * int(rng.integers(low, high))


def _zone_geometry(rng: np.random.Generator, grid: bool):
    x, y = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
    if grid:
        x, y = round(x / GRID) * GRID, round(y / GRID) * GRID
        w, h = GRID * rng.integers(1, 8, 2)
        if rng.random() < 0.2:
            return LineString([(x, y), (x + w, y), (x + w, y + h)])
        return shapely.box(x, y, x + w, y + h)
    if rng.random() < 0.2:
        return LineString(
            np.column_stack([x + np.cumsum(rng.normal(0, 0.004, 5)), y + rng.normal(0, 0.004, 5)])
        )
    n = int(rng.integers(5, 14))
    angles = (np.arange(n) + rng.uniform(0, 0.8, n)) * 2 * np.pi / n  # star-shaped, hence simple
    radius = rng.uniform(0.001, 0.01) * rng.uniform(0.7, 1.3, len(angles))
    return Polygon(np.column_stack([x + radius * np.cos(angles), y + radius * np.sin(angles)]))


def _route(rng: np.random.Generator, grid: bool) -> LineString:
    n = int(rng.integers(2, 14))
    if grid:
        start = np.round(rng.uniform(BOX[:2], BOX[2:]) / GRID)
        steps = np.zeros((n, 2))
        axis = rng.integers(0, 2, n)
        steps[np.arange(n), axis] = rng.integers(-6, 7, n)  # some zero steps: repeated waypoints
        coords = (start + np.cumsum(steps, axis=0)) * GRID
        if len({tuple(c) for c in coords}) < 2:
            coords[-1] += GRID
        return LineString(coords)
    coords = rng.uniform(BOX[:2], BOX[2:]) + np.cumsum(rng.normal(0, 0.005, (n, 2)), axis=0)
    return LineString(coords)


def world(seed: int, grid: bool, movements: int = 150, zones: int = 40, sites: int = 80):
    rng = np.random.default_rng(seed)
    zone_versions = []
    for i in range(zones):
        start: datetime | None = None if rng.random() < 0.2 else _hours(rng, -24, 48)
        kind = str(rng.choice(["restricted", "coordination_required", "line", "advisory"]))
        for version in range(1, int(rng.integers(1, 4)) + 1):
            end = None if rng.random() < 0.2 else (start or T0) + HOUR * int(rng.integers(1, 30))
            zone_versions.append(Zone(f"Z{i}", version, kind, _zone_geometry(rng, grid), start, end))
            if end is None:
                break
            start = end
    site_list = []
    for i in range(sites):
        x, y = rng.uniform(BOX[:2], BOX[2:])
        if grid:
            x, y = round(x / GRID) * GRID, round(y / GRID) * GRID
        geometry = Point(x, y) if rng.random() < 0.7 else shapely.box(x, y, x + 0.0005, y + 0.0004)
        valid_from = None if rng.random() < 0.3 else _hours(rng, -48, 48)
        valid_until = None if rng.random() < 0.2 else (valid_from or T0) + HOUR * int(rng.integers(1, 72))
        site_list.append(Site(f"S{i}", "shelter", geometry, valid_from, valid_until))
    movement_list = []
    for i in range(movements):
        start = _hours(rng, 0, 72)
        movement_list.append(
            Movement(f"M{i}", _route(rng, grid), start, start + HOUR * int(rng.integers(1, 8)))
        )
    assert all(z.geometry.is_valid for z in zone_versions)
    return movement_list, zone_versions, site_list


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("grid", [False, True], ids=["free", "grid"])
def test_fast_engine_equals_reference_loop(seed, grid):
    movements, zones, sites = world(seed, grid)
    kwargs = {"corridor_m": 100.0, "site_distance_m": 60.0}
    fast = check(movements, zones, sites, **kwargs)
    reference = check_naive(movements, zones, sites, **kwargs)
    assert list(fast) == list(reference)
    for movement_id, result in reference.items():
        assert fast[movement_id] == result, movement_id
    found = [c.kind for r in fast.values() for c in r.conflicts]
    assert {"zone", "movement", "site"} <= set(found)  # the sample exercises every kind
    assert 0 < sum(r.coordination_required for r in fast.values()) < len(fast)


def test_a_sample_of_subjects_gets_the_same_answer_as_the_full_run():
    movements, zones, sites = world(7, grid=True)
    sample = [m.id for m in movements[::9]]
    full = check(movements, zones, sites)
    partial = check(movements, zones, sites, subjects=sample)
    assert partial == {key: full[key] for key in sample}
    assert partial == check_naive(movements, zones, sites, subjects=sample)


@pytest.mark.parametrize("bucket_hours", [1, 5, 24 * 7])
def test_the_time_bucket_only_changes_speed(bucket_hours):
    movements, zones, sites = world(11, grid=True)
    assert check(movements, zones, sites, bucket=HOUR * bucket_hours) == check(movements, zones, sites)


@pytest.mark.parametrize("grid", [False, True], ids=["free", "grid"])
def test_entry_points_agree_with_the_exact_overlay(grid):
    movements, zones, sites = world(5, grid)
    prep = prepare(movements, zones, sites)
    seg, zone = shapely.STRtree(prep.zone_geoms).query(prep.segs, predicate="intersects")
    first = first_per_group(prep.seg_move[seg] * len(zones) + zone, seg)
    seg, zone = seg[first], zone[first]
    start = shapely.get_coordinates(shapely.get_point(prep.segs[seg], 0))
    fast = zone_entries(prep, seg, zone)
    exact = _overlay_entries(prep.segs[seg], prep.zone_geoms[zone], start)
    assert len(seg) > 100
    assert np.abs(fast - exact).max() < 1e-6  # metres
