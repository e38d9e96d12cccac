"""Shared fixtures: a square zone of party-north, routes across or beside it, times relative to now."""

import datetime as dt

import pytest
from django.utils import timezone

from cmcc.movements import services

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[34.40, 31.45], [34.42, 31.45], [34.42, 31.47], [34.40, 31.47], [34.40, 31.45]]],
}
ACROSS = {"type": "LineString", "coordinates": [[34.38, 31.46], [34.44, 31.46]]}
BESIDE = {"type": "LineString", "coordinates": [[34.38, 31.40], [34.44, 31.40]]}
# crosses ACROSS near (34.39, 31.46), outside the zone
CROSSING = {"type": "LineString", "coordinates": [[34.39, 31.44], [34.39, 31.48]]}


BASE = timezone.now().replace(microsecond=0)  # one "now" per test run, so times compare exactly


def hours(n: float) -> dt.datetime:
    return BASE + dt.timedelta(hours=n)


@pytest.fixture
def zone(world):
    """A restricted area of party-north, in force from a day ago, released to every member."""
    return services.zone_create(
        actor=world.actor("cora"),
        name="Northern restricted area",
        kind="restricted",
        authority=world.orgs["p"],
        geometry=SQUARE,
        valid_from=hours(-24),
        source="Announcement (test)",
        releasability="cmcc",
    )


def notify(world, who="alice", route=ACROSS, start=72, length=6, submit=True, **extra):
    extra.setdefault("releasability", "cmcc")
    return services.movement_create(
        actor=world.actor(who),
        purpose="supply_delivery",
        route=route,
        window_start=hours(start),
        window_end=hours(start + length),
        vehicle_count=3,
        personnel_count=5,
        cargo_summary="Medical supplies",
        submit=submit,
        **extra,
    )


API = "/api/v1/movements"


def call(world, who, method, path, body=None):
    """Call the movements API as ``who`` (None: anonymous); JSON in, response out."""
    import json

    client = world.client(who)
    url = path if path.startswith("/") else f"{API}/{path}"
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def iso(moment) -> str:
    return moment.isoformat()
