"""Action items: the workflow table, who may move an item, concurrent changes, follow-up notes."""

import json

import pytest

from cmcc.coordination import rules
from cmcc.core.errors import InvalidTransition

API = "/api/v1/coordination/action-items"


def test_workflow_table_is_pure_and_names_allowed_events():
    assert rules.ACTION_ITEM.next("open", "complete") == "done"
    assert rules.ACTION_ITEM.next("done", "reopen") == "open"
    with pytest.raises(InvalidTransition) as exc:
        rules.ACTION_ITEM.next("dropped", "complete")
    assert "dropped" in str(exc.value) and "reopen" in str(exc.value)


def new_item(world, assigned="b", releasability="named", shared=("b",)):
    body = {
        "title": "Map water points",
        "assigned_org_id": str(world.orgs[assigned].pk),
        "due_on": "2025-10-30",
        "releasability": releasability,
        "shared_with": [str(world.orgs[k].pk) for k in shared] if releasability == "named" else [],
    }
    r = world.client("alice").post(API, json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    return r.json()


def event(world, who, item_id, name, **extra):
    return world.client(who).post(
        f"{API}/{item_id}/events", json.dumps({"event": name, **extra}), content_type="application/json"
    )


def test_responsible_org_completes_item_and_the_audit_says_so(world):
    item = new_item(world)
    r = event(world, "bob", item["id"], "complete", note="Done, list attached")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "done" and body["allowed_events"] == ["reopen"]
    assert [f["text"] for f in body["follow_ups"]] == ["Done, list attached"]
    trail = world.client("alice").get(f"/api/v1/audit?object_id={item['id']}").json()["items"]
    completed = [e for e in trail if e["action"] == "coordination.action_item.complete"]
    assert completed and completed[0]["actor_name"] == "bob"
    assert completed[0]["before"]["status"] == "open" and completed[0]["after"]["status"] == "done"


def test_illegal_transition_is_409_with_allowed_events(world):
    item = new_item(world)
    assert event(world, "alice", item["id"], "drop").status_code == 200
    r = event(world, "alice", item["id"], "complete")
    assert r.status_code == 409
    assert r.json()["allowed"] == ["reopen"] and "dropped" in r.json()["detail"]


def test_stale_expected_status_is_409_not_a_silent_overwrite(world):
    item = new_item(world)
    assert event(world, "bob", item["id"], "complete", expected_status="open").status_code == 200
    r = event(world, "alice", item["id"], "drop", expected_status="open")
    assert r.status_code == 409 and "now 'done'" in r.json()["detail"]


def test_unrelated_org_cannot_see_or_move_the_item(world):
    item = new_item(world)
    assert event(world, "charlie", item["id"], "complete").status_code == 404
    cmcc_item = new_item(world, releasability="cmcc")
    assert event(world, "charlie", cmcc_item["id"], "complete").status_code == 403


def test_assigned_org_must_be_able_to_see_the_item(world):
    body = {"title": "Secret task", "assigned_org_id": str(world.orgs["b"].pk), "releasability": "org"}
    r = world.client("alice").post(API, json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "assigned_org_id"]


def test_follow_up_notes_are_added_by_both_sides(world):
    item = new_item(world)
    url = f"{API}/{item['id']}/follow-ups"
    assert (
        world.client("bob")
        .post(url, json.dumps({"text": "Started"}), content_type="application/json")
        .status_code
        == 201
    )
    assert (
        world.client("alice")
        .post(url, json.dumps({"text": "Thanks"}), content_type="application/json")
        .status_code
        == 201
    )
    empty = world.client("alice").post(url, json.dumps({"text": "   "}), content_type="application/json")
    assert empty.status_code == 422
    detail = world.client("alice").get(f"{API}/{item['id']}").json()
    assert [(f["text"], f["author_name"]) for f in detail["follow_ups"]] == [
        ("Started", "bob"),
        ("Thanks", "alice"),
    ]


def test_overdue_filter(world):
    late = new_item(world)
    r = world.client("alice").get(f"{API}?overdue=true")
    assert late["id"] in {i["id"] for i in r.json()["items"]}
    event(world, "bob", late["id"], "complete")
    r = world.client("alice").get(f"{API}?overdue=true")
    assert late["id"] not in {i["id"] for i in r.json()["items"]}
