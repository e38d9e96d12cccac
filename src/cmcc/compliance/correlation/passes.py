"""Passes over a finished batch: merging fragments of one event, and reassigning reports.

Placing reports one by one can open two incidents for one event when its first reports have little
text in common (one in English, one in Arabic, different details). Once both have gathered members,
their centres and mean term vectors are reliable, so they are compared as wholes. A merge is scored
incident to incident, never report to report, so it cannot chain; it needs the link threshold plus a
margin, and the merged incident must keep its precise members within the spread limits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .features import Features
from .incident import Incident
from .model import Link
from .scoring import TWO_PI, Params, explain, score, time_evidence

if TYPE_CHECKING:
    from .engine import Correlator


def incident_similarity(a: Incident, b: Incident) -> float:
    """Cosine between two incidents' mean term vectors."""
    small, large = (a.terms, b.terms) if len(a.terms) <= len(b.terms) else (b.terms, a.terms)
    dot = 0.0
    for key, weight in small.items():
        other = large.get(key)
        if other is not None:
            dot += weight * other
    norm = a.ss_terms * b.ss_terms
    return dot / math.sqrt(norm) if norm > 0.0 and dot > 0.0 else 0.0


def merge_score(a: Incident, b: Incident, p: Params, floor: float = -math.inf) -> float | None:
    """Evidence that two incidents are one event, on the scale of a report-to-incident link; None
    when they are out of reach of each other or could not reach ``floor`` even with identical text."""
    if a.category != b.category or a.x is None or b.x is None:
        return None
    other_quarter = a.quarters and b.quarters and a.quarters.keys().isdisjoint(b.quarters)
    if other_quarter and not (a.sigma_km <= 1.0 and b.sigma_km <= 1.0):
        return None  # different quarters of a town, and nothing better places them
    g2 = p.gate_sigmas * p.gate_sigmas
    time = time_evidence(a.t - b.t, a.var_h + b.var_h, a.sigma_h <= 2.0 and b.sigma_h <= 2.0, p)
    if time is None:
        return None
    d2 = (a.x - b.x) ** 2 + (a.y - b.y) ** 2  # type: ignore[operator]
    s2 = a.var_km + b.var_km
    if d2 > g2 * s2:
        return None
    total = time + math.log(p.area_km2 / (TWO_PI * s2)) - d2 / (2.0 * s2)
    if not a.origins.isdisjoint(b.origins):
        total += p.origin_weight
    if total + p.text_weight * (1.0 - p.text_mid) < floor:
        return None
    if a.names and b.names and a.names.keys().isdisjoint(b.names):
        total += p.name_conflict
    if a.figures and b.figures:
        total += p.figure_conflict * a.figures_conflict(b.figures)
    return total + p.text_weight * (incident_similarity(a, b) - p.text_mid)


def spread_ok(a: Incident, b: Incident, p: Params) -> bool:
    """Whether the merged incident keeps its precise members within the spread limits."""
    box, other = a.box, b.box
    x0, x1 = min(box[0], other[0]), max(box[1], other[1])
    y0, y1 = min(box[2], other[2]), max(box[3], other[3])
    t0, t1 = min(box[4], other[4]), max(box[5], other[5])
    if x1 >= x0 and math.hypot(x1 - x0, y1 - y0) > 2.0 * p.max_spread_km:
        return False
    return not (t1 >= t0 and t1 - t0 > 2.0 * p.max_span_h)


def merge_fragments(c: Correlator, margin: float) -> int:
    """Merge fragment incidents into larger ones of the same event; returns how many merged."""
    p = c.params
    g2 = p.gate_sigmas * p.gate_sigmas
    merged = 0
    for a in sorted(c.incidents.values(), key=lambda i: (-i.n, i.seq)):
        if not a.members or a.x is None:
            continue
        threshold = c._threshold(a.category) + margin
        if c.groups.cannot:
            forbidden = {g for member in a.groups for g in c.groups.cannot.get(member, ())}
        else:
            forbidden = set()
        for b in c.near(a):
            if b is a or not b.members or b.n > a.n or (b.n == a.n and b.seq < a.seq) or b.x is None:
                continue
            dx, dy = a.x - b.x, a.y - b.y  # type: ignore[operator]
            if dx * dx + dy * dy > g2 * (a.var_km + b.var_km):
                continue  # out of reach in space: the cheapest test first
            if not spread_ok(a, b, p) or not forbidden.isdisjoint(b.groups):
                continue
            s = merge_score(a, b, p, floor=threshold)
            if s is None or s < threshold:
                continue
            note = f"incident {b.id} merged into {a.id} (incident-to-incident score {s:.1f})"
            for f in list(b.members):
                c.move(f, a)
                old = c.links[f.report.id]
                c.links[f.report.id] = Link(
                    old.report_id, a.id, False, old.score, a.rep.report.id, (*old.reasons, note)
                )
            b.members.clear()
            del c.incidents[b.id]
            if c.groups.cannot:
                forbidden |= {g for member in b.groups for g in c.groups.cannot.get(member, ())}
            merged += 1
    return merged


def reassign(c: Correlator, features: Iterable[Features]) -> int:
    """One pass of reassignment: each report, taken out of its incident, goes to the incident it now
    links to best (its own included), if that beats its own by ``Params.refine_margin``."""
    moved = 0
    for f in features:
        own = c.assignment[f.report.id]
        if len(own.members) == 1 or f.group in c._group_home:
            continue
        own.remove(f)
        threshold = c._threshold(f.report.category)
        best, best_score, _top = c._best(f, threshold)
        own_score = score(f, own, c.params)
        if (
            best is None
            or best is own
            or best_score is None
            or (own_score is not None and own_score.total + c.params.refine_margin >= best_score.total)
        ):
            own.add(f)
            continue
        c.move(f, best)
        reasons = (*explain(f, best, best_score, threshold), f"moved from incident {own.id}")
        rep = best.rep.report.id
        c.links[f.report.id] = Link(f.report.id, best.id, False, best_score.total, rep, reasons)
        if not own.members:
            del c.incidents[own.id]
        moved += 1
    return moved
