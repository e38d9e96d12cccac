"""The back office is read-only everywhere, hides secrets, and audits opening protected records."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client

from cmcc.accounts.models import User
from cmcc.coordination import services
from cmcc.core.models import AuditEntry


@pytest.fixture
def staff(world):
    # The back office's own superuser (an operator account, outside the services on purpose).
    user = User.objects.create_superuser(username="operator", password="operator-password-1")
    client = Client()
    client.force_login(user)
    return client


def test_every_registered_model_is_read_only(world):
    request = type("Request", (), {"user": world.users["alice"]})()
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("cmcc."):
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_lists_and_details_open_without_secrets(world, staff):
    for url in ("/admin/core/auditentry/", "/admin/accounts/user/", "/admin/partners/organisation/"):
        assert staff.get(url).status_code == 200, url
    html = staff.get(f"/admin/accounts/user/{world.users['alice'].pk}/change/").content.decode()
    assert "alice" in html and "pbkdf2" not in html and "md5$" not in html
    assert "Save" not in html and 'name="_save"' not in html


def test_opening_a_protected_record_is_audited(world, staff):
    record = services.decision_create(
        actor=world.actor("alice"),
        title="Recovery team identities",
        text="t",
        decided_by="Head of delegation",
        authority="Mandate",
        decided_on=dt.date(2025, 10, 20),
        releasability="org",
        protected=True,
    )
    response = staff.get(f"/admin/coordination/decision/{record.pk}/change/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="coordination.decision.read", object_id=record.pk).exists()
