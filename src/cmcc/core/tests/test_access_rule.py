"""The visibility rule: the pure predicate and the database query agree on every combination,
and the hard protected rule holds whatever the releasability says."""

import itertools
import uuid

import pytest

from cmcc.core import access
from cmcc.core.access import ANONYMOUS, Action, Actor
from cmcc.core.choices import Community, Releasability

OWNER = uuid.uuid4()
OTHER = uuid.uuid4()


def member(community: str, org_id=OTHER, active=True) -> Actor:
    return Actor(
        kind="user",
        name="x",
        org_id=org_id,
        community=community,
        role="member",
        actions=frozenset({Action.VIEW}),
        active_member=active,
    )


@pytest.mark.parametrize("community", [Community.MILITARY, Community.PARTY])
@pytest.mark.parametrize("releasability", list(Releasability.values))
def test_protected_never_reaches_military_or_party(community, releasability):
    actor = member(community)
    assert not access.can_see(
        actor,
        owner_org_id=OWNER,
        owner_community=community,
        releasability=releasability,
        protected=True,
        share_org_ids=[OTHER],
        share_communities=[community],
    )


def test_protected_named_org_outside_restricted_communities_sees_it():
    actor = member(Community.HUMANITARIAN)
    kwargs = {"owner_org_id": OWNER, "owner_community": "humanitarian", "protected": True}
    assert access.can_see(actor, releasability="named", share_org_ids=[OTHER], **kwargs)
    assert not access.can_see(actor, releasability="named", share_communities=["humanitarian"], **kwargs)
    assert not access.can_see(actor, releasability="cmcc", **kwargs)


def test_owner_always_sees_its_records_even_when_suspended():
    actor = member(Community.MILITARY, org_id=OWNER, active=False)
    assert access.can_see(
        actor, owner_org_id=OWNER, owner_community="military", releasability="org", protected=True
    )


def test_anonymous_sees_only_public_unprotected():
    for rel, prot in itertools.product(Releasability.values, [False, True]):
        expected = rel == "public" and not prot
        assert (
            access.can_see(
                ANONYMOUS, owner_org_id=OWNER, owner_community="donor", releasability=rel, protected=prot
            )
            is expected
        )


def test_suspended_member_sees_only_own_and_public():
    actor = member(Community.HUMANITARIAN, active=False)
    base = {"owner_org_id": OWNER, "owner_community": "humanitarian", "protected": False}
    assert access.can_see(actor, releasability="public", **base)
    for rel in ("cmcc", "community"):
        assert not access.can_see(actor, releasability=rel, **base)
    assert not access.can_see(actor, releasability="named", share_org_ids=[OTHER], **base)


@pytest.mark.django_db
def test_query_and_predicate_agree_on_every_combination(world):
    """Build a decision for every (owner, releasability, protected, grant) combination; then for
    each test person check the database rule against the pure rule, record by record."""
    from cmcc.coordination import services
    from cmcc.coordination.selectors import decision_list
    from cmcc.core import sharing
    from cmcc.core.testing import SYSTEM

    grants = {
        "none": [],
        "org_b": [str(world.orgs["b"].pk)],
        "community_mil": ["military"],
        "org_c": [str(world.orgs["c"].pk)],
    }
    expected_keys = []
    for owner_key, rel, prot, grant in itertools.product("abc", Releasability.values, [False, True], grants):
        shared = grants[grant]
        if (rel == "named") != bool(shared):
            continue
        if prot and (rel not in ("org", "named") or grant == "community_mil"):
            continue
        d = services.decision_create(
            actor=SYSTEM,
            owner_org_id=world.orgs[owner_key].pk,
            title=f"{owner_key}-{rel}-{prot}-{grant}",
            text="t",
            decided_by="x",
            authority="y",
            decided_on="2025-10-20",
            releasability=rel,
            protected=prot,
            shared_with=shared,
        )
        expected_keys.append(d)
    assert len(expected_keys) == 30  # 3 owners × 10 sharing states
    for username in ("alice", "bob", "charlie", "pat", "cora", "sam"):
        actor = world.actor(username)
        seen = set(decision_list(actor=actor).values_list("pk", flat=True))
        for d in expected_keys:
            org_ids, communities = sharing.parse_shared_with(sharing.shared_with(d))
            want = access.can_see(
                actor,
                owner_org_id=d.owner_org_id,
                owner_community=d.owner_org.community,
                releasability=d.releasability,
                protected=d.protected,
                share_org_ids=org_ids,
                share_communities=communities,
            )
            assert (d.pk in seen) is want, (username, d.title)
    assert set(decision_list(actor=ANONYMOUS).values_list("title", flat=True)) == {
        f"{o}-public-False-none" for o in "abc"
    }
