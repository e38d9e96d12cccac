"""Notified sites expire unless reconfirmed (reminded first, stale after, never deleted); the map layers
and the HXL export of outcomes."""

import datetime as dt

import hxl
import pytest

from cmcc.core.models import AuditEntry
from cmcc.movements import services
from cmcc.movements.models import NotifiedSite

from .conftest import ACROSS, CROSSING, call, hours, notify


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args):
    from cmcc.__main__ import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def site(world, name, days, **extra):
    return services.site_create(
        actor=world.actor("alice"),
        name=name,
        function="hospital",
        lon=34.4434,
        lat=31.5239,
        valid_until=hours(24 * days),
        releasability="cmcc",
        **extra,
    )


def test_site_states_reminders_and_reconfirmation(world, capsys):
    soon = site(world, "Soon", 3)
    later = site(world, "Later", 20)
    lapsed = services.site_create(
        actor=world.actor("alice"),
        name="Lapsed",
        function="shelter",
        lon=34.30,
        lat=31.30,
        valid_from=hours(-24 * 40),
        valid_until=hours(-24),
        releasability="cmcc",
    )
    states = {s["name"]: s["state"] for s in call(world, "bob", "get", "sites").json()["items"]}
    assert states == {"Soon": "expiring_soon", "Later": "active", "Lapsed": "expired"}
    assert soon.governorate_pcode == "PS0260" and lapsed.governorate_pcode
    stale = call(world, "bob", "get", "sites?state=expired").json()["items"]
    assert [s["name"] for s in stale] == ["Lapsed"]  # stale, still listed, never deleted
    code, out, _ = run(capsys, "movements", "remind", "--days", "7", "--dry-run")
    assert code == 0 and "Soon" in out and "Later" not in out and "would be reminded" in out
    assert NotifiedSite.objects.get(pk=soon.pk).reminder_sent_at is None
    code, out, _ = run(capsys, "movements", "remind", "--days", "7")
    assert code == 0 and "1 site(s)" in out
    assert AuditEntry.objects.filter(action="movements.site.reminded", object_id=soon.pk).count() == 1
    code, out, _ = run(capsys, "movements", "remind", "--days", "7")
    assert "0 site(s)" in out  # reminded once per confirmation
    r = call(world, "alice", "post", f"sites/{soon.pk}/reconfirm", {})
    assert r.status_code == 200 and r.json()["state"] == "active"
    code, _, err = run(capsys, "movements", "remind", "--days", "-3")
    assert code == 2 and err.count("\n") == 1 and "--days" in err
    code, _, err = run(capsys, "movements", "frobnicate")
    assert code == 2 and err.count("\n") == 1
    assert later.pk


def test_a_route_past_a_notified_site_is_flagged_and_the_site_layer_carries_osm_attribution(world, zone):
    services.site_create(
        actor=world.actor("bob"),
        name="Clinic on the road",
        function="health_facility",
        lon=34.43,
        lat=31.4601,
        releasability="cmcc",
        valid_from=hours(-1),
        osm_id="node/1",
        source="OpenStreetMap",
    )
    m = notify(world, route=ACROSS)
    detail = call(world, "alice", "get", f"notifications/{m.pk}").json()
    sites = [c for c in detail["conflicts"] if c["kind"] == "site"]
    assert sites and sites[0]["other_label"] == "Clinic on the road" and sites[0]["distance_m"] < 20
    layer = call(world, "alice", "get", "sites.geojson").json()
    assert "OpenStreetMap contributors" in layer["attribution"]
    assert layer["features"][0]["properties"]["state"] == "active"


def test_conflicts_with_records_not_shared_are_withheld(world, zone):
    mine = notify(world, "alice", route=ACROSS, releasability="cmcc")
    private = notify(world, "bob", route=CROSSING, start=73, releasability="org")
    organiser = call(world, "alice", "get", f"notifications/{mine.pk}").json()["conflicts"]
    hidden = [c for c in organiser if c["kind"] == "movement"]
    assert hidden and hidden[0]["shared"] is False and hidden[0]["other_id"] is None
    assert private.reference not in str(organiser) and "not shared with you" in hidden[0]["explanation"]
    viewer = call(world, "charlie", "get", f"notifications/{mine.pk}").json()["conflicts"]
    assert [c["kind"] for c in viewer] == ["zone"]  # other viewers do not see the withheld finding
    theirs = call(world, "bob", "get", f"notifications/{private.pk}").json()["conflicts"]
    assert [c["other_label"] for c in theirs if c["kind"] == "movement"] == [mine.reference]


def test_hxl_export_of_outcomes_parses_and_follows_access(world, zone, tmp_path):
    shared = notify(world, route=ACROSS, releasability="cmcc")
    private = notify(world, "alice", route=ACROSS, start=100, releasability="org")
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    call(world, "pat", "post", f"transmissions/{tx['id']}/receipt")
    services.checkpoint_event_add(
        actor=world.actor("alice"),
        movement=shared,
        checkpoint="CP 1",
        arrived_at=hours(72),
        departed_at=hours(74.5),
    )
    services.movement_record_outcome(
        actor=world.actor("alice"), movement=shared, outcome="impeded", impeded_result="accomplished"
    )
    for who, expected in (("alice", {shared.reference, private.reference}), ("bob", {shared.reference})):
        r = call(world, who, "get", "outcomes.csv")
        assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
        path = tmp_path / f"{who}.csv"
        path.write_bytes(r.content)
        data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
        tags = [c.display_tag for c in data.columns]
        assert "#activity+code" in tags and "#status+outcome" in tags and "#org+party+received+num" in tags
        rows = {row.get("#activity+code"): row for row in data}
        assert set(rows) == expected
    row = rows[shared.reference]
    assert row.get("#status+outcome") == "impeded" and row.get("#status+outcome+impeded") == "accomplished"
    assert row.get("#indicator+wait_hours+num") == "2.5" and row.get("#adm1+code")
    assert call(world, None, "get", "outcomes.csv").content.decode().count("\n") == 2  # headers only


def test_snapshot_counts_outcomes_per_week_with_trend(world):
    today = (hours(0)).date()
    monday = today - dt.timedelta(days=today.weekday())
    last_week = dt.datetime.combine(monday - dt.timedelta(days=5), dt.time(8), tzinfo=dt.UTC)
    this_week = dt.datetime.combine(monday + dt.timedelta(hours=2), dt.time(8), tzinfo=dt.UTC)
    for start, outcome in ((last_week, "facilitated"), (last_week, "denied"), (this_week, "facilitated")):
        m = services.movement_create(
            actor=world.actor("alice"),
            purpose="fuel_delivery",
            route=ACROSS,
            window_start=start,
            window_end=start + dt.timedelta(hours=3),
            releasability="cmcc",
            submit=True,
        )
        services.movement_record_outcome(actor=world.actor("alice"), movement=m, outcome=outcome)
    weeks = call(world, "bob", "get", f"snapshot?weeks=2&today={today.isoformat()}").json()["weeks"]
    assert [w["notified"] for w in weeks] == [2, 1]
    assert weeks[0]["facilitated_share"] == 50.0 and weeks[1]["facilitated_share"] == 100.0
    assert weeks[1]["trend_points"] == 50.0 and weeks[0]["denied"] == 1
    assert [w["notified"] for w in call(world, "charlie", "get", "snapshot?weeks=2").json()["weeks"]] == [
        2,
        1,
    ]
    assert sum(w["notified"] for w in call(world, "sam", "get", "snapshot?weeks=2").json()["weeks"]) == 0
