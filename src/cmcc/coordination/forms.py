"""Forms of the coordination pages. Choices of organisations, meetings and decisions come from the
selectors, so a form only offers (and only accepts) what the actor may see."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcc.core.access import Actor
from cmcc.core.views_base import SharingForm
from cmcc.partners import selectors as partners

from . import selectors
from .models import ActionStatus

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"})}
ANY = [("", _("Any"))]


def _orgs(actor: Actor, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=partners.organisation_list(actor=actor), **kwargs)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} — {obj.starts_at:%Y-%m-%d %H:%M}"


class DecisionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} — {obj.decided_on:%Y-%m-%d}"


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    since = forms.DateField(label=_("From"), required=False, **DATE)
    until = forms.DateField(label=_("To"), required=False, **DATE)


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    since = forms.DateField(label=_("From"), required=False, **DATE)
    until = forms.DateField(label=_("To"), required=False, **DATE)

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_by_org"] = _orgs(actor, label=_("Deciding organisation"), required=False)


class ActionItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + ActionStatus.choices)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_org"] = _orgs(actor, label=_("Responsible organisation"), required=False)


class MeetingForm(SharingForm):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=2)
    starts_at = forms.DateTimeField(
        label=_("Starts at (UTC)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        help_text=_("One item per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    field_order = ["title", "starts_at", "location", "chair_org", "agenda", "attendees", "minutes"]

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["chair_org"] = _orgs(actor, label=_("Chair"), required=False)
        self.fields["attendees"] = forms.ModelMultipleChoiceField(
            label=_("Attending organisations"),
            queryset=partners.organisation_list(actor=actor),
            required=False,
            widget=forms.CheckboxSelectMultiple(),
        )
        self.order_fields(self.field_order)


class DecisionForm(SharingForm):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=2)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 5}))
    decided_by = forms.CharField(
        label=_("Decided by"), max_length=200, help_text=_("The person or body that took the decision.")
    )
    authority = forms.CharField(
        label=_("On what authority"), max_length=300, help_text=_("Mandate, agreement clause or delegation.")
    )
    decided_on = forms.DateField(label=_("Decided on"), **DATE)

    field_order = ["title", "text", "decided_by", "decided_by_org", "authority", "decided_on", "meeting"]

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["decided_by_org"] = _orgs(actor, label=_("Deciding organisation"), required=False)
        self.fields["meeting"] = MeetingChoice(
            queryset=selectors.meeting_list(actor=actor), label=_("Meeting"), required=False
        )
        self.order_fields(self.field_order)


class ActionItemForm(SharingForm):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=2)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_on = forms.DateField(label=_("Due on"), required=False, **DATE)

    field_order = ["title", "description", "assigned_org", "due_on", "meeting", "decision"]

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["assigned_org"] = _orgs(
            actor,
            label=_("Responsible organisation"),
            help_text=_("It must be able to see the item: release it to them if it is not yours."),
        )
        self.fields["meeting"] = MeetingChoice(
            queryset=selectors.meeting_list(actor=actor), label=_("Meeting"), required=False
        )
        self.fields["decision"] = DecisionChoice(
            queryset=selectors.decision_list(actor=actor), label=_("Decision"), required=False
        )
        self.order_fields(self.field_order)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Add a follow-up note"), widget=forms.Textarea(attrs={"rows": 3}))


class EventForm(forms.Form):
    event = forms.CharField(max_length=20)
    expected_status = forms.ChoiceField(choices=ActionStatus.choices, required=False)
