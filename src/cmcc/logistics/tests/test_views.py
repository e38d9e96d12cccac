"""The logistics pages: every list and detail with an owner, a shared and a denied case; forms
through the services; HTMX fragments; the party liaison's inbox and decision."""

import re

import pytest

from cmcc.logistics import selectors, services
from cmcc.logistics.models import ClearanceRequest, Consignment

from .conftest import LINES


@pytest.fixture
def shipment(lw, make_consignment):
    c = make_consignment(reference="PAGE-1", releasability="community")
    request = services.clearance_request_create(
        actor=lw.actor("alice"), consignment=c, authority=lw.orgs["p"]
    )
    return c, request


def text(response) -> str:
    return response.content.decode()


PAGES = {
    "consignments": "/logistics/",
    "requests": "/logistics/clearance/",
    "crossings": "/logistics/crossings/",
    "figures": "/logistics/figures/",
    "picture": "/logistics/picture/",
    "import": "/logistics/import/",
    "consignment-new": "/logistics/consignments/new/",
    "figure-new": "/logistics/figures/new/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_render_for_a_member(lw, shipment, name):
    from django.urls import reverse

    assert reverse(f"logistics:{name}") == PAGES[name]
    r = lw.web("alice").get(PAGES[name])
    assert r.status_code == 200, (name, r.status_code)
    assert "<script>" not in text(r) and " style=" not in text(r)  # strict CSP: nothing inline


def test_pages_need_sign_in(lw):
    r = lw.client().get("/logistics/")
    assert r.status_code == 302 and "/accounts/" in r["Location"]


def test_consignment_list_and_detail_owner_shared_denied(lw, shipment):
    c, _ = shipment
    assert "PAGE-1" in text(lw.web("alice").get("/logistics/"))
    assert "PAGE-1" in text(lw.web("bob").get("/logistics/"))
    assert "PAGE-1" not in text(lw.web("charlie").get("/logistics/"))
    assert lw.web("bob").get(f"/logistics/consignments/{c.pk}/").status_code == 200
    assert lw.web("charlie").get(f"/logistics/consignments/{c.pk}/").status_code == 404
    owner_page = text(lw.web("alice").get(f"/logistics/consignments/{c.pk}/"))
    assert 'name="event" value="cancel"' in owner_page
    assert 'name="event"' not in text(lw.web("bob").get(f"/logistics/consignments/{c.pk}/"))


def test_htmx_filter_returns_only_the_results(lw, shipment):
    r = lw.web("alice").get(
        "/logistics/?status=clearance_requested", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    assert r.status_code == 200 and text(r).lstrip().startswith('<div id="results"') and "PAGE-1" in text(r)


def test_register_form_creates_through_the_service(lw):
    data = {
        "reference": "WEB-1",
        "sender_name": "Alpha",
        "channel": "un2720",
        "trucks": "2",
        "releasability": "org",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Flour",
        "lines-0-sector": "FOOD",
        "lines-0-quantity": "10",
        "lines-0-unit": "bag",
        "lines-0-weight_kg": "250",
    }
    r = lw.web("alice").post("/logistics/consignments/new/", data)
    assert r.status_code == 302, text(r)[:2000]
    c = Consignment.objects.get(reference="WEB-1")
    assert c.status == "registered" and c.line_count == 1 and c.total_weight_kg == 250
    bad = dict(data, reference="WEB-2", **{"lines-0-sector": ""})
    r = lw.web("alice").post("/logistics/consignments/new/", bad)
    assert r.status_code == 422 and not Consignment.objects.filter(reference="WEB-2").exists()


def test_next_step_buttons_and_stale_page(lw, shipment):
    c, request = shipment
    services.clearance_decide(actor=lw.actor("percy"), request=request, decision="approve")
    web = lw.web("alice")
    url = f"/logistics/consignments/{c.pk}/events/"
    ks = selectors.crossing_get(slug="kerem-shalom")
    r = web.post(
        url,
        {"event": "manifest", "crossing": ks.slug, "expected_status": "approved"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="progress",
    )
    assert r.status_code == 200 and 'id="progress"' in text(r)
    c.refresh_from_db()
    assert c.status == "manifested" and c.crossing == ks
    stale = web.post(
        url,
        {"event": "manifest", "crossing": ks.slug, "expected_status": "approved"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="progress",
    )
    assert stale.status_code == 409
    assert lw.web("bob").post(url, {"event": "arrive"}).status_code == 403


def test_party_liaison_inbox_and_decision(lw, shipment):
    c, request = shipment
    inbox = text(lw.web("percy").get("/logistics/clearance/?addressed_to_me=on"))
    assert "PAGE-1" in inbox
    page = text(lw.web("percy").get(f"/logistics/clearance/{request.pk}/"))
    assert "Record the decision" in page and f"/logistics/consignments/{c.pk}/" not in page
    assert lw.web("bob").get(f"/logistics/clearance/{request.pk}/").status_code == 404
    # a member of the requesting organisation sees it but cannot decide
    assert "Record the decision" not in text(lw.web("ada").get(f"/logistics/clearance/{request.pk}/"))
    assert (
        lw.web("ada").post(f"/logistics/clearance/{request.pk}/", {"decision": "approve"}).status_code == 403
    )
    line = request.lines.get(line_no=2)
    r = lw.web("percy").post(
        f"/logistics/clearance/{request.pk}/",
        {"decision": "approve", f"line_{line.pk}": "reject", f"reason_{line.pk}": ""},
    )
    assert r.status_code == 422  # a rejected line needs its reason
    r = lw.web("percy").post(
        f"/logistics/clearance/{request.pk}/",
        {"decision": "approve", f"line_{line.pk}": "reject", f"reason_{line.pk}": "dual_use"},
    )
    assert r.status_code == 302, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', text(r), re.S)
    request.refresh_from_db()
    assert request.status == "partially_approved" and request.decided_by_name == "percy"


def test_request_clearance_from_the_consignment_page(lw, make_consignment):
    c = make_consignment(reference="WEB-REQ")
    r = lw.web("alice").post(
        f"/logistics/consignments/{c.pk}/clearance/", {"authority": str(lw.orgs["p"].pk)}
    )
    assert r.status_code == 302
    assert ClearanceRequest.objects.get(consignment=c).authority == lw.orgs["p"]


def test_import_page_dry_run_then_import(lw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (
        b"reference,sender,channel,description,sector,quantity,unit\n"
        b"U1,Alpha,un2720,Flour,FOOD,10,bag\nU2,Alpha,un2720,Tents,SHELTER,5,piece\n"
    )
    web = lw.web("alice")
    r = web.post(
        "/logistics/import/",
        {"file": SimpleUploadedFile("a.csv", data), "dry_run": "on", "releasability": "org"},
    )
    assert r.status_code == 200 and "unknown sector" in text(r) and not Consignment.objects.exists()
    r = web.post("/logistics/import/", {"file": SimpleUploadedFile("a.csv", data), "releasability": "org"})
    assert r.status_code == 422 and not Consignment.objects.exists()
    r = web.post(
        "/logistics/import/",
        {"file": SimpleUploadedFile("a.csv", data), "skip_invalid": "on", "releasability": "org"},
    )
    assert r.status_code == 200 and list(Consignment.objects.values_list("reference", flat=True)) == ["U1"]
    assert lw.web("avery").get("/logistics/import/").status_code == 403


def test_picture_and_figures_pages_show_only_what_the_viewer_may_see(lw, shipment):
    services.figure_create(
        actor=lw.actor("alice"),
        source_name="Authority X",
        channel="all",
        stage="entered",
        unit="truck",
        value=480,
        period_start=__import__("datetime").date(2025, 10, 20),
        releasability="org",
    )
    assert "Authority X" in text(lw.web("alice").get("/logistics/figures/"))
    assert "Authority X" not in text(lw.web("bob").get("/logistics/figures/"))
    page = text(lw.web("alice").get("/logistics/picture/"))
    assert "<svg" in page and "Time in each stage" in page
    assert lw.web("alice").get("/logistics/picture/?since=2025-10-10&until=2025-10-01").status_code == 200


def test_crossings_page_lets_centre_staff_record_a_status(lw):
    assert "Record a status change" not in text(lw.web("alice").get("/logistics/crossings/"))
    page = text(lw.web("cora").get("/logistics/crossings/"))
    assert "Record a status change" in page and "no sourced coordinates" in page
    r = lw.web("cora").post(
        "/logistics/crossings/zikim/statuses/",
        {"status": "closed", "effective_from": "2030-01-01", "source": "Notice"},
    )
    assert r.status_code == 302
    assert (
        lw.web("alice")
        .post(
            "/logistics/crossings/zikim/statuses/",
            {"status": "open", "effective_from": "2030-01-02", "source": "x"},
        )
        .status_code
        == 302
    )
    statuses = [
        s.status
        for s in selectors.crossing_timeline(crossing=selectors.crossing_get(slug="zikim"))["statuses"]
    ]
    assert statuses[0] == "closed"


def test_arabic_pages(lw, shipment):
    web = lw.web("alice")
    web.post("/i18n/setlang/", {"language": "ar", "next": "/logistics/"})
    page = text(web.get("/logistics/"))
    assert 'dir="rtl"' in page
    assert re.search("الشحنات", page)


__all__ = ["LINES"]
