"""Figures as claims, and the record of bulk imports."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import SharedRecord

from ..choices import FigureBasis, FigureChannel, FigureUnit, ImportFormat, Stage


class Figure(SharedRecord):
    """One source's claim about a quantity (e.g. "trucks entered on 20 Oct: 480, says X").

    Claims are never edited or merged: conflicting ones stand side by side, each with who said it,
    through which channel, what stage it counts, its unit, its basis and its method.
    """

    source_name = models.CharField(_("who said it"), max_length=200)
    source_org = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel counted"), max_length=12, choices=FigureChannel.choices)
    stage = models.CharField(_("stage counted"), max_length=12, choices=Stage.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=FigureUnit.choices)
    basis = models.CharField(
        _("basis"), max_length=14, choices=FigureBasis.choices, default=FigureBasis.TOTAL
    )
    value = models.FloatField(_("value"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to (inclusive)"))
    crossing = models.ForeignKey(
        "logistics.Crossing", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        "logistics.Sector", to_field="code", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method"), max_length=300, blank=True, default="")
    stated_on = models.DateField(_("stated on"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")

    class Meta(SharedRecord.Meta):
        ordering = ["-period_start", "stage", "unit", "source_name"]
        indexes = [
            models.Index(fields=["stage", "unit", "period_start"], name="lg_figure_stage_unit"),
        ]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(condition=Q(value__gte=0), name="lg_figure_value_nonneg"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="lg_figure_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_name}: {self.value:g} {self.unit} {self.stage} {self.period_start}"

    @property
    def days(self) -> int:
        return (self.period_end - self.period_start).days + 1

    @property
    def total(self) -> float:
        """The claim as a total over its period (a daily average times the days)."""
        return self.value * self.days if self.basis == FigureBasis.DAILY_AVERAGE else self.value


class ImportRun(SharedRecord):
    """One imported file: what it was, what it created, what it skipped and why."""

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=8, choices=ImportFormat.choices)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    consignments_created = models.PositiveIntegerField(default=0)
    lines_created = models.PositiveIntegerField(default=0)
    already_imported = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.CharField(max_length=200)

    class Meta(SharedRecord.Meta):
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.format})"
