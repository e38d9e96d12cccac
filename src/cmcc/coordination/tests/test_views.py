"""Coordination pages: lists and details filtered by sharing, forms through the services, action
items updated in place with HTMX."""

import datetime as dt

import pytest
from django.test import Client

from cmcc.coordination import services
from cmcc.coordination.models import ActionItem, Decision
from cmcc.core.models import AuditEntry

HTMX = {"HTTP_HX_REQUEST": "true"}
DAY = dt.date(2025, 10, 20)


def meeting(world, title, **kwargs):
    start = dt.datetime(2025, 10, 20, 9, tzinfo=dt.UTC)
    return services.meeting_create(actor=world.actor("alice"), title=title, starts_at=start, **kwargs)


def decision(world, title, **kwargs):
    return services.decision_create(
        actor=world.actor("alice"),
        title=title,
        text="Text of the decision.",
        decided_by="Head of office",
        authority="Country agreement",
        decided_on=DAY,
        **kwargs,
    )


def item(world, title, **kwargs):
    kwargs.setdefault("assigned_org", world.orgs["a"])
    return services.action_item_create(actor=world.actor("alice"), title=title, **kwargs)


MAKERS = {"meetings": meeting, "decisions": decision, "action-items": item}


def shared_set(world, make):
    """An own record, one named to B, one for the community, and protected ones named to B and C."""
    named = [str(world.orgs["b"].pk)]
    return {
        "own": make(world, "Own record", releasability="org"),
        "named": make(world, "Named to Bravo", releasability="named", shared_with=named),
        "community": make(world, "Humanitarian community", releasability="community"),
        "protected": make(
            world,
            "Protected identities",
            releasability="named",
            protected=True,
            shared_with=[*named, str(world.orgs["c"].pk), str(world.orgs["p"].pk)],
        ),
    }


@pytest.mark.parametrize("kind", list(MAKERS))
def test_lists_show_each_organisation_what_it_may_see(world, kind):
    records = shared_set(world, MAKERS[kind])
    url = f"/coordination/{kind}/"
    seen = {u: world.web(u).get(url).content.decode() for u in ("alice", "bob", "charlie", "pat")}
    assert all(r.title in seen["alice"] for r in records.values())
    assert "Own record" not in seen["bob"]
    assert all(t in seen["bob"] for t in ("Named to Bravo", "Humanitarian community", "Protected identities"))
    for outsider in ("charlie", "pat"):
        assert all(r.title not in seen[outsider] for r in records.values()), outsider


@pytest.mark.parametrize("kind", list(MAKERS))
def test_details_are_404_unless_shared(world, kind):
    records = shared_set(world, MAKERS[kind])
    path = {"meetings": "meetings", "decisions": "decisions", "action-items": "action-items"}[kind]
    for record in records.values():
        assert world.web("alice").get(f"/coordination/{path}/{record.pk}/").status_code == 200
        assert world.web("charlie").get(f"/coordination/{path}/{record.pk}/").status_code == 404
    assert world.web("bob").get(f"/coordination/{path}/{records['own'].pk}/").status_code == 404
    html = world.web("bob").get(f"/coordination/{path}/{records['protected'].pk}/").content.decode()
    assert "Protected" in html and "Alpha Relief Agency" in html  # badge and owner


def test_list_filters_answer_htmx_with_the_table_only(world):
    decision(world, "Fuel to hospitals", releasability="cmcc")
    decision(world, "Water first", releasability="cmcc")
    response = world.web("bob").get(
        "/coordination/decisions/", {"q": "fuel"}, HTTP_HX_TARGET="results", **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html and "Fuel to hospitals" in html and "Water first" not in html


def test_create_a_decision_through_the_page(world):
    client = world.web("alice")
    assert 'name="decided_by"' in client.get("/coordination/decisions/new/").content.decode()
    response = client.post(
        "/coordination/decisions/new/",
        {
            "title": "Night convoys suspended",
            "text": "No convoys between 22:00 and 05:00 until further notice.",
            "decided_by": "Humanitarian Coordinator",
            "decided_by_org": str(world.orgs["a"].pk),
            "authority": "Security management system",
            "decided_on": "2025-10-21",
            "releasability": "named",
            "shared_with": [str(world.orgs["b"].pk), "donor"],
        },
    )
    created = Decision.objects.get(title="Night convoys suspended")
    assert response.status_code == 302 and response["Location"] == f"/coordination/decisions/{created.pk}/"
    assert AuditEntry.objects.filter(action="coordination.decision.created", object_id=created.pk).exists()
    html = world.web("bob").get(response["Location"]).content.decode()
    assert (
        "Decided by <bdi>Humanitarian Coordinator</bdi> (<bdi>Alpha Relief Agency</bdi>) on 21 October 2025"
        in html
    )
    assert "on the authority of <bdi>Security management system</bdi>" in html
    assert "Bravo Aid International" in html and "Donor" in html  # named grantees
    assert (
        "Night convoys suspended" not in world.web("charlie").get("/coordination/decisions/").content.decode()
    )


def test_invalid_decision_form_shows_field_errors(world):
    client = world.web("alice")
    response = client.post("/coordination/decisions/new/", {"title": "x", "decided_on": "not a date"})
    html = response.content.decode()
    assert response.status_code == 422
    assert html.count('aria-invalid="true"') >= 4 and "Enter a valid date." in html
    # The service's own rules come back on the fields too (named needs someone to name).
    response = client.post(
        "/coordination/decisions/new/",
        {
            "title": "Valid title",
            "text": "t",
            "decided_by": "me",
            "authority": "mandate",
            "decided_on": "2025-10-21",
            "releasability": "named",
        },
    )
    assert response.status_code == 422 and "needs at least one organisation" in response.content.decode()
    assert not Decision.objects.filter(title="Valid title").exists()


def test_viewers_and_outsiders_cannot_create_or_edit(world):
    assert world.web("avery").get("/coordination/decisions/new/").status_code == 403
    record = decision(world, "Shared", releasability="cmcc")
    assert world.web("bob").get(f"/coordination/decisions/{record.pk}/edit/").status_code == 403
    assert world.web("alice").get(f"/coordination/decisions/{record.pk}/edit/").status_code == 200
    assert Client().get("/coordination/decisions/new/").status_code == 302


def test_edit_a_meeting_with_attendees(world):
    record = meeting(world, "Access working group", releasability="cmcc")
    client = world.web("alice")
    page = client.get(f"/coordination/meetings/{record.pk}/edit/").content.decode()
    assert "Access working group" in page and 'name="attendees"' in page
    response = client.post(
        f"/coordination/meetings/{record.pk}/edit/",
        {
            "title": "Access working group (weekly)",
            "starts_at": "2025-10-22T11:00",
            "attendees": [str(world.orgs["a"].pk), str(world.orgs["b"].pk)],
            "releasability": "cmcc",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Access working group (weekly)" and record.attendees.count() == 2
    html = client.get(f"/coordination/meetings/{record.pk}/").content.decode()
    assert "Bravo Aid International" in html and "coordination.meeting.updated" in html


def test_create_an_action_item_the_assignee_cannot_see_is_a_field_error(world):
    client = world.web("alice")
    data = {"title": "Share the convoy plan", "assigned_org": str(world.orgs["b"].pk), "releasability": "org"}
    response = client.post("/coordination/action-items/new/", data)
    assert response.status_code == 422 and "could not see this action item" in response.content.decode()
    response = client.post("/coordination/action-items/new/", {**data, "releasability": "cmcc"})
    assert response.status_code == 302
    assert ActionItem.objects.get(title="Share the convoy plan").assigned_org == world.orgs["b"]


def test_overdue_items_are_marked(world):
    item(world, "Late report", releasability="cmcc", due_on=dt.date(2020, 1, 1))
    html = world.web("alice").get("/coordination/action-items/", {"overdue": "on"}).content.decode()
    assert "Late report" in html and 'class="row-overdue"' in html and "Overdue" in html


def test_complete_an_action_item_with_htmx_returns_the_status_fragment(world):
    record = item(world, "Collect fuel needs", releasability="cmcc", assigned_org=world.orgs["b"])
    url = f"/coordination/action-items/{record.pk}/events/"
    response = world.web("bob").post(url, {"event": "complete", "expected_status": "open"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="panel" id="status"') and "<html" not in html
    assert "Done" in html and "Reopen" in html
    record.refresh_from_db()
    assert record.status == "done"
    assert AuditEntry.objects.filter(action="coordination.action_item.complete", object_id=record.pk).exists()


def test_stale_status_gives_a_visible_conflict(world):
    record = item(world, "Collect fuel needs", releasability="cmcc")
    url = f"/coordination/action-items/{record.pk}/events/"
    services.action_item_transition(actor=world.actor("alice"), item=record, event="drop")
    response = world.web("alice").post(url, {"event": "complete", "expected_status": "open"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "The item is now &#x27;dropped&#x27;, not &#x27;open&#x27;" in html and 'role="alert"' in html
    assert "Reopen" in html  # the buttons now match the current state
    # Without JavaScript: back to the page with the same message.
    response = world.web("alice").post(url, {"event": "complete", "expected_status": "open"}, follow=True)
    assert "The item is now &#x27;dropped&#x27;" in response.content.decode()


def test_outsiders_do_not_get_status_buttons_or_changes(world):
    record = item(world, "Collect fuel needs", releasability="cmcc")
    html = world.web("charlie").get(f"/coordination/action-items/{record.pk}/").content.decode()
    assert "Mark done" not in html and "Only the owner and the responsible organisation" in html
    response = world.web("charlie").post(
        f"/coordination/action-items/{record.pk}/events/", {"event": "complete"}
    )
    assert response.status_code == 403


def test_follow_up_note_with_htmx(world):
    record = item(world, "Collect fuel needs", releasability="cmcc")
    url = f"/coordination/action-items/{record.pk}/follow-ups/"
    response = world.web("alice").post(url, {"text": "Two hospitals answered."}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="panel" id="followups"')
    assert "Two hospitals answered." in html and "Alpha Relief Agency" in html
    response = world.web("alice").post(url, {"text": "  "}, **HTMX)
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    response = world.web("alice").post(url, {"text": "Third answered."})
    assert response.status_code == 302
