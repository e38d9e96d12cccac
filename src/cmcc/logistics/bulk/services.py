"""The bulk import writer (re-exported by ``logistics.services``): parsed consignments written in
one transaction per file, in chunks so memory stays flat, with an audit entry per consignment.

Rows are inserted with ``executemany`` from prepared tuples: the same ``INSERT`` that
``bulk_create`` sends, without Django preparing each value of each row again (a million lines
spend most of ``bulk_create``'s time there). Consignments are still built as model instances,
because the audit trail records each one; lines and events are tuples only.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Releasability
from cmcc.core.errors import Conflict, ValidationFailed
from cmcc.partners.models import Organisation

from .. import rules
from ..choices import Event, LineClearance, LineInspection
from ..models import Consignment, ConsignmentEvent, ConsignmentLine, ImportRun
from .parsing import ImportReport, ParsedConsignment

CHUNK = 2000
LINE_FIELDS = [
    "consignment",
    "line_no",
    "item",
    "classification",
    "description",
    "sector",
    "hs_code",
    "quantity",
    "unit",
    "weight_kg",
    "volume_m3",
    "pallets",
    "cold_chain",
    "dangerous_goods",
    "dual_use",
    "clearance",
    "inspection",
    "inspection_note",
]
EVENT_FIELDS = [
    "consignment",
    "event",
    "from_status",
    "to_status",
    "occurred_at",
    "recorded_at",
    "actor_name",
    "actor_org",
    "crossing",
    "note",
    "detail",
]


def time_ordered_uuid() -> uuid.UUID:
    """A version-7 UUID: 48 bits of milliseconds, then 74 random bits.

    Rows of one import get keys in roughly ascending order, so the indexes on consignment ids
    (lines, events, grants, the audit trail) grow at their end instead of splitting pages all
    over; the random part keeps the keys unguessable and collision-free across laptops.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | rand
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return uuid.UUID(int=value)


def _owner_id(actor: Actor, owner_org_id=None):
    if actor.is_system:
        if owner_org_id is None:
            raise ValidationFailed({"owner_org": "The system must name the owner organisation."})
        return owner_org_id
    return actor.org_id


def _existing_references(owner_id, references: Iterable[str]) -> set[str]:
    refs = list(references)
    found: set[str] = set()
    for start in range(0, len(refs), 900):  # stay under SQLite's variable limit
        chunk = refs[start : start + 900]
        found.update(
            Consignment.objects.filter(owner_org_id=owner_id, reference__in=chunk).values_list(
                "reference", flat=True
            )
        )
    return found


class _Prep:
    """Database values for the few column types the drivers do not take as they are."""

    def __init__(self) -> None:
        self.uuid_field = Consignment._meta.pk
        self.json_field = ConsignmentEvent._meta.get_field("detail")
        self.ops = connection.ops
        self.sqlite = connection.vendor == "sqlite"
        self._uuids: dict[Any, Any] = {None: None}

    def uuid(self, value: Any) -> Any:
        if value not in self._uuids:
            self._uuids[value] = self.uuid_field.get_db_prep_value(value, connection)  # type: ignore[union-attr]
        return self._uuids[value]

    def datetime(self, value: Any) -> Any:
        if value is None:
            return None
        if self.sqlite:  # what Django's SQLite backend stores: naive UTC text
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return str(value)
        return self.ops.adapt_datetimefield_value(value)

    def date(self, value: Any) -> Any:
        return self.ops.adapt_datefield_value(value)

    def json(self, value: Any) -> Any:
        return self.json_field.get_db_prep_save(value, connection)

    def plan(self, model: type[models.Model]) -> tuple[list[str], list[tuple[str, Any]]]:
        """Field names and, per field, (attribute, converter or None) to turn an instance into a row."""
        converters = {
            "UUIDField": self.uuid,
            "ForeignKey": None,  # resolved below from the target field
            "DateTimeField": self.datetime,
            "DateField": self.date,
            "JSONField": self.json,
        }
        names, plan = [], []
        for field in model._meta.concrete_fields:
            kind = field.get_internal_type()
            if kind == "ForeignKey":
                target = field.target_field.get_internal_type()  # type: ignore[attr-defined]
                kind = target if target != "AutoField" else "BigIntegerField"
            names.append(field.name)
            plan.append((field.attname, converters.get(kind)))
        return names, plan


def _insert(model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
    """``INSERT`` prepared rows (values already in database form) with ``executemany``."""
    if not rows:
        return
    quote = connection.ops.quote_name
    concrete = [model._meta.get_field(f) for f in fields]
    columns = ", ".join(quote(f.column) for f in concrete if isinstance(f, models.Field))
    marks = ", ".join(["%s"] * len(fields))
    # table and column names come from the model; every value is a bound parameter
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def _build(
    p: ParsedConsignment,
    *,
    actor: Actor,
    owner_org: Organisation,
    releasability: str,
    source: str,
    filename: str,
    format: str,
    now,
    prep: _Prep,
    plan: list[tuple[str, Any]],
    defaults: dict[str, Any],
    consignment_rows: list[tuple],
    line_rows: list[tuple],
    event_rows: list[tuple],
    empty_detail: Any,
    recorded_at: Any,
) -> Consignment:
    values = dict(defaults)
    values.update(
        id=time_ordered_uuid(),
        owner_org_id=owner_org.pk,
        releasability=releasability,
        protected=False,
        reference=p.reference,
        ref_2720=p.ref_2720,
        srf_number=p.srf_number,
        sender_org_id=p.sender_org_id,
        sender_name=p.sender_name,
        consignee_org_id=p.consignee_org_id,
        consignee_name=p.consignee_name,
        donor_reference=p.donor_reference,
        channel=p.channel,
        corridor_id=p.corridor_id,
        origin_hub=p.origin_hub,
        planned_crossing_id=p.planned_crossing_id,
        planned_date=p.planned_date,
        crossing_id=p.crossing_id,
        destination=p.destination,
        destination_pcode=p.destination_pcode,
        trucks=p.trucks,
        status=p.status,
        interception=p.interception,
        data_source=source,
        note=p.note,
        created_at=now,
        updated_at=now,
    )
    values.update({column: t for column, t in p.stamps.items() if t is not None})
    total_weight = sum(ln.weight_kg for ln in p.lines)
    values.update(
        total_weight_kg=total_weight,
        total_pallets=sum(ln.pallets for ln in p.lines),
        line_count=len(p.lines),
        sector_id=p.sector or rules.main_sector((ln.sector, ln.weight_kg, ln.quantity) for ln in p.lines),
    )
    stamped = sorted((t, column) for column, t in p.stamps.items() if t is not None)
    first = stamped[0][0] if stamped else (p.registered_at or now)
    last = stamped[-1][0] if stamped else first
    values.update(first_event_at=first, last_event_at=last, status_changed_at=last)
    ordered = [values[att] for att, _convert in plan]
    # every concrete field in order: Django's fast path, and the instance is as it will be stored
    c = Consignment.from_db(connection.alias, [att for att, _convert in plan], ordered)
    c.owner_org = owner_org  # cached, so the audit entry's scope does not load it
    consignment_rows.append(
        tuple(convert(v) if convert else v for v, (_att, convert) in zip(ordered, plan, strict=True))
    )
    cid = prep.uuid(c.id)
    clearance = LineClearance.APPROVED.value if p.stamps.get("approved_at") else LineClearance.PENDING.value
    inspection = LineInspection.CLEARED.value if p.stamps.get("entered_at") else LineInspection.PENDING.value
    for no, ln in enumerate(p.lines, start=1):
        line_rows.append(
            (
                cid,
                no,
                prep.uuid(ln.item_id),
                prep.uuid(ln.classification_id),
                ln.description,
                ln.sector,
                ln.hs_code,
                ln.quantity,
                ln.unit,
                ln.weight_kg,
                None,
                ln.pallets,
                ln.cold_chain,
                ln.dangerous_goods,
                ln.dual_use,
                clearance,
                inspection,
                "",
            )
        )
    actor_org = prep.uuid(actor.org_id)
    event_rows.append(
        (
            cid,
            Event.IMPORT.value,
            "",
            p.status,
            prep.datetime(first),
            recorded_at,
            actor.name,
            actor_org,
            None,
            f"Imported from {filename} (row {p.row})",
            prep.json({"format": format, "row": p.row}),
        )
    )
    crossing = prep.uuid(p.crossing_id)
    for t, column in stamped:
        event_rows.append(
            (
                cid,
                rules.IMPORT_EVENT_OF[column],
                "",
                rules.IMPORT_STATUS_OF[column],
                prep.datetime(t),
                recorded_at,
                actor.name,
                actor_org,
                crossing if column in ("manifested_at", "entered_at") else None,
                "imported",
                empty_detail,
            )
        )
    return c


@transaction.atomic
def consignments_import(
    *,
    actor: Actor,
    parsed: Sequence[ParsedConsignment],
    report: ImportReport,
    filename: str,
    format: str,
    sha256: str,
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    owner_org_id=None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress=None,
) -> ImportRun | None:
    """Write parsed consignments in bulk, one transaction for the file.

    A file with errors writes nothing unless ``skip_invalid``; consignments whose reference the
    organisation already has are left alone (re-importing a file creates no duplicates; the
    unique constraint on owner and reference backs this up).
    """
    access.require(actor, Action.CREATE)
    owner = _owner_id(actor, owner_org_id)
    org_ids, communities = sharing.parse_shared_with(shared_with)
    sharing.validate_sharing(
        releasability=releasability, protected=False, org_ids=org_ids, communities=communities
    )
    if report.errors and not skip_invalid:
        raise ValidationFailed({"file": f"{len(report.errors)} error(s) in the file; nothing was imported."})
    existing = _existing_references(owner, (p.reference for p in parsed))
    fresh = [p for p in parsed if p.reference not in existing]
    report.already_imported = len(parsed) - len(fresh)
    report.consignments = len(fresh)
    report.lines = sum(len(p.lines) for p in fresh)
    if dry_run:
        return None
    owner_org = Organisation.objects.get(pk=owner)  # once: no audit entry loads it again
    run = ImportRun(
        owner_org=owner_org,
        releasability=Releasability.ORG,
        filename=filename[:255],
        format=format,
        sha256=sha256,
        rows=report.rows,
        consignments_created=report.consignments,
        lines_created=report.lines,
        already_imported=report.already_imported,
        rows_skipped=len(report.skipped_rows),
        errors=[e.as_dict() for e in report.errors[:1000]],
        imported_by=actor.name,
    )
    run.save()
    now = timezone.now()
    prep = _Prep()
    consignment_fields, plan = prep.plan(Consignment)
    context = {
        "plan": plan,
        "defaults": {f.attname: f.get_default() for f in Consignment._meta.concrete_fields},
        "actor": actor,
        "owner_org": owner_org,
        "releasability": releasability,
        "source": f"import:{format}:{filename}"[:200],
        "filename": filename,
        "format": format,
        "now": now,
        "prep": prep,
        "empty_detail": prep.json({}),
        "recorded_at": prep.datetime(now),
    }
    for start in range(0, len(fresh), CHUNK):
        consignment_rows: list[tuple] = []
        line_rows: list[tuple] = []
        event_rows: list[tuple] = []
        consignments = [
            _build(
                p, consignment_rows=consignment_rows, line_rows=line_rows, event_rows=event_rows, **context
            )
            for p in fresh[start : start + CHUNK]
        ]
        try:
            _insert(Consignment, consignment_fields, consignment_rows)
            _insert(ConsignmentLine, LINE_FIELDS, line_rows)
            _insert(ConsignmentEvent, EVENT_FIELDS, event_rows)
        except IntegrityError as exc:  # e.g. a concurrent import of the same references
            raise Conflict(f"The import clashed with another write ({exc}); nothing was imported.") from None
        if releasability == Releasability.NAMED:
            for c in consignments:
                c._pending_shares = (org_ids, communities)  # type: ignore[attr-defined]
                sharing.save_shares(c)
        audit.record_many(
            actor=actor,
            action="logistics.consignment.imported",
            objs=consignments,
            message=f"import {run.pk}",
        )
        if progress:
            progress(len(consignments))
    access.ensure_visible_after_write(actor, run)
    audit.record(
        actor=actor,
        action="logistics.import.completed",
        obj=run,
        message=f"{report.consignments} consignments, {report.lines} lines; "
        f"{report.already_imported} already imported; {len(report.skipped_rows)} rows skipped",
    )
    return run


def consignments_import_file(
    *,
    actor: Actor,
    data: bytes,
    filename: str,
    format: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    owner_org_id=None,
    tick=None,
    progress=None,
) -> tuple[ImportReport, ImportRun | None]:
    """Parse a file and import it (unless ``dry_run``): the API, the web page and the command
    line all come here. Returns the report and the import run (``None`` when nothing was written)."""
    from .. import selectors
    from . import parsing

    access.require(actor, Action.CREATE)
    parsed, report = parsing.parse(data, filename, selectors.import_lookups(actor=actor), format, tick)
    if report.errors and not (skip_invalid or dry_run):
        return report, None
    run = consignments_import(
        actor=actor,
        parsed=parsed,
        report=report,
        filename=filename,
        format=report.format or "cmcc",
        sha256=parsing.sha256_of(data),
        releasability=releasability,
        shared_with=shared_with,
        owner_org_id=owner_org_id,
        dry_run=dry_run,
        skip_invalid=True,
        progress=progress,
    )
    return report, run
