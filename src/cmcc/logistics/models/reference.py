"""Reference data of the pipeline: sectors, rejection reasons, corridors, crossings with their dated
status and capacity, the item catalogue with its versioned classification, and targets.

All of it is readable by anyone (``ACCESS_POLICY = "public"``): it is the shared vocabulary of the
centre, and every entry names its source. Rows that describe a change over time (a crossing's
status, a capacity, a classification, a target) are never edited: a change is a new row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmcc.core.choices import Releasability
from cmcc.core.models import BaseModel

from ..choices import CrossingKind, CrossingState, TargetKind


class ReferenceAudit:
    """Changes to shared reference data are readable by every member of the centre."""

    def audit_scope(self) -> tuple:
        return (None, "", Releasability.CMCC)


class Sector(ReferenceAudit, BaseModel):
    """A sector / commodity code (domain §1.5). Records point at it by code (``to_field``), so
    tables and exports group on the code without a join."""

    ACCESS_POLICY = "public"

    code = models.CharField(max_length=20, unique=True)
    name_en = models.CharField(max_length=100)
    name_ar = models.CharField(max_length=100, blank=True, default="")
    source = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_en


class RejectionReason(ReferenceAudit, BaseModel):
    """Why a clearance request or line was refused (domain §1.4). Referenced by code."""

    ACCESS_POLICY = "public"

    code = models.CharField(max_length=40, unique=True)
    label_en = models.CharField(max_length=120)
    label_ar = models.CharField(max_length=120, blank=True, default="")
    description = models.TextField(blank=True, default="")
    source = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label_en


class Corridor(ReferenceAudit, BaseModel):
    """A supply corridor into Gaza (the 2720 mechanism's corridors: Jordan, Cyprus, Egypt, …)."""

    ACCESS_POLICY = "public"

    slug = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=120)
    name_ar = models.CharField(max_length=120, blank=True, default="")
    description = models.TextField(blank=True, default="")
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Crossing(ReferenceAudit, BaseModel):
    """A crossing or port of entry. Coordinates live on the gazetteer place it links to, and only
    where a source gave them."""

    ACCESS_POLICY = "public"

    slug = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=120)
    name_ar = models.CharField(max_length=120, blank=True, default="")
    alt_names = models.TextField(blank=True, default="", help_text=_("Other names, one per line"))
    kind = models.CharField(max_length=20, choices=CrossingKind.choices)
    place = models.ForeignKey("core.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    corridor = models.ForeignKey(
        Corridor, null=True, blank=True, on_delete=models.PROTECT, related_name="crossings"
    )
    description = models.TextField(blank=True, default="")
    source = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def lat(self) -> float | None:
        return self.place.lat if self.place_id and self.place else None

    @property
    def lon(self) -> float | None:
        return self.place.lon if self.place_id and self.place else None

    def names(self) -> list[str]:
        extra = [n.strip() for n in self.alt_names.splitlines() if n.strip()]
        return [self.slug, self.name_en, self.name_ar, *extra]


class CrossingStatus(ReferenceAudit, BaseModel):
    """One dated, sourced step of a crossing's status timeline."""

    ACCESS_POLICY = "public"

    crossing = models.ForeignKey(Crossing, on_delete=models.PROTECT, related_name="statuses")
    effective_from = models.DateField(_("effective from"))
    status = models.CharField(_("status"), max_length=12, choices=CrossingState.choices)
    reason = models.TextField(_("reason"), blank=True, default="")
    hours = models.CharField(_("opening hours"), max_length=120, blank=True, default="")
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500, blank=True, default="")
    recorded_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["crossing", "-effective_from", "-created_at"]
        indexes = [models.Index(fields=["crossing", "effective_from"], name="lg_crossstatus_date")]

    def __str__(self) -> str:
        return f"{self.crossing} {self.status} from {self.effective_from}"


class CrossingCapacity(ReferenceAudit, BaseModel):
    """A dated, sourced statement of what a crossing can handle."""

    ACCESS_POLICY = "public"

    crossing = models.ForeignKey(Crossing, on_delete=models.PROTECT, related_name="capacities")
    effective_from = models.DateField(_("effective from"))
    trucks_per_day = models.PositiveIntegerField(_("trucks per day"), null=True, blank=True)
    screening_lanes = models.PositiveSmallIntegerField(_("screening lanes"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, default="")
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500, blank=True, default="")
    recorded_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["crossing", "-effective_from", "-created_at"]
        indexes = [models.Index(fields=["crossing", "effective_from"], name="lg_crosscap_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(trucks_per_day__isnull=False) | Q(screening_lanes__isnull=False),
                name="lg_capacity_says_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.crossing} capacity from {self.effective_from}"


class Item(ReferenceAudit, BaseModel):
    """A catalogue entry. Its dual-use / restricted classification is versioned separately."""

    ACCESS_POLICY = "public"

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(Sector, to_field="code", on_delete=models.PROTECT, related_name="items")
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True, default="")
    default_unit = models.CharField(_("default unit"), max_length=10, blank=True, default="")
    unit_weight_kg = models.FloatField(_("weight per unit (kg)"), null=True, blank=True)
    cold_chain = models.BooleanField(_("cold chain"), default=False)
    dangerous_goods = models.BooleanField(_("dangerous goods"), default=False)
    created_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_weight_kg__isnull=True) | Q(unit_weight_kg__gte=0),
                name="lg_item_weight_nonneg",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ItemClassification(ReferenceAudit, BaseModel):
    """One version of an item's dual-use / restricted classification, with the list it comes from.
    A reclassification is a new version; earlier versions stay, and lines keep the one in force
    when they were registered."""

    ACCESS_POLICY = "public"

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="classifications")
    version = models.PositiveIntegerField()
    dual_use = models.BooleanField(_("dual-use"), default=False)
    restricted = models.BooleanField(_("restricted"), default=False)
    effective_from = models.DateField(_("effective from"))
    source_list = models.CharField(_("source list"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    recorded_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="lg_itemclass_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} v{self.version}"


class Target(ReferenceAudit, BaseModel):
    """A dated, versioned, sourced target, obligation or need (e.g. 600 trucks per day).

    A change is a new version of the same ``code`` with the stated reason; the value in force on
    a day is the version with the latest ``effective_from`` on or before it.
    """

    ACCESS_POLICY = "public"

    code = models.SlugField(_("series"), max_length=60)
    version = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=TargetKind.choices)
    title = models.CharField(_("title"), max_length=200)
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=40)
    includes = models.CharField(_("what it counts"), max_length=300, blank=True, default="")
    effective_from = models.DateField(_("effective from"))
    set_by = models.CharField(_("set or stated by"), max_length=200)
    reason = models.TextField(_("stated reason"), blank=True, default="")
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500, blank=True, default="")
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    recorded_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["code", "-effective_from", "-version"]
        indexes = [models.Index(fields=["code", "effective_from"], name="lg_target_code_date")]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="lg_target_unique_version"),
            models.CheckConstraint(condition=Q(value__gte=0), name="lg_target_value_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}: {self.value:g} {self.unit}"
