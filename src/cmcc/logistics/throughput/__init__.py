"""The throughput picture: pure arithmetic (numpy) over one array the selector fetches, no ORM.

One row per consignment active in the window (``COLUMNS``; an array, or one vector per column):
its crossing, sector and channel as small integer codes, its trucks, pallets and weight, how it was
intercepted, whether it was refused, and the time it reached each stage in epoch seconds (-1:
never). Everything on the picture — throughput per day × crossing × sector × channel, the funnel,
the cohort, time in each stage, impediments — comes from that array, so the database is read once.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import rules

DAY = 86400
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
CODE_COLUMNS = ["crossing", "sector", "channel"]
VALUE_COLUMNS = ["trucks", "pallets", "weight_kg", "interception", "refused"]
COLUMNS = CODE_COLUMNS + VALUE_COLUMNS + STAMP_COLUMNS
COL = {name: i for i, name in enumerate(COLUMNS)}
INTERCEPTION_CODES = {"peaceful": 1, "armed": 2}


@dataclass
class Window:
    start: dt.date
    end: dt.date  # inclusive

    @functools.cached_property
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
class Codes:
    """What the integer codes of the array stand for (index → key), and display names."""

    crossings: list[str]
    sectors: list[str]
    channels: list[str]
    names: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Picture:
    window: Window
    days: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
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


def empty() -> np.ndarray:
    return np.zeros((0, len(COLUMNS)), dtype=np.float64)


def _key(codes: list[str], index: int) -> str:
    return codes[index] if 0 <= index < len(codes) else ""


def _breakdown(
    sums: np.ndarray,
    trucks: np.ndarray,
    pallets: np.ndarray,
    kg: np.ndarray,
    codes: list[str],
    kind: str,
    names,
) -> list[dict[str, Any]]:
    out = []
    for i in np.nonzero(sums)[0]:
        key = _key(codes, int(i) - 1)
        out.append(
            {
                kind: key,
                "name": names.get(kind, {}).get(key, key) if key else "",
                "trucks": int(trucks[i]),
                "pallets": int(pallets[i]),
                "tonnes": round(float(kg[i]) / 1000, 3),
                "consignments": int(sums[i]),
            }
        )
    return sorted(out, key=lambda d: (-d["trucks"], str(d["name"])))


def throughput(
    window: Window, data: np.ndarray | dict, codes: Codes, targets: dict[dt.date, float | None]
) -> dict:
    """What entered per day, against the target in force that day, and by crossing, sector and
    channel; also the grouped rows (day × crossing × sector × channel) for the export."""
    lo, n_days = window.start_epoch, len(window.days)
    col = split(data)
    entered = col["entered_at"]
    inside = (entered >= lo) & (entered < window.end_epoch)
    day = ((entered[inside] - lo) // DAY).astype(np.int64)
    trucks, pallets, kg = (col[c][inside] for c in ("trucks", "pallets", "weight_kg"))
    per_day = [np.bincount(day, weights=w, minlength=n_days) for w in (trucks, pallets, kg)]
    count = np.bincount(day, minlength=n_days)
    # codes shifted by one so an unknown (-1) lands in slot 0
    cross, sect, chan = ((col[c][inside] + 1).astype(np.int64) for c in CODE_COLUMNS)
    sizes = (len(codes.crossings) + 1, len(codes.sectors) + 1, len(codes.channels) + 1)
    days: list[dict[str, Any]] = []
    for i, d in enumerate(window.days):
        target = targets.get(d)
        days.append(
            {
                "date": d,
                "trucks": int(per_day[0][i]),
                "pallets": int(per_day[1][i]),
                "tonnes": round(float(per_day[2][i]) / 1000, 3),
                "consignments": int(count[i]),
                "target": target,
                "share_of_target": round(float(per_day[0][i]) / target, 3) if target else None,
            }
        )
    breakdowns = {}
    for kind, values, size, keys in (
        ("crossing", cross, sizes[0], codes.crossings),
        ("sector", sect, sizes[1], codes.sectors),
        ("channel", chan, sizes[2], codes.channels),
    ):
        sums = np.bincount(values, minlength=size)
        t, p, k = (np.bincount(values, weights=w, minlength=size) for w in (trucks, pallets, kg))
        breakdowns[kind] = _breakdown(sums, t, p, k, keys, kind, codes.names)
    daily_by_crossing = {}
    for i in np.unique(cross):
        mask = cross == i
        key = _key(codes.crossings, int(i) - 1)
        label = codes.names.get("crossing", {}).get(key, key) or "—"
        daily_by_crossing[label] = (
            np.bincount(day[mask], weights=trucks[mask], minlength=n_days).astype(int).tolist()
        )
    combined = ((day * sizes[0] + cross) * sizes[1] + sect) * sizes[2] + chan
    groups, inverse = np.unique(combined, return_inverse=True)
    g_count = np.bincount(inverse, minlength=len(groups))
    g_sums = [np.bincount(inverse, weights=w, minlength=len(groups)) for w in (trucks, pallets, kg)]
    rows = []
    for g, key in enumerate(groups.tolist()):
        key, ch = divmod(key, sizes[2])
        key, se = divmod(key, sizes[1])
        d, cr = divmod(key, sizes[0])
        rows.append(
            {
                "day": window.days[d],
                "crossing": _key(codes.crossings, cr - 1),
                "sector": _key(codes.sectors, se - 1),
                "channel": _key(codes.channels, ch - 1),
                "trucks": int(g_sums[0][g]),
                "pallets": int(g_sums[1][g]),
                "weight_kg": float(g_sums[2][g]),
                "consignments": int(g_count[g]),
            }
        )
    return {
        "days": days,
        "rows": rows,
        "by_crossing": breakdowns["crossing"],
        "by_sector": breakdowns["sector"],
        "by_channel": breakdowns["channel"],
        "daily_by_crossing": daily_by_crossing,
        "totals": {
            "trucks": int(trucks.sum()),
            "pallets": int(pallets.sum()),
            "tonnes": round(float(kg.sum()) / 1000, 3),
            "consignments": int(inside.sum()),
            "days_at_or_above_target": sum(
                1 for d in days if d["target"] is not None and d["trucks"] >= d["target"]
            ),
        },
    }


def _percentiles(hours: np.ndarray) -> tuple[float | None, float | None]:
    if hours.size == 0:
        return None, None
    median, p90 = np.percentile(hours, [50, 90])
    return round(float(median), 1), round(float(p90), 1)


def stages(window: Window, data: np.ndarray | dict) -> dict[str, Any]:
    """The funnel (consignments and trucks that reached each stage within the window), the cohort
    approved in the window and how far it got, median / 90th-percentile hours in each stage, and
    impediments."""
    lo, hi = window.start_epoch, window.end_epoch
    col = split(data)
    trucks = col["trucks"]
    funnel: list[dict[str, Any]] = []
    previous = None
    for stage, column in rules.FUNNEL:
        t = col[column]
        inside = (t >= lo) & (t < hi)
        row: dict[str, Any] = {
            "stage": str(stage),
            "consignments": int(inside.sum()),
            "trucks": int(trucks[inside].sum()),
            "daily": np.bincount(((t[inside] - lo) // DAY).astype(np.int64), minlength=len(window.days))
            .astype(int)
            .tolist(),
        }
        row["lost_from_previous"] = (previous - row["trucks"]) if previous is not None else None
        previous = row["trucks"]
        funnel.append(row)
    approved = col["approved_at"]
    in_cohort = (approved >= lo) & (approved < hi)
    cohort_trucks = trucks[in_cohort]
    cohort: list[dict[str, Any]] = []
    for stage, column in rules.FUNNEL:
        reached = col[column][in_cohort] >= 0
        cohort.append(
            {
                "stage": str(stage),
                "consignments": int(reached.sum()),
                "trucks": int(cohort_trucks[reached].sum()),
            }
        )
    base = cohort[0]["trucks"] or 0
    for row in cohort:
        row["share"] = round(row["trucks"] / base, 3) if base else None
    times: list[dict[str, Any]] = []
    for key, start_col, end_col in rules.STAGE_TIMES:
        a, b = col[start_col], col[end_col]
        done = (a >= 0) & (b >= a) & (b >= lo) & (b < hi)
        median, p90 = _percentiles((b[done] - a[done]) / 3600.0)
        times.append(
            {"stage": key, "consignments": int(done.sum()), "median_hours": median, "p90_hours": p90}
        )
    intercepted = col["intercepted_at"]
    hit = (intercepted >= lo) & (intercepted < hi)
    kinds = col["interception"]
    refused = col["refused"] == 1
    impediments = {
        "intercepted_peaceful": int((hit & (kinds == 1)).sum()),
        "intercepted_armed": int((hit & (kinds == 2)).sum()),
        "intercepted_trucks": int(trucks[hit].sum()),
        "refused_at_crossing": int(refused.sum()),
        "approved_not_entered": int((in_cohort & (col["entered_at"] < 0) & ~refused).sum()),
        "offloaded_not_collected": int(((col["offloaded_at"] >= lo) & (col["collected_at"] < 0)).sum()),
    }
    return {"funnel": funnel, "cohort": cohort, "stage_times": times, "impediments": impediments}


def split(data: np.ndarray | dict) -> dict[str, np.ndarray]:
    """The array as one contiguous vector per column (each step reads a few whole columns)."""
    if isinstance(data, dict):
        return data
    return {name: np.ascontiguousarray(data[:, i]) for i, name in enumerate(COLUMNS)}


def compute(
    window: Window, data: np.ndarray | dict, codes: Codes, targets: dict[dt.date, float | None]
) -> Picture:
    columns = split(data)
    return Picture(window=window, **throughput(window, columns, codes, targets), **stages(window, columns))


__all__ = ["COLUMNS", "Codes", "Picture", "Window", "compute", "empty"]
