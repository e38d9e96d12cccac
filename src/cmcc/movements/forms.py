"""Forms of the movements pages. Organisation choices come from the selectors, so a form offers (and
accepts) only what the actor may see; geometry is checked by the services (a bad one lands on the
field with the engine's reason)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcc.core.access import Actor
from cmcc.core.choices import Community
from cmcc.core.views_base import SharingForm
from cmcc.partners import selectors as partners

from .models import (
    ConstraintCategory,
    ConstraintDetail,
    DecisionKind,
    ImpededResult,
    MovementStatus,
    Outcome,
    PersonRole,
    Purpose,
    Sector,
    SiteFunction,
    ZoneKind,
)

ANY = [("", _("Any"))]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
YES_NO = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class UTCDateTimeField(forms.DateTimeField):
    """A date and time entered in UTC (the centre works in UTC; pages say so)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is not None:
            result = result.replace(tzinfo=dt.UTC) if result.tzinfo is None else result.astimezone(dt.UTC)
        return result


class GeoJSONField(forms.CharField):
    """A GeoJSON geometry typed or pasted as text (drawn on the map where scripts run)."""

    widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "dir": "ltr"})

    def to_python(self, value: Any) -> dict | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(reason)s") % {"reason": exc}) from None
        if isinstance(data, dict) and data.get("type") == "Feature":
            data = data.get("geometry")
        return data

    def prepare_value(self, value: Any) -> Any:
        return json.dumps(value) if isinstance(value, dict) else value


def _yes_no(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


# -- filters -----------------------------------------------------------------------------------


class MovementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + MovementStatus.choices)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False, choices=ANY + Purpose.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=ANY + Outcome.choices)
    coordination_required = forms.ChoiceField(
        label=_("Coordination required"), required=False, choices=YES_NO
    )
    has_conflicts = forms.ChoiceField(
        label=_("Conflicts with movements or sites"), required=False, choices=YES_NO
    )
    late = forms.ChoiceField(label=_("Late notification"), required=False, choices=YES_NO)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v}
        for key in ("coordination_required", "has_conflicts", "late"):
            if key in data:
                data[key] = _yes_no(data[key])
        return data


class InboxFilterForm(forms.Form):
    received = forms.ChoiceField(label=_("Receipt confirmed"), required=False, choices=YES_NO)
    decided = forms.ChoiceField(label=_("Decision recorded"), required=False, choices=YES_NO)
    decision = forms.ChoiceField(label=_("Decision"), required=False, choices=ANY + DecisionKind.choices)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v}
        for key in ("received", "decided"):
            if key in data:
                data[key] = _yes_no(data[key])
        return data


SITE_STATES = [
    ("", _("Any")),
    ("active", _("Current")),
    ("expiring_soon", _("Expiring soon")),
    ("expired", _("Stale (expired)")),
    ("withdrawn", _("Withdrawn")),
]


class SiteFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    function = forms.ChoiceField(label=_("Function"), required=False, choices=ANY + SiteFunction.choices)
    state = forms.ChoiceField(label=_("State"), required=False, choices=SITE_STATES)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class ZoneFilterForm(forms.Form):
    at = UTCDateTimeField(label=_("In force at (UTC)"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + ZoneKind.choices)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class ConstraintFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=ANY + ConstraintCategory.choices
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ANY + Sector.choices)
    weeks = forms.IntegerField(label=_("Weeks shown"), required=False, min_value=1, max_value=52, initial=8)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


# -- movements ---------------------------------------------------------------------------------


def parse_waypoints(text: str) -> list[dict]:
    """``latitude, longitude[, name]`` per line → waypoints for the service (which validates them)."""
    points = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(",", 2)]
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            raise forms.ValidationError(
                _("Line %(n)s: write “latitude, longitude, name”, e.g. 31.5239, 34.4434, Al-Shifa.")
                % {"n": n}
            ) from None
        points.append({"lat": lat, "lon": lon, "name": parts[2] if len(parts) > 2 else ""})
    return points


def format_waypoints(points: list[dict]) -> str:
    return "\n".join(f"{p['lat']}, {p['lon']}{', ' + p['name'] if p.get('name') else ''}" for p in points)


class MovementForm(SharingForm):
    """Released by default to every community but the parties, which receive their packet instead."""

    default_releasability = "named"
    default_audience = ("humanitarian", "military", "coordination", "observer")

    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.MULTI)
    window_start = UTCDateTimeField(label=_("Window start (UTC)"))
    window_end = UTCDateTimeField(label=_("Window end (UTC)"))
    emergency = forms.BooleanField(
        label=_("Emergency"), required=False, help_text=_("A shorter notice period applies to emergencies.")
    )
    waypoints = forms.CharField(
        label=_("Route waypoints"),
        help_text=_(
            "One per line, in order: latitude, longitude, name (e.g. 31.5239, 34.4434, Al-Shifa). "
            "Click on the map to add a waypoint."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "data-waypoints": ""}),
    )
    vehicle_count = forms.IntegerField(label=_("Vehicles"), min_value=0, max_value=1000, initial=1)
    vehicles = forms.CharField(
        label=_("Vehicle details"), required=False, help_text=_("Types, plates, markings."), max_length=4000
    )
    personnel_count = forms.IntegerField(
        label=_("People on board"),
        min_value=0,
        max_value=10000,
        initial=0,
        help_text=_("The count only. Names go on the movement's page as protected records."),
    )
    cargo_summary = forms.CharField(
        label=_("Cargo summary"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No names of people and no beneficiary data here: parties receive this text."),
    )
    consignment_id = forms.UUIDField(
        label=_("Consignment collected"), required=False, help_text=_("For a collection at a crossing.")
    )
    narrative = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "purpose",
        "sector",
        "window_start",
        "window_end",
        "emergency",
        "waypoints",
        "vehicle_count",
        "vehicles",
        "personnel_count",
        "cargo_summary",
        "partner_orgs",
        "consignment_id",
        "narrative",
    ]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["shared_with"].initial = list(self.default_audience)
        self.fields["partner_orgs"] = forms.ModelMultipleChoiceField(
            label=_("Other organisations in the movement"),
            queryset=partners.organisation_list(
                actor=actor, status="active", community=Community.HUMANITARIAN
            ),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        )
        self.order_fields(self.field_order)

    def clean_waypoints(self) -> list[dict]:
        return parse_waypoints(self.cleaned_data["waypoints"])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["partner_orgs"] = list(data["partner_orgs"])
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    impeded_result = forms.ChoiceField(
        label=_("After the impediment"),
        required=False,
        choices=[("", _("Not known yet / not impeded")), *ImpededResult.choices],
    )
    departed_at = UTCDateTimeField(label=_("Departed at (UTC)"), required=False)
    completed_at = UTCDateTimeField(label=_("Completed at (UTC)"), required=False)
    note = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CheckpointForm(forms.Form):
    checkpoint = forms.CharField(label=_("Checkpoint"), max_length=200, min_length=2)
    arrived_at = UTCDateTimeField(label=_("Arrived at (UTC)"))
    departed_at = UTCDateTimeField(label=_("Departed at (UTC)"), required=False)
    note = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=200, min_length=2)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    document_ref = forms.CharField(label=_("Identity document"), max_length=100, required=False)
    note = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    note = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    changed_window_start = UTCDateTimeField(label=_("Window start as approved (UTC)"), required=False)
    changed_window_end = UTCDateTimeField(label=_("Window end as approved (UTC)"), required=False)
    changed_route = GeoJSONField(
        label=_("Route as approved (GeoJSON LineString)"),
        required=False,
        help_text=_("Only with “approved with changes”."),
    )


# -- sites, zones, constraints -----------------------------------------------------------------


class SiteForm(SharingForm):
    default_releasability = "cmcc"

    name = forms.CharField(label=_("Name"), max_length=200, min_length=2)
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200, required=False)
    function = forms.ChoiceField(label=_("Function"), choices=SiteFunction.choices)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    geometry = GeoJSONField(
        label=_("Or an area (GeoJSON Polygon)"),
        required=False,
        help_text=_("Instead of latitude and longitude."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    occupancy = forms.IntegerField(label=_("Usual occupancy (people)"), min_value=0, required=False)
    valid_until = UTCDateTimeField(
        label=_("Valid until (UTC)"), required=False, help_text=_("Default: the validity period from now.")
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)


class ReconfirmForm(forms.Form):
    valid_until = UTCDateTimeField(label=_("Valid until (UTC)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is the site withdrawn?"), widget=forms.Textarea(attrs={"rows": 2}))


class ZoneForm(SharingForm):
    default_releasability = "cmcc"

    name = forms.CharField(label=_("Name"), max_length=200, min_length=2)
    kind = forms.ChoiceField(label=_("Kind"), choices=ZoneKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    geometry = GeoJSONField(
        label=_("Geometry (GeoJSON)"), help_text=_("Polygon or MultiPolygon; LineString for a line.")
    )
    valid_from = UTCDateTimeField(label=_("In force from (UTC)"))
    valid_to = UTCDateTimeField(label=_("In force until (UTC)"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300, help_text=_("Announcement, map, agreement."))
    note = forms.CharField(label=_("Note"), required=False)

    field_order = ["name", "kind", "authority", "description", "geometry", "valid_from", "valid_to", "source"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["authority"] = forms.ModelChoiceField(
            label=_("Party concerned"),
            queryset=partners.organisation_list(actor=actor, community=Community.PARTY),
        )
        self.order_fields(self.field_order)


class ZoneVersionForm(forms.Form):
    geometry = GeoJSONField(label=_("Geometry (GeoJSON)"))
    valid_from = UTCDateTimeField(label=_("In force from (UTC)"))
    valid_to = UTCDateTimeField(label=_("In force until (UTC)"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False)


class ConstraintForm(SharingForm):
    default_releasability = "cmcc"

    occurred_at = UTCDateTimeField(label=_("Occurred at (UTC)"))
    category = forms.ChoiceField(label=_("Category"), choices=ConstraintCategory.choices)
    detail = forms.ChoiceField(
        label=_("Detail"), required=False, choices=[("", "—"), *ConstraintDetail.choices]
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.MULTI)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    location_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
