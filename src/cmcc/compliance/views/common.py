"""What the compliance pages share: labels of workflow events, error messages from services put
back on the page, and the post-redirect-get used by the incident page's forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from cmcc.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

EVENT_LABELS = {
    "triage": _("Triage"),
    "start_review": _("Start preliminary review"),
    "task": _("Task (field team, imagery, party query)"),
    "draft_findings": _("Findings drafted"),
    "review": _("Reviewed"),
    "rework": _("Send back for rework"),
    "consult_parties": _("Parties consulted"),
    "determine": _("Determine"),
    "outside_mandate": _("Outside mandate"),
    "escalate": _("Escalate"),
    "publish": _("Publish"),
    "follow_up": _("Follow-up"),
    "reopen": _("Reopen"),
}
NEEDS_REASON = {"determine", "outside_mandate", "reopen", "escalate", "rework"}
LEVEL_LABELS = {
    "single": _("Single report"),
    "uncorroborated": _("Uncorroborated (one origin)"),
    "corroborated": _("Corroborated (2–3 origins)"),
    "well_corroborated": _("Well corroborated (4+ origins)"),
}


def form_errors(form) -> str:
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


def act(request: HttpRequest, form, save: Callable[[dict], Any], back: str, done: str) -> HttpResponse:
    """Validate ``form``, call ``save``, and come back to ``back`` with what happened: a success,
    the field errors (422 from the service), a conflict (409) or a refusal (403)."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    try:
        save(form.cleaned_data)
    except ValidationFailed as exc:
        messages.error(
            request,
            " ".join(f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in exc.errors.items()),
        )
    except (Conflict, PermissionDenied) as exc:
        messages.error(request, exc.message)
    except NotFound:
        messages.error(request, str(_("Not found, or not visible to you.")))
    else:
        messages.success(request, done)
    return redirect(back)
