import datetime as dt

import pytest

from cmcc.core.errors import InvalidTransition
from cmcc.partners import rules

D = dt.date


def test_membership_workflow():
    assert rules.MEMBERSHIP.next("applied", "start_review") == "in_review"
    assert rules.MEMBERSHIP.next("in_review", "approve") == "active"
    with pytest.raises(InvalidTransition):
        rules.MEMBERSHIP.next("applied", "approve")
    assert rules.MEMBERSHIP.allowed_events("active") == ["leave", "suspend"]


def test_participation_series_intervals_and_same_day_steps():
    changes = [
        ("x", "humanitarian", "applied", D(2025, 10, 1)),
        ("x", "humanitarian", "in_review", D(2025, 10, 1)),
        ("x", "humanitarian", "active", D(2025, 10, 2)),
        ("x", "humanitarian", "suspended", D(2025, 10, 4)),
        ("x", "humanitarian", "active", D(2025, 10, 5)),
        ("y", "military", "active", D(2025, 9, 1)),
    ]
    series = rules.participation_series(changes, D(2025, 10, 1), D(2025, 10, 6))
    assert series["humanitarian"] == [0, 1, 1, 0, 1, 1]
    assert series["military"] == [1] * 6
