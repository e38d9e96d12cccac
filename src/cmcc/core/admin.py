"""The back office reads; it never writes. Every change goes through the services, which check
access and write the audit trail, so the admin registers every model read-only."""

from __future__ import annotations

from django.contrib import admin

from . import access, audit
from .models import AuditEntry, Place, PlatformSetting, Share


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SharedRecordAdmin(ReadOnlyAdmin):
    """Shared records: owner and releasability in the list; opening a protected one is audited."""

    list_display: tuple[str, ...]

    sharing_columns = ("owner_org", "releasability", "protected")
    list_filter = ("releasability", "protected")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            audit.record_reads(actor=access.actor_for_user(request.user), objs=[obj], action="read")
        return obj


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "time", "actor_name", "actor_org_name", "action", "object_repr")
    list_filter = ("object_type",)
    search_fields = ("action", "object_repr", "actor_name", "request_id")
    ordering = ("-seq",)


@admin.register(PlatformSetting)
class PlatformSettingAdmin(ReadOnlyAdmin):
    list_display = ("key", "value", "updated_at")


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ("name_en", "name_ar", "kind", "pcode", "source")
    list_filter = ("kind",)
    search_fields = ("name_en", "name_ar", "pcode", "alt_names")


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ("content_type", "object_id", "org", "community")
    list_filter = ("content_type", "community")
