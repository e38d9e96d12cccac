"""Onboarding and membership as a transition table, and the participation series. No ORM."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from cmcc.core.workflow import Workflow

from .models import MembershipStatus as S


class Event:
    START_REVIEW = "start_review"
    APPROVE = "approve"
    DECLINE = "decline"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    LEAVE = "leave"
    REAPPLY = "reapply"


MEMBERSHIP = Workflow(
    {
        (S.APPLIED, Event.START_REVIEW): S.IN_REVIEW,
        (S.APPLIED, Event.DECLINE): S.DECLINED,
        (S.IN_REVIEW, Event.APPROVE): S.ACTIVE,
        (S.IN_REVIEW, Event.DECLINE): S.DECLINED,
        (S.ACTIVE, Event.SUSPEND): S.SUSPENDED,
        (S.ACTIVE, Event.LEAVE): S.LEFT,
        (S.SUSPENDED, Event.REINSTATE): S.ACTIVE,
        (S.SUSPENDED, Event.LEAVE): S.LEFT,
        (S.DECLINED, Event.REAPPLY): S.APPLIED,
        (S.LEFT, Event.REAPPLY): S.APPLIED,
    }
)

# Events that need a stated reason in the record.
REASON_REQUIRED = {Event.DECLINE, Event.SUSPEND}


def participation_series(
    changes: Iterable[tuple[object, str, str, dt.date]], start: dt.date, end: dt.date
) -> dict[str, list[int]]:
    """Active members per community for each day from ``start`` to ``end`` inclusive.

    ``changes`` are (org key, community, new status, effective date) in any order.
    """
    by_org: dict[object, list[tuple[dt.date, str, str]]] = defaultdict(list)
    for org, community, status, day in changes:
        by_org[org].append((day, status, community))
    days = (end - start).days + 1
    series: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    for timeline in by_org.values():
        timeline.sort(key=lambda t: t[0])
        for i, (day, status, community) in enumerate(timeline):
            if status != S.ACTIVE:
                continue
            until = timeline[i + 1][0] if i + 1 < len(timeline) else end + dt.timedelta(days=1)
            first = max((day - start).days, 0)
            last = min((until - start).days, days)
            for d in range(first, last):
                series[community][d] += 1
    return dict(series)
