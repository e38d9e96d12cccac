"""Pages of movement notifications: notify, review the findings, submit, record outcomes and
checkpoint events; and the party inbox, where receipt is confirmed ("received" — never approval) and
decisions are recorded separately."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cmcc.core import access
from cmcc.core.access import Action, Actor
from cmcc.core.errors import DomainError
from cmcc.core.views_base import SharingForm, actor, allowed, page, paginate, prepare, submit

from . import rules, selectors, services
from .forms import (
    CheckpointForm,
    DecisionForm,
    InboxFilterForm,
    MovementFilterForm,
    MovementForm,
    OutcomeForm,
    PersonForm,
    format_waypoints,
)
from .models import MovementStatus, Purpose

GOVERNORATES_URL = "/api/v1/places/governorates.geojson"
API = "/api/v1/movements"


def form_page(request: HttpRequest, template: str, context: dict, form: Any) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)


def map_layers(*layers: tuple[str, str, str]) -> str:
    """The ``data-layers`` attribute of a map: (name, GeoJSON URL, kind) for each layer."""
    return json.dumps([{"name": name, "url": url, "kind": kind} for name, url, kind in layers])


def query(**params: Any) -> str:
    """A query string; times in ISO 8601 (their ``+`` encoded)."""
    return urlencode({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in params.items()})


def _error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


# -- notifications -----------------------------------------------------------------------------


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = MovementFilterForm(request.GET or None)
    rows = selectors.movement_list(actor=who, **form.filters())
    context = {
        "form": form,
        "page_obj": paginate(request, rows),
        "can_create": allowed(who, Action.CREATE),
        "clearance_labels": rules.CLEARANCE_LABELS,
    }
    return page(request, "movements/list.html", context, fragments=["results"])


def _movement_map(movement: Any) -> dict:
    return {
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers(
            (
                gettext("Zones in force at the window start"),
                f"{API}/zones.geojson?{query(at=movement.window_start)}",
                "zones",
            ),
            (gettext("Notified sites"), f"{API}/sites.geojson", "sites"),
        ),
        "map_route": json.dumps(movement.route),
    }


def incidents_on_the_way(who: Actor, movement: Any) -> list:
    """Reported incidents the viewer may see within 1 km of the route, from three days before the
    window to its end, when the compliance capability provides them (nearest first)."""
    try:
        from cmcc.compliance import selectors as compliance  # type: ignore[attr-defined]
    except ImportError:
        return []
    along = getattr(compliance, "incidents_along_route", None)
    if along is None:
        return []
    found = along(
        actor=who,
        route=[tuple(c) for c in movement.route["coordinates"]],
        since=movement.window_start - dt.timedelta(days=3),
        until=movement.window_end,
        buffer_km=1.0,
    )[:10]
    for incident in found:
        try:
            incident.url = reverse("compliance:incident", args=[incident.pk])
        except NoReverseMatch:
            incident.url = ""
    return found


@login_required
def movement_detail(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    prepare([movement], request)
    owner = allowed(who, Action.EDIT, movement)
    people = prepare(list(selectors.people_of(actor=who, movement=movement)), request)
    context = {
        "movement": movement,
        "partners": selectors.partner_orgs(movement),
        "conflicts": selectors.conflicts_for(actor=who, movement=movement),
        "parties": selectors.transmissions_of(actor=who, movement=movement),
        "checkpoints": selectors.checkpoint_events(actor=who, movement=movement),
        "constraints": prepare(list(selectors.constraints_of(actor=who, movement=movement)), request),
        "people": people,
        "incidents": incidents_on_the_way(who, movement),
        "clearance_label": rules.CLEARANCE_LABELS.get(movement.clearance, ""),
        "is_draft": movement.status == MovementStatus.DRAFT,
        "can_edit": owner,
        "can_log_constraint": allowed(who, Action.CREATE),
        "checkpoint_form": CheckpointForm(),
        **_movement_map(movement),
    }
    return render(request, "movements/detail.html", context)


@login_required
def movement_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = MovementForm(request.POST or None, actor=who)
    if request.method == "POST":
        saved = submit(form, lambda _d: services.movement_create(actor=who, **form.service_data()))
        if saved:
            messages.success(
                request, gettext("Draft saved. Review what the route crosses, then notify the parties.")
            )
            return redirect("movements:detail", saved.pk)
    context = {
        "title": gettext("Notify a movement"),
        "cancel_url": reverse("movements:list"),
        "submit_label": gettext("Save the draft and review"),
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers(
            (gettext("Zones in force now"), f"{API}/zones.geojson", "zones"),
            (gettext("Notified sites"), f"{API}/sites.geojson", "sites"),
        ),
        "editable": True,
    }
    return form_page(request, "movements/notify.html", context, form)


@login_required
def movement_edit(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    access.require(who, Action.EDIT, movement)
    fields = (
        "purpose",
        "sector",
        "window_start",
        "window_end",
        "emergency",
        "vehicle_count",
        "vehicles",
        "personnel_count",
        "cargo_summary",
        "consignment_id",
        "narrative",
    )
    initial = {name: getattr(movement, name) for name in fields} | SharingForm.sharing_initial(movement)
    initial |= {
        "waypoints": format_waypoints(movement.waypoints),
        "partner_orgs": selectors.partner_orgs(movement),
    }
    form = MovementForm(request.POST or None, actor=who, initial=initial)
    if request.method == "POST":

        def save(_data: dict) -> Any:
            data = form.service_data()
            partners = data.pop("partner_orgs")
            data["route"] = None
            return services.movement_update(actor=who, movement=movement, partner_orgs=partners, **data)

        if submit(form, save):
            messages.success(request, gettext("Draft saved."))
            return redirect("movements:detail", movement.pk)
    context = {
        "title": movement.reference,
        "cancel_url": reverse("movements:detail", args=[movement.pk]),
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers((gettext("Zones in force now"), f"{API}/zones.geojson", "zones")),
        "map_route": json.dumps(movement.route),
        "editable": True,
    }
    return form_page(request, "movements/notify.html", context, form)


@login_required
@require_POST
def movement_submit(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    try:
        movement = services.movement_submit(actor=who, movement=movement)
    except DomainError as exc:
        _error(request, exc)
    else:
        if movement.late:
            messages.warning(
                request,
                gettext(
                    "Notified with less than %(hours)s hours' notice: the notification is flagged as late."
                )
                % {"hours": movement.notice_hours},
            )
        messages.success(request, gettext("Notified. The parties concerned receive it now."))
    return redirect("movements:detail", movement.pk)


@login_required
@require_POST
def movement_recheck(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    try:
        services.movements_recheck(actor=who, movements=[movement], reason="checked on request")
        messages.success(request, gettext("Checked again against the zones, sites and movements of now."))
    except DomainError as exc:
        _error(request, exc)
    return redirect("movements:detail", movement.pk)


@login_required
def movement_outcome(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    access.require(who, Action.EDIT, movement)
    initial = {
        "outcome": movement.outcome,
        "impeded_result": movement.impeded_result,
        "departed_at": movement.departed_at,
        "completed_at": movement.completed_at,
        "note": movement.outcome_note,
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.movement_record_outcome(actor=who, movement=movement, **data)
        )
        if saved:
            messages.success(request, gettext("Outcome recorded."))
            return redirect("movements:detail", movement.pk)
    context = {
        "title": gettext("Outcome of %(reference)s") % {"reference": movement.reference},
        "cancel_url": reverse("movements:detail", args=[movement.pk]),
        "intro": gettext(
            "Use OCHA's categories. An impeded movement was approved, then held up on the ground."
        ),
    }
    return form_page(request, "movements/form.html", context, form)


@login_required
@require_POST
def checkpoint_add(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    form = CheckpointForm(request.POST)
    if submit(form, lambda data: services.checkpoint_event_add(actor=who, movement=movement, **data)):
        messages.success(request, gettext("Checkpoint event recorded."))
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("movements:detail", movement.pk)


@login_required
def person_new(request: HttpRequest, movement_id: Any) -> HttpResponse:
    who = actor(request)
    movement = selectors.movement_get(actor=who, movement_id=movement_id)
    access.require(who, Action.EDIT, movement)
    form = PersonForm(request.POST or None)
    saved = request.method == "POST" and submit(
        form, lambda data: services.person_add(actor=who, movement=movement, **data)
    )
    if saved:
        messages.success(request, gettext("Person added as protected data."))
        return redirect("movements:detail", movement.pk)
    context = {
        "title": gettext("Add a person on board"),
        "cancel_url": reverse("movements:detail", args=[movement.pk]),
        "intro": gettext(
            "Names are protected: only your organisation sees them. Military and party users never do; "
            "parties receive only the number of people."
        ),
    }
    return form_page(request, "movements/form.html", context, form)


# -- the party inbox ---------------------------------------------------------------------------


def _may_receive(who: Actor, tx: Any) -> bool:
    return who.org_id == tx.party_id and tx.received_at is None and allowed(who, Action.EDIT)


def _may_decide(who: Actor, tx: Any) -> bool:
    return who.org_id == tx.party_id and allowed(who, Action.DECIDE)


def _may_record_no_response(who: Actor, tx: Any) -> bool:
    return who.org_id == tx.owner_org_id and allowed(who, Action.EDIT, tx)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = InboxFilterForm(request.GET or None)
    page_obj = paginate(request, selectors.transmission_list(actor=who, **form.filters()))
    for tx in page_obj.object_list:
        tx.window_start = parse_datetime(tx.packet.get("window_start") or "")
        tx.window_end = parse_datetime(tx.packet.get("window_end") or "")
    context = {"form": form, "page_obj": page_obj, "is_party": who.community == "party"}
    return page(request, "movements/inbox.html", context, fragments=["results"])


def _transmission_context(request: HttpRequest, tx: Any, form: DecisionForm | None = None) -> dict:
    who = actor(request)
    prepare([tx], request)
    may_decide, may_note = _may_decide(who, tx), _may_record_no_response(who, tx)
    if form is None and (may_decide or may_note):
        form = DecisionForm(initial={"kind": "approved" if may_decide else "no_response"})
    if form is not None and not may_decide:
        form.fields["kind"].choices = [("no_response", gettext("No response"))]  # type: ignore[attr-defined]
    purpose = tx.packet.get("purpose", "")
    tx.window_start = parse_datetime(tx.packet.get("window_start") or "")
    tx.window_end = parse_datetime(tx.packet.get("window_end") or "")
    zones = [
        {
            **z,
            "starts_at": parse_datetime(z.get("starts_at") or ""),
            "ends_at": parse_datetime(z.get("ends_at") or ""),
        }
        for z in tx.packet.get("zones", [])
    ]
    return {
        "zones": zones,
        "tx": tx,
        "packet": tx.packet,
        "purpose_label": Purpose(purpose).label if purpose in Purpose.values else purpose,
        "decisions": selectors.decisions_of(actor=who, transmission=tx),
        "may_receive": _may_receive(who, tx),
        "may_decide": may_decide or may_note,
        "decision_form": form,
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers(),
        "map_route": json.dumps(tx.packet.get("route")),
    }


@login_required
def transmission(request: HttpRequest, transmission_id: Any) -> HttpResponse:
    tx = selectors.transmission_get(actor=actor(request), transmission_id=transmission_id)
    return render(request, "movements/transmission.html", _transmission_context(request, tx))


@login_required
@require_POST
def transmission_receive(request: HttpRequest, transmission_id: Any) -> HttpResponse:
    who = actor(request)
    tx = selectors.transmission_get(actor=who, transmission_id=transmission_id)
    try:
        services.transmission_receive(actor=who, transmission=tx)
        messages.success(
            request, gettext("Receipt confirmed. This records that you received it; it decides nothing.")
        )
    except DomainError as exc:
        _error(request, exc)
    return redirect("movements:transmission", tx.pk)


@login_required
@require_POST
def transmission_decide(request: HttpRequest, transmission_id: Any) -> HttpResponse:
    who = actor(request)
    tx = selectors.transmission_get(actor=who, transmission_id=transmission_id)
    form = DecisionForm(request.POST)
    saved = submit(form, lambda data: services.transmission_decide(actor=who, transmission=tx, **data))
    if saved:
        messages.success(request, gettext("Decision recorded."))
        return redirect("movements:transmission", tx.pk)
    tx = selectors.transmission_get(actor=who, transmission_id=transmission_id)
    context = _transmission_context(request, tx, form)
    return render(request, "movements/transmission.html", context, status=422)
