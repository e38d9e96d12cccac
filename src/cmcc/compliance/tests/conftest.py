"""The compliance test world: the A/B/C world plus the verification cell's analyst (vera, X, with
``verify``), a second party (party-south, paz, with ``decide``) and helpers to file reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cmcc.core.access import system_actor

SYSTEM = system_actor("test setup")
BASE = dt.datetime(2025, 10, 20, 9, 30, tzinfo=dt.UTC)
API = "/api/v1/compliance"


@pytest.fixture
def cw(world, settings, tmp_path):
    """The compliance world (``cw.world`` is the A/B/C world)."""
    from cmcc.accounts import services as accounts
    from cmcc.partners import services as partners

    settings.MEDIA_ROOT = tmp_path / "files"
    south = partners.organisation_create(
        actor=SYSTEM,
        slug="party-south",
        name="Party South Liaison Office",
        type="party_authority",
        community="party",
    )
    world.orgs["q"] = south
    for username, org, role, grants in (
        ("vera", world.orgs["x"], "member", ["verify"]),
        ("paz", south, "member", ["decide"]),
        ("pia", world.orgs["p"], "member", ["decide"]),
    ):
        user = accounts.user_create(
            actor=SYSTEM, username=username, org=org, role=role, password="x" * 12, extra_actions=grants
        )
        world.users[username] = user
        world.tokens[username] = accounts.token_create(actor=SYSTEM, user=user)[1]
    return world


def report_kwargs(**over) -> dict:
    data = {
        "title": "Shelling near Khan Yunis",
        "text": "Three shells landed east of Khan Yunis at 09:30; two people injured.",
        "category": "fire_across_line",
        "occurred_at": BASE,
        "observation_mode": "seen",
        "lat": 31.3443,
        "lon": 34.3096,
        "geo_precision": 1,
    }
    data.update(over)
    return data


def file_report(world, who: str = "alice", origin: str = "", **over):
    """A report through the service, as ``who``."""
    from cmcc.compliance import services

    return services.report_create(actor=world.actor(who), origin=origin, **report_kwargs(**over))


def post(world, who, path, body, expect=None):
    client = world.client(who)
    r = client.post(f"{API}{path}", json.dumps(body, default=str), content_type="application/json")
    if expect is not None:
        assert r.status_code == expect, r.content
    return r


def get(world, who, path, expect=None):
    r = world.client(who).get(f"{API}{path}")
    if expect is not None:
        assert r.status_code == expect, r.content
    return r
