"""What was said and by whom: sources with their Admiralty reliability history, reports
(allegations) exactly as received, and the casualty figures each report claims."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import BaseModel, SharedRecord

from ..vocab import (
    ActorType,
    CasualtyKind,
    Category,
    Channel,
    GeoPrecision,
    ObservationMode,
    Population,
    Reliability,
    SourceType,
    TimePrecision,
)


class Source(SharedRecord):
    """A source the verification cell grades: a party's authority, a media outlet, an NGO, a
    hotline, the centre's own monitors. Owned by the cell; reliability A–F with its history."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=SourceType.choices)
    org = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member organisation"),
        help_text=_("When the source is a member organisation of the centre."),
    )
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    description = models.TextField(_("description"), blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["name"]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.UniqueConstraint(fields=["owner_org", "name"], name="compliance_source_unique_name"),
            models.CheckConstraint(
                condition=Q(reliability__in=Reliability.values), name="compliance_source_reliability"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reliability})"


class SourceRating(BaseModel):
    """One (re-)rating of a source: who, when, why. Added, never changed."""

    ACCESS_PARENT = "source"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="ratings")
    reliability = models.CharField(max_length=1, choices=Reliability.choices)
    previous = models.CharField(max_length=1, choices=Reliability.choices, blank=True, default="")
    reason = models.TextField()
    rated_by = models.CharField(max_length=200)
    rated_by_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=Reliability.values), name="compliance_rating_reliability"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source.name}: {self.previous or '—'} → {self.reliability}"


class Report(SharedRecord):
    """An allegation as received. Owned by the organisation that submitted it; it is never edited
    (a correction is a new report), so what each source said stays on the record."""

    external_id = models.CharField(
        _("external id"),
        max_length=120,
        blank=True,
        default="",
        help_text=_("The id in the system it came from (KoBo submission, file row): re-imports skip it."),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    source_type = models.CharField(_("source type"), max_length=20, choices=SourceType.choices)
    source_name = models.CharField(
        _("source"), max_length=200, blank=True, default="", help_text=_("Who said it, as stated.")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("account"), blank=True, default="", help_text=_("In any language."))
    lang = models.CharField(_("language"), max_length=8, blank=True, default="")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    time_known = models.BooleanField(
        _("time of day known"), default=True, help_text=_("Unticked: only the date was given.")
    )
    time_precision = models.PositiveSmallIntegerField(
        _("time precision"), choices=TimePrecision.choices, default=TimePrecision.DAY
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(
        _("place precision"), choices=GeoPrecision.choices, default=GeoPrecision.POINT
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True, default="")
    observation_mode = models.CharField(_("observation mode"), max_length=16, choices=ObservationMode.choices)
    means = models.CharField(_("weapon or means"), max_length=200, blank=True, default="")
    perpetrator = models.CharField(_("alleged perpetrator"), max_length=200, blank=True, default="")
    perpetrator_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    perpetrator_type = models.PositiveSmallIntegerField(
        _("perpetrator type (ACLED inter)"), choices=ActorType.choices, null=True, blank=True
    )
    victim = models.CharField(_("alleged victim"), max_length=200, blank=True, default="")
    victim_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    victim_type = models.PositiveSmallIntegerField(
        _("victim type (ACLED inter)"), choices=ActorType.choices, null=True, blank=True
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    submitted_by = models.CharField(_("submitted by"), max_length=200, blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["category", "occurred_at"], name="compl_report_cat_time"),
            models.Index(fields=["received_at"], name="compl_report_received"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["owner_org", "external_id"],
                condition=~Q(external_id=""),
                name="compliance_report_external_id",
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="compliance_report_latlon",
            ),
            models.CheckConstraint(
                condition=Q(time_precision__gte=1, time_precision__lte=3), name="compliance_report_time_prec"
            ),
            models.CheckConstraint(
                condition=Q(geo_precision__gte=1, geo_precision__lte=3), name="compliance_report_geo_prec"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="compliance_report_category"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CasualtyClaim(BaseModel):
    """A casualty figure as one source claims it. Claims are kept side by side and never summed."""

    ACCESS_PARENT = "report"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="casualty_claims")
    kind = models.CharField(_("kind"), max_length=10, choices=CasualtyKind.choices)
    population = models.CharField(
        _("who"), max_length=12, choices=Population.choices, default=Population.UNKNOWN
    )
    count = models.PositiveIntegerField(_("number"))
    count_max = models.PositiveIntegerField(
        _("up to"), null=True, blank=True, help_text=_("For a range: the highest number claimed.")
    )
    claimed_by = models.CharField(
        _("claimed by"), max_length=200, blank=True, default="", help_text=_("Empty: the report's source.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["kind", "population", "count"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count_max__isnull=True) | Q(count_max__gte=models.F("count")),
                name="compliance_claim_range",
            )
        ]

    def __str__(self) -> str:
        figure = f"{self.count}–{self.count_max}" if self.count_max is not None else str(self.count)
        return f"{figure} {self.kind} ({self.population})"
