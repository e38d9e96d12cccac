"""Exports of incidents: HXL (read back with libhxl), CSV, XLSX, ACLED columns; all through the
access check, with casualty figures as ranges, and exports of protected records audited."""

import csv
import io

import hxl
from openpyxl import load_workbook

from cmcc.compliance import services
from cmcc.compliance.exports import ACLED_COLUMNS
from cmcc.compliance.models import Assessment
from cmcc.core.models import AuditEntry

from .conftest import API, file_report

KILLED_3 = [{"kind": "killed", "population": "civilian", "count": 3}]
KILLED_5 = [{"kind": "killed", "population": "civilian", "count": 5, "count_max": 7}]


def setup(cw):
    a = file_report(cw, "alice", casualties=KILLED_3, perpetrator="Party North forces", perpetrator_type=1)
    file_report(cw, "bob", text="Shelling east of Khan Younis; five to seven killed", casualties=KILLED_5)
    return Assessment.objects.get(report=a).incident


def export(cw, who, fmt):
    r = cw.client(who).get(f"{API}/exports/incidents?format={fmt}")
    assert r.status_code == 200, r.content
    return r


def test_hxl_export_is_valid_for_libhxl(cw, tmp_path):
    incident = setup(cw)
    r = export(cw, "vera", "hxl")
    assert r["Content-Disposition"].endswith('.hxl.csv"')
    path = tmp_path / "incidents.csv"
    path.write_bytes(r.content)
    source = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = [c.display_tag for c in source.columns]
    assert "#event+id" in tags and "#adm2+code" in tags and "#affected+killed+min+num" in tags
    rows = list(source)
    assert len(rows) == 1
    row = rows[0]
    assert row.get("#event+id") == incident.reference
    assert row.get("#adm2+name") == "Khan Younis" and row.get("#adm2+code") == "PS0270"
    assert (row.get("#affected+killed+min+num"), row.get("#affected+killed+max+num")) == ("3", "7")
    assert row.get("#meta+origins+num") == "2"
    report = hxl.validate(hxl.data(str(path), hxl.InputOptions(allow_local=True)))
    assert report["is_valid"] is True, report["issues"]


def test_csv_xlsx_and_acled(cw):
    incident = setup(cw)
    table = list(csv.DictReader(io.StringIO(export(cw, "vera", "csv").content.decode())))
    assert table[0]["reference"] == incident.reference and table[0]["killed_low"] == "3"
    assert "per Alpha Relief Agency" in table[0]["casualty_claims"]
    book = load_workbook(io.BytesIO(export(cw, "vera", "xlsx").content))
    assert book.sheetnames == ["incidents", "casualty claims", "about"]
    assert book["incidents"]["A2"].value == incident.reference
    assert book["casualty claims"].max_row == 3  # header + one row per claim, side by side
    acled = list(csv.DictReader(io.StringIO(export(cw, "vera", "acled").content.decode())))
    assert list(acled[0]) == ACLED_COLUMNS
    row = acled[0]
    assert row["event_type"] == "Explosions/Remote violence" and row["admin2"] == "Khan Younis"
    assert row["fatalities"] == "3"  # the most conservative figure, not a sum
    assert row["actor1"] == "Unattributed" and "Party North forces" in row["notes"]
    assert row["country"] == "Palestine" and row["geo_precision"] == "1"


def test_exports_follow_access_and_protected_exports_are_audited(cw):
    incident = setup(cw)
    for who in ("alice", "charlie", "pat", None):
        body = export(cw, who, "csv").content.decode()
        assert incident.reference not in body
    services.incident_update(
        actor=cw.actor("vera"),
        incident=incident,
        version=incident.version,
        protected=True,
        releasability="org",
    )
    export(cw, "vera", "hxl")
    assert AuditEntry.objects.filter(action="compliance.incident.exported", object_id=incident.pk).exists()
    r = cw.client("vera").get(f"{API}/exports/incidents?format=pdf")
    assert r.status_code == 422
