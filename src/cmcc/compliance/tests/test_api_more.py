"""The remaining endpoints' owner / shared / denied cases, and garbage input on every compliance
endpoint answered 4xx, never 500."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcc.compliance import services
from cmcc.compliance.models import Assessment

from .conftest import API, file_report, get, post
from .test_dialogue import determined
from .test_evidence import PNG


def test_evidence_links_copies_and_custody_endpoints(cw):
    report = file_report(cw, "alice")
    link = post(
        cw,
        "alice",
        "/evidence/links",
        {"title": "Post", "url": "https://example.org/p/1", "report_id": str(report.pk)},
        expect=201,
    ).json()
    assert link["kind"] == "link" and link["custody"][0]["action"] == "linked"
    post(
        cw,
        "bob",
        "/evidence/links",
        {"title": "Post", "url": "https://example.org/p/2", "report_id": str(report.pk)},
        expect=422,
    )  # report not visible to bob
    post(cw, "alice", "/evidence/links", {"title": "Post", "url": "https://example.org/p/3"}, expect=422)
    r = post(cw, "alice", f"/evidence/{link['id']}/custody", {"to_custodian": "Evidence room"}, expect=201)
    assert r.json()["seq"] == 2
    post(cw, "vera", f"/evidence/{link['id']}/custody", {"to_custodian": "x y"}, expect=403)  # not the owner
    post(cw, "bob", f"/evidence/{link['id']}/custody", {"to_custodian": "x y"}, expect=404)
    assert get(cw, "alice", f"/evidence/{link['id']}/original").status_code == 404  # a link has no file
    original = (
        cw.client("alice")
        .post(
            f"{API}/evidence",
            {"title": "Photo", "report_id": str(report.pk), "file": SimpleUploadedFile("p.png", PNG)},
        )
        .json()
    )
    r = cw.client("vera").post(
        f"{API}/evidence/{original['id']}/copies",
        {"note": "cropped", "file": SimpleUploadedFile("c.png", PNG[:900])},
    )
    assert r.status_code == 201 and r.json()["original_id"] == original["id"]
    r = cw.client("bob").post(
        f"{API}/evidence/{original['id']}/copies",
        {"note": "cropped", "file": SimpleUploadedFile("c.png", PNG[:900])},
    )
    assert r.status_code == 404
    assert get(cw, "bob", f"/evidence?report_id={report.pk}", expect=200).json()["items"] == []
    assert len(get(cw, "vera", f"/evidence?report_id={report.pk}", expect=200).json()["items"]) == 3


def test_source_patch_and_publish_and_close_are_the_cells(cw):
    file_report(cw, "pat")
    source = get(cw, "vera", "/sources", expect=200).json()["items"][0]
    r = cw.client("vera").patch(
        f"{API}/sources/{source['id']}",
        json.dumps({"description": "liaison office"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["description"] == "liaison office"
    r = cw.client("cora").patch(
        f"{API}/sources/{source['id']}", json.dumps({"description": "x"}), content_type="application/json"
    )
    assert r.status_code == 403
    incident = determined(cw, file_report(cw, "alice", occurred_at=file_report(cw, "bob").occurred_at))
    for who, status in (("pat", 404), ("alice", 404), ("vera", 403)):
        post(cw, who, f"/incidents/{incident.pk}/publish", {"version": incident.version,
             "summary": "The centre finds that it happened."}, expect=status)  # fmt: skip
    thread = get(cw, "vera", "/threads", expect=200).json()["items"][0]
    post(cw, "pat", f"/threads/{thread['id']}/close", {"reason": "done"}, expect=403)
    post(cw, "paz", f"/threads/{thread['id']}/close", {"reason": "done"}, expect=404)
    post(cw, "vera", f"/threads/{thread['id']}/close", {"reason": "done"}, expect=200)


def _paths():
    from cmcc.api import api

    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        if not path.startswith("/api/v1/compliance"):
            continue
        for method in ops:
            yield method, path


GARBAGE = [
    {},
    {"version": "two", "event": 5, "title": ["x"], "credibility": "high", "report_ids": "all"},
    {"version": -1, "other_id": "not-a-uuid", "party_org_id": 12, "occurred_at": "yesterday"},
]


@pytest.mark.parametrize("body", GARBAGE)
def test_garbage_never_answers_500(cw, body):
    report = file_report(cw, "alice")
    incident = Assessment.objects.get(report=report).incident
    thread = services.thread_open(
        actor=cw.actor("vera"), incident=incident, party_org=cw.orgs["p"], summary="x y z"
    )
    ids = {"incident_id": incident.pk, "report_id": report.pk, "thread_id": thread.pk}
    ids.update({name: uuid.uuid4() for name in ("source_id", "evidence_id", "finding_id")})
    client = cw.client("vera")
    for method, path in _paths():
        url = path.format(**ids)
        if method == "get":
            r = client.get(url + "?since=notadate&limit=-5&format=pdf")
        elif method == "patch":
            r = client.patch(url, json.dumps(body), content_type="application/json")
        else:
            r = client.post(url, json.dumps(body), content_type="application/json")
        assert r.status_code < 500, (method, url, r.status_code)
    assert client.get(f"{API}/incidents/not-a-uuid").status_code == 404


def test_a_party_answers_in_its_thread_not_as_dissent(cw):
    incident = Assessment.objects.get(report=file_report(cw, "alice")).incident
    services.incident_update(
        actor=cw.actor("vera"), incident=incident, version=incident.version, releasability="cmcc"
    )
    r = post(cw, "pia", f"/incidents/{incident.pk}/dissents", {"text": "We disagree with this."}, expect=403)
    assert "right-of-reply" in r.json()["detail"]
