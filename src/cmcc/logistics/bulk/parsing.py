"""Reading consignment files: our own template and UNRWA's aid-truck layout, from CSV or XLSX.

Parsing is separate from writing: :func:`parse` turns a file into consignments and a report of
every problem (row, column, reason); ``services.consignments_import`` writes the result in one
transaction. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .. import rules
from ..choices import Channel, ImportFormat, Interception, OriginHub, Status, Unit

MAX_ERRORS = 10_000
INF = float("inf")  # past this, stop collecting (the file is clearly not in this format)

# -- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column or '-'}: {self.reason}"


@dataclass
class ImportReport:
    format: str = ""
    rows: int = 0
    consignments: int = 0
    lines: int = 0
    already_imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "rows": self.rows,
            "consignments": self.consignments,
            "lines": self.lines,
            "already_imported": self.already_imported,
            "skipped_rows": self.skipped_rows,
            "errors": [e.as_dict() for e in self.errors],
        }


# -- what parsing produces -------------------------------------------------------------------


@dataclass(slots=True)
class ParsedLine:
    description: str
    sector: str
    quantity: float
    unit: str
    weight_kg: float = 0.0
    pallets: int = 0
    item_id: Any = None
    classification_id: Any = None
    hs_code: str = ""
    cold_chain: bool = False
    dangerous_goods: bool = False
    dual_use: bool = False


@dataclass(slots=True)
class ParsedConsignment:
    row: int
    reference: str
    sender_name: str
    channel: str
    status: str = Status.REGISTERED
    sender_org_id: Any = None
    consignee_org_id: Any = None
    consignee_name: str = ""
    donor_reference: str = ""
    ref_2720: str = ""
    srf_number: str = ""
    corridor_id: Any = None
    origin_hub: str = ""
    planned_crossing_id: Any = None
    planned_date: dt.date | None = None
    crossing_id: Any = None
    destination: str = ""
    destination_pcode: str = ""
    trucks: int = 0
    interception: str = ""
    note: str = ""
    sector: str | None = None
    registered_at: dt.datetime | None = None
    stamps: dict[str, dt.datetime | None] = field(default_factory=dict)
    lines: list[ParsedLine] = field(default_factory=list)


@dataclass
class ItemInfo:
    id: Any
    name: str
    sector: str
    default_unit: str
    unit_weight_kg: float | None
    hs_code: str
    cold_chain: bool
    dangerous_goods: bool
    classification_id: Any
    dual_use: bool


@dataclass
class Lookups:
    """Reference data the parser resolves names against (built by ``selectors.import_lookups``)."""

    sectors: set[str]
    crossings: dict[str, Any]  # lower-cased name, slug or alternative name → id
    corridors: dict[str, Any]
    orgs: dict[str, tuple[Any, str]]  # lower-cased slug or name → (id, name)
    items: dict[str, ItemInfo]  # upper-cased code → item


# -- reading files -----------------------------------------------------------------------------


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes, filename: str) -> Iterator[list[str]]:
    """Rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or the first sheet of an XLSX."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        yield from _read_xlsx(data)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file is not UTF-8 text nor an XLSX workbook.") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _read_xlsx(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged workbook
        raise ValueError(f"The workbook cannot be read: {exc}") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        book.close()


# -- value parsers (each raises ValueError with the reason) ------------------------------------

_date_cache: dict[str, dt.datetime] = {}


def parse_datetime(text: str) -> dt.datetime:
    cached = _date_cache.get(text)
    if cached is not None:
        return cached
    value = text.strip()
    if re.fullmatch(r"\d{4,5}(\.\d+)?", value):  # an Excel serial day number
        serial = float(value)
        if not 20000 < serial < 80000:
            raise ValueError(f"{text!r} is not a date")
        result = dt.datetime(1899, 12, 30, tzinfo=dt.UTC) + dt.timedelta(days=serial)
    else:
        parsed: dt.datetime | None
        try:
            parsed = dt.datetime.fromisoformat(value.replace(" UTC", "").replace("/", "-"))
        except ValueError:
            parsed = None
            for fmt in ("%d-%m-%Y", "%d.%m.%Y", "%d-%m-%Y %H:%M"):
                try:
                    parsed = dt.datetime.strptime(value.replace("/", "-"), fmt)
                    break
                except ValueError:
                    continue
        if parsed is None:
            raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        result = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if len(_date_cache) < 100_000:
        _date_cache[text] = result
    return result


def parse_date(text: str) -> dt.date:
    return parse_datetime(text).date()


def parse_number(text: str, *, positive: bool = False) -> float:
    try:
        value = float(text.replace(",", "")) if text else 0.0
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a number")
    if positive and value <= 0:
        raise ValueError("must be more than zero")
    if value < 0:
        raise ValueError("cannot be negative")
    return value


def parse_count(text: str) -> int:
    value = parse_number(text)
    if not value.is_integer():
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


TRUE = {"1", "yes", "y", "true", "x", "oui", "نعم"}
FALSE = {"", "0", "no", "n", "false", "non", "لا"}


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{text!r} is not yes/no")


UNIT_WORDS = {
    **{u: u for u in Unit.values},
    "pcs": "piece",
    "pieces": "piece",
    "units": "piece",
    "unit": "piece",
    "items": "piece",
    "kits": "kit",
    "cartons": "carton",
    "boxes": "carton",
    "box": "carton",
    "bags": "bag",
    "sacks": "bag",
    "pallets": "pallet",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "t": "tonne",
    "mt": "tonne",
    "ton": "tonne",
    "tons": "tonne",
    "tonnes": "tonne",
    "l": "litre",
    "liter": "litre",
    "liters": "litre",
    "litres": "litre",
    "m³": "m3",
    "trucks": "truck",
    "truckloads": "truck",
}


def parse_unit(text: str) -> str:
    value = UNIT_WORDS.get(text.strip().lower())
    if value is None:
        raise ValueError(f"unknown unit {text!r}; use one of: {', '.join(Unit.values)}")
    return value


def _lookup(table: dict[str, Any], text: str, what: str) -> Any:
    key = text.strip().lower()
    if key not in table:
        raise ValueError(f"unknown {what} {text!r}")
    return table[key]


# -- our template --------------------------------------------------------------------------------

HEADER_COLUMNS = [
    "reference",
    "sender",
    "sender_org",
    "consignee",
    "consignee_org",
    "donor_reference",
    "ref_2720",
    "srf_number",
    "channel",
    "corridor",
    "origin_hub",
    "planned_crossing",
    "planned_date",
    "crossing",
    "destination",
    "destination_pcode",
    "trucks",
    "status",
    "interception",
    "note",
    *[column for column, _event in rules.IMPORT_STAMPS],
]
LINE_COLUMNS = [
    "item_code",
    "description",
    "sector",
    "quantity",
    "unit",
    "weight_kg",
    "pallets",
    "hs_code",
    "cold_chain",
    "dangerous_goods",
]
TEMPLATE_COLUMNS = HEADER_COLUMNS + LINE_COLUMNS
REQUIRED_COLUMNS = ["reference", "channel", "quantity", "unit"]
IMPORT_STATUSES = [s for s in Status.values if s != Status.DRAFT]
# Vocabularies as plain sets, looked up once per consignment of a file of any size.
_STATUSES = frozenset(IMPORT_STATUSES)
_CHANNELS = frozenset(Channel.values)
_HUBS = frozenset(OriginHub.values)
_INTERCEPTIONS = frozenset(Interception.values)
_REGISTERED = Status.REGISTERED.value


class _Errors:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.bad_rows: set[int] = set()

    def add(self, row: int, column: str, reason: str) -> None:
        if len(self.report.errors) < MAX_ERRORS:
            self.report.errors.append(RowError(row, column, reason))
        self.bad_rows.add(row)


def _header_map(header: list[str], known: list[str], errors: _Errors) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        if not key:
            continue
        if key.startswith("#"):
            continue  # an HXL hashtag row header is not ours
        if key not in known:
            errors.add(1, name, f"unknown column; expected some of: {', '.join(known)}")
            continue
        if key in index:
            errors.add(1, name, "this column appears twice")
        index[key] = i
    return index


@dataclass
class _Group:
    consignment: ParsedConsignment | None
    head: tuple[str, ...]
    rows: list[int] = field(default_factory=list)


def parse_cmcc(
    rows: Iterator[list[str]], lookups: Lookups, report: ImportReport, tick: Callable[[], None] | None = None
) -> list[ParsedConsignment]:
    """Our template: one row per line; rows with the same reference are one consignment, and its
    consignment columns must agree (or be left empty) on every row."""
    errors = _Errors(report)
    header = next(rows)
    cols = _header_map(header, TEMPLATE_COLUMNS, errors)
    for name in REQUIRED_COLUMNS:
        if name not in cols:
            errors.add(1, name, "required column is missing")
    if "sender" not in cols and "sender_org" not in cols:
        errors.add(1, "sender", "give a 'sender' or a 'sender_org' column")
    if "description" not in cols and "item_code" not in cols:
        errors.add(1, "description", "give a 'description' or an 'item_code' column")
    if "sector" not in cols and "item_code" not in cols:
        errors.add(1, "sector", "give a 'sector' or an 'item_code' column")
    if errors.bad_rows:
        return []
    header_idx = [(name, cols[name]) for name in HEADER_COLUMNS if name in cols]
    head_of = operator.itemgetter(*[i for _, i in header_idx])
    width = max(cols.values()) + 1
    groups: dict[str, _Group] = {}
    bad: set[str] = set()
    line_parser = _line_parser(cols, lookups)
    i_ref = cols["reference"]
    row_no = 1
    for raw in rows:
        row_no += 1
        if tick:
            tick()
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        if not any(raw):
            continue
        if row_no == 2 and raw[i_ref].startswith("#"):
            continue  # the HXL hashtag row of a file exported by us
        report.rows += 1
        reference = raw[i_ref].strip()
        if not reference or len(reference) > 100:
            errors.add(row_no, "reference", "required" if not reference else "at most 100 characters")
            continue
        head = head_of(raw)
        group = groups.get(reference)
        if group is None:
            group = groups[reference] = _Group(
                _parse_head(row_no, reference, raw, cols, lookups, errors), head
            )
            if group.consignment is None:
                bad.add(reference)
        elif head != group.head:
            for (name, _), mine, first in zip(header_idx, head, group.head, strict=True):
                if mine != first and mine.strip():
                    first_row = group.rows[0] if group.rows else row_no
                    errors.add(row_no, name, f"differs from row {first_row} of the same reference")
                    bad.add(reference)
                    break
        group.rows.append(row_no)
        line = line_parser(row_no, raw, errors)
        if line is None:
            bad.add(reference)
        elif group.consignment is not None:
            group.consignment.lines.append(line)
    report.skipped_rows = sorted({row for ref in bad for row in groups[ref].rows} | (errors.bad_rows - {1}))
    return [g.consignment for ref, g in groups.items() if ref not in bad and g.consignment is not None]


def _parse_head(
    row: int, reference: str, raw: list[str], cols: dict[str, int], lookups: Lookups, errors: _Errors
) -> ParsedConsignment | None:
    had_error = False

    def get(name: str) -> str:
        i = cols.get(name)
        return raw[i].strip() if i is not None else ""

    def fail(column: str, reason: str) -> None:
        nonlocal had_error
        had_error = True
        errors.add(row, column, reason)

    channel = get("channel").lower()
    if channel not in _CHANNELS:
        fail("channel", f"must be one of: {', '.join(Channel.values)}")
    origin_hub = get("origin_hub").lower()
    if origin_hub and origin_hub not in _HUBS:
        fail("origin_hub", f"must be one of: {', '.join(OriginHub.values)}")
    status = get("status").lower() or _REGISTERED
    if status not in _STATUSES:
        fail("status", f"must be one of: {', '.join(IMPORT_STATUSES)}")
    interception = get("interception").lower()
    if interception and interception not in _INTERCEPTIONS:
        fail("interception", f"must be one of: {', '.join(Interception.values)}")
    values: dict[str, Any] = {}
    for name, table, what in (
        ("sender_org", lookups.orgs, "organisation"),
        ("consignee_org", lookups.orgs, "organisation"),
        ("corridor", lookups.corridors, "corridor"),
        ("planned_crossing", lookups.crossings, "crossing"),
        ("crossing", lookups.crossings, "crossing"),
    ):
        text = get(name)
        if text:
            try:
                values[name] = _lookup(table, text, what)
            except ValueError as exc:
                fail(name, str(exc))
    planned_date = None
    if get("planned_date"):
        try:
            planned_date = parse_date(get("planned_date"))
        except ValueError as exc:
            fail("planned_date", str(exc))
    trucks = 0
    try:
        trucks = parse_count(get("trucks"))
    except ValueError as exc:
        fail("trucks", str(exc))
    stamps: dict[str, dt.datetime | None] = {}
    allowed = rules.stamps_allowed(status) if status in _STATUSES else frozenset()
    for column, _event in rules.IMPORT_STAMPS:
        text = get(column)
        if not text:
            continue
        try:
            stamps[column] = parse_datetime(text)
        except ValueError as exc:
            fail(column, str(exc))
            continue
        if status in _STATUSES and column not in allowed:
            fail(column, f"a consignment in status '{status}' has not reached this stage")
    late = rules.check_chronology(stamps)
    if late:
        fail(late, "earlier than the stage before it")
    sender_org = values.get("sender_org")
    sender_name = get("sender") or (sender_org[1] if sender_org else "")
    if not sender_name:
        fail("sender", "required")
    consignee_org = values.get("consignee_org")
    if had_error:
        return None
    return ParsedConsignment(
        row=row,
        reference=reference,
        sender_name=sender_name[:200],
        sender_org_id=sender_org[0] if sender_org else None,
        consignee_org_id=consignee_org[0] if consignee_org else None,
        consignee_name=(get("consignee") or (consignee_org[1] if consignee_org else ""))[:200],
        donor_reference=get("donor_reference")[:200],
        ref_2720=get("ref_2720")[:60],
        srf_number=get("srf_number")[:60],
        channel=channel,
        corridor_id=values.get("corridor"),
        origin_hub=origin_hub,
        planned_crossing_id=values.get("planned_crossing"),
        planned_date=planned_date,
        crossing_id=values.get("crossing")
        or (values.get("planned_crossing") if stamps.get("entered_at") else None),
        destination=get("destination")[:200],
        destination_pcode=get("destination_pcode")[:20],
        trucks=trucks,
        status=status,
        interception=interception,
        note=get("note"),
        stamps=stamps,
    )


def _line_parser(cols: dict[str, int], lookups: Lookups):
    i_item = cols.get("item_code")
    i_desc = cols.get("description")
    i_sector = cols.get("sector")
    i_qty = cols["quantity"]
    i_unit = cols["unit"]
    i_weight = cols.get("weight_kg")
    i_pallets = cols.get("pallets")
    i_hs = cols.get("hs_code")
    i_cold = cols.get("cold_chain")
    i_dg = cols.get("dangerous_goods")
    sectors, items = lookups.sectors, lookups.items
    units = UNIT_WORDS

    def parse_line(row: int, raw: list[str], errors: _Errors) -> ParsedLine | None:
        ok = True
        item = None
        if i_item is not None and raw[i_item]:
            item = items.get(raw[i_item].strip().upper())
            if item is None:
                errors.add(row, "item_code", f"unknown catalogue item {raw[i_item]!r}")
                ok = False
        description = raw[i_desc].strip() if i_desc is not None else ""
        if not description and item is None:
            errors.add(row, "description", "required (or give an item_code)")
            ok = False
        sector = raw[i_sector].strip().upper() if i_sector is not None else ""
        if not sector and item is not None:
            sector = item.sector
        if sector not in sectors:
            errors.add(row, "sector", f"unknown sector {sector!r}; use one of: {', '.join(sorted(sectors))}")
            ok = False
        text = raw[i_qty]
        try:
            quantity = float(text)
        except ValueError:
            quantity = -1.0
            errors.add(row, "quantity", f"{text!r} is not a number" if text else "required")
            ok = False
        else:
            if not 0 < quantity < INF:
                errors.add(row, "quantity", "must be more than zero")
                ok = False
        unit = units.get(raw[i_unit].strip().lower())
        if unit is None:
            if item is not None and not raw[i_unit].strip() and item.default_unit:
                unit = item.default_unit
            else:
                errors.add(row, "unit", f"unknown unit {raw[i_unit]!r}; use one of: {', '.join(Unit.values)}")
                ok = False
        weight = 0.0
        if i_weight is not None and raw[i_weight]:
            try:
                weight = float(raw[i_weight])
                if not 0 <= weight < INF:
                    raise ValueError
            except ValueError:
                try:
                    weight = parse_number(raw[i_weight])
                except ValueError as exc:
                    errors.add(row, "weight_kg", str(exc))
                    ok = False
        elif item is not None and item.unit_weight_kg is not None:
            weight = item.unit_weight_kg * quantity
        pallets = 0
        if i_pallets is not None and raw[i_pallets]:
            try:
                pallets = int(raw[i_pallets])
                if pallets < 0:
                    raise ValueError
            except ValueError:
                try:
                    pallets = parse_count(raw[i_pallets])
                except ValueError as exc:
                    errors.add(row, "pallets", str(exc))
                    ok = False
        cold = item.cold_chain if item else False
        dangerous = item.dangerous_goods if item else False
        if i_cold is not None and raw[i_cold]:
            try:
                cold = parse_bool(raw[i_cold])
            except ValueError as exc:
                errors.add(row, "cold_chain", str(exc))
                ok = False
        if i_dg is not None and raw[i_dg]:
            try:
                dangerous = parse_bool(raw[i_dg])
            except ValueError as exc:
                errors.add(row, "dangerous_goods", str(exc))
                ok = False
        if not ok:
            return None
        if item is None:
            hs = raw[i_hs].strip() if i_hs is not None else ""
            return ParsedLine(
                description[:300],
                sector,
                quantity,
                unit or "",
                weight,
                pallets,
                None,
                None,
                hs,
                cold,
                dangerous,
                False,
            )
        return ParsedLine(
            (description or item.name)[:300],
            sector,
            quantity,
            unit or "",
            weight,
            pallets,
            item.id,
            item.classification_id,
            (raw[i_hs].strip() if i_hs is not None else "") or item.hs_code,
            cold,
            dangerous,
            item.dual_use,
        )

    return parse_line


# -- UNRWA's aid-truck layout ----------------------------------------------------------------------

UNRWA_COLUMNS = [
    "ID",
    "Received Date",
    "No. of Trucks",
    "Data Source",
    "Description of Cargo",
    "Cargo Category",
    "Status",
    "Quantity",
    "Units",
    "Donating Country/ Organization",
    "Donation Type",
    "Crossing",
    "Destination Recipient/ Partner",
    "Data Period",
    "Last Edited Time",
]
UNRWA_REQUIRED = ["ID", "Received Date", "No. of Trucks", "Cargo Category", "Status", "Crossing"]
# Cargo categories → sector codes, by keyword (first match wins).
UNRWA_SECTORS: list[tuple[str, str]] = [
    ("cooking gas", "COOKING_GAS"),
    ("gas", "COOKING_GAS"),
    ("fuel", "FUEL"),
    ("nutrition", "NUTRITION"),
    ("food", "FOOD"),
    ("flour", "FOOD"),
    ("water", "WASH"),
    ("hygiene", "WASH"),
    ("wash", "WASH"),
    ("shelter", "SHELTER_NFI"),
    ("tent", "SHELTER_NFI"),
    ("non-food", "SHELTER_NFI"),
    ("nfi", "SHELTER_NFI"),
    ("medic", "HEALTH"),
    ("health", "HEALTH"),
    ("education", "EDUCATION"),
    ("protection", "PROTECTION"),
    ("agricult", "AGRICULTURE"),
    ("livestock", "AGRICULTURE"),
    ("telecom", "LOGISTICS_TELECOM"),
    ("logistic", "LOGISTICS_TELECOM"),
    ("commercial", "COMMERCIAL"),
]
# UNRWA's 'Received' means received at the crossing on the Gaza side: offloaded.
UNRWA_STATUSES = {"received": Status.OFFLOADED}


def unrwa_sector(category: str) -> str | None:
    text = category.strip().lower()
    return next((code for word, code in UNRWA_SECTORS if word in text), None)


def parse_unrwa(
    rows: Iterator[list[str]], lookups: Lookups, report: ImportReport, tick: Callable[[], None] | None = None
) -> list[ParsedConsignment]:
    errors = _Errors(report)
    try:
        header = next(rows)
    except StopIteration:
        errors.add(1, "", "the file is empty")
        return []
    known = {c.lower(): c for c in UNRWA_COLUMNS}
    cols: dict[str, int] = {}
    for i, name in enumerate(header):
        key = " ".join(name.replace("\ufeff", "").split()).lower()
        if key in known:
            cols[known[key]] = i
        elif key.replace("/ ", "/") in {k.replace("/ ", "/") for k in known}:
            cols[next(v for k, v in known.items() if k.replace("/ ", "/") == key.replace("/ ", "/"))] = i
    for name in UNRWA_REQUIRED:
        if name not in cols:
            errors.add(1, name, "required column of the UNRWA layout is missing")
    if errors.bad_rows:
        return []
    width = max(cols.values()) + 1
    seen: dict[str, int] = {}
    parsed: list[ParsedConsignment] = []
    row_no = 1
    for raw in rows:
        row_no += 1
        if tick:
            tick()
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        if not any(raw):
            continue
        report.rows += 1

        def get(name: str, raw: list[str] = raw) -> str:
            i = cols.get(name)
            return raw[i].strip() if i is not None else ""

        bad = False

        def fail(column: str, reason: str, row: int = row_no) -> None:
            nonlocal bad
            bad = True
            errors.add(row, column, reason)

        ident = get("ID")
        if not ident:
            fail("ID", "required")
        elif ident in seen:
            fail("ID", f"repeats the ID of row {seen[ident]}")
        else:
            seen[ident] = row_no
        received = None
        try:
            received = parse_datetime(get("Received Date")) if get("Received Date") else None
            if received is None:
                fail("Received Date", "required")
        except ValueError as exc:
            fail("Received Date", str(exc))
        trucks = 0
        try:
            trucks = parse_count(get("No. of Trucks"))
            if trucks <= 0:
                fail("No. of Trucks", "must be at least one")
        except ValueError as exc:
            fail("No. of Trucks", str(exc))
        sector = unrwa_sector(get("Cargo Category"))
        if sector is None:
            fail("Cargo Category", f"cannot map {get('Cargo Category')!r} to a sector code")
        status = UNRWA_STATUSES.get(get("Status").lower())
        if status is None:
            fail("Status", f"only 'Received' rows can be imported, not {get('Status')!r}")
        crossing = None
        try:
            crossing = _lookup(lookups.crossings, get("Crossing"), "crossing")
        except ValueError as exc:
            fail("Crossing", str(exc))
        quantity, unit = float(trucks or 1), Unit.TRUCK.value
        if get("Quantity"):
            try:
                quantity = parse_number(get("Quantity"), positive=True)
                unit = parse_unit(get("Units") or "piece")
            except ValueError as exc:
                fail("Quantity" if "unit" not in str(exc) else "Units", str(exc))
        if bad or received is None or sector is None or status is None:
            continue
        donation = get("Donation Type").lower()
        channel = (
            Channel.COMMERCIAL if ("commercial" in donation or "private" in donation) else Channel.UNSPECIFIED
        )
        note = "; ".join(
            f"{label}: {get(label)}"
            for label in ("Data Source", "Donation Type", "Data Period", "Last Edited Time")
            if get(label)
        )
        description = get("Description of Cargo") or get("Cargo Category")
        parsed.append(
            ParsedConsignment(
                row=row_no,
                reference=f"UNRWA-{ident}"[:100],
                sender_name=(get("Donating Country/ Organization") or "Not stated")[:200],
                consignee_name=get("Destination Recipient/ Partner")[:200],
                donor_reference=get("Donating Country/ Organization")[:200],
                channel=channel,
                status=status,
                crossing_id=crossing,
                planned_crossing_id=crossing,
                trucks=trucks,
                note=note,
                sector=sector,
                stamps={"entered_at": received, "offloaded_at": received},
                lines=[
                    ParsedLine(description=description[:300], sector=sector, quantity=quantity, unit=unit)
                ],
            )
        )
    report.skipped_rows = sorted(errors.bad_rows - {1})
    return parsed


# -- entry point ---------------------------------------------------------------------------------


def detect_format(header: list[str]) -> str:
    names = {" ".join(h.split()).lower() for h in header}
    return ImportFormat.UNRWA if {"received date", "no. of trucks"} <= names else ImportFormat.CMCC


def parse(
    data: bytes,
    filename: str,
    lookups: Lookups,
    format: str | None = None,
    tick: Callable[[], None] | None = None,
) -> tuple[list[ParsedConsignment], ImportReport]:
    """Parse a whole file. ``format`` ``None`` detects it from the header."""
    report = ImportReport()
    try:
        rows = read_table(data, filename)
        header = next(rows)
    except StopIteration:
        report.errors.append(RowError(1, "", "the file is empty"))
        return [], report
    except (ValueError, csv.Error) as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return [], report
    report.format = format or detect_format(header)
    if report.format not in ImportFormat.values:
        report.errors.append(RowError(1, "", f"unknown format {format!r}"))
        return [], report
    parser = parse_unrwa if report.format == ImportFormat.UNRWA else parse_cmcc
    try:
        parsed = parser(_chain([header], rows), lookups, report, tick)
    except csv.Error as exc:
        report.errors.append(RowError(report.rows + 1, "", f"the CSV is malformed: {exc}"))
        return [], report
    return parsed, report


def _chain(first: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest


def template_csv() -> str:
    """An empty template with one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    example = dict.fromkeys(TEMPLATE_COLUMNS, "")
    example.update(
        reference="SRF-2025-0001",
        sender="Food Bridge Foundation",
        consignee="Community kitchen, Deir al-Balah",
        channel="un2720",
        corridor="egypt",
        origin_hub="al_arish",
        planned_crossing="kerem-shalom",
        planned_date="2025-10-20",
        trucks="2",
        status="registered",
        description="Wheat flour, 25 kg bags",
        sector="FOOD",
        quantity="1600",
        unit="bag",
        weight_kg="40000",
        pallets="32",
    )
    writer.writerow([example[c] for c in TEMPLATE_COLUMNS])
    return out.getvalue()


def read_path(path: str | Path) -> tuple[bytes, str]:
    p = Path(path)
    return p.read_bytes(), p.name


__all__ = ["IO", "ImportReport", "ParsedConsignment", "RowError", "parse", "read_path"]
