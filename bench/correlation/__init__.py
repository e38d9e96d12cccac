"""Report correlation benchmark: the engine against DBSCAN on labelled synthetic reports.

Sizes (times ``scale``): 10,000, 100,000 and 1,000,000 reports over the Gaza Strip in one month, so
the largest run is ten times denser than the middle one. The 100,000 run goes through the file
contract (JSON Lines in a subprocess, as ``cmcc compliance correlate`` reads them) so its peak memory
is measured on its own. The baseline, DBSCAN over scaled (x, y, time) per category, runs on the same
reports in the same run. Linking latency: the engine is built on all but 1,000 of the 100,000
reports, then each held-out report is added one at a time. The 100,000 and 1,000,000 runs split
categories over both cores (same result as one process), as the command does for large files. ``oracle_top1``
(see ``oracle.py``) is the ceiling of report-to-incident linking on the same data.

A second set: the same engine on 10,000 and 100,000 reports from the independent generator in
``holdout/`` (written from the file contract alone, without reading the engine or the first
generator; its error breakdown has since guided a few changes — the link threshold, place spellings —
so it is a check on over-fitting to one generator, no longer a clean hold-out), reported as
``holdout_pairwise_f1_10k`` / ``holdout_pairwise_f1_100k`` (``python -m bench.correlation.holdout``
breaks them down by kind of report).
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import timed

from .baseline import SCALE_H, SCALE_KM, dbscan
from .generator import generate
from .holdout.generator import generate as generate_holdout
from .metrics import scores
from .oracle import oracle_top1

SEEDS = {"10k": 11, "100k": 12, "1m": 13}
HOLDOUT_SEED = 2025
HELD_OUT = 1000
WORKERS = min(2, os.cpu_count() or 1)  # the 1,000,000 run uses both cores (categories split)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the parallel workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _engine(records: list[dict], workers: int = 1) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds of one batch run, and the incident of each report."""
    from cmcc.compliance.correlation import correlate

    cpu = _cpu()
    # as ``cmcc compliance correlate`` without --reasons: incidents only, links not sent back
    seconds, (mapping, _correlator) = timed(lambda: correlate(records, workers=workers, keep_links=False))
    return seconds, _cpu() - cpu, [mapping[r["id"]] for r in records]


def _in_subprocess(records: list[dict]) -> tuple[dict, list[str]]:
    """Correlate through the JSON Lines contract in a fresh process; its timing and peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        done = subprocess.run(
            [sys.executable, "-m", "bench.correlation.probe", str(source), str(target)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        probe = json.loads(done.stdout.strip().splitlines()[-1])
        predicted = [json.loads(line)["incident"] for line in target.read_text(encoding="utf-8").splitlines()]
    return probe, predicted


def _link_latency(records: list[dict]) -> dict[str, float]:
    from cmcc.compliance.correlation import correlate

    rng = random.Random(7)
    held = set(rng.sample(range(len(records)), min(HELD_OUT, len(records) // 10)))
    _mapping, correlator = correlate([r for i, r in enumerate(records) if i not in held])
    timings = []
    for i in sorted(held):
        start = time.perf_counter()
        correlator.add(records[i])
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "link_p50_ms": float(np.percentile(timings, 50)),
        "link_p95_ms": float(np.percentile(timings, 95)),
    }


def run(scale: float) -> dict:
    sizes = {
        name: max(200, int(n * scale)) for name, n in (("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000))
    }
    metrics: dict[str, float | int] = {}

    records, truth = generate(sizes["10k"], SEEDS["10k"])
    seconds, _cpu, predicted = _engine(records)
    small = scores(truth, predicted)
    metrics.update(pairwise_f1_10k=small["f1"], bcubed_f1_10k=small["bcubed_f1"], seconds_10k=seconds)

    records, truth = generate(sizes["100k"], SEEDS["100k"])
    probe, predicted = _in_subprocess(records)
    mid = scores(truth, predicted)
    base_seconds, base_labels = timed(lambda: dbscan(records))
    base = scores(truth, base_labels)
    metrics.update(
        pairwise_f1=mid["f1"],
        pairwise_precision=mid["precision"],
        pairwise_recall=mid["recall"],
        bcubed_f1=mid["bcubed_f1"],
        baseline_pairwise_f1=base["f1"],
        baseline_pairwise_precision=base["precision"],
        baseline_pairwise_recall=base["recall"],
        baseline_bcubed_f1=base["bcubed_f1"],
        f1_gain_over_baseline=mid["f1"] - base["f1"],
        seconds_100k=probe["seconds"],
        cpu_seconds_100k=probe["cpu_seconds"],
        seconds_100k_with_io=probe["seconds_total"],
        reports_per_second_100k=sizes["100k"] / probe["seconds"],
        baseline_seconds_100k=base_seconds,
        peak_rss_mib=probe["peak_rss_mib"],
        peak_rss_mib_main_process=probe["peak_rss_mib_main"],
        true_incidents_100k=len(set(truth.tolist())),
        found_incidents_100k=len(set(predicted)),
    )
    metrics.update(_link_latency(records))
    metrics.update(oracle_top1(records, truth))
    del records, predicted, base_labels

    for name in ("10k", "100k"):
        records, labels, _meta, _events = generate_holdout(sizes[name], HOLDOUT_SEED)
        seconds, _cpu, predicted = _engine(records, workers=WORKERS)
        held = scores([labels[r["id"]] for r in records], predicted)
        metrics.update(
            {
                f"holdout_pairwise_f1_{name}": held["f1"],
                f"holdout_pairwise_precision_{name}": held["precision"],
                f"holdout_pairwise_recall_{name}": held["recall"],
                f"holdout_bcubed_f1_{name}": held["bcubed_f1"],
                f"holdout_seconds_{name}": seconds,
            }
        )
    del records, predicted

    records, truth = generate(sizes["1m"], SEEDS["1m"])
    seconds, cpu_seconds, predicted = _engine(records, workers=WORKERS)
    large = scores(truth, predicted)
    metrics.update(
        pairwise_f1_1m=large["f1"],
        pairwise_precision_1m=large["precision"],
        pairwise_recall_1m=large["recall"],
        bcubed_f1_1m=large["bcubed_f1"],
        seconds_1m=seconds,
        cpu_seconds_1m=cpu_seconds,
        reports_per_second_1m=sizes["1m"] / seconds,
    )
    base_seconds, base_labels = timed(lambda: dbscan(records))
    base = scores(truth, base_labels)
    metrics.update(baseline_pairwise_f1_1m=base["f1"], baseline_seconds_1m=base_seconds)
    parameters = {
        "sizes": sizes,
        "seeds": SEEDS,
        "area": "Gaza Strip (simplified cod-ab-pse outline)",
        "period_days": 30,
        "baseline": f"DBSCAN eps=1, min_samples=1 on (x/{SCALE_KM} km, y/{SCALE_KM} km, t/{SCALE_H} h)",
        "held_out_for_latency": HELD_OUT,
        "holdout_seed": HOLDOUT_SEED,
        "workers_1m": WORKERS,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    return {"parameters": parameters, "metrics": metrics}
