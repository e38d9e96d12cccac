"""Transmission to the parties concerned: a party sees its own notifications and nothing else, only the
fields it needs, confirms receipt (which approves nothing) and decides separately with the grant."""

import pytest

from cmcc.core.testing import SYSTEM
from cmcc.movements import services

from .conftest import ACROSS, BESIDE, SQUARE, call, hours, notify

SOUTH = {
    "type": "Polygon",
    "coordinates": [[[34.40, 31.39], [34.42, 31.39], [34.42, 31.41], [34.40, 31.41], [34.40, 31.39]]],
}


@pytest.fixture
def two_parties(world):
    from cmcc.accounts import services as accounts
    from cmcc.partners import services as partners

    south = partners.organisation_create(
        actor=SYSTEM,
        slug="party-south",
        name="Party South Liaison",
        type="party_authority",
        community="party",
    )
    user = accounts.user_create(
        actor=SYSTEM, username="paz", org=south, role="member", extra_actions=["decide"]
    )
    world.users["paz"], world.orgs["q"] = user, south
    world.tokens["paz"] = accounts.token_create(actor=SYSTEM, user=user)[1]
    pat = world.users["pat"]
    pat.extra_actions = ["decide"]
    pat.save()
    for org, geometry, name in ((world.orgs["p"], SQUARE, "North area"), (south, SOUTH, "South area")):
        services.zone_create(
            actor=world.actor("cora"),
            name=name,
            kind="coordination_required",
            authority=org,
            geometry=geometry,
            valid_from=hours(-24),
            source="test",
            releasability="cmcc",
        )
    north_move = notify(world, route=ACROSS)
    services.person_add(
        actor=world.actor("alice"), movement=north_move, role="staff", full_name="Zaynab Secret"
    )
    south_move = notify(world, route=BESIDE)
    nowhere = notify(world, route={"type": "LineString", "coordinates": [[34.30, 31.30], [34.31, 31.31]]})
    return north_move, south_move, nowhere


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_a_party_sees_its_own_notifications_and_nothing_else(world, two_parties):
    north, south, nowhere = two_parties
    assert nowhere.coordination_required is False
    assert ids(call(world, "pat", "get", "notifications")) == {str(north.pk)}
    assert ids(call(world, "paz", "get", "notifications")) == {str(south.pk)}
    for other in (south, nowhere):
        assert call(world, "pat", "get", f"notifications/{other.pk}").status_code == 404
    pat_inbox = call(world, "pat", "get", "transmissions").json()["items"]
    assert [t["reference"] for t in pat_inbox] == [north.reference]
    south_tx = call(world, "paz", "get", "transmissions").json()["items"][0]
    assert call(world, "pat", "get", f"transmissions/{south_tx['id']}").status_code == 404
    layer = call(world, "pat", "get", "notifications.geojson").json()
    assert [f["properties"]["reference"] for f in layer["features"]] == [north.reference]
    # the other members see every movement released to them, and no one's inbox but the centre's staff
    assert ids(call(world, "bob", "get", "notifications")) == {str(m.pk) for m in two_parties}
    assert call(world, "bob", "get", "transmissions").json()["items"] == []
    assert len(call(world, "cora", "get", "transmissions").json()["items"]) == 2


def test_a_party_gets_only_the_fields_it_needs(world, two_parties):
    north = two_parties[0]
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    text = call(world, "pat", "get", f"transmissions/{tx['id']}").content.decode()
    text += call(world, "pat", "get", f"notifications/{north.pk}").content.decode()
    text += call(world, "pat", "get", f"notifications/{north.pk}/people").content.decode()
    assert "Zaynab Secret" not in text
    assert tx["packet"]["personnel_count"] == 5 and tx["packet"]["zones"][0]["name"] == "North area"
    assert "Zaynab Secret" in call(world, "alice", "get", f"notifications/{north.pk}/people").content.decode()


def test_receipt_is_not_a_decision_and_deciding_needs_the_grant(world, two_parties):
    north = two_parties[0]
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    url = f"transmissions/{tx['id']}"
    assert (
        call(world, "alice", "post", f"{url}/receipt").status_code == 403
    )  # only the party confirms receipt
    assert call(world, "bob", "post", f"{url}/receipt").status_code == 404
    r = call(world, "pat", "post", f"{url}/receipt")
    assert r.status_code == 200 and r.json()["received_at"] and r.json()["decision"] is None
    assert call(world, "pat", "post", f"{url}/receipt").status_code == 409
    detail = call(world, "alice", "get", f"notifications/{north.pk}").json()
    assert detail["clearance"] == "awaiting_decision"
    assert detail["parties"][0]["received_at"] and detail["parties"][0]["decision"] is None
    pat = world.users["pat"]
    pat.extra_actions = []
    pat.save()
    decision = {"kind": "approved"}
    assert call(world, "pat", "post", f"{url}/decisions", decision).status_code == 403
    pat.extra_actions = ["decide"]
    pat.save()
    changed = {
        "kind": "approved_with_changes",
        "changed_window_start": hours(80).isoformat(),
        "changed_window_end": hours(84).isoformat(),
        "note": "Later in the day",
    }
    r = call(world, "pat", "post", f"{url}/decisions", changed)
    assert r.status_code == 201 and r.json()["decision"] == "approved_with_changes"
    assert (
        call(world, "alice", "get", f"notifications/{north.pk}").json()["clearance"]
        == "approved_with_changes"
    )
    assert call(world, "paz", "post", f"{url}/decisions", decision).status_code == 404
    assert (
        call(world, "pat", "post", f"{url}/decisions", {"kind": "approved_with_changes"}).status_code == 422
    )


def test_the_organiser_records_no_response_and_a_denial_shows(world, two_parties):
    north, south, _ = two_parties
    south_tx = call(world, "paz", "get", "transmissions").json()["items"][0]
    assert (
        call(
            world, "alice", "post", f"transmissions/{south_tx['id']}/decisions", {"kind": "approved"}
        ).status_code
        == 403
    )
    r = call(world, "alice", "post", f"transmissions/{south_tx['id']}/decisions", {"kind": "no_response"})
    assert r.status_code == 201 and r.json()["received_at"] is None  # no response is not receipt
    assert call(world, "alice", "get", f"notifications/{south.pk}").json()["clearance"] == "no_response"
    north_tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    call(
        world,
        "pat",
        "post",
        f"transmissions/{north_tx['id']}/decisions",
        {"kind": "denied", "note": "Area active"},
    )
    assert call(world, "bob", "get", f"notifications/{north.pk}").json()["clearance"] == "denied"


def test_a_late_notification_is_flagged_not_refused(world, zone):
    r = call(
        world,
        "alice",
        "post",
        "notifications",
        {
            "purpose": "patient_evacuation",
            "route": ACROSS,
            "window_start": hours(20).isoformat(),
            "window_end": hours(22).isoformat(),
            "emergency": True,
            "submit": True,
            "releasability": "cmcc",
        },
    )
    assert r.status_code == 201 and r.json()["late"] is True and r.json()["notice_hours"] == 24
    assert r.json()["status"] == "submitted"
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    assert tx["late"] is True and tx["notice_hours"] == 24


def test_a_zone_change_addresses_a_new_party_and_releases_the_old(world, zone):
    m = notify(world, route=ACROSS)
    assert call(world, "pat", "get", f"notifications/{m.pk}").status_code == 200
    services.zone_end(actor=world.actor("cora"), zone=zone, at=hours(1))
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    assert tx["concerned"] is False
    assert call(world, "alice", "get", f"notifications/{m.pk}").json()["coordination_required"] is False


def test_with_the_default_audience_a_party_reads_nothing_about_movements_not_sent_to_it(world, zone):
    audience = ["humanitarian", "military", "coordination", "observer"]
    sent = notify(world, route=ACROSS, releasability="named", shared_with=audience)
    other = notify(world, route=BESIDE, releasability="named", shared_with=audience)
    assert call(world, "charlie", "get", f"notifications/{other.pk}").status_code == 200
    assert call(world, "pat", "get", f"notifications/{other.pk}").status_code == 404
    trail = world.client("pat").get(f"/api/v1/audit?object_id={other.pk}").json()["items"]
    assert trail == []
    tx = call(world, "pat", "get", "transmissions").json()["items"]
    assert [t["reference"] for t in tx] == [sent.reference]
