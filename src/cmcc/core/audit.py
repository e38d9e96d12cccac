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

    The grants and owner organisations of the whole batch are read once, not per object."""
    objs = list(objs)
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
    entries = [
        _build(
            actor=actor,
            action=action,
            obj=o,
            before=None,
            after=snapshot(o, grants=grants.get(o.pk)),
            message=message,
        )
        for o in objs
    ]
    _append(entries)
    return len(entries)


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
