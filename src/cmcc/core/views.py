"""The home page (a dashboard for members, a public landing page for everyone else) and the audit
trail page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cmcc.coordination import selectors as coordination
from cmcc.partners import selectors as partners

from . import charts, selectors
from .access import ANONYMOUS
from .choices import Community
from .models import SharedRecord
from .templatetags.ui import changes
from .views_base import actor, page, paginate, prepare

SHOWN = 5


def dashboard(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    if who.is_anonymous:
        return landing(request)
    now = timezone.now()
    start = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=dt.UTC)
    participation = partners.participation(actor=who)
    members = _members_today(participation["series"])
    meetings_today = prepare(
        list(coordination.meeting_list(actor=who, since=start, until=start + dt.timedelta(days=1))), request
    )
    upcoming = coordination.meeting_list(actor=who, since=start + dt.timedelta(days=1)).order_by("starts_at")
    context = {
        "chart": participation_chart(participation),
        "members": members,
        "participation_rows": [
            (day, [participation["series"][c][i] for c, _, _ in members])
            for i, day in enumerate(participation["days"])
        ],
        "members_total": sum(count for _, _, count in members),
        "open_count": coordination.action_item_list(actor=who, status="open").count(),
        "overdue_count": coordination.action_item_list(actor=who, overdue=True).count(),
        "my_items": prepare(
            list(coordination.action_item_list(actor=who, status="open", assigned_org_id=who.org_id)[:SHOWN]),
            request,
        ),
        "meetings_today": meetings_today,
        "upcoming": prepare(list(upcoming[:SHOWN]), request),
        "decisions": prepare(list(coordination.decision_list(actor=who)[:SHOWN]), request),
        "now": now,
        "today": timezone.localdate(),
    }
    return page(request, "core/dashboard.html", context)


def _members_today(series: dict[str, list[int]]) -> list[tuple[str, str, int]]:
    """(community, label, active members on the last day) in the vocabulary's order."""
    return [(c.value, str(c.label), series[c.value][-1]) for c in Community if series.get(c.value)]


def participation_chart(data: dict) -> str:
    days, series = data["days"], data["series"]
    present = [c for c in Community if c.value in series]
    total = sum(series[c.value][-1] for c in present) if days else 0
    return charts.stacked_area(
        [date_format(d, "j M") for d in days],
        [charts.Series(str(c.label), series[c.value], charts.COMMUNITY_COLOURS[c.value]) for c in present],
        title=gettext("Active member organisations by community, per day"),
        desc=gettext("From %(start)s to %(end)s; %(total)s active members on the last day.")
        % {
            "start": date_format(days[0]) if days else "",
            "end": date_format(days[-1]) if days else "",
            "total": total,
        },
        id_prefix="participation",
    )


def landing(request: HttpRequest) -> HttpResponse:
    """What the centre is, what it has published, and the ways in."""
    decisions = prepare(list(coordination.decision_list(actor=ANONYMOUS)[:10]), request)
    return page(request, "core/landing.html", {"decisions": decisions})


# -- the audit trail ---------------------------------------------------------------------------


def audited_types() -> list[tuple[str, str]]:
    """Record types that have an audit trail, as (object type, readable name)."""
    found = [
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize())
        for m in apps.get_models()
        if m.__module__.startswith("cmcc.") and (issubclass(m, SharedRecord) or hasattr(m, "audit_scope"))
    ]
    return sorted(found, key=lambda t: t[1])


class AuditFilterForm(forms.Form):
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_("An action code or its beginning, e.g. coordination.decision"),
    )
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All types")), *audited_types()]
        self.fields["object_type"].choices = choices  # type: ignore[attr-defined]


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    since = filters.get("since")
    entries = selectors.audit_list(
        actor=who,
        object_type=filters.get("object_type") or None,
        action=filters.get("action") or None,
        since=dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC) if since else None,
    )
    page_obj = paginate(request, entries)
    for entry in page_obj.object_list:
        entry.changes = changes(entry.before, entry.after)
    return page(request, "core/audit.html", {"form": form, "page_obj": page_obj}, fragments=["results"])
