"""The throughput picture, figures side by side, and the exports (HXL read back by libhxl, CSV,
XLSX, GeoJSON); none of them shows a consignment the caller may not see, nor does the audit trail."""

import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from cmcc.core.models import AuditEntry
from cmcc.logistics import selectors, services

from .conftest import LINES

API = "/api/v1/logistics"


def through(lw, who="alice", *, entered_days_ago=2, crossing="kerem-shalom", trucks=4, intercept=False, **kw):
    """A consignment taken from registration to delivery (or interception) through the services."""
    actor = lw.actor(who)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    t0 = now - dt.timedelta(days=entered_days_ago, hours=30)
    c = services.consignment_create(
        actor=actor,
        sender_name="Sender",
        channel=kw.pop("channel", "un2720"),
        trucks=trucks,
        lines=LINES,
        occurred_at=t0,
        **kw,
    )
    req = services.clearance_request_create(
        actor=actor, consignment=c, authority=lw.orgs["p"], occurred_at=t0 + dt.timedelta(hours=1)
    )
    services.clearance_decide(
        actor=lw.actor("percy"), request=req, decision="approve", occurred_at=t0 + dt.timedelta(hours=5)
    )
    t = t0 + dt.timedelta(hours=30)
    steps = [
        "manifest",
        "arrive",
        "inspect",
        "offload",
        "collect",
        "depart",
        "intercept" if intercept else "reach_destination",
    ]
    for i, event in enumerate(steps):
        c = services.consignment_transition(
            actor=actor,
            consignment=c,
            event=event,
            occurred_at=t + dt.timedelta(hours=2 * i),
            crossing=selectors.crossing_get(slug=crossing) if event == "manifest" else None,
            interception="armed" if event == "intercept" else "",
        )
    return c


@pytest.fixture
def flows(lw):
    shared = [through(lw, releasability="cmcc", reference=f"S{i}") for i in range(3)]
    hidden = through(lw, reference="HIDDEN", trucks=50, crossing="zikim")  # releasability org
    lost = through(lw, releasability="cmcc", reference="LOST", intercept=True, trucks=2)
    return {"shared": shared, "hidden": hidden, "lost": lost}


def test_picture_counts_what_the_viewer_may_see_against_the_target(lw, flows):
    mine = lw.client("alice").get(f"{API}/picture").json()
    theirs = lw.client("charlie").get(f"{API}/picture").json()
    stranger = lw.client("sam").get(f"{API}/picture").json()
    assert mine["totals"]["trucks"] == 3 * 4 + 50 + 2
    assert theirs["totals"]["trucks"] == 3 * 4 + 2
    assert stranger["totals"]["trucks"] == 0
    assert {b["key"] for b in theirs["by_crossing"]} == {str(selectors.crossing_get(slug="kerem-shalom").pk)}
    assert {b["name"] for b in mine["by_crossing"]} == {"Kerem Shalom", "Zikim"}
    funnel = {f["stage"]: f["trucks"] for f in theirs["funnel"]}
    assert funnel == {"approved": 14, "entered": 14, "offloaded": 14, "collected": 14, "delivered": 12}
    assert (
        theirs["impediments"]["intercepted_armed"] == 1 and theirs["impediments"]["intercepted_trucks"] == 2
    )
    times = {t["stage"]: t for t in theirs["stage_times"]}
    assert times["clearance"]["median_hours"] == 4.0 and times["crossing_to_offload"]["median_hours"] == 2.0
    day = next(d for d in theirs["days"] if d["trucks"])
    assert day["target"] == 300  # the last shipped version (the cut of 14 Oct 2025) is still in force
    assert len(theirs["days"]) == 30


def test_picture_uses_the_target_in_force_each_day(lw, flows):
    today = timezone.localdate()
    services.target_revise(
        actor=lw.actor("cora"),
        code="trucks-per-day",
        value=600,
        effective_from=today - dt.timedelta(days=10),
        set_by="Mediators",
        source="Statement",
        reason="Restored",
    )
    services.target_revise(
        actor=lw.actor("cora"),
        code="trucks-per-day",
        value=300,
        effective_from=today - dt.timedelta(days=1),
        set_by="Authority",
        source="Statement",
        reason="Cut over delays",
    )
    days = {d["date"]: d["target"] for d in lw.client("alice").get(f"{API}/picture").json()["days"]}
    assert days[str(today - dt.timedelta(days=11))] == 300  # the 2025 cut still in force
    assert days[str(today - dt.timedelta(days=5))] == 600
    assert days[str(today)] == 300


def test_picture_bad_input_is_422(lw):
    assert lw.client("alice").get(f"{API}/picture?since=2025-10-10&until=2025-10-01").status_code == 422
    assert lw.client("alice").get(f"{API}/picture?since=2020-01-01&until=2025-10-01").status_code == 422
    assert lw.client("alice").get(f"{API}/picture?channel=boats").status_code == 422
    assert lw.client("alice").get(f"{API}/picture?since=yesterday").status_code == 422


def test_figures_from_two_sources_side_by_side_with_the_platform_count(lw, flows):
    day = flows["shared"][0].entered_at.date()
    for source, value in (("Authority X", 480), ("UN 2720 dashboard", 96)):
        services.figure_create(
            actor=lw.actor("alice"),
            source_name=source,
            channel="all",
            stage="entered",
            unit="truck",
            value=value,
            period_start=day,
            releasability="cmcc",
            method="press statement",
        )
    services.figure_create(
        actor=lw.actor("alice"),
        source_name="Media office",
        channel="all",
        stage="entered",
        unit="truck",
        value=89,
        basis="daily_average",
        period_start=day - dt.timedelta(days=9),
        period_end=day,
        releasability="cmcc",
    )
    r = lw.client("bob").get(f"{API}/figures/compare?stage=entered&unit=truck&start={day}")
    body = r.json()
    assert r.status_code == 200
    assert sorted((c["source_name"], c["value"]) for c in body["claims"]) == [
        ("Authority X", 480),
        ("UN 2720 dashboard", 96),
    ]
    assert body["spread"] == {"min": 96, "max": 480, "ratio": 5.0}
    assert body["platform"]["value"] == 14  # bob sees the released consignments only, not HIDDEN
    assert (
        lw.client("alice")
        .get(f"{API}/figures/compare?stage=entered&unit=truck&start={day}")
        .json()["platform"]["value"]
        == 64
    )
    ten = (
        lw.client("bob")
        .get(f"{API}/figures/compare?stage=entered&unit=truck&start={day - dt.timedelta(days=9)}&end={day}")
        .json()
    )
    assert ten["claims"][0]["total"] == 890 and ten["spread"]["min"] == 890
    assert lw.client("bob").get(f"{API}/figures/compare?stage=left&unit=truck&start={day}").status_code == 422


def hxl_rows(content: bytes, tmp_path, name="x.csv"):
    import hxl

    path = tmp_path / name
    path.write_bytes(content)
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


def test_consignments_hxl_export_reads_back_with_libhxl_and_holds_only_visible_records(lw, flows, tmp_path):
    r = lw.client("charlie").get(f"{API}/exports/consignments?format=hxl")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('consignments.hxl.csv"')
    source = hxl_rows(r.content, tmp_path)
    tags = [c.display_tag for c in source.columns]
    assert "#meta+ref" in tags and "#indicator+trucks+num" in tags and "#date+entered" in tags
    rows = list(source)
    refs = sorted(row.get("#meta+ref") for row in rows)
    assert refs == ["LOST", "S0", "S1", "S2"]
    assert sum(float(row.get("#indicator+trucks+num")) for row in rows) == 14
    assert {row.get("#loc+crossing+code") for row in rows} == {"kerem-shalom"}
    assert hxl_rows(lw.client("alice").get(f"{API}/exports/consignments").content, tmp_path, "a.csv").columns
    assert (
        len(list(hxl_rows(lw.client("alice").get(f"{API}/exports/consignments").content, tmp_path, "b.csv")))
        == 5
    )


def test_throughput_hxl_export_reads_back(lw, flows, tmp_path):
    r = lw.client("bob").get(f"{API}/exports/throughput?format=hxl")
    source = hxl_rows(r.content, tmp_path)
    rows = list(source)
    assert sum(int(row.get("#indicator+trucks+num")) for row in rows) == 14
    assert {row.get("#loc+crossing+name") for row in rows} == {"Kerem Shalom"}
    assert [c.display_tag for c in source.columns][:2] == ["#date", "#loc+crossing+name"]


def test_csv_and_xlsx_exports(lw, flows):
    from openpyxl import load_workbook

    csv_text = lw.client("bob").get(f"{API}/exports/consignments?format=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("id,reference,") and "#meta" not in csv_text
    assert len(csv_text.splitlines()) == 1 + 4
    body = lw.client("bob").get(f"{API}/exports/throughput?format=xlsx").content
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "date" and rows[1][0] == "#date" and sum(r[4] for r in rows[2:]) == 14
    assert lw.client("bob").get(f"{API}/exports/consignments?format=pdf").status_code == 422


def test_crossings_geojson_is_rfc7946(lw):
    r = lw.client().get(f"{API}/crossings.geojson")
    assert r.status_code == 200 and r["Content-Type"] == "application/geo+json"
    data = json.loads(r.content)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    by_slug = {f["id"]: f for f in data["features"]}
    assert by_slug["kerem-shalom"]["geometry"] == {"type": "Point", "coordinates": [34.27056, 31.22083]}
    assert by_slug["zikim"]["geometry"] is None  # no sourced coordinates: none invented
    assert by_slug["rafah"]["properties"]["status"] in {"closed", "restricted"}
    for f in data["features"]:
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_exports_of_protected_records_are_audited(lw):
    from .conftest import LINES as lines

    c = services.consignment_create(
        actor=lw.actor("alice"),
        sender_name="S",
        channel="un2720",
        lines=lines,
        protected=True,
        releasability="named",
        shared_with=[str(lw.orgs["b"].pk)],
    )
    assert "PROT" not in lw.client("charlie").get(f"{API}/exports/consignments?format=csv").content.decode()
    body = lw.client("bob").get(f"{API}/exports/consignments?format=csv").content.decode()
    assert c.reference in body
    entry = AuditEntry.objects.get(action="logistics.consignment.exported", object_id=c.pk)
    assert entry.actor_name == "bob"


def test_another_community_does_not_see_a_consignment_in_lists_detail_picture_exports_or_audit(lw, tmp_path):
    c = through(lw, reference="COMMUNITY-ONLY", releasability="community", trucks=7)
    for who, sees in (("bob", True), ("charlie", False), ("pat", False)):
        client = lw.client(who)
        listed = {i["id"] for i in client.get(f"{API}/consignments?limit=100").json()["items"]}
        assert (str(c.pk) in listed) is sees
        assert client.get(f"{API}/consignments/{c.pk}").status_code == (200 if sees else 404)
        assert client.get(f"{API}/picture").json()["totals"]["trucks"] == (7 if sees else 0)
        assert (b"COMMUNITY-ONLY" in client.get(f"{API}/exports/consignments?format=csv").content) is sees
        throughput = client.get(f"{API}/exports/throughput?format=csv").content.decode().splitlines()
        assert (len(throughput) > 1) is sees
        audit = client.get(f"/api/v1/audit?object_id={c.pk}&limit=100").json()["items"]
        assert bool(audit) is sees
        assert (
            all(e["object_id"] != str(c.pk) for e in client.get("/api/v1/audit?limit=500").json()["items"])
            is not sees
        )


def test_the_picture_array_holds_each_consignment_as_stored(lw, flows):
    """The packed integers ``fetch`` reads come back as each consignment's own values: codes,
    trucks, pallets, weight, interception, refusal and every stage time (or -1)."""
    import numpy as np

    from cmcc.logistics.models import Consignment
    from cmcc.logistics.throughput import COLUMNS, STAMP_COLUMNS
    from cmcc.logistics.throughput import selectors as picture

    Consignment.objects.filter(reference="S1").update(total_weight_kg=1234.567, total_pallets=7)
    win = picture.window(None, None)
    keys = picture.codes()
    columns = picture.fetch(lw.actor("alice"), win, keys)
    got = np.column_stack([columns[name] for name in COLUMNS])
    expected = []
    for c in Consignment.objects.order_by("reference"):
        row = {
            "crossing": keys.crossings.index(str(c.crossing_id)) if c.crossing_id else -1,
            "sector": keys.sectors.index(c.sector_id),
            "channel": keys.channels.index(c.channel),
            "trucks": c.trucks,
            "pallets": c.total_pallets,
            "weight_kg": c.total_weight_kg,
            "interception": ["", "peaceful", "armed"].index(c.interception),
            "refused": int(c.status == "refused"),
        }
        for name in STAMP_COLUMNS:
            stamp = getattr(c, name)
            row[name] = int(stamp.timestamp()) if stamp else -1
        expected.append([row[name] for name in COLUMNS])
    assert len(expected) == 5 and any(r[COLUMNS.index("interception")] == 2 for r in expected)
    assert sorted(got.tolist()) == sorted(np.array(expected, dtype=np.float64).tolist())
