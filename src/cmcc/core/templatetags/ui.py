"""Template pieces every page uses: the sharing badge of a record, a record's audit trail, and
labels for stored codes."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cmcc.core import selectors
from cmcc.core.access import Role
from cmcc.core.choices import Community, Releasability
from cmcc.core.views_base import actor

register = template.Library()

SHORT_LEVELS = {
    Releasability.ORG: _("Organisation only"),
    Releasability.COMMUNITY: _("Community"),
    Releasability.NAMED: _("Named"),
    Releasability.CMCC: _("CMCC members"),
    Releasability.PUBLIC: _("Public"),
}
TRAIL_LENGTH = 50
HIDDEN_FIELDS = {"id", "created_at", "updated_at"}
VALUE_WIDTH = 60
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Where an audited record is shown: object type → URL name taking its id.
DETAIL_URLS = {
    "partners.organisation": "partners:detail",
    "coordination.meeting": "coordination:meeting",
    "coordination.decision": "coordination:decision",
    "coordination.actionitem": "coordination:action-item",
}


def detail_urls() -> dict[str, str]:
    """Detail page of each audited model: the kernel's, plus ``AppConfig.detail_urls`` of feature apps."""
    from django.apps import apps

    names = dict(DETAIL_URLS)
    for config in apps.get_app_configs():
        names.update(getattr(config, "detail_urls", {}))
    return names


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.filter
def community_label(value: str) -> str:
    return _label(Community, value)


@register.filter
def role_label(value: str) -> str:
    return _label(Role, value)


@register.filter
def releasability_label(value: str) -> str:
    return _label(Releasability, value)


@register.simple_tag(takes_context=True)
def centre_admin(context: template.Context) -> bool:
    """Whether the viewer runs the centre (shows the onboarding queue in the menu)."""
    request = context.get("request")
    return bool(request and actor(request).is_centre_admin)


@register.inclusion_tag("core/_sharing.html")
def sharing(obj: Any) -> dict:
    """Owner organisation, releasability badge, named grantees, and the protected mark."""
    return {
        "obj": obj,
        "labels": getattr(obj, "sharing_labels", []),
        "level": obj.releasability,
        "level_short": SHORT_LEVELS.get(obj.releasability, obj.releasability),
        "level_label": _label(Releasability, obj.releasability),
    }


def _short(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    if TIMESTAMP.match(text):  # 2025-10-20T09:00:00.123+00:00 → 2025-10-20 09:00
        text = text[:16].replace("T", " ")
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def changes(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """The fields an entry changed, as (field, before, after); empty for creations and reads."""
    if not before or not after:
        return []
    keys = sorted((set(before) | set(after)) - HIDDEN_FIELDS)
    changed = [k for k in keys if (before.get(k) or None) != (after.get(k) or None)]  # [] and None alike
    return [(k.removesuffix("_id"), _short(before.get(k)), _short(after.get(k))) for k in changed]


@register.inclusion_tag("core/_audit_trail.html", takes_context=True)
def audit_trail(context: template.Context, obj: Any) -> dict:
    """The audit entries of one record the viewer may read, newest first, with what changed."""
    entries = list(selectors.audit_for_object(actor=actor(context["request"]), obj=obj)[:TRAIL_LENGTH])
    for entry in entries:
        entry.changes = changes(entry.before, entry.after)  # type: ignore[attr-defined]
    return {"entries": entries, "request": context["request"]}


@register.filter
def audit_url(entry: Any) -> str:
    """The page of the record an audit entry is about, when there is one."""
    name = detail_urls().get(entry.object_type)
    if not name or not entry.object_id:
        return ""
    try:
        return reverse(name, args=[entry.object_id])
    except NoReverseMatch:
        return ""


@register.simple_tag
def feature_nav(view_name: str | None, public: bool = False) -> list:
    """Navigation entries that feature apps declare in their AppConfig (see core/nav.py)."""
    from cmcc.core.nav import feature_nav as items

    return items(view_name or "", public=public)
