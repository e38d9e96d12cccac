"""The audit trail: one entry per change in the same transaction, hash-chained so that editing,
deleting or reordering any entry is found by `cmcc audit verify`, and readable only within the
sharing state the record had."""

import itertools
import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cmcc.core import audit
from cmcc.core.models import AuditEntry, AuditHead
from cmcc.core.testing import SYSTEM


def run_verify(capsys) -> tuple[int, str]:
    try:
        call_command("audit", "verify")
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def trail(world):
    assert AuditEntry.objects.count() > 10
    return world


def test_intact_trail_verifies(trail, capsys):
    code, out = run_verify(capsys)
    assert code == 0 and "intact" in out


def test_edited_entry_is_named(trail, capsys):
    sql("UPDATE core_auditentry SET message = %s WHERE seq = %s", "rewritten", 5)
    code, out = run_verify(capsys)
    assert code == 1 and "#5" in out and "edited" in out


def test_edited_before_after_json_is_named(trail, capsys):
    entry = AuditEntry.objects.get(seq=3)
    after = json.loads(entry.after_json)
    after["name"] = "Someone else"
    sql("UPDATE core_auditentry SET after_json = %s WHERE seq = 3", json.dumps(after))
    code, out = run_verify(capsys)
    assert code == 1 and "#3" in out


def test_deleted_entry_is_named(trail, capsys):
    sql("DELETE FROM core_auditentry WHERE seq = 7")
    code, out = run_verify(capsys)
    assert code == 1 and "#7" in out and "missing" in out


def test_deleted_last_entry_is_found(trail, capsys):
    last = AuditHead.objects.get().seq
    sql("DELETE FROM core_auditentry WHERE seq = %s", last)
    code, out = run_verify(capsys)
    assert code == 1 and f"#{last}" in out


def test_reordered_entries_are_found(trail, capsys):
    sql("UPDATE core_auditentry SET seq = -1 WHERE seq = 4")
    sql("UPDATE core_auditentry SET seq = 4 WHERE seq = 5")
    sql("UPDATE core_auditentry SET seq = 5 WHERE seq = -1")
    code, out = run_verify(capsys)
    assert code == 1 and "#4" in out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_entries_are_written_only_inside_the_change_transaction():
    from cmcc.partners import services

    org = services.organisation_create(
        actor=SYSTEM, slug="tx-org", name="Tx", type="ingo", community="humanitarian"
    )
    with pytest.raises(RuntimeError):
        audit.record(actor=SYSTEM, action="partners.organisation.touched", obj=org)
    with transaction.atomic():
        entry = audit.record(actor=SYSTEM, action="partners.organisation.touched", obj=org, message="test")
    assert entry.seq == AuditHead.objects.get().seq and entry.prev_hash != entry.hash


def test_failed_change_leaves_no_entry(world):
    from cmcc.coordination import services
    from cmcc.core.errors import ValidationFailed

    count = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed):
        services.decision_create(
            actor=world.actor("alice"),
            title="",
            text="t",
            decided_by="x",
            authority="y",
            decided_on="2025-10-20",
        )
    assert AuditEntry.objects.count() == count


def test_earlier_private_states_do_not_leak_through_the_trail(world):
    """A record drafted privately and then published: partners see only entries made once it was
    released to them, never the private drafts' before/after."""
    c = world.client("alice")
    d = c.post(
        "/api/v1/coordination/decisions",
        json.dumps(
            {
                "title": "Draft with sensitive detail",
                "text": "names of staff",
                "decided_by": "x y",
                "authority": "a b",
                "decided_on": "2025-10-20",
                "releasability": "org",
            }
        ),
        content_type="application/json",
    ).json()
    url = f"/api/v1/coordination/decisions/{d['id']}"
    c.patch(url, json.dumps({"title": "Cleaned", "text": "no names"}), content_type="application/json")
    c.patch(url, json.dumps({"releasability": "cmcc"}), content_type="application/json")
    c.patch(url, json.dumps({"title": "Cleaned and published"}), content_type="application/json")
    mine = world.client("alice").get(f"/api/v1/audit?object_id={d['id']}").json()["items"]
    theirs = world.client("bob").get(f"/api/v1/audit?object_id={d['id']}").json()["items"]
    assert len(mine) == 4
    assert len(theirs) == 1
    assert "sensitive" not in json.dumps(theirs) and "names of staff" not in json.dumps(theirs)
    assert world.client().get(f"/api/v1/audit?object_id={d['id']}").json()["items"] == []
    c.patch(url, json.dumps({"releasability": "org"}), content_type="application/json")
    assert world.client("bob").get(f"/api/v1/audit?object_id={d['id']}").json()["items"] == []


def test_record_many_writes_what_record_writes_for_each_object(world, capsys):
    """The batch writer gives each object the entry ``record`` would: the same snapshot (grants
    included), scope, object and actor, chained in order, and the trail still verifies."""
    import datetime as dt

    from cmcc.accounts.models import User
    from cmcc.coordination import services
    from cmcc.partners.models import Organisation

    alice = world.actor("alice")
    decisions = [
        services.decision_create(
            actor=alice,
            title=f"Decision {n}",
            text='«نص» with "quotes" and\nnew lines',
            decided_by="x y",
            authority="a b",
            decided_on=dt.date(2025, 10, 20),
            releasability=rel,
            shared_with=shared,
        )
        for n, (rel, shared) in enumerate(
            [("org", ()), ("named", [world.orgs["b"].slug, "coordination"]), ("cmcc", ())]
        )
    ]
    others = [Organisation.objects.get(pk=world.orgs["c"].pk), User.objects.get(username="bob")]
    objs = [*decisions, *others]

    def fields(entry: AuditEntry) -> dict:
        skip = {"id", "seq", "time", "prev_hash", "hash"}
        return {
            f.attname: getattr(entry, f.attname)
            for f in AuditEntry._meta.concrete_fields
            if f.name not in skip
        }

    with transaction.atomic():
        one_by_one = [audit.record(actor=alice, action="test.batch", obj=o, message="m") for o in objs]
        first = AuditHead.objects.get().seq + 1
        assert audit.record_many(actor=alice, action="test.batch", objs=objs, message="m") == len(objs)
    batch = list(AuditEntry.objects.filter(seq__gte=first).order_by("seq"))
    assert [e.seq for e in batch] == list(range(first, first + len(objs)))
    assert batch[0].prev_hash == one_by_one[-1].hash
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(batch))
    for expected, entry in zip(one_by_one, batch, strict=True):
        stored = AuditEntry.objects.get(pk=expected.pk)
        assert fields(entry) == fields(stored)
        assert audit._entry_hash(entry) == entry.hash
    assert json.loads(batch[1].after_json)["shared_with"] == sorted([str(world.orgs["b"].pk), "coordination"])
    assert "password" not in json.loads(batch[-1].after_json)
    code, out = run_verify(capsys)
    assert code == 0 and "intact" in out


@pytest.mark.parametrize(
    "message",
    ["plain", 'quotes " and \\ and \n\t\x00 controls', "نص «عربي»", "\x00seq\x00", "\u2028\ud7ff\U0001f600"],
)
def test_the_batch_payload_is_the_canonical_json_of_the_entry(message):
    """The batch writer fills a template with each entry's own values; the result must be exactly
    the canonical JSON the chain's hash is defined over, whatever the values hold."""
    shared = {
        "time": "2025-10-20T10:00:00.123456+00:00",
        "actor_id": None,
        "actor_name": 'Ali "the" Logistician',
        "actor_org_id": "5f1d7a3c-0000-4000-8000-000000000001",
        "actor_org_name": "",
        "request_id": "",
        "action": "logistics.consignment.imported",
        "before_json": "",
        "message": message,
    }
    payload = audit._Payload(shared)
    for own in (
        {
            "seq": 1,
            "object_type": "logistics.consignment",
            "object_ct_id": 12,
            "object_id": "5f1d7a3c-0000-4000-8000-000000000002",
            "object_repr": message,
            "after_json": audit.canonical({"note": message, "n": 1.5, "ok": True, "list": ["a"]}),
            "scope_owner_org_id": None,
            "scope_community": "humanitarian",
            "scope_releasability": "cmcc",
            "scope_protected": False,
            "prev_hash": "0" * 64,
        },
        {
            "seq": 10**12,
            "object_type": "x",
            "object_ct_id": None,
            "object_id": None,
            "object_repr": "",
            "after_json": "",
            "scope_owner_org_id": "5f1d7a3c-0000-4000-8000-000000000001",
            "scope_community": "",
            "scope_releasability": "org",
            "scope_protected": True,
            "prev_hash": "f" * 64,
        },
    ):
        assert payload.encode(own) == audit.canonical({**shared, **own})
