"""The consignment lifecycle as a transition table, and the pure rules around it: which events are
decided by whom, which timestamps each event sets, the outcome of a clearance decision, the
target in force on a day, quantiles. No ORM: tested without a database."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cmcc.core.workflow import Workflow

from .choices import Event as E
from .choices import LineClearance, RequestStatus, Stage
from .choices import Status as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, E.REGISTER): S.REGISTERED,
    (S.DRAFT, E.CANCEL): S.CANCELLED,
    (S.REGISTERED, E.REQUEST_CLEARANCE): S.CLEARANCE_REQUESTED,
    (S.REGISTERED, E.CANCEL): S.CANCELLED,
    (S.CLEARANCE_REQUESTED, E.APPROVE): S.APPROVED,
    (S.CLEARANCE_REQUESTED, E.REJECT): S.REJECTED,
    (S.CLEARANCE_REQUESTED, E.CANCEL): S.CANCELLED,
    (S.REJECTED, E.APPEAL): S.APPEALED,
    (S.REJECTED, E.REQUEST_CLEARANCE): S.CLEARANCE_REQUESTED,  # resubmitted, e.g. with documents
    (S.REJECTED, E.CANCEL): S.CANCELLED,
    (S.APPEALED, E.APPROVE): S.APPROVED,
    (S.APPEALED, E.REJECT): S.REJECTED,
    (S.APPROVED, E.STAGE): S.STAGED,
    (S.APPROVED, E.MANIFEST): S.MANIFESTED,
    (S.APPROVED, E.CANCEL): S.CANCELLED,
    (S.STAGED, E.MANIFEST): S.MANIFESTED,
    (S.STAGED, E.CANCEL): S.CANCELLED,
    (S.MANIFESTED, E.ARRIVE): S.AT_CROSSING,
    (S.MANIFESTED, E.POSTPONE): S.STAGED,  # manifested but not called forward that day
    (S.AT_CROSSING, E.INSPECT): S.INSPECTED,  # cleared, possibly with some lines refused
    (S.AT_CROSSING, E.REFUSE): S.REFUSED,  # every line refused and returned
    (S.AT_CROSSING, E.POSTPONE): S.STAGED,  # turned back uninspected
    (S.INSPECTED, E.OFFLOAD): S.OFFLOADED,
    (S.OFFLOADED, E.AWAIT_COLLECTION): S.AWAITING_COLLECTION,
    (S.OFFLOADED, E.COLLECT): S.COLLECTED,
    (S.AWAITING_COLLECTION, E.COLLECT): S.COLLECTED,
    (S.COLLECTED, E.DEPART): S.IN_TRANSIT,
    (S.IN_TRANSIT, E.INTERCEPT): S.INTERCEPTED,
    (S.IN_TRANSIT, E.REACH_DESTINATION): S.REACHED_DESTINATION,
    (S.REACHED_DESTINATION, E.WAREHOUSE): S.WAREHOUSED,
    (S.REACHED_DESTINATION, E.DISTRIBUTE): S.DISTRIBUTED,
    (S.WAREHOUSED, E.DISTRIBUTE): S.DISTRIBUTED,
}
CONSIGNMENT = Workflow(TRANSITIONS)
FINAL_STATES = frozenset(s for s in S.values if not CONSIGNMENT.allowed_events(s))

# Who drives which event: a decision comes only from the authority a request is addressed to; a
# request or appeal only through a clearance request; the rest is recorded by the owner.
DECISION_EVENTS = frozenset({E.APPROVE.value, E.REJECT.value})
REQUEST_EVENTS = frozenset({E.REQUEST_CLEARANCE.value, E.APPEAL.value})
INSPECTION_EVENTS = frozenset({E.INSPECT.value, E.REFUSE.value})
OWNER_EVENTS = frozenset(CONSIGNMENT.events() - DECISION_EVENTS - REQUEST_EVENTS)
EDITABLE_STATES = frozenset({S.DRAFT.value, S.REGISTERED.value})

# Timestamp columns an event sets: the first time a stage is reached (``FIRST``) or each time.
FIRST_STAMPS: dict[str, str] = {
    E.REQUEST_CLEARANCE: "requested_at",
    E.APPROVE: "approved_at",
    E.MANIFEST: "manifested_at",
    E.INSPECT: "entered_at",
    E.OFFLOAD: "offloaded_at",
    E.COLLECT: "collected_at",
    E.REACH_DESTINATION: "delivered_at",
    E.INTERCEPT: "intercepted_at",
    E.DISTRIBUTE: "distributed_at",
}
LATEST_STAMPS: dict[str, str] = {E.REJECT: "rejected_at"}

# The funnel (BRIEF §5.3): stage → the column saying when a consignment first reached it.
FUNNEL: list[tuple[str, str]] = [
    (Stage.APPROVED, "approved_at"),
    (Stage.ENTERED, "entered_at"),
    (Stage.OFFLOADED, "offloaded_at"),
    (Stage.COLLECTED, "collected_at"),
    (Stage.DELIVERED, "delivered_at"),
]
STAGE_COLUMN = dict(FUNNEL)

# Time spent in each stage: (key, from column, to column).
STAGE_TIMES: list[tuple[str, str, str]] = [
    ("clearance", "requested_at", "approved_at"),
    ("waiting_to_enter", "approved_at", "entered_at"),
    ("crossing_to_offload", "entered_at", "offloaded_at"),
    ("awaiting_collection", "offloaded_at", "collected_at"),
    ("in_transit", "collected_at", "delivered_at"),
    ("delivery_to_distribution", "delivered_at", "distributed_at"),
]

# Columns an imported row may carry, in lifecycle order, with the event that sets each.
IMPORT_STAMPS: list[tuple[str, str]] = [
    ("requested_at", E.REQUEST_CLEARANCE),
    ("approved_at", E.APPROVE),
    ("manifested_at", E.MANIFEST),
    ("entered_at", E.INSPECT),
    ("offloaded_at", E.OFFLOAD),
    ("collected_at", E.COLLECT),
    ("delivered_at", E.REACH_DESTINATION),
    ("intercepted_at", E.INTERCEPT),
    ("distributed_at", E.DISTRIBUTE),
]

IMPORT_EVENT_OF: dict[str, str] = {column: str(event) for column, event in IMPORT_STAMPS}
IMPORT_STATUS_OF: dict[str, str] = {
    column: next(nxt for (_s, e), nxt in TRANSITIONS.items() if e == event) for column, event in IMPORT_STAMPS
}


def _reachable(start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for event in CONSIGNMENT.allowed_events(state):
            nxt = CONSIGNMENT.next(state, event)
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@functools.cache
def events_on_the_way_to(status: str) -> frozenset[str]:
    """Events that occur on some path from draft to ``status`` (derived from the table)."""
    from_draft = _reachable(S.DRAFT)
    return frozenset(
        event
        for (state, event), nxt in CONSIGNMENT.transitions.items()
        if state in from_draft and status in _reachable(nxt)
    )


@functools.cache
def stamps_allowed(status: str) -> frozenset[str]:
    """Timestamp columns a consignment in ``status`` may carry (cached: the table is fixed)."""
    events = events_on_the_way_to(str(status))
    return frozenset(column for column, event in IMPORT_STAMPS if event in events)


def check_chronology(stamps: dict[str, dt.datetime | None]) -> str | None:
    """The first column whose time is before an earlier stage's, or ``None``."""
    latest: tuple[str, dt.datetime] | None = None
    for column, _event in IMPORT_STAMPS:
        value = stamps.get(column)
        if value is None:
            continue
        if latest is not None and value < latest[1]:
            return column
        latest = (column, value)
    return None


@dataclass(frozen=True)
class LineDecision:
    decision: str  # LineClearance.APPROVED / REJECTED
    reason: str = ""


def clearance_outcome(lines: Sequence[LineDecision]) -> tuple[str, str]:
    """(request status, consignment event) for the decisions on a request's lines."""
    approved = sum(1 for d in lines if d.decision == LineClearance.APPROVED)
    if not lines or approved == 0:
        return RequestStatus.REJECTED, E.REJECT
    if approved == len(lines):
        return RequestStatus.APPROVED, E.APPROVE
    return RequestStatus.PARTIALLY_APPROVED, E.APPROVE


@dataclass(frozen=True)
class TargetVersion:
    version: int
    effective_from: dt.date
    value: float


def target_in_force(versions: Iterable[TargetVersion], day: dt.date) -> TargetVersion | None:
    """The version with the latest ``effective_from`` on or before ``day`` (highest version on a tie)."""
    best: TargetVersion | None = None
    for v in versions:
        if v.effective_from <= day and (
            best is None or (v.effective_from, v.version) > (best.effective_from, best.version)
        ):
            best = v
    return best


def quantile(sorted_values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated quantile of already sorted values (``None`` for no values)."""
    n = len(sorted_values)
    if n == 0:
        return None
    pos = (n - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def spread(values: Sequence[float]) -> dict[str, float | None]:
    """How far claims about one quantity are apart: min, max, and max/min (``None`` if min is 0)."""
    if not values:
        return {"min": None, "max": None, "ratio": None}
    low, high = min(values), max(values)
    return {"min": low, "max": high, "ratio": (high / low) if low > 0 else None}


def main_sector(lines: Iterable[tuple[str, float, float]]) -> str | None:
    """The sector of most of a consignment's weight (``(sector, weight_kg, quantity)`` per line);
    with no weights, of most lines. Ties go to the sector listed first."""
    weights: dict[str, float] = {}
    counts: dict[str, int] = {}
    for sector, weight, _quantity in lines:
        weights[sector] = weights.get(sector, 0.0) + (weight or 0.0)
        counts[sector] = counts.get(sector, 0) + 1
    if not counts:
        return None
    if any(weights.values()):
        return max(weights, key=lambda s: weights[s])
    return max(counts, key=lambda s: counts[s])
