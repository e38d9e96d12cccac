"""Bad input on every coordination endpoint: 4xx with the field and the reason, never 500,
and nothing written."""

import json

import pytest

from cmcc.core.models import AuditEntry

API = "/api/v1/coordination"
BAD = [
    ("decisions", {}, "title"),
    (
        "decisions",
        {"title": "x" * 300, "text": "t", "decided_by": "ab", "authority": "ab", "decided_on": "2025-10-20"},
        "title",
    ),
    (
        "decisions",
        {"title": "ok", "text": "t", "decided_by": "ab", "authority": "ab", "decided_on": "not a date"},
        "decided_on",
    ),
    (
        "decisions",
        {
            "title": "ok",
            "text": "t",
            "decided_by": "ab",
            "authority": "ab",
            "decided_on": "2025-10-20",
            "releasability": "everyone",
        },
        "releasability",
    ),
    (
        "decisions",
        {
            "title": "ok",
            "text": "t",
            "decided_by": "ab",
            "authority": "ab",
            "decided_on": "2025-10-20",
            "releasability": "named",
        },
        "shared_with",
    ),
    (
        "decisions",
        {
            "title": "ok",
            "text": "t",
            "decided_by": "ab",
            "authority": "ab",
            "decided_on": "2025-10-20",
            "releasability": "named",
            "shared_with": ["no-such-org"],
        },
        "shared_with",
    ),
    (
        "decisions",
        {
            "title": "ok",
            "text": "t",
            "decided_by": "ab",
            "authority": "ab",
            "decided_on": "2025-10-20",
            "releasability": "org",
            "shared_with": ["military"],
        },
        "shared_with",
    ),
    (
        "decisions",
        {
            "title": "ok",
            "text": "t",
            "decided_by": "ab",
            "authority": "ab",
            "decided_on": "2025-10-20",
            "meeting_id": "00000000-0000-0000-0000-000000000001",
        },
        "meeting_id",
    ),
    ("meetings", {"title": "ok", "starts_at": "yesterday"}, "starts_at"),
    (
        "meetings",
        {"title": "ok", "starts_at": "2025-10-20T09:00:00Z", "attendee_ids": ["not-a-uuid"]},
        "attendee_ids",
    ),
    (
        "meetings",
        {
            "title": "ok",
            "starts_at": "2025-10-20T09:00:00Z",
            "attendee_ids": ["00000000-0000-0000-0000-000000000002"],
        },
        "attendee_ids",
    ),
    ("action-items", {"title": "ok"}, "assigned_org_id"),
    (
        "action-items",
        {"title": "ok", "assigned_org_id": "00000000-0000-0000-0000-000000000003"},
        "assigned_org_id",
    ),
    ("action-items", {"title": "ok", "assigned_org_id": None}, "assigned_org_id"),
]


@pytest.mark.parametrize(("kind", "body", "field"), BAD)
def test_bad_body_is_422_naming_the_field(world, kind, body, field):
    entries = AuditEntry.objects.count()
    r = world.client("alice").post(f"{API}/{kind}", json.dumps(body), content_type="application/json")
    assert r.status_code == 422, r.content
    assert any(field in d["loc"] for d in r.json()["detail"]), r.json()
    assert all(d["msg"] for d in r.json()["detail"])
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("kind", ["decisions", "meetings", "action-items"])
def test_malformed_json_and_bad_ids(world, kind):
    c = world.client("alice")
    assert c.post(f"{API}/{kind}", "{not json", content_type="application/json").status_code in (400, 422)
    assert c.get(f"{API}/{kind}/not-a-uuid").status_code in (404, 422)
    assert c.get(f"{API}/{kind}?limit=0").status_code == 422
    assert c.get(f"{API}/{kind}?limit=abc").status_code == 422


def test_bad_token_is_401_not_anonymous(world):
    from django.test import Client

    r = Client(HTTP_AUTHORIZATION="Bearer cmcc_wrong").get(f"{API}/decisions")
    assert r.status_code == 401
    r = Client(HTTP_AUTHORIZATION="Basic abc").get(f"{API}/decisions")
    assert r.status_code == 401


def test_unknown_patch_field_and_event(world):
    c = world.client("alice")
    d = c.post(
        f"{API}/decisions",
        json.dumps(
            {"title": "ok", "text": "t", "decided_by": "ab", "authority": "ab", "decided_on": "2025-10-20"}
        ),
        content_type="application/json",
    ).json()
    r = c.patch(
        f"{API}/decisions/{d['id']}",
        json.dumps({"releasability": "nonsense"}),
        content_type="application/json",
    )
    assert r.status_code == 422
    item = c.post(
        f"{API}/action-items",
        json.dumps({"title": "ok", "assigned_org_id": str(world.orgs["a"].pk)}),
        content_type="application/json",
    ).json()
    r = c.post(
        f"{API}/action-items/{item['id']}/events",
        json.dumps({"event": "explode"}),
        content_type="application/json",
    )
    assert r.status_code == 409 and "complete" in r.json()["detail"]
