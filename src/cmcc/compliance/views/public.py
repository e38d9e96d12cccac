"""Public findings (a page and Atom / JSON feeds, no sign-in) and the right-of-reply pages: a
party's inbox of the incidents put to it, and each thread with its messages."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from cmcc.core.access import Action
from cmcc.core.views_base import actor, allowed, page, paginate, prepare

from .. import selectors, services
from ..forms import MessageForm
from .common import act

FEED_SIZE = 50


def findings(request: HttpRequest) -> HttpResponse:
    rows = selectors.public_finding_list(actor=actor(request))
    return page(
        request, "compliance/findings.html", {"page_obj": paginate(request, rows)}, fragments=["results"]
    )


def finding(request: HttpRequest, finding_id) -> HttpResponse:
    obj = selectors.public_finding_get(actor=actor(request), finding_id=finding_id)
    prepare([obj], request)
    return render(request, "compliance/finding.html", {"finding": obj})


def _entries(request: HttpRequest):
    return list(selectors.public_finding_list(actor=actor(request))[:FEED_SIZE])


def _summary(f) -> str:
    lines = [
        f"{f.get_determination_display()}"
        + (f" — {f.get_attribution_display()}: {f.attributed_to}" if f.attributed_to else ""),
        f.summary,
    ]
    if f.parties_replied:
        lines.append(f.parties_replied)
    return "\n\n".join(lines)


def findings_atom(request: HttpRequest) -> HttpResponse:
    feed = Atom1Feed(
        title=gettext("CMCC public findings"),
        link=request.build_absolute_uri(reverse("compliance:findings")),
        description=gettext(
            "Findings the Civil-Military Coordination Center has published on ceasefire compliance."
        ),
        language=get_language(),
        feed_url=request.build_absolute_uri(reverse("compliance:findings-atom")),
    )
    for f in _entries(request):
        feed.add_item(
            title=f"{f.reference} — {f.title}",
            link=request.build_absolute_uri(reverse("compliance:finding", args=[f.pk])),
            description=_summary(f),
            pubdate=f.published_at,
            updateddate=f.updated_at,
            unique_id=f"urn:uuid:{f.pk}",
            categories=[str(f.get_category_display()), str(f.get_determination_display())],
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


def findings_json(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": gettext("CMCC public findings"),
        "home_page_url": request.build_absolute_uri(reverse("compliance:findings")),
        "feed_url": request.build_absolute_uri(reverse("compliance:findings-json")),
        "description": gettext(
            "Findings the Civil-Military Coordination Center has published on ceasefire compliance."
        ),
        "language": get_language(),
        "items": [
            {
                "id": f"urn:uuid:{f.pk}",
                "url": request.build_absolute_uri(reverse("compliance:finding", args=[f.pk])),
                "title": f"{f.reference} — {f.title}",
                "content_text": _summary(f),
                "date_published": f.published_at.isoformat(),
                "date_modified": f.updated_at.isoformat(),
                "tags": [f.category, f.determination, *([f.attribution] if f.attribution else [])],
                "_cmcc": {
                    "reference": f.reference,
                    "category": f.category,
                    "occurred_on": f.occurred_on.isoformat(),
                    "place": f.place_name,
                    "governorate": f.governorate,
                    "determination": f.determination,
                    "attribution": f.attribution,
                    "attributed_to": f.attributed_to,
                    "independent_origins": f.independent_origins,
                },
            }
            for f in _entries(request)
        ],
    }
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/feed+json; charset=utf-8")


# -- right of reply ----------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    status = request.GET.get("status") or None
    rows = selectors.thread_list(actor=who, status=status)
    return page(request, "compliance/inbox.html", {"page_obj": paginate(request, rows), "status": status})


@login_required
def thread(request: HttpRequest, thread_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.thread_get(actor=who, thread_id=thread_id)
    prepare([obj], request)
    party = who.org_id == obj.party_org_id
    cell = who.org_id == obj.owner_org_id
    may_write = obj.status != "closed" and (
        (party and allowed(who, Action.CREATE)) or (cell and allowed(who, Action.VERIFY))
    )
    context = {
        "thread": obj,
        "messages_list": selectors.messages(actor=who, thread=obj),
        "form": MessageForm(),
        "may_write": may_write,
        "is_cell": cell,
    }
    return render(request, "compliance/thread.html", context)


@login_required
@require_POST
def thread_post(request: HttpRequest, thread_id) -> HttpResponse:
    who = actor(request)
    obj = selectors.thread_get(actor=who, thread_id=thread_id)
    back = reverse("compliance:thread", args=[obj.pk])
    return act(
        request,
        MessageForm(request.POST),
        lambda data: services.thread_post(actor=who, thread=obj, text=data["text"]),
        back,
        gettext("Message sent; it is part of the record."),
    )
