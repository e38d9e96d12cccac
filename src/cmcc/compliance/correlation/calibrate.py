"""How accurate a batch's "precise" positions and times really are, measured on the batch itself.

Precision code 1 says a report gives the spot and the time of day, not how well: a phone's GPS fix is
good to tens of metres, a witness's "around noon" to an hour or two. The engine needs a number, so a
batch is measured before it is correlated. Pairs of precise reports that are almost surely about one
event — same category, within a few km and hours, and sharing most of their specific text — differ
by about √2 times one report's own error. The spread of those differences (the largest tenth
trimmed off, which holds pairs of two different events) gives one report's error in space and in
time; it is kept within bounds, and a batch with too few such pairs keeps the defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .features import GEO_SIGMA_KM, TIME_SIGMA_H, Features, TermWeights, extract
from .gazetteer import Gazetteer
from .model import Report

SAMPLE = 6_000  # precise reports measured, a contiguous stretch of time from the middle of the batch
MIN_PAIRS = 200
MIN_SIMILARITY = 0.6
WINDOW_KM = 3.0
WINDOW_H = 6.0
TRIM = 0.1
TRIM_FACTOR = 0.789  # RMS of a normal sample without its largest tenth, in units of its sigma
BOUNDS_KM = (0.1, 1.0)  # beyond 1 km a position is no longer "precise" for the engine
BOUNDS_H = (0.25, 2.0)


@dataclass(frozen=True, slots=True)
class Noise:
    """One-sigma error of a precise position (km) and of a time of day (hours), and the evidence."""

    km: float = GEO_SIGMA_KM[1]
    hours: float = TIME_SIGMA_H[1]
    pairs: int = 0


def calibrate(reports: list[Report], gazetteer: Gazetteer) -> Noise:
    """The noise of precise reports in ``reports``, or the defaults when it cannot be measured."""
    precise = [
        r
        for r in reports
        if r.lat is not None and r.geo_precision == 1 and r.time_precision == 1 and not r.date_only
    ]
    if len(precise) < 2 * MIN_PAIRS:
        return Noise()
    precise.sort(key=lambda r: (r.occurred_at, r.id))
    start = max(0, len(precise) // 2 - SAMPLE // 2)
    features = [extract(r, gazetteer) for r in precise[start : start + SAMPLE]]
    features = [f for f in features if f.snapped_to is None]  # a town-centre fix is not a spot
    terms = TermWeights.fit(features)
    for f in features:
        terms.apply(f)
    dx, dt = _differences(features)
    if len(dt) < MIN_PAIRS:
        return Noise()
    km = _trimmed_rms(dx) / TRIM_FACTOR / math.sqrt(2.0) if len(dx) >= 2 * MIN_PAIRS else GEO_SIGMA_KM[1]
    hours = _trimmed_rms(dt) / TRIM_FACTOR / math.sqrt(2.0)
    return Noise(_clamp(km, BOUNDS_KM), _clamp(hours, BOUNDS_H), len(dt))


def apply(features: list[Features], noise: Noise) -> None:
    """Give precise positions and times of day the measured error instead of the default."""
    for f in features:
        set_noise(f, noise)


def set_noise(f: Features, noise: Noise) -> None:
    r = f.report
    if f.x is not None and r.lat is not None and r.geo_precision == 1 and f.snapped_to is None:
        f.sigma_km = noise.km
    if r.time_precision == 1 and not r.date_only:
        f.sigma_h = noise.hours


def _differences(features: list[Features]) -> tuple[list[float], list[float]]:
    """Coordinate and time differences between each report and its most similar near neighbour."""
    grid: dict[tuple[str, int, int, int], list[Features]] = {}
    for f in features:
        grid.setdefault(_cell(f), []).append(f)
    dx: list[float] = []
    dt: list[float] = []
    for f in features:
        category, cx, cy, ct = _cell(f)
        best, best_sim = None, MIN_SIMILARITY
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for k in (-1, 0, 1):
                    for g in grid.get((category, cx + i, cy + j, ct + k), ()):
                        if g is f or abs(g.t - f.t) > WINDOW_H:
                            continue
                        if (g.x - f.x) ** 2 + (g.y - f.y) ** 2 > WINDOW_KM**2:  # type: ignore[operator]
                            continue
                        sim = _cosine(f, g)
                        if sim > best_sim:
                            best, best_sim = g, sim
        if best is not None:
            if best.x != f.x or best.y != f.y:  # one point twice is a shared fix, not two measurements
                dx.extend((best.x - f.x, best.y - f.y))  # type: ignore[operator]
            dt.append(best.t - f.t)
    return dx, dt


def _cell(f: Features) -> tuple[str, int, int, int]:
    return (
        f.report.category,
        int(f.x // WINDOW_KM),  # type: ignore[operator]
        int(f.y // WINDOW_KM),  # type: ignore[operator]
        int(f.t // WINDOW_H),
    )


def _cosine(a: Features, b: Features) -> float:
    if a.norm2 <= 0.0 or b.norm2 <= 0.0:
        return 0.0
    dot = sum(w * b.weights.get(t, 0.0) for t, w in a.weights.items())
    return dot / math.sqrt(a.norm2 * b.norm2)


def _trimmed_rms(values: list[float]) -> float:
    ordered = sorted(abs(v) for v in values)
    kept = ordered[: max(1, int(len(ordered) * (1.0 - TRIM)))]
    return math.sqrt(sum(v * v for v in kept) / len(kept))


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])
