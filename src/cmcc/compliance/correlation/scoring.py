"""The link score between a report and an incident, and the reasons shown to analysts."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .features import Features
from .incident import Incident

TWO_PI = 2.0 * math.pi

# Categories that may share an incident. None by default: an incursion and the fire across the line
# that follows it are two allegations for analysts to connect, not one report duplicated.
COMPATIBLE: frozenset[frozenset[str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Params:
    area_km2: float = 365.0  # the Gaza Strip
    month_hours: float = 720.0
    reports_per_incident: float = 3.0  # prior, to turn a report count into an incident density
    base_threshold: float = -1.0  # measured on two independent labelled generators, 10k to 1M reports
    min_density: float = 30.0  # incidents per category per month assumed at least
    text_weight: float = 12.0
    text_mid: float = 0.35  # similarity that is neither for nor against a link
    origin_weight: float = 6.0  # same origin: the same claim repeated
    gate_sigmas: float = 3.0  # farther than this many combined sigmas in space or time: no link
    max_spread_km: float = 3.0  # precise members stay within this of the incident centre
    max_span_h: float = 12.0  # members with a time of day stay within this of the incident time
    cell_km: float = 1.25
    bucket_h: float = 3.0
    grid_max_sigma_km: float = 3.0  # vaguer reports are matched through the place index
    grid_max_sigma_h: float = 8.0
    lookup_terms: int = 2  # a vague report is looked up by at most this many of its specific terms
    max_days: int = 12  # vague reports look this many days either side at most (a month's ±9 days and more)
    place_index_km: float = 3.0
    town_sigma_km: float = 4.0
    max_text_candidates: int = 16  # text is compared with at most this many of the closest candidates
    merge_margin: float | None = 2.0  # fragments merge above the link threshold plus this (None: off)
    refine_rounds: int = 0  # reassignment passes after placement (measured: +0.003 F1 for twice the time)
    refine_margin: float = 0.5  # a reassignment must beat the current incident by this much
    time_tail_share: float = 0.1  # reports whose time of day is hours off
    time_tail_h: float = 3.0  # how far off they are (one sigma)
    name_conflict: float = -4.0  # the report names a family and the incident only others
    figure_conflict: float = -1.5  # per casualty count (killed, injured) unlike all the incident's
    calibrate: bool = True  # measure the error of precise positions and times on the batch
    noise_km: float | None = None  # one-sigma error of a precise position (None: default or measured)
    noise_h: float | None = None  # one-sigma error of a time of day


# vaguer coordinates are looked up by governorate, not town


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    space: float
    time: float
    text: float
    origin: float
    distance_km: float | None
    hours: float
    similarity: float


def time_evidence(dt: float, s2t: float, tail: bool, p: Params) -> float | None:
    """Log-likelihood ratio of a time gap ``dt`` (hours) with variance ``s2t`` against any time in a
    month, or None beyond the gate. With ``tail`` (both times of day), a share of reports is
    allowed to be hours off (a time of posting taken for the time of the event): the better of
    the close and the far explanation counts, and the gate is the far one's."""
    gate = p.gate_sigmas * p.gate_sigmas / 2.0
    zt = dt * dt / (2.0 * s2t)
    core = math.log(p.month_hours / math.sqrt(TWO_PI * s2t)) - zt
    if not tail or p.time_tail_share <= 0.0:
        return None if zt > gate else core
    w2 = s2t + p.time_tail_h * p.time_tail_h
    zw = dt * dt / (2.0 * w2)
    if zw > gate:
        return None
    wide = math.log(p.time_tail_share * p.month_hours / math.sqrt(TWO_PI * w2)) - zw
    core += math.log(1.0 - p.time_tail_share)
    return core if core >= wide else wide


def compatible(a: str, b: str) -> bool:
    return a == b or frozenset((a, b)) in COMPATIBLE


def region_evidence(f: Features, p: Params) -> float:
    """Space evidence of a report that places an event only in a governorate, for an incident in
    that governorate: uniform over its area against uniform over the Strip."""
    return math.log(p.area_km2 / f.region_km2)


def score(f: Features, incident: Incident, p: Params) -> Score | None:
    """Log-likelihood-style evidence that ``f`` reports the same event as ``incident``, or None
    when a hard limit (category, spread in space or time, gate) rules the link out."""
    if not compatible(f.report.category, incident.category):
        return None
    if incident.other_quarter(f):
        return None
    gate = p.gate_sigmas * p.gate_sigmas / 2.0
    dt = f.t - incident.t
    s2t = f.sigma_h * f.sigma_h + incident.var_h
    tail = f.sigma_h <= 2.0 and incident.sigma_h <= 2.0
    if tail and abs(dt) > p.max_span_h:
        return None
    time = time_evidence(dt, s2t, tail, p)
    if time is None:
        return None
    space = 0.0
    distance = None
    if f.x is not None and incident.x is not None:
        d2 = (f.x - incident.x) ** 2 + (f.y - incident.y) ** 2  # type: ignore[operator]
        s2 = f.sigma_km * f.sigma_km + incident.var_km
        zs = d2 / (2.0 * s2)
        if zs > gate or (f.sigma_km <= 1.0 and incident.sigma_km <= 1.0 and d2 > p.max_spread_km**2):
            return None
        space = math.log(p.area_km2 / (TWO_PI * s2)) - zs
        if f.region is not None and f.region == incident.region:
            space = region_evidence(f, p)  # anywhere in the governorate, the incident included
        distance = math.sqrt(d2)
    sim = incident.similarity(f)
    text = p.text_weight * (sim - p.text_mid)
    if incident.names_other_family(f):
        text += p.name_conflict
    if f.figures:
        text += p.figure_conflict * incident.figures_conflict(f.figures)
    origin = p.origin_weight if f.report.origin and f.report.origin in incident.origins else 0.0
    return Score(space + time + text + origin, space, time, text, origin, distance, dt, sim)


def explain(f: Features, incident: Incident, s: Score, threshold: float) -> tuple[str, ...]:
    """Reasons for a link, in the words an analyst reads."""
    reasons = ["same category" if f.report.category == incident.category else "compatible category"]
    if s.distance_km is not None:
        reasons.append(f"{_distance(s.distance_km)} from the incident centre")
    elif f.x is None:
        reasons.append("no location given")
    reasons.append(f"{_duration(abs(s.hours))} from the incident time")
    if f.located_by is not None:
        where = " (a quarter: somewhere in its town)" if f.located_by.town else ""
        reasons.append(f"located by place name {f.located_by.label}{where}")
    for place in f.places:
        if "p:" + place.id in incident.terms:
            reasons.append(f"shared place name {place.label}")
        elif place.town and "p:" + place.town in incident.terms:
            reasons.append(f"{place.label} is a quarter of a town the incident's reports name")
    shared = sorted(
        (k[2:] for k in f.weights if k.startswith("c:") and k in incident.terms),
        key=lambda c: (-f.weights["c:" + c], c),
    )
    if shared:
        reasons.append("shared terms: " + ", ".join(shared[:6]))
    numbers = sorted(k[2:] for k in f.weights if k.startswith("n:") and k in incident.terms)
    if numbers:
        reasons.append("shared numbers: " + ", ".join(numbers[:4]))
    reasons.append(f"text similarity {s.similarity:.2f}")
    if incident.names_other_family(f):
        reasons.append("names another family than the incident's reports")
    if f.figures and incident.figures_conflict(f.figures):
        reasons.append("casualty figures unlike the incident's reports'")
    if s.origin:
        reasons.append(f"same origin '{f.report.origin}' (repeats it: not independent)")
    reasons.append(f"score {s.total:.1f} ≥ threshold {threshold:.1f}")
    return tuple(reasons)


def _distance(km: float) -> str:
    return f"{round(km * 1000, -1):.0f} m" if km < 1.0 else f"{km:.1f} km"


def _duration(hours: float) -> str:
    if hours < 1.0:
        return f"{hours * 60:.0f} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"
