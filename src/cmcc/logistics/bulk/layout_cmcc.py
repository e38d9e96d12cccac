"""Our import template: one row per line; rows with the same reference are one consignment.

Its columns are listed in ``TEMPLATE_COLUMNS`` (and in docs/logistics.md)."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import rules
from ..choices import Channel, Interception, OriginHub, Status, Unit
from .parsing import (
    INF,
    UNIT_WORDS,
    ImportReport,
    Lookups,
    ParsedConsignment,
    ParsedLine,
    _Errors,
    _lookup,
    parse_bool,
    parse_count,
    parse_date,
    parse_datetime,
    parse_number,
)

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
_STAMP_COLUMNS = [column for column, _event in rules.IMPORT_STAMPS]


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
                _parse_head(row_no, reference, raw, header_idx, lookups, errors), head
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
    row: int,
    reference: str,
    raw: list[str],
    header_idx: list[tuple[str, int]],
    lookups: Lookups,
    errors: _Errors,
) -> ParsedConsignment | None:
    had_error = False
    text = dict.fromkeys(HEADER_COLUMNS, "")
    for name, i in header_idx:
        text[name] = raw[i].strip()

    def fail(column: str, reason: str) -> None:
        nonlocal had_error
        had_error = True
        errors.add(row, column, reason)

    channel = text["channel"].lower()
    if channel not in _CHANNELS:
        fail("channel", f"must be one of: {', '.join(Channel.values)}")
    origin_hub = text["origin_hub"].lower()
    if origin_hub and origin_hub not in _HUBS:
        fail("origin_hub", f"must be one of: {', '.join(OriginHub.values)}")
    status = text["status"].lower() or _REGISTERED
    if status not in _STATUSES:
        fail("status", f"must be one of: {', '.join(IMPORT_STATUSES)}")
    interception = text["interception"].lower()
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
        if text[name]:
            try:
                values[name] = _lookup(table, text[name], what)
            except ValueError as exc:
                fail(name, str(exc))
    planned_date = None
    if text["planned_date"]:
        try:
            planned_date = parse_date(text["planned_date"])
        except ValueError as exc:
            fail("planned_date", str(exc))
    trucks = 0
    if text["trucks"]:
        try:
            trucks = parse_count(text["trucks"])
        except ValueError as exc:
            fail("trucks", str(exc))
    stamps: dict[str, dt.datetime | None] = {}
    allowed = rules.stamps_allowed(status) if status in _STATUSES else frozenset()
    for column in _STAMP_COLUMNS:
        value = text[column]
        if not value:
            continue
        try:
            stamps[column] = parse_datetime(value)
        except ValueError as exc:
            fail(column, str(exc))
            continue
        if status in _STATUSES and column not in allowed:
            fail(column, f"a consignment in status '{status}' has not reached this stage")
    late = rules.check_chronology(stamps)
    if late:
        fail(late, "earlier than the stage before it")
    sender_org = values.get("sender_org")
    sender_name = text["sender"] or (sender_org[1] if sender_org else "")
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
        consignee_name=(text["consignee"] or (consignee_org[1] if consignee_org else ""))[:200],
        donor_reference=text["donor_reference"][:200],
        ref_2720=text["ref_2720"][:60],
        srf_number=text["srf_number"][:60],
        channel=channel,
        corridor_id=values.get("corridor"),
        origin_hub=origin_hub,
        planned_crossing_id=values.get("planned_crossing"),
        planned_date=planned_date,
        crossing_id=values.get("crossing")
        or (values.get("planned_crossing") if stamps.get("entered_at") else None),
        destination=text["destination"][:200],
        destination_pcode=text["destination_pcode"][:20],
        trucks=trucks,
        status=status,
        interception=interception,
        note=text["note"],
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
