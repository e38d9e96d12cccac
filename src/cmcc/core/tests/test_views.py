"""Kernel pages: home (dashboard or landing), demo banner, language, audit trail, error pages, CSP."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

from django.test import Client

from cmcc.coordination import services as coordination
from cmcc.core.models import AuditEntry, PlatformSetting

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


def decision(world, username="alice", **kwargs):
    fields = {
        "title": "Open the northern corridor",
        "text": "Convoys use the northern corridor from Monday.",
        "decided_by": "Coordination meeting",
        "authority": "Centre standing procedures §2",
        "decided_on": dt.date(2025, 10, 20),
        "releasability": "cmcc",
    }
    return coordination.decision_create(actor=world.actor(username), **(fields | kwargs))


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(html[html.index("<svg") : html.index("</svg>") + len("</svg>")])


def test_member_dashboard_shows_the_participation_chart(world):
    response = world.web("alice").get("/")
    assert response.status_code == 200
    root = svg_of(response.content.decode())
    # Active members: humanitarian (A, B), military (C), party (P), coordination (X); S is suspended.
    paths = root.findall(".//{http://www.w3.org/2000/svg}path")
    assert len(paths) == 4
    assert "Active member organisations by community" in root.find("{http://www.w3.org/2000/svg}title").text
    assert b"active member organisations" in response.content


def test_anonymous_home_is_the_public_landing_page(world):
    decision(world, title="Public: crossing hours", releasability="public")
    decision(world, title="Members only: staffing")
    response = Client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Public: crossing hours" in html and "Members only: staffing" not in html
    assert 'href="/partners/apply/"' in html and 'href="/accounts/login/"' in html
    assert "<svg" not in html


def test_demo_banner_only_on_a_demo_instance(world):
    banner = "DEMO DATA"
    assert banner not in world.web("alice").get("/").content.decode()
    PlatformSetting.objects.create(key="demo", value={"loaded": True})
    assert banner in world.web("alice").get("/").content.decode()
    assert banner in Client().get("/").content.decode()


def test_language_switch_to_arabic_renders_right_to_left(world):
    client = world.web("alice")
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "لوحة المتابعة" in html  # "Dashboard"
    assert re.search(r"[\u0600-\u06FF]{3,}", html)
    english = world.web("bob").get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in english


def test_audit_page_lists_only_entries_the_viewer_may_read(world):
    decision(world, title="Internal staffing", releasability="org")
    own = world.web("alice").get("/audit/", {"object_type": "coordination.decision"})
    assert own.status_code == 200 and "Internal staffing" in own.content.decode()
    other = world.web("bob").get("/audit/", {"object_type": "coordination.decision"})
    assert "Internal staffing" not in other.content.decode()
    assert Client().get("/audit/").status_code == 302


def test_audit_page_filters_update_the_table_only_for_htmx(world):
    decision(world, title="Shared plan")
    response = world.web("bob").get("/audit/", {"action": "coordination.decision"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="results"') and "Shared plan" in html


def test_detail_page_shows_the_records_audit_trail_with_changes(world):
    record = decision(world, title="Fuel first to hospitals")
    coordination.decision_update(actor=world.actor("alice"), decision=record, title="Fuel first to clinics")
    html = world.web("bob").get(f"/coordination/decisions/{record.pk}/").content.decode()
    assert "coordination.decision.updated" in html
    assert "Fuel first to hospitals" in html and "Fuel first to clinics" in html  # before → after
    assert "alice" in html and "Alpha Relief Agency" in html


def test_invisible_record_is_a_404_error_page(world):
    record = decision(world, releasability="org")
    response = world.web("charlie").get(f"/coordination/decisions/{record.pk}/")
    assert response.status_code == 404
    assert "not shared with your organisation" in response.content.decode()
    assert Client().get("/no-such-page/").status_code == 404


def test_pages_carry_no_inline_script_or_style(world):
    record = decision(world)
    client = world.web("alice")
    for url in ("/", "/partners/", "/coordination/meetings/new/", f"/coordination/decisions/{record.pk}/"):
        response = client.get(url)
        html = response.content.decode()
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert " style=" not in html and "<style" not in html and "hx-on" not in html
        assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html)), url


def test_protected_reads_on_pages_are_audited(world):
    record = decision(world, releasability="named", protected=True, shared_with=[str(world.orgs["b"].pk)])
    before = AuditEntry.objects.filter(action="coordination.decision.read").count()
    assert world.web("bob").get(f"/coordination/decisions/{record.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="coordination.decision.read").count() == before + 1


def test_audit_changes_show_changed_fields_compactly():
    from cmcc.core.templatetags.ui import changes

    assert changes(None, {"title": "a"}) == []  # a creation lists no diff
    before = {"title": "Old", "closed_at": None, "updated_at": "1", "owner_org_id": "x", "shared_with": []}
    after = {
        "title": "New",
        "closed_at": "2025-10-20T09:00:00.5+00:00",
        "updated_at": "2",
        "owner_org_id": "x",
    }
    assert changes(before, after) == [("closed_at", "", "2025-10-20 09:00"), ("title", "Old", "New")]
