"""The pages: every one renders for the people who may see it, follows access, keeps receipt apart from
decisions, and carries no inline script or style (the content security policy forbids both)."""

import json
import re
from pathlib import Path

import pytest

from cmcc.movements import services
from cmcc.movements.models import Transmission

from .conftest import ACROSS, hours, notify

APP = Path(__file__).resolve().parents[1]


@pytest.fixture
def data(world, zone):
    pat = world.users["pat"]
    pat.extra_actions = ["decide"]
    pat.save()
    m = notify(world, route=ACROSS)
    services.person_add(actor=world.actor("alice"), movement=m, role="patient", full_name="Hidden Name")
    site = services.site_create(
        actor=world.actor("alice"),
        name="Field hospital",
        function="hospital",
        lon=34.45,
        lat=31.5,
        releasability="cmcc",
    )
    constraint = services.constraint_create(
        actor=world.actor("alice"),
        occurred_at=hours(-2),
        category="restriction_of_movement",
        detail="checkpoint_delay",
        description="Held 5 hours",
        lon=34.45,
        lat=31.5,
        movement=m,
        releasability="cmcc",
    )
    return {"movement": m, "site": site, "constraint": constraint, "tx": Transmission.objects.get(movement=m)}


def pages(data, zone):
    m, tx = data["movement"], data["tx"]
    return [
        "/movements/",
        "/movements/?coordination_required=true&status=submitted",
        f"/movements/{m.pk}/",
        "/movements/inbox/",
        f"/movements/inbox/{tx.pk}/",
        "/movements/sites/",
        "/movements/sites/?state=expired",
        f"/movements/sites/{data['site'].pk}/",
        "/movements/zones/",
        "/movements/zones/?at=2030-01-01T00:00",
        f"/movements/zones/{zone.pk}/",
        "/movements/constraints/",
        "/movements/snapshot/",
        "/movements/map/",
    ]


def test_pages_render_for_the_owner(world, zone, data):
    web = world.web("alice")
    for url in [*pages(data, zone), "/movements/notify/", f"/movements/{data['movement'].pk}/outcome/"]:
        r = web.get(url)
        assert r.status_code == 200, (url, r.status_code)
    detail = web.get(f"/movements/{data['movement'].pk}/").content.decode()
    assert (
        "Coordination required" in detail and "Hidden Name" in detail and "Northern restricted area" in detail
    )


def test_pages_follow_access(world, zone, data):
    m = data["movement"]
    assert world.web("bob").get(f"/movements/{m.pk}/").status_code == 200
    assert "Hidden Name" not in world.web("bob").get(f"/movements/{m.pk}/").content.decode()
    assert world.web("sam").get(f"/movements/{m.pk}/").status_code == 404
    assert world.web("bob").get(f"/movements/inbox/{data['tx'].pk}/").status_code == 404
    assert world.web("bob").get(f"/movements/{m.pk}/outcome/").status_code == 403
    assert world.client().get("/movements/").status_code == 302  # sign in first
    pat = world.web("pat")
    text = (
        pat.get(f"/movements/{m.pk}/").content.decode()
        + pat.get(f"/movements/inbox/{data['tx'].pk}/").content.decode()
    )
    assert "Hidden Name" not in text and "Confirm receipt" in text


def test_party_confirms_receipt_then_decides_on_the_page(world, zone, data):
    tx = data["tx"]
    web = world.web("pat")
    assert world.web("alice").post(f"/movements/inbox/{tx.pk}/receipt/").status_code == 302
    tx.refresh_from_db()
    assert tx.received_at is None  # the organiser cannot confirm the party's receipt
    assert web.post(f"/movements/inbox/{tx.pk}/receipt/").status_code == 302
    tx.refresh_from_db()
    assert tx.received_at is not None and tx.decision == ""
    page = web.get(f"/movements/inbox/{tx.pk}/").content.decode()
    assert "Confirm receipt</button>" not in page and "Record the decision" in page
    bad = web.post(f"/movements/inbox/{tx.pk}/decision/", {"kind": "approved_with_changes"})
    assert bad.status_code == 422
    assert (
        web.post(f"/movements/inbox/{tx.pk}/decision/", {"kind": "approved", "note": "ok"}).status_code == 302
    )
    tx.refresh_from_db()
    assert tx.decision == "approved"


def test_notify_review_submit_and_record_on_the_pages(world, zone):
    web = world.web("alice")
    form = {
        "purpose": "fuel_delivery",
        "sector": "fuel",
        "window_start": hours(60).strftime("%Y-%m-%dT%H:%M"),
        "window_end": hours(64).strftime("%Y-%m-%dT%H:%M"),
        "waypoints": "31.46, 34.38, Depot\n31.46, 34.44, Hospital",
        "vehicle_count": "2",
        "personnel_count": "3",
        "releasability": "cmcc",
    }
    bad = web.post("/movements/notify/", dict(form, waypoints="31.46, 34.38\n131.46, 34.44"))
    assert bad.status_code == 422 and "out of range" in bad.content.decode()
    r = web.post("/movements/notify/", form)
    assert r.status_code == 302
    url = r["Location"]
    review = web.get(url).content.decode()
    assert "This is a draft" in review and "Coordination required" in review and "Enters" in review
    assert not Transmission.objects.exists()
    assert web.post(url + "submit/").status_code == 302
    assert Transmission.objects.count() == 1
    checkpoint = {
        "checkpoint": "CP 2",
        "arrived_at": hours(61).strftime("%Y-%m-%dT%H:%M"),
        "departed_at": hours(63).strftime("%Y-%m-%dT%H:%M"),
    }
    assert web.post(url + "checkpoints/", checkpoint).status_code == 302
    outcome = {"outcome": "impeded", "impeded_result": "accomplished"}
    assert web.post(url + "outcome/", outcome).status_code == 302
    text = web.get(url).content.decode()
    assert "Approved, then impeded" in text and "2.0" in text


def test_sites_zones_and_constraints_forms(world, zone):
    web = world.web("alice")
    r = web.post(
        "/movements/sites/new/",
        {
            "name": "Clinic",
            "function": "health_facility",
            "lat": "31.5",
            "lon": "34.45",
            "releasability": "cmcc",
        },
    )
    assert r.status_code == 302
    site_url = r["Location"]
    assert web.post(site_url + "withdraw/", {"reason": "Moved"}).status_code == 302
    assert "Withdrawn" in web.get(site_url).content.decode()
    from .test_bad_input import BOWTIE

    bowtie = json.dumps(BOWTIE)
    cora = world.web("cora")
    r = cora.post(
        "/movements/zones/new/",
        {
            "name": "Bad",
            "kind": "restricted",
            "authority": str(world.orgs["p"].pk),
            "geometry": bowtie,
            "valid_from": "2030-01-01T00:00",
            "source": "x",
            "releasability": "cmcc",
        },
    )
    assert r.status_code == 422 and "self-intersection" in r.content.decode()
    r = web.post(
        "/movements/constraints/new/",
        {
            "occurred_at": "2025-10-20T08:00",
            "category": "physical_environment",
            "detail": "fired_upon",
            "sector": "health",
            "description": "x",
            "releasability": "cmcc",
        },
    )
    assert r.status_code == 422 and "violence" in r.content.decode()


def test_templates_and_scripts_respect_the_content_security_policy():
    for path in APP.glob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path.name
        assert not re.search(r"\sstyle=", text), path.name
        assert not re.search(r"\son[a-z]+=", text), path.name
    script = (APP / "static/movements/map.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "eval(" not in script


def test_pages_speak_arabic(world, zone, data):
    web = world.web("pat")
    r = web.get(f"/movements/inbox/{data['tx'].pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    text = r.content.decode()
    assert r.status_code == 200 and 'dir="rtl"' in text
    assert "تأكيد الاستلام" in text and "ليس موافقة" in text


def test_reported_incidents_near_the_route_are_shown_when_compliance_provides_them(
    world, zone, data, monkeypatch
):
    import datetime as dt
    from types import SimpleNamespace

    from cmcc.compliance import selectors as compliance

    seen = {}

    def along(*, actor, route, since, until, buffer_km):
        seen.update(actor=actor.name, route=route, since=since, until=until, buffer_km=buffer_km)
        return [
            SimpleNamespace(
                pk=data["movement"].pk,
                reference="INC-1",
                title="Shots near the convoy road",
                get_category_display=lambda: "Fire across the line",
                occurred_at=hours(70),
                distance_km=0.4,
            )
        ]

    monkeypatch.setattr(compliance, "incidents_along_route", along, raising=False)
    text = world.web("alice").get(f"/movements/{data['movement'].pk}/").content.decode()
    assert "INC-1" in text and "0.4 km from the route" in text
    m = data["movement"]
    assert seen["actor"] == "alice" and seen["buffer_km"] == 1.0 and len(seen["route"]) == 2
    assert seen["since"] == m.window_start - dt.timedelta(days=3) and seen["until"] == m.window_end
