# ruff: noqa: E501, RUF059 (CSV fixtures read best one row per line; the CLI helper returns code, out, err)
"""Bulk import from the command line and the API: our template and UNRWA's layout, CSV and XLSX.
A file with a bad row imports nothing and names the row and the column; --skip-invalid imports
the rest and lists every skipped row; importing the same file again creates no duplicates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcc.core.models import AuditEntry
from cmcc.logistics.models import Consignment, ConsignmentLine

HEADER = "reference,sender,channel,planned_crossing,description,sector,quantity,unit,weight_kg,pallets,status,approved_at,entered_at,offloaded_at\n"
GOOD = (
    "R1,Alpha Relief,un2720,kerem-shalom,Wheat flour,FOOD,800,bag,20000,16,offloaded,2025-10-19,2025-10-20T10:00,2025-10-20T14:00\n"
    "R1,Alpha Relief,un2720,kerem-shalom,Lentils,FOOD,200,bag,5000,4,offloaded,2025-10-19,2025-10-20T10:00,2025-10-20T14:00\n"
    "R2,Alpha Relief,bilateral,zikim,Tents,SHELTER_NFI,50,piece,1500,3,registered,,,\n"
)
BAD_ROW = "R3,Alpha Relief,un2720,zikim,Blankets,SHELTER_NFI,-5,piece,100,1,registered,,,\n"  # row 5


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def cli(capsys, *args):
    from cmcc.__main__ import main

    try:
        main(["logistics", *args, "--no-progress"] if args and args[0] == "import" else ["logistics", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def write(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_bad_row_imports_nothing_and_names_row_and_column(lw, tmp_path, capsys):
    path = write(tmp_path, HEADER + GOOD + BAD_ROW)
    code, out, err = cli(capsys, "import", path, "--owner", "alpha-relief")
    assert code == 1
    assert "row 5, column quantity: must be more than zero" in err
    assert "nothing was imported" in err
    assert Consignment.objects.count() == 0 and ConsignmentLine.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="logistics.").exists()


def test_skip_invalid_imports_the_rest_and_lists_every_skipped_row(lw, tmp_path, capsys):
    conflicting = "R1,Alpha Relief,bilateral,kerem-shalom,Salt,FOOD,10,bag,100,1,offloaded,2025-10-19,2025-10-20T10:00,2025-10-20T14:00\n"
    path = write(tmp_path, HEADER + GOOD + BAD_ROW + conflicting)
    code, out, err = cli(capsys, "import", path, "--owner", "alpha-relief", "--skip-invalid")
    assert code == 0, err
    assert "row 6, column channel: differs from row 2 of the same reference" in err
    # R1 has a conflicting row, so all its rows are skipped with it; R3 is bad; R2 is imported
    assert "skipped rows (4): 2, 3, 5, 6" in err
    assert list(Consignment.objects.values_list("reference", flat=True)) == ["R2"]
    assert "imported 1 consignments with 1 lines" in out


def test_reimporting_the_same_file_creates_no_duplicates(lw, tmp_path, capsys):
    path = write(tmp_path, HEADER + GOOD)
    code, out, err = cli(capsys, "import", path, "--owner", "alpha-relief", "--releasability", "cmcc")
    assert code == 0, err
    assert "imported 2 consignments with 3 lines" in out
    code, out, err = cli(capsys, "import", path, "--owner", "alpha-relief")
    assert code == 0 and "imported 0 consignments with 0 lines; 2 already imported" in out
    assert Consignment.objects.count() == 2 and ConsignmentLine.objects.count() == 3
    r1 = Consignment.objects.get(reference="R1")
    assert (r1.status, r1.trucks, r1.total_weight_kg, r1.total_pallets, r1.releasability) == (
        "offloaded",
        0,
        25000,
        20,
        "cmcc",
    )
    assert r1.entered_at.isoformat() == "2025-10-20T10:00:00+00:00" and r1.crossing.slug == "kerem-shalom"
    assert [e.event for e in r1.events.order_by("occurred_at", "id")] == [
        "import",
        "approve",
        "inspect",
        "offload",
    ]
    assert AuditEntry.objects.filter(action="logistics.consignment.imported").count() == 2
    # the database refuses a duplicate reference too
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Consignment.objects.create(owner_org=lw.orgs["a"], reference="R1", sender_name="x", channel="un2720")


def test_dry_run_writes_nothing(lw, tmp_path, capsys):
    path = write(tmp_path, HEADER + GOOD)
    code, out, err = cli(capsys, "import", path, "--owner", "alpha-relief", "--dry-run")
    assert code == 0 and "would import 2 consignments with 3 lines" in out
    assert Consignment.objects.count() == 0


def test_header_problems_are_reported_on_row_1(lw, tmp_path, capsys):
    path = write(
        tmp_path, "reference,sender,chanel,quantity,unit,description,sector\nR1,A,un2720,1,bag,x,FOOD\n"
    )
    code, out, err = cli(capsys, "import", path, "--owner", "alpha-relief")
    assert code == 1
    assert (
        "row 1, column chanel: unknown column" in err
        and "row 1, column channel: required column is missing" in err
    )


def test_status_and_stage_times_must_agree(lw, tmp_path, capsys):
    text = HEADER + "R9,Alpha,un2720,zikim,Tents,SHELTER_NFI,5,piece,10,1,registered,2025-10-19,,\n"
    text += "R8,Alpha,un2720,zikim,Tents,SHELTER_NFI,5,piece,10,1,offloaded,2025-10-21,2025-10-20,\n"
    code, out, err = cli(capsys, "import", write(tmp_path, text), "--owner", "alpha-relief")
    assert "row 2, column approved_at: a consignment in status 'registered' has not reached this stage" in err
    assert "row 3, column entered_at: earlier than the stage before it" in err


def test_bad_arguments_are_one_line_and_status_2(lw, tmp_path, capsys):
    code, out, err = cli(capsys, "import", str(tmp_path / "missing.csv"), "--owner", "alpha-relief")
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
    code, out, err = cli(capsys, "import", write(tmp_path, HEADER), "--owner", "nobody")
    assert code == 2 and "unknown organisation" in err
    code, out, err = cli(
        capsys, "import", write(tmp_path, HEADER), "--owner", "alpha-relief", "--format", "xml"
    )
    assert code == 2 and err.count("\n") == 1


UNRWA = (
    "ID,Received Date,No. of Trucks,Data Source,Description of Cargo,Cargo Category,Status,Quantity,Units,"
    "Donating Country/ Organization,Donation Type,Crossing,Destination Recipient/ Partner,Data Period,Last Edited Time\n"
    "1001,2024-01-15,3,UNRWA,Wheat flour,Food,Received,60,Tons,Country A,Humanitarian,Kerem Shalom,UNRWA,Verified,2024-01-16\n"
    "1002,2024-01-15,1,UNRWA,Hygiene kits,Hygiene Items,Received,500,Kits,Org B + Org C,Humanitarian,Rafah,WFP,Verified,2024-01-16\n"
    "1003,2024-01-16,2,UNRWA,Diesel,Fuel,Received,,,Country A,Private Sector,Karem Abu Salem,UNRWA,Partial,2024-01-17\n"
)


def test_unrwa_layout_is_imported_as_offloaded_consignments(lw, tmp_path, capsys):
    code, out, err = cli(capsys, "import", write(tmp_path, UNRWA), "--owner", "alpha-relief")
    assert code == 0, err
    assert "format unrwa: 3 rows; imported 3 consignments" in out
    rows = {c.reference: c for c in Consignment.objects.all()}
    flour = rows["UNRWA-1001"]
    assert (flour.status, flour.trucks, flour.sector_id, flour.crossing.slug, flour.channel) == (
        "offloaded",
        3,
        "FOOD",
        "kerem-shalom",
        "unspecified",
    )
    assert flour.entered_at.date().isoformat() == "2024-01-15" and flour.donor_reference == "Country A"
    line = flour.lines.get()
    assert (line.quantity, line.unit) == (60, "tonne")
    assert rows["UNRWA-1002"].sector_id == "WASH" and rows["UNRWA-1002"].lines.get().unit == "kit"
    fuel = rows["UNRWA-1003"]
    assert (fuel.channel, fuel.sector_id, fuel.crossing.slug) == ("commercial", "FUEL", "kerem-shalom")
    assert (fuel.lines.get().quantity, fuel.lines.get().unit) == (2, "truck")  # no quantity: the truckloads


def test_unrwa_bad_rows_name_the_column(lw, tmp_path, capsys):
    bad = UNRWA + "1004,2024-01-16,0,UNRWA,Stuff,Mystery,Pending,,,X,,Nowhere,Y,,\n"
    code, out, err = cli(capsys, "import", write(tmp_path, bad), "--owner", "alpha-relief")
    assert code == 1
    for column in ("No. of Trucks", "Cargo Category", "Status", "Crossing"):
        assert f"row 5, column {column}:" in err
    assert Consignment.objects.count() == 0


def xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_through_the_api_with_the_same_rules(lw):
    import datetime as dt

    header = HEADER.strip().split(",")
    good = [
        [
            "X1",
            "Alpha",
            "un2720",
            "kerem-shalom",
            "Flour",
            "FOOD",
            100,
            "bag",
            2500,
            5,
            "offloaded",
            dt.datetime(2025, 10, 19),
            dt.datetime(2025, 10, 20, 10),
            dt.datetime(2025, 10, 20, 12),
        ]
    ]
    bad = [
        [
            "X2",
            "Alpha",
            "un2720",
            "kerem-shalom",
            "Flour",
            "FOOD",
            "lots",
            "bag",
            2500,
            5,
            "registered",
            None,
            None,
            None,
        ]
    ]
    client = lw.client("alice")
    r = client.post(
        "/api/v1/logistics/imports", {"file": SimpleUploadedFile("c.xlsx", xlsx([header, *good, *bad]))}
    )
    assert r.status_code == 422
    body = r.json()
    assert body["imported"] is False and body["report"]["errors"] == [
        {"row": 3, "column": "quantity", "reason": "'lots' is not a number"}
    ]
    assert Consignment.objects.count() == 0
    r = client.post(
        "/api/v1/logistics/imports",
        {"file": SimpleUploadedFile("c.xlsx", xlsx([header, *good, *bad])), "dry_run": "true"},
    )
    assert (
        r.status_code == 200 and r.json()["report"]["consignments"] == 1 and Consignment.objects.count() == 0
    )
    r = client.post(
        "/api/v1/logistics/imports",
        {"file": SimpleUploadedFile("c.xlsx", xlsx([header, *good, *bad])), "skip_invalid": "true"},
    )
    assert r.status_code == 201 and r.json()["report"]["skipped_rows"] == [3]
    r = client.post(
        "/api/v1/logistics/imports",
        {"file": SimpleUploadedFile("c.xlsx", xlsx([header, *good])), "skip_invalid": "true"},
    )
    assert r.status_code == 201 and r.json()["report"]["already_imported"] == 1
    assert Consignment.objects.filter(owner_org=lw.orgs["a"]).count() == 1


def test_api_rejects_garbage_with_a_reason(lw):
    client = lw.client("alice")
    r = client.post(
        "/api/v1/logistics/imports", {"file": SimpleUploadedFile("c.csv", b"\xff\xfe\x00garbage")}
    )
    assert r.status_code == 422 and r.json()["report"]["errors"][0]["row"] == 1
    r = client.post("/api/v1/logistics/imports", {"file": SimpleUploadedFile("c.csv", b"")})
    assert r.status_code == 422
    r = client.post("/api/v1/logistics/imports", {})
    assert r.status_code == 422
    r = client.post(
        "/api/v1/logistics/imports", {"file": SimpleUploadedFile("c.csv", b"a,b\n1,2\n"), "format": "pdf"}
    )
    assert r.status_code == 422


def test_template_round_trips(lw, tmp_path, capsys):
    code, out, err = cli(capsys, "template")
    assert code == 0 and out.startswith("reference,")
    code, out, err = cli(capsys, "import", write(tmp_path, out), "--owner", "alpha-relief")
    assert code == 0, err
    assert Consignment.objects.get().reference == "SRF-2025-0001"
