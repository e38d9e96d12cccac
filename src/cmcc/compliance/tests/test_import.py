"""Bulk reports: the cmcc format (CSV, JSON, JSON Lines) and KoBo / ODK Central JSON exports, with
per-row errors (row, field, reason), nothing half-imported, and idempotent re-imports."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcc.compliance import services
from cmcc.compliance.intake import importers
from cmcc.compliance.models import Assessment, CasualtyClaim, Report
from cmcc.core.errors import ValidationFailed

from .conftest import API

HEADER = (
    "external_id,title,text,category,occurred_at,time_precision,lat,lon,geo_precision,observation_mode,"
    "source_type,source_name,origin,killed_civilians,injured"
)
CSV = (
    "\n".join(
        [
            HEADER,
            "r-1,Shelling east of Khan Yunis,Three shells landed,fire_across_line,2025-10-20T09:30:00Z,1,"
            "31.3443,34.3096,1,heard,public,Hotline,,2,4-6",
            "r-2,قصف شرق خان يونس,سقطت قذائف شرق خان يونس,fire_across_line,2025-10-20T09:40:00Z,1,,,2,"
            "second_hand,media,Al-Quds TV,gmo-statement,3,",
            "r-3,Convoy looted in Rafah,Two trucks taken,looting,2025-10-21,1,31.2752,34.2558,1,seen,ngo,"
            "Food Bridge,,,",
        ]
    )
    + "\n"
)

KOBO = {
    "count": 2,
    "results": [
        {
            "_id": 101,
            "_uuid": "5b3e1f1c-0000-4000-8000-000000000001",
            "formhub/uuid": "abc",
            "start": "2025-10-20T10:00:00Z",
            "group_incident/category": "incursion",
            "group_incident/occurred_on": "2025-10-20",
            "group_incident/occurred_time": "07:15:00.000+03:00",
            "group_incident/description": "Tanks crossed the line near Beit Lahiya",
            "group_incident/observation_mode": "seen",
            "group_where/geopoint": "31.5497 34.5024 0 5",
            "group_where/place_name": "Beit Lahiya",
            "_geolocation": [31.5497, 34.5024],
        },
        {
            "_id": 102,
            "_uuid": "5b3e1f1c-0000-4000-8000-000000000002",
            "group_incident/category": "uxo",
            "group_incident/occurred_on": "2025-10-19",
            "group_incident/description": "Unexploded shell found in a school yard in Nuseirat",
            "group_incident/observation_mode": "seen",
            "_geolocation": [None, None],
        },
    ],
}
ODK = {
    "value": [
        {
            "__id": "uuid:aa11",
            "__system": {"submissionDate": "2025-10-21T08:00:00Z"},
            "incident": {
                "category": "detention",
                "occurred_at": "2025-10-21T06:00:00Z",
                "description": "Two fishermen detained off Gaza",
                "observation_mode": "second_hand",
            },
            "where": {"geopoint": {"type": "Point", "coordinates": [34.44, 31.52, 0]}},
        }
    ]
}


def run(cw, data: bytes, fmt: str, who="vera", filename="reports.csv"):
    rows, errors = importers.rows(importers.read(data, fmt, filename), fmt)
    return services.reports_import(
        actor=cw.actor(who), rows=rows, row_errors=errors, channel="kobo" if fmt == "kobo" else "file"
    )


def test_csv_import_and_idempotent_reimport(cw):
    result = run(cw, CSV.encode(), "cmcc")
    assert len(result.created) == 3 and result.skipped == []
    arabic = Report.objects.get(external_id="r-2")
    assert arabic.lang == "ar" and arabic.channel == "file" and arabic.geo_precision == 2
    assert Assessment.objects.get(report=arabic).origin == "gmo-statement"
    claims = {
        (c.kind, c.population, c.count, c.count_max)
        for c in CasualtyClaim.objects.filter(report__external_id="r-1")
    }
    assert claims == {("killed", "civilian", 2, None), ("injured", "unknown", 4, 6)}
    assert not Report.objects.get(external_id="r-3").time_known  # only the date was given
    same = Assessment.objects.get(report__external_id="r-1").incident
    assert Assessment.objects.get(report=arabic).incident == same  # Arabic and English: one incident
    again = run(cw, CSV.encode(), "cmcc")
    assert again.created == [] and sorted(again.skipped) == ["r-1", "r-2", "r-3"]
    assert Report.objects.count() == 3


def test_row_errors_name_row_and_field_and_nothing_is_imported(cw):
    bad = CSV.replace("fire_across_line,2025-10-20T09:40:00Z", "riot,yesterday").replace("31.2752", "95")
    bad += "r-1,Duplicate,x,uxo,2025-10-20,1,,,1,seen,public,,,,\n"
    with pytest.raises(importers.ImportFailed) as exc:
        run(cw, bad.encode(), "cmcc")
    found = {(e.row, e.field) for e in exc.value.row_errors}
    assert {(2, "category"), (2, "occurred_at"), (3, "lat"), (4, "external_id")} <= found
    assert "row 2, category" in str(exc.value.row_errors[0]) or any(
        "row 2" in str(e) for e in exc.value.row_errors
    )
    assert not Report.objects.exists()


def test_json_and_json_lines(cw):
    records = [
        {
            "id": "j-1",
            "title": "Armed men at the checkpoint",
            "category": "armed_presence",
            "occurred_at": "2025-10-22T12:00:00Z",
            "observation_mode": "seen",
            "casualties": [{"kind": "detained", "population": "aid_worker", "count": 1, "claimed_by": "WFP"}],
        }
    ]
    assert len(run(cw, json.dumps({"reports": records}).encode(), "cmcc", filename="r.json").created) == 1
    lines = (
        "\n".join(json.dumps(dict(r, id="j-2")) for r in records)
        + "\n"
        + json.dumps(dict(records[0], id="j-3"))
    )
    assert len(run(cw, lines.encode(), "cmcc", filename="r.jsonl").created) == 2
    claim = CasualtyClaim.objects.get(report__external_id="j-1")
    assert (claim.kind, claim.population, claim.claimed_by) == ("detained", "aid_worker", "WFP")
    with pytest.raises(ValidationFailed):
        importers.read(b"[{", "cmcc", "x.json")
    with pytest.raises(ValidationFailed):
        importers.read(b"\xff\xfe\x00", "cmcc", "x.csv")
    with pytest.raises(ValidationFailed):
        run(cw, b"title\nx\n", "cmcc")  # no category, no date


def test_kobo_and_odk_exports(cw):
    result = run(cw, json.dumps(KOBO).encode(), "kobo", filename="kobo.json")
    assert len(result.created) == 2
    tanks = Report.objects.get(external_id="5b3e1f1c-0000-4000-8000-000000000001")
    assert (tanks.category, tanks.lat, tanks.lon, tanks.channel) == ("incursion", 31.5497, 34.5024, "kobo")
    assert tanks.occurred_at.hour == 4 and tanks.time_known  # 07:15 at +03:00
    assert tanks.place_name == "Beit Lahiya" and tanks.title.startswith("Tanks crossed")
    uxo = Report.objects.get(external_id="5b3e1f1c-0000-4000-8000-000000000002")
    assert uxo.lat is None and not uxo.time_known
    odk = run(cw, json.dumps(ODK).encode(), "kobo", filename="odk.json")
    report = odk.created[0]
    assert report.external_id == "aa11" and (report.lat, report.lon) == (31.52, 34.44)
    assert len(run(cw, json.dumps(KOBO).encode(), "kobo").skipped) == 2


def test_import_endpoint(cw):
    client = cw.client("vera")
    r = client.post(
        f"{API}/reports/import", {"format": "cmcc", "file": SimpleUploadedFile("r.csv", CSV.encode())}
    )
    assert r.status_code == 201, r.content
    assert r.json()["created"] == 3
    r = client.post(
        f"{API}/reports/import", {"format": "cmcc", "file": SimpleUploadedFile("r.csv", CSV.encode())}
    )
    assert r.status_code == 201 and r.json()["skipped"] == 3
    bad = CSV.replace("fire_across_line,2025-10-20T09:40:00Z", "riot,2025-10-20T09:40:00Z").replace(
        "r-", "s-"
    )
    r = client.post(
        f"{API}/reports/import", {"format": "cmcc", "file": SimpleUploadedFile("r.csv", bad.encode())}
    )
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["row"] == 2 and detail[0]["field"] == "category" and "one of" in detail[0]["msg"]
    r = client.post(
        f"{API}/reports/import", {"format": "excel", "file": SimpleUploadedFile("r.csv", CSV.encode())}
    )
    assert r.status_code == 422
    assert (
        cw.client("avery")
        .post(f"{API}/reports/import", {"format": "cmcc", "file": SimpleUploadedFile("r.csv", b"x")})
        .status_code
        == 403
    )
    # a member organisation imports its own reports; the cell sees them
    r = cw.client("alice").post(
        f"{API}/reports/import", {"format": "cmcc", "file": SimpleUploadedFile("r.csv", CSV.encode())}
    )
    assert r.status_code == 201 and r.json()["created"] == 3
    assert Report.objects.filter(owner_org=cw.orgs["a"]).count() == 3
