"""Right of reply and publication: a thread per incident per party, released to that party by
the sharing mechanism with only the fields the cell chose to put to it; and public findings,
separate objects created only by the publish step."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import BaseModel, SharedRecord

from ..vocab import Attribution, Category, Determination, Side, ThreadStatus, TimePrecision


class Thread(SharedRecord):
    """The party-facing view of one incident and the dialogue with that party about it.

    Owned by the verification cell and released ``named`` to the party organisation only: the
    party sees this record (the fields put to it) and never the internal incident.
    """

    incident = models.ForeignKey("compliance.Incident", on_delete=models.PROTECT, related_name="threads")
    party_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    status = models.CharField(max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    reference = models.CharField(_("reference"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    occurred_on = models.DateField(_("date"))
    time_precision = models.PositiveSmallIntegerField(choices=TimePrecision.choices, default=1)
    place_name = models.CharField(_("place"), max_length=200, blank=True, default="")
    summary = models.TextField(_("what is alleged"))
    question = models.TextField(_("what the centre asks"), blank=True, default="")
    put_by = models.CharField(max_length=200)

    class Meta(SharedRecord.Meta):
        ordering = ["-created_at"]
        constraints = [
            *SharedRecord.Meta.constraints,
            models.UniqueConstraint(fields=["incident", "party_org"], name="compliance_thread_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.party_org}"


class Message(BaseModel):
    """A message in a thread: the centre's questions and the party's answers. Added, never changed."""

    ACCESS_PARENT = "thread"

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    side = models.CharField(max_length=8, choices=Side.choices)
    text = models.TextField()
    author_name = models.CharField(max_length=200)
    author_org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.side}: {self.text[:40]}"


class PublicFinding(SharedRecord):
    """What the centre publishes about an incident. Created only by the publish step, released
    ``public``; a later publication of the same incident supersedes it (both stay visible)."""

    incident = models.ForeignKey(
        "compliance.Incident", on_delete=models.PROTECT, related_name="public_findings"
    )
    reference = models.CharField(_("reference"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    occurred_on = models.DateField(_("date"))
    time_precision = models.PositiveSmallIntegerField(choices=TimePrecision.choices, default=1)
    place_name = models.CharField(_("place"), max_length=200, blank=True, default="")
    governorate = models.CharField(max_length=100, blank=True, default="")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    determination = models.CharField(max_length=20, choices=Determination.choices)
    attribution = models.CharField(max_length=16, choices=Attribution.choices, blank=True, default="")
    attributed_to = models.CharField(max_length=200, blank=True, default="")
    summary = models.TextField(_("finding"))
    parties_replied = models.TextField(_("right of reply"), blank=True, default="")
    independent_origins = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta(SharedRecord.Meta):
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["published_at"], name="compl_finding_published")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"
