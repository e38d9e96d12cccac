"""The demo step runs through the services on real geography and leaves a consistent picture."""

from cmcc.core import audit
from cmcc.core.scenario import Scenario
from cmcc.movements import demo
from cmcc.movements.models import (
    AccessConstraint,
    MovementNotification,
    MovementPerson,
    NotifiedSite,
    Transmission,
    ZoneVersion,
)
from cmcc.partners import demo as partners_demo


def test_demo_step(db):
    s = Scenario(days=10)
    partners_demo.load(s)
    demo.load(s)
    hospitals = NotifiedSite.objects.filter(function="hospital")
    assert hospitals.count() == 13
    assert all("OpenStreetMap contributors" in h.source and h.osm_id.startswith("node/") for h in hospitals)
    assert {h.governorate_pcode for h in hospitals} >= {"PS0260", "PS0270"}
    assert ZoneVersion.objects.filter(zone__name="Eastern restricted buffer").count() == 2
    moves = MovementNotification.objects.exclude(status="draft")
    assert (
        moves.filter(coordination_required=True).exists()
        and moves.filter(coordination_required=False).exists()
    )
    for m in moves.filter(coordination_required=True):
        assert Transmission.objects.filter(movement=m, concerned=True).exists(), m.reference
    assert moves.exclude(outcome="").count() >= 10
    assert MovementPerson.objects.exists() and not MovementPerson.objects.filter(protected=False).exists()
    assert AccessConstraint.objects.exclude(governorate_pcode="").count() >= 50
    assert audit.verify()[1] is None
