"""Every logistics endpoint: an owner case, a shared case and a denied case (A owns, B shares,
C is another community; P is the party authority)."""

import json

import pytest

from .conftest import LINES

API = "/api/v1/logistics"


def post(world, who, path, body, status=201):
    r = world.client(who).post(f"{API}{path}", json.dumps(body), content_type="application/json")
    assert r.status_code == status, r.content
    return r.json()


def get(world, who, path, status=200):
    r = world.client(who).get(f"{API}{path}")
    assert r.status_code == status, (who, path, r.content)
    return r.json() if r["Content-Type"].startswith("application/json") else r


def consignment(world, who="alice", **kw):
    body = {
        "sender_name": "Alpha Relief",
        "channel": "un2720",
        "trucks": 3,
        "lines": LINES,
        "planned_crossing": "kerem-shalom",
    }
    body.update(kw)
    return post(world, who, "/consignments", body)


def ids(payload):
    return {item["id"] for item in payload["items"]}


# -- consignments ---------------------------------------------------------------------------------

VISIBILITY = {
    "org": {"alice": True, "avery": True, "bob": False, "charlie": False, "percy": False, None: False},
    "community": {"alice": True, "bob": True, "charlie": False, "percy": False, "cora": False, None: False},
    "cmcc": {"alice": True, "bob": True, "charlie": True, "percy": True, "sam": False, None: False},
}


@pytest.mark.parametrize("releasability", list(VISIBILITY))
def test_consignment_list_and_detail_follow_releasability(lw, releasability):
    c = consignment(lw, releasability=releasability)
    assert c["owner_org_id"] == str(lw.orgs["a"].pk) and c["releasability"] == releasability
    assert c["status"] == "registered" and len(c["lines"]) == 2 and c["allowed_events"] == ["cancel"]
    for who, expected in VISIBILITY[releasability].items():
        assert (c["id"] in ids(get(lw, who, "/consignments?limit=100"))) is expected, who
        get(lw, who, f"/consignments/{c['id']}", 200 if expected else 404)


def test_named_consignment_reaches_only_the_named_org(lw):
    c = consignment(lw, releasability="named", shared_with=["bravo-aid"])
    assert c["shared_with"] == [str(lw.orgs["b"].pk)]
    get(lw, "bob", f"/consignments/{c['id']}")
    get(lw, "charlie", f"/consignments/{c['id']}", 404)


def test_only_owner_changes_and_records_events(lw):
    c = consignment(lw, releasability="cmcc")
    url = f"{API}/consignments/{c['id']}"
    body = json.dumps({"note": "changed"})
    assert lw.client("alice").patch(url, body, content_type="application/json").json()["note"] == "changed"
    assert lw.client("bob").patch(url, body, content_type="application/json").status_code == 403
    assert lw.client("avery").patch(url, body, content_type="application/json").status_code == 403
    private = consignment(lw, reference="PRIV")
    assert (
        lw.client("bob")
        .patch(f"{API}/consignments/{private['id']}", body, content_type="application/json")
        .status_code
        == 404
    )
    post(lw, "bob", f"/consignments/{c['id']}/events", {"event": "cancel"}, 403)
    post(lw, "charlie", f"/consignments/{private['id']}/events", {"event": "cancel"}, 404)
    done = post(
        lw, "alice", f"/consignments/{c['id']}/events", {"event": "cancel", "note": "donor withdrew"}, 200
    )
    assert done["status"] == "cancelled" and done["events"][-1]["note"] == "donor withdrew"


def test_anonymous_and_viewer_cannot_create(lw):
    body = json.dumps({"sender_name": "x", "channel": "un2720", "lines": LINES})
    assert lw.client().post(f"{API}/consignments", body, content_type="application/json").status_code == 401
    assert (
        lw.client("avery").post(f"{API}/consignments", body, content_type="application/json").status_code
        == 403
    )
    assert (
        lw.client("sam").post(f"{API}/consignments", body, content_type="application/json").status_code == 403
    )


def test_illegal_event_is_409_with_allowed_events(lw):
    c = consignment(lw)
    r = lw.client("alice").post(
        f"{API}/consignments/{c['id']}/events",
        json.dumps({"event": "offload"}),
        content_type="application/json",
    )
    assert r.status_code == 409
    assert r.json()["allowed"] == ["cancel", "request_clearance"] and "registered" in r.json()["detail"]
    r = lw.client("alice").post(
        f"{API}/consignments/{c['id']}/events",
        json.dumps({"event": "approve"}),
        content_type="application/json",
    )
    assert r.status_code == 403


# -- clearance ------------------------------------------------------------------------------------


def test_clearance_request_reaches_the_authority_only_and_only_it_decides(lw):
    c = consignment(lw, releasability="community")
    req = post(
        lw, "alice", f"/consignments/{c['id']}/clearance-requests", {"authority_id": str(lw.orgs["p"].pk)}
    )
    assert req["releasability"] == "named" and req["shared_with"] == [str(lw.orgs["p"].pk)]
    assert req["status"] == "pending" and len(req["lines"]) == 2
    # owner and authority see it; a partner who sees the consignment does not see the request
    for who, expected in {
        "alice": True,
        "percy": True,
        "pat": True,
        "bob": False,
        "charlie": False,
        "cora": False,
    }.items():
        assert (req["id"] in ids(get(lw, who, "/clearance-requests"))) is expected, who
        get(lw, who, f"/clearance-requests/{req['id']}", 200 if expected else 404)
    inbox = get(lw, "percy", "/clearance-requests?addressed_to_me=true&status=pending")
    assert [r["id"] for r in inbox["items"]] == [req["id"]]
    # the authority does not see the consignment itself
    get(lw, "percy", f"/consignments/{c['id']}", 404)
    decision = {"decision": "approve", "lines": [{"line_no": 2, "decision": "reject", "reason": "dual_use"}]}
    post(lw, "ada", f"/clearance-requests/{req['id']}/decision", decision, 403)
    post(lw, "pat", f"/clearance-requests/{req['id']}/decision", decision, 403)
    post(lw, "bob", f"/clearance-requests/{req['id']}/decision", decision, 404)
    post(lw, "charlie", f"/clearance-requests/{req['id']}/decision", decision, 404)
    done = post(lw, "percy", f"/clearance-requests/{req['id']}/decision", decision, 200)
    assert done["status"] == "partially_approved" and done["decided_by_name"] == "percy"
    assert done["decided_by_org_name"] == lw.orgs["p"].name
    assert [(ln["line_no"], ln["decision"], ln["reason"]) for ln in done["lines"]] == [
        (1, "approved", None),
        (2, "rejected", "dual_use"),
    ]
    detail = get(lw, "alice", f"/consignments/{c['id']}")
    assert detail["status"] == "approved" and detail["clearance_request_ids"] == [req["id"]]
    assert [ln["clearance"] for ln in detail["lines"]] == ["approved", "rejected"]
    post(lw, "percy", f"/clearance-requests/{req['id']}/decision", decision, 409)


def test_only_owner_requests_clearance(lw):
    c = consignment(lw, releasability="cmcc")
    body = {"authority_id": str(lw.orgs["p"].pk)}
    post(lw, "bob", f"/consignments/{c['id']}/clearance-requests", body, 403)
    private = consignment(lw, reference="P2")
    post(lw, "bob", f"/consignments/{private['id']}/clearance-requests", body, 404)
    r = post(
        lw,
        "alice",
        f"/consignments/{c['id']}/clearance-requests",
        {"authority_id": str(lw.orgs["b"].pk)},
        422,
    )
    assert r["detail"][0]["loc"] == ["body", "authority_id"]


# -- figures --------------------------------------------------------------------------------------


def test_figures_follow_releasability(lw):
    body = {
        "source_name": "Authority X",
        "channel": "all",
        "stage": "entered",
        "unit": "truck",
        "value": 480,
        "period_start": "2025-10-20",
    }
    private = post(lw, "alice", "/figures", body)
    shared = post(lw, "alice", "/figures", dict(body, releasability="community"))
    assert private["total"] == 480 and private["period_end"] == "2025-10-20"
    assert {private["id"], shared["id"]} <= ids(get(lw, "alice", "/figures"))
    assert ids(get(lw, "bob", "/figures")) == {shared["id"]}
    assert ids(get(lw, "charlie", "/figures")) == set()
    get(lw, "charlie", f"/figures/{shared['id']}", 404)
    get(lw, "bob", f"/figures/{shared['id']}")
    post(lw, "avery", "/figures", body, 403)


# -- reference data -------------------------------------------------------------------------------


def test_reference_data_is_public_and_written_by_centre_staff(lw):
    for path in ("/sectors", "/rejection-reasons", "/corridors", "/crossings", "/targets", "/items"):
        assert isinstance(get(lw, None, path), list)
    ks = get(lw, None, "/crossings/kerem-shalom")
    assert ks["lat"] == 31.22083 and ks["current_status"]["status"] == "open"
    assert get(lw, None, "/crossings/zikim")["lat"] is None
    get(lw, None, "/crossings/nowhere", 404)
    status = {
        "status": "closed",
        "effective_from": "2025-11-20",
        "reason": "security incident",
        "source": "Crossing authority notice",
    }
    post(lw, "alice", "/crossings/zikim/statuses", status, 403)
    post(lw, None, "/crossings/zikim/statuses", status, 401)
    row = post(lw, "cora", "/crossings/zikim/statuses", status)
    assert row["recorded_by"] == "cora"
    assert get(lw, None, "/crossings/zikim?on=2025-11-21")["current_status"]["status"] == "closed"
    cap = {
        "effective_from": "2025-11-20",
        "trucks_per_day": 150,
        "screening_lanes": 2,
        "source": "Logistics Cluster",
    }
    post(lw, "bob", "/crossings/zikim/capacities", cap, 403)
    assert post(lw, "cora", "/crossings/zikim/capacities", cap)["trucks_per_day"] == 150
    target = {
        "code": "trucks-per-day",
        "value": 600,
        "effective_from": "2025-11-01",
        "set_by": "Mediators",
        "source": "Statement",
    }
    post(lw, "alice", "/targets", target, 403)
    r = post(lw, "cora", "/targets", target, 422)
    assert r["detail"][0]["loc"] == ["body", "reason"]
    v3 = post(lw, "cora", "/targets", dict(target, reason="Cap lifted after the remains were returned"))
    assert v3["version"] == 3 and v3["supersedes_version"] == 2
    assert [t["version"] for t in get(lw, None, "/targets?code=trucks-per-day&on=2025-10-15")] == [2]


def test_items_created_by_members_and_classified_by_versions(lw):
    item = post(
        lw,
        "alice",
        "/items",
        {
            "code": "gen-50kva",
            "name": "Generator 50 kVA",
            "sector": "LOGISTICS_TELECOM",
            "default_unit": "piece",
        },
    )
    assert item["code"] == "GEN-50KVA" and item["classification"] is None
    post(lw, "avery", "/items", {"code": "x1", "name": "Thing", "sector": "FOOD"}, 403)
    body = {"dual_use": True, "source_list": "Published dual-use list (2017)", "effective_from": "2025-01-01"}
    post(lw, "alice", f"/items/{item['id']}/classifications", body, 403)
    v1 = post(lw, "cora", f"/items/{item['id']}/classifications", body)
    v2 = post(
        lw,
        "cora",
        f"/items/{item['id']}/classifications",
        dict(body, dual_use=False, source_list="Revised list"),
    )
    assert (v1["version"], v2["version"]) == (1, 2)
    again = get(lw, None, f"/items/{item['id']}")
    assert [c["version"] for c in again["classifications"]] == [2, 1] and again["classification"][
        "dual_use"
    ] is False


# -- imports --------------------------------------------------------------------------------------


def test_import_runs_are_seen_by_the_importing_org_only(lw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"reference,sender,channel,description,sector,quantity,unit\nI1,Alpha,un2720,Flour,FOOD,10,bag\n"
    r = lw.client("alice").post(f"{API}/imports", {"file": SimpleUploadedFile("a.csv", data, "text/csv")})
    assert r.status_code == 201, r.content
    run_id = r.json()["run_id"]
    assert run_id in ids(get(lw, "alice", "/imports"))
    assert ids(get(lw, "bob", "/imports")) == set()
    get(lw, "bob", f"/imports/{run_id}", 404)
    assert get(lw, "alice", f"/imports/{run_id}")["consignments_created"] == 1
    r = lw.client("avery").post(f"{API}/imports", {"file": SimpleUploadedFile("a.csv", data, "text/csv")})
    assert r.status_code == 403
    assert get(lw, None, "/imports/template.csv").status_code == 200


def test_trucks_are_added_by_the_owner_and_seen_with_the_consignment(lw):
    c = consignment(lw, releasability="community")
    truck = post(
        lw,
        "alice",
        f"/consignments/{c['id']}/trucks",
        {"plate": "ab-123", "contractor": "Haulage Co", "driver_nationality": "jo"},
    )
    assert truck["plate"] == "AB-123" and truck["driver_nationality"] == "JO"
    assert [t["plate"] for t in get(lw, "bob", f"/consignments/{c['id']}")["truck_list"]] == ["AB-123"]
    get(lw, "charlie", f"/consignments/{c['id']}", 404)
    post(lw, "bob", f"/consignments/{c['id']}/trucks", {"plate": "X-1"}, 403)
    post(lw, "charlie", f"/consignments/{c['id']}/trucks", {"plate": "X-1"}, 404)
    assert post(lw, "alice", f"/consignments/{c['id']}/trucks", {"plate": "AB-123"}, 422)["detail"][0][
        "loc"
    ] == ["body", "plate"]
    assert post(
        lw, "alice", f"/consignments/{c['id']}/trucks", {"plate": "Z-9", "driver_nationality": "1x"}, 422
    )
    post(lw, "alice", f"/consignments/{c['id']}/trucks", {}, 422)
