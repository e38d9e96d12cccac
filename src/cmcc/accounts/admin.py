"""People and tokens in the back office, read-only: accounts are created with `cmcc user create`
or through the services. Password and token hashes are never shown."""

from django.contrib import admin

from cmcc.core.admin import ReadOnlyAdmin

from .models import ApiToken, LoginFailure, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "org", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "email")
    exclude = ("password",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    list_display = ("username", "address", "at")
    search_fields = ("username", "address")
