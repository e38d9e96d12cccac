"""The lifecycle table and the pure rules, without a database."""

import datetime as dt
import itertools

import pytest

from cmcc.core.errors import InvalidTransition
from cmcc.logistics import rules
from cmcc.logistics.choices import Event, LineClearance, RequestStatus, Status

ALL_PAIRS = list(itertools.product(Status.values, [e for e in Event.values if e != Event.IMPORT]))
LEGAL = set(rules.TRANSITIONS)


@pytest.mark.parametrize(("state", "event"), [p for p in ALL_PAIRS if p not in LEGAL])
def test_every_illegal_transition_is_refused_naming_the_allowed_events(state, event):
    with pytest.raises(InvalidTransition) as exc:
        rules.CONSIGNMENT.next(state, event)
    assert exc.value.status == 409
    assert state in exc.value.message
    assert exc.value.allowed == rules.CONSIGNMENT.allowed_events(state)
    for allowed in exc.value.allowed:
        assert allowed in exc.value.message


@pytest.mark.parametrize(("state", "event"), sorted(LEGAL))
def test_every_legal_transition_follows_the_table(state, event):
    assert rules.CONSIGNMENT.next(state, event) == rules.TRANSITIONS[(state, event)]


def test_every_state_is_reachable_from_draft_and_final_states_have_no_events():
    reachable = rules._reachable(Status.DRAFT)
    assert reachable == set(Status.values)
    assert {"distributed", "intercepted", "refused", "cancelled"} == rules.FINAL_STATES


def test_the_full_funnel_path_exists():
    path = [
        Event.REGISTER,
        Event.REQUEST_CLEARANCE,
        Event.REJECT,
        Event.APPEAL,
        Event.APPROVE,
        Event.STAGE,
        Event.MANIFEST,
        Event.POSTPONE,
        Event.MANIFEST,
        Event.ARRIVE,
        Event.INSPECT,
        Event.OFFLOAD,
        Event.AWAIT_COLLECTION,
        Event.COLLECT,
        Event.DEPART,
        Event.REACH_DESTINATION,
        Event.WAREHOUSE,
        Event.DISTRIBUTE,
    ]
    state = Status.DRAFT
    for event in path:
        state = rules.CONSIGNMENT.next(state, event)
    assert state == Status.DISTRIBUTED


def test_decisions_and_requests_are_not_owner_events():
    assert {"approve", "reject"} == rules.DECISION_EVENTS
    assert not rules.OWNER_EVENTS & (rules.DECISION_EVENTS | rules.REQUEST_EVENTS)


def test_stamps_allowed_follow_the_table():
    assert rules.stamps_allowed(Status.REGISTERED) == set()
    assert rules.stamps_allowed(Status.OFFLOADED) == {
        "requested_at",
        "approved_at",
        "manifested_at",
        "entered_at",
        "offloaded_at",
    }
    assert "delivered_at" not in rules.stamps_allowed(Status.INTERCEPTED)
    assert "intercepted_at" not in rules.stamps_allowed(Status.DISTRIBUTED)
    assert rules.stamps_allowed(Status.REJECTED) == {"requested_at"}


def test_chronology():
    t = dt.datetime(2025, 10, 20, tzinfo=dt.UTC)
    ok = {"approved_at": t, "entered_at": t + dt.timedelta(hours=5)}
    assert rules.check_chronology(ok) is None
    bad = {"approved_at": t, "entered_at": t - dt.timedelta(hours=1)}
    assert rules.check_chronology(bad) == "entered_at"


def test_clearance_outcome():
    a, r = rules.LineDecision(LineClearance.APPROVED), rules.LineDecision(LineClearance.REJECTED, "dual_use")
    assert rules.clearance_outcome([a, a]) == (RequestStatus.APPROVED, Event.APPROVE)
    assert rules.clearance_outcome([a, r]) == (RequestStatus.PARTIALLY_APPROVED, Event.APPROVE)
    assert rules.clearance_outcome([r, r]) == (RequestStatus.REJECTED, Event.REJECT)


def test_target_in_force_takes_the_latest_version_effective_that_day():
    v1 = rules.TargetVersion(1, dt.date(2025, 10, 10), 600)
    v2 = rules.TargetVersion(2, dt.date(2025, 10, 14), 300)
    assert rules.target_in_force([v1, v2], dt.date(2025, 10, 9)) is None
    assert rules.target_in_force([v1, v2], dt.date(2025, 10, 13)).value == 600
    assert rules.target_in_force([v2, v1], dt.date(2025, 10, 14)).value == 300


def test_quantile_and_spread():
    assert rules.quantile([], 0.5) is None
    assert rules.quantile([1, 2, 3, 4], 0.5) == 2.5
    assert rules.quantile([10], 0.9) == 10
    assert rules.spread([89, 480, 600]) == {"min": 89, "max": 600, "ratio": 600 / 89}
    assert rules.spread([0, 5])["ratio"] is None


def test_main_sector_is_the_heaviest():
    assert rules.main_sector([("FOOD", 100, 1), ("WASH", 300, 1), ("FOOD", 150, 1)]) == "WASH"
    assert rules.main_sector([("FOOD", 0, 1), ("WASH", 0, 1), ("WASH", 0, 1)]) == "WASH"
    assert rules.main_sector([]) is None
