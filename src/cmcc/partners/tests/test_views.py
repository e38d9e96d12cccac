"""Partner pages: the directory, an organisation's page, applying, onboarding, contacts."""

from django.test import Client

from cmcc.core.models import AuditEntry
from cmcc.core.testing import SYSTEM
from cmcc.partners import services
from cmcc.partners.models import Organisation

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
TERMS = {"version": "1.0", "title": "Data-sharing terms", "text": "Share only what is released."}


def publish_terms():
    import datetime as dt

    return services.terms_publish(actor=SYSTEM, effective_on=dt.date(2025, 1, 1), **TERMS)


def applicant(slug="new-relief", name="New Relief"):
    publish_terms()
    return services.organisation_apply(
        actor=SYSTEM,
        slug=slug,
        name=name,
        type="ingo",
        community="humanitarian",
        contact_name="Rana Aziz",
        contact_email="rana@example.org",
        accepts_terms=True,
    )


def contact(world, name, **kwargs):
    return services.contact_create(actor=world.actor("alice"), org=world.orgs["a"], name=name, **kwargs)


def test_directory_lists_members_and_filters(world):
    client = world.web("bob")
    html = client.get("/partners/").content.decode()
    assert "Alpha Relief Agency" in html and "Charlie Command" in html
    html = client.get("/partners/", {"community": "military"}).content.decode()
    assert "Charlie Command" in html and "Alpha Relief Agency" not in html
    html = client.get("/partners/", {"q": "bravo"}).content.decode()
    assert "Bravo Aid International" in html and "Charlie Command" not in html
    assert Client().get("/partners/").status_code == 302


def test_directory_filters_answer_htmx_with_the_table_only(world):
    response = world.web("bob").get("/partners/", {"country": "no"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="results"')
    assert "Bravo Aid International" in html and "Alpha Relief Agency" not in html
    assert "HX-Request" in response["Vary"]


def test_applicants_are_hidden_from_members_but_not_from_the_centre(world):
    org = applicant()
    assert "New Relief" not in world.web("alice").get("/partners/").content.decode()
    assert world.web("alice").get(f"/partners/{org.pk}/").status_code == 404
    assert "New Relief" in world.web("cora").get("/partners/").content.decode()
    assert world.web("cora").get(f"/partners/{org.pk}/").status_code == 200


def test_organisation_page_shows_contacts_by_releasability(world):
    contact(world, "Lina Open", releasability="cmcc", is_liaison_officer=True)
    contact(world, "Omar Humanitarian", releasability="community")
    contact(
        world,
        "Sara Protected",
        releasability="named",
        protected=True,
        shared_with=[str(world.orgs["b"].pk), str(world.orgs["c"].pk)],
    )
    url = f"/partners/{world.orgs['a'].pk}/"
    own = world.web("alice").get(url).content.decode()
    assert "Lina Open" in own and "Omar Humanitarian" in own and "Sara Protected" in own
    assert "Bravo Aid International, Charlie Command" in own  # the named grantees
    shared = world.web("bob").get(url).content.decode()
    assert "Lina Open" in shared and "Omar Humanitarian" in shared and "Sara Protected" in shared
    for outsider in ("charlie", "pat"):
        html = world.web(outsider).get(url).content.decode()
        assert "Lina Open" in html
        assert "Omar Humanitarian" not in html and "Sara Protected" not in html


def test_expired_registration_is_shown_plainly(world):
    import datetime as dt

    services.registration_record(
        actor=SYSTEM,
        org=world.orgs["b"],
        authority=world.orgs["p"],
        status="registered",
        valid_from=dt.date(2024, 1, 1),
        valid_until=dt.date(2024, 12, 31),
    )
    html = world.web("alice").get(f"/partners/{world.orgs['b'].pk}/").content.decode()
    assert "Expired" in html and "registration ended 31 Dec 2024" in html


def test_apply_to_join_creates_an_applied_organisation(world):
    publish_terms()
    client = Client()
    page = client.get("/partners/apply/").content.decode()
    assert "Share only what is released." in page and "I accept the data-sharing terms" in page
    response = client.post(
        "/partners/apply/",
        {
            "name": "Harbour Medical Relief",
            "type": "ingo",
            "community": "humanitarian",
            "country": "ie",
            "capabilities": ["health", "medevac"],
            "contact_name": "Niamh Byrne",
            "contact_email": "niamh@example.org",
            "accepts_terms": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/partners/apply/thanks/"
    org = Organisation.objects.get(slug="harbour-medical-relief")
    assert org.membership_status == "applied" and org.country == "IE"
    assert AuditEntry.objects.filter(action="partners.organisation.applied", object_id=org.pk).exists()


def test_apply_without_accepting_terms_shows_the_error(world):
    publish_terms()
    response = Client().post("/partners/apply/", {"name": "X Relief", "type": "ingo"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'aria-invalid="true"' in html and "This field is required." in html
    assert not Organisation.objects.filter(name="X Relief").exists()


APPLICATION = {
    "name": "Alpha Relief",
    "type": "ingo",
    "community": "humanitarian",
    "contact_name": "Someone",
    "contact_email": "someone@example.org",
    "accepts_terms": "on",
}


def test_no_applications_before_terms_are_published(world):
    response = Client().post("/partners/apply/", APPLICATION)
    assert response.status_code == 200 and "cannot take applications" in response.content.decode()
    assert not Organisation.objects.filter(name="Alpha Relief").exists()


def test_apply_with_a_taken_name_is_a_field_error_not_a_crash(world):
    publish_terms()
    response = Client().post("/partners/apply/", APPLICATION)  # its identifier would be alpha-relief (A)
    assert response.status_code == 422
    assert "already a member or has applied" in response.content.decode()


def test_onboarding_queue_is_for_centre_admins_only(world):
    applicant()
    for username in ("alice", "ada", "charlie"):
        assert world.web(username).get("/partners/onboarding/").status_code == 404
    html = world.web("cora").get("/partners/onboarding/").content.decode()
    assert "New Relief" in html and "Start review" in html


def test_centre_admin_moves_an_application_through_onboarding(world):
    org = applicant()
    client = world.web("cora")
    url = f"/partners/{org.pk}/membership/"
    response = client.post(url, {"event": "start_review", "next": "/partners/onboarding/"})
    assert response.status_code == 302 and response["Location"] == "/partners/onboarding/"
    response = client.post(url, {"event": "decline", "reason": ""}, follow=True)
    assert "A reason is required to decline." in response.content.decode()
    client.post(url, {"event": "approve"})
    org.refresh_from_db()
    assert org.membership_status == "active"
    assert world.web("alice").post(url, {"event": "suspend", "reason": "x"}).status_code == 403


def test_own_administrator_edits_the_profile(world):
    url = f"/partners/{world.orgs['a'].pk}/edit/"
    assert world.web("alice").get(url).status_code == 403
    client = world.web("ada")
    response = client.post(url, {"name": "Alpha Relief Agency", "country": "XX1", "capabilities": ["food"]})
    assert response.status_code == 422 and "two-letter" in response.content.decode()
    response = client.post(url, {"name": "Alpha Relief Agency", "country": "ch", "capabilities": ["food"]})
    assert response.status_code == 302
    assert list(world.orgs["a"].capabilities.values_list("code", flat=True)) == ["food"]


def test_contact_form_uses_the_sharing_fields(world):
    url = f"/partners/{world.orgs['a'].pk}/contacts/new/"
    client = world.web("alice")
    page = client.get(url).content.decode()
    assert 'name="releasability"' in page and 'name="shared_with"' in page and 'name="protected"' in page
    response = client.post(url, {"name": "Mo Said", "releasability": "public", "protected": "on"})
    assert response.status_code == 422 and "cannot be released to" in response.content.decode()
    response = client.post(
        url, {"name": "Mo Said", "releasability": "named", "shared_with": ["humanitarian"]}
    )
    assert response.status_code == 302
    assert world.web("bob").get(f"/partners/{world.orgs['a'].pk}/").content.decode().count("Mo Said") == 1
    assert world.web("bob").get(f"/partners/{world.orgs['b'].pk}/contacts/new/").status_code == 200
    assert world.web("bob").get(url).status_code == 403
