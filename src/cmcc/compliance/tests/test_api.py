"""Every compliance endpoint: the owner case, the shared case and the denied case, and bad input
answered 4xx with the field and the reason (never 500)."""

import json

import pytest

from cmcc.compliance.models import Assessment, Report

from .conftest import API, BASE, file_report, get, post

REPORT = {
    "title": "Shelling near Khan Yunis",
    "text": "Three shells east of Khan Yunis.",
    "category": "fire_across_line",
    "occurred_at": BASE.isoformat(),
    "observation_mode": "seen",
    "lat": 31.3443,
    "lon": 34.3096,
    "casualties": [{"kind": "injured", "population": "civilian", "count": 2}],
}


def ids(response) -> set[str]:
    return {item["id"] for item in response.json()["items"]}


def test_report_owner_cell_and_others(cw):
    r = post(cw, "alice", "/reports", REPORT, expect=201)
    report = r.json()
    assert report["owner_org_id"] == str(cw.orgs["a"].pk) and report["channel"] == "api"
    assert report["releasability"] == "named" and report["shared_with"] == ["coordination"]
    assert report["assessment"] is None  # the submitter does not see the cell's assessment
    assert report["casualties"][0]["count"] == 2
    cell = get(cw, "vera", f"/reports/{report['id']}", expect=200).json()
    assert cell["assessment"]["incident_reference"].startswith("INC-") and cell["assessment"]["grade"] == "F?"
    for who in ("bob", "charlie", "pat", None):
        assert get(cw, who, f"/reports/{report['id']}").status_code == 404
        assert report["id"] not in ids(get(cw, who, "/reports?limit=100", expect=200))
    assert report["id"] in ids(get(cw, "avery", "/reports", expect=200))
    public = post(
        cw, "bob", "/reports", dict(REPORT, releasability="cmcc", shared_with=[]), expect=201
    ).json()
    for who in ("alice", "charlie", "pat"):
        assert get(cw, who, f"/reports/{public['id']}").status_code == 200


def test_report_bad_input_names_the_field(cw):
    cases = [
        (dict(REPORT, category="riot"), "category"),
        (dict(REPORT, lat=95), "lat"),
        (dict(REPORT, lon=None), "lon"),
        (dict(REPORT, occurred_at="2999-01-01T00:00:00Z"), "occurred_at"),
        (dict(REPORT, time_precision=4), "time_precision"),
        (dict(REPORT, observation_mode="dreamt"), "observation_mode"),
        (dict(REPORT, casualties=[{"kind": "killed", "count": -1}]), "casualties"),
        (
            dict(REPORT, casualties=[{"kind": "killed", "count": 5, "count_max": 2}]),
            "casualties[0].count_max",
        ),
        (dict(REPORT, releasability="org", shared_with=[]), "releasability"),
        (dict(REPORT, releasability="community", shared_with=[]), "releasability"),
        (dict(REPORT, title="", text=""), "title"),
    ]
    for body, field in cases:
        r = post(cw, "alice", "/reports", body)
        assert r.status_code == 422, (field, r.content)
        locs = [tuple(map(str, d["loc"])) for d in r.json()["detail"]]
        assert any(field in ".".join(loc) for loc in locs), (field, locs)
    assert not Report.objects.exists()
    assert post(cw, "avery", "/reports", REPORT).status_code == 403  # a viewer cannot submit
    assert post(cw, None, "/reports", REPORT).status_code == 401
    assert post(cw, "sam", "/reports", REPORT).status_code == 403  # suspended organisation
    r = cw.client("alice").post(f"{API}/reports", "{not json", content_type="application/json")
    assert r.status_code in (400, 422)


def test_protected_report_goes_to_the_named_cell_only(cw):
    body = dict(REPORT, protected=True, releasability="named", shared_with=["coordination"])
    r = post(cw, "alice", "/reports", body, expect=422)
    assert "communities" in str(r.json())
    body["shared_with"] = [str(cw.orgs["x"].pk)]
    report = post(cw, "alice", "/reports", body, expect=201).json()
    assert get(cw, "vera", f"/reports/{report['id']}").status_code == 200
    assert get(cw, "bob", f"/reports/{report['id']}").status_code == 404


def test_incident_owner_shared_denied_and_writes(cw):
    report = file_report(cw, "alice")
    incident = Assessment.objects.get(report=report).incident
    url = f"/incidents/{incident.pk}"
    detail = get(cw, "vera", url, expect=200).json()
    assert (
        detail["reports"][0]["link_reasons"] and detail["corroboration_summary"]["independent_origins"] == 1
    )
    assert detail["allowed_events"] == ["triage"]
    assert (
        get(cw, "cora", url, expect=200).json()["allowed_events"] == []
    )  # decide only: nothing at 'received'
    for who in ("alice", "bob", "charlie", "pat", None):
        assert get(cw, who, url).status_code == 404
    # the cell releases the incident to all members: they see it and the reports they may see
    r = cw.client("vera").patch(
        f"{API}{url}",
        json.dumps({"version": detail["version"], "releasability": "cmcc"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    shared = get(cw, "charlie", url, expect=200).json()
    assert shared["reports"] == [] and shared["corroboration_summary"]["hidden_reports"] == 1
    assert shared["allowed_events"] == []
    assert get(cw, "alice", url, expect=200).json()["reports"][0]["report_id"] == str(report.pk)
    # but only the cell changes it
    version = r.json()["version"]
    post(cw, "charlie", f"{url}/events", {"event": "triage", "version": version}, expect=403)
    post(cw, "alice", f"{url}/dissents", {"text": "I disagree"}, expect=403)
    post(cw, "vera", f"{url}/events", {"event": "review", "version": version}, expect=409)
    post(cw, "vera", f"{url}/events", {"event": "fly", "version": version}, expect=422)
    post(cw, "vera", f"{url}/events", {"event": "triage"}, expect=422)
    post(cw, "vera", f"{url}/events", {"event": "triage", "version": version}, expect=200)
    # the second analyst working from the same read gets 409, not a silent overwrite
    r = post(cw, "vera", f"{url}/events", {"event": "triage", "version": version}, expect=409)
    assert "changed since you read it" in r.json()["detail"]
    post(cw, "vera", f"{url}/dissents", {"text": "The location is doubtful."}, expect=201)


def test_grade_endpoint(cw):
    first = file_report(cw, "alice")
    url = f"/reports/{first.pk}/grade"
    r = post(cw, "vera", url, {"credibility": 1}, expect=409)
    assert "independent" in r.json()["detail"]
    post(cw, "vera", url, {"credibility": 7}, expect=422)
    post(cw, "alice", url, {"credibility": 3}, expect=404)
    r = post(cw, "vera", url, {"credibility": 3, "note": "plausible", "origin": "field-team-1"}, expect=200)
    assert r.json()["assessment"]["credibility"] == 3 and r.json()["assessment"]["origin"] == "field-team-1"


def test_sources_are_the_cells(cw):
    file_report(cw, "pat")
    listed = get(cw, "vera", "/sources", expect=200).json()["items"]
    source = next(s for s in listed if s["name"] == "Party North Liaison Authority")
    r = post(
        cw, "vera", f"/sources/{source['id']}/ratings", {"reliability": "C", "reason": "checked"}, expect=201
    )
    assert [h["reliability"] for h in r.json()["ratings"]] == ["F", "C"]
    for who in ("alice", "pat", "charlie", None):
        assert get(cw, who, f"/sources/{source['id']}").status_code == 404
    post(cw, "alice", "/sources", {"name": "My source", "type": "media"}, expect=403)
    created = post(
        cw,
        "vera",
        "/sources",
        {
            "name": "Channel 9",
            "type": "media",
            "reliability": "C",
            "releasability": "named",
            "shared_with": [str(cw.orgs["a"].pk)],
        },
        expect=201,
    ).json()
    assert get(cw, "alice", f"/sources/{created['id']}").status_code == 200  # shared by name
    post(cw, "alice", f"/sources/{created['id']}/ratings", {"reliability": "A", "reason": "x y"}, expect=403)
    post(cw, "vera", "/sources", {"name": "Channel 9", "type": "media"}, expect=422)
    post(cw, "vera", f"/sources/{created['id']}/ratings", {"reliability": "Z", "reason": "x y"}, expect=422)


def test_merge_and_split_endpoints(cw):
    a = file_report(cw, "alice")
    b = file_report(cw, "bob", category="looting", title="Looting", lat=31.28, lon=34.26)
    ia, ib = (Assessment.objects.get(report=r).incident for r in (a, b))
    post(
        cw,
        "vera",
        f"/incidents/{ia.pk}/merge",
        {"other_id": str(ib.pk), "version": ia.version, "other_version": ib.version, "reason": "same event"},
        expect=200,
    )
    ia.refresh_from_db()
    r = post(
        cw,
        "vera",
        f"/incidents/{ia.pk}/split",
        {"report_ids": [str(b.pk)], "version": ia.version, "reason": "different event after all"},
        expect=201,
    )
    assert r.json()["report_count"] == 1
    post(
        cw,
        "vera",
        f"/incidents/{ia.pk}/split",
        {
            "report_ids": ["00000000-0000-0000-0000-000000000000"],
            "version": ia.version + 1,
            "reason": "x y z",
        },
        expect=422,
    )
    post(
        cw,
        "alice",
        f"/incidents/{ia.pk}/merge",
        {"other_id": str(ib.pk), "version": 1, "other_version": 1, "reason": "x y z"},
        expect=404,
    )
    assert post(cw, "vera", "/correlation/run", {}).status_code == 200
    assert post(cw, "alice", "/correlation/run", {}).status_code == 403


@pytest.mark.parametrize(
    "path", ["/dashboard", "/incidents.geojson", "/vocabulary", "/triage", "/public-findings"]
)
def test_read_endpoints_answer_everyone_within_visibility(cw, path):
    file_report(cw, "alice")
    for who in ("vera", "alice", "charlie", None):
        assert get(cw, who, path).status_code == 200


def test_picture_follows_visibility(cw):
    file_report(cw, "alice")
    cell = get(cw, "vera", "/dashboard", expect=200).json()
    assert cell["incidents"] == 1 and cell["by_category"][0]["code"] == "fire_across_line"
    assert get(cw, "charlie", "/dashboard", expect=200).json()["incidents"] == 0
    layer = get(cw, "vera", "/incidents.geojson", expect=200).json()
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) == 1
    assert layer["features"][0]["geometry"]["type"] == "Point"
    assert get(cw, None, "/incidents.geojson", expect=200).json()["features"] == []
