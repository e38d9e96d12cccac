"""Every coordination endpoint: owner, shared and denied cases, for every releasability level,
plus the protected rule and anonymous callers (BRIEF §4)."""

import json

import pytest

API = "/api/v1/coordination"

PAYLOADS = {
    "decisions": {
        "title": "Fuel priority",
        "text": "Hospitals first",
        "decided_by": "Health cluster",
        "authority": "ICCG",
        "decided_on": "2025-10-20",
    },
    "meetings": {"title": "Access working group", "starts_at": "2025-10-20T09:00:00Z"},
    "action-items": {"title": "Collect fuel needs", "due_on": "2025-10-25"},
}


def create(world, who: str, kind: str, **sharing):
    body = dict(PAYLOADS[kind], **sharing)
    if kind == "action-items":
        body["assigned_org_id"] = str(world.orgs["a"].pk)
    r = world.client(who).post(f"{API}/{kind}", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    return r.json()


def listed(world, who, kind) -> set[str]:
    r = world.client(who).get(f"{API}/{kind}?limit=100")
    assert r.status_code == 200, r.content
    return {item["id"] for item in r.json()["items"]}


def detail_status(world, who, kind, record_id) -> int:
    return world.client(who).get(f"{API}/{kind}/{record_id}").status_code


# releasability → who may see a record alice (A, humanitarian) owns
MATRIX = {
    "org": {
        "alice": True,
        "avery": True,
        "bob": False,
        "charlie": False,
        "pat": False,
        "cora": False,
        None: False,
    },
    "community": {
        "alice": True,
        "bob": True,
        "charlie": False,
        "pat": False,
        "cora": False,
        "sam": False,
        None: False,
    },
    "cmcc": {
        "alice": True,
        "bob": True,
        "charlie": True,
        "pat": True,
        "cora": True,
        "sam": False,
        None: False,
    },
    "public": {"alice": True, "bob": True, "charlie": True, "pat": True, "sam": True, None: True},
}


@pytest.mark.parametrize("kind", list(PAYLOADS))
@pytest.mark.parametrize("releasability", list(MATRIX))
def test_list_and_detail_follow_releasability(world, kind, releasability):
    record = create(world, "alice", kind, releasability=releasability)
    assert record["owner_org_id"] == str(world.orgs["a"].pk)
    assert record["releasability"] == releasability
    for who, expected in MATRIX[releasability].items():
        assert (record["id"] in listed(world, who, kind)) is expected, (who, releasability)
        trail = world.client(who).get(f"/api/v1/audit?object_id={record['id']}").json()["items"]
        assert bool(trail) is expected, (who, releasability, "audit")
        assert detail_status(world, who, kind, record["id"]) == (200 if expected else 404), (
            who,
            releasability,
        )


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_named_sharing_reaches_named_org_and_community_only(world, kind):
    to_bob = create(world, "alice", kind, releasability="named", shared_with=[str(world.orgs["b"].pk)])
    assert to_bob["shared_with"] == [str(world.orgs["b"].pk)]
    to_military = create(world, "alice", kind, releasability="named", shared_with=["military"])
    assert to_bob["id"] in listed(world, "bob", kind)
    assert to_bob["id"] not in listed(world, "charlie", kind)
    assert to_military["id"] in listed(world, "charlie", kind)
    assert to_military["id"] not in listed(world, "bob", kind)
    assert detail_status(world, "pat", kind, to_bob["id"]) == 404


@pytest.mark.parametrize("kind", ["decisions", "meetings"])
def test_protected_record_never_reaches_military_or_party(world, kind):
    everyone = [str(world.orgs[k].pk) for k in "bcp"]
    record = create(world, "alice", kind, releasability="named", shared_with=everyone, protected=True)
    assert record["protected"] is True
    assert record["id"] in listed(world, "bob", kind)
    for who in ("charlie", "pat"):
        assert record["id"] not in listed(world, who, kind)
        assert detail_status(world, who, kind, record["id"]) == 404


def test_protected_cannot_be_broadcast(world):
    r = world.client("alice").post(
        f"{API}/decisions",
        json.dumps(dict(PAYLOADS["decisions"], releasability="cmcc", protected=True)),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "releasability"]


def test_reads_of_protected_records_are_audited(world):
    from cmcc.core.models import AuditEntry

    record = create(
        world,
        "alice",
        "decisions",
        releasability="named",
        shared_with=[str(world.orgs["b"].pk)],
        protected=True,
    )
    reads = AuditEntry.objects.filter(
        action="coordination.decision.read", object_id=record["id"], actor_name="bob"
    )
    assert reads.count() == 0
    assert detail_status(world, "bob", "decisions", record["id"]) == 200
    listed(world, "bob", "decisions")
    assert reads.count() == 2
    assert set(reads.values_list("actor_org_name", flat=True)) == {"Bravo Aid International"}
    # the read log is for the owner: bob cannot read entries about his own reads, alice can
    audit_bob = world.client("bob").get(f"/api/v1/audit?object_id={record['id']}").json()["items"]
    audit_alice = world.client("alice").get(f"/api/v1/audit?object_id={record['id']}").json()["items"]
    assert "coordination.decision.read" not in {e["action"] for e in audit_bob}
    assert "coordination.decision.read" in {e["action"] for e in audit_alice}


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_anonymous_cannot_create_and_viewer_role_cannot_create(world, kind):
    body = dict(PAYLOADS[kind], assigned_org_id=str(world.orgs["a"].pk))
    anon = world.client().post(f"{API}/{kind}", json.dumps(body), content_type="application/json")
    assert anon.status_code == 401
    viewer = world.client("avery").post(f"{API}/{kind}", json.dumps(body), content_type="application/json")
    assert viewer.status_code == 403
    assert "viewer" in viewer.json()["detail"]


def test_suspended_member_cannot_create(world):
    r = world.client("sam").post(
        f"{API}/decisions", json.dumps(PAYLOADS["decisions"]), content_type="application/json"
    )
    assert r.status_code == 403
    assert "not an active member" in r.json()["detail"]


def test_only_owner_can_edit_and_shared_partner_gets_403(world):
    record = create(world, "alice", "decisions", releasability="cmcc")
    url = f"{API}/decisions/{record['id']}"
    body = json.dumps({"title": "Changed title"})
    assert world.client("bob").patch(url, body, content_type="application/json").status_code == 403
    assert world.client("charlie").patch(url, body, content_type="application/json").status_code == 403
    private = create(world, "alice", "decisions", releasability="org")
    hidden = world.client("bob").patch(
        f"{API}/decisions/{private['id']}", body, content_type="application/json"
    )
    assert hidden.status_code == 404
    ok = world.client("alice").patch(url, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["title"] == "Changed title"


def test_missing_and_forbidden_look_the_same(world):
    private = create(world, "alice", "decisions", releasability="org")
    forbidden = world.client("bob").get(f"{API}/decisions/{private['id']}")
    missing = world.client("bob").get(f"{API}/decisions/00000000-0000-0000-0000-000000000000")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
