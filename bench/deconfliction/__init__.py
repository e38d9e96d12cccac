"""Deconfliction: every movement of a month against the zone versions in force, the notified sites and
every other movement, with the fast engine; the reference loop on a sample in the same run.

The reference checks each sampled movement against the full data set, so its per-movement cost is the
full set's: the naive rate for the whole set is estimated from the sample's rate. The sample's results
must be identical to the fast engine's.
"""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

import numpy as np

from bench.common import peak_rss_mib, timed
from cmcc.movements.deconfliction import check, check_naive

from .data import DAYS, generate

CORRIDOR_M = 50.0
SITE_DISTANCE_M = 50.0
SEED = 20260301
FAST_RUNS = 2
SINGLE_RUNS = 5
SPEEDUP_TARGET = 50.0
SECONDS_TARGET = 10.0


def run(scale: float) -> dict[str, Any]:
    generate_seconds, data = timed(lambda: generate(scale, SEED))
    movements, zones, sites = data.movements, data.zones, data.sites
    kwargs = {"corridor_m": CORRIDOR_M, "site_distance_m": SITE_DISTANCE_M}

    total_seconds, cpu_seconds, stages, results = math.inf, math.inf, {}, {}
    for _ in range(FAST_RUNS):
        laps: dict[str, float] = {}
        results = {}  # let the previous run's results go before the next run
        cpu = time.process_time()
        seconds, results = timed(lambda s=laps: check(movements, zones, sites, timings=s, **kwargs))
        cpu = time.process_time() - cpu
        if seconds < total_seconds:
            total_seconds, cpu_seconds, stages = seconds, cpu, laps

    rng = np.random.default_rng(SEED)
    sample_size = min(len(movements), max(100, round(1000 * scale)))
    sample = [movements[i].id for i in sorted(rng.choice(len(movements), sample_size, replace=False))]
    naive_cpu = time.process_time()
    naive_seconds, naive = timed(lambda: check_naive(movements, zones, sites, subjects=sample, **kwargs))
    naive_cpu = time.process_time() - naive_cpu
    identical = list(naive) == sample and all(results[key] == naive[key] for key in sample)

    single = [
        timed(lambda key=key: check(movements, zones, sites, subjects=[key], **kwargs))[0]
        for key in sample[:SINGLE_RUNS]
    ]

    fast_rate = len(movements) / total_seconds
    naive_rate = sample_size / naive_seconds
    found = results.values()
    sample_found = [naive[key] for key in sample]
    metrics = {
        "identical_on_sample": identical,
        "speedup_vs_naive": fast_rate / naive_rate,
        "total_seconds": total_seconds,
        "checks_per_second": fast_rate,
        "naive_checks_per_second": naive_rate,
        "naive_sample_seconds": naive_seconds,
        "naive_full_estimated_seconds": len(movements) / naive_rate,
        "total_cpu_seconds": cpu_seconds,
        "naive_sample_cpu_seconds": naive_cpu,
        "speedup_vs_naive_cpu": (naive_cpu / sample_size) / (cpu_seconds / len(movements)),
        "meets_speedup_target": fast_rate / naive_rate >= SPEEDUP_TARGET,
        "meets_seconds_target": total_seconds < SECONDS_TARGET,
        **{f"stage_{name}_seconds": value for name, value in stages.items()},
        "single_subject_seconds_median": statistics.median(single),
        "movements": len(movements),
        "zone_versions": len(zones),
        "sites": len(sites),
        "zone_crossings": sum(len(r.zones) for r in found),
        "movement_pairs": sum(len(r.movements) for r in found) // 2,
        "site_conflicts": sum(len(r.sites) for r in found),
        "coordination_required_share": sum(r.coordination_required for r in found) / len(movements),
        "sample_conflicts": sum(len(r.conflicts) for r in sample_found),
        "generate_seconds": generate_seconds,
        "peak_rss_mib": peak_rss_mib(),
    }
    parameters = {
        "scale": scale,
        "seed": SEED,
        "movements": len(movements),
        "route_vertices": 20,
        "zones": len({z.id for z in zones}),
        "zone_versions": len(zones),
        "sites": len(sites),
        "days": DAYS,
        "corridor_m": CORRIDOR_M,
        "site_distance_m": SITE_DISTANCE_M,
        "area": data.outline_source,
        "naive_sample": sample_size,
        "naive": (
            "reference loop (check_naive): for each sampled movement, every zone version in force "
            "(intersects), every other movement with an overlapping window (distance <= corridor) and "
            "every site valid in the window (distance <= site distance), shapely scalar calls"
        ),
        "naive_full_rate": (
            "estimated from the sample's rate: each sampled movement is checked against the full data "
            "set, so it costs what any movement of the full set would"
        ),
        "fast_seconds": f"best of {FAST_RUNS} runs of check() over all movements, including preparation",
        "cpu_seconds": "process CPU time of the same runs: steadier than wall time on a shared machine",
        "single_subject": (
            f"median of {SINGLE_RUNS} check() calls for one movement against the whole month "
            "(no index kept between calls)"
        ),
    }
    return {"parameters": parameters, "metrics": metrics}
