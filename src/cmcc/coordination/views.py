"""Pages of the coordination cycle: meetings, the decision log, action items and their follow-up."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cmcc.core import access
from cmcc.core.access import Action, Actor
from cmcc.core.errors import Conflict
from cmcc.core.views_base import HtmxHttpRequest, SharingForm, actor, allowed, page, paginate, prepare, submit

from . import rules, selectors, services
from .forms import (
    ActionItemFilterForm,
    ActionItemForm,
    DecisionFilterForm,
    DecisionForm,
    EventForm,
    FollowUpForm,
    MeetingFilterForm,
    MeetingForm,
)

EVENT_LABELS = {
    rules.Event.COMPLETE: _("Mark done"),
    rules.Event.DROP: _("Drop"),
    rules.Event.REOPEN: _("Reopen"),
}


def _filters(form) -> dict:
    return (
        {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)} if form.is_valid() else {}
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _form_page(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)


# -- meetings ----------------------------------------------------------------------------------


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = MeetingFilterForm(request.GET or None)
    filters = _filters(form)
    since, until = filters.pop("since", None), filters.pop("until", None)
    rows = selectors.meeting_list(
        actor=who,
        since=_day_start(since) if since else None,
        until=_day_start(until + dt.timedelta(days=1)) if until else None,
        **filters,
    )
    context = {"form": form, "page_obj": paginate(request, rows), "can_create": allowed(who, Action.CREATE)}
    return page(request, "coordination/meetings.html", context, fragments=["results"])


@login_required
def meeting(request: HttpRequest, meeting_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.meeting_get(actor=who, meeting_id=meeting_id)
    prepare([obj], request)
    context = {
        "meeting": obj,
        "attendees": obj.attendees.order_by("name"),
        "decisions": prepare(list(selectors.decision_list(actor=who, meeting_id=obj.pk)), request),
        "items": prepare(list(selectors.action_item_list(actor=who, meeting_id=obj.pk)), request),
        "can_edit": allowed(who, Action.EDIT, obj),
        "can_create": allowed(who, Action.CREATE),
    }
    return render(request, "coordination/meeting.html", context)


def _meeting_data(form: MeetingForm) -> dict:
    data = dict(form.cleaned_data)
    data["attendees"] = list(data["attendees"])
    return data


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = MeetingForm(request.POST or None, actor=who)
    if request.method == "POST":
        saved = submit(form, lambda _d: services.meeting_create(actor=who, **_meeting_data(form)))
        if saved:
            messages.success(request, gettext("Meeting recorded."))
            return redirect("coordination:meeting", saved.pk)
    context = {"title": gettext("New meeting"), "cancel_url": reverse("coordination:meetings")}
    return _form_page(request, "coordination/form.html", context, form)


@login_required
def meeting_edit(request: HttpRequest, meeting_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.meeting_get(actor=who, meeting_id=meeting_id)
    access.require(who, Action.EDIT, obj)
    initial = {
        "title": obj.title,
        "starts_at": obj.starts_at,
        "location": obj.location,
        "chair_org": obj.chair_org,
        "agenda": obj.agenda,
        "minutes": obj.minutes,
        "attendees": list(obj.attendees.all()),
        **SharingForm.sharing_initial(obj),
    }
    form = MeetingForm(request.POST or None, actor=who, initial=initial)
    if request.method == "POST":

        def save(_data):
            data = _meeting_data(form)
            return services.meeting_update(actor=who, meeting=obj, attendees=data.pop("attendees"), **data)

        if submit(form, save):
            messages.success(request, gettext("Meeting saved."))
            return redirect("coordination:meeting", obj.pk)
    cancel = reverse("coordination:meeting", args=[obj.pk])
    return _form_page(request, "coordination/form.html", {"title": obj.title, "cancel_url": cancel}, form)


# -- decisions ---------------------------------------------------------------------------------


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = DecisionFilterForm(request.GET or None, actor=who)
    filters = _filters(form)
    org = filters.pop("decided_by_org", None)
    rows = selectors.decision_list(actor=who, decided_by_org_id=org.pk if org else None, **filters)
    context = {"form": form, "page_obj": paginate(request, rows), "can_create": allowed(who, Action.CREATE)}
    return page(request, "coordination/decisions.html", context, fragments=["results"])


@login_required
def decision(request: HttpRequest, decision_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.decision_get(actor=who, decision_id=decision_id)
    prepare([obj], request)
    context = {
        "decision": obj,
        "items": prepare(list(selectors.action_item_list(actor=who, decision_id=obj.pk)), request),
        "can_edit": allowed(who, Action.EDIT, obj),
        "can_create": allowed(who, Action.CREATE),
    }
    return render(request, "coordination/decision.html", context)


@login_required
def decision_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    initial = {"decided_on": timezone.localdate(), "meeting": request.GET.get("meeting")}
    form = DecisionForm(request.POST or None, actor=who, initial=initial)
    if request.method == "POST":
        saved = submit(form, lambda data: services.decision_create(actor=who, **data))
        if saved:
            messages.success(request, gettext("Decision recorded."))
            return redirect("coordination:decision", saved.pk)
    context = {"title": gettext("Record a decision"), "cancel_url": reverse("coordination:decisions")}
    return _form_page(request, "coordination/form.html", context, form)


@login_required
def decision_edit(request: HttpRequest, decision_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.decision_get(actor=who, decision_id=decision_id)
    access.require(who, Action.EDIT, obj)
    fields = ("title", "text", "decided_by", "decided_by_org", "authority", "decided_on", "meeting")
    initial = {name: getattr(obj, name) for name in fields} | SharingForm.sharing_initial(obj)
    form = DecisionForm(request.POST or None, actor=who, initial=initial)

    def save(data):
        return services.decision_update(actor=who, decision=obj, **data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, gettext("Decision saved."))
        return redirect("coordination:decision", obj.pk)
    cancel = reverse("coordination:decision", args=[obj.pk])
    return _form_page(request, "coordination/form.html", {"title": obj.title, "cancel_url": cancel}, form)


# -- action items ------------------------------------------------------------------------------


@login_required
def action_items(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = ActionItemFilterForm(request.GET or None, actor=who)
    filters = _filters(form)
    org = filters.pop("assigned_org", None)
    rows = selectors.action_item_list(actor=who, assigned_org_id=org.pk if org else None, **filters)
    page_obj = paginate(request, rows)
    today = timezone.localdate()
    for item in page_obj.object_list:
        item.is_overdue = _overdue(item, today)
    context = {"form": form, "page_obj": page_obj, "can_create": allowed(who, Action.CREATE)}
    return page(request, "coordination/action_items.html", context, fragments=["results"])


def _overdue(item, today: dt.date) -> bool:
    return item.status == "open" and item.due_on is not None and item.due_on < today


def _may_progress(who: Actor, item) -> bool:
    """The owner and the responsible organisation move an item along (the service re-checks)."""
    return who.org_id in {item.owner_org_id, item.assigned_org_id} and allowed(who, Action.EDIT)


def _item_context(request: HttpRequest, item, **extra) -> dict:
    who = actor(request)
    prepare([item], request)
    may = _may_progress(who, item)
    events = rules.ACTION_ITEM.allowed_events(item.status) if may else []
    return {
        "item": item,
        "is_overdue": _overdue(item, timezone.localdate()),
        "events": [{"event": e, "label": EVENT_LABELS.get(e, e)} for e in events],
        "notes": selectors.follow_ups(actor=who, item=item),
        "may_progress": may,
        "note_form": FollowUpForm(),
        **extra,
    }


@login_required
def action_item(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.action_item_get(actor=actor(request), item_id=item_id)
    return render(request, "coordination/action_item.html", _item_context(request, item))


@login_required
def action_item_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    initial = {key: request.GET.get(key) for key in ("meeting", "decision") if request.GET.get(key)}
    form = ActionItemForm(request.POST or None, actor=who, initial=initial)
    if request.method == "POST":
        saved = submit(form, lambda data: services.action_item_create(actor=who, **data))
        if saved:
            messages.success(request, gettext("Action item created."))
            return redirect("coordination:action-item", saved.pk)
    context = {"title": gettext("New action item"), "cancel_url": reverse("coordination:action-items")}
    return _form_page(request, "coordination/form.html", context, form)


@login_required
@require_POST
def action_item_event(request: HtmxHttpRequest, item_id) -> HttpResponse:
    """Complete, drop or reopen. ``expected_status`` turns a concurrent change into a clear 409."""
    who = actor(request)
    item = selectors.action_item_get(actor=who, item_id=item_id)
    form = EventForm(request.POST)
    status, error = 200, ""
    if form.is_valid():
        try:
            services.action_item_transition(
                actor=who,
                item=item,
                event=form.cleaned_data["event"],
                expected_status=form.cleaned_data["expected_status"] or None,
            )
        except Conflict as exc:
            status, error = 409, exc.message
    else:
        status, error = 422, gettext("The request was incomplete; nothing changed.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("coordination:action-item", item.pk)
    item = selectors.action_item_get(actor=who, item_id=item_id)
    context = _item_context(request, item, error=error, changed=not error)
    return render(request, "coordination/action_item.html#status", context, status=status)


@login_required
@require_POST
def action_item_follow_up(request: HtmxHttpRequest, item_id) -> HttpResponse:
    who = actor(request)
    item = selectors.action_item_get(actor=who, item_id=item_id)
    form = FollowUpForm(request.POST)
    saved = submit(form, lambda data: services.action_item_follow_up(actor=who, item=item, text=data["text"]))
    if saved and not request.htmx:
        messages.success(request, gettext("Follow-up note added."))
        return redirect("coordination:action-item", item.pk)
    context = _item_context(request, item, note_form=FollowUpForm() if saved else form)
    template = "coordination/action_item.html#followups" if request.htmx else "coordination/action_item.html"
    return render(request, template, context, status=200 if saved else 422)
