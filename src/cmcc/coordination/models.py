"""The daily coordination cycle: meetings, decisions (who decided, on what authority), action items."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cmcc.core.models import BaseModel, SharedRecord


class Meeting(SharedRecord):
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True, default="")
    chair_org = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        null=True,
        blank=True,
        verbose_name=_("chair"),
    )
    agenda = models.TextField(_("agenda"), blank=True, default="", help_text=_("One item per line."))
    minutes = models.TextField(_("minutes"), blank=True, default="")
    attendees = models.ManyToManyField(
        "partners.Organisation", related_name="meetings_attended", blank=True, verbose_name=_("attending")
    )

    class Meta(SharedRecord.Meta):
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at"], name="coord_meeting_starts")]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Decision(SharedRecord):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("decision"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("The person or body that took the decision.")
    )
    decided_by_org = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="decisions_taken",
        null=True,
        blank=True,
        verbose_name=_("deciding organisation"),
    )
    authority = models.CharField(
        _("on what authority"), max_length=300, help_text=_("Mandate, agreement clause or delegation.")
    )
    decided_on = models.DateField(_("decided on"))

    class Meta(SharedRecord.Meta):
        ordering = ["-decided_on", "-created_at"]
        indexes = [models.Index(fields=["decided_on"], name="coord_decision_date")]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(SharedRecord):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="action_items", null=True, blank=True
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="action_items", null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    assigned_org = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="action_items_assigned",
        verbose_name=_("responsible organisation"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta(SharedRecord.Meta):
        ordering = ["status", "due_on", "-created_at"]
        indexes = [models.Index(fields=["status", "due_on"], name="coord_action_status_due")]

    def __str__(self) -> str:
        return self.title


class FollowUp(BaseModel):
    """A follow-up note on an action item; notes are added, never edited."""

    ACCESS_PARENT = "item"

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="follow_ups")
    text = models.TextField(_("note"))
    author_name = models.CharField(max_length=200)
    author_org = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Follow-up on {self.item}"
