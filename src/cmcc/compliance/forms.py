"""Forms of the compliance pages. Choices of organisations come from the selectors, so a form only
offers what the actor may see; every form's data goes to a service, which validates it again."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcc.core.access import Actor
from cmcc.core.choices import Community, Releasability
from cmcc.core.views_base import SharingForm
from cmcc.partners import selectors as partners

from .intake.importers import FORMATS
from .vocab import (
    Attribution,
    Category,
    Credibility,
    Determination,
    GeoPrecision,
    ObservationMode,
    Reliability,
    SourceType,
    Status,
    TimePrecision,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
ANY = [("", _("Any"))]
RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")


def _range(value: str, field: str) -> tuple[int, int | None] | None:
    if not value.strip():
        return None
    match = RANGE.match(value)
    if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
        raise forms.ValidationError(_("A number, or a range like 3-5."), code=field)
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


class ReportForm(SharingForm):
    default_releasability = Releasability.NAMED

    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the first line.")
    )
    text = forms.CharField(
        label=_("Account"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("In any language.")
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    occurred_time = forms.TimeField(
        label=_("Time (UTC)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave empty when only the date is known."),
    )
    time_precision = forms.TypedChoiceField(
        label=_("How well is the date known?"), choices=TimePrecision.choices, coerce=int, initial=1
    )
    place_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    geo_precision = forms.TypedChoiceField(
        label=_("How well is the place known?"), choices=GeoPrecision.choices, coerce=int, initial=1
    )
    observation_mode = forms.ChoiceField(label=_("How was it observed?"), choices=ObservationMode.choices)
    source_type = forms.ChoiceField(
        label=_("Source type"), choices=[("", _("From my organisation")), *SourceType.choices], required=False
    )
    source_name = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("Who said it (empty: your organisation)."),
    )
    origin = forms.CharField(
        label=_("Derives from"),
        max_length=200,
        required=False,
        help_text=_(
            "A statement, post or report it repeats: reports of one origin never corroborate each other."
        ),
    )
    perpetrator = forms.CharField(label=_("Alleged perpetrator"), max_length=200, required=False)
    victim = forms.CharField(label=_("Alleged victim"), max_length=200, required=False)
    means = forms.CharField(label=_("Weapon or means"), max_length=200, required=False)
    killed = forms.CharField(label=_("Killed (as claimed)"), max_length=20, required=False)
    injured = forms.CharField(label=_("Injured (as claimed)"), max_length=20, required=False)

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["shared_with"].initial = [Community.COORDINATION.value]

    def clean_killed(self):
        return _range(self.cleaned_data.get("killed") or "", "killed")

    def clean_injured(self):
        return _range(self.cleaned_data.get("injured") or "", "injured")

    def report_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, time = data.pop("occurred_on"), data.pop("occurred_time")
        data["occurred_at"] = dt.datetime.combine(day, time or dt.time(12), tzinfo=dt.UTC)
        data["time_known"] = time is not None
        claims = []
        for kind in ("killed", "injured"):
            value = data.pop(kind)
            if value:
                claims.append(
                    {"kind": kind, "population": "unknown", "count": value[0], "count_max": value[1]}
                )
        data["casualties"] = claims
        return data


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=ANY + Category.choices)
    source_type = forms.ChoiceField(label=_("Source type"), required=False, choices=ANY + SourceType.choices)
    ungraded = forms.BooleanField(label=_("Not graded yet"), required=False)


class IncidentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Stage"), required=False, choices=ANY + Status.choices)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=ANY + Category.choices)
    determination = forms.ChoiceField(
        label=_("Determination"), required=False, choices=ANY + [c for c in Determination.choices if c[0]]
    )
    min_origins = forms.IntegerField(
        label=_("At least this many independent origins"), required=False, min_value=1
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("cmcc: CSV, JSON or JSON Lines; kobo: a KoBo or ODK JSON export.")
    )
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f) for f in FORMATS])


class GradeForm(forms.Form):
    credibility = forms.TypedChoiceField(
        label=_("Credibility"),
        choices=[("", "—"), *Credibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    origin = forms.CharField(label=_("Derives from"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EventForm(VersionForm):
    event = forms.CharField(widget=forms.HiddenInput, max_length=30)
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    determination = forms.ChoiceField(
        label=_("Determination"),
        required=False,
        choices=[("", "—")] + [c for c in Determination.choices if c[0]],
    )


class IncidentEditForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(
        label=_("Internal findings"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class AttributionForm(VersionForm):
    attribution = forms.ChoiceField(label=_("Attribution"), choices=[c for c in Attribution.choices if c[0]])
    attributed_to = forms.CharField(label=_("Attributed to"), max_length=200, required=False)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class DissentForm(forms.Form):
    text = forms.CharField(label=_("Dissenting view"), widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(VersionForm):
    other = forms.CharField(
        label=_("Merge in incident"), max_length=20, help_text=_("Its reference, e.g. INC-3F2A9C.")
    )
    reason = forms.CharField(label=_("Why"), max_length=500)


class SplitForm(VersionForm):
    reports = forms.MultipleChoiceField(
        label=_("Reports to move out"), widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})
    )
    into = forms.CharField(
        label=_("Into incident"), max_length=20, required=False, help_text=_("Empty: a new incident.")
    )
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args, reports=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [(str(r.pk), r.title) for r in reports]  # type: ignore[attr-defined]


class ThreadForm(forms.Form):
    party_org: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Party"), queryset=None)
    summary = forms.CharField(
        label=_("What is put to the party"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only this, the reference, category, date and place are released to the party."),
    )
    question = forms.CharField(label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = partners.organisation_list(  # type: ignore[attr-defined]
            actor=actor, community=Community.PARTY, status="active"
        )


class PublishForm(VersionForm):
    title = forms.CharField(label=_("Public title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Public finding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The wording the public reads; the internal findings are never published."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(forms.Form):
    reliability = forms.ChoiceField(label=_("Reliability"), choices=Reliability.choices)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=1000, assume_scheme="https")
    sha256 = forms.CharField(label=_("SHA-256 of a capture"), required=False, max_length=64)
    captured_at = forms.DateTimeField(
        label=_("Captured at (UTC)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    captured_by = forms.CharField(label=_("Captured by"), max_length=200, required=False)
    capture_tool = forms.CharField(label=_("Tool or method"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    protected = forms.BooleanField(label=_("Graphic or identifying material"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Upload a file or give a link."))
        return data


class CopyForm(forms.Form):
    file = forms.FileField(label=_("Working copy"))
    note = forms.CharField(label=_("What was done"), max_length=500)


class TransferForm(forms.Form):
    to_custodian = forms.CharField(label=_("New custodian"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
