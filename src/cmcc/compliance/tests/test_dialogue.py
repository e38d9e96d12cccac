"""Right of reply and publication: a party liaison sees only the incidents put to its party, and
only the released fields; its answers are part of the record. An anonymous user sees only
published findings; public findings are created only by the publish step."""

import datetime as dt

from cmcc.compliance import services
from cmcc.compliance.models import Assessment, PublicFinding

from .conftest import BASE, file_report, get, post

INTERNAL = {"findings", "summary_internal", "reports", "assessment", "origin_count", "steps", "dissents"}


def incident_of(report):
    return Assessment.objects.get(report=report).incident


def test_party_sees_only_incidents_put_to_it_and_only_released_fields(cw):
    one = incident_of(file_report(cw, "alice"))
    two = incident_of(
        file_report(cw, "bob", category="looting", title="Convoy looted", lat=31.2752, lon=34.2558)
    )
    services.incident_update(
        actor=cw.actor("vera"),
        incident=one,
        version=one.version,
        findings="INTERNAL: mortar from the east, source B2",
    )
    r = post(
        cw,
        "vera",
        f"/incidents/{one.pk}/threads",
        {
            "party_org_id": str(cw.orgs["p"].pk),
            "summary": "Shelling east of Khan Yunis on 20 Oct is alleged.",
            "question": "Were your forces firing in that area that morning?",
        },
        expect=201,
    )
    thread = r.json()
    post(
        cw,
        "vera",
        f"/incidents/{two.pk}/threads",
        {"party_org_id": str(cw.orgs["q"].pk), "summary": "Looting of a convoy is alleged."},
        expect=201,
    )
    # pat (party north) sees its thread and nothing else
    listed = get(cw, "pat", "/threads", expect=200).json()["items"]
    assert [t["id"] for t in listed] == [thread["id"]]
    detail = get(cw, "pat", f"/threads/{thread['id']}", expect=200).json()
    assert detail["summary"].startswith("Shelling") and detail["messages"][0]["side"] == "centre"
    assert not INTERNAL & set(detail) and "INTERNAL" not in str(detail)
    assert get(cw, "pat", f"/incidents/{one.pk}").status_code == 404
    assert get(cw, "pat", f"/incidents/{two.pk}").status_code == 404
    assert get(cw, "pat", "/incidents?limit=100", expect=200).json()["items"] == []
    # the other party sees only its own
    assert [t["reference"] for t in get(cw, "paz", "/threads", expect=200).json()["items"]] == [two.reference]
    assert get(cw, "paz", f"/threads/{thread['id']}").status_code == 404
    # and other members of the centre see neither
    for who in ("alice", "bob", "charlie"):
        assert get(cw, who, "/threads", expect=200).json()["items"] == []


def test_party_answers_in_its_thread_and_the_answer_is_on_the_record(cw):
    incident = incident_of(file_report(cw, "alice"))
    thread = services.thread_open(
        actor=cw.actor("vera"),
        incident=incident,
        party_org=cw.orgs["p"],
        summary="Shelling alleged",
        question="Comment?",
    )
    r = post(
        cw,
        "pat",
        f"/threads/{thread.pk}/messages",
        {"text": "Our units returned fire at a launch site."},
        expect=201,
    )
    assert r.json()["side"] == "party"
    post(cw, "paz", f"/threads/{thread.pk}/messages", {"text": "We deny."}, expect=404)
    post(cw, "alice", f"/threads/{thread.pk}/messages", {"text": "x"}, expect=404)
    post(cw, "pat", f"/threads/{thread.pk}/messages", {"text": ""}, expect=422)
    detail = get(cw, "vera", f"/incidents/{incident.pk}", expect=200).json()
    assert detail["threads"][0]["status"] == "answered"
    messages = get(cw, "vera", f"/threads/{thread.pk}", expect=200).json()["messages"]
    assert [m["side"] for m in messages] == ["centre", "party"]
    post(cw, "vera", f"/threads/{thread.pk}/close", {"reason": "answered"}, expect=200)
    post(cw, "pat", f"/threads/{thread.pk}/messages", {"text": "more"}, expect=409)
    # putting the same incident to the same party twice is refused
    post(
        cw,
        "vera",
        f"/incidents/{incident.pk}/threads",
        {"party_org_id": str(cw.orgs["p"].pk), "summary": "again"},
        expect=409,
    )
    # only parties can be put to
    post(
        cw,
        "vera",
        f"/incidents/{incident.pk}/threads",
        {"party_org_id": str(cw.orgs["b"].pk), "summary": "not a party"},
        expect=422,
    )


def determined(cw, report):
    incident = incident_of(report)
    vera, cora = cw.actor("vera"), cw.actor("cora")
    for event in ("triage", "start_review"):
        incident = services.incident_transition(
            actor=vera, incident=incident, event=event, version=incident.version
        )
    incident = services.incident_transition(
        actor=vera,
        incident=incident,
        event="draft_findings",
        version=incident.version,
        findings="internal findings",
    )
    incident = services.incident_transition(
        actor=vera, incident=incident, event="review", version=incident.version
    )
    services.thread_open(actor=vera, incident=incident, party_org=cw.orgs["p"], summary="alleged")
    incident.refresh_from_db()
    incident = services.incident_transition(
        actor=vera, incident=incident, event="consult_parties", version=incident.version
    )
    return services.incident_transition(
        actor=cora,
        incident=incident,
        event="determine",
        version=incident.version,
        determination="substantiated",
        reason="three independent origins",
    )


def test_publish_creates_a_separate_public_finding_anonymous_sees_only_that(cw):
    incident = determined(cw, file_report(cw, "alice"))
    other = incident_of(
        file_report(
            cw, "bob", category="detention", title="Detention", occurred_at=BASE - dt.timedelta(days=2)
        )
    )
    # verify is not enough to publish; decide is
    post(
        cw,
        "vera",
        f"/incidents/{incident.pk}/publish",
        {"version": incident.version, "summary": "The centre finds that shelling occurred."},
        expect=403,
    )
    r = post(
        cw,
        "cora",
        f"/incidents/{incident.pk}/publish",
        {
            "version": incident.version,
            "summary": "The centre finds that shelling occurred east of Khan Yunis.",
        },
        expect=201,
    )
    finding = r.json()
    assert finding["releasability"] == "public" and finding["determination"] == "substantiated"
    assert "internal findings" not in str(finding) and "Party North" in finding["parties_replied"]
    anon = get(cw, None, "/public-findings", expect=200).json()["items"]
    assert [f["id"] for f in anon] == [finding["id"]]
    assert get(cw, None, f"/public-findings/{finding['id']}").status_code == 200
    for path in ("/incidents", "/reports", "/threads", "/sources", "/evidence"):
        assert get(cw, None, path, expect=200).json()["items"] == [], path
    assert get(cw, None, f"/incidents/{incident.pk}").status_code == 404
    assert get(cw, None, f"/incidents/{other.pk}").status_code == 404
    # a stale version cannot publish twice
    post(
        cw,
        "cora",
        f"/incidents/{incident.pk}/publish",
        {"version": incident.version, "summary": "again, later"},
        expect=409,
    )


def test_republication_supersedes_the_previous_finding(cw):
    incident = determined(cw, file_report(cw, "alice"))
    cora = cw.actor("cora")
    first = services.incident_publish(
        actor=cora, incident=incident, version=incident.version, summary="First wording."
    )
    incident.refresh_from_db()
    incident = services.incident_transition(
        actor=cora, incident=incident, event="reopen", version=incident.version, reason="new imagery"
    )
    incident = services.incident_transition(
        actor=cw.actor("vera"), incident=incident, event="draft_findings", version=incident.version
    )
    for event in ("review", "consult_parties"):
        incident = services.incident_transition(
            actor=cw.actor("vera"), incident=incident, event=event, version=incident.version
        )
    incident = services.incident_transition(
        actor=cora,
        incident=incident,
        event="determine",
        version=incident.version,
        determination="inconclusive",
        reason="imagery ambiguous",
    )
    second = services.incident_publish(
        actor=cora, incident=incident, version=incident.version, summary="Revised."
    )
    first.refresh_from_db()
    assert first.superseded_by == second
    assert [f["id"] for f in get(cw, None, "/public-findings", expect=200).json()["items"]] == [
        str(second.pk)
    ]
    assert PublicFinding.objects.count() == 2
