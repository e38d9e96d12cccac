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
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..choices import ImportFormat, Status, Unit

MAX_ERRORS = 10_000  # past this, stop collecting (the file is clearly not in this format)
INF = float("inf")

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


NOT_UTF8 = "The file is not UTF-8 text nor an XLSX workbook."


def read_table(data: bytes, filename: str) -> Iterator[list[str]]:
    """Rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or the first sheet of an XLSX.

    A CSV is decoded as it is read, line by line as from a file opened with ``newline=""``, rather
    than decoded whole into one string first: a large file then costs no second copy of itself.
    Text that is not UTF-8 raises ``UnicodeDecodeError`` where it is met."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _read_xlsx(data)
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)]  # the delimiters are ASCII: bytes count the same
    delimiter = ";" if first.count(b";") > first.count(b",") else ","
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    return csv.reader(text, delimiter=delimiter)


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
_EXCEL_SERIAL = re.compile(r"\d{4,5}(\.\d+)?")


def parse_datetime(text: str) -> dt.datetime:
    cached = _date_cache.get(text)
    if cached is not None:
        return cached
    if text[4:5] == "-" and "/" not in text and " UTC" not in text:
        # the usual ISO form: what the general path below gives for it, with less work
        try:
            iso = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            result = iso if iso.tzinfo else _as_utc(text, iso)
            if len(_date_cache) < 100_000:
                _date_cache[text] = result
            return result
    value = text.strip()
    if _EXCEL_SERIAL.fullmatch(value):  # an Excel serial day number
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


def _as_utc(text: str, naive: dt.datetime) -> dt.datetime:
    """``naive`` in UTC. Reading the text again with an offset is several times faster than
    ``replace(tzinfo=…)``, which a large file does a million times."""
    if len(text) > 10:  # a time follows the date (after a date alone, Python drops the offset)
        try:
            aware = dt.datetime.fromisoformat(text + "+00:00")
        except ValueError:
            pass
        else:
            if aware.tzinfo is dt.UTC:
                return aware
    return naive.replace(tzinfo=dt.UTC)


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


class _Errors:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.bad_rows: set[int] = set()

    def add(self, row: int, column: str, reason: str) -> None:
        if len(self.report.errors) < MAX_ERRORS:
            self.report.errors.append(RowError(row, column, reason))
        self.bad_rows.add(row)


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
    except UnicodeDecodeError:
        report.errors.append(RowError(1, "", NOT_UTF8))
        return [], report
    except (ValueError, csv.Error) as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return [], report
    report.format = format or detect_format(header)
    if report.format not in ImportFormat.values:
        report.errors.append(RowError(1, "", f"unknown format {format!r}"))
        return [], report
    from .layout_cmcc import parse_cmcc
    from .layout_unrwa import parse_unrwa

    parser = parse_unrwa if report.format == ImportFormat.UNRWA else parse_cmcc
    try:
        parsed = parser(itertools.chain([header], rows), lookups, report, tick)
    except csv.Error as exc:
        report.errors.append(RowError(report.rows + 1, "", f"the CSV is malformed: {exc}"))
        return [], report
    except UnicodeDecodeError:  # further down the file: the file is refused as a whole, as at its start
        report = ImportReport()
        report.errors.append(RowError(1, "", NOT_UTF8))
        return [], report
    return parsed, report


def template_csv() -> str:
    """An empty template with one example row."""
    from .layout_cmcc import TEMPLATE_COLUMNS

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
