"""Partner pages: the directory, an organisation's page, applying to join, the onboarding queue."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cmcc.core.access import ANONYMOUS, Action
from cmcc.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from cmcc.core.views_base import actor, allowed, page, paginate, prepare, safe_next, submit

from . import rules, selectors, services
from .forms import ApplyForm, ContactForm, DirectoryFilterForm, OrganisationForm, TransitionForm

EVENT_LABELS = {
    rules.Event.START_REVIEW: _("Start review"),
    rules.Event.APPROVE: _("Approve"),
    rules.Event.DECLINE: _("Decline"),
    rules.Event.SUSPEND: _("Suspend"),
    rules.Event.REINSTATE: _("Reinstate"),
    rules.Event.LEAVE: _("Record that it left"),
    rules.Event.REAPPLY: _("Reopen the application"),
}


def membership_actions(org) -> list[dict]:
    """The onboarding and membership steps allowed from the organisation's current state."""
    return [
        {"event": e, "label": EVENT_LABELS.get(e, e), "reason_required": e in rules.REASON_REQUIRED}
        for e in rules.MEMBERSHIP.allowed_events(org.membership_status)
    ]


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    orgs = selectors.organisation_list(actor=actor(request), **filters)
    context = {"form": form, "page_obj": paginate(request, orgs)}
    return page(request, "partners/directory.html", context, fragments=["results"])


@login_required
def detail(request: HttpRequest, org_id) -> HttpResponse:
    who = actor(request)
    org = selectors.organisation_get(actor=who, org_id=org_id)
    registrations = prepare(list(selectors.registration_list(actor=who, org=org)), request)
    today = timezone.localdate()
    for reg in registrations:
        reg.effective = reg.effective_status(today)
    context = {
        "org": org,
        "timeline": selectors.membership_timeline(actor=who, org=org),
        "contacts": prepare(list(selectors.contact_list(actor=who, org=org)), request),
        "registrations": registrations,
        "can_edit": _may_edit(who, org),
        "can_add_contact": who.org_id == org.pk and allowed(who, Action.CREATE),
        "membership_actions": membership_actions(org) if who.is_centre_admin else [],
    }
    return render(request, "partners/detail.html", context)


def _may_edit(who, org) -> bool:
    return who.is_centre_admin or (who.org_id == org.pk and who.can(Action.ADMINISTER))


@login_required
def edit(request: HttpRequest, org_id) -> HttpResponse:
    who = actor(request)
    org = selectors.organisation_get(actor=who, org_id=org_id)
    if not _may_edit(who, org):
        raise PermissionDenied(gettext("Only the organisation's administrators or the centre can edit it."))
    initial = {
        "name": org.name,
        "short_name": org.short_name,
        "country": org.country,
        "website": org.website,
        "description": org.description,
        "capabilities": [c.code for c in org.capabilities.all()],
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = submit(form, lambda data: services.organisation_update(actor=who, org=org, **data))
        if saved:
            messages.success(request, gettext("The profile is saved."))
            return redirect("partners:detail", org.pk)
    context = {"org": org, "form": form, "cancel_url": reverse("partners:detail", args=[org.pk])}
    return render(request, "partners/edit.html", context, status=422 if form.errors else 200)


@login_required
def contact_new(request: HttpRequest, org_id) -> HttpResponse:
    who = actor(request)
    org = selectors.organisation_get(actor=who, org_id=org_id)
    if who.org_id != org.pk or not allowed(who, Action.CREATE):
        raise PermissionDenied(gettext("Contacts are recorded by their own organisation."))
    form = ContactForm(request.POST or None, actor=who)
    if request.method == "POST":
        saved = submit(form, lambda data: services.contact_create(actor=who, org=org, **data))
        if saved:
            messages.success(request, gettext("Contact added."))
            return redirect("partners:detail", org.pk)
    context = {"org": org, "form": form, "cancel_url": reverse("partners:detail", args=[org.pk])}
    return render(request, "partners/contact_form.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def transition(request: HttpRequest, org_id) -> HttpResponse:
    who = actor(request)
    org = selectors.organisation_get(actor=who, org_id=org_id)
    form = TransitionForm(request.POST)
    back = safe_next(request, reverse("partners:detail", args=[org.pk]))
    if not form.is_valid():
        messages.error(request, gettext("The request was incomplete; nothing changed."))
        return redirect(back)
    event = form.cleaned_data["event"]
    try:
        services.organisation_transition(actor=who, org=org, event=event, reason=form.cleaned_data["reason"])
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for msgs in exc.errors.values() for m in msgs))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            gettext("%(org)s: %(step)s — done.") % {"org": org.name, "step": EVENT_LABELS.get(event, event)},
        )
    return redirect(back)


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Applications waiting for the centre: only its administrators know this page exists."""
    who = actor(request)
    if not who.is_centre_admin:
        raise NotFound()
    queues = []
    for status, title in (("applied", _("New applications")), ("in_review", _("In review"))):
        orgs = list(selectors.organisation_list(actor=who, status=status))
        for org in orgs:
            org.actions = membership_actions(org)  # type: ignore[attr-defined]
        queues.append({"status": status, "title": title, "orgs": orgs})
    return render(request, "partners/onboarding.html", {"queues": queues})


# -- applying to join (no sign-in) -------------------------------------------------------------


def _slug_for(name: str) -> str:
    slug = slugify(name)[:50].strip("-")
    return slug if len(slug) >= 3 else f"org-{secrets.token_hex(4)}"


def apply(request: HttpRequest) -> HttpResponse:
    terms = services.current_terms()
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and terms is not None:

        def save(data: dict):
            try:
                return services.organisation_apply(actor=ANONYMOUS, slug=_slug_for(data["name"]), **data)
            except Conflict:
                raise ValidationFailed(
                    {"name": gettext("An organisation with this name is already a member or has applied.")}
                ) from None

        if submit(form, save, aliases={"slug": "name"}):
            return redirect("partners:applied")
    status = 422 if form.errors else 200
    return render(request, "partners/apply.html", {"form": form, "terms": terms}, status=status)


def applied(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/applied.html")
