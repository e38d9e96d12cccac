"""Forms of the partner pages: directory filters, applying to join, profile, contacts, onboarding."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcc.core.choices import Community
from cmcc.core.views_base import SharingForm

from .models import Capability, MembershipStatus, OrgType

ANY = [("", _("Any"))]
COUNTRY_HELP = _("Two-letter ISO code, e.g. NO for Norway.")


def _country(required: bool = False) -> forms.CharField:
    return forms.RegexField(
        label=_("Country"),
        regex=r"^[A-Za-z]{2}$",
        required=required,
        max_length=2,
        help_text=COUNTRY_HELP,
        error_messages={"invalid": _("Use a two-letter ISO 3166 country code, e.g. NO.")},
        widget=forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    community = forms.ChoiceField(label=_("Community"), required=False, choices=ANY + Community.choices)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + OrgType.choices)
    status = forms.ChoiceField(label=_("Membership"), required=False, choices=ANY + MembershipStatus.choices)
    capability = forms.ChoiceField(label=_("Capability"), required=False, choices=ANY + Capability.choices)
    country = forms.CharField(
        label=_("Country"), required=False, max_length=2, widget=forms.TextInput(attrs={"size": 3})
    )


class ApplyForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=200, min_length=2)
    type = forms.ChoiceField(label=_("Type of organisation"), choices=OrgType.choices)
    community = forms.ChoiceField(
        label=_("Community"),
        choices=Community.choices,
        help_text=_("It decides what your organisation may see; the centre checks it before approval."),
    )
    country = _country()
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What your organisation does here"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capabilities = forms.MultipleChoiceField(
        label=_("Capabilities"),
        required=False,
        choices=Capability.choices,
        widget=forms.CheckboxSelectMultiple(),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, min_length=2)
    contact_email = forms.EmailField(label=_("Your e-mail"))
    accepts_terms = forms.BooleanField(
        label=_("I accept the data-sharing terms on behalf of my organisation"), required=True
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, min_length=2)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    country = _country()
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capabilities = forms.MultipleChoiceField(
        label=_("Capabilities"),
        required=False,
        choices=Capability.choices,
        widget=forms.CheckboxSelectMultiple(),
    )


class ContactForm(SharingForm):
    default_releasability = "cmcc"

    name = forms.CharField(label=_("Name"), max_length=200, min_length=2)
    title = forms.CharField(label=_("Function"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False)
    is_liaison_officer = forms.BooleanField(label=_("Liaison officer"), required=False)

    field_order = ["name", "title", "email", "phone", "languages", "is_liaison_officer"]


class TransitionForm(forms.Form):
    event = forms.CharField(max_length=20)
    reason = forms.CharField(required=False, max_length=2000)
