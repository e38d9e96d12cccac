"""How far report-to-incident linking can go on this data: the ceiling, not the engine's result.

The true incidents are built from all their reports but a held-out sample (directly, so the engine
scores nothing while building them); then each held-out report is scored
against every complete incident in reach. ``oracle_top1`` is the share whose best-scoring incident is
their own. Greedy placement sees incidents only partly built, so it cannot do better than this.
"""

from __future__ import annotations

import math
import random

import numpy as np

from cmcc.compliance.correlation import Correlator, Params, Report, default_gazetteer
from cmcc.compliance.correlation.calibrate import apply, calibrate
from cmcc.compliance.correlation.engine import batch_density
from cmcc.compliance.correlation.features import TermWeights, extract


def oracle_top1(records: list[dict], truth: np.ndarray, probes: int = 2000, seed: int = 5) -> dict:
    gazetteer = default_gazetteer()
    reports = [Report.from_dict(r) for r in records]
    features = [extract(r, gazetteer) for r in reports]
    apply(features, calibrate(reports, gazetteer))  # the errors the engine itself would use
    terms = TermWeights.fit(features)
    for f in features:
        terms.apply(f)
    members: dict[int, list[int]] = {}
    for i, label in enumerate(truth.tolist()):
        members.setdefault(label, []).append(i)
    eligible = [i for i, label in enumerate(truth.tolist()) if len(members[label]) > 1]
    held = set(random.Random(seed).sample(eligible, min(probes, len(eligible))))
    correlator = Correlator(density=batch_density(features, Params()))
    label_of: dict[str, int] = {}
    for label, group in members.items():
        kept = [features[i] for i in group if i not in held]
        if not kept:
            continue
        incident = correlator._open(kept[0])  # built directly: nothing is scored while building
        for f in kept[1:]:
            correlator._join(incident, f)
        label_of[incident.id] = label
    counts = {"precise": [0, 0], "vague": [0, 0]}
    for i in held:
        f = features[i]
        f.group = f.report.id
        best, _score, _top = correlator._best(f, -math.inf)
        kind = "precise" if f.precise else "vague"
        counts[kind][1] += 1
        counts[kind][0] += int(best is not None and label_of.get(best.id) == int(truth[i]))
    total_hits = counts["precise"][0] + counts["vague"][0]
    total = counts["precise"][1] + counts["vague"][1]
    return {
        "oracle_top1": total_hits / total if total else 0.0,
        "oracle_top1_precise": counts["precise"][0] / max(1, counts["precise"][1]),
        "oracle_top1_vague": counts["vague"][0] / max(1, counts["vague"][1]),
    }
