"""The test world (CONVENTIONS rule 10): organisations A, B and C, and their people.

- A ``alpha-relief``  humanitarian UN agency — alice (member), avery (viewer), ada (admin)
- B ``bravo-aid``     humanitarian INGO, shares with A by community and by name — bob (member)
- C ``charlie-cmd``   military — charlie (member), never entitled to protected data
- P ``party-north``   party authority — pat (member)
- X ``cmcc-staff``    coordination: the centre's own staff — cora (admin: a centre admin)
- S ``sierra-gone``   humanitarian, suspended — sam (member)

Every person has an API token; ``world.client("alice")`` is a Django test client that sends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from .access import Actor, actor_for_user, system_actor

SYSTEM = system_actor("test setup")

ORGS = {
    "a": ("alpha-relief", "Alpha Relief Agency", "un_agency", "humanitarian", "CH"),
    "b": ("bravo-aid", "Bravo Aid International", "ingo", "humanitarian", "NO"),
    "c": ("charlie-cmd", "Charlie Command", "military", "military", "US"),
    "p": ("party-north", "Party North Liaison Authority", "party_authority", "party", ""),
    "x": ("cmcc-staff", "CMCC Coordination Staff", "delegation", "coordination", ""),
    "s": ("sierra-gone", "Sierra Suspended Relief", "nngo", "humanitarian", "PS"),
}
PEOPLE = {
    "alice": ("a", "member"),
    "avery": ("a", "viewer"),
    "ada": ("a", "admin"),
    "bob": ("b", "member"),
    "charlie": ("c", "member"),
    "pat": ("p", "member"),
    "cora": ("x", "admin"),
    "sam": ("s", "member"),
}
PASSWORD = "correct horse battery staple"


@dataclass
class World:
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def actor(self, username: str) -> Actor:
        user = self.users[username]
        user.refresh_from_db()
        user.org.refresh_from_db()
        return actor_for_user(user)

    def client(self, username: str | None = None) -> Client:
        if username is None:
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[username]}")

    def web(self, username: str) -> Client:
        c = Client()
        c.force_login(self.users[username])
        return c


def make_world() -> World:
    from cmcc.accounts import services as accounts
    from cmcc.partners import services as partners

    world = World()
    for key, (slug, name, type_, community, country) in ORGS.items():
        world.orgs[key] = partners.organisation_create(
            actor=SYSTEM, slug=slug, name=name, type=type_, community=community, country=country
        )
    partners.organisation_transition(
        actor=SYSTEM, org=world.orgs["s"], event="suspend", reason="test: suspended"
    )
    for username, (org_key, role) in PEOPLE.items():
        user = accounts.user_create(
            actor=SYSTEM, username=username, org=world.orgs[org_key], role=role, password=PASSWORD
        )
        world.users[username] = user
        world.tokens[username] = accounts.token_create(actor=SYSTEM, user=user)[1]
    return world
