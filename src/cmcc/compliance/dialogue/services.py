"""Writes of the right of reply and of publication.

Putting an incident to a party creates a :class:`Thread`: a record owned by the cell and released
``named`` to that party alone, carrying only the fields the analyst chose to put to it. The party
sees the thread through the ordinary sharing rules and never the internal incident. Publication
creates a separate :class:`PublicFinding`, released ``public``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Community, Releasability
from cmcc.core.errors import Conflict, PermissionDenied, ValidationFailed

from .. import rules
from ..common import require_cell, text_required
from ..incidents.models import Incident
from ..incidents.services import _lock, _step
from ..vocab import Side, Status, ThreadStatus
from . import selectors
from .models import Message, PublicFinding, Thread


@transaction.atomic
def thread_open(
    *,
    actor: Actor,
    incident: Incident,
    party_org,
    summary: str,
    question: str = "",
    title: str = "",
    place_name: str | None = None,
    occurred_on: dt.date | None = None,
) -> Thread:
    """Put an incident to a party: open its thread with the fields released to that party."""
    require_cell(actor, Action.VERIFY, incident)
    if incident.status == Status.MERGED:
        raise Conflict(f"Incident {incident.reference} was merged into another incident; put that one.")
    if party_org.community != Community.PARTY or party_org.membership_status != "active":
        raise ValidationFailed({"party_org_id": "Choose an active organisation of a party to the ceasefire."})
    if (
        selectors.thread_list(
            actor=access.system_actor("compliance"), incident=incident, party_org_id=party_org.pk
        )
        .filter(incident=incident)
        .exists()
    ):
        raise Conflict(
            f"Incident {incident.reference} was already put to {party_org.name}; write in that thread."
        )
    thread = Thread(
        owner_org_id=incident.owner_org_id,
        incident=incident,
        party_org=party_org,
        reference=incident.reference,
        title=(title.strip() or incident.title)[:200],
        category=incident.category,
        occurred_on=occurred_on or incident.occurred_at.date(),
        time_precision=incident.time_precision,
        place_name=(
            incident.place_name or incident.governorate if place_name is None else place_name.strip()
        )[:200],
        summary=text_required(summary, "summary", "What is put to the party"),
        question=question.strip(),
        put_by=actor.name,
    )
    sharing.apply_sharing(
        thread, releasability=Releasability.NAMED, protected=False, shared_with=[str(party_org.pk)]
    )
    thread.full_clean(exclude=["owner_org"], validate_constraints=False)
    thread.save()
    sharing.save_shares(thread)
    if thread.question:
        Message.objects.create(
            thread=thread,
            side=Side.CENTRE,
            text=thread.question,
            author_name=actor.name,
            author_org_id=actor.org_id,
        )
    _step(incident, actor, "put_to_party", incident.status, f"put to {party_org.name}")
    audit.record(
        actor=actor, action="compliance.thread.opened", obj=thread, message=f"put to {party_org.name}"
    )
    audit.record(
        actor=actor,
        action="compliance.incident.put_to_party",
        obj=incident,
        before=None,
        message=party_org.name,
    )
    return thread


@transaction.atomic
def thread_post(*, actor: Actor, thread: Thread, text: str, side: str | None = None) -> Message:
    """Write in a thread: the party answers (its members), the cell asks (analysts). The party's
    answers are part of the incident's record."""
    access.require(actor, Action.VIEW, thread)
    if actor.is_system:
        side = side or Side.CENTRE
    elif actor.org_id == thread.party_org_id:
        access.require(actor, Action.CREATE)
        side = Side.PARTY
    elif actor.org_id == thread.owner_org_id:
        access.require(actor, Action.VERIFY)
        side = Side.CENTRE
    else:
        raise PermissionDenied(
            "Only the party this incident was put to and the verification cell write here."
        )
    text = text_required(text, "text", "The message")
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.status == ThreadStatus.CLOSED:
        raise Conflict("This thread is closed.")
    before = audit.snapshot(thread)
    message = Message.objects.create(
        thread=thread, side=side, text=text, author_name=actor.name, author_org_id=actor.org_id
    )
    thread.status = ThreadStatus.ANSWERED if side == Side.PARTY else ThreadStatus.OPEN
    thread.save(update_fields=["status", "updated_at"])
    action = "compliance.thread.answered" if side == Side.PARTY else "compliance.thread.asked"
    audit.record(actor=actor, action=action, obj=thread, before=before, message=text)
    return message


@transaction.atomic
def thread_close(*, actor: Actor, thread: Thread, reason: str = "") -> Thread:
    require_cell(actor, Action.VERIFY, thread)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.status == ThreadStatus.CLOSED:
        raise Conflict("This thread is already closed.")
    before = audit.snapshot(thread)
    thread.status = ThreadStatus.CLOSED
    thread.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action="compliance.thread.closed", obj=thread, before=before, message=reason.strip()
    )
    return thread


def replies_summary(incident: Incident) -> str:
    """Who was consulted and whether they replied, for the public finding."""
    system = access.system_actor("compliance")
    threads = list(selectors.thread_list(actor=system, incident=incident))
    messages = selectors.messages_for(actor=system, threads=threads)
    lines = []
    for t in sorted(threads, key=lambda t: t.party_org.name):
        answers = [m for m in messages[t.pk] if m.side == Side.PARTY]
        if answers:
            lines.append(f"{t.party_org.name}: replied on {answers[0].created_at:%Y-%m-%d}.")
        else:
            lines.append(f"{t.party_org.name}: consulted on {t.created_at:%Y-%m-%d}; no reply.")
    return "\n".join(lines)


def _public_point(incident: Incident) -> tuple[float | None, float | None]:
    """Published coordinates are rounded to about a kilometre."""
    if incident.lat is None or incident.lon is None:
        return None, None
    return round(incident.lat, 2), round(incident.lon, 2)


@transaction.atomic
def incident_publish(
    *, actor: Actor, incident: Incident, version: int, summary: str, title: str = "", reason: str = ""
) -> PublicFinding:
    """The publish step (``decide``): create the public finding, separate from the internal
    findings, and move the incident to 'published'. A new publication supersedes the last one."""
    require_cell(actor, rules.gate(rules.Event.PUBLISH), incident)
    summary = text_required(summary, "summary", "The public wording of the finding")
    locked = _lock(incident, version, actor)
    status_before = locked.status
    new_status = rules.INCIDENT.next(locked.status, rules.Event.PUBLISH)
    if not locked.determination:
        raise Conflict("Determine the incident before publishing a finding.")
    before = audit.snapshot(locked)
    lat, lon = _public_point(locked)
    finding = PublicFinding(
        owner_org_id=locked.owner_org_id,
        incident=locked,
        reference=locked.reference,
        title=(title.strip() or locked.title)[:200],
        category=locked.category,
        occurred_on=locked.occurred_at.date(),
        time_precision=locked.time_precision,
        place_name=locked.place_name,
        governorate=locked.governorate,
        lat=lat,
        lon=lon,
        determination=locked.determination,
        attribution=locked.attribution,
        attributed_to=locked.attributed_to,
        summary=summary,
        parties_replied=replies_summary(locked),
        independent_origins=locked.origin_count,
        published_at=timezone.now(),
    )
    sharing.apply_sharing(finding, releasability=Releasability.PUBLIC, protected=False, shared_with=[])
    finding.save()
    for previous in selectors.public_finding_list(
        actor=access.system_actor("compliance"), incident=locked
    ).exclude(pk=finding.pk):
        previous.superseded_by = finding
        previous.save(update_fields=["superseded_by", "updated_at"])
    locked.status = new_status
    locked.version += 1
    locked.save()
    _step(locked, actor, rules.Event.PUBLISH, status_before, reason.strip() or "published")
    audit.record(actor=actor, action="compliance.finding.published", obj=finding, message=locked.reference)
    audit.record(
        actor=actor, action="compliance.incident.publish", obj=locked, before=before, message=reason.strip()
    )
    return finding
