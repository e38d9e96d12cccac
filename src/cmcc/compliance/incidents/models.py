"""The verification cell's side: incidents grouping reports, its assessment of each report
(credibility, origin, link reasons), analysts' link decisions, the workflow history and dissent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import BaseModel, SharedRecord

from ..vocab import (
    Attribution,
    Category,
    ConstraintKind,
    Determination,
    GeoPrecision,
    LinkMethod,
    Status,
    TimePrecision,
)


class Incident(SharedRecord):
    """One event as the cell establishes it from many reports. Owned by the verification cell.

    ``version`` increases with every analyst change: a change made against an older version is
    refused (409), so two analysts never silently overwrite each other. Attribution is kept apart
    from the determination; both are recorded step by step in :class:`IncidentStep`.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    status = models.CharField(_("stage"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    determination = models.CharField(
        _("determination"), max_length=20, choices=Determination.choices, blank=True, default=""
    )
    attribution = models.CharField(
        _("attribution"), max_length=16, choices=Attribution.choices, blank=True, default=""
    )
    attributed_to = models.CharField(_("attributed to"), max_length=200, blank=True, default="")
    occurred_at = models.DateTimeField(_("occurred at"))
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    time_precision = models.PositiveSmallIntegerField(choices=TimePrecision.choices, default=1)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(choices=GeoPrecision.choices, default=3)
    place_name = models.CharField(_("place"), max_length=200, blank=True, default="")
    governorate = models.CharField(max_length=100, blank=True, default="")
    governorate_pcode = models.CharField(max_length=20, blank=True, default="")
    summary = models.TextField(_("summary"), blank=True, default="")
    findings = models.TextField(_("internal findings"), blank=True, default="")
    report_count = models.PositiveIntegerField(default=0)
    origin_count = models.PositiveIntegerField(
        _("independent origins"), default=0, help_text=_("Reports from one origin count once.")
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta(SharedRecord.Meta):
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["category", "occurred_at"], name="compl_incident_cat_time"),
            models.Index(fields=["status"], name="compl_incident_status"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(condition=Q(version__gte=1), name="compliance_incident_version"),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="compliance_incident_latlon",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="compliance_incident_status_ok"
            ),
            models.CheckConstraint(
                condition=Q(determination__in=Determination.values), name="compliance_incident_determ"
            ),
            models.CheckConstraint(
                condition=Q(attribution__in=Attribution.values), name="compliance_incident_attrib"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Assessment(BaseModel):
    """The cell's assessment of one report: the incident it belongs to and why, its credibility
    (graded independently of the source's reliability), and the origin it derives from."""

    ACCESS_PARENT = "incident"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="assessments")
    report = models.OneToOneField("compliance.Report", on_delete=models.PROTECT, related_name="assessment")
    source = models.ForeignKey(
        "compliance.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    origin = models.CharField(
        _("origin"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("What the report derives from; reports of one origin never corroborate each other."),
    )
    credibility = models.PositiveSmallIntegerField(_("credibility"), null=True, blank=True)
    grading_note = models.TextField(blank=True, default="")
    graded_by = models.CharField(max_length=200, blank=True, default="")
    graded_at = models.DateTimeField(null=True, blank=True)
    link_method = models.CharField(max_length=8, choices=LinkMethod.choices, default=LinkMethod.ENGINE)
    link_score = models.FloatField(null=True, blank=True)
    link_reasons = models.JSONField(default=list, blank=True)
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["report__occurred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credibility__isnull=True) | Q(credibility__gte=1, credibility__lte=6),
                name="compliance_assess_credibility",
            )
        ]
        indexes = [models.Index(fields=["incident", "origin"], name="compl_assess_origin")]

    def __str__(self) -> str:
        return f"{self.report_id} in {self.incident_id}"

    @property
    def origin_key(self) -> str:
        """Independence key: the stated origin, or the report itself when it is its own origin."""
        return f"origin:{self.origin.strip().lower()}" if self.origin.strip() else f"report:{self.report_id}"


class LinkConstraint(SharedRecord):
    """An analyst's decision that two reports are (must-link) or are not (cannot-link) one
    incident. The correlation engine honours it on every later run. Owned by the cell."""

    report_a = models.ForeignKey("compliance.Report", on_delete=models.PROTECT, related_name="+")
    report_b = models.ForeignKey("compliance.Report", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ConstraintKind.choices)
    reason = models.TextField(blank=True, default="")
    decided_by = models.CharField(max_length=200)

    class Meta(SharedRecord.Meta):
        ordering = ["created_at"]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.UniqueConstraint(fields=["report_a", "report_b"], name="compliance_constraint_pair"),
            models.CheckConstraint(
                condition=Q(report_a__lt=models.F("report_b")), name="compliance_pair_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.report_a_id} {self.report_b_id}"


class IncidentStep(BaseModel):
    """One step of the verification workflow: who did it, when, why. Added, never changed."""

    ACCESS_PARENT = "incident"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    event = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(max_length=20, blank=True, default="")
    determination = models.CharField(max_length=20, blank=True, default="")
    attribution = models.CharField(max_length=16, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    actor_name = models.CharField(max_length=200)
    actor_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at", "version"]

    def __str__(self) -> str:
        return f"{self.event} {self.from_status}→{self.to_status}"


class Dissent(BaseModel):
    """A dissenting view on an incident's findings or determination, kept with the record."""

    ACCESS_PARENT = "incident"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="dissents")
    text = models.TextField()
    on_status = models.CharField(max_length=20)
    author_name = models.CharField(max_length=200)
    author_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Dissent by {self.author_name}"
