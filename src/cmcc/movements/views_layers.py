"""Pages of notified sites, zones (the set in force at any moment), access constraints with their
chart, the weekly access snapshot and the map with its layers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cmcc.core import access, charts
from cmcc.core.access import Action
from cmcc.core.views_base import actor, allowed, page, paginate, prepare, submit

from . import deconfliction, rules, selectors, services, spatial
from .forms import (
    ConstraintFilterForm,
    ConstraintForm,
    ReconfirmForm,
    SiteFilterForm,
    SiteForm,
    WithdrawForm,
    ZoneFilterForm,
    ZoneForm,
    ZoneVersionForm,
)
from .models import ConstraintCategory
from .views import API, GOVERNORATES_URL, form_page, map_layers, query

CATEGORY_COLOURS = {
    "restriction_of_movement": "#0072B2",
    "restriction_of_entry": "#56B4E9",
    "violence_against_personnel": "#D55E00",
    "military_operations": "#CC79A7",
    "interference": "#E69F00",
    "explosive_hazards": "#444444",
    "physical_environment": "#009E73",
    "restriction_of_population_access": "#F0E442",
    "denial_of_entitlement": "#999999",
}


# -- notified sites ----------------------------------------------------------------------------


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = SiteFilterForm(request.GET or None)
    page_obj = paginate(request, selectors.site_list(actor=who, **form.filters()))
    now = timezone.now()
    for site in page_obj.object_list:
        site.state = selectors.site_state(site, now)
        site.state_label = rules.SITE_STATE_LABELS[site.state]
    context = {
        "form": form,
        "page_obj": page_obj,
        "can_create": allowed(who, Action.CREATE),
    }
    return page(request, "movements/sites.html", context, fragments=["results"])


@login_required
def site_detail(request: HttpRequest, site_id: Any) -> HttpResponse:
    who = actor(request)
    site = selectors.site_get(actor=who, site_id=site_id)
    prepare([site], request)
    state = selectors.site_state(site)
    context = {
        "site": site,
        "state": state,
        "state_label": rules.SITE_STATE_LABELS[state],
        "can_edit": allowed(who, Action.EDIT, site),
        "reconfirm_form": ReconfirmForm(),
        "withdraw_form": WithdrawForm(),
        "governorate": spatial.governorate_pcodes().get(site.governorate_pcode, ""),
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers((gettext("Notified sites"), f"{API}/sites.geojson", "sites")),
        "map_focus": f"{site.lat},{site.lon}",
    }
    return render(request, "movements/site.html", context)


@login_required
def site_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = SiteForm(request.POST or None, actor=who)
    if request.method == "POST":
        saved = submit(form, lambda data: services.site_create(actor=who, **data))
        if saved:
            messages.success(request, gettext("Site notified."))
            return redirect("movements:site", saved.pk)
    context = {"title": gettext("Notify a site"), "cancel_url": reverse("movements:sites")}
    return form_page(request, "movements/form.html", context, form)


@login_required
@require_POST
def site_reconfirm(request: HttpRequest, site_id: Any) -> HttpResponse:
    who = actor(request)
    site = selectors.site_get(actor=who, site_id=site_id)
    form = ReconfirmForm(request.POST)
    if submit(form, lambda data: services.site_reconfirm(actor=who, site=site, **data)):
        messages.success(request, gettext("Site reconfirmed."))
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("movements:site", site.pk)


@login_required
@require_POST
def site_withdraw(request: HttpRequest, site_id: Any) -> HttpResponse:
    who = actor(request)
    site = selectors.site_get(actor=who, site_id=site_id)
    form = WithdrawForm(request.POST)
    if submit(form, lambda data: services.site_withdraw(actor=who, site=site, **data)):
        messages.success(request, gettext("Site withdrawn from the list. It is kept, marked withdrawn."))
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("movements:site", site.pk)


# -- zones -------------------------------------------------------------------------------------


@login_required
def zone_list(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = ZoneFilterForm(request.GET or None)
    filters = form.filters()
    at = filters.get("at") or timezone.now()
    zones = prepare(
        list(selectors.zone_list(actor=who, kind=filters.get("kind"), at=filters.get("at"))), request
    )
    for zone in zones:
        zone.in_force = selectors.current_version(zone, at)
        zone.needs_coordination = zone.kind in deconfliction.COORDINATION_KINDS
    context = {
        "form": form,
        "zones": zones,
        "at": at,
        "can_create": allowed(who, Action.CREATE),
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers((gettext("Zones in force"), f"{API}/zones.geojson?{query(at=at)}", "zones")),
    }
    return page(request, "movements/zones.html", context)


@login_required
def zone_detail(request: HttpRequest, zone_id: Any) -> HttpResponse:
    who = actor(request)
    zone = selectors.zone_get(actor=who, zone_id=zone_id)
    prepare([zone], request)
    versions = list(selectors.zone_versions(actor=who, zone=zone))
    now = timezone.now()
    for v in versions:
        v.in_force = v.valid_from <= now and (v.valid_to is None or v.valid_to > now)  # type: ignore[attr-defined]
    context = {
        "zone": zone,
        "versions": versions,
        "needs_coordination": zone.kind in deconfliction.COORDINATION_KINDS,
        "can_edit": allowed(who, Action.EDIT, zone),
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers((gettext("Zones in force now"), f"{API}/zones.geojson", "zones")),
    }
    return render(request, "movements/zone.html", context)


@login_required
def zone_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = ZoneForm(request.POST or None, actor=who, initial={"valid_from": timezone.now()})
    if request.method == "POST":
        saved = submit(form, lambda data: services.zone_create(actor=who, **data))
        if saved:
            messages.success(request, gettext("Zone recorded; open notifications were checked again."))
            return redirect("movements:zone", saved.pk)
    context = {"title": gettext("Record a zone"), "cancel_url": reverse("movements:zones")}
    return form_page(request, "movements/form.html", context, form)


@login_required
def zone_version_new(request: HttpRequest, zone_id: Any) -> HttpResponse:
    who = actor(request)
    zone = selectors.zone_get(actor=who, zone_id=zone_id)
    access.require(who, Action.EDIT, zone)
    form = ZoneVersionForm(request.POST or None, initial={"valid_from": timezone.now()})
    saved = request.method == "POST" and submit(
        form, lambda data: services.zone_version_add(actor=who, zone=zone, **data)
    )
    if saved:
        messages.success(request, gettext("New version recorded; open notifications were checked again."))
        return redirect("movements:zone", zone.pk)
    context = {
        "title": gettext("New version of %(zone)s") % {"zone": zone.name},
        "cancel_url": reverse("movements:zone", args=[zone.pk]),
        "intro": gettext(
            "Earlier versions are kept. An open-ended current version ends when the new one starts."
        ),
    }
    return form_page(request, "movements/form.html", context, form)


# -- access constraints and the weekly snapshot ------------------------------------------------


def constraints_chart(counts: dict) -> str:
    series = [
        charts.Series(row["label"], row["counts"], CATEGORY_COLOURS.get(row["category"], ""))
        for row in counts["by_week"]
        if any(row["counts"])
    ]
    return charts.stacked_bars(
        counts["weeks"],
        series,
        title=gettext("Access constraints per week, by category"),
        desc=gettext("%(total)s access constraints you may see over %(weeks)s weeks.")
        % {"total": counts["total"], "weeks": len(counts["weeks"])},
        id_prefix="constraints",
    )


@login_required
def constraint_list(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = ConstraintFilterForm(request.GET or None)
    filters = form.filters()
    weeks = filters.pop("weeks", 8)
    counts = selectors.constraint_counts(actor=who, weeks=weeks)
    context = {
        "form": form,
        "counts": counts,
        "chart": constraints_chart(counts),
        "week_rows": list(
            zip(counts["weeks"], zip(*[r["counts"] for r in counts["by_week"]], strict=True), strict=True)
        ),
        "categories": ConstraintCategory.choices,
        "page_obj": paginate(request, selectors.constraint_list(actor=who, **filters)),
        "can_create": allowed(who, Action.CREATE),
    }
    return page(request, "movements/constraints.html", context, fragments=["results"])


@login_required
def constraint_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    movement = None
    if movement_id := request.GET.get("movement") or request.POST.get("movement"):
        movement = selectors.movement_get(actor=who, movement_id=movement_id)
    initial: dict[str, Any] = {"occurred_at": timezone.now()}
    if movement is not None:
        initial |= {"sector": movement.sector, "occurred_at": movement.window_start}
    form = ConstraintForm(request.POST or None, actor=who, initial=initial)
    if request.method == "POST":
        saved = submit(form, lambda data: services.constraint_create(actor=who, movement=movement, **data))
        if saved:
            messages.success(request, gettext("Access constraint logged."))
            return redirect(
                reverse("movements:detail", args=[movement.pk])
                if movement
                else reverse("movements:constraints")
            )
    context = {
        "title": gettext("Log an access constraint"),
        "cancel_url": reverse("movements:constraints"),
        "movement": movement,
    }
    return form_page(request, "movements/form.html", context, form)


def snapshot_chart(weeks: list[dict]) -> str:
    labels = [w["week"] for w in weeks]
    keys = [
        ("facilitated", gettext("Facilitated"), "#009E73"),
        ("partially_facilitated", gettext("Partially facilitated"), "#56B4E9"),
        ("impeded", gettext("Approved, then impeded"), "#E69F00"),
        ("denied", gettext("Denied"), "#D55E00"),
        ("cancelled", gettext("Cancelled by the organiser"), "#999999"),
        ("postponed", gettext("Postponed"), "#CC79A7"),
    ]
    total = sum(w["with_outcome"] for w in weeks)
    return charts.stacked_bars(
        labels,
        [charts.Series(label, [w[key] for w in weeks], colour) for key, label, colour in keys],
        title=gettext("Movements by outcome, per week"),
        desc=gettext("%(total)s movements with an outcome over %(weeks)s weeks, in OCHA's categories.")
        % {"total": total, "weeks": len(weeks)},
        id_prefix="snapshot",
    )


def _period(weeks: list[dict]) -> str:
    if not weeks:
        return ""
    last = weeks[-1]["week_start"] + dt.timedelta(days=6)
    return f"{date_format(weeks[0]['week_start'])} – {date_format(last)}"


@login_required
def snapshot(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    try:
        weeks_wanted = max(1, min(int(request.GET.get("weeks", 6)), 52))
    except ValueError:
        weeks_wanted = 6
    weeks = selectors.weekly_snapshot(actor=who, weeks=weeks_wanted)
    latest = weeks[-1] if weeks else None
    context = {
        "weeks": weeks,
        "latest": latest,
        "chart": snapshot_chart(weeks),
        "weeks_wanted": weeks_wanted,
        "source": rules.OCHA_OUTCOMES,
        "period": _period(weeks),
    }
    return render(request, "movements/snapshot.html", context)


# -- the map -----------------------------------------------------------------------------------


@login_required
def movement_map(request: HttpRequest) -> HttpResponse:
    form = ZoneFilterForm(request.GET or None)
    at = form.filters().get("at") or timezone.now()
    since, until = at - dt.timedelta(days=1), at + dt.timedelta(days=2)
    context = {
        "form": form,
        "at": at,
        "map_base": GOVERNORATES_URL,
        "map_layers": map_layers(
            (gettext("Zones in force"), f"{API}/zones.geojson?{query(at=at)}", "zones"),
            (gettext("Notified sites"), f"{API}/sites.geojson", "sites"),
            (
                gettext("Movement routes (a day before to two days after)"),
                f"{API}/notifications.geojson?{query(since=since, until=until)}",
                "routes",
            ),
        ),
        "tile_url": settings.CMCC_TILE_URL,
    }
    return render(request, "movements/map.html", context)
