"""Pages for reports and sources: the report form, the list, one report, bulk import, sources
with their reliability history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cmcc.core import access
from cmcc.core.access import Action
from cmcc.core.views_base import actor, allowed, page, paginate, prepare, submit

from .. import selectors, services
from ..forms import GradeForm, ImportForm, RateForm, ReportFilterForm, ReportForm
from ..incidents.services import UNSET
from ..intake import importers
from .common import act


def _filters(form) -> dict:
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = ReportFilterForm(request.GET or None)
    rows = selectors.report_list(actor=who, **_filters(form))
    context = {"form": form, "page_obj": paginate(request, rows), "can_create": allowed(who, Action.CREATE)}
    return page(request, "compliance/reports.html", context, fragments=["results"])


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = ReportForm(request.POST or None, actor=who)
    if request.method == "POST":
        saved = submit(
            form, lambda _d: services.report_create(actor=who, channel="web", **form.report_data())
        )
        if saved:
            messages.success(
                request, gettext("Report received; the correlation engine linked it to an incident.")
            )
            return redirect("compliance:report", saved.pk)
    status = 422 if form.errors else 200
    return render(request, "compliance/report_form.html", {"form": form}, status=status)


@login_required
def report(request: HttpRequest, report_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.report_get(actor=who, report_id=report_id)
    prepare([obj], request)
    assessment = selectors.assessment_for(actor=who, report=obj)
    context = {
        "report": obj,
        "claims": selectors.claims_for(actor=who, reports=[obj]),
        "assessment": assessment,
        "evidence": prepare(list(selectors.evidence_list(actor=who, report=obj)), request),
        "grade_form": GradeForm(initial={"credibility": assessment.credibility, "origin": assessment.origin})
        if assessment
        else None,
        "can_grade": assessment is not None
        and allowed(who, Action.VERIFY)
        and who.org_id == assessment.incident.owner_org_id,
    }
    return render(request, "compliance/report.html", context)


@login_required
@require_POST
def report_grade(request: HttpRequest, report_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.report_get(actor=who, report_id=report_id)
    back = request.POST.get("back") or reverse("compliance:report", args=[obj.pk])
    if not back.startswith("/compliance/"):
        back = reverse("compliance:report", args=[obj.pk])

    def save(data):
        return services.report_grade(
            actor=who,
            report=obj,
            credibility=data["credibility"],
            note=data["note"],
            origin=data["origin"] if "origin" in request.POST else UNSET,
        )

    return act(request, GradeForm(request.POST), save, back, gettext("Report graded."))


@login_required
def report_import(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    access.require(who, Action.CREATE)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload, fmt = form.cleaned_data["file"], form.cleaned_data["format"]
        try:
            rows, errors = importers.rows(importers.read(upload.read(), fmt, upload.name), fmt)
            result = services.reports_import(
                actor=who, rows=rows, row_errors=errors, channel="kobo" if fmt == "kobo" else "file"
            )
        except importers.ImportFailed as exc:
            row_errors = [str(e) for e in exc.row_errors]
        except importers.ValidationFailed as exc:
            form.add_error("file", " ".join(m for msgs in exc.errors.values() for m in msgs))
        else:
            messages.success(request, result.summary)
            return redirect("compliance:reports")
    status = 422 if (form.errors or row_errors) else 200
    return render(request, "compliance/import.html", {"form": form, "row_errors": row_errors}, status=status)


# -- sources -----------------------------------------------------------------------------------


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    rows = selectors.source_list(actor=who, q=request.GET.get("q") or None)
    return page(request, "compliance/sources.html", {"page_obj": paginate(request, rows)})


@login_required
def source(request: HttpRequest, source_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.source_get(actor=who, source_id=source_id)
    prepare([obj], request)
    context = {
        "source": obj,
        "ratings": selectors.source_ratings(actor=who, source=obj),
        "reports": selectors.report_list(actor=who).filter(assessment__source=obj)[:50],
        "rate_form": RateForm(initial={"reliability": obj.reliability}),
        "can_rate": allowed(who, Action.VERIFY) and who.org_id == obj.owner_org_id,
    }
    return render(request, "compliance/source.html", context)


@login_required
@require_POST
def source_rate(request: HttpRequest, source_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.source_get(actor=who, source_id=source_id)
    back = reverse("compliance:source", args=[obj.pk])
    return act(
        request,
        RateForm(request.POST),
        lambda data: services.source_rate(actor=who, source=obj, **data),
        back,
        gettext("Source re-rated."),
    )
