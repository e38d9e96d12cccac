"""Pages of the verification cell: the triage queue, the incident list, and the incident page —
reports side by side with grades and link reasons, corroboration by independent origin, casualty
claims with their spread, evidence with hashes and custody, workflow buttons for the steps the
viewer may take, attribution apart from determination, dissent, dialogue threads, merge and split."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cmcc.core.access import Action
from cmcc.core.errors import NotFound
from cmcc.core.views_base import actor, allowed, page, paginate, prepare

from .. import rules, selectors, services
from ..evidence import storage
from ..forms import (
    AttributionForm,
    CopyForm,
    DissentForm,
    EventForm,
    EvidenceForm,
    GradeForm,
    IncidentEditForm,
    IncidentFilterForm,
    MergeForm,
    PublishForm,
    SplitForm,
    ThreadForm,
    TransferForm,
)
from ..picture import corroboration_for
from ..vocab import Credibility, Status
from .common import EVENT_LABELS, LEVEL_LABELS, NEEDS_REASON, act
from .intake import _filters


def _in_cell(who, incident) -> bool:
    return who.org_id == incident.owner_org_id


@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = IncidentFilterForm(request.GET or None)
    rows = selectors.incident_list(actor=who, **_filters(form))
    page_obj = paginate(request, rows)
    for i in page_obj.object_list:
        i.level = rules.corroboration_level(i.report_count, i.origin_count)
        i.level_label = LEVEL_LABELS[i.level]
    context = {"form": form, "page_obj": page_obj, "export_query": request.GET.urlencode()}
    return page(request, "compliance/incidents.html", context, fragments=["results"])


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    page_obj = paginate(request, selectors.triage_queue(actor=who))
    for i in page_obj.object_list:
        i.level = rules.corroboration_level(i.report_count, i.origin_count)
        i.level_label = LEVEL_LABELS[i.level]
        i.ungraded = selectors.assessments(actor=who, incident=i).filter(credibility__isnull=True).count()
    can_run = allowed(who, Action.VERIFY) and selectors.is_cell_member(who)
    return page(
        request, "compliance/triage.html", {"page_obj": page_obj, "can_run": can_run}, fragments=["results"]
    )


def _events(who, incident) -> list[dict]:
    if not _in_cell(who, incident):
        return []
    return [
        {
            "event": e,
            "label": EVENT_LABELS.get(e, e),
            "needs_reason": e in NEEDS_REASON,
            "gate": rules.gate(e),
        }
        for e in rules.allowed_events(incident.status, who.actions)
        if e != rules.Event.PUBLISH
    ]


@login_required
def incident(request: HttpRequest, incident_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.incident_get(actor=who, incident_id=incident_id)
    if obj.status == Status.MERGED and obj.merged_into_id:
        messages.info(request, gettext("%(ref)s was merged into this incident.") % {"ref": obj.reference})
        return redirect("compliance:incident", obj.merged_into_id)
    prepare([obj], request)
    picture = corroboration_for(actor=who, incident=obj)
    cell = _in_cell(who, obj)
    threads = list(selectors.thread_list(actor=who, incident=obj))
    thread_messages = selectors.messages_for(actor=who, threads=threads)
    for t in threads:
        t.message_list = thread_messages[t.pk]  # type: ignore[attr-defined]
    evidence = prepare(list(selectors.evidence_for_incident(actor=who, incident=obj)), request)
    verify = cell and allowed(who, Action.VERIFY)
    decide = cell and allowed(who, Action.DECIDE)
    version = {"version": obj.version}
    context = {
        "incident": obj,
        "picture": picture,
        "level_label": LEVEL_LABELS[picture.corroboration.level],
        "steps": selectors.steps(actor=who, incident=obj),
        "dissents": selectors.dissents(actor=who, incident=obj),
        "threads": threads,
        "evidence": evidence,
        "findings_public": selectors.public_finding_list(actor=who, incident=obj, include_superseded=True),
        "constraints": selectors.constraints_for(actor=who, report_ids=[r.report.pk for r in picture.rows]),
        "events": _events(who, obj),
        "verify": verify,
        "decide": decide,
        "can_dissent": (allowed(who, Action.VERIFY) or allowed(who, Action.DECIDE)) and who.active_member,
        "can_attach": allowed(who, Action.CREATE),
        "credibility_choices": Credibility.choices,
        "edit_form": IncidentEditForm(
            initial={
                **version,
                "title": obj.title,
                "category": obj.category,
                "summary": obj.summary,
                "findings": obj.findings,
            }
        ),
        "attribution_form": AttributionForm(
            initial={
                **version,
                "attribution": obj.attribution or "not_attributed",
                "attributed_to": obj.attributed_to,
            }
        ),
        "merge_form": MergeForm(initial=version),
        "split_form": SplitForm(initial=version, reports=[r.report for r in picture.rows]),
        "thread_form": ThreadForm(actor=who) if verify else None,
        "publish_form": PublishForm(initial={**version, "title": obj.title}),
        "can_publish": decide and rules.Event.PUBLISH in rules.INCIDENT.allowed_events(obj.status),
        "dissent_form": DissentForm(),
        "evidence_form": EvidenceForm(),
        "event_form": EventForm(initial=version),
    }
    return render(request, "compliance/incident.html", context)


def _incident_and_back(request, incident_id):
    who = actor(request)
    obj = selectors.incident_get(actor=who, incident_id=incident_id)
    return who, obj, reverse("compliance:incident", args=[obj.pk])


@login_required
@require_POST
def incident_event(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)

    def save(data):
        return services.incident_transition(
            actor=who,
            incident=obj,
            event=data["event"],
            version=data["version"],
            reason=data["reason"],
            determination=data["determination"],
        )

    form = EventForm(request.POST)
    label = EVENT_LABELS.get(request.POST.get("event", ""), "")
    return act(request, form, save, back, gettext("Step recorded: %(step)s.") % {"step": label})


@login_required
@require_POST
def incident_edit(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)

    def save(data):
        version = data.pop("version")
        return services.incident_update(actor=who, incident=obj, version=version, **data)

    return act(request, IncidentEditForm(request.POST), save, back, gettext("Incident saved."))


@login_required
@require_POST
def incident_attribution(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)
    return act(
        request,
        AttributionForm(request.POST),
        lambda data: services.incident_attribute(actor=who, incident=obj, **data),
        back,
        gettext("Attribution recorded."),
    )


@login_required
@require_POST
def incident_dissent(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)
    return act(
        request,
        DissentForm(request.POST),
        lambda data: services.incident_dissent(actor=who, incident=obj, text=data["text"]),
        back,
        gettext("Dissenting view recorded."),
    )


def _by_reference(who, reference: str):
    try:
        return selectors.incident_by_reference(actor=who, reference=reference)
    except NotFound:
        from cmcc.core.errors import ValidationFailed

        raise ValidationFailed({"reference": f"No incident {reference.strip()} that you may see."}) from None


@login_required
@require_POST
def incident_merge(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)

    def save(data):
        other = _by_reference(who, data["other"])
        return services.incident_merge(
            actor=who, incident=obj, other=other, version=data["version"], other_version=other.version,
            reason=data["reason"],
        )  # fmt: skip

    return act(request, MergeForm(request.POST), save, back, gettext("Incidents merged."))


@login_required
@require_POST
def incident_split(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)
    picture_reports = [r.report for r in corroboration_for(actor=who, incident=obj).rows]
    form = SplitForm(request.POST, reports=picture_reports)
    moved: dict = {}

    def save(data):
        into = _by_reference(who, data["into"]) if data["into"].strip() else None
        chosen = [r for r in picture_reports if str(r.pk) in set(data["reports"])]
        moved["to"] = services.incident_split(
            actor=who,
            incident=obj,
            reports=chosen,
            version=data["version"],
            reason=data["reason"],
            into=into,
            into_version=into.version if into else None,
        )

    response = act(request, form, save, back, gettext("Reports split out."))
    if "to" in moved:
        return redirect("compliance:incident", moved["to"].pk)
    return response


@login_required
@require_POST
def incident_grade(request: HttpRequest, incident_id, report_id) -> HttpResponse:
    who, _obj, back = _incident_and_back(request, incident_id)
    report = selectors.report_get(actor=who, report_id=report_id)
    return act(
        request,
        GradeForm(request.POST),
        lambda data: services.report_grade(
            actor=who,
            report=report,
            credibility=data["credibility"],
            note=data["note"],
            origin=data["origin"],
        ),
        back + f"#report-{report.pk}",
        gettext("Report graded."),
    )


@login_required
@require_POST
def incident_thread(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)
    return act(
        request,
        ThreadForm(request.POST, actor=who),
        lambda data: services.thread_open(actor=who, incident=obj, **data),
        back + "#dialogue",
        gettext("Incident put to the party: the thread is open."),
    )


@login_required
@require_POST
def incident_publish(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)
    return act(
        request,
        PublishForm(request.POST),
        lambda data: services.incident_publish(actor=who, incident=obj, **data),
        back,
        gettext("Finding published."),
    )


@login_required
@require_POST
def incident_evidence(request: HttpRequest, incident_id) -> HttpResponse:
    who, obj, back = _incident_and_back(request, incident_id)
    form = EvidenceForm(request.POST, request.FILES)

    def save(data):
        common = {
            "title": data["title"],
            "incident": obj,
            "description": data["description"],
            "captured_at": data["captured_at"],
            "captured_by": data["captured_by"],
            "capture_tool": data["capture_tool"],
            "protected": data["protected"],
        }
        if data["protected"]:
            common.update(releasability="named", shared_with=[str(obj.owner_org_id)])
        if data["file"]:
            upload = data["file"]
            return services.evidence_upload(
                actor=who, file=upload, filename=upload.name, url=data["url"], **common
            )
        return services.evidence_link(actor=who, url=data["url"], sha256=data["sha256"], **common)

    return act(request, form, save, back + "#evidence", gettext("Evidence added; its hash is on record."))


@login_required
@require_POST
def correlation_run(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    result: dict = {}

    def save(_data):
        result.update(services.correlation_run(actor=who))

    from django import forms

    response = act(request, forms.Form(request.POST), save, reverse("compliance:triage"), "")
    if result:
        messages.success(
            request,
            gettext("Correlation run over %(reports)s reports: %(moved)s moved, %(opened)s new incidents.")
            % result,
        )
    return response


# -- evidence ----------------------------------------------------------------------------------


@login_required
def evidence(request: HttpRequest, evidence_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.evidence_get(actor=who, evidence_id=evidence_id)
    prepare([obj], request)
    context = {
        "item": obj,
        "custody": selectors.custody(actor=who, evidence=obj),
        "copies": prepare(list(selectors.working_copies(actor=who, evidence=obj)), request),
        "copy_form": CopyForm(),
        "transfer_form": TransferForm(),
        "can_copy": allowed(who, Action.CREATE) and obj.kind == "file",
        "can_transfer": allowed(who, Action.EDIT, obj),
    }
    return render(request, "compliance/evidence.html", context)


@login_required
def evidence_download(request: HttpRequest, evidence_id) -> FileResponse:
    who = actor(request)
    obj = selectors.evidence_get(actor=who, evidence_id=evidence_id)
    if obj.kind != "file":
        raise NotFound()
    services.evidence_accessed(actor=who, evidence=obj)
    response = FileResponse(
        storage.open_original(obj.storage_name),
        as_attachment=True,
        filename=obj.filename or obj.sha256,
        content_type=obj.content_type or "application/octet-stream",
    )
    response["X-Content-SHA256"] = obj.sha256
    return response


@login_required
@require_POST
def evidence_copy(request: HttpRequest, evidence_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.evidence_get(actor=who, evidence_id=evidence_id)
    back = reverse("compliance:evidence", args=[obj.pk])
    return act(
        request,
        CopyForm(request.POST, request.FILES),
        lambda data: services.evidence_copy(
            actor=who, original=obj, file=data["file"], filename=data["file"].name, note=data["note"]
        ),
        back,
        gettext("Working copy added; the original is unchanged."),
    )


@login_required
@require_POST
def evidence_transfer(request: HttpRequest, evidence_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.evidence_get(actor=who, evidence_id=evidence_id)
    back = reverse("compliance:evidence", args=[obj.pk])
    return act(
        request,
        TransferForm(request.POST),
        lambda data: services.evidence_transfer(actor=who, evidence=obj, **data),
        back,
        gettext("Handover recorded in the chain of custody."),
    )
