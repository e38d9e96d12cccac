"""People (one organisation, one role there), personal API tokens, failed-login records."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from cmcc.core.access import Role
from cmcc.core.choices import Releasability
from cmcc.core.models import BaseModel


class User(AbstractUser):
    ACCESS_POLICY = "people"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    extra_actions = models.JSONField(
        _("extra actions"), default=list, blank=True, help_text="Grants on top of the role: verify, decide."
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True, default="")
    preferred_language = models.CharField(max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return self.username

    def audit_scope(self) -> tuple:
        """Account changes are visible to the person's own organisation."""
        return (self.org_id, self.org.community if self.org else "", Releasability.ORG)


class ApiToken(BaseModel):
    """A personal API token. Only its SHA-256 is stored; the token is shown once at creation."""

    ACCESS_PARENT = "user"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="API token")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def audit_scope(self) -> tuple:
        return (self.user.org_id, self.user.org.community if self.user.org else "", Releasability.ORG)


class LoginFailure(models.Model):
    """A failed sign-in (never the password), used to throttle guessing."""

    id = models.BigAutoField(primary_key=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField(db_index=True)
