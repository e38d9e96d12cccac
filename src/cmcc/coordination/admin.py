"""The coordination cycle in the back office, read-only (changes go through the services)."""

from django.contrib import admin

from cmcc.core.admin import ReadOnlyAdmin, SharedRecordAdmin

from .models import ActionItem, Decision, FollowUp, Meeting


@admin.register(Meeting)
class MeetingAdmin(SharedRecordAdmin):
    list_display = ("title", "starts_at", "chair_org", *SharedRecordAdmin.sharing_columns)
    search_fields = ("title",)


@admin.register(Decision)
class DecisionAdmin(SharedRecordAdmin):
    list_display = ("title", "decided_on", "decided_by", "decided_by_org", *SharedRecordAdmin.sharing_columns)
    search_fields = ("title", "text")


@admin.register(ActionItem)
class ActionItemAdmin(SharedRecordAdmin):
    list_display = ("title", "assigned_org", "due_on", "status", *SharedRecordAdmin.sharing_columns)
    list_filter = ("status", *SharedRecordAdmin.list_filter)  # type: ignore[assignment]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("item", "author_name", "author_org", "created_at")
