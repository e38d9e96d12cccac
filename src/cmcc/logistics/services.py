"""Writes for the aid delivery pipeline. Every function checks access, validates (422 with the
field and the reason), writes, re-checks visibility and records the audit entry, all in one
transaction. Status changes only here, along ``rules.CONSIGNMENT``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from cmcc.core import access, audit, sharing
from cmcc.core.access import Action, Actor
from cmcc.core.choices import Community, Releasability
from cmcc.core.errors import Conflict, PermissionDenied, ValidationFailed

from . import rules
from .checks import SHARING_FIELDS
from .checks import choice as _choice
from .checks import clean as _clean
from .checks import owner_id as _owner_id
from .checks import text as _text
from .checks import when as _when
from .choices import (
    Channel,
    Decision,
    Event,
    Interception,
    LineClearance,
    LineInspection,
    OriginHub,
    RequestKind,
    RequestStatus,
    Status,
    Unit,
)
from .models import (
    ClearanceLine,
    ClearanceRequest,
    Consignment,
    ConsignmentEvent,
    ConsignmentLine,
    Corridor,
    Crossing,
    Figure,
    Item,
    ItemClassification,
    RejectionReason,
    Sector,
    Truck,
)
from .reference.services import (  # noqa: F401 (one entry point for every write)
    crossing_capacity_record,
    crossing_status_record,
    item_classify,
    item_create,
    target_revise,
)

# -- consignments --------------------------------------------------------------------------------


def _classification_in_force(item: Item | None, day: dt.date) -> ItemClassification | None:
    if item is None:
        return None
    return ItemClassification.objects.filter(item=item, effective_from__lte=day).order_by("-version").first()


def _build_lines(consignment: Consignment, lines: Sequence[dict], day: dt.date) -> list[ConsignmentLine]:
    """Validate line dicts (``item``, ``description``, ``sector``, ``quantity``, ``unit``, …)."""
    if len(lines) > 500:
        raise ValidationFailed({"lines": "At most 500 lines per consignment."})
    sectors = set(Sector.objects.values_list("code", flat=True))
    built = []
    for i, data in enumerate(lines, start=1):
        where = f"lines[{i - 1}]"
        item = data.get("item")
        sector = data.get("sector") or (item.sector_id if item else "")
        if sector not in sectors:
            raise ValidationFailed({f"{where}.sector": f"Unknown sector code {sector!r}."})
        description = (data.get("description") or (item.name if item else "")).strip()
        if not description:
            raise ValidationFailed({f"{where}.description": "Describe the goods or choose a catalogue item."})
        quantity = data.get("quantity")
        if quantity is None or quantity <= 0:
            raise ValidationFailed({f"{where}.quantity": "Must be more than zero."})
        unit = data.get("unit") or (item.default_unit if item else "")
        if unit not in Unit.values:
            raise ValidationFailed({f"{where}.unit": f"Must be one of: {', '.join(Unit.values)}."})
        weight = data.get("weight_kg")
        if weight is None and item is not None and item.unit_weight_kg is not None:
            weight = item.unit_weight_kg * quantity
        for field in ("weight_kg", "volume_m3", "pallets"):
            value = weight if field == "weight_kg" else data.get(field)
            if value is not None and value < 0:
                raise ValidationFailed({f"{where}.{field}": "Cannot be negative."})
        classification = _classification_in_force(item, day)
        built.append(
            ConsignmentLine(
                consignment=consignment,
                line_no=i,
                item=item,
                classification=classification,
                description=description[:300],
                sector_id=sector,
                hs_code=(data.get("hs_code") or (item.hs_code if item else ""))[:12],
                quantity=float(quantity),
                unit=unit,
                weight_kg=float(weight or 0),
                volume_m3=data.get("volume_m3"),
                pallets=int(data.get("pallets") or 0),
                cold_chain=bool(data.get("cold_chain", item.cold_chain if item else False)),
                dangerous_goods=bool(data.get("dangerous_goods", item.dangerous_goods if item else False)),
                dual_use=bool(classification and (classification.dual_use or classification.restricted)),
            )
        )
    return built


def _set_totals(consignment: Consignment, lines: Sequence[ConsignmentLine]) -> None:
    consignment.total_weight_kg = sum(line.weight_kg for line in lines)
    consignment.total_pallets = sum(line.pallets for line in lines)
    consignment.line_count = len(lines)
    consignment.sector_id = rules.main_sector((ln.sector_id, ln.weight_kg, ln.quantity) for ln in lines)


def _check_links(
    *,
    corridor: Corridor | None,
    planned_crossing: Crossing | None,
    channel: str,
    origin_hub: str,
    trucks: int,
) -> None:
    _choice("channel", channel, Channel)
    _choice("origin_hub", origin_hub, OriginHub, blank=True)
    if trucks is None or trucks < 0:
        raise ValidationFailed({"trucks": "Cannot be negative."})
    if corridor is not None and not isinstance(corridor, Corridor):
        raise ValidationFailed({"corridor": "Unknown corridor."})
    if planned_crossing is not None and not isinstance(planned_crossing, Crossing):
        raise ValidationFailed({"planned_crossing": "Unknown crossing."})


def _new_reference(day: dt.date) -> str:
    return f"C-{day:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}"


def _record_event(
    actor: Actor,
    consignment: Consignment,
    event: str,
    *,
    occurred_at: dt.datetime,
    note: str = "",
    crossing: Crossing | None = None,
    detail: dict | None = None,
) -> ConsignmentEvent:
    """Move ``consignment`` along the table, set its stage timestamps, and log the event."""
    before_status = consignment.status
    consignment.status = rules.CONSIGNMENT.next(consignment.status, event)
    column = rules.FIRST_STAMPS.get(event)
    if column and getattr(consignment, column) is None:
        setattr(consignment, column, occurred_at)
    column = rules.LATEST_STAMPS.get(event)
    if column:
        setattr(consignment, column, occurred_at)
    consignment.status_changed_at = occurred_at
    consignment.first_event_at = consignment.first_event_at or occurred_at
    consignment.last_event_at = max(consignment.last_event_at or occurred_at, occurred_at)
    return ConsignmentEvent.objects.create(
        consignment=consignment,
        event=event,
        from_status=before_status,
        to_status=consignment.status,
        occurred_at=occurred_at,
        actor_name=actor.name,
        actor_org_id=actor.org_id,
        crossing=crossing,
        note=note.strip(),
        detail=detail or {},
    )


@transaction.atomic
def consignment_create(
    *,
    actor: Actor,
    sender_name: str = "",
    channel: str,
    lines: Sequence[dict] = (),
    reference: str = "",
    sender_org=None,
    consignee_org=None,
    consignee_name: str = "",
    donor_reference: str = "",
    ref_2720: str = "",
    srf_number: str = "",
    corridor: Corridor | None = None,
    origin_hub: str = "",
    planned_crossing: Crossing | None = None,
    planned_date: dt.date | None = None,
    destination: str = "",
    destination_pcode: str = "",
    trucks: int = 0,
    note: str = "",
    register: bool = True,
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id=None,
    data_source: str = "",
    occurred_at: dt.datetime | None = None,
) -> Consignment:
    """Create a consignment with its lines, as a draft or registered straight away."""
    access.require(actor, Action.CREATE)
    _check_links(
        corridor=corridor,
        planned_crossing=planned_crossing,
        channel=channel,
        origin_hub=origin_hub,
        trucks=trucks,
    )
    owner = _owner_id(actor, owner_org_id)
    today = timezone.localdate()
    reference = (reference or "").strip() or _new_reference(today)
    if Consignment.objects.filter(owner_org_id=owner, reference=reference).exists():
        raise ValidationFailed({"reference": f"Your organisation already has a consignment {reference}."})
    sender_name = (sender_name or (sender_org.name if sender_org else "")).strip()
    consignment = Consignment(
        owner_org_id=owner,
        reference=reference,
        ref_2720=ref_2720.strip(),
        srf_number=srf_number.strip(),
        sender_org=sender_org,
        sender_name=_text("sender_name", sender_name, max_length=200),
        consignee_org=consignee_org,
        consignee_name=(consignee_name or (consignee_org.name if consignee_org else "")).strip(),
        donor_reference=donor_reference.strip(),
        channel=channel,
        corridor=corridor,
        origin_hub=origin_hub,
        planned_crossing=planned_crossing,
        planned_date=planned_date,
        destination=destination.strip(),
        destination_pcode=destination_pcode.strip(),
        trucks=trucks,
        note=note.strip(),
        data_source=data_source or ("api" if not actor.is_system else "system"),
    )
    built = _build_lines(consignment, list(lines), today)
    if register and not built:
        raise ValidationFailed({"lines": "A consignment needs at least one line to be registered."})
    _set_totals(consignment, built)
    sharing.apply_sharing(
        consignment, releasability=releasability, protected=protected, shared_with=shared_with
    )
    _clean(consignment)
    consignment.save()
    sharing.save_shares(consignment)
    ConsignmentLine.objects.bulk_create(built)
    if register:
        _record_event(actor, consignment, Event.REGISTER, occurred_at=_when("occurred_at", occurred_at))
        consignment.save()
    access.ensure_visible_after_write(actor, consignment)
    audit.record(actor=actor, action="logistics.consignment.created", obj=consignment)
    return consignment


EDITABLE = {
    "reference",
    "ref_2720",
    "srf_number",
    "sender_org",
    "sender_name",
    "consignee_org",
    "consignee_name",
    "donor_reference",
    "channel",
    "corridor",
    "origin_hub",
    "planned_crossing",
    "planned_date",
    "destination",
    "destination_pcode",
    "trucks",
    "note",
}
# Fields that may still change once the consignment is under way (they do not alter what was
# requested or decided).
LATE_EDITABLE = {"note", "destination", "destination_pcode", "planned_date", "trucks", "donor_reference"}


@transaction.atomic
def consignment_update(
    *, actor: Actor, consignment: Consignment, lines: Sequence[dict] | None = None, **changes: Any
) -> Consignment:
    access.require(actor, Action.EDIT, consignment)
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    unknown = set(changes) - EDITABLE - SHARING_FIELDS
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    content = (set(changes) - SHARING_FIELDS) | ({"lines"} if lines is not None else set())
    if consignment.status not in rules.EDITABLE_STATES and content - LATE_EDITABLE:
        raise Conflict(
            f"A consignment in state '{consignment.status}' can no longer change "
            f"{', '.join(sorted(content - LATE_EDITABLE))}; "
            f"only {', '.join(sorted(LATE_EDITABLE))} and sharing."
        )
    before = audit.snapshot(consignment)
    for key, value in changes.items():
        if key not in SHARING_FIELDS:
            setattr(consignment, key, value.strip() if isinstance(value, str) else value)
    if "reference" in changes:
        if not consignment.reference:
            raise ValidationFailed({"reference": "This field is required."})
        clash = Consignment.objects.filter(
            owner_org_id=consignment.owner_org_id, reference=consignment.reference
        )
        if clash.exclude(pk=consignment.pk).exists():
            raise ValidationFailed(
                {"reference": f"Your organisation already has a consignment {consignment.reference}."}
            )
    _check_links(
        corridor=consignment.corridor,
        planned_crossing=consignment.planned_crossing,
        channel=consignment.channel,
        origin_hub=consignment.origin_hub,
        trucks=consignment.trucks,
    )
    if SHARING_FIELDS & set(changes):
        sharing.apply_sharing(
            consignment,
            releasability=changes.get("releasability", consignment.releasability),
            protected=changes.get("protected", consignment.protected),
            shared_with=changes.get("shared_with", before.get("shared_with", [])),
        )
    if lines is not None:
        built = _build_lines(consignment, list(lines), timezone.localdate())
        if consignment.status != Status.DRAFT and not built:
            raise ValidationFailed({"lines": "A registered consignment needs at least one line."})
        ConsignmentLine.objects.filter(consignment=consignment).delete()
        ConsignmentLine.objects.bulk_create(built)
        _set_totals(consignment, built)
    _clean(consignment)
    consignment.save()
    sharing.save_shares(consignment)
    access.ensure_visible_after_write(actor, consignment)
    audit.record(actor=actor, action="logistics.consignment.updated", obj=consignment, before=before)
    return consignment


def _pick(by_id: dict, by_no: dict, data: dict) -> Any:
    """The line a request body names, by ``line_id`` or by ``line_no``."""
    if data.get("line_id") is not None:
        return by_id.get(data["line_id"])
    return by_no.get(data.get("line_no"))


def _inspection_results(
    consignment: Consignment, event: str, results: Sequence[dict] | None
) -> tuple[str, dict]:
    """Apply per-line inspection results; returns the event to record (inspect or refuse)."""
    shipped = [ln for ln in consignment.lines.all() if ln.clearance != LineClearance.REJECTED]
    by_id = {ln.pk: ln for ln in shipped}
    by_no = {ln.line_no: ln for ln in shipped}
    outcome = {
        ln.pk: (LineInspection.REFUSED if event == Event.REFUSE else LineInspection.CLEARED, "")
        for ln in shipped
    }
    for i, result in enumerate(results or []):
        line = _pick(by_id, by_no, result)
        if line is None:
            raise ValidationFailed(
                {f"line_results[{i}]": "No such line on this consignment (or it was not cleared)."}
            )
        value = result.get("result")
        if value not in (LineInspection.CLEARED, LineInspection.REFUSED):
            raise ValidationFailed({f"line_results[{i}].result": "Must be 'cleared' or 'refused'."})
        if event == Event.REFUSE and value == LineInspection.CLEARED:
            raise ValidationFailed(
                {f"line_results[{i}].result": "'refuse' returns every line; use 'inspect'."}
            )
        outcome[line.pk] = (value, (result.get("note") or "").strip()[:300])
    for line in shipped:
        line.inspection, line.inspection_note = outcome[line.pk]
    ConsignmentLine.objects.bulk_update(shipped, ["inspection", "inspection_note"])
    refused = [ln.line_no for ln in shipped if ln.inspection == LineInspection.REFUSED]
    final = Event.REFUSE if shipped and len(refused) == len(shipped) else Event.INSPECT
    return final, {
        "refused_lines": refused,
        "cleared_lines": [ln.line_no for ln in shipped if ln.line_no not in refused],
    }


@transaction.atomic
def consignment_transition(
    *,
    actor: Actor,
    consignment: Consignment,
    event: str,
    occurred_at: dt.datetime | None = None,
    note: str = "",
    crossing: Crossing | None = None,
    planned_date: dt.date | None = None,
    interception: str = "",
    line_results: Sequence[dict] | None = None,
    expected_status: str | None = None,
) -> Consignment:
    """Record an operational event (stage, manifest, arrive, inspect, offload, collect, …)."""
    access.require(actor, Action.EDIT, consignment)
    if event not in Event.values:
        raise ValidationFailed({"event": f"Unknown event {event!r}."})
    if event in rules.DECISION_EVENTS:
        raise PermissionDenied(
            f"'{event}' is decided by the authority a clearance request is addressed to, "
            "through its decision."
        )
    if event in rules.REQUEST_EVENTS:
        raise ValidationFailed(
            {
                "event": f"'{event}' is made by sending a clearance request to an authority "
                "(clearance-requests)."
            }
        )
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if expected_status and consignment.status != expected_status:
        raise Conflict(
            f"The consignment is now '{consignment.status}', not '{expected_status}'; reload and try again."
        )
    rules.CONSIGNMENT.next(consignment.status, event)  # 409 before any validation of details
    before = audit.snapshot(consignment)
    when = _when("occurred_at", occurred_at, not_before=consignment.last_event_at)
    detail: dict[str, Any] = {}
    if event == Event.REGISTER and not consignment.lines.exists():
        raise ValidationFailed({"lines": "A consignment needs at least one line to be registered."})
    if event == Event.MANIFEST:
        crossing = crossing or consignment.planned_crossing
        if crossing is None:
            raise ValidationFailed({"crossing": "Say which crossing it is manifested for."})
        consignment.crossing = crossing
        consignment.planned_crossing = consignment.planned_crossing or crossing
        consignment.planned_date = planned_date or consignment.planned_date or when.date()
        detail["planned_date"] = consignment.planned_date.isoformat()
    elif crossing is not None:
        consignment.crossing = crossing
    if event in rules.INSPECTION_EVENTS:
        event, detail = _inspection_results(consignment, event, line_results)
    elif line_results:
        raise ValidationFailed({"line_results": "Line results go with 'inspect' or 'refuse' only."})
    if event == Event.INTERCEPT:
        consignment.interception = _choice("interception", interception, Interception)
        detail["interception"] = interception
    elif interception:
        raise ValidationFailed({"interception": "Only an 'intercept' event says how it was intercepted."})
    if event == Event.CANCEL:
        ClearanceRequest.objects.filter(consignment=consignment, status=RequestStatus.PENDING).update(
            status=RequestStatus.WITHDRAWN
        )
    _record_event(
        actor, consignment, event, occurred_at=when, note=note, crossing=consignment.crossing, detail=detail
    )
    consignment.save()
    audit.record(
        actor=actor, action=f"logistics.consignment.{event}", obj=consignment, before=before, message=note
    )
    return consignment


@transaction.atomic
def truck_add(
    *,
    actor: Actor,
    consignment: Consignment,
    plate: str,
    contractor: str = "",
    driver_name: str = "",
    driver_nationality: str = "",
    driver_pre_approved: bool = False,
) -> Truck:
    """Add a truck to a consignment (owner). A driver's name is personal data: it follows the
    consignment's sharing, so leave it out unless the consignment is released accordingly."""
    access.require(actor, Action.EDIT, consignment)
    plate = _text("plate", plate, max_length=30).upper()
    if Truck.objects.filter(consignment=consignment, plate=plate).exists():
        raise ValidationFailed({"plate": f"Truck {plate} is already on this consignment."})
    nationality = driver_nationality.strip().upper()
    if nationality and (len(nationality) != 2 or not nationality.isalpha()):
        raise ValidationFailed({"driver_nationality": "Use a two-letter ISO 3166 country code."})
    before = audit.snapshot(consignment)
    truck = Truck(
        consignment=consignment,
        plate=plate,
        contractor=contractor.strip()[:200],
        driver_name=driver_name.strip()[:200],
        driver_nationality=nationality,
        driver_pre_approved=driver_pre_approved,
    )
    _clean(truck)
    truck.save()
    audit.record(
        actor=actor, action="logistics.consignment.truck_added", obj=consignment, before=before, message=plate
    )
    return truck


# -- clearance -----------------------------------------------------------------------------------


def _authority_ok(authority) -> None:
    if authority is None or authority.community != Community.PARTY:
        raise ValidationFailed(
            {"authority_id": "A clearance request is addressed to an authority of a party (party community)."}
        )
    if authority.membership_status != "active":
        raise ValidationFailed({"authority_id": f"{authority} is not an active member of the centre."})


@transaction.atomic
def clearance_request_create(
    *,
    actor: Actor,
    consignment: Consignment,
    authority,
    justification: str = "",
    appeal: bool = False,
    shared_with: Iterable[str] = (),
    occurred_at: dt.datetime | None = None,
) -> ClearanceRequest:
    """Ask an authority to clear a consignment (or appeal its rejection). The request is released
    to the authority by name, with the fields it needs to decide; the consignment itself is not."""
    access.require(actor, Action.EDIT, consignment)
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    event = Event.APPEAL if appeal else Event.REQUEST_CLEARANCE
    rules.CONSIGNMENT.next(consignment.status, event)
    _authority_ok(authority)
    if consignment.protected:
        raise ValidationFailed(
            {
                "consignment": "A protected consignment cannot be sent to a party; "
                "unprotect it or leave personal data out."
            }
        )
    previous = None
    if appeal:
        previous = (
            ClearanceRequest.objects.filter(consignment=consignment, status=RequestStatus.REJECTED)
            .order_by("-decided_at")
            .first()
        )
        if previous is not None and previous.authority_id != authority.pk:
            raise ValidationFailed(
                {"authority_id": f"An appeal goes to the authority that decided: {previous.authority}."}
            )
    justification = justification.strip()
    if appeal and not justification:
        raise ValidationFailed({"justification": "Say why the decision should be reviewed."})
    before = audit.snapshot(consignment)
    when = _when("occurred_at", occurred_at, not_before=consignment.last_event_at)
    request = ClearanceRequest(
        owner_org_id=consignment.owner_org_id,
        consignment=consignment,
        authority=authority,
        kind=RequestKind.APPEAL if appeal else RequestKind.REQUEST,
        appeal_of=previous,
        reference=consignment.reference,
        sender_name=consignment.sender_name,
        consignee_name=consignment.consignee_name,
        channel=consignment.channel,
        planned_crossing=consignment.planned_crossing,
        planned_date=consignment.planned_date,
        trucks=consignment.trucks,
        total_weight_kg=consignment.total_weight_kg,
        justification=justification,
        requested_at=when,
        requested_by_name=actor.name,
    )
    grants = [str(authority.pk), *[g for g in shared_with if g and g != str(authority.pk)]]
    sharing.apply_sharing(request, releasability=Releasability.NAMED, protected=False, shared_with=grants)
    _clean(request)
    request.save()
    sharing.save_shares(request)
    lines = list(consignment.lines.select_related("item", "classification"))
    ConsignmentLine.objects.filter(consignment=consignment).update(clearance=LineClearance.PENDING)
    ClearanceLine.objects.bulk_create(
        [
            ClearanceLine(
                request=request,
                line=ln,
                line_no=ln.line_no,
                description=ln.description,
                item_code=ln.item.code if ln.item else "",
                sector_id=ln.sector_id,
                quantity=ln.quantity,
                unit=ln.unit,
                weight_kg=ln.weight_kg,
                dual_use=ln.dual_use,
                classification_version=ln.classification.version if ln.classification else None,
            )
            for ln in lines
        ]
    )
    _record_event(
        actor,
        consignment,
        event,
        occurred_at=when,
        note=justification,
        detail={"request_id": str(request.pk)},
    )
    consignment.save()
    access.ensure_visible_after_write(actor, request)
    audit.record(
        actor=actor, action=f"logistics.clearance_request.{request.kind}", obj=request, message=justification
    )
    audit.record(actor=actor, action=f"logistics.consignment.{event}", obj=consignment, before=before)
    return request


def _reason(field: str, code: str) -> str:
    if not code:
        raise ValidationFailed({field: "A rejection needs a reason code."})
    if not RejectionReason.objects.filter(code=code).exists():
        codes = ", ".join(RejectionReason.objects.values_list("code", flat=True))
        raise ValidationFailed({field: f"Unknown reason {code!r}; use one of: {codes}."})
    return code


@transaction.atomic
def clearance_decide(
    *,
    actor: Actor,
    request: ClearanceRequest,
    decision: str,
    reason: str = "",
    note: str = "",
    lines: Sequence[dict] = (),
    occurred_at: dt.datetime | None = None,
) -> ClearanceRequest:
    """The authority's decision on a request: for the consignment and for each line.

    Only members of the organisation the request is addressed to, with the ``decide`` action,
    decide it; the record says who decided and for whom, not that they had the authority to.
    """
    access.require(actor, Action.DECIDE, request)
    if not actor.is_system and actor.org_id != request.authority_id:
        raise PermissionDenied("Only members of the authority this request is addressed to can decide it.")
    request = ClearanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise Conflict(f"This request is already '{request.status}'.")
    decision = _choice("decision", decision, Decision)
    if decision == Decision.REJECT:
        reason = _reason("reason", reason)
    elif reason:
        _reason("reason", reason)
    clearance_lines = list(request.lines.all())
    default = LineClearance.APPROVED if decision == Decision.APPROVE else LineClearance.REJECTED
    decided = {
        ln.pk: (default, reason if default == LineClearance.REJECTED else "", "") for ln in clearance_lines
    }
    by_line = {ln.line_id: ln for ln in clearance_lines}
    by_no = {ln.line_no: ln for ln in clearance_lines}
    for i, item in enumerate(lines):
        target = _pick(by_line, by_no, item)
        if target is None:
            raise ValidationFailed({f"lines[{i}]": "No such line on this request."})
        line_decision = item.get("decision")
        if line_decision not in (Decision.APPROVE, Decision.REJECT):
            raise ValidationFailed({f"lines[{i}].decision": "Must be 'approve' or 'reject'."})
        if decision == Decision.REJECT and line_decision == Decision.APPROVE:
            raise ValidationFailed(
                {f"lines[{i}].decision": "A rejected request approves no line; approve the request."}
            )
        line_reason = (
            _reason(f"lines[{i}].reason", item.get("reason") or reason)
            if line_decision == Decision.REJECT
            else ""
        )
        value = LineClearance.APPROVED if line_decision == Decision.APPROVE else LineClearance.REJECTED
        decided[target.pk] = (value, line_reason, (item.get("note") or "").strip()[:300])
    outcome = [rules.LineDecision(d, r) for d, r, _ in decided.values()]
    status, event = rules.clearance_outcome(outcome)
    if decision == Decision.APPROVE and event == Event.REJECT:
        raise ValidationFailed({"lines": "Every line is rejected: reject the request instead."})
    consignment = Consignment.objects.select_for_update().get(pk=request.consignment_id)
    before_request = audit.snapshot(request)
    before_consignment = audit.snapshot(consignment)
    when = _when(
        "occurred_at",
        occurred_at,
        not_before=max(request.requested_at, consignment.last_event_at or request.requested_at),
    )
    for ln in clearance_lines:
        ln.decision, reason_code, ln.note = decided[ln.pk]
        ln.reason_id = reason_code or None
    ClearanceLine.objects.bulk_update(clearance_lines, ["decision", "reason", "note"])
    consignment_lines = {ln.pk: ln for ln in ConsignmentLine.objects.filter(consignment=consignment)}
    for ln in clearance_lines:
        consignment_lines[ln.line_id].clearance = ln.decision
    ConsignmentLine.objects.bulk_update(list(consignment_lines.values()), ["clearance"])
    request.status = status
    request.decided_at = when
    request.decided_by_name = actor.name
    request.decided_by_org_id = actor.org_id
    rejected_reasons = [ln.reason_id for ln in clearance_lines if ln.decision == LineClearance.REJECTED]
    request.reason_id = None if status == RequestStatus.APPROVED else (reason or rejected_reasons[0])
    request.decision_note = note.strip()
    request.save()
    _record_event(
        actor,
        consignment,
        event,
        occurred_at=when,
        note=note,
        detail={
            "request_id": str(request.pk),
            "decision": status,
            "reason": request.reason_id or "",
            "rejected_lines": [ln.line_no for ln in clearance_lines if ln.decision == LineClearance.REJECTED],
        },
    )
    consignment.save()
    audit.record(
        actor=actor,
        action=f"logistics.clearance_request.{status}",
        obj=request,
        before=before_request,
        message=note,
    )
    audit.record(
        actor=actor,
        action=f"logistics.consignment.{event}",
        obj=consignment,
        before=before_consignment,
        message=note,
    )
    return request


# -- figures -------------------------------------------------------------------------------------


@transaction.atomic
def figure_create(
    *,
    actor: Actor,
    source_name: str,
    channel: str,
    stage: str,
    unit: str,
    value: float,
    period_start: dt.date,
    period_end: dt.date | None = None,
    basis: str = "total",
    source_org=None,
    crossing: Crossing | None = None,
    sector: str | None = None,
    method: str = "",
    stated_on: dt.date | None = None,
    source_url: str = "",
    note: str = "",
    releasability: str = Releasability.ORG,
    shared_with: Iterable[str] = (),
    protected: bool = False,
    owner_org_id=None,
) -> Figure:
    """Record one source's claim. Claims are never edited: a correction is another claim."""
    from .choices import FigureBasis, FigureChannel, FigureUnit, Stage

    access.require(actor, Action.CREATE)
    period_end = period_end or period_start
    if period_end < period_start:
        raise ValidationFailed({"period_end": "Cannot be before the start of the period."})
    if value is None or value < 0:
        raise ValidationFailed({"value": "Must be zero or more."})
    if sector and not Sector.objects.filter(code=sector).exists():
        raise ValidationFailed({"sector": f"Unknown sector code {sector!r}."})
    figure = Figure(
        owner_org_id=_owner_id(actor, owner_org_id),
        source_name=_text(
            "source_name", source_name or (source_org.name if source_org else ""), max_length=200
        ),
        source_org=source_org,
        channel=_choice("channel", channel, FigureChannel),
        stage=_choice("stage", stage, Stage),
        unit=_choice("unit", unit, FigureUnit),
        basis=_choice("basis", basis, FigureBasis),
        value=value,
        period_start=period_start,
        period_end=period_end,
        crossing=crossing,
        sector_id=sector or None,
        method=method.strip(),
        stated_on=stated_on,
        source_url=source_url.strip(),
        note=note.strip(),
    )
    sharing.apply_sharing(figure, releasability=releasability, protected=protected, shared_with=shared_with)
    _clean(figure)
    figure.save()
    sharing.save_shares(figure)
    access.ensure_visible_after_write(actor, figure)
    audit.record(actor=actor, action="logistics.figure.recorded", obj=figure)
    return figure


# -- bulk import: the writer lives in ``bulk/services.py`` --------------------------------------

from .bulk.services import consignments_import, consignments_import_file  # noqa: E402

__all__ = ["consignments_import", "consignments_import_file"]
