"""Measuring the error of precise positions and times on the batch itself."""

from __future__ import annotations

import random
from datetime import timedelta

from cmcc.compliance.correlation import Params, Report, correlate, default_gazetteer
from cmcc.compliance.correlation.calibrate import BOUNDS_H, Noise, calibrate
from cmcc.compliance.correlation.features import GEO_SIGMA_KM, TIME_SIGMA_H
from cmcc.compliance.correlation.gazetteer import KM_PER_DEG_LAT, KM_PER_DEG_LON
from cmcc.compliance.tests.test_correlation import T0

FAMILIES = ["Abu Daqa", "Hilles", "al-Masri", "Barbakh", "Skaik", "al-Tawil", "Nassar", "Zomlot"]
MEANS = ["artillery shell", "drone strike", "sniper fire", "gunfire"]


def batch(km: float, hours: float, events: int = 150, per_event: int = 5, seed: int = 3) -> list[Report]:
    """Reports of events spread over the Strip and a month, each report off by the given errors."""
    rng = random.Random(seed)
    out = []
    for e in range(events):
        lat, lon = 31.30 + rng.random() * 0.25, 34.30 + rng.random() * 0.2
        when = T0 + timedelta(hours=rng.random() * 600)
        text = f"{rng.choice(MEANS)} hit the {rng.choice(FAMILIES)} family home, {rng.randint(2, 40)} killed"
        for k in range(per_event):
            out.append(
                Report(
                    id=f"e{e}-{k}",
                    text=text,
                    occurred_at=when + timedelta(hours=rng.gauss(0, hours)),
                    category="attack_on_civilians",
                    lat=lat + rng.gauss(0, km) / KM_PER_DEG_LAT,
                    lon=lon + rng.gauss(0, km) / KM_PER_DEG_LON,
                )
            )
    return out


def test_measures_the_error_of_precise_reports():
    noise = calibrate(batch(km=0.2, hours=0.5), default_gazetteer())
    assert noise.pairs >= 200
    assert 0.15 <= noise.km <= 0.25
    assert 0.4 <= noise.hours <= 0.6


def test_a_sloppier_source_measures_larger_and_stays_in_bounds():
    noise = calibrate(batch(km=0.6, hours=4.0), default_gazetteer())
    assert 0.45 <= noise.km <= 0.75
    assert noise.hours == BOUNDS_H[1]  # four hours is more than "a time of day" can mean here


def test_too_few_reports_keep_the_defaults():
    noise = calibrate(batch(km=0.2, hours=0.5, events=20), default_gazetteer())
    assert noise == Noise()
    assert (noise.km, noise.hours) == (GEO_SIGMA_KM[1], TIME_SIGMA_H[1])


def test_a_batch_uses_what_it_measured_and_it_can_be_switched_off():
    reports = batch(km=0.2, hours=0.5)
    _mapping, measured = correlate(reports)
    _mapping, fixed = correlate(reports, params=Params(calibrate=False))
    some = next(iter(measured.incidents.values())).members[0]
    assert some.sigma_km < GEO_SIGMA_KM[1]
    assert next(iter(fixed.incidents.values())).members[0].sigma_km == GEO_SIGMA_KM[1]
    assert measured.params.noise_km is not None and measured.params.noise_km < GEO_SIGMA_KM[1]
