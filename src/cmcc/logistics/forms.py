"""Forms of the logistics pages. Choices (organisations, crossings, items, reasons) come from the
selectors, so a form offers — and accepts — only what the viewer may see."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cmcc.core.access import Actor
from cmcc.core.choices import Community
from cmcc.core.views_base import SharingForm
from cmcc.partners import selectors as partners

from . import selectors
from .choices import (
    Channel,
    CrossingState,
    Decision,
    FigureBasis,
    FigureChannel,
    FigureUnit,
    ImportFormat,
    Interception,
    LineInspection,
    OriginHub,
    RequestStatus,
    Stage,
    Status,
    Unit,
)

DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"})}
WHEN: dict[str, Any] = {
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}
ANY = [("", _("Any"))]


def _crossings(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "—"), *[(c.slug, c.name_en) for c in selectors.crossing_list()]], **kwargs
    )


def _sectors(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "—"), *[(s.code, s.name_en) for s in selectors.sectors()]], **kwargs
    )


class ConsignmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + Status.choices)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=ANY + Channel.choices)
    since = forms.DateField(label=_("Active from"), required=False, **DATE)
    until = forms.DateField(label=_("Active until"), required=False, **DATE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crossing"] = _crossings(label=_("Crossing"), required=False)
        self.fields["sector"] = _sectors(label=_("Main sector"), required=False)


class ConsignmentForm(SharingForm):
    reference = forms.CharField(
        label=_("Reference"), max_length=100, required=False, help_text=_("Yours; generated if left empty.")
    )
    sender_name = forms.CharField(label=_("Sender"), max_length=200)
    consignee_name = forms.CharField(label=_("Consignee"), max_length=200, required=False)
    donor_reference = forms.CharField(label=_("Donor / funding reference"), max_length=200, required=False)
    ref_2720 = forms.CharField(label=_("2720 reference"), max_length=60, required=False)
    srf_number = forms.CharField(label=_("Logistics Cluster SRF number"), max_length=60, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    origin_hub = forms.ChoiceField(
        label=_("Origin hub"), choices=[("", "—"), *OriginHub.choices], required=False
    )
    planned_date = forms.DateField(label=_("Planned date"), required=False, **DATE)
    destination = forms.CharField(label=_("Final destination"), max_length=200, required=False)
    trucks = forms.IntegerField(label=_("Trucks"), min_value=0, initial=1)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    draft = forms.BooleanField(label=_("Keep as a draft (do not register yet)"), required=False)

    field_order = [
        "reference",
        "sender_name",
        "consignee_name",
        "donor_reference",
        "ref_2720",
        "srf_number",
        "channel",
        "corridor",
        "origin_hub",
        "planned_crossing",
        "planned_date",
        "destination",
        "trucks",
        "note",
        "draft",
    ]

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["corridor"] = forms.ChoiceField(
            label=_("Corridor"),
            required=False,
            choices=[("", "—"), *[(c.slug, c.name_en) for c in selectors.corridors()]],
        )
        self.fields["planned_crossing"] = _crossings(label=_("Planned crossing"), required=False)
        self.order_fields(self.field_order)


class LineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.FloatField(label=_("Quantity"), min_value=0, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=[("", "—"), *Unit.choices], required=False)
    weight_kg = forms.FloatField(label=_("Weight (kg)"), min_value=0, required=False)
    pallets = forms.IntegerField(label=_("Pallets"), min_value=0, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = [("", "—"), *[(i.code, f"{i.code} · {i.name}") for i in selectors.item_list()]]
        self.fields["item_code"] = forms.ChoiceField(label=_("Catalogue item"), required=False, choices=items)
        self.fields["sector"] = _sectors(label=_("Sector"), required=False)
        self.order_fields(["item_code", "description", "sector", "quantity", "unit", "weight_kg", "pallets"])

    def line(self) -> dict | None:
        """The line as the service takes it, or ``None`` for an empty row."""
        data = self.cleaned_data
        if not data.get("quantity") and not data.get("description") and not data.get("item_code"):
            return None
        line = {k: v for k, v in data.items() if v not in (None, "")}
        code = line.pop("item_code", None)
        if code:
            line["item"] = selectors.item_by_code(code)
        return line


LineFormSet = forms.formset_factory(LineForm, extra=5, max_num=100)


class EventForm(forms.Form):
    event = forms.CharField(widget=forms.HiddenInput)
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)
    occurred_at = forms.DateTimeField(
        label=_("When (UTC)"), required=False, help_text=_("Default: now."), **WHEN
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    crossing = forms.CharField(required=False)
    interception = forms.ChoiceField(
        label=_("Intercepted by"), required=False, choices=[("", "—"), *Interception.choices]
    )


class InspectionForm(forms.Form):
    """One result per line for an inspection."""

    def __init__(self, *args, lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.ChoiceField(
                label=f"{line.line_no}. {line.description}",
                choices=LineInspection.choices[1:],
                initial=LineInspection.CLEARED,
            )

    def results(self) -> list[dict]:
        return [
            {"line_id": int(name.removeprefix("line_")), "result": value}
            for name, value in self.cleaned_data.items()
            if name.startswith("line_")
        ]


class ClearanceRequestForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an appeal: say why the decision should be reviewed."),
    )
    appeal = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"] = forms.ModelChoiceField(
            label=_("Authority it is addressed to"),
            queryset=partners.organisation_list(actor=actor, community=Community.PARTY, status="active"),
        )
        self.order_fields(["authority", "justification", "appeal"])


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*ANY, *RequestStatus.choices],
    )
    addressed_to_me = forms.BooleanField(label=_("Addressed to my organisation"), required=False)


class DecisionForm(forms.Form):
    """The authority's decision: for the request, and a decision and reason per line."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        reasons = [("", "—"), *[(r.code, r.label_en) for r in selectors.rejection_reasons()]]
        self.fields["reason"] = forms.ChoiceField(
            label=_("Reason (to reject)"), required=False, choices=reasons
        )
        self.order_fields(["decision", "reason", "note"])
        self.line_fields = []
        for line in lines:
            decision = f"line_{line.pk}"
            reason = f"reason_{line.pk}"
            self.fields[decision] = forms.ChoiceField(
                label=f"{line.line_no}. {line.description}",
                required=False,
                choices=[("", _("As the request")), ("approve", _("Approve")), ("reject", _("Reject"))],
            )
            self.fields[reason] = forms.ChoiceField(label=_("Reason"), required=False, choices=reasons)
            self.line_fields.append((line, self[decision], self[reason]))

    def main_fields(self) -> list:
        return [self["decision"], self["reason"], self["note"]]

    def lines(self) -> list[dict]:
        out = []
        for line, decision, reason in self.line_fields:
            value = self.cleaned_data.get(decision.name)
            if value:
                out.append(
                    {
                        "line_id": line.line_id,
                        "decision": value,
                        "reason": self.cleaned_data.get(reason.name) or "",
                    }
                )
        return out


class FigureForm(SharingForm):
    source_name = forms.CharField(label=_("Who said it"), max_length=200)
    stage = forms.ChoiceField(label=_("Stage counted"), choices=Stage.choices)
    channel = forms.ChoiceField(label=_("Channels counted"), choices=FigureChannel.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=FigureUnit.choices)
    basis = forms.ChoiceField(label=_("Basis"), choices=FigureBasis.choices)
    value = forms.FloatField(label=_("Value"), min_value=0)
    period_start = forms.DateField(label=_("From"), **DATE)
    period_end = forms.DateField(label=_("To (inclusive)"), required=False, **DATE)
    method = forms.CharField(label=_("Method"), max_length=300, required=False)
    stated_on = forms.DateField(label=_("Stated on"), required=False, **DATE)
    source_url = forms.URLField(
        label=_("Source address"), required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    default_releasability = "cmcc"


class PictureFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, **DATE)
    until = forms.DateField(label=_("To"), required=False, **DATE)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=ANY + Channel.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crossing"] = _crossings(label=_("Crossing"), required=False)
        self.fields["sector"] = _sectors(label=_("Main sector"), required=False)


class CrossingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CrossingState.choices)
    effective_from = forms.DateField(label=_("Effective from"), **DATE)
    reason = forms.CharField(label=_("Reason"), required=False)
    hours = forms.CharField(label=_("Opening hours"), required=False, max_length=120)
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(
        label=_("Source address"), required=False, max_length=500, assume_scheme="https"
    )


class ImportForm(SharingForm):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    format = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=[("", _("Detect from the header")), *ImportFormat.choices],
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): import nothing"), required=False, initial=True
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid consignments and skip rows with errors"), required=False
    )

    SHARING = ("releasability", "shared_with")  # type: ignore[assignment]

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["protected"]  # imported consignments carry no personal data
        self.fields["releasability"].help_text = _("Who may see the imported consignments.")
