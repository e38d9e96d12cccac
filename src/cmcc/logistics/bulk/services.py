"""The bulk import writer (re-exported by ``logistics.services``): parsed consignments written in
one transaction per file, in chunks so memory stays flat, with an audit entry per consignment.

Rows are prepared in Python as the database stores them (values the whole file shares converted
once) and inserted many rows per ``INSERT`` statement, as ``bulk_create`` would send them, without
Django preparing each value of each row again (a million lines spend most of ``bulk_create``'s time
there). Consignments are also built as model instances, because the audit trail records each one;
lines and events are values only.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from cmcc.core import access, audit, collector, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Releasability
from cmcc.core.errors import Conflict, ValidationFailed
from cmcc.core.rows import insert_rows
from cmcc.partners.models import Organisation

from .. import rules
from ..choices import Event, LineClearance, LineInspection
from ..models import Consignment, ConsignmentEvent, ConsignmentLine, ImportRun
from .parsing import ImportReport, ParsedConsignment

CHUNK = 2000
# The columns of a line: first those the writer sets, then ParsedLine's attributes in its order,
# so a line's row is its head plus one attrgetter call.
LINE_HEAD = ["consignment", "line_no", "clearance", "inspection", "inspection_note", "volume_m3"]
PARSED_LINE_FIELDS = [
    "description",
    "sector",
    "quantity",
    "unit",
    "weight_kg",
    "pallets",
    "item",
    "classification",
    "hs_code",
    "cold_chain",
    "dangerous_goods",
    "dual_use",
]
LINE_FIELDS = LINE_HEAD + PARSED_LINE_FIELDS
_LINE_VALUES = operator.attrgetter(
    *[f if f not in {"item", "classification"} else f"{f}_id" for f in PARSED_LINE_FIELDS]
)
_ITEM_AT = len(PARSED_LINE_FIELDS) - PARSED_LINE_FIELDS.index("item")  # from the end of a line's values
_CLASSIFICATION_AT = len(PARSED_LINE_FIELDS) - PARSED_LINE_FIELDS.index("classification")
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
    return _uuid7(time.time_ns() // 1_000_000, int.from_bytes(os.urandom(10), "big"))


def _uuid7(ms: int, rand: int) -> uuid.UUID:
    return uuid.UUID(int=_uuid7_int(ms, rand))


def _uuid7_int(ms: int, rand: int) -> int:
    value = (ms & ((1 << 48) - 1)) << 80 | (rand & ((1 << 80) - 1))
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    return (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant


def _time_ordered_uuids(count: int) -> list[uuid.UUID]:
    """``count`` keys as :func:`time_ordered_uuid` makes them, from one read of random bytes,
    in ascending order."""
    ms = time.time_ns() // 1_000_000
    pool = os.urandom(10 * count)
    ints = sorted(_uuid7_int(ms, int.from_bytes(pool[i : i + 10], "big")) for i in range(0, 10 * count, 10))
    return [uuid.UUID(int=i) for i in ints]


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


OWN_COLUMNS = (  # the consignment's columns that come from the file, in the order build() gives them
    "id",
    "reference",
    "ref_2720",
    "srf_number",
    "sender_org_id",
    "sender_name",
    "consignee_org_id",
    "consignee_name",
    "donor_reference",
    "channel",
    "corridor_id",
    "origin_hub",
    "planned_crossing_id",
    "planned_date",
    "crossing_id",
    "destination",
    "destination_pcode",
    "trucks",
    "status",
    "interception",
    "note",
    "total_weight_kg",
    "total_pallets",
    "line_count",
    "sector_id",
)


class _Writer:
    """Turns parsed consignments into the rows the database stores, the way Django's backend would.

    Values that are the same for the whole file (owner, sharing, source, the time of the import)
    are converted once; per consignment only its own values are, and each stage time once for
    both the consignment and its event. The consignment instances handed to the audit trail are
    built from the same values, as Django builds them from a row it reads.
    """

    def __init__(
        self,
        *,
        actor: Actor,
        owner_org: Organisation,
        releasability: str,
        source: str,
        filename: str,
        format: str,
        now: dt.datetime,
    ) -> None:
        self.actor = actor
        self.owner_org = owner_org
        self.filename = filename
        self.format = format
        self.now = now
        self.sqlite = connection.vendor == "sqlite"
        self.hex_uuids = not connection.features.has_native_uuid_field
        self.ops = connection.ops
        self.alias = connection.alias
        self.detail_field = ConsignmentEvent._meta.get_field("detail")
        fields = Consignment._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.fields = [f.name for f in fields]
        values: dict[str, Any] = {f.attname: f.get_default() for f in fields}
        values.update(
            owner_org_id=owner_org.pk,
            releasability=releasability,
            protected=False,
            data_source=source,
            created_at=now,
            updated_at=now,
        )
        kinds = {f.attname: self._kind(f) for f in fields}
        self.base = [values[a] for a in self.attnames]
        db_base = [self._db(kinds[a], values[a]) for a in self.attnames]
        # the values of the whole file that the database stores in another form (owner, times)
        at = {a: i for i, a in enumerate(self.attnames)}
        own = {at[a] for a in OWN_COLUMNS}
        self.db_constants = [(i, v) for i, v in enumerate(db_base) if v is not self.base[i] and i not in own]
        self.at = at
        self.own_at = [at[a] for a in OWN_COLUMNS]  # the columns each consignment sets
        self.own_converted = [
            (at[a], kinds[a]) for a in OWN_COLUMNS if kinds[a] in {"UUIDField", "DateField"}
        ]
        self.stamp_at = {column: at[column] for column, _event in rules.IMPORT_STAMPS}
        self.event_at = (at["first_event_at"], at["last_event_at"], at["status_changed_at"])
        self.actor_name = actor.name
        self.actor_org = self.db_uuid(actor.org_id)
        self.recorded_at = self.datetime(now)
        self.empty_detail = self.detail_field.get_db_prep_save({}, connection)

    @staticmethod
    def _kind(field: models.Field) -> str:
        kind = field.get_internal_type()
        if kind == "ForeignKey":
            kind = field.target_field.get_internal_type()  # type: ignore[attr-defined]
        return kind

    def _db(self, kind: str, value: Any) -> Any:
        if value is None:
            return None
        if kind == "UUIDField":
            return self.db_uuid(value)
        if kind == "DateTimeField":
            return self.datetime(value)
        if kind == "DateField":
            return self.ops.adapt_datefield_value(value)
        return value

    def db_uuid(self, value: Any) -> Any:
        if value is None or not self.hex_uuids:
            return value
        return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex

    def datetime(self, value: dt.datetime | None) -> Any:
        if value is None:
            return None
        if self.sqlite and value.tzinfo is dt.UTC:  # what Django's SQLite backend stores: naive UTC text
            return value.isoformat(" ")[:-6]  # str() of the naive value, less the "+00:00"
        return self.ops.adapt_datetimefield_value(value)

    def detail(self, row: int) -> Any:
        if self.sqlite:  # the JSON text Django's SQLite backend stores for this dict
            return f'{{"format": "{self.format}", "row": {row}}}'
        return self.detail_field.get_db_prep_save({"format": self.format, "row": row}, connection)

    def build(
        self,
        p: ParsedConsignment,
        key: uuid.UUID,
        consignment_values: list[Any],
        line_values: list[Any],
        event_values: list[Any],
    ) -> Consignment:
        """Append the values of the consignment's row, its lines' and its events' rows (one flat
        list per table); return the consignment as an instance."""
        lines = p.lines
        stamps = sorted((t, column) for column, t in p.stamps.items() if t is not None)
        first = stamps[0][0] if stamps else (p.registered_at or self.now)
        last = stamps[-1][0] if stamps else first
        own = (
            key,
            p.reference,
            p.ref_2720,
            p.srf_number,
            p.sender_org_id,
            p.sender_name,
            p.consignee_org_id,
            p.consignee_name,
            p.donor_reference,
            p.channel,
            p.corridor_id,
            p.origin_hub,
            p.planned_crossing_id,
            p.planned_date,
            p.crossing_id,
            p.destination,
            p.destination_pcode,
            p.trucks,
            p.status,
            p.interception,
            p.note,
            sum(ln.weight_kg for ln in lines),
            sum(ln.pallets for ln in lines),
            len(lines),
            p.sector or rules.main_sector((ln.sector, ln.weight_kg, ln.quantity) for ln in lines),
        )
        values = self.base.copy()
        for i, value in zip(self.own_at, own, strict=True):
            values[i] = value
        db_stamps = []
        for t, column in stamps:
            values[self.stamp_at[column]] = t
            db_stamps.append((self.datetime(t), column))
        i_first, i_last, i_changed = self.event_at
        values[i_first], values[i_last], values[i_changed] = first, last, last
        row = values.copy()
        for i, value in self.db_constants:
            row[i] = value
        for i, kind in self.own_converted:
            if row[i] is not None:
                row[i] = self._db(kind, row[i])
        for db_t, column in db_stamps:
            row[self.stamp_at[column]] = db_t
        db_first = db_stamps[0][0] if stamps else self.datetime(first)
        db_last = db_stamps[-1][0] if stamps else db_first
        row[i_first], row[i_last], row[i_changed] = db_first, db_last, db_last
        consignment_values.extend(row)
        # an instance as Django builds one from a row it reads (Model.from_db, less the per-field
        # descriptors): every concrete field set, not adding, in this database
        c = Consignment.__new__(Consignment)
        c.__dict__.update(zip(self.attnames, values, strict=True))
        c._state = ModelState()
        c._state.adding, c._state.db = False, self.alias
        c.owner_org = self.owner_org  # cached, so the audit entry's scope does not load it
        cid = row[0]
        uuid_ = self.db_uuid
        clearance = (
            LineClearance.APPROVED.value if p.stamps.get("approved_at") else LineClearance.PENDING.value
        )
        inspection = (
            LineInspection.CLEARED.value if p.stamps.get("entered_at") else LineInspection.PENDING.value
        )
        extend = line_values.extend
        for no, ln in enumerate(lines, start=1):
            extend((cid, no, clearance, inspection, "", None))
            extend(_LINE_VALUES(ln))
            if ln.item_id is not None:
                line_values[-_ITEM_AT] = uuid_(ln.item_id)
            if ln.classification_id is not None:
                line_values[-_CLASSIFICATION_AT] = uuid_(ln.classification_id)
        actor_name, actor_org, recorded_at = self.actor_name, self.actor_org, self.recorded_at
        event_values.extend(
            (
                cid,
                Event.IMPORT.value,
                "",
                p.status,
                db_first,
                recorded_at,
                actor_name,
                actor_org,
                None,
                f"Imported from {self.filename} (row {p.row})",
                self.detail(p.row),
            )
        )
        crossing = uuid_(p.crossing_id)
        empty = self.empty_detail
        for db_t, column in db_stamps:
            event_values.extend(
                (
                    cid,
                    rules.IMPORT_EVENT_OF[column],
                    "",
                    rules.IMPORT_STATUS_OF[column],
                    db_t,
                    recorded_at,
                    actor_name,
                    actor_org,
                    crossing if column in _AT_CROSSING else None,
                    "imported",
                    empty,
                )
            )
        return c


_AT_CROSSING = frozenset({"manifested_at", "entered_at"})


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
    writer = _Writer(
        actor=actor,
        owner_org=owner_org,
        releasability=releasability,
        source=f"import:{format}:{filename}"[:200],
        filename=filename,
        format=format,
        now=timezone.now(),
    )
    for start in range(0, len(fresh), CHUNK):
        chunk = fresh[start : start + CHUNK]
        consignment_values: list[Any] = []
        line_values: list[Any] = []
        event_values: list[Any] = []
        consignments = [
            writer.build(p, key, consignment_values, line_values, event_values)
            for p, key in zip(chunk, _time_ordered_uuids(len(chunk)), strict=True)
        ]
        try:
            insert_rows(Consignment, writer.fields, consignment_values)
            insert_rows(ConsignmentLine, LINE_FIELDS, line_values)
            insert_rows(ConsignmentEvent, EVENT_FIELDS, event_values)
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
    with collector.paused():  # a third of the parsing time was the collector walking the rows
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
