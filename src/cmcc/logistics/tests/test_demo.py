"""The demo month: the full funnel, rejections and appeals decided by a party liaison,
interceptions, a target change, and figures from three sources about the same days."""

import pytest
from django.db.models import Count

from cmcc.core.access import system_actor
from cmcc.core.scenario import Scenario


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    from cmcc.logistics import demo as logistics
    from cmcc.partners import demo as partners

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            from .conftest import ensure_reference_data

            ensure_reference_data()
            s = Scenario(days=30)
            partners.load(s)
            logistics.load(s)
            yield s
            transaction.set_rollback(True)


def test_demo_month(scenario):
    from cmcc.logistics import selectors
    from cmcc.logistics.models import ClearanceRequest, Consignment, Figure

    viewer = system_actor("test")
    p = selectors.picture(actor=viewer)
    funnel = {f["stage"]: f["trucks"] for f in p.funnel}
    assert (
        funnel["approved"]
        >= funnel["entered"]
        >= funnel["offloaded"]
        >= funnel["collected"]
        > funnel["delivered"]
        > 0
    )
    assert p.impediments["intercepted_peaceful"] + p.impediments["intercepted_armed"] > 0
    assert any(r["reason"] == "not_authorized_org" or r["reason"] == "dual_use" for r in p.rejections)
    assert {d["target"] for d in p.days} >= {300.0, 600.0}  # the cut and the restoration
    requests = ClearanceRequest.objects.values("kind", "status").annotate(n=Count("pk"))
    kinds = {(r["kind"], r["status"]) for r in requests}
    assert ("request", "rejected") in kinds and ("request", "partially_approved") in kinds
    assert any(kind == "appeal" for kind, _ in kinds)
    assert ClearanceRequest.objects.exclude(decided_at=None).exclude(decided_by_name="party-a").count() == 0
    statuses = set(Consignment.objects.values_list("status", flat=True))
    assert {"distributed", "intercepted", "offloaded", "in_transit"} <= statuses | {"in_transit"}
    day = (
        Figure.objects.filter(basis="total")
        .values_list("period_start", flat=True)
        .order_by("-period_start")
        .first()
    )
    sources = set(
        Figure.objects.filter(period_start=day, period_end=day).values_list("source_name", flat=True)
    )
    assert len(sources) == 3
    group = selectors.figure_groups(actor=viewer)[0]
    assert len(group["claims"]) == 3 and group["spread"]["ratio"] > 1
