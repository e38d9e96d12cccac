"""The named baseline: DBSCAN over scaled (x, y, time) per category (min_samples=1, i.e. chaining)."""

from __future__ import annotations

import numpy as np
from sklearn.cluster import DBSCAN

from cmcc.compliance.correlation.gazetteer import default_gazetteer, to_km
from cmcc.compliance.correlation.model import Report
from cmcc.compliance.correlation.text import tokens

SCALE_KM = 0.5
SCALE_H = 3.0


def dbscan(records: list[dict]) -> np.ndarray:
    """Cluster labels. Reports without coordinates are placed at the first gazetteer place their text
    names (the same help the engine gets); with no place they stay alone."""
    gaz = default_gazetteer()
    n = len(records)
    xyz = np.full((n, 3), np.nan)
    categories = np.empty(n, dtype=object)
    for i, record in enumerate(records):
        report = Report.from_dict(record)
        categories[i] = report.category
        if report.lat is not None:
            x, y = to_km(report.lat, report.lon)
        else:
            found = gaz.find(tokens(report.text))
            if not found:
                continue
            x, y = found[0].place.x, found[0].place.y
        xyz[i] = (x / SCALE_KM, y / SCALE_KM, report.occurred_at.timestamp() / 3600 / SCALE_H)
    labels = np.arange(n, dtype=np.int64) + n  # singletons by default
    offset = 0
    for category in sorted(set(categories)):
        idx = np.flatnonzero((categories == category) & ~np.isnan(xyz[:, 0]))
        if len(idx) == 0:
            continue
        found = DBSCAN(eps=1.0, min_samples=1).fit(xyz[idx]).labels_
        labels[idx] = found + offset
        offset += int(found.max()) + 1
    return labels
