"""Settings of the movements app. Each is read when used: a Django setting of the same name wins,
then the environment variable, then the default (HNS practice: 48 h notice, 24 h in emergencies)."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS: dict[str, float] = {
    "CMCC_NOTICE_HOURS": 48,
    "CMCC_NOTICE_HOURS_EMERGENCY": 24,
    "CMCC_SITE_VALIDITY_DAYS": 30,
    "CMCC_SITE_WARNING_DAYS": 7,
    "CMCC_CORRIDOR_METRES": 50,
    "CMCC_SITE_DISTANCE_METRES": 50,
}


def value(name: str) -> float:
    configured = getattr(settings, name, None)
    if configured is None:
        configured = os.environ.get(name)
    if configured is None or configured == "":
        return DEFAULTS[name]
    return float(configured)


def notice_hours() -> int:
    return int(value("CMCC_NOTICE_HOURS"))


def notice_hours_emergency() -> int:
    return int(value("CMCC_NOTICE_HOURS_EMERGENCY"))


def site_validity_days() -> int:
    return int(value("CMCC_SITE_VALIDITY_DAYS"))


def site_warning_days() -> int:
    return int(value("CMCC_SITE_WARNING_DAYS"))


def corridor_metres() -> float:
    return value("CMCC_CORRIDOR_METRES")


def site_distance_metres() -> float:
    return value("CMCC_SITE_DISTANCE_METRES")
