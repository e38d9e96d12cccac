"""The issue's checks on the services: coordination follows the zones in force in the window;
overlapping corridors in overlapping windows are flagged on both sides, with the place."""

from cmcc.movements import selectors, services
from cmcc.movements.models import MovementConflict, Transmission

from .conftest import ACROSS, BESIDE, CROSSING, SQUARE, hours, notify


def test_zone_in_force_only_next_week_needs_coordination_next_week_only(world):
    services.zone_create(
        actor=world.actor("cora"),
        name="Buffer from next week",
        kind="restricted",
        authority=world.orgs["p"],
        geometry=SQUARE,
        valid_from=hours(24 * 7),
        source="Announced (test)",
        releasability="cmcc",
    )
    today = notify(world, start=1, length=4)
    next_week = notify(world, start=24 * 7 + 2, length=4)
    assert today.coordination_required is False
    assert next_week.coordination_required is True
    assert not Transmission.objects.filter(movement=today).exists()
    assert list(Transmission.objects.filter(movement=next_week).values_list("party_id", flat=True)) == [
        world.orgs["p"].pk
    ]
    assert today.late is True and next_week.late is False  # 1 h notice is late, flagged not refused


def test_overlapping_corridors_in_overlapping_windows_are_both_flagged_with_the_place(world):
    first = notify(world, "alice", route=ACROSS, start=72, length=6)
    second = notify(world, "bob", route=CROSSING, start=75, length=6)
    later = notify(world, "bob", route=CROSSING, start=200, length=6)
    beside = notify(world, "alice", route=BESIDE, start=72, length=6)
    for m in (first, second):
        other = second if m is first else first
        rows = MovementConflict.objects.filter(movement=m, kind="movement")
        assert [r.other_movement_id for r in rows] == [other.pk]
        row = rows.get()
        assert abs(row.lon - 34.39) < 1e-6 and abs(row.lat - 31.46) < 1e-6
        assert row.starts_at == hours(75) and row.ends_at == hours(78)
    assert not MovementConflict.objects.filter(movement=later, kind="movement").exists()
    assert not MovementConflict.objects.filter(movement=beside, kind="movement").exists()
    views = selectors.conflicts_for(actor=world.actor("alice"), movement=first)
    text = [v.explanation for v in views if v.kind == "movement"]
    assert text and second.reference in text[0] and "31.46000, 34.39000" in text[0]


def test_a_zone_version_added_later_rechecks_open_movements(world, zone):
    m = notify(world, route=BESIDE, start=72)
    assert m.coordination_required is False
    moved = {
        "type": "Polygon",
        "coordinates": [[[34.40, 31.39], [34.42, 31.39], [34.42, 31.41], [34.40, 31.41], [34.40, 31.39]]],
    }
    services.zone_version_add(
        actor=world.actor("cora"), zone=zone, geometry=moved, valid_from=hours(1), source="New map (test)"
    )
    m.refresh_from_db()
    assert m.coordination_required is True
    versions = list(zone.versions.order_by("version").values_list("version", "valid_to"))
    assert versions == [(1, hours(1)), (2, None)]
    at_now = selectors.zones_in_force(actor=world.actor("bob"), at=hours(0))
    at_later = selectors.zones_in_force(actor=world.actor("bob"), at=hours(2))
    assert [v.version for v in at_now] == [1] and [v.version for v in at_later] == [2]


def test_the_zones_in_force_at_any_moment_through_the_api(world, zone):
    from urllib.parse import urlencode

    from .conftest import call

    moved = {
        "type": "Polygon",
        "coordinates": [[[34.40, 31.39], [34.42, 31.39], [34.42, 31.41], [34.40, 31.41], [34.40, 31.39]]],
    }
    services.zone_version_add(
        actor=world.actor("cora"),
        zone=zone,
        geometry=moved,
        valid_from=hours(24),
        source="Revised map (test)",
    )
    services.zone_end(actor=world.actor("cora"), zone=zone, at=hours(48))

    def layer(at):
        data = call(world, "bob", "get", f"zones.geojson?{urlencode({'at': at.isoformat()})}").json()
        return [f["properties"]["version"] for f in data["features"]]

    assert (
        layer(hours(-48)) == []
        and layer(hours(0)) == [1]
        and layer(hours(30)) == [2]
        and layer(hours(50)) == []
    )
    listed = call(world, "bob", "get", f"zones?{urlencode({'at': hours(30).isoformat()})}").json()["items"]
    assert [z["version_in_force"]["version"] for z in listed] == [2]
    assert (
        call(world, "bob", "get", f"zones?{urlencode({'at': hours(50).isoformat()})}").json()["items"] == []
    )
    detail = call(world, "bob", "get", f"zones/{zone.pk}").json()
    assert [(v["version"], v["valid_to"] is not None) for v in detail["versions"]] == [(1, True), (2, True)]
