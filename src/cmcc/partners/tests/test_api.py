"""Partners API: directory visibility, admission by the centre, onboarding workflow, contacts,
registrations, participation over time."""

import json

import pytest

API = "/api/v1/partners"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_directory_visible_to_members_not_to_anonymous(world):
    slugs = {o["slug"] for o in world.client("charlie").get(f"{API}/organisations?limit=100").json()["items"]}
    assert {"alpha-relief", "bravo-aid", "charlie-cmd", "sierra-gone"} <= slugs
    assert world.client().get(f"{API}/organisations").json() == {"items": [], "count": 0}
    assert world.client().get(f"{API}/organisations/{world.orgs['a'].pk}").status_code == 404


def test_directory_filters(world):
    c = world.client("alice")
    mil = c.get(f"{API}/organisations?community=military").json()["items"]
    assert [o["slug"] for o in mil] == ["charlie-cmd"]
    assert [o["slug"] for o in c.get(f"{API}/organisations?status=suspended").json()["items"]] == [
        "sierra-gone"
    ]
    assert c.get(f"{API}/organisations?community=pirates").status_code == 422


def test_only_centre_admins_admit_organisations(world):
    body = {
        "slug": "new-ngo",
        "name": "New NGO",
        "type": "nngo",
        "community": "humanitarian",
        "country": "ps",
    }
    assert (
        post(world.client("ada"), f"{API}/organisations", body).status_code == 403
    )  # admin of A, not the centre
    r = post(world.client("cora"), f"{API}/organisations", body)
    assert r.status_code == 201 and r.json()["membership_status"] == "active" and r.json()["country"] == "PS"
    assert post(world.client("cora"), f"{API}/organisations", body).status_code == 409
    bad = dict(body, slug="Bad Slug!", type="spaceship")
    r = post(world.client("cora"), f"{API}/organisations", bad)
    assert r.status_code == 422
    assert {d["loc"][-1] for d in r.json()["detail"]} >= {"slug", "type"}


def test_onboarding_application_review_approve(world):
    from cmcc.core.testing import SYSTEM
    from cmcc.partners import services

    services.terms_publish(actor=SYSTEM, version="1.0", title="Terms", text="…", effective_on="2025-01-01")
    body = {
        "slug": "olive-aid",
        "name": "Olive Aid",
        "type": "nngo",
        "community": "humanitarian",
        "contact_name": "R. Haddad",
        "contact_email": "r@olive.example",
        "accepts_terms": False,
    }
    refused = post(world.client(), f"{API}/applications", body)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "accepts_terms"
    applied = post(world.client(), f"{API}/applications", dict(body, accepts_terms=True))
    assert applied.status_code == 201 and applied.json()["membership_status"] == "applied"
    org_id = applied.json()["id"]
    # applicants are not in the members' directory; the centre sees them
    assert world.client("alice").get(f"{API}/organisations/{org_id}").status_code == 404
    url = f"{API}/organisations/{org_id}/membership"
    assert post(world.client("alice"), url, {"event": "start_review"}).status_code == 404
    assert post(world.client("cora"), url, {"event": "approve"}).status_code == 409  # must be reviewed first
    assert (
        post(world.client("cora"), url, {"event": "start_review"}).json()["membership_status"] == "in_review"
    )
    assert post(world.client("cora"), url, {"event": "approve"}).json()["membership_status"] == "active"
    assert world.client("alice").get(f"{API}/organisations/{org_id}").status_code == 200
    timeline = world.client("alice").get(url).json()
    assert [t["status"] for t in timeline] == ["applied", "in_review", "active"]
    no_reason = post(world.client("cora"), url, {"event": "suspend"})
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["loc"][-1] == "reason"


def test_approval_needs_current_terms_accepted(world):
    from cmcc.core.testing import SYSTEM
    from cmcc.partners import services

    services.terms_publish(actor=SYSTEM, version="1.0", title="Terms", text="…", effective_on="2025-01-01")
    org = services.organisation_apply(
        actor=SYSTEM,
        slug="late-ngo",
        name="Late NGO",
        type="ingo",
        community="humanitarian",
        contact_name="A",
        contact_email="a@b.example",
        accepts_terms=True,
    )
    services.organisation_transition(actor=SYSTEM, org=org, event="start_review")
    services.terms_publish(actor=SYSTEM, version="2.0", title="Terms v2", text="…", effective_on="2025-06-01")
    r = post(world.client("cora"), f"{API}/organisations/{org.pk}/membership", {"event": "approve"})
    assert r.status_code == 409 and "terms" in r.json()["detail"]


def test_contacts_are_shared_records(world):
    url_a = f"{API}/organisations/{world.orgs['a'].pk}/contacts"
    r = post(
        world.client("alice"), url_a, {"name": "Field Officer", "releasability": "community", "phone": "+1"}
    )
    assert r.status_code == 201
    assert post(world.client("bob"), url_a, {"name": "Intruder"}).status_code == 403
    assert [c["name"] for c in world.client("bob").get(url_a).json()] == ["Field Officer"]
    assert world.client("charlie").get(url_a).json() == []


@pytest.mark.parametrize("who,expected", [("alice", True), ("charlie", True), ("sam", False)])
def test_registrations_and_expiry(world, who, expected):
    body = {
        "org_id": str(world.orgs["b"].pk),
        "authority_id": str(world.orgs["p"].pk),
        "status": "registered",
        "valid_from": "2024-01-01",
        "valid_until": "2025-01-01",
        "releasability": "cmcc",
    }
    r = post(world.client("bob"), f"{API}/registrations", body)
    assert r.status_code == 201 and r.json()["effective_status"] == "expired"
    ids = {x["id"] for x in world.client(who).get(f"{API}/registrations").json()["items"]}
    assert (r.json()["id"] in ids) is expected
    bad = post(world.client("bob"), f"{API}/registrations", dict(body, valid_until="2023-01-01"))
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "valid_until"


def test_participation_counts_active_members_per_day(world):
    from cmcc.core.testing import SYSTEM
    from cmcc.partners import services

    org = services.organisation_create(
        actor=SYSTEM, slug="day-one", name="Day One", type="donor", community="donor", joined_on="2025-10-17"
    )
    services.organisation_transition(actor=SYSTEM, org=org, event="leave", on="2025-10-19")
    data = world.client("alice").get(f"{API}/participation?start=2025-10-16&end=2025-10-20").json()
    assert data["days"][0] == "2025-10-16" and len(data["days"]) == 5
    assert data["series"]["donor"] == [0, 1, 1, 0, 0]
    assert (
        world.client("alice").get(f"{API}/participation?start=2025-10-20&end=2025-10-16").status_code == 422
    )
