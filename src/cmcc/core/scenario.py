"""The demo scenario: a synthetic month of a coordination centre on real geography.

``cmcc demo`` builds a :class:`Scenario` and calls ``load(scenario)`` of every installed app that
has a ``demo`` module, in ``INSTALLED_APPS`` order; each step writes through the services, so
the demo is access-checked and audited like real use. Later capabilities add their own step.
Everything is deterministic for a given seed and anchored on today's date (the centre opened
``DAYS`` days ago), so the picture is always current.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import Actor, system_actor
from .models import PlatformSetting
from .selectors import DEMO_KEY

DEMO_PASSWORD = "demo-password"
DAYS = 30

# Demo people shown on the login page of a demo instance: username → what they do.
DEMO_ROLES: dict[str, Any] = {
    "coordinator": _("Coordinator (CMCC staff, admin)"),
    "analyst": _("Monitor / analyst (verification cell)"),
    "humanitarian": _("Humanitarian liaison (UN agency)"),
    "logistics": _("Logistics officer (logistics cluster)"),
    "ngo": _("NGO manager (INGO)"),
    "military": _("Military liaison (delegation)"),
    "party-a": _("Party liaison (Party A)"),
    "party-b": _("Party liaison (Party B)"),
    "donor": _("Donor (fund)"),
    "viewer": _("Viewer (observer delegation)"),
}


@dataclass
class Scenario:
    seed: int = 2025
    days: int = DAYS
    today: dt.date = field(default_factory=timezone.localdate)
    actor: Actor = field(default_factory=lambda: system_actor("demo loader"))
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def day0(self) -> dt.date:
        """The day the centre opened."""
        return self.today - dt.timedelta(days=self.days - 1)

    def day(self, n: int) -> dt.date:
        return self.day0 + dt.timedelta(days=n)

    def at(self, n: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.day(n), dt.time(hour, minute), tzinfo=dt.UTC)


def steps() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cmcc."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return found


@transaction.atomic
def load(scenario: Scenario | None = None, progress=print) -> Scenario:
    scenario = scenario or Scenario()
    for module in steps():
        progress(f"demo: {module.__name__.rsplit('.', 2)[-2]}")
        module.load(scenario)
    PlatformSetting.objects.update_or_create(
        key=DEMO_KEY, defaults={"value": {"loaded": True, "seed": scenario.seed, "day0": str(scenario.day0)}}
    )
    return scenario
