"""The deconfliction engine on hand-made cases: zone versions in force, movement pairs, sites, and the
explanation of each conflict. Pure: no database, no Django."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from shapely.geometry import LineString, Point, Polygon

from cmcc.movements.deconfliction import (
    Conflict,
    ConflictKind,
    LocalProjection,
    Movement,
    Site,
    Zone,
    check,
    check_naive,
    zones_in_force,
)

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
# Metres per degree near 31.4 N (east, north), for building cases; the engine measures for itself.
KX, KY = LocalProjection.at(34.40, 31.40).kx, LocalProjection.at(34.40, 31.40).ky

SQUARE = Polygon([(34.40, 31.40), (34.41, 31.40), (34.41, 31.41), (34.40, 31.41)])
ACROSS = LineString([(34.39, 31.405), (34.42, 31.405)])  # enters SQUARE at (34.40, 31.405)
BESIDE = LineString([(34.39, 31.38), (34.42, 31.38)])  # 2.2 km south of it


def both(*args, **kwargs):
    """The fast engine's answer, after checking the reference loop agrees."""
    fast = check(*args, **kwargs)
    assert fast == check_naive(*args, **kwargs)
    return fast


def move(id, route, start, hours=4):
    return Movement(id, route, start, start + hours * HOUR)


def north_shifted(line, metres):
    return LineString([(x, y + metres / KY) for x, y in line.coords])


def test_zone_in_force_only_next_week_needs_coordination_next_week_not_today():
    zone = Zone("Z1", 1, "restricted", SQUARE, valid_from=NOW + 7 * DAY)
    today = move("today", ACROSS, NOW)
    next_week = move("next-week", ACROSS, NOW + 7 * DAY + 2 * HOUR)

    results = both([today, next_week], [zone], [])

    assert results["today"].coordination_required is False
    assert results["today"].conflicts == ()
    assert results["next-week"].coordination_required is True
    (crossing,) = results["next-week"].zones
    assert (crossing.other_id, crossing.version, crossing.category) == ("Z1", 1, "restricted")
    assert crossing.where == pytest.approx((34.40, 31.405), abs=1e-9)  # where the route enters
    assert (crossing.start, crossing.end) == (next_week.start, next_week.end)


def test_the_version_in_force_is_the_one_named_and_the_interval_is_clipped_to_it():
    moved = Polygon([(34.43, 31.40), (34.44, 31.40), (34.44, 31.41), (34.43, 31.41)])  # off the route
    v1 = Zone("Z1", 1, "coordination_required", SQUARE, valid_from=NOW - DAY, valid_to=NOW + 2 * HOUR)
    v2 = Zone("Z1", 2, "coordination_required", moved, valid_from=NOW + 2 * HOUR)
    assert zones_in_force([v1, v2], NOW) == [v1]
    assert zones_in_force([v1, v2], NOW + 2 * HOUR) == [v2]  # half-open: v1 is over at its valid_to

    spanning = move("M", ACROSS, NOW, hours=4)
    after = move("after", ACROSS, NOW + 3 * HOUR)
    results = both([spanning, after], [v1, v2], [])

    (crossing,) = results["M"].zones
    assert (crossing.version, crossing.start, crossing.end) == (1, NOW, NOW + 2 * HOUR)
    assert results["after"].coordination_required is False


def test_a_line_zone_is_crossed_and_an_advisory_zone_does_not_require_coordination():
    line = Zone("L", 1, "line", LineString([(34.415, 31.39), (34.415, 31.42)]))
    advisory = Zone("A", 1, "advisory", SQUARE)
    results = both([move("M", ACROSS, NOW)], [line, advisory], [])
    assert [(c.other_id, c.category) for c in results["M"].zones] == [("A", "advisory"), ("L", "line")]
    assert results["M"].zones[1].where == pytest.approx((34.415, 31.405), abs=1e-9)
    assert results["M"].coordination_required is True

    only_advisory = both([move("M", ACROSS, NOW)], [advisory], [])
    assert only_advisory["M"].coordination_required is False
    assert len(only_advisory["M"].zones) == 1


def test_a_route_starting_inside_a_zone_enters_it_at_its_start():
    inside = LineString([(34.405, 31.405), (34.42, 31.405)])
    results = both([move("M", inside, NOW)], [Zone("Z", 3, "restricted", SQUARE)], [])
    assert results["M"].zones[0].where == pytest.approx((34.405, 31.405), abs=1e-12)


def test_overlapping_corridors_in_overlapping_windows_are_both_flagged_with_the_place():
    a = move("A", ACROSS, NOW, hours=4)
    b = move("B", north_shifted(ACROSS, 30), NOW + 3 * HOUR, hours=4)  # 30 m apart, 1 h in common

    results = both([a, b], [], [], corridor_m=50)

    (seen_by_a,) = results["A"].movements
    (seen_by_b,) = results["B"].movements
    assert (seen_by_a.other_id, seen_by_b.other_id) == ("B", "A")
    for conflict in (seen_by_a, seen_by_b):
        assert conflict.kind is ConflictKind.MOVEMENT
        assert conflict.distance_m == pytest.approx(30, rel=0.01)
        assert (conflict.start, conflict.end) == (NOW + 3 * HOUR, NOW + 4 * HOUR)
        lon, lat = conflict.where
        assert 34.39 <= lon <= 34.42
        assert lat == pytest.approx(31.405 + 15 / KY, abs=1e-7)  # half-way between the two routes


def test_same_corridors_in_windows_that_do_not_overlap_are_not_flagged():
    a = move("A", ACROSS, NOW, hours=4)
    b = move("B", north_shifted(ACROSS, 30), NOW + 4 * HOUR, hours=4)  # starts as A ends
    c = move("C", ACROSS, NOW + DAY)
    results = both([a, b, c], [], [], corridor_m=50)
    assert all(r.conflicts == () for r in results.values())


def test_the_corridor_distance_decides():
    a = move("A", ACROSS, NOW)
    b = move("B", north_shifted(ACROSS, 80), NOW)
    assert both([a, b], [], [], corridor_m=50)["A"].movements == ()
    assert len(both([a, b], [], [], corridor_m=100)["A"].movements) == 1


def test_crossing_routes_conflict_at_the_crossing():
    a = move("A", ACROSS, NOW)
    b = move("B", LineString([(34.395, 31.37), (34.395, 31.42)]), NOW + HOUR)
    far = move("far", BESIDE, NOW)  # parallel to A, 2.8 km away; crosses B though
    results = both([a, b, far], [], [])
    assert [c.other_id for c in results["A"].movements] == ["B"]
    assert [c.other_id for c in results["B"].movements] == ["A", "far"]
    crossing = results["A"].movements[0]
    assert crossing.distance_m == 0
    assert crossing.where == pytest.approx((34.395, 31.405), abs=1e-9)


def test_a_site_near_the_route_conflicts_while_its_notification_is_valid():
    hospital = Site("H", "hospital", Point(34.405, 31.405 + 30 / KY), valid_until=NOW + DAY)
    warehouse = Site("W", "warehouse", Polygon([(34.395, 31.4052), (34.396, 31.4052), (34.396, 31.406),
                                                 (34.395, 31.406)]))  # fmt: skip
    far = Site("F", "shelter", Point(34.405, 31.405 + 90 / KY))
    lapsed = Site("L", "school", Point(34.41, 31.405), valid_until=NOW - HOUR)

    results = both([move("M", ACROSS, NOW)], [], [hospital, warehouse, far, lapsed], site_distance_m=50)

    near = results["M"].sites
    assert [(c.other_id, c.category) for c in near] == [("H", "hospital"), ("W", "warehouse")]
    hospital_conflict = near[0]
    assert hospital_conflict.distance_m == pytest.approx(30, rel=0.01)
    assert hospital_conflict.where == pytest.approx((34.405, 31.405), abs=1e-9)  # the route's closest point
    assert (hospital_conflict.start, hospital_conflict.end) == (NOW, NOW + 4 * HOUR)
    assert near[1].distance_m == pytest.approx(0.0002 * KY, rel=0.01)
    assert results["M"].coordination_required is False  # sites flag, they do not require coordination

    next_day = both([move("M", ACROSS, NOW + DAY)], [], [hospital])
    assert next_day["M"].sites == ()


def test_subjects_limit_the_results_but_not_what_they_are_checked_against():
    a = move("A", ACROSS, NOW)
    b = move("B", ACROSS, NOW)
    results = both([a, b], [], [], subjects=["B"])
    assert list(results) == ["B"]
    assert [c.other_id for c in results["B"].movements] == ["A"]
    with pytest.raises(ValueError, match="unknown movement ids"):
        check([a, b], [], [], subjects=["nope"])


def test_conflicts_are_ordered_and_explained():
    zone = Zone("Z", 2, "restricted", SQUARE, name="North")
    site = Site("S", "clinic", Point(34.415, 31.405))
    results = both([move("A", ACROSS, NOW), move("B", ACROSS, NOW)], [zone], [site])
    result = results["A"]
    assert [c.kind for c in result.conflicts] == [ConflictKind.ZONE, ConflictKind.MOVEMENT, ConflictKind.SITE]
    lines = result.explain()
    assert lines[0] == "movement A: coordination required"
    assert lines[1].startswith(
        "enters restricted zone Z (version 2) at lon 34.400000, lat 31.405000, 2026-03-02"
    )
    assert "within 0 m of clinic site S" in lines[3]


def test_times_may_come_in_any_timezone_and_results_compare_by_instant():
    gaza = timezone(timedelta(hours=2))
    zone = Zone("Z", 1, "restricted", SQUARE, valid_from=(NOW + HOUR).astimezone(gaza))
    results = both([move("M", ACROSS, NOW.astimezone(gaza))], [zone], [])
    (crossing,) = results["M"].zones
    assert crossing.start == NOW + HOUR


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="timezone-aware"):
        Movement("M", ACROSS, datetime(2026, 3, 1), datetime(2026, 3, 2))
    with pytest.raises(ValueError, match="is not before"):
        Movement("M", ACROSS, NOW, NOW)
    with pytest.raises(ValueError, match="LineString"):
        Movement("M", SQUARE, NOW, NOW + HOUR)
    with pytest.raises(ValueError, match="zero length"):
        Movement("M", LineString([(34.4, 31.4), (34.4, 31.4)]), NOW, NOW + HOUR)
    with pytest.raises(ValueError, match="is not before"):
        Zone("Z", 1, "restricted", SQUARE, valid_from=NOW, valid_to=NOW - HOUR)
    with pytest.raises(ValueError, match="duplicate movement"):
        check([move("M", ACROSS, NOW), move("M", BESIDE, NOW)], [], [])
    with pytest.raises(ValueError, match="duplicate zone version"):
        check([], [Zone("Z", 1, "line", ACROSS), Zone("Z", 1, "line", BESIDE)], [])


def test_nothing_to_check():
    assert check([], [], []) == {}
    assert both([move("M", ACROSS, NOW)], [], []) == {"M": check_naive([move("M", ACROSS, NOW)], [], [])["M"]}


def test_a_conflict_is_a_plain_value():
    c = Conflict(ConflictKind.SITE, "S", None, "clinic", (34.4, 31.4), NOW, NOW + HOUR, 12.0)
    assert c == Conflict(ConflictKind.SITE, "S", None, "clinic", (34.4, 31.4), NOW, NOW + HOUR, 12.0)
    assert c.sort_key() == (2, "S", 0)
