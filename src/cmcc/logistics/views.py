"""Pages of the aid delivery pipeline: consignments (list, detail, register, next step), the
clearance inbox and decision, crossings, figures side by side, the throughput picture, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cmcc.core import access, charts
from cmcc.core.access import Action
from cmcc.core.errors import Conflict, DomainError, ValidationFailed
from cmcc.core.views_base import HtmxHttpRequest, actor, allowed, page, paginate, prepare, put_errors, submit

from . import rules, selectors, services
from .choices import Event, Stage
from .forms import (
    ClearanceRequestForm,
    ConsignmentFilterForm,
    ConsignmentForm,
    CrossingStatusForm,
    DecisionForm,
    EventForm,
    FigureForm,
    ImportForm,
    InspectionForm,
    LineFormSet,
    PictureFilterForm,
    RequestFilterForm,
)

# Events that need more than a button: the detail page shows their fields with the button.
EVENT_FIELDS: dict[str, list[str]] = {
    Event.MANIFEST: ["crossing"],
    Event.ARRIVE: [],
    Event.INTERCEPT: ["interception"],
}


def _filters(form) -> dict:
    return (
        {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)} if form.is_valid() else {}
    )


def _form_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


# -- consignments --------------------------------------------------------------------------------


@login_required
def consignments(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = ConsignmentFilterForm(request.GET or None)
    rows = selectors.consignment_list(actor=who, **_filters(form))
    context = {
        "form": form,
        "page_obj": paginate(request, rows),
        "can_create": allowed(who, Action.CREATE),
        "export_query": request.GET.urlencode(),
    }
    return page(request, "logistics/consignments.html", context, fragments=["results"])


def _consignment_context(request: HttpRequest, consignment, **extra) -> dict:
    who = actor(request)
    prepare([consignment], request)
    lines = list(selectors.consignment_lines(actor=who, consignment=consignment))
    can_edit = allowed(who, Action.EDIT, consignment)
    allowed_events = [
        e for e in rules.CONSIGNMENT.allowed_events(consignment.status) if e in rules.OWNER_EVENTS
    ]
    events = []
    for e in allowed_events:
        events.append({"event": e, "label": Event(e).label, "fields": EVENT_FIELDS.get(e, [])})
    shipped = [ln for ln in lines if ln.clearance != "rejected"]
    requests = prepare(list(selectors.consignment_requests(actor=who, consignment=consignment)), request)
    may_request = can_edit and consignment.status in (
        "registered",
        "rejected",
    )
    return {
        "consignment": consignment,
        "lines": lines,
        "timeline": list(selectors.consignment_events(actor=who, consignment=consignment)),
        "requests": requests,
        "can_edit": can_edit,
        "events": events if can_edit else [],
        "crossings": selectors.crossing_list(),
        "inspection_form": InspectionForm(lines=shipped) if "inspect" in allowed_events else None,
        "request_form": ClearanceRequestForm(actor=who) if may_request else None,
        "may_appeal": consignment.status == "rejected",
        "event_form": EventForm(),
        **extra,
    }


@login_required
def consignment(request: HttpRequest, consignment_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.consignment_get(actor=who, consignment_id=consignment_id)
    return render(request, "logistics/consignment.html", _consignment_context(request, obj))


@login_required
def consignment_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = ConsignmentForm(request.POST or None, actor=who)
    lines = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        data = dict(form.cleaned_data)
        sharing = {k: data.pop(k) for k in ("releasability", "shared_with", "protected")}
        data["register"] = not data.pop("draft")
        data["corridor"] = (
            selectors.corridors().filter(slug=data["corridor"]).first() if data["corridor"] else None
        )
        data["planned_crossing"] = (
            selectors.crossing_get(slug=data["planned_crossing"]) if data["planned_crossing"] else None
        )
        items = [line for f in lines.forms if (line := f.line()) is not None]

        def save(_d):
            return services.consignment_create(actor=who, lines=items, **data, **sharing)

        saved = submit(form, save)
        if saved:
            messages.success(request, gettext("Consignment %(ref)s recorded.") % {"ref": saved.reference})
            return redirect("logistics:consignment", saved.pk)
    context = {
        "form": form,
        "lines": lines,
        "title": gettext("Register a consignment"),
        "cancel_url": reverse("logistics:consignments"),
    }
    return _form_page(request, "logistics/consignment_form.html", context, 422 if form.errors else 200)


@login_required
@require_POST
def consignment_event(request: HtmxHttpRequest, consignment_id) -> HttpResponse:
    """Record the next step. A stale page (someone moved it meanwhile) gets a clear 409."""
    who = actor(request)
    obj = selectors.consignment_get(actor=who, consignment_id=consignment_id)
    form = EventForm(request.POST)
    status, error = 200, ""
    if form.is_valid():
        data = form.cleaned_data
        kwargs: dict = {
            "event": data["event"],
            "note": data["note"],
            "occurred_at": data["occurred_at"],
            "expected_status": data["expected_status"] or None,
            "interception": data["interception"],
        }
        if data["event"] in (Event.INSPECT, Event.REFUSE):
            shipped = [
                ln
                for ln in selectors.consignment_lines(actor=who, consignment=obj)
                if ln.clearance != "rejected"
            ]
            inspection = InspectionForm(request.POST, lines=shipped)
            kwargs["line_results"] = inspection.results() if inspection.is_valid() else None
        try:
            if data["crossing"]:
                kwargs["crossing"] = selectors.crossing_get(slug=data["crossing"])
            services.consignment_transition(actor=who, consignment=obj, **kwargs)
        except ValidationFailed as exc:
            status, error = 422, "; ".join(" ".join(v) for v in exc.errors.values())
        except Conflict as exc:  # an illegal step or a stale page; refusals of rights propagate (403/404)
            status, error = exc.status, exc.message
    else:
        status, error = 422, gettext("The request was incomplete; nothing changed.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("logistics:consignment", obj.pk)
    obj = selectors.consignment_get(actor=who, consignment_id=consignment_id)
    context = _consignment_context(request, obj, error=error, changed=not error)
    return render(request, "logistics/consignment.html#progress", context, status=status)


@login_required
@require_POST
def clearance_request_new(request: HttpRequest, consignment_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.consignment_get(actor=who, consignment_id=consignment_id)
    form = ClearanceRequestForm(request.POST, actor=who)
    if form.is_valid():
        try:
            created = services.clearance_request_create(
                actor=who,
                consignment=obj,
                authority=form.cleaned_data["authority"],
                justification=form.cleaned_data["justification"],
                appeal=form.cleaned_data["appeal"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, gettext("Sent to %(authority)s.") % {"authority": created.authority.name}
            )
            return redirect("logistics:request", created.pk)
    else:
        messages.error(request, gettext("Choose the authority the request is addressed to."))
    return redirect("logistics:consignment", obj.pk)


# -- clearance requests ----------------------------------------------------------------------------


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = RequestFilterForm(request.GET or None)
    rows = selectors.clearance_request_list(actor=who, **_filters(form))
    context = {
        "form": form,
        "page_obj": paginate(request, rows),
        "is_authority": who.community == "party",
        "pending": selectors.pending_requests_count(actor=who),
    }
    return page(request, "logistics/requests.html", context, fragments=["results"])


@login_required
def clearance_request(request: HttpRequest, request_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.clearance_request_get(actor=who, request_id=request_id)
    prepare([obj], request)
    lines = list(selectors.clearance_lines(actor=who, request=obj))
    may_decide = (
        obj.status == "pending" and obj.authority_id == who.org_id and allowed(who, Action.DECIDE, obj)
    )
    form = DecisionForm(request.POST or None, lines=lines) if may_decide else None
    status = 200
    if request.method == "POST":
        if not may_decide or form is None:
            raise access.PermissionDenied(
                gettext("Only members of the authority it is addressed to, who may decide, decide a request.")
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.clearance_decide(
                    actor=who,
                    request=obj,
                    decision=data["decision"],
                    reason=data["reason"],
                    note=data["note"],
                    lines=form.lines(),
                )
            except ValidationFailed as exc:
                put_errors(form, exc.errors)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, gettext("Decision recorded."))
                return redirect("logistics:request", obj.pk)
        status = 422
    context = {
        "req": obj,
        "lines": lines,
        "form": form,
        "is_owner": obj.owner_org_id == who.org_id,
        "consignment_url": reverse("logistics:consignment", args=[obj.consignment_id])
        if obj.owner_org_id == who.org_id
        else "",
    }
    return render(request, "logistics/request.html", context, status=status)


# -- crossings -----------------------------------------------------------------------------------


@login_required
def crossings(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    rows = selectors.crossing_list()
    for c in rows:
        timeline = selectors.crossing_timeline(crossing=c)
        c.timeline_statuses = timeline["statuses"]  # type: ignore[attr-defined]
        c.timeline_capacities = timeline["capacities"]  # type: ignore[attr-defined]
    context = {
        "crossings": rows,
        "corridors": selectors.corridors(),
        "can_record": who.is_centre_admin,
        "status_form": CrossingStatusForm() if who.is_centre_admin else None,
    }
    return render(request, "logistics/crossings.html", context)


@login_required
@require_POST
def crossing_status_new(request: HttpRequest, slug: str) -> HttpResponse:
    who = actor(request)
    crossing = selectors.crossing_get(slug=slug)
    form = CrossingStatusForm(request.POST)
    if form.is_valid():
        try:
            services.crossing_status_record(actor=who, crossing=crossing, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, gettext("Status of %(crossing)s recorded.") % {"crossing": crossing.name_en}
            )
    else:
        messages.error(request, gettext("Give the status, the date and the source."))
    return redirect(reverse("logistics:crossings") + f"#crossing-{crossing.slug}")


# -- figures -------------------------------------------------------------------------------------


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    groups = selectors.figure_groups(actor=who)
    for group in groups:
        prepare(group["claims"], request)
    return render(
        request,
        "logistics/figures.html",
        {"groups": groups, "can_create": allowed(who, Action.CREATE)},
    )


@login_required
def figure_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = FigureForm(request.POST or None, actor=who)
    if request.method == "POST":
        saved = submit(form, lambda data: services.figure_create(actor=who, **data))
        if saved:
            messages.success(request, gettext("Figure recorded beside the others."))
            return redirect("logistics:figures")
    context = {"form": form, "title": gettext("Record a figure"), "cancel_url": reverse("logistics:figures")}
    return _form_page(request, "logistics/form.html", context, 422 if form.errors else 200)


# -- the picture ---------------------------------------------------------------------------------

STAGE_LABELS = {
    "clearance": _("Clearance (requested → approved)"),
    "waiting_to_enter": _("Approved → entered"),
    "crossing_to_offload": _("Entered → offloaded"),
    "awaiting_collection": _("Offloaded → collected"),
    "in_transit": _("Collected → delivered"),
    "delivery_to_distribution": _("Delivered → distributed"),
}


@login_required
def picture(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = PictureFilterForm(request.GET or None)
    filters = _filters(form)
    try:
        p = selectors.picture(actor=who, **filters)
    except ValidationFailed as exc:
        put_errors(form, exc.errors)
        p = selectors.picture(actor=who)
    labels = [date_format(d, "j M") for d in p.window.days]
    trucks = [d["trucks"] for d in p.days]
    targets = [d["target"] or 0 for d in p.days]
    series = [charts.Series(gettext("Trucks entered"), trucks)]
    if any(targets):
        series.append(charts.Series(gettext("Target in force"), targets, "#444444"))
    context = {
        "form": form,
        "p": p,
        "target": selectors.target_in_force(on=p.window.end),
        "targets": selectors.target_list(code=selectors.TRUCK_TARGET),
        "chart_target": charts.lines(
            labels,
            series,
            title=gettext("Trucks entered per day against the target in force"),
            desc=gettext("%(trucks)s trucks from %(start)s to %(end)s.")
            % {
                "trucks": p.totals.get("trucks", 0),
                "start": date_format(p.window.start),
                "end": date_format(p.window.end),
            },
            id_prefix="chart-target",
        ),
        "chart_crossings": charts.stacked_bars(
            labels,
            [charts.Series(name, values) for name, values in sorted(p.daily_by_crossing.items())],
            title=gettext("Trucks entered per day, by crossing"),
            desc=gettext("Stacked by the crossing they entered through."),
            id_prefix="chart-crossings",
        ),
        "chart_funnel": charts.stacked_bars(
            [str(Stage(f["stage"]).label) for f in p.funnel],
            [charts.Series(gettext("Trucks"), [f["trucks"] for f in p.funnel])],
            title=gettext("The funnel: trucks reaching each stage in the period"),
            desc=gettext("Approved, entered, offloaded, collected, delivered."),
            id_prefix="chart-funnel",
        ),
        "stage_labels": {k: str(v) for k, v in STAGE_LABELS.items()},
        "export_query": request.GET.urlencode(),
        "days": list(zip(p.days, p.funnel[0]["daily"] if p.funnel else [], strict=False)),
    }
    return render(request, "logistics/picture.html", context)


# -- import --------------------------------------------------------------------------------------


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = ImportForm(request.POST or None, request.FILES or None, actor=who)
    report = run = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            report, run = services.consignments_import_file(
                actor=who,
                data=upload.read(),
                filename=upload.name,
                format=data["format"] or None,
                dry_run=data["dry_run"],
                skip_invalid=data["skip_invalid"],
                releasability=data["releasability"],
                shared_with=data["shared_with"],
            )
        except ValidationFailed as exc:
            put_errors(form, exc.errors)
        if report is not None and report.errors and not (data["dry_run"] or data["skip_invalid"]):
            status = 422
    elif request.method == "POST":
        status = 422
    context = {
        "form": form,
        "report": report,
        "run": run,
        "runs": prepare(list(selectors.import_run_list(actor=who)[:10]), request),
        "template_url": reverse("api:import_template"),
    }
    return render(request, "logistics/import.html", context, status=status)
