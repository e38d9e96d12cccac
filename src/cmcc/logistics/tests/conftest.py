"""Fixtures of the logistics tests: the A/B/C world plus a party liaison who may decide
(``percy``, party-north, with the ``decide`` grant) and a consignment factory."""

import datetime as dt
import importlib

import pytest


def ensure_reference_data() -> None:
    """Reload the reference data the migrations ship when a test that flushes the database
    (``transaction=True``) ran before in the same process and emptied the tables."""
    from django.apps import apps

    from cmcc.core.models import Place
    from cmcc.logistics.models import Sector

    if Sector.objects.exists():
        return
    if not Place.objects.filter(kind="crossing").exists():
        importlib.import_module("cmcc.core.migrations.0002_reference_places").load(apps, None)
    importlib.import_module("cmcc.logistics.migrations.0002_reference_data").load(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request):
    if "db" in request.fixturenames or "world" in request.fixturenames or "lw" in request.fixturenames:
        request.getfixturevalue("db")
        ensure_reference_data()


@pytest.fixture
def lw(world):
    """The test world with ``percy``: a party liaison holding the ``decide`` grant."""
    from cmcc.accounts import services as accounts
    from cmcc.core.testing import SYSTEM

    user = accounts.user_create(
        actor=SYSTEM,
        username="percy",
        org=world.orgs["p"],
        role="member",
        password="x" * 12,
        extra_actions=["decide"],
    )
    world.users["percy"] = user
    world.tokens["percy"] = accounts.token_create(actor=SYSTEM, user=user)[1]
    return world


LINES = [
    {
        "description": "Wheat flour, 25 kg bags",
        "sector": "FOOD",
        "quantity": 800,
        "unit": "bag",
        "weight_kg": 20000,
        "pallets": 16,
    },
    {
        "description": "Water purification tablets",
        "sector": "WASH",
        "quantity": 40,
        "unit": "carton",
        "weight_kg": 400,
        "pallets": 2,
    },
]


@pytest.fixture
def make_consignment(lw):
    from cmcc.logistics import services

    def make(who="alice", lines=LINES, register=True, **kwargs):
        kwargs.setdefault("sender_name", "Alpha Relief Agency")
        kwargs.setdefault("channel", "un2720")
        kwargs.setdefault("trucks", 2)
        return services.consignment_create(actor=lw.actor(who), lines=lines, register=register, **kwargs)

    return make


def days_ago(n: int, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    base = timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base - dt.timedelta(days=n)
