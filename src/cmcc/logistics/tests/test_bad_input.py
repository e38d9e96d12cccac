"""Bad input on every logistics endpoint: 4xx with the field and the reason, never 500, and
nothing written."""

import json

import pytest

from cmcc.core.models import AuditEntry
from cmcc.logistics.models import Consignment, Figure

from .conftest import LINES

API = "/api/v1/logistics"
GOOD = {"sender_name": "Alpha", "channel": "un2720", "lines": LINES}


def post(client, path, body):
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "channel"),
        (dict(GOOD, channel="boat"), "channel"),
        (dict(GOOD, lines=[]), "lines"),
        (dict(GOOD, lines=[dict(LINES[0], quantity=0)]), "quantity"),
        (dict(GOOD, lines=[dict(LINES[0], quantity="many")]), "quantity"),
        (dict(GOOD, lines=[dict(LINES[0], weight_kg=-1)]), "weight_kg"),
        (dict(GOOD, lines=[dict(LINES[0], sector="SNACKS")]), "lines[0].sector"),
        (dict(GOOD, lines=[dict(LINES[0], unit="bushel")]), "unit"),
        (dict(GOOD, lines=[{"quantity": 1, "unit": "bag", "sector": "FOOD"}]), "lines[0].description"),
        (dict(GOOD, lines=[dict(LINES[0], item_code="NOPE")]), "lines[0].item_code"),
        (dict(GOOD, trucks=-1), "trucks"),
        (dict(GOOD, planned_crossing="atlantis"), "planned_crossing"),
        (dict(GOOD, corridor="moon"), "corridor"),
        (dict(GOOD, origin_hub="mars"), "origin_hub"),
        (dict(GOOD, planned_date="soon"), "planned_date"),
        (dict(GOOD, sender_name=""), "sender_name"),
        (dict(GOOD, sender_org_id="00000000-0000-0000-0000-000000000000"), "sender_org_id"),
        (dict(GOOD, releasability="everyone"), "releasability"),
        (dict(GOOD, releasability="named"), "shared_with"),
        (dict(GOOD, releasability="cmcc", protected=True), "releasability"),
        (dict(GOOD, reference="x" * 101), "reference"),
    ],
)
def test_consignment_create_bad_input(lw, body, field):
    r = post(lw.client("alice"), "/consignments", body)
    assert r.status_code == 422, r.content
    assert any(field in ".".join(str(p) for p in d["loc"]) for d in r.json()["detail"]), r.json()
    assert Consignment.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="logistics.").exists()


@pytest.fixture
def cid(lw):
    return post(lw.client("alice"), "/consignments", GOOD).json()["id"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "event"),
        ({"event": "teleport"}, 422, "event"),
        ({"event": "appeal"}, 422, "event"),
        ({"event": "cancel", "occurred_at": "2999-01-01T00:00:00Z"}, 422, "occurred_at"),
        ({"event": "cancel", "occurred_at": "yesterday"}, 422, "occurred_at"),
        ({"event": "cancel", "crossing": "atlantis"}, 422, "crossing"),
        ({"event": "cancel", "interception": "armed"}, 422, "interception"),
        ({"event": "cancel", "line_results": [{"line_no": 1, "result": "refused"}]}, 422, "line_results"),
        ({"event": "cancel", "expected_status": "approved"}, 409, None),
        ({"event": "offload"}, 409, None),
    ],
)
def test_event_bad_input(lw, cid, body, status, field):
    r = post(lw.client("alice"), f"/consignments/{cid}/events", body)
    assert r.status_code == status, r.content
    if field:
        assert any(field in ".".join(map(str, d["loc"])) for d in r.json()["detail"])
    assert Consignment.objects.get(pk=cid).status == "registered"


def test_patch_bad_input(lw, cid):
    client = lw.client("alice")
    for body, field in (
        ({"channel": "boat"}, "channel"),
        ({"trucks": -2}, "trucks"),
        ({"reference": ""}, "reference"),
        ({"colour": "red"}, None),
        ({"planned_crossing": "atlantis"}, "planned_crossing"),
        ({"shared_with": ["nobody"], "releasability": "named"}, "shared_with"),
    ):
        r = client.patch(f"{API}/consignments/{cid}", json.dumps(body), content_type="application/json")
        assert r.status_code == 422 if field else r.status_code in (200, 422), (body, r.content)
        if field:
            assert any(field in ".".join(map(str, d["loc"])) for d in r.json()["detail"]), r.json()


def test_unknown_or_malformed_ids_are_404(lw):
    client = lw.client("alice")
    assert client.get(f"{API}/consignments/not-a-uuid").status_code == 422  # a malformed id names the field
    for path in (
        "/consignments/00000000-0000-0000-0000-000000000000",
        "/clearance-requests/00000000-0000-0000-0000-000000000000",
        "/figures/00000000-0000-0000-0000-000000000000",
        "/items/00000000-0000-0000-0000-000000000000",
        "/imports/00000000-0000-0000-0000-000000000000",
        "/crossings/nowhere",
    ):
        assert client.get(f"{API}{path}").status_code == 404, path
    assert (
        post(
            client, "/consignments/00000000-0000-0000-0000-000000000000/events", {"event": "cancel"}
        ).status_code
        == 404
    )


def test_clearance_bad_input(lw, cid):
    client = lw.client("alice")
    assert post(client, f"/consignments/{cid}/clearance-requests", {}).status_code == 422
    r = post(client, f"/consignments/{cid}/clearance-requests", {"authority_id": "nope"})
    assert r.status_code == 422
    r = post(
        client,
        f"/consignments/{cid}/clearance-requests",
        {"authority_id": "00000000-0000-0000-0000-000000000000"},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "authority_id"]
    r = post(
        client,
        f"/consignments/{cid}/clearance-requests",
        {"authority_id": str(lw.orgs["p"].pk), "appeal": True},
    )
    assert r.status_code == 409
    req = post(
        client, f"/consignments/{cid}/clearance-requests", {"authority_id": str(lw.orgs["p"].pk)}
    ).json()
    percy = lw.client("percy")
    for body, field in (
        ({}, "decision"),
        ({"decision": "maybe"}, "decision"),
        ({"decision": "reject"}, "reason"),
        ({"decision": "reject", "reason": "mood"}, "reason"),
        (
            {"decision": "approve", "lines": [{"line_no": 9, "decision": "reject", "reason": "other"}]},
            "lines[0]",
        ),
        ({"decision": "approve", "lines": [{"line_no": 1, "decision": "perhaps"}]}, "decision"),
        (
            {"decision": "reject", "reason": "other", "lines": [{"line_no": 1, "decision": "approve"}]},
            "lines[0].decision",
        ),
    ):
        r = post(percy, f"/clearance-requests/{req['id']}/decision", body)
        assert r.status_code == 422, (body, r.content)
        assert any(field in ".".join(map(str, d["loc"])) for d in r.json()["detail"]), (body, r.json())
    assert Consignment.objects.get(pk=cid).status == "clearance_requested"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "channel"),
        (
            {
                "source_name": "X",
                "channel": "all",
                "stage": "entered",
                "unit": "truck",
                "value": -1,
                "period_start": "2025-10-20",
            },
            "value",
        ),
        (
            {
                "source_name": "X",
                "channel": "all",
                "stage": "landed",
                "unit": "truck",
                "value": 1,
                "period_start": "2025-10-20",
            },
            "stage",
        ),
        (
            {
                "source_name": "X",
                "channel": "all",
                "stage": "entered",
                "unit": "camel",
                "value": 1,
                "period_start": "2025-10-20",
            },
            "unit",
        ),
        (
            {
                "source_name": "X",
                "channel": "all",
                "stage": "entered",
                "unit": "truck",
                "value": 1,
                "period_start": "2025-10-20",
                "period_end": "2025-10-01",
            },
            "period_end",
        ),
        (
            {
                "source_name": "",
                "channel": "all",
                "stage": "entered",
                "unit": "truck",
                "value": 1,
                "period_start": "2025-10-20",
            },
            "source_name",
        ),
        (
            {
                "source_name": "X",
                "channel": "all",
                "stage": "entered",
                "unit": "truck",
                "value": 1,
                "period_start": "2025-10-20",
                "sector": "SNACKS",
            },
            "sector",
        ),
        (
            {
                "source_name": "X",
                "channel": "all",
                "stage": "entered",
                "unit": "truck",
                "value": 1,
                "period_start": "2025-10-20",
                "crossing": "atlantis",
            },
            "crossing",
        ),
    ],
)
def test_figure_bad_input(lw, body, field):
    r = post(lw.client("alice"), "/figures", body)
    assert r.status_code == 422, r.content
    assert any(field in ".".join(map(str, d["loc"])) for d in r.json()["detail"]), r.json()
    assert Figure.objects.count() == 0


def test_reference_writes_bad_input(lw):
    cora = lw.client("cora")
    assert (
        post(
            cora,
            "/crossings/zikim/statuses",
            {"status": "ajar", "effective_from": "2025-11-01", "source": "x y"},
        ).status_code
        == 422
    )
    assert (
        post(
            cora, "/crossings/zikim/statuses", {"status": "open", "effective_from": "2025-11-01"}
        ).status_code
        == 422
    )
    assert (
        post(
            cora, "/crossings/zikim/capacities", {"effective_from": "2025-11-01", "source": "src"}
        ).status_code
        == 422
    )
    assert (
        post(
            cora,
            "/crossings/zikim/capacities",
            {"effective_from": "2025-11-01", "source": "src", "trucks_per_day": -3},
        ).status_code
        == 422
    )
    assert (
        post(
            cora,
            "/crossings/atlantis/statuses",
            {"status": "open", "effective_from": "2025-11-01", "source": "x y"},
        ).status_code
        == 404
    )
    assert (
        post(
            cora,
            "/targets",
            {
                "code": "new-series",
                "value": 1,
                "effective_from": "2025-11-01",
                "set_by": "X Y",
                "source": "S T",
            },
        ).status_code
        == 422
    )
    assert (
        post(
            cora,
            "/targets",
            {
                "code": "trucks-per-day",
                "value": -5,
                "effective_from": "2025-11-01",
                "set_by": "X Y",
                "source": "S T",
                "reason": "r",
            },
        ).status_code
        == 422
    )
    alice = lw.client("alice")
    assert post(alice, "/items", {"code": "X1", "name": "Thing", "sector": "SNACKS"}).status_code == 422
    item = post(alice, "/items", {"code": "X1", "name": "Thing", "sector": "FOOD"}).json()
    r = post(alice, "/items", {"code": "x1", "name": "Thing", "sector": "FOOD"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "code"]
    assert post(cora, f"/items/{item['id']}/classifications", {"dual_use": True}).status_code == 422


def test_list_filters_bad_input(lw):
    client = lw.client("alice")
    for path in (
        "/consignments?status=lost",
        "/consignments?since=notadate",
        "/consignments?owner_org_id=zzz",
        "/clearance-requests?status=maybe",
        "/figures?stage=landed",
        "/figures/compare?stage=entered&unit=truck",
        "/crossings?on=tomorrow",
        "/targets?on=x",
        "/exports/throughput?since=2025-10-10&until=2025-01-01",
    ):
        assert client.get(f"{API}{path}").status_code == 422, path
