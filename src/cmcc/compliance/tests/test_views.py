"""The compliance pages: who sees what, forms going through the services, feeds without login,
and no inline script or style (strict CSP)."""

import json
import re
import xml.etree.ElementTree as ET

from django.core.files.uploadedfile import SimpleUploadedFile

from cmcc.compliance import services
from cmcc.compliance.models import Assessment, Evidence, Incident, Message, Report

from .conftest import file_report
from .test_dialogue import determined
from .test_evidence import PNG


def incident_of(report) -> Incident:
    return Assessment.objects.get(report=report).incident


def no_inline_code(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"
    assert not re.search(r" on[a-z]+=\"", html), "inline handler"


def test_pages_render_for_the_cell(cw):
    report = file_report(cw, "alice", casualties=[{"kind": "killed", "population": "civilian", "count": 3}])
    file_report(
        cw,
        "bob",
        text="Shelling east of Khan Younis; five killed",
        casualties=[{"kind": "killed", "population": "civilian", "count": 5}],
    )
    incident = incident_of(report)
    web = cw.web("vera")
    for url in (
        "/compliance/",
        "/compliance/triage/",
        "/compliance/incidents/",
        "/compliance/reports/",
        "/compliance/reports/new/",
        "/compliance/reports/import/",
        "/compliance/sources/",
        "/compliance/inbox/",
        "/compliance/map/",
        "/compliance/findings/",
        f"/compliance/incidents/{incident.pk}/",
        f"/compliance/reports/{report.pk}/",
    ):
        r = web.get(url)
        assert r.status_code == 200, url
        no_inline_code(r.content.decode())
    page = web.get(f"/compliance/incidents/{incident.pk}/").content.decode()
    assert "3–5" in page  # the spread of casualty claims, not a sum
    assert "Triage" in page and "Why the engine linked it" in page
    assert incident.reference in page


def test_incident_page_is_the_cells(cw):
    incident = incident_of(file_report(cw, "alice"))
    for who in ("alice", "bob", "charlie", "pat"):
        assert cw.web(who).get(f"/compliance/incidents/{incident.pk}/").status_code == 404
    assert cw.client().get(f"/compliance/incidents/{incident.pk}/").status_code == 302  # sign in first


def test_workflow_buttons_and_version_conflict_on_the_page(cw):
    incident = incident_of(file_report(cw, "alice"))
    web = cw.web("vera")
    url = f"/compliance/incidents/{incident.pk}/events/"
    r = web.post(url, {"event": "triage", "version": incident.version, "reason": ""}, follow=True)
    assert r.status_code == 200 and "Step recorded" in r.content.decode()
    incident.refresh_from_db()
    assert incident.status == "triaged"
    r = web.post(url, {"event": "start_review", "version": incident.version - 1}, follow=True)
    assert "changed since you read it" in r.content.decode()
    r = web.post(
        url,
        {"event": "determine", "version": incident.version, "determination": "substantiated", "reason": "x"},
        follow=True,
    )
    assert "does not allow" in r.content.decode()


def test_report_form_and_grading_on_the_page(cw):
    web = cw.web("alice")
    r = web.post(
        "/compliance/reports/new/",
        {
            "text": "Armed men at the checkpoint",
            "category": "armed_presence",
            "occurred_on": "2025-10-20",
            "time_precision": "1",
            "geo_precision": "2",
            "observation_mode": "seen",
            "place_name": "Rafah",
            "releasability": "named",
            "shared_with": ["coordination"],
            "killed": "2-3",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    report = Report.objects.get(text="Armed men at the checkpoint")
    assert not report.time_known and report.casualty_claims.get().count_max == 3
    r = web.post("/compliance/reports/new/", {"text": "x", "category": "riot", "occurred_on": "2025-10-20"})
    assert r.status_code == 422
    vera = cw.web("vera")
    incident = incident_of(report)
    r = vera.post(
        f"/compliance/incidents/{incident.pk}/reports/{report.pk}/grade/",
        {"credibility": "1", "origin": "", "note": ""},
        follow=True,
    )
    assert "independent" in r.content.decode()
    vera.post(
        f"/compliance/incidents/{incident.pk}/reports/{report.pk}/grade/",
        {"credibility": "3", "origin": "checkpoint-call", "note": ""},
    )
    a = Assessment.objects.get(report=report)
    assert (a.credibility, a.origin) == (3, "checkpoint-call")


def test_evidence_on_the_page_and_download(cw):
    incident = incident_of(file_report(cw, "alice"))
    vera = cw.web("vera")
    r = vera.post(
        f"/compliance/incidents/{incident.pk}/evidence/",
        {"title": "Crater", "file": SimpleUploadedFile("c.png", PNG), "captured_by": "monitor"},
    )
    assert r.status_code == 302
    item = Evidence.objects.get()
    page = vera.get(f"/compliance/evidence/{item.pk}/").content.decode()
    assert item.sha256 in page and "Chain of custody" in page
    r = vera.get(f"/compliance/evidence/{item.pk}/original/")
    assert b"".join(r.streaming_content) == PNG and "attachment" in r["Content-Disposition"]
    assert cw.web("alice").get(f"/compliance/evidence/{item.pk}/").status_code == 404


def test_party_inbox_and_reply(cw):
    incident = incident_of(file_report(cw, "alice"))
    incident = services.incident_update(
        actor=cw.actor("vera"), incident=incident, version=incident.version, findings="INTERNAL-NOTE"
    )
    thread = services.thread_open(
        actor=cw.actor("vera"),
        incident=incident,
        party_org=cw.orgs["p"],
        summary="Shelling is alleged.",
        question="Comment?",
    )
    pat = cw.web("pat")
    inbox = pat.get("/compliance/inbox/").content.decode()
    assert incident.reference in inbox
    assert incident.reference not in cw.web("paz").get("/compliance/inbox/").content.decode()
    page = pat.get(f"/compliance/threads/{thread.pk}/").content.decode()
    assert "Shelling is alleged." in page and "INTERNAL-NOTE" not in page
    r = pat.post(f"/compliance/threads/{thread.pk}/messages/", {"text": "We deny this."})
    assert r.status_code == 302 and Message.objects.filter(side="party", text="We deny this.").exists()
    assert cw.web("paz").get(f"/compliance/threads/{thread.pk}/").status_code == 404


def test_public_findings_and_feeds_without_login(cw):
    incident = determined(cw, file_report(cw, "alice"))
    finding = services.incident_publish(
        actor=cw.actor("cora"),
        incident=incident,
        version=incident.version,
        summary="The centre finds that shelling occurred.",
    )
    anon = cw.client()
    page = anon.get("/compliance/findings/")
    assert page.status_code == 200 and "The centre finds that shelling occurred." in page.content.decode()
    no_inline_code(page.content.decode())
    assert anon.get(f"/compliance/findings/{finding.pk}/").status_code == 200
    atom = anon.get("/compliance/findings/feed.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    tree = ET.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = tree.findall("a:entry", ns)
    assert len(entries) == 1 and incident.reference in entries[0].find("a:title", ns).text
    feed = json.loads(anon.get("/compliance/findings/feed.json").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["items"][0]["id"] == f"urn:uuid:{finding.pk}" and "substantiated" in feed["items"][0]["tags"]
    # the internal pages stay closed
    for url in ("/compliance/", "/compliance/incidents/", "/compliance/inbox/", "/compliance/map/"):
        assert anon.get(url).status_code == 302


def test_merge_and_split_on_the_page(cw):
    a = file_report(cw, "alice")
    b = file_report(cw, "bob", category="demolition", title="House destroyed")
    ia, ib = incident_of(a), incident_of(b)
    vera = cw.web("vera")
    vera.post(
        f"/compliance/incidents/{ia.pk}/merge/",
        {"version": ia.version, "other": ib.reference, "reason": "same event"},
    )
    assert incident_of(b) == ia
    ia.refresh_from_db()
    r = vera.post(
        f"/compliance/incidents/{ia.pk}/split/",
        {"version": ia.version, "reports": [str(b.pk)], "reason": "different after all"},
    )
    assert r.status_code == 302 and incident_of(b) != ia


def test_pages_speak_arabic(cw):
    incident = incident_of(file_report(cw, "alice"))
    web = cw.web("vera")
    page = web.get(f"/compliance/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page and "البلاغات جنبًا إلى جنب" in page and "إطلاق نار أو ضربة عبر الخط" in page
