"""Writes of evidence: upload (hashing the untouched original as it streams in), link, working
copies, custody handovers, and integrity checks. The chain of custody is append-only: this module
only ever adds entries, and no service or endpoint changes or deletes one."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.audit import canonical
from cmcc.core.errors import PermissionDenied, ValidationFailed

from ..common import clean, text_required
from ..intake.services import DEFAULT_RELEASABILITY, DEFAULT_SHARED_WITH, _cell, _cell_must_see
from ..vocab import CustodyAction, EvidenceKind, Integrity
from . import selectors, storage
from .models import CustodyEvent, Evidence

GENESIS = "0" * 64
SHA256 = re.compile(r"^[0-9a-f]{64}$")
CUSTODY_FIELDS = (
    "evidence_id",
    "seq",
    "action",
    "at",
    "actor_name",
    "actor_org_id",
    "from_custodian",
    "to_custodian",
    "sha256_before",
    "sha256_after",
    "note",
    "prev_hash",
)


# -- the chain of custody ------------------------------------------------------------------------


def custody_hash(event: CustodyEvent) -> str:
    payload = canonical({name: getattr(event, name) for name in CUSTODY_FIELDS})
    return hashlib.sha256(payload.encode()).hexdigest()


def _custody(evidence: Evidence, action: str, actor: Actor, **fields: Any) -> CustodyEvent:
    """Append one entry to an item's chain (the evidence row is locked by the caller's update)."""
    Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    last = selectors.last_custody(evidence)
    event = CustodyEvent(
        evidence=evidence,
        seq=(last.seq + 1) if last else 1,
        action=action,
        at=timezone.now(),
        actor_name=actor.name[:200],
        actor_org_id=actor.org_id,
        prev_hash=last.hash if last else GENESIS,
        **fields,
    )
    event.hash = custody_hash(event)
    event.save()
    return event


def custody_problems(events: Iterable[CustodyEvent]) -> list[str]:
    """What is wrong with a chain of custody: a missing, reordered or edited entry."""
    problems = []
    prev, expected = GENESIS, 1
    for event in events:
        if event.seq != expected:
            problems.append(f"entry {expected} is missing (next is {event.seq})")
        if event.prev_hash != prev:
            problems.append(f"entry {event.seq} does not follow the previous one")
        if custody_hash(event) != event.hash:
            problems.append(f"entry {event.seq} was changed after it was written")
        prev, expected = event.hash, event.seq + 1
    return problems


def _custodian(actor: Actor) -> str:
    return f"{actor.name} ({actor.org_name})" if actor.org_name else actor.name


# -- adding evidence -----------------------------------------------------------------------------


def _attachable(actor: Actor, incident, report) -> None:
    if incident is None and report is None:
        raise ValidationFailed({"incident_id": "Attach the evidence to a report or an incident."})
    for field, obj in (("incident_id", incident), ("report_id", report)):
        if obj is not None and not access.is_visible(actor, obj):
            raise ValidationFailed({field: "Unknown or not visible to you."})


def _owner(actor: Actor, owner_org_id):
    if actor.is_system:
        return owner_org_id or _cell().pk
    return actor.org_id


def _new(actor: Actor, evidence: Evidence, sharing_in: dict) -> Evidence:
    sharing.apply_sharing(evidence, **sharing_in)
    _cell_must_see(evidence, _cell())
    clean(evidence)
    evidence.save()
    sharing.save_shares(evidence)
    access.ensure_visible_after_write(actor, evidence)
    return evidence


def _capture_note(evidence: Evidence) -> str:
    parts = []
    if evidence.captured_by:
        parts.append(f"captured by {evidence.captured_by}")
    if evidence.captured_at:
        parts.append(f"at {evidence.captured_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC")
    if evidence.capture_tool:
        parts.append(f"with {evidence.capture_tool}")
    if evidence.url:
        parts.append(f"from {evidence.url}")
    return ", ".join(parts)


@transaction.atomic
def evidence_upload(
    *,
    actor: Actor,
    file: Any,
    title: str,
    incident=None,
    report=None,
    filename: str = "",
    description: str = "",
    url: str = "",
    captured_at: dt.datetime | None = None,
    captured_by: str = "",
    capture_tool: str = "",
    geolocation: str = "",
    releasability: str = DEFAULT_RELEASABILITY,
    shared_with: Iterable[str] = DEFAULT_SHARED_WITH,
    protected: bool = False,
    owner_org_id=None,
) -> Evidence:
    """Store an original file untouched, with the SHA-256 computed as it streams in."""
    access.require(actor, Action.CREATE)
    _attachable(actor, incident, report)
    name = (filename or getattr(file, "name", "") or "upload").rsplit("/", 1)[-1][:255]
    sha256, size, content_type = storage.inspect(file, name)
    stored = storage.store(file, sha256)
    evidence = Evidence(
        owner_org_id=_owner(actor, owner_org_id),
        kind=EvidenceKind.FILE,
        incident=incident,
        report=report,
        title=text_required(title, "title", "A title")[:200],
        description=description.strip(),
        url=url.strip(),
        captured_at=captured_at,
        captured_by=captured_by.strip()[:200],
        capture_tool=capture_tool.strip()[:200],
        geolocation=geolocation.strip()[:300],
        sha256=sha256,
        size=size,
        content_type=content_type,
        filename=name,
        storage_name=stored,
        integrity=Integrity.INTACT,
        checked_at=timezone.now(),
    )
    _new(
        actor, evidence, {"releasability": releasability, "shared_with": shared_with, "protected": protected}
    )
    if _capture_note(evidence):
        _custody(
            evidence,
            CustodyAction.COLLECTED,
            actor,
            to_custodian=evidence.captured_by,
            note=_capture_note(evidence),
        )
    _custody(
        evidence,
        CustodyAction.UPLOADED,
        actor,
        from_custodian=evidence.captured_by,
        to_custodian=_custodian(actor),
        sha256_after=sha256,
        note=f"original stored: {name}, {size} bytes, {content_type}",
    )
    audit.record(actor=actor, action="compliance.evidence.uploaded", obj=evidence, message=f"sha256 {sha256}")
    return evidence


@transaction.atomic
def evidence_link(
    *,
    actor: Actor,
    url: str,
    title: str,
    incident=None,
    report=None,
    sha256: str = "",
    description: str = "",
    captured_at: dt.datetime | None = None,
    captured_by: str = "",
    capture_tool: str = "",
    geolocation: str = "",
    releasability: str = DEFAULT_RELEASABILITY,
    shared_with: Iterable[str] = DEFAULT_SHARED_WITH,
    protected: bool = False,
    owner_org_id=None,
) -> Evidence:
    """Record a link (a post, a page, a video online), with the hash of a capture if one was made."""
    access.require(actor, Action.CREATE)
    _attachable(actor, incident, report)
    sha256 = (sha256 or "").strip().lower()
    if sha256 and not SHA256.match(sha256):
        raise ValidationFailed({"sha256": "A SHA-256 is 64 hexadecimal characters."})
    evidence = Evidence(
        owner_org_id=_owner(actor, owner_org_id),
        kind=EvidenceKind.LINK,
        incident=incident,
        report=report,
        title=text_required(title, "title", "A title")[:200],
        url=text_required(url, "url", "A URL"),
        sha256=sha256,
        description=description.strip(),
        captured_at=captured_at,
        captured_by=captured_by.strip()[:200],
        capture_tool=capture_tool.strip()[:200],
        geolocation=geolocation.strip()[:300],
    )
    _new(
        actor, evidence, {"releasability": releasability, "shared_with": shared_with, "protected": protected}
    )
    _custody(
        evidence,
        CustodyAction.LINKED,
        actor,
        to_custodian=_custodian(actor),
        sha256_after=sha256,
        note=_capture_note(evidence) or f"link {evidence.url}",
    )
    audit.record(actor=actor, action="compliance.evidence.linked", obj=evidence, message=evidence.url)
    return evidence


@transaction.atomic
def evidence_copy(
    *,
    actor: Actor,
    original: Evidence,
    file: Any,
    note: str,
    title: str = "",
    filename: str = "",
    capture_tool: str = "",
) -> Evidence:
    """Add a working copy (cropped, enhanced, translated, redacted…) that points to its original;
    the original stays untouched and both chains of custody record the copy."""
    access.require(actor, Action.CREATE, original)
    note = text_required(note, "note", "What was done to make the copy")
    root = original.original or original
    if root.kind != EvidenceKind.FILE:
        raise ValidationFailed({"original_id": "Working copies are made of stored files."})
    name = (filename or getattr(file, "name", "") or "copy").rsplit("/", 1)[-1][:255]
    sha256, size, content_type = storage.inspect(file, name)
    stored = storage.store(file, sha256)
    copy = Evidence(
        owner_org_id=_owner(actor, None),
        kind=EvidenceKind.FILE,
        incident=root.incident,
        report=root.report,
        original=root,
        title=(title.strip() or f"Working copy of {root.title}")[:200],
        description=note,
        capture_tool=capture_tool.strip()[:200],
        sha256=sha256,
        size=size,
        content_type=content_type,
        filename=name,
        storage_name=stored,
        integrity=Integrity.INTACT,
        checked_at=timezone.now(),
    )
    inherited = {
        "releasability": root.releasability,
        "protected": root.protected,
        "shared_with": sharing.shared_with(root),
    }
    _new(actor, copy, inherited)
    _custody(
        copy,
        CustodyAction.DERIVED,
        actor,
        to_custodian=_custodian(actor),
        sha256_before=root.sha256,
        sha256_after=sha256,
        note=f"working copy of {root.sha256[:12]}…: {note}",
    )
    _custody(
        root,
        CustodyAction.COPIED,
        actor,
        sha256_before=root.sha256,
        sha256_after=sha256,
        note=f"working copy {copy.pk} made ({note}); this original unchanged",
    )
    audit.record(actor=actor, action="compliance.evidence.copied", obj=copy, message=note)
    return copy


@transaction.atomic
def evidence_transfer(*, actor: Actor, evidence: Evidence, to_custodian: str, note: str = "") -> CustodyEvent:
    """Record a handover of the item (or of the physical medium it came on) to a new custodian."""
    access.require(actor, Action.EDIT, evidence)
    to_custodian = text_required(to_custodian, "to_custodian", "The new custodian")
    last = selectors.last_custody(evidence)
    event = _custody(
        evidence,
        CustodyAction.TRANSFERRED,
        actor,
        from_custodian=(last.to_custodian if last else "") or _custodian(actor),
        to_custodian=to_custodian[:200],
        sha256_before=evidence.sha256,
        sha256_after=evidence.sha256,
        note=note.strip(),
    )
    audit.record(
        actor=actor, action="compliance.evidence.transferred", obj=evidence, message=f"to {to_custodian}"
    )
    return event


@transaction.atomic
def evidence_accessed(*, actor: Actor, evidence: Evidence) -> None:
    """Record that someone downloaded the original (every copy of the original is documented)."""
    access.require(actor, Action.VIEW, evidence)
    _custody(
        evidence, CustodyAction.ACCESSED, actor, to_custodian=_custodian(actor), sha256_before=evidence.sha256
    )
    audit.record_reads(actor=actor, objs=[evidence], action="downloaded")


# -- integrity -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    evidence_id: str
    title: str
    status: str
    expected: str
    found: str | None
    custody: list[str]

    @property
    def ok(self) -> bool:
        return self.status == Integrity.INTACT and not self.custody

    def __str__(self) -> str:
        if self.status == Integrity.MISSING:
            what = "file missing"
        elif self.status == Integrity.TAMPERED:
            what = f"TAMPERED: expected {self.expected}, found {self.found}"
        else:
            what = "intact"
        chain = f"; custody chain: {'; '.join(self.custody)}" if self.custody else ""
        return f"{self.evidence_id} {self.title}: {what}{chain}"


@transaction.atomic
def evidence_verify(*, actor: Actor, items: Iterable[Evidence] | None = None) -> list[Check]:
    """Re-hash stored originals and working copies and check each chain of custody. A change of
    result is recorded in the item's chain of custody and the audit trail."""
    if not actor.is_system:
        access.require(actor, Action.VERIFY)
        if not actor.active_member:
            raise PermissionDenied("Your organisation is not an active member of the centre.")
    results = []
    for evidence in items if items is not None else selectors.stored_files(actor=actor):
        if evidence.kind != EvidenceKind.FILE:
            continue
        found = storage.rehash(evidence.storage_name)
        status = (
            Integrity.MISSING
            if found is None
            else Integrity.INTACT
            if found == evidence.sha256
            else Integrity.TAMPERED
        )
        chain = custody_problems(
            selectors.custody(actor=access.system_actor("compliance"), evidence=evidence)
        )
        results.append(Check(str(evidence.pk), evidence.title, status, evidence.sha256, found, chain))
        if status != evidence.integrity:
            before = audit.snapshot(evidence)
            action = CustodyAction.VERIFIED if status == Integrity.INTACT else CustodyAction.TAMPER_DETECTED
            _custody(
                evidence,
                action,
                actor,
                sha256_before=evidence.sha256,
                sha256_after=found or "",
                note="stored file matches its hash"
                if status == Integrity.INTACT
                else f"integrity check: {status}",
            )
            evidence.integrity, evidence.checked_at = status, timezone.now()
            evidence.save(update_fields=["integrity", "checked_at", "updated_at"])
            audit.record(
                actor=actor,
                action=f"compliance.evidence.{status}",
                obj=evidence,
                before=before,
                message=str(results[-1]),
            )
    return results
