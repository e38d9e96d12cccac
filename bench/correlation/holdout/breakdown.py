"""Where the engine's grouping differs from the hold-out truth: scores by kind of report, missed pairs by
what the two reports have in common, false merges by how the two events relate, and examples."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

import numpy as np

from .generator import Event, Meta
from .places import distance_m

KINDS = (
    "precise",
    "snapped",
    "no_coords",
    "arabic",
    "rumour",
    "late",
    "date_only",
    "miscategorised",
    "derived",
)
LOCAL = timezone(timedelta(hours=2))


def _pairs(counts: np.ndarray) -> float:
    c = counts.astype(np.float64)
    return float(np.sum(c * (c - 1) / 2))


def _codes(values: list[str]) -> np.ndarray:
    return np.unique(np.asarray(values), return_inverse=True)[1].astype(np.int64)


def by_kind(truth: list[str], predicted: list[str], meta: list[Meta]) -> dict[str, dict]:
    """Pairwise recall/precision over the pairs that involve at least one report of each kind.

    Pairs touching a kind = all pairs of a group minus the pairs among its reports not of that kind.
    """
    t, p = _codes(truth), _codes(predicted)
    cell = t * (int(p.max()) + 1) + p
    out: dict[str, dict] = {}
    for kind in ("all", *KINDS):
        has = np.ones(len(t), bool) if kind == "all" else np.array([kind in m.kinds for m in meta])
        if not has.any():
            continue

        def touching(groups: np.ndarray, has: np.ndarray = has) -> float:
            size = np.bincount(groups)
            rest = np.bincount(groups[~has], minlength=len(size))
            return _pairs(size) - _pairs(rest)

        cells = np.unique(cell, return_inverse=True)[1]
        both, true_pairs, pred_pairs = touching(cells), touching(t), touching(p)
        out[kind] = {
            "reports": int(has.sum()),
            "pairwise_recall": round(both / true_pairs, 4) if true_pairs else None,
            "pairwise_precision": round(both / pred_pairs, 4) if pred_pairs else None,
            "true_pairs": int(true_pairs),
            "missed_pairs": int(true_pairs - both),
            "false_pairs": int(pred_pairs - both),
        }
    return out


def parse_time(value: str) -> datetime:
    if len(value) == 10:
        return datetime.fromisoformat(value).replace(tzinfo=LOCAL)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# Why a pair of reports of one event was split: first matching reason, in this order.
SPLIT_REASONS = (
    ("rumour repeats (same origin)", lambda a, b, f: f["rumour"]),
    ("category field differs", lambda a, b, f: a["category"] != b["category"]),
    ("one or both without coordinates", lambda a, b, f: a["lat"] is None or b["lat"] is None),
    ("governorate centroid (geo 3) vs point", lambda a, b, f: 3 in (a["geo_precision"], b["geo_precision"])),
    ("reported points > 1.5 km apart", lambda a, b, f: f["km"] > 1.5),
    ("times > 2 h apart (late report)", lambda a, b, f: f["hours"] > 2 and f["late"]),
    ("date-only vs timed", lambda a, b, f: f["date_only"]),
    ("times > 2 h apart (other)", lambda a, b, f: f["hours"] > 2),
    ("English vs Arabic", lambda a, b, f: a["lang"] != b["lang"]),
    ("close in place and time, same category", lambda a, b, f: True),
)


def _pair_facts(a: dict, b: dict, ma: Meta, mb: Meta) -> dict:
    km = (
        distance_m(a["lat"], a["lon"], b["lat"], b["lon"]) / 1000
        if a["lat"] is not None and b["lat"] is not None
        else math.nan
    )
    hours = abs((parse_time(a["occurred_at"]) - parse_time(b["occurred_at"])).total_seconds()) / 3600
    return {
        "km": km,
        "hours": hours,
        "rumour": "rumour" in ma.kinds,
        "late": "late" in ma.kinds or "late" in mb.kinds,
        "date_only": "date_only" in ma.kinds or "date_only" in mb.kinds,
    }


def splits(
    records: list[dict], truth: list[str], predicted: list[str], meta: list[Meta], limit: int = 3_000_000
):
    """Missed pairs (same event, different incident) by reason; examples per reason."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(truth):
        by_event[e].append(i)
    reasons: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    examples: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rng = random.Random(5)
    seen = 0
    for members in by_event.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                seen += 1
                if seen > limit:
                    break
                a, b = records[i], records[j]
                facts = _pair_facts(a, b, meta[i], meta[j])
                reason = next(name for name, test in SPLIT_REASONS if test(a, b, facts))
                totals[reason] += 1
                if predicted[i] != predicted[j]:
                    reasons[reason] += 1
                    bucket = examples[reason]
                    if len(bucket) < 8:
                        bucket.append((i, j))
                    elif rng.random() < 0.02:
                        bucket[rng.randrange(8)] = (i, j)
    table = {
        name: {
            "missed_pairs": reasons[name],
            "pairs": totals[name],
            "recall": round(1 - reasons[name] / totals[name], 4) if totals[name] else None,
        }
        for name, _ in SPLIT_REASONS
    }
    return table, examples


def _relation(a: Event, b: Event) -> str:
    if a.rumour and b.rumour:
        return "two rumours (different origins)"
    if a.rumour or b.rumour:
        return "rumour vs a real event"
    for x, y in ((a, b), (b, a)):
        if x.relation and x.relation[1] == y.eid:
            return {
                "twin": "twin: same category, 1-3 km, < 2.5 h",
                "repeat": "repeat: same spot, next day",
                "colocated": "co-located: other category, same place and time",
            }[x.relation[0]]
    km = distance_m(a.lat, a.lon, b.lat, b.lon) / 1000
    hours = abs((a.at - b.at).total_seconds()) / 3600
    same = "same category" if a.category == b.category else "other category"
    where = "< 2 km" if km < 2 else ("2-5 km" if km < 5 else "> 5 km")
    when = "< 3 h" if hours < 3 else ("3-24 h" if hours < 24 else "> 24 h")
    return f"unrelated, {same}, {where}, {when}"


def merges(truth: list[str], predicted: list[str], events: dict[str, Event]):
    """False pairs (different events, one incident), by how the events relate; example event pairs."""
    by_incident: dict[str, Counter[str]] = defaultdict(Counter)
    for e, p in zip(truth, predicted, strict=True):
        by_incident[p][e] += 1
    relations: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    rng = random.Random(6)
    for members in by_incident.values():
        if len(members) < 2:
            continue
        ids = list(members)
        if len(ids) > 2000:  # a runaway incident: sample its event pairs
            pairs = [tuple(rng.sample(ids, 2)) for _ in range(200_000)]
            scale = len(ids) * (len(ids) - 1) / 2 / len(pairs)
        else:
            pairs = [(ids[x], ids[y]) for x in range(len(ids)) for y in range(x + 1, len(ids))]
            scale = 1.0
        for ea, eb in pairs:
            name = _relation(events[ea], events[eb])
            relations[name] += members[ea] * members[eb] * scale
            bucket = examples[name]
            if len(bucket) < 8:
                bucket.append((ea, eb))
            elif rng.random() < 0.02:
                bucket[rng.randrange(8)] = (ea, eb)
    return {k: int(v) for k, v in relations.most_common()}, examples


def describe(record: dict) -> str:
    where = (
        f"{record['lat']:.4f},{record['lon']:.4f} g{record['geo_precision']}"
        if record["lat"] is not None
        else f"no coords g{record['geo_precision']}"
    )
    origin = f" origin={record['origin']}" if record["origin"] else ""
    return (
        f"[{record['category']}] {record['occurred_at']} t{record['time_precision']} | {where} | "
        f"{record['source']}{origin} | {record['text']}"
    )
