# ruff: noqa: E501 (CSV fixtures read best one row per line)
"""What an import writes, row by row: the consignments, lines and events and the audit entry of each
consignment are compared with a recorded expectation (``data/import_rows.json``, written by the
ORM-era import), with the keys and times that differ per run replaced by names. A faster writer
must write the same rows; each audit entry must also be the snapshot of its row as Django reads it
back, and a file with a bad row must still write nothing."""

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from cmcc.core import audit
from cmcc.core.models import AuditEntry, AuditHead
from cmcc.core.testing import SYSTEM
from cmcc.logistics.models import (
    Consignment,
    ConsignmentEvent,
    ConsignmentLine,
    Corridor,
    Crossing,
    ImportRun,
    Item,
    ItemClassification,
)

EXPECTED = Path(__file__).parent / "data" / "import_rows.json"
HEADER = "reference,sender,sender_org,consignee,consignee_org,donor_reference,ref_2720,srf_number,channel,corridor,origin_hub,planned_crossing,planned_date,crossing,destination,destination_pcode,trucks,status,interception,note,requested_at,approved_at,manifested_at,entered_at,offloaded_at,collected_at,delivered_at,intercepted_at,distributed_at,item_code,description,sector,quantity,unit,weight_kg,pallets,hs_code,cold_chain,dangerous_goods\n"
ROWS = (
    # two lines, one a catalogue item (sector, unit, weight and dual-use flag from the catalogue)
    'C1,,bravo-aid,Kitchen «Deir al-Balah»,,DON-1,2720-9,SRF-1,un2720,egypt,al_arish,kerem-shalom,2025-10-18,,"Deir al-Balah, ""north""",PS-DEB,3,offloaded,,a note,2025-10-17,2025-10-18T08:30,2025-10-19T06:00,2025-10-19T10:00,2025-10-19T15:45:30,,,,,GEN-01,,,4,,,2,,,\n'
    'C1,,bravo-aid,Kitchen «Deir al-Balah»,,DON-1,2720-9,SRF-1,un2720,egypt,al_arish,kerem-shalom,2025-10-18,,"Deir al-Balah, ""north""",PS-DEB,3,offloaded,,a note,2025-10-17,2025-10-18T08:30,2025-10-19T06:00,2025-10-19T10:00,2025-10-19T15:45:30,,,,,,Lentils,FOOD,1200.5,MT,1200500,40,0713,yes,no\n'
    # registered, nothing but the required columns and a few flags
    "C2,Sender Two,,,alpha-relief,,,,bilateral,,,,,,,,0,,,,,,,,,,,,,,Tents,SHELTER_NFI,50,pieces,1500.25,3,,,1\n"
    # intercepted by armed actors on the way, manifested for a crossing named by its Arabic name
    "C3,Sender Three,,,,,,,commercial,jordan,jordan,zikim,,Zikim,,,12,intercepted,armed,,2025-10-01,2025-10-02,2025-10-03,2025-10-03T12:00,2025-10-04,2025-10-05,,2025-10-06T01:02:03,,,Diesel,FUEL,20000,liters,16800,0,,,yes\n"
)
UNRWA = (
    "ID,Received Date,No. of Trucks,Data Source,Description of Cargo,Cargo Category,Status,Quantity,Units,Donating Country/ Organization,Donation Type,Crossing,Destination Recipient/ Partner,Data Period,Last Edited Time\n"
    "1001,2024-01-15,3,UNRWA,Wheat flour,Food,Received,60,Tons,Country A,Humanitarian,Kerem Shalom,UNRWA,Verified,2024-01-16\n"
    "1003,2024-01-16,2,UNRWA,Diesel,Fuel,Received,,,Country A,Private Sector,Karem Abu Salem,UNRWA,Partial,2024-01-17\n"
)
PER_RUN = {"id", "created_at", "updated_at", "recorded_at"}  # new on every run


@pytest.fixture
def catalogue(lw):
    from cmcc.logistics.reference import services as reference

    item = reference.item_create(
        actor=SYSTEM,
        code="GEN-01",
        name="Generator, 5 kVA",
        sector="LOGISTICS_TELECOM",
        hs_code="8502",
        default_unit="piece",
        unit_weight_kg=95.5,
        cold_chain=False,
        dangerous_goods=True,
    )
    reference.item_classify(
        actor=SYSTEM,
        item=item,
        dual_use=True,
        restricted=False,
        source_list="a list",
        effective_from=dt.date(2020, 1, 1),
    )
    return lw


def _import(lw, text: str, name: str, **kwargs):
    from cmcc.logistics import services

    return services.consignments_import_file(
        actor=lw.actor("alice"), data=text.encode(), filename=name, **kwargs
    )


class Names:
    """Replaces the keys of this run's records (and times of this run) by stable names."""

    def __init__(self, lw) -> None:
        self.names: dict[str, str] = {}
        for org in lw.orgs.values():
            self.add(org.pk, f"org:{org.slug}")
        for user in lw.users.values():
            self.add(user.pk, f"user:{user.username}")
        for model, label in ((Crossing, "slug"), (Corridor, "slug"), (Item, "code")):
            for obj in model.objects.all():
                self.add(obj.pk, f"{model.__name__.lower()}:{getattr(obj, label)}")
        for cl in ItemClassification.objects.select_related("item"):
            self.add(cl.pk, f"classification:{cl.item.code}")
        for c in Consignment.objects.all():
            self.add(c.pk, f"consignment:{c.reference}")
            self.names[c.created_at.isoformat()] = "<time of the import>"
        for n, run in enumerate(ImportRun.objects.order_by("created_at"), start=1):
            self.add(run.pk, f"run:{n}")

    def add(self, key: Any, name: str) -> None:
        self.names[str(key)] = name
        self.names[uuid.UUID(str(key)).hex] = name

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict):
            named = {k: ("<new each run>" if k in PER_RUN else self(v)) for k, v in value.items()}
            if "shared_with" in named:  # sorted by key, so in an order that differs per run
                named["shared_with"] = sorted(named["shared_with"])
            return named
        if isinstance(value, list | tuple):
            return [self(v) for v in value]
        if isinstance(value, uuid.UUID):
            return self.names.get(str(value), "<uuid>")
        if isinstance(value, dt.datetime | dt.date):
            return self(value.isoformat())
        if isinstance(value, str):
            if value in self.names:
                return self.names[value]
            return re.sub(
                r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}",
                lambda m: self.names.get(m.group(0), "<uuid>"),
                value,
            )
        return value


def _rows(model, order: list[str], names: Names) -> list[dict]:
    return [
        names({f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields})
        for obj in model.objects.order_by(*order)
    ]


def written(lw) -> dict[str, Any]:
    names = Names(lw)
    entries = AuditEntry.objects.filter(action__startswith="logistics.").exclude(
        action__in=["logistics.item.created", "logistics.item.classified"]
    )
    return {
        "consignments": _rows(Consignment, ["reference"], names),
        "lines": _rows(ConsignmentLine, ["consignment__reference", "line_no"], names),
        "events": _rows(ConsignmentEvent, ["consignment__reference", "occurred_at", "event"], names),
        "audit": [
            names(
                {
                    "action": e.action,
                    "object_type": e.object_type,
                    "object_id": e.object_id,
                    "object_repr": e.object_repr,
                    "actor": [e.actor_id, e.actor_name, e.actor_org_id, e.actor_org_name],
                    "message": e.message,
                    "before": e.before,
                    "after": e.after,
                    "scope": [
                        e.scope_owner_org_id,
                        e.scope_community,
                        e.scope_releasability,
                        e.scope_protected,
                    ],
                }
            )
            for e in entries.order_by("seq")
            if e.action != "logistics.import.completed"  # names the run's counts only
        ],
    }


def run_both(lw) -> None:
    report, run = _import(
        lw, HEADER + ROWS, "rows.csv", releasability="named", shared_with=["bravo-aid", "coordination"]
    )
    assert not report.errors and run is not None, report.errors
    report, run = _import(lw, UNRWA, "unrwa.csv", releasability="cmcc")
    assert not report.errors and run is not None, report.errors


def test_the_rows_and_audit_entries_are_those_recorded(catalogue):
    run_both(catalogue)
    assert written(catalogue) == json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_each_audit_entry_is_the_snapshot_of_the_row_as_read_back(catalogue, capsys):
    from django.core.management import call_command

    run_both(catalogue)
    entries = {e.object_id: e for e in AuditEntry.objects.filter(action="logistics.consignment.imported")}
    assert len(entries) == Consignment.objects.count() == 5
    for c in Consignment.objects.all():
        assert entries[c.pk].after == audit.snapshot(c)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    assert AuditHead.objects.get().seq == AuditEntry.objects.count()


def test_a_bad_row_in_a_large_file_writes_nothing(catalogue):
    """Past the first chunk of the writer, one bad row still means no row and no audit entry."""
    good = "".join(
        f"L{n},Sender,,,,,,,un2720,,,,,,,,1,registered,,,,,,,,,,,,,Flour,FOOD,{n + 1},bag,{n},1,,,\n"
        for n in range(2500)
    )
    bad = "L9999,Sender,,,,,,,un2720,,,,,,,,1,registered,,,,,,,,,,,,,Flour,FOOD,0,bag,1,1,,,\n"
    before = AuditEntry.objects.count()
    report, run = _import(catalogue, HEADER + good + bad, "big.csv")
    assert run is None
    assert [str(e) for e in report.errors] == ["row 2502, column quantity: must be more than zero"]
    assert not Consignment.objects.exists() and not ConsignmentLine.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_clash_in_a_late_chunk_rolls_back_the_earlier_chunks(catalogue, monkeypatch):
    """A reference written by someone else after the check for existing ones (a concurrent import)
    is refused by the database in the second chunk; the first chunk is rolled back with it."""
    from cmcc.core.errors import Conflict
    from cmcc.logistics.bulk import services as bulk

    good = "".join(
        f"L{n},Sender,,,,,,,un2720,,,,,,,,1,registered,,,,,,,,,,,,,Flour,FOOD,{n + 1},bag,{n},1,,,\n"
        for n in range(2500)
    )
    Consignment.objects.create(
        owner_org=catalogue.orgs["a"], reference="L2400", sender_name="x", channel="un2720"
    )
    monkeypatch.setattr(bulk, "_existing_references", lambda owner, refs: set())
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        _import(catalogue, HEADER + good, "big.csv")
    assert list(Consignment.objects.values_list("reference", flat=True)) == ["L2400"]
    assert not ConsignmentLine.objects.exists() and not ImportRun.objects.exists()
    assert AuditEntry.objects.count() == before


def _parse(lw, data: bytes):
    from cmcc.logistics import selectors
    from cmcc.logistics.bulk import parsing

    return parsing.parse(data, "file.csv", selectors.import_lookups(actor=lw.actor("alice")))


def test_a_file_that_is_not_utf8_is_refused_whole_wherever_the_bad_bytes_are(lw):
    good = (HEADER + "".join(ROWS.splitlines(keepends=True)[2:3]) * 3).encode()
    for data in (
        b"\xff\xfe" + good,
        good + b"C9,Caf\xe9,,,,,,,un2720,,,,,,,,0,,,,,,,,,,,,,,Tents,SHELTER_NFI,1,piece,1,1,,,\n",
    ):
        parsed, report = _parse(lw, data + good[len(HEADER) :] * 5000)
        assert parsed == []
        assert [str(e) for e in report.errors] == [
            "row 1, column -: The file is not UTF-8 text nor an XLSX workbook."
        ]


def test_csv_dialects_are_read_the_same(lw):
    """A BOM, Windows line ends, semicolons and quoted fields holding delimiters and line breaks."""
    rows = [
        ["reference", "sender", "channel", "description", "sector", "quantity", "unit", "note"],
        ["Q1", "A; B, C", "un2720", 'Flour "fine"\r\nsecond line', "FOOD", "5", "bag", "x\u2028y\x0cz"],
    ]

    def render(delimiter: str, newline: str) -> str:
        def cell(v: str) -> str:
            return '"' + v.replace('"', '""') + '"' if any(c in v for c in f'{delimiter}"\r\n') else v

        return "".join(delimiter.join(cell(v) for v in row) + newline for row in rows)

    for delimiter, newline, bom in ((",", "\n", ""), (";", "\r\n", "\ufeff"), (",", "\r\n", "\ufeff")):
        parsed, report = _parse(lw, (bom + render(delimiter, newline)).encode())
        assert report.errors == [], (delimiter, newline, report.errors)
        (c,) = parsed
        assert (c.reference, c.sender_name, c.note) == ("Q1", "A; B, C", "x\u2028y\x0cz")
        assert c.lines[0].description == 'Flour "fine"\r\nsecond line'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-10", "2025-10-10T00:00:00+00:00"),
        ("2025-10-10T10:00", "2025-10-10T10:00:00+00:00"),
        ("2025-10-10 10:00:00.25", "2025-10-10T10:00:00.250000+00:00"),
        ("2025-10-10T10:00:00+03:00", "2025-10-10T10:00:00+03:00"),
        ("2025-10-10T10:00:00.5Z", "2025-10-10T10:00:00.500000+00:00"),
        (" 2025-10-10 ", "2025-10-10T00:00:00+00:00"),
        ("2025-10-10 UTC", "2025-10-10T00:00:00+00:00"),
        ("2025/10/10", "2025-10-10T00:00:00+00:00"),
        ("10-10-2025", "2025-10-10T00:00:00+00:00"),
        ("45000.5", "2023-03-15T12:00:00+00:00"),
        ("2025-13-01", None),
        ("2025-10-1010:00", None),
        ("2025-", None),
    ],
)
def test_stage_times_are_read_in_every_accepted_form(text, expected):
    from cmcc.logistics.bulk import parsing

    parsing._date_cache.clear()
    if expected is None:
        with pytest.raises(ValueError):
            parsing.parse_datetime(text)
    else:
        assert parsing.parse_datetime(text).isoformat() == expected
