"""Bad input is a 4xx with a reason that names the problem, never a 500."""

import pytest

from .conftest import ACROSS, SQUARE, call, hours, iso

UNCLOSED = {
    "type": "Polygon",
    "coordinates": [[[34.40, 31.45], [34.42, 31.45], [34.42, 31.47], [34.40, 31.47]]],
}
OUT_OF_RANGE = {
    "type": "Polygon",
    "coordinates": [[[34.40, 31.45], [194.42, 31.45], [34.42, 31.47], [34.40, 31.45]]],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[34.40, 31.45], [34.42, 31.47], [34.42, 31.45], [34.40, 31.47], [34.40, 31.45]]],
}
BAD_GEOMETRY = [(UNCLOSED, "unclosed"), (OUT_OF_RANGE, "out of range"), (BOWTIE, "self-intersection")]


def zone_body(world, geometry=SQUARE, **extra):
    return {
        "name": "Zone",
        "kind": "restricted",
        "authority_id": str(world.orgs["p"].pk),
        "geometry": geometry,
        "valid_from": iso(hours(0)),
        "source": "test",
        **extra,
    }


def move_body(**extra):
    return {
        "purpose": "assessment",
        "route": ACROSS,
        "window_start": iso(hours(50)),
        "window_end": iso(hours(52)),
        **extra,
    }


def problem(response, field: str) -> str:
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    messages = [d["msg"] for d in detail if d["loc"][-1] == field]
    assert messages, detail
    return " ".join(messages)


@pytest.mark.parametrize(("geometry", "words"), BAD_GEOMETRY)
def test_bad_zone_geometry_is_a_422_naming_the_problem(world, geometry, words):
    r = call(world, "cora", "post", "zones", zone_body(world, geometry))
    assert words in problem(r, "geometry")


@pytest.mark.parametrize(("geometry", "words"), BAD_GEOMETRY)
def test_bad_site_geometry_is_a_422_naming_the_problem(world, geometry, words):
    body = {"name": "Warehouse", "function": "warehouse", "geometry": geometry}
    assert words in problem(call(world, "alice", "post", "sites", body), "geometry")


def test_bad_route_and_waypoints_are_422s_naming_the_problem(world):
    swapped = {"type": "LineString", "coordinates": [[31.5, 134.4], [31.6, 134.5]]}
    assert "latitude 134.4 is out of range" in problem(
        call(world, "alice", "post", "notifications", move_body(route=swapped)), "route"
    )
    polygon = move_body(route=SQUARE)
    assert "LineString" in problem(call(world, "alice", "post", "notifications", polygon), "route")
    one_point = move_body(route=None, waypoints=[{"lon": 34.4, "lat": 31.4}])
    assert "at least 2" in problem(call(world, "alice", "post", "notifications", one_point), "waypoints")
    nothing = move_body(route=None)
    assert "waypoints" in problem(call(world, "alice", "post", "notifications", nothing), "route")
    ok = move_body(
        route=None, waypoints=[{"lon": 34.38, "lat": 31.46, "name": "A"}, {"lon": 34.44, "lat": 31.46}]
    )
    r = call(world, "alice", "post", "notifications", ok)
    assert r.status_code == 201 and r.json()["waypoints"][0]["name"] == "A"


def test_windows_times_and_references(world):
    backwards = move_body(window_end=iso(hours(40)))
    assert "after it starts" in problem(
        call(world, "alice", "post", "notifications", backwards), "window_end"
    )
    naive = move_body(window_start="2030-01-01T08:00:00", window_end="2030-01-01T10:00:00")
    assert "time zone" in problem(call(world, "alice", "post", "notifications", naive), "window_start")
    unknown = move_body(partner_org_ids=["00000000-0000-0000-0000-000000000000"])
    assert "Unknown" in problem(call(world, "alice", "post", "notifications", unknown), "partner_org_ids")
    assert call(world, "alice", "post", "notifications", move_body(purpose="picnic")).status_code == 422
    assert call(world, "alice", "get", "notifications/not-a-uuid").status_code == 422
    assert call(world, "alice", "get", "notifications?since=yesterday").status_code == 422


def test_zone_authority_versions_and_ending(world):
    not_party = zone_body(world, authority_id=str(world.orgs["c"].pk))
    assert "party community" in problem(call(world, "cora", "post", "zones", not_party), "authority_id")
    line_as_area = zone_body(world, geometry=ACROSS)
    assert "LineString" in problem(call(world, "cora", "post", "zones", line_as_area), "geometry")
    zone = call(
        world, "cora", "post", "zones", zone_body(world, valid_to=iso(hours(10)), releasability="cmcc")
    ).json()
    overlapping = {"geometry": SQUARE, "valid_from": iso(hours(5)), "source": "test"}
    assert "Overlaps version 1" in problem(
        call(world, "cora", "post", f"zones/{zone['id']}/versions", overlapping), "valid_from"
    )
    later = {"geometry": SQUARE, "valid_from": iso(hours(10)), "source": "test"}
    r = call(world, "cora", "post", f"zones/{zone['id']}/versions", later)
    assert r.status_code == 201 and [v["version"] for v in r.json()["versions"]] == [1, 2]
    r = call(world, "cora", "post", f"zones/{zone['id']}/end", {"at": iso(hours(-100))})
    assert r.status_code == 409
    no_source = {"geometry": SQUARE, "valid_from": iso(hours(20)), "source": "  "}
    assert "where this version comes from" in problem(
        call(world, "cora", "post", f"zones/{zone['id']}/versions", no_source), "source"
    )


def test_outcomes_decisions_and_constraints(world, zone):
    draft = call(world, "alice", "post", "notifications", move_body(releasability="cmcc")).json()
    r = call(world, "alice", "post", f"notifications/{draft['id']}/outcome", {"outcome": "facilitated"})
    assert r.status_code == 409 and "draft" in r.json()["detail"]
    bad = {"outcome": "facilitated", "impeded_result": "accomplished"}
    call(world, "alice", "post", f"notifications/{draft['id']}/submit")
    assert "impeded" in problem(
        call(world, "alice", "post", f"notifications/{draft['id']}/outcome", bad), "impeded_result"
    )
    r = call(world, "alice", "patch", f"notifications/{draft['id']}", {"cargo_summary": "x"})
    assert r.status_code == 409
    checkpoint = {"checkpoint": "CP", "arrived_at": iso(hours(3)), "departed_at": iso(hours(2))}
    assert "before arrival" in problem(
        call(world, "alice", "post", f"notifications/{draft['id']}/checkpoints", checkpoint), "departed_at"
    )
    wrong_detail = {
        "occurred_at": iso(hours(-1)),
        "category": "physical_environment",
        "detail": "fired_upon",
        "description": "x y",
    }
    assert "violence" in problem(call(world, "alice", "post", "constraints", wrong_detail), "detail")
    half_point = dict(wrong_detail, category="violence_against_personnel", lon=34.4)
    assert "both" in problem(call(world, "alice", "post", "constraints", half_point), "lat")
    bad_pcode = dict(wrong_detail, category="violence_against_personnel", governorate_pcode="PS9999")
    assert "Unknown governorate" in problem(
        call(world, "alice", "post", "constraints", bad_pcode), "governorate_pcode"
    )
    pat = world.users["pat"]
    pat.extra_actions = ["decide"]
    pat.save()
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    backwards = {
        "kind": "approved_with_changes",
        "changed_window_start": iso(hours(60)),
        "changed_window_end": iso(hours(59)),
    }
    assert "after it starts" in problem(
        call(world, "pat", "post", f"transmissions/{tx['id']}/decisions", backwards), "changed_window_end"
    )
    bad_route = {"kind": "approved_with_changes", "changed_route": UNCLOSED}
    assert "LineString" in problem(
        call(world, "pat", "post", f"transmissions/{tx['id']}/decisions", bad_route), "changed_route"
    )
    assert (
        call(world, "pat", "post", f"transmissions/{tx['id']}/decisions", {"kind": "maybe"}).status_code
        == 422
    )


def test_sites_reconfirm_and_withdraw_rules(world):
    site = call(
        world, "alice", "post", "sites", {"name": "Shelter", "function": "shelter", "lon": 34.3, "lat": 31.3}
    ).json()
    past = {"valid_until": iso(hours(-1))}
    assert "future" in problem(
        call(world, "alice", "post", f"sites/{site['id']}/reconfirm", past), "valid_until"
    )
    assert "why" in problem(
        call(world, "alice", "post", f"sites/{site['id']}/withdraw", {"reason": "  "}), "reason"
    )
    assert (
        call(world, "alice", "post", f"sites/{site['id']}/withdraw", {"reason": "Closed"}).status_code == 200
    )
    assert call(world, "alice", "post", f"sites/{site['id']}/reconfirm", {}).status_code == 409
    assert (
        call(world, "alice", "post", "sites", {"name": "No place", "function": "office"}).status_code == 422
    )


GARBAGE = [
    {},
    {"geometry": "here"},
    {"route": {"type": "LineString", "coordinates": "x"}},
    {"waypoints": [{"lon": "a", "lat": None}]},
    {"window_start": "soon", "window_end": 5},
    {"valid_from": "2030-01-01T00:00:00Z", "geometry": {"type": "Polygon", "coordinates": [[[0, 0]]]}},
    {"kind": "approved_with_changes", "changed_route": {"type": "Feature"}},
    {
        "lon": 500,
        "lat": -500,
        "category": "interference",
        "occurred_at": "2030-01-01T00:00:00Z",
        "description": "xx",
    },
    {"outcome": "impeded", "departed_at": "2030-01-02T00:00:00Z", "completed_at": "2030-01-01T00:00:00Z"},
    {"checkpoint": "CP", "arrived_at": "2030-01-01T00:00:00Z", "lon": 34.4},
    {"releasability": "named", "shared_with": ["nobody"]},
    {"partner_org_ids": ["not-a-uuid"]},
]


def test_garbage_never_gives_a_server_error(world, zone):
    import json as _json

    from .conftest import API, notify

    m = notify(world, route=ACROSS)
    site = call(
        world, "alice", "post", "sites", {"name": "Site", "function": "office", "lon": 34.3, "lat": 31.3}
    ).json()
    pat = world.users["pat"]
    pat.extra_actions = ["decide"]
    pat.save()
    tx = call(world, "pat", "get", "transmissions").json()["items"][0]
    targets = [
        ("cora", "post", "zones"),
        ("cora", "post", f"zones/{zone.pk}/versions"),
        ("cora", "post", f"zones/{zone.pk}/end"),
        ("cora", "patch", f"zones/{zone.pk}"),
        ("alice", "post", "sites"),
        ("alice", "patch", f"sites/{site['id']}"),
        ("alice", "post", f"sites/{site['id']}/reconfirm"),
        ("alice", "post", "notifications"),
        ("alice", "post", f"notifications/{m.pk}/outcome"),
        ("alice", "post", f"notifications/{m.pk}/checkpoints"),
        ("alice", "post", f"notifications/{m.pk}/people"),
        ("alice", "post", "constraints"),
        ("pat", "post", f"transmissions/{tx['id']}/decisions"),
    ]
    for who, method, path in targets:
        for body in GARBAGE:
            r = call(world, who, method, path, body)
            assert r.status_code < 500, (path, body, r.content[:300])
            assert r.status_code < 300 or r.json().get("detail"), (path, body)
        client = world.client(who)
        raw = getattr(client, method)(f"{API}/{path}", "{not json", content_type="application/json")
        assert 400 <= raw.status_code < 500, (path, raw.status_code)
        listing = getattr(client, method)(
            f"{API}/{path}", _json.dumps([1, 2]), content_type="application/json"
        )
        assert listing.status_code < 500, (path, listing.status_code)


def test_links_to_consignments_and_reports_are_checked_when_those_apps_provide_them(world):
    import importlib

    unknown = "00000000-0000-0000-0000-000000000001"
    r = call(world, "alice", "post", "notifications", move_body(consignment_id=unknown))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "consignment_id"]
    try:
        importlib.import_module("cmcc.compliance.intake.selectors")
    except ImportError:
        return
    body = {
        "occurred_at": iso(hours(-1)),
        "category": "interference",
        "description": "x y",
        "report_id": unknown,
    }
    assert "Unknown" in problem(call(world, "alice", "post", "constraints", body), "report_id")
