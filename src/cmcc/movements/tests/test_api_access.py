"""Every movements endpoint: the owner case, the shared case and the denied case (BRIEF §4)."""

import pytest

from .conftest import ACROSS, SQUARE, call, hours, iso

SITE = {"name": "Field hospital", "function": "hospital", "lon": 34.45, "lat": 31.50, "occupancy": 120}
CONSTRAINT = {
    "occurred_at": "2025-10-20T08:00:00Z",
    "category": "restriction_of_movement",
    "detail": "checkpoint_delay",
    "sector": "health",
    "description": "Convoy held at a checkpoint for 6 hours",
    "lon": 34.45,
    "lat": 31.50,
}


def movement_body(**extra):
    return {
        "purpose": "supply_delivery",
        "route": ACROSS,
        "window_start": iso(hours(72)),
        "window_end": iso(hours(78)),
        "vehicle_count": 2,
        "personnel_count": 4,
        **extra,
    }


def zone_body(world, **extra):
    return {
        "name": "Restricted area",
        "kind": "restricted",
        "authority_id": str(world.orgs["p"].pk),
        "geometry": SQUARE,
        "valid_from": iso(hours(-24)),
        "source": "Announcement",
        **extra,
    }


KINDS = {
    "sites": lambda world, **kw: dict(SITE, **kw),
    "zones": lambda world, **kw: zone_body(world, **kw),
    "notifications": lambda world, **kw: movement_body(**kw),
    "constraints": lambda world, **kw: dict(CONSTRAINT, **kw),
}


def create(world, kind, who="alice", **extra):
    r = call(world, who, "post", kind, KINDS[kind](world, **extra))
    assert r.status_code == 201, r.content
    return r.json()


def listed(world, who, kind) -> set[str]:
    r = call(world, who, "get", f"{kind}?limit=500")
    assert r.status_code == 200, r.content
    return {row["id"] for row in r.json()["items"]}


LAYERS = {"sites": "sites.geojson", "zones": "zones.geojson", "notifications": "notifications.geojson"}

MATRIX = {
    "org": {"alice": True, "avery": True, "bob": False, "charlie": False, "cora": False, None: False},
    "community": {"alice": True, "bob": True, "charlie": False, "pat": False, "sam": False, None: False},
    "cmcc": {"alice": True, "bob": True, "charlie": True, "cora": True, "sam": False, None: False},
    "public": {"alice": True, "bob": True, "charlie": True, "sam": True, None: True},
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("releasability", list(MATRIX))
def test_list_detail_and_layer_follow_releasability(world, kind, releasability):
    record = create(world, kind, releasability=releasability)
    assert record["owner_org_id"] == str(world.orgs["a"].pk)
    for who, expected in MATRIX[releasability].items():
        if kind == "notifications" and who == "pat":
            continue  # a party sees notifications addressed to it only (test_party)
        assert (record["id"] in listed(world, who, kind)) is expected, (who, releasability)
        status = call(world, who, "get", f"{kind}/{record['id']}").status_code
        assert status == (200 if expected else 404), (who, releasability)
        if kind in LAYERS:
            features = call(world, who, "get", LAYERS[kind]).json()["features"]
            ids = {f["properties"].get("id") or f["properties"].get("zone_id") for f in features}
            assert (record["id"] in ids) is expected, (who, releasability, "layer")


@pytest.mark.parametrize("kind", list(KINDS))
def test_named_sharing_reaches_the_named_organisation_only(world, kind):
    record = create(world, kind, releasability="named", shared_with=[str(world.orgs["b"].pk)])
    assert record["shared_with"] == [str(world.orgs["b"].pk)]
    assert record["id"] in listed(world, "bob", kind)
    assert record["id"] not in listed(world, "charlie", kind)


@pytest.mark.parametrize("kind", ["sites", "constraints", "notifications"])
def test_protected_records_never_reach_military_or_party(world, kind):
    everyone = [str(world.orgs[k].pk) for k in "bcp"]
    record = create(world, kind, releasability="named", shared_with=everyone, protected=True)
    assert record["id"] in listed(world, "bob", kind)
    for who in ("charlie", "pat"):
        assert record["id"] not in listed(world, who, kind)
        assert call(world, who, "get", f"{kind}/{record['id']}").status_code == 404


# -- writes: owner yes, shared 403, denied 404 -----------------------------------------------------

WRITES = [
    ("sites", "patch", "{id}", {"occupancy": 80}),
    ("sites", "post", "{id}/reconfirm", {}),
    ("sites", "post", "{id}/withdraw", {"reason": "Closed"}),
    ("zones", "patch", "{id}", {"description": "Updated"}),
    (
        "zones",
        "post",
        "{id}/versions",
        {"geometry": SQUARE, "valid_from": "2030-01-01T00:00:00Z", "source": "Map"},
    ),
    ("zones", "post", "{id}/end", {"at": "2030-01-01T00:00:00Z"}),
    ("notifications", "patch", "{id}", {"cargo_summary": "Fuel"}),
    ("notifications", "post", "{id}/submit", {}),
    ("notifications", "post", "{id}/check", {}),
    ("constraints", "patch", "{id}", {"description": "Corrected"}),
]


@pytest.mark.parametrize(("kind", "method", "path", "body"), WRITES)
def test_writes_owner_shared_denied(world, kind, method, path, body):
    record = create(world, kind, releasability="community")
    url = f"{kind}/{path.format(id=record['id'])}"
    assert call(world, "bob", method, url, body).status_code == 403  # sees it, may not change it
    assert call(world, "charlie", method, url, body).status_code == 404  # does not see it
    assert call(world, None, method, url, body).status_code in (401, 404)
    assert call(world, "avery", method, url, body).status_code == 403  # viewer role
    r = call(world, "alice", method, url, body)
    assert r.status_code in (200, 201), r.content


def test_outcome_checkpoints_and_people_owner_shared_denied(world):
    record = create(world, "notifications", releasability="cmcc", submit=True)
    base = f"notifications/{record['id']}"
    outcome = {"outcome": "impeded", "impeded_result": "accomplished", "note": "Held 6 h"}
    checkpoint = {"checkpoint": "Checkpoint 4", "arrived_at": iso(hours(73)), "departed_at": iso(hours(79))}
    person = {"role": "staff", "full_name": "Nadia Example"}
    for path, body in (("outcome", outcome), ("checkpoints", checkpoint), ("people", person)):
        assert call(world, "bob", "post", f"{base}/{path}", body).status_code == 403
        assert call(world, "sam", "post", f"{base}/{path}", body).status_code == 404
    assert call(world, "alice", "post", f"{base}/checkpoints", checkpoint).json()["wait_hours"] == 6.0
    assert call(world, "alice", "post", f"{base}/people", person).status_code == 201
    r = call(world, "alice", "post", f"{base}/outcome", outcome)
    assert r.status_code == 200 and r.json()["outcome"] == "impeded" and r.json()["status"] == "closed"
    assert len(call(world, "bob", "get", f"{base}/checkpoints").json()) == 1
    assert call(world, "sam", "get", f"{base}/checkpoints").status_code == 404
    assert [p["full_name"] for p in call(world, "alice", "get", f"{base}/people").json()] == ["Nadia Example"]
    assert call(world, "bob", "get", f"{base}/people").json() == []  # protected, not named to B
    assert call(world, "charlie", "get", f"{base}/people").json() == []


def test_people_named_to_a_humanitarian_org_but_never_to_military(world):
    record = create(world, "notifications", releasability="cmcc")
    body = {
        "role": "patient",
        "full_name": "Patient Example",
        "releasability": "named",
        "shared_with": [str(world.orgs["b"].pk), str(world.orgs["c"].pk)],
    }
    assert call(world, "alice", "post", f"notifications/{record['id']}/people", body).status_code == 201
    assert len(call(world, "bob", "get", f"notifications/{record['id']}/people").json()) == 1
    assert call(world, "charlie", "get", f"notifications/{record['id']}/people").json() == []


def test_reads_of_people_on_board_are_audited(world):
    from cmcc.core.models import AuditEntry

    record = create(world, "notifications", releasability="cmcc")
    body = {
        "role": "staff",
        "full_name": "Staff Example",
        "releasability": "named",
        "shared_with": [str(world.orgs["b"].pk)],
    }
    call(world, "alice", "post", f"notifications/{record['id']}/people", body)
    call(world, "bob", "get", f"notifications/{record['id']}/people")
    assert AuditEntry.objects.filter(action="movements.movementperson.read", actor_name="bob").count() == 1


def test_summary_snapshot_and_reference(world):
    create(world, "constraints", releasability="cmcc", occurred_at=iso(hours(-1)))
    create(world, "constraints", releasability="org", occurred_at=iso(hours(-1)))
    alice = call(world, "alice", "get", "constraints/summary?weeks=2").json()
    bob = call(world, "bob", "get", "constraints/summary?weeks=2").json()
    assert alice["total"] == 2 and bob["total"] == 1
    assert call(world, None, "get", "constraints/summary").json()["total"] == 0
    snap = call(world, "alice", "get", "snapshot?weeks=3").json()
    assert len(snap["weeks"]) == 3 and "OCHA" in snap["source_of_categories"]
    ref = call(world, None, "get", "reference").json()
    assert {v["code"] for v in ref["outcomes"]["values"]} >= {"facilitated", "impeded", "postponed"}
    assert (
        "AMRF" in ref["constraint_categories"]["source"]
        or "Access Monitoring" in ref["constraint_categories"]["source"]
    )
