"""Evidence (Berkeley Protocol §4.2): files and links with the SHA-256 of the untouched original,
capture metadata, working copies that point to their original, and an append-only, hash-chained
chain of custody."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import BaseModel, SharedRecord

from ..vocab import CustodyAction, EvidenceKind, Integrity


class Evidence(SharedRecord):
    """A file or a link attached to a report or an incident. The stored original is never
    altered; changes happen on working copies, each recorded in the chain of custody."""

    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    incident = models.ForeignKey(
        "compliance.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    report = models.ForeignKey(
        "compliance.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_copies",
        verbose_name=_("working copy of"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    url = models.URLField(_("source URL"), max_length=1000, blank=True, default="")
    captured_at = models.DateTimeField(_("captured at (UTC)"), null=True, blank=True)
    captured_by = models.CharField(_("captured by"), max_length=200, blank=True, default="")
    capture_tool = models.CharField(_("capture tool or method"), max_length=200, blank=True, default="")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, default="")
    size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True, default="")
    filename = models.CharField(_("file name"), max_length=255, blank=True, default="")
    storage_name = models.CharField(max_length=300, blank=True, default="")
    geolocation = models.CharField(
        _("geolocation claimed"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Where it is said to show."),
    )
    integrity = models.CharField(max_length=10, choices=Integrity.choices, default=Integrity.UNCHECKED)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta(SharedRecord.Meta):
        ordering = ["created_at"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["sha256"], name="compl_evidence_sha256")]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(incident__isnull=False) | Q(report__isnull=False),
                name="compliance_evidence_attached",
            ),
            models.CheckConstraint(
                condition=~Q(kind="file") | (~Q(sha256="") & ~Q(storage_name="")),
                name="compliance_evidence_file_hash",
            ),
            models.CheckConstraint(
                condition=Q(size__isnull=True) | Q(size__gte=0), name="compliance_evidence_size"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CustodyEvent(BaseModel):
    """One entry of an item's chain of custody. Append-only: no service or endpoint changes or
    deletes one, and each entry's hash covers the previous one, so an edit breaks the chain."""

    ACCESS_PARENT = "evidence"

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=16, choices=CustodyAction.choices)
    at = models.DateTimeField()
    actor_name = models.CharField(max_length=200)
    actor_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_custodian = models.CharField(max_length=200, blank=True, default="")
    to_custodian = models.CharField(max_length=200, blank=True, default="")
    sha256_before = models.CharField(max_length=64, blank=True, default="")
    sha256_after = models.CharField(max_length=64, blank=True, default="")
    note = models.TextField(blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["evidence", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "seq"], name="compliance_custody_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.seq}"
