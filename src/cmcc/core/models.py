"""Kernel tables: the base classes every record inherits, sharing grants, the audit trail,
platform settings and the gazetteer of real places shipped with the product."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Community, Releasability


class BaseModel(models.Model):
    """UUID key (non-enumerable, collision-free across laptops) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SharedRecord(BaseModel):
    """A record with an owner organisation and a releasability (BRIEF §4).

    ``named`` grants live in :class:`Share`. ``protected`` marks personal, beneficiary, remains or
    identity data: only the owner and organisations it names outside the military and party
    communities may see it, whatever the releasability says.
    """

    owner_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    releasability = models.CharField(
        _("releasability"), max_length=16, choices=Releasability.choices, default=Releasability.ORG
    )
    protected = models.BooleanField(_("protected data"), default=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(protected=True, releasability__in=["community", "cmcc", "public"]),
                name="%(app_label)s_%(class)s_protected_not_broadcast",
            ),
        ]


class Share(models.Model):
    """One ``named`` grant: a record released to one organisation or one community."""

    id = models.BigAutoField(primary_key=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.UUIDField()
    org = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    community = models.CharField(max_length=16, choices=Community.choices, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_share_object")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(org__isnull=False) & models.Q(community=""))
                | (models.Q(org__isnull=True) & ~models.Q(community="")),
                name="core_share_org_xor_community",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "org"],
                condition=models.Q(org__isnull=False),
                name="core_share_unique_org",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "community"],
                condition=~models.Q(community=""),
                name="core_share_unique_community",
            ),
        ]


class AuditEntry(models.Model):
    """One entry of the append-only, hash-chained audit trail. Written only by ``core.audit``.

    ``seq`` is assigned under the chain-head lock (never a database sequence, which skips values
    on rollback), and ``hash`` covers every column but itself, so an edited, deleted or reordered
    row breaks the chain. ``scope_*`` hold the narrowest sharing state of the record across the
    change: who may read the entry is decided from them by the access module, like any record.
    """

    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(unique=True)
    time = models.DateTimeField(db_index=True)
    actor_id = models.UUIDField(null=True, blank=True)
    actor_name = models.CharField(max_length=200)
    actor_org_id = models.UUIDField(null=True, blank=True)
    actor_org_name = models.CharField(max_length=200, blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.UUIDField(null=True, blank=True)
    object_repr = models.CharField(max_length=300, blank=True, default="")
    before_json = models.TextField(blank=True, default="")
    after_json = models.TextField(blank=True, default="")
    message = models.TextField(blank=True, default="")
    object_ct = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_owner_org_id = models.UUIDField(null=True, blank=True)
    scope_community = models.CharField(max_length=16, blank=True, default="")
    scope_releasability = models.CharField(max_length=16, choices=Releasability.choices)
    scope_protected = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    @property
    def before(self) -> dict[str, Any] | None:
        return json.loads(self.before_json) if self.before_json else None

    @property
    def after(self) -> dict[str, Any] | None:
        return json.loads(self.after_json) if self.after_json else None


class AuditHead(models.Model):
    """The single row that serialises appends to the chain and remembers its tail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)


class PlatformSetting(models.Model):
    """Instance-wide facts stored in the database (e.g. that this instance runs the demo)."""

    key = models.CharField(max_length=80, primary_key=True)
    value = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)


class PlaceKind(models.TextChoices):
    GOVERNORATE = "governorate", _("Governorate")
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    CAMP = "camp", _("Camp")
    CROSSING = "crossing", _("Crossing")
    SITE = "site", _("Site")


class Place(BaseModel):
    """Gazetteer of real places shipped with the product (P-coded areas, towns, crossings),
    with names in English and Arabic and where each fact came from."""

    kind = models.CharField(max_length=16, choices=PlaceKind.choices)
    pcode = models.CharField(max_length=20, blank=True, default="", db_index=True)
    parent_pcode = models.CharField(max_length=20, blank=True, default="")
    name_en = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200, blank=True, default="")
    alt_names = models.TextField(blank=True, default="", help_text="Other spellings, one per line")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    geometry = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry (WGS84)")
    source = models.CharField(max_length=300)
    licence = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["kind", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True) | models.Q(lat__gte=-90, lat__lte=90),
                name="core_place_lat_range",
            ),
            models.CheckConstraint(
                condition=models.Q(lon__isnull=True) | models.Q(lon__gte=-180, lon__lte=180),
                name="core_place_lon_range",
            ),
            models.UniqueConstraint(fields=["kind", "name_en"], name="core_place_unique_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name_en
