"""The column layout of UNRWA's published aid-truck data (HDX state-of-palestine-gaza-aid-truck-data):
one row per consignment received at the crossing on the Gaza side."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..choices import Channel, Status, Unit
from .parsing import (
    ImportReport,
    Lookups,
    ParsedConsignment,
    ParsedLine,
    _Errors,
    _lookup,
    parse_count,
    parse_datetime,
    parse_number,
    parse_unit,
)

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
