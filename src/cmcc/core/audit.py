"""The one writer of the audit trail (CONVENTIONS rule 4).

``record()`` appends an entry in the caller's transaction: who, when, which request, what action,
on which object, the before/after JSON and a message. Entries form a SHA-256 hash chain
(each hash covers the previous one), so ``verify()`` finds the first entry that was edited,
deleted or reordered. Nothing updates or deletes entries: there is no code path for it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import operator
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .access import Actor
from .choices import RELEASABILITY_ORDER, Releasability
from .context import current_request_id
from .models import AuditEntry, AuditHead, SharedRecord
from .rows import insert_rows
from .sharing import shared_with, shared_with_many

GENESIS = "0" * 64
_UNSET: Any = object()
HASHED_FIELDS = (
    "seq",
    "time",
    "actor_id",
    "actor_name",
    "actor_org_id",
    "actor_org_name",
    "request_id",
    "action",
    "object_type",
    "object_ct_id",
    "object_id",
    "object_repr",
    "before_json",
    "after_json",
    "message",
    "scope_owner_org_id",
    "scope_community",
    "scope_releasability",
    "scope_protected",
    "prev_hash",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def canonical(data: Any) -> str:
    return json.dumps(_jsonable(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot(obj: models.Model, *, grants: list[str] | None = None) -> dict[str, Any]:
    """Field values of ``obj`` as JSON-ready data: concrete fields, many-to-many ids, grants."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in {"password"}:
            continue
        data[f.attname] = _jsonable(getattr(obj, f.attname))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(str(pk) for pk in getattr(obj, m2m.name).values_list("pk", flat=True))
        if isinstance(obj, SharedRecord):
            data["shared_with"] = grants if grants is not None else shared_with(obj)
    return data


@dataclass(frozen=True)
class Scope:
    owner_org_id: uuid.UUID | None
    community: str
    releasability: str
    protected: bool


def _scope_of(obj: models.Model, before: dict | None, after: dict | None) -> Scope:
    """Who may read an entry: the narrowest sharing state of the record across the change."""
    if isinstance(obj, SharedRecord):
        states = [s for s in (before, after) if s]
        rels = [s.get("releasability", obj.releasability) for s in states] or [obj.releasability]
        return Scope(
            owner_org_id=obj.owner_org_id,
            community=obj.owner_org.community,
            releasability=min(rels, key=lambda r: RELEASABILITY_ORDER.get(r, 0)),
            protected=any(s.get("protected", False) for s in states) or obj.protected,
        )
    custom = getattr(obj, "audit_scope", None)
    if callable(custom):
        owner_org_id, community, releasability = custom()
        return Scope(owner_org_id, community, releasability, False)
    return Scope(None, "", Releasability.ORG, False)


def _entry_hash(entry: AuditEntry) -> str:
    payload = canonical({name: getattr(entry, name) for name in HASHED_FIELDS})
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def _build(
    *, actor: Actor, action: str, obj: models.Model, before: dict | None, after: dict | None, message: str
) -> AuditEntry:
    scope = _scope_of(obj, before, after)
    return AuditEntry(
        time=timezone.now(),
        actor_id=actor.user_id,
        actor_name=actor.name[:200],
        actor_org_id=actor.org_id,
        actor_org_name=actor.org_name[:200],
        request_id=current_request_id(),
        action=action,
        object_type=obj._meta.label_lower,
        object_ct_id=ContentType.objects.get_for_model(type(obj)).pk,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        before_json=canonical(before) if before is not None else "",
        after_json=canonical(after) if after is not None else "",
        message=message,
        scope_owner_org_id=scope.owner_org_id,
        scope_community=scope.community,
        scope_releasability=scope.releasability,
        scope_protected=scope.protected,
    )


def _append(entries: list[AuditEntry]) -> list[AuditEntry]:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the transaction of the change")
    head = _lock_head()
    seq, prev = head.seq, head.hash
    for entry in entries:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = _entry_hash(entry)
    AuditEntry.objects.bulk_create(entries)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return entries


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = _UNSET,
    message: str = "",
) -> AuditEntry:
    """Append one entry. ``after`` defaults to a fresh snapshot of ``obj``; pass ``None`` for a deletion."""
    if after is _UNSET:
        after = snapshot(obj)
    return _append(
        [_build(actor=actor, action=action, obj=obj, before=before, after=after, message=message)]
    )[0]


def record_many(*, actor: Actor, action: str, objs: Iterable[models.Model], message: str = "") -> int:
    """Append one creation entry per object in one locked append (bulk imports).

    The entries are the ones :func:`record` would write for each object, with the same snapshot,
    scope and hash; only the work is done once per batch: the grants and owner organisations of the
    batch are read in one query each, the values that every entry shares are converted once, each
    snapshot is encoded to JSON once, and the entries go in with one ``executemany``."""
    objs = list(objs)
    if not objs:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the transaction of the change")
    shared = [o for o in objs if isinstance(o, SharedRecord)]
    grants: dict[Any, list[str]] = {}
    for model in {type(o) for o in shared}:
        grants.update(shared_with_many([o for o in shared if type(o) is model]))
    if shared:  # one query for the batch's owners instead of one per entry's scope
        owner_field: Any = type(shared[0])._meta.get_field("owner_org")
        owner_ids = {o.owner_org_id for o in shared}
        owners = {org.pk: org for org in owner_field.related_model._default_manager.filter(pk__in=owner_ids)}
        for o in shared:
            owner_field.set_cached_value(o, owners[o.owner_org_id])
    batch = _Batch(actor=actor, action=action, message=message)
    entries: list[tuple[models.Model, str, Scope]] = []
    for obj in objs:
        after, after_json = batch.snapshot(obj, grants)
        entries.append((obj, after_json, _scope_of(obj, None, after)))
    batch.append(entries)
    return len(entries)


_AS_IS = frozenset({str, int, float, bool, type(None)})
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_encode_string = json.encoder.encode_basestring  # what _ENCODER writes for a string (ensure_ascii off)
_ORDERED_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)  # for dicts built in key order


class _Converters(dict):
    """``_jsonable`` for one value, looked up by its exact type; other types go to ``_jsonable``."""

    def __missing__(self, key: type) -> Any:
        return _jsonable


_CONVERT = _Converters(
    {
        uuid.UUID: str,
        dt.datetime: dt.datetime.isoformat,
        dt.date: dt.date.isoformat,
        dt.time: dt.time.isoformat,
        decimal.Decimal: str,
    }
)


_SCALAR_FIELDS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "BigIntegerField",
        "IntegerField",
        "SmallIntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "BooleanField",
        "CharField",
        "SlugField",
        "TextField",
        "EmailField",
        "URLField",
        "GenericIPAddressField",
        "UUIDField",
        "DateTimeField",
        "DateField",
        "TimeField",
        "DecimalField",
        "FloatField",
    }
)


def _target_type(field: models.Field) -> str:
    kind = field.get_internal_type()
    if kind in {"ForeignKey", "OneToOneField"}:
        return field.target_field.get_internal_type()  # type: ignore[attr-defined]
    return kind


class _Plan:
    """How :class:`_Batch` snapshots instances of one model: the fields :func:`snapshot` records,
    read with one ``attrgetter``, then put in the sorted order of the snapshot's keys."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = [f for f in model._meta.concrete_fields if f.name not in {"password"}]
        names = [f.attname for f in fields]
        self.values = operator.attrgetter(*names) if len(names) > 1 else (lambda o: (getattr(o, names[0]),))
        self.shared = issubclass(model, SharedRecord)
        self.fast = not model._meta.many_to_many  # many-to-many ids need a query per object
        # only scalar columns: no dict whose keys canonical() would sort inside the snapshot
        self.scalar = all(_target_type(f) in _SCALAR_FIELDS for f in fields)
        self.content_type = ContentType.objects.get_for_model(model)
        keys = [*names, "shared_with"] if self.shared else names  # the grants come last in values
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self.keys = [keys[i] for i in order]
        self.in_key_order = operator.itemgetter(*order) if len(order) > 1 else (lambda v: (v[0],))


_ROW_COLUMNS = (*HASHED_FIELDS, "hash")  # the columns of a batch insert, in this order


class _Batch:
    """The entries of one :func:`record_many` call, built as plain values.

    ``hash`` is computed over the same JSON that :func:`_entry_hash` builds from a stored entry
    (``verify`` recomputes it from the row), so the chain is the one :func:`record` writes."""

    def __init__(self, *, actor: Actor, action: str, message: str) -> None:
        self.connection = transaction.get_connection()
        self.hex_uuids = not self.connection.features.has_native_uuid_field
        self.time = timezone.now()
        self.actor = actor
        self.action = action
        self.message = message
        self.request_id = current_request_id()
        self._plans: dict[type, _Plan] = {}
        self._object_id_field = AuditEntry._meta.get_field("object_id")

    def _plan(self, model: type[models.Model]) -> _Plan:
        plan = self._plans.get(model)
        if plan is None:
            plan = self._plans[model] = _Plan(model)
        return plan

    def snapshot(self, obj: models.Model, grants: dict[Any, list[str]]) -> tuple[dict[str, Any], str]:
        """What :func:`snapshot` returns for ``obj`` and its ``canonical`` JSON, without a query
        per object."""
        plan = self._plan(type(obj))
        if not plan.fast or obj.pk is None:
            data = snapshot(obj, grants=grants.get(obj.pk) if isinstance(obj, SharedRecord) else None)
            return data, _ENCODER.encode(data)
        values = [v if type(v) in _AS_IS else _CONVERT[type(v)](v) for v in plan.values(obj)]
        if isinstance(obj, SharedRecord):
            found = grants.get(obj.pk)
            values.append(found if found is not None else shared_with(obj))
        data = dict(zip(plan.keys, plan.in_key_order(values), strict=True))
        # keys in sorted order already and every value a scalar or a list of strings: no sorting left
        return data, (_ORDERED_ENCODER if plan.scalar else _ENCODER).encode(data)

    def _db_uuid(self, value: uuid.UUID | None) -> Any:
        if value is None or not self.hex_uuids:
            return value
        return value.hex

    def append(self, entries: list[tuple[models.Model, str, Scope]]) -> None:
        actor = self.actor
        actor_id, actor_org_id = actor.user_id, actor.org_id
        actor_name, actor_org_name = actor.name[:200], actor.org_name[:200]
        time = self.time
        shared = {  # the hashed values every entry of the batch shares, as JSON-ready data
            "time": time.isoformat(),
            "actor_id": str(actor_id) if actor_id is not None else None,
            "actor_name": actor_name,
            "actor_org_id": str(actor_org_id) if actor_org_id is not None else None,
            "actor_org_name": actor_org_name,
            "request_id": self.request_id,
            "action": self.action,
            "before_json": "",
            "message": self.message,
        }
        db_time = self.connection.ops.adapt_datetimefield_value(time)
        db_actor_id, db_actor_org_id = self._db_uuid(actor_id), self._db_uuid(actor_org_id)
        payload = _Payload(shared)
        head = _lock_head()
        seq, prev = head.seq, head.hash
        rows = []
        for obj, after_json, scope in entries:
            ct = self._plan(type(obj)).content_type
            seq += 1
            object_id = obj.pk
            object_repr = str(obj)[:300]
            owner = scope.owner_org_id
            text = payload.encode(
                {
                    "seq": seq,
                    "object_type": obj._meta.label_lower,
                    "object_ct_id": ct.pk,
                    "object_id": _jsonable(object_id) if object_id is not None else None,
                    "object_repr": object_repr,
                    "after_json": after_json,
                    "scope_owner_org_id": str(owner) if owner is not None else None,
                    "scope_community": scope.community,
                    "scope_releasability": scope.releasability,
                    "scope_protected": scope.protected,
                    "prev_hash": prev,
                }
            )
            digest = hashlib.sha256(text.encode()).hexdigest()
            rows.append(
                (
                    seq,
                    db_time,
                    db_actor_id,
                    actor_name,
                    db_actor_org_id,
                    actor_org_name,
                    self.request_id,
                    self.action,
                    obj._meta.label_lower,
                    ct.pk,
                    self._db_uuid(object_id)
                    if type(object_id) is uuid.UUID
                    else self._object_id_field.get_db_prep_value(object_id, self.connection),
                    object_repr,
                    "",
                    after_json,
                    self.message,
                    self._db_uuid(owner),
                    scope.community,
                    scope.releasability,
                    scope.protected,
                    prev,
                    digest,
                )
            )
            prev = digest
        insert_rows(AuditEntry, _ROW_COLUMNS, [v for r in rows for v in r])
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])


class _Payload:
    """``canonical()`` of an entry's hashed fields when most of them are the same for a batch.

    The shared values are encoded once, into a template with a marker for each value of its own;
    an entry's JSON is the template with each marker replaced by that value's JSON. The result is
    what ``canonical`` gives for the whole dict (same key order, same encoder), which the audit
    tests check through ``verify``."""

    def __init__(self, shared: dict[str, Any]) -> None:
        own = [name for name in HASHED_FIELDS if name not in shared]
        markers = {name: f"\x00{name}\x00" for name in own}
        template = canonical({**shared, **markers})
        self.shared = shared
        self.names: list[str] = []
        self.pieces: list[str] = []
        # a shared value that happened to hold a marker would make the template ambiguous
        self.exact = all(template.count(_ENCODER.encode(m)) == 1 for m in markers.values())
        if not self.exact:
            return
        for name, marker in sorted(markers.items(), key=lambda m: template.index(_ENCODER.encode(m[1]))):
            encoded = _ENCODER.encode(marker)
            before, template = template.split(encoded, 1)
            self.pieces.append(before)
            self.names.append(name)
        self.pieces.append(template)

    def encode(self, values: dict[str, Any]) -> str:
        if not self.exact:
            return canonical({**self.shared, **values})
        parts = [self.pieces[0]]
        for name, piece in zip(self.names, self.pieces[1:], strict=True):
            parts.append(_scalar_json(values[name]))
            parts.append(piece)
        return "".join(parts)


def _scalar_json(value: Any) -> str:
    """The JSON of a string, whole number, boolean or None, as the canonical encoder writes it."""
    if type(value) is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return _ENCODER.encode(value)


def record_reads(*, actor: Actor, objs: Iterable[models.Model], action: str = "read") -> int:
    """Log reads or exports of protected records (BRIEF §3: reads of sensitive records are traced)."""
    protected = [o for o in objs if getattr(o, "protected", False)]
    if not protected or actor.is_system:
        return 0
    with transaction.atomic():
        entries = [
            _build(
                actor=actor,
                action=f"{o._meta.label_lower}.{action}",
                obj=o,
                before=None,
                after=None,
                message=f"protected record {action}",
            )
            for o in protected
        ]
        for e in entries:  # a read is visible to the owner organisation only
            e.scope_releasability, e.scope_protected = Releasability.ORG, True
        _append(entries)
    return len(entries)


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"audit entry #{self.seq}" if self.seq is not None else "audit trail"
        return f"{where}: {self.reason}"


def verify(batch: int = 2000) -> tuple[int, Problem | None]:
    """Walk the chain in order; return (entries checked, first problem or None)."""
    expected_seq, prev, checked = 1, GENESIS, 0
    entries: Iterator[AuditEntry] = AuditEntry.objects.order_by("seq").iterator(chunk_size=batch)
    for entry in entries:
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                return checked, Problem(expected_seq, f"is missing (deleted); the next entry is #{entry.seq}")
            return checked, Problem(entry.seq, "appears out of order")
        if entry.prev_hash != prev:
            return checked, Problem(entry.seq, "does not follow the previous entry (reordered or replaced)")
        if _entry_hash(entry) != entry.hash:
            return checked, Problem(entry.seq, f"content does not match its hash (edited): {entry.action}")
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != prev):
        if head.seq > checked:
            return checked, Problem(checked + 1, f"is missing: the chain recorded {head.seq} entries")
        return checked, Problem(None, "the chain head does not match the last entry")
    if head is None and checked:
        return checked, Problem(None, "the chain head is missing")
    return checked, None
