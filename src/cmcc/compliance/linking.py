"""Between the database and the correlation engine: the engine (``compliance.correlation``) is pure
and holds no state between runs, so this module turns stored reports into engine input, replays
the incidents the database already has, and turns the engine's answer back into placements.

No ORM here either: services pass plain rows in and write the placements out.

- :func:`place_new` links new reports to existing incidents (incrementally, on every report or
  import). It replays the stored reports of the same categories around the new reports' dates,
  holding every stored incident together (must-link) and apart from the others (cannot-link), so
  the engine sees the incidents as they are, then adds the new reports.
- :func:`regroup` re-runs the engine in batch over every report. Incidents past triage are pinned:
  the engine may add reports to them but never takes theirs away.
- :func:`describe` computes an incident's place and time from its reports, as the engine sees them.

Analysts' merge and split decisions reach the engine as must-link / cannot-link pairs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .correlation import Constraints, Correlator, IncidentSummary, Link, Report, correlate

MAX_CANNOT_INCIDENTS = 200  # beyond this many stored incidents in one window, rely on must-links only
WINDOW = dt.timedelta(days=31)


@dataclass(frozen=True)
class Row:
    """One stored report with what the engine needs and where it is now."""

    report_id: str
    incident_id: str | None
    text: str
    category: str
    occurred_at: dt.datetime
    time_precision: int = 1
    time_known: bool = True
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    lang: str = ""
    source: str = ""
    origin: str = ""


@dataclass
class Placement:
    """Where one report goes: a stored incident, or a new one (``new_key`` groups new reports that
    open the same new incident), with the engine's score and reasons."""

    report_id: str
    incident_id: str | None
    new_key: str | None
    score: float | None
    reasons: list[str]


@dataclass
class Regrouping:
    placements: dict[str, Placement] = field(default_factory=dict)

    def moves(self, current: dict[str, str | None]) -> dict[str, Placement]:
        return {
            rid: p
            for rid, p in self.placements.items()
            if p.new_key is not None or p.incident_id != current.get(rid)
        }


def engine_report(row: Row) -> Report:
    return Report(
        id=row.report_id,
        text=row.text,
        occurred_at=row.occurred_at.astimezone(dt.UTC),
        category=row.category,
        lang=row.lang or None,
        lat=row.lat,
        lon=row.lon,
        geo_precision=row.geo_precision,
        time_precision=row.time_precision,
        source=row.source or None,
        origin=row.origin.strip().lower() or None,
        date_only=not row.time_known,
    )


def chain(ids: Sequence[str]) -> list[tuple[str, str]]:
    """Must-link pairs holding ``ids`` together: the first with each of the others."""
    return [(ids[0], other) for other in ids[1:]]


def density(counts: dict[str, int], span_hours: float, reports_per_incident: float = 3.0) -> dict[str, float]:
    """Expected incidents per category per month from the stored reports (the engine's prior)."""
    months = max(1.0, span_hours / 720.0)
    return {cat: n / reports_per_incident / months for cat, n in counts.items()}


def _placement_key(row: Row) -> tuple:
    """Most precise first, like the engine's batch: vague reports meet incidents that precise ones anchor."""
    located = row.lat is not None
    return (
        not located,
        row.geo_precision,
        row.time_precision,
        not row.time_known,
        row.occurred_at,
        row.report_id,
    )


def _by_incident(rows: Iterable[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.incident_id is not None:
            groups.setdefault(row.incident_id, []).append(row)
    for members in groups.values():
        members.sort(key=_placement_key)
    return groups


def _valid_pairs(pairs: Iterable[tuple[str, str]], known: set[str]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in pairs if a in known and b in known and a != b]


def place_new(
    existing: Sequence[Row],
    new: Sequence[Row],
    *,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    expected: dict[str, float] | None = None,
) -> list[Placement]:
    """Link ``new`` reports to the incidents of ``existing`` ones (or to new incidents)."""
    groups = _by_incident(existing)
    known = {r.report_id for r in existing} | {r.report_id for r in new}
    must = _valid_pairs(must_link, known)
    for members in groups.values():
        must += chain([r.report_id for r in members])
    analyst_cannot = _valid_pairs(cannot_link, known)
    apart: list[tuple[str, str]] = []
    by_category: dict[str, list[str]] = {}
    for incident_id, members in groups.items():
        by_category.setdefault(members[0].category, []).append(incident_id)
    for ids in by_category.values():
        if len(ids) <= MAX_CANNOT_INCIDENTS:
            apart += [(groups[a][0].report_id, groups[b][0].report_id) for a, b in combinations(ids, 2)]
    try:
        correlator = Correlator(_constraints(must, analyst_cannot + apart), density=expected)
    except ValueError:  # stored decisions contradict the stored incidents: replay without holding apart
        correlator = Correlator(_constraints(must, []), density=expected)
    owner: dict[str, str] = {}  # report id -> stored incident id
    for incident_id, members in groups.items():
        for row in members:
            correlator.add(engine_report(row))
            owner[row.report_id] = incident_id
    placements = []
    opened: dict[str, str] = {}  # engine incident id -> new key
    for row in sorted(new, key=_placement_key):
        link: Link = correlator.add(engine_report(row))
        target = _stored_incident(correlator, link, owner)
        if target is None:
            key = opened.setdefault(link.incident_id, link.incident_id)
            placements.append(Placement(row.report_id, None, key, link.score, list(link.reasons)))
        else:
            owner[row.report_id] = target
            placements.append(Placement(row.report_id, target, None, link.score, list(link.reasons)))
    return placements


def _stored_incident(correlator: Correlator, link: Link, owner: dict[str, str]) -> str | None:
    if link.matched is not None and link.matched in owner:
        return owner[link.matched]
    members = [
        owner[rid]
        for s in correlator.summaries()
        if s.id == link.incident_id
        for rid in s.report_ids
        if rid in owner
    ]
    return Counter(members).most_common(1)[0][0] if members else None


def regroup(
    rows: Sequence[Row],
    *,
    pinned: set[str],
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
) -> Regrouping:
    """Re-run the engine over every report. Reports of ``pinned`` incidents stay where they are;
    the others follow the engine, each engine group going to one incident (a pinned one it
    touches, else the stored incident most of it comes from, else a new one)."""
    known = {r.report_id for r in rows}
    must = _valid_pairs(must_link, known)
    groups = _by_incident(rows)
    for incident_id in pinned:
        if incident_id in groups:
            must += chain([r.report_id for r in groups[incident_id]])
    mapping, correlator = correlate(
        [engine_report(r) for r in rows], _constraints(must, _valid_pairs(cannot_link, known))
    )
    current = {r.report_id: r.incident_id for r in rows}
    members: dict[str, list[str]] = {}
    for rid, eid in mapping.items():
        members.setdefault(eid, []).append(rid)
    result = Regrouping()
    claimed: set[str] = set()
    for eid, rids in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        stored = Counter(current[r] for r in rids if current[r] is not None)
        pinned_here = [(n, i) for i, n in stored.items() if i in pinned]
        if pinned_here:
            target: str | None = max(pinned_here, key=lambda t: (t[0], t[1]))[1]
        else:
            free = [(n, i) for i, n in stored.items() if i not in claimed and i not in pinned]
            target = max(free, key=lambda t: (t[0], t[1]))[1] if free else None
        if target is not None:
            claimed.add(target)
        for rid in rids:
            if current[rid] in pinned:
                continue
            link = correlator.links.get(rid)
            reasons = list(link.reasons) if link else []
            score = link.score if link else None
            if target is None:
                result.placements[rid] = Placement(rid, None, eid, score, reasons)
            else:
                result.placements[rid] = Placement(rid, target, None, score, reasons)
    return result


def describe(rows: Sequence[Row]) -> IncidentSummary | None:
    """The engine's view of one incident made of ``rows``: centre, time span, place names."""
    if not rows:
        return None
    ordered = sorted(rows, key=_placement_key)
    ids = [r.report_id for r in ordered]
    correlator = Correlator(_constraints(chain(ids), []))
    for row in ordered:
        correlator.add(engine_report(row))
    summaries = correlator.summaries()
    return summaries[0] if len(summaries) == 1 else max(summaries, key=lambda s: len(s.report_ids))


def _constraints(must: list[tuple[str, str]], cannot: list[tuple[str, str]]) -> Constraints:
    return Constraints(must_link=tuple(must), cannot_link=tuple(cannot))


__all__ = ["Placement", "Regrouping", "Row", "chain", "density", "describe", "place_new", "regroup"]
