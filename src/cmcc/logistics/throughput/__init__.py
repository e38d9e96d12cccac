"""The throughput picture from rows the selectors fetched: pure arithmetic (numpy), no ORM.

Inputs are the grouped throughput rows (one per day × crossing × sector × channel) and, per
consignment active in the window, its stage times as epoch seconds (-1 when never reached).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import rules

DAY = 86400
# Column order of the per-consignment stage array fetched by the selector.
STAMP_COLUMNS = [
    "requested_at",
    "approved_at",
    "entered_at",
    "offloaded_at",
    "collected_at",
    "delivered_at",
    "distributed_at",
    "intercepted_at",
]
EXTRA_COLUMNS = ["trucks", "interception", "refused"]  # interception: 0 none, 1 peaceful, 2 armed
ALL_COLUMNS = STAMP_COLUMNS + EXTRA_COLUMNS


@dataclass
class Window:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def start_epoch(self) -> int:
        return int(dt.datetime.combine(self.start, dt.time.min, tzinfo=dt.UTC).timestamp())

    @property
    def end_epoch(self) -> int:
        """Exclusive: midnight after the last day."""
        return self.start_epoch + DAY * len(self.days)


@dataclass
class Picture:
    window: Window
    days: list[dict[str, Any]] = field(default_factory=list)
    by_crossing: list[dict[str, Any]] = field(default_factory=list)
    by_sector: list[dict[str, Any]] = field(default_factory=list)
    by_channel: list[dict[str, Any]] = field(default_factory=list)
    daily_by_crossing: dict[str, list[int]] = field(default_factory=dict)
    funnel: list[dict[str, Any]] = field(default_factory=list)
    cohort: list[dict[str, Any]] = field(default_factory=list)
    stage_times: list[dict[str, Any]] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)
    impediments: dict[str, int] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)


def _total(rows: Sequence[dict], key: str, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    acc: dict[Any, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
    for r in rows:
        a = acc[r[key]]
        a[0] += r["trucks"]
        a[1] += r["pallets"]
        a[2] += r["weight_kg"]
        a[3] += r["consignments"]
    out = [
        {
            key: k,
            "name": (names or {}).get(k, k) if k else "",
            "trucks": int(v[0]),
            "pallets": int(v[1]),
            "tonnes": round(v[2] / 1000, 3),
            "consignments": int(v[3]),
        }
        for k, v in acc.items()
    ]
    return sorted(out, key=lambda d: (-d["trucks"], str(d["name"])))


def throughput(
    window: Window,
    rows: Sequence[dict[str, Any]],
    targets: dict[dt.date, float | None],
    names: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """Per day totals against the target in force, and totals by crossing, sector and channel.

    ``rows``: dicts with ``day`` (date), ``crossing``, ``sector``, ``channel``, ``trucks``,
    ``pallets``, ``weight_kg``, ``consignments``."""
    index = {d: i for i, d in enumerate(window.days)}
    n = len(index)
    trucks, pallets, kg, count = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    per_crossing: dict[str, np.ndarray] = {}
    for r in rows:
        i = index.get(r["day"])
        if i is None:
            continue
        trucks[i] += r["trucks"]
        pallets[i] += r["pallets"]
        kg[i] += r["weight_kg"]
        count[i] += r["consignments"]
        key = r["crossing"] or ""
        if key not in per_crossing:
            per_crossing[key] = np.zeros(n)
        per_crossing[key][i] += r["trucks"]
    days: list[dict[str, Any]] = []
    for d, i in index.items():
        target = targets.get(d)
        days.append(
            {
                "date": d,
                "trucks": int(trucks[i]),
                "pallets": int(pallets[i]),
                "tonnes": round(float(kg[i]) / 1000, 3),
                "consignments": int(count[i]),
                "target": target,
                "share_of_target": round(float(trucks[i]) / target, 3) if target else None,
            }
        )
    crossing_names = names.get("crossing", {})
    return {
        "days": days,
        "by_crossing": _total(rows, "crossing", crossing_names),
        "by_sector": _total(rows, "sector", names.get("sector", {})),
        "by_channel": _total(rows, "channel", names.get("channel", {})),
        "daily_by_crossing": {
            crossing_names.get(k, k or "—"): [int(v) for v in arr] for k, arr in per_crossing.items()
        },
        "totals": {
            "trucks": int(trucks.sum()),
            "pallets": int(pallets.sum()),
            "tonnes": round(float(kg.sum()) / 1000, 3),
            "consignments": int(count.sum()),
            "days_at_or_above_target": int(
                sum(1 for d in days if d["target"] is not None and d["trucks"] >= d["target"])
            ),
        },
    }


def _percentiles(hours: np.ndarray) -> tuple[float | None, float | None]:
    if hours.size == 0:
        return None, None
    median, p90 = np.percentile(hours, [50, 90])
    return round(float(median), 1), round(float(p90), 1)


def stages(window: Window, stamps: np.ndarray) -> dict[str, Any]:
    """Funnel (per stage: consignments and trucks that reached it within the window), the cohort
    approved in the window and how far it got, and median / 90th-percentile hours in each stage.

    ``stamps``: int64 array, one row per consignment, columns ``ALL_COLUMNS``."""
    col = {name: i for i, name in enumerate(ALL_COLUMNS)}
    lo, hi = window.start_epoch, window.end_epoch
    if stamps.size == 0:
        stamps = np.zeros((0, len(ALL_COLUMNS)), dtype=np.int64)
    trucks = stamps[:, col["trucks"]]
    funnel: list[dict[str, Any]] = []
    previous = None
    for stage, column in rules.FUNNEL:
        t = stamps[:, col[column]]
        inside = (t >= lo) & (t < hi)
        count_reached = int(inside.sum())
        row: dict[str, Any] = {
            "stage": str(stage),
            "consignments": count_reached,
            "trucks": int(trucks[inside].sum()),
            "daily": np.bincount((t[inside] - lo) // DAY, minlength=len(window.days)).astype(int).tolist(),
        }
        row["lost_from_previous"] = (previous - row["trucks"]) if previous is not None else None
        previous = row["trucks"]
        funnel.append(row)
    approved = stamps[:, col["approved_at"]]
    cohort_mask = (approved >= lo) & (approved < hi)
    cohort_rows = stamps[cohort_mask]
    cohort: list[dict[str, Any]] = []
    for stage, column in rules.FUNNEL:
        reached = cohort_rows[:, col[column]] >= 0
        cohort.append(
            {
                "stage": str(stage),
                "consignments": int(reached.sum()),
                "trucks": int(cohort_rows[reached, col["trucks"]].sum()),
            }
        )
    base = cohort[0]["trucks"] or 0
    for row in cohort:
        row["share"] = round(row["trucks"] / base, 3) if base else None
    times: list[dict[str, Any]] = []
    for key, start_col, end_col in rules.STAGE_TIMES:
        a, b = stamps[:, col[start_col]], stamps[:, col[end_col]]
        done = (a >= 0) & (b >= a) & (b >= lo) & (b < hi)
        hours = (b[done] - a[done]) / 3600.0
        median, p90 = _percentiles(hours)
        times.append(
            {"stage": key, "consignments": int(done.sum()), "median_hours": median, "p90_hours": p90}
        )
    intercepted_at = stamps[:, col["intercepted_at"]]
    hit = (intercepted_at >= lo) & (intercepted_at < hi)
    kinds = stamps[:, col["interception"]]
    impediments = {
        "intercepted_peaceful": int((hit & (kinds == 1)).sum()),
        "intercepted_armed": int((hit & (kinds == 2)).sum()),
        "intercepted_trucks": int(trucks[hit].sum()),
        "refused_at_crossing": int((stamps[:, col["refused"]] == 1).sum()),
        "approved_not_entered": int(
            (cohort_rows[:, col["entered_at"]] < 0).sum() - (cohort_rows[:, col["refused"]] == 1).sum()
        ),
        "offloaded_not_collected": int(
            ((stamps[:, col["offloaded_at"]] >= lo) & (stamps[:, col["collected_at"]] < 0)).sum()
        ),
    }
    return {"funnel": funnel, "cohort": cohort, "stage_times": times, "impediments": impediments}
