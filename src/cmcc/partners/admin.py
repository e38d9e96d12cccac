"""Partners in the back office, read-only (changes go through the services and the audit)."""

from django.contrib import admin

from cmcc.core.admin import ReadOnlyAdmin, SharedRecordAdmin

from .models import (
    Contact,
    MembershipChange,
    Organisation,
    OrgCapability,
    Registration,
    SharingTerms,
    TermsAcceptance,
)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "type", "community", "country", "membership_status")
    list_filter = ("community", "type", "membership_status")
    search_fields = ("name", "short_name", "slug")


@admin.register(OrgCapability)
class OrgCapabilityAdmin(ReadOnlyAdmin):
    list_display = ("org", "code")
    list_filter = ("code",)


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyAdmin):
    list_display = ("org", "status", "effective_on", "reason")
    list_filter = ("status",)


@admin.register(Contact)
class ContactAdmin(SharedRecordAdmin):
    list_display = ("name", "org", "title", "is_liaison_officer", *SharedRecordAdmin.sharing_columns)


@admin.register(Registration)
class RegistrationAdmin(SharedRecordAdmin):
    list_display = (
        "org",
        "authority",
        "authority_name",
        "status",
        "valid_until",
        *SharedRecordAdmin.sharing_columns,
    )


@admin.register(SharingTerms)
class SharingTermsAdmin(ReadOnlyAdmin):
    list_display = ("version", "title", "effective_on")


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("org", "terms", "accepted_by", "accepted_at")
